"""Tables without ruling lines: text set in aligned columns (the second path after ruled grids).

A line splits into cells where the gap between two characters is wide (more
than GAP character heights). A run of at least MIN_ROWS consecutive lines with
numbers in several cells, whose cells fall into the same column bands, is a
table, with up to MAX_HEADER lines of aligned labels just above it as its
header; a group's numbered heading alone on its line (一、区直部门) does not end it. Prose never qualifies: a sentence has no wide gaps, so it is one cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from tongbao.extract.readers.pdf.cells import CellBox, group_lines, join_chars, least_sure
from tongbao.extract.tables.labels import numbering
from tongbao.normalize.numbers import parse_number

GAP = 1.0  # character heights: a wider gap between two characters separates cells
HEADER_GAP = 0.4  # character heights: labels side by side in a header part this much
NUMBER_GAP = 0.3  # character heights between two numbers side by side
_DIGITS = set("0123456789.,%-－")
MIN_ROWS = 3  # lines with numbers
MIN_COLUMNS = 3
MAX_HEADER = 3
LINE_GAP = 2.5  # character heights between two lines of one table, at most
MAX_HEADING = 30  # characters of a group's heading inside a table (一、区直部门)


@dataclass
class _Line:
    top: float
    bottom: float
    size: float
    cells: list[tuple[float, float, str]]  # (x0, x1, text)
    chars: list[dict]

    @property
    def numbers(self) -> int:
        return sum(parse_number(t) is not None for _, _, t in self.cells)


def aligned_tables(chars: list[dict], page: int) -> tuple[list[list[CellBox]], list[dict]]:
    """The unruled tables among these characters, and the characters left over."""
    lines = _lines(chars)
    tables, used = [], set()
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (_has_numbers(lines[j]) or j > i and _heading_within(lines, j)) \
                and (j == i or _close(lines[j - 1], lines[j])):
            j += 1
        if sum(map(_has_numbers, lines[i:j])) >= MIN_ROWS:
            start = i
            if start > 1 and _heading_within(lines, start - 1) and _close(lines[start - 1], lines[i]):
                start -= 1  # the first group's heading, between the header and its rows
            while start > 0 and i - start < MAX_HEADER and len(lines[start - 1].cells) >= 2 \
                    and lines[start - 1].numbers == 0 and _close(lines[start - 1], lines[start]):
                start -= 1
            boxes = _boxes(lines[start:j], page)
            if boxes:
                tables.append(boxes)
                used.update(range(start, j))
            i = j
        else:
            i += 1
    left = [ch for k, line in enumerate(lines) if k not in used for ch in line.chars]
    return tables, left


def _has_numbers(line: _Line) -> bool:
    return len(line.cells) >= 2 and line.numbers >= 1


def _heading_within(lines: list[_Line], k: int) -> bool:
    """lines[k] is a group's heading inside a table (一、区直部门 alone on its line, short and
    numbered, a line with numbers right under it): the table goes on across it."""
    line = lines[k]
    return len(line.cells) == 1 and not line.numbers and len(line.cells[0][2]) <= MAX_HEADING \
        and numbering(line.cells[0][2]) is not None and k + 1 < len(lines) \
        and _has_numbers(lines[k + 1]) and _close(line, lines[k + 1])


def _close(upper: _Line, lower: _Line) -> bool:
    return lower.top - upper.bottom <= LINE_GAP * max(upper.size, lower.size)


def _lines(chars: list[dict]) -> list[_Line]:
    out = []
    for row in group_lines(chars):
        size = max(max(c.get("size", 10) for c in row), 1)
        out.append(_Line(min(c["top"] for c in row), max(c["bottom"] for c in row), size,
                         [(cs[0]["x0"], cs[-1]["x1"], join_chars(cs)) for cs in split_runs(row, GAP)],
                         row))
    return out


def split_runs(chars: list[dict], gap: float) -> list[list[dict]]:
    """Characters of a line (left to right) into runs parted by more than gap heights."""
    size = max(max(c.get("size", 10) for c in chars), 1)
    runs, current = [], [chars[0]]
    for prev, ch in zip(chars, chars[1:], strict=False):
        # Two numbers part at any visible gap: digits of one number touch.
        limit = NUMBER_GAP if prev["text"] in _DIGITS and ch["text"] in _DIGITS else gap
        if ch["x0"] - prev["x1"] > limit * size:
            runs.append(current)
            current = []
        current.append(ch)
    runs.append(current)
    return runs


def _columns(lines: list[_Line]) -> list[tuple[float, float]]:
    """Column bands: the x-ranges of all cells, overlapping ones merged."""
    bands: list[list[float]] = []
    for x0, x1, _ in sorted(c for line in lines for c in line.cells):
        if bands and x0 <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(a, b) for a, b in bands]


def _boxes(lines: list[_Line], page: int) -> list[CellBox]:
    # Columns come from the lines with numbers; a header's labels may run into each other.
    bands = _columns([line for line in lines if line.numbers])
    if len(bands) < MIN_COLUMNS:
        return []
    # A table fills its columns: most number lines have a cell in most columns.
    full = sum(len(line.cells) >= 0.6 * len(bands) for line in lines if line.numbers)
    if full < MIN_ROWS:
        return []
    # Cell edges halfway between neighbouring bands and lines, so the grid is contiguous.
    xs = [bands[0][0]] + [(a[1] + b[0]) / 2 for a, b in zip(bands, bands[1:], strict=False)] + \
        [bands[-1][1]]
    ys = [lines[0].top] + [(a.bottom + b.top) / 2 for a, b in zip(lines, lines[1:], strict=False)] \
        + [lines[-1].bottom]
    boxes = []
    for r, line in enumerate(lines):
        in_band: list[list[dict]] = [[] for _ in bands]
        # Numbers go to the column under them; a header label, split where its characters
        # part at all, goes whole to the column nearest its centre.
        pieces = [[ch] for ch in line.chars] if line.numbers else split_runs(line.chars, HEADER_GAP)
        for piece in pieces:
            centre = (piece[0]["x0"] + piece[-1]["x1"]) / 2
            in_band[min(range(len(bands)), key=lambda k: _distance(bands[k], centre))] += piece
        boxes += [CellBox(page, xs[k], ys[r], xs[k + 1], ys[r + 1],
                          join_chars(chars) if chars else "", ruled=False,
                          confidence=least_sure(chars))
                  for k, chars in enumerate(in_band)]
    return boxes


def _distance(band: tuple[float, float], x: float) -> float:
    return 0.0 if band[0] <= x <= band[1] else min(abs(x - band[0]), abs(x - band[1]))
