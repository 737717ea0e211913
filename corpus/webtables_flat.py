"""A crawled 三公 table of one period, every cell followed by a space, as 平潭 printed its
departments' spending (2015):

    单位编码 单位名称 因公出国（境）费 公务接待费 公务用车运行维护费 合计数 0103001 …纪工委本级
    0.00 10,796.00 119,338.54 130,134.54 0103002 …

The total column's label is a total word and a tail (合计数, 三公经费合计数): a reader that
cut it into 合计 and 数 had five columns for four figures, made 因公出国（境）费 a band over
the rest, and called every row's total wrong (38 false failures on one page).
The truth: every value by (unit, column), and the row whose total is printed wrong, if any.
"""

from __future__ import annotations

import random

from tongbao.corpus.places import DEPARTMENTS
from tongbao.corpus.webtables_render import crawled_page

PARTS = ["因公出国（境）费", "公务接待费", "公务用车运行维护费"]
TOTALS = ["合计数", "三公经费合计数", "合计"]


def make_flat_crawl(rng: random.Random, wrong: bool = False
                    ) -> tuple[str, dict[tuple[str, str], float], str | None]:
    """(the page text, every value by (unit, column label), the unit printed wrong)."""
    parts = rng.sample(PARTS, rng.randint(2, 3))
    total = rng.choice(TOTALS)
    thousands = rng.random() < 0.5
    units = rng.sample(sorted(DEPARTMENTS), rng.randint(3, 8))
    bad = rng.choice(units) if wrong else None
    cells, truth = ["单位编码", "单位名称", *parts, total], {}
    for i, unit in enumerate(units):
        cents = [rng.choice([0, rng.randint(1, 40_000_000)]) for _ in parts]
        printed = sum(cents) + (rng.choice([-1, 1]) * rng.randint(100, 99_999) if unit == bad else 0)
        printed = abs(printed)
        cells += [f"{101001 + i:07d}", unit, *(_money(c, thousands) for c in [*cents, printed])]
        truth.update({(unit, p): c / 100 for p, c in zip([*parts, total], [*cents, printed],
                                                         strict=True)})
    title = f"{rng.randint(2015, 2024)}年{rng.randint(1, 12):02d}月各单位三公经费报表"
    body = f"当前位置： 首页政务公开 {title} {title} " + "".join(c + " " for c in cells)
    return crawled_page(title, "财政金融局", body + "来源：财政金融局"), truth, bad


def _money(cents: int, thousands: bool) -> str:
    whole, frac = divmod(cents, 100)
    return f"{whole:,}.{frac:02d}" if thousands else f"{whole}.{frac:02d}"
