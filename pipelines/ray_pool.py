"""Read files on a Ray cluster with Ray Data; the client writes what comes back.

Design: workers read (the expensive, parallel part) and stream each file's
Extraction back to the client, which writes it through the same Warehouse
writer as a local run. One writer keeps DuckDB (a single-writer file)
consistent and keeps a killed run restartable exactly as locally; the cost is
that the client's write rate bounds the cluster (see benchmarks/bench_batch.py).
Files go to tasks FILES_PER_TASK at a time, so Ray's per-task overhead (about
1 ms) is small beside the reading. Workers read the files by path: on a real
cluster the inputs must sit on storage every node mounts.

Only `ray` is imported here, and only when --ray is given: pip install tongbao[ray].
"""

from __future__ import annotations

import logging
import math
import pickle
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tongbao.extract.model import Extraction
from tongbao.pipelines.jobs import Job, Limits, failed, out_of_memory, read_file, timed_out

FILES_PER_TASK = 16


class _ReadTimeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """SIGALRM in the task's process: Ray runs a task on its worker's main thread.
    (A read stuck inside C code is cut off when it returns to Python.)"""
    def expire(_sig, _frame):
        raise _ReadTimeout
    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except ValueError:  # not the main thread: no limit rather than no read
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _read_batch(batch, aliases: str | None, limits: Limits, reader: Callable) -> dict:
    blobs = []
    for path, doc_id in zip(batch["path"].to_pylist(), batch["doc_id"].to_pylist(), strict=True):
        job = Job(path, doc_id)
        try:
            with _time_limit(limits.timeout):
                ex = reader(path, aliases)
        except _ReadTimeout:
            ex = timed_out(job, limits)
        except MemoryError:
            ex = out_of_memory(job, limits)
        blobs.append(pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL))
    import pyarrow as pa
    return pa.table({"doc_id": batch["doc_id"], "extraction": pa.array(blobs, pa.binary())})


class RayUnavailable(Exception):
    """Ray cannot be started or reached; the message says what to do."""


def connect(address: str, workers: int) -> None:
    """`local` starts a cluster on this machine with `workers` CPUs (even when another is
    running here); anything else is the address of a running one (ray start --head prints
    it). Raises RayUnavailable."""
    try:
        import ray
    except ImportError as e:
        raise RayUnavailable("--ray needs Ray, which is not installed: pip install "
                             "'tongbao[ray]' (or run without --ray)") from e
    if ray.is_initialized():
        return
    try:
        if address == "local":
            ray.init(address="local", num_cpus=max(workers, 1), include_dashboard=False,
                     log_to_driver=False, configure_logging=False)
        else:
            ray.init(address=address, log_to_driver=False, configure_logging=False)
    except Exception as e:  # Ray raises ConnectionError, ValueError, RuntimeError, ...
        raise RayUnavailable(f"cannot {'start' if address == 'local' else 'reach'} Ray at "
                             f"{address} ({type(e).__name__}: {str(e).splitlines()[0]}); check "
                             "the address and the cluster's token (RAY_AUTH_TOKEN)") from e


def read_on_ray(jobs: list[Job], address: str, workers: int, limits: Limits,
                aliases: str | None = None,
                reader: Callable[[str, str | None], Extraction] = read_file
                ) -> Iterator[Extraction]:
    """Extractions as Ray Data delivers them; a file whose task failed for good (its worker
    killed by a crash, say, more often than Ray retries) comes back as a failed row,
    not a lost file."""
    import ray

    connect(address, workers)
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # its plan and timing chatter
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False  # ours shows files, pages and errors
    ctx.max_errored_blocks = -1  # a failing task loses its files, not the run: see below
    if not jobs:
        return
    items = [{"path": j.path, "doc_id": j.doc_id} for j in jobs]
    ds = ray.data.from_items(items, override_num_blocks=math.ceil(len(items) / FILES_PER_TASK))
    ds = ds.map_batches(_read_batch, batch_size=FILES_PER_TASK, batch_format="pyarrow",
                        fn_kwargs={"aliases": aliases, "limits": limits,
                                   "reader": reader})
    seen: set[str] = set()
    for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
        for doc_id, blob in zip(batch["doc_id"].to_pylist(), batch["extraction"].to_pylist(),
                                strict=True):
            seen.add(doc_id)
            yield pickle.loads(blob)
    for job in jobs:
        if job.doc_id not in seen:
            yield failed(job, "the Ray task reading this file failed for good (its worker died: "
                              "out of memory, or a crash in a PDF library)")
