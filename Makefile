# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test

.PHONY: run test install eval bench clean

# `make run` needs only the runtime dependencies.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

# `make test` adds the test dependencies and what the browser tests need from the system.
$(TESTSTAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(TESTSTAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/handan-kg build --out dist
	$(BIN)/handan-kg link dist

test: $(TESTSTAMP)
	scripts/test-system-deps
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/handan-kg eval
	$(BIN)/handan-kg eval --devset

bench: $(TESTSTAMP)
	$(BIN)/python benchmarks/scale.py --sizes 1000

clean:
	rm -rf dist site .pytest_cache
