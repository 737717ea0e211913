"""A number with its measure word in running text (106件, 1,486.42万元, 近千件), and its
subject: the words of its clause before it (区长信箱共受理群众来信106件 -> 区长信箱受理群众来信).

A number counts only with a measure word after it (件, 条, 个, %, 万元 …), so
dates, document numbers (〔2021〕30号), phone numbers, ordinals (第二季度,
第5期) and article numbers (第二十条) never become figures. The words are data:
extract/data/fact_words.yaml.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

import regex

from tongbao.normalize.datafiles import read_yaml
from tongbao.normalize.numbers import chinese_number, measure_words
from tongbao.normalize.patterns import LazyPattern, compile_pattern

_NUMERAL = "[零〇一二两三四五六七八九十百千万]"


@dataclass(frozen=True)
class _Words:
    count: regex.Pattern
    bounds: tuple[str, ...]
    predicate_starts: tuple[str, ...]
    subject_drop: regex.Pattern
    change: regex.Pattern
    copula_after_quantity: regex.Pattern
    joiners: tuple[str, ...]  # longest first
    list_mark: regex.Pattern  # all that stands between two items of a list of figures
    each: regex.Pattern  # what gives the figure after it to each name before it (各受理)
    predicate_led: regex.Pattern  # words that open with a verb (办结, 已办结): a predicate
    beside: regex.Pattern  # words that open with 另有, 此外: a figure outside the whole
    compared: regex.Pattern  # what opens a comparison (比上季度, 较去年同期)
    change_after_comparison: regex.Pattern  # a change word, or 多 / 少 after a comparison
    counting_verb: regex.Pattern  # ends the words before a figure whose noun follows it
    counted_noun: regex.Pattern  # that noun, to the end of its clause or list item
    not_a_counted_noun: regex.Pattern  # words that make it a modifier's noun after all
    copula_opening: regex.Pattern  # 是 or 为 opening a clause (…，为106件), not a name (为民…)
    done_to: regex.Pattern  # 对…40家[政府网站]进行了[抽查]: the noun, and what is done to it


# What a figure in running text counts. Not scores: 分 there is a rule's weight (基础工作
# （30分）, 扣2分), not a result.
PROSE_MEASURES = ("count", "amount", "rate")


@cache
def words() -> _Words:
    w = read_yaml("tongbao.extract", "fact_words.yaml")
    alt = lambda xs: "|".join(regex.escape(x) for x in sorted(xs, key=len, reverse=True))  # noqa: E731
    # Linear time on any text: possessive quantifiers never give back what they took (no
    # measure word or approx word starts with a digit, numeral or space, so giving back
    # never led to a match), and a number starts only where a run of digits (or of
    # numerals) starts - a match from inside a run would also have matched from its start.
    # Without these, 20,000 digits in a row took over 20 s (each start rescanned the run).
    count = compile_pattern(
        rf"(?P<pre>{alt(w['approx_before'])})?"
        rf"(?P<num>\d{{1,3}}+(?:,\d{{3}})++(?:\.\d++)?+|(?<!\d)\d++(?:\.\d++)?+"
        rf"|(?<!{_NUMERAL}){_NUMERAL}++)"
        rf"(?:(?<=\d)(?P<magnitude>[万亿])(?![元]))?+"
        rf"\s*+(?P<post>{alt(w['approx_after'])})?\s*+(?P<measure>{alt(measure_words(*PROSE_MEASURES))})")
    joiners = tuple(sorted(w["joiners"], key=len, reverse=True))
    return _Words(count, tuple(w["bounds"]), tuple(w["predicate_starts"]) + joiners,
                  compile_pattern(f"{alt(w['subject_drop'])}|(?:{alt(w['subject_drop_before_verb'])})"
                                f"(?=(?:{alt(w['verbs'] + w['counting_verbs'])})|$)"),
                  compile_pattern(alt(w["change_words"])),
                  compile_pattern(f"(?<=[{''.join(w['quantity_nouns'])}])(?:{alt(w['copulas'])})$"),
                  joiners, compile_pattern(rf"\s*(?:、|{alt(joiners)})\s*"),
                  # 各受理诉求5件: after the verb, what was done may be named (4 characters at most)
                  compile_pattern(rf"(?:{_distributive(w, alt)})(?P<verb>(?:{alt(w['verbs'])})"
                                rf"\p{{Han}}{{0,4}}?)?(?:为|是|有)?\s*$"),
                  compile_pattern(rf"^(?:{alt(w['predicate_adverbs'])})?"
                                rf"(?:{alt(w['verbs'] + w['done_verbs'])})"),
                  compile_pattern(rf"^(?:{alt(w['beside'])})"),
                  compile_pattern(alt(w["comparison_opens"])),
                  compile_pattern(alt(w["change_words"] + w["more_or_less"])),
                  compile_pattern(rf"(?:{alt(w['verbs'] + w['counting_verbs'])})了?\s*$"),
                  compile_pattern(r"\s*(?P<noun>\p{Han}{1,12}?)(?=[，,。；;：:、]|[和及与]\s*\d|\s*$)"),
                  compile_pattern(rf"的|(?:{alt(w['not_counted_nouns'])})$|"
                                rf"(?:{alt(w['verbs'] + w['done_verbs'] + w['counting_verbs'] + w['verbs_after_a_noun'])})"),
                  compile_pattern(rf"^(?!{alt(w['names_opening_with_a_copula'])})(?:是|为)"),
                  compile_pattern(rf"^\s*(?P<noun>\p{{Han}}{{1,12}}?)进行了?\p{{Han}}{{0,4}}?"
                                rf"(?P<verb>{alt(w['done_to_verbs'])})(?=[，,。；;：:]|$)"))


def _distributive(w: dict, alt: Callable[[list[str]], str]) -> str:
    """The distributive words, each where no word of not_distributive ends in it (均, not
    the 均 of 平均)."""
    out = []
    for word in w["distributive"]:
        before = [x[:-len(word)] for x in w["not_distributive"] if x.endswith(word)]
        out.append(f"(?<!{alt(before)}){regex.escape(word)}" if before else regex.escape(word))
    return "|".join(out)


# A magnitude after digits (2.3万条, 1.2亿人次); before 元 it belongs to the measure (1.5万元).
MAGNITUDES = {"万": 10_000, "亿": 100_000_000}
_HAN = LazyPattern(r"\p{Han}")
_MAGNITUDE_ONLY = LazyPattern(r"[百千万亿]+")


_ENUMERATOR = LazyPattern(r"\s*(?:[一二三四五六七八九十]+|\d+)\s*")
CLAUSE_MARK = "，,：:；;（()）。"
# A bracket with what it holds, brackets inside it too (网络申请60件（其中微信30件、…）).
BRACKETED = r"(?P<nest>[（(](?:[^（()）]|(?&nest))*+[)）])"
BRACKET = LazyPattern(BRACKETED)


def number(text: str) -> float | None:
    plain = text.replace(",", "")
    if plain.isascii() and plain.replace(".", "", 1).isdigit():
        return float(plain)  # digits: what cn2an makes of them, without importing it
    if text[0] in "百千万":  # 近千件: a bare 千 is 一千
        text = "一" + text
    try:
        return float(chinese_number(text.replace(",", "")))
    except ValueError:
        return None


@dataclass
class Count:
    start: int
    end: int
    value: float
    raw: str
    measure: str
    approx: bool
    subject: str
    shared: bool = False  # one figure given to each of several names (各: each())
    several: bool = False  # given to each of names not told apart (两个部门各5件): each()

    @property
    def is_change(self) -> bool:
        """比2022年预算增加1421.25万元: the change word right before the figure, or a
        comparison with 比; not 增加…标准化目录5个 (five were added)."""
        change = words().change
        if m := regex.search(rf"(?:{change.pattern})$", self.subject):
            return bool(m)
        compared = words().compared.search(self.subject)  # 比上季度, 较去年同期
        return bool(compared) and bool(words().change_after_comparison.search(
            self.subject, compared.end()))

    def printed(self) -> str | float:
        """The number as printed, for exact sums (as_printed)."""
        return as_printed(self.raw, self.value)


def as_printed(raw: str | None, value: float) -> str | float:
    """The number as printed (1,486.42 of 1,486.42万元), so sums are exact; a number in
    words (一百零六件) or with a magnitude (2.3万条) by its value."""
    m = regex.search(r"\d[\d,]*(?:\.\d+)?(?![\d,.]*[万亿](?!元))",
                     unicodedata.normalize("NFKC", raw or ""))
    return m.group() if m else value


def counts(text: str, in_list: bool = False) -> list[Count]:
    """Numbers with a measure word that state a count (not a bound, ordinal or modifier)."""
    w = words()
    out = []
    counting = None  # a counting verb's subject, while its list goes on (共抽查…、…)
    previous_end = 0  # a count's subject begins after the count before it (甲76条、乙121条)
    # (out[-1] is that count: previous_end is set only when one is added)
    for m in w.count.finditer(text):
        if _MAGNITUDE_ONLY.fullmatch(m["num"]) and not m["pre"]:
            continue  # 单位：万元 is a unit, not 10,000 元; a bare 千 counts only as 近千件
        before, after = text[:m.start()], text[m.end():]
        if before.rstrip().endswith("第") or before.rstrip().endswith(w.bounds):
            continue
        nxt, own = after.lstrip()[:1], text[previous_end:m.start()]
        listed = counting is not None and w.list_mark.fullmatch(own) is not None  # 、13家学校
        noun = done = None  # what a counting verb's figure counts, named after it (抽查83家单位)
        if m["measure"] != "%" and nxt and _HAN.match(nxt) \
                and not after.lstrip().startswith(w.predicate_starts):
            noun = _counted_noun(own, after, listed)
            done = None if noun or "对" not in own[-20:] else w.done_to.match(after)
            if noun is None and done is None:
                continue  # a modifier: 26个试点领域, 5个工作日内, 二次投诉
        value = number(m["num"])
        if value is None:
            continue
        if m["magnitude"]:  # 2.3万条: 23,000, as rounded as its last digit (41.91万 is
            value = float(Decimal(repr(value)) * MAGNITUDES[m["magnitude"]])  # 419100,
            # never 419099.99…)
        if done is not None:  # 对40家政府网站进行了抽查: the 抽查 of those 政府网站
            subject = done["verb"] + done["noun"]
        elif noun is not None:  # 共抽查83家单位、12个乡镇: the verb's, each with its noun
            if not listed:
                counting = _subject_before(own, in_list).lstrip("、").removesuffix("了")
            subject = counting + noun["noun"]
        elif previous_end and not own.strip():  # 在建工程1项12277.73万元: both are 在建工程's
            subject = out[-1].subject
        elif previous_end and w.list_mark.fullmatch(own):
            subject = ""  # 12件、8件和5件: a figure listed without a name has none
        elif previous_end and own.startswith(w.joiners):  # 来信8件和来访5件: 和 joins, names not
            subject = _subject_before(w.list_mark.sub("", own, count=1), in_list)
        elif named := _name_before_bracket(own, after):  # 区住建局（1256件）
            subject = _subject_before(named, in_list).lstrip("、")
        else:  # in a list only the 、 right after a figure parts items (甲76条、乙121条): one
            # inside an item's words is its name's (扶贫、教育、医疗类信息12条)
            subject = _subject_before(own, False).lstrip("、") or subject_after(after)
        if noun is None:
            counting = None  # a list of counted nouns ends at a figure of another kind
        previous_end = m.end() + (noun or done).end() if noun or done else m.end()
        out.append(Count(m.start(), previous_end, value, m.group().strip(), m["measure"],
                          bool(m["pre"] or m["post"] or m["magnitude"]), subject))
    return out


_VERB_REACH = 8  # a counting verb, 了 and spaces before a figure


def _counted_noun(own: str, after: str, listed: bool) -> regex.Match | None:
    """The noun a figure counts when a counting verb stands right before it (共抽查83家单位,
    摸排了19家养老机构), or when the figure goes on such a verb's list (`listed`: 、13家中小学,
    和2个企业): a noun that ends its clause or list item. Not one that goes on with a verb
    (抽取2名民警组成…), nor a place or time (5个工作日内), nor a possessor (3个部门的申请):
    the figure then modifies it."""
    w = words()
    if not (listed or w.counting_verb.search(own[-_VERB_REACH:])):  # not a long text's all
        return None
    noun = w.counted_noun.match(after)
    return noun if noun and not w.not_a_counted_noun.search(noun["noun"]) else None


_RESPECTIVELY = LazyPattern(r"分别(?P<verb>[^\d，,。；;：:（()）、]{0,8}?)(?:为|是)?\s*$")
_RESPECTIVELY_REACH = 16  # 分别, a verb of 8 at most, 为: how far before a figure to look
_EACH_REACH = 12  # 各, a verb and its object, 为: how far before a figure to look


def respectively(text: str, found: list[Count], items: Callable[[list[str]], list[str]]
                 ) -> list[Count]:
    """区住建局、区城管局和区教育局分别受理12件、8件和5件: the names before 分别 name the
    figures after it in turn, when there are as many of each. Only where the figures follow
    each other with nothing but a list mark between them. `items`: a clause's pieces between
    its 、 as list items (where a 和 joins two names, not one name's words: facts.py)."""
    i, mark = 0, words().list_mark
    while i < len(found):
        m = _RESPECTIVELY.search(text, max(0, found[i].start - _RESPECTIVELY_REACH), found[i].start)
        j = i + 1
        while j < len(found) and mark.fullmatch(text[found[j - 1].end:found[j].start]):
            j += 1
        if m and j - i >= 2:
            names = _names(_clause_before(text, found[i - 1].end if i else 0, m.start()), items)
            if len(names) == j - i:
                for count, name in zip(found[i:j], names, strict=True):
                    count.subject = name + m["verb"]
        i = j
    return found


def each(text: str, found: list[Count], items: Callable[[list[str]], list[str]],
         is_unit: Callable[[str], bool],
         said_of: Callable[[str], tuple[str, list[str]] | None] = lambda clause: None
         ) -> list[Count]:
    """咨询、投诉各5件, 住建局和交通局各受理3件: the figure after 各 is each name's before it,
    a count of its own for each (the same figure, the same place in the text: `shared`).
    Names not told apart (两个部门各5件) leave it one count, `several`: no sum can use it.
    `said_of`: what a clause says of the units it lists (members.said_of_listed), said of
    each of them (区住建局、区城管局按时办结率均为100%: the rate of each)."""
    out = []
    for k, count in enumerate(found):
        m = words().each.search(text, max(0, count.start - _EACH_REACH), count.start)
        if not m:
            out.append(count)
            continue
        clause = _clause_before(text, found[k - 1].end if k else 0, m.start())
        if listed := said_of(clause):
            said, units = listed
            out += [replace(count, subject=unit + said + (m["verb"] or ""), shared=True)
                    for unit in units]
            continue
        names = _names(clause, items)
        if len(names) == 1 and not is_unit(names[0]):  # 咨询和投诉各5件: 各 says there are two
            names = [x for x in words().list_mark.split(names[0]) if x]
        if len(names) < 2:
            out.append(replace(count, several=True))
            continue
        out += [replace(count, subject=name + (m["verb"] or ""), shared=True)
                for name in names]
    return out


def _clause_before(text: str, start: int, end: int) -> str:
    """The clause that ends at `end`, after the figure before it (which ends at `start`:
    甲67件、乙、丙各30件 lists 乙 and 丙)."""
    before = text[start:end]
    return before[max(before.rfind(c) for c in CLAUSE_MARK) + 1:]


def _names(clause: str, items: Callable[[list[str]], list[str]]) -> list[str]:
    """The names a clause lists; none when one of them is empty."""
    names = [words().subject_drop.sub("", x).strip() for x in items(clause.split("、"))]
    return names if all(names) else []


# A figure's share of its whole, in a clause of its own after it (咨询260件，占24.5%; 占比,
# 占总数的, 占全部的比例为): SHARE_SAID is what stands between the figure and the share.
SHARE_SAID = r"[，,]\s*(?:约)?占(?:比)?(?:全部|总数|总量|总)?\s*(?:的)?\s*(?:比[例重])?\s*为?\s*"
SHARE = LazyPattern(SHARE_SAID + r"\d+(?:\.\d+)?\s*[%％]")
_CLOSE = LazyPattern(rf"\s*(?:{SHARE.pattern})?\s*[)）]")  # what may follow it in its bracket


def alone_in_bracket(before: str, after: str) -> bool:
    """Whether the figure between these is alone in its bracket, but for its share
    (…（1256件）…, …（1256件，占39.3%）…)."""
    return before.rstrip()[-1:] in ("（", "(") and _CLOSE.match(after) is not None


def past_bracket(after: str) -> str:
    """What follows the bracket a figure is alone in (alone_in_bracket), `after` being
    what follows the figure."""
    return after[_CLOSE.match(after).end():]


def _name_before_bracket(own: str, after: str) -> str:
    """The words before a bracket that holds this figure alone (区住建局（1256件）)."""
    if not alone_in_bracket(own, after):
        return ""
    head = own.rstrip()[:-1]
    return head if names_bracket(head) else ""


def names_bracket(before: str) -> bool:
    """Whether a bracket after `before` that holds one figure alone gives that figure to
    the name before it (区住建局（1256件）), not an aside to a figure (办结30件（98%）)."""
    tail = before.rstrip()[-30:]
    return bool(_HAN.match(tail[-1:])) and not any(
        m.end() == len(tail) for m in words().count.finditer(tail))


_QUOTES = {"”": "“", "」": "「", "』": "『", "’": "‘", '"': '"'}  # closing -> opening


def _subject_before(before: str, enumeration_splits: bool) -> str:
    """The clause before a figure. Where the clause is only the end of a quoted name whose
    marks cut it (“一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元 leaves ”),
    the quoted name whole."""
    marks = CLAUSE_MARK + ("、" if enumeration_splits else "")
    quoted = before.rstrip()[-1:] in _QUOTES  # a quoted name's own brackets cut it (below)
    cut = max(before.rfind(c) for c in marks) if quoted else _clause_cut(before, marks)
    for spread in ("分别是", "分别为"):  # the words after it name the figure
        if (at := before.rfind(spread)) >= 0:
            cut = max(cut, at + len(spread) - 1)
    clause = before[cut + 1:].strip()
    clause = words().copula_opening.sub("", clause)
    subject = words().subject_drop.sub("", clause).strip()
    subject = words().copula_after_quantity.sub("", subject)
    if not subject and cut > 0 and before[cut] in "：:":
        # 共受理群众诉求：106件, 群众诉求：共106件: what the words before the colon name
        return _subject_before(before[:cut], enumeration_splits)
    if cut > 0 and before[cut] in "，," and _TOTAL_ONLY.fullmatch(clause):
        # 一是防疫类诉求，共329件: what the clause before names, if it holds no figure
        named = before[_clause_cut(before[:cut], marks) + 1:cut]
        if _HAN.search(named) and not regex.search(r"\d", named):
            return _ORDINAL.sub("", _subject_before(before[:cut], enumeration_splits))
    head = before.rstrip()
    if not _HAN.search(subject) and head and head[-1] in _QUOTES and \
            (start := head.rfind(_QUOTES[head[-1]], 0, -1)) >= 0:
        return head[start + 1:-1].strip() or subject
    return subject


# The words that say a figure is a total (甲48件、乙62件，共计110件; 一是…，共329件). Not 累计,
# which may add earlier periods (一季度100条，累计350条).
TOTAL_WORDS = ("合计", "共计", "总计", "一共", "共")
_TOTAL_ONLY = LazyPattern(r"\s*(?:" + "|".join(TOTAL_WORDS) + r")\s*")
_ORDINAL = LazyPattern(r"^[一二三四五六七八九十]+是")  # 一是…, 二是…: items of a list


def _clause_cut(before: str, marks: str) -> int:
    """Where the clause ending `before` begins (the index of the mark before it, or -1). A
    bracket opened after a word is an aside inside the clause (各镇（街道）共受理…,
    区财政局（含国库中心）受理…), not a cut; a heading's number is one (（二）公务接待费)."""
    def blank(b: regex.Match) -> str:
        aside = b.start() and _HAN.match(before[b.start() - 1]) \
            and not _ENUMERATOR.fullmatch(b.group()[1:-1])
        return " " * len(b.group()) if aside else b.group()

    plain = BRACKET.sub(blank, before)
    return max(plain.rfind(c) for c in marks)


def subject_after(after: str) -> str:
    if words().list_mark.match(after):  # 12件、8件: the next item, never this one's name
        return ""
    end = min([i for i in (after.find(c) for c in CLAUSE_MARK) if i >= 0] or [len(after)])
    return words().copula_opening.sub("", after[:end].strip())  # 26件为咨询: 咨询
