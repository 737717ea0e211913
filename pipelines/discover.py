"""Which paths a run reads: every file under the inputs, any name, symlinks kept inside.

Names stay str as the operating system gives them (bytes that are not UTF-8 as
surrogate escapes, PEP 383), so every file can be opened; the warehouse shows
them escaped (printable_path). A symbolic link is read only when it leads to a
file inside the input tree, unless follow_symlinks; a link that loops, dangles or
leads out, a FIFO or device, and a folder that cannot be listed come back with the
reason they are not read, and end as failed rows: no path is dropped silently.
Hidden files and folders (a name starting with .) are left out, as is the output
folder.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    path: str
    problem: str | None = None  # why it is not read; None: a file to read


def discover(paths: Iterable[str | os.PathLike], exclude: str | None = None,
             follow_symlinks: bool = False) -> list[Found]:
    """Every path under the given files and folders, sorted by name. A file named outright
    is read wherever it leads. Raises FileNotFoundError for an input that does not exist."""
    found: dict[str, Found] = {}
    for arg in paths:
        p = os.fspath(arg)
        if os.path.isdir(p):
            for f in _walk(p, exclude, follow_symlinks):
                found.setdefault(f.path, f)
        elif os.path.isfile(p):
            found.setdefault(p, Found(p))
        elif os.path.lexists(p):
            found.setdefault(p, Found(p, _not_a_file(p, os.path.realpath(p), follow_symlinks)))
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return [found[k] for k in sorted(found, key=os.fsencode)]


def _walk(root: str, exclude: str | None, follow: bool):
    top = os.path.realpath(root)
    seen_dirs: set[str] = set()

    def unlisted(e: OSError) -> None:
        problems.append(Found(e.filename or root, f"the folder cannot be listed ({e.strerror}); "
                                                  "its files were not read - check its permissions"))

    problems: list[Found] = []
    for folder, dirs, files in os.walk(root, onerror=unlisted, followlinks=follow):
        real = os.path.realpath(folder)
        if real in seen_dirs or (exclude and _inside(real, exclude)):
            dirs[:] = []
            continue
        seen_dirs.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in dirs:  # a link to a folder outside is named, not silently skipped
            link = os.path.join(folder, d)
            if not follow and os.path.islink(link) and not _inside(os.path.realpath(link), top):
                yield Found(link, f"a symbolic link to a folder outside the input folder "
                                  f"({os.path.realpath(link)}); not followed (--follow-symlinks "
                                  "reads it)")
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            problem = _not_a_file(path, top, follow)
            yield Found(path, problem)
    yield from problems


def _not_a_file(path: str, top: str, follow: bool) -> str | None:
    """Why this path is not read, or None."""
    if os.path.islink(path):
        try:
            target = os.path.realpath(path, strict=True)
        except OSError as e:
            if e.errno == errno.ELOOP:
                return "a symbolic link that loops (it leads back to itself); nothing to read"
            return f"a symbolic link to {os.readlink(path)}, which does not exist; nothing to read"
        if not follow and not _inside(target, top):
            return (f"a symbolic link to {target}, outside the input folder; not followed "
                    "(--follow-symlinks reads it)")
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        return None if e.errno == errno.EACCES else f"cannot look at the file ({e.strerror})"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, socket or device); nothing to read"
    return None


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
