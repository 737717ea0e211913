"""Where local workers come from: a forkserver that imported the readers once.

Started first thing by `tongbao extract`, so it imports them while the client
imports DuckDB and opens the warehouse.
"""

from __future__ import annotations

import multiprocessing

# What the forkserver imports once for every worker: the readers of the common formats.
# Office files, rarer, import theirs on first use; so does a first scanned page OCR's
# native libraries, outside the worker's memory cap (extract/readers/ocr/libraries.py):
# preloading those here was a sixth of a second before any worker could start.
SERVER_PRELOAD = ["tongbao.pipelines.jobs", "tongbao.extract.document",
                  "tongbao.extract.readers.pdf.reader", "tongbao.extract.readers.text.reader",
                  "tongbao.extract.readers.html.reader", "tongbao.pipelines.warmup"]


def worker_context():
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
    if worker_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
