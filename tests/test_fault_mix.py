"""A batch of 400 files, 5% of them faulty, accounts for every path, and its good files come
out exactly as in a batch without the faults.

The faults: a name that is not UTF-8, a symlink loop, a dangling symlink, a symlink out
of the input folder, a decompression bomb, files deleted and files made unreadable after
the run planned them (between hashing and reading), and inputs fuzzing found.
"""

from __future__ import annotations

import os
import shutil
import zlib
from pathlib import Path

import duckdb
import pytest

from tongbao.corpus.bulk import make_corpus
from tongbao.pipelines.batch import run
from tongbao.pipelines.jobs import Limits

FUZZ = Path(__file__).resolve().parent / "data" / "fuzz"
N_GOOD, N_FILES = 387, 400
LIMITS = Limits(timeout=60, max_memory_mb=1024)
PER_DOCUMENT = ["tables", "cells", "records", "checks", "facts"]
FUZZED = ["crash_min_recursion.txt", "crash_min_utf16.txt", "hang_min_count_regex.txt",
          "hang_min_prefix_readings.txt", "text_fd93a2d28c4f.txt", "html_466ab7496290.html",
          "pdf_45c6d02754f8.pdf", "pdf_465beb6d4daf.pdf", "pdf_c8eb75a58b55.pdf"]
DELETED = ["notice_000010.txt", "notice_000020.txt", "notice_000030.txt"]
UNREADABLE = ["notice_000011.txt", "notice_000021.txt", "notice_000031.txt"]


def _quiet(_msg: str) -> None:
    pass


def decompression_bomb(inflated: int = 2 * 1024**3) -> bytes:
    """A one-page PDF whose content stream (3 MB) inflates to `inflated` bytes of spaces."""
    comp, block = zlib.compressobj(1), b" " * (1 << 24)
    stream = b"".join([*(comp.compress(block) for _ in range(inflated // len(block))),
                       comp.flush()])
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n%b\nendstream" % (len(stream),
                                                                                  stream)]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%b\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1,
                                                                                 xref)
    return bytes(out)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("good") / "in"
    make_corpus(folder, count=N_GOOD, seed=18, annual_fraction=0.0)
    return folder


@pytest.fixture(scope="module")
def clean(good, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "wh"
    stats = run([str(good)], str(out), workers=2, log=_quiet, limits=LIMITS)
    assert (stats.read, stats.failed) == (N_GOOD, 0)
    return out


@pytest.fixture(scope="module")
def faulty(good, tmp_path_factory) -> tuple[Path, list[str]]:
    base = tmp_path_factory.mktemp("faulty")
    folder, outside = base / "in", base / "outside"
    shutil.copytree(good, folder)
    outside.mkdir()
    (outside / "private.txt").write_text("关于内部事项的通报\n\n单位\t数量\n审计局\t9\n", "utf-8")
    os.rename(folder / "notice_000005.txt", os.path.join(os.fsencode(folder), b"bad_\xff.txt"))
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.txt").symlink_to(base / "gone.txt")
    (folder / "private.txt").symlink_to(outside / "private.txt")
    (folder / "bomb.pdf").write_bytes(decompression_bomb())
    for name in FUZZED:
        shutil.copy(FUZZ / name, folder / name)
    assert len(os.listdir(folder)) == N_FILES

    def when_planned(message: str) -> None:
        if message.startswith("tongbao: "):  # hashed and planned; reading starts next
            for name in DELETED:
                (folder / name).unlink()
            for name in UNREADABLE:
                (folder / name).unlink()
                if os.geteuid() == 0:  # root reads through permissions: no longer a file
                    (folder / name).mkdir()
                else:
                    (folder / name).write_text("x")
                    (folder / name).chmod(0)

    stats = run([str(folder)], str(base / "wh"), workers=2, log=when_planned, limits=LIMITS)
    assert stats.files == N_FILES
    return base / "wh", [os.fsdecode(n) for n in os.listdir(os.fsencode(folder))]


def _con(out: Path):
    return duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)


def test_every_path_is_a_source_and_a_document(faulty):
    out, _ = faulty
    with _con(out) as con:
        sources = con.execute("SELECT path, doc_id, status FROM sources").fetchall()
        documents = dict(con.execute("SELECT source_path, status FROM documents").fetchall())
        runs = con.execute("SELECT files_seen, files_read, files_failed FROM runs").fetchall()
    assert len(sources) == N_FILES and {s for *_, s in sources} == {"present"}
    assert {p for p, *_ in sources} == set(documents)  # no duplicate content in this mix
    assert runs == [(N_FILES, N_FILES, sum(s == "failed" for s in documents.values()))]


def test_each_fault_ends_as_the_row_it_should(faulty):
    out, _ = faulty
    with _con(out) as con:
        rows = {Path(p).name: (s, e) for p, s, e in con.execute(
            "SELECT source_path, status, error FROM documents WHERE status <> 'ok' "
            "OR source_path LIKE '%bad_%'").fetchall()}
    assert rows.pop("bad_\\xff.txt") == ("ok", None)
    assert rows.pop("loop.txt")[1].startswith("a symbolic link that loops")
    assert "which does not exist" in rows.pop("dangling.txt")[1]
    assert "outside the input folder; not followed" in rows.pop("private.txt")[1]
    status, error = rows.pop("bomb.pdf")
    assert status == "failed" and "more than the 1024 MB a worker may add" in error
    for name in DELETED + UNREADABLE:
        status, error = rows.pop(name)
        assert status == "failed" and error.startswith("cannot read the file ("), error
    for name in FUZZED:  # as in test_fuzz_regressions, within the limits
        status, error = rows.pop(name, ("ok", None))
        assert "limit" not in (error or "") and "internal error" not in (error or "")
    assert rows == {}, rows


def test_the_good_files_rows_equal_a_clean_runs(faulty, clean):
    out, _ = faulty
    with _con(clean) as con:
        good = dict(con.execute("SELECT doc_id, source_path FROM documents").fetchall())
    hurt = {d for d, p in good.items() if Path(p).name in DELETED + UNREADABLE}
    keep = sorted(set(good) - hurt)
    assert len(keep) == N_GOOD - len(DELETED) - len(UNREADABLE)

    def rows(wh: Path) -> dict[str, list]:
        with _con(wh) as con:
            con.execute("CREATE TEMP TABLE keep AS SELECT unnest(?::VARCHAR[]) AS doc_id", [keep])
            got = {t: sorted(map(repr, con.execute(
                f"SELECT * FROM {t} WHERE doc_id IN (SELECT doc_id FROM keep)").fetchall()))
                for t in PER_DOCUMENT}
            got["documents"] = sorted(map(repr, con.execute(
                "SELECT * EXCLUDE (run_id, source_path) FROM documents "
                "WHERE doc_id IN (SELECT doc_id FROM keep)").fetchall()))
        return got

    mine, theirs = rows(out), rows(clean)
    assert len(mine["documents"]) == len(keep) and len(mine["records"]) > 1000
    assert mine == theirs
