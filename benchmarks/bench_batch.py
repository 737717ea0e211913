"""Batch ingestion throughput (run on demand, not in tests).

    .venv/bin/python -m benchmarks.bench_batch [--count 2000] [--no-ray]

Generates a corpus (notices and annual reports, text and web pages), then
extracts it into fresh warehouses with 1 and 2 local workers, re-runs over the
unchanged corpus, and extracts it on Ray (a local cluster of 1, 2 and 4 CPUs) where
the workers commit their rows to Delta tables themselves (pipelines/lake.py).
Reports files/s, records/s and peak resident memory per worker (sampled); the
local pool's single DuckDB writer alone; one worker's Delta writer alone (rows
committed per second); the commit rate of a Delta table when 1, 2 and 4 processes
append to it at once; the client's refresh of DuckDB from the Delta tables; and
from these a projection of 1M documents on 100 workers. Also the peak memory of
`tongbao validate` on the warehouse (exact: the kernel's maximum resident set of
that process). `--validate DIR...` measures only that, on existing warehouses
(e.g. the 33 documents `make extract` writes).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import psutil

from tongbao.corpus.bulk import make_corpus
from tongbao.pipelines.batch import run
from tongbao.pipelines.discover import discover
from tongbao.pipelines.jobs import read_file
from tongbao.pipelines.warehouse import Warehouse


class PeakWorkerMemory:
    """Largest resident set of any worker process seen while the block runs, and the CPU
    time the workers used (sampled: what a worker used in its last 0.1 s may be missed)."""

    def __init__(self, is_worker):
        self.is_worker, self.peak, self._stop = is_worker, 0, threading.Event()
        self._cpu: dict[int, float] = {}
        self._cpu_before: dict[int, float] = {}

    def __enter__(self):
        self._cpu_before = self._cpu_now()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _cpu_now(self) -> dict[int, float]:
        cpu = {}
        for p in psutil.Process().children(recursive=True):
            try:
                if self.is_worker(p):
                    t = p.cpu_times()
                    cpu[p.pid] = t.user + t.system
            except psutil.Error:
                pass
        return cpu

    def _sample(self):
        me = psutil.Process()
        while not self._stop.wait(0.1):
            for p in me.children(recursive=True):
                try:
                    if self.is_worker(p):
                        self.peak = max(self.peak, p.memory_info().rss)
                        t = p.cpu_times()
                        self._cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass

    @property
    def cpu_seconds(self) -> float:
        return sum(c - self._cpu_before.get(pid, 0.0) for pid, c in self._cpu.items())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _records(out: Path) -> int:
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM records").fetchone()[0]
    finally:
        con.close()


def _pool_worker(p: psutil.Process) -> bool:
    return "python" in p.name()


def _ray_worker(p: psutil.Process) -> bool:
    return p.name().startswith("ray::") or any("default_worker.py" in a for a in p.cmdline())


def measure(label: str, corpus: Path, out: Path, is_worker, **kwargs) -> dict:
    load = os.getloadavg()[0]  # the machine is shared: how busy it was as the run began
    with PeakWorkerMemory(is_worker) as mem:
        stats = run([str(corpus)], str(out), log=lambda _m: None, **kwargs)
    n_records = _records(out)
    row = {"run": label, "files": stats.read, "seconds": stats.seconds,
           "files_per_s": stats.read / stats.seconds, "records_per_s": n_records / stats.seconds,
           "peak_worker_mb": mem.peak / 2**20}
    print(f"{label:28s} {stats.read:6d} files {stats.seconds:7.2f} s "
          f"{row['files_per_s']:8.1f} files/s {row['records_per_s']:9.0f} records/s "
          f"peak worker {row['peak_worker_mb']:6.0f} MB, workers' CPU {mem.cpu_seconds:6.1f} s "
          f"(load before {load:.1f})", flush=True)
    return row


def read_alone(corpus: Path) -> tuple[list, float]:
    """Every file read in this process, nothing written: the cost of a document."""
    start = time.perf_counter()
    extractions = [read_file(f.path) for f in discover([corpus])]
    seconds = time.perf_counter() - start
    n_records = sum(len(e.records) for e in extractions)
    print(f"{'reading alone, 1 process':28s} {len(extractions):6d} files {seconds:7.2f} s "
          f"{len(extractions) / seconds:8.1f} files/s {n_records / seconds:9.0f} records/s")
    return extractions, seconds / len(extractions)


def writer_alone(extractions: list, out: Path) -> None:
    """The local pool's writer: already-read documents into DuckDB, 50 per transaction."""
    n_records = sum(len(e.records) for e in extractions)
    start = time.perf_counter()
    with Warehouse(out) as wh:
        for i in range(0, len(extractions), 50):
            wh.write(extractions[i:i + 50])
        wrote = time.perf_counter() - start
        wh.finalize()
    total = time.perf_counter() - start
    print(f"{'DuckDB writer alone':28s} {len(extractions):6d} files {wrote:7.2f} s "
          f"{len(extractions) / wrote:8.1f} files/s {n_records / wrote:9.0f} records/s "
          f"(+ finalize: units and Parquet {total - wrote:.2f} s)")


# A parent whose only child is the command: its children's maximum resident set is the
# command's own peak, however short.
PEAK_OF_CHILD = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], "
                 "capture_output=True); print(p.returncode, "
                 "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def validate_peak(out: Path) -> None:
    """Peak memory and time of `tongbao validate` on the warehouse in out."""
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    n_docs, n_records = con.execute(
        "SELECT count(*), (SELECT count(*) FROM records) FROM documents").fetchone()
    con.close()
    tongbao = Path(sys.executable).parent / "tongbao"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK_OF_CHILD, str(tongbao), "validate",
                           str(out)], capture_output=True, text=True, check=True)
    code, peak_kb = map(int, done.stdout.split())
    print(f"{'validate':28s} {n_docs:6d} docs  {n_records:9d} records "
          f"{time.perf_counter() - start:7.2f} s  peak {peak_kb / 1024:6.0f} MB (exit {code})")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--ray-only", action="store_true", help="skip the local pool and validate")
    ap.add_argument("--validate", nargs="+", metavar="DIR",
                    help="only measure `tongbao validate` on these warehouses")
    args = ap.parse_args(argv)
    if args.validate:
        for out in args.validate:
            validate_peak(Path(out))
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        make_corpus(corpus, args.count, seed=1)
        size = sum(p.stat().st_size for p in corpus.iterdir()) / 2**20
        print(f"corpus: {args.count} documents, {size:.1f} MB, on {os.cpu_count()} cores")
        if not args.ray_only:
            measure("local pool, 1 worker", corpus, tmp / "w1", _pool_worker, workers=1)
            measure("local pool, 2 workers", corpus, tmp / "w2", _pool_worker, workers=2)
            measure("re-run, nothing new", corpus, tmp / "w2", _pool_worker, workers=2)
            validate_peak(tmp / "w2")
        extractions, per_doc = read_alone(corpus)
        writer_alone(extractions, tmp / "writer")
        if args.no_ray:
            return
        import ray

        from benchmarks import bench_lake
        from tongbao.pipelines.ray_pool import connect
        for cpus in (1, 2, 4):
            started = time.perf_counter()
            connect("local", cpus)  # the cluster started first: its start is not the writer's
            print(f"{'(Ray start, ' + str(cpus) + ' CPUs)':28s} {time.perf_counter() - started:20.2f} s")
            measure(f"Ray + Delta, {cpus} worker(s)", corpus, tmp / f"ray{cpus}", _ray_worker,
                    workers=cpus, ray="local")
            if cpus == 2:
                measure("Ray + Delta re-run", corpus, tmp / "ray2", _ray_worker, workers=2,
                        ray="local")
            ray.shutdown()
        bench_lake.report(extractions, per_doc, tmp / "ray2", tmp)


if __name__ == "__main__":
    main()
