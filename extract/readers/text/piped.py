"""Tables a converter printed with a bar between cells (| 规章 | 0 | 0 | 0 |): Markdown's
way, and many crawlers' for a web page's table, which pad a row with empty cells to the
widest row (| 第二十条第(一)项 | | | |).

In an annual report's text (reader.py asks), each such line is given back with its cells
set apart by two spaces, as a crawler that kept the cells apart prints them
(corpus/annual_flat.py's "spaces"), so the readers of spaced text read it. For the readers
of tables in general an empty cell is then lost, as there (a row whose figures could be
any of its cells is left empty, never guessed); the report's rows keep it as a dash, the
template's cell printing nothing. A Markdown rule line (|---|:---:|) is no row.

Other tables printed so (a notice's) are left as they are: laid out a row a line, without
the places of their merged cells, 13 of 60 generated ones read values in the wrong columns
and 7 failed checks falsely."""

from __future__ import annotations

from tongbao.extract.readers.text.glued_rows import DASHES
from tongbao.normalize.patterns import LazyPattern

BARS = "|｜"
_FIGURE = LazyPattern(rf"[\d,.+-]+|(?:{DASHES}|-)+")  # a figure, or a cell's dash for nothing
_RULE = LazyPattern(r"^\s*[|｜]?(?:\s*:?-{3,}:?\s*[|｜])+\s*:?-*:?\s*$")


def is_piped(line: str) -> bool:
    """A table row printed with bars: two of them at least, or one opening or closing it."""
    text = line.strip()
    bars = sum(text.count(b) for b in BARS)
    return bars >= 2 or (bars == 1 and len(text) > 1 and (text[0] in BARS or text[-1] in BARS))


def _cells(line: str, first_bar: bool) -> list[str]:
    text = line.strip().replace("｜", "|")
    if first_bar:
        text = text.removeprefix("|")
    return [c.strip() for c in text.removesuffix("|").split("|")]


def prints_first_bar(lines: list[str]) -> bool:
    """Whether the text's rows open with a bar (| 规章 | 0 |), or not (规章 | 0 |): where
    not, a row opening with a bar opens with an empty cell ( | | 8 | 16 |)."""
    return all(line.lstrip()[:1] in BARS for line in lines if is_piped(line) and line.strip())


def unpiped(line: str, empty: str | None = None, first_bar: bool = True) -> str:
    """The row's cells apart by two spaces; a rule line is blank. An empty cell is left out,
    or, given `empty`, printed so where it stands between two cells that print something
    (| 0 | | | 0 |: a template's cell printing nothing, which an annual report's rows read as
    a dash); empty cells after the last, and before the first after a label, are the
    row's padding and the cells its label's merged cells cover. first_bar: the text's rows
    open with a bar (prints_first_bar)."""
    if not is_piped(line):
        return line
    if _RULE.match(line):
        return ""
    cells = _cells(line, first_bar)
    filled = [k for k, c in enumerate(cells) if c]
    if not filled:
        return ""
    # A row of figures only (sec4's) has no label whose merged cells would print empty
    # before it: its empty cells before the first figure are its own.
    first = 0 if empty and _FIGURE.fullmatch(cells[filled[0]]) else filled[0]
    kept = cells[first:filled[-1] + 1]
    return "  ".join(c or empty for c in kept if c or empty)
