"""Score tables (考核结果, 星级评定) and 绩效评价 tables for corpus/webtables.py, with their truth."""

from __future__ import annotations

import random

from tongbao.corpus.generate import CITIES
from tongbao.corpus.webtables import (
    GRADES,
    PROJECTS,
    STARS,
    Head,
    Line,
    WebTable,
    _form_lines,
    _names,
    expect,
)

SCORE_PARTS = [("基础工作", 30), ("重点工作", 40), ("创新工作", 20), ("公众评价", 10)]
UNIT_HEADERS = ["单位名称", "单位名称", "单位名称", "单位", "被考核单位", "承办单位", "办理单位",
                "县（市、区）", "承办县区", "地市名称", "乡镇（街道）"]
# Named so by no list, only by their ending (table_labels.yaml unit_header_endings); in a
# crawl only after 序号, which opens the table where no known word does
UNIT_HEADERS_BY_ENDING = ["被考核部门", "参评县区"]
TOTAL_HEADERS = ["总分", "总分", "总分", "总得分", "总得分(100)", "总分（100分）"]


def _score(x: float, decimals: int, shortest: bool = False) -> str:
    return f"{x:g}" if shortest else f"{x:.{decimals}f}"  # shortest: 10, 37.5


def _grade(total: float, scale: list[tuple[int, str]]) -> str:
    return next(name for floor, name in scale if total >= floor)


def make_scores(rng: random.Random, name: str) -> WebTable:
    """序号 | 单位名称 | parts (under 考核得分) | 总分 | 排名 | 等次: 总分 = the parts."""
    city = rng.choice(list(CITIES))
    district = rng.choice(CITIES[city])
    year = rng.randint(2020, 2025)
    stars = rng.random() < 0.4
    v = {"decimals": rng.choice([0, 1, 1]), "grouped": rng.random() < 0.6,
         "total_inside": rng.random() < 0.5, "seq": rng.random() < 0.8, "stars": stars,
         "contact": rng.random() < 0.35}  # 联系人 | 联系电话: a crawl glues the phone to the next 序号
    parts = SCORE_PARTS[:rng.randint(2, 4)]
    labels = ["序号", "单位名称"] if v["seq"] else ["单位名称"]
    n_labels = len(labels)
    depth = 2 if v["grouped"] else 1
    # A third name each part with 得分 and no points (基础工作得分): drawn from the draws so
    # far, so the tables drawn before stay as they were
    apart = random.Random(f"{city}{district}{year}{parts}")
    v["named"] = apart.random() < 1 / 3
    # half points printed as short as they go (10, 37.5); a one-row header's table printed
    # in two halves side by side (序号 乡镇 得分 序号 乡镇 得分), numbered down each half
    v["shortest"] = v["decimals"] == 1 and apart.random() < 0.3
    v["halves"] = 2 if not v["grouped"] and apart.random() < 0.3 else 1
    # The units' column and the total's as pages name them (承办单位, 地市名称; 总得分(100)),
    # and a part that is a rate's score (公开率得分: a score, though it holds 率)
    labels[-1] = apart.choice(UNIT_HEADERS + (UNIT_HEADERS_BY_ENDING if v["seq"] else []))
    total_name = apart.choice(TOTAL_HEADERS)
    if apart.random() < 0.3:
        parts = [*parts[:-1], ("信息公开率", parts[-1][1])]
    names = [f"{p}得分" if v["named"] else f"{p}（{m}分）" for p, m in parts]
    heads = [Head(t, 0, c, row_span=depth) for c, t in enumerate(labels)]
    inside = v["grouped"] and v["total_inside"]
    if v["grouped"]:
        heads.append(Head("考核得分", 0, n_labels, col_span=len(parts) + inside))
        heads += [Head(t, 1, n_labels + i) for i, t in enumerate(names)]
        paths = [["考核得分", t] for t in names]
    else:
        heads += [Head(t, 0, n_labels + i) for i, t in enumerate(names)]
        paths = [[t] for t in names]
    total_col = n_labels + len(parts)
    if inside:
        heads.append(Head(total_name, 1, total_col))
        paths.append(["考核得分", total_name])
    else:
        heads.append(Head(total_name, 0, total_col, row_span=depth))
        paths.append([total_name])
    suffix = ["排名", "星级" if stars else "等次"] + (["联系人", "联系电话"] if v["contact"] else [])
    heads += [Head(t, 0, total_col + 1 + i, row_span=depth) for i, t in enumerate(suffix)]
    step = 0.5 if v["decimals"] else 1
    units = _names(rng, city, district, rng.randint(3, 9))
    scored = []
    for u in units:
        vals = [rng.randint(int(m * 0.5 / step), int(m / step)) * step for _, m in parts]
        scored.append((u, vals, round(sum(vals), 1)))
    scored.sort(key=lambda s: -s[2])
    lines = []
    for i, (u, vals, total) in enumerate(scored):
        rank = 1 + sum(s[2] > total for s in scored)
        cells = ([str(i + 1)] if v["seq"] else []) + [u]
        cells += [_score(x, v["decimals"], v["shortest"]) for x in [*vals, total]]
        cells += [str(rank), _grade(total, STARS if stars else GRADES)]
        if v["contact"]:
            cells += [rng.choice(["张伟", "李娜", "王芳", "刘洋", "陈静"]), _phone(rng)]
        lines.append(Line(cells, u, [], [*vals, total]))
    title = f"{city}{district}{year}年度政务公开工作{'星级评定结果公示' if stars else '考核结果'}"
    t = WebTable(name, "scores", title, f"{city}{district}人民政府办公室", n_labels, heads, depth,
                 paths, [False] * len(parts) + [True], ["score"] * len(paths), lines,
                 suffix=suffix, variant=v)
    _form_lines(t, rng, f"{city}{district}政务公开领导小组办公室")
    t.checks = [expect(t, "score_total", i, len(parts)) | {"scope": line.unit}
                for i, line in enumerate(t.lines)]
    return t


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
    return f"0{rng.randint(371, 599)}-{rng.randint(2000_0000, 6999_9999)}"


def make_performance(rng: random.Random, name: str) -> WebTable:
    """序号 | 项目名称 | 主管部门 | 资金（万元）: 预算金额 | 执行金额 | 执行率（%） | 评价得分 | 等级."""
    city = rng.choice(list(CITIES))
    district = rng.choice(CITIES[city])
    year = rng.randint(2020, 2025)
    v = {"grouped": rng.random() < 0.6, "total_row": rng.random() < 0.6,
         "ratio_decimals": rng.choice([1, 2])}
    labels = ["序号", "项目名称", "主管部门"]
    depth = 2 if v["grouped"] else 1
    heads = [Head(t, 0, c, row_span=depth) for c, t in enumerate(labels)]
    money = ["预算金额", "执行金额", "执行率（%）"]
    if v["grouped"]:
        heads.append(Head("资金情况（万元）", 0, 3, col_span=3))
        heads += [Head(t, 1, 3 + i) for i, t in enumerate(money)]
        paths = [["资金情况（万元）", t] for t in money]
    else:
        money = ["预算金额（万元）", "执行金额（万元）", "执行率（%）"]
        heads += [Head(t, 0, 3 + i) for i, t in enumerate(money)]
        paths = [[t] for t in money]
    heads += [Head("评价得分", 0, 6, row_span=depth), Head("评价等级", 0, 7, row_span=depth)]
    paths.append(["评价得分"])
    units = _names(rng, city, district, 4)
    lines, budget_sum, spent_sum = [], 0, 0
    for i, project in enumerate(rng.sample(PROJECTS, rng.randint(3, 8))):
        budget = rng.randint(5_00, 3000_00)
        spent = min(budget, int(budget * rng.uniform(0.6, 1.05)))
        budget_sum, spent_sum = budget_sum + budget, spent_sum + spent
        score = rng.randint(60, 100)
        line = Line([], rng.choice(units), [project], [])
        _money_cells(line, budget, spent, v)
        line.cells = [str(i + 1), project, line.unit, *line.cells, str(score),
                      _grade(score, GRADES)]
        line.values.append(float(score))
        lines.append(line)
    if v["total_row"]:
        total = Line([], None, ["合计"], [], True, 3)
        _money_cells(total, budget_sum, spent_sum, v)
        total.cells = ["合 计", "", "", *total.cells, "", ""]
        total.values.append(None)
        lines.append(total)
    t = WebTable(name, "performance", f"{city}{district}{year}年度财政支出项目绩效评价结果",
                 f"{city}{district}财政局", 3, heads, depth, paths, [False] * 4,
                 ["amount", "amount", "rate", "score"], lines, suffix=["评价等级"], variant=v)
    _form_lines(t, rng, f"{city}{district}财政局")
    t.unit = "万元"
    t.checks = []
    for i, line in enumerate(t.lines):
        if line.is_total:
            t.checks += [expect(t, "total", i, j) for j in (0, 1)]
        t.checks.append(expect(t, "ratio", i, 2))
    return t


def _money_cells(line: Line, budget: int, spent: int, v: dict) -> None:
    """预算金额, 执行金额 in 万元 (two decimals) and 执行率 = 执行 / 预算, in %."""
    rate = round(spent / budget * 100, v["ratio_decimals"])
    line.cells += [f"{budget / 100:.2f}", f"{spent / 100:.2f}", f"{rate:.{v['ratio_decimals']}f}"]
    line.values += [budget / 100, spent / 100, rate]


TOWNS = ["城关镇", "苏澳镇", "流水镇", "北厝镇", "白塔乡", "东关街道"]
INSPECTED = ["敬老院", "养老服务中心", "幼儿园", "卫生院", "中心小学", "农贸市场"]
VILLAGES = ["梧峰村", "东美村", "北港村", "磹水村", "南中村"]
FINDINGS = ["仅有1个安全出口", "疏散通道堵塞", "厨房内用木材生火且管理混乱", "灭火器过期", ""]


def make_inspection(rng: random.Random, name: str) -> WebTable:
    """An inspection's findings: 单位名称 | 单位地址 | 法人代表 | 联系电话 | 入院人数 | 主要问题
    (real: a 民政 fire-safety notice). Words beside one count, no arithmetic: a crawl
    glues the address and the person to the name and the phone to the count."""
    city = rng.choice(list(CITIES))
    district = rng.choice(CITIES[city])
    towns = rng.sample(TOWNS, 3)
    v = {"seq": rng.random() < 0.5}
    address, person = rng.choice([("单位地址", "法人代表"), ("地址", "负责人"), ("联系地址", "责任人")])
    count = rng.choice(["入院人数", "在册人数", "检查户数", "从业人员数"])
    labels = (["序号"] if v["seq"] else []) + ["单位名称", address, person, "联系电话"]
    heads = [Head(t, 0, c) for c, t in enumerate([*labels, count, "主要问题"])]
    lines = []
    for i, place in enumerate(rng.sample(INSPECTED, rng.randint(1, 5))):
        town = rng.choice(towns)
        unit = f"{town}{place}"
        n = rng.randint(0, 150)
        cells = ([str(i + 1)] if v["seq"] else []) + [
            unit, f"{city}{town}{rng.choice(VILLAGES)}", rng.choice(["高扬宁", "林木", "陈一", "王芳"]),
            _phone(rng), str(n), rng.choice(FINDINGS)]
        lines.append(Line(cells, unit, [], [float(n)]))
    t = WebTable(name, "inspection", f"{city}{district}民政服务机构消防安全检查情况表",
                 f"{city}{district}民政局", len(labels), heads, 1, [[count]], [False],
                 ["count"], lines, suffix=["主要问题"], variant=v)
    _form_lines(t, rng, f"{city}{district}民政局")
    t.checks = []  # no arithmetic: nothing to check
    return t
