"""Which rows of a table are headers: one rule for every reader, by content and position.

Leading rows without a number are headers (up to a group's heading alone in its row, 一、区直部门,
which opens the data), and so is a leading row of periods
(2022 | 2023 | 增减数 under 因公出国（境）费 | 公务接待费): years look like numbers,
but a row of nothing else, with no row label before them, labels columns. Form
lines (填报单位：…, 单位：元) and the table's title row are skipped, never headers.
Later, a run of rows without numbers is a header again when one of its rows
starts like a header row: a header repeated after a page break (seed 001), or a
new sub-header such as 信息内容 | 本年处理决定数量 under a 第二十条第（五）项 band.
"""

from __future__ import annotations

from tongbao.extract.tables.form import is_form_row, table_form
from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.labels import Vocabulary, numbering, vocabulary
from tongbao.normalize.numbers import is_placeholder, parse_number
from tongbao.normalize.patterns import LazyPattern
from tongbao.normalize.text import match_key

# A value a reader could not settle, printed with its candidates: ?(6|69|693) or ?.
_UNSURE = LazyPattern(r"\?(?:\([^()]*\))?")


def is_number_like(text: str) -> bool:
    return parse_number(text) is not None or is_placeholder(text) or bool(_UNSURE.fullmatch(text))


_YEAR = LazyPattern(r"(?:19|20)\d{2}")


def is_period_row(texts: list[str], voc: Vocabulary | None = None) -> bool:
    """2022 | 2023 | 增减数 (repeated per group): at least two years, no other number, and
    nothing before the first year but column headers (单位名称, 序号, 单位编号)."""
    voc = voc or vocabulary()
    years = [i for i, t in enumerate(texts) if _YEAR.fullmatch(match_key(t))]
    if len(years) < 2 or any(is_number_like(t) for i, t in enumerate(texts) if i not in years):
        return False
    return all(voc.is_unit_header(t) or voc.is_rank_header(t) or voc.is_code_header(t)
               for t in texts[:years[0]])


def header_rows(rows: list[list[str]], skip: set[int] | None = None) -> set[int]:
    """rows: each row's non-empty cell texts, left to right. skip: rows known to be
    something else (a title row); form lines are found here."""
    skip = set(skip or ()) | {r for r, texts in enumerate(rows) if texts and is_form_row(texts)}
    heads: set[int] = set()
    i = 0
    while i < len(rows) and (rows[i] or heads and _sub_header(rows, i + 1)) and (
            i in skip or not any(is_number_like(t) for t in rows[i]) or is_period_row(rows[i])):
        if heads and len(rows[i]) == 1 and numbering(rows[i][0]):
            break  # 一、区直部门 alone under the header: the heading of a group of rows
        if i not in skip:
            heads.add(i)
        i += 1
    # First text of each header row -> how many texts that row has.
    firsts: dict[str, int] = {}
    for h in heads:
        if rows[h]:
            firsts[match_key(rows[h][0])] = max(firsts.get(match_key(rows[h][0]), 0), len(rows[h]))
    run: list[int] = []
    for r in range(i, len(rows)):
        if r in skip:
            continue
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


def _sub_header(rows: list[list[str]], i: int) -> bool:
    """Row i prints each of its words again under the groups above (预算数 决算数 预算数
    决算数 …), no figure among them: the header's last row, even under a row left empty (a
    三公 table's merged labels leave one, 财政局 2024 决算). A row naming a unit once is data."""
    texts = rows[i] if i < len(rows) else []
    return len(texts) >= 2 and all(texts.count(t) >= 2 for t in texts) \
        and not any(is_number_like(t) for t in texts)


def header_rows_of(grid: Grid) -> set[int]:
    """header_rows() of a grid, whichever reader built it."""
    by_row: dict[int, list[GridCell]] = {}
    for c in grid.cells:
        by_row.setdefault(c.row, []).append(c)
    rows = [[c.text for c in sorted(by_row.get(r, []), key=lambda c: c.col) if c.text]
            for r in range(grid.n_rows)]
    return header_rows(rows, table_form(grid, grid.matrix()).rows)
