"""Write extract/data/lone_glyph.pdf: one 类 alone, in STSong-Light, not embedded.

The PDF reader asks PDFium once per process whether it can measure such a glyph
(extract/readers/pdf/objects.py, pdfium_drops_lone_glyphs): where this machine has no
font for the script, PDFium gives the glyph no width and its text page drops it, and
only then are a page's text objects looked at one by one. Run again only to change it:

    .venv/bin/python tools/build_glyph_probe.py
"""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

OUT = Path(__file__).resolve().parents[1] / "extract" / "data" / "lone_glyph.pdf"


def main() -> None:
    rl_config.invariant = 1  # no date or random id: the same bytes every run
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    canvas = Canvas(str(OUT), pagesize=(60, 40))
    canvas.setFont("STSong-Light", 12)
    canvas.drawString(20, 15, "类")
    canvas.save()


if __name__ == "__main__":
    main()
