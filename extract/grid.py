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

    def matrix(self) -> list[list[GridCell | None]]:
        """Rows x cols, every position covered by a span pointing at its origin cell."""
        m: list[list[GridCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.row_span, self.n_rows)):
                for k in range(c.col, min(c.col + c.col_span, self.n_cols)):
                    m[r][k] = c
        return m
