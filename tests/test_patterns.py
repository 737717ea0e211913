"""Patterns compiled where first used (normalize/patterns.py): the same answers as the
compiled pattern, none compiled by importing the readers, and every one of them valid."""

from __future__ import annotations

import importlib
import os
import pickle
import pkgutil
import subprocess
import sys
from pathlib import Path

import regex
from hypothesis import given
from hypothesis import strategies as st

import tongbao.extract
import tongbao.normalize
from tongbao.normalize import patterns
from tongbao.normalize.datacache import Kept
from tongbao.normalize.patterns import LazyPattern, compile_pattern

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
    # No data cache: a pattern used at import would be compiled, not loaded, and counted.
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "TONGBAO_CACHE_DIR": ""}).stdout
    assert int(out) == 0
    assert len(_module_patterns()) >= 88  # what they hold instead


def test_no_module_asks_which_pattern_a_match_came_from():
    """A match's .re is the compiled pattern, never the LazyPattern standing for it: `m.re is
    PATTERN` would be false for every match (a breakdown after 从…看 was once read so)."""
    asking = [f"{path.relative_to(REPO)}:{n}" for path in REPO.glob("[enp]*/**/*.py")
              for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
              if regex.search(r"\.re\s+(?:is|==)\s", line)]
    assert asking == []


# A process's use of patterns, counting what it compiles: `tongbao show` as users run it
# (ending at once, without exit handlers), then the same reading counted.
_COUNTED_SHOW = ("import regex, sys\n"
                 "made = []\n"
                 "compile = regex.compile\n"
                 "regex.compile = lambda *a, **k: made.append(a[0]) or compile(*a, **k)\n"
                 "from tongbao.extract.document import read_document\n"
                 "path = sys.argv[1]\n"
                 "ex = read_document(open(path, 'rb').read(), path)\n"
                 "print(len(made), len(ex.records), len(ex.checks))")


def test_a_pattern_compiled_once_is_loaded_by_the_next_processes(tmp_path):
    """The second process compiles none of the patterns the first compiled and kept (its
    compiled program is loaded) and reads the same rows; `show` keeps them though it ends
    without exit handlers, and so does a pool's worker (pipelines/jobs.py)."""
    env = {**os.environ, "TONGBAO_CACHE_DIR": str(tmp_path)}
    notice = str(REPO / "corpus" / "samples" / "scores_pdf_000.pdf")

    def counted() -> list[int]:
        out = subprocess.run([sys.executable, "-c", _COUNTED_SHOW, notice], env=env,
                             capture_output=True, text=True, check=True).stdout
        return [int(n) for n in out.split()]

    compiled, records, checks = counted()
    assert compiled >= 20 and records > 0  # at exit they are kept
    assert counted() == [0, records, checks]
    tongbao = str(Path(sys.executable).parent / "tongbao")
    for command in ([sys.executable, "-m", "tongbao.pipelines.cli", "show", notice],
                    [tongbao, "show", notice],
                    [tongbao, "extract", notice, "--out", str(tmp_path / "wh"), "--workers", "1"]):
        for kept in tmp_path.glob("patterns-*.pickle"):
            kept.unlink()
        subprocess.run(command, env=env, capture_output=True, check=True)
        assert counted() == [0, records, checks], command


@given(st.sampled_from(SOURCES + [r"(?i)ab+c", r"(?x) \d + (?#a comment) 件"]), TEXT)
def test_a_kept_pattern_answers_as_the_one_compiled(source, text):
    """What pickle brings back is the compiled program itself: the same matches."""
    compiled = regex.compile(source)
    loaded = pickle.loads(pickle.dumps(compiled))
    assert [m.groupdict() or m.span() for m in loaded.finditer(text)] == \
        [m.groupdict() or m.span() for m in compiled.finditer(text)]
    assert loaded.flags == compiled.flags and loaded.groupindex == compiled.groupindex


def test_a_damaged_kept_pattern_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGBAO_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(patterns, "_KEPT", Kept("patterns", b"test"))
    compile_pattern.cache_clear()
    try:
        patterns._KEPT.add((r"(?P<n>\d+)件", 0), b"not a pickle")
        assert compile_pattern(r"(?P<n>\d+)件").search("共12件")["n"] == "12"
    finally:
        compile_pattern.cache_clear()


def test_processes_keeping_patterns_add_to_one_another(tmp_path, monkeypatch):
    """Two processes that compiled different patterns: the file holds both's, and a
    process that compiled nothing new writes nothing."""
    monkeypatch.setenv("TONGBAO_CACHE_DIR", str(tmp_path))
    first, second = Kept("patterns", b"v"), Kept("patterns", b"v")
    first.get("a"), second.get("b")  # both read the (empty) file before either writes
    first.add("a", b"1")
    second.add("b", b"2")
    first.save()
    second.save()
    [path] = tmp_path.glob("patterns-*.pickle")
    assert pickle.loads(path.read_bytes()) == {"a": b"1", "b": b"2"}
    before = path.stat().st_mtime_ns
    third = Kept("patterns", b"v")
    assert third.get("a") == b"1" and third.get("b") == b"2"
    third.save()
    assert path.stat().st_mtime_ns == before
    assert Kept("patterns", b"another regex").get("a") is None  # versions never mix
