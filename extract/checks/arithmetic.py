"""Every printed total checked against the sum of its parts.

Three shapes of total, all found by the interpreter:
- a total row (合计, 总计, 小计): the same column summed over the rows it closes;
- a total column (总分, 总计): the row's sibling columns under the same header;
- a group total column (seed 000: each unit's total on its first row): the
  group's other values.
Parts are always the printed non-total values, so one wrong printed total
fails exactly one check. A mismatch is a finding about the document, never an
error: it is written to `checks` with status 'fail'.
"""

from __future__ import annotations

from tongbao.extract.model import Check
from tongbao.extract.tables.hierarchy import parents
from tongbao.extract.tables.interpret import VALUE, Row, TableView
from tongbao.normalize.numbers import is_placeholder, parse_number


def _decimals(text: str) -> int:
    return len(text.split(".")[1].rstrip("%")) if "." in text else 0


def _check(doc_id, table_id, name, scope, total_cell, part_cells) -> Check:
    unsure = [c for c in [total_cell, *part_cells] if c.candidates is not None]
    if unsure:  # a glued cell with several readings: no claim either way
        return Check(doc_id, table_id, name, scope, None, None, "skipped",
                     f"not read for sure: {', '.join(c.text for c in unsure[:4])}")
    expected = parse_number(total_cell.text)
    if expected is None:
        return Check(doc_id, table_id, name, scope, None, None, "skipped",
                     f"the total '{total_cell.text}' is not a number")
    unreadable = [c.text for c in part_cells
                  if parse_number(c.text) is None and not is_placeholder(c.text)]
    values = [parse_number(c.text) or 0.0 for c in part_cells]
    actual = round(sum(values), 6)
    note = (f"; {len(unreadable)} part(s) not a number, counted as 0: {', '.join(unreadable[:3])}"
            if unreadable else "")
    if not part_cells:
        return Check(doc_id, table_id, name, scope, expected, None, "skipped",
                     "no printed parts to add up")
    # Rounded decimals may legitimately miss by half a printed unit per part.
    dec = max([_decimals(total_cell.text)] + [_decimals(c.text) for c in part_cells])
    tolerance = 1e-6 if dec == 0 else 0.5 * 10 ** -dec * len(part_cells)
    ok = abs(expected - actual) <= tolerance
    message = ("" if ok else
               f"printed {total_cell.text} but the {len(part_cells)} parts add up to {actual:g}"
               + (f" (page {total_cell.page})" if total_cell.page else "")) + note
    message = message.lstrip("; ") or None
    return Check(doc_id, table_id, name, scope, expected, actual, "pass" if ok else "fail", message)


def check_table(view: TableView, doc_id: str, table_id: int) -> list[Check]:
    tree = parents(view)
    return (_row_total_columns(view, doc_id, table_id)
            + _group_totals(view, doc_id, table_id)
            + _parent_rows(view, tree, doc_id, table_id)
            + _total_rows(view, tree, doc_id, table_id))


def _parent_rows(view: TableView, tree: dict[int, int], doc_id, table_id) -> list[Check]:
    """A parent row (201, 一、财政拨款收入) against its children, column by column."""
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
            out.append(_check(doc_id, table_id, "subtotal", scope, row.values[c], parts))
    return out


def _part_columns(view: TableView, total_col: int, row: Row) -> list[int]:
    """Value columns under the same parent header as the total column."""
    parent = view.column_path(total_col, row)[:-1]
    return [c.index for c in view.columns
            if c.role == VALUE and not c.is_total and c.index != total_col
            and view.column_path(c.index, row)[:len(parent)] == parent]


def _row_total_columns(view: TableView, doc_id, table_id) -> list[Check]:
    out = []
    for col in view.columns:
        if not col.total_check:
            continue
        for row in view.rows:
            if col.index not in row.values:
                continue
            parts = [row.values[c] for c in _part_columns(view, col.index, row) if c in row.values]
            scope = view.scope(row)
            if row.total_check:
                scope = " / ".join(view.path(row)) or scope
            out.append(_check(doc_id, table_id, col.total_check, scope, row.values[col.index], parts))
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
                              row.values[col.index], parts))
    return out


def _total_rows(view: TableView, tree: dict[int, int], doc_id, table_id) -> list[Check]:
    """A total row closes the rows since the previous total at its level that share
    its ancestors (the labels left of its own label); children of a parent row are
    inside their parent, not added again."""
    out = []
    for i, row in enumerate(view.rows):
        if not row.total_check:
            continue
        ancestors = {c: t for c, t in row.labels.items() if c < row.total_col}

        def scan(positions, row=row, ancestors=ancestors) -> list[Row]:
            members: list[Row] = []
            for pos in positions:
                prev = view.rows[pos]
                if pos in tree:
                    continue
                if prev.total_check and prev.total_col == row.total_col:
                    break
                if prev.total_check:
                    continue
                if any(prev.labels.get(c) != t for c, t in ancestors.items() if t):
                    if members:
                        break
                    continue
                members.append(prev)
            return members
        # A total printed above its rows (合计 first, as budget tables do) closes the rows below.
        members = scan(range(i - 1, -1, -1)) or scan(range(i + 1, len(view.rows)))
        cols = [c for c in row.values if view.columns[c].adds_up]
        for c in cols:
            if view.columns[c].is_group_total:  # a grand total printed in the group-total column
                parts = [cell for m in members for cc, cell in m.values.items()
                         if not view.columns[cc].is_total]
            elif view.columns[c].total_check:  # the corner: every leaf, not the row totals
                part_cols = _part_columns(view, c, row)
                parts = [m.values[pc] for m in members for pc in part_cols if pc in m.values]
            else:
                parts = [m.values[c] for m in members if c in m.values]
            scope = row.total_label or "total"
            if len(cols) > 1:
                scope += " / " + " / ".join(view.column_path(c, row))
            out.append(_check(doc_id, table_id, row.total_check, scope, row.values[c], parts))
    return out
