# motcua — set-up and checks. Needs only python3 and make on Debian/Ubuntu.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test check lint typecheck install install-dev system-deps messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { echo "python3-venv missing: installing it"; apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

## make demo: install, create the SQLite database under var/, load the demo centre, serve on 127.0.0.1:8000
demo: install
	$(BIN)/motcua demo

## Debian packages the tests need (fonts, poppler, zbar, chromium, redis) — only what is missing; starts Redis.
system-deps:
	@bash scripts/system-deps.sh

lint: install-dev
	$(BIN)/ruff check src tests bench

typecheck: install-dev
	$(BIN)/mypy src/motcua

check: lint typecheck

## make test: lint, type-check, then the whole suite (SQLite unless MOTCUA_DATABASE_URL is set)
test: install-dev system-deps check
	$(BIN)/pytest -q $(PYTEST_ARGS)

messages: install-dev
	cd src/motcua && ../../$(BIN)/motcua makemessages -l vi -l en --no-location --ignore 'static/*' && ../../$(BIN)/motcua compilemessages -l vi -l en

bench: install-dev
	$(BIN)/python bench/bench_due_dates.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
