"""A batch run: discover files, skip what the warehouse holds, read the rest, write.

Reading is `extract.document.read_document`, a pure function of one file's
bytes, run here in a process pool; writing happens in this process, a batch of
documents per transaction.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extract.document import extractor_version, read_document
from extract.model import Document, Extraction
from pipelines.warehouse import Warehouse

WRITE_BATCH = 50


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


def read_file(path: str, aliases: str | None = None) -> Extraction:
    """read_document for a path; never raises, whatever the file holds."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        doc = Document(doc_id=hashlib.sha256(path.encode()).hexdigest(), source_path=path,
                       format="text", status="failed", error=f"cannot read the file: {e}")
        return Extraction(doc)
    try:
        return read_document(data, path, aliases=aliases)
    except Exception as e:  # a bug in tongbao, not bad input: say so, keep the batch going
        doc = Document(doc_id=hashlib.sha256(data).hexdigest(), source_path=path, format="text",
                       status="failed",
                       error=f"internal error in tongbao ({type(e).__name__}: {e}); please report "
                             f"it with this file. {traceback.format_exc(limit=3)}")
        return Extraction(doc)


@dataclass
class RunStats:
    files: int = 0
    skipped: int = 0
    duplicates: int = 0
    read: int = 0
    failed: int = 0
    seconds: float = 0.0


def run(paths: Iterable[str], out_dir: str, workers: int = 1,
        log: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
        aliases: str | None = None) -> RunStats:
    start = time.monotonic()
    out = Path(out_dir)
    files = discover(paths, exclude=out.resolve())
    stats = RunStats(files=len(files))
    with Warehouse(out) as wh:
        known = wh.known_documents()
        version = extractor_version(aliases)
        todo = []
        first_path: dict[str, Path] = {}  # doc_id -> the first file with those bytes
        for f in files:
            doc_id = _sha256(f)
            if doc_id in first_path:  # the same bytes twice: one document, keyed by content
                stats.duplicates += 1
                log(f"  same content as {first_path[doc_id]}, stored once: {f}")
            elif known.get(doc_id) == version:
                stats.skipped += 1
            else:
                todo.append(str(f))
            if doc_id:
                first_path.setdefault(doc_id, f)
        log(f"tongbao: {len(files)} files, {stats.skipped} unchanged, {len(todo)} to read")
        batch: list[Extraction] = []
        for i, ex in enumerate(_read_all(todo, workers, aliases), start=1):
            stats.read += 1
            if ex.document.status == "failed":
                stats.failed += 1
                log(f"  failed: {ex.document.source_path}: {ex.document.error.splitlines()[0]}")
            batch.append(ex)
            if len(batch) >= WRITE_BATCH:
                wh.write(batch)
                batch = []
            if i % 100 == 0 or i == len(todo):
                rate = i / max(time.monotonic() - start, 1e-9)
                log(f"  {i}/{len(todo)} files read, {stats.failed} failed, {rate:.1f} files/s")
        wh.write(batch)
        wh.export_parquet()
    stats.seconds = time.monotonic() - start
    return stats


def _sha256(path: Path) -> str:
    """The file's doc_id; '' when it cannot be read (read_file then records why)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _read_all(paths: list[str], workers: int, aliases: str | None) -> Iterator[Extraction]:
    read = functools.partial(read_file, aliases=str(Path(aliases).resolve()) if aliases else None)
    if workers <= 1 or len(paths) <= 1:
        yield from map(read, paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(read, paths, chunksize=4)
