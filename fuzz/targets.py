"""What each fuzz target runs: one file's bytes through read_document, as one format.

A target fails (and atheris keeps the input) when an exception other than a
documents row escapes, or when the row breaks the contract: every file ends as a
row with a known status, and a failed or partial row says why. Hangs and memory
blow-ups are caught by libFuzzer's own -timeout and -rss_limit_mb (see run.py).
"""

from __future__ import annotations

from tongbao.extract.document import read_document
from tongbao.extract.model import STATUSES

# target -> (the format read_document is told, or None to sniff it; a file name; seed suffixes)
TARGETS: dict[str, tuple[str | None, str, tuple[str, ...]]] = {
    "text": ("text", "fuzzed.txt", (".txt",)),
    "html": ("html", "fuzzed.html", (".html", ".htm")),
    "pdf": ("pdf", "fuzzed.pdf", (".pdf",)),
    "document": (None, "fuzzed", (".txt", ".html", ".htm", ".pdf")),
}


def read_as(target: str, data: bytes) -> None:
    format, name, _ = TARGETS[target]
    doc = read_document(data, name, format=format).document
    if doc.status not in STATUSES:
        raise AssertionError(f"status {doc.status!r} is none of {STATUSES}")
    if doc.status != "ok" and not doc.error:
        raise AssertionError(f"a {doc.status} row without an error")
    for text in (doc.title, doc.issuer, doc.error):  # what the warehouse must be able to store
        if text is not None:
            text.encode("utf-8")
