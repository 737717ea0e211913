"""Figures stated in running text, as facts: counts, their parts, rates, lists of units.

    区长信箱共受理群众来信106件(其中:问题咨询26件,意见建议16件,…)   a whole and its parts
    市上检测反馈网站问题27条,分别是生态环境分局3条、公安分局1条、…  a whole over units
    共受理网民留言11个，办结11个，办结率100%                         a rate
    完成目标任务的单位有自然资源和规划分局、公安分局、…               membership
    审计局、林业局、…陈村镇新闻信息发布为0                            membership

The figures are read by figures.py, the lists of parts bounded by lists.py.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import regex

from tongbao.extract.model import Check, Fact
from tongbao.extract.prose.figures import Count, as_printed, counts, each, respectively, words
from tongbao.extract.prose.list_ends import added_up_to, bare_list, list_kinds, two_breakdowns
from tongbao.extract.prose.lists import (
    BRIDGE,
    OPENS_WITH_LIST,
    SENTENCE_END,
    SUB_PART,
    after_last,
    breakdown_opener,
    item_clause,
    list_at,
    list_text,
    top_level,
    total_after_parts,
)
from tongbao.extract.prose.measures import MONEY, measure_of_unit
from tongbao.extract.prose.members import list_items, said_of_listed
from tongbao.extract.prose.sentences import body_start, is_heading, sentences
from tongbao.extract.prose.shares import name_shares, rate_checks
from tongbao.normalize.gazetteer import Division, gazetteer
from tongbao.normalize.patterns import LazyPattern
from tongbao.normalize.units import exact_unit, resolve_list

# Parts of parts of parts are read; deeper brackets (hostile input) are left as they are.
MAX_NESTING = 3
_HEADED_LIST = LazyPattern(r"^(?:其中)?(?P<heading>[^，,。；;：:]{2,30}?)有\s*[：:]?\s*(?P<list>[^。；;]+)$")

# Facts one sentence may give: prose states a few figures per sentence; thousands are a
# table flattened into text, and each fact row repeats its sentence (a 350 KB line of
# "1件，" made 116,000 facts of 2,000 characters each).
MAX_FACTS_PER_SENTENCE = 200

# Judges a stated whole against its stated parts: (whole, parts, money) -> a verdict with
# status, expected, actual and message (tongbao.extract.checks.arithmetic.settle).
Settle = Callable[[str | float, list[str | float], bool], Any]


def _figure(fact: Fact) -> str | float:
    return as_printed(fact.value_raw, fact.value)


def _money(measure: str | None) -> bool:
    return measure_of_unit(measure) == MONEY


class _FactBuilder:
    def __init__(self, doc_id: str, context: Division | None, aliases: str | None,
                 settle: Settle | None = None):
        self.doc_id, self.context, self.aliases = doc_id, context, aliases
        self.settle = settle
        self.facts: list[Fact] = []
        self.checks: list[Check] = []
        self.sentence_start = 0  # index in facts of the current sentence's first fact
        self.left_out = 0  # the current sentence's facts beyond MAX_FACTS_PER_SENTENCE
        self.carry: Fact | None = None  # the count that ended the sentence before
        self.carry_rivals: list[Fact] = []  # and its other counts in that measure
        self.several: set[int] = set()  # facts given to each of names not told apart (各)
        self.resolved: dict[tuple, dict] = {}  # list items' subjects -> their units (_units)

    def add(self, sentence, page, kind, subject, value=None, raw=None, measure=None,
            parent=None, unit=None, approx=False, several=False) -> Fact:
        fact = Fact(self.doc_id, len(self.facts) + 1, sentence, subject or None, unit, value, raw,
                    measure, parent.fact_id if parent else None, page, kind, approx)
        if several:
            self.several.add(fact.fact_id)
        if len(self.facts) - self.sentence_start < MAX_FACTS_PER_SENTENCE:
            self.facts.append(fact)
        else:
            self.left_out += 1
        return fact

    def sentence(self, printed: str, page: int | None) -> None:
        self.sentence_start, self.left_out = len(self.facts), 0
        self._read_sentence(printed, page)
        if self.left_out:
            self.checks.append(Check(
                self.doc_id, None, "facts_per_sentence", printed[:60], None, None, "skipped",
                f"{MAX_FACTS_PER_SENTENCE + self.left_out} figures in one sentence (a table "
                f"flattened into text?): the first {MAX_FACTS_PER_SENTENCE} kept as facts"))

    def _read_sentence(self, printed: str, page: int | None) -> None:
        if is_heading(printed):  # 一、总体情况 between a whole and its breakdown parts none
            return
        text = unicodedata.normalize("NFKC", printed)
        if any(mark in text for mark in ("、", "有", *words().joiners)):  # a list of units?
            self._members(printed, text, page)
        carried, self.carry = self.carry, None
        rivals, self.carry_rivals = self.carry_rivals, []
        if not words().count.search(text):
            return
        consumed: set[int] = set()
        first_fact, last = len(self.facts), None
        aspect = breakdown_opener(text, carried.subject) if carried else None
        opener = (aspect or OPENS_WITH_LIST.match(text)) if carried else None
        breakdown = aspect is not None
        if opener:  # 共受理106件。其中，咨询26件… / 从办理单位看，住建局320件…
            text = "，" + ("其中，" + text[opener.end():] if breakdown else text)
            self._parts(printed, text, page, 0, carried, consumed, unsure=True,
                        breakdown=breakdown, others=rivals)
        for c in self._named(text, counts(text)):
            if c.start in consumed:
                continue
            kind = "rate" if c.measure == "%" else "change" if c.is_change else "count"
            whole = self.add(printed, page, kind, c.subject, c.value, c.raw, c.measure,
                             approx=c.approx, several=c.several)
            said = total_after_parts(text, c.start) if kind == "count" else None
            if said:
                whole.subject = whole.subject or said  # named as printed: 合计106件
                self._parts_before(whole)
            if not c.shared:  # a list after a figure given to each of several is no one's
                self._parts(printed, text, page, c.end, whole, consumed)
            if kind == "count" or last is None or last[0].kind != "count":
                last = (whole, c.end, _listed(text, c))  # a rate after a count: still the count
            end = c.end
        self.checks += rate_checks(self.facts[first_fact:], self.doc_id)
        # A list's last item (…申诉3件、意见建议19件。) is no whole the next sentence breaks
        # down (按信件类型分类：… is another breakdown of what the list was of).
        if last and last[0].kind == "count" and not last[2] and SENTENCE_END.fullmatch(text[end:]):
            # The sentence ends with it, or with its rates (…2,345件，按时办结率98.5%。):
            # the next may list its parts.
            self.carry = last[0]
            self.carry_rivals = [f for f in self.facts[first_fact:] if f is not last[0]
                                 and f.kind == "count" and f.parent_fact_id is None
                                 and f.measure == last[0].measure]
        elif opener and breakdown and last is None:  # 从…看 after 从…看: the same whole's
            self.carry, self.carry_rivals = carried, rivals

    def _parts(self, printed, text, page, at: int, whole: Fact, consumed: set[int],
               depth: int = 0, unsure: bool = False, breakdown: bool = False,
               others: list[Fact] | None = None) -> None:
        """The list of parts at text[at:] (after the figure whose fact is whole), if one
        is there; at depth 1 and more, a part's own list, which only a bracket holds.
        unsure: the list may be another figure's (a failing sum is then skipped);
        breakdown: it is one of the whole's breakdowns (从…看), parts of which may overlap;
        others: the counts it may be the list of instead, the one it adds up to if any."""
        found = list_at(text[at:], depth)
        if found and found[2] and not depth:  # 35件（上年结转2件），其中…: an aside, then the list
            after = list_at(text[at + found[0].end():], depth)
            if after and not after[2]:
                at, found = at + found[0].end(), after
        bridge = BRIDGE.match(text, at) if found is None and not depth else None
        if bridge and not counts(bridge["gap"]):  # 30件，已全部办结，其中…: no figure between
            at, unsure = bridge.end(), True
            found = list_at(text[at:], depth)
        if found is None:
            return
        (m, exhaustive, bare), unsure = found, unsure or bool(found[0].groupdict().get("apart"))
        adds_up = self._adder(whole, Count.printed) if whole.kind == "count" else None
        (listed, by_semicolon), offset = list_text(text[at:], m, unsure, adds_up), \
            at + m.start("parts")
        listed_counts = self._named(top_level(listed), counts(top_level(listed),
                                                              in_list=not by_semicolon))
        items = [p for p in listed_counts if not p.is_change]
        held = self._holder(whole, items[0].measure) if items else None
        if held is None:
            return
        holder, unsure = held[0], held[1] or unsure
        if bare and not bare_list(holder, whole, listed_counts):
            return
        items = [p for p in items if p.measure == holder.measure]
        # The sums that say where the list ends are of its parts, not of a part's own parts
        # (含电话咨询10件 after 咨询26件).
        subs = {id(p) for k, p in enumerate(items)
                if k and _sub_part(listed, p, by_semicolon, lambda: self._units(items))}
        items, doubt = list_kinds(
            items, self._adder(holder, lambda p: 0 if id(p) in subs else p.printed()),
            lambda p: total_after_parts(listed, p.start) is not None)
        if others and items:  # 抽查12家，合格11家。其中，…8家、3家、1家: the 12's
            holder = added_up_to(holder, others, items)
        if items and after_last(listed, items[-1]).startswith("等"):
            exhaustive = False  # 分别是住建局3条、城管局5条等: some of them, "and so on"
        units = self._units(items) if items else {}
        added: list[Fact] = []
        for p in items:
            consumed.add(offset + p.start)
            sub = bool(added) and _sub_part(listed, p, by_semicolon, lambda: units)
            part = self._part(printed, page, p, added[-1] if sub else holder, units, sub)
            if not sub:
                added.append(part)
                if depth < MAX_NESTING and not p.shared:
                    self._parts(printed, text, page, offset + p.end, part, consumed, depth + 1)
        if len(added) >= 2:
            groups, doubt = two_breakdowns(holder.value, added, self._adder(holder, _figure),
                                           doubt)
            for group in groups:
                self._sum_check(holder, group, exhaustive, shares="%" in m["parts"],
                                unsure=unsure, rivals=self._rivals(holder) if not depth else [],
                                bare=bare, breakdown=breakdown, doubt=doubt)

    def _units(self, items: list[Count]) -> dict:
        """The units of a list's items, resolved once a list."""
        subjects = tuple(p.subject for p in items)
        if subjects not in self.resolved:
            self.resolved[subjects] = resolve_list(list(subjects), self.context, self.aliases)
        return self.resolved[subjects]

    def _adder(self, whole: Fact, figure: Callable) -> Callable[[list], bool] | None:
        """Whether items add up to the whole, by their figures as printed; None where no
        check is made."""
        if self.settle is None:
            return None
        money = _money(whole.measure)
        return lambda xs: self.settle(_figure(whole), [figure(x) for x in xs],
                                      money).status != "fail"

    def _parts_before(self, total: Fact) -> None:
        """甲48件、乙62件，共计110件: the sentence's counts before a total, in its measure and
        of no whole yet, are its parts. Where a figure of another kind stands among them (a
        rate, a change, another measure), the total may be of some of them: a miss is
        skipped."""
        before = [f for f in self.facts[self.sentence_start:] if f is not total
                  and f.parent_fact_id is None]
        parts = [f for f in before if f.kind == "count" and f.measure == total.measure]
        if len(parts) < 2 or total.fact_id not in {f.fact_id for f in self.facts}:
            return
        for f in parts:
            f.kind, f.parent_fact_id = "part", total.fact_id
        self._sum_check(total, parts, exhaustive=True, unsure=len(parts) < len(before))

    def _part(self, printed, page, p: Count, parent: Fact, units: dict, sub: bool) -> Fact:
        """A part named by a unit of the jurisdiction is its whole's figure for that unit;
        a sub-part is named without its 含."""
        u = units.get(p.subject)
        is_unit = u is not None and u.exact
        subject = parent.subject if is_unit else SUB_PART.sub("", p.subject) if sub else p.subject
        return self.add(printed, page, "part", subject, p.value, p.raw, p.measure,
                        parent=parent, unit=u.unit if is_unit else None, approx=p.approx,
                        several=p.several)

    def _rivals(self, holder: Fact) -> list[Fact]:
        """Counts of the sentence before the list's whole, in its measure, that have no list
        of their own: 共受理来信50件，来访30件，其中来信中咨询20件、… may list 来信's parts (or
        both's) as well as 来访's."""
        mine = self.facts[self.sentence_start:]
        listed = {f.parent_fact_id for f in mine}
        return [f for f in mine if f is not holder and f.kind == "count" and f.fact_id not in listed
                and f.measure == holder.measure and f.fact_id < holder.fact_id]

    def _holder(self, whole: Fact, measure: str) -> tuple[Fact, bool] | None:
        """The figure a list of parts in this measure belongs to, and whether that is unsure:
        the figure before the list; or, where that is a change or a rate in another
        measure, the count before it (共受理诉求300件，较上季度减少20件，其中…; 办结85件，
        办结率94.4%，其中…), unsure across a rate (the list may go with another count)."""
        if whole.kind != "change" and (whole.kind != "rate" or measure == whole.measure):
            return whole, False
        mine = self.facts[self.sentence_start:]
        k = next((i for i, f in enumerate(mine) if f is whole), 0)
        across_rate = whole.kind == "rate"
        for f in reversed(mine[:k]):
            if f.kind == "count":
                return (f, across_rate) if f.measure == measure else None
            if f.kind == "rate":
                across_rate = True
            elif f.kind != "change":  # a part or a member: the list is no continuation
                return None
        return None

    def _sum_check(self, whole: Fact, parts: list[Fact], exhaustive: bool,
                   shares: bool = False, unsure: bool = False,
                   rivals: list[Fact] | None = None, bare: bool = False,
                   breakdown: bool = False, doubt: str | None = None) -> None:
        if self.settle is None:
            return
        # 其中…其他N件: the parts end with "the rest", so they name the whole.
        exhaustive = exhaustive or (parts[-1].subject or "").startswith("其他")
        money = _money(whole.measure)
        verdict = self.settle(_figure(whole), [_figure(p) for p in parts], money)
        total = float(verdict.actual)
        if whole.approximate or any(p.approximate for p in parts):
            status, msg = "skipped", "approximate figures"
        elif self.several & {f.fact_id for f in (whole, *parts)}:
            status, msg = "skipped", "a figure is given to each of several (各) whose number " \
                "is not printed: how often it counts is unknown"
        elif verdict.status != "fail":
            status, msg = verdict.status, verdict.message
        elif doubt:
            status, msg = "skipped", doubt
        elif len(parts) > 1 and parts[0].value == whole.value:  # 其中：一般公共预算拨款2333.03
            status, msg = "skipped", "its first part alone is the whole: the items after it " \
                "may be set beside it (结余结转…), not in it"
        elif bare:
            status, msg = "skipped", "the bracket after it opens with no 其中: its figures may " \
                "name only some of the whole, or figures of their own"
        elif breakdown:
            status, msg = "skipped", "a breakdown (从…看) may name only some of the whole, or " \
                "parts that overlap"
        elif total < whole.value and not exhaustive:
            status, msg = "skipped", "the parts after 其中 may name only some of the whole"
        elif shares and not exhaustive:  # 其中行政许可57项，实现“一趟不用跑”的有45项，占比78.9%
            status, msg = "skipped", "the parts after 其中 are stated with shares (%): one may " \
                "be part of another, not of the whole beside it"
        elif unsure:
            status, msg = "skipped", f"its parts add up to {total:g} but are not printed right " \
                f"after {whole.value:g} (a comma, rate, clause or full stop between): maybe not its"
        elif rivals:
            status, msg = "skipped", "the list may be the parts of another figure before it: " + \
                ", ".join(f"{f.subject} {f.value:g}" for f in rivals)
        else:
            status = "fail"
            msg = f"stated {whole.value:g} but its {len(parts)} parts add up to {total:g}"
        self.checks.append(Check(self.doc_id, None, "fact_parts_sum", whole.subject or "",
                                 whole.value, total, status, msg))

    def _members(self, printed: str, text: str, page) -> None:
        for clause in regex.split(r"[，,。；;]", text):
            clause = clause.strip()
            m = _HEADED_LIST.match(clause)
            if m and self._emit_members(printed, page, m["heading"].strip(),
                                        list_items(m["list"].split("、"), self._is_unit)):
                continue
            if said := said_of_listed(clause, self._is_unit):
                self._emit_members(printed, page, *said)

    def _named(self, text: str, found: list[Count]) -> list[Count]:
        """The counts with the names a list before 分别 or 各 gives them."""
        items = lambda chunks: list_items(chunks, self._is_unit)  # noqa: E731
        return each(text, respectively(text, found, items), items, self._is_unit,
                    lambda clause: said_of_listed(clause, self._is_unit))

    def _is_unit(self, name: str) -> bool:
        return exact_unit(name, self.context, self.aliases) is not None

    def _emit_members(self, printed, page, subject: str, items: list[str]) -> bool:
        if len(items) < 2 or not subject or subject.startswith("分别"):
            return False  # (甲和乙分别受理12件、8件: each its own figure, not one said of all)
        units = resolve_list(items, self.context, self.aliases)
        if any(not units[i].resolved for i in items):
            return False  # every item must be a unit: 各街道办事处 or a topic is not one
        for item in items:
            u = units[item]
            self.add(printed, page, "member", subject, None, item, None,
                     unit=u.unit if u.resolved else None)
        return True


def _listed(text: str, c: Count) -> bool:
    """The count is an item of a list set apart by 、 (…申诉3件、意见建议19件)."""
    before = text[:c.start].rstrip()
    return before.removesuffix(c.subject).rstrip().endswith("、") if c.subject else False


def _sub_part(listed: str, p: Count, by_semicolon: bool, units: Callable[[], dict]) -> bool:
    """An item opening with 含 (or 其中) is a part of the part before it, unless its name
    is a place (含山县3条 is a county's). units: the items' units, asked only then."""
    return bool(SUB_PART.match(item_clause(listed, p.start, by_semicolon))) and \
        not _a_place(p.subject, units())


def _a_place(name: str, units: dict) -> bool:
    """A unit of the jurisdiction or a division anywhere (含山县 opens with 含)."""
    unit = units.get(name)
    return bool(unit is not None and unit.exact) or bool(gazetteer().lookup(name))


def read_facts(prose: list[str], pages: list[int] | None, doc_id: str,
               context: Division | None = None, aliases: str | None = None,
               settle: Settle | None = None) -> tuple[list[Fact], list[Check]]:
    """Facts and their checks from a document's running text (its lines, top to bottom).
    A stated whole is checked against its parts only when `settle` judges them."""
    builder = _FactBuilder(doc_id, context, aliases, settle)
    pages = pages or [None] * len(prose)
    start = body_start(prose)
    for sentence, page in sentences(prose[start:], pages[start:]):
        builder.sentence(sentence, page)
    shares = name_shares(builder.facts, builder.checks)  # (named, checked or not)
    return builder.facts, builder.checks + (shares if settle else [])

