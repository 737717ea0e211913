"""Word and Excel files: the seed notice's tables as a DOCX notice and an XLSX workbook,
generated notices in every format, and what a spreadsheet stores (numbers, formulas,
merged ranges, title rows)."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import read_seed, seed_path
from tests.test_generated_notices import _assert_matches
from tongbao.corpus.generate import make_notice, render_text
from tongbao.corpus.office import Doc, Table, merged, notice_doc, to_docx, to_html, to_xlsx
from tongbao.corpus.scan import to_pdf
from tongbao.extract.document import read_document
from tongbao.extract.readers.office.convert import convert, soffice
from tongbao.extract.readers.sniff import sniff_format
from tongbao.extract.readers.text.reader import read_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _seed_doc() -> Doc:
    """Seed 000 as its author had it in Word: the notice's text, then each attachment
    table with its merged cells (a unit over its rows, its total beside them)."""
    content = read_text(seed_path("000").read_bytes(), "seed.txt")
    captions = []
    for grid in content.grids:
        head, _, rest = grid.title.partition(" ")
        captions.append([head, rest])
    caption_lines = {line for pair in captions for line in pair}
    doc = Doc([line for line in content.prose if line.replace(" ", "") not in caption_lines])
    doc.tables = [Table(caption, merged(grid)) for caption, grid in zip(captions, content.grids,
                                                                        strict=True)]
    return doc


def _records(ex) -> list[tuple]:
    return sorted((r.table_id, r.row, r.col, r.unit_raw, r.unit, tuple(r.path), r.value,
                   r.value_raw, r.is_total) for r in ex.records)


def _checks(ex, tables_only: bool = False) -> list[tuple]:
    return sorted((c.table_id or 0, c.check, c.scope, c.expected, c.actual, c.status)
                  for c in ex.checks if c.table_id is not None or not tables_only)


def test_seed000_as_a_word_notice_reads_as_the_text_seed():
    text = read_seed("000")
    ex = read_document(to_docx(_seed_doc()), "seed000.docx")
    d = ex.document
    assert (d.format, d.status, d.error) == ("docx", "ok", None)
    assert (d.title, d.issuer, d.issue_date, d.period_start, d.period_end) == (
        text.document.title, text.document.issuer, text.document.issue_date,
        text.document.period_start, text.document.period_end)
    assert [(t.title, t.method, t.n_rows, t.n_cols) for t in ex.tables] == [
        (t.title, "docx", t.n_rows, t.n_cols) for t in text.tables]
    assert _records(ex) == _records(text)
    assert _checks(ex) == _checks(text)
    assert [(f.subject, f.value) for f in ex.facts] == [(f.subject, f.value) for f in text.facts]
    _every_total_passes(ex)
    # The merges came through: 解放路 over its 9 rows, its total 28 beside them.
    spans = {(c.table_id, c.text): (c.row_span, c.col_span) for c in ex.cells}
    assert spans[(1, "解放路街道办事处")] == (9, 1) and spans[(1, "28")] == (9, 1)
    assert spans[(1, "社会救助领域")] == (1, 2) and spans[(1, "基层政务公开专题")] == (1, 2)


def test_seed000_attachments_as_a_workbook_read_as_the_text_seed():
    text = read_seed("000")
    data = to_xlsx(_seed_doc())
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["附件1", "附件2"] and book["附件1"].merged_cells.ranges
    ex = read_document(data, "seed000_attachments.xlsx")
    assert (ex.document.format, ex.document.status, ex.document.n_pages) == ("xlsx", "ok", 2)
    assert [(t.title, t.method, t.n_rows, t.n_cols, t.page_first) for t in ex.tables] == [
        (t.title, "xlsx", t.n_rows, t.n_cols, i) for i, t in enumerate(text.tables, start=1)]
    assert [(r[:3], r[3:]) for r in _records(ex)] == [(r[:3], r[3:]) for r in _records(text)]
    assert _checks(ex) == _checks(text, tables_only=True)
    _every_total_passes(ex)


def _every_total_passes(ex) -> None:
    subtotals = [c for c in ex.checks if c.check == "subtotal"]
    assert [c.expected for c in subtotals if c.table_id == 1] == [
        28, 24, 23, 20, 20, 18, 18, 17, 16, 14]
    assert [c.expected for c in subtotals if c.table_id == 2] == [
        96, 31, 29, 28, 25, 24, 15, 14, 13, 13, 11, 10, 10, 9, 7, 7, 7, 5, 3, 2, 2, 2, 0]
    grand = [(c.table_id, c.expected, c.actual) for c in ex.checks if c.check == "total"]
    assert grand == [(1, 198, 198), (2, 363, 363)]
    assert all(c.status in ("pass", "skipped") for c in ex.checks)
    assert [c for c in ex.checks if c.status == "skipped"] == []


def _truth(t) -> dict:
    return {**t.__dict__, "units": [u.__dict__ for u in t.units],
            "scores": [s.__dict__ for s in t.scores], "checks": t.expected_checks()}


def _without_engine_choice(ex):
    ex.checks = [c for c in ex.checks if c.check != "engine_choice"]
    return ex


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), wrong=st.sampled_from([0.0, 0.3]))
def test_one_truth_reads_back_from_every_format(seed, wrong):
    """A notice rendered as DOCX, a web page, a PDF and GBK text reads back to its truth;
    its attachments as a workbook to the truth's tables."""
    rng = random.Random(seed)
    t = make_notice(rng, "gen", wrong_fraction=wrong)
    doc, truth = notice_doc(t), _truth(t)
    for name, data in [("gen.docx", to_docx(doc)), ("gen.html", to_html(doc)),
                       ("gen.pdf", to_pdf(doc)),
                       ("gen.txt", render_text(t, rng).encode("gbk"))]:
        _assert_matches(_without_engine_choice(read_document(data, name)), truth)
    book = read_document(to_xlsx(doc), "gen.xlsx")
    assert book.document.status == "ok"
    assert _checks(book) == sorted((c["table_id"], c["check"], c["scope"], c["expected"],
                                    c["actual"], c["status"]) for c in truth["checks"])
    leaves = sorted((r.unit_raw, tuple(r.path[:-1]), r.value) for r in book.records
                    if r.table_id == 1 and not r.is_total)
    assert leaves == sorted((u["name"], tuple(x for x in (d, s) if x), float(v))
                            for u in truth["units"] for d, s, v in u["items"])


def _sheet(rows, merges=(), title="Sheet1") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for ref in merges:
        sheet.merge_cells(ref)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_a_sheet_stores_numbers_not_their_display():
    data = _sheet([["部门网站管理情况"], ["单位名称", "得分A", "得分B", "总分"],
                   ["公安局", 1234, 0.125, 1234.125], ["教育局", 3, 2.5, 5.5],
                   ["注：得分B为比率。"]], merges=["A1:D1"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    book.active["B3"].number_format = "#,##0"
    book.active["C3"].number_format = "0.0%"  # shown as 12.5%
    buf = io.BytesIO()
    book.save(buf)
    ex = read_document(buf.getvalue(), "scores.xlsx")
    (table,) = ex.tables
    assert table.title == "部门网站管理情况" and (table.n_rows, table.n_cols) == (3, 4)
    values = {(r.unit_raw, r.metric): (r.value_raw, r.value) for r in ex.records}
    assert values[("公安局", "得分A")] == ("1234", 1234)
    assert values[("公安局", "得分B")] == ("0.125", 0.125)
    assert [(c.scope, c.status) for c in ex.checks if c.check == "score_total"] == [
        ("公安局", "pass"), ("教育局", "pass")]
    assert ex.document.status == "ok"


def test_formulas_count_by_their_cached_values():
    data = _sheet([["单位名称", "得分A", "得分B", "总分"], ["公安局", 4, 2, "=B2+C2"],
                   ["教育局", 3, 3, "=B3+C3"]], title="附件2")
    # Excel and WPS store each formula's last value beside it; openpyxl does not, so the
    # values are set in the sheet's XML as Excel would have written them.
    data = _with_cached_values(data, {"D2": "6", "D3": "7"})
    ex = read_document(data, "formulas.xlsx")
    assert ex.tables[0].title == "附件2"
    totals = {c.scope: (c.expected, c.actual, c.status) for c in ex.checks}
    assert totals == {"公安局": (6, 6, "pass"), "教育局": (7, 6, "fail")}


def _with_cached_values(data: bytes, cached: dict[str, str]) -> bytes:
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = body.decode("utf-8")
                for ref, value in cached.items():
                    text = re.sub(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>|<v></v>)?',
                                  rf"\1<v>{value}</v>", text)
                body = text.encode("utf-8")
            dst.writestr(info, body)
    return out.getvalue()


def test_format_is_told_by_content_not_name():
    doc = notice_doc(make_notice(random.Random(3), "x"))
    assert sniff_format(to_docx(doc), "attachment.xlsx") == "docx"
    assert sniff_format(to_xlsx(doc), "attachment.doc") == "xlsx"
    assert sniff_format(to_xlsx(doc), "附件.bin") == "xlsx"
    assert sniff_format(b"", "附件.wps") == "doc" and sniff_format(b"", "附件.et") == "xls"
    assert sniff_format(b"", "附件.docm") == "docx" and sniff_format(b"", "附件.xlsm") == "xlsx"
    ex = read_document(to_xlsx(doc), "misnamed.docx")
    assert (ex.document.format, ex.document.status, len(ex.tables)) == ("xlsx", "ok", 2)
    # Sites serve tab-separated text as .xls: it is read as the text it is.
    tsv = "单位名称\t得分A\t得分B\t总分\n公安局\t4\t2\t6\n教育局\t3\t3\t6\n".encode("gbk")
    ex = read_document(tsv, "scores.xls")
    assert ex.document.format == "text"
    assert [(c.scope, c.status) for c in ex.checks] == [("公安局", "pass"), ("教育局", "pass")]


needs_libreoffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed "
                                       "(make system-deps installs it)")


@needs_libreoffice
def test_old_word_and_excel_files_read_as_their_new_twins():
    """DOC and WPS (Word 97 binary, as WPS Office also writes .wps) go through LibreOffice;
    XLS and ET through calamine. Each reads as the DOCX/XLSX it was made from."""
    doc = notice_doc(make_notice(random.Random(8), "old", wrong_fraction=0.3))
    docx, xlsx = read_document(to_docx(doc), "n.docx"), read_document(to_xlsx(doc), "n.xlsx")
    word97 = convert(to_docx(doc), "docx", "doc")
    excel97 = convert(to_xlsx(doc), "xlsx", "xls")
    assert word97.startswith(b"\xd0\xcf\x11\xe0") and excel97.startswith(b"\xd0\xcf\x11\xe0")
    for name, data, twin, kind in [("n.doc", word97, docx, "doc"), ("n.wps", word97, docx, "doc"),
                                   ("n.xls", excel97, xlsx, "xls"), ("n.et", excel97, xlsx, "xls")]:
        ex = read_document(data, name)
        assert (ex.document.format, ex.document.status) == (kind, "ok"), name
        assert _records(ex) == _records(twin), name
        assert _checks(ex) == _checks(twin), name


EVERY_FORMAT = sorted((CORPUS / "truth").glob("every_format_*.json"))


@pytest.mark.parametrize("suffix", [".docx", ".html", ".pdf", "_gbk.txt"])
@pytest.mark.parametrize("truth_file", EVERY_FORMAT, ids=lambda p: p.stem)
def test_committed_samples_of_every_format_match_their_truth(truth_file, suffix):
    """The samples `make extract` reads (python -m tongbao.corpus.scan); the scan is read
    in tests/test_ocr.py, the workbook below."""
    truth = json.loads(truth_file.read_text("utf-8"))
    path = CORPUS / "samples" / f"{truth_file.stem}{suffix}"
    _assert_matches(_without_engine_choice(read_document(path.read_bytes(), str(path))), truth)


@pytest.mark.parametrize("truth_file", EVERY_FORMAT, ids=lambda p: p.stem)
def test_committed_workbook_sample_matches_its_truth(truth_file):
    truth = json.loads(truth_file.read_text("utf-8"))
    path = CORPUS / "samples" / f"{truth_file.stem}.xlsx"
    ex = read_document(path.read_bytes(), str(path))
    assert _checks(ex) == sorted((c["table_id"], c["check"], c["scope"], c["expected"],
                                  c["actual"], c["status"]) for c in truth["checks"])
