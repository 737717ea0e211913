"""Choosing among the readings of glued digits by the sums they satisfy.

A crawler that drops cell separators leaves runs of digits ('640020470') with many
possible readings (64 0 0 2 0 4 70, or 6 40 0 …). Each row's readings are scored
together with the others' by

  1. the rules of the table they break (a row's own total, a column's balance):
     fewest first; a reading never wins by inventing an error, and one misprinted
     total in the document does not remove its true reading (a reading whose broken
     rules one misprinted cell explains beats readings that need two, though that
     cell breaks three rules and they break two);
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
MAX_SUMS = 20_000  # sums a group of rows can add to a rule, listed to bound the search
EXTRA = 2  # readings dearer than a row's cheapest, counted apart in the bound


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
    then agree with most stated figures); each a tuple of one candidate per row. Every
    reading of every row is considered, those that add up on their own first; too many
    to compare, and the reading turns cautious. Where those readings need two or more
    cells misprinted, a reading that one misprinted cell explains is better, though that
    cell breaks more rules (a column's total is in its row's total, its balance and its
    outcomes: three rules, one misprint)."""
    pos = {k: (i, j) for i, s in enumerate(slots) for j, k in enumerate(s.keys)}
    compiled = [_compiled(r, pos) for r in rules]
    solutions = _search(slots, compiled)
    if solutions is None:
        return _cautious(slots)
    if min(_misprints(sol, compiled) for sol in solutions) > 1:
        solutions = _one_misprint(slots, compiled) or solutions
    if stated:
        agree = [_agreements(sol, stated, pos) for sol in solutions]
        solutions = [sol for sol, a in zip(solutions, agree, strict=True) if a == max(agree)]
    return solutions


def _search(slots: list[Slot], compiled: list[tuple[Pairs, Pairs]], only_whole: bool = False,
            known: dict | None = None) -> list[tuple] | None:
    """The readings that break fewest of these rules, then fewest inside a row (only
    those that break none: `only_whole`); None when there are too many to compare."""
    rows_of = [{i for i, _ in exp + act} for exp, act in compiled]
    inside = [[r for r, rows in zip(compiled, rows_of, strict=True) if rows == {i}]
              for i in range(len(slots))]
    across = [r for r, rows in zip(compiled, rows_of, strict=True) if len(rows) > 1]
    broken = [[sum(not _holds(r, {i: c}) for r in inside[i]) for c in s.candidates]
              for i, s in enumerate(slots)]
    search = _Search(slots, across, broken, (0, 1 << 30) if only_whole else None, known)
    try:
        search.run()
    except _OverBudget:
        return None
    return None if search.overflow else search.solutions


def _misprints(solution: tuple, compiled) -> int:
    """How many cells must be misprinted for the rules this reading breaks: 0, 1 (one cell
    is in every broken rule), else 2 (two or more)."""
    broken = [set(exp + act) for exp, act in compiled if not _holds((exp, act), solution)]
    if not broken:
        return 0
    return 1 if set.intersection(*broken) else 2


def _one_misprint(slots: list[Slot], compiled) -> list[tuple]:
    """The readings one misprinted cell explains (every rule they break holds that cell),
    the fewest rules broken first, then fewest inside a row; none when no cell does."""
    found: dict[tuple, tuple[int, int]] = {}
    known: dict = {}  # each row's shares of each rule, computed once for every cell's search
    for cell in sorted({c for exp, act in compiled for c in exp + act}):
        kept = [r for r in compiled if cell not in r[0] + r[1]]
        for sol in _search(slots, kept, only_whole=True, known=known) or []:
            broken = [r for r in compiled if not _holds(r, sol)]
            found[sol] = (len(broken), sum(len({i for i, _ in r[0] + r[1]}) == 1 for r in broken))
    best = min(found.values(), default=None)
    return [sol for sol, score in found.items() if score == best]


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


def _sums(options, shares, k: int) -> frozenset:
    """Every sum of a listed sum and one reading's share of rule k."""
    return frozenset(a + b for sums, js in options for b in {shares[j][k] for j in js}
                     for a in sums)


class _Search:
    """Branch and bound over the rows. A rule across rows is written as one sum that must
    be 0 (expected minus actual). For the rows not yet read, the sums they can still add
    to each rule are known in advance (every combination of their readings' shares), so
    a rule that can no longer come to 0 counts as broken already, and a branch that
    already breaks more than the best reading found is left."""

    def __init__(self, slots, across, broken, ceiling: tuple[int, int] | None = None,
                 known: dict | None = None):
        self.slots, self.across, self.broken = slots, across, broken
        self.ceiling = ceiling  # no reading scoring worse is wanted
        self.known = {} if known is None else known  # (row, rule) -> each reading's share
        self.best: tuple[int, int] = (1 << 30, 1 << 30)
        self.solutions: list[tuple] = []
        self.nodes = 0
        self.overflow = False  # more best readings than kept: their cells are not claimed

    def _shares(self, i: int) -> tuple[list[int], list[list]]:
        """The rules row i is in, and each reading's share of each (expected - actual)."""
        rules = [r for r, (exp, act) in enumerate(self.across)
                 if any(row == i for row, _ in exp + act)]
        columns = []
        for r in rules:
            if (i, self.across[r]) not in self.known:
                exp = [c for row, c in self.across[r][0] if row == i]
                act = [c for row, c in self.across[r][1] if row == i]
                self.known[i, self.across[r]] = [sum(cand[c] for c in exp) - sum(cand[c] for c in act)
                                                 for cand in self.slots[i].candidates]
            columns.append(self.known[i, self.across[r]])
        return rules, [list(x) for x in zip(*columns, strict=True)] if columns else \
            [[] for _ in self.slots[i].candidates]

    def _reachable(self, order, touch, share) -> list[list[list[frozenset | None]]]:
        """reach[x][d][r]: every sum the rows from depth d on can add to rule r when at most
        x of them take a reading costlier than their cheapest (None: too many to list, no
        bound)."""
        n, rules = len(order), len(self.across)
        reach = [[[frozenset({0})] * rules] for _ in range(EXTRA + 1)]
        for d in range(n - 1, -1, -1):
            i = order[d]
            cheapest = min(self.broken[i])
            cheap = [j for j, b in enumerate(self.broken[i]) if b == cheapest]
            dear = [j for j, b in enumerate(self.broken[i]) if b != cheapest]
            layers = []
            for x in range(EXTRA + 1):
                layer = list(reach[x][0])
                for k, r in enumerate(touch[i]):
                    options = [(reach[x][0][r], cheap)]
                    if x and dear:
                        options.append((reach[x - 1][0][r], dear))
                    if any(sums is None for sums, _ in options):
                        layer[r] = None
                        continue
                    found = _sums(options, share[i], k)
                    layer[r] = found if len(found) <= MAX_SUMS else None
                layers.append(layer)
            for x in range(EXTRA + 1):
                reach[x].insert(0, layers[x])
        return reach

    def run(self) -> None:
        n = len(self.slots)
        touch, share = [], []
        for i in range(n):
            rules, shares = self._shares(i)
            touch.append(rules)
            share.append(shares)
        # The row in most rules first (（七）总计: every column's balance and outcomes), then
        # the rows with most readings (本年新收 glued whole), whose rules the rows after
        # them, with few readings each, soon settle.
        order = sorted(range(n), key=lambda i: (-len(touch[i]), -len(self.slots[i].candidates)))
        reach = self._reachable(order, touch, share)
        floor = [sum(min(self.broken[i]) for i in order[d:]) for d in range(n + 1)]
        total = [0] * len(self.across)  # the rows read so far
        lists = [sorted(range(len(s.candidates)), key=lambda j, i=i: self.broken[i][j])
                 for i, s in enumerate(self.slots)]
        # a good reading to start from; none needed under a ceiling (no rule broken)
        self.best = self.ceiling or self._descent(lists, touch, share)
        chosen: list = [None] * n

        def dfs(d: int, inside: int) -> None:
            self.nodes += 1
            if self.nodes > NODE_BUDGET:
                raise _OverBudget
            # The rows not yet read cost at least their cheapest readings, and x readings
            # dearer than that cost x more; whatever they are, these rules stay broken:
            least = floor[d] + min(x + sum(1 for r, sums in enumerate(reach[x][d])
                                           if sums is not None and -total[r] not in sums)
                                   for x in range(EXTRA + 1))
            broken = inside + least if d < n else inside + sum(1 for t in total if t)
            if (broken, inside) > self.best:
                return
            if d == n:
                self._record((broken, inside), tuple(chosen))
                return
            i = order[d]
            rules = touch[i]
            for j in lists[i]:
                chosen[i] = self.slots[i].candidates[j]
                for k, r in enumerate(rules):
                    total[r] += share[i][j][k]
                dfs(d + 1, inside + self.broken[i][j])
                for k, r in enumerate(rules):
                    total[r] -= share[i][j][k]
            chosen[i] = None

        dfs(0, 0)

    def _descent(self, lists, touch, share, passes: int = 4) -> tuple[int, int]:
        """A good reading to start from, so that the search can leave most branches at
        once: from a greedy reading, each row in turn takes the reading that breaks fewest
        rules with the others as they are, until none changes."""
        n = len(self.slots)
        if not n:
            return 0, 0
        pick = self._greedy(lists, touch, share)
        total = [0] * len(self.across)
        for i in range(n):
            for k, r in enumerate(touch[i]):
                total[r] += share[i][pick[i]][k]
        inside = sum(self.broken[i][pick[i]] for i in range(n))

        def cost(i: int, j: int) -> tuple[int, int]:
            """(rules broken, of which inside rows) with row i read as j; the rules row i
            is not in are as they are."""
            mine = inside - self.broken[i][pick[i]] + self.broken[i][j]
            cross = sum(1 for t in total if t) - sum(1 for r in touch[i] if total[r]) + sum(
                1 for k, r in enumerate(touch[i])
                if total[r] - share[i][pick[i]][k] + share[i][j][k])
            return mine + cross, mine

        for _ in range(passes):
            changed = False
            for i in range(n):
                j = min(lists[i], key=lambda j, i=i: cost(i, j))
                if cost(i, j) < cost(i, pick[i]):
                    for k, r in enumerate(touch[i]):
                        total[r] += share[i][j][k] - share[i][pick[i]][k]
                    inside += self.broken[i][j] - self.broken[i][pick[i]]
                    pick[i], changed = j, True
            if not changed:
                break
        return cost(0, pick[0])

    def _greedy(self, lists, touch, share) -> list[int]:
        """Rows with fewest readings first, each taking the reading that breaks fewest of
        the rules all of whose rows are read by then (（七）总计 after the outcomes it adds)."""
        n = len(self.slots)
        left = [len({row for row, _ in exp + act}) for exp, act in self.across]
        total = [0] * len(self.across)
        pick = [lists[i][0] for i in range(n)]
        for i in sorted(range(n), key=lambda i: len(self.slots[i].candidates)):
            closing = [k for k, r in enumerate(touch[i]) if left[r] == 1]

            def cost(j: int, i=i, closing=closing) -> tuple[int, int]:
                broken = sum(1 for k in closing if total[touch[i][k]] + share[i][j][k] != 0)
                return broken + self.broken[i][j], self.broken[i][j]
            pick[i] = min(lists[i], key=cost)
            for k, r in enumerate(touch[i]):
                total[r] += share[i][pick[i]][k]
                left[r] -= 1
        return pick

    def _record(self, score: tuple[int, int], solution: tuple) -> None:
        if score < self.best:
            self.best, self.solutions, self.overflow = score, [], False
        if score == self.best:
            if len(self.solutions) < MAX_SOLUTIONS:
                self.solutions.append(solution)
            else:
                self.overflow = True
