"""A web page's table as a crawler or converter prints it with a bar between cells
(| 规章 | 0 | 0 | 0 |): Markdown's way and many crawlers'. A cell a merged cell covers from
above is printed empty where it stands; a merged cell's other columns are printed as empty
cells at the row's end (padded) or not at all; now and then a row opens with no bar."""

from __future__ import annotations

import random

import lxml.html


def barred_lines(table, padded: bool, first_bar: bool) -> list[str]:
    """The table's rows between bars: a cell covered by a merged cell above it printed
    empty where it stands, a merged cell's other columns (padded) as empty cells at the
    row's end."""
    rows, covered = [], {}  # covered: column -> rows a merged cell above still takes
    for tr in table.iter("tr"):
        cells, col, extra = [], 0, 0
        for td in (c for c in tr if c.tag in ("td", "th")):
            while covered.get(col, 0) > 0:
                covered[col] -= 1
                cells.append("")
                col += 1
            cells.append("".join(td.itertext()).replace("\n", "").strip())
            span, down = int(td.get("colspan", 1)), int(td.get("rowspan", 1))
            for k in range(span):
                covered[col + k] = down - 1
            col, extra = col + span, extra + span - 1
        while covered.get(col, 0) > 0:  # merged cells from above at the row's end
            covered[col] -= 1
            cells.append("")
            col += 1
        rows.append(cells + [""] * (extra if padded else 0))
    return [("| " if first_bar else "") + " | ".join(cells) + " |" for cells in rows]


def barred_page(html: str) -> str:
    """The page's text with every table printed with bars (how: drawn from the page)."""
    page = lxml.html.fromstring(html)
    how = random.Random(html)
    padded, first_bar = how.random() < 0.5, how.choice([True, True, False])
    for table in reversed(list(page.iter("table"))):
        text = lxml.html.Element("pre")
        text.text = "\n" + "\n".join(barred_lines(table, padded, first_bar)) + "\n"
        text.tail = table.tail
        table.getparent().replace(table, text)
    for br in page.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in page.iter("p", "div", "h1", "h2", "h3", "li"):
        block.tail = "\n" + (block.tail or "")
    return page.text_content()
