# Two commands on a fresh machine: `make demo` installs kldocs into .venv and
# runs the whole job on the bundled example; `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint clean

$(BIN)/kldocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/kldocs
	$(BIN)/kldocs demo

test: $(BIN)/kldocs
	$(BIN)/ruff check src tests benchmarks templates
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(BIN)/kldocs
	$(BIN)/ruff check src tests benchmarks templates
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build src/*.egg-info out
