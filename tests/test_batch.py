"""Batch ingestion: time and memory limits, SIGKILL at any moment, and a real Ray cluster."""

from __future__ import annotations

import os
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

from tests.conftest import warehouse_snapshot
from tests.readers import hangs_on_marked_files, hogs_memory_on_marked_files
from tongbao.corpus.bulk import make_corpus
from tongbao.pipelines.batch import run
from tongbao.pipelines.jobs import Limits

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TABLES = ["documents", "tables", "cells", "records", "checks", "facts", "units", "sources",
          "runs"]


def _snapshot(out: Path) -> dict[str, list]:
    return warehouse_snapshot(out, TABLES)


def _parquet(out: Path) -> dict[str, int]:
    return {t: pq.read_table(out / "parquet" / t).num_rows for t in TABLES if t != "runs"}


def _quiet(_msg: str) -> None:
    pass


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Generated notices and annual reports, some with a wrong printed total."""
    folder = tmp_path_factory.mktemp("gen") / "corpus"
    make_corpus(folder, count=160, seed=3)
    return folder


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    stats = run([str(corpus)], str(out), workers=2, log=_quiet)
    assert stats.read == 160 and stats.failed == 0
    return out


def test_clean_run_stores_every_file_once(corpus, clean):
    con = duckdb.connect(str(clean / "warehouse.duckdb"), read_only=True)
    n, distinct, failing = con.execute(
        "SELECT count(*), count(DISTINCT source_path), "
        "(SELECT count(*) FROM checks WHERE status = 'fail') FROM documents").fetchone()
    con.close()
    assert n == distinct == len(list(corpus.iterdir())) == 160
    assert failing > 0  # the generator prints some totals wrong on purpose
    assert _parquet(clean)["documents"] == 160
    con = duckdb.connect(str(clean / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT doc_id), min(status), max(run_id) "
                       "FROM sources").fetchone() == (160, 160, "present", 1)
    assert con.execute("SELECT files_seen, files_read, files_failed, finished > started "
                       "FROM runs").fetchall() == [(160, 160, 0, True)]
    con.close()


def test_rerun_reads_nothing(corpus, clean, tmp_path):
    out = tmp_path / "wh"
    shutil.copytree(clean, out)
    stats = run([str(corpus)], str(out), workers=2, log=_quiet)
    assert (stats.read, stats.skipped) == (0, 160)
    assert _snapshot(out) == _snapshot(clean)


def _cli_extract(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "tongbao"), "extract", str(corpus), "--out", str(out),
                             "--workers", "2"], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _planned(proc: subprocess.Popen) -> float:
    """Wait for the run's first line (its plan: files found, to read); the moment it came."""
    proc.stderr.readline()
    return time.monotonic()


def test_sigkill_at_any_moment_then_restart_equals_a_clean_run(corpus, clean, tmp_path):
    """Kill the whole process group (CLI and workers) at moments spread over a run's
    reading and writing, restart, and compare every table with a clean run. The moments
    are measured from the run's own plan line, so start-up time and the machine's load
    do not push them out of the window where documents are being written."""
    timing = _cli_extract(corpus, tmp_path / "timing")
    planned = _planned(timing)
    timing.communicate()
    window = time.monotonic() - planned
    partial_states = []
    for attempt, fraction in enumerate([0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.95]):
        out = tmp_path / f"wh{attempt}"
        proc = _cli_extract(corpus, out)
        time.sleep(max(0.0, _planned(proc) + window * fraction - time.monotonic()))
        finished_first = proc.poll() is not None
        if not finished_first:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        if not finished_first and (out / "warehouse.duckdb").exists():
            con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
            partial_states.append(con.execute("SELECT count(*) FROM documents").fetchone()[0])
            con.close()
        stats = run([str(corpus)], str(out), workers=2, log=_quiet)
        assert stats.read + stats.skipped == 160
        assert _snapshot(out) == _snapshot(clean), f"killed after {fraction:.0%} of a run"
        assert _parquet(out) == _parquet(clean)
    # The kills really landed mid-run: some stored part of the corpus, not all of it.
    assert any(0 < n < 160 for n in partial_states), (window, partial_states)


def _folder_with_one_odd_file(corpus: Path, tmp_path: Path, n_plain: int, odd: str) -> Path:
    """n_plain generated notices as they are, and one more under the name `odd`, which
    the tests' misbehaving readers recognise."""
    folder = tmp_path / "in"
    folder.mkdir()
    texts = sorted(corpus.glob("*.txt"))
    for f in texts[:n_plain]:
        shutil.copy(f, folder)
    shutil.copy(texts[n_plain], folder / odd)
    return folder


def test_a_hanging_reader_is_cut_off_by_the_time_limit(corpus, tmp_path):
    folder = _folder_with_one_odd_file(corpus, tmp_path, 6, "hang_forever.txt")
    started = time.monotonic()
    stats = run([str(folder)], str(tmp_path / "wh"), workers=2, log=_quiet,
                limits=Limits(timeout=3), reader=hangs_on_marked_files)
    assert time.monotonic() - started < 60
    assert (stats.read, stats.failed) == (7, 1)
    con = duckdb.connect(str(tmp_path / "wh" / "warehouse.duckdb"), read_only=True)
    rows = con.execute("SELECT source_path, status, error FROM documents WHERE status <> 'ok'"
                       ).fetchall()
    con.close()
    assert len(rows) == 1 and rows[0][0].endswith("hang_forever.txt") and rows[0][1] == "failed"
    assert "longer than the 3 s limit" in rows[0][2]


def test_rows_are_written_while_the_workers_read_the_largest_files_first(corpus, tmp_path):
    """Killed while its one worker is stuck on the last file (the smallest: files are read
    largest first), a run has stored every file read before it, though they are fewer
    than a write batch: the client writes while it waits for the workers."""
    folder = _folder_with_one_odd_file(corpus, tmp_path, 6, "hang_forever.txt")
    (folder / "hang_forever.txt").write_text("关于通报的通知", encoding="utf-8")  # the smallest
    hanging, out = tmp_path / "hanging", tmp_path / "wh"
    script = ("import sys; from tests.readers import signals_then_hangs_on_marked_files as r; "
              "from tongbao.pipelines.batch import run; "
              "run([sys.argv[1]], sys.argv[2], workers=1, log=lambda m: None, reader=r)")
    proc = subprocess.Popen([sys.executable, "-c", script, str(folder), str(out)], cwd=ROOT,
                            env={**os.environ, "TONGBAO_TEST_HANGING": str(hanging)},
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while not hanging.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert hanging.exists(), "the marked file was never read"
    time.sleep(2.0)  # the client's write of the file read before it (18 ms unloaded)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    stored = con.execute("SELECT count(*), count(*) FILTER (WHERE status = 'ok') FROM documents"
                         ).fetchone()
    con.close()
    assert stored == (6, 6)


def test_a_reader_that_hoards_memory_is_stopped_by_the_cap(corpus, tmp_path):
    folder = _folder_with_one_odd_file(corpus, tmp_path, 3, "hog.txt")
    stats = run([str(folder)], str(tmp_path / "wh"), workers=2, log=_quiet,
                limits=Limits(max_memory_mb=1024), reader=hogs_memory_on_marked_files)
    assert (stats.read, stats.failed) == (4, 1)
    con = duckdb.connect(str(tmp_path / "wh" / "warehouse.duckdb"), read_only=True)
    error = con.execute("SELECT error FROM documents WHERE source_path LIKE '%hog.txt'").fetchone()[0]
    con.close()
    assert "more than the 1024 MB a worker may add" in error


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ray_cluster():
    pytest.importorskip("ray")
    import secrets
    port = _free_port()
    # Ray authenticates clients with a shared token (on by default since Ray 2.59).
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token",
           "RAY_AUTH_TOKEN": secrets.token_hex(16)}
    subprocess.run([str(BIN / "ray"), "start", "--head", "--node-ip-address=127.0.0.1",
                    f"--port={port}", "--num-cpus=2", "--include-dashboard=false",
                    "--disable-usage-stats"], check=True, env=env, capture_output=True)
    try:
        yield f"127.0.0.1:{port}", env
    finally:
        subprocess.run([str(BIN / "ray"), "stop", "--force"], env=env, capture_output=True)


def test_a_real_ray_cluster_builds_the_same_warehouse(corpus, clean, ray_cluster, tmp_path):
    out = tmp_path / "wh"
    address, env = ray_cluster
    proc = subprocess.run([str(BIN / "tongbao"), "extract", str(corpus), "--out", str(out),
                           "--ray", address], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "on Ray (127.0.0.1:" in proc.stderr
    assert _snapshot(out) == _snapshot(clean)
    assert _parquet(out) == _parquet(clean)


def test_progress_is_plain_lines_without_a_terminal(corpus, tmp_path):
    lines: list[str] = []
    run([str(corpus)], str(tmp_path / "wh"), workers=2, log=lines.append, terminal=False)
    assert lines[0].startswith("tongbao: 160 files, 0 unchanged, 160 to read on 2 local worker")
    assert lines[-1].startswith("  160/160 files, ") and " errors, " in lines[-1]
    assert not any("\r" in line for line in lines)


def test_generated_corpus_is_reproducible_and_says_which_totals_are_wrong(tmp_path, clean):
    make_corpus(tmp_path / "a", count=30, seed=9)
    make_corpus(tmp_path / "b", count=30, seed=9)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").iterdir())
    assert len(files) == 30
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
               for f in files)
    assert len(list((tmp_path / "a_truth").iterdir())) == 30


def test_every_deliberately_wrong_annual_total_is_caught(corpus, clean):
    """The truth beside the generated corpus names each planted error; the warehouse
    must fail exactly those reports' rules and no others."""
    import json
    truth = {p.name.removesuffix(".json"): json.loads(p.read_text("utf-8"))
             for p in corpus.with_name("corpus_truth").glob("annual_*.json")}
    con = duckdb.connect(str(clean / "warehouse.duckdb"), read_only=True)
    failing = con.execute("""SELECT regexp_extract(d.source_path, '[^/]+$') AS f, count(*)
        FROM checks c JOIN documents d USING (doc_id)
        WHERE d.doc_kind = 'annual_report' AND c.status = 'fail' GROUP BY f""").fetchall()
    con.close()
    planted = {f for f, t in truth.items() if t["wrong_totals"]}
    assert planted, "the generator planted no error in this corpus"
    assert {f for f, _ in failing} == planted


def test_workers_are_not_forked_from_the_client(corpus):
    """A worker forked from the client copies its threads' held locks and its live objects
    (DuckDB, pyarrow, delta-rs): under load such workers died (SIGSEGV) and good files were
    reported failed. Workers come from a forkserver that imported only the readers."""
    import tests.client_marker  # noqa: F401  (a module only this process has)
    from tests.readers import names_what_its_process_inherited
    from tongbao.pipelines.batch import DEFAULT_LIMITS
    from tongbao.pipelines.jobs import Job
    from tongbao.pipelines.local_pool import LocalReading

    jobs = [Job(str(p), "x") for p in sorted(corpus.glob("*.txt"))[:4]]
    seen = {ex.document.title for ex in LocalReading(jobs, 2, DEFAULT_LIMITS,
                                                    reader=names_what_its_process_inherited)}
    parents = {int(t.split()[0]) for t in seen}
    assert os.getpid() not in parents and {t.split()[1] for t in seen} == {"clean"}, seen
