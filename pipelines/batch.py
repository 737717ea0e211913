"""A batch run: discover files, hash them, skip what the warehouse holds, read the rest, write.

Reading is `pipelines.jobs.read_file` (a pure function of one file's bytes),
run in a local process pool (pipelines/local_pool.py) or on Ray
(pipelines/ray_pool.py). Locally, writing happens in this process only, up to
WRITE_BATCH documents per DuckDB transaction (fewer while the workers are still
reading), so a run killed at any moment loses at most the batch in flight and the
next run reads just the files that are missing. The largest files are read first, so
the workers end together rather than one of them on the last big file. On Ray the
workers commit their rows to Delta tables in DIR/delta themselves (pipelines/lake.py)
and this process syncs DuckDB from them when the run starts and ends (lake_sync.py);
a folder holding Delta tables is written that way by a local run too, one store of
record. `Warehouse.finalize` then brings the units table and Parquet up to date.
Every path found is a `sources` row (written when the run starts, with a `runs`
row), and every path ends as a `documents` row: a path that is not read (a
symlink loop, a FIFO) as a failed one saying why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tongbao.extract.identity import extractor_version, printable_path
from tongbao.extract.model import Extraction, Source
from tongbao.pipelines import lake_layout
from tongbao.pipelines.discover import Found, discover
from tongbao.pipelines.forkserver import start_server
from tongbao.pipelines.jobs import Job, Limits, failed, path_doc_id, read_file
from tongbao.pipelines.local_pool import LocalReading
from tongbao.pipelines.progress import Progress
from tongbao.pipelines.warehouse import Warehouse, WarehouseError

if TYPE_CHECKING:  # pyarrow and deltalake: a cluster run's, not every run's
    from tongbao.pipelines import lake

WRITE_BATCH = 50
DEFAULT_LIMITS = Limits()


@dataclass
class RunStats:
    files: int = 0
    skipped: int = 0
    duplicates: int = 0
    read: int = 0
    failed: int = 0
    pruned: int = 0
    seconds: float = 0.0
    warehouse: dict[str, int] = field(default_factory=dict)  # Warehouse.counts() at the end


def run(paths: Iterable[str], out_dir: str, workers: int | None = None,
        log: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
        aliases: str | None = None, limits: Limits = DEFAULT_LIMITS, ray: str | None = None,
        reader: Callable[[str, str | None], Extraction] = read_file,
        terminal: bool | None = None, follow_symlinks: bool = False,
        retry_failed: bool = False, prune: bool = False) -> RunStats:
    """Bring the warehouse in out_dir up to date with the files under paths.

    ray: None for the local pool, "local" or a cluster address for Ray.
    reader: what reads one file (tests put a deliberately slow one here).
    follow_symlinks: read links that lead out of the input folders too.
    retry_failed: read again every file whose row failed (without it, only those that
    failed on a limit lower than this run's). prune: drop the documents whose files are gone.
    """
    start = time.monotonic()
    workers = workers or os.cpu_count() or 1
    out = Path(out_dir)
    paths = [os.fspath(p) for p in paths]
    found = discover(paths, exclude=os.path.realpath(out), follow_symlinks=follow_symlinks)
    aliases = str(Path(aliases).resolve()) if aliases else None
    version = extractor_version(aliases)
    stats = RunStats(files=len(found))
    if ray:  # before anything is written: a cluster that cannot be reached stops the run here
        from tongbao.pipelines.ray_pool import connect
        connect(ray, workers)
    elif found:
        start_server()
    with Warehouse(out) as wh:
        sink = _LakeSink(wh, out) if ray or lake_layout.exists(out) else _DuckDBSink(wh)
        sink.start()  # Delta tables: what a killed run committed is in DuckDB before planning
        plan = _plan(found, wh.known_documents(), version, limits, retry_failed, stats, log)
        roots = [printable_path(p) for p in paths]  # as given, like the paths found under them
        # Local workers start reading now, while this process records the run; Ray tasks
        # commit under the run's id, so they start after it.
        local = None if ray else LocalReading(plan.jobs, workers, limits, aliases, reader)
        reading = local
        progress = None
        try:
            run_id = wh.begin_run(version, plan.sources, roots)
            sink.run_id = run_id
            where = f"Ray ({ray})" if ray else f"{workers} local worker(s)"
            to_read = len(plan.jobs) + len(plan.refused)
            log(f"tongbao: {len(found)} files, {stats.skipped} unchanged, {to_read} to read "
                f"on {where}")
            progress = Progress(to_read, log, terminal)
            reading = reading or _commit_on_ray(plan.jobs, workers, aliases, limits, ray,
                                                reader, sink)
            for ex in itertools.chain(plan.refused, reading):
                ex.document.run_id = run_id
                stats.read += 1
                failed_row = ex.document.status == "failed"
                if failed_row:
                    stats.failed += 1
                    progress.note(f"  failed: {ex.document.source_path}: "
                                  f"{ex.document.error.splitlines()[0]}")
                progress.update(ex.document.n_pages or 0, failed_row)
                # Locally, this process writes while the workers read (when no result is
                # waiting): a run's rows are not all written after its last file is read.
                sink.add(ex, idle=local is not None and not local.result_waiting())
            sink.flush()
            progress.close()
            progress = None
            if prune:
                stats.pruned = sink.prune()
            sink.finish()
            wh.finish_run(run_id, stats.files, stats.read, stats.failed)
            wh.finalize()
            stats.warehouse = wh.counts()
        finally:
            if progress is not None:
                progress.close()
            # Last: idle workers end while the warehouse is finalised (pebble notices their
            # end a tenth of a second late); stopped at once if the loop was left early.
            if reading is not None:
                reading.close()
    stats.seconds = time.monotonic() - start
    return stats


@dataclass
class Plan:
    jobs: list[Job] = field(default_factory=list)  # files to read
    refused: list[Extraction] = field(default_factory=list)  # paths not read: failed rows
    sources: list[Source] = field(default_factory=list)  # every path found


def _plan(found: list[Found], known: dict[str, tuple], version: str, limits: Limits,
          retry_failed: bool, stats: RunStats, log: Callable[[str], None]) -> Plan:
    """The files to read: not stored yet, changed, read by another extractor version, or
    failed and to be tried again."""
    plan = Plan()
    first_path: dict[str, str] = {}  # doc_id -> the first file with those bytes
    sizes: dict[str, int] = {}  # path -> bytes of each file to read: the largest read first
    for f in found:
        doc_id, size, mtime = _sha256(f.path) if f.problem is None else ("", None, None)
        plan.sources.append(Source(printable_path(f.path), doc_id or path_doc_id(f.path), 0,
                                   size, mtime, "present"))
        if f.problem is not None:
            plan.refused.append(failed(Job(f.path, ""), f.problem))
        elif doc_id in first_path:  # the same bytes twice: one document, keyed by content
            stats.duplicates += 1
            log(f"  same content as {printable_path(first_path[doc_id])}, stored once: "
                f"{printable_path(f.path)}")
        elif doc_id in known and not _read_again(known[doc_id], version, limits, retry_failed):
            stats.skipped += 1
        else:
            plan.jobs.append(Job(f.path, doc_id))
            sizes[f.path] = size or 0
        if doc_id:
            first_path.setdefault(doc_id, f.path)
    plan.jobs.sort(key=lambda job: sizes.get(job.path, 0), reverse=True)
    return plan


def _read_again(stored: tuple, version: str, limits: Limits, retry_failed: bool) -> bool:
    stored_version, status, timeout, memory = stored
    if stored_version != version:
        return True
    if status != "failed":
        return False
    # A row failed on a limit is read again once that limit is raised.
    return retry_failed or (timeout is not None and limits.timeout > timeout) or \
        (memory is not None and limits.max_memory_mb > memory)


def _sha256(path: str) -> tuple[str, int | None, dt.datetime | None]:
    """The file's doc_id, size and mtime; doc_id '' when it cannot be read (read_file then
    records why)."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            return hashlib.file_digest(f, "sha256").hexdigest(), st.st_size, _mtime(st)
    except OSError:
        try:
            st = os.stat(path)
        except OSError:
            return "", None, None
        return "", st.st_size, _mtime(st)


def _mtime(st: os.stat_result) -> dt.datetime:
    return dt.datetime.fromtimestamp(st.st_mtime, dt.UTC).replace(tzinfo=None)


class _DuckDBSink:
    """Locally: this process writes DuckDB, WRITE_BATCH documents per transaction at most,
    fewer while it would otherwise wait for the workers."""

    def __init__(self, wh: Warehouse):
        self.wh, self.batch, self.run_id = wh, [], 0

    def start(self) -> None:
        pass

    def add(self, ex: Extraction, idle: bool = False) -> None:
        """idle: nothing else to do now, so the batch is written however small."""
        self.batch.append(ex)
        if len(self.batch) >= WRITE_BATCH or idle:
            self.flush()

    def flush(self) -> None:
        self.wh.write(self.batch)
        self.batch = []

    def prune(self) -> int:
        return self.wh.prune()

    def finish(self) -> None:
        pass


class _LakeSink(_DuckDBSink):
    """Delta tables: what a worker committed is only counted here; a row this process made
    (a path not read, a task failed for good) or read (the local pool) it commits itself.
    DuckDB follows at start and finish (lake_sync.sync)."""

    def __init__(self, wh: Warehouse, out: Path):
        super().__init__(wh)
        self.root = lake_layout.folder(out).resolve()  # absolute: workers write it by path

    def start(self) -> None:
        try:
            import deltalake  # noqa: F401
        except ImportError as e:
            raise WarehouseError(f"{self.root} holds the Delta tables a cluster run writes; "
                                 "reading and writing them needs deltalake: pip install "
                                 "'tongbao[ray]'") from e
        from tongbao.pipelines.lake_sync import sync
        sync(self.wh, self.root)

    def add(self, ex: Extraction | lake.Committed, idle: bool = False) -> None:
        """Batches stay whole here (no idle writes): a Delta commit a document would leave
        a small file a document in every table."""
        from tongbao.pipelines.lake import Committed

        if not isinstance(ex, Committed):
            super().add(ex)

    def flush(self) -> None:
        from tongbao.pipelines.lake import commit

        commit(self.root, self.batch, self.run_id, by_client=True)
        self.batch = []

    def prune(self) -> int:
        from tongbao.pipelines.lake_sync import prune
        gone = self.wh.gone_documents()
        prune(self.wh, self.root, gone)
        return len(gone)

    def finish(self) -> None:
        self.start()


def _commit_on_ray(jobs: list[Job], workers: int, aliases: str | None, limits: Limits,
                   ray: str, reader, sink) -> Iterator[lake.Committed]:
    from tongbao.pipelines.ray_pool import commit_on_ray
    return commit_on_ray(jobs, ray, workers, limits, sink.root, sink.run_id, aliases, reader)
