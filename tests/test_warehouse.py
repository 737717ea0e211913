"""The warehouse: idempotent, replaces changed files, atomic, round-trips every field."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import warehouse_snapshot
from tongbao.extract.model import Check, Document, Extraction, Record
from tongbao.pipelines.batch import run
from tongbao.pipelines.parquet import file_of_document
from tongbao.pipelines.warehouse import Warehouse

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
TABLES = ["documents", "tables", "cells", "records", "checks", "units"]


def _snapshot(out: Path) -> dict[str, list]:
    return warehouse_snapshot(out, TABLES)


def _quiet(_msg: str) -> None:
    pass


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    return folder


def test_rerun_changes_nothing_and_reads_nothing(inputs, tmp_path):
    out = tmp_path / "wh"
    first = run([str(inputs)], str(out), log=_quiet)
    before = _snapshot(out)
    second = run([str(inputs)], str(out), log=_quiet)
    assert first.read == len(list(inputs.iterdir())) and second.read == 0
    assert second.skipped == first.files
    assert _snapshot(out) == before
    assert len(before["documents"]) == first.files


def test_changed_file_replaces_its_rows(inputs, tmp_path):
    out = tmp_path / "wh"
    run([str(inputs)], str(out), log=_quiet)
    target = inputs / "notice_000.txt"
    text = target.read_text("utf-8")
    target.write_text(text.replace("合计\t\t\t\t", "合计\t\t\t\t1"), encoding="utf-8")
    run([str(inputs)], str(out), log=_quiet)
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    docs = con.execute("SELECT doc_id FROM documents WHERE source_path = ?", [str(target)]).fetchall()
    assert len(docs) == 1
    (doc_id,) = docs[0]
    for table in ["tables", "cells", "records", "checks"]:
        orphans = con.execute(f"SELECT count(*) FROM {table} WHERE doc_id NOT IN "
                              "(SELECT doc_id FROM documents)").fetchone()[0]
        assert orphans == 0, table
    (grand,) = con.execute("""SELECT expected FROM checks WHERE doc_id = ? AND "check" = 'total'""",
                           [doc_id]).fetchone()
    assert str(int(grand)).startswith("1")


def test_crash_mid_write_leaves_the_previous_state(inputs, tmp_path, monkeypatch):
    out = tmp_path / "wh"
    run([str(inputs)], str(out), log=_quiet)
    before = _snapshot(out)
    (inputs / "notice_001.txt").write_text("关于一项工作的通报\n\n单位\t数量\n教育局\t3\n", "utf-8")
    import tongbao.pipelines.warehouse as wh_module

    real = wh_module._insert

    def explode_on_records(con, table, rows):
        if table == "records":
            raise RuntimeError("simulated crash after the deletes, before the records")
        return real(con, table, rows)

    monkeypatch.setattr(wh_module, "_insert", explode_on_records)
    with pytest.raises(RuntimeError):
        run([str(inputs)], str(out), log=_quiet)
    assert _snapshot(out) == before


def test_parquet_holds_the_same_rows(inputs, tmp_path):
    out = tmp_path / "wh"
    run([str(inputs)], str(out), log=_quiet)
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    for table in TABLES:
        pq_rows = _sorted_rows(pq.read_table(out / "parquet" / table))
        assert pq_rows == _sorted_rows(con.sql(f"SELECT * FROM {table}").to_arrow_table()), table
    per_document = {f.name for f in (out / "parquet" / "records").iterdir()}
    buckets = {file_of_document(d) for (d,) in con.execute(
        "SELECT DISTINCT doc_id FROM records").fetchall()}
    assert per_document == buckets  # one file per doc_id bucket, nothing else
    assert not list((out / "parquet").rglob("*tmp*")) and not (out / "parquet" / ".staging").exists()


def _sorted_rows(table) -> list:
    return sorted(map(repr, table.to_pylist()))


def _stamps(out: Path) -> dict[str, tuple[int, int]]:
    """Every Parquet file with its inode and modification time: what a run rewrote (runs and
    sources, the bookkeeping every run adds to, are small and always rewritten)."""
    return {str(f.relative_to(out)): (f.stat().st_ino, f.stat().st_mtime_ns)
            for f in (out / "parquet").rglob("*.parquet")
            if f.parent.name not in ("runs", "sources")}


def test_a_rerun_rewrites_only_the_parquet_files_of_what_changed(inputs, tmp_path):
    out = tmp_path / "wh"
    run([str(inputs)], str(out), log=_quiet)
    before = _stamps(out)
    run([str(inputs)], str(out), log=_quiet)
    assert _stamps(out) == before  # nothing new: nothing written
    target = inputs / "notice_003.txt"
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    (old_id,) = con.execute("SELECT doc_id FROM documents WHERE source_path = ?",
                            [str(target)]).fetchone()
    con.close()
    target.write_text(target.read_text("utf-8").replace("合计", "总计"), "utf-8")
    run([str(inputs)], str(out), log=_quiet)
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    [(new_id,)] = con.execute("SELECT doc_id FROM documents WHERE source_path = ?",
                              [str(target)]).fetchall()
    after = _stamps(out)
    rewritten = {f for f in after if after[f] != before.get(f)} | (set(before) - set(after))
    touched = {file_of_document(old_id), file_of_document(new_id)}
    per_document = {f"parquet/{t}/{b}" for t in ["documents", "tables", "cells", "records",
                                                  "checks", "facts"] for b in touched}
    assert {f for f in rewritten if "/doc-" in f} <= per_document
    assert f"parquet/records/{file_of_document(new_id)}" in rewritten
    assert len([f for f in after if "/doc-" in f]) > 2 * len(per_document)  # most untouched
    for table in TABLES:  # and the copy still equals the database
        assert _sorted_rows(pq.read_table(out / "parquet" / table)) == \
            _sorted_rows(con.sql(f"SELECT * FROM {table}").to_arrow_table()), table
    con.close()


def test_an_older_single_file_copy_is_replaced_whole(inputs, tmp_path):
    out = tmp_path / "wh"
    run([str(inputs)], str(out), log=_quiet)
    stale = out / "parquet" / "records" / "part-0.parquet"
    stale.write_bytes((out / "parquet" / "units" / "all.parquet").read_bytes())
    (out / "parquet" / "_generation").write_text("7")  # the old marker: a bare counter
    (inputs / "notice_000.txt").unlink()
    run([str(inputs)], str(out), log=_quiet)
    assert not stale.exists()
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    n = con.execute("SELECT count(*) FROM records").fetchone()[0]
    con.close()
    assert pq.read_table(out / "parquet" / "records").num_rows == n


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)


@settings(max_examples=50, deadline=None)
@given(path=st.lists(texts, min_size=1, max_size=4), value=st.none() | st.floats(allow_nan=False),
       raw=texts, unit=st.none() | texts, total=st.booleans(),
       day=st.none() | st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
       expected=st.none() | st.floats(allow_nan=False, allow_infinity=False))
def test_round_trip(tmp_path_factory, path, value, raw, unit, total, day, expected):
    doc = Document(doc_id="d" * 64, source_path="x.txt", format="text", issue_date=day,
                   title=raw, issuer=unit)
    rec = Record("d" * 64, 1, 2, 3, unit, unit, "department" if unit else None, raw,
                 "registry" if unit else None, path, raw, value, raw, total, None, 1)
    chk = Check("d" * 64, 1, "total", raw, expected, value, "pass", unit)
    with Warehouse(tmp_path_factory.mktemp("wh")) as wh:
        wh.write([Extraction(doc, records=[rec], checks=[chk])])
        got = wh.con.execute("SELECT * FROM records").fetchall()
        got_doc = wh.con.execute("SELECT title, issuer, issue_date FROM documents").fetchone()
        got_chk = wh.con.execute("SELECT scope, expected, actual, message FROM checks").fetchone()
    assert got == [tuple(rec.__dict__.values())]
    assert got_doc == (raw, unit, day)
    assert got_chk == (raw, expected, value, unit)


def test_a_warehouse_missing_columns_gains_them_and_keeps_its_rows(tmp_path):
    """A warehouse written by an older tongbao lacks the columns added since: opening it adds
    them (the columns present are asked once), and its rows stay."""
    with Warehouse(tmp_path) as wh:
        wh.con.execute("INSERT INTO documents (doc_id, status) VALUES ('d1', 'ok')")
        wh.con.execute("ALTER TABLE documents DROP COLUMN issuer_unit")
        wh.con.execute("ALTER TABLE records DROP COLUMN unit_type")
    with Warehouse(tmp_path) as wh:
        columns = {(t, c) for t, c in wh.con.execute(
            "SELECT table_name, column_name FROM duckdb_columns()").fetchall()}
        assert {("documents", "issuer_unit"), ("records", "unit_type")} <= columns
        assert wh.con.execute("SELECT doc_id, status, issuer_unit FROM documents").fetchall() \
            == [("d1", "ok", None)]
