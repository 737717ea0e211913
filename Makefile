# Two commands for a newcomer: `make extract` (the main job) and `make test`.
# Both create .venv and install tongbao into it on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
OUT    ?= warehouse
# The sample corpus always; the seed documents too when ../shared is beside us.
INPUTS := corpus/samples $(wildcard $(SHARED)/seeds)

.PHONY: extract test explore lint setup clean system-deps fuzz

# Each command installs what it uses: `make extract` tongbao, its validation extra and
# OCR (the samples include a scan; not Ray: the local pool is the default and faster on
# a small machine), `make test` what the tests use as well (Ray: they start a real cluster).
EXTRACT_EXTRAS := validate,ocr
TEST_EXTRAS    := dev,validate,ray,ocr

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	touch $@

$(VENV)/.extract-deps: pyproject.toml setup.py | $(VENV)/.created
	$(BIN)/pip install --quiet -e '.[$(EXTRACT_EXTRAS)]'
	touch $@

$(VENV)/.test-deps: pyproject.toml setup.py | $(VENV)/.created
	$(BIN)/pip install --quiet -e '.[$(TEST_EXTRAS)]'
	touch $@ $(VENV)/.extract-deps

setup: $(VENV)/.test-deps

extract: $(VENV)/.extract-deps
	$(BIN)/tongbao extract $(INPUTS) --out $(OUT)
	$(BIN)/tongbao validate $(OUT)

lint: setup
	$(BIN)/ruff check tongbao extract normalize pipelines corpus expectations tests benchmarks tools fuzz setup.py

# Debian packages the tests use: chromium (a real headless browser opens the Data Docs),
# a CJK font (generated PDFs embed it; pages and screenshots show their glyphs) and
# LibreOffice without its GUI (DOC, WPS and ET files are converted by it).
SYSTEM_PACKAGES := chromium fonts-wqy-microhei libreoffice-writer-nogui libreoffice-calc-nogui
system-deps:
	@if ! command -v chromium >/dev/null || [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] \
	    || ! command -v soffice >/dev/null; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; fi

test: lint system-deps
	$(BIN)/python -m pytest

# The same tests with fresh random examples (make test draws the same ones every run, so
# that it is a reproducible gate); whatever this finds becomes a named test.
explore: lint system-deps
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest

# A bounded fuzzing run of every target (fuzz/run.py); crashes land in fuzz/work/crashes/.
# Longer: make fuzz FUZZ_SECONDS=3600, or .venv/bin/python -m fuzz.run text -runs=100000
FUZZ_SECONDS ?= 60
fuzz: setup
	$(BIN)/pip install --quiet -e '.[fuzz]'
	for target in text html pdf document; do \
	  $(BIN)/python -m fuzz.run $$target -max_total_time=$(FUZZ_SECONDS) || exit 1; done

clean:
	rm -rf $(OUT) .pytest_cache
