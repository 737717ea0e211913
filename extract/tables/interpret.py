"""From a grid of cells to tidy records: one table interpreter for every reader.

Steps, each a plain function over the grid:
  form lines and title (tables/form.py) -> header rows -> column paths
  -> column roles (rank, code, label, unit, result, value, totals, derived)
  -> row labels (merged labels carried down) -> row roles (totals, groups)
  -> records (one per printed value) ; checks/ then checks totals and derived columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tongbao.extract.model import Record
from tongbao.extract.tables.derivation import Derivation, derive
from tongbao.extract.tables.form import Form, table_form
from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.headers import header_rows_of, is_number_like
from tongbao.extract.tables.labels import NUMBERING, Vocabulary, numbering, vocabulary
from tongbao.normalize.gazetteer import Division
from tongbao.normalize.numbers import is_placeholder, parse_number
from tongbao.normalize.patterns import LazyPattern
from tongbao.normalize.text import match_key
from tongbao.normalize.units import resolve_list, unit_type

RANK, LABEL, VALUE = "rank", "label", "value"


@dataclass
class Column:
    index: int
    role: str  # rank | label | value
    is_unit: bool = False
    total_check: str | None = None  # set on a column that totals its siblings
    is_group_total: bool = False  # totals its group's rows (seed 000's per-unit total)
    paths: dict[int, list[str]] = field(default_factory=dict)  # header run -> labels
    is_code: bool = False  # 单位编号, 项目编码: identifies the row, a label
    empty: bool = False  # nothing printed below the header
    is_result: bool = False  # 等次, 星级: a result about the row, kept out of paths
    under_total: bool = False  # under a total group's header (三公经费合计 / 2023)
    derived: Derivation | None = None  # what the headers say it is computed from
    rule: str | None = None  # the derivation, once checks/derived.py confirmed it by the numbers

    @property
    def is_total(self) -> bool:
        return self.total_check is not None or self.is_group_total or self.under_total

    @property
    def adds_up(self) -> bool:
        """Whether a total row's cell here is the column's sum: never for a rate, and a
        column a confirmed rule derives (增减数) is checked by that rule instead."""
        return not self.rule and not (self.derived and self.derived.kind in ("rate", "ratio"))


@dataclass
class Row:
    index: int
    header_run: int
    labels: dict[int, str]  # label column -> label (carried down)
    unit_raw: str | None
    group: int
    group_start: bool
    total_check: str | None = None
    total_label: str | None = None
    total_col: int | None = None
    values: dict[int, GridCell] = field(default_factory=dict)
    printed: dict[int, str] = field(default_factory=dict)  # labels printed in this row itself
    heading: str | None = None  # the group heading above it (一、区直部门), if any


@dataclass
class TableView:
    grid: Grid
    columns: list[Column]
    rows: list[Row]  # data rows only
    form: Form = field(default_factory=Form)  # form lines, title row, measure unit

    def path(self, row: Row) -> list[str]:
        """The row's labels outermost first, without the unit, a unit's code or a result
        (等次); a total's own label (合计) is kept wherever it is printed."""
        has_unit = any(c.is_unit for c in self.columns)
        out: list[str] = [row.heading] if row.heading else []
        # Over the row's labels, not every column: a record per value asks, and a table of
        # 5,000 value columns made that cubic. (columns[k] is column k.)
        for k in sorted(k for k in row.labels if k < len(self.columns)):
            col = self.columns[k]
            if col.role in (LABEL, RANK):
                text = row.labels[col.index]
                plain = col.role == LABEL and not col.is_unit and not col.is_result \
                    and not (col.is_code and has_unit)
                if text and (plain or text == row.total_label) and (not out or out[-1] != text):
                    out.append(text)
        return out

    def column_path(self, col: int, row: Row) -> list[str]:
        return self.columns[col].paths.get(row.header_run, [])

    def scope(self, row: Row) -> str:
        return row.unit_raw or " / ".join(self.path(row)) or f"row {row.index}"


def build_view(grid: Grid, voc: Vocabulary | None = None) -> TableView:
    voc = voc or vocabulary()
    mat = grid.matrix()
    form = table_form(grid, mat, voc)
    headers = (set(grid.header_rows) or header_rows_of(grid)) - form.rows
    columns = _columns(grid, mat, headers, voc, form.rows)
    rows = _rows(grid, mat, headers, columns, voc, form.rows)
    _mark_group_totals(columns, rows)
    _mark_derived(columns, voc)
    return TableView(grid, columns, rows, form)


# A unit's code: digits before its name, 013001 or six and more (12345热线 is a name).
_CODE = LazyPattern(r"^(?P<code>0\d{2,}|\d{6,})\s*(?=\p{Han})")


def split_code(label: str) -> tuple[str | None, str]:
    """'013002平潭综合实验区财政金融局' -> ('013002', '平潭综合实验区财政金融局')."""
    m = _CODE.match(label)
    return (m["code"], label[m.end():]) if m else (None, label)


_CODE_TEXT = LazyPattern(r"0\d{2,}")


def _is_code_text(text: str) -> bool:
    return _CODE_TEXT.fullmatch(text) is not None


def _columns(grid, mat, headers: set[int], voc: Vocabulary, skip: set[int]) -> list[Column]:
    runs = _header_runs(headers, grid.n_rows)
    columns = []
    for c in range(grid.n_cols):
        numbers = texts = codes = marks = 0
        for r in range(grid.n_rows):
            cell = mat[r][c]
            if r in headers or r in skip or cell is None or cell.row != r or cell.col != c \
                    or not cell.text:
                continue
            if _is_code_text(cell.text):
                codes += 1
            elif is_placeholder(cell.text):
                marks += 1  # nothing printed: a value's or a name's (a side-by-side gap, /)
            elif is_number_like(cell.text) or cell.candidates is not None:  # ?(12|120): unsure
                numbers += 1
            else:
                texts += 1
        numbers += marks if not texts else 0
        col = Column(c, VALUE if numbers and numbers >= texts + codes else LABEL,
                     is_code=codes > numbers)
        if not numbers and not texts and any(x.role == VALUE for x in columns):
            col.role = VALUE  # nothing printed, right of the values: a column of empty values
        col.empty = not numbers and not texts and not codes
        for run_id, run in enumerate(runs):
            col.paths[run_id] = _dedupe([mat[r][c] for r in run])
        first_path = col.paths.get(0, [])
        if first_path and voc.is_rank_header(first_path[-1]):
            col.role = RANK
        elif any(voc.is_code_header(p) for p in first_path):
            col.role, col.is_code = LABEL, True
        elif first_path and voc.is_result_header(first_path[-1]):
            col.role, col.is_result = LABEL, True  # 等次, 联系电话: about the row, no value
        elif col.role == LABEL and any(voc.is_unit_header(p) for p in first_path):
            col.is_unit = True
        elif col.role == VALUE and first_path:
            col.total_check = voc.total_column_check(first_path[-1])
        columns.append(col)
    for col in columns:  # a 2022 column printed all empty, left of its group's other years
        first = col.paths.get(0, [])
        if col.empty and col.role == LABEL and first and (voc.period(first[-1]) or any(
                x.role == VALUE and x.paths.get(0, [])[:-1] == first[:-1] for x in columns)):
            col.role = VALUE
    if not any(c.is_unit for c in columns):
        _guess_unit_column(grid, mat, headers, columns)
    return columns


def _guess_unit_column(grid, mat, headers, columns: list[Column]) -> None:
    """No 单位 header: the first label column whose labels are mostly unit names."""
    for col in columns:
        if col.role != LABEL:
            continue
        names = [split_code(mat[r][col.index].text)[1] for r in range(grid.n_rows)
                 if r not in headers and mat[r][col.index] and mat[r][col.index].text]
        typed = [n for n in names if unit_type(match_key(n)) not in (None, "other")]
        if names and len(typed) >= 0.8 * len(names):
            col.is_unit = True
        return


def _header_runs(headers: set[int], n_rows: int) -> list[list[int]]:
    runs: list[list[int]] = []
    for r in range(n_rows):
        if r in headers:
            if runs and runs[-1][-1] == r - 1:
                runs[-1].append(r)
            else:
                runs.append([r])
    return runs


def _dedupe(cells: list[GridCell | None]) -> list[str]:
    out: list[str] = []
    seen: list[int] = []
    for c in cells:
        if c and c.text and id(c) not in seen and (not out or out[-1] != c.text):
            out.append(c.text)
            seen.append(id(c))
    return out


def _rows(grid, mat, headers: set[int], columns: list[Column], voc: Vocabulary,
          skip: set[int]) -> list[Row]:
    runs = _header_runs(headers, grid.n_rows)
    first_value = next((c.index for c in columns if c.role == VALUE), grid.n_cols)
    prefix = [c.index for c in columns if c.role in (RANK, LABEL) and c.index < first_value]
    suffix = [c.index for c in columns if c.role == LABEL and c.index > first_value]
    group_col = prefix[0] if prefix else None
    current: dict[int, str] = {}
    rows: list[Row] = []
    group = -1
    heading = None
    for r in range(grid.n_rows):
        if r in headers or r in skip:
            continue
        own = {c: mat[r][c] for c in range(grid.n_cols)  # cells that start here, once each
               if mat[r][c] is not None and mat[r][c].row == r and mat[r][c].col == c
               and mat[r][c].text}
        if any(c in own for c in prefix) and all(is_placeholder(x.text) for x in own.values()):
            continue  # marks even for its name: the gap a table printed in halves leaves
        alone = next(iter(own)) if len(own) == 1 else None
        if alone in prefix and _heads_rows(mat, r, alone, headers | skip):
            heading = own[alone].text  # 一、区直部门 alone in its row: heads the rows below
            continue
        starts = [c for c in prefix if c in own]
        k = starts[0] if starts else grid.n_cols
        group_start = group_col is not None and group_col in own or group == -1
        if group_start:
            group += 1
        labels: dict[int, str] = {}
        for c in prefix:
            cell = mat[r][c]
            if cell is not None and cell.text:
                labels[c] = cell.text
            elif c < k:
                labels[c] = current.get(c, "")
        for c in suffix:
            cell = mat[r][c]
            labels[c] = cell.text if cell is not None and cell.text else (
                "" if group_start else current.get(c, ""))
        current = dict(labels)
        run_id = max((i for i, run in enumerate(runs) if run[0] < r), default=0)
        row = Row(r, run_id, labels, None, group, group_start)
        for c in prefix:
            if c in own and (check := voc.total_row_check(own[c].text)):
                row.total_check, row.total_label, row.total_col = check, own[c].text, c
                break
        if row.total_check == "total":
            heading = None  # 合计 closes every group
        row.heading = heading
        unit_col = next((c.index for c in columns if c.is_unit), None)
        # A total labelled right of the unit column (解放路街道办事处 | 小计) is that unit's.
        if unit_col is not None and (row.total_check is None or row.total_col > unit_col):
            row.unit_raw = split_code(labels.get(unit_col) or "")[1] or None
        elif unit_col is None and heading:  # 一、解放路街道办事处 heading its domains
            named = NUMBERING.sub("", heading).strip()
            row.unit_raw = named if unit_type(match_key(named)) not in (None, "other") else None
        row.values = {c.index: own[c.index] for c in columns
                      if c.role == VALUE and c.index in own}
        row.printed = {c: own[c].text for c in prefix if c in own}
        rows.append(row)
    return rows


def _heads_rows(mat, r: int, col: int, skip: set[int]) -> bool:
    """A numbered label alone in its row (一、区直部门) heads the rows below it when the next
    row's label there is not numbered: a 公安局 under it, not a sibling 4.保护第三方合法权益
    after a 3.危及… printed with no figures (a template's row of zeros left blank)."""
    if not numbering(mat[r][col].text):
        return False
    for below in range(r + 1, len(mat)):
        cells = [c for c in mat[below] if c is not None and c.row == below and c.text]
        if below in skip or not cells:
            continue
        cell = mat[below][col]
        return cell is not None and cell.row == below and bool(cell.text) \
            and not numbering(cell.text) and len(cells) > 1
    return False


def _mark_group_totals(columns: list[Column], rows: list[Row]) -> None:
    """A value column printed only on each group's first row, beside other values
    spread over the group's rows, is the group's total (seed 000 附件1: 28 for 解放路)."""
    n_groups = len({r.group for r in rows})
    if n_groups < 2:
        return
    for col in columns:
        if col.role != VALUE or col.total_check:
            continue
        on = [r for r in rows if col.index in r.values and r.total_check is None]
        if not on or any(not r.group_start for r in on):
            continue
        # (a 合计 row printed without the group column's label spreads nothing)
        spread = any(not r.group_start and r.total_check is None
                     and any(c != col.index for c in r.values) for r in rows)
        if spread and len(on) >= 2:
            col.is_group_total = True


def _mark_derived(columns: list[Column], voc: Vocabulary) -> None:
    """Columns the headers say are derived (三公经费合计, 增减数, 增长率, 执行率); a total
    column the arithmetic already checks (合计 among its siblings) is left to it."""
    paths = {c.index: c.paths.get(0, []) for c in columns if c.role == VALUE}
    derived, under_total = derive(paths, voc)
    for c in columns:
        c.under_total = c.index in under_total and not c.total_check
        if c.index in derived and not c.total_check and not c.is_group_total:
            c.derived = derived[c.index]


def to_records(view: TableView, doc_id: str, table_id: int, context: Division | None = None,
               aliases: str | None = None) -> list[Record]:
    """One record per printed value; units resolved in the document's jurisdiction."""
    records = []
    group_paths = _group_paths(view)
    units = resolve_list([r.unit_raw for r in view.rows if r.unit_raw], context, aliases)
    for row in view.rows:
        match = units.get(row.unit_raw) if row.unit_raw else None
        for c, cell in row.values.items():
            row_path = group_paths[row.group] if view.columns[c].is_group_total else None
            record = make_record(view, row, c, cell.text, doc_id, table_id, match, row_path,
                                 cell.page)
            if cell.candidates is not None:
                record.value = None  # unsure: '?(12|120)', or a row's figures kept unread
            record.confidence = cell.confidence
            records.append(record)
    return records


def make_record(view: TableView, row: Row, c: int, text: str, doc_id: str, table_id: int,
                match=None, row_path: list[str] | None = None, page: int | None = None,
                value: float | None = None) -> Record:
    """The record of the value at (row, column c) of a view."""
    col = view.columns[c]
    path = _join(view.path(row) if row_path is None else row_path, view.column_path(c, row))
    return Record(
        doc_id=doc_id, table_id=table_id, row=row.index, col=c + view.grid.col_offset,
        unit_raw=row.unit_raw, unit=match and match.unit, unit_type=match and match.unit_type,
        jurisdiction=match and match.jurisdiction, unit_status=match and match.status, path=path,
        metric=(view.column_path(c, row) or [None])[-1],
        value=parse_number(text) if value is None else value, value_raw=text,
        is_total=bool(row.total_check or col.is_total), key=None,
        page=page if page is not None else view.grid.page_first)


def _group_paths(view: TableView) -> dict[int, list[str]]:
    """The labels shared by every row of a group (its heading), without the unit."""
    out: dict[int, list[str]] = {}
    for row in view.rows:
        path = view.path(row)
        if row.group not in out:
            out[row.group] = path
        else:
            prev = out[row.group]
            n = 0
            while n < min(len(prev), len(path)) and prev[n] == path[n]:
                n += 1
            out[row.group] = prev[:n]
    return out


def _join(row_path: list[str], col_path: list[str]) -> list[str]:
    """Row labels, then column labels: a 合计 row under a column group named 合计 keeps both."""
    return [*row_path, *col_path]
