"""A crawled table's text cut into its figures and its words (webtable.py reads the rows).

A run of figures parted by spaces is one token; it ends before an item's number, which is
its row's label's (…46021.47 1、因公出国（境）费用); digits inside words (a date, a plate)
are words.
"""

from __future__ import annotations

import regex

from tongbao.extract.tables.labels import ITEM_NUMBER
from tongbao.normalize.patterns import LazyPattern

NUM = LazyPattern(r"[0-9.,%\-−—–/](?:[0-9.,%\-−—–/ ]*[0-9.,%\-−—–/])?")
# An item's number, its row's label's (1、因公出国（境）费用, （1）公务用车运行维护费), no figure
_ITEM_NUMBER = LazyPattern(rf"(?<=[(（]\s*)\d{{1,2}}(?=\s*[)）])|{ITEM_NUMBER}")
# Digits of words, not a cell: a date's (2018年3月4日), a plate's or a code's (闽K185KA);
# a slash between words (单位名称/预算代码), no mark for nothing
IN_WORDS = LazyPattern(r"\d+(?=[年月日时])|(?<=[A-Za-z])\d+|\d+(?=[A-Za-z])"
                       r"|(?<=\p{Han})/(?=\p{Han})")


def tokens(key: str, at: int) -> list[tuple[str, int, int]]:
    """(kind, start, end) from `at` on: "num" a run of figures, "text" what lies between."""
    out, pos = [], at
    for m in NUM.finditer(key, at):
        # up to an item's number, its row's label's (…46021.47 1、因公出国（境）费用)
        end = next((p for p in range(m.start(), m.end()) if (p == m.start() or key[p - 1] == " ")
                    and _ITEM_NUMBER.match(key, p)), m.end())
        end = len(key[:end].rstrip())
        if end <= m.start() or not regex.search(r"[\d%\-−—–/]", key[m.start():end]) \
                or IN_WORDS.match(key, m.start()):
            continue  # a comma or a full stop; an item's number; a date's or a plate's
        if m.start() > pos:
            out.append(("text", pos, m.start()))
        out.append(("num", m.start(), end))
        pos = end
    if pos < len(key):
        out.append(("text", pos, len(key)))
    return out
