"""The statistics table of an annual report before the national template of 2019 (2008-
2018), as a crawl keeps it: 指标名称 | 计量单位 | the year's figures | all years' figures,
each row its name, its measure word (条, 件) and two figures, spaced or glued (real: 平潭's
reports of 2012-2016). It has no template keys; the truth is each row's two figures under
their columns, which a reader must read so or not at all."""

from __future__ import annotations

import random

ROWS = [("主动公开政府信息数", "条"), ("其中：1.政府网站公开数", "条"), ("2.政府公报公开数", "条"),
        ("受理依申请公开信息总数", "条"), ("行政复议数", "件"), ("行政诉讼数", "件")]


def statistics_page(rng: random.Random, year: int) -> tuple[str, list[tuple[str, int, int]]]:
    """The page's text, and each row's name with its year's and all years' figures."""
    rows = []
    for name, _ in ROWS:
        this_year = rng.choice([0, rng.randint(1, 40), rng.randint(100, 5000)])
        rows.append((name, this_year, this_year + rng.choice([0, rng.randint(1, 90000)])))
    sep = rng.choice([" ", ""])  # spaced cells, or glued as most crawls keep them
    cells = [f"指标名称{sep}计量单位{sep}{year}年度{sep}历年累计"]
    cells += [sep.join([name, word, str(a), str(b)])
              for (name, word), (_, a, b) in zip(ROWS, rows, strict=True)]
    title = f"{rng.choice(['平潭县人民政府', '某区人民政府办公室'])}{year}年政府信息公开工作年度报告"
    text = "\n".join([title, f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日。",
                      f"{rng.choice(['附件1：', '六、'])}政府信息公开情况统计表 " + sep.join(cells), ""])
    return text, rows
