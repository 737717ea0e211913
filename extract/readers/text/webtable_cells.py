"""The cells of a crawled table's rows: every reading its printed form allows, the
row's arithmetic and the column totals choosing among them (for webtable.py).

A table prints its figures one way: a fixed number of decimals (two for money,
perhaps another for rates), thousands separators or none. Under that form most
glued runs cut one way only: '1,234.002,345.00-1,111.00' is three cells. Where
a run still cuts several ways (integers: '993957'), or a cell printed as nothing
vanished, every reading is kept and the table's own arithmetic (the derived
columns, 总分 = its parts, the 合计 row) picks; what it cannot pick stays open.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import regex

from tongbao.extract.prose.measures import measure_of
from tongbao.extract.readers.text.cuts import GROUPED, cuts, fits
from tongbao.extract.tables.derivation import (
    LINEAR,
    agrees,
    derive,
    linear,
    ratio_range,
    ratio_terms,
    span,
)
from tongbao.extract.tables.labels import Vocabulary
from tongbao.normalize.numbers import parse_number

RANK = r"[1-9]\d{0,2}"
PHONE = r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}"
MARKS = ("-", "—", "–", "/", "0")  # printed for nothing: —, a bare 0
MAX_READINGS = 2000
SHORTEST = -1  # decimals as a score needs them: 10, 37.5 (never a trailing 0)
AS_SPACED = -2  # any decimals: each figure is spaced from the next (48.63 17.23 31.4 16)
LOST_WHEN_CHOOSING = 3  # cells a row may have lost when it tells the printed form
MAX_PLACINGS = 20_000  # ways to place the cells a row lost (printed as nothing), at most


def number_form(decimals: int, thousands: bool | None, marks=MARKS) -> str:
    """The printed form of a figure: sign, integer part (separated always, never, or
    either for None), decimals; or one of the marks a table prints for nothing."""
    whole = {True: rf"(?:{GROUPED}|[1-9]\d{{0,2}}|0)", False: r"(?:[1-9]\d*|0)",
             None: rf"(?:{GROUPED}|[1-9]\d*|0)"}[thousands]
    tail = {SHORTEST: r"(?:\.\d)?", AS_SPACED: r"(?:\.\d+)?", 0: ""}.get(decimals,
                                                                  rf"\.\d{{{decimals}}}")
    return rf"[-−]?{whole}{tail}" + "".join("|" + regex.escape(m) for m in marks)


@dataclass
class Printed:
    """How a table prints its figures: the decimals of each kind of column (amounts,
    rates, scores), thousands separators."""
    decimals: dict[str, int]
    thousands: bool
    kinds: list[str]  # each value column's kind: amount | rate | score
    suffix: tuple[str, ...]  # the forms of figures after the values (a rank, a phone)
    spaced: bool = False  # each figure spaced from the next: a piece is one figure

    def forms(self, marks=MARKS) -> tuple[str, ...]:
        # only amounts are sure to be separated (a rate 1625.19 beside 7,419.61), and
        # only where the spaces do not tell the figures apart (293861.39 beside 2,793.77)
        sure = None if self.spaced else self.thousands
        return tuple(number_form(self.decimals[k], sure if k == "amount" else
                                 None if self.thousands else False, marks)
                     for k in self.kinds) + self.suffix


@dataclass
class Rule:
    kind: str  # group_total, change, rate, ratio, sum (a 总分 or 合计 column), max
    target: int
    terms: list[tuple[int, int]]  # (slot, sign); the numerator's for a rate or ratio
    den: list[tuple[int, int]] = field(default_factory=list)
    limit: float | None = None  # max: the most a score part may be (基础工作（30分）)


def row_rules(paths: list[list[str]], voc: Vocabulary) -> list[Rule]:
    """What the headers say each row's figures obey, slot by slot."""
    derived, _ = derive(dict(enumerate(paths)), voc)
    rules = []
    for c, d in derived.items():  # each over underived cells: one misprint breaks one rule
        if d.kind in LINEAR:
            rules.append(Rule("sum", c, [(s, k) for s, k in linear(d, derived).items() if k]))
        else:
            num, den = ratio_terms(d, derived)
            rules.append(Rule("ratio", c, [(s, k) for s, k in num.items() if k],
                              [(s, k) for s, k in den.items() if k]))
    for c, path in enumerate(paths):
        parent = path[:-1]
        if path and voc.total_column_check(path[-1]):  # 总分: every column under its parent
            parts = [s for s, p in enumerate(paths) if s != c and p[:len(parent)] == parent
                     and not voc.total_column_check(p[-1]) and s not in derived]
            if parts:
                rules.append(Rule("sum", c, [(s, 1) for s in parts]))
        most = regex.search(r"[(（](\d+(?:\.\d+)?)分[)）]", path[-1] if path else "")
        if most or column_kind(path, voc) == "score":  # out of 100 unless it says
            rules.append(Rule("max", c, [], limit=float(most[1]) if most else 100.0))
    return rules


def violations(reading: tuple[str, ...], rules: list[Rule]) -> int:
    """How many of the rules a reading breaks. Implausible too: a derived cell left empty
    where its parts give something, a rate printed where its base is nothing."""
    out = 0
    for rule in rules:
        target = reading[rule.target]
        if rule.kind == "max":
            out += (parse_number(target) or 0.0) > rule.limit
            continue
        terms = [(reading[s], k) for s, k in rule.terms]
        if rule.kind == "sum":
            low, high = span(terms)
            out += not (low <= 0 <= high) if target == "" else not agrees(target, low, high)
            continue
        limits = ratio_range(terms, [(reading[s], k) for s, k in rule.den])
        if parse_number(target) is None:  # a rate printed as nothing: of nothing, or '—'
            out += target == "" and bool(limits)
            continue
        if limits:
            out += not agrees(target, *limits)
        else:  # no rate of nothing, unless nothing changed either
            low, high = span(terms)
            out += not (low <= 0 <= high and parse_number(target) == 0)
    return out


def readings(run: str, forms: tuple[str, ...], empties: bool = False, whole: bool = False
             ) -> tuple[list[tuple[str, ...]], bool]:
    """Every reading of a row's glued figures into its slots, and whether that is every
    one. Cells printed as nothing vanish in a crawl: one is tried in every position
    beside the full readings (a '—' split off a '-100.00' reads too), more when nothing
    else reads or when the table is known to leave cells empty (`empties`). A row that
    lost many cells may cut more ways than are enumerated (MAX_PLACINGS): the reading
    its arithmetic picks from some of them is never sure, the true one may be unseen."""
    full = cuts(run, forms, MAX_READINGS, whole=whole)
    gaps = 0
    for k in range(1, len(forms)):  # as many gaps as fit MAX_PLACINGS ways to place them
        if sum(math.comb(len(forms), n) for n in range(1, k + 1)) > MAX_PLACINGS:
            break
        gaps = k
    gaps = gaps if empties or not full else min(gaps, 1)
    limit = MAX_PLACINGS if gaps else MAX_READINGS
    out = cuts(run, forms, limit, gaps, whole=whole) if gaps else full
    # A row that lost more cells than that (7 of 16 printed as nothing) reads with the
    # fewest more that read, each count on its own: comb(16, 7) ways, not the sum to 7.
    for k in range(gaps + 1, len(forms)):
        if out or not _placeable(len(forms), k):
            break
        out = cuts(run, forms, limit, k, exact=True, whole=whole)
    return out, len(out) <= limit  # cuts stops past its limit: more ways were left unread


def _placeable(cells: int, lost: int) -> bool:
    """Whether the ways to place `lost` empty cells among a row's cells are few enough to
    weigh (MAX_PLACINGS): comb(16, 7) are not, nor are 9 of 22 (497,420)."""
    return math.comb(cells, lost) <= MAX_PLACINGS


def column_kind(path: list[str], voc: Vocabulary) -> str:
    """amount, rate or score: as its label's measure says (信息公开率（40分）: points; 增长率
    （%）, 执行率: a rate), else a rate if it is derived as one, else an amount."""
    leaf = path[-1] if path else ""
    measure = measure_of(None, leaf, [])
    if measure in ("rate", "score"):
        return measure
    return "rate" if voc.derived_kind(leaf) in ("rate", "ratio") else "amount"


def choose_printed(runs: list[str], kinds: list[str], suffix: list[str], rules: list[Rule]
                   ) -> Printed:
    """The table's printed form: the decimals (one count per kind of column, or a score's
    or rate's as few as it needs) under which the most rows read in a way their
    arithmetic holds, then the most rows read at all, a fixed count first; thousands
    separators if any figure has one. Rows that lost cells printed as nothing (a rate of
    nothing over nothing, a department that had no car) count by their readings with the
    fewest lost: up to LOST_WHEN_CHOOSING, more where then no row's arithmetic tells."""
    scored = _forms_scored(runs, kinds, suffix, rules, LOST_WHEN_CHOOSING)
    if scored[0][0][0] == 0 and any(rule.kind != "max" for rule in rules):
        # else a table whose every row lost a whole group is read under whatever form
        # cuts one row by chance, its figures shifted yet sure
        scored = _forms_scored(runs, kinds, suffix, rules, len(kinds) // 2)
    return scored[0][1]


def _forms_scored(runs: list[str], kinds: list[str], suffix: list[str], rules: list[Rule],
                  most_lost: int) -> list[tuple[tuple[int, int, int], Printed]]:
    """Each printed form with its score, best first (a fixed count first among equals)."""
    thousands = any("," in r for r in runs)
    present = sorted(set(kinds))
    spaced = (AS_SPACED,) if _spaced_apart(runs, len(kinds) + len(suffix)) else ()
    out = []
    for ds in itertools.product(*[(2, 1, 0, 3, *spaced) if k == "amount" else
                                  (2, 1, 0, SHORTEST, *spaced) for k in present]):
        printed = Printed(dict(zip(present, ds, strict=True)), thousands, kinds, tuple(suffix),
                          AS_SPACED in ds)
        forms = printed.forms()
        options = [next((o for lost in range(most_lost + 1) if _placeable(len(forms), lost)
                         and (o := cuts(r, forms, 300, lost, exact=True, whole=printed.spaced))),
                        []) for r in runs]
        out.append(((sum(any(not violations(o, rules) and telling(o) for o in opts)
                         for opts in options),
                     sum(1 for opts in options if opts), -sum(map(len, options))), printed))
    return sorted(out, key=lambda x: x[0], reverse=True)  # stable: the first of equals first


def _spaced_apart(runs: list[str], slots: int) -> bool:
    """Whether the spaces, not a fixed count of decimals, tell one figure from the next,
    as Excel's general format prints them (48.63 17.23 0.00 31.4 16): every row prints
    a space between its figures, each piece one figure (or a mark), never more pieces
    than the row has cells; or the table is a column of one figure a row."""
    pieces = [r.split() for r in runs]
    return (slots == 1 or any(len(p) > 1 for p in pieces)) and all(
        0 < len(p) <= slots for p in pieces) and all(fits(x, _ONE_FIGURE) for p in pieces for x in p)


_ONE_FIGURE = number_form(AS_SPACED, None)


def telling(reading: tuple[str, ...]) -> bool:
    """Whether a reading that fits its rules says anything of the printed form: a row of
    zeros fits them under any decimals (0.000.000.00 is 0.0|00.0|0 too)."""
    return any(parse_number(x) for x in reading)


def pick(options: list[tuple[str, ...]], rules: list[Rule]) -> list[tuple[str, ...]]:
    """The readings the arithmetic supports, and of those the ones that need the fewest
    vanished cells. Evidence, never a gate: where every reading breaks a rule (a figure
    printed wrong), a row the printed form reads one way only is read that way (its
    check then fails); otherwise every reading stays, and the cells they differ in
    are left open rather than read from a reading no arithmetic supports."""
    if not options:
        return []
    scored = [(violations(o, rules), o.count(""), o) for o in options]
    best = min(scored)[:2]
    if best[0] == 0:
        return [o for v, e, o in scored if (v, e) == best]
    if len(options) == 1:  # the printed form allows this reading only: read so, unless it
        # breaks more rules than one misprinted cell can (37.291 of 总计 read 333,888.08 and
        # 8 rules broken): then the form is wrong for the row, and nothing of it is sure
        return options if best[0] <= _one_cell_breaks(rules) else []
    # One misprint explains the row one way only, every other reading needing three or
    # more (or that one way needs no vanished cell): that reading.
    single = [o for v, e, o in scored if v == 1]
    runner_up = min((v for v, _, o in scored if v > 1), default=99)
    if len(single) == 1 and (best == (1, 0) or runner_up >= 3):
        return single
    if best[0] > 1:
        return options  # no reading fits with one misprint: none is trusted
    return [o for v, _, o in scored if v <= 2]  # within one misprint of the best


def _one_cell_breaks(rules: list[Rule]) -> int:
    """The most rules one misprinted cell can break: those it is the target or a term of."""
    slots = [{r.target} | {s for s, _ in r.terms + r.den} for r in rules]
    return max((sum(slot in used for used in slots) for slot in set().union(*slots)), default=0)


def conventions(settled: list[tuple[str, ...]]) -> tuple[tuple[str, ...], bool]:
    """How the table prints nothing, from the rows its arithmetic settled: whether a
    '-' or a bare 0 means nothing (else a '-' is a minus sign), whether it leaves cells
    empty. — and / never mean anything else."""
    marks = {x for row in settled for x in row if x in MARKS} | {"—", "–", "/"}
    return tuple(m for m in MARKS if m in marks), any("" in row for row in settled)


def as_its_columns_print_nothing(options: list[tuple[str, ...]], settled: list[tuple[str, ...]]
                                 ) -> list[tuple[str, ...]]:
    """Of a row's readings that differ only in where its nothing goes, those that print
    each column's nothing as the settled rows print it there: where every settled row
    prints 因公出国 as 0.00, '2.80 2.80 0.00' under four columns leaves the last one
    empty, not 因公出国. A column whose settled rows never held nothing says nothing;
    readings that cut the figures differently (8600|8600, 8600860|0) are not its to choose."""
    if len({tuple(x for x in o if not _is_nothing(x)) for o in options}) > 1:
        return options
    seen: dict[int, set[str]] = {}
    for row in settled:
        for j, x in enumerate(row):
            if _is_nothing(x):
                seen.setdefault(j, set()).add(x)

    def fit(reading: tuple[str, ...]) -> int:
        # a zero printed where its column prints them so: for; nothing printed another
        # way than its column does: against; an empty cell where others were empty too
        # says nothing (any column may have lost one)
        return sum((0 if x == "" else 1) if x in seen[j] else -1 for j, x in enumerate(reading)
                   if _is_nothing(x) and j in seen)

    best = max(map(fit, options), default=0)
    return [o for o in options if fit(o) == best]


def _is_nothing(x: str) -> bool:
    return x == "" or x in MARKS or parse_number(x) == 0


def conforms(reading: tuple[str, ...], marks: tuple[str, ...], empties: bool) -> bool:
    return (empties or "" not in reading) and all(x in marks for x in reading if x in MARKS)


def settle_by_totals(rows: list[list[tuple[str, ...]]], total: int | None,
                     columns: list[int], rules: list[Rule]) -> None:
    """A column (one that adds up: not a rate) whose cells are all certain but one
    row's: the 合计 row's figure picks that row's reading (in place), when that row's
    readings all satisfy its own arithmetic; repeated until nothing changes."""
    if total is None or len(rows[total]) != 1:
        return
    changed = True
    while changed:
        changed = False
        for j in columns:
            open_rows = [i for i, opts in enumerate(rows)
                         if i != total and len({o[j] for o in opts}) > 1]
            if len(open_rows) != 1:
                continue
            i = open_rows[0]
            if any(violations(o, rules) for o in rows[i]):
                continue
            others = [(rows[r][0][j], 1) for r in range(len(rows)) if r not in (i, total)
                      and rows[r]]
            fit = [o for o in rows[i] if agrees(rows[total][0][j], *span([*others, (o[j], 1)]))]
            if fit and len(fit) < len(rows[i]):
                rows[i][:] = fit
                changed = True
