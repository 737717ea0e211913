"""A document printed to PDF with ruled tables, and the same pages as a scan.

`to_pdf` sets a Doc (corpus/office.py: prose and merged tables) with reportlab,
every cell ruled, merged cells spanned. `scan` turns any PDF into what a scanner
gives: each page rasterised, turned by a small angle, blurred, speckled with
noise and saved as a JPEG image with no text layer, so only OCR can read it.

    python -m tongbao.corpus.scan --out corpus/samples --truth corpus/truth

writes one notice in every format (DOCX, XLSX, web page, PDF, scan, GBK text) beside
its truth.
"""

from __future__ import annotations

import io
import random

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tongbao.corpus.annual_pdf import BASE, FONT, HEAD, PROSE
from tongbao.corpus.office import Doc, notice_doc


def to_pdf(doc: Doc, font_size: float = 9) -> bytes:
    story = [Paragraph(doc.head[0], PROSE), Paragraph(doc.head[1], HEAD)]
    story += [Paragraph(line, PROSE) for line in doc.head[2:]]
    for table in doc.tables:
        story += [Spacer(1, 10)] + [Paragraph(line, PROSE) for line in table.caption]
        story.append(Spacer(1, 4))
        g = table.grid
        data = [[""] * g.n_cols for _ in range(g.n_rows)]
        style = list(BASE) + [("FONT", (0, 0), (-1, -1), FONT, font_size),
                              ("ALIGN", (0, 0), (-1, -1), "CENTER")]
        for c in g.cells:
            data[c.row][c.col] = c.text
            if c.row_span > 1 or c.col_span > 1:
                style.append(("SPAN", (c.col, c.row),
                              (c.col + c.col_span - 1, c.row + c.row_span - 1)))
        t = Table(data, repeatRows=0)
        t.setStyle(TableStyle(style))
        story.append(t)
    story += [Spacer(1, 10)] + [Paragraph(line, PROSE) for line in doc.tail]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=40, rightMargin=40, title=doc.head[1],
                      invariant=1).build(story)
    return buf.getvalue()


def scan(pdf: bytes, rng: random.Random, dpi: int = 200, max_angle: float = 1.0,
         noise: float = 12.0, blur: float = 0.6, quality: int = 80) -> bytes:
    """The pages as a scanner delivers them: images only, slightly turned, blurred, noisy."""
    noise_rng = np.random.default_rng(rng.randrange(2**32))
    pages = []
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            image = image.rotate(rng.uniform(-max_angle, max_angle), resample=Image.BICUBIC,
                                 expand=False, fillcolor=255)
            if blur:
                image = image.filter(ImageFilter.GaussianBlur(blur))
            pixels = np.asarray(image, dtype=np.float32)
            pixels += noise_rng.normal(0, noise, pixels.shape)
            specks = noise_rng.random(pixels.shape) < 0.0005  # dust
            pixels[specks] = 0
            pages.append(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)))
    finally:
        document.close()
    out = io.BytesIO()
    # JPEG inside the PDF (DCTDecode), as scanners write them.
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:],
                  quality=quality)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    """One truth in every format: every_format_NNN.{docx,xlsx,html,pdf}, _scan.pdf and
    _gbk.txt (converted text in GBK), with every_format_NNN.json. The notice is drawn
    until its PDF is one page, so a run over the samples OCRs one page only."""
    from tongbao.corpus.generate import make_notice, render_text, sample_arguments, truth_json
    from tongbao.corpus.office import to_docx, to_html, to_xlsx

    out, truth_dir, rng, count = sample_arguments(__doc__, 1, 43, argv)
    for i in range(count):
        stem = f"every_format_{i:03d}"
        while True:
            t = make_notice(rng, stem, wrong_fraction=0.3)
            doc = notice_doc(t)
            pdf = to_pdf(doc)
            if len(pdfium.PdfDocument(pdf)) == 1:
                break
        files = {".docx": to_docx(doc), ".xlsx": to_xlsx(doc), ".html": to_html(doc),
                 ".pdf": pdf, "_scan.pdf": scan(pdf, rng),
                 "_gbk.txt": render_text(t, rng).encode("gbk")}
        for suffix, body in files.items():
            (out / f"{stem}{suffix}").write_bytes(body)
        (truth_dir / f"{stem}.json").write_text(truth_json(t), encoding="utf-8")


if __name__ == "__main__":
    main()
