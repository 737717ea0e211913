"""Tables a converter printed with a bar between cells (| 规章 | 0 | 0 | 0 |): Markdown's
way, and many crawlers' for a web page's table, which pad a row with empty cells to the
widest row (| 第二十条第(一)项 | | | |).

In an annual report's text (reader.py asks), each such line is given back with its cells
set apart by two spaces, as a crawler that kept the cells apart prints them
(corpus/annual_flat.py's "spaces"), so the readers of spaced text read it. For the readers
of tables in general an empty cell is then lost, as there (a row whose figures could be
any of its cells is left empty, never guessed); the report's rows keep it as a dash, the
template's cell printing nothing. A Markdown rule line (|---|:---:|) is no row.

A notice's table printed so is read as the grid it is where its rows line up: each as
many cells as the first, none empty. Else it is kept as cells without values: a merged
cell is printed once and a padded row's empty cells keep no place (read as if they did,
13 of 60 generated tables read values in the wrong columns and 7 failed checks falsely).
Read by the readers of glued text, a barred table gave a record a cell, its bars for
names (单位 14 for 南川东路办事处's 14)."""

from __future__ import annotations

from tongbao.extract.model import Check
from tongbao.extract.readers.text import tabbed
from tongbao.extract.readers.text.webtable_grid import kept_as_cells
from tongbao.extract.tables.grid import Grid
from tongbao.extract.tables.headers import is_number_like
from tongbao.extract.tables.labels import vocabulary
from tongbao.normalize.patterns import LazyPattern

BARS = "|｜"
RULE = LazyPattern(r"^\s*[|｜]?(?:\s*:?-{3,}:?\s*[|｜])+\s*:?-*:?\s*$")


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
    if line.strip() in BARS and line.strip():  # a bar on a line of its own: cells a line apart
        return ""
    if not is_piped(line):
        return line
    if RULE.match(line):
        return ""
    cells = _cells(line, first_bar)
    filled = [k for k, c in enumerate(cells) if c]
    if not filled:
        return ""
    # A row of figures only (sec4's) has no label whose merged cells would print empty
    # before it: its empty cells before the first figure are its own.
    first = 0 if empty and is_number_like(cells[filled[0]]) else filled[0]
    kept = cells[first:filled[-1] + 1]
    return "  ".join(c or empty for c in kept if c or empty)


def barred_cells(line: str, first_bar: bool) -> list[str] | None:
    """A barred line's cells; None for a rule line or no barred line."""
    if not is_piped(line) or RULE.match(line):
        return None
    return _cells(line, first_bar)


def cell_a_line(cells: list[str]) -> list[list[str]]:
    """Rows of a table printed a cell a line (序号 | / 单位 | / … / 1 | / 住建局 | / 99 | …):
    the header is the cells before the first figure, each row as many cells, opening with
    its sequence number where the header opens with 序号. Where they do not fall so, the
    header and the rest: rows that do not line up."""
    first = next((i for i, c in enumerate(cells) if is_number_like(c)), len(cells))
    header, rest = cells[:first], cells[first:]
    width = len(header)
    if width < 2 or not rest or len(rest) % width:
        return [header, rest]
    rows = [rest[k:k + width] for k in range(0, len(rest), width)]
    if vocabulary().is_rank_header(header[0]) and \
            any(row[0] != str(k) for k, row in enumerate(rows, start=1)):
        return [header, rest]
    return [header, *rows]


def barred_grid(rows: list[list[str]], caption: str | None) -> tuple[Grid, list[Check]]:
    """A notice's table printed with bars: its grid where the rows line up, else its
    cells kept without values and a skipped check saying why. A row above the header
    printing one cell (| 4月份…统计表 | |) is the table's title, spanning it."""
    while len(rows) > 2 and sum(1 for c in rows[0] if c) == 1:
        title = next(c for c in rows[0] if c)
        caption, rows = (f"{caption} {title}" if caption else title), rows[1:]
    if len(rows) > 1 and len({len(r) for r in rows}) == 1 and all(c for r in rows for c in r):
        return tabbed.build_grid(rows, caption), []
    grid, check = kept_as_cells(rows[0], " / ".join("  ".join(c for c in r if c) for r in rows[1:]),
                                "its rows printed with bars do not line up (a merged cell "
                                "printed once, or empty cells that keep no place): kept as "
                                "cells, no values", caption)
    return grid, [check]
