"""From a table's ruling edges and the page's characters to cells with text.

Slots between consecutive ruling lines are joined wherever no line separates
them: that is how merged cells (a group label over eight rows, 法人或其他组织
over five columns) come back whole. Each character goes to the cell its
centre falls in; a cell's text is its lines top to bottom, so a vertical label
printed one character per line reads 三、本年度办理结果.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from operator import itemgetter

from tongbao.extract.readers.pdf.edges import SNAP, Edge
from tongbao.normalize.text import clean_text


@dataclass
class CellBox:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    ruled: bool = True  # False: a cell of a table found by text alignment (aligned.py)
    confidence: float | None = None  # OCR: the least sure of its characters


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


def _near(edges: list[Edge], bounds: list[float]) -> list[list[Edge]]:
    """The edges lying at each boundary (within SNAP): a slot asks only those."""
    return [[e for e in edges if abs(e.pos - pos) <= SNAP] for pos in bounds]


def _covers(edges: list[Edge], at: float) -> bool:
    return any(e.start - SNAP <= at <= e.end + SNAP for e in edges)


def _close_open_ends(hs: list[Edge], vs: list[Edge]) -> list[Edge]:
    """A table cut by a page break has no rule under its last row (or over its first):
    its vertical rules run on past the last horizontal one. Close it there."""
    left, right = min(v.pos for v in vs), max(v.pos for v in vs)
    top, bottom = min(v.start for v in vs), max(v.end for v in vs)
    ys = [h.pos for h in hs]
    if top < min(ys) - SNAP:
        hs = hs + [Edge("h", top, left, right)]
    if bottom > max(ys) + SNAP:
        hs = hs + [Edge("h", bottom, left, right)]
    return hs


def cell_boxes(edges: list[Edge], page: int) -> list[CellBox]:
    vs = [e for e in edges if e.orient == "v"]
    hs = _close_open_ends([e for e in edges if e.orient == "h"], vs)
    xs = _cluster([e.pos for e in vs])
    ys = _cluster([e.pos for e in hs])
    n_r, n_c = len(ys) - 1, len(xs) - 1
    parent = list(range(n_r * n_c))
    v_at, h_at = _near(vs, xs), _near(hs, ys)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_r):
        ymid = (ys[r] + ys[r + 1]) / 2
        for c in range(n_c):
            xmid = (xs[c] + xs[c + 1]) / 2
            if c + 1 < n_c and not _covers(v_at[c + 1], ymid):
                parent[find(r * n_c + c)] = find(r * n_c + c + 1)
            if r + 1 < n_r and not _covers(h_at[r + 1], xmid):
                parent[find(r * n_c + c)] = find((r + 1) * n_c + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_r):
        for c in range(n_c):
            groups.setdefault(find(r * n_c + c), []).append((r, c))
    boxes = []
    for slots in groups.values():
        r0, r1 = min(s[0] for s in slots), max(s[0] for s in slots)
        c0, c1 = min(s[1] for s in slots), max(s[1] for s in slots)
        boxes.append(CellBox(page, xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
    return sorted(boxes, key=lambda b: (b.top, b.x0))


def fill_text(boxes: list[CellBox], chars: list[dict]) -> list[dict]:
    """Put each character in its cell (the first box holding its centre); return the
    characters that fell in none."""
    if not boxes:
        return chars
    holding = _Slots(boxes)
    per_box: dict[int, list[dict]] = {}
    outside = []
    for ch in chars:
        hit = holding.first((ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2)
        if hit is None:
            outside.append(ch)
        else:
            per_box.setdefault(hit, []).append(ch)
    for i, chs in per_box.items():
        boxes[i].text = clean_text("\n".join(text_lines(chs)))
        boxes[i].confidence = least_sure(chs)
    return outside


class _Slots:
    """Boxes by the slots between all their edges, so a point finds its box by bisection
    instead of trying every box (a budget page: 600 characters, 300 cells). A box covers
    whole slots; a point on a slot's edge lies in the slots on both sides, and of the boxes
    holding it the first in the list wins, as a scan in order would find it."""

    def __init__(self, boxes: list[CellBox]):
        self.boxes = boxes
        self.xs = sorted({v for b in boxes for v in (b.x0, b.x1)})
        self.ys = sorted({v for b in boxes for v in (b.top, b.bottom)})
        self.owner: dict[tuple[int, int], int] = {}
        self.thin = []  # boxes without width or height hold only the points on them
        if any(v != v for v in self.xs + self.ys):  # NaN from a broken file: no order
            self.thin = list(range(len(boxes)))
            return
        for k, b in enumerate(boxes):
            cols = range(bisect_left(self.xs, b.x0), bisect_left(self.xs, b.x1))
            rows = range(bisect_left(self.ys, b.top), bisect_left(self.ys, b.bottom))
            if not cols or not rows:
                self.thin.append(k)
            for i in cols:
                for j in rows:
                    self.owner.setdefault((i, j), k)

    def first(self, cx: float, cy: float) -> int | None:
        """Most characters lie inside one slot, off every edge and with no thin box about:
        one bisection per axis finds its box. The rest take every slot they touch."""
        if self.thin:
            return self._first_on_edges(cx, cy)
        i, j = bisect_right(self.xs, cx) - 1, bisect_right(self.ys, cy) - 1
        if i < 0 or j < 0:
            return None  # left of or above every box
        if self.xs[i] == cx or self.ys[j] == cy:
            return self._first_on_edges(cx, cy)
        return self.owner.get((i, j))  # None past the last bound too: no slot there

    def _first_on_edges(self, cx: float, cy: float) -> int | None:
        found = [k for i in _around(self.xs, cx) for j in _around(self.ys, cy)
                 if (k := self.owner.get((i, j))) is not None]
        found += [k for k in self.thin if self._holds(k, cx, cy)]
        return min(found, default=None)

    def _holds(self, k: int, cx: float, cy: float) -> bool:
        b = self.boxes[k]
        return b.x0 <= cx <= b.x1 and b.top <= cy <= b.bottom


def _around(bounds: list[float], v: float) -> list[int]:
    """The slots (between bounds[i] and bounds[i + 1]) holding v, edges included."""
    i = bisect_right(bounds, v) - 1
    slots = [i] if 0 <= i < len(bounds) - 1 else []
    if 0 < i < len(bounds) and bounds[i] == v:
        slots.append(i - 1)  # on the edge between slot i - 1 and slot i
    return slots


def least_sure(chars: list[dict]) -> float | None:
    """The lowest OCR confidence among characters read from an image (None: a text layer)."""
    sure = [ch["confidence"] for ch in chars if ch.get("confidence") is not None]
    return min(sure) if sure else None


_TOP_LEFT, _LEFT = itemgetter("top", "x0"), itemgetter("x0")


def group_lines(chars: list[dict]) -> list[list[dict]]:
    """Characters into lines, top to bottom, each line left to right."""
    lines: list[list[dict]] = []
    line_top = 0.0
    for ch in sorted(chars, key=_TOP_LEFT):
        size = ch.get("size", 10)
        if lines and abs(ch["top"] - line_top) <= 0.5 * (1 if 1 > size else size):
            lines[-1].append(ch)
        else:
            lines.append([ch])
            line_top = ch["top"]
    for line in lines:
        line.sort(key=_LEFT)
    return lines


def join_chars(line: list[dict]) -> str:
    """One line's characters as text: a space only where Latin words part."""
    parts, right = [line[0]["text"]], line[0]["x1"]
    for ch in line[1:]:
        size = ch.get("size", 10)
        if ch["x0"] - right > 0.25 * (1 if 1 > size else size):
            parts.append(" ")
        parts.append(ch["text"])
        right = ch["x1"]
    return "".join(parts)


def text_lines(chars: list[dict]) -> list[str]:
    return [join_chars(line) for line in group_lines(chars)]


def boundaries(values: list[float]) -> list[float]:
    return _cluster(values)


def index_of(bounds: list[float], value: float) -> int:
    """The slot a boundary value opens (value within SNAP of bounds[i] -> i)."""
    i = bisect_right(bounds, value + SNAP) - 1
    return max(i, 0)
