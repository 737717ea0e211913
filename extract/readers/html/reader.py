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
# What a layout table is made of, read through to the article inside it.
_CONTAINERS = _BLOCKS | {"table", "tbody", "thead", "tfoot", "td", "th"}
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
    if page_title := clean_text(root.findtext(".//title") or ""):
        hints["page_title"] = page_title  # the title with the site's name: used last
    body = _body(root)
    prose, grids, problems = [], [], []
    since = 0  # prose lines since the last table
    for element in _walk(body):
        if element.tag == "table":
            try:
                grid = _grid(element)
            except _SpansTooLarge as e:
                problems.append(f"a table was not read: {e}")
                continue
            if grid.n_rows:
                grid.title, grid.notes = _caption(prose[max(since, len(prose) - 3):])
                grids.append(grid)
                since = len(prose)
        else:
            prose += _lines(element)
    # Pages saved one after another in one file parse as several top-level <html> elements;
    # the first is read, and the row says so.
    if more := len([e for e in root.itersiblings() if isinstance(e.tag, str)]):
        problems.append(f"the file holds {more + 1} web pages one after another; only the "
                        "first was read (save each page as a file of its own)")
    return Content(prose=prose, prose_pages=[1] * len(prose), grids=grids, n_pages=1,
                   hints=hints, status="partial" if problems else "ok",
                   error="; ".join(problems) or None)


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
    """Inside the first page only (relative paths), so every table has `root` in common."""
    tables = root.xpath(".//body//table[.//td][not(.//table)]")  # not a layout table
    if tables:
        common = set(tables[0].iterancestors())
        for t in tables[1:]:
            common &= set(t.iterancestors())
        return max(common, key=lambda e: len(list(e.iterancestors())))
    candidates = root.xpath(".//body//div|.//body//article|.//body//td")
    if not candidates:
        return root
    return max(candidates, key=lambda e: sum(len(p.text_content()) for p in e.findall("p")))


def _walk(element):
    """Tables, and the smallest blocks of text, in reading order. A table holding tables
    lays out the page (older sites set the whole article in one): read through it."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "table" and not child.xpath(".//table"):
            yield child
        elif child.tag in _CONTAINERS and (child.xpath(".//table") or
                                           child.xpath("./p|./div|./section")):
            yield from _walk(child)
        else:
            yield child


def _text(element) -> str:
    """text_content() with each <br> a line break. Read, not written into the tree: text
    lxml parsed may hold control characters it refuses to set back (a fuzzed page)."""
    parts = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            if node.tag == "br":
                parts.append("\n")
            if isinstance(node.tag, str) and node.text:  # not a comment's own text
                parts.append(node.text)
        elif node is not element and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _lines(element) -> list[str]:
    return [line for line in (" ".join(x.split()) for x in _text(element).split("\n"))
            if line]


def _cell_text(td) -> str:
    parts = [_text(block) for block in td.xpath(".//p|.//div") or [td]]
    return clean_text("\n".join(parts) if len(parts) > 1 else _text(td))


class _SpansTooLarge(Exception):
    pass


# Grid positions a table may cover per cell it prints (and at least MIN_AREA): merged cells
# make a grid larger than its cells, never by this much except on purpose. A 226 KB page of
# rowspan=999999999 cells needed 1.5 GB before spans were bounded.
AREA_PER_CELL, MIN_AREA = 50, 100_000


def _grid(table) -> Grid:
    taken: set[tuple[int, int]] = set()
    cells, n_cols = [], 0
    rows = [tr for tr in table.xpath(".//tr") if tr.xpath("./td|./th")]
    budget = max(MIN_AREA, AREA_PER_CELL * len(table.xpath(".//td|.//th")))
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.xpath("./td|./th"):
            while (r, c) in taken:
                c += 1
            # A rowspan running past the last row is cut there.
            rs, cs = min(_span(td.get("rowspan")), len(rows) - r), _span(td.get("colspan"))
            if len(taken) + rs * cs > budget:
                raise _SpansTooLarge(
                    f"its rowspan/colspan attributes cover more than {budget:,} grid positions "
                    f"for {len(table.xpath('.//td|.//th')):,} cells (a damaged or hostile page)")
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            cells.append(GridCell(r, c, _cell_text(td), row_span=rs, col_span=cs,
                                  is_header=td.tag == "th", page=1))
            c += cs
            n_cols = max(n_cols, c)
    grid = Grid(cells, len(rows), n_cols, "html", page_first=1, page_last=1)
    grid.header_rows = header_rows_of(grid)
    return grid


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1
