"""PDF pages stored turned (/Rotate) or with their box away from 0,0, displayed as before.

Some printers and converters save a landscape table as a portrait page drawn sideways
and turned back by /Rotate, or start a page's box elsewhere than 0,0; some documents
print a table sideways, to be read with the paper turned. PDFium gives positions in the
page's own space; read there, the lines of such a page run down it (the old reader took
an annual report for `other`, with no title and no keys, or kept it an annual report
and failed six of its totals; a table printed sideways could stop the reading with a
KeyError). Whatever the PDF kind, a file stored so reads exactly as the same file stored
plainly: every record, check and fact, and every cell where the upright page has it.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongbao.corpus.annual import make_report
from tongbao.corpus.annual_pdf import render_pdf
from tongbao.corpus.budget import make_budget
from tongbao.corpus.notice_pdf import make_scores_pdf
from tongbao.corpus.pdf_faults import stored_turned
from tongbao.extract.document import read_document

TURNS = st.sampled_from([0, 90, 180, 270])


def _annual(rng: random.Random, rules: str) -> tuple[bytes, dict[str, float]]:
    rep = make_report(rng, "annual.pdf", unfilled=True)
    return render_pdf(rep, rng, rules), rep.values


KINDS = {
    "annual, ruled": lambda rng: _annual(rng, "grid"),
    "annual, ruled by rows": lambda rng: _annual(rng, "rows"),
    "annual, unruled": lambda rng: _annual(rng, "none"),
    "budget": lambda rng: (make_budget(rng, "b.pdf")[1], None),
    "scores": lambda rng: (make_scores_pdf(rng, "s.pdf", wrong_fraction=0.3)[1], None),
}


def _reading(ex) -> dict:
    """Everything a reading says but where its cells are (_boxes)."""
    d = ex.document
    return {
        "document": (d.doc_kind, d.title, d.issuer, d.issuer_unit, d.n_pages, d.status),
        "tables": sorted((t.table_id, t.title, t.page_first, t.page_last, t.n_rows, t.n_cols)
                         for t in ex.tables),
        "cells": sorted((c.table_id, c.row, c.col, c.text, c.page) for c in ex.cells),
        "records": sorted(((r.table_id, r.row, r.col, r.unit, r.metric, tuple(r.path), r.value,
                            r.key, r.page) for r in ex.records), key=repr),
        "checks": sorted(((c.check, c.scope, c.expected, c.actual, c.status)
                          for c in ex.checks), key=repr),
        "facts": sorted(((f.kind, f.subject, f.value, f.page) for f in ex.facts), key=repr),
    }


def _boxes(ex) -> list[list[float]]:
    return [c.bbox for c in sorted(ex.cells, key=lambda c: (c.table_id, c.row, c.col))]


def _same_places(a: list[list[float]], b: list[list[float]]) -> bool:
    """Within a hundredth of a point, as cells are stored: turning the page back is float
    arithmetic."""
    return len(a) == len(b) and all(
        x == y or x and y and all(abs(u - v) <= 0.011 for u, v in zip(x, y, strict=True))
        for x, y in zip(a, b, strict=True))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), kind=st.sampled_from(sorted(KINDS)),
       turns=st.lists(TURNS, min_size=1, max_size=6).filter(any),
       origin=st.sampled_from([(0, 0), (0, 0), (-30, 57.5), (200, 400)]), sideways=st.booleans())
def test_a_pdf_stored_turned_reads_as_the_same_pdf_stored_plainly(seed, kind, turns, origin,
                                                                  sideways):
    """Pages turned by 90, 180 or 270 degrees (some of them, the rest not: a landscape
    table among portrait pages), turned back by /Rotate or printed sideways, their boxes
    anywhere: the same reading, cell boxes where the upright page has them; an annual
    report's values are its truth."""
    body, truth = KINDS[kind](random.Random(seed))
    plain = read_document(body, "doc.pdf")
    turned = read_document(stored_turned(body, turns, origin, sideways), "doc.pdf")
    assert _reading(turned) == _reading(plain)
    assert _same_places(_boxes(turned), _boxes(plain))
    if truth is not None:
        assert {r.key: r.value for r in turned.records if r.key} == truth


@pytest.mark.parametrize(("turn", "origin", "sideways"), [
    (90, (0, 0), False), (180, (-30, 57.5), False), (270, (0, 0), False), (0, (200, 400), False),
    (90, (0, 0), True), (180, (0, 0), True), (270, (-30, 57.5), True)])
def test_pdfminer_reads_a_turned_page_where_pdfium_does(turn, origin, sideways):
    """The second engine (pages in doubt, files PDFium refuses) places a turned page's
    cells where PDFium does: a table read by both engines over a page break is one table."""
    from tongbao.extract.readers.pdf.reader import read_pdf

    body = stored_turned(render_pdf(make_report(random.Random(3), "a.pdf"), random.Random(3)),
                         [turn, 0, turn], origin, sideways)
    by_pdfium, by_pdfminer = read_pdf(body, "a.pdf"), read_pdf(body, "a.pdf", "pdfminer")
    assert [len(g.cells) for g in by_pdfminer.grids] == [len(g.cells) for g in by_pdfium.grids]
    for a, b in zip(by_pdfium.grids, by_pdfminer.grids, strict=True):
        assert [(c.text, [round(v) for v in c.bbox]) for c in a.cells] == \
            [(c.text, [round(v) for v in c.bbox]) for c in b.cells]


def test_a_cell_thinner_than_the_snap_at_a_tables_foot_takes_the_last_row():
    """Its top and bottom fall on one boundary, the last: it opened a row past the table's
    end, and the reading stopped with a KeyError (a table printed sideways made such)."""
    from tongbao.extract.readers.pdf.cells import CellBox
    from tongbao.extract.readers.pdf.stitch import to_grid

    boxes = [CellBox(1, 0, 0, 50, 20, "单位"), CellBox(1, 50, 0, 100, 20, "件数"),
             CellBox(1, 0, 20, 50, 40, "甲"), CellBox(1, 50, 20, 100, 40, "7"),
             CellBox(1, 0, 40, 50, 40.8, ""), CellBox(1, 50, 40, 100, 40.8, "2")]
    grid = to_grid(boxes, None)
    assert (grid.n_rows, grid.n_cols) == (2, 2)
    assert sorted((c.row, c.col, c.text) for c in grid.cells) == sorted([
        (0, 0, "单位"), (0, 1, "件数"), (1, 0, "甲"), (1, 0, ""), (1, 1, "7"), (1, 1, "2")])


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), kind=st.sampled_from(sorted(KINDS)),
       text=st.sampled_from(["仅供参考", "政务公开专用", "宝鸡市凤翔区人民政府办公室", "2023 内部资料"]),
       angle=st.sampled_from([45, 30, 60, -45, 135]), over=st.booleans(),
       turn=st.sampled_from([0, 0, 90]))
def test_a_watermark_across_the_pages_is_no_part_of_their_text(seed, kind, text, angle, over,
                                                                turn):
    """A watermark drawn at a slant over or under every page (on a page stored turned too):
    its characters fell into cells and titles (宝鸡市凤供翔区…, 42 of an annual report's
    values lost). Text set at a slant is no line of the page: the same reading as the file
    without it."""
    from tongbao.corpus.pdf_faults import watermarked

    body, truth = KINDS[kind](random.Random(seed))
    plain = read_document(body, "doc.pdf")
    marked = read_document(watermarked(stored_turned(body, [turn] * 8), text, angle, over),
                           "doc.pdf")
    assert _reading(marked) == _reading(plain)
    assert _same_places(_boxes(marked), _boxes(plain))
    if truth is not None:
        assert {r.key: r.value for r in marked.records if r.key} == truth
