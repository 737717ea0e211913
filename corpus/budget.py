"""Department budgets (部门预算) with known values and known findings, as PDFs.

The traits real budgets show, each with its truth:
- 类/款/项 code columns over money in whole 元, parents and totals rounded on
  their own: a 1-元 gap between a printed total and its parts is rounding;
- a 合计 row that keeps its 分 (86,959,408.34) over parts in whole 元: rounding;
- a misprinted code (a lone 7 where the rows around print 210): the reader must
  report the code, not a false total;
- a printed total made wrong on purpose: a failure;
- a 项目支出绩效目标表, a label/value form whose 年度资金申请总额 is the sum of
  its 其中 lines, one of them wrong on purpose;
- a table of counts (人数) whose 合计 is off by one: a failure, never rounding;
- a form whose labels name no money (总计, 其中：本级安排) and whose unit only a line
  inside the table states (单位：万元): its 总计 a cent off its parts is rounding;
- a draft's row of figures with no label (a copy of the totals) above the rows: no part
  of any total, so no total fails for it;
- a title that names the district only (上海市普陀区2023年区级部门预算), the department on a
  line of its own (预算主管部门：…, 预算单位：…); the period is the budget's year either way;
- issued by a department or by one of its institutions (…社会福利院, …图书馆, …第二中学,
  …执法大队: 单位预算), its name printed with or without the district's 人民政府;
- a 收支总表, income beside spending, whose 总计 adds 本年收入合计 to the 年初结转和结余
  printed between them, and that one's own parts numbered 一、二、 again under it (普陀
  决算s): a false failure twice over for a reader that adds only the rows since the last
  total; its 总计 printed wrong, at times, on purpose;
- a 三公 table and the lines restating it (corpus/budget_sangong.py);
- a page holding nothing but a table's empty last row: no scan, the budget is read whole;
- the list of its units under a sentence over two lines (corpus/budget_units.py).

    python -m tongbao.corpus.budget --out corpus/samples --truth corpus/truth --count 2
"""

from __future__ import annotations

import io
import random
from dataclasses import asdict, dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tongbao.corpus.annual_pdf import BASE, HEAD, PROSE
from tongbao.corpus.budget_sangong import sangong_table
from tongbao.corpus.budget_units import units_table
from tongbao.corpus.generate import sample_arguments, write_sample

# 功能分类: 类 -> 款 -> 项, with their names (a slice of the national classification).
CATALOGUE = {
    ("201", "一般公共服务支出"): {("05", "统计信息事务"): [("06", "统计管理"), ("07", "专项普查活动")],
                           ("29", "群众团体事务"): [("02", "一般行政管理事务")],
                           ("33", "宣传事务"): [("02", "一般行政管理事务"), ("99", "其他宣传事务支出")]},
    ("208", "社会保障和就业支出"): {("05", "行政事业单位养老支出"): [("01", "行政单位离退休"),
                                                       ("05", "机关事业单位基本养老保险缴费支出"),
                                                       ("06", "机关事业单位职业年金缴费支出")],
                             ("07", "就业补助"): [("05", "公益性岗位补贴")]},
    ("210", "卫生健康支出"): {("07", "计划生育事务"): [("17", "计划生育服务")],
                        ("11", "行政事业单位医疗"): [("01", "行政单位医疗"), ("02", "事业单位医疗"),
                                             ("03", "公务员医疗补助")]},
    ("212", "城乡社区支出"): {("01", "城乡社区管理事务"): [("01", "行政运行"), ("02", "一般行政管理事务"),
                                                 ("04", "城管执法")]},
}
COLUMNS = ["合计", "基本支出", "项目支出"]
STAFF = ["行政编制", "事业编制", "工勤人员", "离休人员", "退休人员"]


# Who publishes a budget: a department (部门预算), or one of its institutions (单位预算) -
# named as printed, and as the warehouse names it (the district's path, then its own name).
ISSUERS = [
    ("上海市普陀区万里街道办事处", "上海市普陀区万里街道办事处", "部门预算"),
    ("上海市普陀区人民政府万里街道办事处", "上海市普陀区万里街道办事处", "部门预算"),
    ("上海市普陀区社会福利院", "上海市普陀区社会福利院", "单位预算"),
    ("上海市普陀区图书馆", "上海市普陀区图书馆", "单位预算"),
    ("上海市普陀区曹杨第二中学", "上海市普陀区曹杨第二中学", "单位预算"),
    ("上海市普陀区城市管理行政执法大队", "上海市普陀区城市管理行政执法大队", "单位预算"),
    ("上海市普陀区疾病预防控制中心", "上海市普陀区疾病预防控制中心", "单位预算"),
]


@dataclass
class BudgetTruth:
    file: str
    title: str
    issuer: str
    issuer_unit: str = "上海市普陀区万里街道办事处"
    jurisdiction: str = "上海市普陀区"
    period: tuple[str, str] = ("2023-01-01", "2023-12-31")  # a year's budget: that year
    # Every check that must not pass: {"check", "scope", "status"}, the scope as the
    # reader names it (the row's printed codes and name, then the column's label).
    findings: list[dict] = field(default_factory=list)
    sangong: dict[str, float] = field(default_factory=dict)  # the 三公 table's, by their labels
    units_caption: str = ""  # the list of units' caption: a sentence over two lines


@dataclass
class _Row:
    codes: tuple[str, ...]
    name: str
    cents: list[int]  # true 基本支出, 项目支出 in 分
    children: list[_Row] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)  # 合计, 基本支出, 项目支出 as printed


def _yuan(cents: int) -> int:
    """Rounded to whole 元, half up, as budget systems print."""
    return (cents + 50) // 100


def _money(cents: int, with_fen: bool = False) -> str:
    return f"{cents / 100:,.2f}" if with_fen else f"{_yuan(cents):,}"


def _tree(rng: random.Random) -> list[_Row]:
    out = []
    for (lei, lei_name), kuans in CATALOGUE.items():
        top = _Row((lei,), lei_name, [0, 0])
        for (kuan, kuan_name), xiangs in kuans.items():
            mid = _Row((lei, kuan), kuan_name, [0, 0])
            for xiang, name in xiangs:
                leaf = _Row((lei, kuan, xiang), name,
                            [rng.choice([0, rng.randint(100_000, 90_000_000)]),
                             rng.choice([0, rng.randint(100_000, 90_000_000)])])
                mid.children.append(leaf)
            mid.cents = [sum(c.cents[k] for c in mid.children) for k in range(2)]
            top.children.append(mid)
        top.cents = [sum(c.cents[k] for c in top.children) for k in range(2)]
        out.append(top)
    return out


def _flat(rows: list[_Row]) -> list[_Row]:
    return [r for top in rows for r in [top, *_flat(top.children)]]


def _print(row: _Row) -> None:
    """Each figure rounded to 元 on its own, as printed."""
    row.printed = [_money(sum(row.cents)), _money(row.cents[0]), _money(row.cents[1])]


def _status(total: str, parts: list[str], money: bool = True) -> str:
    """pass, rounding or fail, by the definition (half a unit per printed figure)."""
    def num(s: str) -> float:
        return float(s.replace(",", ""))

    def half(s: str) -> float:
        return 0.5 * 10 ** -(len(s.split(".")[1]) if "." in s else 0)

    gap = round(abs(num(total) - sum(num(p) for p in parts)), 2)
    allowance = half(total) + sum(half(p) for p in parts)
    return "pass" if gap == 0 else "rounding" if money and gap <= allowance + 1e-9 else "fail"


def _finding(check: str, path: list[str], status: str, column: str | None = None) -> list[dict]:
    """A check that does not pass, its scope as the reader writes it: the row's labels (one
    printed twice in a row once: 212 / 01 / 01 / 行政运行 -> 212 / 01 / 行政运行), then the
    column's."""
    named = [x for i, x in enumerate(path) if i == 0 or path[i - 1] != x] + \
        ([column] if column else [])
    return [] if status == "pass" else [{"check": check, "scope": " / ".join(named),
                                         "status": status}]


def _findings(rows: list[_Row], total: list[str], codes: dict[int, list[str]]) -> list[dict]:
    out = []
    for r in _flat(rows):
        path = [*codes[id(r)], r.name]  # the row's printed codes (as the reader carries them)
        out += _finding("row_total", path, _status(r.printed[0], r.printed[1:]))
        for k, col in enumerate(COLUMNS):
            if r.children:
                out += _finding("subtotal", path, _status(
                    r.printed[k], [c.printed[k] for c in r.children]), col)
    out += _finding("row_total", ["合计"], _status(total[0], total[1:]))
    for k, col in enumerate(COLUMNS):
        status = _status(total[k], [t.printed[k] for t in rows])
        if k == 0:  # the corner totals its row too: it holds if it holds against the leaves
            leaves = _status(total[0], [p for t in rows for p in t.printed[1:]])
            status = min(status, leaves, key=["pass", "rounding", "fail"].index)
        out += _finding("total", ["合计"], status, col)
    return out


def _function_table(rng: random.Random, truth: BudgetTruth, wrong_total: bool,
                    wrong_code: bool, draft_copy: bool | None = None) -> list:
    """类/款/项 codes in three columns printed on every row ("full"), only at their own
    level ("sparse"), or as one code (2010506, "combined")."""
    layout = rng.choice(["full", "sparse", "combined"])
    total_first = rng.random() < 0.3  # 合计 printed above the rows it adds up
    rows = _tree(rng)
    flat = _flat(rows)
    for r in flat:
        _print(r)
    # The total row keeps its 分: the exact sum, against parts printed in whole 元.
    grand = [sum(sum(t.cents) for t in rows), sum(t.cents[0] for t in rows),
             sum(t.cents[1] for t in rows)]
    total = [_money(c, with_fen=True) for c in grand]
    if wrong_total:  # a 款's 基本支出 printed wrong on purpose
        mid = rng.choice([r for r in flat if len(r.codes) == 2])
        mid.printed[1] = f"{_yuan(mid.cents[0]) + rng.randint(1_000, 90_000):,}"
    codes = {id(r): list(r.codes) for r in flat}
    if wrong_code and layout != "sparse":  # a 项 row misprints its 类 code (a lone 7)
        # (on a row with money: a row of zeros cannot tell where it belongs)
        leaf = rng.choice([r for r in flat if len(r.codes) == 3 and _yuan(sum(r.cents))])
        lone = rng.choice([d for d in "3456789" if not leaf.codes[0].startswith(d)])
        codes[id(leaf)][0] = lone if layout == "full" else lone + leaf.codes[0][1:]
        truth.findings += _finding("code_misprint", _code_path(codes[id(leaf)], layout)
                                   + [leaf.name], "fail")
    paths = {k: _code_path(c, layout) for k, c in codes.items()}
    truth.findings += _findings(rows, total, paths)
    if layout == "combined":
        head = [["科目编码", "科目名称", *COLUMNS]]
        body = [["".join(codes[id(r)]), r.name, *r.printed] for r in flat]
        last = ["合计", "", *total]
        widths = [60, 170, 85, 85, 85]
    else:
        head = [["功能分类科目编码", "", "", "功能分类科目名称", *COLUMNS],
                ["类", "款", "项", "", "", "", ""]]
        body = []
        for r in flat:
            c = codes[id(r)] + [""] * (3 - len(r.codes))
            if layout == "sparse":
                c = ["" if k < len(r.codes) - 1 else x for k, x in enumerate(c)]
            body.append([*c, r.name, *r.printed])
        last = ["合计", "", "", "", *total]
        widths = [30, 30, 30, 170, 85, 85, 85]
    # A draft's export: a row of figures with no label above everything, a copy of the
    # totals (no part of them: read as one, every total would fail by itself).
    draft_copy = rng.random() < 0.25 if draft_copy is None else draft_copy
    copy = [[""] * (len(last) - 3) + total] if draft_copy else []
    data = head + copy + ([last] + body if total_first else body + [last])
    at = len(head) + len(copy) if total_first else len(data) - 1
    style = [("SPAN", (0, at), (len(last) - 4, at))]
    if layout != "combined":
        style += [("SPAN", (0, 0), (2, 0)), ("SPAN", (3, 0), (3, 1))]
        style += [("SPAN", (k, 0), (k, 1)) for k in (4, 5, 6)]
    table = Table(data, colWidths=widths, repeatRows=0)
    table.setStyle(TableStyle(BASE + style + [("ALIGN", (-3, 1), (-1, -1), "RIGHT")]))
    return [Paragraph("2023年部门一般公共预算支出功能分类预算表", HEAD),
            Paragraph(f"编制单位：{truth.issuer} 单位：元", PROSE), Spacer(1, 4), table]


def _code_path(codes: list[str], layout: str) -> list[str]:
    return ["".join(codes)] if layout == "combined" else codes


def _form(rng: random.Random, truth: BudgetTruth, name: str, wrong: bool) -> list:
    """A 项目支出绩效目标表's money block: two label/value columns over four rows."""
    this_year, carried, other = (rng.randint(100_000, 9_000_000), rng.choice([0, rng.randint(1, 90_000)]),
                                 rng.choice([0, rng.randint(1, 90_000)]))
    applied = this_year + carried + other
    printed = applied + rng.choice([-1, 1]) * rng.randint(1_000, 600_000) if wrong else applied
    if wrong:
        truth.findings += _finding("form_total", ["年度资金申请总额"], "fail")

    def m(x: int) -> str:
        return f"{x:,}.00"

    data = [["项目名称", name, "", "项目性质", "经常性项目"],
            ["项目资金（元）", "项目资金总额", m(applied), "年度资金申请总额", m(printed)],
            ["", "其中：财政资金", m(this_year + carried), "其中：当年财政拨款", m(this_year)],
            ["", "", "", "上年结转资金", m(carried)],
            ["", "其他资金", m(other), "其他资金", m(other)]]
    style = [("SPAN", (1, 0), (2, 0)), ("SPAN", (0, 1), (0, 4)), ("SPAN", (1, 2), (1, 3)),
             ("SPAN", (2, 2), (2, 3))]
    table = Table(data, colWidths=[70, 100, 90, 110, 90])
    table.setStyle(TableStyle(BASE + style))
    return [Paragraph("财政项目支出绩效目标填报表", HEAD), Spacer(1, 4), table, Spacer(1, 12)]


def _plain_form(rng: random.Random, truth: BudgetTruth) -> list:
    """A form in 万元 stated by its first line only, under labels that name no money: the
    unit makes a cent between 总计 and its 其中 lines rounding (both the table's own total
    check and the form check), not a failure."""
    parts = [rng.randint(1_00, 900_00) for _ in range(3)]  # in cents of 万元
    gap = rng.choice([0, 0, 1, -1])
    printed = sum(parts) + gap
    if gap:
        truth.findings += _finding("total", ["总计"], "rounding") + \
            _finding("form_total", ["总计"], "rounding")

    def m(cents: int) -> str:
        return f"{cents // 100:,}.{cents % 100:02d}"

    data = [["单位：万元", "", ""], ["项目名称", "社区微更新", ""], ["年度投入", "总计", m(printed)],
            ["", "其中：本级安排", m(parts[0])], ["", "上年结转", m(parts[1])],
            ["", "其他", m(parts[2])]]
    table = Table(data, colWidths=[90, 120, 100])
    table.setStyle(TableStyle(BASE + [("SPAN", (0, 0), (2, 0)), ("SPAN", (1, 1), (2, 1)),
                                      ("SPAN", (0, 2), (0, 5))]))
    return [Paragraph("项目年度投入表", HEAD), Spacer(1, 4), table, Spacer(1, 12)]


INCOME = ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "其他收入"]
SPENDING = ["一般公共服务支出", "社会保障和就业支出", "城乡社区支出", "住房保障支出"]
CARRIED = ["一般公共预算财政拨款", "政府性基金预算财政拨款"]


def _summary_table(rng: random.Random, truth: BudgetTruth, wrong: bool) -> list:
    """收支总表 in 万元: 本年收入合计, 年初结转和结余 (its parts under it, numbered again, or
    not printed), 总计 of both; the spending side alike with 年末结转和结余."""
    cn = "一二三四五"
    income = [rng.randint(0, 900_000) for _ in INCOME]  # cents of 万元
    carried = [rng.randint(0, 90_000), rng.choice([0, rng.randint(1, 9_000)])]
    whole = sum(income) + sum(carried)
    left_over = rng.randint(0, whole // 10)
    spending = [rng.randint(0, whole - left_over) for _ in SPENDING[:-1]]
    spending.append(whole - left_over - sum(spending))
    while spending[-1] < 0:  # drawn again until the parts fit under the whole
        spending = [rng.randint(0, (whole - left_over) // 3) for _ in SPENDING[:-1]]
        spending.append(whole - left_over - sum(spending))
    printed_total = whole + (rng.choice([-1, 1]) * rng.randint(100, 90_000) if wrong else 0)
    if wrong:
        truth.findings += _finding("total", ["总计"], "fail")

    def m(cents: int) -> str:
        return f"{cents // 100:,}.{cents % 100:02d}"

    left = [[f"{cn[k]}、{name}", m(x)] for k, (name, x) in enumerate(zip(INCOME, income, strict=True))]
    left += [["本年收入合计", m(sum(income))], ["年初结转和结余", m(sum(carried))]]
    if rng.random() < 0.7:
        left += [[f"{cn[k]}、{name}", m(x)] for k, (name, x) in enumerate(zip(CARRIED, carried,
                                                                             strict=True))]
    right = [[f"{cn[k]}、{name}", m(x)] for k, (name, x) in enumerate(zip(SPENDING, spending,
                                                                         strict=True))]
    right += [["本年支出合计", m(sum(spending))], ["年末结转和结余", m(left_over)]]
    height = max(len(left), len(right))
    left += [["", ""]] * (height - len(left))
    right += [["", ""]] * (height - len(right))
    data = [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"],
            *[a + b for a, b in zip(left, right, strict=True)],
            ["总计", m(printed_total), "总计", m(whole)]]
    table = Table(data, colWidths=[150, 80, 150, 80])
    table.setStyle(TableStyle(BASE + [("SPAN", (0, 0), (1, 0)), ("SPAN", (2, 0), (3, 0))]))
    return [Paragraph("2023年部门财务收支预算总表", HEAD), Paragraph("单位：万元", PROSE),
            Spacer(1, 4), table]


def _empty_row() -> Table:
    table = Table([["", "", "", ""]], colWidths=[150, 80, 150, 80], rowHeights=[18])
    table.setStyle(TableStyle(BASE))
    return table


def _staff(rng: random.Random, truth: BudgetTruth, off_by_one: bool) -> list:
    """Counts of people: a 合计 one off is a failure, never rounding."""
    counts = [[rng.randint(0, 40) for _ in range(2)] for _ in STAFF]
    totals = [sum(c[k] for c in counts) for k in range(2)]
    if off_by_one:
        totals[0] += rng.choice([-1, 1])
        truth.findings += _finding("total", ["合计"], "fail", "编制数")
    data = [["人员类别", "编制数", "实有人数"], *[[n, *map(str, c)] for n, c in zip(STAFF, counts,
                                                                              strict=True)],
            ["合计", *map(str, totals)]]
    table = Table(data, colWidths=[120, 80, 80])
    table.setStyle(TableStyle(BASE))
    return [Paragraph("2023年部门人员情况表", HEAD), Paragraph("单位：人", PROSE), Spacer(1, 4), table]


def make_budget(rng: random.Random, name: str, wrong_total: bool = True, wrong_code: bool = True,
                wrong_form: bool = True, off_by_one: bool = True,
                draft_copy: bool | None = None, own_figures_font: bool = False
                ) -> tuple[BudgetTruth, bytes]:
    printed, unit, kind = rng.choice(ISSUERS)
    truth = BudgetTruth(name, f"{printed}2023年{kind}", printed, issuer_unit=unit)
    story = [Paragraph(truth.title, HEAD), Paragraph(f"一、{kind[:2]}主要职能", PROSE),
             Paragraph(f"{printed}是区人民政府所属的{kind[:2]}。", PROSE), PageBreak()]
    story += _function_table(rng, truth, wrong_total, wrong_code, draft_copy) + [PageBreak()]
    story += _staff(rng, truth, off_by_one) + [PageBreak()]
    story += _form(rng, truth, "社区环境整治经费", wrong=False)
    story += _form(rng, truth, "公共服务设施运行经费", wrong=wrong_form)
    story += _plain_form(rng, truth)
    # Seeded by the draws so far, not drawing: the committed samples stay as they were.
    own = random.Random(str(rng.getstate()))
    story += [PageBreak(), *_summary_table(own, truth, wrong_total and own.random() < 0.5)]
    sangong, truth.sangong = sangong_table(own, own_figures_font=own_figures_font)
    story += [PageBreak(), *sangong]
    if own.random() < 0.3:  # a table's empty last row run onto a page of its own: no scan
        story += [PageBreak(), _empty_row()]
    units, truth.units_caption = units_table(own, truth.issuer)
    story += [PageBreak(), *units]
    if rng.random() < 0.5:  # titled by its district, the department named on a line of its own
        truth.title = "上海市普陀区2023年区级部门预算"
        key = "预算主管部门" if kind == "部门预算" else "预算单位"
        story[:1] = [Paragraph(truth.title, HEAD), Paragraph(f"{key}：{truth.issuer}", PROSE)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=40, rightMargin=40, title=truth.title,
                      invariant=1).build(story)
    return truth, buf.getvalue()


def main(argv: list[str] | None = None) -> None:
    """Every class of finding in each sample: the deliberate errors all on."""
    out, truth_dir, rng, count = sample_arguments(__doc__, 2, 41, argv)
    for stem in (f"budget_pdf_{i:03d}" for i in range(count)):
        truth, body = make_budget(rng, f"{stem}.pdf")
        write_sample(out, truth_dir, truth.file, body, asdict(truth))


if __name__ == "__main__":
    main()
