"""The Delta writer of cluster runs, measured (part of bench_batch; run on demand).

- one worker's writer alone: already-read documents committed by lake.commit, as a task
  commits them (16 documents a task, and 256 as a large run's tasks are);
- the commit rate of one table's log when 1, 2 and 4 processes append at once (each
  commit a task of 16 documents; a lost race is retried by delta-rs on the next version);
- the client's refresh: DuckDB's copy made from the Delta tables of a run;
- a projection of 1M documents on 100 workers from these and the cost of reading one.
"""

from __future__ import annotations

import multiprocessing as mp
import shutil
import time
from pathlib import Path

from tongbao.extract.model import PER_DOCUMENT_TABLES, Extraction
from tongbao.pipelines import lake
from tongbao.pipelines.ray_pool import files_per_task
from tongbao.pipelines.warehouse import Warehouse

PROJECTED_DOCS = 1_000_000
PROJECTED_WORKERS = 100


def _rows(extractions: list) -> int:
    return sum(1 + sum(len(getattr(e, t)) for t in lake.CONTENT_TABLES) for e in extractions)


def writer_alone(extractions: list, root: Path, per_task: int) -> float:
    """Seconds per document of one process committing tasks of per_task documents."""
    shutil.rmtree(root, ignore_errors=True)
    lake.create(root)
    tasks = [extractions[i:i + per_task] for i in range(0, len(extractions), per_task)]
    start = time.perf_counter()
    for task in tasks:
        lake.commit(root, task, run_id=1)
    seconds = time.perf_counter() - start
    commits = sum(sum(1 for t in PER_DOCUMENT_TABLES if any(
        [e.document] if t == lake.MARKER_TABLE else getattr(e, t) for e in task)) for task in tasks)
    print(f"{'Delta writer alone, ' + str(per_task) + '/task':28s} {len(extractions):6d} files "
          f"{seconds:7.2f} s {len(extractions) / seconds:8.1f} files/s "
          f"{_rows(extractions) / seconds:9.0f} rows/s  {commits / seconds:6.1f} commits/s")
    return seconds / len(extractions)


def _append(root: str, batch: list, n: int, barrier, times) -> None:
    lake.commit(Path(root), batch[:1], run_id=1)  # the library loaded, the table opened
    barrier.wait()
    start = time.perf_counter()
    for _ in range(n):
        lake.commit(Path(root), batch, run_id=1)
    times.put((start, time.perf_counter()))


def contention(extractions: list, root: Path, writers: int, commits_each: int = 60) -> float:
    """Commits per second that one table's log takes when `writers` processes append."""
    from deltalake import DeltaTable

    shutil.rmtree(root, ignore_errors=True)
    lake.create(root)
    ctx = mp.get_context("spawn")  # delta-rs refuses to run in a forked child
    barrier, times = ctx.Barrier(writers), ctx.Queue()
    batch = [Extraction(e.document) for e in extractions[:16]]  # one table: the documents
    procs = [ctx.Process(target=_append, args=(str(root), batch, commits_each, barrier, times))
             for _ in range(writers)]
    for p in procs:
        p.start()
    spans = [times.get() for _ in procs]
    for p in procs:
        p.join()
    seconds = max(e for _, e in spans) - min(s for s, _ in spans)
    history = DeltaTable(str(root / lake.MARKER_TABLE)).history()
    retries = sum(h.get("operationMetrics", {}).get("num_retries", 0) or 0 for h in history)
    rate = writers * commits_each / seconds  # the warm-up commits are outside the span
    print(f"{'commits to one table, ' + str(writers) + ' proc':28s} {writers * commits_each:6d} "
          f"commits {seconds:6.2f} s {rate:8.1f} commits/s per table  "
          f"{retries} lost races retried")
    return rate


def refresh(run_out: Path, tmp: Path) -> float:
    """Seconds per document of the client's DuckDB refresh from a run's Delta tables."""
    from tongbao.pipelines.lake_sync import sync

    out = tmp / "refresh"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(run_out / lake.FOLDER, out / lake.FOLDER)
    with Warehouse(out) as wh:
        start = time.perf_counter()
        sync(wh, lake.folder(out).resolve())
        seconds = time.perf_counter() - start
        n_docs = wh.con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
        n_rows = sum(wh.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                     for t in PER_DOCUMENT_TABLES)
    print(f"{'client refresh of DuckDB':28s} {n_docs:6d} files {seconds:7.2f} s "
          f"{n_docs / seconds:8.1f} files/s {n_rows / seconds:9.0f} rows/s")
    return seconds / n_docs


def report(extractions: list, read_per_doc: float, run_out: Path, tmp: Path) -> None:
    big_task = files_per_task(PROJECTED_DOCS, PROJECTED_WORKERS)
    writer_alone(extractions, tmp / "lake16", 16)
    write_per_doc = writer_alone(extractions, tmp / "lake_big", big_task)
    rates = {w: contention(extractions, tmp / f"contend{w}", w) for w in (1, 2, 4)}
    refresh_per_doc = refresh(run_out, tmp)
    worst = min(rates.values())
    read_bound = PROJECTED_WORKERS / (read_per_doc + write_per_doc)
    commit_bound = worst * big_task
    rate = min(read_bound, commit_bound)
    hours = PROJECTED_DOCS / rate / 3600
    refresh_hours = PROJECTED_DOCS * refresh_per_doc / 3600
    print(f"\nprojection: {PROJECTED_DOCS:,} documents on {PROJECTED_WORKERS} workers, tasks of "
          f"{big_task} ({PROJECTED_DOCS // big_task:,} commits per table)")
    print(f"  workers: {read_per_doc * 1000:.1f} ms reading + {write_per_doc * 1000:.2f} ms "
          f"committing a document -> {read_bound:,.0f} documents/s")
    demand = read_bound / big_task
    print(f"  logs: the workers need {demand:.1f} commits/s per table; one takes "
          + ", ".join(f"{r:.0f}/s from {w}" for w, r in rates.items())
          + f" writer(s) racing back to back -> at worst {commit_bound:,.0f} documents/s "
          f"({worst / demand:.1f}x what the workers need)")
    print(f"  bound: {'reading' if read_bound <= commit_bound else 'commits'}: {rate:,.0f} "
          f"documents/s, {hours:.2f} h; the Delta tables are then complete")
    print(f"  + the client's DuckDB copy for local use: {refresh_hours:.2f} h at "
          f"{1 / refresh_per_doc:,.0f} documents/s (one process; not needed to query the "
          "Delta tables)")
