"""The OCR libraries (numpy, OpenCV, onnxruntime), imported outside the process's cap on
its address space.

A batch worker runs under RLIMIT_AS: what reading a file may add to what the worker held
when it started (--max-memory-mb, pipelines/jobs.py). Importing these libraries maps
about 480 MB of address space (their shared objects, their thread pools' reserved
stacks), the same for every file and nothing a file asked for. So the cap is lifted for
the import and then raised by what the import mapped: a first scanned page is held to
the same allowance as any other. (The forkserver used to import them for every worker,
with the same effect, at a sixth of a second of every run's start, scans or none.)
"""

from __future__ import annotations

import importlib
import sys

from tongbao.extract.memory import address_space, cap, set_cap

LIBRARIES = ("numpy", "cv2", "onnxruntime")


def import_ocr_libraries() -> None:
    """Import what is installed of LIBRARIES, their mappings not counted against the cap."""
    if all(name in sys.modules for name in LIBRARIES):
        return
    limit = cap()
    before = address_space() if limit is not None else None
    if before is not None:
        set_cap(None)
    try:
        for name in LIBRARIES:
            try:
                importlib.import_module(name)
            except ImportError:  # the OCR extra is not installed: engine.py says so
                pass
    finally:
        if before is not None:
            set_cap(limit + max(0, (address_space() or before) - before))
