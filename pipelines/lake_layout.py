"""Where a run's Delta tables live (lake.py), known without importing pyarrow or deltalake:
every local run asks whether its warehouse has them."""

from __future__ import annotations

import os
from pathlib import Path

FOLDER = "delta"
MARKER_TABLE = "documents"  # its rows are written last: a document's marker (lake.py)


def folder(out_dir: str | os.PathLike) -> Path:
    return Path(out_dir) / FOLDER


def exists(out_dir: str | os.PathLike) -> bool:
    return (folder(out_dir) / MARKER_TABLE / "_delta_log").is_dir()
