"""Which reader a file needs: its bytes first, its name second.

A PDF saved as .txt is still a PDF; a name alone is the weakest evidence.
"""

from __future__ import annotations

from pathlib import PurePath

_MAGIC = [
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # DOC or XLS
    (b"PK\x03\x04", "zip"),  # DOCX or XLSX
]
_BY_SUFFIX = {
    ".pdf": "pdf", ".html": "html", ".htm": "html", ".shtml": "html", ".txt": "text",
    ".text": "text", ".docx": "docx", ".doc": "doc", ".xlsx": "xlsx", ".xls": "xls",
}


def sniff_format(data: bytes, name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    head = data[:1024].lstrip()
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "ole":
                return suffix[1:] if suffix in (".doc", ".xls") else "doc"
            if kind == "zip":
                return suffix[1:] if suffix in (".docx", ".xlsx") else "docx"
            return kind
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "html"
    return _BY_SUFFIX.get(suffix, "text")
