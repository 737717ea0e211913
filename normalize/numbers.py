"""Numbers as printed in tables: '1,234', '１２', '13.5', '100%', '-3', '−12', '(1,234.00)'."""

from __future__ import annotations

import unicodedata

import regex

_NUMBER = regex.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
# An accountant's negative: (1,234.00). Only with decimals or thousands, since (12) is numbering.
_BRACKETED = regex.compile(r"\((?P<n>(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+|\d{1,3}(?:,\d{3})+)\)")
# Minus signs NFKC leaves alone (U+2212 MINUS SIGN, U+2013 EN DASH before a digit).
_MINUS = regex.compile(r"^[\u2212\u2013](?=\d)")
# Printed in a number cell to say "nothing": they are values of no number.
PLACEHOLDERS = frozenset({"-", "—", "——", "–", "/", "／", "\\", "无", "…"})


def parse_number(text: str) -> float | None:
    """The number a cell states, or None when the cell is not exactly one number."""
    s = _MINUS.sub("-", unicodedata.normalize("NFKC", text).replace(" ", ""))
    if (m := _BRACKETED.fullmatch(s)) is not None:
        s = "-" + m["n"]
    if not _NUMBER.fullmatch(s):
        return None
    s = s.rstrip("%").replace(",", "")
    return float(s)


def is_placeholder(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip() in PLACEHOLDERS
