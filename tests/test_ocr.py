"""Scanned pages: read offline by the OCR engine's bundled models, their tables rebuilt
from the ruling lines in the image, every number either right, NULL, or in a failing
check. Kept to a few pages: OCR takes seconds a page (benchmarks/bench_ocr.py)."""

from __future__ import annotations

import io
import json
import random
import socket
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from tests.conftest import SHARED
from tongbao.corpus.generate import make_notice
from tongbao.corpus.office import as_printed, notice_doc
from tongbao.corpus.scan import scan, to_pdf
from tongbao.extract.document import read_document
from tongbao.extract.readers.ocr import engine as ocr_engine
from tongbao.normalize.text import match_key

try:
    MODELS = ocr_engine.model_files()
except ocr_engine.OcrUnavailable:
    MODELS = None
pytestmark = pytest.mark.skipif(MODELS is None, reason="the OCR extra is not installed "
                                "(pip install 'tongbao[ocr]'; make test installs it)")


@cache
def _scanned_notice(seed: int, issuer: str | None = None):
    rng = random.Random(seed)
    truth = make_notice(rng, f"scan{seed}", wrong_fraction=0.2)
    truth.issuer = issuer or truth.issuer
    doc = notice_doc(truth)
    text_pdf = to_pdf(doc)
    return truth, doc, text_pdf, scan(text_pdf, rng)


def test_the_models_ship_inside_the_package():
    import rapidocr

    package = Path(rapidocr.__file__).parent
    assert set(MODELS) == {"Det", "Rec", "Cls"}
    for path in MODELS.values():
        assert path.is_relative_to(package) and path.stat().st_size > 100_000


def test_nothing_is_fetched_at_run_time(monkeypatch):
    """A fresh engine, with the network unreachable and rapidocr's downloader booby-trapped,
    reads a scanned page: the models come from the wheel, by path."""
    from rapidocr.utils.download_file import DownloadFile

    def no_network(*args, **kwargs):
        raise AssertionError("OCR tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(DownloadFile, "run", no_network)
    ocr_engine.engine.cache_clear()
    try:
        _, _, _, scanned = _scanned_notice(3)
        one_page = _first_page(scanned)
        ex = read_document(one_page, "page.pdf")
    finally:
        ocr_engine.engine.cache_clear()
    assert ex.document.status == "ok" and ex.tables[0].method == "ocr"


def _first_page(pdf: bytes) -> bytes:
    return _pages([(pdf, 0)])


def _pages(parts: list[tuple[bytes, int]]) -> bytes:
    out = pdfium.PdfDocument.new()
    for data, index in parts:
        out.import_pages(pdfium.PdfDocument(data), [index])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _cells_right(ex, doc) -> tuple[int, int, list]:
    got = {(c.table_id, c.row, c.col): c.text for c in ex.cells}
    right, total, wrong = 0, 0, []
    for table_id, table in enumerate(doc.tables, start=1):
        for (row, col), text in as_printed(table.grid).items():
            if not text:
                continue
            total += 1
            read = got.get((table_id, row, col))
            if read is not None and match_key(read) == match_key(text):
                right += 1
            else:
                wrong.append((table_id, row, col, text, read))
    return right, total, wrong


# An issuer printed with a look-alike character, as OCR misreads it (seed 003 has it too):
# the unit registry and gazetteer's look-alike logic (normalize/) places it in 瀍河.
MISREAD_ISSUER = "灤河回族区人民政府办公室"


def test_generated_scans_read_right_or_say_so():
    """Two scanned notices (four pages: noise, blur, a turn of up to a degree): at least
    99 % of the printed cells read exactly, the checks those of the text-layer PDF, and
    no wrong number sits silently in a table whose checks pass."""
    right = total = 0
    for seed, issuer in ((6, None), (10, MISREAD_ISSUER)):
        truth, doc, text_pdf, scanned = _scanned_notice(seed, issuer)
        ex = read_document(scanned, f"scan{seed}.pdf")
        assert ex.document.status == "ok" and {t.method for t in ex.tables} == {"ocr"}
        r, t, _ = _cells_right(ex, doc)
        right, total = right + r, total + t
        want = {(c["table_id"], c["check"], c["scope"]): c["status"]
                for c in truth.expected_checks()}
        fails = {(c.table_id, c.check, c.scope) for c in ex.checks if c.status == "fail"}
        # Every value read wrong is NULL or sits in a failing check of its table.
        printed = {(t_id, row, col): text for t_id, table in enumerate(doc.tables, 1)
                   for (row, col), text in as_printed(table.grid).items()}
        for rec in ex.records:
            true = printed.get((rec.table_id, rec.row, rec.col))
            if rec.value is not None and match_key(rec.value_raw) != match_key(true or ""):
                # its row's total or the table's grand total fails
                assert fails & {(rec.table_id, check, scope) for check in (
                    "subtotal", "score_total", "total") for scope in (rec.unit_raw, "合计")}, \
                    (rec.value_raw, true)
        assert {k for k, s in want.items() if s == "fail"} <= fails
        if issuer:
            assert ex.document.jurisdiction == "河南省洛阳市瀍河回族区"
            # the departments are the district's, or a 市 unit the city's above it
            departments = {r.jurisdiction for r in ex.records if r.table_id == 2}
            assert "河南省洛阳市瀍河回族区" in departments
            assert departments <= {"河南省洛阳市瀍河回族区", "河南省洛阳市"}
    assert right / total >= 0.99, (right, total)


def _seed_of_a_table_running_onto_page_2() -> int:
    """The first generated notice of two pages whose first table ends on page 1 and whose
    second runs from page 1 onto page 2 (found, not fixed: the generator's draws change)."""
    for seed in range(6, 200):
        truth = make_notice(random.Random(seed), f"scan{seed}", wrong_fraction=0.2)
        ex = read_document(to_pdf(notice_doc(truth)), "t.pdf")
        if ex.document.n_pages == 2 and [(t.page_first, t.page_last) for t in ex.tables] == \
                [(1, 1), (1, 2)]:
            return seed
    raise AssertionError("no generated notice of that layout among 194 seeds")


def test_a_mixed_pdf_keeps_its_text_pages():
    """Page 1 with its text layer, page 2 a scan: only page 2 is OCR'd, and the table that
    runs from one onto the other is still one table."""
    truth, doc, text_pdf, scanned = _scanned_notice(_seed_of_a_table_running_onto_page_2())
    ex = read_document(_pages([(text_pdf, 0), (scanned, 1)]), "mixed.pdf")
    assert ex.document.status == "ok" and len(ex.tables) == len(doc.tables)
    for table in ex.tables:
        assert table.method == ("pdf-ruled" if table.page_last == 1 else "ocr")
    assert {t.method for t in ex.tables} == {"pdf-ruled", "ocr"}
    assert {r.confidence is None for r in ex.records if r.page == 1} == {True}
    assert {r.confidence is not None for r in ex.records if r.page == 2} == {True}
    # (engine_choice records which PDF engine's reading was kept: no rule of the document)
    assert sorted((c.table_id, c.check, c.scope, c.status) for c in ex.checks
                  if c.check != "engine_choice") == sorted(
        (c["table_id"], c["check"], c["scope"], c["status"]) for c in truth.expected_checks())


def _blank_and_text_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("Helvetica", 12)
    c.drawString(72, 760, "Notice 2023")
    c.showPage()
    c.showPage()  # nothing on it
    c.save()
    return buf.getvalue()


def test_a_blank_page_is_blank_not_a_scan():
    d = read_document(_blank_and_text_pdf(), "with-blank.pdf").document
    assert (d.status, d.error, d.n_pages) == ("ok", None, 2)


def test_without_the_engine_a_scan_says_how_to_get_one(monkeypatch):
    def missing():
        raise ocr_engine.OcrUnavailable(f"no OCR engine is installed ({ocr_engine.INSTALL})")

    monkeypatch.setattr(ocr_engine, "model_files", missing)
    ocr_engine.engine.cache_clear()
    try:
        _, _, text_pdf, scanned = _scanned_notice(6)
        d = read_document(_pages([(text_pdf, 0), (scanned, 1)]), "mixed.pdf").document
    finally:
        ocr_engine.engine.cache_clear()
    assert d.status == "partial"
    assert d.error == ("no text layer on page 2: the page is an image, OCR is needed "
                       "(pip install 'tongbao[ocr]')")


def test_a_scanned_annual_report_is_keyed_like_its_original():
    """../shared/real/pdf/hzq2023_working.pdf rasterised here (noise, blur, a small turn):
    every key of the hand-checked truth read as from the text layer."""
    path = SHARED / "real" / "pdf" / "hzq2023_working.pdf"
    if not path.exists():
        pytest.skip("../shared/real/pdf/hzq2023_working.pdf is not here")
    truth = json.loads((SHARED / "real" / "truth" / "hzq2023_working.json").read_text("utf-8"))
    scanned = scan(path.read_bytes(), random.Random(2023), max_angle=0.8)
    ex = read_document(scanned, "hzq2023_scanned.pdf")
    assert ex.document.doc_kind == "annual_report"
    assert {t.method for t in ex.tables} == {"ocr"}
    got = {r.key: r.value for r in ex.records if r.key}
    wrong = {k: (got.get(k), v) for k, v in truth["values"].items() if got.get(k) != v}
    assert wrong == {}
    for key in truth.get("ambiguous_keys", {}):
        assert got.get(key) is None, key


CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.mark.parametrize("truth_file", sorted((CORPUS / "truth").glob("every_format_*.json")),
                         ids=lambda p: p.stem)
def test_committed_scan_sample_matches_its_truth(truth_file):
    """The scanned sample `make extract` reads: title, issuer, dates, every leaf count
    and every check as the truth says (the other formats: tests/test_office.py)."""
    from tests.test_generated_notices import _assert_matches

    truth = json.loads(truth_file.read_text("utf-8"))
    path = CORPUS / "samples" / f"{truth_file.stem}_scan.pdf"
    ex = read_document(path.read_bytes(), str(path))
    assert {t.method for t in ex.tables} == {"ocr"}
    _assert_matches(ex, truth)


def test_ocr_out_of_memory_under_the_workers_cap_is_reported_as_memory(tmp_path):
    """A scanned page read under a --max-memory-mb too small for OCR: onnxruntime's
    std::bad_alloc ends as the row that names the limit to raise, not an internal error;
    and with the default limit the same page reads (the OCR libraries' own mappings are
    part of a worker's start, not of what a file may add)."""
    import subprocess
    import sys

    import duckdb

    scan_pdf = Path(__file__).resolve().parents[1] / "corpus/samples/every_format_000_scan.pdf"
    tongbao = Path(sys.executable).parent / "tongbao"
    rows = {}
    for mb in (256, 4096):
        out = tmp_path / f"wh{mb}"
        p = subprocess.run([str(tongbao), "extract", str(scan_pdf), "--out", str(out),
                            "--workers", "1", "--max-memory-mb", str(mb)],
                           capture_output=True, text=True, timeout=600)
        assert p.returncode == 0, p.stderr[-2000:]
        con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
        rows[mb] = con.execute("SELECT status, error FROM documents").fetchone()
        con.close()
    assert rows[256][0] == "failed" and rows[256][1].startswith(
        "reading it needed more than the 256 MB a worker may add (--max-memory-mb)"), rows[256]
    assert rows[4096] == ("ok", None)


def _grid_lines(xs: list[float], ys: list[float]) -> list[dict]:
    return [{"x0": xs[0], "x1": xs[-1], "top": y, "bottom": y} for y in ys] + \
        [{"x0": x, "x1": x, "top": ys[0], "bottom": ys[-1]} for x in xs]


def _word(text: str, col: int, row: int) -> dict:
    x, y = 10 + 40 * col, 10 + 20 * row
    return {"text": text, "x0": x + 15, "x1": x + 25, "top": y + 5, "bottom": y + 15}


def test_a_dash_read_as_yi_alone_in_a_cell_is_a_dash():
    """The engine reads — (a zero some tables print so) as 一, the same stroke. Alone in a
    ruled cell it is the dash, but not in a column numbering its rows 一, 二, 三."""
    from tongbao.extract.readers.ocr.page import _dashes_alone_in_cells

    lines = _grid_lines([10, 50, 90, 130], [10, 30, 50, 70])
    chars = [_word("一", 0, 0), _word("一", 1, 0), _word("12", 2, 0),
             _word("二", 0, 1), _word("7", 1, 1), _word("一", 2, 1),
             _word("三", 0, 2), _word("一", 1, 2), _word("5", 2, 2)]
    _dashes_alone_in_cells(chars, lines)
    assert [c["text"] for c in chars] == ["一", "—", "12", "二", "7", "—", "三", "—", "5"]


def test_a_scanned_annual_report_printing_zeros_as_dashes_reads_whole():
    """A generated report printing its zeros as — (the engine reads 一), scanned: every value
    read, no check failing. Read as 一, those cells had cut the request table in two."""
    from tongbao.corpus.annual import make_report
    from tongbao.corpus.annual_pdf import render_pdf

    rng = random.Random(1)
    rep = make_report(rng, "annual.pdf")
    assert rep.variant.zero == "—"
    ex = read_document(scan(render_pdf(rep, rng), random.Random(1)), "annual_scanned.pdf")
    assert {t.method for t in ex.tables} == {"ocr"}
    assert {r.key: r.value for r in ex.records if r.key} == rep.values
    assert [c for c in ex.checks if c.status == "fail"] == []
