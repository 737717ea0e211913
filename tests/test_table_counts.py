"""tables.n_checks / n_checks_failed count every check that names the table, whatever made it:
the table's own totals, the annual template's rules, the text compared with the table."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED
from tongbao.corpus.annual import make_report, render_html, render_text
from tongbao.corpus.bulk import SEC3_TOTALS, SEC4_TOTALS
from tongbao.extract.document import read_document

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
RENDERERS = {"txt": render_text, "html": render_html}


def _assert_counts_agree(ex) -> None:
    for t in ex.tables:
        mine = [c for c in ex.checks if c.table_id == t.table_id]
        assert t.n_checks == sum(c.status != "skipped" for c in mine), t.table_id
        assert t.n_checks_failed == sum(c.status == "fail" for c in mine), t.table_id
    named = [c for c in ex.checks if c.table_id is not None and c.status == "fail"]
    assert sum(t.n_checks_failed for t in ex.tables) == len(named)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), fmt=st.sampled_from(sorted(RENDERERS)),
       wrong=st.sampled_from(SEC3_TOTALS + SEC4_TOTALS), delta=st.sampled_from([-1, 1, 2]))
@example(seed=343, fmt="txt", wrong="sec4.litigation_after_review.total", delta=-1)
def test_a_wrong_template_total_fails_at_table_level(seed, fmt, wrong, delta):
    """The corpus plants one wrong printed total the way bulk.py does; the table that prints
    it must say it has failing checks (annual reports are checked by the template's rules,
    which before counted for no table)."""
    rng = random.Random(seed)
    rep = make_report(rng, f"annual.{fmt}")
    rep.values[wrong] += delta
    ex = read_document(RENDERERS[fmt](rep, rng).encode("utf-8"), rep.file)
    _assert_counts_agree(ex)
    holder = {r.key: r.table_id for r in ex.records if r.key}[wrong]
    [table] = [t for t in ex.tables if t.table_id == holder]
    failing = [c for c in ex.checks if c.status == "fail"]
    if rep.values[wrong] == 0 and rep.variant.zero != "0":
        # A total of 1 planted as 0 prints as no figure (— or nothing) over parts that are
        # not: a total left blank, not a wrong one. No claim, and the check says why.
        assert failing == []
        assert any(c.status == "skipped" and wrong in (c.message or "") for c in ex.checks)
        return
    assert failing and {c.table_id for c in failing} == {holder}
    # every failing rule is one the planted total is a term of, named in its message
    assert all(wrong in (c.message or "") for c in failing), [c.message for c in failing]
    assert table.n_checks_failed == len(failing) >= 1
    assert table.n_checks > table.n_checks_failed


@pytest.mark.parametrize("path", sorted(SAMPLES.iterdir()), ids=lambda p: p.name)
def test_every_sample_counts_every_check_of_its_tables(path):
    _assert_counts_agree(read_document(path.read_bytes(), str(path)))


def test_the_real_published_error_shows_in_its_table():
    """hzq2023 prints two section-4 totals that do not add up: its section-4 table says so."""
    pdf = SHARED / "real" / "pdf" / "hzq2023_working.pdf"
    if not pdf.exists():
        pytest.skip("../shared/real is not here")
    ex = read_document(pdf.read_bytes(), str(pdf))
    _assert_counts_agree(ex)
    sec4 = {r.table_id for r in ex.records if r.key and r.key.startswith("sec4.")}
    failing = [c for c in ex.checks if c.status == "fail"]
    assert {c.check for c in failing} == {"sec4_totals"} and len(failing) == 2
    assert [t.n_checks_failed for t in ex.tables if t.table_id in sec4] == [2]
