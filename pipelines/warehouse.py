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

from tongbao.extract.model import PER_DOCUMENT_TABLES, RUN_TABLES, Extraction, Source

_ARROW = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(),
          dt.date: pa.date32(), dt.datetime: pa.timestamp("us")}
_DUCK = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN", dt.date: "DATE",
         dt.datetime: "TIMESTAMP"}
TABLES = {**PER_DOCUMENT_TABLES, **RUN_TABLES}


class WarehouseError(Exception):
    """The warehouse cannot be opened or written; the message says what to do."""


def _open(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as e:
        text = str(e)
        if "lock" in text.lower():
            pid = text.split("PID ")[-1].split(")")[0] if "PID " in text else None
            raise WarehouseError(
                f"{path} is open in another process{f' (PID {pid})' if pid else ''}: a "
                "running extract or validate, or a notebook holding it; close that (or wait "
                "for it to finish) and run again") from e
        raise WarehouseError(
            f"{path} cannot be opened as a DuckDB warehouse ({text.splitlines()[0]}); if it is "
            "damaged, move it away and run extract again to rebuild it") from e


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


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A reading connection (`tongbao units`, tests), with the same errors as a writer's."""
    return _open(path, read_only=True)


class Warehouse:
    def __init__(self, out_dir: str | os.PathLike):
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / "warehouse.duckdb"
        self.con = _open(self.path)
        try:
            self._create_tables()
        except duckdb.Error as e:
            self.con.close()
            raise WarehouseError(
                f"{self.path} cannot be used as a warehouse ({str(e).splitlines()[0]}); if it "
                "is damaged, move it away and run extract again to rebuild it") from e

    def _create_tables(self) -> None:
        for name, cls in TABLES.items():
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

    def known_documents(self) -> dict[str, tuple]:
        """doc_id -> (extractor_version, status, limit_timeout, limit_memory_mb) of every
        document already stored."""
        return {d: rest for d, *rest in self.con.execute(
            "SELECT doc_id, extractor_version, status, limit_timeout, limit_memory_mb "
            "FROM documents").fetchall()}

    def begin_run(self, version: str, sources: list[Source], roots: list[str]) -> int:
        """A runs row for this run, and every path it found as a present source; a source
        under one of `roots` that it did not find is now missing. One transaction."""
        con = self.con
        with self._write_transaction(counted=False):
            run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0]
            con.execute("INSERT INTO runs (run_id, started, version) VALUES (?, ?, ?)",
                        [run_id, _now(), version])
            for s in sources:
                s.run_id = run_id
            con.register("seen", _arrow_table(sources, Source))
            con.register("roots", pa.table({"root": roots}, schema=pa.schema([("root", pa.string())])))
            con.execute("DELETE FROM sources WHERE path IN (SELECT path FROM seen)")
            con.execute("INSERT INTO sources BY NAME SELECT * FROM seen")
            con.execute("UPDATE sources SET status = 'missing', run_id = ? WHERE status = "
                        "'present' AND run_id <> ? AND EXISTS (SELECT 1 FROM roots WHERE "
                        "sources.path = root OR starts_with(sources.path, rtrim(root, '/') || '/'))",
                        [run_id, run_id])
            con.unregister("seen")
            con.unregister("roots")
        return run_id

    def finish_run(self, run_id: int, seen: int, read: int, failed: int) -> None:
        with self._write_transaction(counted=False):
            self.con.execute("UPDATE runs SET finished = ?, files_seen = ?, files_read = ?, "
                             "files_failed = ? WHERE run_id = ?",
                             [_now(), seen, read, failed, run_id])

    def prune(self) -> int:
        """Drop the documents whose every path is missing; returns how many."""
        con = self.con
        with self._write_transaction():
            con.execute("CREATE OR REPLACE TEMP TABLE gone AS SELECT DISTINCT doc_id FROM sources "
                        "WHERE status = 'missing' AND doc_id NOT IN (SELECT doc_id FROM sources "
                        "WHERE status = 'present' AND doc_id IS NOT NULL)")
            n = con.execute("SELECT count(*) FROM documents WHERE doc_id IN "
                            "(SELECT doc_id FROM gone)").fetchone()[0]
            for name in PER_DOCUMENT_TABLES:
                con.execute(f"DELETE FROM {name} WHERE doc_id IN (SELECT doc_id FROM gone)")
        return n

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
                # A path's source row names the document it ended as (a file deleted after
                # it was hashed ends as a failed row of its own).
                con.register("incoming_docs", pa.table({"source_path": paths, "doc_id": doc_ids}))
                con.execute("UPDATE sources SET doc_id = i.doc_id FROM incoming_docs i "
                            "WHERE sources.path = i.source_path")
                con.unregister("incoming_docs")
        finally:
            for view in ("incoming_ids", "incoming_paths"):
                con.unregister(view)

    @contextmanager
    def _write_transaction(self, counted: bool = True):
        """All or nothing, and counted: the write counter tells finalize what is new (the
        runs and sources bookkeeping of every run is not counted: see finalize)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            if counted:
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
            self.export_parquet(list(RUN_TABLES))  # they change with every run: small, always
            return False
        self.con.execute("BEGIN TRANSACTION")
        self._refresh_units()
        self.con.execute("COMMIT")
        self.export_parquet()
        tmp = marker.with_name("._generation.tmp")
        tmp.write_text(current)
        os.replace(tmp, marker)  # written last: the copy is complete
        return True

    def export_parquet(self, names: list[str] | None = None) -> Path:
        """DIR/parquet/<table>/part-0.parquet for every table (or those named), each replaced
        atomically."""
        root = self.dir / "parquet"
        extra = ["template_coverage"] if self.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'template_coverage'"
        ).fetchall()[0][0] else []
        for name in names or [*TABLES, "units", *extra]:
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
        }
        return {k: self.con.execute(sql).fetchall()[0][0] for k, sql in q.items()}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _arrow_table(rows: list, cls) -> pa.Table:
    """Column by column from the dataclass fields (dataclasses.asdict deep-copies every
    row and was most of the write time)."""
    schema = arrow_schema(cls)
    return pa.table({f.name: pa.array([getattr(r, f.name) for r in rows], type=f.type)
                     for f in schema}, schema=schema)


def _rows_of(e: Extraction, table: str) -> list:
    return [e.document] if table == "documents" else getattr(e, table)
