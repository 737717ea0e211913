"""One file to read, and the guarded call that reads it.

The same function runs in a local worker process and in a Ray task: it never
raises, so whatever a file holds, the batch gets an Extraction back.
"""

from __future__ import annotations

import signal
import traceback
from dataclasses import dataclass
from pathlib import Path

from tongbao.extract.identity import doc_id_of, printable_path
from tongbao.extract.memory import address_space, set_cap
from tongbao.extract.model import Document, Extraction
from tongbao.extract.readers.sniff import sniff_format


@dataclass(frozen=True)
class Job:
    path: str
    doc_id: str  # sha256 of the bytes when the batch planned the run ('' if unreadable)


@dataclass(frozen=True)
class Limits:
    """What one file may cost before it becomes a failed row instead of a stuck batch."""
    timeout: float = 300.0  # seconds of reading per file
    max_memory_mb: int = 4096  # address space a worker may add to what it starts with


def failed(job: Job, error: str, limits: Limits | None = None) -> Extraction:
    """A documents row that says why this file could not be read; its format is what the
    name says (the bytes were not read, or not to the end). `limits`: the limits it failed
    on, remembered so that a run with higher ones reads it again."""
    path = printable_path(job.path)
    doc = Document(doc_id=job.doc_id or path_doc_id(job.path), source_path=path,
                   format=sniff_format(b"", job.path), status="failed", error=error)
    if limits is not None:
        doc.limit_timeout, doc.limit_memory_mb = limits.timeout, limits.max_memory_mb
    return Extraction(doc)


def path_doc_id(path: str) -> str:
    """The doc_id of a row for a file whose bytes could not be read: its path's hash."""
    return doc_id_of(printable_path(path).encode("utf-8"))


def read_file(path: str, aliases: str | None = None) -> Extraction:
    """read_document for a path; never raises, whatever the file holds."""
    # Imported here: the batch client plans and writes with this module and never reads a
    # file itself; workers have the readers already (local_pool.SERVER_PRELOAD).
    from tongbao.extract.document import read_document
    from tongbao.normalize.patterns import keep_compiled

    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return failed(Job(path, ""), f"cannot read the file ({e.strerror}); check that it "
                                     "exists and that this user may read it")
    try:
        return read_document(data, path, aliases=aliases)
    except MemoryError:
        raise  # the pool reports it, with the limit that was hit
    except Exception as e:  # a bug in tongbao, not bad input: say so, keep the batch going
        return failed(Job(path, doc_id_of(data)),
                      f"internal error in tongbao ({type(e).__name__}: {e}); please report "
                      f"it with this file. {traceback.format_exc(limit=3)}")
    finally:
        # A worker ends without exit handlers: the patterns this file was the first to
        # need are kept for the next processes now (rarely any: a new kind of document).
        keep_compiled()


def timed_out(job: Job, limits: Limits) -> Extraction:
    return failed(job, f"reading took longer than the {limits.timeout:g} s limit (--timeout) and "
                       "was stopped; the file may be pathological, or raise the limit", limits)


def out_of_memory(job: Job, limits: Limits, how: str = "") -> Extraction:
    return failed(job, f"reading it needed more than the {limits.max_memory_mb} MB a worker may "
                       f"add (--max-memory-mb){how}; the file may be pathological (a "
                       "decompression bomb), or raise the limit", limits)


def worker_died(job: Job, limits: Limits, exitcode: int | None) -> Extraction:
    """A worker killed by a signal: under the memory cap, an allocation that failed inside C
    code (PDFium, zlib) aborts the process (SIGABRT) or the kernel kills it (SIGKILL)."""
    if exitcode in (-signal.SIGABRT, -signal.SIGKILL):
        return out_of_memory(job, limits, f": the worker was ended by "
                                          f"{signal.Signals(-exitcode).name} inside a C library")
    how = f"signal {signal.Signals(-exitcode).name}" if exitcode and exitcode < 0 and \
        -exitcode in signal.valid_signals() else f"exit code {exitcode}"
    return failed(job, f"the worker reading this file died ({how}): it crashed a C library or "
                       f"ran out of the {limits.max_memory_mb} MB it may add (--max-memory-mb); "
                       "raise the limit, or report the file", limits)


def limit_memory(max_memory_mb: int) -> None:
    """Worker initializer: cap the address space so a runaway read raises MemoryError
    in that worker instead of taking the machine (and the batch) down. OCR's libraries are
    imported outside the cap (extract/readers/ocr/libraries.py): nothing a file asked for."""
    start = address_space()
    if start is not None:  # not Linux: no guard
        set_cap(start + max_memory_mb * 1024 * 1024)
