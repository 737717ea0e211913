"""The grid every reader hands to the table interpreter.

A reader (text, PDF, HTML, ...) rebuilds each table as cells with row and
column spans; the interpreter (extract/interpret.py) never looks at the source
format again.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace


@dataclass
class GridCell:
    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    is_header: bool = False
    page: int | None = None
    bbox: list[float] | None = None
    confidence: float | None = None  # read by OCR: how sure the engine was (0-1)
    # The readings of a cell a crawler glued that its printed form and arithmetic left
    # open (text '?(12|120)'; [] when none fits): no value, and no check may count it.
    candidates: list[float] | None = None


@dataclass
class Grid:
    cells: list[GridCell]
    n_rows: int
    n_cols: int
    method: str
    title: str | None = None
    page_first: int | None = None
    page_last: int | None = None
    # Rows the reader knows are headers (e.g. a repeated header after a page
    # break). The interpreter may find more.
    header_rows: set[int] = field(default_factory=set)
    col_offset: int = 0  # where this grid's columns start in the grid it was cut from
    unit: str | None = None  # the unit the table states for its figures (单位：元)
    # Lines the reader found just around the table that describe it (单位：万元 above it).
    notes: list[str] = field(default_factory=list)

    def side_by_side(self) -> list[Grid]:
        """A grid of two tables printed side by side (收入 | 支出 in a budget's 收支总表),
        split where the leading column's header label (项目) is printed again."""
        mat = self.matrix()
        heads = sorted(self.header_rows)
        if not heads or heads[-1] >= self.n_rows or self.n_cols == 0:
            return [self]
        leaf = heads[-1]
        first = mat[leaf][0]
        starts = [0] + [c for c in range(1, self.n_cols)
                        if first is not None and mat[leaf][c] is not None
                        and mat[leaf][c].col == c and mat[leaf][c] is not first
                        and mat[leaf][c].text == first.text]
        if len(starts) == 1:
            return [self]
        bounds = starts + [self.n_cols]
        parts: list[list[GridCell]] = [[] for _ in starts]
        for c in self.cells:  # one pass, however many parts (hostile input printed 1,000)
            first = bisect.bisect_right(starts, c.col) - 1
            # A header over columns of several parts heads each of them (行政诉讼 over
            # 未经复议直接起诉 | 复议后起诉): its copies cover what its span covers, no more.
            last = (bisect.bisect_right(starts, c.col + c.col_span - 1) - 1
                    if c.row < leaf and c.row in self.header_rows else first)
            for k in range(first, max(first, last) + 1):
                parts[k].append(c)
        return [self._columns(cells, a, b)
                for cells, a, b in zip(parts, bounds, bounds[1:], strict=False)]

    def _columns(self, cells: list[GridCell], a: int, b: int) -> Grid:
        """The grid of columns a..b-1, from the cells over them, cut to them."""
        cells = [replace(c, col=max(c.col, a) - a,
                         col_span=min(c.col + c.col_span, b) - max(c.col, a)) for c in cells]
        return replace(self, cells=cells, n_cols=b - a, header_rows=set(self.header_rows),
                       col_offset=self.col_offset + a, notes=list(self.notes))

    def matrix(self) -> list[list[GridCell | None]]:
        """Rows x cols, every position covered by a span pointing at its origin cell."""
        m: list[list[GridCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.row_span, self.n_rows)):
                for k in range(c.col, min(c.col + c.col_span, self.n_cols)):
                    m[r][k] = c
        return m
