"""Figures in the text against the totals of the tables they restate.

A prose figure is linked to a table total when the two share a label of at
least four characters and a third of the figure's subject (after prose words are mapped to table words:
受理 ~ 新收, 答复 ~ 办理结果), taken from the table's headers and the total's
row and column labels, not from titles, which share generic words. Among
equally good labels the nearest value wins, so a misprinted figure still meets
its partner and fails; a figure far from every total (more than a tenth, and
more than 2, away) restates none of them and is not compared. The sum of all tables' grand totals is a candidate too:
seed 000 restates 198 + 363 as 基层政务公开领域发布 561 条; so is the sum of two
consecutive totals of a column (收到申请75件 = 本年新收 74 + 上年结转 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from importlib import resources

import regex
import yaml

from tongbao.extract.model import Check, Extraction
from tongbao.extract.tables.labels import vocabulary

MIN_SHARED = 4  # characters in common, at least
MIN_SHARE = 0.3  # of the figure's subject


@cache
def _synonyms() -> tuple[regex.Pattern, dict[str, str]]:
    data = yaml.safe_load(resources.files("tongbao.extract").joinpath("data/fact_words.yaml")
                          .read_text("utf-8"))["synonyms"]
    words = sorted(data, key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, words))), data


def _table_words(text: str) -> str:
    pattern, table = _synonyms()
    return pattern.sub(lambda m: table[m.group()], text)


def _han(text: str) -> str:
    """Only the words: years and figures in labels (2023年) say nothing of what is counted."""
    return "".join(regex.findall(r"\p{Han}+", text))


def _shared(a: str, b: str) -> int:
    a, b = _han(a), _han(b)
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size


def _near(a: float, b: float) -> bool:
    """Equal, or a misprint away: a figure far from every total states something else."""
    return abs(a - b) <= max(2.0, 0.1 * abs(b))


@dataclass
class _Total:
    label: str
    value: float
    where: str
    table_id: int | None
    both_ways: bool = False  # a total row's total column: the table's grand total


def _totals(ex: Extraction) -> list[_Total]:
    voc = vocabulary()
    headers = {t.table_id: "".join(c.text for c in ex.cells if c.table_id == t.table_id
                                   and c.is_header) for t in ex.tables}
    out, grand = [], {}
    for r in ex.records:
        if not r.is_total or r.value is None:
            continue
        in_total_row = any(voc.total_row_check(p) for p in r.path[:-1])
        out.append(_Total(headers[r.table_id] + "".join(r.path), r.value,
                          f"table {r.table_id}: {' / '.join(r.path)}", r.table_id,
                          in_total_row and bool(voc.total_column_check(r.path[-1]))))
        if r.path and voc.total_row_check(r.path[0]) == "total":
            grand.setdefault(r.table_id, r.value)
    # Two consecutive totals of one column, added: 收到申请75件 is 本年新收 74 + 上年结转 1.
    by_column: dict[tuple, list] = {}
    for r in ex.records:
        if r.is_total and r.value is not None:
            by_column.setdefault((r.table_id, r.col), []).append(r)
    for (table_id, _), column in by_column.items():
        column.sort(key=lambda r: r.row)
        for a, b in zip(column, column[1:], strict=False):
            out.append(_Total(headers[table_id] + "".join(a.path) + "".join(b.path),
                              a.value + b.value,
                              f"table {table_id}: {' / '.join(a.path)} + {' / '.join(b.path)}",
                              table_id))
    if len(grand) >= 2:
        out.append(_Total("".join(headers[t] for t in grand), sum(grand.values()),
                          "sum of the grand totals of tables " + ", ".join(map(str, grand)), None))
    return out


def prose_against_tables(ex: Extraction, doc_id: str) -> list[Check]:
    totals = _totals(ex)
    if not totals:
        return []
    checks = []
    for fact in ex.facts:
        if fact.kind not in ("count", "part") or fact.value is None or not fact.subject:
            continue
        subject = _table_words(fact.subject)
        scored = [(_shared(subject, t.label), -abs(t.value - fact.value), t.both_ways, t)
                  for t in totals if _near(fact.value, t.value)]
        if not scored:
            continue
        shared, _, _, best = max(scored, key=lambda s: s[:3])
        if shared < MIN_SHARED or shared < MIN_SHARE * len(_han(subject)):
            continue  # 主动公开政府信息 shares 政府信息 with 政府信息公开申请, and no more
        ok = abs(best.value - fact.value) < 1e-6
        checks.append(Check(
            doc_id, best.table_id, "prose_table", f"{fact.subject} ~ {best.where}", fact.value,
            best.value, "pass" if ok else "fail",
            None if ok else f"the text says {fact.value_raw}, the table {best.value:g}"))
    return checks
