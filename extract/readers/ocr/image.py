"""A scanned page as an image: how far is it turned, where are its ruling lines.

Each step is a plain function of a greyscale image (numpy, 0 black to 255 white),
so `tongbao show --png` or a test can look at what it saw.
"""

from __future__ import annotations

import cv2
import numpy as np

from tongbao.extract.readers.ocr.page import INK

MAX_SKEW = 3.0  # degrees: a scan turned further is not corrected
# Points: a horizontal rule is longer than any character's stroke; a vertical one at
# least spans a row of 9 pt text (the rules of a one-row table part on a new page).
LINE_MIN = {True: 18.0, False: 10.0}
LINE_MAX_WIDTH = 3.0  # points: thicker is a filled area, not a line


def skew_angle(image: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) that makes the page's lines of text and
    rules horizontal: the one whose rows of ink are sharpest (a projection profile: each
    ink pixel's row after turning, counted exactly, so no angle is blurred by resampling)."""
    scale = 1200 / max(image.shape)
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(small < INK)
    if len(ys) == 0:
        return 0.0

    def sharpness(angle: float) -> float:
        t = np.deg2rad(angle)
        rows = np.round(ys * np.cos(t) - xs * np.sin(t)).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.square(np.diff(counts)).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25), key=sharpness)
    return float(max(np.arange(best - 0.3, best + 0.3 + 1e-9, 0.05), key=sharpness))


def rotate(image: np.ndarray, angle: float, fill: float = 255) -> np.ndarray:
    """The image turned by `angle` degrees about its centre, the corners filled."""
    if abs(angle) < 1e-6:
        return image
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def ruling_lines(image: np.ndarray, scale: float, text: list | tuple = ()) -> list[dict]:
    """Horizontal and vertical ruling lines, in page points, shaped like pdfplumber's
    lines (x0, x1, top, bottom), so the PDF reader's edge and cell steps take them.
    `text`: boxes (pixels) of the lines of text found on the page; a stroke that lies
    inside one is part of a character (the long stroke of 监 or 二), not a rule. A rule
    broken by the scan's noise comes out in pieces that the edge step joins again."""
    ink = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    out = []
    for horizontal in (True, False):
        length = max(int(LINE_MIN[horizontal] * scale), 8)
        along = (length, 1) if horizontal else (1, length)
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, along))
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, w, h, _ in stats[1:n]:
            across = h if horizontal else w
            if across > LINE_MAX_WIDTH * scale or _inside_text(x, y, x + w, y + h, text):
                continue
            if horizontal:
                mid = (y + h / 2) / scale
                out.append({"x0": x / scale, "x1": (x + w) / scale, "top": mid, "bottom": mid})
            else:
                mid = (x + w / 2) / scale
                out.append({"x0": mid, "x1": mid, "top": y / scale, "bottom": (y + h) / scale})
    return out


def _inside_text(x0: float, top: float, x1: float, bottom: float, text, margin: float = 3) -> bool:
    return any(b[0] - margin <= x0 and x1 <= b[2] + margin and b[1] - margin <= top
               and bottom <= b[3] + margin for b in text)
