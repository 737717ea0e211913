"""A long PDF's later pages laid out in a second process while this one lays out the first.

Laying out a page (PDFium's objects, edges, cells, aligned text: reader.layout_page) is
two thirds of reading a text PDF, and each page's is its own - except a template
report's text as drawn, which goes on from the page before (page_text.py): those files
are read in one process. A 35-page budget read alone (`tongbao show`, or the last file of
a batch while the other workers wait) uses one core of several; here a forked child lays
out the second half of the pages and hands them back pickled.

Only where it cannot hurt (`may_split`): a Linux process with one thread (forking one
with more copies locks other threads hold: DuckDB's, Ray's), an idle core now (a batch
whose workers all read gains nothing), and a file long enough to repay the fork. Any
failure of the child leaves its pages to this process: the reading is the same either
way (tests/test_pages_ahead.py). TONGBAO_PAGES_AHEAD=never turns it off, =always on
whatever the load (the tests).

"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable

MIN_LEFT = 6  # pages still to lay out for a child to be worth its start
_ENV = "TONGBAO_PAGES_AHEAD"

# A page laid out, or why it could not be: "TypeName: message", as the reader words it.
Laid = object  # PageLayout | str


def may_split() -> bool:
    """Whether this process may fork a child to lay out pages (asked once a file)."""
    setting = os.environ.get(_ENV, "auto")
    return setting != "never" and sys.platform.startswith("linux") and _one_thread()


def split_point(done: int, n_pages: int) -> int | None:
    """After `done` pages, the first page a child should lay out now (the second half of
    those left), or None: too few left, or no core idle (asked after every page: a batch's
    other worker may just have finished its last file)."""
    left = n_pages - done
    if left < MIN_LEFT or not (os.environ.get(_ENV) == "always" or _idle_core()):
        return None
    return done + 1 + left // 2


def _one_thread() -> bool:
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _idle_core() -> bool:
    """Fewer runnable tasks than cores, this one counted (the 4th field of /proc/loadavg
    is the running count now, not an average)."""
    try:
        with open("/proc/loadavg") as f:
            running = int(f.read().split()[3].split("/")[0])
        return running < len(os.sched_getaffinity(0))
    except (OSError, ValueError, IndexError):
        return False


class PagesAhead:
    """Pages first..last being laid out by a forked child; `take` hands each back (None
    where the child did not: this process lays it out itself)."""

    def __init__(self, lay_out: Callable[[int], Laid], first: int, last: int):
        self.first, self.last = first, last
        self._results: dict[int, Laid] | None = None
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: lay out, write, leave without running any cleanup
            os.close(read_end)
            status = 1
            try:
                _die_with_parent()
                out = {n: lay_out(n) for n in range(first, last + 1)}
                with os.fdopen(write_end, "wb") as f:
                    pickle.dump(out, f, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._read_end = read_end

    def __contains__(self, number: int) -> bool:
        return self.first <= number <= self.last

    def take(self, number: int) -> Laid | None:
        if self._results is None:
            self._results = self._collect()
        return self._results.get(number)

    def _collect(self) -> dict[int, Laid]:
        try:
            with os.fdopen(self._read_end, "rb") as f:
                self._read_end = None
                return pickle.load(f)
        except (EOFError, OSError, pickle.UnpicklingError):  # the child died (its memory cap)
            return {}
        finally:
            self.close()

    def close(self) -> None:
        """The child reaped (killed if still at work: the reading stopped early)."""
        if self._read_end is not None:
            os.close(self._read_end)
            self._read_end = None
        if self.pid:
            try:
                if os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                    os.kill(self.pid, 9)
                    os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0


def _die_with_parent() -> None:
    """The child ends with its parent (a worker stopped at its time limit) instead of
    laying out pages no one will read."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass
