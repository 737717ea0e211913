"""A budget's 三公 table (因公出国（境）费, 公务用车购置及运行维护费 with its 小计 over 购置费 and
运行维护费, 公务接待费, and their 合计) in 万元, and the lines that restate it, as 普陀's
budgets and 决算s print them: “三公”经费 X万元 … 3、公务接待费 C万元.

Only 合计 and 小计 are totals, and every header is in each one's labels: a reader that
matched 公务接待费 to the total whose own labels share most with it (小计, by 公务) compared
0.39 with 0 and reported a false failure. A change said in money's words (比上年减支0.52万元)
is no whole of the 其中 parts after it, nor does a part's own change end their list. A 决算 prints 预算数 and 决算数 under each, at times
under a header row its merged labels leave empty (财政局 2024): the reader took 预算数 决算数
for a row of figures; and may leave blank what was not spent, while its lines say 0.00万元:
a line was compared with the 合计 whose table's header shares its label. Every figure
printed here is right.
"""

from __future__ import annotations

import random

from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from tongbao.corpus.annual_pdf import BASE, HEAD, PROSE, figures_apart

GROUPS = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]
CAR = ["小计", "公务用车购置费", "公务用车运行维护费"]
STAGES = ["预算数", "决算数"]


def sangong_table(rng: random.Random, year: int = 2023, own_figures_font: bool = False
                  ) -> tuple[list, dict[str, float]]:
    """The table and its lines, and every value by its column's labels (合计 / 预算数).
    Small sums (a department's 三公 is a few 万元), zeros often. own_figures_font: the
    lines' figures set in a font of their own."""
    final = rng.random() < 0.5
    stages = STAGES if final else [None]
    cents = {s: [rng.choice([0, 0, rng.randint(1, 600)]) for _ in range(4)] for s in stages}

    def m(c: int) -> str:
        return f"{c // 100}.{c % 100:02d}"

    values: dict[tuple, float] = {}
    row = []
    for s in stages:  # 合计, 出国, 小计, 购置, 运行, 接待 under each stage, as printed below
        abroad, buy, run, host = cents[s]
        leaves = [(GROUPS[0], abroad + buy + run + host), (GROUPS[1], abroad),
                  (GROUPS[2], CAR[0], buy + run), (GROUPS[2], CAR[1], buy),
                  (GROUPS[2], CAR[2], run), (GROUPS[3], host)]
        for *path, c in leaves:
            values[(*path, s) if s else tuple(path)] = c / 100
    columns = [k for k in values if k[-1] != STAGES[1]] if final else list(values)
    # Seeded by the draws so far, not drawing: the lines and the rest as they were. A 决算
    # may leave what was not spent blank (财政局 2024: 因公出国（境）费 empty, its line 0.00).
    blank = final and random.Random(str(rng.getstate())).random() < 0.5
    for k in columns:  # in the printed order: each column's 预算数 then its 决算数
        for key in [k, (*k[:-1], STAGES[1])] if final else [k]:
            row.append("" if blank and not values[key] else m(round(values[key] * 100)))
    values = {k: v for k, v in values.items() if v or not blank}
    data, style = _header(final, blank_row=final and rng.random() < 0.5)
    values = {" / ".join(k): v for k, v in values.items()}
    data.append(row)
    width = 38 if final else 76
    table = Table(data, colWidths=[width] * len(row))
    table.setStyle(TableStyle(BASE + style + [("FONTSIZE", (0, 0), (-1, -1), 6 if final else 8)]))
    said = cents[stages[-1]]
    change = f"，比上年{rng.choice(['增支', '减支', '节支'])}{m(rng.randint(1, 900))}万元" \
        if rng.random() < 0.7 else ""  # a change, not the whole of the parts after it
    kind = "支出决算" if final else "预算"
    lines = [f"{year}年度“三公”经费财政拨款{kind}为{m(sum(said))}万元。其中：",
             f"1、因公出国（境）费{m(said[0])}万元。",
             f"2、公务用车购置及运行维护费{m(said[1] + said[2])}万元{change}。其中：公务用车购置费"
             f"{m(said[1])}万元{_part_changed(rng, m)}公务用车运行维护费{m(said[2])}万元。",
             f"3、公务接待费{m(said[3])}万元。"]
    return [Paragraph(f"{year}年财政拨款“三公”经费{kind}表", HEAD), Paragraph("单位：万元", PROSE),
            Spacer(1, 4), table, Spacer(1, 8),
            *(Paragraph(figures_apart(t) if own_figures_font else t, PROSE) for t in lines)], values


def _part_changed(rng: random.Random, m) -> str:
    """Between the two parts: a comma, or how the first changed and a semicolon (…万元，
    比上年增加0.90万元，增长97.6%；…): the list goes on past it."""
    if rng.random() < 0.5:
        return "，"
    return f"，比上年{rng.choice(['增加', '减少'])}{m(rng.randint(1, 900))}万元，" \
           f"{rng.choice(['增长', '下降'])}{rng.randint(1, 999) / 10:g}%；"


def _header(final: bool, blank_row: bool) -> tuple[list[list[str]], list]:
    """The header's rows and spans: the groups, the car's three, (an empty row,) 预算数 决算数."""
    k = 2 if final else 1  # columns under each label
    top = [GROUPS[0]] + [""] * (k - 1) + [GROUPS[1]] + [""] * (k - 1) + [GROUPS[2]] + \
        [""] * (3 * k - 1) + [GROUPS[3]] + [""] * (k - 1)
    car = [""] * (2 * k) + [x for name in CAR for x in [name] + [""] * (k - 1)] + [""] * k
    rows = [top, car]
    # The empty row, as 财政局 2024 draws it: empty cells under 合计, 出国, 小计 and 运行维护费,
    # 购置费 and 接待费 reaching down over it.
    last = 1 + blank_row
    style = [("SPAN", (0, 0), (k - 1, 1)), ("SPAN", (k, 0), (2 * k - 1, 1)),
             ("SPAN", (2 * k, 0), (5 * k - 1, 0)), ("SPAN", (5 * k, 0), (6 * k - 1, last)),
             ("SPAN", (2 * k, 1), (3 * k - 1, 1)), ("SPAN", (3 * k, 1), (4 * k - 1, last)),
             ("SPAN", (4 * k, 1), (5 * k - 1, 1))]
    if blank_row:
        rows.append([""] * (6 * k))
    if final:
        rows.append(STAGES * 6)
    return rows, style
