# Two commands for a newcomer: `make extract` (the main job) and `make test`.
# Both create .venv and install tongbao into it on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
OUT    ?= warehouse
# The sample corpus always; the seed documents too when ../shared is beside us.
INPUTS := corpus/samples $(wildcard $(SHARED)/seeds)

.PHONY: extract test lint setup clean browser

$(BIN)/tongbao: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,ray]'
	touch $@

setup: $(BIN)/tongbao

extract: setup
	$(BIN)/tongbao extract $(INPUTS) --out $(OUT)
	$(BIN)/tongbao validate $(OUT)

lint: setup
	$(BIN)/ruff check extract normalize pipelines corpus expectations tests benchmarks

# The Data Docs test opens the report in Debian's chromium (a real headless browser).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

test: lint browser
	$(BIN)/python -m pytest

clean:
	rm -rf $(OUT) .pytest_cache
