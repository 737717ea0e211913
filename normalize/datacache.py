"""Data built from the package's data files, kept on disk between processes.

Every process used to parse the gazetteer (0.6 MB of text) and the YAML tables itself:
about a tenth of a second of each `tongbao show`, and of each worker. The result of
`build` is pickled under the user's cache directory, named by the hash of the data it was
built from (and of this format), so a changed data file or tongbao version never meets a
stale copy, and loading it takes milliseconds. Where nothing can be written (a read-only
home), every process builds its own, as before.

The directory: $TONGBAO_CACHE_DIR, else $XDG_CACHE_HOME/tongbao, else ~/.cache/tongbao;
TONGBAO_CACHE_DIR set to an empty value turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
FORMAT = b"tongbao-datacache-1"  # change when what is pickled changes shape


def cache_dir() -> Path | None:
    if "TONGBAO_CACHE_DIR" in os.environ:
        return Path(os.environ["TONGBAO_CACHE_DIR"]) if os.environ["TONGBAO_CACHE_DIR"] else None
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except (RuntimeError, KeyError):  # no home directory (a bare service account): no cache
        return None
    return Path(base) / "tongbao"


def cached(name: str, sources: list[bytes], build: Callable[[], T]) -> T:
    """build(), or what it returned in an earlier process from the same sources."""
    folder = cache_dir()
    if folder is None:
        return build()
    digest = hashlib.blake2b(digest_size=16)
    for part in (FORMAT, name.encode(), *sources):
        digest.update(len(part).to_bytes(8, "little") + part)
    path = folder / f"{name}-{digest.hexdigest()}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001  (none yet, or truncated, or foreign: built and replaced)
        pass
    value = build()
    import tempfile  # here: only a miss writes

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # readers see the whole file or none (workers race here)
    except OSError:
        pass
    return value
