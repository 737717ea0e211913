# Two commands for a newcomer: `make extract` (the main job) and `make test`.
# Both create .venv and install tongbao into it on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
OUT    ?= warehouse
# The sample corpus always; the seed documents too when ../shared is beside us.
INPUTS := corpus/samples $(wildcard $(SHARED)/seeds)

.PHONY: extract test lint setup clean

$(BIN)/tongbao: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,ray]'
	touch $@

setup: $(BIN)/tongbao

extract: setup
	$(BIN)/tongbao extract $(INPUTS) --out $(OUT)

lint: setup
	$(BIN)/ruff check extract normalize pipelines corpus tests benchmarks

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(OUT) .pytest_cache
