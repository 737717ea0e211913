"""Tables held by alignment alone (no ruling lines), read by the second PDF path."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate

from tongbao.corpus.annual_pdf import PROSE
from tongbao.corpus.notice_pdf import make_scores_pdf, truth_of
from tongbao.extract.document import read_document

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _assert_scores(ex, truth: dict) -> None:
    assert [(t.method, t.n_cols) for t in ex.tables] == [("pdf-text", 6)]  # no prose table
    got = sorted((r.unit_raw, r.metric, r.value) for r in ex.records)
    want = sorted([(s["unit"], m, v) for s in truth["scores"] for m, v in s["parts"].items()]
                  + [(s["unit"], "总分", s["printed_total"]) for s in truth["scores"]])
    assert got == want
    failing = sorted(c.scope for c in ex.checks if c.check == "score_total" and c.status == "fail")
    assert failing == truth["wrong_totals"]
    assert sum(c.check == "score_total" for c in ex.checks) == len(truth["scores"])


@settings(max_examples=120, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_unruled_score_table_reads_back(seed):
    t, body = make_scores_pdf(random.Random(seed), "scores.pdf")
    _assert_scores(read_document(body, "scores.pdf"), truth_of(t))


def test_prose_with_numbers_is_not_a_table():
    lines = ["关于2023年第一季度政务公开工作情况的通报",
             "一季度全区共受理政府信息公开申请106件，其中咨询26件，投诉5件，建议75件。",
             "联系人：王明        电话：0371-12345678        邮箱：zwgk@example.cn",
             "1. 信息发布 120 条，较上季度增加 15 条。",
             "2. 政策解读 36 篇，其中图解 12 篇。",
             "3. 回应关切 8 次。",
             "安阳市北关区人民政府办公室        2023年4月10日"]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build([Paragraph(line, PROSE) for line in lines])
    ex = read_document(buf.getvalue(), "prose.pdf")
    assert ex.tables == [] and ex.document.status == "ok"


REGRESSION = sorted(CORPUS.glob("truth/scores_pdf_*.json"))


@pytest.mark.parametrize("truth_file", REGRESSION, ids=[p.stem for p in REGRESSION])
def test_committed_unruled_samples(truth_file):
    truth = json.loads(truth_file.read_text("utf-8"))
    path = CORPUS / "samples" / truth["file"]
    ex = read_document(path.read_bytes(), str(path))
    _assert_scores(ex, truth)
    assert ex.document.title == truth["title"]


def test_regression_set_shows_a_wrong_total():
    assert len(REGRESSION) == 2
    assert any(json.loads(p.read_text("utf-8"))["wrong_totals"] for p in REGRESSION)


def test_of_two_readings_the_one_whose_totals_reconcile_is_kept():
    from tongbao.corpus.notice_pdf import render_scores_pdf
    from tongbao.extract.document import more_reconciled

    t, wrong_body = make_scores_pdf(random.Random(7), "s.pdf", wrong_fraction=1.0)
    for s in t.scores:
        s.printed_total = round(sum(s.parts), 1)
    right = read_document(render_scores_pdf(t, random.Random(7)), "s.pdf")
    wrong = read_document(wrong_body, "s.pdf")
    assert [c for c in right.checks if c.status == "fail"] == []
    kept = more_reconciled(wrong, right, ("pdfium", "pdfminer"))
    assert kept is right
    assert kept.checks[-1].message.endswith("kept pdfminer's")
    assert more_reconciled(right, right, ("pdfium", "pdfminer")) is right  # a tie: the first
