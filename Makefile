# ikg: the two quick-start commands are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run install test lint bench eval clean

## Install ikg in $(VENV), build the graph of the bundled corpus and serve the explorer.
run: install
	$(BIN)/ikg build
	$(BIN)/ikg serve

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

## Install what the tests need and run them all (lint, unit, integration, evaluation).
test: install
	$(BIN)/ruff check graph ontology webapp tests benchmarks
	$(BIN)/python -m pytest

## Extraction scores against the annotated gold set.
eval: install
	$(BIN)/ikg eval

## Benchmarks: figures and ratios printed to the terminal.
bench: install
	$(BIN)/python benchmarks/bench_extract.py --mb 10
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_web.py
	$(BIN)/python benchmarks/bench_sparql.py
	$(BIN)/python benchmarks/bench_scale.py

clean:
	rm -rf $(VENV) .pytest_cache
