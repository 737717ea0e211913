"""Figures stated in running text, as facts: counts, their parts, rates, lists of units.

    区长信箱共受理群众来信106件(其中:问题咨询26件,意见建议16件,…)   a whole and its parts
    市上检测反馈网站问题27条,分别是生态环境分局3条、公安分局1条、…  a whole over units
    共受理网民留言11个，办结11个，办结率100%                         a rate
    完成目标任务的单位有自然资源和规划分局、公安分局、…               membership
    审计局、林业局、…陈村镇新闻信息发布为0                            membership

A number counts only with a measure word after it (件, 条, 个, %, 万元 …), so
dates, document numbers (〔2021〕30号), phone numbers, ordinals (第二季度,
第5期) and article numbers (第二十条) never become facts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from tongbao.extract.model import Check, Fact
from tongbao.extract.prose.measures import MONEY, measure_of_unit
from tongbao.extract.prose.sentences import body_start, sentences
from tongbao.normalize.datafiles import read_yaml
from tongbao.normalize.gazetteer import Division
from tongbao.normalize.numbers import chinese_number
from tongbao.normalize.units import exact_unit, resolve_list

_NUMERAL = "[零〇一二两三四五六七八九十百千万]"
# Longer than any unit's name with its full jurisdiction (省, 市, 县 and the organisation):
# a list item is tried as a unit name no further than this.
MAX_UNIT_NAME = 60


@dataclass(frozen=True)
class _Words:
    count: regex.Pattern
    bounds: tuple[str, ...]
    predicate_starts: tuple[str, ...]
    subject_drop: regex.Pattern
    change: regex.Pattern


@cache
def _words() -> _Words:
    w = read_yaml("tongbao.extract", "fact_words.yaml")
    alt = lambda xs: "|".join(regex.escape(x) for x in sorted(xs, key=len, reverse=True))  # noqa: E731
    # Linear time on any text: possessive quantifiers never give back what they took (no
    # measure word or approx word starts with a digit, numeral or space, so giving back
    # never led to a match), and a number starts only where a run of digits (or of
    # numerals) starts - a match from inside a run would also have matched from its start.
    # Without these, 20,000 digits in a row took over 20 s (each start rescanned the run).
    count = regex.compile(
        rf"(?P<pre>{alt(w['approx_before'])})?"
        rf"(?P<num>\d{{1,3}}+(?:,\d{{3}})++(?:\.\d++)?+|(?<!\d)\d++(?:\.\d++)?+"
        rf"|(?<!{_NUMERAL}){_NUMERAL}++)"
        rf"\s*+(?P<post>{alt(w['approx_after'])})?\s*+(?P<measure>{alt(w['measures'])})")
    return _Words(count, tuple(w["bounds"]), tuple(w["predicate_starts"]),
                  regex.compile(f"{alt(w['subject_drop'])}|(?:{alt(w['subject_drop_before_verb'])})"
                                f"(?=(?:{alt(w['verbs'])})|$)"),
                  regex.compile(alt(w["change_words"])))


_HAN = regex.compile(r"\p{Han}")
_MAGNITUDE_ONLY = regex.compile(r"[百千万亿]+")
_COPULA = regex.compile(r"^(?:是|为)")
_CLAUSE_MARK = "，,：:；;（()）。"
_PARTS_IN_PARENS = regex.compile(r"\s*[（(]\s*其中\s*[:：]?(?P<parts>[^)）]*)[)）]")
_PARTS_AFTER = regex.compile(r"\s*[，,]\s*其中\s*[,，:：]?(?P<parts>[^。；;]*)")
_SPREAD_OVER = regex.compile(r"\s*[，,]\s*分别(?:是|为)\s*[:：]?(?P<parts>[^。；;]*)")
_HEADED_LIST = regex.compile(r"^(?:其中)?(?P<heading>[^，,。；;：:]{2,30}?)有\s*[：:]?\s*(?P<list>[^。；;]+)$")
_AND = regex.compile(r"以及|和|及|与")


def _number(text: str) -> float | None:
    plain = text.replace(",", "")
    if plain.isascii() and plain.replace(".", "", 1).isdigit():
        return float(plain)  # digits: what cn2an makes of them, without importing it
    if text[0] in "百千万":  # 近千件: a bare 千 is 一千
        text = "一" + text
    try:
        return float(chinese_number(text.replace(",", "")))
    except (ValueError, KeyError, TypeError):
        return None


@dataclass
class _Count:
    start: int
    end: int
    value: float
    raw: str
    measure: str
    approx: bool
    subject: str

    @property
    def is_change(self) -> bool:
        """比2022年预算增加1421.25万元: the change word right before the figure, or a
        comparison with 比; not 增加…标准化目录5个 (five were added)."""
        change = _words().change
        if m := regex.search(rf"(?:{change.pattern})$", self.subject):
            return bool(m)
        return "比" in self.subject and bool(change.search(self.subject.split("比", 1)[1]))


def _counts(text: str, in_list: bool = False) -> list[_Count]:
    """Numbers with a measure word that state a count (not a bound, ordinal or modifier)."""
    w = _words()
    out = []
    previous_end = 0  # a count's subject begins after the count before it (甲76条、乙121条)
    # (out[-1] is that count: previous_end is set only when one is added)
    for m in w.count.finditer(text):
        if _MAGNITUDE_ONLY.fullmatch(m["num"]) and not m["pre"]:
            continue  # 单位：万元 is a unit, not 10,000 元; a bare 千 counts only as 近千件
        before, after = text[:m.start()], text[m.end():]
        if before.rstrip().endswith("第") or before.rstrip().endswith(w.bounds):
            continue
        nxt = after.lstrip()[:1]
        if m["measure"] != "%" and nxt and _HAN.match(nxt) \
                and not after.lstrip().startswith(w.predicate_starts):
            continue  # a modifier: 26个试点领域, 5个工作日内, 二次投诉
        value = _number(m["num"])
        if value is None:
            continue
        own = text[previous_end:m.start()]
        if previous_end and not own.strip():  # 在建工程1项12277.73万元: both are 在建工程's
            subject = out[-1].subject
        else:
            subject = _subject_before(own, in_list).lstrip("、") or _subject_after(after)
        previous_end = m.end()
        out.append(_Count(m.start(), m.end(), value, m.group().strip(), m["measure"],
                          bool(m["pre"] or m["post"]), subject))
    return out


_QUOTES = {"”": "“", "」": "「", "』": "『", "’": "‘", '"': '"'}  # closing -> opening


def _subject_before(before: str, enumeration_splits: bool) -> str:
    """The clause before a figure. Where the clause is only the end of a quoted name whose
    marks cut it (“一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元 leaves ”),
    the quoted name whole."""
    marks = _CLAUSE_MARK + ("、" if enumeration_splits else "")
    cut = max(before.rfind(c) for c in marks)
    cut = max(cut, before.rfind("分别是"), before.rfind("分别为"))
    clause = before[cut + 1:].strip()
    clause = _COPULA.sub("", clause)
    subject = _words().subject_drop.sub("", clause).strip()
    head = before.rstrip()
    if not _HAN.search(subject) and head and head[-1] in _QUOTES and \
            (start := head.rfind(_QUOTES[head[-1]], 0, -1)) >= 0:
        return head[start + 1:-1].strip() or subject
    return subject


def _subject_after(after: str) -> str:
    end = min([i for i in (after.find(c) for c in _CLAUSE_MARK) if i >= 0] or [len(after)])
    return after[:end].strip()


# Facts one sentence may give: prose states a few figures per sentence; thousands are a
# table flattened into text, and each fact row repeats its sentence (a 350 KB line of
# "1件，" made 116,000 facts of 2,000 characters each).
MAX_FACTS_PER_SENTENCE = 200


# Judges a stated whole against its stated parts: (whole, parts, money) -> a verdict with
# status, expected, actual and message (tongbao.extract.checks.arithmetic.settle).
Settle = Callable[[str | float, list[str | float], bool], Any]


def _figure(fact: Fact) -> str | float:
    """The number as printed (1,486.42 of 1,486.42万元), so sums are exact; a number in
    words (一百零六件) by its value."""
    m = regex.search(r"\d[\d,]*(?:\.\d+)?", unicodedata.normalize("NFKC", fact.value_raw or ""))
    return m.group() if m else fact.value


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

    def add(self, sentence, page, kind, subject, value=None, raw=None, measure=None,
            parent=None, unit=None, approx=False) -> Fact:
        fact = Fact(self.doc_id, len(self.facts) + 1, sentence, subject or None, unit, value, raw,
                    measure, parent.fact_id if parent else None, page, kind, approx)
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
        text = unicodedata.normalize("NFKC", printed)
        if "、" in text or "有" in text:  # only these can hold a list of units
            self._members(printed, text, page)
        if not _words().count.search(text):
            return
        consumed: set[int] = set()
        first_fact = len(self.facts)
        counts = _counts(text)
        for c in counts:
            if c.start in consumed:
                continue
            kind = "rate" if c.measure == "%" else "change" if c.is_change else "count"
            whole = self.add(printed, page, kind, c.subject, c.value, c.raw, c.measure,
                             approx=c.approx)
            self._parts(printed, text, page, c, whole, consumed)
        self._rates(self.facts[first_fact:])

    def _parts(self, printed, text, page, c: _Count, whole: Fact, consumed: set[int]) -> None:
        rest = text[c.end:]
        for pattern, exhaustive in ((_PARTS_IN_PARENS, True), (_SPREAD_OVER, True),
                                    (_PARTS_AFTER, False)):
            m = pattern.match(rest)
            if not m:
                continue
            offset = c.end + m.start("parts")
            parts = [p for p in _counts(m["parts"], in_list=True)
                     if p.measure == c.measure and not p.is_change]
            names = [p.subject for p in parts]
            units = resolve_list(names, self.context, self.aliases) if names else {}
            added = []
            for p in parts:
                consumed.add(offset + p.start)
                u = units.get(p.subject)
                is_unit = u is not None and u.exact
                added.append(self.add(
                    printed, page, "part", whole.subject if is_unit else p.subject, p.value,
                    p.raw, p.measure, parent=whole, unit=u.unit if is_unit else None,
                    approx=p.approx))
            if len(added) >= 2:
                self._sum_check(whole, added, exhaustive, shares="%" in m["parts"])
            return

    def _sum_check(self, whole: Fact, parts: list[Fact], exhaustive: bool,
                   shares: bool = False) -> None:
        if self.settle is None:
            return
        # 其中…其他N件: the parts end with "the rest", so they name the whole.
        exhaustive = exhaustive or (parts[-1].subject or "").startswith("其他")
        money = _money(whole.measure)
        verdict = self.settle(_figure(whole), [_figure(p) for p in parts], money)
        total = float(verdict.actual)
        if whole.approximate or any(p.approximate for p in parts):
            status, msg = "skipped", "approximate figures"
        elif verdict.status != "fail":
            status, msg = verdict.status, verdict.message
        elif total < whole.value and not exhaustive:
            status, msg = "skipped", "the parts after 其中 may name only some of the whole"
        elif shares and not exhaustive:  # 其中行政许可57项，实现“一趟不用跑”的有45项，占比78.9%
            status, msg = "skipped", "the parts after 其中 are stated with shares (%): one may " \
                "be part of another, not of the whole beside it"
        else:
            status = "fail"
            msg = f"stated {whole.value:g} but its {len(parts)} parts add up to {total:g}"
        self.checks.append(Check(self.doc_id, None, "fact_parts_sum", whole.subject or "",
                                 whole.value, total, status, msg))

    def _rates(self, facts: list[Fact]) -> None:
        """办结率100% against 办结11个 over the sentence's first count (受理…11个)."""
        counts = [f for f in facts if f.kind == "count"]
        for rate in (f for f in facts if f.kind == "rate" and (f.subject or "").endswith("率")):
            stem = rate.subject[:-1]
            numerator = next((f for f in counts if f.subject == stem), None)
            if numerator is None or not counts or counts[0] is numerator or not counts[0].value:
                continue
            actual = round(100 * numerator.value / counts[0].value, 2)
            ok = abs(actual - rate.value) < 0.5 + 1e-9
            self.checks.append(Check(
                self.doc_id, None, "fact_rate", rate.subject, rate.value, actual,
                "pass" if ok else "fail",
                None if ok else f"{stem} {numerator.value:g} of {counts[0].value:g} is {actual:g}%"))

    def _members(self, printed: str, text: str, page) -> None:
        for clause in regex.split(r"[，,。；;]", text):
            clause = clause.strip()
            m = _HEADED_LIST.match(clause)
            if m and self._member_list(printed, page, m["heading"], m["list"]):
                continue
            self._list_then_predicate(printed, page, clause)

    def _member_list(self, printed, page, heading: str, listed: str) -> bool:
        return self._emit_members(printed, page, heading.strip(), self._items(listed.split("、")))

    def _items(self, chunks: list[str]) -> list[str]:
        """List items; 和 / 及 joins two units (教育体育局和首阳山街道) unless the whole
        chunk is one unit's name (自然资源和规划分局, 人力资源和社会保障局)."""
        items = []
        for chunk in (c.strip() for c in chunks if c.strip()):
            halves = [h for h in _AND.split(chunk) if h]
            if len(halves) > 1 and not exact_unit(chunk, self.context, self.aliases) and \
                    all(exact_unit(h, self.context, self.aliases) for h in halves):
                items += halves
            else:
                items.append(chunk)
        return items

    def _list_then_predicate(self, printed, page, clause: str) -> None:
        """审计局、林业局、…、陈村镇新闻信息发布为0: the last unit runs into what is said of all."""
        items = [i.strip() for i in clause.split("、")]
        if len(items) < 2:
            return
        last = items[-1]
        for k in range(min(len(last), MAX_UNIT_NAME), 1, -1):
            if exact_unit(last[:k], self.context, self.aliases):
                if k < len(last):  # else the clause is a bare list: nothing said of it
                    self._emit_members(printed, page, last[k:].strip(),
                                       self._items(items[:-1]) + [last[:k]])
                return

    def _emit_members(self, printed, page, subject: str, items: list[str]) -> bool:
        if len(items) < 2 or not subject:
            return False
        units = resolve_list(items, self.context, self.aliases)
        if any(not units[i].resolved for i in items):
            return False  # every item must be a unit: 各街道办事处 or a topic is not one
        for item in items:
            u = units[item]
            self.add(printed, page, "member", subject, None, item, None,
                     unit=u.unit if u.resolved else None)
        return True


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
    return builder.facts, builder.checks
