"""PDF tables: tongbao's full path beside pdfplumber and camelot on the same pages.

    .venv/bin/python -m benchmarks.bench_pdf [PDF ...]   (default: ../shared/real/pdf/*.pdf)

Per page, median of --repeat runs, in one process:
- tongbao: PDFium's objects (extract/pdf/objects.py) + layout (edges, cells, text)
  + interpretation + checks, per page;
- pdfplumber: page.extract_tables() (its default lattice settings);
- camelot: read_pdf(flavor="lattice") of that page;
- pypdfium2: plain text of the page (the floor for touching the text layer).
Cells correct: the 23x7 request table of an annual report (sec3), row by row
against ../shared/real/truth/<name>.json, when that file exists.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import statistics
import time
from pathlib import Path

import camelot
import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c

from tongbao.extract.checks.arithmetic import check_table
from tongbao.extract.readers.pdf.objects import PdfiumPage
from tongbao.extract.readers.pdf.reader import _content, layout_page
from tongbao.extract.tables.interpret import build_view
from tongbao.normalize.numbers import parse_number

SHARED = Path(__file__).resolve().parents[2] / "shared" / "real"
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


def truth_rows(pdf: Path) -> list[list[float]] | None:
    path = SHARED / "truth" / f"{pdf.stem}.json"
    if not path.exists():
        return None
    values = json.loads(path.read_text("utf-8"))["values"]
    rows = [[values.get(f"sec3.{r}.{c}") for c in SEC3_COLS] for r in SEC3_ROWS]
    return [r for r in rows if None not in r]


def seven_number_rows(rows: list[list[str | None]]) -> list[list[float]]:
    """Rows of a table holding at least seven numbers: their last seven."""
    out = []
    for row in rows:
        nums = [parse_number(c or "") for c in row]
        nums = [n for n in nums if n is not None]
        if len(nums) >= 7:
            out.append(nums[-7:])
    return out


def score(found: list[list[float]], truth: list[list[float]]) -> int:
    return sum(a == b for fr, tr in zip(found, truth, strict=False)
               for a, b in zip(fr, tr, strict=False))


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def bench(pdf: Path, repeat: int) -> None:
    truth = truth_rows(pdf)
    with pdfplumber.open(pdf) as doc:
        n = len(doc.pages)
    rows = {"tongbao": [], "pdfplumber": [], "camelot": [], "pdfium": [], "pdfium objects": []}
    found = {k: [] for k in rows}
    for i in range(n):
        def ours(i=i):
            doc = pypdfium2.PdfDocument(str(pdf))
            lay = layout_page(PdfiumPage(doc[i], i + 1), i + 1)
            doc.close()
            content = _content([lay], 1, [], [])
            out = []
            for grid in content.grids:
                for part in grid.side_by_side():
                    view = build_view(part)
                    check_table(view, "d", 1)
                    out.append([[view.grid.matrix()[r.index][c].text if c in r.values else None
                                 for c in range(part.n_cols)] for r in view.rows])
            return out

        def plumber(i=i):
            with pdfplumber.open(pdf) as doc:
                return doc.pages[i].extract_tables()

        def lattice(i=i):
            return [t.df.values.tolist() for t in camelot.read_pdf(str(pdf), pages=str(i + 1),
                                                                   flavor="lattice")]

        def pdfium(i=i):
            doc = pypdfium2.PdfDocument(str(pdf))
            text = doc[i].get_textpage().get_text_range()
            doc.close()
            return text

        def pdfium_objects(i=i):
            doc = pypdfium2.PdfDocument(str(pdf))
            page = doc[i]
            text = page.get_textpage()
            chars = [(text.get_text_range(k, 1), text.get_charbox(k, loose=True))
                     for k in range(text.count_chars())]
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            paths = []
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=8):
                pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
                paths.append((obj.get_bounds(), fill.value, stroke.value))
            doc.close()
            return chars, paths

        for name, fn in (("tongbao", ours), ("pdfplumber", plumber), ("camelot", lattice),
                         ("pdfium", pdfium), ("pdfium objects", pdfium_objects)):
            seconds, tables = timed(fn, repeat)
            rows[name].append(seconds)
            if not name.startswith("pdfium"):
                for t in tables:
                    found[name] += seven_number_rows(t)
    print(f"\n{pdf.name}: {n} pages, median seconds per page over pages (each page the median "
          f"of {repeat} runs)")
    for name, times in rows.items():
        line = f"  {name:14s} median {statistics.median(times):.4f}  mean {statistics.mean(times):.4f}"
        if truth and not name.startswith("pdfium"):
            line += f"  request table cells correct {score(found[name], truth)}/{len(truth) * 7}"
        print(line)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    for pdf in args.pdfs or sorted((SHARED / "pdf").glob("*.pdf")):
        bench(pdf, args.repeat)


if __name__ == "__main__":
    main()
