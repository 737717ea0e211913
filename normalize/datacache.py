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
    path = folder / f"{name}-{_digest(name, *sources)}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001  (none yet, or truncated, or foreign: built and replaced)
        pass
    value = build()
    _write(path, value)
    return value


class Kept:
    """Entries (bytes by key) kept on disk between processes, each process adding what it
    made: for things made one at a time as they are first asked for, a few of many in any
    one process (compiled patterns: normalize/patterns.py). An entry must be a function of
    its key and `version` alone: two processes that add the same key add the same bytes."""

    LIMIT = 4096  # entries kept at most: keys made from what users supply must not grow it

    def __init__(self, name: str, version: bytes):
        self.name, self.version = name, version
        self._kept: dict | None = None  # read from disk on first use
        self._new: dict = {}

    def _path(self) -> Path | None:
        folder = cache_dir()
        return folder / f"{self.name}-{_digest(self.name, self.version)}.pickle" if folder else None

    def _read(self) -> dict:
        path = self._path()
        try:
            kept = pickle.loads(path.read_bytes()) if path else {}
        except Exception:  # noqa: BLE001  (none yet, or damaged: made again, one by one)
            kept = {}
        return kept if isinstance(kept, dict) else {}

    def get(self, key) -> bytes | None:
        if self._kept is None:
            self._kept = self._read()
        return self._kept.get(key, self._new.get(key))

    def add(self, key, value: bytes) -> None:
        if len(self._kept or ()) + len(self._new) < self.LIMIT:
            self._new[key] = value

    def save(self) -> None:
        """What this process added, written with what others kept meanwhile (a race between
        two processes loses one's entries, made again by a later one: never a wrong entry)."""
        path = self._path()
        if not self._new or path is None:
            return
        kept = {**self._read(), **self._new}
        self._kept, self._new = kept, {}
        _write(path, kept)


def _digest(name: str, *sources: bytes) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (FORMAT, name.encode(), *sources):
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()


def _write(path: Path, value) -> None:
    """Pickled to a file that readers see whole or not at all (workers race here); nothing
    when the folder cannot be written."""
    import tempfile  # here: only a miss writes

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
