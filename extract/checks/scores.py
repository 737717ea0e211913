"""What a total column is computed from: its sibling columns, shares (占比 25%) left out,
a deduction taken away (得分 = 基础分 − 扣分 + 加分), each weighted where the headers
print weights (日常考核得分（占40%）, 年终考核得分（占60%） -> 总分 = 0.4 × 日常 + 0.6 × 年终)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from tongbao.extract.model import Check
from tongbao.extract.prose.measures import measure_of
from tongbao.extract.tables.interpret import Row, TableView
from tongbao.extract.tables.labels import vocabulary
from tongbao.normalize.numbers import parse_decimal
from tongbao.normalize.patterns import LazyPattern
from tongbao.normalize.text import match_key

# A weight printed in a header: （占40%）, (权重30%), ×60%, *0.4 is not one (no %).
_WEIGHT = LazyPattern(r"(?:[(（]\s*(?:占|权重|比重|折合)?\s*|[×*xX]\s*)(\d+(?:\.\d+)?)\s*%")


@dataclass
class Terms:
    cells: list  # the part cells as the total adds them (negated, weighted)
    weighted: bool = False  # the total is rounded from weighted parts
    unsure: str | None = None  # why no claim can be made either way, or None
    plain: bool = True  # the cells are the columns' own, all of them, added as printed


def score_terms(view: TableView, total_col: int, row: Row, cols: list[int]) -> Terms | None:
    """The part cells of a total column as it adds them, and whether the table prints what
    it needs to: a deduction without a base column (内容保障扣分 | 得分 = 100 − …), or weights
    on some parts only, leave the total unclaimed. None: nothing it adds up (分值 | 得分)."""
    voc = vocabulary()
    header = {c: (view.column_path(c, row) or [""])[-1] for c in [total_col, *cols]}
    if voc.speaks_in_points(header[total_col]) and \
            any(voc.speaks_in_points(header[c]) for c in cols):
        # 分值 | 目标值 | 实际完成值 | 得分: a score adds points, never a target or a count
        cols = [c for c in cols if voc.speaks_in_points(header[c])]
    away = {c for c in cols if voc.takes_points_away(header[c])}
    if voc.takes_points_away(header[total_col]):  # 扣分合计 sums deductions as printed
        away = set()
    if not away and any(voc.is_out_of(header[c]) for c in cols):  # 36 of 40, not 40 + 36
        kept = [c for c in cols if not voc.is_out_of(header[c])]
        return _weighed(header, kept, [row.values[c] for c in kept], False) if kept else None
    cells = [_negated(row.values[c]) if c in away else row.values[c] for c in cols]
    if away and not any(voc.is_score_base(header[c]) for c in cols if c not in away):
        return Terms(cells, unsure="the total takes points away (扣分) from a base the table "
                                   "does not print", plain=False)
    return _weighed(header, cols, cells, not away)


def _weighed(header: dict, cols: list[int], cells: list, plain: bool) -> Terms:
    weights = {c: w for c in cols if (w := _weight(header[c])) is not None}
    if not weights:
        return Terms(cells, plain=plain)
    if len(weights) < len(cols):
        return Terms(cells, unsure="weights are printed for some parts only", plain=False)
    return Terms([_weighted(cell, weights[c]) for cell, c in zip(cells, cols, strict=True)],
                 weighted=True, plain=False)


def is_share(view: TableView, col: int, row: Row) -> bool:
    """A column of shares or rates: its header says so (占比, 比例, 办结率, （%）) or its
    figure is printed with %; not one whose header prints a weight of points."""
    path = view.column_path(col, row)
    if path and _weight(path[-1]) is not None:  # 日常考核得分（占40%）: weighted points
        return False
    if path and measure_of(None, path[-1], path[:-1]) == "rate":
        return True
    cell = row.values.get(col)
    return bool(cell is not None and cell.text.strip().endswith(("%", "％")))


def unclaimed(check: Check, why: str, misses: tuple[str, ...] = ("fail", "rounding")) -> Check:
    """A check whose miss is no finding, skipped, saying why (its own message kept)."""
    if check.status not in misses:
        return check
    return dataclasses.replace(check, status="skipped", message=f"{why} ({check.message})")


def share_unclaimed(check: Check) -> Check:
    """A total row's share (合计 17%) is the parts' sum only where the rows' shares are of
    the column's whole; each row's own share of its row (25% of 公安局's 40) is not."""
    return unclaimed(check, "shares (%) need not add up: each row's may be of its own row")


def _weight(header: str) -> Decimal | None:
    m = _WEIGHT.search(match_key(header))
    return Decimal(m[1]) / 100 if m else None


def _negated(cell):
    """A deduction printed as a positive number (5), taken away; one printed with its
    minus sign (−5) is taken as printed."""
    value = parse_decimal(cell.text)
    return dataclasses.replace(cell, text="-" + cell.text.strip()) if value and value > 0 else cell


def _weighted(cell, weight: Decimal):
    value = parse_decimal(cell.text)
    return cell if value is None else dataclasses.replace(cell, text=f"{value * weight:f}")
