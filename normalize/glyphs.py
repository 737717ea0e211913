"""Whether two Chinese characters look alike: how OCR misreads them (灤 for 瀍, 猴 for 缑).

Two characters look alike when they share their radical or a component, per the
character dictionary shipped in the `jionlp` package.
"""

from __future__ import annotations

import zipfile
from functools import cache

from tongbao.normalize.gazetteer import jionlp_dictionary


@cache
def _parts() -> dict[str, frozenset[str]]:
    with zipfile.ZipFile(jionlp_dictionary() / "chinese_char_dictionary.zip") as z:
        text = z.read("chinese_char_dictionary.txt").decode("utf-8")
    parts: dict[str, frozenset[str]] = {}
    for line in text.split("\n"):
        f = line.split("\t")
        if len(f) >= 6 and len(f[0]) == 1:
            comps = frozenset(f[1]) | frozenset(f[4]) - {f[0]}
            parts[f[0]] = comps
            if len(f[5]) == 1 and f[5] != f[0]:  # the traditional form shares them
                parts.setdefault(f[5], comps)
    return parts


def look_alike(a: str, b: str) -> bool:
    pa, pb = _parts().get(a), _parts().get(b)
    return bool(pa and pb and pa & pb)


def one_off(a: str, b: str) -> tuple[str, str] | None:
    """The one differing character pair of two same-length strings, if exactly one differs."""
    if len(a) != len(b) or len(a) < 2:
        return None
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return diff[0] if len(diff) == 1 else None


def ocr_variant(a: str, b: str) -> bool:
    """Same length, one character different, and the two characters look alike."""
    pair = one_off(a, b)
    return pair is not None and look_alike(*pair)
