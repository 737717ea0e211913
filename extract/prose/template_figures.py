"""Which template values a figure in an annual report's text restates (annual_prose.yaml).

    本年度制发的规范性文件77件         -> sec2.normative_docs.issued
    不予公开5件                        -> the sum of the eight sec3.denied_*.total
    行政诉讼46件，其中结果维持25件     -> sec4.litigation_direct.upheld
                                          + sec4.litigation_after_review.upheld

Only where the mapping is certain: a subject that fits two entries side by side, or
none, restates nothing, a figure in 元 never restates a count, a count of kinds (四类)
none at all, and a count of information (不予公开信息数48条) never restates a count of
applications.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache

from tongbao.extract.model import Fact
from tongbao.extract.prose.measures import measure_of, measure_of_unit
from tongbao.extract.tables.annual import template_keys
from tongbao.normalize.datafiles import read_yaml
from tongbao.normalize.patterns import LazyPattern

Reading = tuple[str, ...]  # keys whose sum the figure states
# A row of figures (0 0 0 10): a table's cells flattened into the text around a figure,
# whose words (属于四类过程性信息 after 部分公开…) name nothing the figure states.
_TABLE_FIGURES = LazyPattern(r"\d+[^\S\n]+\d+[^\S\n]+\d+")


@dataclass(frozen=True)
class _Entry:
    words: frozenset[str]
    readings: tuple[tuple[str, ...], ...]  # key patterns, the first reading first


@cache
def _data() -> tuple[tuple[_Entry, ...], dict[str, str], tuple[str, ...], frozenset[str]]:
    data = read_yaml("tongbao.extract", "annual_prose.yaml")
    entries = tuple(_Entry(frozenset(e["words"]),
                           (tuple(e["keys"]), *(tuple(r) for r in e.get("or", []))))
                    for e in data["figures"])
    return entries, data["columns"], tuple(data["information_counts"]), frozenset(data["kinds"])


@cache
def _held() -> dict[str, str]:
    return read_yaml("tongbao.extract", "annual_prose.yaml")["held_on_a_day"]


def added_to(key: str) -> str | None:
    """For a key counting what is held on a day (sec2.normative_docs.in_force), the key of
    the year's additions a figure of an earlier day leaves out (…issued); else None."""
    column = next((c for p, c in _held().items() if fnmatchcase(key, p)), None)
    return column and f"{key.rsplit('.', 1)[0]}.{column}"


def held_on_a_day(keys: Reading) -> bool:
    """Whether these keys count what is held on a day (现行有效), which the text may state
    for another day than the table's year end."""
    return bool(keys) and all(added_to(k) for k in keys)


@cache
def _expand(patterns: tuple[str, ...]) -> Reading:
    keys = template_keys()
    return tuple(k for p in patterns for k in keys if fnmatchcase(k, p))


def _entry(subject: str) -> _Entry | None:
    """The one entry a subject names: the most specific of those that fit, if it includes
    every other that fits."""
    fits = [e for e in _data()[0] if all(w in subject for w in e.words)]
    if not fits:
        return None
    best = max(fits, key=lambda e: len(e.words))
    return best if all(e.words <= best.words for e in fits) else None


def _column(subject: str) -> str | None:
    named = {col for word, col in _data()[1].items() if word in subject}
    return named.pop() if len(named) == 1 else None


def restated(fact: Fact, whole: Fact | None = None) -> list[Reading]:
    """The readings (each a sum of keys) a figure restates; empty when it is unsure.
    `whole`: the stated whole a part belongs to (其中…)."""
    if fact.value is None or fact.approximate or not fact.subject or \
            fact.kind not in ("count", "part") or fact.measure in _data()[3] \
            or _TABLE_FIGURES.search(fact.subject):
        return []  # (a subject holding a row of figures is a table's text, not a sentence)
    entry, column = _entry(fact.subject), None
    if entry is None and whole is not None and whole.subject:
        entry = _entry(whole.subject + fact.subject)
        column = _column(fact.subject)
        if column is None and entry is not None and entry == _entry(whole.subject):
            return []  # it names nothing its whole does not (办结2件，其中公开答复1件)
    if entry is None:
        return []
    readings = [_expand(r) for r in entry.readings]
    said = fact.subject + ((whole.subject or "") if whole else "")
    if any(w in said for w in _data()[2]):  # information, not applications: no sec3 value
        readings = [r for r in readings if not any(k.startswith("sec3.") for k in r)]
    if column:
        readings = [tuple(k.removesuffix(".total") + "." + column for k in r)
                    for r in readings if all(k.startswith("sec3.") and k.endswith(".total")
                                             for k in r)]
    measure = measure_of_unit(fact.measure)
    return [r for r in readings if r and all(measure_of(k, None, []) == measure for k in r)]
