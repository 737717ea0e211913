"""Two tables printed side by side are read as two (tables/grid.py side_by_side): a header
over both halves heads each, cut to its columns there; a row's cell is never copied."""

from __future__ import annotations

from tongbao.extract.tables.grid import Grid, GridCell


def _grid() -> Grid:
    cells = [GridCell(0, 0, "2023年收支预算总表", col_span=4),
             GridCell(1, 0, "项目"), GridCell(1, 1, "金额"), GridCell(1, 2, "项目"), GridCell(1, 3, "金额"),
             GridCell(2, 0, "工资福利支出"), GridCell(2, 1, "10"), GridCell(2, 2, "一般公共服务"),
             GridCell(2, 3, "10"),
             GridCell(3, 0, "注：本表含上年结转", col_span=4)]
    return Grid(cells, n_rows=4, n_cols=4, method="html", header_rows={0, 1})


def _cells(part: Grid) -> list[tuple[int, int, int, str]]:
    return sorted((c.row, c.col, c.col_span, c.text) for c in part.cells)


def test_a_header_over_both_halves_heads_each_and_a_row_stays_whole():
    left, right = _grid().side_by_side()
    assert (left.col_offset, right.col_offset) == (0, 2)
    assert _cells(left) == [(0, 0, 2, "2023年收支预算总表"), (1, 0, 1, "项目"), (1, 1, 1, "金额"),
                            (2, 0, 1, "工资福利支出"), (2, 1, 1, "10"),
                            (3, 0, 2, "注：本表含上年结转")]
    assert _cells(right) == [(0, 0, 2, "2023年收支预算总表"), (1, 0, 1, "项目"), (1, 1, 1, "金额"),
                             (2, 0, 1, "一般公共服务"), (2, 1, 1, "10")]


def test_a_header_over_some_parts_heads_only_those():
    """行政诉讼 over 未经复议直接起诉 | 复议后起诉, beside 行政复议 (section 4 of a report)."""
    labels = ["结果维持", "总计"]
    cells = [GridCell(0, 0, "行政复议", col_span=2), GridCell(0, 2, "行政诉讼", col_span=4),
             *[GridCell(1, k, t) for k, t in enumerate(labels * 3)],
             *[GridCell(2, k, str(k)) for k in range(6)]]
    parts = Grid(cells, n_rows=3, n_cols=6, method="html", header_rows={0, 1}).side_by_side()
    assert [[c.text for c in p.cells if c.row == 0] for p in parts] == \
        [["行政复议"], ["行政诉讼"], ["行政诉讼"]]
    assert [[c.col_span for c in p.cells if c.row == 0] for p in parts] == [[2], [2], [2]]
