"""Read files in a local process pool (pebble), each under a time limit and a memory cap.

pebble's pool kills and replaces a worker whose task runs past its timeout
or whose process dies, which the standard library's pool cannot do; the
memory cap is an address-space limit set in each worker when it starts.
Workers are forked from a forkserver, never from this process (pipelines/forkserver.py).
Work is handed out a few files ahead of the workers, so a million-file run
holds a bounded number of futures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, TimeoutError, wait

from pebble import ProcessExpired, ProcessPool

from tongbao.extract.model import Extraction
from tongbao.pipelines.forkserver import worker_context
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
class LocalReading:
    """Extractions in the order they finish. Workers start on the first files as soon as
    this is made, so the client records the run while they read; close() stops the pool at
    once (every result taken, or the consumer stopped early: an error, Ctrl-C)."""

    def __init__(self, jobs: Iterable[Job], workers: int, limits: Limits,
                 aliases: str | None = None,
                 reader: Callable[[str, str | None], Extraction] = read_file):
        self.pool = ProcessPool(max_workers=max(workers, 1), initializer=limit_memory,
                                initargs=(limits.max_memory_mb,), context=worker_context())
        self.queue, self.pending, self.limits = iter(jobs), {}, limits
        self.reader, self.aliases = reader, aliases
        try:
            for _ in range(max(workers, 1) * AHEAD):
                self._submit_next()
        except BaseException:
            self.close()
            raise

    def _submit_next(self) -> None:
        job = next(self.queue, None)
        if job is not None:
            future = self.pool.schedule(self.reader, args=(job.path, self.aliases),
                                        timeout=self.limits.timeout)
            self.pending[future] = job

    def __iter__(self) -> Iterator[Extraction]:
        try:
            while self.pending:
                done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
                for future in done:
                    job = self.pending.pop(future)
                    self._submit_next()
                    yield _outcome(future, job, self.limits)
            # Every result is in: the idle workers are told to stop now, so that pebble's
            # manager, which looks a tick at a time, ends them while the client finalises
            # the warehouse, and close() finds them gone. (Not joined here: that waited
            # before the client's last write.)
            self.pool.stop()
        except BaseException:  # the consumer stopped early: an error, Ctrl-C
            self.close()
            raise

    def result_waiting(self) -> bool:
        """A file is read and its result not yet taken: the client has work waiting."""
        return any(future.done() for future in self.pending)

    def close(self) -> None:
        if self.pool is None:
            return
        pool, self.pool = self.pool, None
        # Stopped, not closed: the consumer took every result or wants no more (an error,
        # Ctrl-C); a closed pool's join waits for its queue a tick at a time, then stops.
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
