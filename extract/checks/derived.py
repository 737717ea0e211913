"""Derived columns checked: a group total (三公经费 = its parts, year by year), a change
(增减数 = this year − last year), a rate (增长率 = change / last year, in %) and a
ratio (执行率 = 执行金额 / 预算金额, in %).

The headers propose each rule (tables/derivation.py); the numbers decide whether it
is one. A rule that holds in most of the rows where it can be tried is checked in
every row, and a row where it fails is a finding; one that holds in no row is no
rule (no checks); one in between is reported once, skipped, and not applied.
A derived cell is compared with the printed cells it comes from, expanded down to
cells no rule derives (a total group's change from its parts' two years), so one
wrong derived cell fails its own check and no other. Sums go through
arithmetic._check, so its tolerance for printed precision applies here too.
"""

from __future__ import annotations

from tongbao.extract.checks.arithmetic import _check, value_kind
from tongbao.extract.model import Check
from tongbao.extract.tables.derivation import (
    LINEAR,
    Derivation,
    agrees,
    linear,
    ratio_range,
    ratio_terms,
    span,
)
from tongbao.extract.tables.grid import GridCell
from tongbao.extract.tables.interpret import Column, Row, TableView
from tongbao.normalize.numbers import is_placeholder, number_text, parse_number


def derived_checks(view: TableView, doc_id: str, table_id: int) -> list[Check]:
    """Checks for every derived column the numbers confirm; marks those columns' rule,
    so the arithmetic leaves their total-row cells to these checks."""
    out: list[Check] = []
    for col in _in_dependency_order(view.columns):
        results = [(row, _judge(view, row, col, doc_id, table_id)) for row in view.rows]
        tried = [c for _, c in results if c is not None and c.status != "skipped"]
        # Rows of zeros prove nothing either way; a rule failing nowhere stands.
        telling = [c for c in tried if not (c.expected == 0 and c.actual == 0)]
        held = sum(c.status != "fail" for c in telling)
        if not tried or held == 0 and len(telling) > 0:
            continue  # holds nowhere: the header meant something else
        if held < len(telling) and 2 * held <= len(telling):
            out.append(Check(doc_id, table_id, col.derived.kind,
                             " / ".join(view.column_path(col.index, view.rows[0])), None, None,
                             "skipped", f"the headers make this column a {col.derived.kind}, "
                             f"but the numbers agree in only {held} of {len(tried)} rows"))
            continue
        col.rule = col.derived.kind
        out += [c for _, c in results if c is not None]
    return out


def _in_dependency_order(columns: list[Column]) -> list[Column]:
    """Derived columns, each after the columns it is computed from."""
    done: set[int] = set()
    order: list[Column] = []
    pending = [c for c in columns if c.derived]
    while pending:
        ready = [c for c in pending if all(columns[s].derived is None or s in done
                                           for s in c.derived.of)] or pending[:1]
        for c in ready:
            order.append(c)
            done.add(c.index)
            pending.remove(c)
    return order


def _confirmed(columns: list[Column]) -> dict[int, Derivation]:
    """The derivations the numbers have confirmed so far: expansions go through these."""
    return {c.index: c.derived for c in columns if c.rule and c.derived}


def _scope(view: TableView, row: Row, c: int) -> str:
    return " / ".join(([row.unit_raw] if row.unit_raw else []) + view.path(row)
                      + view.column_path(c, row))


def _judge(view: TableView, row: Row, col: Column, doc_id: str, table_id: int) -> Check | None:
    """The check of one row's derived cell, or None where nothing can be tried."""
    cell = row.values.get(col.index)
    if cell is None:
        return None
    scope = _scope(view, row, col.index)
    kind = col.derived.kind
    rules = _confirmed(view.columns)
    if kind in LINEAR:
        terms = linear(col.derived, rules)
        parts = [(row.values.get(s), k) for s, k in terms.items() if k]
    else:
        num, den = ratio_terms(col.derived, rules)
        parts = [(row.values.get(s), k) for s, k in [*num.items(), *den.items()] if k]
    unsure = [p.text for p, _ in parts + [(cell, 1)] if p is not None and _unsure(p)]
    if unsure:
        return Check(doc_id, table_id, kind, scope, None, None, "skipped",
                     f"not read for sure: {', '.join(unsure[:4])}")
    if kind in LINEAR:
        printed = cell if parse_number(cell.text) is not None else _as(cell, "0")
        part_cells = [p if k > 0 else _as(p, _negated(p.text))
                      for p, k in parts if p is not None for _ in range(abs(k))]
        check = _check(doc_id, table_id, kind, scope, printed, part_cells,
                       value_kind(view, row, col.index))
        if check.status == "fail" and printed is not cell:
            check.status = "skipped"
            check.message = f"printed '{cell.text}' (nothing) where the parts give {check.actual:g}"
        return check
    return _rate_check(doc_id, table_id, kind, scope, cell,
                       [(row.values.get(s), k) for s, k in num.items() if k],
                       [(row.values.get(s), k) for s, k in den.items() if k])


def _texts(terms: list[tuple[GridCell | None, int]]) -> list[tuple[str, int]]:
    return [(cell.text, k) for cell, k in terms if cell is not None]


def _unsure(cell: GridCell) -> bool:
    return cell.candidates is not None or (parse_number(cell.text) is None
                                     and not is_placeholder(cell.text))


def _as(cell: GridCell, text: str) -> GridCell:
    return GridCell(cell.row, cell.col, text, page=cell.page)


def _negated(text: str) -> str:
    """The printed figure with its sign flipped and its printed places kept (the rounding
    settle allows it follows from them)."""
    plain = number_text(text)
    if plain is None:
        return text  # a placeholder: nothing either way
    return plain[1:] if plain.startswith("-") else f"-{plain}"


def _rate_check(doc_id, table_id, kind: str, scope: str, cell: GridCell, num, den
                ) -> Check | None:
    """A percentage against its numerator and denominator, allowing for every printed
    figure's rounding; nothing to check where the denominator may be zero."""
    limits = ratio_range(_texts(num), _texts(den))
    if limits is None:
        return None
    printed = parse_number(cell.text) or 0.0
    ok = agrees(cell.text, *limits)
    n, d = sum(span(_texts(num))) / 2, sum(span(_texts(den))) / 2
    actual = round(100 * n / d, 6)
    if not ok and is_placeholder(cell.text):
        return Check(doc_id, table_id, kind, scope, None, actual, "skipped",
                     f"printed '{cell.text}' (nothing) where the figures give {actual:.4g}")
    return Check(doc_id, table_id, kind, scope, printed, actual, "pass" if ok else "fail",
                 None if ok else f"printed {cell.text} but the figures give {actual:.4g}"
                 + (f" (page {cell.page})" if cell.page else ""))
