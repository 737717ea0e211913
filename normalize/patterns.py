"""Regular expressions compiled where first used, not when their module is imported, and
compiled once per installation, not once per process.

The `regex` package parses a pattern in Python, not in C: the ninety patterns the readers
hold at module level took 33 ms of every process's start (the workers' forkserver, a cold
`tongbao show`), though a document of one kind uses fewer than half of them. Those a
process uses still took 25-40 ms of a one-page `show` (regex's flags are Python enums,
combined thousands of times in a parse). A compiled pattern pickles as its compiled
program, which `_regex.compile` (C) takes back in 50 microseconds where parsing took
a millisecond or more: compile_pattern keeps each in the data cache (datacache.Kept), under
the versions of regex and Python that made it.
"""

from __future__ import annotations

import atexit
import pickle
import sys
from functools import lru_cache

import regex

from tongbao.normalize.datacache import Kept

_KEPT = Kept("patterns", f"regex {regex.__version__}, python {sys.version}".encode())


@lru_cache(maxsize=1024)  # a reader asks for the same built pattern again and again
def compile_pattern(source: str, flags: int = 0) -> regex.Pattern:
    """regex.compile(source, flags), from the compiled program an earlier process kept."""
    key = (source, int(flags))
    kept = _KEPT.get(key)
    if kept is not None:
        try:
            return pickle.loads(kept)
        except Exception:  # noqa: BLE001  (a damaged entry: compiled again below)
            pass
    compiled = regex.compile(source, flags)
    _KEPT.add(key, pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL))
    return compiled


def keep_compiled() -> None:
    """Write the patterns this process compiled for the next ones (nothing when none was
    new): at exit, and by processes that end without it (a `show`, a pool's worker)."""
    _KEPT.save()


atexit.register(keep_compiled)

# What the readers call on a pattern; bound to the compiled pattern's own methods once
# compiled, so a match then costs what it costs on a compiled pattern.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split",
            "splititer")


class LazyPattern:
    """compile_pattern(source, flags), on the first use of any of its methods or
    attributes. `pattern` (the source) is there before: patterns are built from others."""

    def __init__(self, source: str, flags: int = 0):
        self.pattern, self._flags = source, flags

    def __getattr__(self, name: str):  # only for what the instance does not hold yet
        if name.startswith("__"):  # copy and pickle probing for hooks: not the pattern's
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self._compiled = compile_pattern(self.pattern, self._flags)
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
