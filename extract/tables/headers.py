"""Which rows of a table are headers: one rule for every reader.

Leading rows without a number are headers. Later, a run of rows without
numbers is a header again when one of its rows starts like a header row: a
header repeated after a page break (seed 001), or a new sub-header such as
信息内容 | 本年处理决定数量 under a 第二十条第（五）项 band.
"""

from __future__ import annotations

import regex

from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.normalize.numbers import is_placeholder, parse_number
from tongbao.normalize.text import match_key

# A value a reader could not settle, printed with its candidates: ?(6|69|693) or ?.
_UNSURE = regex.compile(r"\?(?:\([^()]*\))?")


def is_number_like(text: str) -> bool:
    return parse_number(text) is not None or is_placeholder(text) or bool(_UNSURE.fullmatch(text))


def header_rows(rows: list[list[str]]) -> set[int]:
    """rows: each row's non-empty cell texts, left to right."""
    heads: set[int] = set()
    i = 0
    while i < len(rows) and rows[i] and not any(is_number_like(t) for t in rows[i]):
        heads.add(i)
        i += 1
    # First text of each header row -> how many texts that row has.
    firsts: dict[str, int] = {}
    for h in heads:
        if rows[h]:
            firsts[match_key(rows[h][0])] = max(firsts.get(match_key(rows[h][0]), 0), len(rows[h]))
    run: list[int] = []
    for r in range(i, len(rows)):
        if not rows[r] or any(is_number_like(t) for t in rows[r]):  # an empty row is data
            run = []
            continue
        run.append(r)
        width = firsts.get(match_key(rows[r][0]))
        # A lone label equal to the first of several header texts (其他 heading a column
        # and naming a row) is a data row whose values are empty, not a header again.
        if width is not None and len(rows[r]) >= min(width, 2):
            heads.update(run)
            run = []
    return heads


def header_rows_of(grid: Grid) -> set[int]:
    """header_rows() of a grid, whichever reader built it."""
    by_row: dict[int, list[GridCell]] = {}
    for c in grid.cells:
        by_row.setdefault(c.row, []).append(c)
    rows = [[c.text for c in sorted(by_row.get(r, []), key=lambda c: c.col) if c.text]
            for r in range(grid.n_rows)]
    return header_rows(rows)
