"""A PDF page's characters, lines and rectangles through pypdfium2, in pdfplumber's shape.

pdfplumber gets them from pdfminer, which interprets the content stream in
Python: 98 % of our time per page. PDFium does the same in C. The dicts carry
the keys our layout reads (text, x0, x1, top, bottom, size; fill, stroke and
colours), with top measured from the top of the page as pdfplumber does.
"""

from __future__ import annotations

import ctypes

import pypdfium2.raw as c

# A path is a rectangle when it is one closed axis-aligned quadrilateral.
_MOVETO, _LINETO = c.FPDF_SEGMENT_MOVETO, c.FPDF_SEGMENT_LINETO


class PdfiumPage:
    """The attributes layout_page reads from a pdfplumber page."""

    def __init__(self, page, number: int):
        self.page_number = number
        width, self.height = page.get_size()
        self.chars = _chars(page, self.height)
        self.lines, self.rects = _paths(page, self.height)

    def close(self) -> None:
        pass


def _chars(page, height: float) -> list[dict]:
    text = page.get_textpage()
    out = []
    try:
        for k in range(text.count_chars()):
            if c.FPDFText_IsGenerated(text.raw, k):  # spaces and line breaks PDFium adds
                continue
            ch = chr(c.FPDFText_GetUnicode(text.raw, k))
            if not ch.strip():
                continue
            left, bottom, right, top = _box(text, k)
            # The loose box is the font's full height: the size as printed (PDFium's own
            # font size leaves out the text matrix's scale).
            out.append({"text": ch, "x0": left, "x1": right, "top": height - top,
                        "bottom": height - bottom, "size": top - bottom})
    finally:
        text.close()
    return out


def _box(text, k: int) -> tuple[float, float, float, float]:
    """The loose box (the font's full line height, as pdfminer gives it), unless PDFium's
    loose box is absurd - it is for some vertically set glyphs - then the glyph's own."""
    loose = text.get_charbox(k, loose=True)
    left, bottom, right, top = text.get_charbox(k)
    if loose[2] - loose[0] <= 4 * (max(right - left, top - bottom) + 1):
        return loose
    half = max(right - left, top - bottom) / 2  # a square glyph around the ink
    middle = (top + bottom) / 2
    return left, middle - half, right, middle + half


def _colour(getter, obj) -> tuple[float, float, float] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj.raw, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _points(obj) -> list[tuple[int, float, float, bool]]:
    """(type, x, y, closes) of every segment, in page space."""
    matrix = obj.get_matrix()
    x, y = ctypes.c_float(), ctypes.c_float()
    out = []
    for i in range(c.FPDFPath_CountSegments(obj.raw)):
        seg = c.FPDFPath_GetPathSegment(obj.raw, i)
        c.FPDFPathSegment_GetPoint(seg, x, y)
        px = matrix.a * x.value + matrix.c * y.value + matrix.e
        py = matrix.b * x.value + matrix.d * y.value + matrix.f
        out.append((c.FPDFPathSegment_GetType(seg), px, py, bool(c.FPDFPathSegment_GetClose(seg))))
    return out


def _paths(page, height: float) -> tuple[list[dict], list[dict]]:
    lines, rects = [], []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(filter=[c.FPDF_PAGEOBJ_PATH], max_depth=1):
        c.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
        style = {"fill": bool(fill.value), "stroke": bool(stroke.value),
                 "non_stroking_color": _colour(c.FPDFPageObj_GetFillColor, obj),
                 "stroking_color": _colour(c.FPDFPageObj_GetStrokeColor, obj)}
        points = _points(obj)
        if _is_rectangle(points):
            left, bottom, right, top = obj.get_bounds()
            rects.append({"x0": left, "x1": right, "top": height - top, "bottom": height - bottom,
                          **style})
            continue
        if not style["stroke"]:
            continue
        # Any other stroked path: each straight segment is a line (a grid drawn in one path).
        start = None
        for kind, x, y, _ in points:
            if kind == _LINETO and start is not None:
                (x0, y0) = start
                lines.append({"x0": min(x0, x), "x1": max(x0, x), "top": height - max(y0, y),
                              "bottom": height - min(y0, y), **style})
            start = (x, y)
    return lines, rects


def _is_rectangle(points) -> bool:
    corners = [(x, y) for kind, x, y, _ in points if kind in (_MOVETO, _LINETO)]
    if len(corners) == 5 and abs(corners[0][0] - corners[4][0]) < 0.01 and \
            abs(corners[0][1] - corners[4][1]) < 0.01:
        corners = corners[:4]
    if len(corners) != 4 or points[0][0] != _MOVETO or any(k != _LINETO for k, *_ in points[1:4]):
        return False
    xs = sorted({round(x, 2) for x, _ in corners})
    ys = sorted({round(y, 2) for _, y in corners})
    return len(xs) <= 2 and len(ys) <= 2
