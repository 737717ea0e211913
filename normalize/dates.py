"""Dates and reporting periods in the forms Chinese documents print them.

Chinese numerals where a date has digits become digits first, with cn2an
(二〇二三年七月三日 -> 2023年7月3日; the 〇 misprinted as ○ or O too; the rest of the
text is left alone: 一律 stays; cn2an is imported only for a numeral of several
characters: normalize/numbers.chinese_number). Then one small grammar reads what is left:

- a date: 2023年7月3日, 2023-07-03, 2023/7/3, 2023.7.3 (one separator throughout:
  2023年1-6月 is a range of months, never 6 January);
- a period: a range of dates or months (1月至6月, 4—6月, 1-6月, 2022年12月至2023年2月,
  with 至 到 — – - ～), a quarter (第二季度, 二季度, Q2, 前三季度), a half (上半年,
  下半年), a month, a whole year (2023年度, 2023年全年; a bare 2023年 only in an
  annual report's title), a cut-off date (截至2023年6月底, 截至2023年底: the end; its
  start unknown); a range into the next year may name it 次年 (2023年11月至次年1月).

A period printed without its year (1月至6月) takes it from the document's own date
when one is known: the year in which the period last ended, within three months
before that date (a report on a period just ended); otherwise no period is read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata

from tongbao.normalize.numbers import chinese_number
from tongbao.normalize.patterns import LazyPattern

_Y = r"(?<!\d)(?:19|20)\d{2}"
_M = r"(?<!\d)\d{1,2}"
_SEP = r"\s*(?:起\s*)?(?:至|到|[-—–~〜―]+)\s*"
_NEXT_YEAR = r"(?P<next>次年|翌年|下一?年)"  # 2023年11月至次年1月
_DATE = LazyPattern(
    rf"(?P<y>{_Y})\s*年\s*(?P<m>{_M})\s*月\s*(?P<d>{_M})(?:\s*[日号]|(?![\d月]))"
    # a crawled page glues the time on: 2022-02-0816:34
    rf"|(?P<y>{_Y})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?!\d(?!\d?:\d\d))")
_PERIODS = [  # (kind, pattern), in the order they are tried
    ("dates", LazyPattern(
        rf"(?:(?P<y1>{_Y})\s*年\s*)?(?P<m1>{_M})\s*月\s*(?P<d1>{_M})\s*[日号]?{_SEP}"
        rf"(?:(?P<y2>{_Y})\s*年\s*|{_NEXT_YEAR}\s*)?(?:(?P<m2>{_M})\s*月\s*)?(?P<d2>{_M})\s*[日号]")),
    ("months", LazyPattern(
        rf"(?:(?P<y1>{_Y})\s*年(?:度)?\s*)?(?P<m1>{_M})\s*(?:月份?)?{_SEP}"
        rf"(?:(?P<y2>{_Y})\s*年\s*|{_NEXT_YEAR}\s*)?(?P<m2>{_M})\s*月")),
    ("quarter", LazyPattern(
        rf"(?:(?P<y>{_Y})\s*年?(?:度)?\s*)?(?:(?P<first>前)|第?\s*(?P<q1>[1-4])\s*(?:季度)?(?:{_SEP}|、))?"
        rf"\s*第?\s*(?<!\d)(?P<q>[1-4])\s*季度"
        rf"|(?:(?P<y>{_Y})\s*年?(?:度)?\s*)?Q(?P<q>[1-4])(?!\d)")),
    ("half", LazyPattern(rf"(?:(?P<y>{_Y})\s*年(?:度)?\s*)?(?P<h>上|下)半年")),
    ("cutoff", LazyPattern(
        rf"截[至止](?:到)?\s*(?P<y>{_Y})\s*年\s*(?:(?P<m>{_M})\s*月\s*"
        rf"(?:(?P<d>{_M})\s*[日号]|(?P<end>底|末))?|(?P<year_end>底|末))")),
    ("month", LazyPattern(rf"(?:(?P<y>{_Y})\s*年\s*)?(?<!(?:至|到|[-—–~〜―])\s*)(?P<m>{_M})\s*月份?"
                            rf"(?!\s*\d{{1,2}}\s*[日号])(?!\s*(?:至|到|[-—–~〜―]))")),
    ("year", LazyPattern(rf"(?P<y>{_Y})\s*年\s*(?:度|全年)")),
]
_BARE_YEAR = LazyPattern(rf"(?P<y>{_Y})\s*年")
# Chinese numerals where a date has digits: before 年, 月, 日, 号 or 季度, or a range's separator.
_CN_NUMERAL = LazyPattern(r"(?<![〇零一二三四五六七八九十两])[〇零一二三四五六七八九十两]+"
                            r"(?=\s*(?:年|月|日|号|季|至|到|[-—–~〜―、]))")
_ZERO_LOOKALIKE = LazyPattern(r"(?<=[〇零一二三四五六七八九])[○◯OoＯ](?=[〇零一二三四五六七八九○◯OoＯ年])"
                                r"|[○◯](?=[〇零一二三四五六七八九])")


def _digits(text: str) -> str:
    """NFKC, and Chinese numerals in dates as digits (二〇二三年 -> 2023年)."""
    s = _ZERO_LOOKALIKE.sub("〇", unicodedata.normalize("NFKC", text))
    return _CN_NUMERAL.sub(_to_digits, s) if _CN_NUMERAL.search(s) else s


def _to_digits(m) -> str:
    try:
        return str(int(chinese_number(m[0])))  # 二〇二三 -> 2023, 三十一 -> 31
    except ValueError:
        return m[0]


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first full date in text: 2023年7月3日, 2021 年 5 月 14 日, 2023-10-11, 二〇二三年七月三日."""
    m = _DATE.search(_digits(text))
    return _valid(int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def is_date_line(line: str) -> bool:
    """A line that is only a date (a document's signature date)."""
    s = line.strip()
    if len(s) > 24:
        return False
    m = _DATE.fullmatch(_digits(s).strip())
    return bool(m) and _valid(int(m["y"]), int(m["m"]), int(m["d"])) is not None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _months(y: int, m1: int, m2: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m1, 1), _month_end(y, m2)


def _in_year(span, y: int | None, reference: dt.date | None):
    """span(year) for the printed year; else for the year in which it last ended within
    three months before the reference date (1月至6月 in a notice of 2023-07-03: 2023)."""
    if y is not None:
        return span(y)
    if reference is None:
        return None
    for year in (reference.year, reference.year - 1):
        if (got := span(year)) is None:  # no such day that year (2月29日)
            continue
        start, end = got
        if end <= reference:
            return (start, end) if (reference - end).days <= 92 else None
    return None


def parse_period(text: str, whole_year: bool = False, reference: dt.date | None = None
                 ) -> tuple[dt.date | None, dt.date] | None:
    """The period a title's figures cover, (start, end); start is None for a cut-off date.

    A bare year counts only with whole_year=True (an annual report's title): in a
    notice '2023年' alone more often dates the notice than bounds its data.
    `reference`: the document's own date, for a period printed without a year."""
    s = _digits(text)
    for kind, pattern in _PERIODS:
        for m in pattern.finditer(s):
            if (period := _period(kind, m, reference)) is not None:
                return period
    if whole_year and (m := _BARE_YEAR.search(s)):
        y = int(m["y"])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    return None


def _int(m, group: str) -> int | None:
    return int(m[group]) if m[group] else None


def _period(kind: str, m, reference: dt.date | None):
    if kind == "dates":  # 2023年7月1日至9月30日, or without its year: 7月1日—9月30日
        m1, d1, m2, d2 = int(m["m1"]), int(m["d1"]), _int(m, "m2") or int(m["m1"]), int(m["d2"])

        def days(y1: int, y2: int | None = None):
            y2 = y1 + 1 if m["next"] else y2 or y1
            start, end = _valid(y1, m1, d1), _valid(y2, m2, d2)
            return (start, end) if start and end and start <= end else None
        if m["y1"]:
            return days(int(m["y1"]), _int(m, "y2"))
        # 2024年第28周(7月8日—7月14日): the year the title printed before the days
        said = [int(y["y"]) for y in _BARE_YEAR.finditer(m.string, 0, m.start())]
        return days(said[-1]) if said else _in_year(days, None, reference)
    if kind == "months":
        m1, m2, y1, y2 = int(m["m1"]), int(m["m2"]), _int(m, "y1"), _int(m, "y2")
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
            return None
        if m["next"]:  # 11月至次年1月: the range ends in the year after it starts
            def across(y: int):
                return dt.date(y, m1, 1), _month_end(y + 1, m2)
            return _in_year(across, y1, reference)
        if y1 is not None or y2 is not None:  # 2022年12月至2023年2月 crosses a year
            y1 = y1 if y1 is not None else y2 - (m1 > m2)
            y2 = y2 if y2 is not None else y1
            start, end = dt.date(y1, m1, 1), _month_end(y2, m2)
            return (start, end) if start <= end else None
        return _in_year(lambda y: _months(y, m1, m2), None, reference) if m1 <= m2 else None
    if kind == "quarter":
        q = int(m["q"])
        q1 = 1 if m["first"] else _int(m, "q1") or q
        return _in_year(lambda y: _months(y, 3 * q1 - 2, 3 * q), _int(m, "y"), reference) \
            if q1 <= q else None
    if kind == "half":
        first = m["h"] == "上"
        return _in_year(lambda y: _months(y, 1 if first else 7, 6 if first else 12),
                        _int(m, "y"), reference)
    if kind == "cutoff":
        if m["year_end"]:  # 截至2023年底
            return None, dt.date(int(m["y"]), 12, 31)
        y, mo = int(m["y"]), int(m["m"])
        if not 1 <= mo <= 12:
            return None
        end = _valid(y, mo, int(m["d"])) if m["d"] else _month_end(y, mo)
        return (None, end) if end else None
    if kind == "month":
        mo = int(m["m"])
        return _in_year(lambda y: _months(y, mo, mo), _int(m, "y"), reference) \
            if 1 <= mo <= 12 else None
    return _in_year(lambda y: _months(y, 1, 12), _int(m, "y"), reference)  # year
