"""The warehouse: DIR/warehouse.duckdb plus DIR/parquet/<table>/ for other engines.

Columns come from the dataclasses in extract/model.py; their meanings from the data
dictionary (pipelines/data/dictionary.yaml), set as COMMENTs on every table and column.
A batch of documents is written in one DuckDB transaction that first deletes every row
of those documents (and of older versions of the same files), so a re-run changes
nothing and a crash mid-write leaves the previous state whole. Derived data (the units
table, the Parquet copy) is brought up to date by `finalize`, which compares a write
counter kept in the database with the one the Parquet copy was made from: a run killed
before finalising is finished by the next one. The Parquet copy is rewritten only where
documents changed (pipelines/parquet.py), each file moved into place whole.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from tongbao.extract.model import PER_DOCUMENT_TABLES, RUN_TABLES, Extraction, Source
from tongbao.pipelines import parquet
from tongbao.pipelines.columns import Columns, column_spec, duck_type
from tongbao.pipelines.dictionary import apply_comments

if TYPE_CHECKING:
    import pyarrow as pa

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


def _ddl(name: str, cls) -> str:
    cols = ", ".join(f'"{n}" {duck_type(t, is_list)}' for n, t, is_list in column_spec(cls))
    return f"CREATE TABLE IF NOT EXISTS {name} ({cols})"


# The Parquet copy's layout (parquet.py); a copy in another one is rewritten whole.
LAYOUT = "doc-buckets-16"

# The checks rows `tongbao validate` writes: they judge the warehouse, not one document.
VALIDATION_ROWS = "doc_id IS NULL AND scope LIKE '%/expect_%'"


def _add_columns(name: str, cls) -> list[tuple[str, str]]:
    """(column, the statement adding it) of each of the table's columns."""
    return [(n, f'ALTER TABLE {name} ADD COLUMN IF NOT EXISTS "{n}" {duck_type(t, is_list)}')
            for n, t, is_list in column_spec(cls)]


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
            with self._write_transaction(counted=False):  # one commit: half the time of 110
                self._create_tables()
        except duckdb.Error as e:
            self.con.close()
            raise WarehouseError(
                f"{self.path} cannot be used as a warehouse ({str(e).splitlines()[0]}); if it "
                "is damaged, move it away and run extract again to rebuild it") from e

    def _create_tables(self) -> None:
        for name, cls in TABLES.items():
            self.con.execute(_ddl(name, cls))
        # A warehouse made by an older tongbao lacks some columns: asked once, not per column.
        present = set(self.con.execute("SELECT table_name, column_name FROM duckdb_columns() "
                                       "WHERE schema_name = 'main'").fetchall())
        for name, cls in TABLES.items():
            for column, col in _add_columns(name, cls):
                if (name, column) not in present:
                    self.con.execute(col)
        self.con.execute("CREATE TABLE IF NOT EXISTS units (unit VARCHAR, unit_type VARCHAR, "
                         "jurisdiction VARCHAR, aliases VARCHAR[])")
        # One row: how many write transactions have committed (what the Parquet copy lags).
        self.con.execute("CREATE TABLE IF NOT EXISTS _writes (generation BIGINT)")
        if not self.con.execute("SELECT count(*) FROM _writes").fetchall()[0][0]:
            self.con.execute("INSERT INTO _writes VALUES (0)")
        # The Parquet files (buckets of doc_id, parquet.py) written since the last copy.
        self.con.execute("CREATE TABLE IF NOT EXISTS _changed (bucket VARCHAR)")
        # Which Delta write of each document this copy holds (a cluster run: lake_sync.py).
        self.con.execute("CREATE TABLE IF NOT EXISTS _lake_docs (doc_id VARCHAR, commit VARCHAR)")
        apply_comments(self.con)  # last: every table above, whoever declared it

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
            _temp_table(con, "seen", Columns(sources, Source))
            con.execute("CREATE OR REPLACE TEMP TABLE roots AS SELECT unnest(?::VARCHAR[]) AS root",
                        [roots])
            con.execute("DELETE FROM sources WHERE path IN (SELECT path FROM seen)")
            con.execute("INSERT INTO sources BY NAME SELECT * FROM seen")
            con.execute("UPDATE sources SET status = 'missing', run_id = ? WHERE status = "
                        "'present' AND run_id <> ? AND EXISTS (SELECT 1 FROM roots WHERE "
                        "sources.path = root OR starts_with(sources.path, rtrim(root, '/') || '/'))",
                        [run_id, run_id])
            con.execute("DROP TABLE seen; DROP TABLE roots")
        return run_id

    def finish_run(self, run_id: int, seen: int, read: int, failed: int) -> None:
        with self._write_transaction(counted=False):
            self.con.execute("UPDATE runs SET finished = ?, files_seen = ?, files_read = ?, "
                             "files_failed = ? WHERE run_id = ?",
                             [_now(), seen, read, failed, run_id])

    def gone_documents(self) -> list[str]:
        """The documents whose every path is missing (what --prune drops)."""
        return [d for (d,) in self.con.execute(
            "SELECT DISTINCT doc_id FROM sources WHERE status = 'missing' AND doc_id NOT IN "
            "(SELECT doc_id FROM sources WHERE status = 'present' AND doc_id IS NOT NULL) "
            "AND doc_id IN (SELECT doc_id FROM documents)").fetchall()]

    def prune(self) -> int:
        """Drop the documents whose every path is missing; returns how many."""
        gone = self.gone_documents()
        if gone:
            self.store({}, drop=gone)
        return len(gone)

    def write(self, extractions: Iterable[Extraction]) -> None:
        """Store these documents, replacing earlier rows of the same bytes or paths, atomically."""
        batch = list(extractions)
        if batch:
            self.store({name: Columns([r for e in batch for r in _rows_of(e, name)], cls)
                        for name, cls in PER_DOCUMENT_TABLES.items()})

    def store(self, tables: dict, drop: Iterable[str] = (), lake_docs=None) -> None:
        """Documents' rows by table name (`documents` among them), each as Columns or as an
        Arrow table or stream (read once), replacing earlier rows of the same doc_ids or
        source paths, and the documents in `drop` removed: one transaction. lake_docs:
        Arrow (doc_id, commit) of the Delta writes these rows are a copy of (lake_sync.py)."""
        ids, paths = _doc_keys(tables.get("documents"))
        con = self.con
        with self._write_transaction():
            # Parameters, not temporary tables: creating and dropping two of them was half
            # of a one-document write's 28 ms, and the client writes while workers read.
            stored = [d for (d,) in con.execute(
                "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) "
                "OR source_path IN (SELECT unnest(?::VARCHAR[]))", [ids + list(drop), paths]
            ).fetchall()]
            replaced = list(dict.fromkeys([*ids, *drop, *stored]))
            con.execute(f"INSERT INTO _changed SELECT DISTINCT {parquet.BUCKET_SQL} "
                        "FROM (SELECT unnest(?::VARCHAR[]) AS doc_id)", [replaced])
            if stored:  # new documents (the common case) replace nothing: no table scanned
                for name in [*PER_DOCUMENT_TABLES, "_lake_docs"]:
                    con.execute(f"DELETE FROM {name} WHERE doc_id IN "
                                "(SELECT unnest(?::VARCHAR[]))", [replaced])
            for name in PER_DOCUMENT_TABLES:
                _insert(con, name, tables.get(name))
            _insert(con, "_lake_docs", lake_docs)
            # A path's source row names the document it ended as (a file deleted after
            # it was hashed ends as a failed row of its own).
            con.execute("UPDATE sources SET doc_id = i.doc_id FROM (SELECT "
                        "unnest(?::VARCHAR[]) AS doc_id, unnest(?::VARCHAR[]) AS source_path) i "
                        "WHERE sources.path = i.source_path", [ids, paths])

    def transaction(self):
        """All or nothing, for bookkeeping that is not a document's rows."""
        return self._write_transaction(counted=False)

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

    def store_table(self, name: str, schema: pa.Schema, batches: Iterable[pa.Table]) -> None:
        """A derived table (template_coverage) replaced whole, from Arrow batches."""
        with self._write_transaction():
            self.con.register("derived", schema.empty_table())
            self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM derived")
            for batch in batches:
                self.con.register("derived", batch)
                self.con.execute(f"INSERT INTO {name} SELECT * FROM derived")
            self.con.unregister("derived")
            apply_comments(self.con)

    def store_validation(self, outcomes) -> None:
        """Suite results as checks rows (no document: they judge the warehouse), replacing the
        previous validation's."""
        con = self.con
        with self._write_transaction():
            con.execute(f"DELETE FROM checks WHERE {VALIDATION_ROWS}")
            rows = [(None, None, o.expectation.split("(")[0], f"{o.suite}/{o.expectation}", 0.0,
                     o.unexpected, "pass" if o.success else "fail", o.message or None)
                    for o in outcomes]
            if rows:
                con.executemany('INSERT INTO checks (doc_id, table_id, "check", scope, expected, '
                                'actual, status, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', rows)
            con.execute("INSERT INTO _changed VALUES ('none')")
        self.finalize()

    def generation(self) -> int:
        return self.con.execute("SELECT generation FROM _writes").fetchall()[0][0]

    def finalize(self) -> bool:
        """Units and Parquet brought up to date with the documents; False when they were."""
        root = self.dir / "parquet"
        marker = root / "_generation"
        current = f"{LAYOUT}:{self.generation()}"
        previous = marker.read_text() if marker.exists() else ""
        if previous == current:
            for name in RUN_TABLES:  # they change with every run: small, always
                parquet.export_whole(self.con, root, name)
            return False
        self.con.execute("BEGIN TRANSACTION")
        self._refresh_units()
        self.con.execute("COMMIT")
        # A copy in this layout needs only what changed; none, or an older layout, all of it.
        self.export_parquet(incremental=previous.startswith(f"{LAYOUT}:"))
        tmp = marker.with_name("._generation.tmp")
        tmp.write_text(current)
        os.replace(tmp, marker)  # written last: the copy is complete
        return True

    def export_parquet(self, incremental: bool = False) -> Path:
        """DIR/parquet/<table>/: per-document tables by bucket of doc_id, only the buckets
        changed since the last copy when incremental; the others whole."""
        root = self.dir / "parquet"
        buckets = None
        if incremental:
            buckets = [b for (b,) in self.con.execute(
                "SELECT DISTINCT bucket FROM _changed").fetchall()]
        for name in PER_DOCUMENT_TABLES:
            parquet.export_buckets(self.con, root, name, buckets)
        for name in [*RUN_TABLES, "units", *self._derived_tables()]:
            parquet.export_whole(self.con, root, name)
        self.con.execute("DELETE FROM _changed")  # after the files: a kill re-exports them
        parquet.clean_staging(root)
        return root

    def _derived_tables(self) -> list[str]:
        return [t for (t,) in self.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name = 'template_coverage' "
            "AND database_name = current_database()").fetchall()]

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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _temp_table(con: duckdb.DuckDBPyConnection, name: str, rows: Columns) -> None:
    select, params = rows.select()
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {select}", params)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows) -> None:
    """Columns, or an Arrow table or stream, appended to a table by column name."""
    if rows is None or not getattr(rows, "num_rows", 1):
        return
    if isinstance(rows, Columns):
        select, params = rows.select()
        con.execute(f"INSERT INTO {table} BY NAME {select}", params)
        return
    con.register("incoming", rows)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
    finally:
        con.unregister("incoming")


def _doc_keys(docs) -> tuple[list, list]:
    """doc_id and source_path of the documents rows, Columns or Arrow (none: empty)."""
    if docs is None:
        return [], []
    if isinstance(docs, Columns):
        return docs.lists["doc_id"], docs.lists["source_path"]
    return docs.column("doc_id").to_pylist(), docs.column("source_path").to_pylist()


def _rows_of(e: Extraction, table: str) -> list:
    return [e.document] if table == "documents" else getattr(e, table)
