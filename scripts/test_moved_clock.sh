#!/usr/bin/env bash
# The non-browser suite again, with the whole process clock (and every child's) moved by libfaketime, so a test
# that reads the real clock instead of fixing its own "now" fails here (house rule 11, docs/architecture.md).
#
# Default instant: Friday 5 March 2027, 15:55 WITA (07:55 UTC), half an hour before offices close on the eve of
# Nyepi (Hari Suci Nyepi, Monday 8 March 2027), which runs straight into the Idul Fitri holidays and cuti bersama
# (9-12 and 15 March): the next working day is Tuesday 16 March. A limit in working days, a "today" or a "this week"
# computed from the real clock lands somewhere else here. MOVED_CLOCK overrides it (any `date -d` form, e.g.
# MOVED_CLOCK='2026-12-02 06:15 UTC').
#
# The clock is an offset from the real one, not a fixed start ("@..."): it keeps moving, and every process the
# suite starts (live servers, db_worker, subprocess commands) reads the same moved time as the parent.
set -euo pipefail
cd "$(dirname "$0")/.."

MOVED_CLOCK=${MOVED_CLOCK:-}
MOVED_CLOCK=${MOVED_CLOCK:-2027-03-05 07:55:00 UTC}
BIN=${BIN:-.venv/bin}
# The thread-safe variant: live servers and the worker run threads.
LIB=${FAKETIME_LIB:-$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1 2>/dev/null | head -1 || true)}
if [ -z "$LIB" ] || [ ! -e "$LIB" ]; then
  echo "libfaketime is not installed (Debian: apt-get install faketime)" >&2
  exit 2
fi

target=$(date -u -d "$MOVED_CLOCK" +%s)
offset=$(( target - $(date -u +%s) ))
[ "$offset" -ge 0 ] && offset="+$offset"

# Only the wall clock moves: monotonic clocks stay true so timeouts and durations work. libfaketime breaks the
# clock_nanosleep that time.sleep uses; scripts/moved_clock/sitecustomize.py makes sleep wait with select instead.
export FAKETIME="$offset"
export FAKETIME_DONT_FAKE_MONOTONIC=1
export PYTHONPATH="$PWD/scripts/moved_clock:$PWD${PYTHONPATH:+:$PYTHONPATH}"

# A run whose clock silently did not move would prove nothing: Python itself must see the moved time.
seen=$(LD_PRELOAD="$LIB" "$BIN/python" -c 'import time; print(int(time.time()))')
if [ $(( seen - target )) -gt 60 ] || [ $(( target - seen )) -gt 60 ]; then
  echo "libfaketime did not move Python's clock (saw $seen, wanted $target)" >&2
  exit 2
fi

echo "== suite under a moved clock: $(LD_PRELOAD=$LIB date -u '+%a %d %b %Y %H:%M UTC') = $(LD_PRELOAD=$LIB TZ=Asia/Makassar date '+%a %d %b %Y %H:%M WITA') (FAKETIME=$FAKETIME s)"
# shellcheck disable=SC2086
# Not the deployment test either: it starts nginx with a certificate made for the real clock (and runs in its own stage).
LD_PRELOAD="$LIB" "$BIN/python" -m pytest -q -m "not e2e and not deploy" ${PYTEST_ARGS:-} "$@"
