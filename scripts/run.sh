#!/usr/bin/env bash
# Serve Sigap with a task worker beside it; stopping the server stops the worker.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
PORT=${PORT:-8000}
# The laptop defaults (settings default to production): DEBUG brings the development key and demo mode, and links in
# messages point at the port actually served unless SIGAP_BASE_URL says otherwise.
export DEBUG=${DEBUG:-1}
export SIGAP_BASE_URL=${SIGAP_BASE_URL:-http://127.0.0.1:$PORT}
"$BIN/python" manage.py schedule_sweeps
"$BIN/python" manage.py db_worker --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Sigap: http://127.0.0.1:$PORT  (links in messages: $SIGAP_BASE_URL; demo accounts: password sigap-demo)"
"$BIN/python" manage.py runserver "127.0.0.1:$PORT" --noreload
