"""A picture of what tongbao read on one PDF page: `tongbao show FILE --page N --png OUT`.

The page is rendered with pypdfium2, set upright as the reader sets it; every detected
cell is outlined (header cells blue, value cells green, other cells grey) and every
number tongbao read is printed in red at the cell's top left, so a person can compare the
reading with the page at a glance. Labels are not redrawn: the page shows them.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import ImageDraw, ImageFont

from tongbao.extract.model import Extraction
from tongbao.extract.readers.pdf.objects import upright_text

SCALE = 2.0  # 144 dpi
HEADER, VALUE, OTHER, NUMBER = (30, 90, 220), (20, 150, 60), (150, 150, 150), (220, 30, 30)


def draw_page(data: bytes, ex: Extraction, page_number: int, out: Path) -> int:
    """Write the overlay PNG; returns how many cells were drawn. Raises ValueError on a bad
    page number."""
    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= page_number <= len(pdf):
            raise ValueError(f"the PDF has pages 1-{len(pdf)}, not {page_number}")
        page = pdf[page_number - 1]
        upright_text(page, page.get_textpage()).close()  # as read: a sideways page turned
        image = page.render(scale=SCALE).to_pil().convert("RGB")
    finally:
        pdf.close()
    pen = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=int(7 * SCALE))
    values = {(r.table_id, r.row, r.col): r.value for r in ex.records if r.value is not None}
    drawn = 0
    for cell in ex.cells:
        if cell.page != page_number or not cell.bbox:
            continue
        x0, top, x1, bottom = (v * SCALE for v in cell.bbox)
        value = values.get((cell.table_id, cell.row, cell.col))
        colour = HEADER if cell.is_header else VALUE if value is not None else OTHER
        pen.rectangle([x0, top, x1, bottom], outline=colour, width=2)
        if value is not None:
            pen.text((x0 + 3, top + 2), f"{value:g}", fill=NUMBER, font=font)
        drawn += 1
    image.save(out)
    return drawn
