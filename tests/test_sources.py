"""Every input path accounted for: any name, symlinks, FIFOs, duplicates, files gone, limits.

Each run writes a `runs` row and a `sources` row per path it found; each path ends
as a `documents` row (failed, saying why, when it is not read).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from tests.readers import hangs_on_marked_files, hogs_memory_on_marked_files
from tongbao.pipelines.batch import run
from tongbao.pipelines.jobs import Limits

NOTICE = "关于工作情况的通报\n\n单位\t数量\n教育局\t3\n"


def _quiet(_msg: str) -> None:
    pass


def _rows(out: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _docs(out: Path) -> dict[str, tuple]:
    return {Path(p).name: (s, e) for p, s, e in
            _rows(out, "SELECT source_path, status, error FROM documents")}


def _notice(folder: Path, name: str | bytes, unit: str = "教育局") -> None:
    path = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())
    with open(path, "wb") as f:
        f.write(NOTICE.replace("教育局", unit).encode("utf-8"))


def test_a_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _notice(folder, b"bad_\xff.txt")  # common in archives unpacked from GBK zip files
    _notice(folder, "good.txt", "财政局")
    stats = run([str(folder)], str(tmp_path / "wh"), workers=1, log=_quiet)
    assert (stats.files, stats.read, stats.failed) == (2, 2, 0)
    docs = _docs(tmp_path / "wh")
    assert docs["bad_\\xff.txt"] == ("ok", None) and docs["good.txt"] == ("ok", None)
    paths = {p for (p,) in _rows(tmp_path / "wh", "SELECT path FROM sources")}
    assert str(folder / "bad_\\xff.txt") in paths
    assert pq.read_table(tmp_path / "wh" / "parquet" / "sources").num_rows == 2
    # Run again: nothing changes, nothing is read.
    assert run([str(folder)], str(tmp_path / "wh"), workers=1, log=_quiet).read == 0


def test_symlinks_stay_inside_the_input_folder_unless_asked(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    _notice(outside, "secret.txt", "审计局")
    (outside / "sub").mkdir()
    _notice(outside / "sub", "deep.txt", "林业局")
    folder = tmp_path / "in"
    folder.mkdir()
    _notice(folder, "a.txt")
    (folder / "out.txt").symlink_to(outside / "secret.txt")
    (folder / "outdir").symlink_to(outside / "sub")
    (folder / "inside.txt").symlink_to(folder / "a.txt")  # same bytes: one document
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.txt").symlink_to(tmp_path / "nothing.txt")
    os.mkfifo(folder / "pipe.txt")  # reading it would block for ever
    stats = run([str(folder)], str(tmp_path / "wh"), workers=1, log=_quiet)
    assert (stats.files, stats.duplicates) == (7, 1)
    docs = _docs(tmp_path / "wh")
    assert docs["a.txt"] == ("ok", None)
    assert docs["out.txt"][0] == "failed" and "outside the input folder; not followed " \
        "(--follow-symlinks reads it)" in docs["out.txt"][1]
    assert docs["outdir"][0] == "failed" and "a folder outside" in docs["outdir"][1]
    assert docs["loop.txt"] == ("failed", "a symbolic link that loops (it leads back to "
                                          "itself); nothing to read")
    assert "which does not exist" in docs["dangling.txt"][1]
    assert "not a regular file" in docs["pipe.txt"][1]
    titles = _rows(tmp_path / "wh", "SELECT count(*) FROM records WHERE unit_raw IN "
                                    "('审计局', '林业局')")
    assert titles == [(0,)]  # nothing from outside was read
    sources = _rows(tmp_path / "wh", "SELECT path, doc_id FROM sources ORDER BY path")
    assert len(sources) == 7 and len({d for _, d in sources}) == 6  # inside.txt shares a.txt's
    stats = run([str(folder)], str(tmp_path / "wh2"), workers=1, log=_quiet,
                follow_symlinks=True)
    docs = _docs(tmp_path / "wh2")
    assert docs["out.txt"] == ("ok", None) and docs["deep.txt"] == ("ok", None)
    assert docs["loop.txt"][0] == "failed"


def test_an_empty_txt_and_an_empty_pdf_are_one_document_and_two_sources(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "empty.pdf").write_bytes(b"")
    run([str(folder)], str(tmp_path / "wh"), workers=1, log=_quiet)
    assert _rows(tmp_path / "wh", "SELECT count(*) FROM documents") == [(1,)]
    sources = _rows(tmp_path / "wh", "SELECT path, doc_id, size, status FROM sources")
    assert sorted(Path(p).name for p, *_ in sources) == ["empty.pdf", "empty.txt"]
    assert len({d for _, d, *_ in sources}) == 1 and {s[2:] for s in sources} == {(0, "present")}


def test_a_file_gone_is_missing_and_prune_drops_its_document(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the input given as a relative path, as `make extract` does
    folder = Path("in")
    folder.mkdir()
    for unit in ["教育局", "财政局", "审计局"]:
        _notice(folder, f"{unit}.txt", unit)
    out = tmp_path / "wh"
    run([str(folder)], str(out), workers=1, log=_quiet)
    (folder / "财政局.txt").unlink()
    stats = run([str(folder)], str(out), workers=1, log=_quiet)
    assert (stats.files, stats.read, stats.pruned) == (2, 0, 0)
    status = dict((Path(p).name, s) for p, s in _rows(out, "SELECT path, status FROM sources"))
    assert status == {"教育局.txt": "present", "财政局.txt": "missing", "审计局.txt": "present"}
    assert _rows(out, "SELECT count(*) FROM documents") == [(3,)]  # kept until --prune
    stats = run([str(folder)], str(out), workers=1, log=_quiet, prune=True)
    assert stats.pruned == 1
    assert sorted(_docs(out)) == ["审计局.txt", "教育局.txt"]
    assert _rows(out, "SELECT count(*) FROM records WHERE unit_raw = '财政局'") == [(0,)]
    assert len(_rows(out, "SELECT * FROM sources")) == 3  # the path is still remembered
    # A run over another folder leaves this one's paths as they are.
    other = tmp_path / "other"
    other.mkdir()
    _notice(other, "x.txt", "林业局")
    run([str(other)], str(out), workers=1, log=_quiet)
    assert _rows(out, "SELECT count(*) FROM sources WHERE status = 'present'") == [(3,)]
    assert [r[1:] for r in _rows(out, "SELECT run_id, files_seen, files_read FROM runs "
                                      "ORDER BY run_id")] == [(3, 3), (2, 0), (2, 0), (1, 1)]


def _one_odd_file(tmp_path: Path, odd: str, plain: bool = False) -> Path:
    """A folder with a file the tests' readers misbehave on (alone: a plain file beside it
    could itself run past a short limit on a loaded machine)."""
    folder = tmp_path / "in"
    folder.mkdir()
    if plain:
        _notice(folder, "plain.txt")
    _notice(folder, odd, "财政局")
    return folder


def test_a_file_failed_on_the_time_limit_is_read_again_when_it_is_raised(tmp_path):
    folder, out = _one_odd_file(tmp_path, "hang.txt"), tmp_path / "wh"
    for timeout, read in [(2, 1), (2, 0), (3, 1)]:
        stats = run([str(folder)], str(out), workers=2, log=_quiet, reader=hangs_on_marked_files,
                    limits=Limits(timeout=timeout))
        assert stats.read == read, timeout
    assert _rows(out, "SELECT status, limit_timeout, limit_memory_mb FROM documents "
                      "WHERE source_path LIKE '%hang.txt'") == [("failed", 3.0, 4096)]


def test_a_file_failed_on_the_memory_cap_is_read_again_when_it_is_raised(tmp_path):
    folder, out = _one_odd_file(tmp_path, "hog.txt"), tmp_path / "wh"
    for memory, read in [(1024, 1), (1024, 0), (2048, 1)]:
        stats = run([str(folder)], str(out), workers=2, log=_quiet,
                    reader=hogs_memory_on_marked_files, limits=Limits(max_memory_mb=memory))
        assert stats.read == read, memory
    (error,) = _rows(out, "SELECT error FROM documents WHERE source_path LIKE '%hog.txt'")[0]
    assert "more than the 2048 MB a worker may add" in error


def test_retry_failed_reads_failed_rows_again(tmp_path):
    folder, out = _one_odd_file(tmp_path, "empty.txt", plain=True), tmp_path / "wh"
    (folder / "empty.txt").write_bytes(b"")
    assert run([str(folder)], str(out), workers=1, log=_quiet).failed == 1
    assert run([str(folder)], str(out), workers=1, log=_quiet).read == 0
    stats = run([str(folder)], str(out), workers=1, log=_quiet, retry_failed=True)
    assert (stats.read, stats.failed, stats.skipped) == (1, 1, 1)


@pytest.mark.skipif(shutil.which("true") is None, reason="no POSIX tools")
def test_an_unlistable_folder_is_a_row_saying_so(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root lists any folder")
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    _notice(folder / "locked", "a.txt")
    (folder / "locked").chmod(0)
    try:
        run([str(folder)], str(tmp_path / "wh"), workers=1, log=_quiet)
    finally:
        (folder / "locked").chmod(0o755)
    assert "cannot be listed" in _docs(tmp_path / "wh")["locked"][1]


def test_show_prints_a_name_that_is_not_utf8(tmp_path):
    import subprocess
    import sys
    name = os.path.join(os.fsencode(tmp_path), b"\xb1\xa8.txt")  # 报 in GBK
    with open(name, "wb") as f:
        f.write(b"\n\n")  # no title: show prints the name
    with open(name, "ab") as f:
        f.write("单位\t数量\n教育局\t3\n".encode())
    p = subprocess.run([sys.executable, "-m", "tongbao.pipelines.cli", "show", os.fsdecode(name)],
                       capture_output=True, text=True)
    # The heading is the title or, without one, the path as given, its name escaped.
    assert p.returncode == 0 and p.stdout.startswith(os.fsdecode(tmp_path) + "/\\xb1\\xa8.txt\n"), p.stderr
