"""Cluster runs write through Delta tables: Ray workers commit their own rows, the result is
the local pool's row for row, and a kill at any moment then a re-run is a clean run.

The commit protocol (pipelines/lake.py) is also run without Ray: a folder holding Delta
tables is written through them by a local run too, which lets the protocol's cases (a
killed task's orphans, a replaced version, a changed file, prune, retry) run fast and
deterministically here; the Ray tests show that workers, not the client, commit.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from tests.conftest import WAREHOUSE_TABLES, warehouse_snapshot
from tongbao.corpus.bulk import make_corpus
from tongbao.extract.model import PER_DOCUMENT_TABLES
from tongbao.pipelines import lake
from tongbao.pipelines.arrow_rows import arrow_table
from tongbao.pipelines.batch import run
from tongbao.pipelines.jobs import read_file

pytest.importorskip("deltalake")
from deltalake import DeltaTable, write_deltalake  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
N_DOCS = 48


def _quiet(_msg: str) -> None:
    pass


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lake") / "corpus"
    make_corpus(folder, count=N_DOCS, seed=5)
    return folder


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> Path:
    """The local pool's warehouse: embedded DuckDB, no Delta tables."""
    out = tmp_path_factory.mktemp("clean")
    assert run([str(corpus)], str(out), workers=2, log=_quiet).read == N_DOCS
    assert not lake.exists(out)
    return out


def _parquet(out: Path) -> dict[str, list]:
    """The Parquet copy's rows (which run read a document differs between runs by nature)."""
    return {t: sorted(repr({k: v for k, v in row.items() if k != "run_id"})
                      for row in pq.read_table(out / "parquet" / t).to_pylist())
            for t in WAREHOUSE_TABLES if t not in ("runs", "sources")}


def _lake_counts(out: Path) -> dict[str, int]:
    return {t: DeltaTable(str(out / "delta" / t)).to_pyarrow_dataset().count_rows()
            for t in PER_DOCUMENT_TABLES}


def _duck_counts(out: Path) -> dict[str, int]:
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t} WHERE doc_id IS NOT NULL"
                               ).fetchall()[0][0] for t in PER_DOCUMENT_TABLES}
    finally:
        con.close()


def _visible_by_document(out: Path) -> dict[str, dict[str, list]]:
    """What a reader of the Delta tables sees, by the protocol's rule (lake_sync.VISIBLE_SQL):
    doc_id -> table -> its rows, without the write ids."""
    from tongbao.pipelines.lake_sync import VISIBLE_SQL

    con = duckdb.connect()
    root = out / "delta"
    con.register("lake_documents", lake.dataset(root, "documents"))
    con.execute(f"CREATE TABLE visible AS {VISIBLE_SQL}")
    seen: dict[str, dict[str, list]] = {}
    for table in PER_DOCUMENT_TABLES:
        con.register("t", lake.dataset(root, table))
        rows = con.execute(f"SELECT t.* EXCLUDE (_commit{', run_id' if table == 'documents' else ''})"
                           " FROM t JOIN visible v USING (doc_id, _commit)").fetchall()
        cols = [d[0] for d in con.description]
        for row in rows:
            doc = row[cols.index("doc_id")]
            seen.setdefault(doc, {t: [] for t in PER_DOCUMENT_TABLES})[table].append(repr(row))
    con.close()
    return {d: {t: sorted(r) for t, r in tables.items()} for d, tables in seen.items()}


def _clean_by_document(out: Path, doc_ids) -> dict[str, dict[str, list]]:
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    got = {}
    for doc in doc_ids:
        got[doc] = {t: sorted(map(repr, con.execute(
            f"SELECT * {'EXCLUDE (run_id) ' if t == 'documents' else ''}FROM {t} WHERE doc_id = ?",
            [doc]).fetchall())) for t in PER_DOCUMENT_TABLES}
    con.close()
    return got


def _writers(out: Path, table: str) -> set[str]:
    return {h["tongbao_writer"] for h in DeltaTable(str(out / "delta" / table)).history()
            if "tongbao_writer" in h}


def _extract(corpus: Path, out: Path, *extra: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "tongbao"), "extract", str(corpus), "--out", str(out),
                             "--workers", "2", *extra], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **popen)


needs_ray = pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                               reason="Ray is not installed")


@needs_ray
def test_ray_workers_commit_the_rows_and_the_result_is_the_local_pools(corpus, clean, tmp_path):
    out = tmp_path / "wh"
    proc = _ray_run_equals_the_local_pools(corpus, clean, out)
    # Ray's worker processes committed every row; the client (the CLI process) none. (How
    # many workers took tasks is Ray's choice: test_concurrent_writers_... races four.)
    for table in ["documents", "records", "cells"]:
        writers = _writers(out, table)
        assert writers and not any(w.endswith(f":{proc.pid}") for w in writers), (table, writers)


def test_concurrent_writers_commit_to_the_same_tables_and_the_result_is_the_local_pools(
        corpus, tmp_path):
    """Four processes, released at once, each commit their share of the documents to the same
    Delta tables (as Ray tasks do): every commit lands (lost races are retried), each writer
    appears in every table's log, and the warehouse synced from them equals a local run."""
    import multiprocessing

    from tests.readers import commit_share

    folder = _few(corpus, tmp_path, n=16)
    paths = sorted(map(str, folder.glob("*.txt")))
    plain = tmp_path / "plain"
    run([str(folder)], str(plain), workers=1, log=_quiet)
    out = _lake_folder(tmp_path / "through")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    writers = [context.Process(target=commit_share, args=(str(lake.folder(out)), paths[i::4], 1,
                                                          barrier)) for i in range(4)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(300)
    assert [w.exitcode for w in writers] == [0, 0, 0, 0]
    for table in ["documents", "records", "cells"]:
        assert _writers(out, table) >= {f"{socket.gethostname()}:{w.pid}" for w in writers}
    stats = run([str(folder)], str(out), workers=1, log=_quiet)  # syncs, then reads nothing
    assert stats.read == 0
    assert _visible_by_document(out) == _clean_by_document(plain, _visible_by_document(out))
    assert _lake_counts(out) == _duck_counts(out) == _duck_counts(plain)


def _ray_run_equals_the_local_pools(corpus: Path, clean: Path, out: Path) -> subprocess.Popen:
    proc = _extract(corpus, out, "--ray", "local")
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-2000:]
    assert warehouse_snapshot(out) == warehouse_snapshot(clean)
    assert _parquet(out) == _parquet(clean)
    # Every row went through the Delta tables, each exactly once, and nothing else is there.
    assert _lake_counts(out) == _duck_counts(out) == _duck_counts(clean)
    assert _duck_counts(out)["records"] > 1000
    # The README's way to query the Delta tables gives what the DuckDB copy holds.
    readme = (ROOT / "README.md").read_text("utf-8")
    code = re.search(r"```python\n# query-delta-tables\n(.*?)```", readme, re.S)[1]
    scope: dict = {}
    code = code.replace('f"warehouse/delta/', f'f"{out / "delta"}/')
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102  (the README's own example)
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    assert scope["by_issuer"] == con.execute(
        "SELECT d.issuer, count(*) AS n FROM records r JOIN documents d USING (doc_id) "
        "GROUP BY ALL ORDER BY n DESC, issuer").fetchall()
    con.close()
    return proc


def _log_versions(out: Path, table: str) -> int:
    log = out / "delta" / table / "_delta_log"
    return len(list(log.glob("*.json"))) if log.is_dir() else 0


@needs_ray
def test_sigkill_mid_ray_run_shows_only_whole_documents_and_a_rerun_is_a_clean_run(
        corpus, clean, tmp_path):
    """Kill the CLI, its Ray cluster and workers once some tasks have committed (and once
    all have: the client then syncs DuckDB), look at what the Delta tables show, then run
    again and compare every table."""
    partial = []
    tasks = -(-N_DOCS // 16)  # ray_pool.files_per_task: 16 files a task for so few
    # Log entries to wait for (the table's creation is the first).
    for attempt, (table, entries) in enumerate([("records", 2), ("records", 3),
                                                 ("documents", 1 + tasks)]):
        out = tmp_path / f"wh{attempt}"
        proc = _extract(corpus, out, "--ray", "local")
        deadline = time.monotonic() + 300
        while _log_versions(out, table) < entries and proc.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        finished_first = proc.poll() is not None
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if not finished_first:
            visible = _visible_by_document(out)
            # Whatever is visible is whole: each document's rows equal the clean run's.
            assert visible == _clean_by_document(clean, visible)
            partial.append(len(visible))
        rerun = _extract(corpus, out, "--ray", "local")
        _, err = rerun.communicate(timeout=600)
        assert rerun.returncode == 0, err[-2000:]
        assert warehouse_snapshot(out) == warehouse_snapshot(clean), attempt
        assert _parquet(out) == _parquet(clean)
        assert _lake_counts(out) == _duck_counts(clean)  # orphans of the kill are gone
    assert any(0 < n < N_DOCS for n in partial), partial  # some kill came mid-run


# The protocol without Ray: a folder holding Delta tables is written through them.

def _lake_folder(path: Path) -> Path:
    lake.create(lake.folder(path))
    return path


def _in_both(tmp_path: Path, inputs: Path, steps, **kwargs):
    """The same runs into a DuckDB-only warehouse and into a Delta one: equal after each."""
    plain, through = tmp_path / "plain", _lake_folder(tmp_path / "through")
    for step in steps:
        step()
        a = run([str(inputs)], str(plain), workers=1, log=_quiet, **kwargs)
        b = run([str(inputs)], str(through), workers=1, log=_quiet, **kwargs)
        assert (a.read, a.skipped, a.pruned) == (b.read, b.skipped, b.pruned)
        assert warehouse_snapshot(through) == warehouse_snapshot(plain)
        assert _lake_counts(through) == _duck_counts(through)
    return plain, through


def _few(corpus: Path, tmp_path: Path, n: int = 6) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted(corpus.glob("*.txt"))[:n]:
        shutil.copy(f, folder)
    return folder


def test_a_changed_file_replaces_its_rows_and_a_rerun_changes_nothing(corpus, tmp_path):
    folder = _few(corpus, tmp_path)
    first = sorted(folder.iterdir())[0]

    def change():
        first.write_text(first.read_text("utf-8") + "\n附：本通报共5页。\n", "utf-8")

    _, through = _in_both(tmp_path, folder, [lambda: None, lambda: None, change, lambda: None])
    con = duckdb.connect(str(through / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM documents WHERE source_path = ?",
                       [str(first)]).fetchall() == [(1,)]
    con.close()
    # The replaced version is deleted from the Delta tables, not only hidden.
    docs = lake.dataset(through / "delta", "documents").to_table(columns=["source_path"])
    assert docs.column(0).to_pylist().count(str(first)) == 1


def test_prune_and_retry_failed_through_the_delta_tables(corpus, tmp_path):
    folder = _few(corpus, tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    victim = sorted(folder.glob("*.txt"))[1]
    _in_both(tmp_path, folder, [lambda: None, victim.unlink], prune=True)
    plain, through = tmp_path / "plain", tmp_path / "through"
    for out in (plain, through):
        stats = run([str(folder)], str(out), workers=1, log=_quiet, retry_failed=True)
        assert (stats.read, stats.failed) == (1, 1)
    assert warehouse_snapshot(through) == warehouse_snapshot(plain)
    assert _lake_counts(through) == _duck_counts(through)


def test_a_killed_tasks_rows_and_an_older_write_stay_invisible_and_are_deleted(corpus, tmp_path):
    folder = _few(corpus, tmp_path)
    out = _lake_folder(tmp_path / "wh")
    run([str(folder)], str(out), workers=1, log=_quiet)
    before = warehouse_snapshot(out)
    root = lake.folder(out)
    extra = read_file(str(sorted(corpus.glob("*.txt"))[10]))  # not among the inputs
    known = read_file(str(sorted(folder.glob("*.txt"))[0]))
    # A task killed between its content and its marker: rows with no documents row.
    task = lake.new_task_id(99)
    for table in ["records", "cells"]:
        rows = arrow_table(getattr(extra, table), PER_DOCUMENT_TABLES[table])
        rows = rows.append_column(lake.COMMIT, [[lake.commit_id(task, 0)] * rows.num_rows])
        write_deltalake(str(root / table), rows, mode="append")
    # A write of a known document from an older run, committed whole but late.
    old = known.document
    lake.commit(root, [known], run_id=0)
    assert old.run_id == 0
    stats = run([str(folder)], str(out), workers=1, log=_quiet)
    assert stats.read == 0
    assert warehouse_snapshot(out) == before
    assert _lake_counts(out) == _duck_counts(out)
    left = lake.dataset(root, "records").to_table(columns=["doc_id"]).column(0).to_pylist()
    assert extra.document.doc_id not in left


def test_a_local_warehouse_extracted_into_through_delta_is_copied_once(corpus, clean, tmp_path):
    out = tmp_path / "wh"
    shutil.copytree(clean, out)
    lake.create(lake.folder(out))  # what a first --ray run into it does
    stats = run([str(corpus)], str(out), workers=1, log=_quiet)
    assert stats.read == 0
    assert warehouse_snapshot(out) == warehouse_snapshot(clean)
    assert _lake_counts(out) == _duck_counts(clean)


def test_a_task_that_committed_then_failed_keeps_its_rows(corpus, tmp_path):
    """Ray gave up on a task after its commit (it died returning): the client's failed row
    for the same file, in the same run, does not hide what the worker wrote."""
    from tongbao.pipelines.jobs import Job, failed

    folder = _few(corpus, tmp_path, n=2)
    out = _lake_folder(tmp_path / "wh")
    path = sorted(folder.glob("*.txt"))[0]
    run([str(folder)], str(out), workers=1, log=_quiet)
    read = read_file(str(path))
    for attempt in range(3):  # whichever order the ids come in
        lake.commit(lake.folder(out), [read_file(str(path))], run_id=5 + attempt)
        lake.commit(lake.folder(out), [failed(Job(str(path), read.document.doc_id), "gave up")],
                    run_id=5 + attempt, by_client=True)
        run([str(folder)], str(out), workers=1, log=_quiet)
        con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
        assert con.execute("SELECT status, run_id FROM documents WHERE source_path = ?",
                           [str(path)]).fetchall() == [("ok", 5 + attempt)]
        con.close()
    assert _lake_counts(out) == _duck_counts(out)
