"""Generated annual reports as Word files (DOCX), as offices attach them to the report's page.

The article is the web page's (annual.py's render_html): the same paragraphs, and the
same tables with their merged cells, set as Word sets them: a span across as gridSpan,
down as vMerge; a label broken over lines as a line break inside its cell. A Word file
has no page <title>: a report titled only there prints no title here.

    python -m tongbao.corpus.annual_docx --out corpus/samples --truth corpus/truth --count 2
"""

from __future__ import annotations

import io
import random

import lxml.html

from tongbao.corpus.annual import Report, make_report, render_html, write_truth
from tongbao.corpus.generate import sample_arguments


def render_docx(rep: Report, rng: random.Random) -> bytes:
    import docx  # python-docx writes the test files; the reader reads them with it too

    article = lxml.html.fromstring(render_html(rep, rng)).find_class("article")[0]
    out = docx.Document()
    for block in article.iterchildren():
        if block.tag == "p":
            out.add_paragraph(_text(block))
        elif block.tag == "table":
            _add_table(out, _rows(block))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _rows(table) -> list[list[tuple[str, int, int]]]:
    """The table's rows as (text, rowspan, colspan) cells, as the page writes them."""
    return [[(_text(td), int(td.get("rowspan", 1)), int(td.get("colspan", 1)))
             for td in tr.findall("td")] for tr in table.iter("tr")]


def _text(element) -> str:
    """Its text, a <br/> as a line break."""
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return element.text_content()


def _add_table(out, rows: list[list[tuple[str, int, int]]]) -> None:
    """Placed as a browser places them: each cell at the first column its row leaves free."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        col = 0
        for text, rs, cs in row:
            while (r, col) in taken:
                col += 1
            taken |= {(r + i, col + j) for i in range(rs) for j in range(cs)}
            placed.append((r, col, text, rs, cs))
            col += cs
    n_cols = max(c for _, c in taken) + 1
    table = out.add_table(rows=len(rows), cols=n_cols)
    table.style = "Table Grid"
    for r, col, text, rs, cs in placed:
        cell = table.cell(r, col)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, col + cs - 1))
        lines = text.split("\n")
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run = paragraph.add_run(line)


def main(argv: list[str] | None = None) -> None:
    out, truth, rng, count = sample_arguments(__doc__, 2, 23, argv)
    for i in range(count):
        name = f"annual_docx_{i:03d}.docx"
        rep = make_report(rng, name, unfilled=True)
        (out / name).write_bytes(render_docx(rep, rng))
        write_truth(rep, truth / f"annual_docx_{i:03d}.json")


if __name__ == "__main__":
    main()
