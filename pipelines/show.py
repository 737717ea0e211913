"""`tongbao show FILE --format table|md|csv`: every record of one file, readable.

table: aligned text per table (wide CJK characters counted as two columns), md: Markdown
tables, csv: the records as `tongbao export --flat` writes them. Each table is headed by
its title, pages and checks; checks that did not pass are listed after the tables.
"""

from __future__ import annotations

import unicodedata

from tongbao.pipelines.api import Read

COLUMNS = ("row", "unit", "path", "metric", "value", "total")


def render(ex: Read, fmt: str) -> str:
    if fmt == "csv":
        import duckdb

        from tongbao.pipelines.export import to_text

        con = duckdb.connect()
        con.register("records", ex.records.to_arrow())
        return to_text(con, "records", "csv", flat=True)
    d = ex.document
    lines = [_heading(fmt, 1, d.title or d.source_path),
             f"{d.source_path}: {d.doc_kind}, issuer {d.issuer or '?'}, issued "
             f"{d.issue_date or '?'}, period {d.period_start or '?'} .. {d.period_end or '?'}, "
             f"status {d.status}; {len(ex.tables)} tables, {len(ex.records)} records, "
             f"{len(ex.checks)} checks", ""]
    for t in ex.tables:
        pages = f"p. {t.page_first}" if t.page_first == t.page_last or not t.page_last else \
            f"pp. {t.page_first}-{t.page_last}"
        lines += [_heading(fmt, 2, f"table {t.table_id}: {t.title or '(untitled)'}"),
                  f"{pages if t.page_first else 'no pages'}, {t.n_rows}x{t.n_cols}, read by "
                  f"{t.method}, checks {t.n_checks} ({t.n_checks_failed} failing)", ""]
        rows = [(r.row, r.unit or r.unit_raw or "", " / ".join(r.path), r.metric or "",
                 r.value_raw, "total" if r.is_total else "")
                for r in ex.records if r.table_id == t.table_id]
        lines += (_markdown if fmt == "md" else _aligned)(COLUMNS, rows)
        lines.append("")
    other = [c for c in ex.checks if c.status != "pass"]
    if other:
        lines += [_heading(fmt, 2, f"checks that did not pass ({len(other)} of "
                                   f"{len(ex.checks)})")]
        lines += [f"{'- ' if fmt == 'md' else '  '}{c.status}: {c.check} "
                  f"[table {c.table_id if c.table_id is not None else '-'}: {c.scope}] "
                  f"printed {c.expected} computed {c.actual}"
                  f"{' - ' + c.message if c.message else ''}" for c in other]
    return "\n".join(lines).rstrip("\n") + "\n"


def _heading(fmt: str, level: int, text: str) -> str:
    return f"{'#' * level} {text}" if fmt == "md" else (text if level == 1 else f"== {text}")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _aligned(header: tuple, rows: list[tuple]) -> list[str]:
    cells = [list(map(str, header))] + [[str(v) for v in row] for row in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    return ["  ".join(v + " " * (w - _width(v)) for v, w in zip(r, widths, strict=True)).rstrip()
            for r in cells]


def _markdown(header: tuple, rows: list[tuple]) -> list[str]:
    def line(values) -> str:
        return "| " + " | ".join(str(v).replace("|", "\\|") for v in values) + " |"
    return [line(header), "|" + "---|" * len(header), *map(line, rows)]
