"""Text clean-up shared by every reader: whitespace artifacts and match keys."""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

# A CJK ideograph or CJK / full-width punctuation (quotes included: “六稳” “六保”).
_CJK = r"[\p{Han}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014]"
# Whitespace (incl. line breaks) with a CJK character on either side is an
# artifact of PDF/HTML conversion: "解放路街道 办事处", "商业\n企业".
_SPACE_NEXT_TO_CJK = regex.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")
_RUNS_OF_SPACE = regex.compile(r"\s+")


def clean_text(text: str) -> str:
    """As printed, minus whitespace artifacts; spaces between Latin words/numbers stay single."""
    text = _SPACE_NEXT_TO_CJK.sub("", text.strip())
    return _RUNS_OF_SPACE.sub(" ", text)


def match_key(text: str) -> str:
    """A key for comparing labels: NFKC (full-width to half-width), no whitespace."""
    return _RUNS_OF_SPACE.sub("", unicodedata.normalize("NFKC", text))


@cache
def _t2s():
    import opencc  # imported when a name is first compared: it costs start-up time

    return opencc.OpenCC("t2s")


def clean_name(raw: str) -> str:
    """A key for comparing names of units and places: match_key, traditional to simplified."""
    return _t2s().convert(match_key(raw))
