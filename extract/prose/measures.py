"""What a number measures (count, score, amount, rate, change), from its labels or its key.

The words and key patterns are data: extract/data/measures.yaml.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from functools import cache
from importlib import resources

import yaml


@cache
def _table() -> dict:
    return yaml.safe_load(resources.files("tongbao.extract").joinpath("data/measures.yaml")
                          .read_text("utf-8"))


@cache
def _measure_of_labels(labels: tuple[str, ...]) -> str | None:
    """The column label speaks first, then the path from the innermost label out."""
    for label in labels:
        for measure, words in _table()["words"].items():
            if any(w in label for w in words):
                return measure
    return None


def measure_of(key: str | None, metric: str | None, path: list[str]) -> str | None:
    if key:
        for pattern, measure in _table()["keys"].items():
            if fnmatchcase(key, pattern):
                return measure
    labels = tuple(x for x in [metric, *reversed(path)] if x)
    return _measure_of_labels(labels)
