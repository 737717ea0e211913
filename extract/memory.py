"""The process's address space as RLIMIT_AS counts it, and its cap (Linux).

A batch worker is capped at what it held when it started plus what a file may add
(--max-memory-mb, pipelines/jobs.py); OCR's libraries are imported outside that cap
(readers/ocr/libraries.py). Both read the space and move the cap through these.
"""

from __future__ import annotations

import resource


def address_space() -> int | None:
    """Bytes mapped now; None where /proc is not there (not Linux: no cap is set)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except OSError:
        return None


def cap() -> int | None:
    """The soft cap on the address space; None when there is none."""
    soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    return None if soft == resource.RLIM_INFINITY else soft


def set_cap(limit: int | None) -> None:
    """Cap the address space at limit (None: as high as the hard limit allows). The hard
    limit stays where it is, so the process can raise its cap again."""
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if limit is None or (hard != resource.RLIM_INFINITY and limit > hard):
        limit = hard
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
