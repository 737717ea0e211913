"""Two quadratic paths in pdfminer.six made linear, applied once when the PDF reader loads.

pdfminer (through pdfplumber) is our second engine and the fallback for files
PDFium refuses, so a damaged file reaches it. Two of its loops copy a growing
bytes object at every step, which a hostile file turns into minutes:

- `pdftypes.decompress_corrupted` (a Flate stream with a bad checksum) feeds
  zlib one byte at a time and appends each piece to a bytes object: a 500 KB
  stream took over 90 s (upstream: pdfminer/pdfminer.six#1163, open). Here:
  whole chunks while zlib accepts them, byte by byte only inside the chunk that
  fails, pieces joined once. Same output, same error for the same input.
- a literal string token `(...)` is accumulated with `bytes +=`, one escape or
  parenthesis at a time: a 2.8 MB string took 40 s. Here the token grows in a
  bytearray while the string is parsed, and is handed on as bytes.

Both are exact replacements: tests/test_fuzz_regressions.py compares them with
pdfminer's own on normal input.
"""

from __future__ import annotations

import zlib

from pdfminer import pdftypes
from pdfminer.psparser import PSBaseParser

CHUNK = 1 << 16
PDFMINER_DECOMPRESS_CORRUPTED = pdftypes.decompress_corrupted  # kept for comparison in tests


def decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's decompress_corrupted in linear time: what zlib yields before the stream
    breaks; the error propagates unless it is in the last 3 bytes (the checksum)."""
    d = zlib.decompressobj()
    out: list[bytes] = []
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        saved = d.copy()
        try:
            out.append(d.decompress(chunk))
            continue
        except zlib.error:
            d = saved  # redo this chunk a byte at a time to keep what precedes the error
        for k in range(len(chunk)):
            try:
                out.append(d.decompress(chunk[k:k + 1]))
            except zlib.error:
                if start + k < len(data) - 3:  # not in the checksum: a real error
                    raise
                pdftypes.logger.warning("Data-loss while decompressing corrupted data")
                return b"".join(out)
    return b"".join(out)


def _growing_in_place(method):
    """The string being parsed as a bytearray: `+=` then appends instead of copying."""
    def parse(self, s: bytes, i: int) -> int:
        if type(self._curtoken) is bytes:
            self._curtoken = bytearray(self._curtoken)
        return method(self, s, i)
    parse.__wrapped__ = method
    return parse


def _add_token_as_bytes(method):
    def add(self, obj) -> None:
        method(self, bytes(obj) if type(obj) is bytearray else obj)
    add.__wrapped__ = method
    return add


def apply() -> None:
    if getattr(pdftypes.decompress_corrupted, "__module__", "") == __name__:
        return  # already applied
    pdftypes.decompress_corrupted = decompress_corrupted
    PSBaseParser._parse_string = _growing_in_place(PSBaseParser._parse_string)
    PSBaseParser._parse_string_1 = _growing_in_place(PSBaseParser._parse_string_1)
    PSBaseParser._add_token = _add_token_as_bytes(PSBaseParser._add_token)
