"""Figures printed with their thousands grouped (行政许可 16,674), in every form an annual
report reaches us. Before, the readers that find a report's rows by their labels (an
unruled PDF's text, a crawled page's) ended the figure at its comma and read 16,674 as
16: a wrong value under the key, which no check could catch (section 2 has no sums)."""

from __future__ import annotations

import random

import pytest

from tongbao.corpus.annual import make_report, render_html, render_text
from tongbao.corpus.annual_docx import render_docx
from tongbao.corpus.annual_flat import render_flat
from tongbao.corpus.annual_glued import render_glued
from tongbao.corpus.annual_pdf import render_pdf
from tongbao.extract.document import read_document

# Each form: how it is rendered, the file name it arrives under, and whether the report
# may leave totals blank (a glued crawl shows no empty cell, so it prints every total).
FORMS = {
    "text": (lambda rep, rng: render_text(rep, rng).encode(), "r.txt", True),
    "web page": (lambda rep, rng: render_html(rep, rng).encode(), "r.html", True),
    "word": (render_docx, "r.docx", True),
    "ruled pdf": (lambda rep, rng: render_pdf(rep, rng, "grid"), "r.pdf", True),
    "pdf ruled by rows": (lambda rep, rng: render_pdf(rep, rng, "rows"), "r.pdf", True),
    "unruled pdf": (lambda rep, rng: render_pdf(rep, rng, "none"), "r.pdf", True),
    "flattened crawl": (lambda rep, rng: render_flat(rep, rng, "tabs").encode(), "r.txt", True),
    "glued crawl": (lambda rep, rng: render_glued(rep, rng).encode(), "r.txt", False),
}


def _grouped(unfilled: bool, layout_2019: bool) -> int:
    """The first seed whose report groups thousands, prints a figure of 1,000 or more and
    has the layout asked for."""
    return next(s for s in range(1000) if (rep := make_report(random.Random(s), "r", unfilled))
                .variant.thousands and rep.variant.layout_2019 == layout_2019
                and any(v is not None and abs(v) >= 1000 for v in rep.values.values()))


@pytest.mark.parametrize("layout_2019", [False, True], ids=["2021 template", "2019 template"])
@pytest.mark.parametrize("form", sorted(FORMS))
def test_figures_with_grouped_thousands_read_whole(form, layout_2019):
    render, name, unfilled = FORMS[form]
    seed = _grouped(unfilled, layout_2019)
    rng = random.Random(seed)
    rep = make_report(rng, name, unfilled)
    ex = read_document(render(rep, rng), name)
    assert {r.key: r.value for r in ex.records if r.key} == rep.values
    assert [(c.check, c.scope) for c in ex.checks if c.status == "fail"] == []
