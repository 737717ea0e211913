"""A crawled 三公 table of one period, every cell followed by a space, as 平潭 printed its
departments' spending (2015):

    单位编码 单位名称 因公出国（境）费 公务接待费 公务用车运行维护费 合计数 0103001 …纪工委本级
    0.00 10,796.00 119,338.54 130,134.54 0103002 …

The total column's label is a total word and a tail (合计数, 三公经费合计数): a reader that
cut it into 合计 and 数 had five columns for four figures, made 因公出国（境）费 a band over
the rest, and called every row's total wrong (38 false failures on one page).

The same site's 2015 budget prints (单位名称/预算代码 “三公经费”合计数 公务接待费控制数 …
平潭县人大 48.63 17.23 0.00 31.4 … 福州办事处 2.80 2.80 0.00 …): header cells holding a
known word and more, figures in Excel's general format beside fixed ones, and a column
that leaves its nothing blank. A reader that cut the header into its known words and
wanted one count of decimals read none of its 791 figures.
The truth: every value by (unit, column), and the row whose total is printed wrong, if any.
"""

from __future__ import annotations

import random

from tongbao.corpus.places import DEPARTMENTS
from tongbao.corpus.webtables_render import crawled_page

PARTS = ["因公出国（境）费", "公务接待费", "公务用车运行维护费"]
TOTALS = ["合计数", "三公经费合计数", "合计", "“三公经费”合计数"]
LABELS = ["单位名称", "单位名称/预算代码"]
TAILS = ["", "", "控制数"]  # 公务接待费控制数: a known word and a tail no list knows


def make_flat_crawl(rng: random.Random, wrong: bool = False
                    ) -> tuple[str, dict[tuple[str | None, str], float], str | None]:
    """(the page text, every value by (unit, column label), the unit printed wrong).

    Each column prints its figures one way: two decimals, or as Excel's general format
    does (31.4, 16); and its nothing one way: 0.00 (or 0), or, in one column at most,
    nothing at all, the cell lost by the crawl (no record in the truth). The first two
    rows show how the printed columns print nothing, as a real table's many rows do;
    no row is all nothing (a row of zeros under two blank conventions stays open)."""
    tail = rng.choice(TAILS)
    parts = [p + tail for p in rng.sample(PARTS, rng.randint(2, 3))]
    total = rng.choice(TOTALS)
    coded = rng.random() < 0.5
    thousands = rng.random() < 0.5
    general = [rng.random() < 0.3 for _ in parts]
    blank = rng.choice([None, *range(len(parts))])
    units = rng.sample(sorted(DEPARTMENTS), rng.randint(4, 9))
    bad = rng.choice(units) if wrong else None
    label = "单位编码 单位名称" if coded else rng.choice(LABELS)
    first = rng.random() < 0.5  # the total column before its parts, or after
    cells, truth = [*label.split(), *([total] if first else []), *parts,
                    *([] if first else [total])], {}
    for i, unit in enumerate(units):
        cents = [rng.choice([0, rng.randint(1, 40_000_000)]) for _ in parts]
        if i < 2:  # how the printed columns print nothing, shown
            cents = [0 if j != blank else rng.randint(1, 40_000_000) for j in range(len(parts))]
        if not any(cents):
            cents[rng.randrange(len(parts))] = rng.randint(1, 40_000_000)
        if unit == bad and blank is not None and not cents[blank]:
            cents[blank] = rng.randint(1, 40_000_000)  # a misprint in a row that lost a
            # cell leaves two readings, each one rule broken: open, never a finding
        printed = sum(cents) + (rng.choice([-1, 1]) * rng.randint(100, 99_999) if unit == bad else 0)
        printed = abs(printed)
        shown = [_money(c, thousands, g) if not (j == blank and c == 0) else None
                 for j, (c, g) in enumerate(zip(cents, general, strict=True))]
        figures = [x for x in shown if x is not None]
        row_total = _money(printed, thousands, False)
        cells += [*([f"{101001 + i:07d}"] if coded else []), unit,
                  *([row_total, *figures] if first else [*figures, row_total])]
        truth.update({(unit, p): c / 100 for p, c, x in zip(parts, cents, shown, strict=True)
                      if x is not None})
        truth[(unit, total)] = printed / 100
    title = f"{rng.randint(2015, 2024)}年{rng.randint(1, 12):02d}月各单位三公经费报表"
    body = f"当前位置： 首页政务公开 {title} {title} " + "".join(c + " " for c in cells)
    return crawled_page(title, "财政金融局", body + "来源：财政金融局"), truth, bad


def _money(cents: int, thousands: bool, general: bool) -> str:
    whole, frac = divmod(cents, 100)
    if general:  # Excel's general format: no separators, no trailing zeros
        return f"{cents / 100:.2f}".rstrip("0").rstrip(".") if cents else "0"
    return f"{whole:,}.{frac:02d}" if thousands else f"{whole}.{frac:02d}"
