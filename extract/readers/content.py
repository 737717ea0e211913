"""What a format reader returns: the document's running text and its table grids."""

from __future__ import annotations

from dataclasses import dataclass, field

from tongbao.extract.tables.grid import Grid


@dataclass
class Content:
    prose: list[str]  # lines of running text, tables left out, top to bottom
    prose_pages: list[int] | None = None  # the page of each prose line, when known
    grids: list[Grid] = field(default_factory=list)
    n_pages: int | None = None
    status: str = "ok"  # 'partial' when part of the file could not be read
    error: str | None = None  # what was not read, naming the page
    # Metadata the format states outright (a web page's ArticleTitle, PubDate,
    # ContentSource): title, issuer, issue_date. They win over what the text suggests.
    hints: dict[str, str] = field(default_factory=dict)
    # Findings of the reader itself (a glued run with several readings), doc_id unset.
    checks: list = field(default_factory=list)
    # A PDF reader's page layouts, kept so that a second reading redoes only some pages.
    pages: list | None = None
