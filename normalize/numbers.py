"""Numbers as printed in tables: '1,234', '１２', '13.5', '100%', '-3'."""

from __future__ import annotations

import unicodedata

import regex

_NUMBER = regex.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
# Printed in a number cell to say "nothing": they are values of no number.
PLACEHOLDERS = frozenset({"-", "—", "——", "–", "/", "／", "\\", "无", "…"})


def parse_number(text: str) -> float | None:
    """The number a cell states, or None when the cell is not exactly one number."""
    s = unicodedata.normalize("NFKC", text).replace(" ", "")
    if not _NUMBER.fullmatch(s):
        return None
    s = s.rstrip("%").replace(",", "")
    return float(s)


def is_placeholder(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip() in PLACEHOLDERS
