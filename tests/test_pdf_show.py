"""`tongbao show FILE --page N --png OUT`: the detected grid drawn over the rendered page."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from tongbao.extract.document import read_document
from tongbao.pipelines.overlay import SCALE, VALUE

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
TONGBAO = Path(sys.executable).parent / "tongbao"


def _table_pdf() -> bytes:
    rows = [["单位", "信息发布", "政策解读", "合计"], ["教育局", "3", "4", "7"],
            ["民政局", "5", "1", "6"], ["合计", "8", "5", "13"]]
    buf = io.BytesIO()
    table = Table(rows, colWidths=[120, 80, 80, 80], rowHeights=24)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 11),
                               ("GRID", (0, 0), (-1, -1), 0.8, "black")]))
    SimpleDocTemplate(buf, pagesize=A4).build([table])
    return buf.getvalue()


@pytest.mark.parametrize("stored", ["plainly", "turned by /Rotate", "sideways"])
def test_png_outlines_every_cell_and_prints_the_numbers(tmp_path, stored):
    """Drawn on the page as read: a page printed sideways (no /Rotate) is read turned
    upright, and the picture is turned the same way, so every outline falls on its cell."""
    from tongbao.corpus.pdf_faults import stored_turned

    body = _table_pdf() if stored == "plainly" else stored_turned(
        _table_pdf(), [90], sideways=stored == "sideways")
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(body)
    ex = read_document(pdf.read_bytes(), str(pdf))
    assert [(r.unit, r.metric, r.value) for r in ex.records][:3] == [
        ("教育局", "信息发布", 3.0), ("教育局", "政策解读", 4.0), ("教育局", "合计", 7.0)]
    out = tmp_path / "p1.png"
    proc = subprocess.run([str(TONGBAO), "show", str(pdf), "--page", "1", "--png", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "page 1: 16 cells drawn" in proc.stderr
    image = Image.open(out).convert("RGB")
    assert image.size == (round(A4[0] * SCALE), round(A4[1] * SCALE))  # upright, not landscape
    cell = next(c for c in ex.cells if c.text == "7")  # a value cell: outlined in green
    x0, top, x1, bottom = (v * SCALE for v in cell.bbox)
    left_edge = [image.getpixel((int(x0) + dx, int((top + bottom) / 2))) for dx in range(0, 2)]
    assert VALUE in left_edge


def test_png_on_a_page_that_does_not_exist(tmp_path):
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(_table_pdf())
    proc = subprocess.run([str(TONGBAO), "show", str(pdf), "--page", "9", "--png",
                           str(tmp_path / "x.png")], capture_output=True, text=True)
    assert proc.returncode == 2 and "the PDF has pages 1-1, not 9" in proc.stderr
