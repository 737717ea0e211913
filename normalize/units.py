"""Unit (organisation) names: clean-up and type.

For now: whitespace and width artifacts removed, the type read from the
name's ending (data/unit_types.yaml). The registry of canonical names and
aliases builds on this.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

import yaml

from normalize.text import match_key


@cache
def _suffixes() -> list[tuple[str, str]]:
    text = resources.files("normalize").joinpath("data/unit_types.yaml").read_text("utf-8")
    return [(s, t) for s, t in yaml.safe_load(text)["suffixes"]]


def unit_type(name: str) -> str | None:
    for suffix, kind in _suffixes():
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


@lru_cache(maxsize=65536)
def normalize_unit(raw: str) -> tuple[str, str | None]:
    """(normalised name, type) of a printed unit name; type None when unknown."""
    name = match_key(raw)
    return name, unit_type(name)
