"""Whether two Chinese characters look alike: how OCR misreads them (灤 for 瀍, 猴 for 缑).

Two characters look alike when they share their radical or a component, per
data/char_components.txt (derived from the JioNLP package's character
dictionary; see data/README.md), read when first needed.
"""

from __future__ import annotations

from functools import cache

from tongbao.normalize.datafiles import data_bytes


@cache
def _parts() -> dict[str, str]:
    text = data_bytes("tongbao.normalize", "char_components.txt").decode("utf-8")
    return {line[0]: line[2:] for line in text.split("\n") if line and not line.startswith("#")}


def look_alike(a: str, b: str) -> bool:
    pa, pb = _parts().get(a), _parts().get(b)
    return bool(pa and pb and not set(pa).isdisjoint(pb))


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
