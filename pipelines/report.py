"""The validation report: DIR/report/index.html and one page per document, from the warehouse.

Self-contained HTML (inline style, no script, no font or stylesheet from anywhere), so it
opens in a browser with no network, as on a government network. Documents are named by
file name and title; every failing check is listed with its page and the printed and
computed figures; the expectations' outcomes come from the checks rows `validate` stored.
Rows are streamed from DuckDB page by page, so a warehouse of any size renders in flat
memory.
"""

from __future__ import annotations

import html
import os
import shutil
from itertools import groupby
from pathlib import Path, PurePath

from tongbao.extract.version import EXTRACTOR_VERSION
from tongbao.pipelines.warehouse import VALIDATION_ROWS

STYLE = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;
margin:1.5em;color:#222;max-width:1400px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}
.fail{color:#b00020;font-weight:bold}.pass{color:#1b7f3b}.skipped,.rounding{color:#8a6d00}
.failed{color:#b00020}.partial{color:#8a6d00}.ok{color:#1b7f3b}
.muted{color:#777;font-size:.85em}tr.check-fail,tr.failing-check{background:#fdf0f2}.summary td{border:none;padding:.1em 1em .1em 0}
"""
BATCH = 2000  # rows fetched from DuckDB at a time


def _e(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return html.escape(str(value))


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>\n"
            f"<body>\n{body}\n</body></html>\n")


def _status(status) -> str:
    return f'<span class="{_e(status)}">{_e(status)}</span>'


def _pages(first, last) -> str:
    if first is None:
        return "—"
    return f"p. {first}" if last in (None, first) else f"pp. {first}–{last}"


def _rows(cursor):
    while batch := cursor.fetchmany(BATCH):
        yield from batch


def doc_page_name(doc_id: str) -> str:
    return f"doc-{doc_id[:16]}.html"


def _doc_label(path, title) -> str:
    name = PurePath(path).name if path else "?"
    return (f'<b>{_e(name)}</b><br><span class="muted">{_e(title)}</span>' if title
            else f"<b>{_e(name)}</b>")


CHECK_COLUMNS = ("table", "pages", "check", "scope", "printed", "computed", "status", "message")


def _check_cells(table_id, table_title, first, last, check, scope, expected, actual, status,
                 message) -> str:
    table = "—" if table_id is None else f"{table_id} {_e(table_title) if table_title else ''}"
    return (f"<td>{table}</td><td>{_pages(first, last)}</td><td>{_e(check)}</td>"
            f"<td>{_e(scope)}</td><td class=n>{_e(expected)}</td><td class=n>{_e(actual)}</td>"
            f"<td>{_status(status)}</td><td>{_e(message)}</td>")


CHECKS_SQL = """
SELECT c.doc_id, t.table_id, t.title, t.page_first, t.page_last, c."check", c.scope,
       c.expected, c.actual, c.status, c.message
FROM checks c LEFT JOIN tables t ON t.doc_id = c.doc_id AND t.table_id = c.table_id
WHERE c.doc_id IS NOT NULL {where}
ORDER BY c.doc_id, c.status <> 'fail', c.table_id NULLS LAST, c."check", c.scope"""


def write_report(con, folder: Path) -> Path:
    """Write the report into folder (replacing an older one); returns index.html."""
    folder = Path(folder)
    stage = folder.with_name(f".{folder.name}.tmp")
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "docs").mkdir(parents=True)
    (stage / "index.html").write_text(_index(con), "utf-8")
    _document_pages(con, stage / "docs")
    old = folder.with_name(f".{folder.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        os.replace(folder, old)
    os.replace(stage, folder)  # the new report appears whole
    shutil.rmtree(old, ignore_errors=True)
    return folder / "index.html"


def _index(con) -> str:
    n = dict(zip(["docs", "ok", "partial", "failed", "tables", "records"], con.execute("""
        SELECT count(*), count(*) FILTER (status = 'ok'), count(*) FILTER (status = 'partial'),
               count(*) FILTER (status = 'failed'), (SELECT count(*) FROM tables),
               (SELECT count(*) FROM records) FROM documents""").fetchone(), strict=True))
    n_checks, n_failing = con.execute(
        f"SELECT count(*), count(*) FILTER (status = 'fail') FROM checks WHERE NOT "
        f"({VALIDATION_ROWS})").fetchone()
    expectations = con.execute(
        f"SELECT scope, status, actual, message FROM checks WHERE {VALIDATION_ROWS} "
        "ORDER BY status <> 'fail', scope").fetchall()
    n_exp_failing = sum(s == "fail" for _, s, _, _ in expectations)
    parts = ["<h1>tongbao report</h1>",
             '<table class="summary">',
             f"<tr><td>documents</td><td>{n['docs']} (ok {n['ok']}, partial {n['partial']}, "
             f"failed {n['failed']})</td></tr>",
             f"<tr><td>tables</td><td>{n['tables']}</td></tr>"
             f"<tr><td>records</td><td>{n['records']}</td></tr>",
             f"<tr><td>checks</td><td>{n_checks} "
             f"(<span class=\"{'fail' if n_failing else 'pass'}\">{n_failing} failing</span>)"
             "</td></tr>",
             f"<tr><td>expectations</td><td>{len(expectations)} "
             f"(<span class=\"{'fail' if n_exp_failing else 'pass'}\">{n_exp_failing} failing"
             "</span>)</td></tr>",
             f"<tr><td>tongbao</td><td>{EXTRACTOR_VERSION}</td></tr></table>",
             '<h2 id="expectations">Expectations</h2>',
             "<p class=muted>The great-expectations suites (expectations/suites/), run on the "
             "whole warehouse; a failing one names what broke it.</p>",
             "<table><tr><th>suite / expectation</th><th>outcome</th><th>unexpected</th>"
             "<th>message</th></tr>"]
    parts += [f"<tr><td>{_e(scope)}</td><td>{_status(status)}</td><td class=n>{_e(actual)}</td>"
              f"<td>{_e(message)}</td></tr>" for scope, status, actual, message in expectations]
    parts.append("</table>")
    if not expectations:
        parts.append("<p>No validation stored yet: run <code>tongbao validate DIR</code>.</p>")
    parts += ['<h2 id="failing">Failing checks</h2>',
              "<p class=muted>A failing check is a printed figure that does not agree with the "
              "document's own other figures: printed is what the document says, computed what "
              "its parts add up to.</p>",
              "<table><tr><th>document</th>"
              + "".join(f"<th>{c}</th>" for c in CHECK_COLUMNS) + "</tr>"]
    cursor = con.execute("""
        SELECT d.doc_id, d.source_path, d.title, t.table_id, t.title, t.page_first, t.page_last,
               c."check", c.scope, c.expected, c.actual, c.status, c.message
        FROM checks c JOIN documents d USING (doc_id)
        LEFT JOIN tables t ON t.doc_id = c.doc_id AND t.table_id = c.table_id
        WHERE c.status = 'fail' ORDER BY d.source_path, c.table_id NULLS LAST, c."check", c.scope""")
    for doc_id, path, title, *rest in _rows(cursor):
        parts.append(f'<tr class="failing-check"><td><a href="docs/{doc_page_name(doc_id)}">'
                     f"{_doc_label(path, title)}</a></td>{_check_cells(*rest)}</tr>")
    parts.append("</table>")
    parts += ['<h2 id="documents">Documents</h2>',
              "<table><tr><th>document</th><th>kind</th><th>issuer</th><th>period</th>"
              "<th>status</th><th>tables</th><th>records</th><th>checks</th><th>failing</th>"
              "</tr>"]
    cursor = con.execute("""
        SELECT d.doc_id, d.source_path, d.title, d.doc_kind, d.issuer, d.period_start,
               d.period_end, d.status, d.error,
               (SELECT count(*) FROM tables t WHERE t.doc_id = d.doc_id),
               (SELECT count(*) FROM records r WHERE r.doc_id = d.doc_id),
               (SELECT count(*) FROM checks c WHERE c.doc_id = d.doc_id),
               (SELECT count(*) FROM checks c WHERE c.doc_id = d.doc_id AND c.status = 'fail')
        FROM documents d ORDER BY d.source_path""")
    for (doc_id, path, title, kind, issuer, start, end, status, error, n_tables, n_records,
         n_chk, n_fail) in _rows(cursor):
        why = f'<br><span class="muted">{_e(error)}</span>' if error else ""
        parts.append(
            f'<tr class="document"><td><a href="docs/{doc_page_name(doc_id)}">'
            f"{_doc_label(path, title)}</a></td><td>{_e(kind)}</td><td>{_e(issuer)}</td>"
            f"<td>{_e(start)} – {_e(end)}</td><td>{_status(status)}{why}</td>"
            f"<td class=n>{n_tables}</td><td class=n>{n_records}</td><td class=n>{n_chk}</td>"
            f"<td class=n><span class=\"{'fail' if n_fail else 'pass'}\">{n_fail}</span></td></tr>")
    parts.append("</table>")
    return _page("tongbao report", "\n".join(parts))


DOC_FIELDS = ("source_path", "title", "doc_kind", "format", "issuer", "issuer_unit",
              "jurisdiction", "issue_date", "period_start", "period_end", "n_pages", "status",
              "error", "extractor_version", "doc_id")


def _document_pages(con, folder: Path) -> None:
    """One page per document; documents, tables and checks each read once, in doc_id order
    (three cursors side by side: a DuckDB connection holds one result at a time)."""
    docs = _rows(con.cursor().execute(f"SELECT doc_id, {', '.join(DOC_FIELDS)} FROM documents "
                             "ORDER BY doc_id"))
    tables = groupby(_rows(con.cursor().execute(
        "SELECT doc_id, table_id, title, page_first, page_last, method, n_rows, n_cols, "
        "n_checks, n_checks_failed FROM tables ORDER BY doc_id, table_id")), key=lambda r: r[0])
    checks = groupby(_rows(con.cursor().execute(CHECKS_SQL.format(where=""))), key=lambda r: r[0])
    next_tables, next_checks = next(tables, None), next(checks, None)
    for doc_id, *fields in docs:
        mine_tables, mine_checks = [], []
        while next_tables and next_tables[0] < doc_id:
            next_tables = next(tables, None)
        if next_tables and next_tables[0] == doc_id:
            mine_tables, next_tables = list(next_tables[1]), next(tables, None)
        while next_checks and next_checks[0] < doc_id:
            next_checks = next(checks, None)
        if next_checks and next_checks[0] == doc_id:
            mine_checks, next_checks = list(next_checks[1]), next(checks, None)
        meta = dict(zip(DOC_FIELDS, fields, strict=True))
        (folder / doc_page_name(doc_id)).write_text(
            _document(meta, mine_tables, mine_checks), "utf-8")


def _document(meta: dict, tables: list, checks: list) -> str:
    name = PurePath(meta["source_path"]).name
    failing = sum(c[9] == "fail" for c in checks)
    parts = ['<p><a href="../index.html">← all documents</a></p>',
             f"<h1>{_e(name)}</h1>", f"<p>{_e(meta['title'])}</p>", "<table>"]
    parts += [f"<tr><th>{k}</th><td>{_status(v) if k == 'status' else _e(v)}</td></tr>"
              for k, v in meta.items()]
    parts += ["</table>", f'<h2 id="tables">Tables ({len(tables)})</h2>',
              "<table><tr><th>table</th><th>title</th><th>pages</th><th>method</th>"
              "<th>size</th><th>checks</th><th>failing</th></tr>"]
    for _, tid, title, first, last, method, rows, cols, n_chk, n_fail in tables:
        parts.append(f"<tr><td>{tid}</td><td>{_e(title)}</td><td>{_pages(first, last)}</td>"
                     f"<td>{_e(method)}</td><td>{rows}×{cols}</td><td class=n>{n_chk}</td>"
                     f"<td class=n><span class=\"{'fail' if n_fail else 'pass'}\">{n_fail}</span>"
                     "</td></tr>")
    parts += ["</table>",
              f'<h2 id="checks">Checks ({len(checks)}, <span class="'
              f'{"fail" if failing else "pass"}">{failing} failing</span>)</h2>',
              "<table><tr>" + "".join(f"<th>{c}</th>" for c in CHECK_COLUMNS) + "</tr>"]
    parts += [f'<tr class="check-{_e(c[9])}">{_check_cells(*c[1:])}</tr>' for c in checks]
    parts.append("</table>")
    return _page(f"{name} — tongbao", "\n".join(parts))
