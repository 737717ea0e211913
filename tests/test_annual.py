"""Annual reports: every key equal to the hand-checked truth, every template rule checked."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED
from tongbao.corpus.annual_2008 import statistics_page
from tongbao.extract.document import read_document

REAL = SHARED / "real"
CASES = [("seeds/003_205104d3919f452a.txt", "003_205104d3919f452a.json"),
         ("real/pdf/hzq2023_working.pdf", "hzq2023_working.json"),
         ("real/html/pingtan_annual-report-2024_page.html", "pingtan_annual-report-2024_page.json"),
         *[(f"real/text/pingtan_annual-report-{y}_page.txt", f"pingtan_annual-report-{y}_page.json")
           for y in (2019, 2021, 2022)]]


def _read(relative: str):
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"../shared/{relative} is not here")
    return read_document(path.read_bytes(), str(path))


@pytest.mark.parametrize("source,truth_file", CASES, ids=[c[1] for c in CASES])
def test_every_key_equals_the_truth(source, truth_file):
    ex = _read(source)
    truth = json.loads((REAL / "truth" / truth_file).read_text("utf-8"))
    assert ex.document.doc_kind == truth["doc_kind"] == "annual_report"
    keys = [r.key for r in ex.records if r.key]
    assert len(keys) == len(set(keys)), "a key assigned twice"
    got = {r.key: r.value for r in ex.records if r.key}
    ambiguous = truth.get("ambiguous_keys", {})
    for key, value in truth["values"].items():
        assert got.get(key) == value, key
    for key in ambiguous:
        assert got.get(key) is None, key
    # Keys this project adds for the 2019 layout (sec2_2019.*) are not in the truth files.
    assert {k for k in got if not k.startswith("sec2_2019.")} <= set(truth["values"]) | set(ambiguous)
    in_template = [r for r in ex.records if r.table_id in {x.table_id for x in ex.records if x.key}]
    assert all(r.key for r in in_template), "a value inside the template's tables left unkeyed"
    failing = sorted(f"{c.check}:{c.scope}" for c in ex.checks if c.status == "fail")
    assert failing == sorted(truth["failing_checks"])


def test_report_metadata():
    ex = _read("real/pdf/hzq2023_working.pdf")
    d = ex.document
    assert (d.period_start.isoformat(), d.period_end.isoformat()) == ("2023-01-01", "2023-12-31")
    assert d.jurisdiction == "江苏省淮安市洪泽区"
    # its heading is set on two lines, broken before the year (洪泽区人民政府 / 2023 年…)
    assert d.title == "洪泽区人民政府2023年政府信息公开工作年度报告"


@pytest.mark.parametrize("title, kind", [
    ("平潭综合实验区地方税务局2013年信息公开年度报告", "annual_report"),  # real (2013)
    ("洪泽区2023年政务公开工作年度报告", "annual_report"),
    ("洪泽区人民政府2012年政府信息公开工作报告", "annual_report"),
    ("洪泽区人民政府2023年政府信息公开工作年度报告", "annual_report"),
    ("关于2014年政府信息公开工作要点落实情况的函", "notice"),
])
def test_an_annual_report_without_the_template_is_known_by_its_title(title, kind):
    """Reports before the 2019 template, or a department's, print no template table: their
    title alone says what they are, under any of the names the report goes by (before, a
    信息公开年度报告 or a 政务公开工作年度报告 was `other`)."""
    text = f"{title}\n\n一、概述\n2013年，我局共主动公开政府信息171条，受理申请12件。\n"
    d = read_document(text.encode(), "report.txt").document
    assert (d.title, d.doc_kind) == (title, kind)




def test_web_page_metadata_and_body_only():
    ex = _read("real/html/pingtan_annual-report-2024_page.html")
    d = ex.document
    assert (d.format, d.title) == ("html", "平潭综合实验区2024年度政府信息公开工作年度报告")
    assert d.issuer == "平潭综合实验区管委会办公室" and d.issue_date.isoformat() == "2025-03-10"
    assert [t.title for t in ex.tables] == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                            "四、政府信息公开行政复议、行政诉讼情况"]
    cells = {(c.table_id, c.row, c.col): c for c in ex.cells}
    assert cells[(2, 0, 0)].row_span == 3 and cells[(2, 0, 0)].col_span == 3
    assert cells[(2, 2, 6)].text == "社会公益组织"  # "社会公益 组织" split over lines


def test_glued_cells_with_several_readings_stay_empty_with_their_candidates():
    ex = _read("real/text/pingtan_annual-report-2021_page.txt")
    by_key = {r.key: r for r in ex.records if r.key}
    issued = by_key["sec2.normative_docs.issued"]
    assert issued.value is None and issued.value_raw == "?(6|69|693|6936)"
    splits = {c.scope: c.message for c in ex.checks if c.check == "glued_split"}
    assert splits["sec2.normative_docs.in_force"] == "the glued cells allow 4 readings: 5, 65, 665, 3665"
    assert by_key["sec3.new_received.total"].value == 70


@pytest.mark.parametrize("seed", range(6))
def test_a_report_page_holding_none_of_its_tables_says_so(seed):
    """A crawled page of an annual report whose body is the title and a link to the report
    as a .doc (real: 平潭综合实验区公安局 2020): read, no figure, and a skipped
    no_template_tables check saying where the figures may be; the report itself, rendered
    whole, carries no such note."""
    import random

    from tongbao.corpus.annual import make_report, render_text
    from tongbao.corpus.annual_glued import render_attachment_page

    rep = make_report(random.Random(seed), "r.txt")
    page = render_attachment_page(rep, random.Random(seed))
    ex = read_document(page.encode("utf-8"), "page.txt")
    assert (ex.document.status, ex.document.doc_kind, ex.records) == ("ok", "annual_report", [])
    assert [(c.check, c.scope, c.status) for c in ex.checks] == [
        ("no_template_tables", "file", "skipped")]
    whole = read_document(render_text(rep, random.Random(seed)).encode("utf-8"), "r.txt")
    assert whole.records and not [c for c in whole.checks if c.check == "no_template_tables"]
    # The same page for a year before the national template (2019) says so instead: such a
    # report prints a statistics table of its own (real: 平潭 2016, 2018), no link missed.
    rep.year, rep.title = 2017, rep.title.replace(str(rep.year), "2017")
    old = read_document(render_attachment_page(rep, random.Random(seed)).encode("utf-8"),
                        "page.txt")
    assert [c.message.split(":")[0] for c in old.checks if c.check == "no_template_tables"] \
        == ["an annual report for 2017, before the national template of 2019"]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), year=st.integers(2008, 2018))
def test_a_statistics_table_before_the_template_reads_no_figure_under_another_column(seed, year):
    """A pre-2019 report's table (指标名称 计量单位 2014年度 历年累计, rows 主动公开文件数 条
    2543 78967): the crawl glues each row's measure word to its name, and the year's
    figure was read under 历年累计, all years' under the first row's name (5 real 平潭
    reports). A figure is read under its own column, or not at all (kept as cells)."""
    text, rows = statistics_page(random.Random(seed), year)
    ex = read_document(text.encode("utf-8"), "old.txt")
    assert ex.document.doc_kind == "annual_report"
    right = {(name, col, float(v)) for name, a, b in rows
             for col, v in ((f"{year}年度", a), ("历年累计", b))}
    read = {(r.path[0], r.path[-1], r.value) for r in ex.records if r.value is not None}
    assert read <= right
    assert [c for c in ex.checks if c.status == "fail"] == []
