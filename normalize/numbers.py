"""Numbers as printed in tables: '1,234', '１２', '13.5', '100%', '-3', '−12', '(1,234.00)'."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from functools import cache, lru_cache

import regex

from tongbao.normalize.datafiles import read_yaml
from tongbao.normalize.patterns import LazyPattern, compile_pattern

_NUMBER = LazyPattern(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
# An accountant's negative: (1,234.00). Only with decimals or thousands, since (12) is numbering.
_BRACKETED = LazyPattern(r"\((?P<n>(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+|\d{1,3}(?:,\d{3})+)\)")
# Minus signs NFKC leaves alone (U+2212 MINUS SIGN, U+2013 EN DASH before a digit).
_MINUS = LazyPattern(r"^[\u2212\u2013](?=\d)")
# Printed in a number cell to say "nothing": they are values of no number.
PLACEHOLDERS = frozenset({"-", "—", "——", "–", "―", "/", "／", "\\", "无", "…"})


@cache
def _measure_words() -> dict[str, str]:
    """Word -> measure (件 -> count, 万元 -> amount): data/units_of_measure.yaml."""
    table = read_yaml("tongbao.normalize", "units_of_measure.yaml")
    return {word: measure for measure, words in table.items() for word in words}


def measure_words(*measures: str) -> tuple[str, ...]:
    """The unit words of these measures (every word when none is named), longest first
    (万元 before 元)."""
    return tuple(sorted((w for w, m in _measure_words().items() if not measures or m in measures),
                        key=len, reverse=True))


def measure_of_word(word: str) -> str | None:
    """The measure a unit word states: 件 -> count, 万元 -> amount, % -> rate, 分 -> score."""
    return _measure_words().get(word)


@cache
def _with_word() -> regex.Pattern:
    """A number and the unit word printed after it in its cell: 150件, 12.5万元."""
    words = sorted((unicodedata.normalize("NFKC", w) for w in _measure_words()), key=len,
                   reverse=True)
    return compile_pattern(r"(?P<n>.+?)(?P<w>" + "|".join(map(regex.escape, words)) + ")")


@lru_cache(maxsize=65_536)  # the same cell text is asked for by every stage of a table
def _plain(text: str) -> tuple[str, str | None] | None:
    """(the number's plain digits, the unit word printed after it), or None."""
    s = _MINUS.sub("-", unicodedata.normalize("NFKC", text).replace(" ", ""))
    word = None
    if not _NUMBER.fullmatch(s) and (w := _with_word().fullmatch(s)) is not None \
            and w["w"] != "%":
        s, word = w["n"], w["w"]
    if (m := _BRACKETED.fullmatch(s)) is not None:
        s = "-" + m["n"]
    if not _NUMBER.fullmatch(s) or (word and s.endswith("%")):
        return None
    return s.rstrip("%").replace(",", ""), word or ("%" if s.endswith("%") else None)


def number_text(text: str) -> str | None:
    """The plain digits of the one number a cell states ('-1234.00' for '(1,234.00)',
    '12' for '１２', '5' for '5%', '150' for '150件'), decimals kept as printed; None when
    the cell is not exactly one number (with at most one unit word after it)."""
    plain = _plain(text)
    return plain and plain[0]


def printed_unit(text: str) -> str | None:
    """The unit word a number cell prints after its number: '件' for '150件', '%' for '5%'."""
    plain = _plain(text)
    return plain and plain[1]


def printed_places(text: str) -> int:
    """Digits printed after the point: 2 for '(1,234.00)', 1 for '12.5%', 0 for '—'."""
    s = number_text(text)
    return len(s.split(".")[1]) if s and "." in s else 0


def parse_number(text: str) -> float | None:
    """The number a cell states, or None when the cell is not exactly one number."""
    s = number_text(text)
    return None if s is None else float(s)


def parse_decimal(text: str) -> Decimal | None:
    """parse_number, exactly: the decimals as printed (408.30 keeps its two places), for
    sums that must not drift (1486.4199999 is not 1486.42)."""
    s = number_text(text)
    return None if s is None else Decimal(s)


# What cn2an reads one-character numerals as (tests/test_normalize.py compares): most
# numerals in these documents are one character (一、 headings, 三件), and importing cn2an
# costs 0.1-0.2 s, more than reading a page does.
ONE_CHARACTER_NUMERALS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                          "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def chinese_number(text: str) -> int | float:
    """cn2an.cn2an(text, "smart") (二〇二三 -> 2023, 三十一 -> 31), cn2an imported only for a
    numeral of several characters. ValueError for a text that is no numeral: cn2an raises
    KeyError or TypeError for some malformed ones (二〇十八), and callers catch one kind."""
    if text in ONE_CHARACTER_NUMERALS:
        return ONE_CHARACTER_NUMERALS[text]
    import cn2an

    try:
        return cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, TypeError, IndexError) as e:
        raise ValueError(f"not a Chinese numeral: {text}") from e


def is_placeholder(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip() in PLACEHOLDERS


def printed_decimal(text: str | float | Decimal | None) -> Decimal | None:
    """The exact number a figure prints ('12,604,173', '86,959,408.34', '１２', '5%', '−3',
    '(1,234.00)'), or None; a float (a record's value) by its shortest repr, so 1486.42
    stays 1486.42."""
    if text is None or isinstance(text, Decimal):
        return text
    if isinstance(text, float | int):
        return Decimal(repr(float(text))).normalize() if text == text else None
    return parse_decimal(text)


def half_unit(text: str | float | Decimal) -> Decimal:
    """Half the unit of a figure's last printed digit: 12,604,173 -> 0.5, 408.34 -> 0.005."""
    value = printed_decimal(text)
    if value is None:
        return Decimal(0)
    places = -value.as_tuple().exponent if isinstance(text, str) else \
        max(0, -value.normalize().as_tuple().exponent)
    return Decimal(5) / Decimal(10) ** (max(places, 0) + 1)
