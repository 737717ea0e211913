"""Bad PDFs, made here with reportlab and pikepdf: each ends as a clear documents row."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tongbao.extract.document import read_document
from tongbao.extract.readers.ocr.engine import OcrUnavailable, model_files
from tongbao.pipelines.batch import run

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # reportlab's CJK font, text extractable


def _pdf(pages: int, image_pages: set[int] = frozenset(), ruled_pages: set[int] = frozenset()
         ) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(1, pages + 1):
        if i in image_pages:  # a scan: an image of paint, no text
            c.drawImage(ImageReader(Image.new("L", (300, 300), 40)), 100, 100, 300, 300)
        elif i in ruled_pages:  # a table's empty last row run onto a page of its own
            c.rect(72, 700, 450, 20)
            c.line(300, 700, 300, 720)
        else:
            c.setFont("STSong-Light", 14)
            c.drawString(72, 760, "关于2023年第一季度政务公开工作情况的通报")
            c.setFont("STSong-Light", 11)
            c.drawString(72, 730, f"第{i}页。各单位要进一步加强政务公开工作。")
        c.showPage()
    c.save()
    return buf.getvalue()


def _encrypted(data: bytes, user: str) -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user=user, owner="owner-secret", R=6))
    return out.getvalue()


def test_a_good_pdf_reads():
    ex = read_document(_pdf(2), "good.pdf")
    d = ex.document
    assert (d.status, d.n_pages, d.title) == ("ok", 2, "关于2023年第一季度政务公开工作情况的通报")


def test_encrypted_with_a_user_password_fails_clearly():
    d = read_document(_encrypted(_pdf(1), user="open-sesame"), "locked.pdf").document
    assert d.status == "failed" and d.format == "pdf"
    assert "encrypted with a password" in d.error and "qpdf --decrypt" in d.error


def test_encrypted_without_a_user_password_reads():
    """Owner-password only (printing or copying restricted): the text is there to read."""
    d = read_document(_encrypted(_pdf(1), user=""), "restricted.pdf").document
    assert d.status == "ok" and d.title == "关于2023年第一季度政务公开工作情况的通报"


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_truncated(keep):
    data = _pdf(3)
    d = read_document(data[:int(len(data) * keep)], "cut.pdf").document
    assert d.status in ("failed", "partial")
    assert d.error and ("truncated or damaged" in d.error or "could not be read" in d.error)


def test_zero_pages():
    out = io.BytesIO()
    pikepdf.new().save(out)
    d = read_document(out.getvalue(), "empty.pdf").document
    assert (d.status, d.error) == ("failed", "the PDF has no pages")


def test_not_a_pdf_at_all():
    d = read_document(bytes(range(256)) * 20, "download.pdf").document
    assert d.status == "failed" and "no %PDF- header" in d.error


def test_a_web_page_saved_as_pdf_is_read_as_what_it_is():
    d = read_document("<html><body><p>404 页面不存在</p></body></html>".encode(), "a.pdf").document
    assert d.format == "html"


def test_a_thousand_pages():
    d = read_document(_pdf(1200), "long.pdf").document
    assert (d.status, d.n_pages) == ("ok", 1200)


def test_pages_without_text_say_which():
    """Pages of paint and no text: OCR reads them and finds nothing, and says so (without
    the OCR extra: tests/test_ocr.py)."""
    ex = read_document(_pdf(8, image_pages={2, 3, 4, 7}), "scan.pdf")
    d = ex.document
    assert d.status == "partial"
    try:
        model_files()
        assert d.error == "pages 2-4, 7 are images in which OCR found no text"
    except OcrUnavailable:
        assert d.error == ("no text layer on pages 2-4, 7: the pages are images, OCR is "
                           "needed (pip install 'tongbao[ocr]')")
    assert d.title == "关于2023年第一季度政务公开工作情况的通报"  # the other pages still read


def test_a_page_drawn_in_rules_only_is_no_scan():
    """Nothing but a ruled empty row on a page (real: a 财政局 决算's table ran one empty row
    onto a page of its own): no image, no curve, so nothing OCR could read - no scan that
    OCR failed on (it said 'page 14 is an image in which OCR found no text', 'partial')."""
    d = read_document(_pdf(3, ruled_pages={2}), "ruled.pdf").document
    assert (d.status, d.error, d.n_pages) == ("ok", None, 3)


def test_a_batch_of_bad_pdfs_keeps_every_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.pdf").write_bytes(_pdf(1))
    (folder / "locked.pdf").write_bytes(_encrypted(_pdf(1), user="x"))
    (folder / "cut.pdf").write_bytes(_pdf(2)[:500])
    (folder / "scan.pdf").write_bytes(_pdf(2, image_pages={1, 2}))
    stats = run([str(folder)], str(tmp_path / "wh"), workers=2, log=lambda _m: None)
    assert (stats.read, stats.failed) == (4, 2)
