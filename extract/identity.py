"""What names a document in the warehouse: its id, its path as printed, the reader's version.

Kept apart from the readers so that the batch client, which plans runs and writes
rows but reads no file itself, never imports them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from tongbao.extract.version import EXTRACTOR_VERSION


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def printable_path(path: str) -> str:
    """A path as the warehouse shows it: bytes of the name that are not UTF-8 (kept by the
    OS's surrogate escapes: bad_\udcff.txt) written as \\xNN (bad_\\xff.txt), so any
    name can be stored, printed and exported."""
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file system made
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def extractor_version(aliases: str | None = None) -> str:
    """The code's version, plus the user's aliases file when one is given: changing
    that file re-reads every document on the next run."""
    if not aliases:
        return EXTRACTOR_VERSION
    return f"{EXTRACTOR_VERSION}+aliases.{hashlib.sha256(Path(aliases).read_bytes()).hexdigest()[:12]}"
