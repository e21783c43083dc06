# ikg: the two quick-start commands are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run install test lint bench eval load fuzz clean

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
	$(BIN)/python benchmarks/bench_export.py
	$(BIN)/python benchmarks/bench_scale.py

## The load test in full (3,000 requests per scenario, readers during 6 rebuilds) and the fault tests.
load: install
	$(BIN)/python benchmarks/load.py
	$(BIN)/python -m pytest tests/test_faults.py -q

## Fuzzing at full strength: 10,000 examples per target (loading, normalising, extraction, JSON API).
fuzz: install
	IKG_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest tests/test_fuzz.py tests/test_fuzz_api.py -s --hypothesis-show-statistics

clean:
	rm -rf $(VENV) .pytest_cache
