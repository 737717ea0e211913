"""Generated annual reports as Word files (DOCX), as offices attach them to the report's page.

The article is the web page's (annual.py's render_html): the same paragraphs, and the
same tables with their merged cells, set as Word sets them: a span across as gridSpan,
down as vMerge; a label broken over lines as a line break inside its cell. A Word file
has no page <title>: a report titled only there prints no title here.

    python -m tongbao.corpus.annual_docx --out corpus/samples --truth corpus/truth --count 2
"""

from __future__ import annotations

import random

import lxml.html

from tongbao.corpus.annual import Report, make_report, render_html, write_truth
from tongbao.corpus.generate import sample_arguments
from tongbao.corpus.office import Doc, Table, to_docx
from tongbao.extract.tables.grid import Grid, GridCell


def render_docx(rep: Report, rng: random.Random) -> bytes:
    """The page's article as a document for office.py's Word writer: the paragraphs before
    the first table, each table with the paragraphs above it, those after the last."""
    article = lxml.html.fromstring(render_html(rep, rng)).find_class("article")[0]
    doc, lines = Doc([]), []
    for block in article.iterchildren():
        if block.tag == "p":
            lines.append(_text(block))
        elif block.tag == "table":
            if doc.tables:
                doc.tables.append(Table(lines, _grid(block)))
            else:
                doc.head, doc.tables = lines, [Table([], _grid(block))]
            lines = []
    doc.tail = lines
    return to_docx(doc)


def _text(element) -> str:
    """Its text, a <br/> as a line break."""
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return element.text_content()


def _grid(table) -> Grid:
    """The table's cells placed as a browser places them: each at the first column its
    row leaves free, spanning its rowspan and colspan."""
    taken: set[tuple[int, int]] = set()
    cells = []
    rows = table.findall(".//tr")
    for r, tr in enumerate(rows):
        col = 0
        for td in tr.findall("td"):
            rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            while (r, col) in taken:
                col += 1
            taken |= {(r + i, col + j) for i in range(rs) for j in range(cs)}
            cells.append(GridCell(r, col, _text(td), row_span=rs, col_span=cs))
            col += cs
    return Grid(cells, len(rows), max(c for _, c in taken) + 1, "corpus")


def main(argv: list[str] | None = None) -> None:
    out, truth, rng, count = sample_arguments(__doc__, 2, 23, argv)
    for i in range(count):
        name = f"annual_docx_{i:03d}.docx"
        rep = make_report(rng, name, unfilled=True)
        (out / name).write_bytes(render_docx(rep, rng))
        write_truth(rep, truth / f"annual_docx_{i:03d}.json")


if __name__ == "__main__":
    main()
