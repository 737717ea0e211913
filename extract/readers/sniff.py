"""Which reader a file needs: its bytes first, its name second.

A PDF saved as .txt is still a PDF; a name alone is the weakest evidence. Office
files are told apart by what they contain: a ZIP package holding word/document.xml
is a Word file whatever its name, an OLE file with a Workbook stream a spreadsheet.
WPS Office's own .wps and .et are the Word and Excel formats of their day: doc, xls.
"""

from __future__ import annotations

import io
from pathlib import PurePath

_MAGIC = [
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # DOC, XLS, WPS, ET, or an encrypted DOCX/XLSX
    (b"PK\x03\x04", "zip"),  # DOCX or XLSX
]
_BY_SUFFIX = {
    ".pdf": "pdf", ".html": "html", ".htm": "html", ".shtml": "html", ".txt": "text",
    ".text": "text", ".docx": "docx", ".docm": "docx", ".doc": "doc", ".wps": "doc",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".et": "xls",
}
# The part a package's format is known by, and the stream an OLE file's.
_ZIP_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}
_OLE_STREAMS = {"worddocument": "doc", "workbook": "xls", "book": "xls"}


def sniff_format(data: bytes, name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    head = data[:1024].lstrip()
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "ole":
                return _ole_format(data) or _office_by_suffix(suffix, "doc")
            if kind == "zip":
                return _zip_format(data) or _office_by_suffix(suffix, "docx")
            return kind
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "html"
    kind = _BY_SUFFIX.get(suffix, "text")
    if kind in ("doc", "xls") and data and b"\x00" not in data[:4096] \
            and not head.startswith(b"{\\rtf"):
        return "text"  # a table saved as text under an office name, as many sites do
    return kind


def _office_by_suffix(suffix: str, default: str) -> str:
    kind = _BY_SUFFIX.get(suffix)
    return kind if kind in ("doc", "xls", "docx", "xlsx") else default


def _zip_format(data: bytes) -> str | None:
    import zipfile  # here: a PDF's or a text's reading never needs it

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):  # truncated: the name must do
        return None
    return next((kind for part, kind in _ZIP_PARTS.items() if part in names), None)


def _ole_format(data: bytes) -> str | None:
    # Imported here: the batch client names failed files' formats with this module.
    from tongbao.extract.readers.office.package import ole_streams

    streams = ole_streams(data) or set()
    return next((kind for stream, kind in _OLE_STREAMS.items() if stream in streams), None)
