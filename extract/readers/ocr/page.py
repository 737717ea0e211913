"""A PDF page without a text layer, read from its image into what a text page gives.

The page is rendered, turned straight (image.skew_angle), its ruling lines found
(image.ruling_lines) and its words read by the OCR engine. They come out as a
page of characters and lines in points, the shape the PDF reader's layout takes
from PDFium: the same edge, cell, alignment and stitching steps then rebuild its
tables, and the same interpreter reads them. Each character keeps the engine's
confidence, which its cell and then its record carry.
"""

from __future__ import annotations

import numpy as np

from tongbao.extract.readers.ocr.engine import INSTALL, OcrUnavailable, read_line, read_words
from tongbao.extract.readers.pdf.cells import cell_boxes
from tongbao.extract.readers.pdf.edges import page_edges, tables_of

INK = 160  # grey level under which a pixel is ink
OCR_DPI = 200  # a 9 pt character is 25 pixels high: enough for the recognizer, no more
BLANK_DPI = 36
INSET = 2.0  # points inside a cell's rules, where its text is
SPECK = 6  # pixels: a smaller blot is dust (a decimal point at 200 dpi has more)


def page_image(page, dpi: float) -> np.ndarray:
    """The page rendered in grey (0 black to 255 white), by PDFium."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    pixels = bitmap.to_numpy()
    return pixels[:, :, 0] if pixels.ndim == 3 else pixels


def is_blank(page) -> bool:
    """Nothing printed at all: no text, no picture, no drawing."""
    return not (page_image(page, BLANK_DPI) < INK).mean() > 0.0005


class ScannedPage:
    """The attributes the PDF reader's layout_page reads, from the page's image."""

    def __init__(self, page, number: int, dpi: float = OCR_DPI):
        try:  # OpenCV comes with the optional OCR extra; a text PDF never needs it
            from tongbao.extract.readers.ocr.image import rotate, ruling_lines, skew_angle
        except ImportError as e:
            raise OcrUnavailable(f"OpenCV is not installed ({INSTALL})") from e
        self.page_number = number
        self.height = page.get_size()[1]
        scale = dpi / 72
        image = page_image(page, dpi)
        self.angle = skew_angle(image)
        image = rotate(image, self.angle)
        words, text_boxes = read_words(image)
        self.lines = ruling_lines(image, scale, text_boxes)
        self.rects: list[dict] = []
        self.chars = [_char(w.text, w.x0, w.top, w.x1, w.bottom, w.confidence, scale)
                      for w in words]
        self.chars += _missed_in_cells(image, self.chars, self.lines, scale)
        _dashes_alone_in_cells(self.chars, self.lines)

    def close(self) -> None:
        pass  # nothing held: the image is gone once read


def _char(text: str, x0: float, top: float, x1: float, bottom: float, confidence: float,
          scale: float) -> dict:
    """A word read from the image (pixels) as a character of the page (points)."""
    return {"text": text, "x0": x0 / scale, "x1": x1 / scale, "top": top / scale,
            "bottom": bottom / scale, "size": (bottom - top) / scale, "confidence": confidence}


def _missed_in_cells(image: np.ndarray, chars: list[dict], lines: list[dict],
                     scale: float) -> list[dict]:
    """What the detector missed inside table cells (a lone thin 1 in a wide cell is easy to
    miss): a cell with no word but with ink of one line's height is read as one line."""
    if not chars:
        return []
    height = float(np.median([c["size"] for c in chars])) * scale
    found = []
    for group in tables_of(page_edges(lines, [])):
        for box in cell_boxes(group, 0):
            if any(box.x0 <= (c["x0"] + c["x1"]) / 2 <= box.x1 and
                   box.top <= (c["top"] + c["bottom"]) / 2 <= box.bottom for c in chars):
                continue
            x0, top = int((box.x0 + INSET) * scale), int((box.top + INSET) * scale)
            x1, bottom = int((box.x1 - INSET) * scale), int((box.bottom - INSET) * scale)
            ink = _ink_box(image[top:bottom, x0:x1])
            # A digit's ink is about half as high as the detector's box round a line.
            if ink is None or not 0.3 * height <= ink[3] - ink[1] <= 1.3 * height:
                continue  # nothing but dust, or several lines (the detector's job)
            y0, y1 = top + max(ink[1] - 4, 0), top + ink[3] + 5
            c0, c1 = x0 + max(ink[0] - 4, 0), x0 + ink[2] + 5
            text, confidence = read_line(image[y0:y1, c0:c1])
            if text:
                found.append(_char(text, c0, y0, c1, y1, confidence, scale))
    return found


# Numerals that number rows (一、二、三…): where a column holds them, a lone 一 is one of them.
_NUMERALS = set("二三四五六七八九十")


def _dashes_alone_in_cells(chars: list[dict], lines: list[dict]) -> None:
    """The engine reads a dash alone in a cell (— for nothing) as 一, the same stroke: in
    a ruled table it is the dash, unless its column numbers rows with 二, 三…"""
    for group in tables_of(page_edges(lines, [])):
        boxes = cell_boxes(group, 0)
        inside = {id(b): [c for c in chars if b.x0 <= (c["x0"] + c["x1"]) / 2 <= b.x1
                          and b.top <= (c["top"] + c["bottom"]) / 2 <= b.bottom] for b in boxes}
        for b in boxes:
            held = inside[id(b)]
            if len(held) != 1 or held[0]["text"] != "一":
                continue
            column = [c["text"] for o in boxes if o.x0 < b.x1 and b.x0 < o.x1
                      for c in inside[id(o)]]
            if not _NUMERALS & set("".join(column)):
                held[0]["text"] = "—"


def _ink_box(crop: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x0, top, x1, bottom) round the ink of a cell, specks of dust left out."""
    import cv2  # with the OCR extra, as every caller here

    if crop.size == 0:
        return None
    n, _, stats, _ = cv2.connectedComponentsWithStats((crop < INK).astype(np.uint8))
    marks = [s for s in stats[1:n] if s[4] >= SPECK]
    if sum(s[4] for s in marks) < 20:
        return None
    return (min(s[0] for s in marks), min(s[1] for s in marks),
            max(s[0] + s[2] for s in marks), max(s[1] + s[3] for s in marks))
