"""A PDF page's characters, lines and rectangles through pypdfium2, in pdfplumber's shape.

pdfplumber gets them from pdfminer, which interprets the content stream in
Python: 98 % of our time per page. PDFium does the same in C. The dicts carry
the keys our layout reads (text, x0, x1, top, bottom, size; fill, stroke and
colours), with top measured from the top of the page as pdfplumber does.

Positions are those of the page set upright: PDFium gives them in the page's own
space, which a page stored turned (/Rotate 90: a landscape table saved by some
printers and converters as a portrait page drawn sideways) or with its crop box away
from the origin does not share with what a reader sees; a page printed sideways is read
as its reader reads it, turned by hand. (plumber_page.py sets pdfminer's pages so too.)
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from collections.abc import Iterable
from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as c

# A path is a rectangle when it is one closed axis-aligned quadrilateral.
_MOVETO, _LINETO = c.FPDF_SEGMENT_MOVETO, c.FPDF_SEGMENT_LINETO
Matrix = tuple[float, float, float, float, float, float]  # x' = a x + c y + e, y' = b x + d y + f
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
SLANT = 5  # degrees off a right angle at which a character is set at a slant
# A character's loose box lower than this share of its font's size is its ink's, not a
# line's (a font whose ascent and descent say nothing): a CJK font's line is a whole size.
# (So is one lower than the size whose top is its ink's: a tall glyph of such a font.)
INKED = 0.75
# A loose box taller than this many sizes is no line's either: a font declaring an ascent
# and a descent far beyond its glyphs (ONLYOFFICE's figures: 1.86 sizes), whose boxes reach
# into the lines above and below. Fonts with a line gap built in reach 1.35.
OVERTALL = 1.6


class PdfiumPage:
    """The attributes layout_page reads from a pdfplumber page."""

    def __init__(self, page, number: int):
        """Everything is taken at once and PDFium's page released, so a 1,000-page file
        holds one page at a time."""
        self.page_number = number
        try:
            text = upright_text(page, page.get_textpage())
            try:
                self.height, upright = _upright(page)
                self.chars = _chars(text, self.height, upright)
            finally:
                text.close()
            self.lines, self.rects, self.glyphs_dropped = _paths(page, self.height, upright)
        finally:
            page.close()

    def close(self) -> None:
        pass  # nothing left open: released in __init__


def upright_text(page, text):
    """The page's text page, the page first told which way is up when it is printed sideways
    (its /Rotate set, in memory, to the turn that sets its text upright): PDFium orders a
    line's characters by where the page's top is (upside down, a line reads right to
    left), and renders the page as it is told."""
    turn = _text_turn(text)
    if turn is None or turn == page.get_rotation():
        return text
    text.close()
    page.set_rotation(turn)
    return page.get_textpage()


def _chars(text, height: float, upright: Matrix = IDENTITY) -> list[dict]:
    """PDFium's raw calls, three a character (pypdfium2's helpers cost as much again around
    each), with the helpers' checks: a failing call raises PdfiumError as they do.
    upright: page space to the page set upright (_upright)."""
    raw, out, run_height, run_slanted, run_em = text.raw, [], None, False, 0.0
    loose, (left, bottom, right, top) = c.FS_RECTF(), (ctypes.c_double() for _ in range(4))
    origin_x, origin_y, matrix = ctypes.c_double(), ctypes.c_double(), c.FS_MATRIX()
    for k in range(text.count_chars()):
        ch = chr(c.FPDFText_GetUnicode(raw, k))
        # The characters PDFium adds of its own (FPDFText_IsGenerated) are spaces and
        # line breaks only, so skipping white space skips them without asking.
        if not ch.strip():
            continue
        if not (c.FPDFText_GetLooseCharBox(raw, k, loose)
                and c.FPDFText_GetCharBox(raw, k, left, right, bottom, top)):
            raise pdfium.PdfiumError("Failed to get charbox.")
        # A slanted character is a watermark's, drawn across the page's tables. Its angle is
        # asked where a run of text begins (its loose box another height than the one
        # before: a font, a size or an angle changed) and while a slanted run lasts.
        if loose.top - loose.bottom != run_height or run_slanted:
            run_height = loose.top - loose.bottom
            run_slanted = slanted(c.FPDFText_GetCharAngle(raw, k), radians=True)
            # set upright (a turned page's boxes are another matter): its font's size
            run_em = c.FPDFText_GetFontSize(raw, k) * matrix.d \
                if c.FPDFText_GetMatrix(raw, k, matrix) and not matrix.b and not matrix.c else 0.0
        if run_slanted:
            continue
        loose_box = (loose.left, loose.bottom, loose.right, loose.top)
        if _box_not_its_line(run_height, run_em, loose.top - top.value):
            # A font that gives no line height (an ascent of 220 thousandths): its boxes
            # are its glyphs' ink (lower than its size, topped by the ink), 一 and 、 on
            # lines of their own; or one whose boxes span three lines: the box the font's
            # size gives, on the baseline, instead
            c.FPDFText_GetCharOrigin(raw, k, origin_x, origin_y)
            loose_box = (loose.left, origin_y.value - 0.12 * run_em, loose.right,
                         origin_y.value + 0.88 * run_em)
        boxes = (loose_box, (left.value, bottom.value, right.value, top.value))
        if upright is not IDENTITY:
            boxes = tuple(turned(upright, b) for b in boxes)
        x0, y0, x1, y1 = _box(*boxes)
        # The loose box is the font's full height: the size as printed (PDFium's own
        # font size leaves out the text matrix's scale).
        out.append({"text": ch, "x0": x0, "x1": x1, "top": height - y1,
                    "bottom": height - y0, "size": y1 - y0})
    return out


def _box_not_its_line(height: float, em: float, above_ink: float) -> bool:
    """A loose box that does not say where its line is: lower than its font's size (its
    glyph's ink: under INKED of the size, or topped by the ink), or far taller (OVERTALL)."""
    if height < em:
        return height < INKED * em or abs(above_ink) < 0.01
    return height > OVERTALL * em > 0


def _box(loose: tuple[float, float, float, float], tight: tuple[float, float, float, float]
         ) -> tuple[float, float, float, float]:
    """The loose box (the font's full line height, as pdfminer gives it), unless PDFium's
    loose box is absurd - it is for some vertically set glyphs - then the glyph's own."""
    left, bottom, right, top = tight
    width, height = right - left, top - bottom
    ink = height if height > width else width  # max(width, height), NaN kept as max() keeps it
    if loose[2] - loose[0] <= 4 * (ink + 1):
        return loose
    half = ink / 2  # a square glyph around the ink
    middle = (top + bottom) / 2
    return left, middle - half, right, middle + half


def has_unmapped_text(page) -> bool:
    """A character PDFium could not map to Unicode through its font (it gives the char code
    instead), or mapped to U+FFFD, a surrogate, a private-use or a control code point: a
    text a second engine, with CMaps and glyph names of its own, may read otherwise."""
    text = page.get_textpage()
    try:
        for k in range(text.count_chars()):
            u = c.FPDFText_GetUnicode(text.raw, k)
            if (c.FPDFText_HasUnicodeMapError(text.raw, k) or u == 0xFFFD
                    or 0xD800 <= u <= 0xDFFF or 0xE000 <= u <= 0xF8FF
                    or (u < 0x20 and chr(u) not in "\t\n\r")):
                return True
        return False
    finally:
        text.close()


@cache
def pdfium_drops_lone_glyphs() -> bool:
    """Whether PDFium on this machine drops a lone glyph of a font the file does not embed
    (_no_width), asked once of a PDF of one 类 in STSong-Light (extract/data/lone_glyph.pdf,
    tools/build_glyph_probe.py). Where it does not (a font for the script is installed), no
    page's text objects are looked at one by one: hundreds a page, 3 ms of a budget's 20."""
    from tongbao.normalize.datafiles import data_bytes

    doc = pdfium.PdfDocument(data_bytes("tongbao.extract", "lone_glyph.pdf"))
    try:
        page = doc[0]
        try:
            return has_dropped_text(page)
        finally:
            page.close()
    finally:
        doc.close()


def has_dropped_text(page) -> bool:
    """A text object on the page that PDFium's text page may have left out (_no_width),
    whatever this machine's fonts."""
    box = tuple(ctypes.c_float() for _ in range(4))
    return any(kind == c.FPDF_PAGEOBJ_TEXT and _no_width(obj, box)
               for kind, obj, _ in _page_objects(page, texts=True))


def _no_width(text_obj, box: tuple) -> bool:
    """A text object with no width, in a font the file does not embed. PDFium measures such
    a font's glyphs by the font it puts in its place, and on a machine with none for the
    script (a server without CJK fonts) a lone glyph has no width: its text page drops it
    (类 | 款 | 项 printed one character a cell in STSong-Light). pdfminer takes the widths the
    file states and reads it. (An empty text object has no width either: in an embedded
    font, as real files print them, it is not counted.) box: four c_floats to fill, made
    once a page (a page has hundreds of text objects)."""
    left, bottom, right, top = box
    if not c.FPDFPageObj_GetBounds(text_obj, left, bottom, right, top):
        return False
    return abs(right.value - left.value) < 0.01 and \
        not c.FPDFFont_GetIsEmbedded(c.FPDFTextObj_GetFont(text_obj))


def _colour(getter, obj) -> tuple[float, float, float] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _compose(outer: Matrix, inner: Matrix) -> Matrix:
    """outer(inner(p))."""
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (a1 * a2 + c1 * b2, b1 * a2 + d1 * b2, a1 * c2 + c1 * d2, b1 * c2 + d1 * d2,
            a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1)


def _upright(page) -> tuple[float, Matrix]:
    """The page's height as displayed, and the map from its own space to that (y up): its
    /Rotate turned clockwise, its crop box's lower left corner at 0,0. IDENTITY itself for
    the usual page, which needs no mapping."""
    left, bottom, right, top = page.get_cropbox()
    turn, height = turning(page.get_rotation(), right - left, top - bottom)
    shown = _compose(turn, (1.0, 0.0, 0.0, 1.0, -left, -bottom))
    return height, IDENTITY if shown == IDENTITY else shown


def turning(turn: int, w: float, h: float) -> tuple[Matrix, float]:
    """A page w wide and h high (y up) turned clockwise by 0, 90, 180 or 270 degrees: the
    map onto the turned page, and its height."""
    return {90: ((0, -1, 1, 0, 0, w), w), 180: ((-1, 0, 0, -1, w, h), h),
            270: ((0, 1, -1, 0, h, 0), w)}.get(turn, (IDENTITY, h))


def sampled(n: int, sample: int = 64) -> range:
    """Indices of about `sample` of n characters spread over the page: enough to tell which
    way its text runs (upright_turn), at a cost that does not grow with the page."""
    return range(0, n, max(1, n // sample))


def _text_turn(text) -> int | None:
    """The turn that sets the page's text upright (upright_turn), from a sample of its
    characters; None for a page without text."""
    raw = text.raw
    return upright_turn(360 - math.degrees(angle) for k in sampled(text.count_chars())
                        if chr(c.FPDFText_GetUnicode(raw, k)).strip()
                        # radians, measured clockwise; -1 when PDFium has none
                        and (angle := c.FPDFText_GetCharAngle(raw, k)) >= 0)


def slanted(angle: float, radians: bool = False) -> bool:
    """Set at a slant, not upright nor turned by a right angle: a watermark's characters
    (仅供参考 drawn across the page at 45 degrees, over or under its tables), which belong to
    no line or cell of the page. PDFium gives -1 for a character it has no angle for."""
    if radians:
        if angle < 0:
            return False
        angle = math.degrees(angle)
    return abs((angle + 45) % 90 - 45) > SLANT


def upright_turn(angles: Iterable[float]) -> int | None:
    """The clockwise turn (0, 90, 180, 270) that sets most characters upright, from each
    one's angle turned counter-clockwise, in degrees (a few turned labels in a table's
    header do not turn the page, nor does a watermark); None for no characters."""
    votes = Counter(round(a / 90) % 4 * 90 for a in angles if not slanted(a))
    return votes.most_common(1)[0][0] if votes else None


def turned(m: Matrix, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """An axis-aligned box under a map that turns by right angles: still one."""
    a, b, c_, d, e, f = m
    xs = (a * box[0] + c_ * box[1] + e, a * box[2] + c_ * box[3] + e)
    ys = (b * box[0] + d * box[1] + f, b * box[2] + d * box[3] + f)
    return min(xs), min(ys), max(xs), max(ys)


def _matrix(raw) -> Matrix:
    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(raw, m):
        raise pdfium.PdfiumError("Failed to get matrix of pageobject.")
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _page_objects(page, texts: bool, form=None, outer: Matrix = IDENTITY, depth: int = 0):
    """(kind, raw object, its matrix to page space) of every path object, and of every text
    object when `texts` (its matrix not asked: None), descending into Form XObjects, where
    some producers draw their tables. Raw calls, checked as pypdfium2's get_objects checks
    them: a page has thousands of objects."""
    count, get, parent = ((c.FPDFFormObj_CountObjects, c.FPDFFormObj_GetObject, form)
                          if form else (c.FPDFPage_CountObjects, c.FPDFPage_GetObject, page.raw))
    n = count(parent)
    if n < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    for i in range(n):
        obj = get(parent, i)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = c.FPDFPageObj_GetType(obj)
        if kind == c.FPDF_PAGEOBJ_UNKNOWN:
            raise pdfium.PdfiumError("Failed to determine pageobject type, did you pass in a "
                                     "valid FPDF_PAGEOBJECT handle?")
        if kind == c.FPDF_PAGEOBJ_PATH:
            yield kind, obj, _compose(outer, _matrix(obj))
        elif kind == c.FPDF_PAGEOBJ_TEXT and texts:
            yield kind, obj, None
        elif kind == c.FPDF_PAGEOBJ_FORM and depth < 8:
            yield from _page_objects(page, texts, obj, _compose(outer, _matrix(obj)), depth + 1)


def _points(obj, matrix: Matrix) -> list[tuple[int, float, float, bool]]:
    """(type, x, y, closes) of every segment, in page space."""
    a, b, cc, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    out = []
    for i in range(c.FPDFPath_CountSegments(obj)):
        seg = c.FPDFPath_GetPathSegment(obj, i)
        c.FPDFPathSegment_GetPoint(seg, x, y)
        out.append((c.FPDFPathSegment_GetType(seg), a * x.value + cc * y.value + e,
                    b * x.value + d * y.value + f, bool(c.FPDFPathSegment_GetClose(seg))))
    return out


def _paths(page, height: float, upright: Matrix = IDENTITY
           ) -> tuple[list[dict], list[dict], bool]:
    """Lines and rectangles, and whether a glyph of the page may be lost (_no_width)."""
    lines, rects, dropped = [], [], False
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    box = tuple(ctypes.c_float() for _ in range(4))
    may_drop = pdfium_drops_lone_glyphs()  # else no text object is looked at
    for kind, obj, matrix in _page_objects(page, may_drop, outer=upright):
        if kind == c.FPDF_PAGEOBJ_TEXT:
            dropped = dropped or _no_width(obj, box)
            continue
        c.FPDFPath_GetDrawMode(obj, fill, stroke)
        style = {"fill": bool(fill.value), "stroke": bool(stroke.value),
                 "non_stroking_color": _colour(c.FPDFPageObj_GetFillColor, obj),
                 "stroking_color": _colour(c.FPDFPageObj_GetStrokeColor, obj)}
        points = _points(obj, matrix)
        if _is_rectangle(points):
            xs, ys = [p[1] for p in points], [p[2] for p in points]
            left, bottom, right, top = min(xs), min(ys), max(xs), max(ys)
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
    return lines, rects, dropped


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
