"""Annual reports as crawlers flatten their web pages (corpus/annual_flat.py): cells parted by
tabs with merged cells gone, by spaces, or a cell a line. Every value comes back under its
key (where zeros printed as nothing left no trace, what comes back is right), and no
template rule fails on a report whose figures hold."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from tests.conftest import assert_read_back_but_blank_tables
from tongbao.corpus.annual import idle_report, make_report
from tongbao.corpus.annual_flat import STYLES, keeps_every_cell, make_flat_report, render_flat
from tongbao.corpus.annual_glued import render_glued
from tongbao.corpus.annual_headings import heading
from tongbao.corpus.annual_pdf import flipbook_pages, render_pdf_text, sec4_labels_wrapped
from tongbao.extract.document import read_document
from tongbao.extract.readers.text.glued import Parting, _cuts
from tongbao.extract.tables.annual import template

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _assert_read_back(ex, values: dict[str, float], whole: bool = True) -> None:
    """whole: every value comes back; else (zeros printed as nothing, cells parted by
    spaces) what comes back is right, and the rest is empty."""
    keys = [r.key for r in ex.records if r.key]
    assert len(keys) == len(set(keys)), "a key assigned twice"
    got = {r.key: r.value for r in ex.records if r.key}
    if whole:
        assert got == values
    else:
        assert {k: v for k, v in got.items() if v is not None and v != values.get(k)} == {}
    assert ex.document.doc_kind == "annual_report"
    assert [(c.check, c.scope) for c in ex.checks if c.status == "fail"] == []


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), idle=st.sets(st.integers(0, 5), min_size=1, max_size=4))
@example(seed=0, idle={0})
@example(seed=5006, idle={0, 1, 2, 3})  # the request table prints no figure
def test_a_tab_flattened_crawl_with_columns_printing_nothing_reads_back(seed, idle):
    """Applicants idle all year, zeros printed as nothing, in a crawl whose tabs lost the
    header's merged cells: the idle columns leave no figure at all. With 自然人's empty,
    the request table was one value column short, its printed order went unused and the
    figures went by their headers' misplaced cells: 16 keys wrong, 75 lost, no check
    failing (6.6% of such crawls; a campaign found it)."""
    rep, rng = idle_report(seed, idle, "flat.txt", unfilled=True)  # as make_flat_report
    ex = read_document(render_flat(rep, rng, "tabs").encode("utf-8"), "flat.txt")
    assert_read_back_but_blank_tables(ex, rep.values)


@settings(max_examples=90, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), style=st.sampled_from(STYLES))
# bars: sec4's one row of figures, its first cell empty, one figure short: read as its last
# total left blank, its review figures went one cell left (upheld 1 for 0), no check failing
@example(seed=19, style="pipes")
# bars, section 2's block titles (第二十条第（一）项) left out as a Markdown converter does:
# 规章's row was read as a one-cell row, its three values lost (real: a 宿迁 2025 report)
@example(seed=7001, style="pipes")
# a cell a line, each followed by a bar on a line of its own: every row's run ended at
# the first bar, its figures lost (real: 桃江县审计局 2020, 50 values NULL)
@example(seed=3005, style="lines")
def test_a_flattened_report_reads_back_key_for_key(seed, style):
    rng = random.Random(seed)
    rep = make_flat_report(rng, "flat.txt")
    ex = read_document(render_flat(rep, rng, style).encode("utf-8"), "flat.txt")
    _assert_read_back(ex, rep.values, keeps_every_cell(rep, style))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), style=st.sampled_from(STYLES))
# Rows printed without their first bar, section 4's first cells empty ( |  | 8 | 8 | 16 |):
# the line's first bar was taken for an opening one and a cell lost; with no request table
# to choose the reading, 16 was cut 1|6 (4 values wrong, a check failing falsely)
@example(seed=5027, style="pipes")
@example(seed=5038, style="pipes")
def test_a_crawl_whose_request_table_is_a_picture_reads_sections_2_and_4(seed, style):
    """A page showing its request table as a picture: its crawl keeps sections 2 and 4,
    read as the same page's crawl with the table in it reads them, and no request-table key.
    Before, only a tab-parted crawl was read without the request table's text: spaced,
    barred and cell-a-line crawls lost all 8 values of section 2 and 15 of section 4."""
    rng = random.Random(seed)
    rep = make_flat_report(rng, "flat.txt")
    state = rng.getstate()
    ex = read_document(render_flat(rep, rng, style, request_table=False).encode("utf-8"),
                       "flat.txt")
    rng.setstate(state)
    whole = read_document(render_flat(rep, rng, style).encode("utf-8"), "flat.txt")
    shown = {k: v for k, v in rep.values.items() if not k.startswith("sec3.")}
    _assert_read_back(ex, shown, keeps_every_cell(rep, style))
    assert {r.key: r.value for r in ex.records if r.key} == \
        {r.key: r.value for r in whole.records if r.key and not r.key.startswith("sec3.")}
    assert {r.key for r in ex.records if r.key and r.value is not None} >= \
        {k for k in shown if k.startswith("sec2.")}


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_a_flip_books_page_holding_section_4_alone_is_a_report_by_its_table(seed):
    """A flip-book named otherwise (Page 9 - 2020年报_审计局, real: 文登区审计局): its page of
    section 4 was classed `other`, its figures keyed to nothing. The section's 15 columns
    under all four of its words tell the template."""
    rng = random.Random(seed)
    rep = make_report(rng, "annual.pdf", unfilled=True)
    rep.variant.zero = rep.variant.zero or "0"  # its figures placed for sure
    pages = flipbook_pages(rep, rng, book=f"{rep.year}年报_审计局")
    page = next(p for p in pages if "复议" in p and "本年新收" not in p and "第二十条" not in p)
    ex = read_document(page.encode("utf-8"), "page.txt")
    assert ex.document.doc_kind == "annual_report"
    sec4 = {k: v for k, v in rep.values.items() if k.startswith("sec4.")}
    read = {r.key: r.value for r in ex.records if r.key}
    if not rep.variant.unfilled_totals:
        assert read == sec4
    assert {k: v for k, v in read.items() if v is not None and v != sec4.get(k)} == {}


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_each_page_of_a_reports_flip_book_names_its_report(seed):
    """A flip-book publishes a report's PDF a page a web page, each under `Page N - ` and
    the book's title: the title is the report's (Page 8 - was kept in it, and no issuer
    was found), and section 4, on a page of its own or not, is read from its page (it was
    not, where the page printed no request table)."""
    rng = random.Random(seed)
    rep = make_report(rng, "annual.pdf", unfilled=True)
    read = {}
    for n, text in enumerate(flipbook_pages(rep, rng), start=1):
        ex = read_document(text.encode("utf-8"), f"page{n}.txt")
        assert (ex.document.title, ex.document.issuer) == (rep.title, rep.issuer)
        assert ex.document.period_start.year == rep.year
        read |= {r.key: r.value for r in ex.records if r.key and r.key.startswith("sec4.")}
        assert [(c.check, c.scope) for c in ex.checks if c.status == "fail"] == []
    sec4 = {k: v for k, v in rep.values.items() if k.startswith("sec4.")}
    if rep.variant.zero != "" and not rep.variant.unfilled_totals:
        assert read == sec4
    else:  # zeros printed as nothing: a figure's cell may be any of its row's
        assert {k: v for k, v in read.items() if v is not None and v != sec4[k]} == {}


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
@example(seed=0)  # 1、 for 1. (its 其他 found in the repeated header) and 第1页: 14 keys lost
@example(seed=40)
def test_a_report_saved_as_text_from_its_pdf_reads_back(seed):
    """The text a converter or a crawler keeps of a report's PDF (each page's text as PDFium
    gives it): labels wrapped over lines, the header's words in drawing order (法律服 总计 /
    务机构), page numbers at the pages' feet (— 5 —), 2、 for 2., 尚 未 / 审结. Every value
    read is right, and all of them where the text still says which cell each figure is in
    (zeros printed, totals filled); no check fails. Before: the organisations' printed
    order went unread (19 reports in 100 read columns swapped, no check failing), a page
    number became a row's figures (0 5 0), a 2、 the row above's figure, section 4 was lost."""
    rng = random.Random(seed)
    rep = make_report(rng, "annual.pdf", unfilled=True)
    ex = read_document(render_pdf_text(rep, rng).encode("utf-8"), "annual.txt")
    _assert_read_back(ex, rep.values, rep.variant.zero != "" and not rep.variant.unfilled_totals)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), wrapped=st.permutations(
    ["commercial", "research", "public_interest", "legal_services"]))
@example(seed=0, wrapped=["legal_services", "research", "public_interest", "commercial"])
# A campaign's finds (1ae094c): 2、其他 / 10 — — — 11 — 21 / 法律行政法规禁止公开 unfound, its 2
# an eighth figure of the row above, whose first was then dropped as an empty column
@example(seed=67108864, wrapped=["commercial", "research", "public_interest", "legal_services"])
# 三 属于国家秘密 — — 22 — — — 22 / 、 其他法律…: the next label's 2、 found in 22 and the 、
@example(seed=140, wrapped=["commercial", "research", "public_interest", "legal_services"])
def test_a_reports_pdf_text_as_pdfminer_keeps_it_reads_nothing_wrong(seed, wrapped):
    """pdfminer's text of a report's PDF sets a wrapped header's first lines side by side
    (法律服 科研机 社会公 商业企) and a one-line label (其他) on a line below them. Where those
    first lines come in another order than the template's, the organisations' cells are
    left open (a check says why), never read in the template's order (a quarter of such
    reports read values in the wrong columns, no check failing). (A one-line label moved
    elsewhere leaves no trace in such a text: that one is read in the template's place.)"""
    rng = random.Random(seed)
    rep = make_report(rng, "annual.pdf")  # its totals filled (section H of stop 41's note)
    rep.variant.org_columns = [*wrapped, "other_org"]
    ex = read_document(render_pdf_text(rep, rng, engine="pdfminer").encode("utf-8"), "a.txt")
    _assert_read_back(ex, rep.values, whole=False)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
@example(seed=7)  # the first row's label wrapped around its figures: nothing was read
def test_section_4_of_a_reports_pdf_text_as_pdfminer_keeps_it_is_read(seed):
    """pdfminer's text of a report whose section 4 labels wrap in their cells sets them side
    by side (结果 结果 其他 尚未 总 / 维持 纠正 结果 审结 计): 尚未审结总计 is in no one run,
    and its 15 figures were lost. Its line of figures is the row now. A request table whose
    first label wraps around its figures (一、本年新收政府信息 / 60 30 … / 公开申请数量)
    was no request table at all: nothing of the report was read."""
    rng = random.Random(seed)
    rep = make_report(rng, "annual.pdf")
    assume(sec4_labels_wrapped(rep))
    rep.variant.zero = "0"  # every cell prints its figure
    ex = read_document(render_pdf_text(rep, rng, engine="pdfminer").encode("utf-8"), "a.txt")
    got = {r.key: r.value for r in ex.records if r.key}
    sec4 = {k: v for k, v in rep.values.items() if k.startswith("sec4.")}
    assert {k: got.get(k) for k in sec4} == sec4
    assert got.get("sec3.new_received.total") == rep.values["sec3.new_received.total"]
    _assert_read_back(ex, rep.values, whole=False)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
@example(seed=319)  # 29 — — — — — with its total blank: read 2 and 9, the total 0
@example(seed=99)  # 21 values wrong, 6 false failures
@example(seed=183)  # 申请人无正当理由…行政机 / 其他 11 0 0 … / 关不再处理…: read as 其他's row
def test_a_reports_pdf_text_as_pdfminer_with_totals_left_blank_reads_nothing_wrong(seed):
    """pdfminer's text of a report whose totals are left blank and whose zeros print —: a
    label that wraps is set around its row's figures (5.要求行政机关确 / — 5 — — — — /
    认或重新出具已获取信息), and was not found (its figures went to the row above, its 5.
    became a figure there; with its group's word on that line, 其他 11 0 0 …, its figures
    went to the row 其他); a row one figure short, cells parted by spaces, was cut as if
    glued (29 — — — — — read as 2, 9, and a total of 0): 13 reports in 300 read values
    wrong, 6 with false failures. Now such a label is found around its figures, the next
    row's number is no figure, and a row one short is its figures then a total left blank
    where the columns' rules bear that out (else left open, saying why). Nothing is read
    wrong, nothing fails. (其他 is kept last: moved, its place leaves no trace here.)"""
    rng = random.Random(seed)
    rep = make_report(rng, "annual.pdf", unfilled=True)
    rep.variant.org_columns = [*(o for o in rep.variant.org_columns if o != "other_org"),
                               "other_org"]
    ex = read_document(render_pdf_text(rep, rng, engine="pdfminer").encode("utf-8"), "a.txt")
    _assert_read_back(ex, rep.values, whole=False)


@pytest.mark.parametrize("seed", range(8))
def test_a_request_table_cut_out_of_a_report_is_read_as_the_template(seed):
    """The request table's section alone (三、收到和处理… up to 四、), as a page or a file
    cut out of a report holds it: no other section names the template, but its 23 row
    labels do. It was read as a notice's table, its 二、上年结转 the parent of the rows
    below it (a real text: 10 false subtotal failures)."""
    rng = random.Random(seed)
    rep = make_report(rng, "annual.pdf", unfilled=True)
    rep.variant.zero, rep.variant.unfilled_totals = "0", False  # every cell says where it is
    text = render_pdf_text(rep, rng)
    cut = text[text.index(heading(rep, 2)):text.index(heading(rep, 3))]
    ex = read_document(cut.encode("utf-8"), "cut.txt")
    assert ex.document.doc_kind == "annual_report"
    assert {r.key: r.value for r in ex.records if r.key} == \
        {k: v for k, v in rep.values.items() if k.startswith("sec3.")}
    assert [c for c in ex.checks if c.status == "fail"] == []


def test_the_variants_that_matter_to_a_flattened_report_occur():
    """Labels split or unnumbered, organisations reordered, zeros as — and 0, 2019 layout."""
    seen = {"zero": set(), "spaced_labels": set(), "no_numbering": set(), "layout_2019": set(),
            "org_order": set()}
    for seed in range(120):
        v = make_flat_report(random.Random(seed), "flat.txt").variant
        for name in seen:
            seen[name].add(v.org_columns[0] != "commercial" if name == "org_order"
                           else getattr(v, name))
    assert seen.pop("zero") == {"0", "—", ""}
    assert all(values == {True, False} for values in seen.values())


def test_a_spaced_crawl_of_totals_left_blank_leaves_those_rows_open():
    """Cells parted by spaces, zeros printed as 0, some rows' totals left blank: such a row
    prints six figures for seven cells. Cutting a figure in two (18 -> 1, 8) would fill
    the row and fail its total; the row is left open instead, saying why, and nothing
    fails."""
    seed = next(s for s in range(500) if (rep := make_flat_report(random.Random(s), "f.txt"))
                .variant.unfilled_totals and rep.variant.zero == "0")
    rng = random.Random(seed)
    rep = make_flat_report(rng, "flat.txt")
    ex = read_document(render_flat(rep, rng, "spaces").encode("utf-8"), "flat.txt")
    _assert_read_back(ex, rep.values, whole=False)
    open_rows = {c.scope for c in ex.checks if c.check == "glued_split"
                 and "parts the table's cells by spaces" in c.message}
    assert open_rows == {k.rsplit(".", 1)[0] for k, v in rep.values.items() if v is None}
    got = {r.key: r.value for r in ex.records if r.key}
    assert all(got[k] is None for k in rep.values if k.rsplit(".", 1)[0] in open_rows)



def _seeds(wanted, n: int = 3) -> list[int]:
    return [s for s in range(3000) if wanted(make_flat_report(random.Random(s), "f.txt"))][:n]


def _few_full_rows(rep) -> bool:
    """Zeros printed as nothing, outcome totals left blank and fewer than two request
    rows printing all seven figures: no row says the crawl parts its cells by spaces."""
    rows = {k.rsplit(".", 1)[0] for k in rep.values if k.startswith("sec3.")}
    full = [r for r in rows if all(v for k, v in rep.values.items() if k.startswith(r + "."))]
    return rep.variant.zero == "" and rep.variant.unfilled_totals and len(full) < 2


@pytest.mark.parametrize("style", ["spaces", "lines"])
def test_a_crawl_printing_zeros_as_nothing_with_few_full_rows_cuts_no_figure(style):
    """Rows of a figure or two beside rows of more: the report prints its zeros as
    nothing, and a row of fewer figures than cells does not say which cells they fill.
    Cut as glued digits (4 12 68 84 -> 4|1|2|6|8|8|4) the row's total would fail: a
    false claim. Such rows are left open, saying why, and nothing fails."""
    seeds = _seeds(_few_full_rows)
    assert len(seeds) == 3
    for seed in seeds:
        rng = random.Random(seed)
        rep = make_flat_report(rng, "flat.txt")
        ex = read_document(render_flat(rep, rng, style).encode("utf-8"), "flat.txt")
        _assert_read_back(ex, rep.values, whole=False)
        assert any(c.check == "glued_split" and "prints its zeros as nothing" in c.message
                   for c in ex.checks)


def test_a_tab_crawl_of_a_section_printing_nothing_reads_its_zeros():
    """Section 4 all zeros printed as nothing: its row is tabs alone, as wide as the
    header above it. It is a row of zeros, not a stray line, and its 15 keys read 0."""
    seeds = _seeds(lambda rep: rep.variant.zero == "" and not any(
        v for k, v in rep.values.items() if k.startswith("sec4.")))
    assert len(seeds) == 3
    for seed in seeds:
        rng = random.Random(seed)
        rep = make_flat_report(rng, "flat.txt")
        ex = read_document(render_flat(rep, rng, "tabs").encode("utf-8"), "flat.txt")
        _assert_read_back(ex, rep.values)
        assert sum(1 for r in ex.records if (r.key or "").startswith("sec4.")) == 15


FLAT = sorted(CORPUS.glob("truth/flat_*.json"))


@pytest.mark.parametrize("truth_file", FLAT, ids=[p.stem for p in FLAT])
def test_committed_flat_samples_match_their_truth(truth_file):
    truth = json.loads(truth_file.read_text("utf-8"))
    path = CORPUS / "samples" / truth["file"]
    whole = truth["variant"]["zero"] != "" or truth.get("style") == "tabs"
    _assert_read_back(read_document(path.read_bytes(), str(path)), truth["values"], whole)


def test_each_style_has_a_committed_sample():
    assert len(FLAT) == len(STYLES)


def test_a_glued_crawl_missing_one_rows_figures_is_no_report_of_blank_zeros():
    """Zeros printed as nothing are told by rows of two figures or more with no figure
    starting with 0. A glued crawl (0000000, 713000074) whose one row lost its figures
    still reads every other row; it does not leave them all empty."""
    rng = random.Random(4)
    rep = make_report(rng, "crawl.txt")
    text = render_glued(rep, rng, "none", [])
    start = text.index("2.重复申请") + len("2.重复申请")
    end = text.index("3.要求提供公开出版物", start)
    assert text[start:end].strip().isdigit()  # the row's glued figures, taken out
    ex = read_document((text[:start] + text[end:]).encode("utf-8"), "crawl.txt")
    got = {r.key: r.value for r in ex.records if r.key}
    kept = {k: v for k, v in rep.values.items() if k.startswith("sec3.new_received.")}
    assert {k: got.get(k) for k in kept} == kept


def test_cells_set_apart_by_place_are_never_cut():
    """A PDF's figures side by side are parted by their places (readers/pdf/page_text.py):
    '27 1 20 48' is four cells, never seven cut from its digits, so a row printing fewer
    figures than it has cells is left unread, not misread. A crawl's run is cut."""
    keys = tuple(f"sec3.granted.{c}" for c in template()["sec3"]["columns"])
    apart = Parting(separated=True)
    assert _cuts("27 1 20 48", keys, apart) == []
    assert (2, 7, 1, 2, 0, 4, 8) in _cuts("27 1 20 48", keys)
    assert _cuts("1 0 0 0 0 0 1", keys, apart) == [(1, 0, 0, 0, 0, 0, 1)]
    assert _cuts("1 0 0 0 0 -1 0", keys, apart) == []  # a count has no sign
