# Sitthi: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_PERSONS ?= 5000
DEMO_SEED ?= 2567

.PHONY: run test lint format bench messages system-deps clean help

help:
	@echo "make run    install, migrate the embedded SQLite database, load demo data, serve http://127.0.0.1:$(PORT)"
	@echo "make test   install test needs (PostgreSQL, Chromium), run lint and the whole suite against PostgreSQL"
	@echo "make bench  measure the vectorised paths against plain-Python baselines"

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# Thai translations: compiled from the .po files with Babel (no system gettext needed).
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile --use-fuzzy -d src/sitthi/locale -D django

run: $(VENV)/.installed messages
	$(PY) -m sitthi migrate --noinput
	$(PY) -m sitthi demo-data --persons $(DEMO_PERSONS) --seed $(DEMO_SEED) --if-empty
	$(PY) -m sitthi claims demo
	$(PY) -m sitthi ucep demo
	$(PY) -m sitthi isolation demo
	$(PY) -m sitthi allocate --demo
	$(PY) -m sitthi assistance demo
	$(PY) -m sitthi finance demo
	$(PY) -m sitthi demo-guide --port $(PORT)
	@# The job worker (claims files, allocation runs, the round close at 12:00 and 18:00) runs
	@# beside the server on the same SQLite file; Ctrl+C stops both.
	$(PY) -m sitthi worker & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(PY) -m sitthi serve --port $(PORT)

system-deps:
	scripts/install-system-deps.sh

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix src tests bench
	$(VENV)/bin/ruff format src tests bench

test: $(VENV)/.installed-test messages system-deps lint
	scripts/with-postgres.sh $(PY) -m pytest $(PYTEST_ARGS)

# The benches run on a throwaway PostgreSQL cluster (scripts/with-postgres.sh), so the soak
# bench measures the production layout it starts (gunicorn workers + `sitthi worker`) on
# PostgreSQL, for SOAK_SECONDS (its own default, run alone, is 30).
SOAK_SECONDS ?= 15
bench: $(VENV)/.installed-test messages system-deps
	@for f in bench/*.py; do echo "== $$f"; args=(); \
	  if [ "$$f" = bench/soak.py ]; then args=(--seconds $(SOAK_SECONDS)); fi; \
	  scripts/with-postgres.sh $(PY) $$f "$${args[@]}" || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
