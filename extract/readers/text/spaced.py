"""Rebuild a numbered table whose cells are separated by spaces.

    序号 时间 单 位 备注
    1 9 月 8 日 8:00 区自然资源局

Spaces both separate cells and break text inside them, so words are grouped
back: a date/time expression is one cell, and single CJK characters split
off by a stray space (单 位) rejoin their neighbour.
"""

from __future__ import annotations

import regex

from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.headers import is_number_like
from tongbao.extract.tables.labels import vocabulary
from tongbao.normalize.patterns import LazyPattern
from tongbao.normalize.text import clean_text

_DATETIME = LazyPattern(
    r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}\s*[:：]\s*\d{2}"
    r"(?:\s*[-—~至]\s*\d{1,2}\s*[:：]\s*\d{2})?)?"
    r"|\d{1,2}\s*[:：]\s*\d{2}(?:\s*[-—~至]\s*\d{1,2}\s*[:：]\s*\d{2})?"
)
_SINGLE_HAN = LazyPattern(r"^\p{Han}$")


def _words(text: str) -> list[str]:
    """Cells of one line: whitespace-separated, date/times kept whole, runs of lone characters rejoined (单 位)."""
    out: list[str] = []
    pos = 0
    for m in _DATETIME.finditer(text):
        out += text[pos:m.start()].split()
        out.append(m.group())
        pos = m.end()
    out += text[pos:].split()
    merged: list[str] = []
    single_run = False  # the last word was built from single characters only
    for w in out:
        if merged and _SINGLE_HAN.match(w) and regex.fullmatch(r"\p{Han}+", merged[-1]) \
                and single_run:
            merged[-1] += w
        else:
            merged.append(w)
            single_run = bool(_SINGLE_HAN.match(w))
    return [clean_text(w) for w in merged]


def is_total_row(line: str) -> bool:
    """The numbered rows' total (合计  57  31): a total's label, then figures only, its
    number and name cells printing nothing."""
    words = _words(line)
    return len(words) > 1 and vocabulary().total_row_check(words[0]) is not None \
        and all(map(is_number_like, words[1:]))


def build_grid(lines: list[str], title: str | None) -> Grid:
    header = _words(lines[0])
    rows, totals = [header], set()
    for line in lines[1:]:
        if is_total_row(line):
            totals.add(len(rows))
            rows.append(_words(line))
            continue
        rank, rest = line.strip().split(maxsplit=1)
        rows.append([rank] + _words(rest))
    n_cols = max(len(r) for r in rows)
    numbered = [r for i, r in enumerate(rows[1:], start=1) if i not in totals]
    rows = [_placed_total(r, numbered, n_cols) if i in totals else r for i, r in enumerate(rows)]
    cells = [GridCell(i, j, text, is_header=(i == 0))
             for i, row in enumerate(rows) for j, text in enumerate(row)]
    return Grid(cells=cells, n_rows=len(rows), n_cols=n_cols, method="text", title=title,
                page_first=1, page_last=1, header_rows={0})


def _placed_total(row: list[str], numbered: list[list[str]], n_cols: int) -> list[str]:
    """A total row's figures under the columns every numbered row ends with figures in,
    its word in the first cell (as a tab-parted table prints it); where it prints another
    number of figures, which column each is in is not known: its words in one cell, no
    figure read."""
    ends = {_figures_at_end(r) for r in numbered}
    label, figures = row[0], row[1:]
    if len(ends) == 1 and len(figures) == (k := ends.pop()) and k < n_cols - 1:
        return [label] + [""] * (n_cols - k - 1) + figures
    return [" ".join(row)]


def _figures_at_end(row: list[str]) -> int:
    k = 0
    while k < len(row) and is_number_like(row[-1 - k]):
        k += 1
    return k
