"""Text clean-up shared by every reader: whitespace artifacts and match keys."""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from tongbao.normalize.patterns import LazyPattern

# A CJK ideograph or CJK / full-width punctuation (quotes included: “六稳” “六保”).
_CJK = r"[\p{Han}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014]"
_IS_CJK = LazyPattern(_CJK)
_RUNS_OF_SPACE = LazyPattern(r"\s+")
IDEOGRAPHIC_SPACE = "\u3000"  # whitespace, and CJK punctuation too
_SURROGATE = LazyPattern(r"[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """A lone UTF-16 surrogate (from a broken PDF font map) as U+FFFD: such a str cannot
    be encoded, so OpenCC, Arrow and DuckDB would refuse it."""
    return _SURROGATE.sub("\ufffd", text)


def clean_text(text: str) -> str:
    """As printed, minus whitespace artifacts; spaces between Latin words/numbers stay single.

    Whitespace (incl. line breaks) with a CJK character on either side is an artifact of
    PDF/HTML conversion ("解放路街道 办事处", "商业\n企业"): such a run goes; any other run
    becomes one space. One pass over the runs, so linear in the text (a regex that looked
    ahead from every space for a CJK character took minutes on 100,000 tabs)."""
    return _RUNS_OF_SPACE.sub(_run_of_space, text.strip())


def _run_of_space(m: regex.Match) -> str:
    text, (start, end) = m.string, m.span()
    if (start and _IS_CJK.match(text, start - 1)) or _IS_CJK.match(text, end):
        return ""
    # An ideographic space counts as CJK beside the whitespace next to it: a run whose last
    # one follows another is all artifact (as `(?<=CJK)\s+|\s+(?=CJK)` then collapsing read it).
    last = m.group().rfind(IDEOGRAPHIC_SPACE)
    return "" if last > 0 and m.group()[last - 1] == IDEOGRAPHIC_SPACE else " "


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
