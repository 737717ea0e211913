"""The grid every reader hands to the table interpreter.

A reader (text, PDF, HTML, ...) rebuilds each table as cells with row and
column spans; the interpreter (extract/interpret.py) never looks at the source
format again.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
        return [self._columns(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]

    def _columns(self, a: int, b: int) -> Grid:
        cells = [GridCell(c.row, c.col - a, c.text, c.row_span, min(c.col_span, b - c.col),
                          c.is_header, c.page, c.bbox)
                 for c in self.cells if a <= c.col < b]
        return Grid(cells, self.n_rows, b - a, self.method, self.title, self.page_first,
                    self.page_last, set(self.header_rows), self.col_offset + a, list(self.notes))

    def matrix(self) -> list[list[GridCell | None]]:
        """Rows x cols, every position covered by a span pointing at its origin cell."""
        m: list[list[GridCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.row_span, self.n_rows)):
                for k in range(c.col, min(c.col + c.col_span, self.n_cols)):
                    m[r][k] = c
        return m
