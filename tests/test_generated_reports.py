"""Generated annual reports, in every variant the corpus generator renders, read back key for key.

The generator (corpus/annual.py) draws values that satisfy the template's
arithmetic and prints them as text, as a web page or as a Word file (the page's article,
its merged cells as Word merges them): （六）其他处理 as one row or
three, labels split by spaces or <br>, a vertical 三、本年度办理结果, no
numbering, the 法人或其他组织 columns in another order, the 2019 section 2,
an extra blank column, zeros as 0, — or nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tongbao.corpus.annual import make_report, render_html, render_text
from tongbao.corpus.annual_docx import render_docx
from tongbao.corpus.annual_glued import render_glued
from tongbao.corpus.annual_headings import NUMBERINGS
from tongbao.extract.document import read_document
from tongbao.extract.readers.office.convert import convert, soffice

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# A report as the bytes of its file: text, a web page, or a Word file (the page's article).
RENDERERS = {"txt": lambda rep, rng: render_text(rep, rng).encode("utf-8"),
             "html": lambda rep, rng: render_html(rep, rng).encode("utf-8"),
             "docx": render_docx}


def _render(seed: int, fmt: str):
    rng = random.Random(seed)
    rep = make_report(rng, f"annual.{fmt}", unfilled=True)
    return rep, RENDERERS[fmt](rep, rng)


def _assert_read_back(ex, values: dict[str, float]) -> None:
    keys = [r.key for r in ex.records if r.key]
    assert len(keys) == len(set(keys)), "a key assigned twice"
    got = {r.key: r.value for r in ex.records if r.key}
    assert got == values
    assert ex.document.doc_kind == "annual_report"
    assert [c for c in ex.checks if c.status == "fail"] == []
    template_tables = {r.table_id for r in ex.records if r.key}
    assert all(r.key for r in ex.records if r.table_id in template_tables)
    # Section 4 prints 行政诉讼 once over both of its groups, which repeat their column
    # labels (and so are read as tables side by side): each group keeps it in its path.
    for r in ex.records:
        if r.key and r.key.startswith("sec4."):
            top = "行政诉讼" if r.key.startswith("sec4.litigation") else "行政复议"
            assert "".join(regex.findall(r"\p{Han}", r.path[0])) == top, (r.key, r.path)


@settings(max_examples=120, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), fmt=st.sampled_from(sorted(RENDERERS)))
def test_generated_report_reads_back_key_for_key(seed, fmt):
    rep, body = _render(seed, fmt)
    ex = read_document(body, rep.file)
    _assert_read_back(ex, rep.values)
    assert ex.document.period_start.year == rep.year
    assert ex.document.title == _printed_title(rep, fmt)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), numbering=st.sampled_from(NUMBERINGS[1:]),
       fmt=st.sampled_from(["txt", "html", "crawl"]))
def test_a_report_whose_section_headings_are_misnumbered_reads_back_key_for_key(
        seed, numbering, fmt):
    """二、主动公开… then 二、收到和处理… (real: a 旅文体局 2019 report), a number skipped,
    三. for 三、: a section is told by its heading's words. A crawl (cells glued on one
    line) found its tables by the numbered headings and lost the request table or, with
    三., all three (176-212 keys of 200)."""
    rng = random.Random(seed)
    rep = make_report(rng, "misnumbered.html" if fmt == "html" else "misnumbered.txt",
                      unfilled=fmt != "crawl")  # (a crawl's renderer prints every total)
    rep.variant.numbering = numbering
    body = {"txt": render_text, "html": render_html,
            "crawl": lambda r, g: render_glued(r, g, "unique", [])}[fmt](rep, rng)
    _assert_read_back(read_document(body.encode("utf-8"), rep.file), rep.values)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (make test "
                    "installs it)")
def test_a_report_attached_as_word_97_reads_back_key_for_key():
    """The .doc an office attaches (Word 97, read through LibreOffice's conversion, whose
    tables come back with their merged cells rebuilt): key for key, as the .docx."""
    rep, body = _render(7, "docx")
    ex = read_document(convert(body, "docx", "doc"), "annual.doc")
    assert ex.document.format == "doc"
    _assert_read_back(ex, rep.values)
    assert ex.document.title == _printed_title(rep, "docx")


@settings(max_examples=24, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), fmt=st.sampled_from(["txt", "html"]),
       year_first=st.booleans(), title_break=st.sampled_from(["after", "before", "within"]))
def test_a_title_printed_year_first_or_broken_inside_its_name_names_the_report_and_its_body(
        seed, fmt, year_first, title_break):
    """2019年上海市人民政府办公厅政府信息公开工作年度报告 (year first) left the issuer NULL, and
    a title set on two lines broken inside the report's name (…街道办事处2023年度政府 /
    信息公开工作年度报告) was read as its second line alone (two real reports, survey D)."""
    rng = random.Random(seed)
    rep = make_report(rng, f"annual.{fmt}", unfilled=True, year_first=year_first)
    rep.variant.title_place, rep.variant.title_break = "body", title_break
    ex = read_document(RENDERERS[fmt](rep, rng), rep.file)
    assert (ex.document.title, ex.document.issuer) == (rep.title, rep.issuer)
    assert ex.document.period_start == dt.date(rep.year, 1, 1)


def _printed_title(rep, fmt: str) -> str | None:
    """The title where the page prints one: its body, or (a web page) its <title>."""
    place = rep.variant.title_place
    return rep.title if place == "body" or (place == "page_title" and fmt == "html") else None


def test_every_variant_is_generated():
    """The property test above only means something if the variants really occur."""
    seen = {"other_single": set(), "zero": set(), "spaced_labels": set(), "no_numbering": set(),
            "blank_column": set(), "layout_2019": set(), "line_breaks": set(), "org_order": set(),
            "layout_table": set(), "title_place": set(), "unfilled_totals": set(),
            "header_spans": set(), "idle_applicants": set(), "thousands": set(),
            "item_mark": set(), "page_numbers": set(), "pending": set()}
    for seed in range(200):
        v = _render(seed, "txt")[0].variant
        for name in seen:
            value = v.org_columns[0] != "commercial" if name == "org_order" else \
                bool(v.idle_applicants) if name == "idle_applicants" else getattr(v, name)
            seen[name].add(value)
    assert seen["zero"] == {"0", "—", ""}
    assert seen["title_place"] == {"body", "page_title", "none"}
    assert seen["item_mark"] == {".", "、"}
    assert seen["page_numbers"] == {"", "— {} —", "- {} -", "第{}页"}
    assert len(seen["pending"]) == 4
    assert all(values == {True, False} for name, values in seen.items()
               if name not in ("zero", "title_place", "item_mark", "page_numbers", "pending"))


def test_a_web_page_whose_header_cells_do_not_span_reads_back():
    """自然人, 总计 and sec4's column labels printed in the upper header row with an empty
    cell below each (a 2025 city report's page does so), not spanning both rows."""
    seeds = [s for s in range(100) if not _render(s, "html")[0].variant.header_spans][:4]
    assert len(seeds) == 4
    for seed in seeds:
        rep, body = _render(seed, "html")
        assert '<td><p></p></td><td><p>结果维持'.encode() in body  # the empty cells are printed
        _assert_read_back(read_document(body, rep.file), rep.values)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_totals_left_blank_are_no_zeros_and_no_findings(fmt):
    """A report that prints only some rows' totals (2019 reports do: 予以公开's 总计 left
    blank beside its figures) is not read as printing 0 there: those totals come out
    empty, their rules skipped saying why, and no rule fails; an empty total whose parts
    are all 0 is a 0."""
    seed = next(s for s in range(500) if (rep := _render(s, fmt)[0]).variant.unfilled_totals
                and rep.variant.zero == "" and any(v is None for v in rep.values.values())
                and any(v == 0 for k, v in rep.values.items() if k.endswith(".total")
                        and k.split(".")[1] not in ("new_received", "total_processed")))
    rep, body = _render(seed, fmt)
    ex = read_document(body, rep.file)
    _assert_read_back(ex, rep.values)
    blank = sorted(k for k, v in rep.values.items() if v is None)
    skipped = {c.scope: c.message for c in ex.checks if c.check == "sec3_row_total"
               and c.status == "skipped"}
    assert sorted(f"sec3.{scope}.total" for scope in skipped) == blank
    row = blank[0].split(".")[1]
    parts = sum(rep.values[f"sec3.{row}.{c}"] for c in
                ("natural_person", "commercial", "research", "public_interest",
                 "legal_services", "other_org"))
    assert skipped[row] == f"{blank[0]} is left blank though its parts add up to {parts:g}: " \
                           "not read as 0"


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("place", ["page_title", "none"])
def test_a_report_titled_elsewhere_or_not_at_all_is_told_by_its_tables(fmt, place):
    """A page that prints its title only in <title> (after it the site's name), or a report
    with no title: the template's tables make it a report, its keys are read, and a section
    heading (一、总体情况) is not taken for its title."""
    rng = random.Random(3)
    rep = make_report(rng, f"untitled.{fmt}", unfilled=True)
    rep.variant.title_place = place
    ex = read_document(RENDERERS[fmt](rep, rng), rep.file)
    _assert_read_back(ex, rep.values)
    assert ex.document.title == _printed_title(rep, fmt)
    assert (ex.document.period_start, ex.document.period_end) == (
        dt.date(rep.year, 1, 1), dt.date(rep.year, 12, 31))


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_one_wrong_number_fails_exactly_its_rules(fmt):
    rep, _ = _render(5, fmt)
    rep.values["sec3.total_processed.natural_person"] += 1
    rep.values["sec4.review.total"] += 2
    body = RENDERERS[fmt](rep, random.Random(0))
    ex = read_document(body, rep.file)
    failing = sorted((c.check, c.scope) for c in ex.checks if c.status == "fail")
    assert failing == [("sec3_balance", "natural_person"), ("sec3_outcomes_sum", "natural_person"),
                       ("sec3_row_total", "total_processed"), ("sec4_totals", "review")]
    by_scope = {(c.check, c.scope): c for c in ex.checks}
    review = by_scope[("sec4_totals", "review")]
    assert review.actual == review.expected - 2


REGRESSION = sorted(CORPUS.glob("truth/annual_*.json"))  # text, web page and PDF samples


@pytest.mark.parametrize("truth_file", REGRESSION, ids=[p.stem for p in REGRESSION])
def test_committed_samples_match_their_truth(truth_file):
    truth = json.loads(truth_file.read_text("utf-8"))
    path = CORPUS / "samples" / truth["file"]
    ex = read_document(path.read_bytes(), str(path))
    _assert_read_back(ex, truth["values"])
    assert ex.document.title == truth["title"]


def test_regression_set_is_committed():
    assert len(REGRESSION) >= 8


def test_readme_query_lists_each_report_and_rule_that_fails(tmp_path):
    """The README's query, run as printed on a real warehouse: one report with two
    wrong totals among consistent ones."""
    import re

    import duckdb

    from tongbao.pipelines.batch import run

    folder = tmp_path / "in"
    folder.mkdir()
    for seed in (1, 2):
        rep, body = _render(seed, "txt")
        (folder / f"ok_{seed}.txt").write_bytes(body)
    rep, _ = _render(5, "html")
    rep.values["sec3.total_processed.natural_person"] += 1
    (folder / "wrong.html").write_text(render_html(rep, random.Random(0)), encoding="utf-8")
    run([str(folder)], str(tmp_path / "wh"), log=lambda _m: None)

    readme = (CORPUS.parent / "README.md").read_text("utf-8")
    sql = re.search(r"```sql\n-- annual-reports-failing-checks\n(.*?)```", readme, re.S)[1]
    con = duckdb.connect(str(tmp_path / "wh" / "warehouse.duckdb"), read_only=True)
    rows = con.execute(sql).fetchall()
    con.close()
    assert [(r[0].endswith(rep.issuer), r[1], r[2], r[3], r[6].endswith("wrong.html"))
            for r in rows] == [
        (True, rep.year, "sec3_balance", "natural_person", True),
        (True, rep.year, "sec3_outcomes_sum", "natural_person", True),
        (True, rep.year, "sec3_row_total", "total_processed", True)]
