"""A budget's 三公 table (因公出国（境）费, 公务用车购置及运行维护费 with its 小计 over 购置费 and
运行维护费, 公务接待费, and their 合计) in 万元, and the lines that restate it, as 普陀's
决算s print them: “三公”经费 X万元 … 3、公务接待费 C万元.

Only 合计 and 小计 are totals, and every header is in each one's labels: a reader that
matched 公务接待费 to the total whose own labels share most with it (小计, by 公务) compared
0.39 with 0 and reported a false failure. A change said in money's words (比上年减支0.52万元)
is no whole of the 其中 parts after it. Every figure printed here is right.
"""

from __future__ import annotations

import random

from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from tongbao.corpus.annual_pdf import BASE, HEAD, PROSE

PARTS = ["因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费"]


def sangong_table(rng: random.Random, year: int = 2023) -> list:
    """The table and its lines; small sums (a department's 三公 is a few 万元), zeros often."""
    cents = [rng.choice([0, 0, rng.randint(1, 600)]) for _ in PARTS]  # of 万元

    def m(c: int) -> str:
        return f"{c // 100}.{c % 100:02d}"

    car = cents[1] + cents[2]
    data = [["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"],
            ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""],
            [m(sum(cents)), m(cents[0]), m(car), m(cents[1]), m(cents[2]), m(cents[3])]]
    style = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (4, 0)),
             ("SPAN", (5, 0), (5, 1))]
    table = Table(data, colWidths=[60, 80, 60, 80, 90, 70])
    table.setStyle(TableStyle(BASE + style))
    change = f"，比上年{rng.choice(['增支', '减支', '节支'])}{m(rng.randint(1, 900))}万元" \
        if rng.random() < 0.7 else ""  # a change, not the whole of the parts after it
    lines = [f"{year}年度“三公”经费财政拨款预算为{m(sum(cents))}万元。其中：",
             f"1、因公出国（境）费{m(cents[0])}万元。",
             f"2、公务用车购置及运行维护费{m(car)}万元{change}。其中：公务用车购置费{m(cents[1])}"
             f"万元，公务用车运行维护费{m(cents[2])}万元。",
             f"3、公务接待费{m(cents[3])}万元。"]
    return [Paragraph(f"{year}年财政拨款“三公”经费预算表", HEAD), Paragraph("单位：万元", PROSE),
            Spacer(1, 4), table, Spacer(1, 8), *(Paragraph(t, PROSE) for t in lines)]
