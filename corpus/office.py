"""One document's prose and tables written as DOCX, XLSX and a web page, with merged cells.

A table comes in as a Grid whose merged cells were printed as blanks (how converted
text carries them: a unit's name and its total on its first row only, a domain
over its subcategories). `merged()` makes them cells again, spanning the rows and
columns a person merges in Word or Excel; the writers set them as gridSpan/vMerge
(python-docx), merged ranges (openpyxl) or rowspan/colspan. The same truth then
reads back from every format (tests/test_office.py), the PDF and the scan
(corpus/scan.py) too; `python -m tongbao.corpus.scan` writes the samples of them all.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import random
from dataclasses import dataclass, field

from tongbao.corpus.generate import SCORE_PARTS, NoticeTruth, _num
from tongbao.corpus.printed_dates import date_text
from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.normalize.numbers import is_placeholder, parse_number


@dataclass
class Table:
    caption: list[str]  # the lines above it: 附件1 / 标题 / (副标题)
    grid: Grid


@dataclass
class Doc:
    head: list[str]  # prose before the tables
    tables: list[Table] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)


def _number(text: str) -> bool:
    return parse_number(text) is not None or is_placeholder(text)


def merged(grid: Grid) -> Grid:
    """Blanks that continue a cell become part of it. A row starts a group where the first
    column has text; a column printed only on group starts (rank, unit, its total, 责任单位)
    spans its group; a label spans the empty label columns right of it (社会救助领域 over
    domain and subcategory, 合计 over the label columns); an empty label in a row that
    prints no label further left continues the one above (救灾领域 over its subcategories)."""
    heads = grid.header_rows
    at = {(c.row, c.col): c for c in grid.cells}
    text = {k: c.text for k, c in at.items() if c.text}
    data = [r for r in range(grid.n_rows) if r not in heads]
    starts = {r for r in data if (r, 0) in text}
    printed = {k: [r for r in data if (r, k) in text] for k in range(grid.n_cols)}
    values = {k for k, rows in printed.items() if rows and all(_number(text[r, k]) for r in rows)}
    group_cols = {k for k, rows in printed.items() if rows and set(rows) <= starts}
    covered: set[tuple[int, int]] = set()
    for (r, k), cell in sorted(at.items()):  # across first
        if r in heads or (r, k) not in text or _number(cell.text):
            continue
        while (nxt := k + cell.col_span) < grid.n_cols and nxt not in values \
                and (r, nxt) not in text:
            covered.add((r, nxt))
            cell.col_span += 1
    group, group_of = -1, {}
    for r in data:
        group += r in starts
        group_of[r] = group
    for k in range(grid.n_cols):  # then down
        above = None
        for r in data:
            if (r, k) in covered:
                continue
            if (r, k) in text:
                above = at[r, k]
                continue
            width = range(k, k + (above.col_span if above else 1))
            labels_left = any((r, j) in text and j not in values for j in range(k))
            if above is not None and group_of[above.row] == group_of[r] and (
                    k in group_cols or k not in values and not labels_left) and \
                    all((r, j) not in covered and (r, j) not in text for j in width):
                above.row_span = r - above.row + 1
                covered |= {(r, j) for j in width}
            else:
                above = None
    cells = [c for c in grid.cells if (c.row, c.col) not in covered]
    return Grid(cells, grid.n_rows, grid.n_cols, grid.method, grid.title,
                header_rows=set(heads))


def as_printed(grid: Grid) -> dict[tuple[int, int], str]:
    """(row, col) -> text of the cells a reader of the printed page finds: a column that no
    cell starts in (a subcategory column every row's label spans) is no column on paper."""
    starts = sorted({c.col for c in grid.cells})
    at = {col: i for i, col in enumerate(starts)}
    return {(c.row, at[c.col]): c.text for c in grid.cells}


def notice_doc(t: NoticeTruth) -> Doc:
    """A generated notice (corpus/generate.py) as a document of two merged tables."""
    doc = Doc([t.issuer, t.title, "各街道办事处、各镇政府，区人民政府各部门：", "现将有关情况通报如下。"],
              tail=[t.issuer, date_text(dt.date.fromisoformat(t.issue_date),
                                        random.Random(t.issue_date))])
    rows = [["排名", "街道（镇）", "专题", "", "发布信息数量", ""]]
    for rank, u in enumerate(t.units, start=1):
        prev = None
        for i, (d, s, v) in enumerate(u.items):
            first = i == 0
            rows.append([str(rank) if first else "", u.name if first else "",
                         d if d != prev else "", s or "", str(v), _num(u.printed_total) if first else ""])
            prev = d
    rows.append(["合计", "", "", "", _num(t.printed_grand_total), ""])
    spans = {(0, 2): 2, (0, 4): 2}
    doc.tables.append(Table(["附件 1", "网站信息发布情况"], merged(_grid(rows, spans))))
    scores = [["单位名称", *SCORE_PARTS, "总分"]]
    scores += [[s.name, *map(_num, s.parts), _num(s.printed_total)] for s in t.scores]
    doc.tables.append(Table(["附件 2", "部门网站管理情况"], _grid(scores, {})))
    return doc


def _grid(rows: list[list[str]], header_spans: dict[tuple[int, int], int]) -> Grid:
    cells, covered = [], set()
    for (r, c), span in header_spans.items():
        covered |= {(r, c + k) for k in range(1, span)}
    for r, row in enumerate(rows):
        cells += [GridCell(r, c, text, col_span=header_spans.get((r, c), 1))
                  for c, text in enumerate(row) if (r, c) not in covered]
    return Grid(cells, len(rows), len(rows[0]), "corpus", header_rows={0})


def _value(text: str):
    """A number cell as a number (Excel stores numbers, not their text)."""
    number = parse_number(text)
    if number is None or text != text.strip() or "%" in text or "," in text:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def to_docx(doc: Doc) -> bytes:
    import docx  # python-docx writes the test files; it reads them too

    out = docx.Document()
    for line in doc.head:
        out.add_paragraph(line)
    for table in doc.tables:
        out.add_paragraph("")
        for line in table.caption:
            out.add_paragraph(line)
        g = table.grid
        t = out.add_table(rows=g.n_rows, cols=g.n_cols)
        t.style = "Table Grid"
        for c in g.cells:
            cell = t.cell(c.row, c.col)
            if c.row_span > 1 or c.col_span > 1:
                cell = cell.merge(t.cell(c.row + c.row_span - 1, c.col + c.col_span - 1))
            cell.text = c.text
    out.add_paragraph("")
    for line in doc.tail:
        out.add_paragraph(line)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def to_xlsx(doc: Doc) -> bytes:
    """One sheet per table, named 附件N, its caption's other lines merged title rows above."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for i, table in enumerate(doc.tables, start=1):
        sheet = book.create_sheet("".join(table.caption[0].split()) if table.caption
                                  else f"Sheet{i}")
        g = table.grid
        titles = table.caption[1:]
        for r, line in enumerate(titles, start=1):
            sheet.cell(r, 1, line)
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=g.n_cols)
        top = len(titles) + 1
        for c in g.cells:
            sheet.cell(top + c.row, 1 + c.col, _value(c.text) if c.text else None)
            if c.row_span > 1 or c.col_span > 1:
                sheet.merge_cells(start_row=top + c.row, start_column=1 + c.col,
                                  end_row=top + c.row + c.row_span - 1,
                                  end_column=c.col + c.col_span)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def to_html(doc: Doc) -> bytes:
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'>",
             f"<title>{html.escape(doc.head[1])}</title></head><body><div class='article'>"]
    parts += [f"<p>{html.escape(line)}</p>" for line in doc.head]
    for table in doc.tables:
        parts += [f"<p>{html.escape(line)}</p>" for line in table.caption]
        parts.append("<table border='1'>")
        for r in range(table.grid.n_rows):
            parts.append("<tr>" + "".join(
                f"<td rowspan='{c.row_span}' colspan='{c.col_span}'>{html.escape(c.text)}</td>"
                for c in sorted(table.grid.cells, key=lambda c: c.col) if c.row == r) + "</tr>")
        parts.append("</table>")
    parts += [f"<p>{html.escape(line)}</p>" for line in doc.tail]
    return ("".join(parts) + "</div></body></html>").encode("utf-8")


if __name__ == "__main__":
    from tongbao.corpus.scan import main

    main()
