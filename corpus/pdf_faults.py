"""Faults of real PDFs made into generated ones, for the PDF reader's second reading.

- `unmapped`: a character whose embedded font maps it to a private-use code point, as
  fonts without a proper ToUnicode map do; PDFium then cannot know the character's
  text, and the pages holding it are read again by pdfminer (readers/pdf/reader.py,
  pages_in_doubt).
- `shifted`: 666 bytes more in the middle of a page's content, after which the
  cross-reference stream points short of every object, as in a download that gained
  bytes: PDFium rebuilds the table by scanning, pdfminer cannot find the document's
  root (the fuzzer's pdf_465beb6d4daf).
- `stored_turned`: pages stored turned (/Rotate) or with their box away from 0,0, and
  displayed exactly as before: positions in the page's own space are not the page's;
  or printed sideways (no /Rotate), as a reader turns the paper to read.
- `watermarked`: a watermark's text drawn at a slant across every page, over or under
  the tables: its characters fall into cells and lines of the page.
- `bound`: several PDFs bound into one file, as a district binds its departments'
  annual reports (or a site its years): one report's tables after another's.
- `inked`: every font's ascent and descent set to say nothing of its line (220 and -36
  thousandths, as ONLYOFFICE 8.0 wrote a 财政局 决算's FangSong): PDFium then boxes each
  character by its ink, and 一 and 、 sit above and below the line's other characters.
- `in_font_units`: font heights written in each font's own units, not in thousandths of
  its size, as the same ONLYOFFICE wrote them: a font of 256 units an em says too little
  (as `inked`), one of 2048 (its figures' Times New Roman) too much: each figure's box
  reaches into the lines above and below, and its top is no line's.
"""

from __future__ import annotations

import io

import pikepdf
import regex

PRIVATE_USE = 0xE000


def unmapped(pdf: bytes, char: str) -> bytes:
    """The file with `char` mapped to U+E000 by every font's ToUnicode map that has it."""
    doc = pikepdf.open(io.BytesIO(pdf))
    code = f"{ord(char):04X}".encode()
    for page in doc.pages:
        for _, font in (page.Resources.get("/Font") or {}).items():
            if "/ToUnicode" in font:
                cmap = font.ToUnicode.read_bytes()
                font.ToUnicode.write(regex.sub(rb"<([0-9A-Fa-f]+)> <" + code + rb">",
                                               rb"<\1> <%04X>" % PRIVATE_USE, cmap))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def shifted(pdf: bytes) -> bytes:
    """The file with a cross-reference stream, and 666 bytes of comment inserted in the
    middle of its page content (uncompressed): the stream's length and every offset after
    it are wrong, as after a download that gained bytes."""
    doc = pikepdf.open(io.BytesIO(pdf))
    out = io.BytesIO()
    doc.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    data = out.getvalue()
    content = data.index(b" Tf", data.index(b"stream\n"))  # a text operator inside the page
    cut = data.index(b"\n", content) + 1
    return data[:cut] + b"%" + b"x" * 664 + b"\n" + data[cut:]


def stored_turned(pdf: bytes, turns: list[int], origin: tuple[float, float] = (0, 0),
                  sideways: bool = False) -> bytes:
    """The file with page i stored turned by turns[i] degrees (0, 90, 180 or 270), as some
    printers and converters save a landscape table: the page's /Rotate set, and its content
    drawn turned back the other way, so that it displays exactly as before. A reader that
    takes positions in the page's own space sees its lines of text run down the page.
    origin: where the pages' boxes then start (a box off 0,0 is another such producer's
    habit); every page is stored so, turned or not. sideways: no /Rotate turns the page
    back: it is printed sideways, and its reader turns it by hand."""
    doc = pikepdf.open(io.BytesIO(pdf))
    for page, turn in zip(doc.pages, turns, strict=False):
        left, bottom, right, top = (float(v) for v in page.MediaBox)
        w, h = right - left, top - bottom
        # The map from the page as displayed to its new space, which /Rotate turns back.
        back = {0: (1, 0, 0, 1, 0, 0), 90: (0, 1, -1, 0, h, 0), 180: (-1, 0, 0, -1, w, h),
                270: (0, -1, 1, 0, 0, w)}[turn % 360]
        page.contents_add(b"q 1 0 0 1 %g %g cm %g %g %g %g %g %g cm 1 0 0 1 %g %g cm\n"
                          % (*origin, *back, -left, -bottom), prepend=True)
        page.contents_add(b"\nQ")
        width, height = (h, w) if turn % 180 else (w, h)
        page.MediaBox = pikepdf.Array([origin[0], origin[1], origin[0] + width, origin[1] + height])
        if "/CropBox" in page.obj:
            del page.obj["/CropBox"]
        if not sideways:
            page.Rotate = (int(page.obj.get("/Rotate", 0)) + turn) % 360
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def watermarked(pdf: bytes, text: str, angle: float = 45, over: bool = True) -> bytes:
    """The file with `text` drawn across every page at `angle` degrees, large and light grey,
    three times down the page, over its content or under it: the watermark (仅供参考, the
    office's name) many offices stamp on what they publish. Its characters are in the text
    layer, among the tables' own."""
    doc = pikepdf.open(io.BytesIO(pdf))
    stamps: dict[tuple[float, float], pikepdf.Pdf] = {}  # made once a page size
    for page in doc.pages:
        left, bottom, right, top = (float(v) for v in page.MediaBox)
        size = (right - left, top - bottom)
        if size not in stamps:
            stamps[size] = pikepdf.open(io.BytesIO(_stamp(text, angle, size)))
        (page.add_overlay if over else page.add_underlay)(stamps[size].pages[0])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _stamp(text: str, angle: float, size: tuple[float, float]) -> bytes:
    """A page of that size holding only the watermark."""
    from reportlab.pdfgen import canvas

    from tongbao.corpus.annual_pdf import FONT

    buf = io.BytesIO()
    mark = canvas.Canvas(buf, pagesize=size, invariant=1)
    mark.setFillGray(0.85)
    mark.setFont(FONT, 44)
    for k in range(3):
        mark.saveState()
        mark.translate(size[0] * 0.15, size[1] * (0.2 + 0.3 * k))
        mark.rotate(angle)
        mark.drawString(0, 0, text)
        mark.restoreState()
    mark.save()
    return buf.getvalue()


def bound(pdfs: list[bytes]) -> bytes:
    """The files' pages one after another, in one PDF."""
    doc = pikepdf.new()
    for pdf in pdfs:
        doc.pages.extend(pikepdf.open(io.BytesIO(pdf)).pages)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def inked(pdf: bytes) -> bytes:
    """The file with every font descriptor's /Ascent 220 and /Descent -36."""
    def heights(descriptor: pikepdf.Dictionary) -> None:
        descriptor.Ascent, descriptor.Descent = 220, -36

    return _each_descriptor(pdf, heights)


def in_font_units(pdf: bytes, units_per_em: dict[str, int]) -> bytes:
    """The file with each font descriptor's heights (/Ascent, /Descent, /FontBBox) in its
    font's units per em, found by a part of its name (the first that matches; "" for any)."""
    def heights(descriptor: pikepdf.Dictionary) -> None:
        name = str(descriptor.get("/FontName", ""))
        units = next((u for part, u in units_per_em.items() if part in name), 1000)

        def scaled(value) -> int:
            return round(float(value) * units / 1000)

        descriptor.Ascent, descriptor.Descent = scaled(descriptor.Ascent), scaled(descriptor.Descent)
        descriptor.FontBBox = [scaled(v) for v in descriptor.FontBBox]

    return _each_descriptor(pdf, heights)


def _each_descriptor(pdf: bytes, change) -> bytes:
    doc = pikepdf.open(io.BytesIO(pdf))
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
            change(obj)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
