"""Which reading of a table's hierarchy its totals are checked under, where the labels
leave it open: a misprinted code (a lone 7 among rows coded 210), or where a 其中 group
ends (其中：政策文件 | 政策解读 | 依申请公开 | 合计). The printed arithmetic is evidence for
the reading: the one leaving fewer totals failing is kept; two equally good leave what
they disagree on unclaimed (skipped)."""

from __future__ import annotations

from tongbao.extract.checks.arithmetic import table_checks
from tongbao.extract.model import Check
from tongbao.extract.tables.hierarchy import among, code_doubts, parents, restarted
from tongbao.extract.tables.interpret import TableView


def check_table(view: TableView, doc_id: str, table_id: int) -> list[Check]:
    """Every total of one table. A 其中 group reaches as far as the totals bear out (the
    shortest such reading; none: the first row alone); so do rows numbered from 1 again
    under a row that prints no number. Where a row's printed code
    disagrees with its place, the reading that leaves fewer totals failing is kept, and
    the misprinted code is then a finding of its own."""
    tree = parents(view)
    groups = {p: rows for p, rows in among(view).items() if tree.get(rows[0]) == p}

    def _checks(view: TableView, tree: dict[int, int]) -> list[Check]:
        return table_checks(view, tree, doc_id, table_id, frozenset(groups))

    checks = _checks(view, tree)
    for parent, rows in groups.items():  # the shortest group the totals bear out
        for k in range(2, len(rows) + 1):
            longer = dict(tree) | {j: parent for j in rows[:k]}
            if _failing(alternative := _checks(view, longer)) < _failing(checks):
                tree, checks = longer, alternative
    for parent, rows in restarted(view, tree).items():  # parts, where the totals bear it out
        under = dict(tree) | {j: parent for j in rows}
        if _failing(alternative := _checks(view, under)) < _failing(checks):
            tree, checks = under, alternative
    doubts = code_doubts(view, tree)
    if not doubts:
        return checks
    best_checks, best_doubts = checks, []
    for chosen in [[d] for d in doubts] + ([doubts] if len(doubts) > 1 else []):
        other = dict(tree) | {d.row: d.parent for d in chosen}
        alternative = _checks(view, other)
        if _failing(alternative) < _failing(best_checks):
            best_checks, best_doubts = alternative, chosen
        elif not best_doubts and _failing(alternative) == _failing(checks) \
                and _differ(checks, alternative):
            best_checks = _unsure(best_checks, alternative, chosen[0].message)
    moved = {d.row for d in best_doubts}
    for d in best_doubts:
        if d.parent not in moved:  # a row under a misprinted row is not misprinted itself
            # expected: the code its place gives it; actual: the code printed
            best_checks.append(Check(doc_id, table_id, "code_misprint", d.scope,
                                     float(d.expected), float(d.printed), "fail", d.message))
    return best_checks


def _failing(checks: list[Check]) -> int:
    return sum(c.status == "fail" for c in checks)


def _key(c: Check) -> tuple:
    return c.check, c.scope, c.status, c.actual


def _differ(a: list[Check], b: list[Check]) -> bool:
    return sorted(map(_key, a)) != sorted(map(_key, b))


def _unsure(checks: list[Check], other: list[Check], why: str) -> list[Check]:
    """Two readings of the hierarchy equally good: what they disagree on is not claimed."""
    theirs = {(c.check, c.scope): c for c in other}
    out = []
    for c in checks:
        alt = theirs.get((c.check, c.scope))
        if alt is not None and (alt.status, alt.actual) != (c.status, c.actual):
            c = Check(c.doc_id, c.table_id, c.check, c.scope, c.expected, None, "skipped",
                      f"the parts depend on an unsure row: {why}")
        out.append(c)
    return out
