"""The rows tongbao produces, one dataclass per warehouse table.

Field names and meanings follow ../shared/spec/output_contract.md; the
warehouse schema is derived from these classes (pipelines/warehouse.py), so
this file is the single place where a column is declared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tongbao.extract.version import EXTRACTOR_VERSION

FORMATS = ("pdf", "html", "text", "docx", "doc", "xlsx", "xls")
DOC_KINDS = ("annual_report", "notice", "other")
STATUSES = ("ok", "failed", "partial")
CHECK_STATUSES = ("pass", "fail", "rounding", "skipped")
UNIT_TYPES = ("street", "town", "township", "department", "branch", "zone", "other")


@dataclass
class Document:
    doc_id: str
    source_path: str
    format: str
    doc_kind: str = "other"
    title: str | None = None
    issuer: str | None = None
    issuer_unit: str | None = None
    jurisdiction: str | None = None  # the issuer's division: 河南省安阳市北关区
    issue_date: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    n_pages: int | None = None
    status: str = "ok"
    error: str | None = None
    extractor_version: str = EXTRACTOR_VERSION
    run_id: int | None = None  # the `runs` row of the run that read it
    # A row failed on a limit remembers the limits (--timeout, --max-memory-mb): a run
    # with a higher limit reads the file again.
    limit_timeout: float | None = None
    limit_memory_mb: int | None = None


@dataclass
class Table:
    doc_id: str
    table_id: int
    title: str | None
    page_first: int | None
    page_last: int | None
    n_rows: int
    n_cols: int
    method: str
    # How far to trust the table (style: camelot's per-table report):
    # checks that ran on it and how many of them failed.
    n_checks: int = 0
    n_checks_failed: int = 0
    # Form lines printed in or around the table (填报单位（盖章）：…, 单位：元, 填报人：…,
    # 联系电话：…), as printed: what the table says about itself, never a label or value.
    form_lines: list[str] = field(default_factory=list)


@dataclass
class Cell:
    doc_id: str
    table_id: int
    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    is_header: bool
    page: int | None
    bbox: list[float] | None = None


@dataclass
class Record:
    doc_id: str
    table_id: int
    row: int
    col: int
    unit_raw: str | None
    unit: str | None
    unit_type: str | None
    jurisdiction: str | None  # the unit's division: 河南省安阳市北关区
    unit_status: str | None  # registry | gazetteer | form | fuzzy | unresolved
    path: list[str]
    metric: str | None
    value: float | None
    value_raw: str
    is_total: bool
    key: str | None
    page: int | None
    measure: str | None = None  # count | score | amount | rate | change (data/measures.yaml)
    confidence: float | None = None  # OCR's confidence in value_raw (0-1); NULL: not OCR'd
    # The unit the value is printed in, as the table states it (元, 万元, %): a form line
    # 单位：万元, the title, or the column's own header (预算金额（万元）).
    measure_unit: str | None = None


@dataclass
class Check:
    doc_id: str
    table_id: int | None
    check: str
    scope: str
    expected: float | None
    actual: float | None
    status: str
    message: str | None = None


@dataclass
class Fact:
    """A figure stated in the running text (counts in prose: 共受理106件（其中：…）)."""

    doc_id: str
    fact_id: int  # 1, 2, ... in reading order
    sentence: str  # as printed
    subject: str | None  # what is counted: 区长信箱受理群众来信
    unit: str | None  # normalised, when the figure belongs to a unit
    value: float | None  # NULL for membership in a list of units
    value_raw: str | None
    measure: str | None  # 件, 条, 个, %, 万元 ...
    parent_fact_id: int | None  # the stated whole this is a part of
    page: int | None
    kind: str  # count | part | rate | change | member
    approximate: bool = False  # 1700余条, 近千件


@dataclass
class Unit:
    unit: str
    unit_type: str
    jurisdiction: str | None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Run:
    """One `tongbao extract` run (the counts are filled in when it finishes)."""

    run_id: int  # 1, 2, ... in the order runs started on this warehouse
    started: dt.datetime
    finished: dt.datetime | None
    version: str  # tongbao's version (and the aliases file's hash) that read the files
    files_seen: int | None = None  # input paths found
    files_read: int | None = None  # documents rows written: files new, changed or retried
    files_failed: int | None = None  # of those, how many ended as failed rows


SOURCE_STATUSES = ("present", "missing")


@dataclass
class Source:
    """An input path, every one ever seen (two paths with the same bytes are two rows of
    one document)."""

    path: str  # as found; bytes that are not UTF-8 shown as \xNN
    doc_id: str | None  # the document its bytes are; NULL when they could not be read
    run_id: int  # the last run that saw it (or saw it gone)
    size: int | None  # bytes
    mtime: dt.datetime | None  # last modified (UTC)
    status: str  # present | missing: gone when last looked for (under a run's inputs)


@dataclass
class Extraction:
    """Everything read from one file: what a reader returns, what the warehouse stores."""

    document: Document
    tables: list[Table] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


# The warehouse tables that hold one document's rows, in write order.
PER_DOCUMENT_TABLES: dict[str, type] = {
    "documents": Document,
    "tables": Table,
    "cells": Cell,
    "records": Record,
    "checks": Check,
    "facts": Fact,
}

# The warehouse tables about runs and input paths, not about one document's content.
RUN_TABLES: dict[str, type] = {"runs": Run, "sources": Source}
