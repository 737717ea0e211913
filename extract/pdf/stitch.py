"""Tables that continue across a page break, joined; and cell boxes to a Grid.

A table continues on the next page when the next page's first table has no
title of its own and the same outer edges, with most of its column
boundaries where the previous part has them. A header printed again at the
top of the continuation is kept as a header row, not read as data; a merged
group cut by the break simply continues (its cell on the new page is empty and
the interpreter carries the label down).
"""

from __future__ import annotations

from extract.grid import Grid, GridCell
from extract.headers import header_rows_of
from extract.pdf.cells import CellBox, boundaries, index_of

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
    cells = []
    for b in boxes:
        top, bottom = _virtual(b)
        r0, r1 = index_of(ys, top), index_of(ys, bottom)
        c0, c1 = index_of(xs, b.x0), index_of(xs, b.x1)
        cells.append(GridCell(r0, c0, b.text, row_span=max(r1 - r0, 1), col_span=max(c1 - c0, 1),
                              page=b.page, bbox=[round(b.x0, 2), round(b.top, 2),
                                                 round(b.x1, 2), round(b.bottom, 2)]))
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    grid = Grid(cells=cells, n_rows=n_rows, n_cols=n_cols,
                method="pdf-ruled", title=caption, page_first=boxes[0].page,
                page_last=boxes[-1].page)
    grid.header_rows = header_rows_of(grid)
    return grid
