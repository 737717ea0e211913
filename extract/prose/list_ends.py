"""Where a list of a whole's parts ends, and when a sum that misses the whole is no claim
(facts.py reads the list; these judge it).

A list after 其中 may run on past the whole's parts: to what was done with the whole
(其中咨询26件，投诉80件，办结100件), a breakdown of a part (…，有效诉求中咨询40件), a figure
beside the whole (另有无效来电20件) or the whole restated (合计106件); and one list may hold
two breakdowns of it (上月结转6件，本月新增100件，咨询26件，投诉80件). Where the words are
certain (beside, restated) they decide. Elsewhere the sums are the evidence, never the gate:
the reading they support is taken, and where none adds up, the check is skipped saying why.
So is whose list it is, where two figures could own it (added_up_to), and whether a
bracket opened by no word lists parts at all (bare_list).
`adds_up(items)`: whether items add up to the whole (None: no sums are checked).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tongbao.extract.model import Fact
from tongbao.extract.prose.figures import Count, words
from tongbao.normalize.patterns import LazyPattern

Item = TypeVar("Item")
AddsUp = Callable[[list], bool]


def list_kinds(items: list[Count], adds_up: AddsUp | None, restated: Callable[[Count], bool]
               ) -> tuple[list[Count], str | None]:
    """A list's items, and why its sum is no claim if it is not. After kinds of the whole
    named by nouns, a figure whose words open with a verb may say what was done with the
    whole (办结100件: a figure of its own) or name one more kind (其中：依申请公开10件，转办2件);
    one whose words open with an item's name and 中 may start that item's own list. The
    list goes on where all its items add up to the whole and ends before that figure
    otherwise, as the words read; where the kinds do not add up either, which it is cannot
    be told. A list that opens with a verb lists what was done, all of it. A figure set
    beside the whole or the whole restated (`restated`) ends the list whatever the sums."""
    outside = next((k for k, p in enumerate(items)
                    if words().beside.match(p.subject or "") or restated(p)), None)
    items = items[:outside]
    led = words().predicate_led
    if not items or led.match(items[0].subject or "") or adds_up is None:
        return items, None
    k = next((k for k, p in enumerate(items) if k and (
        led.match(p.subject or "")
        or any(q.subject and (p.subject or "").startswith(q.subject + "中") for q in items[:k])
    )), None)
    if k is None or _accounts_for(items, adds_up):
        return items, None
    return items[:k], None if _accounts_for(items[:k], adds_up) else (
        f"{items[k].subject}{items[k].raw} is read as a figure of its own (what was done "
        "with the whole, or a breakdown of a part), not as one more kind of it; the sum "
        "misses either way, so which it is cannot be told")


def two_breakdowns(whole: float, parts: list[Item], adds_up: AddsUp | None,
                   doubt: str | None) -> tuple[list[list[Item]], str | None]:
    """The groups of parts to check, and why a miss is no claim if it is not. Where all the
    parts miss the whole and the first ones add up to it (two at least, two at least after
    them), each breakdown is checked on its own if the rest adds up too; if not, the rest
    may be a second breakdown with an error or figures of their own."""
    if adds_up is None or len(parts) < 4 or adds_up(parts):
        return [parts], doubt
    if (j := _halves(parts, adds_up)) is not None:
        return [parts[:j], parts[j:]], doubt
    if (j := next((j for j in range(2, len(parts) - 1) if adds_up(parts[:j])), None)) is not None:
        return [parts], (f"the first {j} parts add up to {whole:g} and the "
                         f"{len(parts) - j} after them do not: a second breakdown "
                         "with an error, or figures of their own; which cannot be told")
    return [parts], doubt


def _accounts_for(items: list, adds_up: AddsUp) -> bool:
    """The items add up to the whole, as one breakdown or as two (two_breakdowns)."""
    return adds_up(items) or _halves(items, adds_up) is not None


def _halves(parts: list, adds_up: AddsUp) -> int | None:
    """Where the list parts into two breakdowns of the whole, each adding up to it (two
    items at least each)."""
    return next((j for j in range(2, len(parts) - 1)
                 if adds_up(parts[:j]) and adds_up(parts[j:])), None)


def added_up_to(holder: Fact, others: list[Fact], items: list[Count]) -> Fact:
    """Of a list's possible wholes, the one its parts add up to, where only another does
    (the document's arithmetic as evidence of whose list it is); else the first, and
    always where the parts name it (按期办结, 超期办结 are 办结's, whatever they add up to)."""
    total = sum(p.value for p in items)
    same = [f for f in others if f.measure == holder.measure and abs(f.value - total) < 1e-9]
    named = holder.subject and any(holder.subject in (p.subject or "") for p in items)
    return same[0] if len(same) == 1 and abs(holder.value - total) >= 1e-9 and not named \
        else holder


def bare_list(holder: Fact, whole: Fact, found: list[Count]) -> bool:
    """A bracket opened by no word lists parts of the figure right before it only when it
    holds two figures or more (投诉和举报各19条: two) and every figure in it is a count in that
    figure's measure (（同比增长12%）, （上年结转5件） and （2023年：1100条，占30%） list none)."""
    return holder is whole and len(found) >= 2 and all(
        p.measure == whole.measure and not p.is_change and not _A_PERIOD.fullmatch(p.subject)
        for p in found)


# A bracket's figures named by periods alone compare the whole with other periods
# (公开文件1200条（2023年1100条、2022年1000条）): no parts of it.
_A_PERIOD = LazyPattern(r"(?:(?:19|20)\d{2}年度?|上年|去年|上一年|同期|上年同期|上季度|上月"
                          r"|[一二三四1-4]季度|\d{1,2}月)?")
