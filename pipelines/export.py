"""`tongbao export`: one warehouse table as CSV, Excel, Parquet or JSON lines.

List-typed columns (records.path, cells.bbox, units.aliases) have no native form in CSV or
Excel: there they are written as JSON arrays (["一、", "发布信息"]), which read back
exactly. With --flat every list is joined with " / " instead, and records.path is also
spread over one column per level (path_1, path_2, ...), the form a spreadsheet filters on.
DuckDB writes CSV, Parquet and JSON lines straight from the table (in CSV an empty text is
"" and a NULL nothing, so DuckDB's read_csv(..., allow_quoted_nulls = false) reads both back
apart); Excel goes through openpyxl's streaming writer, one sheet per 1,048,575 rows, text
that starts with = kept as text (never a formula), control characters XML cannot hold
dropped, and an empty text an empty cell. Memory stays flat either way.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tongbao.pipelines.sql import literal

FORMATS = {"csv": ".csv", "xlsx": ".xlsx", "parquet": ".parquet", "jsonl": ".jsonl"}
SEPARATOR = " / "
LEVELLED = ("path",)  # list columns also spread over one column per level with --flat
XLSX_ROWS = 1_048_575  # a sheet's rows, less the header
BATCH = 5000


def _columns(con, source: str) -> list[tuple[str, str]]:
    return [(name, typ) for name, typ, *_ in con.execute(f'DESCRIBE SELECT * FROM "{source}"').fetchall()]


def select_list(con, source: str, fmt: str, flat: bool) -> str:
    """The SELECT list that gives a table its exported form."""
    native_lists = fmt in ("parquet", "jsonl") and not flat
    out = []
    for name, typ in _columns(con, source):
        col = f'"{name}"'
        if not typ.endswith("[]") or native_lists:
            out.append(col)
        elif not flat:
            out.append(f"CAST(to_json({col}) AS VARCHAR) AS {col}")
        else:
            out.append(f"array_to_string({col}, '{SEPARATOR}') AS {col}")
            if name in LEVELLED:
                depth = con.execute(f'SELECT coalesce(max(len({col})), 0) FROM "{source}"'
                                    ).fetchall()[0][0]
                out += [f'{col}[{i}] AS "{name}_{i}"' for i in range(1, depth + 1)]
    return ", ".join(out)


def export(con, source: str, fmt: str, dest: Path, flat: bool = False) -> int:
    """Write table (or view) `source` to dest in fmt; returns the number of rows."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    query = f'SELECT {select_list(con, source, fmt, flat)} FROM "{source}"'
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")  # a reader never sees half an export
    if fmt == "xlsx":
        n = _xlsx(con, query, tmp, sheet=source)
    else:
        options = {"csv": "FORMAT CSV, HEADER", "parquet": "FORMAT PARQUET",
                   "jsonl": "FORMAT JSON"}[fmt]
        con.execute(f"COPY ({query}) TO {literal(str(tmp))} ({options})")
        n = con.execute(f'SELECT count(*) FROM "{source}"').fetchall()[0][0]
    os.replace(tmp, dest)
    return n


def to_text(con, source: str, fmt: str, flat: bool = True) -> str:
    """The same export as text (CSV, JSON lines), for printing."""
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / f"out{FORMATS[fmt]}"
        export(con, source, fmt, dest, flat)
        return dest.read_text("utf-8")


def _xlsx(con, query: str, dest: Path, sheet: str) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value):
        if not isinstance(value, str):
            return value
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold
        if value.startswith("="):  # printed text, never a formula Excel would run
            value = WriteOnlyCell(ws, value=value)
            value.data_type = "s"
        return value

    book = Workbook(write_only=True)
    cursor = con.cursor().execute(query)
    header = [d[0] for d in cursor.description]
    n, ws = 0, None
    while batch := cursor.fetchmany(BATCH):
        for row in batch:
            if n % XLSX_ROWS == 0:
                ws = book.create_sheet(sheet if n == 0 else f"{sheet} ({n // XLSX_ROWS + 1})")
                ws.append(header)
            ws.append([cell(v) for v in row])
            n += 1
    if ws is None:
        book.create_sheet(sheet).append(header)
    book.save(dest)
    return n
