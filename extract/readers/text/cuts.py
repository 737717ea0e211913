"""Every way to cut a run of glued characters into printed numbers, one form per slot.

    '640020470' into 7 plain numbers   ->  (6, 4, 0, 0, 2, 0, 470), (64, 0, 0, 2, 0, 4, 70), ...
    '1,234.00-56.78' into 2 money cells ->  ('1,234.00', '-56.78')

Shared by the annual-report reader (glued.py) and the reader of generic crawled
tables (webtable.py). A space is always a boundary; each piece must match the form
of the slot it lands in (a fixed number of decimals, thousands separators, a rank);
up to `gaps` slots may stay empty, for cells printed as nothing that a crawl lost.
"""

from __future__ import annotations

from tongbao.normalize.patterns import compile_pattern

PLAIN = r"0|[1-9]\d*|(?:0|[1-9]\d*)\.\d+"  # a count or a decimal, no sign, no separators
GROUPED = r"[1-9]\d{0,2}(?:,\d{3})+"  # a whole number with its thousands grouped: 16,674
LIMIT = 50_000


def cuts(run: str, forms: tuple[str, ...], limit: int = LIMIT, gaps: int = 0,
         exact: bool = False, whole: bool = False) -> list[tuple[str, ...]]:
    """Every way to read `run` as len(forms) pieces, piece i matching forms[i] (or
    empty, at most `gaps` of them, or exactly `gaps` if `exact`); at most about
    `limit` ways. `whole`: every piece is one of the run's space-separated pieces."""
    text, memo = " ".join(run.split()), {}  # the memo lives for one call: a worker reads
    # thousands of documents, and their digit runs would otherwise stay cached for good

    def read(at: int, forms: tuple[str, ...], gaps: int) -> tuple[tuple[str, ...], ...]:
        key = (at, len(forms), gaps)  # forms is always a suffix of the call's forms
        if key not in memo:
            memo[key] = _read(at, forms, gaps)
        return memo[key]

    def _read(at: int, forms: tuple[str, ...], gaps: int) -> tuple[tuple[str, ...], ...]:
        if not forms:
            return ((),) if at == len(text) and not (exact and gaps) else ()
        if exact and gaps > len(forms):
            return ()
        out: list[tuple[str, ...]] = []
        if gaps:
            out += [("", *rest) for rest in read(at, forms[1:], gaps - 1)]
        start = at + 1 if at and at < len(text) and text[at] == " " else at
        for end in range(start + 1, len(text) + 1):
            piece = text[start:end]
            if piece.endswith(" "):
                break
            if whole and end < len(text) and text[end] != " ":
                continue
            if fits(piece, forms[0]):
                out += [(piece, *rest) for rest in read(end, forms[1:], gaps)]
            if len(out) > limit:
                break
        # One past the limit says "more than the limit": never more, or the empty pieces'
        # places alone (9 of 22 cells: 497,420 ways) fill the memory of a one-page notice
        return tuple(out[:limit + 1])

    return list(read(0, tuple(forms), gaps))


_pattern = compile_pattern  # the few forms a reader uses, compiled once


def fits(text: str, form: str) -> bool:
    return _pattern(form).fullmatch(text) is not None
