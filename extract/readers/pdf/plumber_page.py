"""A pdfplumber page as PdfiumPage gives one (objects.py): set upright, from 0,0.

pdfminer applies a page's /Rotate itself, but keeps positions off by where the page's
box starts (page.bbox) when that is not 0,0, and a page printed sideways (its text
turned, no /Rotate) stays sideways. Both engines' pages must agree: a table read over a
page break by both is one table, and where a cell is must not depend on the engine.
"""

from __future__ import annotations

import math

from tongbao.extract.readers.pdf.objects import sampled, slanted, turned, turning, upright_turn


class PlumberPage:
    """The attributes layout_page reads, from a pdfplumber page."""

    engine = "pdfminer"

    def __init__(self, page):
        self.page = page
        turn = _text_turn(page.chars)
        left, top = page.bbox[:2]
        h = float(page.height)
        m, self.height = turning(turn, float(page.width), h)

        def upright(objects: list[dict]) -> list[dict]:
            """pdfminer's top-down boxes, from the box's corner, turned as PDFium's are."""
            out = []
            for o in objects:
                x0, y0, x1, y1 = turned(m, (o["x0"] - left, h - (o["bottom"] - top),
                                            o["x1"] - left, h - (o["top"] - top)))
                out.append({**o, "x0": x0, "x1": x1, "top": self.height - y1,
                            "bottom": self.height - y0})
            return out

        chars = [ch for ch in page.chars if not slanted(_angle(ch))]  # a watermark's: objects.py
        self.chars, self.lines, self.rects = (
            (chars, page.lines, page.rects) if not (left or top or turn)
            else (upright(chars), upright(page.lines), upright(page.rects)))

    def close(self) -> None:
        self.page.close()


def _text_turn(chars: list[dict]) -> int:
    """The turn that sets the page's text upright (upright_turn), from a sample of its
    characters' text matrices (each turns its character counter-clockwise)."""
    return upright_turn(_angle(chars[k]) for k in sampled(len(chars))
                        if chars[k]["text"].strip()) or 0


def _angle(ch: dict) -> float:
    """Degrees its text matrix turns the character counter-clockwise."""
    m = ch.get("matrix") or (1, 0)
    return math.degrees(math.atan2(m[1], m[0]))
