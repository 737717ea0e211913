"""Reader for spreadsheets (XLSX and XLS through calamine; ET, and an XLS calamine
cannot open, converted by LibreOffice first).

Every sheet is a table. Its title is the sheet's name (unless a default such as
Sheet1) and the title rows above the table (附件1 / 标题 / (副标题)), found as the
text reader finds captions; notes under the table (注：…) are prose. Merged
ranges are the grid's spans. Numbers are taken as stored, not as displayed (a
cell shown as 12.5% holds 0.125; one shown as 1,234 holds 1234), and a formula's
cached value is its value. The sheet's number is its "page".
"""

from __future__ import annotations

import datetime as dt
import io

import olefile
import regex
from python_calamine import CalamineError, CalamineWorkbook

from tongbao.extract.errors import BadInput
from tongbao.extract.readers.content import Content
from tongbao.extract.readers.office.convert import convert
from tongbao.extract.readers.office.package import (
    open_package,
    refuse_encrypted,
    refuse_unless_ole,
)
from tongbao.extract.readers.text.blocks import caption_above
from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.headers import header_rows_of, is_number_like
from tongbao.normalize.patterns import LazyPattern
from tongbao.normalize.text import clean_text

MAX_CELLS = 2_000_000  # per sheet: beyond it a sheet is a data dump, not a published table
_DEFAULT_NAME = LazyPattern(r"^(sheet|工作表|表)\s*\d*$", regex.IGNORECASE)


def read_workbook(data: bytes, name: str) -> Content:
    notes: list[str] = []
    if data.startswith(olefile.MAGIC):  # XLS or ET
        refuse_encrypted(data, "xls")
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except (CalamineError, ValueError, OSError):
            # WPS's ET and some old XLS: LibreOffice reads what calamine cannot.
            refuse_unless_ole(data, "xls", ("workbook", "book"))
            return read_workbook(convert(data, "xls", "xlsx"), name)
    else:
        package = open_package(data, "xlsx")
        notes = package.notes
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(package.data))
        except (CalamineError, ValueError, OSError) as e:
            raise BadInput(f"not a readable Excel file ({e}); open it in Excel or WPS and save "
                           "it again as .xlsx") from e
    content = Content(prose=[], prose_pages=[], n_pages=len(book.sheet_names))
    for number, sheet_name in enumerate(book.sheet_names, start=1):
        try:
            sheet = book.get_sheet_by_name(sheet_name)
            if sheet.height * sheet.width > MAX_CELLS:
                notes.append(f"sheet {sheet_name} has {sheet.height} x {sheet.width} cells, over "
                             f"the {MAX_CELLS} a sheet may have; it was left out")
                continue
            rows = [[_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
            merges = sheet.merged_cell_ranges or []
        except (CalamineError, ValueError, OSError) as e:
            notes.append(f"sheet {sheet_name} could not be read ({e})")
            continue
        _add_sheet(content, number, sheet_name, rows, merges)
    if notes:
        content.status, content.error = "partial", "; ".join(notes)
    return content


def _text(value) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return clean_text(str(value))


def _add_sheet(content: Content, number: int, sheet_name: str, rows: list[list[str]],
               merges: list) -> None:
    grid = sheet_grid(rows, merges)
    if grid is None:
        return
    by_row: dict[int, list[GridCell]] = {}
    for c in grid.cells:
        by_row.setdefault(c.row, []).append(c)
    filled = [r for r in range(grid.n_rows) if len([c for c in by_row.get(r, []) if c.text]) >= 2]
    if not filled:  # a sheet of lines of text
        _add_prose(content, [c.text for r in sorted(by_row) for c in by_row[r] if c.text], number)
        return
    first, last = filled[0], filled[-1]
    titles = [c.text for r in range(first) for c in by_row.get(r, []) if c.text]
    below = [c.text for r in range(last + 1, grid.n_rows) for c in by_row.get(r, []) if c.text]
    notes = below
    if any(is_number_like(t) for t in below):  # a lone number below: the table goes on
        notes, last = [], grid.n_rows - 1
    heading = ([] if _DEFAULT_NAME.match(sheet_name.strip()) else [sheet_name]) + titles
    _add_prose(content, titles, number)
    table = _cut(grid, first, last)
    table.title = caption_above(heading, len(heading))
    table.page_first = table.page_last = number
    content.grids.append(table)
    _add_prose(content, notes, number)


def _add_prose(content: Content, lines: list[str], page: int) -> None:
    content.prose += lines
    content.prose_pages += [page] * len(lines)


def sheet_grid(rows: list[list[str]], merges: list) -> Grid | None:
    """The sheet's cells with merged ranges as spans, empty outer rows and columns cut."""
    covered: set[tuple[int, int]] = set()
    cells = []
    for (r0, c0), (r1, c1) in merges:
        text = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else ""
        cells.append(GridCell(r0, c0, text, row_span=r1 - r0 + 1, col_span=c1 - c0 + 1))
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    cells += [GridCell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)
              if (r, c) not in covered]
    used = [c for c in cells if c.text]
    if not used:
        return None
    keep_rows = sorted({r for c in used for r in range(c.row, c.row + c.row_span)})
    keep_cols = sorted({k for c in used for k in range(c.col, c.col + c.col_span)})
    return _reindex(cells, keep_rows, keep_cols)


def _reindex(cells: list[GridCell], rows: list[int], cols: list[int]) -> Grid:
    """Only the given rows and columns, renumbered; a span keeps what it covers of them."""
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: i for i, c in enumerate(cols)}
    out = []
    for c in cells:
        rs = [row_at[r] for r in range(c.row, c.row + c.row_span) if r in row_at]
        cs = [col_at[k] for k in range(c.col, c.col + c.col_span) if k in col_at]
        if rs and cs and (c.row in row_at and c.col in col_at or c.text):
            out.append(GridCell(rs[0], cs[0], c.text, row_span=len(rs), col_span=len(cs)))
    return Grid(out, len(rows), len(cols), "xlsx")


def _cut(grid: Grid, first: int, last: int) -> Grid:
    """Rows first..last of a grid, its header rows found anew."""
    table = _reindex(grid.cells, list(range(first, last + 1)), list(range(grid.n_cols)))
    table.header_rows = header_rows_of(table)
    return table
