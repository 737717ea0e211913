"""Regular expressions compiled where first used, not when their module is imported.

The `regex` package parses a pattern in Python, not in C: the ninety patterns the readers
hold at module level took 33 ms of every process's start (the workers' forkserver, a cold
`tongbao show`), though a document of one kind uses fewer than half of them.
"""

from __future__ import annotations

import regex

# What the readers call on a pattern; bound to the compiled pattern's own methods once
# compiled, so a match then costs what it costs on a compiled pattern.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split",
            "splititer")


class LazyPattern:
    """regex.compile(source, flags), compiled on the first use of any of its methods or
    attributes. `pattern` (the source) is there before: patterns are built from others."""

    def __init__(self, source: str, flags: int = 0):
        self.pattern, self._flags = source, flags

    def __getattr__(self, name: str):  # only for what the instance does not hold yet
        if name.startswith("__"):  # copy and pickle probing for hooks: not the pattern's
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self._compiled = regex.compile(self.pattern, self._flags)
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
