"""Tables that continue across a page break, joined; and cell boxes to a Grid.

A table continues on the next page when the next page's first table has no
title of its own and the same outer edges, with most of its column
boundaries where the previous part has them. A header printed again at the
top of the continuation (the same cells as the table's first rows) is dropped;
a merged group cut by the break (its cell on the new page empty, or holding the
rest of its label: "（四）无" / "法提供") becomes one cell spanning the rows on
both pages.
"""

from __future__ import annotations

from tongbao.extract.readers.pdf.cells import CellBox, boundaries, index_of
from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.headers import header_rows_of
from tongbao.extract.tables.labels import numbering, vocabulary
from tongbao.normalize.numbers import parse_number

PAGE = 100_000.0  # virtual height of a page, to order cells of several pages
TOLERANCE = 3.0


def _columns(boxes: list[CellBox]) -> list[float]:
    return boundaries([b.x0 for b in boxes] + [b.x1 for b in boxes])


def _continues(prev: list[CellBox], nxt: list[CellBox], caption: str | None) -> bool:
    if caption or nxt[0].page != prev[-1].page + 1:
        return False
    a, b = _columns(prev), _columns(nxt)
    if abs(a[0] - b[0]) > TOLERANCE or abs(a[-1] - b[-1]) > TOLERANCE:
        return False
    inner = b[1:-1]
    matched = sum(any(abs(x - y) <= TOLERANCE for y in a) for x in inner)
    return not inner or matched >= 0.5 * len(inner)


def stitch(regions: list[tuple[list[CellBox], str | None]], layouts) -> list[tuple[list[CellBox], str | None]]:
    last_on_page = {lay.number: lay.tables[-1] for lay in layouts if lay.tables}
    first_on_page = {lay.number: lay.tables[0] for lay in layouts if lay.tables}
    out: list[tuple[list[CellBox], str | None]] = []
    for boxes, caption in regions:
        page = boxes[0].page
        if out and first_on_page.get(page) is boxes and \
                last_on_page.get(page - 1) is not None and \
                out[-1][0][-1].page == page - 1 and _continues(out[-1][0], boxes, caption):
            out[-1] = (out[-1][0] + boxes, out[-1][1])
        else:
            out.append((list(boxes), caption))
    return out


def _virtual(b: CellBox) -> tuple[float, float]:
    return (b.page - 1) * PAGE + b.top, (b.page - 1) * PAGE + b.bottom


def to_grid(boxes: list[CellBox], caption: str | None) -> Grid:
    xs = boundaries([b.x0 for b in boxes] + [b.x1 for b in boxes])
    ys = boundaries([v for b in boxes for v in _virtual(b)])
    n_rows, n_cols = max(len(ys) - 1, 1), max(len(xs) - 1, 1)
    cells = []
    for b in boxes:
        top, bottom = _virtual(b)
        # A box thinner than SNAP at the table's foot (or right edge) opens no slot of its
        # own: it takes the last one.
        r0, r1 = min(index_of(ys, top), n_rows - 1), index_of(ys, bottom)
        c0, c1 = min(index_of(xs, b.x0), n_cols - 1), index_of(xs, b.x1)
        cells.append(GridCell(r0, c0, b.text, row_span=max(r1 - r0, 1), col_span=max(c1 - c0, 1),
                              page=b.page, bbox=[round(b.x0, 2), round(b.top, 2),
                                                 round(b.x1, 2), round(b.bottom, 2)],
                              confidence=b.confidence))
    cells, n_rows = _drop_uncovered_rows(cells, n_rows)  # the band between two pages
    for page in sorted({c.page for c in cells})[1:]:
        start = min(c.row for c in cells if c.page == page)
        cells, n_rows = _drop_repeated_header(cells, start, n_rows)
        cells = _carry_groups_over(cells, start)
    grid = Grid(cells=cells, n_rows=n_rows, n_cols=n_cols,
                method="pdf-ruled" if boxes[0].ruled else "pdf-text", title=caption, page_first=boxes[0].page,
                page_last=boxes[-1].page)
    grid.header_rows = header_rows_of(grid)
    return grid


def _drop_uncovered_rows(cells: list[GridCell], n_rows: int) -> tuple[list[GridCell], int]:
    covered = {r for c in cells for r in range(c.row, c.row + c.row_span)}
    new_index, n = {}, 0
    for r in range(n_rows):
        if r in covered:
            new_index[r] = n
            n += 1
    for c in cells:
        end = c.row + c.row_span - 1
        c.row, c.row_span = new_index[c.row], new_index[end] - new_index[c.row] + 1
    return cells, n


def _rows(cells: list[GridCell], first: int, count: int) -> list[tuple]:
    return sorted((c.row - first, c.col, c.row_span, c.col_span, c.text) for c in cells
                  if first <= c.row < first + count)


def _drop_repeated_header(cells: list[GridCell], start: int, n_rows: int
                          ) -> tuple[list[GridCell], int]:
    """The longest run of rows at the top of a page equal to the table's first rows."""
    repeated = 0
    for k in range(1, min(start, n_rows - start) + 1):
        top = _rows(cells, 0, k)
        if top != _rows(cells, start, k) or any(parse_number(t[4]) is not None for t in top):
            break  # and so for every longer run, which holds these rows
        if any(row + span > k for row, _, span, _, _ in top):
            continue  # a cell of the first rows reaches below them: not a whole header yet
        repeated = k
    if not repeated:
        return cells, n_rows
    kept = []
    for c in cells:
        if start <= c.row < start + repeated:
            continue
        if c.row >= start + repeated:
            c.row -= repeated
        kept.append(c)
    return kept, n_rows - repeated


def _carry_groups_over(cells: list[GridCell], start: int) -> list[GridCell]:
    """A label cell at the top of a page under a label cell that ends at the break is the
    rest of that label's merged cell: when it is empty, or when it carries on the label's
    words ("（四）无" at the foot, "法提供" at the top: one group label, （四）无法提供)."""
    ending = {(c.col, c.col_span): c for c in cells
              if c.row + c.row_span == start and c.text and parse_number(c.text) is None}
    out = []
    for c in cells:
        above = ending.get((c.col, c.col_span)) if c.row == start else None
        if above is not None and (not c.text or _rest_of(above, c)):
            above.row_span += c.row_span
            above.text += c.text
            continue
        out.append(c)
    return out


def _rest_of(upper: GridCell, lower: GridCell) -> bool:
    """A group label cut by the break: the two parts together numbered like a group's label
    ((四)无 + 法提供, ( + 三)不予公开), the lower part not numbered on its own, and one of them
    over several rows. Unnumbered parts stay apart: nothing tells one label from two."""
    return (max(upper.row_span, lower.row_span) > 1
            and numbering(upper.text + lower.text) is not None and numbering(lower.text) is None
            and parse_number(lower.text) is None
            and vocabulary().total_row_check(lower.text) is None)
