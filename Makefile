# Sigap: `make run` serves the Baubau demo on SQLite; `make test` runs the whole suite.
# The first Python ≥ 3.11 that actually runs (pyenv shims may exist for versions that are not enabled).
PY ?= $(shell for p in python3.13 python3.12 python3.11 python3; do $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && command -v $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Settings default to production (DEBUG off); the developer targets (setup, run, messages) want the laptop defaults:
# DEBUG on brings the development SECRET_KEY and demo mode. An explicit DEBUG in the environment still wins.
DEBUG ?= 1
export DEBUG
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

# Where `make test-moved-clock` moves the clock (any `date -d` form); empty means the script's holiday-eve default.
MOVED_CLOCK ?=
# pytest's workers for that run (`MOVED_CLOCK_WORKERS="-p no:xdist"` for one process).
MOVED_CLOCK_WORKERS ?= -n 2

.PHONY: run test test-deploy test-moved-clock setup install migrate lint check messages clean

$(STAMP): pyproject.toml
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sigap needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

setup: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo

run: setup
	PORT=$(PORT) BIN=$(BIN) ./scripts/run.sh

test: install
	@redis-cli ping >/dev/null 2>&1 || redis-server --daemonize yes --save '' --appendonly no >/dev/null 2>&1 || echo 'Redis is not running: the shared rate-limit test needs it'
	$(BIN)/python -m pytest -n 2 -q -m "not deploy" $(PYTEST_ARGS)

# Sigap behind a real nginx, started from deploy/'s rendered files (tests/deploy/test_behind_nginx.py): one stack,
# so one process. Skipped without nginx unless SIGAP_REQUIRE_NGINX=1 (CI sets it).
test-deploy: install
	$(BIN)/python -m pytest -p no:xdist -q -m deploy $(PYTEST_ARGS) tests/deploy

# The non-browser suite once more with every process's clock moved (libfaketime) to a Friday 15:55 WITA on the eve
# of a national holiday: a test that reads the real clock instead of fixing "now" fails here. See scripts/test_moved_clock.sh.
test-moved-clock: install
	@redis-cli ping >/dev/null 2>&1 || redis-server --daemonize yes --save '' --appendonly no >/dev/null 2>&1 || echo 'Redis is not running: the shared rate-limit test needs it'
	BIN=$(BIN) MOVED_CLOCK="$(MOVED_CLOCK)" PYTEST_ARGS="$(MOVED_CLOCK_WORKERS) $(PYTEST_ARGS)" ./scripts/test_moved_clock.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check sigap/domain
	$(BIN)/mypy sigap config benchmarks/synthetic
	$(BIN)/lint-imports

check: test lint

messages: install
	./scripts/i18n.sh
	$(BIN)/python scripts/check_po.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
