"""Annual reports as a crawler flattens their web page, from the same truth as corpus/annual.py.

A crawler that keeps a page's text loses its tables' structure in one of three ways:
- "tabs": a table row a line, its cells parted by tabs, merged cells printed once where
  they start (rows under 三、本年度办理结果 and their header rows shifted left);
- "spaces": the same, cells parted by two spaces;
- "lines": every cell on a line of its own.
The report's own variants stay (labels split by a stray space or printed without their
numbering, the organisations' columns in another order, zeros printed as —, 0 or nothing).
Tabs keep an empty cell's place; spaces and lines leave no trace of it, so there a row's
figures may be any of its cells: the reader must leave such rows empty, never guess.

    python -m tongbao.corpus.annual_flat --out corpus/samples --truth corpus/truth --count 3
"""

from __future__ import annotations

import json
import random

import lxml.html
import regex

from tongbao.corpus.annual import Report, make_report, render_html, write_truth
from tongbao.corpus.generate import sample_arguments

STYLES = ("tabs", "spaces", "lines")
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
    for table in reversed(list(page.iter("table"))):
        layout = table in layouts
        lines = []
        for tr in table.iter("tr"):
            cells = [("".join(td.itertext()) if layout else
                      "".join(td.itertext()).replace("\n", "")).strip()
                     for td in tr if td.tag in ("td", "th")]
            lines += cells if style == "lines" or layout else \
                [("\t" if style == "tabs" else "  ").join(cells)]
        text = lxml.html.Element("pre")
        text.text, text.tail = "\n" + "\n".join(lines) + "\n", table.tail
        table.getparent().replace(table, text)
    return _BLANK_LINES.sub("\n", page.text_content()).strip() + "\n"


def render_flat(rep: Report, rng: random.Random, style: str) -> str:
    return flatten(render_html(rep, rng), style)


def main(argv: list[str] | None = None) -> None:
    out, truth, rng, count = sample_arguments(__doc__, 3, 23, argv)
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
