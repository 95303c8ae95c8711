# Everyday commands. `make demo` and `make test` work on a fresh machine:
# they create .venv and install everything the project needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format typecheck clean bench

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

# Speed at 10k, 100k and 1M triples of synthetic data; updates docs/benchmarks.md.
# A quicker run: make bench SIZES=10k,100k
SIZES ?= 10k,100k,1M
bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes $(SIZES)

lint: $(STAMP)
	$(BIN)/ruff check graph tests bench
	$(BIN)/ruff format --check graph tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format graph tests bench
	$(BIN)/ruff check --fix graph tests bench

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
