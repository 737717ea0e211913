"""Where a list of parts begins and ends after its whole: in brackets (（其中：…）, （含…）),
after a comma (，其中…, ，分别是…), its items set apart by commas, 、 or, after a colon,
semicolons; a bracket inside the list holds a part's own parts."""

from __future__ import annotations

import regex

from tongbao.extract.prose.figures import CLAUSE_MARK, counts

# A list of parts follows its whole in brackets (（其中：…）, （含…）) or after a comma (，其中…,
# ，分别是…). A bracket inside the list holds the parts of the part before it
# (网络申请60件（其中微信30件、网站30件）), never parts of the whole.
_BRACKETED = r"(?P<nest>[（(](?:[^（()）]|(?&nest))*+[)）])"
PARTS_IN_PARENS = regex.compile(
    rf"\s*[（(]\s*(?P<intro>其中|含|包括|涵盖)\s*[:：]?(?P<parts>(?:[^（()）]|{_BRACKETED})*+)[)）]")
PARTS_AFTER = regex.compile(r"\s*[，,]\s*其中\s*(?P<colon>[:：])?[,，]?(?P<parts>[^。；;]*)")
SPREAD_OVER = regex.compile(r"\s*[，,]\s*分别(?:是|为)\s*(?P<colon>[:：])?(?P<parts>[^。；;]*)")
_INNER_BRACKET = regex.compile(_BRACKETED)
# A list item opening with these is a part of the item before it: 咨询120件，含政策咨询50件.
SUB_PART = regex.compile(r"^(?:含|包括|涵盖|其中)\s*[:：]?")
_ITEM = regex.compile(r"[^。；;]*")
# A list may follow its whole after one clause without a figure (受理申请30件，已全部办结，
# 其中予以公开20件…), or open the next sentence after a whole that ended one (…106件。其中，…).
BRIDGE = regex.compile(r"[，,](?P<gap>[^，,。；;:：（()）]{1,20})(?=[，,]\s*其中)")
OPENS_WITH_LIST = regex.compile(r"其中\s*[，,:：]")
SENTENCE_END = regex.compile(r"\s*[。；;!！]?\s*")


def top_level(listed: str) -> str:
    """The list with the inside of each bracket in it blanked (a part's own parts), so
    that only its own items are read; offsets are kept."""
    return _INNER_BRACKET.sub(lambda b: b.group()[0] + " " * (len(b.group()) - 2)
                              + b.group()[-1], listed)


def list_text(rest: str, m: regex.Match) -> tuple[str, bool]:
    """A list's text, and whether its items are set apart by semicolons. After a colon, a
    list whose first item ends at a semicolon goes on across semicolons (其中：当面申请12件；
    网络申请40件；信函申请6件), while each item is one figure alone; a 、 is then inside an
    item's name (财政预算、决算报告3条)."""
    listed, pos = m["parts"], m.end()
    if not m.groupdict().get("colon") or rest[pos:pos + 1] not in ("；", ";") \
            or len(counts(listed, in_list=True)) != 1:
        return listed, False
    while rest[pos:pos + 1] in ("；", ";"):
        item = _ITEM.match(rest, pos + 1).group()
        if len(counts(item, in_list=True)) != 1 or regex.search("[，,]", item):
            break
        listed, pos = listed + rest[pos] + item, pos + 1 + len(item)
    return listed, True


def item_clause(listed: str, start: int, by_semicolon: bool) -> str:
    """The words of the list item that ends in the figure at start."""
    cut = max(listed.rfind(mark, 0, start) for mark in CLAUSE_MARK + ("" if by_semicolon else "、"))
    return listed[cut + 1:start].lstrip()
