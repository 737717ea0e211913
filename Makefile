# Two commands for a newcomer: `make extract` (the main job) and `make test`.
# Both create .venv and install tongbao into it on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
OUT    ?= warehouse
# The sample corpus always; the seed documents too when ../shared is beside us.
INPUTS := corpus/samples $(wildcard $(SHARED)/seeds)

.PHONY: extract test lint setup clean system-deps

$(BIN)/tongbao: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,ray,ocr]'
	touch $@

setup: $(BIN)/tongbao

extract: setup
	$(BIN)/tongbao extract $(INPUTS) --out $(OUT)
	$(BIN)/tongbao validate $(OUT)

lint: setup
	$(BIN)/ruff check tongbao extract normalize pipelines corpus expectations tests benchmarks setup.py

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

clean:
	rm -rf $(OUT) .pytest_cache
