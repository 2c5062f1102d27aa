# Mundwerk's commands. The README names `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# The first Python 3.12+ found: on PATH, then under pyenv.
PYTHON ?= $(shell for candidate in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$candidate; break; }; done)
PORT ?= 8000

.PHONY: install install-test demo serve test test-python lint check-python browser clean bench

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Mundwerk needs Python 3.12 or newer (Django 6 does). Install it, e.g. 'apt-get install python3.12 python3.12-venv' or 'pyenv install 3.12', then run make again."; \
		exit 1; fi

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime: the package with pinned dependencies, front-end libraries from npm, compiled translations.
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/mundwerk compiletranslations

install-test: install
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages for the browser and load-runner tests:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; fi

demo: install
	$(BIN)/mundwerk demo --port $(PORT)

serve: install
	$(BIN)/mundwerk migrate --no-input
	$(BIN)/mundwerk collectstatic --no-input -v0
	$(BIN)/mundwerk serve --port $(PORT)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy mundwerk
	MUNDWERK_DATA_DIR=$$(mktemp -d) $(BIN)/mundwerk makemigrations --check --dry-run

# The whole suite on SQLite; on PostgreSQL when DATABASE_URL names one.
test: install-test lint
	$(BIN)/python -m pytest

# Load benchmark (issue 3; not part of `make test`): PRESET=small|medium|large, default large.
# BENCH_ARGS passes more options, e.g. BENCH_ARGS="--duration 10 --scenarios reference".
bench: install
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installing wrk for the load benchmark"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; fi; }
	$(BIN)/python -m bench.run --preset $(or $(PRESET),large) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules
