"""Where a list of parts begins and ends after its whole: in brackets (（其中：…）, （含…）),
after a comma (，其中…, ，分别是…), its items set apart by commas, 、 or, after a colon,
semicolons; a bracket inside the list holds a part's own parts."""

from __future__ import annotations

import os
from collections.abc import Callable

import regex

from tongbao.extract.prose.figures import (
    BRACKET,
    BRACKETED,
    CLAUSE_MARK,
    SHARE,
    TOTAL_WORDS,
    Count,
    alone_in_bracket,
    counts,
    names_bracket,
    past_bracket,
    words,
)
from tongbao.normalize.patterns import LazyPattern

# The words that open a list of parts: every part of a whole (其中), each whole in turn
# (分别是), or some of a part's own (含, 包括, 涵盖). sentences.py keeps such a list in one
# sentence; a list item opening with them is a part of the item before it.
AMONG, SPREAD, INCLUDING = ("其中",), ("分别是", "分别为"), ("含", "包括", "涵盖")


def _any(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(words) + ")"


# A list of parts follows its whole in brackets (（其中：…）, （含…）) or after a comma (，其中…,
# ，分别是…). A bracket inside the list holds the parts of the part before it
# (网络申请60件（其中微信30件、网站30件）), never parts of the whole. A comma may stand
# before the bracket (共公布政府信息2599条，(其中机构职能类信息25条，…)): set apart, whose
# parts they are is less sure (facts.py).
PARTS_IN_PARENS = LazyPattern(rf"\s*(?P<apart>[，,])?\s*[（(]\s*(?P<intro>{_any(AMONG + INCLUDING)})\s*[:：]?"
                                rf"(?P<parts>(?:[^（()）]|{BRACKETED})*+)[)）]")
# A bracket right after a figure, opened by no word (受理89件（来信45件、来访44件）): its figures
# may be the whole's parts, or some of them, or figures of their own (facts.py weighs them).
PARTS_IN_BARE_PARENS = LazyPattern(rf"\s*[（(](?P<parts>(?:[^（()）]|{BRACKETED})*+)[)）]")
PARTS_AFTER = LazyPattern(rf"\s*[，,]\s*{_any(AMONG)}\s*(?P<colon>[:：])?[,，]?(?P<parts>[^。；;]*)")
SPREAD_OVER = LazyPattern(rf"\s*[，,]\s*{_any(SPREAD)}\s*(?P<colon>[:：])?(?P<parts>[^。；;]*)")
SUB_PART = LazyPattern(rf"^{_any(INCLUDING + AMONG)}\s*[:：]?")
_ITEM = LazyPattern(r"[^。；;]*")
# A list may follow its whole after one clause without a figure (受理申请30件，已全部办结，
# 其中予以公开20件…), or open the next sentence after a whole that ended one (…106件。其中，…).
BRIDGE = LazyPattern(rf"[，,](?P<gap>[^，,。；;:：（()）]{{1,20}})(?=[，,]\s*{_any(AMONG)})")
OPENS_WITH_LIST = LazyPattern(rf"{_any(AMONG)}\s*[，,:：]?")  # 。其中咨询类26件 too
# Or the next sentence breaks it down by one of its aspects (…共受理1060件。从办理单位看，
# 住建局320件、…; 按问题类型分类：…): some or all of its parts, which may overlap.
_ASPECT = r"(?:从[^，,。；;:：]{1,12}?(?:来看|上看|看)|按[^，,。；;:：]{1,12}?(?:分类|划分|分))"
BREAKDOWN = LazyPattern(rf"{_ASPECT}\s*[，,:：]")
# Or it opens among the whole's own items, named by its noun (…受理市民诉求1000件。本周
# 所受理的市民诉求中，直办600件…): a breakdown too, where the noun ends as the whole's
# subject does, and names no narrower thing (财政拨款支出预算中, after 支出预算).
AMONG_THE_WHOLE = LazyPattern(r"(?:在)?(?P<noun>[^，,。；;:：\d]{2,20}?)中\s*[，,:：]")


def breakdown_opener(text: str, whole_subject: str | None):
    """The match of a sentence opening a breakdown of the whole before it (从办理单位看，
    按问题类型分类：, 上述诉求中，), or None."""
    aspect = BREAKDOWN.match(text)
    m = AMONG_THE_WHOLE.match(text) if aspect is None and whole_subject else None
    if m is None:
        return aspect
    noun = m["noun"]
    shared = len(os.path.commonprefix([noun[::-1], whole_subject[::-1]]))  # the ends alike
    # (财政拨款支出预算中, after 支出预算…: among one of its parts, not among the whole)
    narrower = len(noun) > shared == len(whole_subject)
    return m if shared >= 2 and not narrower else None
# A list opened by a colon, its items set apart by semicolons (其中：当面申请12件；网络申请40件；…),
# or a sentence opened by 其中， or an aspect whose items are (其中，网站发布2156条，占38.3%；…,
# 从申请方式看，当面申请12件，占9.4%；…): the sentence goes on past the colon and the
# semicolons (facts.py decides how far).
# Or by a 其中 within the sentence whose items, one clause each, end at semicolons (…共30个，
# 其中微信公众号18个（市直单位5个，县区13个）；新浪微博7个（…）；): the list may go on.
LIST_OPENED = LazyPattern(rf"{_any(AMONG + SPREAD + ('包括',))}\s*[:：](?:[^:：]*[；;])?$"
                            rf"|(?:^|[。！？!?])\s*(?:{_any(AMONG)}|{_ASPECT})\s*[，,][^:：。！？!?]*[；;]$"
                            rf"|[，,]\s*{_any(AMONG)}(?:(?:[^:：，,。！？!?；;（()）]|{BRACKETED})++[；;])++$")
SENTENCE_END = LazyPattern(r"\s*[。；;!！]?\s*")
# A total printed after its parts, alone in its clause (甲48件、乙62件，共计110件): the word
# before its number, one of TOTAL_WORDS.
_TOTAL_AFTER = LazyPattern(rf"[{CLAUSE_MARK}、]\s*(?P<word>{_any(TOTAL_WORDS)})\s*(?:[:：为是达])?\s*$")


def total_after_parts(text: str, start: int) -> str | None:
    """The word (共计) saying the figure at text[start:] is the total of the figures before
    it, alone between the clause mark and it; else None."""
    m = _TOTAL_AFTER.search(text, 0, start)
    return m["word"] if m else None


def top_level(listed: str) -> str:
    """The list with the inside of each bracket in it blanked (a part's own parts), so
    that only its own items are read; offsets are kept. A bracket holding a figure alone
    after a name is kept: the figure is the item's; so is one holding no figure, a name's
    own (县(市)区政府门户网站)."""
    def blank(b: regex.Match) -> str:
        inside = b.group()[1:-1]
        if not counts(inside) or _figure_alone(inside) and names_bracket(listed[:b.start()]):
            return b.group()  # 区住建局（300件）: the item's own figure, not its parts
        return b.group()[0] + " " * (len(b.group()) - 2) + b.group()[-1]

    return BRACKET.sub(blank, listed)


def _figure_alone(inside: str) -> bool:
    """One figure, and nothing else in the bracket but its share (300件，占25%)."""
    alone = SHARE.sub("", inside)
    found = counts(alone)
    return len(found) == 1 and alone.strip() == found[0].raw


def list_text(rest: str, m: regex.Match, unsure: bool = False,
              adds_up: Callable[[list[Count]], bool] | None = None) -> tuple[str, bool]:
    """A list's text, and whether its items are set apart by semicolons. After a colon, a
    list whose first item ends at a semicolon goes on across semicolons (其中：当面申请12件；
    网络申请40件；信函申请6件), while each item is one figure alone (a bracket of its own
    parts aside), but for its share (，占24.5%); a 、 is then inside an item's name
    (财政预算、决算报告3条). So does a list whose whole is unsure (one opening the next
    sentence: 其中，…占38.3%；…), whose sum that misses is skipped, never failed. After 其中
    with no colon the semicolon may end the list (其中咨询10件；办结28件): it goes on only
    where the items then add up to the whole (`adds_up`), the document's arithmetic as the
    evidence of where it ends."""
    listed, pos = m["parts"], m.end()
    opened = bool(m.groupdict().get("colon") or unsure)
    if not (opened or adds_up) or rest[pos:pos + 1] not in ("；", ";") \
            or not _one_figure(top_level(listed)):
        return listed, False
    longer = listed
    while rest[pos:pos + 1] in ("；", ";"):
        item = _ITEM.match(rest, pos + 1).group()
        if not _one_figure(top_level(item)):
            break
        longer, pos = longer + rest[pos] + item, pos + 1 + len(item)
    if opened or adds_up(counts(top_level(longer))):
        return longer, True
    return listed, False


def _one_figure(item: str) -> bool:
    """An item of a semicolon list: one figure, and no other clause than its share, or
    than how it changed (公务用车购置费182.21万元，增加90万元，增长97.6%；…: a 决算's)."""
    first, *rest = regex.split("[，,]", SHARE.sub("", item))
    return len(counts(first, in_list=True)) == 1 and all(map(_said_of_change, rest))


def _said_of_change(clause: str) -> bool:
    """A clause saying how the figure before it changed (比上年增加90万元, 增长97.6%)."""
    return words().change.search(clause) is not None


def item_clause(listed: str, start: int, by_semicolon: bool) -> str:
    """The words of the list item that ends in the figure at start."""
    cut = max(listed.rfind(mark, 0, start) for mark in CLAUSE_MARK + ("" if by_semicolon else "、"))
    return listed[cut + 1:start].lstrip()


def list_at(rest: str, depth: int) -> tuple[regex.Match, bool, bool] | None:
    """The list of parts rest starts with, whether it names all of its whole (分别是…;
    其中… may name only some), and whether no word opened it (a bare bracket); at depth 1
    and more only a bracket opened by a word."""
    patterns = (PARTS_IN_PARENS, PARTS_IN_BARE_PARENS) if depth else (
        PARTS_IN_PARENS, SPREAD_OVER, PARTS_AFTER, PARTS_IN_BARE_PARENS)
    for pattern in patterns:
        if m := pattern.match(rest):
            return m, pattern is SPREAD_OVER, pattern is PARTS_IN_BARE_PARENS
    return None


def after_last(listed: str, item: Count) -> str:
    """What the list prints after its last item: after the bracket that holds the item's
    figure, where one does (…北京街道（3条）等)."""
    rest = listed[item.end:]
    return (past_bracket(rest) if alone_in_bracket(listed[:item.start], rest) else rest).lstrip()
