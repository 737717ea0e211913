"""A long PDF's later pages laid out by a forked child (extract/readers/pdf/pages_ahead.py):
the reading is the same as one process's, whatever the child does."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongbao.corpus.annual import make_report
from tongbao.corpus.annual_pdf import render_pdf
from tongbao.corpus.budget import make_budget
from tongbao.corpus.pdf_faults import bound

REAL_BUDGET = Path(__file__).resolve().parents[2] / "shared/real/pdf/tianbao_putuo-wanli-2023-dept-budget.pdf"


# Read in a fresh process: forking needs a process of one thread, and this one may hold
# others by now (DuckDB's, the OCR engine's, from tests before). Prints what was read, as
# a digest, and how many children were forked; `die`: the child exits at once.
READ = """
import hashlib, os, sys
from tongbao.extract.document import read_document
from tongbao.extract.readers.pdf import pages_ahead, reader
path, die = sys.argv[1], sys.argv[2] == "die"
forks, real_fork, parent, laid_out = [], os.fork, os.getpid(), reader._laid_out
def counted_fork():
    forks.append(1)
    return real_fork()
def dying(*args):
    if os.getpid() != parent:
        os._exit(3)
    return laid_out(*args)
pages_ahead.os.fork = counted_fork
if die:
    reader._laid_out = dying
ex = read_document(open(path, "rb").read(), "bundle.pdf")
rows = [repr(ex.document)] + [sorted(map(repr, getattr(ex, name)))
                              for name in ("tables", "cells", "records", "checks", "facts")]
print(hashlib.sha256(repr(rows).encode()).hexdigest(), len(forks), len(ex.records))
"""


def _reading(path: Path, mode: str, die: bool = False) -> tuple[str, int, int]:
    """A digest of everything read, how many children were forked, how many records."""
    env = {**os.environ, "TONGBAO_PAGES_AHEAD": mode}
    out = subprocess.run([sys.executable, "-c", READ, str(path), "die" if die else "live"],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    return out[0], int(out[1]), int(out[2])


def _bundle(seeds: list[int], folder: Path) -> Path:
    """Budgets bound one after another, as a district binds its departments' (4 pages each)."""
    path = folder / f"bundle_{'_'.join(map(str, seeds))}.pdf"
    path.write_bytes(bound([make_budget(random.Random(s), f"b{s}.pdf")[1] for s in seeds]))
    return path


@settings(max_examples=4, deadline=None)
@given(seeds=st.lists(st.integers(0, 10_000), min_size=2, max_size=4))
def test_a_bundle_read_with_a_child_reads_as_in_one_process(seeds):
    """8-16 pages of tables (their totals, misprints included, checked across pages): the
    same tables, cells, records, checks and facts, with the later half laid out by a child."""
    with tempfile.TemporaryDirectory() as folder:
        path = _bundle(seeds, Path(folder))
        alone, shared = _reading(path, "never"), _reading(path, "always")
    assert (alone[1], shared[1]) == (0, 1)
    assert shared == (alone[0], 1, alone[2]) and alone[2] > 0


def test_the_real_budget_reads_the_same_with_a_child():
    if not REAL_BUDGET.exists():
        pytest.skip("../shared/real is not here")
    alone, shared = _reading(REAL_BUDGET, "never"), _reading(REAL_BUDGET, "always")
    assert shared == (alone[0], 1, alone[2])


def test_a_child_that_dies_leaves_its_pages_to_the_reader(tmp_path):
    """The child gone before it hands anything back (its memory cap, a signal): this
    process lays out the pages itself, and the reading is whole."""
    path = _bundle([1, 2, 3], tmp_path)
    alone, shared = _reading(path, "never"), _reading(path, "always", die=True)
    assert shared == (alone[0], 1, alone[2])


def test_a_template_report_is_read_in_one_process(tmp_path):
    """An annual report's text as drawn goes on from the page before: no child for it."""
    rng = random.Random(3)
    rep = make_report(rng, "annual.pdf")
    path = tmp_path / "reports.pdf"
    path.write_bytes(bound([render_pdf(rep, rng, "none")] * 3))
    assert _reading(path, "always")[1] == 0


THREADS = """
import os, threading
from tongbao.extract.readers.pdf.pages_ahead import may_split
alone = may_split()
stop = threading.Event()
other = threading.Thread(target=stop.wait)
other.start()
print(alone, may_split())
stop.set()
other.join()
"""


@pytest.mark.parametrize("mode, expected", [("always", "True False"), ("never", "False False")])
def test_a_process_with_another_thread_forks_no_child(mode, expected):
    """Forking copies locks other threads hold (DuckDB's, Ray's): never with two threads."""
    env = {**os.environ, "TONGBAO_PAGES_AHEAD": mode}
    out = subprocess.run([sys.executable, "-c", THREADS], env=env, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == expected
