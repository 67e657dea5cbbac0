# piiguard - run `make help` for the targets.
# Every target sets up what it needs: a fresh machine only needs `make run` or `make test`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXAMPLE := examples/transcripts.jsonl

.DEFAULT_GOAL := help
.PHONY: help install browser speech test run scan-example key bench load fuzz audit lint fmt clean train train-requests

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

install: $(STAMP) ## create .venv and install piiguard with its test extras

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,service,spark,train]'
	@touch $@

CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser: ## install Debian's Chromium and a CJK font for the console's browser tests
	@if [ ! -x $(CHROMIUM) ] || ! fc-list 2>/dev/null | grep -qi wenquanyi; then \
	  echo "installing chromium and fonts-wqy-microhei with apt-get"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei; \
	fi

ESPEAK := /usr/bin/espeak-ng

speech: ## install Debian's espeak-ng: the tests speak zh and en calls to redact
	@if [ ! -x $(ESPEAK) ]; then \
	  echo "installing espeak-ng with apt-get"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq espeak-ng; \
	fi

test: install browser speech ## run the test suite (the same command CI runs; SQLite, PostgreSQL, Chromium)
	$(BIN)/python -m pytest

HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1

run: install ## start the HTTP service on $(HOST):$(PORT) (SQLite store unless PIIGUARD_DATABASE_URL is set)
	$(BIN)/python -m service.serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

scan-example: install ## scan the bundled example transcripts and print the result
	$(BIN)/piiguard scan $(EXAMPLE)

key: install ## create an API key: make key ROLE=ingest NAME=platform
	$(BIN)/piiguard keys create --role $(ROLE) --name $(NAME)

bench: install ## benchmark piiguard against plain presidio (writes bench/results.json)
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r bench/requirements.txt
	$(BIN)/python bench/run.py

.PHONY: accuracy
accuracy: install ## detection tables in docs/accuracy.md: variant matrix; piiguard vs plain presidio on external sets
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r bench/requirements.txt
	$(BIN)/python bench/accuracy.py --write docs/accuracy.md

load: install ## load test /turns at rising concurrency, 2 workers, on PIIGUARD_DATABASE_URL (else a temp SQLite), vs the engine's own turns/s
	$(BIN)/python bench/load.py

fuzz: install ## long fuzz run: 1,000 generated requests per API operation (12,000+) and library fuzzing
	PIIGUARD_FUZZ_EXAMPLES=1000 $(BIN)/python -m pytest tests/service/test_openapi_fuzz.py tests/piiguard/test_fuzz_library.py

audit: install ## pip-audit of the installed dependencies (needs PyPI's advisory API)
	$(BIN)/python -m pip install --quiet pip-audit
	$(BIN)/pip-audit --progress-spinner off

lint: install ## ruff lint and format check, mypy on the library
	$(BIN)/ruff check piiguard recognizers service tests bench
	$(BIN)/ruff format --check piiguard recognizers service tests bench
	$(BIN)/mypy piiguard

fmt: install ## format the code
	$(BIN)/ruff format piiguard recognizers service tests bench
	$(BIN)/ruff check --fix piiguard recognizers service tests bench

train: install ## retrain the learned scam-risk model (piiguard/data/risk_model.json) with CV figures
	$(BIN)/piiguard train-risk --cv

train-requests: install ## retrain the learned request model (piiguard/data/request_model.json; off in scanning)
	$(BIN)/python -m piiguard.request_train

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-output *.egg-info
