"""Progress of a batch: a bar on a terminal, plain lines every few seconds elsewhere (CI, logs)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from tqdm import tqdm

LOG_EVERY = 10.0  # seconds between plain progress lines


class Progress:
    def __init__(self, total: int, log: Callable[[str], None], terminal: bool | None = None):
        self.total, self.log = total, log
        self.files = self.pages = self.errors = 0
        self.start = self.last_line = time.monotonic()
        if terminal is None:
            terminal = sys.stderr.isatty()
        self.bar = tqdm(total=total, unit="file", dynamic_ncols=True, smoothing=0.1) \
            if terminal and total else None

    def update(self, pages: int, failed: bool) -> None:
        self.files += 1
        self.pages += pages
        self.errors += failed
        if self.bar is not None:
            self.bar.set_postfix(pages=self.pages, errors=self.errors, refresh=False)
            self.bar.update(1)
        elif time.monotonic() - self.last_line >= LOG_EVERY:
            self.last_line = time.monotonic()
            self.log(self.line())

    def note(self, message: str) -> None:
        """A line of its own (a failed file) that does not tear the bar."""
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)
        else:
            self.log(message)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        return (f"  {self.files}/{self.total} files, {self.pages} pages, {self.errors} errors, "
                f"{self.files / elapsed:.1f} files/s")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        if self.total:
            self.log(self.line())
