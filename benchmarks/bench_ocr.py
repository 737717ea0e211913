"""Scanned pages beside text-layer pages: seconds per page, and how many cells read right.

    .venv/bin/python -m benchmarks.bench_ocr [--count 3] [--seed 1] [--real]

Generated notices (corpus/generate.py) are set as ruled PDFs (corpus/scan.py: to_pdf)
and scanned (scan: 200 dpi, noise, blur, dust, a turn of up to a degree). Both are read
by read_document in this process; per page, wall and CPU seconds (CPU is the fairer
figure on a shared machine), and the scan's steps: render, deskew, ruling lines, the
engine's detection and recognition, the cells re-read. Cells right: every printed cell
of the truth against what the scan gave, exactly (NFKC, spaces ignored). --real adds
../shared/real/pdf/hzq2023_working.pdf, scanned the same way, keyed against its truth.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import pypdfium2 as pdfium

from tongbao.corpus.generate import make_notice
from tongbao.corpus.office import as_printed, notice_doc
from tongbao.corpus.scan import scan, to_pdf
from tongbao.extract.document import read_document
from tongbao.extract.readers.ocr import engine as ocr_engine
from tongbao.extract.readers.ocr import image as ocr_image
from tongbao.extract.readers.ocr import page as ocr_page
from tongbao.normalize.text import match_key

SHARED = Path(__file__).resolve().parents[2] / "shared" / "real"


def timed(fn, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, time.perf_counter() - wall, time.process_time() - cpu


def cells_right(ex, doc) -> tuple[int, int]:
    got = {(c.table_id, c.row, c.col): c.text for c in ex.cells}
    pairs = [(match_key(text), match_key(got.get((t, row, col)) or ""))
             for t, table in enumerate(doc.tables, start=1)
             for (row, col), text in as_printed(table.grid).items() if text]
    return sum(a == b for a, b in pairs), len(pairs)


def steps(pdf: bytes) -> dict[str, float]:
    """CPU seconds of each step of reading one scanned page (the first)."""
    page = pdfium.PdfDocument(pdf)[0]
    out = {}
    image, _, out["render"] = timed(ocr_page.page_image, page, ocr_page.OCR_DPI)
    angle, _, out["deskew"] = timed(ocr_image.skew_angle, image)
    image = ocr_image.rotate(image, angle)
    (_, boxes), _, out["engine"] = timed(ocr_engine.read_words, image)
    _, _, out["lines"] = timed(ocr_image.ruling_lines, image, ocr_page.OCR_DPI / 72, boxes)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--real", action="store_true")
    args = ap.parse_args(argv)
    ocr_engine.engine()  # the models load once per process (about a second): not counted
    rows, right, total = [], 0, 0
    for i in range(args.count):
        rng = random.Random(args.seed + i)
        doc = notice_doc(make_notice(rng, f"bench{i}", wrong_fraction=0.2))
        text_pdf = to_pdf(doc)
        scanned = scan(text_pdf, rng)
        for kind, data in (("text layer", text_pdf), ("scanned", scanned)):
            ex, wall, cpu = timed(read_document, data, f"bench{i}.pdf")
            rows.append((kind, ex.document.n_pages, wall, cpu))
            if kind == "scanned":
                r, t = cells_right(ex, doc)
                right, total = right + r, total + t
    print(f"{'pages':>18} {'wall s/page':>12} {'cpu s/page':>11}")
    for kind in ("text layer", "scanned"):
        mine = [r for r in rows if r[0] == kind]
        pages = sum(r[1] for r in mine)
        print(f"{kind:>12} {pages:>5} {sum(r[2] for r in mine) / pages:>12.3f} "
              f"{sum(r[3] for r in mine) / pages:>11.3f}")
    print(f"cells right on the scans: {right}/{total} = {right / total:.2%}")
    print("one scanned page, cpu s by step:",
          ", ".join(f"{k} {v:.2f}" for k, v in steps(scanned).items()))
    if args.real and (SHARED / "pdf" / "hzq2023_working.pdf").exists():
        truth = json.loads((SHARED / "truth" / "hzq2023_working.json").read_text("utf-8"))
        data = scan((SHARED / "pdf" / "hzq2023_working.pdf").read_bytes(),
                    random.Random(2023), max_angle=0.8)
        ex, wall, cpu = timed(read_document, data, "hzq2023_scanned.pdf")
        got = {r.key: r.value for r in ex.records if r.key}
        ok = sum(got.get(k) == v for k, v in truth["values"].items())
        print(f"hzq2023 scanned: {ex.document.n_pages} pages, {wall / ex.document.n_pages:.2f} "
              f"wall s/page, {cpu / ex.document.n_pages:.2f} cpu s/page; keys right "
              f"{ok}/{len(truth['values'])}")


if __name__ == "__main__":
    main()
