"""`tongbao export` and `show --format`: CSV and Excel give back exactly the records (lists as
JSON arrays, or with --flat joined and one column per level); Parquet and JSON lines keep
the lists; `show` prints every record."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.conftest import seed_path
from tongbao.extract.model import Document, Extraction, Record
from tongbao.pipelines.batch import run
from tongbao.pipelines.export import export
from tongbao.pipelines.warehouse import Warehouse

REPO = Path(__file__).resolve().parents[1]
TONGBAO = Path(sys.executable).parent / "tongbao"


def _tongbao(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(TONGBAO), *args], capture_output=True, text=True, cwd=REPO,
                          timeout=300)


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "wh"
    run([str(REPO / "corpus" / "samples")], str(out), workers=2, log=lambda _m: None)
    return out


def _stored(out: Path, table: str = "records") -> tuple[list[str], list[tuple]]:
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    cur = con.execute(f"SELECT * FROM {table}")  # as stored: an export keeps that order
    names, rows = [d[0] for d in cur.description], cur.fetchall()
    con.close()
    return names, rows


def _types(out: Path, table: str = "records") -> dict[str, str]:
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    types = {n: ("VARCHAR" if t.endswith("[]") else t)
             for n, t, *_ in con.execute(f"DESCRIBE {table}").fetchall()}
    con.close()
    return types


def _csv_back(path: Path, types: dict[str, str]) -> list[tuple]:
    """CSV read back with the warehouse's column types; "" stays an empty text, nothing NULL."""
    con = duckdb.connect()
    cols = "{" + ", ".join(f"'{n}': '{t}'" for n, t in types.items()) + "}"
    return con.execute(f"SELECT * FROM read_csv('{path}', header = true, columns = {cols}, "
                       f"allow_quoted_nulls = false)").fetchall()


def _xlsx_back(path: Path) -> tuple[list[str], list[tuple]]:
    book = load_workbook(path, read_only=True)
    rows = [r for ws in book.worksheets for r in ws.iter_rows(values_only=True)]
    width = len(rows[0])  # a read-only sheet drops a row's trailing empty cells
    return list(rows[0]), [tuple(v.date() if isinstance(v, dt.datetime) else v
                                 for v in (*r, *[None] * (width - len(r)))) for r in rows[1:]]


def _json_lists(rows: list[tuple], names: list[str], list_columns: set[str]) -> list[tuple]:
    return [tuple(json.loads(v) if n in list_columns and v is not None else v
                  for n, v in zip(names, r, strict=True)) for r in rows]


def _as_excel_holds(rows: list[tuple]) -> list[tuple]:
    """What a sheet cannot keep apart: an empty text is an empty cell, and a number keeps 16
    significant digits (openpyxl's %.16g; Excel shows 15; no printed figure has as many)."""
    return [tuple(None if v == "" else float(f"{v:.16g}") if isinstance(v, float) else v
                  for v in r) for r in rows]


def test_csv_and_xlsx_round_trip_the_records(samples, tmp_path):
    names, stored = _stored(samples)
    assert len(stored) > 3000
    for fmt in ("csv", "xlsx"):
        dest = tmp_path / f"records.{fmt}"
        p = _tongbao("export", str(samples), "--table", "records", "--format", fmt, "--out",
                     str(dest))
        assert p.returncode == 0, p.stderr
        assert p.stdout.strip() == f"records: {len(stored)} rows to {dest}"
        if fmt == "csv":
            back = _json_lists(_csv_back(dest, _types(samples)), names, {"path"})
            assert back == stored
        else:
            header, rows = _xlsx_back(dest)
            assert header == names
            assert _json_lists(rows, names, {"path"}) == _as_excel_holds(stored)


def test_flat_exports_join_the_path_and_give_one_column_per_level(samples, tmp_path):
    names, stored = _stored(samples)
    depth = max(len(r[names.index("path")]) for r in stored)
    assert depth >= 3
    for fmt in ("csv", "xlsx"):
        dest = tmp_path / f"flat.{fmt}"
        assert _tongbao("export", str(samples), "--format", fmt, "--flat", "--out",
                        str(dest)).returncode == 0
        if fmt == "csv":
            types = _types(samples) | {f"path_{i}": "VARCHAR" for i in range(1, depth + 1)}
            order = [*names[:names.index("path") + 1],
                     *[f"path_{i}" for i in range(1, depth + 1)], *names[names.index("path") + 1:]]
            rows = _csv_back(dest, {n: types[n] for n in order})
            header = order
        else:
            header, rows = _xlsx_back(dest)
        levels = [header.index(f"path_{i}") for i in range(1, depth + 1)]
        for row, original in zip(rows, stored, strict=True):
            path = original[names.index("path")]
            assert row[header.index("path")] == " / ".join(path)
            assert [row[i] for i in levels if row[i] is not None] == path
            assert row[header.index("value")] == original[names.index("value")]


def test_parquet_and_jsonl_keep_the_lists(samples, tmp_path):
    names, stored = _stored(samples)
    for fmt in ("parquet", "jsonl"):
        dest = tmp_path / f"records.{fmt}"
        assert _tongbao("export", str(samples), "--format", fmt, "--out", str(dest)).returncode == 0
        if fmt == "parquet":
            back = [tuple(r.values()) for r in pq.read_table(dest).to_pylist()]
        else:
            back = [tuple(json.loads(line).values()) for line in dest.read_text("utf-8").splitlines()]
        assert back == stored


def test_every_table_exports_and_a_wrong_name_says_which_exist(samples, tmp_path):
    for table in ["documents", "tables", "cells", "checks", "facts", "units"]:
        _, stored = _stored(samples, table)
        p = _tongbao("export", str(samples), "--table", table, "--format", "csv")
        assert p.returncode == 0, p.stderr
        assert p.stdout.strip() == f"{table}: {len(stored)} rows to " \
            f"{samples / 'export' / (table + '.csv')}"
    p = _tongbao("export", str(samples), "--table", "recrods")
    assert p.returncode == 2 and "no table 'recrods'" in p.stderr and "records" in p.stderr


texts = st.one_of(st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=12),
                  st.sampled_from(["", "=SUM(A1)", "007", 'a,"b"', "line\nnext", " 一、 ", "NULL"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.lists(texts, min_size=1, max_size=4), texts, st.none() | texts,
                               st.none() | st.floats(allow_nan=False, allow_infinity=False),
                               st.booleans()), min_size=1, max_size=6))
def test_any_text_and_number_round_trip_through_csv_and_xlsx(tmp_path, rows):
    out = tmp_path / "wh"
    doc = Document(doc_id="d" * 64, source_path="x.txt", format="text")
    records = [Record("d" * 64, 1, i, 0, unit, unit, None, None, None, path, "m", value, raw,
                      total, None, None) for i, (path, raw, unit, value, total) in enumerate(rows)]
    with Warehouse(out) as wh:
        wh.write([Extraction(doc, records=records)])
        for fmt in ("csv", "xlsx"):
            export(wh.con, "records", fmt, out / f"r.{fmt}")
    names, stored = _stored(out)
    assert _json_lists(_csv_back(out / "r.csv", _types(out)), names, {"path"}) == stored
    assert _json_lists(_xlsx_back(out / "r.xlsx")[1], names, {"path"}) == \
        _as_excel_holds(stored)


def test_show_prints_every_record_in_each_format():
    seed = seed_path("000")
    records = json.loads(_tongbao("show", str(seed), "--json").stdout)["records"]
    table = _tongbao("show", str(seed)).stdout.splitlines()
    md = _tongbao("show", str(seed), "--format", "md").stdout.splitlines()
    csv_rows = _tongbao("show", str(seed), "--format", "csv").stdout.splitlines()
    body = [line for line in table if line[:1].isdigit()]
    assert len(body) == len(records) > 200
    for line, r in zip(body, records, strict=True):
        assert line.split()[0] == str(r["row"]) and r["value_raw"] in line
        assert " / ".join(r["path"]) in line
    assert len([line for line in md if line.startswith("| ") and line[2].isdigit()]) == len(records)
    assert sum(line.startswith("## table ") for line in md) == len({r["table_id"] for r in records})
    assert len(csv_rows) == 1 + len(records) and csv_rows[0].startswith("doc_id,table_id,row,col")
