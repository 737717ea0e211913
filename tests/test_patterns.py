"""Patterns compiled where first used (normalize/patterns.py): the same answers as the
compiled pattern, none compiled by importing the readers, and every one of them valid."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import regex
from hypothesis import given
from hypothesis import strategies as st

import tongbao.extract
import tongbao.normalize
from tongbao.normalize.patterns import LazyPattern

REPO = Path(__file__).resolve().parents[1]
SOURCES = [r"(?P<n>\d+)件", r"\p{Han}+", r"[、，,]\s*", r"^(?:其中)?(?P<h>[^，]{2,6}?)有", r"\s+"]
TEXT = st.text(alphabet="其中有件、，, 0123456789咨询投诉建议abc\n", max_size=40)


def _module_patterns() -> list[tuple[str, str, LazyPattern]]:
    """Every LazyPattern a module holds: by a name, or in a list of (kind, pattern)."""
    found = []
    for package in (tongbao.normalize, tongbao.extract):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".ocr." in info.name:  # imports numpy and the OCR engine: not a reader's start
                continue
            for name, value in vars(importlib.import_module(info.name)).items():
                held = value if isinstance(value, list | tuple) else [value]
                found += [(info.name, name, p) for x in held
                          for p in (x if isinstance(x, tuple) else (x,))
                          if isinstance(p, LazyPattern)]
    return found


@given(st.sampled_from(SOURCES), TEXT)
def test_a_lazy_pattern_answers_as_the_compiled_one(source, text):
    lazy, compiled = LazyPattern(source), regex.compile(source)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub("|", text) == compiled.sub("|", text)
    assert lazy.split(text) == compiled.split(text)
    found, expected = lazy.search(text), compiled.search(text)
    assert (found and found.group()) == (expected and expected.group())
    assert lazy.groupindex == compiled.groupindex
    assert lazy.pattern == source


def test_a_pattern_is_compiled_on_first_use_only():
    lazy = LazyPattern(r"(?P<n>\d+")  # unbalanced: compiling it raises
    assert lazy.pattern == r"(?P<n>\d+"  # the source is there before
    try:
        lazy.search("12")
    except regex.error:
        pass
    else:
        raise AssertionError("a bad pattern must raise where it is first used")


def test_every_pattern_the_modules_hold_compiles():
    patterns = _module_patterns()
    assert len(patterns) >= 80, len(patterns)
    for module, name, pattern in patterns:
        try:
            pattern.groups  # noqa: B018  (compiles it)
        except regex.error as e:
            raise AssertionError(f"{module}.{name}: {e}") from e


def test_importing_the_readers_compiles_no_pattern():
    """The point of them: a pattern compiled at import is compiled again in every process's
    start (a worker's forkserver, `tongbao show`), whether a document uses it or not."""
    code = ("import regex\n"
            "made = []\n"
            "compile = regex.compile\n"
            "regex.compile = lambda *a, **k: made.append(a[0]) or compile(*a, **k)\n"
            "import tongbao.extract.document, tongbao.extract.readers.pdf.reader, "
            "tongbao.extract.readers.text.reader, tongbao.extract.readers.html.reader, "
            "tongbao.pipelines.cli\n"
            "print(len(made))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert int(out) == 0
    assert len(_module_patterns()) >= 88  # what they hold instead


def test_no_module_asks_which_pattern_a_match_came_from():
    """A match's .re is the compiled pattern, never the LazyPattern standing for it: `m.re is
    PATTERN` would be false for every match (a breakdown after 从…看 was once read so)."""
    asking = [f"{path.relative_to(REPO)}:{n}" for path in REPO.glob("[enp]*/**/*.py")
              for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
              if regex.search(r"\.re\s+(?:is|==)\s", line)]
    assert asking == []
