# piiguard - run `make help` for the targets.
# Every target sets up what it needs: a fresh machine only needs `make run` or `make test`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXAMPLE := examples/transcripts.jsonl

.DEFAULT_GOAL := help
.PHONY: help install test run scan-example bench lint fmt clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

install: $(STAMP) ## create .venv and install piiguard with its test extras

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

test: install ## run the test suite (the same command CI runs)
	$(BIN)/python -m pytest

run: install ## scan the bundled example transcripts and print the redacted result
	$(BIN)/piiguard scan $(EXAMPLE)

bench: install ## benchmark piiguard against plain presidio (writes bench/results.json)
	$(BIN)/python bench/run.py

lint: install ## ruff lint and format check
	$(BIN)/ruff check piiguard recognizers tests bench
	$(BIN)/ruff format --check piiguard recognizers tests bench

fmt: install ## format the code
	$(BIN)/ruff format piiguard recognizers tests bench
	$(BIN)/ruff check --fix piiguard recognizers tests bench

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-output *.egg-info
