"""Shares of a whole's parts, each named by its part and checked against the part over
the whole: stated after the list, one for each (…网上申请80件、当面申请26件，分别占75.5%、
24.5%), or each in a clause of its own right after its part (网上申请80件，占75.5%；…).

The sentence's facts give them: the whole, its parts, then the rates, the first named
分别占… and the others nameless, or each named 占 / 占比. Only a share of the whole itself
is checked: 分别占 or 占 alone, or of 总数 / 总量 / 全部 (分别占全市的… is of another base:
named, not checked). And rates (办结率) against the counts they are the ratio of.
"""

from __future__ import annotations

import unicodedata

from tongbao.extract.model import Check, Fact
from tongbao.extract.prose.figures import SHARE_SAID
from tongbao.normalize.numbers import half_unit
from tongbao.normalize.patterns import LazyPattern

_OF_THE_WHOLE = LazyPattern(r"^分别占(?:比|总数|总量|总件数|全部|总)?的?(?:比[例重])?为?$")
_OF_ANOTHER = LazyPattern(r"^分别占")
_DIGIT = LazyPattern(r"\d")
# A part's figure, then its own share (80件，占75.5%): the phrase between, as lists.py reads it
_OWN_SHARE = LazyPattern(rf"^{SHARE_SAID}$")
_SHARE_AFTER_FIGURE = LazyPattern(r"(?<![\d.,])(?P<figure>\d[\d,.]*[^\s\d，,；;。%]{0,3})"
                                  + SHARE_SAID + r"(?P<share>\d+(?:\.\d+)?%)")
TOLERANCE = 0.5  # percentage points, at most: a share may be cut, not rounded


def share_tolerance(rate: Fact) -> float:
    """How far a printed share may be from its part's share of the whole: less than one
    unit of its last printed digit (0.9% cut or rounded from 0.95 or 0.99; 92% from
    92.7), never more than TOLERANCE. A share printed 0.9% where it is 0.6% is wrong."""
    return min(TOLERANCE, float(2 * half_unit(rate.value_raw or rate.value)))


def name_shares(facts: list[Fact], checks: list[Check]) -> list[Check]:
    """Names the shares of a list's parts (mutating their facts) and checks them. checks:
    the sentences' own; a whole whose parts' sum was skipped (a list that may be another
    figure's, or name only some) has its parts' shares claimed against it by none."""
    unsure = {c.scope for c in checks if c.check == "fact_parts_sum" and c.status == "skipped"}
    return _after_the_list(facts) + _after_each_part(facts, unsure)


def _after_each_part(facts: list[Fact], unsure: set[str]) -> list[Check]:
    """A share printed right after a part's figure, nameless (占, 占比, 占总数的), is that
    part's share of its whole: found in the sentence as 80件，占75.5%, in reading order (the
    rates keep theirs, and the parts theirs). After a count that is no part, it is named
    by the count, and checked against nothing (whose share it is, the text does not say)."""
    checks = []
    by_id = {f.fact_id: f for f in facts}
    for mine in _by_sentence(facts):
        parts = [f for f in mine if f.kind == "part" and by_id.get(f.parent_fact_id)]
        parts += [f for f in mine if f.kind == "count" and f.parent_fact_id is None]
        rates = [f for f in mine if f.kind == "rate" and f.subject and
                 _OWN_SHARE.match("，" + f.subject)]
        if not parts or not rates:
            continue
        text = _nfkc(mine[0].sentence)
        for m in _SHARE_AFTER_FIGURE.finditer(text):
            rate = next((r for r in rates if _nfkc(r.value_raw).replace(" ", "") == m["share"]),
                        None)
            part = rate and _printed_before(parts, m["figure"], text[:m.start()])
            if part is None:
                continue
            rates.remove(rate)
            parts.remove(part)
            rate.subject, rate.unit = f"{part.subject}占比", part.unit
            whole = by_id.get(part.parent_fact_id)
            if whole is not None and whole.value:
                checks.append(_checked(rate, part, whole, [f for f in mine if f.kind in (
                    "count", "part") and f is not whole and f is not part],
                    whole.subject in unsure))
    return checks


def _by_sentence(facts: list[Fact]) -> list[list[Fact]]:
    """The facts of each sentence, in reading order: grouped once, not sought per sentence."""
    groups: dict[str, list[Fact]] = {}
    for f in facts:
        groups.setdefault(f.sentence, []).append(f)
    return list(groups.values())


def _nfkc(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "")


def _printed_before(parts: list[Fact], figure: str, before: str) -> Fact | None:
    """The part printed as figure just there: the one whose name ends the text before it
    (行政许可45项，“一趟不用跑”事项45项，占比…), else the first of that figure."""
    same = [p for p in parts if _nfkc(p.value_raw) == figure]
    named = [p for p in same if p.subject and before.endswith(_nfkc(p.subject))]
    return (named or same or [None])[0]


def _after_the_list(facts: list[Fact]) -> list[Check]:
    """Shares stated after the list, the first named 分别占…, the others nameless."""
    checks = []
    by_id = {f.fact_id: f for f in facts}
    for i, first in enumerate(facts):
        if first.kind != "rate" or not _OF_ANOTHER.match(first.subject or ""):
            continue
        rates = [first]
        for f in facts[i + 1:]:
            if f.kind != "rate" or f.subject or f.sentence != first.sentence:
                break
            rates.append(f)
        parts = [f for f in facts[:i] if f.kind == "part" and f.sentence == first.sentence]
        parts = parts[-len(rates):]
        whole = by_id.get(parts[0].parent_fact_id) if parts else None
        if len(rates) < 2 or len(parts) != len(rates) or whole is None \
                or any(p.parent_fact_id != whole.fact_id for p in parts) \
                or not _right_after(first.sentence, parts[-1]):
            continue
        checked = bool(_OF_THE_WHOLE.match(first.subject)) and bool(whole.value) \
            and sum(r.value for r in rates) <= 100 + TOLERANCE * len(rates)
        for part, rate in zip(parts, rates, strict=True):
            rate.subject, rate.unit = f"{part.subject}占比", part.unit
            if checked:
                checks.append(_checked(rate, part, whole))
    return checks


def _right_after(sentence: str, last: Fact) -> bool:
    """分别 follows the last part with no figure between (an aside counted after the list
    in reading order, 73件（上年结转7件）, was printed before it)."""
    text = unicodedata.normalize("NFKC", sentence)
    at = text.find("分别")
    end = text.rfind(unicodedata.normalize("NFKC", last.value_raw or ""), 0, at)
    return at > 0 and end >= 0 and not _DIGIT.search(text, end + len(last.value_raw or ""), at)


def _checked(rate: Fact, part: Fact, whole: Fact, others: list[Fact] = (),
             unsure: bool = False) -> Check:
    """others: the sentence's other figures; a share that misses the whole but is the part's
    share of one of them may be of that one (有效诉求中… after 共受理…): no claim then; nor
    where the list may not be the whole's (unsure)."""
    actual = round(100 * part.value / whole.value, 2)
    share_of = lambda base: base.value and abs(100 * part.value / base.value - rate.value) \
        < share_tolerance(rate) + 1e-9  # noqa: E731
    base = next((o for o in others if share_of(o)), None)
    if rate.approximate or part.approximate or whole.approximate:
        status, msg = "skipped", "approximate figures"
    elif share_of(whole):
        status, msg = "pass", None
    elif base is not None:
        status, msg = "skipped", (
            f"{part.subject} {part.value:g} of {whole.value:g} is {actual:g}%, but of "
            f"{base.subject} {base.value:g} it is {rate.value:g}%: which whole the share is "
            "of cannot be told")
    elif unsure:
        status, msg = "skipped", (
            f"{part.subject} {part.value:g} of {whole.value:g} is {actual:g}%, but the list "
            f"may not be {whole.subject}'s (its sum was not checked): no claim")
    else:
        status, msg = "fail", f"{part.subject} {part.value:g} of {whole.value:g} is {actual:g}%"
    return Check(rate.doc_id, None, "fact_rate", rate.subject, rate.value, actual, status, msg)


def rate_checks(facts: list[Fact], doc_id: str) -> list[Check]:
    """A sentence's rates (办结率100%) against the count they name over the count they are
    a rate of: the sentence's first (受理…11个，办结11个) where no other count stands between
    them. Where one does (受理2877件，…派单601件，按时结案597件，按时结案率99%: of the 601 sent
    on), the rate may be of any of them (or of a sum: 当场答复 and 办结 of all received), and
    fails against none."""
    checks, stated = [], [f for f in facts if f.kind == "count"]
    for rate in (f for f in facts if f.kind == "rate" and (f.subject or "").endswith("率")):
        stem = rate.subject[:-1]
        numerator = next((f for f in stated if f.subject == stem), None)
        if numerator is None:
            continue
        bases = [f for f in stated[:stated.index(numerator)] if f.value]
        if not bases or bases[0] is not stated[0]:
            continue
        ratios = [round(100 * numerator.value / b.value, 2) for b in bases]
        fits = [r for r in ratios if abs(r - rate.value) < share_tolerance(rate) + 1e-9]
        of = f"{stem} {numerator.value:g} of {bases[0].value:g} is {ratios[0]:g}%"
        if fits or len(bases) == 1:
            status, actual, why = ("pass", fits[0], None) if fits else ("fail", ratios[0], of)
        else:
            others = ", ".join(f"{b.subject} {b.value:g}" for b in bases[1:])
            status, actual, why = "skipped", None, (
                f"{of}, but the rate may be of a count printed between them ({others}) or of "
                "a sum: none of them gives it, and which it is the text does not say")
        checks.append(Check(doc_id, None, "fact_rate", rate.subject, rate.value, actual,
                            status, why))
    return checks
