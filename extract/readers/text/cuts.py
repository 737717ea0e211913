"""Every way to cut a run of glued characters into printed numbers, one form per slot.

    '640020470' into 7 plain numbers   ->  (6, 4, 0, 0, 2, 0, 470), (64, 0, 0, 2, 0, 4, 70), ...
    '1,234.00-56.78' into 2 money cells ->  ('1,234.00', '-56.78')

Shared by the annual-report reader (glued.py) and the reader of generic crawled
tables (webtable.py). A space is always a boundary; each piece must match the form
of the slot it lands in (a fixed number of decimals, thousands separators, a rank).
"""

from __future__ import annotations

import itertools
from functools import cache

import regex

PLAIN = r"0|[1-9]\d*|(?:0|[1-9]\d*)\.\d+"  # a count or a decimal, no sign, no separators
LIMIT = 50_000


def cuts(run: str, forms: tuple[str, ...], limit: int = LIMIT) -> list[tuple[str, ...]]:
    """Every way to read `run` as len(forms) pieces, piece i matching forms[i]."""
    groups = run.split()
    out: list[tuple[str, ...]] = []
    for sizes in _compositions(len(groups), len(forms)):
        per_group, at = [], 0
        for g, n in zip(groups, sizes, strict=True):
            per_group.append(_splits(g, forms[at:at + n]))
            at += n
        if all(per_group):
            for combo in itertools.product(*per_group):
                out.append(tuple(x for part in combo for x in part))
                if len(out) > limit:
                    return out
    return out


def _compositions(n_groups: int, width: int):
    if n_groups == 0:
        return
    for cut in itertools.combinations(range(1, width), n_groups - 1):
        bounds = (0, *cut, width)
        yield [b - a for a, b in itertools.pairwise(bounds)]


@cache
def _splits(text: str, forms: tuple[str, ...]) -> list[tuple[str, ...]]:
    if len(forms) == 1:
        return [(text,)] if fits(text, forms[0]) else []
    out = []
    for i in range(1, len(text)):
        head = text[:i]
        if fits(head, forms[0]):
            out += [(head, *rest) for rest in _splits(text[i:], forms[1:])]
    return out


@cache
def fits(text: str, form: str) -> bool:
    return regex.fullmatch(form, text) is not None
