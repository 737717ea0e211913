"""PDF tables: tongbao beside pdfplumber and camelot on the same pages (run on demand).

    .venv/bin/pip install -e '.[bench]'      # camelot
    .venv/bin/python -m benchmarks.bench_pdf [PDF ...] [--repeat 5] [--cold 5] [--no-camelot]
                                             [--generated N] [--batch PDF_OR_DIR ...]

Default PDFs: ../shared/real/pdf/*.pdf and corpus/samples/*.pdf (not the scan: OCR
costs seconds a page by nature, benchmarks/bench_ocr.py measures it). Three parts,
each the median of several runs, CPU time beside wall time (the machine is shared:
the load average is printed with every part):

1. Seconds per page, per document and engine:
   - tongbao: read_document, the whole path (PDFium's objects, layout, interpretation,
     checks, the second-reading decision), its first reading of the file in a fresh
     process that made the workers' warm-up (pipelines/warmup.py) and read another PDF
     first (as a batch's worker reads it);
   - pdfplumber: every page's extract_tables() (its default lattice settings), the same way;
   - camelot: read_pdf(pages="all", flavor="lattice"), in this process;
   - pdfium text: each page's plain text through pypdfium2, the floor for touching the
     text layer at all.
   With ../shared/real/truth/<name>.json, also how many cells of the 23x7 request table
   of an annual report (sec3) each engine reads right.
2. Cold start: `tongbao show FILE` against a process running pdfplumber's extract_tables
   on the same file (a text file: against a process that only imports pdfplumber).
3. Batch: `tongbao extract --workers 1` over the real PDFs into a fresh warehouse, against
   pdfplumber's bare extract_tables over the same files (one pass in a fresh process,
   import excluded; tongbao's reading alone is measured the same way).
   With --generated N, again over the real PDFs and N of each of the corpus's PDF kinds
   (annual reports, budgets, score notices; seeds fixed), at workers 1 and 2: a batch's
   scale, where the process's fixed cost (start-up, warehouse, Parquet) is shared.
   With --batch, a batch over those PDFs (files, or folders searched for *.pdf) at workers
   1 and 2: real documents kept outside the repository, which may not be committed.

Before timing, tongbao's modules are compiled to bytecode (compileall), as pip does when
it installs a package: a checkout run with PYTHONDONTWRITEBYTECODE would otherwise
compile them in every process.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
import pypdfium2

from tongbao.extract.document import read_document
from tongbao.normalize.numbers import parse_number

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BIN = Path(sys.executable).parent
SEC3_ROWS = ["new_received", "carried_over", "granted", "partially_granted",
             *[f"denied_{k}" for k in ("state_secret", "prohibited", "security_stability",
                                       "third_party", "internal_affairs", "process_info",
                                       "enforcement_file", "query_matter")],
             "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
             "rejected_petition", "rejected_duplicate", "rejected_publication",
             "rejected_excessive", "rejected_confirmation", "other", "total_processed",
             "carried_forward"]
SEC3_COLS = ["natural_person", "commercial", "research", "public_interest", "legal_services",
             "other_org", "total"]
# One pass over the files in a fresh process, imports excluded: what a batch's worker pays.
# (A warm process that has read the same files before reads them faster from its caches of
# names and patterns, 15 % here: no batch reads a file twice.)
FIRST_PASS = """
import json, sys, time
from pathlib import Path
engine, warm, files = sys.argv[1], sys.argv[2], sys.argv[3:]
if engine == "tongbao":
    import tongbao.extract.readers.pdf.reader
    import tongbao.pipelines.warmup  # what the workers' forkserver fills for every worker
    from tongbao.extract.document import read_document
    def run(p):
        return read_document(Path(p).read_bytes(), p)
else:
    import pdfplumber
    def run(p):
        with pdfplumber.open(p) as doc:
            return [t for page in doc.pages for t in page.extract_tables()]
if warm:
    run(warm)  # another file first: the data and patterns any file loads once
w, c = time.perf_counter(), time.process_time()
for p in files:
    run(p)
print(json.dumps([time.perf_counter() - w, time.process_time() - c]))
"""
PLUMBER = ("import sys, pdfplumber\n"
           "if sys.argv[1].endswith('.pdf'):\n"
           "    with pdfplumber.open(sys.argv[1]) as pdf:\n"
           "        for page in pdf.pages: page.extract_tables()\n")


def cpu() -> float:
    """CPU seconds of this process and its finished children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of fn over `repeat` runs, and its last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), cpu()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(cpu() - c)
    return statistics.median(walls), statistics.median(cpus), result


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def truth_rows(pdf: Path) -> list[list[float]] | None:
    path = SHARED / "real" / "truth" / f"{pdf.stem}.json"
    if not path.exists():
        return None
    values = json.loads(path.read_text("utf-8"))["values"]
    rows = [[values.get(f"sec3.{r}.{c}") for c in SEC3_COLS] for r in SEC3_ROWS]
    return [r for r in rows if None not in r]


def seven_number_rows(rows: list[list[str | None]]) -> list[list[float]]:
    """Rows of a table holding at least seven numbers: their last seven."""
    out = []
    for row in rows:
        nums = [n for c in row if (n := parse_number(c or "")) is not None]
        if len(nums) >= 7:
            out.append(nums[-7:])
    return out


def score(tables: list[list[list[str | None]]], truth: list[list[float]]) -> int:
    found = [r for t in tables for r in seven_number_rows(t)]
    return sum(a == b for fr, tr in zip(found, truth, strict=False)
               for a, b in zip(fr, tr, strict=False))


def tongbao_tables(pdf: Path) -> list[list[list[str | None]]]:
    ex = read_document(pdf.read_bytes(), str(pdf))
    tables = []
    for t in ex.tables:
        cells = [c for c in ex.cells if c.table_id == t.table_id]
        rows = [[None] * t.n_cols for _ in range(t.n_rows)]
        for c in cells:
            rows[c.row][c.col] = c.text
        tables.append(rows)
    return tables


def plumber_tables(pdf: Path) -> list:
    with pdfplumber.open(pdf) as doc:
        return [t for page in doc.pages for t in page.extract_tables()]


def camelot_tables(pdf: Path) -> list:
    import camelot

    return [t.df.values.tolist() for t in camelot.read_pdf(str(pdf), pages="all",
                                                           flavor="lattice")]


def pdfium_text(pdf: Path) -> list[str]:
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def per_page(pdfs: list[Path], repeat: int, with_camelot: bool) -> None:
    print(f"\n1. seconds per page, median of {repeat} runs, wall / CPU ({load()})")
    engines = {"tongbao": None, "pdfplumber": None, "pdfium text": pdfium_text}
    if with_camelot:
        engines["camelot"] = camelot_tables
    header = f"   {'document':42s} pages " + "".join(f"{e:>22s}" for e in engines)
    print(header)
    for k, pdf in enumerate(pdfs):
        n = len(pypdfium2.PdfDocument(str(pdf)))
        cols = []
        for name, fn in engines.items():
            if fn is None:  # the first reading of this file, in a process warmed on another
                wall, cpu_s = first_pass(name, [pdf], repeat, warm=pdfs[k - 1])
            else:
                wall, cpu_s, _ = timed(lambda fn=fn, pdf=pdf: fn(pdf), repeat)
            cols.append(f"{wall / n:9.4f} / {cpu_s / n:.4f}   ")
        print(f"   {pdf.name[:42]:42s} {n:5d} " + "".join(f"{c:>22s}" for c in cols))
        truth = truth_rows(pdf)
        if truth:
            found = {"tongbao": tongbao_tables(pdf), "pdfplumber": plumber_tables(pdf)}
            if with_camelot:
                found["camelot"] = camelot_tables(pdf)
            print("     request table (sec3) cells read right: " + ", ".join(
                f"{e} {score(t, truth)}/{len(truth) * 7}" for e, t in found.items()))


def _adopt_orphans() -> None:
    """Become the reaper of this process's orphaned descendants (Linux). tongbao's workers
    are forked by a forkserver that outlives the command by a moment and is waited for by
    no one, so their CPU time never reached RUSAGE_CHILDREN: it does once they are ours."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def run_process(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds of the command, and CPU seconds of it and everything it started."""
    w, c = time.perf_counter(), cpu()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - w
    while True:  # the orphans it left (its forkserver): their CPU counts, their exit does not
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    return wall, cpu() - c


def cold_start(files: list[Path], repeat: int) -> None:
    print(f"\n2. cold start, median of {repeat} processes, wall / CPU seconds ({load()})")
    print(f"   {'file':42s} {'tongbao show':>18s} {'pdfplumber process':>20s} {'ratio':>13s}")
    for f in files:
        ours, theirs = [], []
        for _ in range(repeat):  # alternated, so both see the same load
            ours.append(run_process([str(BIN / "tongbao"), "show", str(f)]))
            theirs.append(run_process([sys.executable, "-c", PLUMBER, str(f)]))
        o = [statistics.median(x[i] for x in ours) for i in (0, 1)]
        t = [statistics.median(x[i] for x in theirs) for i in (0, 1)]
        note = "" if f.suffix == ".pdf" else "  (pdfplumber: import only)"
        print(f"   {f.name[:42]:42s} {o[0]:8.3f} / {o[1]:.3f} {t[0]:10.3f} / {t[1]:.3f} "
              f"{o[0] / t[0]:6.2f} / {o[1] / t[1]:.2f}{note}")


def batch(pdfs: list[Path], repeat: int, workers: tuple[int, ...] = (1,)) -> None:
    print(f"\n3. batch over {len(pdfs)} PDFs ({sum(len(pypdfium2.PdfDocument(str(p))) for p in pdfs)}"
          f" pages), median of {repeat} runs, wall / CPU seconds ({load()})")
    ours = {}
    for n in workers:
        runs = []
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as out:
                runs.append(run_process([str(BIN / "tongbao"), "extract", *map(str, pdfs),
                                         "--out", str(Path(out) / "wh"), "--workers", str(n)]))
        ours[n] = [statistics.median(r[i] for r in runs) for i in (0, 1)]
    reading, theirs = (first_pass(engine, pdfs, repeat) for engine in ("tongbao", "pdfplumber"))
    for n, (wall, cpu_s) in ours.items():
        print(f"   tongbao extract --workers {n} (process: start-up, reading, warehouse, Parquet) "
              f"{wall:.2f} / {cpu_s:.2f}   ratio to pdfplumber {wall / theirs[0]:.2f} wall, "
              f"{cpu_s / theirs[1]:.2f} CPU")
    print(f"   tongbao read_document alone (one pass, fresh process, import excluded)   "
          f"{reading[0]:.2f} / {reading[1]:.2f}   ratio {reading[0] / theirs[0]:.2f} wall, "
          f"{reading[1] / theirs[1]:.2f} CPU")
    print(f"   pdfplumber extract_tables alone (one pass, fresh process, import excluded) "
          f"{theirs[0]:.2f} / {theirs[1]:.2f}")


def first_pass(engine: str, pdfs: list[Path], repeat: int, warm: Path | None = None
               ) -> tuple[float, float]:
    """Median wall and CPU seconds of one pass over the files in a fresh process (after
    reading `warm`, untimed)."""
    cmd = [sys.executable, "-c", FIRST_PASS, engine, str(warm or ""), *map(str, pdfs)]
    runs = [json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def generated_pdfs(out: Path, count: int) -> list[Path]:
    """count of each PDF kind the corpus renders, with their generators' fixed seeds."""
    from tongbao.corpus import annual_pdf, budget, notice_pdf

    for kind in (annual_pdf, budget, notice_pdf):
        kind.main(["--out", str(out), "--truth", str(out / "truth"), "--count", str(count)])
    return sorted(out.glob("*.pdf"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cold", type=int, default=5, help="processes per cold-start figure")
    ap.add_argument("--no-camelot", action="store_true")
    ap.add_argument("--generated", type=int, default=0, metavar="N",
                    help="also a batch over the real PDFs and N generated PDFs of each kind")
    ap.add_argument("--batch", nargs="+", type=Path, default=[], metavar="PDF_OR_DIR",
                    help="also a batch over these PDFs (folders: their *.pdf, recursively)")
    args = ap.parse_args()
    real = sorted((SHARED / "real" / "pdf").glob("*.pdf"))
    pdfs = args.pdfs or real + sorted(p for p in (REPO / "corpus" / "samples").glob("*.pdf")
                                      if not p.stem.endswith("_scan"))
    _adopt_orphans()
    for stage in ("tongbao", "extract", "normalize", "pipelines", "corpus", "expectations"):
        compileall.compile_dir(REPO / stage, quiet=1)
    seeds = sorted((SHARED / "seeds").glob("*.txt"))[:1]
    per_page(pdfs, args.repeat, not args.no_camelot)
    cold_start(seeds + pdfs, args.cold)
    if real and not args.pdfs:
        batch(real, args.repeat, (1, 2))
    if args.batch:
        batch(sorted(p for x in args.batch for p in ([x] if x.is_file() else x.rglob("*.pdf"))),
              args.repeat, (1, 2))
    if args.generated:
        with tempfile.TemporaryDirectory() as tmp:
            batch(real + generated_pdfs(Path(tmp), args.generated), args.repeat, (1, 2))


if __name__ == "__main__":
    main()
