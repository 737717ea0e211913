"""Reader for government web pages: the article body's tables and text, the page's metadata.

Site chrome (navigation, related links, footers) is left out: the body is the
nearest element that holds every table, or, on a page without tables, the
element with the most paragraph text. Tables keep their rowspan/colspan as the
grid's spans; a header split over several <p> and <br/> is one cell's text.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

from tongbao.extract.errors import BadInput
from tongbao.extract.readers.content import Content
from tongbao.extract.readers.decode import decode_text
from tongbao.extract.tables.form import is_form_text, is_title
from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.headers import header_rows_of
from tongbao.normalize.text import clean_text

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "tr",
           "blockquote", "center"}
_META = {"ArticleTitle": "title", "title": "title", "PubDate": "issue_date",
         "pubdate": "issue_date", "ContentSource": "issuer", "发布机构": "issuer"}


def read_html(data: bytes, name: str) -> Content:
    text = decode_text(data)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise BadInput(f"not a readable web page ({e})") from e
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    hints = {}
    for meta in root.xpath("//meta[@name and @content]"):
        field = _META.get(meta.get("name"))
        if field and meta.get("content").strip() and field not in hints:
            hints[field] = meta.get("content").strip()
    body = _body(root)
    prose, grids = [], []
    since = 0  # prose lines since the last table
    for element in _walk(body):
        if element.tag == "table":
            grid = _grid(element)
            if grid.n_rows:
                grid.title, grid.notes = _caption(prose[max(since, len(prose) - 3):])
                grids.append(grid)
                since = len(prose)
        else:
            prose += _lines(element)
    return Content(prose=prose, prose_pages=[1] * len(prose), grids=grids, n_pages=1,
                   hints=hints)


def _caption(above: list[str]) -> tuple[str | None, list[str]]:
    """The table's title among the few lines above it (the last that reads like a title:
    …统计表, …情况; else the line just above, if short), and the form lines there (单位：万元)."""
    notes = [line for line in above if is_form_text(line)]
    rest = [line for line in above if line not in notes]
    titled = [line for line in rest if is_title(line) and len(line) <= 60]
    if titled:
        return titled[-1], notes
    return (rest[-1] if rest and len(rest[-1]) <= 60 else None), notes


def _body(root):
    tables = root.xpath("//body//table[.//td]")
    if tables:
        common = set(tables[0].iterancestors())
        for t in tables[1:]:
            common &= set(t.iterancestors())
        return max(common, key=lambda e: len(list(e.iterancestors())))
    candidates = root.xpath("//body//div|//body//article|//body//td")
    if not candidates:
        return root
    return max(candidates, key=lambda e: sum(len(p.text_content()) for p in e.findall("p")))


def _walk(element):
    """Tables, and the smallest blocks of text, in reading order."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "table":
            yield child
        elif child.tag in _BLOCKS and (child.xpath(".//table") or
                                       child.xpath("./p|./div|./section")):
            yield from _walk(child)
        else:
            yield child


def _lines(element) -> list[str]:
    for br in element.xpath(".//br"):
        br.tail = "\n" + (br.tail or "")
    return [line for line in (" ".join(x.split()) for x in element.text_content().split("\n"))
            if line]


def _cell_text(td) -> str:
    parts = []
    for br in td.xpath(".//br"):
        br.tail = "\n" + (br.tail or "")
    for block in td.xpath(".//p|.//div") or [td]:
        parts.append(block.text_content())
    return clean_text("\n".join(parts) if len(parts) > 1 else td.text_content())


def _grid(table) -> Grid:
    taken: set[tuple[int, int]] = set()
    cells, n_cols = [], 0
    rows = [tr for tr in table.xpath(".//tr") if tr.xpath("./td|./th")]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.xpath("./td|./th"):
            while (r, c) in taken:
                c += 1
            rs, cs = _span(td.get("rowspan")), _span(td.get("colspan"))
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            cells.append(GridCell(r, c, _cell_text(td), row_span=rs, col_span=cs,
                                  is_header=td.tag == "th", page=1))
            c += cs
            n_cols = max(n_cols, c)
    n_rows = len(rows)
    for cell in cells:  # a rowspan running past the last row is cut there
        cell.row_span = min(cell.row_span, n_rows - cell.row)
    grid = Grid(cells, n_rows, n_cols, "html", page_first=1, page_last=1)
    grid.header_rows = header_rows_of(grid)
    return grid


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1
