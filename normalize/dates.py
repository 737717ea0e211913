"""Dates and reporting periods as Chinese documents print them."""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata

import regex

_DATE = regex.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(?P<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<d>\d{1,2})\s*日?"
)
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_QUARTER = regex.compile(r"(?P<y>(?:19|20)\d{2})\s*年(?:度)?\s*第?\s*(?P<q>[一二三四1-4])\s*季度")
_HALF = regex.compile(r"(?P<y>(?:19|20)\d{2})\s*年(?:度)?\s*(?P<h>上|下)半年")
_MONTH_RANGE = regex.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m1>\d{1,2})\s*(?:-|—|－|~|至|到)\s*(?P<m2>\d{1,2})\s*月"
)
_MONTH = regex.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?!\s*\d{1,2}\s*日)")
_YEAR = regex.compile(r"(?P<y>(?:19|20)\d{2})\s*年(?:度)?")


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first full date in text: 2023年7月3日, 2021 年 5 月 14 日, 2023-10-11."""
    m = _DATE.search(unicodedata.normalize("NFKC", text))
    if not m:
        return None
    return _valid(int(m["y"]), int(m["m"]), int(m["d"]))


def is_date_line(line: str) -> bool:
    """A line that is only a date (a document's signature date)."""
    s = unicodedata.normalize("NFKC", line).strip()
    m = _DATE.fullmatch(s)
    return bool(m) and _valid(int(m["y"]), int(m["m"]), int(m["d"])) is not None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def parse_period(text: str, whole_year: bool = False) -> tuple[dt.date, dt.date] | None:
    """The period a title's figures cover: a quarter, half-year, month range, month or year.

    A bare year counts only with whole_year=True (an annual report's title):
    in a notice '2023年' alone more often dates the notice than bounds its data.
    """
    s = unicodedata.normalize("NFKC", text)
    if m := _QUARTER.search(s):
        y, q = int(m["y"]), _CN_DIGIT[m["q"]]
        return dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
    if m := _HALF.search(s):
        y = int(m["y"])
        return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if m["h"] == "上" else (
            dt.date(y, 7, 1), dt.date(y, 12, 31))
    if m := _MONTH_RANGE.search(s):
        y, m1, m2 = int(m["y"]), int(m["m1"]), int(m["m2"])
        if 1 <= m1 <= m2 <= 12:
            return dt.date(y, m1, 1), _month_end(y, m2)
    if m := _MONTH.search(s):
        y, mo = int(m["y"]), int(m["m"])
        if 1 <= mo <= 12:
            return dt.date(y, mo, 1), _month_end(y, mo)
    if whole_year and (m := _YEAR.search(s)):
        y = int(m["y"])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    return None
