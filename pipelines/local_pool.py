"""Read files in a local process pool (pebble), each under a time limit and a memory cap.

pebble's pool kills and replaces a worker whose task runs past its timeout
or whose process dies, which the standard library's pool cannot do; the
memory cap is an address-space limit set in each worker when it starts.
Workers are forked from a forkserver, never from this process (see _context).
Work is handed out a few files ahead of the workers, so a million-file run
holds a bounded number of futures.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, TimeoutError, wait

from pebble import ProcessExpired, ProcessPool

from tongbao.extract.model import Extraction
from tongbao.pipelines.jobs import (
    Job,
    Limits,
    failed,
    limit_memory,
    out_of_memory,
    read_file,
    timed_out,
    worker_died,
)

AHEAD = 4  # files queued per worker
# What the forkserver imports once for every worker: the readers, and the native libraries
# OCR loads (numpy, OpenCV, onnxruntime; skipped when not installed). Their mappings are
# then part of a worker's start, so --max-memory-mb caps what reading a file adds, not the
# 480 MB of address space those libraries map when a first scanned page needs them.
SERVER_PRELOAD = ["tongbao.pipelines.jobs", "numpy", "cv2", "onnxruntime"]


def _context():
    """Workers forked from a forkserver: a fresh, single-threaded process that imported the
    readers once. Forking the client itself copies the locks its other threads hold at that
    moment (DuckDB's, pyarrow's, delta-rs's): under load a worker then dies (SIGSEGV) or
    waits forever on a lock no thread will release, and a good file is reported failed."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(SERVER_PRELOAD)
    return context


def start_server() -> None:
    """Start the forkserver now: it imports the readers while this process opens the
    warehouse and plans the run, instead of after."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def read_locally(jobs: Iterable[Job], workers: int, limits: Limits, aliases: str | None = None,
                 reader: Callable[[str, str | None], Extraction] = read_file
                 ) -> Iterator[Extraction]:
    """Extractions in the order they finish."""
    pool = ProcessPool(max_workers=max(workers, 1), initializer=limit_memory,
                       initargs=(limits.max_memory_mb,), context=_context())
    queue = iter(jobs)
    pending = {}

    def submit_next() -> None:
        job = next(queue, None)
        if job is not None:
            pending[pool.schedule(reader, args=(job.path, aliases), timeout=limits.timeout)] = job

    finished = False
    try:
        for _ in range(max(workers, 1) * AHEAD):
            submit_next()
        while pending:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in done:
                job = pending.pop(future)
                submit_next()
                yield _outcome(future, job, limits)
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # the consumer stopped early (an error, Ctrl-C): don't wait for the queue
            pool.stop()
        pool.join()


def _outcome(future, job: Job, limits: Limits) -> Extraction:
    try:
        return future.result()
    except TimeoutError:
        return timed_out(job, limits)
    except MemoryError:
        return out_of_memory(job, limits)
    except ProcessExpired as e:
        return worker_died(job, limits, e.exitcode)
    except Exception as e:  # e.g. an Extraction that could not be sent back
        return failed(job, f"internal error in tongbao ({type(e).__name__}: {e})")
