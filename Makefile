# Everyday commands. `make demo` and `make test` work on a fresh machine:
# they create .venv and install everything the project needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/aikg build --output out/aikg.nt
	$(BIN)/aikg stats

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check graph tests
	$(BIN)/ruff format --check graph tests
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format graph tests
	$(BIN)/ruff check --fix graph tests

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
