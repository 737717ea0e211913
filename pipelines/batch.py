"""A batch run: discover files, hash them, skip what the warehouse holds, read the rest, write.

Reading is `pipelines.jobs.read_file` (a pure function of one file's bytes),
run in a local process pool (pipelines/local_pool.py) or on Ray
(pipelines/ray_pool.py). Writing happens in this process only, WRITE_BATCH
documents per transaction, so a run killed at any moment loses at most the
batch in flight and the next run reads just the files that are missing;
`Warehouse.finalize` then brings the units table and Parquet up to date.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tongbao.extract.document import doc_id_of, extractor_version
from tongbao.extract.model import Extraction
from tongbao.pipelines.jobs import Job, Limits, read_file
from tongbao.pipelines.progress import Progress
from tongbao.pipelines.warehouse import Warehouse

WRITE_BATCH = 50
DEFAULT_LIMITS = Limits()


def discover(paths: Iterable[str | os.PathLike], exclude: Path | None = None) -> list[Path]:
    """Every file under the given files and folders, sorted, hidden files left out."""
    found: set[Path] = set()
    for p in map(Path, paths):
        if p.is_file():
            found.add(p)
        elif p.is_dir():
            for f in p.rglob("*"):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel) and not (
                        exclude and exclude in f.resolve().parents):
                    found.add(f)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return sorted(found)


@dataclass
class RunStats:
    files: int = 0
    skipped: int = 0
    duplicates: int = 0
    read: int = 0
    failed: int = 0
    seconds: float = 0.0


def run(paths: Iterable[str], out_dir: str, workers: int | None = None,
        log: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
        aliases: str | None = None, limits: Limits = DEFAULT_LIMITS, ray: str | None = None,
        reader: Callable[[str, str | None], Extraction] = read_file,
        terminal: bool | None = None) -> RunStats:
    """Bring the warehouse in out_dir up to date with the files under paths.

    ray: None for the local pool, "local" or a cluster address for Ray.
    reader: what reads one file (tests put a deliberately slow one here).
    """
    start = time.monotonic()
    workers = workers or os.cpu_count() or 1
    out = Path(out_dir)
    files = discover(paths, exclude=out.resolve())
    aliases = str(Path(aliases).resolve()) if aliases else None
    stats = RunStats(files=len(files))
    with Warehouse(out) as wh:
        jobs = _plan(files, wh.known_documents(), extractor_version(aliases), stats, log)
        where = f"Ray ({ray})" if ray else f"{workers} local worker(s)"
        log(f"tongbao: {len(files)} files, {stats.skipped} unchanged, {len(jobs)} to read "
            f"on {where}")
        progress = Progress(len(jobs), log, terminal)
        batch: list[Extraction] = []
        try:
            for ex in _read_all(jobs, workers, aliases, limits, ray, reader):
                stats.read += 1
                failed = ex.document.status == "failed"
                if failed:
                    stats.failed += 1
                    progress.note(f"  failed: {ex.document.source_path}: "
                                 f"{ex.document.error.splitlines()[0]}")
                progress.update(ex.document.n_pages or 0, failed)
                batch.append(ex)
                if len(batch) >= WRITE_BATCH:
                    wh.write(batch)
                    batch = []
            wh.write(batch)
        finally:
            progress.close()
        wh.finalize()
    stats.seconds = time.monotonic() - start
    return stats


def _plan(files: list[Path], known: dict[str, str], version: str, stats: RunStats,
          log: Callable[[str], None]) -> list[Job]:
    """The files to read: not stored yet, changed, or read by another extractor version."""
    jobs = []
    first_path: dict[str, Path] = {}  # doc_id -> the first file with those bytes
    for f in files:
        doc_id = _sha256(f)
        if doc_id in first_path:  # the same bytes twice: one document, keyed by content
            stats.duplicates += 1
            log(f"  same content as {first_path[doc_id]}, stored once: {f}")
        elif known.get(doc_id) == version:
            stats.skipped += 1
        else:
            jobs.append(Job(str(f), doc_id))
        if doc_id:
            first_path.setdefault(doc_id, f)
    return jobs


def _sha256(path: Path) -> str:
    """The file's doc_id; '' when it cannot be read (read_file then records why)."""
    try:
        return doc_id_of(path.read_bytes())
    except OSError:
        return ""


def _read_all(jobs: list[Job], workers: int, aliases: str | None, limits: Limits,
              ray: str | None, reader) -> Iterator[Extraction]:
    if ray:
        from tongbao.pipelines.ray_pool import read_on_ray
        return read_on_ray(jobs, ray, workers, limits, aliases, reader)
    from tongbao.pipelines.local_pool import read_locally
    return read_locally(jobs, workers, limits, aliases, reader)
