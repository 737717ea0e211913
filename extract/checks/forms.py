"""Label/value forms: a 总额 (合计) line against the 其中 lines under it.

    项目资金（元） 项目资金总额   10,903,043.00  年度资金申请总额    10,903,043.00
                   其中：财政资金 10,903,043.00  其中：当年财政拨款  11,419,043.00
                                                 上年结转资金              0.00
                   其他资金                0.00  其他资金                  0.00

A line is a label cell with one figure right beside it (then nothing, or another
label). A line whose label names a whole (table_labels.yaml, form_lines) and the
line below it in the same column beginning 其中 state a whole and its parts: that
line and the lines under it, to the end of their block (the merged label to
their left, else the first row without a line in that column). Parts that exceed
the whole fail; parts short of it fail only when the last one is the rest
(其他资金), since 其中 may name only some of the whole.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from tongbao.extract.checks.arithmetic import is_money, settle
from tongbao.extract.model import Check
from tongbao.extract.prose.measures import measure_of
from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.normalize.datafiles import read_yaml
from tongbao.normalize.numbers import printed_decimal, printed_places


@cache
def _words() -> dict[str, list[str]]:
    return read_yaml("tongbao.extract", "table_labels.yaml")["form_lines"]


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass
class _Line:
    label: GridCell
    value: GridCell


def _lines(grid: Grid) -> dict[tuple[int, int], _Line]:
    """(row, column of the label) -> the line starting there."""
    mat = grid.matrix()
    out = {}
    for cell in grid.cells:
        if not cell.text or cell.is_header or printed_decimal(cell.text) is not None:
            continue
        right = cell.col + cell.col_span
        value = mat[cell.row][right] if right < grid.n_cols else None
        if value is None or value.row != cell.row or printed_decimal(value.text) is None:
            continue
        after = value.col + value.col_span
        nxt = mat[cell.row][after] if after < grid.n_cols else None
        if nxt is not None and nxt.text and printed_decimal(nxt.text) is not None:
            continue  # a row of several figures: a table, not a form
        out[(cell.row, cell.col)] = _Line(cell, value)
    return out


def _block_end(mat, line: _Line) -> int | None:
    """The last row of the merged label left of a line (项目资金（元）), if there is one."""
    for col in range(line.label.col - 1, -1, -1):
        cell = mat[line.label.row][col]
        if cell is not None and cell.row_span > 1 and cell.text \
                and printed_decimal(cell.text) is None:
            return cell.row + cell.row_span - 1
    return None


def check_forms(grid: Grid, doc_id: str, table_id: int, unit: str | None) -> list[Check]:
    """unit: the table's stated unit (Form.unit: its form lines' 单位：万元, its title's, or
    the line above it), which makes figures whose labels say nothing else money."""
    words = _words()
    lines = _lines(grid)
    if not lines:
        return []
    mat = grid.matrix()
    out = []
    for _, whole in sorted(lines.items()):
        if not any(w in _key(whole.label.text) for w in words["whole"]):
            continue
        parts = _parts(grid, mat, lines, whole)
        if parts and _key(parts[0].label.text).startswith(tuple(words["parts"])):
            out.append(_check(mat, whole, parts, unit, doc_id, table_id))
    return out


def _parts(grid: Grid, mat, lines, whole: _Line) -> list[_Line]:
    """The lines under a whole in its column, to the end of its block; with no merged label
    to bound the block, only lines printed like the whole (实施年度 2023 under 资金总额
    4,100,000.00 is not a part)."""
    end = _block_end(mat, whole)
    row, col, parts = whole.label.row + whole.label.row_span, whole.label.col, []
    while row <= (grid.n_rows - 1 if end is None else end):
        line = lines.get((row, col))
        if line is None or (end is None and printed_places(line.value.text) != printed_places(whole.value.text)):
            break
        parts.append(line)
        row += line.label.row_span
    return parts


def _check(mat, whole: _Line, parts: list[_Line], unit: str | None, doc_id, table_id) -> Check:
    labels = [whole.label.text] + [c.text for c in mat[whole.label.row][:whole.label.col]
                                   if c is not None and c.text]
    money = is_money(measure_of(None, whole.label.text, labels), unit)
    verdict = settle(whole.value.text, [p.value.text for p in parts], money)
    rest = _key(parts[-1].label.text).removeprefix("其中").lstrip(":：")
    complete = rest.startswith(tuple(_words()["rest"]))
    status, message = verdict.status, verdict.message
    if status == "fail" and verdict.actual < verdict.expected and not complete:
        status, message = "skipped", "the 其中 lines may name only some of the whole"
    names = " + ".join(p.label.text for p in parts)
    if status in ("fail", "rounding"):
        message = (f"printed {whole.value.text} but {names} add up to {verdict.actual:f}: "
                   f"{message}" + (f" (page {whole.value.page})" if whole.value.page else ""))
    return Check(doc_id, table_id, "form_total", whole.label.text, float(verdict.expected),
                 float(verdict.actual), status, message)
