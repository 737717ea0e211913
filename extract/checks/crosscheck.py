"""Figures in the text against the tables they restate, only where the mapping is certain.

In an annual report a figure restates a template value or a sum the template
defines (annual_prose.yaml, prose/template_figures.py): 不予公开5件 is the sum of
the eight 不予公开 rows, 行政诉讼46件，其中结果维持25件 is 结果维持 of both
lawsuit columns. A subject that names several of them, or none, is compared
with nothing.

Elsewhere a figure is linked to a table total when the two share a label of at
least four characters and a third of the figure's subject (after prose words
are mapped to table words: 受理 ~ 新收, 答复 ~ 办理结果), taken from the table's
headers and the total's row and column labels, not from titles, which share
generic words; and when they measure the same thing (a fee in 元 is never a
count of requests). The best label must name one value: two totals with
different values that match equally well leave the figure uncompared, and so
does a figure far from its total (more than a tenth, and more than 2, away),
which restates something else. The sum of all tables' grand totals is a
candidate too (seed 000 restates 198 + 363 as 基层政务公开领域发布 561 条), and
so is the sum of two consecutive totals of a column (收到申请75件 = 本年新收 74 +
上年结转 1).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import regex

from tongbao.extract.checks.arithmetic import is_money, settle
from tongbao.extract.model import Check, Extraction, Fact, Record
from tongbao.extract.prose.measures import measure_of_unit
from tongbao.extract.prose.template_figures import held_on_a_day, restated
from tongbao.extract.tables.labels import vocabulary
from tongbao.normalize.datafiles import read_yaml
from tongbao.normalize.numbers import printed_decimal
from tongbao.normalize.patterns import LazyPattern, compile_pattern

MIN_SHARED = 4  # characters in common, at least
MIN_SHARE = 0.3  # of the figure's subject
_HAN = LazyPattern(r"\p{Han}+")


@cache
def _synonyms() -> tuple[regex.Pattern, dict[str, str]]:
    data = read_yaml("tongbao.extract", "fact_words.yaml")["synonyms"]
    words = sorted(data, key=len, reverse=True)
    return compile_pattern("|".join(map(regex.escape, words))), data


def _table_words(text: str) -> str:
    pattern, table = _synonyms()
    return pattern.sub(lambda m: table[m.group()], text)


def _han(text: str) -> str:
    """Only the words: years and figures in labels (2023年) say nothing of what is counted."""
    return "".join(_HAN.findall(text))


def _shared(subject: str, label: str, at_least: int = 1) -> int:
    """Characters in the longest run a subject shares with a label (both already _han), or
    less than at_least when no run is that long. From each start, only a run longer than
    the best so far is looked for, and Python's substring search does the looking: a budget
    compares hundreds of figures with hundreds of totals, and difflib's matcher cost ten
    times as much."""
    best = at_least - 1
    for start in range(len(subject)):
        while start + best < len(subject) and subject[start:start + best + 1] in label:
            best += 1
    return best


def _near(a: float, b: float) -> bool:
    """Equal, or a misprint away: a figure far from its total states something else."""
    return abs(a - b) <= max(2.0, 0.1 * abs(b))


@dataclass
class _Total:
    label: str  # the table's headers and the total's own labels
    own: str  # the total's own row and column labels
    value: float
    where: str
    table_id: int | None
    measure: str | None
    figures: tuple[str, ...]  # the printed figures it adds up
    label_han: str = field(init=False)
    own_han: str = field(init=False)

    def __post_init__(self) -> None:
        self.label_han, self.own_han = _han(self.label), _han(self.own)


class _Runs:
    """Which totals' labels hold each run of MIN_SHARED characters. A label holding none of
    a subject's runs shares fewer than MIN_SHARED characters with it and can never be its
    match, so only the totals named here are compared character by character (a budget
    has hundreds of totals and of figures)."""

    def __init__(self, totals: list[_Total]):
        self.totals = totals
        self.holding: dict[str, set[int]] = defaultdict(set)
        for i, t in enumerate(totals):
            for k in range(len(t.label_han) - MIN_SHARED + 1):
                self.holding[t.label_han[k:k + MIN_SHARED]].add(i)

    def sharing(self, subject: str) -> list[tuple[_Total, int]]:
        """The totals sharing a run with the subject, in their order, each with the most
        characters it can share: its longest chain of consecutive runs of the subject (the
        runs may lie apart in the label, so it may share fewer)."""
        at: dict[int, list[int]] = defaultdict(list)
        for k in range(len(subject) - MIN_SHARED + 1):
            for i in self.holding.get(subject[k:k + MIN_SHARED], ()):
                at[i].append(k)
        return [(self.totals[i], _longest_chain(at[i]) + MIN_SHARED - 1) for i in sorted(at)]


def _longest_chain(starts: list[int]) -> int:
    """The most consecutive numbers in an ascending list."""
    best = run = 1
    for a, b in zip(starts, starts[1:], strict=False):
        run = run + 1 if b == a + 1 else 1
        best = max(best, run)
    return best


def _totals(ex: Extraction) -> list[_Total]:
    voc = vocabulary()
    headers = {t.table_id: "".join(c.text for c in ex.cells if c.table_id == t.table_id
                                   and c.is_header) for t in ex.tables}
    totals = [r for r in ex.records if r.is_total and r.value is not None and not r.key]
    out, grand = [], {}
    for r in totals:
        out.append(_Total(headers[r.table_id] + "".join(r.path), "".join(r.path), r.value,
                          f"table {r.table_id}: {' / '.join(r.path)}", r.table_id, r.measure,
                          (r.value_raw,)))
        if r.path and voc.total_row_check(r.path[0]) == "total":
            grand.setdefault(r.table_id, r)
    # Two consecutive totals of one column, added: 收到申请75件 is 本年新收 74 + 上年结转 1.
    by_column: dict[tuple, list[Record]] = {}
    for r in totals:
        by_column.setdefault((r.table_id, r.col), []).append(r)
    for (table_id, _), column in by_column.items():
        column.sort(key=lambda r: r.row)
        for a, b in zip(column, column[1:], strict=False):
            out.append(_Total(headers[table_id] + "".join(a.path) + "".join(b.path),
                              "".join(a.path) + "".join(b.path), a.value + b.value,
                              f"table {table_id}: {' / '.join(a.path)} + {' / '.join(b.path)}",
                              table_id, _same(a.measure, b.measure), (a.value_raw, b.value_raw)))
    if len(grand) >= 2:
        rs = list(grand.values())
        out.append(_Total("".join(headers[t] for t in grand), "".join(p for r in rs for p in r.path),
                          sum(r.value for r in rs),
                          "sum of the grand totals of tables " + ", ".join(map(str, grand)), None,
                          _same(*(r.measure for r in rs)), tuple(r.value_raw for r in rs)))
    return out


def _same(*measures: str | None) -> str | None:
    return measures[0] if len(set(measures)) == 1 else None


def _figure(fact: Fact) -> str | float:
    """A figure as printed (1,486.42 of 1,486.42万元), for its precision; else its value."""
    m = regex.search(r"\d[\d,]*(?:\.\d+)?", fact.value_raw or "")
    return m.group() if m and printed_decimal(m.group()) == printed_decimal(fact.value) \
        else fact.value


def _comparable(fact: Fact, measure: str | None) -> bool:
    """The same kind of figure: money with money, a count with a count (or with a total
    whose measure no label states)."""
    stated = measure_of_unit(fact.measure)
    return stated == measure or (stated == "count" and measure is None)


def prose_against_tables(ex: Extraction, doc_id: str) -> list[Check]:
    keyed = {r.key: r for r in ex.records if r.key}
    wholes = {f.fact_id: f for f in ex.facts}
    totals = _Runs(_totals(ex))
    cells: dict[int, set[str]] = defaultdict(set)  # each table's other values' own labels
    for r in ex.records:
        if not r.is_total and not r.key and r.value is not None:
            cells[r.table_id].add(_han("".join(r.path)))
    blanks = _blank_places(ex)
    checks = []
    for fact in ex.facts:
        if fact.kind not in ("count", "part") or fact.value is None or not fact.subject \
                or fact.approximate:
            continue
        readings = restated(fact, wholes.get(fact.parent_fact_id)) if keyed else []
        if readings:
            check = _against_template(fact, readings, keyed, doc_id)
        else:
            check = _against_label(fact, totals, cells, blanks, doc_id)
        if check is not None:
            checks.append(check)
    return checks


def _against_template(fact: Fact, readings, keyed: dict[str, Record], doc_id: str
                      ) -> Check | None:
    """One reading: compared. Several (收到申请: new, or new + carried over): the text
    agrees when one of them holds, and is not compared when none does."""
    usable = [keys for keys in readings
              if all(k in keyed and keyed[k].value is not None for k in keys)]
    verdicts = [(keys, settle(_figure(fact), [keyed[k].value_raw
                                                               if printed_decimal(keyed[k].value_raw)
                                                               is not None else keyed[k].value
                                                               for k in keys],
                              is_money(unit=fact.measure))) for keys in usable]
    if len(verdicts) > 1:
        verdicts = [v for v in verdicts if v[1].status == "pass"][:1]
    if len(verdicts) != 1:
        return None
    keys, verdict = verdicts[0]
    status, why = verdict.status, verdict.message
    if status == "fail" and held_on_a_day(keys):
        status, why = "skipped", ("not compared: it counts what is held on a day, and the text "
                                  "does not say it is the table's year end")
    message = None if status == "pass" else \
        f"the text says {fact.value_raw}, the table {verdict.actual:f}: {why}"
    return Check(doc_id, keyed[keys[0]].table_id, "prose_table",
                 f"{fact.subject} ~ {' + '.join(keys)}", float(verdict.expected),
                 float(verdict.actual), status, message)


def _best_labelled(subject: str, totals: list[tuple[_Total, int]]) -> list[_Total]:
    """The totals sharing the longest run with the subject, and of those the ones whose own
    labels share the longest: none when no run is a third of the subject (主动公开政府信息
    shares 政府信息 with 政府信息公开申请, and no more). Totals (each with the most it can
    share) are measured most promising first, and the rest given up once none can reach the
    best: a budget compares hundreds of figures with hundreds of totals."""
    top, score = max(MIN_SHARED, math.ceil(MIN_SHARE * len(subject))), {}
    for j in sorted(range(len(totals)), key=lambda j: -totals[j][1]):
        total, most = totals[j]
        if most < top:
            break
        score[j] = _shared(subject, total.label_han, top)  # exact when >= top
        top = max(top, score[j])
    tied = [totals[j][0] for j in sorted(score) if score[j] >= top]
    if not tied:
        return []
    own = [_shared(subject, t.own_han) for t in tied]
    return [t for t, o in zip(tied, own, strict=True) if o == max(own)]


def _blank_places(ex: Extraction) -> dict[int, set[str]]:
    """Each table's value cells left blank, by their labels: the row's words, then the
    headers over the column (a 决算's 三公 table leaves what was not spent blank)."""
    headers, rows = defaultdict(list), defaultdict(list)
    for c in ex.cells:
        (headers[c.table_id] if c.is_header else rows[c.table_id, c.row]).append(c)
    out: dict[int, set[str]] = defaultdict(set)
    for (table_id, _), row in rows.items():
        words = "".join(_han(c.text) for c in row)
        for c in row:
            if not c.text.strip():
                out[table_id].add(words + "".join(
                    _han(h.text) for h in headers[table_id] if h.col <= c.col < h.col + h.col_span))
    return out


def _restates_a_cell(subject: str, total: _Total, cells: dict[int, set[str]]) -> bool:
    """A value of the total's table, no total itself, shares more with the subject by its
    own labels than the total does by its own."""
    own = _shared(subject, total.own_han)
    return any(_shared(subject, label, own + 1) > own for label in cells[total.table_id])


def _may_restate_a_blank(subject: str, total: _Total, blanks: dict[int, set[str]]) -> bool:
    """A place the total's table left blank shares as much with the subject by its labels
    as the total by its own, or more, and at least MIN_SHARED characters: 公务用车…费0.00万元
    may restate 小计 决算数, blank, as well as 小计 预算数; 因公出国（境）费0.00万元 the blank
    under 因公出国（境）费 rather than 合计. A blank's labels are its row's words and its
    column's headers run together, looser than a value's path: a doubt, never a verdict."""
    own = max(MIN_SHARED, _shared(subject, total.own_han))
    return any(_shared(subject, label, own) >= own for label in blanks[total.table_id])


def _against_label(fact: Fact, totals: _Runs, cells: dict[int, set[str]],
                   blanks: dict[int, set[str]], doc_id: str) -> Check | None:
    """The total whose labels share most with the figure's subject (its own labels break a
    tie with the table's headers). Several equally good with different values, or one as
    good as a place left blank: the text agrees when one of them equals it, and is compared
    with none otherwise. A value of the table that is no total, whose own labels share
    more, is what the figure restates (公务用车购置费 beside 公务用车购置及运行维护费's 小计):
    compared with nothing."""
    subject = _han(_table_words(fact.subject))
    best = _best_labelled(subject, [(t, most) for t, most in totals.sharing(subject)
                                    if _comparable(fact, t.measure)])
    verdicts = [(t, settle(_figure(fact), list(t.figures), is_money(t.measure, fact.measure)))
                for t in best if _near(fact.value, t.value)
                and not _restates_a_cell(subject, t, cells)]
    if len({printed_decimal(t.value) for t in best}) > 1 \
            or any(_may_restate_a_blank(subject, t, blanks) for t in best):
        verdicts = [v for v in verdicts if v[1].status == "pass"][:1]
    if not verdicts:
        return None
    total, verdict = verdicts[0]
    return Check(doc_id, total.table_id, "prose_table", f"{fact.subject} ~ {total.where}",
                 float(verdict.expected), float(verdict.actual), verdict.status,
                 None if verdict.status == "pass" else
                 f"the text says {fact.value_raw}, the table {verdict.actual:f}: {verdict.message}")
