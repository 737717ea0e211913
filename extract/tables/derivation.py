"""Which value columns the headers say are derived from their siblings.

    因公出国（境）费 | 公务接待费 | 公务用车… | 三公经费合计      a group total, leaf by leaf
    2022 | 2023 | 增减数 | 增长率（%）                         a change and a rate of two periods
    预算金额 | 执行金额 | 执行率（%）                          a ratio of two siblings

Only the headers speak here (words in data/table_labels.yaml); checks/derived.py
confirms each derivation by the numbers before it checks a single cell.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tongbao.extract.tables.labels import Vocabulary, core_key
from tongbao.normalize.numbers import parse_number, printed_places


@dataclass(frozen=True)
class Derivation:
    kind: str  # group_total | change | rate | ratio
    # group_total: the part columns; change, rate: (later, earlier); ratio: (numerator, denominator)
    of: tuple[int, ...]


def derive(paths: dict[int, list[str]], voc: Vocabulary) -> tuple[dict[int, Derivation], set[int]]:
    """paths: each value column's header path. Returns the derived columns, and the
    columns under a total group (三公经费合计 / 2023 and its 增减数), printed totals."""
    out: dict[int, Derivation] = {}
    paths = {c: p for c, p in paths.items() if p}  # a column with no header derives nothing
    under_total = {c for c, p in paths.items()
                   if p and (voc.is_group_total(p[-1]) or len(p) > 1 and voc.is_group_total(p[-2]))}
    for c, path in paths.items():
        if not path:
            continue
        kind = voc.derived_kind(path[-1])
        siblings = [s for s, p in paths.items() if s != c and p[:-1] == path[:-1]]
        if kind in ("change", "rate"):
            periods = sorted((voc.period(paths[s][-1]), s) for s in siblings
                             if voc.period(paths[s][-1]) is not None)
            if len(periods) >= 2:
                out[c] = Derivation(kind, (periods[-1][1], periods[-2][1]))
        elif kind == "ratio":
            num = _with_words(siblings, paths, voc.ratio_parts["numerator"])
            den = _with_words([s for s in siblings if s != num], paths,
                              voc.ratio_parts["denominator"])
            if num is not None and den is not None:
                out[c] = Derivation(kind, (num, den))
        elif c in under_total:
            parts = _parts(c, path, paths, voc)
            if len(parts) >= 2:
                out[c] = Derivation("group_total", tuple(parts))
    return out, under_total


LINEAR = ("group_total", "change")


def expand(c: int, rules: dict[int, Derivation], sign: int = 1) -> Counter:
    """Column c as a signed sum of columns no linear rule in `rules` derives: a total
    group's change is its parts' later year minus their earlier year."""
    d = rules.get(c)
    if d is None or d.kind not in LINEAR:
        return Counter({c: sign})
    return linear(d, rules, sign)


def linear(d: Derivation, rules: dict[int, Derivation], sign: int = 1) -> Counter:
    """What a group total or a change adds up, down to underived columns."""
    out: Counter = Counter()
    if d.kind == "group_total":
        for s in d.of:
            out.update(expand(s, rules, sign))
    else:  # a change: later − earlier
        out.update(expand(d.of[0], rules, sign))
        out.update(expand(d.of[1], rules, -sign))
    return out


def ratio_terms(d: Derivation, rules: dict[int, Derivation]) -> tuple[Counter, Counter]:
    """A rate's (later − earlier) and earlier; a ratio's numerator and denominator."""
    later, earlier = d.of[:2]
    if d.kind == "rate":
        num = expand(later, rules)
        num.update(expand(earlier, rules, -1))
        return num, expand(earlier, rules)
    return expand(later, rules), expand(earlier, rules)


def span(terms: list[tuple[str, int]]) -> tuple[float, float]:
    """The signed sum of printed terms, widened by half a printed unit per term: what
    the unrounded figures may have added up to. A placeholder (—) is a zero."""
    value = slack = 0.0
    for text, k in terms:
        value += k * (parse_number(text) or 0.0)
        slack += abs(k) * 0.5 * 10 ** -printed_places(text)
    return value - slack, value + slack


def ratio_range(num: list[tuple[str, int]], den: list[tuple[str, int]]
                ) -> tuple[float, float] | None:
    """What 100 × num / den may be, given every figure's rounding; None when den may be 0."""
    n_lo, n_hi = span(num)
    d_lo, d_hi = span(den)
    if d_lo <= 0 <= d_hi:
        return None
    quotients = [100 * n / d for n in (n_lo, n_hi) for d in (d_lo, d_hi)]
    return min(quotients), max(quotients)


def agrees(printed: str, low: float, high: float) -> bool:
    """A printed figure inside [low, high], give or take its own rounding."""
    value = parse_number(printed) or 0.0
    half = 0.5 * 10 ** -printed_places(printed) + 1e-9
    return low - half <= value <= high + half


def _with_words(columns: list[int], paths: dict[int, list[str]], words: list[str]) -> int | None:
    return next((s for s in columns if any(w in core_key(paths[s][-1]) for w in words)), None)


def _parts(c: int, path: list[str], paths: dict[int, list[str]], voc: Vocabulary) -> list[int]:
    """The columns a group total adds: sibling groups' columns with the same leaf
    (三公经费合计 / 2023 <- 公务接待费 / 2023, …), or, for a total leaf, its siblings."""
    if voc.is_group_total(path[-1]):
        return [s for s, p in paths.items() if s != c and p[:-1] == path[:-1]
                and not voc.is_group_total(p[-1]) and not voc.derived_kind(p[-1])]
    return [s for s, p in paths.items() if s != c and len(p) == len(path)
            and p[:-2] == path[:-2] and p[-1] == path[-1] and not voc.is_group_total(p[-2])]
