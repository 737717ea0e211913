"""Readers for the batch tests: the real reader, except for files named to misbehave.

They live in a module (not a test function) so worker processes can import them.
"""

from __future__ import annotations

import time
from pathlib import Path

from tongbao.pipelines.jobs import read_file


def hangs_on_marked_files(path: str, aliases: str | None = None):
    if Path(path).name.startswith("hang"):
        time.sleep(3600)  # a reader stuck for good
    return read_file(path, aliases)


def signals_then_hangs_on_marked_files(path: str, aliases: str | None = None):
    """As hangs_on_marked_files, creating the file $TONGBAO_TEST_HANGING first: the test
    then knows a worker is stuck on it."""
    if Path(path).name.startswith("hang"):
        import os

        Path(os.environ["TONGBAO_TEST_HANGING"]).touch()
    return hangs_on_marked_files(path, aliases)


def hogs_memory_on_marked_files(path: str, aliases: str | None = None):
    if Path(path).name.startswith("hog"):
        hoard = bytearray(16 * 1024**3)  # 16 GiB, beyond any sane worker cap
        return hoard  # never reached under the cap
    return read_file(path, aliases)


def names_what_its_process_inherited(path: str, aliases: str | None = None):
    """The real reading, its title replaced by the worker's parent pid and whether a
    module the client had imported (the test module's marker) is in the worker."""
    import os
    import sys

    ex = read_file(path, aliases)
    ex.document.title = f"{os.getppid()} {'inherited' if 'tests.client_marker' in sys.modules else 'clean'}"
    return ex


def commit_share(root: str, paths: list[str], run_id: int, barrier) -> None:
    """One writer of the Delta tables, as a Ray task is: read its files and commit their rows.
    The barrier releases every writer at once, so their commits race for the same versions."""
    from tongbao.pipelines import lake

    extractions = [read_file(p) for p in paths]
    barrier.wait()
    lake.commit(Path(root), extractions, run_id)
