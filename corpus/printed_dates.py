"""Dates and reporting periods printed the ways notices print them, with what they mean.

A signature date in digits (2023年7月3日, 2023-07-03, 2023/7/3, 2023.7.3) or in
Chinese numerals (二〇二三年七月三日, with ○ or O typed for 〇); a period as a quarter
(第二季度, 二季度, Q2, 4—6月, 4月至6月, 4～6月, 4月1日至6月30日), the half-year
(上半年, 下半年) or the months since January it ends (1月至6月, 1-6月, 前三季度, 截至2023年底),
with or without its year (a notice dated just after the period leaves it out).
"""

from __future__ import annotations

import calendar
import datetime as dt
import random

import cn2an

_CN_DIGITS = "〇一二三四五六七八九"
_RANGE = ["—", "-", "–", "～", "至", "到"]


def date_text(d: dt.date, rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.3:
        zero = rng.choice(["〇", "〇", "○", "O"])  # typists reach for a circle or a letter
        year = "".join((zero + _CN_DIGITS[1:])[int(c)] for c in str(d.year))
        return f"{year}年{cn2an.an2cn(d.month)}月{cn2an.an2cn(d.day)}日"
    if draw < 0.45:
        return rng.choice([f"{d:%Y-%m-%d}", f"{d.year}/{d.month}/{d.day}",
                           f"{d.year}.{d.month}.{d.day}"])
    return f"{d.year}年{d.month}月{d.day}日"


def _months(first: int, last: int, rng: random.Random) -> str:
    sep = rng.choice(_RANGE)
    return f"{first}{rng.choice(['', '月']) if sep in '至到' else ''}{sep}{last}月"


def period_text(year: int, quarter: int, rng: random.Random
                ) -> tuple[str, dt.date | None, dt.date]:
    """How a title names the period of one quarter's figures, or of the months since
    January that the quarter ends; and that period's first and last day (no first day
    for a cut-off, 截至2023年底)."""
    cn = "一二三四"[quarter - 1]
    end = dt.date(year, quarter * 3, calendar.monthrange(year, quarter * 3)[1])
    if quarter > 1 and rng.random() < 0.3:  # the year so far
        first = dt.date(year, 1, 1)
        forms = [_months(1, quarter * 3, rng)]
        forms += ["上半年"] if quarter == 2 else ["前三季度"] if quarter == 3 else ["全年", "截至年底"]
    elif quarter == 4 and rng.random() < 0.15:  # the second half-year
        first, forms = dt.date(year, 7, 1), ["下半年"]
    else:
        first = dt.date(year, quarter * 3 - 2, 1)
        days = f"{first.month}月1日{rng.choice(['至', '—', '-'])}{end.month}月{end.day}日"
        forms = [f"第{cn}季度", f"{cn}季度", f"Q{quarter}", _months(quarter * 3 - 2, quarter * 3, rng),
                 days]
    text = rng.choice(forms)
    if text == "全年":
        text = f"{year}年全年"  # a whole year is printed with its year
    elif text == "截至年底":  # a cut-off: its end is stated, its start is not
        year_text = "".join(_CN_DIGITS[int(c)] for c in str(year)) if rng.random() < 0.3 else year
        text, first = f"{rng.choice(['截至', '截止'])}{year_text}年{rng.choice(['底', '末'])}", None
    elif rng.random() < 0.85:
        year_text = "".join(_CN_DIGITS[int(c)] for c in str(year)) if rng.random() < 0.2 else year
        text = f"{year_text}年{'度' if rng.random() < 0.2 and 'Q' not in text else ''}{text}"
    return text, first, end
