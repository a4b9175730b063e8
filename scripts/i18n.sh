#!/usr/bin/env bash
# Extract and compile the Indonesian (id) gettext catalogues.
#
# One catalogue per Django app (sigap/<app>/locale/id/LC_MESSAGES/django.po,
# covering only that app's strings) plus a project catalogue at the repo root
# (locale/id/LC_MESSAGES/django.po) for templates/ and config/.
# sigap/domain is pure Python with no translatable strings and is skipped.
#
# Idempotent: makemessages merges into existing .po files, keeping every
# translation; --no-obsolete drops strings that no longer exist in the code.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PY:-$ROOT/.venv/bin/python}
LANG_CODE=id

app_dirs=()
for apps_py in sigap/*/apps.py; do
    app=$(dirname "$apps_py")
    [ "$app" = "sigap/domain" ] && continue
    app_dirs+=("$app")
done

# 1. Per-app catalogues (run inside the app so Django writes to ./locale).
for app in "${app_dirs[@]}"; do
    mkdir -p "$app/locale"
    echo "== makemessages $app"
    (cd "$app" && "$PY" "$ROOT/manage.py" makemessages -l "$LANG_CODE" \
        --ignore 'migrations/*' --no-obsolete)
    po="$app/locale/$LANG_CODE/LC_MESSAGES/django.po"
    if [ ! -f "$po" ]; then
        echo "   (no translatable strings in $app yet)"
    fi
done

# 2. Project catalogue: top-level templates/ and config/.
mkdir -p locale
echo "== makemessages (project: templates/, config/)"
"$PY" manage.py makemessages -l "$LANG_CODE" --no-obsolete \
    --ignore 'sigap/*' --ignore '.venv/*' --ignore 'tests/*' \
    --ignore 'benchmarks/*' --ignore 'var/*' --ignore 'docs/*' \
    --ignore 'static/*' --ignore 'scripts/*' --ignore '*.egg-info/*'
[ -f "locale/$LANG_CODE/LC_MESSAGES/django.po" ] || {
    echo "error: project catalogue was not written" >&2; exit 1; }

# 3. Compile every catalogue that exists.
for app in "${app_dirs[@]}"; do
    if [ -d "$app/locale/$LANG_CODE/LC_MESSAGES" ]; then
        echo "== compilemessages $app"
        (cd "$app" && "$PY" "$ROOT/manage.py" compilemessages -l "$LANG_CODE")
    fi
done
echo "== compilemessages (project)"
"$PY" manage.py compilemessages -l "$LANG_CODE" --ignore '.venv' \
    --ignore 'sigap' --ignore 'tests' --ignore 'benchmarks'
