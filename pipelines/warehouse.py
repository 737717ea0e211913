"""The warehouse: DIR/warehouse.duckdb plus DIR/parquet/<table>/ for other engines.

Columns come from the dataclasses in extract/model.py. A batch of documents
is written in one DuckDB transaction that first deletes every row of those
documents (and of older versions of the same files), so a re-run changes
nothing and a crash mid-write leaves the previous state whole. Derived data
(the units table, the Parquet copy) is brought up to date by `finalize`, which
compares a write counter kept in the database with the one the Parquet copy
was made from: a run killed before finalising is finished by the next one.
Parquet files are written beside and moved into place, so readers never see
half a file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import types
import typing
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from tongbao.extract.model import PER_DOCUMENT_TABLES, Extraction

_ARROW = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(),
          dt.date: pa.date32()}
_DUCK = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN", dt.date: "DATE"}


def _base(tp) -> tuple[type, bool]:
    """(scalar type, is_list) of an annotation such as `list[str] | None`."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        tp = args[0]
    if typing.get_origin(tp) is list:
        return typing.get_args(tp)[0], True
    return tp, False


def _columns(cls) -> list[tuple[str, type, bool]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, *_base(hints[f.name])) for f in dataclasses.fields(cls)]


def arrow_schema(cls) -> pa.Schema:
    return pa.schema([(n, pa.list_(_ARROW[t]) if is_list else _ARROW[t])
                      for n, t, is_list in _columns(cls)])


def _ddl(name: str, cls) -> str:
    cols = ", ".join(f'"{n}" {_DUCK[t]}{"[]" if is_list else ""}' for n, t, is_list in _columns(cls))
    return f"CREATE TABLE IF NOT EXISTS {name} ({cols})"


# The checks rows `tongbao validate` writes: they judge the warehouse, not one document.
VALIDATION_ROWS = "doc_id IS NULL AND scope LIKE '%/expect_%'"


def _add_columns(name: str, cls) -> list[str]:
    return [f'ALTER TABLE {name} ADD COLUMN IF NOT EXISTS "{n}" {_DUCK[t]}{"[]" if is_list else ""}'
            for n, t, is_list in _columns(cls)]


class Warehouse:
    def __init__(self, out_dir: str | os.PathLike):
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / "warehouse.duckdb"
        self.con = duckdb.connect(str(self.path))
        for name, cls in PER_DOCUMENT_TABLES.items():
            self.con.execute(_ddl(name, cls))
            for col in _add_columns(name, cls):  # a warehouse made by an older tongbao
                self.con.execute(col)
        self.con.execute("CREATE TABLE IF NOT EXISTS units (unit VARCHAR, unit_type VARCHAR, "
                         "jurisdiction VARCHAR, aliases VARCHAR[])")
        # One row: how many write transactions have committed (what the Parquet copy lags).
        self.con.execute("CREATE TABLE IF NOT EXISTS _writes (generation BIGINT)")
        if not self.con.execute("SELECT count(*) FROM _writes").fetchall()[0][0]:
            self.con.execute("INSERT INTO _writes VALUES (0)")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def known_documents(self) -> dict[str, str]:
        """doc_id -> extractor_version of every document already stored."""
        return dict(self.con.execute(
            "SELECT doc_id, extractor_version FROM documents").fetchall())

    def write(self, extractions: Iterable[Extraction]) -> None:
        """Store these documents, replacing earlier rows of the same bytes or paths, atomically."""
        batch = list(extractions)
        if not batch:
            return
        doc_ids = [e.document.doc_id for e in batch]
        paths = [e.document.source_path for e in batch]
        con = self.con
        con.register("incoming_ids", pa.table({"doc_id": doc_ids}))
        con.register("incoming_paths", pa.table({"source_path": paths}))
        try:
            with self._write_transaction():
                con.execute("CREATE OR REPLACE TEMP TABLE replaced AS SELECT doc_id FROM "
                            "incoming_ids UNION SELECT d.doc_id FROM documents d JOIN "
                            "incoming_paths p USING (source_path)")
                # New documents (the common case) replace nothing: skip scanning every table.
                if con.execute("SELECT count(*) FROM replaced JOIN documents USING (doc_id)"
                               ).fetchall()[0][0]:
                    for name in PER_DOCUMENT_TABLES:
                        con.execute(f"DELETE FROM {name} WHERE doc_id IN "
                                    "(SELECT doc_id FROM replaced)")
                for name, cls in PER_DOCUMENT_TABLES.items():
                    rows = [r for e in batch for r in _rows_of(e, name)]
                    if rows:
                        con.register("incoming", _arrow_table(rows, cls))
                        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM incoming")
                        con.unregister("incoming")
        finally:
            for view in ("incoming_ids", "incoming_paths"):
                con.unregister(view)

    @contextmanager
    def _write_transaction(self):
        """All or nothing, and counted: the write counter tells finalize what is new."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("UPDATE _writes SET generation = generation + 1")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _refresh_units(self) -> None:
        """The names records were normalised to, with every printed form seen."""
        self.con.execute(
            "DELETE FROM units; INSERT INTO units SELECT unit, any_value(unit_type), jurisdiction, "
            "list_sort(list(DISTINCT unit_raw)) FROM records "
            "WHERE unit IS NOT NULL AND unit_status <> 'unresolved' GROUP BY unit, jurisdiction")

    def store_validation(self, outcomes, coverage) -> None:
        """Suite results as checks rows (no document: they judge the warehouse), replacing the
        previous validation's, and the template coverage table the suites judged."""
        con = self.con
        with self._write_transaction():
            con.execute(f"DELETE FROM checks WHERE {VALIDATION_ROWS}")
            rows = [(None, None, o.expectation.split("(")[0], f"{o.suite}/{o.expectation}", 0.0,
                     o.unexpected, "pass" if o.success else "fail", o.message or None)
                    for o in outcomes]
            if rows:
                con.executemany('INSERT INTO checks (doc_id, table_id, "check", scope, expected, '
                                'actual, status, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', rows)
            con.register("coverage", coverage)
            con.execute("CREATE OR REPLACE TABLE template_coverage AS SELECT * FROM coverage")
            con.unregister("coverage")
        self.finalize()

    def generation(self) -> int:
        return self.con.execute("SELECT generation FROM _writes").fetchall()[0][0]

    def finalize(self) -> bool:
        """Units and Parquet brought up to date with the documents; False when they were."""
        marker = self.dir / "parquet" / "_generation"
        current = str(self.generation())
        if marker.exists() and marker.read_text() == current:
            return False
        self.con.execute("BEGIN TRANSACTION")
        self._refresh_units()
        self.con.execute("COMMIT")
        self.export_parquet()
        tmp = marker.with_name("._generation.tmp")
        tmp.write_text(current)
        os.replace(tmp, marker)  # written last: the copy is complete
        return True

    def export_parquet(self) -> Path:
        """DIR/parquet/<table>/part-0.parquet for every table, each replaced atomically."""
        root = self.dir / "parquet"
        extra = ["template_coverage"] if self.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'template_coverage'"
        ).fetchall()[0][0] else []
        for name in [*PER_DOCUMENT_TABLES, "units", *extra]:
            folder = root / name
            folder.mkdir(parents=True, exist_ok=True)
            final = folder / "part-0.parquet"
            tmp = folder / ".part-0.parquet.tmp"
            self.con.execute(f"COPY (SELECT * FROM {name}) TO '{tmp}' (FORMAT PARQUET)")
            os.replace(tmp, final)
        return root

    def counts(self) -> dict[str, int]:
        q = {
            "documents": "SELECT count(*) FROM documents",
            "ok": "SELECT count(*) FROM documents WHERE status = 'ok'",
            "partial": "SELECT count(*) FROM documents WHERE status = 'partial'",
            "failed": "SELECT count(*) FROM documents WHERE status = 'failed'",
            "tables": "SELECT count(*) FROM tables",
            "records": "SELECT count(*) FROM records",
            "checks": "SELECT count(*) FROM checks",
            "checks_failing": "SELECT count(*) FROM checks WHERE status = 'fail'",
            "checks_rounding": "SELECT count(*) FROM checks WHERE status = 'rounding'",
        }
        return {k: self.con.execute(sql).fetchall()[0][0] for k, sql in q.items()}


def _arrow_table(rows: list, cls) -> pa.Table:
    """Column by column from the dataclass fields (dataclasses.asdict deep-copies every
    row and was most of the write time)."""
    schema = arrow_schema(cls)
    return pa.table({f.name: pa.array([getattr(r, f.name) for r in rows], type=f.type)
                     for f in schema}, schema=schema)


def _rows_of(e: Extraction, table: str) -> list:
    return [e.document] if table == "documents" else getattr(e, table)
