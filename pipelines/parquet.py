"""The warehouse's Parquet copy, written incrementally.

DIR/parquet/<table>/doc-<x>.parquet holds the rows of the documents whose doc_id starts
with the hex digit x (16 files per table at most); rows of no document (the validation
rows of `checks`) are in doc-none.parquet. A run rewrites only the files of the documents
it added, replaced or removed, so a re-run with one new file rewrites a sixteenth of each
table, not every table whole. Sixteen, not 256: small files cost Parquet its compression
(2,000 documents: 3.6 MB in 16 files a table, 10.7 MB in 256, 2.7 MB in one). Tables that are not per document
(units, template_coverage) are one file, all.parquet.

Each file is written to DIR/parquet/.staging/ and moved into place (os.replace), so a
reader globbing `parquet/records/*.parquet` never sees half a file. Any engine loads the
folder as one table: pyarrow.parquet.read_table("DIR/parquet/records"),
`SELECT * FROM 'DIR/parquet/records/*.parquet'`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from tongbao.pipelines.sql import literal

# Which file a row belongs to; one expression for writing and for tracking changes.
BUCKET_CHARS = 1
BUCKET_SQL = f"coalesce(left(doc_id, {BUCKET_CHARS}), 'none')"
STAGING = ".staging"
WHOLE = "all.parquet"


def file_of(bucket: str) -> str:
    return f"doc-{bucket}.parquet"


def file_of_document(doc_id: str) -> str:
    return file_of(doc_id[:BUCKET_CHARS])


def export_buckets(con, root: Path, table: str, buckets: Iterable[str] | None) -> None:
    """Rewrite table's files for these buckets (None: every file, and drop stale ones)."""
    folder = root / table
    folder.mkdir(parents=True, exist_ok=True)
    stage = root / STAGING / table
    shutil.rmtree(stage, ignore_errors=True)  # left by a run killed mid-export
    stage.parent.mkdir(parents=True, exist_ok=True)
    wanted = None if buckets is None else sorted(set(buckets))
    if wanted == []:
        return
    where = "" if wanted is None else \
        f"WHERE {BUCKET_SQL} IN ({', '.join(literal(b) for b in wanted)})"
    con.execute(f"COPY (SELECT *, {BUCKET_SQL} AS _bucket FROM {table} {where}) TO "
                f"{literal(str(stage))} (FORMAT PARQUET, PARTITION_BY (_bucket))")
    written = {}
    for part in stage.glob("_bucket=*"):
        files = sorted(part.glob("*.parquet"))
        if len(files) > 1:  # DuckDB split a large partition: one file per bucket for us
            con.execute(f"COPY (SELECT * FROM read_parquet({literal(str(part))} || '/*.parquet'))"
                        f" TO {literal(str(part / 'merged.pq'))} (FORMAT PARQUET)")
            files = [part / "merged.pq"]
        written[part.name.removeprefix("_bucket=")] = files[0]
    for bucket, staged in written.items():
        os.replace(staged, folder / file_of(bucket))
    # Buckets asked for but now empty (their documents were replaced or removed).
    keep = set(map(file_of, written))
    for f in list(folder.glob("*.parquet")):
        if f.name not in keep and (wanted is None or f.name in set(map(file_of, wanted))):
            f.unlink()
    if not any(folder.glob("*.parquet")):  # an empty table still has its columns
        _write_whole(con, f"SELECT * FROM {table}", folder / file_of("none"), stage)
    shutil.rmtree(stage, ignore_errors=True)


def export_whole(con, root: Path, table: str) -> None:
    """A table that is not per document: one file, replaced."""
    folder = root / table
    folder.mkdir(parents=True, exist_ok=True)
    stage = root / STAGING / table
    stage.mkdir(parents=True, exist_ok=True)
    _write_whole(con, f"SELECT * FROM {table}", folder / WHOLE, stage)
    for f in list(folder.glob("*.parquet")):
        if f.name != WHOLE:
            f.unlink()
    shutil.rmtree(stage, ignore_errors=True)


def clean_staging(root: Path) -> None:
    shutil.rmtree(root / STAGING, ignore_errors=True)


def _write_whole(con, query: str, final: Path, stage: Path) -> None:
    stage.mkdir(parents=True, exist_ok=True)
    tmp = stage / final.name
    con.execute(f"COPY ({query}) TO {literal(str(tmp))} (FORMAT PARQUET)")
    os.replace(tmp, final)
