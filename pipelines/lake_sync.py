"""The client's share of a cluster run: small metadata, and DIR/warehouse.duckdb kept as a
copy of the Delta tables (pipelines/lake.py holds the format and the commit protocol).

`sync` runs when a run starts (finishing whatever a killed run left) and when it ends:
1. The visible documents: the Delta documents table (one row per document and write, the
   smallest table) scanned by DuckDB through a pyarrow dataset, keeping the latest write of
   each doc_id and then of each source_path.
2. Refresh: DuckDB's copy is brought to exactly those documents in one transaction (the
   same `Warehouse.store` a local run writes through): documents it holds in another write
   or not at all are replaced, documents no longer visible dropped. Only the files whose
   `_commit` statistics can hold a new write are read; `_lake_docs` remembers which write
   of each document the copy holds.
3. Reconcile: rows of no visible write (a killed task's orphans, replaced versions) are
   deleted from the Delta tables: whole files where no visible write falls in a file's
   `_commit` range, the replaced writes by name elsewhere (delta-rs prunes both by stats).
Each step is idempotent, so a kill at any moment is finished by the next sync.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from tongbao.extract.model import PER_DOCUMENT_TABLES
from tongbao.pipelines import lake
from tongbao.pipelines.sql import literal
from tongbao.pipelines.warehouse import Warehouse

# Latest write of each doc_id, then of each source_path (coalesce: rows from before runs
# were numbered count as the oldest).
VISIBLE_SQL = """
WITH latest AS (
    SELECT * FROM lake_documents
    QUALIFY row_number() OVER (PARTITION BY doc_id
                               ORDER BY coalesce(run_id, 0) DESC, _commit DESC) = 1)
SELECT * FROM latest
QUALIFY row_number() OVER (PARTITION BY source_path
                           ORDER BY coalesce(run_id, 0) DESC, _commit DESC) = 1
"""
# Terms per Delta delete: long predicates are parsed and planned term by term.
DELETE_CHUNK = 500


def sync(wh: Warehouse, root: Path) -> None:
    """Refresh DuckDB from the Delta tables, then delete what no visible write holds."""
    lake.create(root)
    _seed_from_duckdb(wh, root)
    con = wh.con
    con.register("lake_documents", lake.dataset(root, lake.MARKER_TABLE))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE lake_visible AS {VISIBLE_SQL}")
        marked = sorted(c for (c,) in con.execute(
            "SELECT DISTINCT _commit FROM lake_documents").fetchall())
    finally:
        con.unregister("lake_documents")
    _refresh(wh, root)
    visible = sorted(c for (c,) in con.execute("SELECT _commit FROM lake_visible").fetchall())
    _reconcile(root, visible, marked)


def _refresh(wh: Warehouse, root: Path) -> None:
    con = wh.con
    con.execute("CREATE OR REPLACE TEMP TABLE lake_new AS SELECT v.doc_id, v._commit "
                "FROM lake_visible v ANTI JOIN _lake_docs h ON h.doc_id = v.doc_id "
                "AND h.commit = v._commit")
    dropped = [d for (d,) in con.execute(
        "SELECT h.doc_id FROM _lake_docs h ANTI JOIN lake_visible v ON v.doc_id = h.doc_id "
        "AND v._commit = h.commit").fetchall()]
    new = sorted(c for (c,) in con.execute("SELECT _commit FROM lake_new").fetchall())
    if not new and not dropped:
        return
    import pyarrow.dataset as ds

    def columns(table: str) -> list[str]:
        return [f.name for f in lake.schema(table) if f.name != lake.COMMIT]

    quoted = ", ".join(f'"{c}"' for c in columns("documents"))
    tables = {"documents": con.sql(f"SELECT {quoted} FROM lake_visible WHERE _commit IN "
                                   "(SELECT _commit FROM lake_new)").to_arrow_table()}
    wanted = ds.field(lake.COMMIT).isin(pa.array(new, pa.string()))
    for table in lake.CONTENT_TABLES:
        files = [f for f, lo, hi in lake.files_by_commit_range(root, table)
                 if _any_within(new, lo, hi)]
        if files:  # streamed into DuckDB: only the new writes' rows of those files
            tables[table] = lake.dataset(root, table, files).scanner(
                columns=columns(table), filter=wanted).to_reader()
    held = con.sql("SELECT doc_id, _commit AS commit FROM lake_new").to_arrow_table()
    wh.store(tables, drop=dropped, lake_docs=held)


def _any_within(sorted_ids: list[str], lo: str | None, hi: str | None) -> bool:
    """Whether some id lies in [lo, hi]; a file without statistics may hold any."""
    if lo is None or hi is None:
        return bool(sorted_ids)
    i = bisect.bisect_left(sorted_ids, lo)
    return i < len(sorted_ids) and sorted_ids[i] <= hi


def _reconcile(root: Path, visible: list[str], marked: list[str]) -> None:
    """Delete the rows of every write that is not visible: a file none of whose range is
    visible goes whole (a killed task's orphans, a replaced task's rows); in a file that
    also holds visible writes, the marked writes that are not visible are named."""
    from deltalake import DeltaTable

    visible_set = set(visible)
    stale = [c for c in marked if c not in visible_set]
    for table in PER_DOCUMENT_TABLES:
        terms: set[str] = set()
        for _path, lo, hi in lake.files_by_commit_range(root, table):
            if lo is None or hi is None:  # no statistics: any of them may be inside
                terms.update(f"{lake.COMMIT} = {literal(c)}" for c in stale)
            elif not _any_within(visible, lo, hi):
                terms.add(f"({lake.COMMIT} >= {literal(lo)} AND {lake.COMMIT} <= {literal(hi)})")
            else:
                inside = stale[bisect.bisect_left(stale, lo):bisect.bisect_right(stale, hi)]
                terms.update(f"{lake.COMMIT} = {literal(c)}" for c in inside)
        ordered = sorted(terms)
        for i in range(0, len(ordered), DELETE_CHUNK):
            DeltaTable(str(root / table)).delete(" OR ".join(ordered[i:i + DELETE_CHUNK]))


def prune(wh: Warehouse, root: Path, gone: Iterable[str]) -> None:
    """Delete every row of these documents from the Delta tables (the next sync drops them
    from DuckDB): by the writes the copy holds of them, which the statistics find."""
    from deltalake import DeltaTable

    gone = list(gone)
    if not gone:
        return
    wh.con.register("gone_ids", pa.table({"doc_id": pa.array(gone, pa.string())}))
    try:
        commits = [c for (c,) in wh.con.execute(
            "SELECT commit FROM _lake_docs WHERE doc_id IN (SELECT doc_id FROM gone_ids)"
        ).fetchall()]
    finally:
        wh.con.unregister("gone_ids")
    terms = [f"{lake.COMMIT} = {literal(c)}" for c in commits]
    for table in PER_DOCUMENT_TABLES:
        for i in range(0, len(terms), DELETE_CHUNK):
            DeltaTable(str(root / table)).delete(" OR ".join(terms[i:i + DELETE_CHUNK]))


def _seed_from_duckdb(wh: Warehouse, root: Path) -> None:
    """A warehouse a local run wrote, extracted into with --ray for the first time: its
    documents are copied into the Delta tables once (documents last, as any write)."""
    from deltalake import write_deltalake

    con = wh.con
    held = con.execute("SELECT count(*) FROM _lake_docs").fetchall()[0][0]
    if held or not con.execute("SELECT count(*) FROM documents").fetchall()[0][0]:
        return
    if lake.dataset(root, lake.MARKER_TABLE).count_rows():
        return  # the Delta tables have documents already: the refresh decides
    # One write per document, in the format of lake.commit_id (run 0: before any Ray run).
    con.execute("CREATE OR REPLACE TEMP TABLE seed AS SELECT doc_id, printf('%08d-%s-%04d', "
                "0, replace(CAST(uuid() AS VARCHAR), '-', ''), 0) AS commit FROM documents")
    for table in [*lake.CONTENT_TABLES, lake.MARKER_TABLE]:
        columns = ", ".join(f't."{f.name}"' for f in lake.schema(table) if f.name != lake.COMMIT)
        data = con.sql(f"SELECT {columns}, s.commit AS {lake.COMMIT} FROM {table} t "
                       "JOIN seed s USING (doc_id)").to_arrow_table()
        if data.num_rows:
            write_deltalake(str(root / table), data.cast(lake.schema(table)), mode="append")
    with wh.transaction():
        con.execute("INSERT INTO _lake_docs SELECT doc_id, commit FROM seed")
