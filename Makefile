# Everychild: `make demo` runs the app on SQLite with a synthetic authority;
# `make test` installs what the tests need and runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
EVERYCHILD := $(VENV)/bin/everychild
DEMO_CHILDREN ?= 3000
DEMO_SEED ?= 1
export EVERYCHILD_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test install install-test system-test-packages assets lint types layers \
        pytest-sqlite pytest-postgres clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null || PYTHON=python3; $${PYTHON:-$(PYTHON)} -m venv $(VENV) \
	  || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq nodejs npm)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

install: $(VENV)/.installed assets

demo: install
	mkdir -p "$(EVERYCHILD_DATA_DIR)/static"
	$(EVERYCHILD) migrate --no-input -v0
	$(EVERYCHILD) synth --children $(DEMO_CHILDREN) --seed $(DEMO_SEED) --if-empty
	$(EVERYCHILD) demo_users
	@echo "Everychild is running on http://127.0.0.1:8000 (Ctrl-C to stop)"
	@echo "Emails it sends are written to $(EVERYCHILD_DATA_DIR)/mail/"
	@# The outbox worker, and the scan that tells managers about overdue casework (every
	@# 5 minutes), run beside the server and stop with it (Ctrl-C, or any exit).
	@$(EVERYCHILD) outbox send --loop --interval 2 & worker=$$!; \
	  $(EVERYCHILD) oversight escalate --loop --interval 300 & escalator=$$!; \
	  trap 'kill -TERM $$worker $$escalator 2>/dev/null; wait $$worker $$escalator' EXIT; \
	  $(EVERYCHILD) serve

# Debian packages the tests use: a real PostgreSQL server and Chromium for Playwright.
system-test-packages:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v chromium >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql chromium >/dev/null; \
	fi

install-test: system-test-packages $(VENV)/.installed-test assets

lint: install-test
	$(VENV)/bin/ruff check src tests bench

types: install-test
	$(VENV)/bin/mypy

layers: install-test
	$(VENV)/bin/lint-imports

# pytest-xdist: one worker per CPU (at most 4: each one builds its own test database),
# e.g. `make test PYTEST_WORKERS=1`. The browser tests share one worker (xdist_group).
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$(( n > 4 ? 4 : n )))
PYTEST_XDIST := -n $(PYTEST_WORKERS) --dist loadgroup

pytest-postgres: install-test
	$(PY) -m tests.support.with_postgres -- $(PY) -m pytest -q $(PYTEST_XDIST) -m "not browser"

pytest-sqlite: install-test
	EVERYCHILD_DATABASE=sqlite $(PY) -m pytest -q $(PYTEST_XDIST)

# Static checks first, then the suite on PostgreSQL, then on SQLite with the browser tests:
# the last line printed is pytest's summary.
test: lint types layers pytest-postgres pytest-sqlite

clean:
	rm -rf $(VENV) node_modules var
