"""Every printed total checked against the sum of its parts, in decimal arithmetic.

Three shapes of total, all found by the interpreter:
- a total row (合计, 总计, 小计): the same column summed over the rows it closes;
- a total column (总分, 总计): the row's sibling columns under the same header;
- a group total column (seed 000: each unit's total on its first row): the
  group's other values.
Parts are always the printed non-total values, so one wrong printed total
fails exactly one check. Which reading of a table's hierarchy is checked is chosen in
readings.py. A mismatch is a finding about the document, never an
error: it is written to `checks` with status 'fail'.

`settle` is the one rule every check applies (its verdict's status): equal
sums pass; on money, a gap no larger than the rounding of the printed figures
(half a unit of each figure's last printed digit, summed) is `rounding`;
anything else fails. Counts and scores are never rounded.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from tongbao.extract.checks.scores import is_share, score_terms, share_unclaimed, unclaimed
from tongbao.extract.model import Check
from tongbao.extract.prose.measures import MONEY, measure_of, measure_of_unit
from tongbao.extract.tables.interpret import VALUE, Row, TableView
from tongbao.extract.tables.labels import AREA_TOTAL, vocabulary
from tongbao.normalize.numbers import half_unit, is_placeholder, printed_decimal

# OCR confidence (0-1) below which a number read from a scan may be misread: a total it
# breaks is reported as a possible misreading, not as the document's error.
OCR_SURE = 0.95


@dataclass(frozen=True)
class Verdict:
    status: str  # pass | rounding | fail
    expected: Decimal
    actual: Decimal
    allowance: Decimal  # how far rounding could carry the printed figures apart

    @property
    def message(self) -> str | None:
        if self.status == "pass":
            return None
        gap = _plain(abs(self.expected - self.actual))
        if self.status in ("rounding", "skipped"):
            return (f"differs by {gap}, within the rounding of the printed figures "
                    f"(up to {_plain(self.allowance)})")
        return f"differs by {gap}"


Figure = str | float | Decimal


def settle(total: Figure | list[Figure], parts: list[Figure], money: bool,
           rate: bool = False) -> Verdict:
    """The one rounding rule: a printed total (or the sum of several, as in 新收 + 结转)
    against its printed parts. `rate`: percentages, whose rounding is not claimed either
    way (skipped: `rounding` is for money only)."""
    totals = total if isinstance(total, list | tuple) else [total]
    expected = sum((printed_decimal(t) or Decimal(0) for t in totals), Decimal(0))
    actual = sum((printed_decimal(p) or Decimal(0) for p in parts), Decimal(0))
    allowance = _allowance(totals, parts)
    within = abs(expected - actual) <= allowance
    if expected == actual:
        status = "pass"
    elif within and money:
        status = "rounding"
    elif within and rate:
        status = "skipped"
    else:
        status = "fail"
    return Verdict(status, expected, actual, allowance)


def _allowance(totals: list[Figure], parts: list[Figure]) -> Decimal:
    """How far rounding can carry the printed figures apart: half a unit of each one's last
    digit. A bare 0 states no precision of its own (nothing was rounded to print it): it
    takes the coarsest of the other parts', so 0 beside 15,337.37 or 0.00 allows 0.005, not
    0.5, while beside whole 元 (or alone) it still allows what they do."""
    stated = [half_unit(p) for p in parts if not _bare_zero(p)]
    zero = max(stated) if stated else Decimal("0.5")
    return sum((zero if _bare_zero(f) else half_unit(f) for f in [*totals, *parts]),
               Decimal(0))


def _bare_zero(figure: Figure) -> bool:
    """A zero printed without decimals (0, not 0.00)."""
    return printed_decimal(figure) == 0 and (not isinstance(figure, str) or "." not in figure)


def is_money(measure: str | None = None, unit: str | None = None) -> bool:
    """Money: a measure of `amount`, or a stated unit of 元, 万元 … for figures whose labels
    say nothing else (a 占比(%) or 人数 column of a table in 元 is not money)."""
    return measure == MONEY or (measure is None and measure_of_unit(unit) == MONEY)


def _plain(x: Decimal) -> str:
    return f"{x.normalize():f}"


def _number(x: Decimal) -> float:
    return float(x)


def _check(doc_id, table_id, name, scope, total_cell, part_cells, kind: str | None,
           rounded: bool = False) -> Check:
    """rounded: the total was rounded from the parts (a weighted score), as money is."""
    unsure = [c for c in [total_cell, *part_cells] if c.candidates is not None]
    if unsure:  # a glued cell with several readings: no claim either way
        return Check(doc_id, table_id, name, scope, None, None, "skipped",
                     f"not read for sure: {', '.join(c.text for c in unsure[:4])}")
    if printed_decimal(total_cell.text) is None:
        return Check(doc_id, table_id, name, scope, None, None, "skipped",
                     f"the total '{total_cell.text}' is not a number")
    if not part_cells:
        return Check(doc_id, table_id, name, scope, _number(printed_decimal(total_cell.text)),
                     None, "skipped", "no printed parts to add up")
    unreadable = [c.text for c in part_cells
                  if printed_decimal(c.text) is None and not is_placeholder(c.text)]
    verdict = settle(total_cell.text, [c.text for c in part_cells
                                       if printed_decimal(c.text) is not None],
                     money=kind == MONEY or rounded, rate=kind == "rate")
    note = (f"; {len(unreadable)} part(s) not a number, counted as 0: {', '.join(unreadable[:3])}"
            if unreadable else "")
    message = None
    if verdict.status != "pass":
        message = (f"printed {total_cell.text} but the {len(part_cells)} parts add up to "
                   f"{_plain(verdict.actual)}: {verdict.message}"
                   + (f" (page {total_cell.page})" if total_cell.page else ""))
    if verdict.status == "fail" and (unsure := _low_confidence([total_cell, *part_cells])):
        message = f"may be misread by OCR, not misprinted: {unsure} read with low confidence; " \
            + message
    message = ((message or "") + note).lstrip("; ") or None
    return Check(doc_id, table_id, name, scope, _number(verdict.expected),
                 _number(verdict.actual), verdict.status, message)


def value_kind(view: TableView, row: Row, col: int) -> str | None:
    """What a value measures, as far as rounding goes: amount (money), rate, or other."""
    measure = measure_of(None, (view.column_path(col, row) or [None])[-1],
                         view.path(row) + view.column_path(col, row))
    return MONEY if is_money(measure, view.form.unit) else measure


def _low_confidence(cells) -> str:
    """The cells OCR read with low confidence, as 'row 3 column 5 read 7 (0.62)'."""
    return ", ".join(f"row {c.row} column {c.col} '{c.text}' ({c.confidence:.2f})" for c in cells
                     if c.confidence is not None and c.confidence < OCR_SURE)


def table_checks(view: TableView, tree: dict[int, int], doc_id: str, table_id: int,
                 partial: frozenset[int] = frozenset()) -> list[Check]:
    """Every total of a table under one reading of its hierarchy (tree: child -> parent
    row); partial: parents whose children are a 其中 group, which may name only some."""
    return (_row_total_columns(view, doc_id, table_id)
            + _group_totals(view, doc_id, table_id)
            + _parent_rows(view, tree, doc_id, table_id, partial)
            + _total_rows(view, tree, doc_id, table_id))


def _parent_rows(view: TableView, tree: dict[int, int], doc_id, table_id,
                 partial: frozenset[int]) -> list[Check]:
    """A parent row (201, 一、财政拨款收入) against its children, column by column; a 其中
    group adding up to less than its parent names only some of it (skipped)."""
    children: dict[int, list[int]] = {}
    for child, parent in tree.items():
        children.setdefault(parent, []).append(child)
    out = []
    for p, kids in sorted(children.items()):
        row = view.rows[p]
        cols = [c for c in row.values if not view.columns[c].is_group_total]
        for c in cols:
            parts = [view.rows[k].values[c] for k in kids if c in view.rows[k].values]
            if not parts:
                continue
            scope = " / ".join(view.path(row))
            if len(cols) > 1:
                scope += " / " + " / ".join(view.column_path(c, row))
            check = _check(doc_id, table_id, "subtotal", scope, row.values[c], parts,
                           value_kind(view, row, c))
            if p in partial and check.status == "fail" and check.actual < check.expected:
                check = dataclasses.replace(check, status="skipped", message=(
                    f"the 其中 rows may name only some of it ({check.message})"))
            out.append(check)
    return out


def _part_columns(view: TableView, total_col: int, row: Row) -> list[int]:
    """Value columns under the same parent header as the total column; a column of shares
    (占比 25%) only where the total is one too."""
    parent = view.column_path(total_col, row)[:-1]
    shares = is_share(view, total_col, row)
    return [c.index for c in view.columns
            if c.role == VALUE and not c.is_total and c.index != total_col
            and view.column_path(c.index, row)[:len(parent)] == parent
            and (shares or not is_share(view, c.index, row))]


def _row_total_columns(view: TableView, doc_id, table_id) -> list[Check]:
    out = []
    for col in view.columns:
        if not col.total_check:
            continue
        for row in view.rows:
            if col.index not in row.values:
                continue
            cols = [c for c in _part_columns(view, col.index, row) if c in row.values]
            terms = score_terms(view, col.index, row, cols)
            if terms is None:
                continue
            scope = view.scope(row)
            if row.total_check:
                scope = " / ".join(view.path(row)) or scope
            check = _check(doc_id, table_id, col.total_check, scope, row.values[col.index],
                           terms.cells, value_kind(view, row, col.index), terms.weighted)
            if check.status in ("fail", "rounding") and terms.unsure:
                check = dataclasses.replace(check, status="skipped", message=(
                    f"{terms.unsure} (printed {_plain(Decimal(repr(check.expected)))}, the "
                    f"printed parts give {_plain(Decimal(repr(check.actual)))})"))
            out.append(check)
    return out


def _group_totals(view: TableView, doc_id, table_id) -> list[Check]:
    out = []
    for col in view.columns:
        if not col.is_group_total:
            continue
        for row in view.rows:
            if col.index not in row.values or row.total_check:
                continue
            parts = [cell for r in view.rows if r.group == row.group and not r.total_check
                     for c, cell in r.values.items()
                     if not view.columns[c].is_total]
            out.append(_check(doc_id, table_id, "subtotal", view.scope(row),
                              row.values[col.index], parts, value_kind(view, row, col.index)))
    return out


def _members(view: TableView, tree: dict[int, int], i: int, positions: range,
             stops: list[Row] | None = None) -> list[Row]:
    """The rows a total row at position i adds up, walking `positions` away from it. A 小计
    in the total's own column is passed over, its rows added (合计 under groups each closed
    by a 小计 in the 序号 column): a 小计 printed wrong then fails alone, not the 合计 too.
    stops: gets the total at its level the walk stopped at, if any."""
    row = view.rows[i]
    ancestors = {c: t for c, t in row.labels.items() if c < row.total_col}
    members = []
    for pos in positions:
        other = view.rows[pos]
        if pos in tree:
            continue
        if other.total_check and other.total_col == row.total_col:
            if other.total_check == "subtotal" and row.total_check != "subtotal":
                continue
            if stops is not None:
                stops.append(other)
            break
        if other.total_check:
            continue
        if any(other.labels.get(c) != t for c, t in ancestors.items() if t):
            if members:
                break
            continue
        members.append(other)
    return members


def _total_rows(view: TableView, tree: dict[int, int], doc_id, table_id) -> list[Check]:
    """A total row closes the rows since the previous total at its level that share
    its ancestors (the labels left of its own label); children of a parent row are
    inside their parent, not added again. A total printed first, above every other row
    (合计 as many budgets print it), opens the rows below it instead."""
    out = []
    for i, row in enumerate(view.rows):
        if not row.total_check:
            continue
        stops: list[Row] = []
        members = _members(view, tree, i, range(i - 1, -1, -1), stops)
        if not any(map(_labelled, members)) and \
                not any(not r.total_check and _labelled(r) for r in view.rows[:i]):
            members, stops = _members(view, tree, i, range(i + 1, len(view.rows))), []
        unlabelled = sorted((m for m in members if m.values and not _labelled(m)),
                            key=lambda m: m.index)
        left_out = {id(m) for m in unlabelled}
        readings = [members] + ([[m for m in members if id(m) not in left_out]]
                                if unlabelled and len(unlabelled) < len(members) else [])
        # A total after another of its level may add that one up with the rows between
        # (收支总表: 总计 = 本年收入合计 + 年初结转和结余); a 小计 never does.
        above = stops[0] if stops and members and row.total_check != "subtotal" else None
        if above is not None:
            readings.append([above, *members])
        cols = [c for c in row.values if view.columns[c].adds_up]
        for c in cols:
            scope = " / ".join(filter(None, [row.heading, row.total_label])) or "total"
            if len(cols) > 1:
                scope += " / " + " / ".join(view.column_path(c, row))
            checks = [(rows, _check(doc_id, table_id, row.total_check, scope, row.values[c],
                                    parts, value_kind(view, row, c)))
                      for rows in readings for parts in _parts(view, row, c, rows)]
            if is_share(view, c, row):
                checks = [(rows, share_unclaimed(k)) for rows, k in checks]
            if row.total_check == AREA_TOTAL:
                checks = [(rows, area_unclaimed(k)) for rows, k in checks]
            rows, best = min(checks, key=lambda rk: (_RANK.get(rk[1].status, len(_RANK)),
                                                     _with_total_above(row, above, rk[0])))
            if above is not None and rows[0] is above:
                best = dataclasses.replace(best, message=best.message and (
                    f"{best.message}; the parts are {above.total_label} above and the rows "
                    f"after it"))
            elif rows is not members:
                best = dataclasses.replace(best, message="; ".join(filter(None, [
                    best.message, f"{_rows_named(unlabelled)} figures but no label: not "
                    f"counted (counted, the total would not hold)"])))
            out.append(best)
    return out


def _with_total_above(row: Row, above: Row | None, rows: list[Row]) -> bool:
    """Where no reading holds, which is put first: a grand total (总计) after a lesser one
    (本年收入合计) adds it up; any other total does not."""
    voc = vocabulary()
    grand = above is not None and voc.is_grand_total(row.total_label) \
        and not voc.is_grand_total(above.total_label)
    return (bool(rows) and rows[0] is above) != grand


def area_unclaimed(check: Check) -> Check:
    """A row for the whole area (全区) that is not the sum of the rows above: it may count
    units they leave out, or be their average. No claim that either is wrong."""
    return unclaimed(check, "a row for the whole area may count units not listed, or be "
                            "their average: not claimed wrong", ("fail",))


# A reading the printed arithmetic bears out is preferred (an unlabelled row as a part).
_RANK = {"pass": 0, "rounding": 1, "skipped": 2, "fail": 3}


def _labelled(row: Row) -> bool:
    """A row that names what it counts, printed or carried down from the rows above; one
    with figures only (a draft's unlabelled copy of its total) may be a part or not."""
    return bool(row.unit_raw) or any(t.strip() for t in row.labels.values())


def _rows_named(rows: list[Row]) -> str:
    return (f"rows {', '.join(str(r.index) for r in rows)} print" if len(rows) > 1
            else f"row {rows[0].index} prints")


def _parts(view: TableView, row: Row, c: int, members: list[Row]) -> list[list]:
    """The cells a total row's column c adds up over its member rows: one list, or two at
    the corner (合计 x 合计), which totals its row and its column alike. There every leaf
    comes first (a member whose own total is misprinted leaves the corner right against
    the leaves: one error, one finding), then the members' totals: each rounds on its own,
    so a corner that holds exactly against them holds, though the leaves miss by a 元."""
    if view.columns[c].is_group_total:  # a grand total printed in the group-total column
        return [[cell for m in members for cc, cell in m.values.items()
                 if not view.columns[cc].is_total]]
    column = [m.values[c] for m in members if c in m.values]
    if not view.columns[c].total_check:
        return [column]
    part_cols = _part_columns(view, c, row)
    leaves = []
    for m in members:
        terms = score_terms(view, c, m, [pc for pc in part_cols if pc in m.values])
        leaves += terms.cells if terms and terms.plain else \
            [m.values[c]] if c in m.values else []
    return [leaves, column] if leaves != column else [leaves]
