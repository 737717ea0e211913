"""Annual reports as a crawler flattens their web page, from the same truth as corpus/annual.py.

A crawler that keeps a page's text loses its tables' structure in one of three ways:
- "tabs": a table row a line, its cells parted by tabs, merged cells printed once where
  they start (rows under 三、本年度办理结果 and their header rows shifted left);
- "spaces": the same, cells parted by two spaces;
- "lines": every cell on a line of its own, now and then each followed by a bar on a
  line of its own;
- "pipes": a row a line, its cells between bars (| 规章 | 0 | 0 | 0 |), as Markdown and
  many crawlers print a table: a cell a merged cell covers from above printed empty, and
  now and then the row padded with empty cells to the widest row (| 行政许可 | 7 | | |) or
  printed without its first bar, or without the rows of one merged cell titling section
  2's blocks (第二十条第（一）项), as a Markdown converter leaves them out.
The report's own variants stay (labels split by a stray space or printed without their
numbering, the organisations' columns in another order, zeros printed as —, 0 or nothing).
Tabs keep an empty cell's place; spaces and lines leave no trace of it, so there a row's
figures may be any of its cells: the reader must leave such rows empty, never guess. Bars
keep it between two cells that print something, not after a row's last figure.
A page may show its request table as a picture (render_flat's request_table=False): its
text then holds sections 2 and 4 alone.

    python -m tongbao.corpus.annual_flat --out corpus/samples --truth corpus/truth --count 4
"""

from __future__ import annotations

import json
import random

import lxml.html
import regex

from tongbao.corpus.annual import Report, make_report, render_html, write_truth
from tongbao.corpus.annual_headings import heading
from tongbao.corpus.barred import barred_lines
from tongbao.corpus.generate import sample_arguments

STYLES = ("tabs", "spaces", "lines", "pipes")
_BLANK_LINES = regex.compile(r"\n[ \u3000]*\n+")  # a row of empty cells keeps its tabs


def make_flat_report(rng: random.Random, name: str) -> Report:
    return make_report(rng, name, unfilled=True)


def keeps_every_cell(rep: Report, style: str) -> bool:
    """Whether the flattened text still says which cell each figure is in."""
    return style == "tabs" or (rep.variant.zero != "" and not rep.variant.unfilled_totals)


def flatten(html: str, style: str) -> str:
    """The page's text as a crawler keeps it, its tables flattened in `style`."""
    page = lxml.html.fromstring(html)
    for br in page.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in page.iter("p", "div", "h1", "h2", "h3", "li"):
        if not any(a.tag in ("td", "th") and not a.xpath(".//table") for a in block.iterancestors()):
            block.tail = "\n" + (block.tail or "")  # a data cell's paragraphs stay one text
    # Innermost first: a table that held tables laid out the page, and its cells are blocks.
    layouts = {t for t in page.iter("table") if t.xpath(".//table")}
    piped = random.Random(html)  # how this crawler prints its bars (drawn apart)
    padded, first_bar = piped.random() < 0.5, piped.choice([True, True, False])
    # a Markdown converter leaving out a row of one merged cell (第二十条第（一）项)
    untitled = random.Random(f"{html} untitled").random() < 0.3
    # a cell a line, each followed by a bar on a line of its own (real: 桃江县审计局 2020)
    bar_lines = random.Random(f"{html} bar lines").random() < 0.3
    for table in reversed(list(page.iter("table"))):
        layout = table in layouts
        lines = []
        if style == "pipes" and not layout:
            lines = barred_lines(table, padded, first_bar)
            if untitled:
                lines = [ln for ln in lines if "第二十条" not in ln]
        for tr in table.iter("tr") if not lines else ():
            cells = [("".join(td.itertext()) if layout else
                      "".join(td.itertext()).replace("\n", "")).strip()
                     for td in tr if td.tag in ("td", "th")]
            if style == "lines" and bar_lines and not layout:
                cells = [x for cell in cells for x in (cell, "|")]
            lines += cells if style == "lines" or layout else \
                [("\t" if style == "tabs" else "  ").join(cells)]
        text = lxml.html.Element("pre")
        text.text, text.tail = "\n" + "\n".join(lines) + "\n", table.tail
        table.getparent().replace(table, text)
    return _BLANK_LINES.sub("\n", page.text_content()).strip() + "\n"


def render_flat(rep: Report, rng: random.Random, style: str, request_table: bool = True) -> str:
    """Now and then (drawn apart) with a sentence between the request table's heading and
    the table, one naming a column's word (…其他1件): prose, no header of the table.
    request_table False: that table shown as a picture, no text of it kept."""
    html = render_html(rep, rng)
    if not request_table:
        html = as_picture(html, heading(rep, 2))
    if random.Random(html).random() < 0.3:
        said = f"<p>{rep.year}年收到的申请均在法定期限内答复，其他1件为申请人自行撤回。</p>"
        html = html.replace(f"<p>{heading(rep, 2)}</p>", f"<p>{heading(rep, 2)}</p>{said}", 1)
    return flatten(html, style)


def as_picture(html: str, above: str) -> str:
    """The page with the table after the paragraph `above` shown as a picture of it."""
    page = lxml.html.fromstring(html)
    para = next(p for p in page.iter("p") if p.text_content() == above)
    table = next(para.itersiblings("table"))
    picture = lxml.html.fromstring('<p><img src="table3.png" alt=""/></p>')
    picture.tail = table.tail
    table.getparent().replace(table, picture)
    return lxml.html.tostring(page, encoding="unicode")


def main(argv: list[str] | None = None) -> None:
    out, truth, rng, count = sample_arguments(__doc__, 4, 23, argv)
    for i in range(count):
        name, style = f"flat_{i:03d}.txt", STYLES[i % len(STYLES)]
        rep = make_flat_report(rng, name)
        (out / name).write_text(render_flat(rep, rng, style), encoding="utf-8")
        path = truth / f"flat_{i:03d}.json"
        write_truth(rep, path)
        path.write_text(json.dumps(json.loads(path.read_text("utf-8")) | {"style": style},
                                   ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
