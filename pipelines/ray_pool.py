"""Read files on a Ray cluster with Ray Data; the workers write the rows themselves.

Each task reads a few files and commits their rows to the Delta tables in DIR/delta
(pipelines/lake.py: content first, the documents rows last as the marker), then sends
the client only the documents rows it committed, for progress and bookkeeping: no row
of a table, cell or record passes through the client, so no single process bounds the
cluster (benchmarks/bench_batch.py). Tasks take FILES_PER_TASK files or more (a larger
run: larger tasks, fewer commits per table, whose log is what all writers share).
Workers read the files by path and write DIR/delta by path: on a real cluster both must
sit on storage every node mounts.

Only `ray` is imported here, and only when --ray is given: pip install tongbao[ray].
"""

from __future__ import annotations

import logging
import math
import pickle
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tongbao.extract.model import Extraction
from tongbao.pipelines import lake
from tongbao.pipelines.jobs import Job, Limits, failed, out_of_memory, read_file, timed_out
from tongbao.pipelines.lake import Committed

FILES_PER_TASK = 16
MAX_FILES_PER_TASK = 1024


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


def _read_and_commit(batch, aliases: str | None, limits: Limits, reader: Callable,
                     root: str, run_id: int) -> dict:
    extractions = []
    for path, doc_id in zip(batch["path"].to_pylist(), batch["doc_id"].to_pylist(), strict=True):
        job = Job(path, doc_id)
        try:
            with _time_limit(limits.timeout):
                ex = reader(path, aliases)
        except _ReadTimeout:
            ex = timed_out(job, limits)
        except MemoryError:
            ex = out_of_memory(job, limits)
        extractions.append(ex)
    committed = lake.commit(Path(root), extractions, run_id)
    import pyarrow as pa
    return pa.table({"doc_id": batch["doc_id"], "committed": pa.array(
        [pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL) for c in committed], pa.binary())})


def files_per_task(n_files: int, cpus: int) -> int:
    """At least FILES_PER_TASK (Ray's overhead per task is small beside them), at most
    MAX_FILES_PER_TASK, else about four tasks per CPU. A table's log takes one commit at a
    time (benchmarks/bench_batch.py: 130 a second from one writer, fewer as writers race),
    so a large run makes large tasks: a million files on 100 CPUs, tasks of 1,024 and 977
    commits per table instead of 62,500."""
    return max(FILES_PER_TASK, min(MAX_FILES_PER_TASK, math.ceil(n_files / (4 * max(cpus, 1)))))


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
    try:
        import deltalake  # noqa: F401  (the workers write through it)
    except ImportError as e:
        raise RayUnavailable("--ray needs deltalake, which is not installed: pip install "
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


def commit_on_ray(jobs: list[Job], address: str, workers: int, limits: Limits, root: Path,
                  run_id: int, aliases: str | None = None,
                  reader: Callable[[str, str | None], Extraction] = read_file
                  ) -> Iterator[Committed | Extraction]:
    """What the workers committed, as Ray Data delivers it; a file whose task failed for good
    (its worker killed by a crash, say, more often than Ray retries) comes back as a failed
    row for the client to commit, not a lost file."""
    import ray

    connect(address, workers)
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # its plan and timing chatter
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False  # ours shows files, pages and errors
    ctx.max_errored_blocks = -1  # a failing task loses its files, not the run: see below
    if not jobs:
        return
    per_task = files_per_task(len(jobs), int(ray.cluster_resources().get("CPU", workers)))
    items = [{"path": j.path, "doc_id": j.doc_id} for j in jobs]
    ds = ray.data.from_items(items, override_num_blocks=math.ceil(len(items) / per_task))
    ds = ds.map_batches(_read_and_commit, batch_size=per_task, batch_format="pyarrow",
                        fn_kwargs={"aliases": aliases, "limits": limits, "reader": reader,
                                   "root": str(root), "run_id": run_id})
    seen: set[str] = set()
    for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
        for doc_id, blob in zip(batch["doc_id"].to_pylist(), batch["committed"].to_pylist(),
                                strict=True):
            seen.add(doc_id)
            yield pickle.loads(blob)
    for job in jobs:
        if job.doc_id not in seen:
            yield failed(job, "the Ray task reading this file failed for good (its worker died: "
                              "out of memory, or a crash in a PDF library; or it could not "
                              "write to the Delta tables in the output folder)")
