"""The Delta Lake tables a cluster run writes: DIR/delta/<table>/, one per per-document table.

Why Delta Lake (the `deltalake` package, delta-rs): a table is a folder, its transaction log
is files beside the data, and a commit is one new log file created only if absent (a hard
link on a local or NFS path), so any number of processes on any number of nodes append to
the same table on a shared filesystem with no server and no catalog; two appends never
conflict (delta-rs retries on the next version). pyarrow reads a table as a dataset, which
DuckDB scans with no extension. Deletes are mature (files rewritten, stats-pruned).

The commit protocol, over six tables that each commit on their own:
- Every row carries `_commit`, the id of one document's write: RUN-TASK-NNNN, fixed length,
  unique per attempt (a task retried by Ray writes new ids), its documents written by one
  task sharing RUN-TASK, so the `_commit` statistics of a task's file span that task alone.
- A task appends the rows of tables, cells, records, checks and facts first, then the
  documents rows last: a documents row is the marker that its document is whole.
- A document's rows are visible when their `_commit` is that of its visible documents row:
  the latest (run_id, then _commit) of its doc_id, and of its source_path (a changed file
  replaces the document its path held). Rows without such a marker are a killed task's
  orphans or a replaced version: invisible, and deleted by the next sync (lake_sync.py).

Only `deltalake` and pyarrow are used here: pip install tongbao[ray].
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from tongbao.extract.model import PER_DOCUMENT_TABLES, Document, Extraction
from tongbao.pipelines.arrow_rows import arrow_schema, arrow_table
from tongbao.pipelines.lake_layout import FOLDER as FOLDER
from tongbao.pipelines.lake_layout import MARKER_TABLE
from tongbao.pipelines.lake_layout import exists as exists
from tongbao.pipelines.lake_layout import folder as folder

COMMIT = "_commit"
CONTENT_TABLES = [t for t in PER_DOCUMENT_TABLES if t != "documents"]
# Two appends to one table that race for the same log version: delta-rs reads the winner
# and tries the next one. With a hundred writers a commit may lose many times in a row.
MAX_COMMIT_RETRIES = 1000


def schema(table: str) -> pa.Schema:
    return arrow_schema(PER_DOCUMENT_TABLES[table]).append(pa.field(COMMIT, pa.string()))


def create(root: Path) -> None:
    """The six tables, empty, unless they are there; a column tongbao added since is added."""
    from deltalake import DeltaTable

    for table in PER_DOCUMENT_TABLES:
        path = root / table
        if DeltaTable.is_deltatable(str(path)):
            dt = DeltaTable(str(path))
            have = {f.name for f in dt.schema().to_arrow()}
            missing = [f for f in schema(table) if f.name not in have]
            if missing:
                from deltalake.schema import Field
                dt.alter.add_columns([Field.from_arrow(f) for f in missing])
            continue
        path.mkdir(parents=True, exist_ok=True)
        DeltaTable.create(str(path), schema=schema(table), mode="ignore", name=table)


def new_task_id(run_id: int, by_client: bool = False) -> str:
    """RUN-TASK: the prefix of one task's document ids (zero-padded: ids sort by run). The
    client's own writes (paths not read, files whose task failed for good) sort below any
    worker's of the same run: a task that committed, then failed, keeps its real rows."""
    task = uuid.uuid4().hex
    return f"{run_id:08d}-{'0' * 16 + task[16:] if by_client else task}"


def commit_id(task_id: str, index: int) -> str:
    return f"{task_id}-{index:04d}"


@dataclass
class Committed:
    """A document whose rows a worker committed: what the client learns of it."""
    document: Document
    commit: str


def commit(root: Path, extractions: list[Extraction], run_id: int,
           by_client: bool = False) -> list[Committed]:
    """Append these documents' rows, documents rows last (the marker); each table's rows
    of the batch in one Delta commit. Returns what was committed."""
    if not extractions:
        return []
    from deltalake import CommitProperties, write_deltalake

    task = new_task_id(run_id, by_client)
    ids = [commit_id(task, i) for i in range(len(extractions))]
    for ex in extractions:
        ex.document.run_id = run_id
    # Who wrote it, for people reading the log (and the tests: workers, not the client).
    props = CommitProperties(custom_metadata={"tongbao_writer": f"{socket.gethostname()}:"
                                                                f"{os.getpid()}",
                                              "tongbao_task": task},
                             max_commit_retries=MAX_COMMIT_RETRIES)
    for table in [*CONTENT_TABLES, MARKER_TABLE]:
        rows, commits = [], []
        for ex, cid in zip(extractions, ids, strict=True):
            mine = [ex.document] if table == MARKER_TABLE else getattr(ex, table)
            rows += mine
            commits += [cid] * len(mine)
        if not rows:
            continue
        data = arrow_table(rows, PER_DOCUMENT_TABLES[table])
        data = data.append_column(pa.field(COMMIT, pa.string()), pa.array(commits, pa.string()))
        write_deltalake(_latest(root / table), data, mode="append", commit_properties=props)
    return [Committed(ex.document, cid) for ex, cid in zip(extractions, ids, strict=True)]


_OPEN: dict[tuple, object] = {}  # (table path, its log) -> DeltaTable, kept between tasks


def _latest(path: Path):
    """The table at its latest version, read incrementally: a worker that committed before
    reads only the log entries written since, not the log from its last checkpoint again.
    (Keyed by the first log entry's inode too: a table made anew at that path is another.)"""
    from deltalake import DeltaTable

    try:
        key = (str(path), (path / "_delta_log" / f"{0:020d}.json").stat().st_ino)
    except OSError:  # the first entry cleaned up after a month: the path alone
        key = (str(path), None)
    dt = _OPEN.get(key)
    if dt is None:
        dt = _OPEN[key] = DeltaTable(str(path))
    else:
        dt.update_incremental()
    return dt


def files_by_commit_range(root: Path, table: str) -> list[tuple[str, str | None, str | None]]:
    """(file path, min _commit, max _commit) of every file the table's snapshot holds, from
    the log's statistics alone (None where a file has none)."""
    from deltalake import DeltaTable

    path = root / table
    actions = pa.table(DeltaTable(str(path)).get_add_actions(flatten=True))
    if not actions.num_rows:
        return []
    lows = actions.column(f"min.{COMMIT}").to_pylist() if f"min.{COMMIT}" in \
        actions.column_names else [None] * actions.num_rows
    highs = actions.column(f"max.{COMMIT}").to_pylist() if f"max.{COMMIT}" in \
        actions.column_names else [None] * actions.num_rows
    return [(str(path / p), lo, hi) for p, lo, hi in
            zip(actions.column("path").to_pylist(), lows, highs, strict=True)]


def dataset(root: Path, table: str, files: list[str] | None = None):
    """The table (or only these of its files) as a pyarrow dataset, for DuckDB to scan."""
    import pyarrow.dataset as ds
    from deltalake import DeltaTable

    if files is None:
        return DeltaTable(str(root / table)).to_pyarrow_dataset()
    return ds.dataset(files, schema=schema(table), format="parquet")
