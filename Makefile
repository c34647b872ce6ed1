# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PV := $(BIN)/promptvault
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test test-sqlite test-postgres lint typecheck migrations schema bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The SDK first: the server depends on promptvault-sdk, which pip must find installed from here.
$(VENV)/.installed: pyproject.toml sdk/python/pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e './sdk/python[re2]'
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(PV) migrate
	$(PV) seed-demo
	$(PV) serve

test: test-sqlite test-postgres

test-sqlite: $(VENV)/.installed-dev
	@echo "== the suite on SQLite"
	PROMPTVAULT_TEST_DB=sqlite $(BIN)/pytest

test-postgres: $(VENV)/.installed-dev
	@echo "== the suite on PostgreSQL"
	@if $(BIN)/python -c "import asyncio, asyncpg; asyncio.run(asyncpg.connect('$(POSTGRES_URL)', timeout=3))" 2>/dev/null; then \
		PROMPTVAULT_TEST_DB=postgres PROMPTVAULT_TEST_POSTGRES_URL=$(POSTGRES_URL) $(BIN)/pytest; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(POSTGRES_URL), and CI needs it"; exit 1; \
	else \
		echo "PostgreSQL is not reachable at $(POSTGRES_URL): the PostgreSQL run was skipped"; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check app sdk/python tests bench
	$(BIN)/ruff format --check app sdk/python tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

migrations: $(VENV)/.installed
	$(PV) makemigrations $(NAME)

schema: $(VENV)/.installed
	$(PV) export-schema

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/registry.py
	$(BIN)/python bench/gate.py
	$(BIN)/python bench/jobs.py
	$(BIN)/python bench/realtime.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/runtime.py
	$(BIN)/python bench/sdk.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/dashboard.py
	$(BIN)/python bench/dashboard_governance.py
	$(BIN)/python bench/attacks.py
	$(BIN)/python bench/sso.py

clean:
	rm -rf $(VENV) data
