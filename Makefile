# Two commands: `make serve` and `make test`. Each sets everything up itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8866
DB ?= sqlite:///$(CURDIR)/data/pgkit.sqlite

.PHONY: serve hub test test-fast bench lint setup browser-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(BIN)/pgkit db upgrade --db $(DB)
	$(BIN)/pgkit demo --db $(DB) --if-empty
	$(BIN)/pgkit serve --port $(PORT) --db $(DB)

# The shared deployment on this machine: PostgreSQL, JupyterHub, the kit service, the idle
# culler and the demo cohort (docs/deployment.md). Every demo person's password is `demo`.
hub: $(STAMP) browser-deps
	PGKIT_HOME=$(CURDIR) $(BIN)/pgkit hub start --demo

browser-deps:
	@./scripts/browser-deps.sh

test: $(STAMP) browser-deps
	PGKIT_AXE=$(CURDIR)/node_modules/axe-core/axe.min.js $(BIN)/python -m pytest -q

# The quick loop for developers: no browser, no servers or subprocesses (tests/conftest.py
# lists the slow ones). `make test` still runs everything.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP) browser-deps
	PGKIT_AXE=$(CURDIR)/node_modules/axe-core/axe.min.js $(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
