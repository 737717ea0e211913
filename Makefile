# Two commands for a newcomer: `make extract` (the main job) and `make test`.
# Both create .venv and install tongbao into it on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
OUT    ?= warehouse
# The sample corpus always; the seed documents too when ../shared is beside us.
INPUTS := corpus/samples $(wildcard $(SHARED)/seeds)

.PHONY: extract test lint setup clean system-deps fuzz

$(BIN)/tongbao: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,ray]'
	touch $@

setup: $(BIN)/tongbao

extract: setup
	$(BIN)/tongbao extract $(INPUTS) --out $(OUT)
	$(BIN)/tongbao validate $(OUT)

lint: setup
	$(BIN)/ruff check tongbao extract normalize pipelines corpus expectations tests benchmarks fuzz setup.py

# Debian packages the tests use: chromium (a real headless browser opens the Data Docs)
# and a CJK font (generated PDFs embed it; pages and screenshots show their glyphs).
SYSTEM_PACKAGES := chromium fonts-wqy-microhei
system-deps:
	@if ! command -v chromium >/dev/null || [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; fi

test: lint system-deps
	$(BIN)/python -m pytest

# A bounded fuzzing run of every target (fuzz/run.py); crashes land in fuzz/work/crashes/.
# Longer: make fuzz FUZZ_SECONDS=3600, or .venv/bin/python -m fuzz.run text -runs=100000
FUZZ_SECONDS ?= 60
fuzz: setup
	$(BIN)/pip install --quiet -e '.[fuzz]'
	for target in text html pdf document; do \
	  $(BIN)/python -m fuzz.run $$target -max_total_time=$(FUZZ_SECONDS) || exit 1; done

clean:
	rm -rf $(OUT) .pytest_cache
