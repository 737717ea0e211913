"""Choosing among the readings of glued digits by the sums they satisfy.

A crawler that drops cell separators leaves runs of digits ('640020470') with many
possible readings (64 0 0 2 0 4 70, or 6 40 0 …). Each row's readings are scored
together with the others' by

  1. the rules of the table they break (a row's own total, a column's balance):
     fewest first; a reading never wins by inventing an error, and one misprinted
     total in the document does not remove its true reading;
  2. of those, the ones inside a single row (a row that adds up is preferred);
  3. the figures the text states that they agree with (本年度制发的规范性文件77件).

The best readings are kept: a cell on which they all agree has its value (the
rules the reading still breaks are the document's findings); a cell on which
they differ stays empty with its candidates. Nothing here knows a template: the
reader (glued.py) hands over the rows, rules and stated figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

Figure = int | Decimal
NODE_BUDGET = 300_000  # search steps per group of rows before the reading turns cautious
MAX_SOLUTIONS = 5_000


@dataclass
class Slot:
    """One row: its cells' keys and every reading of its digits."""

    keys: tuple[str, ...]
    candidates: list[tuple[Figure, ...]]


@dataclass(frozen=True)
class Equality:
    """Two sums that must be equal: the keys printed as a total, the keys of its parts."""

    expected: tuple[str, ...]
    actual: tuple[str, ...]


@dataclass(frozen=True)
class Stated:
    """A figure the text states: one of `sums` (each a tuple of keys) equals `value`."""

    sums: tuple[tuple[str, ...], ...]
    value: Figure


@dataclass
class Outcome:
    values: dict[str, Figure | None] = field(default_factory=dict)
    candidates: dict[str, list[Figure]] = field(default_factory=dict)


class _OverBudget(Exception):
    pass


def best_readings(slots: list[Slot], rules: list[Equality], stated: list[Stated]) -> Outcome:
    """Each key's value where all the best readings agree, else None and its candidates."""
    out = Outcome()
    for slot in slots:
        if not slot.candidates:  # digits that cannot be cut into the row's cells
            out.values.update(dict.fromkeys(slot.keys))
    slots = [s for s in slots if s.candidates]
    where = {k: i for i, s in enumerate(slots) for k in s.keys}
    rules = [r for r in rules if all(k in where for k in r.expected + r.actual)]
    stated = [s for s in stated if any(all(k in where for k in keys) for keys in s.sums)]
    for group in _components(slots, rules, stated, where):
        members = [slots[i] for i in group]
        keys = {k for s in members for k in s.keys}
        mine = [r for r in rules if set(r.expected) <= keys]
        told = [s for s in stated if any(set(k) <= keys for k in s.sums)]
        solutions = _solve(members, mine, told)
        for slot_index, slot in enumerate(members):
            for cell, key in enumerate(slot.keys):
                seen = sorted({sol[slot_index][cell] for sol in solutions})
                out.values[key] = seen[0] if len(seen) == 1 else None
                if len(seen) > 1:
                    out.candidates[key] = seen
    return out


def _components(slots, rules, stated, where) -> list[list[int]]:
    """Rows linked by a rule or a stated figure are read together; the others alone."""
    linked: dict[int, set[int]] = {i: set() for i in range(len(slots))}
    for keys in [r.expected + r.actual for r in rules] + [k for s in stated for k in s.sums]:
        rows = {where[k] for k in keys if k in where}
        for i in rows:
            linked[i] |= rows
    groups, seen = [], set()
    for start in range(len(slots)):
        if start in seen:
            continue
        group, todo = [], [start]
        seen.add(start)
        while todo:
            i = todo.pop()
            group.append(i)
            todo += [j for j in linked[i] if j not in seen]
            seen.update(linked[i])
        groups.append(sorted(group))
    return groups


Pairs = tuple[tuple[int, int], ...]  # (row, cell) of each key of one side of a rule


def _compiled(rule: Equality, pos) -> tuple[Pairs, Pairs]:
    return tuple(pos[k] for k in rule.expected), tuple(pos[k] for k in rule.actual)


def _holds(rule: tuple[Pairs, Pairs], chosen) -> bool:
    expected, actual = rule
    return sum(chosen[i][j] for i, j in expected) == sum(chosen[i][j] for i, j in actual)


def _solve(slots: list[Slot], rules: list[Equality], stated: list[Stated]) -> list[tuple]:
    """The readings of a group of rows that break fewest rules (then fewest inside a row,
    then agree with most stated figures); each a tuple of one candidate per row."""
    pos = {k: (i, j) for i, s in enumerate(slots) for j, k in enumerate(s.keys)}
    compiled = [_compiled(r, pos) for r in rules]
    rows_of = [{i for i, _ in exp + act} for exp, act in compiled]
    inside = [[r for r, rows in zip(compiled, rows_of, strict=True) if rows == {i}]
              for i in range(len(slots))]
    across = [r for r, rows in zip(compiled, rows_of, strict=True) if len(rows) > 1]
    broken = [[sum(not _holds(r, {i: c}) for r in inside[i]) for c in s.candidates]
              for i, s in enumerate(slots)]
    # First each row's readings that add up on their own (all of them, if none does).
    allowed = []
    for i, s in enumerate(slots):
        fewest = min(broken[i])
        allowed.append([j for j in range(len(s.candidates)) if broken[i][j] == fewest or fewest > 0])
    search = _Search(slots, across, broken)
    try:
        search.run(allowed)
        if search.best[0] > 0 and across:
            # A row that adds up on its own may still be read wrongly when its own total is
            # the misprint: the readings of one row at a time that would make the best
            # readings break fewer rules are searched too.
            for i, better in _improvements(slots, allowed, search, across, broken):
                search.run(allowed[:i] + [better] + allowed[i + 1:])
    except _OverBudget:
        return _cautious(slots)
    if search.overflow:
        return _cautious(slots)
    solutions = search.solutions
    if stated:
        agree = [_agreements(sol, stated, pos) for sol in solutions]
        solutions = [sol for sol, a in zip(solutions, agree, strict=True) if a == max(agree)]
    return solutions


def _improvements(slots, allowed, search, across, broken, base: int = 20):
    """(row, its other readings) that, put into one of the best readings found, break no
    more rules than it."""
    best = search.best
    found = [list(sol) for sol in search.solutions[:base]]
    for i, s in enumerate(slots):
        others = [j for j in range(len(s.candidates)) if j not in set(allowed[i])]
        better = set()
        for sol in found:
            rest_inside = sum(broken[k][slots[k].candidates.index(sol[k])]
                              for k in range(len(slots)) if k != i)
            for j in others:
                chosen = sol[:i] + [s.candidates[j]] + sol[i + 1:]
                inside = rest_inside + broken[i][j]
                total = inside + sum(not _holds(r, chosen) for r in across)
                if (total, inside) <= best:
                    better.add(j)
        if better:
            yield i, sorted(better)


def _agreements(solution: tuple, stated: list[Stated], pos) -> int:
    def value(k):
        i, j = pos[k]
        return solution[i][j]
    return sum(any(all(k in pos for k in keys) and sum(value(k) for k in keys) == s.value
                   for keys in s.sums) for s in stated)


def _cautious(slots: list[Slot]) -> list[tuple]:
    """Too many readings to compare them all: every reading of every row stands, so a
    cell keeps a value only where all its row's readings agree (seven digits, seven cells)."""
    longest = max(len(s.candidates) for s in slots)
    return [tuple(s.candidates[min(n, len(s.candidates) - 1)] for s in slots)
            for n in range(longest)]


class _Search:
    """Depth-first over the rows, fewest readings first, pruning what is already worse
    than the best found; a rule across rows is judged once its last row is read."""

    def __init__(self, slots, across, broken):
        self.slots, self.across, self.broken = slots, across, broken
        self.best: tuple[int, int] = (1 << 30, 1 << 30)
        self.solutions: list[tuple] = []
        self.nodes = 0
        self.overflow = False  # more best readings than kept: their cells are not claimed

    def run(self, allowed: list[list[int]]) -> None:
        order = sorted(range(len(self.slots)), key=lambda i: len(allowed[i]))
        depth_of = {i: d for d, i in enumerate(order)}
        due: list[list] = [[] for _ in order]
        for rule in self.across:
            due[max(depth_of[i] for i, _ in rule[0] + rule[1])].append(rule)
        chosen: list = [None] * len(self.slots)
        lists = [sorted(allowed[i], key=lambda j, i=i: self.broken[i][j])
                 for i in range(len(self.slots))]

        def dfs(d: int, total: int, inside: int) -> None:
            self.nodes += 1
            if self.nodes > NODE_BUDGET:
                raise _OverBudget
            if d == len(order):
                self._record((total, inside), tuple(chosen))
                return
            i = order[d]
            for j in lists[i]:
                chosen[i] = self.slots[i].candidates[j]
                b = self.broken[i][j]
                t = total + b
                for rule in due[d]:
                    if not _holds(rule, chosen):
                        t += 1
                if (t, inside + b) <= self.best:
                    dfs(d + 1, t, inside + b)
            chosen[i] = None

        dfs(0, 0, 0)

    def _record(self, score: tuple[int, int], solution: tuple) -> None:
        if score < self.best:
            self.best, self.solutions, self.overflow = score, [], False
        if score == self.best:
            if len(self.solutions) < MAX_SOLUTIONS:
                self.solutions.append(solution)
            else:
                self.overflow = True
