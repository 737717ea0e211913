"""The attachments a generated notice may add (corpus/generate.py), with the checks the
reader must find in them:

- counts, each beside its share of its row's total (政策文件（条） | 占比 | … | 合计) and a
  合计 row: shares add up across a row, never down a column, so the 合计 row's share is
  no sum of the shares above it (skipped, unless it happens to be); half the time every
  count prints its word after it (40条), so the cell states the number;
- a count table whose 其中 rows follow a category, more categories after them, and a 合计
  row: the labels do not say where the 其中 group ends, the 合计 does (a 合计 printed
  wrong fails under every reading; the shortest is reported);
- units over their domains, each closed by a 小计 row whose unit cell is left blank (merged
  upward), and a 合计: each 小计 is its unit's total. Half of them print each unit as a
  numbered heading alone in its row (一、解放路街道办事处) over numbered domains, with 小计 and
  合计 in the 序号 column: the heading names the unit, and the 合计 adds the domains.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


def check_row(table_id, check, scope, expected, actual) -> dict:
    return {"table_id": table_id, "check": check, "scope": scope, "expected": float(expected),
            "actual": float(actual), "status": "pass" if expected == actual else "fail"}


@dataclass
class ShareRow:
    name: str
    counts: list[int]  # one per share kind
    printed_total: int


SHARE_KINDS = ["政策文件", "工作动态", "通知公告"]


def share(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


AREAS = ["全区", "全市", "全县"]


def draw_shares(t, names: list[str], rng: random.Random, wrong: float) -> None:
    t.share_kinds = rng.sample(SHARE_KINDS, rng.randint(2, 3))
    t.shares_worded = rng.random() < 0.5
    for name in names:
        counts = [rng.randint(0, 60) for _ in t.share_kinds]
        counts[0] += 0 if sum(counts) else 1  # a row's total is never 0: it has shares
        printed = sum(counts) + (1 if rng.random() < wrong else 0)
        t.shares.append(ShareRow(name, counts, printed))
    if rng.random() < 0.4:  # closed by the whole area, which may count units not listed
        t.shares_closed_by = rng.choice(AREAS)
        beyond = rng.random() < 0.5
        t.shares_beyond = [rng.randint(1, 9) if beyond else 0 for _ in t.share_kinds]


def _closing_counts(t) -> tuple[list[int], list[int]]:
    """The closing row's counts as printed, and the sums of the rows above."""
    sums = [sum(s.counts[i] for s in t.shares) for i in range(len(t.share_kinds))]
    beyond = t.shares_beyond or [0] * len(sums)
    return [a + b for a, b in zip(sums, beyond, strict=True)], sums


def share_head(t, kind: str) -> str:
    """A count column's header: its word in brackets, or, when every count cell prints its
    word after the number (40条), the kind alone."""
    return kind if t.shares_worded else f"{kind}（条）"


def share_lines(t) -> list[str]:
    word = "条" if t.shares_worded else ""
    head = "".join(f"\t{share_head(t, k)}\t占比" for k in t.share_kinds)
    lines = [f"单位名称{head}\t合计"]
    for s in t.shares:
        cells = "".join(f"\t{c}{word}\t{share(c, sum(s.counts))}%" for c in s.counts)
        lines.append(f"{s.name}{cells}\t{s.printed_total}{word}")
    closing, _ = _closing_counts(t)
    cells = "".join(f"\t{c}{word}\t{share(c, sum(closing))}%" for c in closing)
    return [*lines, f"{t.shares_closed_by}{cells}\t{sum(closing)}{word}"]


def share_checks(t) -> list[dict]:
    if not t.shares:
        return []
    out = [check_row(3, "row_total", s.name, s.printed_total, sum(s.counts)) for s in t.shares]
    closing, sums = _closing_counts(t)
    label = t.shares_closed_by
    kind_of = "total" if label == "合计" else "area_total"  # an area's miss is not claimed

    def closing_check(scope: str, printed, added) -> dict:
        check = check_row(3, kind_of, f"{label} / {scope}", printed, added)
        if kind_of == "area_total" and check["status"] == "fail":
            check["status"] = "skipped"
        return check
    out.append(check_row(3, "row_total", label, sum(closing), sum(closing)))
    for i, kind in enumerate(t.share_kinds):
        out.append(closing_check(share_head(t, kind), closing[i], sums[i]))
        printed = share(closing[i], sum(closing))
        added = sum(share(s.counts[i], sum(s.counts)) for s in t.shares)
        check = closing_check("占比", printed, added)
        check["status"] = "pass" if printed == added else "skipped"  # not claimed
        out.append(check)
    # The corner cell: the leaves' sum, or the units' printed totals where those hold it (a
    # misprinted unit total can make up for the units the table does not list)
    totals = sum(s.printed_total for s in t.shares)
    out.append(closing_check("合计", sum(closing), totals if totals == sum(closing) else sum(sums)))
    return out


@dataclass
class AmongRow:
    name: str
    value: int
    among: list[tuple[str, int]] = field(default_factory=list)  # its 其中 rows


CATEGORIES = ["主动公开信息", "依申请公开", "政策解读", "回应关切", "平台建设"]
AMONG = {"主动公开信息": ["政策文件", "工作动态", "通知公告"], "依申请公开": ["当面申请", "网络申请"],
         "政策解读": ["文字解读", "图解", "视频解读"], "回应关切": ["网民留言", "热线电话"],
         "平台建设": ["网站栏目", "政务新媒体"]}


def draw_among(t, rng: random.Random, wrong: float) -> None:
    """Categories (each 1 or more), one with 其中 rows adding up to it or to less (they may
    name only some), another after it, so that the group's end is open."""
    names = rng.sample(CATEGORIES, rng.randint(2, 4))
    opened = rng.randrange(len(names) - 1)  # a category follows the group
    for k, name in enumerate(names):
        row = AmongRow(name, rng.randint(5, 200))
        if k == opened:
            subs = rng.sample(AMONG[name], rng.randint(2, len(AMONG[name])))
            left = row.value - (rng.randint(0, row.value // 3) if rng.random() < 0.5 else 0)
            cuts = sorted(rng.sample(range(1, left), len(subs) - 1)) if left > len(subs) else []
            values = [b - a for a, b in zip([0, *cuts], [*cuts, left], strict=True)]
            if len(values) == len(subs) and all(values):
                row.among = list(zip(subs, values, strict=True))
        t.among.append(row)
    true = sum(r.value for r in t.among)
    # printed wrong by one short: every reading then fails (a shorter group adds its other
    # rows, a longer one takes away a category of 5 or more), so the truth is one reading
    t.among_total = true - (1 if rng.random() < wrong else 0)


def among_lines(t) -> list[str]:
    lines = ["项目\t数量（条）"]
    for row in t.among:
        lines.append(f"{row.name}\t{row.value}")
        lines += [f"{'其中：' if k == 0 else ''}{name}\t{v}" for k, (name, v) in enumerate(row.among)]
    return [*lines, f"合计\t{t.among_total}"]


def among_checks(t) -> list[dict]:
    """The 合计 under the reading the totals bear out (the 其中 group whole), or, printed
    wrong, under the shortest (the first 其中 row alone: the others counted as rows of
    their own); the category against its 其中 rows under the reading kept."""
    if not t.among:
        return []
    true = sum(r.value for r in t.among)
    whole = t.among_total == true
    table = 4 if t.shares else 3  # the attachments' tables are numbered as printed
    out = [check_row(table, "total", "合计", t.among_total,
                     true if whole else true + sum(v for r in t.among for _, v in r.among[1:]))]
    for r in t.among:
        if r.among:
            added = sum(v for _, v in (r.among if whole else r.among[:1]))
            check = check_row(table, "subtotal", r.name, r.value, added)
            check["status"] = "pass" if added == r.value else "skipped"  # some of it
            out.append(check)
    return out


@dataclass
class SubtotalRow:
    name: str  # the unit
    counts: list[tuple[str, int]]  # (domain, count)
    printed: int  # its 小计


SUBTOTAL_DOMAINS = ["就业创业领域", "社会救助领域", "养老服务领域", "户籍管理领域"]


def draw_subtotals(t, names: list[str], rng: random.Random, wrong: float) -> None:
    t.subtotals_grouped = rng.random() < 0.5
    for name in names[:rng.randint(2, 4)]:
        counts = [(d, rng.randint(0, 20)) for d in rng.sample(SUBTOTAL_DOMAINS, rng.randint(2, 3))]
        true = sum(v for _, v in counts)
        t.subtotals.append(SubtotalRow(name, counts, true + (1 if rng.random() < wrong else 0)))


NUMERALS = "一二三四五六七八九十"


def subtotal_lines(t) -> list[str]:
    """Units over their domains, each closed by a 小计 right of its unit; or, grouped, each
    unit a numbered heading alone in its row over its numbered domains, and its 小计 in
    the 序号 column."""
    total = sum(v for r in t.subtotals for _, v in r.counts)
    if t.subtotals_grouped:
        lines = ["序号\t领域\t发布条数"]
        for g, row in enumerate(t.subtotals):
            lines.append(f"{NUMERALS[g]}、{row.name}\t\t")
            lines += [f"{k + 1}\t{d}\t{v}" for k, (d, v) in enumerate(row.counts)]
            lines.append(f"小计\t\t{row.printed}")
        return [*lines, f"合计\t\t{total}"]
    lines = ["单位\t领域\t发布条数"]
    for row in t.subtotals:
        lines += [f"{row.name if k == 0 else ''}\t{d}\t{v}" for k, (d, v) in enumerate(row.counts)]
        lines.append(f"\t小计\t{row.printed}")
    return [*lines, f"合计\t\t{total}"]


def subtotal_checks(t) -> list[dict]:
    if not t.subtotals:
        return []
    table = 3 + bool(t.shares) + bool(t.among)  # the attachments' tables as printed
    leaves = sum(v for r in t.subtotals for _, v in r.counts)
    return [check_row(table, "subtotal", f"{NUMERALS[g]}、{r.name} / 小计" if t.subtotals_grouped
                      else "小计", r.printed, sum(v for _, v in r.counts))
            for g, r in enumerate(t.subtotals)] + [check_row(table, "total", "合计", leaves, leaves)]
