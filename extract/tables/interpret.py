"""From a grid of cells to tidy records: one table interpreter for every reader.

Steps, each a plain function over the grid:
  header rows -> column paths -> column roles (rank, label, unit, value, totals)
  -> row labels (merged labels carried down) -> row roles (totals, groups)
  -> records (one per printed value) ; extract/arithmetic.py then checks totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tongbao.extract.model import Record
from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.headers import is_number_like
from tongbao.extract.tables.labels import Vocabulary, vocabulary
from tongbao.normalize.gazetteer import Division
from tongbao.normalize.numbers import parse_number
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

    @property
    def is_total(self) -> bool:
        return self.total_check is not None or self.is_group_total


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


@dataclass
class TableView:
    grid: Grid
    columns: list[Column]
    rows: list[Row]  # data rows only

    def path(self, row: Row) -> list[str]:
        """The row's labels outermost first, without the unit."""
        out: list[str] = []
        # Over the row's labels, not every column: a record per value asks, and a table of
        # 5,000 value columns made that cubic. (columns[k] is column k.)
        for k in sorted(k for k in row.labels if k < len(self.columns)):
            col = self.columns[k]
            if col.role in (LABEL, RANK) and not col.is_unit:
                text = row.labels[col.index]
                if text and (col.role == LABEL or text == row.total_label) and \
                        (not out or out[-1] != text):
                    out.append(text)
        return out

    def column_path(self, col: int, row: Row) -> list[str]:
        return self.columns[col].paths.get(row.header_run, [])

    def scope(self, row: Row) -> str:
        return row.unit_raw or " / ".join(self.path(row)) or f"row {row.index}"


def _header_rows(grid: Grid, mat: list[list[GridCell | None]]) -> set[int]:
    if grid.header_rows:
        return set(grid.header_rows)
    out = set()
    for r, row in enumerate(mat):
        if any(c and c.row == r and is_number_like(c.text) for c in row):
            break
        out.add(r)
    return out


def build_view(grid: Grid, voc: Vocabulary | None = None) -> TableView:
    voc = voc or vocabulary()
    mat = grid.matrix()
    headers = _header_rows(grid, mat)
    columns = _columns(grid, mat, headers, voc)
    rows = _rows(grid, mat, headers, columns, voc)
    _mark_group_totals(columns, rows)
    return TableView(grid, columns, rows)


def _columns(grid, mat, headers: set[int], voc: Vocabulary) -> list[Column]:
    runs = _header_runs(headers, grid.n_rows)
    columns = []
    for c in range(grid.n_cols):
        numbers = texts = 0
        for r in range(grid.n_rows):
            cell = mat[r][c]
            if r in headers or cell is None or cell.row != r or cell.col != c or not cell.text:
                continue
            if is_number_like(cell.text):
                numbers += 1
            else:
                texts += 1
        col = Column(c, VALUE if numbers and numbers >= texts else LABEL)
        if not numbers and not texts and any(x.role == VALUE for x in columns):
            col.role = VALUE  # nothing printed, right of the values: a column of empty values
        for run_id, run in enumerate(runs):
            col.paths[run_id] = _dedupe([mat[r][c] for r in run])
        first_path = col.paths.get(0, [])
        if first_path and voc.is_rank_header(first_path[-1]):
            col.role = RANK
        elif any(voc.is_code_header(p) for p in first_path):
            col.role = LABEL
        elif col.role == LABEL and any(voc.is_unit_header(p) for p in first_path):
            col.is_unit = True
        elif col.role == VALUE and first_path:
            col.total_check = voc.total_column_check(first_path[-1])
        columns.append(col)
    if not any(c.is_unit for c in columns):
        _guess_unit_column(grid, mat, headers, columns)
    return columns


def _guess_unit_column(grid, mat, headers, columns: list[Column]) -> None:
    """No 单位 header: the first label column whose labels are mostly unit names."""
    for col in columns:
        if col.role != LABEL:
            continue
        names = [mat[r][col.index].text for r in range(grid.n_rows)
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


def _rows(grid, mat, headers: set[int], columns: list[Column], voc: Vocabulary) -> list[Row]:
    runs = _header_runs(headers, grid.n_rows)
    first_value = next((c.index for c in columns if c.role == VALUE), grid.n_cols)
    prefix = [c.index for c in columns if c.role in (RANK, LABEL) and c.index < first_value]
    suffix = [c.index for c in columns if c.role == LABEL and c.index > first_value]
    group_col = prefix[0] if prefix else None
    current: dict[int, str] = {}
    rows: list[Row] = []
    group = -1
    for r in range(grid.n_rows):
        if r in headers:
            continue
        own = {c: mat[r][c] for c in range(grid.n_cols)  # cells that start here, once each
               if mat[r][c] is not None and mat[r][c].row == r and mat[r][c].col == c
               and mat[r][c].text}
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
        unit_col = next((c.index for c in columns if c.is_unit), None)
        if unit_col is not None and row.total_check is None:
            row.unit_raw = labels.get(unit_col) or None
        row.values = {c.index: own[c.index] for c in columns
                      if c.role == VALUE and c.index in own}
        row.printed = {c: own[c].text for c in prefix if c in own}
        rows.append(row)
    return rows


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
        spread = any(not r.group_start and any(c != col.index for c in r.values) for r in rows)
        if spread and len(on) >= 2:
            col.is_group_total = True


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
    out = list(row_path)
    for p in col_path:
        if not out or out[-1] != p:
            out.append(p)
    return out
