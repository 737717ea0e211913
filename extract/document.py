"""read_document: one file's bytes and name in, all its warehouse rows out.

A pure function with no global state, so any executor (a process pool, a Ray
worker) can run it anywhere. Bad input becomes a failed document row; it
never raises for a bad file.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable

from tongbao.extract.checks.arithmetic import settle
from tongbao.extract.checks.crosscheck import prose_against_tables
from tongbao.extract.checks.derived import derived_checks
from tongbao.extract.checks.forms import check_forms
from tongbao.extract.checks.readings import check_table
from tongbao.extract.checks.template import template_checks, unfilled_totals
from tongbao.extract.errors import BadInput
from tongbao.extract.identity import doc_id_of, extractor_version, printable_path
from tongbao.extract.model import (
    Cell,
    Check,
    Document,
    Extraction,
    Record,
    Table,
)
from tongbao.extract.prose.facts import read_facts
from tongbao.extract.prose.measures import measure_of, measure_unit_of
from tongbao.extract.prose.metadata import read_metadata
from tongbao.extract.readers.content import Content
from tongbao.extract.readers.text.glued_rows import reports_printed
from tongbao.extract.tables.annual import (
    TEMPLATE_SINCE,
    holds_template,
    key_view,
    rejoined,
    template,
)
from tongbao.extract.tables.grid import Grid
from tongbao.extract.tables.interpret import build_view, make_record, to_records
from tongbao.normalize.numbers import is_placeholder, printed_unit
from tongbao.normalize.units import issuer_unit, jurisdiction_of

Reader = Callable[[bytes, str], Content]
# Each format's reader (module: function under extract/readers), imported when a file of
# that format is first read: a PDF never pays for the web and office libraries' import.
READERS: dict[str, str] = {"text": "text.reader:read_text", "pdf": "pdf.reader:read_pdf",
                           "html": "html.reader:read_html", "docx": "office.docx:read_docx",
                           "doc": "office.docx:read_doc", "xlsx": "office.sheets:read_workbook",
                           "xls": "office.sheets:read_workbook"}


def reader_of(format: str) -> Reader | None:
    if format not in READERS:
        return None
    module, function = READERS[format].split(":")
    return getattr(importlib.import_module(f"tongbao.extract.readers.{module}"), function)


def read_document(data: bytes, source_path: str, format: str | None = None,
                  aliases: str | None = None) -> Extraction:
    """All rows of one file. `aliases` names a user's unit-aliases file (YAML)."""
    from tongbao.extract.readers.sniff import sniff_format

    doc = Document(doc_id=doc_id_of(data), source_path=printable_path(source_path),
                   format=format or sniff_format(data, source_path),
                   extractor_version=extractor_version(aliases))
    reader = reader_of(doc.format)
    if reader is None:
        doc.status = "failed"
        doc.error = (f"{doc.format.upper()} files cannot be read by this version of tongbao "
                     f"(it reads: {', '.join(sorted(READERS))}); convert the file to one of "
                     "those or upgrade tongbao")
        return Extraction(doc)
    try:
        content = reader(data, source_path)
    except BadInput as e:
        doc.status, doc.error = "failed", str(e)
        return Extraction(doc)
    ex = _assemble(doc, content, aliases)
    if doc.format == "pdf" and (pages := _pages_of_failing_tables(ex)):
        ex = _read_again(data, content, ex, pages, aliases)
    return ex


def _read_again(data: bytes, content: Content, ex: Extraction, pages: set[int],
                aliases: str | None) -> Extraction:
    """A PDF whose totals fail: the pages of the failing tables on which PDFium had to guess
    a character's text are read again by pdfminer, and the reading that reconciles more is
    kept (the document's own errors fail both alike). Where PDFium guessed nothing, both
    engines take the same text from the same font maps (pages_in_doubt): a second reading
    could change nothing, and the pages are not parsed twice; nor are the pages pdfminer
    read the first time (PDFium refused the file, or might have dropped glyphs there)."""
    from tongbao.extract.readers.pdf.reader import pages_in_doubt, reread_pages

    theirs = {lay.number for lay in content.pages or [] if lay.engine == "pdfminer"} & pages
    mapped = pages - theirs
    doubtful = pages_in_doubt(data, mapped) if mapped else set()
    if not doubtful:
        said = []
        if mapped:
            said.append(f"every character on {_pages(mapped)} has its text from its font's "
                        "map, which pdfminer reads alike")
        if theirs:
            said.append(f"pdfminer read {_pages(theirs)} already")
        ex.checks.append(_engine_check(
            ex, f"read by {'pdfium' if mapped else 'pdfminer'} ({_failing(ex)} failing "
                f"checks); not read again by pdfminer: {'; '.join(said)}"))
        return ex
    try:
        again = reread_pages(data, content, doubtful)
    except BadInput as e:  # pdfminer cannot open what PDFium read: the first reading stands
        ex.checks.append(_engine_check(ex, f"read by pdfium; pdfminer could not read it "
                                           f"again ({e}); kept pdfium's"))
        return ex
    second = _assemble(dataclasses.replace(ex.document), again, aliases)
    return more_reconciled(ex, second, ("pdfium", "pdfminer"))


def _pages(numbers: set[int]) -> str:
    from tongbao.extract.readers.pdf.reader import page_ranges

    return f"page{'s' if len(numbers) > 1 else ''} {page_ranges(sorted(numbers))}"


def _pages_of_failing_tables(ex: Extraction) -> set[int]:
    # A table read by OCR has no text layer for pdfminer to read again.
    ocr = {t.table_id for t in ex.tables if t.method == "ocr"}
    failing = {c.table_id for c in ex.checks if c.status == "fail" and c.table_id is not None
               and c.table_id not in ocr}
    return {p for t in ex.tables if t.table_id in failing and t.page_first
            for p in range(t.page_first, (t.page_last or t.page_first) + 1)}


def _failing(ex: Extraction) -> int:
    return sum(c.status == "fail" for c in ex.checks)


def _holding(ex: Extraction) -> int:
    return sum(c.status in ("pass", "rounding") for c in ex.checks)


def more_reconciled(first: Extraction, second: Extraction, engines: tuple[str, str]
                    ) -> Extraction:
    """Of two readings of one document, the second only when it is better on the evidence
    and worse on none: no more failing checks and no fewer holding, one of them strictly
    (a reading that loses cells loses checks, and must not win by failing fewer); else the
    first. A check row says which engine's reading was kept and why."""
    better = (_failing(second) <= _failing(first) and _holding(second) >= _holding(first)
              and (_failing(second), _holding(second)) != (_failing(first), _holding(first)))
    keep, name = (second, engines[1]) if better else (first, engines[0])
    keep.checks.append(_engine_check(keep, f"read by {engines[0]} ({_failing(first)} failing "
                                           f"checks) and {engines[1]} ({_failing(second)}); "
                                           f"kept {name}'s"))
    return keep


def _engine_check(ex: Extraction, message: str) -> Check:
    return Check(doc_id=ex.document.doc_id, table_id=None, check="engine_choice",
                 scope="document", expected=None, actual=None, status="skipped", message=message)


def _assemble(doc: Document, content: Content, aliases: str | None) -> Extraction:
    meta = read_metadata(content.prose, content.hints, holds_template(content.grids))
    doc.title, doc.issuer, doc.doc_kind = meta.title, meta.issuer, meta.doc_kind
    doc.issue_date, doc.period_start, doc.period_end = (
        meta.issue_date, meta.period_start, meta.period_end)
    # The issuer's division; where its name states none (区公安局, as a site's header
    # prints it), the one the title names (平潭综合实验区公安局2024年度…).
    context = (jurisdiction_of(meta.issuer) if meta.issuer else None) or \
        (jurisdiction_of(meta.title) if meta.title else None)
    doc.jurisdiction = context.path if context else None
    doc.issuer_unit = issuer_unit(meta.issuer, context, aliases) if meta.issuer else None
    doc.n_pages, doc.status, doc.error = content.n_pages, content.status, content.error
    out = Extraction(doc)
    keyed: dict[str, Record] = {}
    copies = 0  # template cells printed again (several reports in one file)
    later, last_order = False, 0  # past the first report; the last template section read
    for table_id, grid in enumerate(content.grids, start=1):
        views = [build_view(part) for part in grid.side_by_side()]
        if doc.doc_kind == "annual_report":
            views = rejoined(grid, views)
        checks, records = [], []
        for view in views:
            view_records = to_records(view, doc.doc_id, table_id, context, aliases)
            section, keys = key_view(view) if doc.doc_kind == "annual_report" else (None, {})
            # A table printing template cells already read, or a section before the last
            # one read: another report bound in the same file (a year beside it, the next
            # department's, in any layout). The keys stay the first report's.
            order = _SECTION_ORDER.get((section or "").removesuffix("_2019"), 0)
            later = later or 0 < order < last_order
            last_order = max(last_order, order)
            again = later or any(k in keyed for k in keys.values())
            printed = {(r.row, r.col - view.grid.col_offset) for r in view_records}
            rows = {r.index: r for r in view.rows}
            texts = {(cell.row, cell.col): cell.text.strip() for cell in view.grid.cells} \
                if keys else {}  # (a template's table only)
            for row, c in keys:  # a template cell left empty counts as 0; one printing
                if (row, c) not in printed:  # words where a figure goes is unreadable
                    text = texts.get((row, c), "")
                    view_records.append(make_record(
                        view, rows[row], c, text, doc.doc_id, table_id,
                        value=0.0 if not text or is_placeholder(text) else None))
            for r in view_records:
                r.key = keys.get((r.row, r.col - view.grid.col_offset))
                if r.key and r.value is None and is_placeholder(r.value_raw):
                    r.value = 0.0  # — in a template cell: none
                if r.key and again:
                    r.key, copies = None, copies + 1
                elif r.key:
                    keyed[r.key] = r
                word = printed_unit(r.value_raw) if r.value is not None else None
                r.measure = measure_of(r.key, r.metric, r.path, view.form.unit, word)
                r.measure_unit = measure_unit_of(r.measure, r.metric, r.path, view.form.unit,
                                                 word)
            # A template table is checked by the template's own rules (below), once.
            checks += [] if section else (derived_checks(view, doc.doc_id, table_id)
                                          + check_table(view, doc.doc_id, table_id))
            records += view_records
        form = views[0].form
        checks += check_forms(grid, doc.doc_id, table_id, form.unit)
        out.tables.append(Table(
            doc_id=doc.doc_id, table_id=table_id, title=form.title or grid.title,
            page_first=grid.page_first, page_last=grid.page_last,
            n_rows=grid.n_rows, n_cols=grid.n_cols, method=grid.method,
            form_lines=[line for v in views for line in v.form.lines]))
        out.cells += _cells(grid, doc.doc_id, table_id)
        out.records += records
        out.checks += checks
    for check in content.checks:
        check.doc_id = doc.doc_id
        out.checks.append(check)
    if keyed:
        unfilled = unfilled_totals(keyed)
        for key in unfilled:
            keyed[key].value = None
        out.checks += template_checks({k: r.value for k, r in keyed.items()}, doc.doc_id,
                                      {k: r.table_id for k, r in keyed.items()}, unfilled)
    if doc.doc_kind == "annual_report":
        out.checks += _template_tables_unread(doc, keyed)
    out.facts, fact_checks = read_facts(content.prose, content.prose_pages, doc.doc_id, context,
                                        aliases, settle)
    out.checks += fact_checks
    out.checks += _one_report_or_several(prose_against_tables(out, doc.doc_id), content,
                                         copies, doc.doc_id)
    _count_checks(out)
    return out


_SECTION_ORDER = {"sec2": 2, "sec3": 3, "sec4": 4}  # the template's tables, in order


def _one_report_or_several(compared: list[Check], content: Content, copies: int,
                           doc_id: str) -> list[Check]:
    """The text's figures compared with the tables; where the file binds several reports
    (two years side by side, departments' reports in one PDF) the keys are the first
    report's, and a text that disagrees with them may speak of another: no claim then."""
    reports = reports_printed("\n".join(content.prose))
    if reports < 2 and not copies:
        return compared
    why = (f"the file prints the report's request section {reports} times" if reports > 1
           else f"the file prints the template's cells again ({copies} after the first report)")
    note = Check(doc_id, None, "several_reports", "file", None, None, "skipped",
                 f"{why}: several reports in one file; the template's keys are the first "
                 "report's, and the text is compared with them without a claim")
    return [note] + [dataclasses.replace(c, status="skipped", message=(
        f"{c.message} (not claimed: the text may speak of another report in the file)"))
        if c.status == "fail" else c for c in compared]


def _template_tables_unread(doc: Document, keyed: dict) -> list[Check]:
    """An annual report says which template table gave no key, rather than reading as a
    report of nothing there: a crawled page often holds only the title and links the
    report as an attachment (.doc, .pdf), or prints its tables as images; a table whose
    every figure is a zero printed as nothing prints none at all. A report for a year
    before TEMPLATE_SINCE has no template to read."""
    doc_id, read = doc.doc_id, {key.split(".")[0].removesuffix("_2019") for key in keyed}
    year = doc.period_end.year if doc.period_end else None
    if not read and year and year < TEMPLATE_SINCE:
        return [Check(doc_id, None, "no_template_tables", "file", None, None, "skipped",
                      f"an annual report for {year}, before the national template of "
                      f"{TEMPLATE_SINCE}: "
                      "its statistics table (指标名称, 计量单位, the year's and all years' "
                      "figures) has no template keys; its cells are kept as a table")]
    if not read:
        return [Check(doc_id, None, "no_template_tables", "file", None, None, "skipped",
                      "an annual report, but none of the template's tables (sections 2 to 4) "
                      "was read in this file: no figure of the report is recorded. The report "
                      "may be an attachment the page links to, or its tables images; read "
                      "that file instead")]
    return [Check(doc_id, None, "no_template_tables", section, None, None, "skipped",
                  f"no figure of {heading} was read: its table prints none (every figure a zero "
                  "printed as nothing, which nothing tells from a table left unfilled) or is "
                  "not in this file; its keys are left open")
            for section, heading in ((s, template()[s]["heading"]) for s in ("sec2", "sec3", "sec4"))
            if section not in read]


def _count_checks(ex: Extraction) -> None:
    """Each table's checks: every check that names it, whatever made it (its own totals, the
    annual template's rules, a figure in the text compared with it), so a published error
    shows at table level too. Skipped checks did not run."""
    for t in ex.tables:
        mine = [c for c in ex.checks if c.table_id == t.table_id]
        t.n_checks = sum(c.status != "skipped" for c in mine)
        t.n_checks_failed = sum(c.status == "fail" for c in mine)


def _cells(grid: Grid, doc_id: str, table_id: int) -> list[Cell]:
    return [Cell(doc_id=doc_id, table_id=table_id, row=c.row, col=c.col, row_span=c.row_span,
                 col_span=c.col_span, text=c.text, is_header=c.is_header or c.row in grid.header_rows,
                 page=c.page if c.page is not None else grid.page_first, bbox=c.bbox)
            for c in sorted(grid.cells, key=lambda c: (c.row, c.col))]
