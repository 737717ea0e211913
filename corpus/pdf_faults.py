"""Faults of real PDFs made into generated ones, for the PDF reader's second reading.

- `unmapped`: a character whose embedded font maps it to a private-use code point, as
  fonts without a proper ToUnicode map do; PDFium then cannot know the character's
  text, and the pages holding it are read again by pdfminer (readers/pdf/reader.py,
  pages_in_doubt).
- `shifted`: 666 bytes more in the middle of a page's content, after which the
  cross-reference stream points short of every object, as in a download that gained
  bytes: PDFium rebuilds the table by scanning, pdfminer cannot find the document's
  root (the fuzzer's pdf_465beb6d4daf).
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
