# Everyday commands. `make demo` and `make test` work on a fresh machine:
# they create .venv and install everything the project needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint format typecheck clean chromium views bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job: build and validate the graph, answer the example questions,
# write the HTML views.
demo: $(STAMP)
	$(BIN)/aikg build --output out/aikg.nt
	$(BIN)/aikg stats
	$(BIN)/aikg query competitors_of --param entity=openai
	$(BIN)/aikg query investors_of --param entity=openai
	$(BIN)/aikg query technology_partners_of --param project=stargate
	$(BIN)/aikg query people_roles --param entity=stargate
	$(BIN)/aikg query holds_on --param as_of=2024-12-31 --param subject=microsoft --param object=openai --param family=supply
	$(BIN)/aikg query holds_on --param as_of=2025-06-30 --param subject=microsoft --param object=openai --param family=supply
	$(BIN)/aikg query largest_deals --param year=2025
	$(BIN)/aikg query dependencies_of --param entity=anthropic
	$(BIN)/aikg query conflicts --param entity=xai
	$(BIN)/aikg cycles
	$(BIN)/aikg analyze --top 5
	$(BIN)/aikg render --out out/views

# The browser tests drive Debian's chromium (never a downloaded browser).
CHROMIUM := /usr/bin/chromium

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "the browser tests need $(CHROMIUM): run 'sudo apt-get install -y chromium'" >&2; \
	    exit 1; \
	  fi; \
	fi

test: $(STAMP) chromium
	$(BIN)/pytest

# The quick subset for the edit-test loop: neither slow nor browser tests (under a minute).
test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow and not browser"

views: $(STAMP)
	$(BIN)/aikg render --out out/views

# Speed at 10k, 100k and 1M triples of synthetic data, and of the views and
# analytics; updates docs/benchmarks.md and docs/views.md.
# A quicker run: make bench SIZES=10k,100k
SIZES ?= 10k,100k,1M
bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes $(SIZES)
	$(BIN)/python bench/views.py
	$(BIN)/python bench/analytics.py

lint: $(STAMP)
	$(BIN)/ruff check graph tests bench
	$(BIN)/ruff format --check graph tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format graph tests bench
	$(BIN)/ruff check --fix graph tests bench

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
