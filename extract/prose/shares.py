"""Shares stated after a list of parts, one for each (…网上申请80件、当面申请26件，分别占
75.5%、24.5%): each named by its part, and checked against the part over the whole.

The sentence's facts, in reading order, give them: the whole, its parts, then the rates,
the first named 分别占… and the others nameless. Only a share of the whole itself is
checked: 分别占 alone, or of 总数 / 总量 / 全部 (分别占全市的… is of another base: named,
not checked).
"""

from __future__ import annotations

import unicodedata

from tongbao.extract.model import Check, Fact
from tongbao.normalize.patterns import LazyPattern

_OF_THE_WHOLE = LazyPattern(r"^分别占(?:比|总数|总量|总件数|全部|总)?的?(?:比[例重])?为?$")
_OF_ANOTHER = LazyPattern(r"^分别占")
_DIGIT = LazyPattern(r"\d")
TOLERANCE = 0.5  # percentage points: as fact_rate allows (a share may be cut, not rounded)


def name_shares(facts: list[Fact]) -> list[Check]:
    """Names the shares after a list of parts (mutating their facts) and checks them."""
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


def _checked(rate: Fact, part: Fact, whole: Fact) -> Check:
    actual = round(100 * part.value / whole.value, 2)
    if rate.approximate or part.approximate or whole.approximate:
        status, msg = "skipped", "approximate figures"
    elif abs(actual - rate.value) < TOLERANCE + 1e-9:
        status, msg = "pass", None
    else:
        status, msg = "fail", f"{part.subject} {part.value:g} of {whole.value:g} is {actual:g}%"
    return Check(rate.doc_id, None, "fact_rate", rate.subject, rate.value, actual, status, msg)
