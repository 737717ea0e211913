"""A crawled 三公 table whose rows are the spending's items, not units, as 平潭's towns
printed theirs each month (2017-2020):

    项目 本月支出数（元） 累计支出数（元） 合计 0 46021.47 1、因公出国（境）费用 0 0 2、公务接待费 0 0
    3、公务用车费 0 46021.47 其中：（1）公务用车运行维护费 0 46021.47 （2）公务用车购置费 0 0
    特此公示 平潭县中楼乡财政所 2018年12月31日 来源：中楼乡

项目 opened no table (only unit, rank and code headers did), and each item's number (1、,
（1）) was read as a figure of the row before. What varies: 项目 or 项目名称, one period
or two, 1、 or 1., figures with two decimals, none, or as Excel's general format prints
them (109.8 0 69.8 40: a reader wanting one count of decimals read none), the footer (a seal line with its date, a 公示时间
and 公示电话 line, the page's 来源). The truth: each value by (item, column), and the
total printed wrong, if any.
"""

from __future__ import annotations

import random

from tongbao.corpus.webtables_render import crawled_page

ITEMS = ["合计", "1{mark}因公出国（境）费用", "2{mark}公务接待费", "3{mark}公务用车费",
         "其中：（1）公务用车运行维护费", "（2）公务用车购置费"]
PERIODS = ["本月支出数（元）", "累计支出数（元）"]


def make_item_crawl(rng: random.Random, wrong: bool = False
                    ) -> tuple[str, dict[tuple[str, str], float], bool]:
    """(the page text, every value by (item as printed, column), whether 合计 is wrong)."""
    mark = rng.choice(["、", "."])
    columns = PERIODS[:rng.randint(1, 2)]
    decimals = rng.choice([0, 2, None])  # None: Excel's general format
    town = rng.choice(["中楼乡", "平原镇", "芦洋乡", "敖东镇", "北厝镇"])
    labels = [item.format(mark=mark) for item in ITEMS]
    cells, truth = [rng.choice(["项目", "项目名称"]), *columns], {}
    unit = 100 if decimals == 0 else rng.choice([1, 10]) if decimals is None else 1
    # (cents: whole 元 when printed without decimals; in general format some are tenths)
    by_column = []
    for _ in columns:
        abroad, host, run, buy = (rng.choice([0, 0, rng.randint(1, 90_000)]) * unit
                                  for _ in range(4))
        total = abroad + host + run + buy + (rng.randint(1, 5_000) * 100 if wrong else 0)
        by_column.append([total, abroad, host, run + buy, run, buy])
    for i, label in enumerate(labels):
        cells.append(label)
        for column, values in zip(columns, by_column, strict=True):
            cells.append(f"{values[i] / 100:.{decimals}f}" if decimals is not None else
                         f"{values[i] / 100:.2f}".rstrip("0").rstrip(".") if values[i] else "0")
            truth[label, column] = values[i] / 100
    footer = rng.choice([f"特此公示 平潭县{town}财政所 {rng.randint(2017, 2020)}年{rng.randint(1, 12)}月"
                         f"{rng.randint(1, 28)}日",
                         f"公示时间：2017年2月1日至2017年2月7日 公示电话：628{rng.randint(10000, 99999)}",
                         ""])
    title = f"{rng.randint(2017, 2020)}年{town}{rng.randint(1, 12)}月份“三公经费”支出公开表"
    body = (f"当前位置： 首页政务公开 {title} 经统计，{town}三公经费支出情况如下： "
            + " ".join(cells) + f" {footer} 来源：{town} 附件下载")
    return crawled_page(title, town, body), truth, wrong
