"""What a number measures (count, score, amount, rate, change), from its labels or its key.

The words and key patterns are data: extract/data/measures.yaml.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from functools import cache

from tongbao.extract.tables.form import measure_unit
from tongbao.normalize.datafiles import read_yaml
from tongbao.normalize.numbers import measure_of_word
from tongbao.normalize.patterns import LazyPattern

MONEY = "amount"


@cache
def _table() -> dict:
    return read_yaml("tongbao.extract", "measures.yaml")


@cache
def _measure_of_labels(labels: tuple[str, ...]) -> str | None:
    """The column label speaks first, then the path from the innermost label out. In a
    label, a bracketed unit speaks first (信息公开率（20分）: points; 增长率（%）), then the
    word that ends last, as a Chinese noun phrase's head comes last (公开率得分 is a score,
    得分率 a rate; 增长率 a rate, 增长 a change), any other note aside (得分（占40%）),
    which speaks only where the rest says nothing (收到来信（件）)."""
    for label in labels:
        note = _UNIT_NOTE.search(label)
        if note and measure_of_word(note["unit"]):
            return measure_of_word(note["unit"])
        bare = _NOTE.sub("", label)
        for text in dict.fromkeys((bare, label)):
            ends = [(max((text.rfind(w) + len(w) for w in words if w in text), default=-1), -i,
                     measure) for i, (measure, words) in enumerate(_table()["words"].items())]
            end, _, measure = max(ends)
            if end >= 0:
                return measure
    return None


_NOTE = LazyPattern(r"\s*[(（][^()（）]*[)）]\s*$")
# A note that is the column's unit, with the most it may be: （20分）, (%), （万元）, (满分100分)
_UNIT_NOTE = LazyPattern(r"[(（]\s*(?:满分)?\s*(?:\d+(?:\.\d+)?)?\s*(?P<unit>[^\d\s()（）]{1,3})\s*[)）]\s*$")


def measure_of(key: str | None, metric: str | None, path: list[str],
               table_unit: str | None = None, printed: str | None = None) -> str | None:
    """table_unit: the unit the table states for its figures (单位：元); printed: the unit
    word the cell prints after its number (150件). A figure whose labels say nothing has
    the measure of its printed word, else, in a table stating money, it is an amount."""
    if key:
        for pattern, measure in _table()["keys"].items():
            if fnmatchcase(key, pattern):
                return measure
    labels = tuple(x for x in [metric, *reversed(path)] if x)
    return _measure_of_labels(labels) or measure_of_unit(printed) or (
        MONEY if measure_of_unit(table_unit) == MONEY else None)


@cache
def measure_of_unit(word: str | None) -> str | None:
    """The measure a unit word states: 件 -> count, 万元 -> amount, % -> rate."""
    if not word:
        return None
    return measure_of_word(word.strip())


_STATED_UNIT = LazyPattern(r"(?:金额)?单位\s*[:：]\s*(?P<unit>[^\s,，;；)）]+)")


def stated_unit(text: str) -> str | None:
    """The unit a table states in a line or header: 单位：元, （单位：万元）, 金额单位:万元 -
    after any 编制单位：… on the same line, whose name is no unit of measure (and is glued to
    the 单位：元 after it where a PDF's text layer drops the space between them)."""
    return next((m["unit"] for m in _STATED_UNIT.finditer(text, overlapped=True)
                 if measure_of_unit(m["unit"])), None)


def measure_unit_of(measure: str | None, metric: str | None, path: list[str],
                    table_unit: str | None, printed: str | None = None) -> str | None:
    """The unit a figure is printed in: its own labels' (预算金额（万元）, 增长率（%）) first,
    then the money or % its cell prints (12.5万元), then, for money and its changes, the
    table's (单位：元); a rate is in %."""
    own = measure_unit([x for x in [metric, *reversed(path)] if x])
    if own:
        return own
    if measure_of_unit(printed) in (MONEY, "rate"):
        return "%" if measure_of_unit(printed) == "rate" and printed != "个百分点" else printed
    if measure == "rate":
        return "%"
    return table_unit if measure in ("amount", "change") else None
