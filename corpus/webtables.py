"""Generate the tables 政务公开 web pages print, with their known truth.

Three kinds, drawn from random values whose arithmetic holds (and a fourth, an
inspection's findings table, words beside one count and no arithmetic):
- 三公经费统计表: 单位编号 | 单位名称 | four groups (因公出国（境）费, 公务接待费,
  公务用车…费 and their 三公经费 total) × (2022 | 2023 | 增减数 [| 增长率（%）]);
- 考核结果 / 星级评定: 序号 | 单位名称 | score parts under 考核得分 | 总分 | 排名 | 等次;
- 绩效评价结果: 序号 | 项目名称 | 主管部门 | 预算金额 | 执行金额 | 执行率（%） | 评价得分 | 等级.
What varies is what real pages vary: header depth, the order of the groups, the
code column (or the code glued to the name), years printed 2022 or 2022年 or 上年数,
元 or 万元, zeros as 0.00, 0, — or nothing, negative changes, a 合 计 row at the
top or bottom, form lines (填报单位, 单位：元, 填报人, 联系电话) inside the table,
above or below it. corpus/webtables_render.py prints a table as a web page (with
or without <th>, with &nbsp;) or as a crawler's flattened page text. One derived
cell may be printed wrong on purpose; the truth says which and the one check it fails.

    python -m tongbao.corpus.webtables --out corpus/samples --truth corpus/truth --count 6
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import asdict, dataclass, field

from tongbao.corpus.generate import CITIES, sample_arguments, write_sample
from tongbao.corpus.places import DEPARTMENTS

PARTS = ["因公出国（境）费", "公务接待费", "公务用车购置及运行维护费"]
TOTAL_GROUPS = ["三公经费合计", "“三公”经费合计", "合计", "三公经费"]
CHANGE_WORDS = ["增减数", "增减额", "增减"]
SCORE_PARTS = ["基础工作", "重点工作", "创新工作", "公众评价"]
GRADES = [(90, "优秀"), (80, "良好"), (60, "合格"), (0, "不合格")]
STARS = [(90, "五星级"), (80, "四星级"), (70, "三星级"), (0, "二星级")]
PROJECTS = ["农村饮水安全巩固提升工程", "城乡居民医疗救助", "中小学校舍维修改造", "高标准农田建设",
            "老旧小区改造", "乡村振兴示范村建设", "困难群众基本生活救助", "公共文化服务体系建设",
            "河道综合治理", "智慧城市平台运维", "道路交通安全设施", "残疾人康复补助",
            # ending in a level word: glued to a unit without a place, 新型智慧城市|林业局
            # reads as 新型智慧城|市林业局 too, and 乡村振兴示范县|住房和城乡建设局 as
            # 乡村振兴示|范县住房和城乡建设局 (范县 lies in 濮阳, no city of these tables)
            "新型智慧城市", "经济开发区", "产粮大县", "乡村振兴示范县"]


@dataclass
class Head:
    """One printed header cell; col counts from the table's first column."""
    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1


@dataclass
class Line:
    """One body row: its printed cells (label columns, then values) and their truth."""
    cells: list[str]
    unit: str | None  # the unit as read (code split off), None on a total row
    path: list[str]  # the row's labels in a record's path (a total's label, a project)
    values: list[float | None]  # per value column: the number, None for a placeholder
    is_total: bool = False
    label_span: int = 1  # a total's label printed across the label columns


@dataclass
class WebTable:
    file: str
    kind: str  # sangong | scores | performance
    title: str
    issuer: str
    n_labels: int  # label columns before the values
    heads: list[Head]
    n_head_rows: int
    col_paths: list[list[str]]  # per value column, outermost first
    col_totals: list[bool]  # the column is a printed total (三公经费合计, 总分)
    measures: list[str | None]  # per value column
    lines: list[Line]
    unit: str | None = None  # 元 / 万元 stated by a form line or the title
    suffix: list[str] = field(default_factory=list)  # label columns after the values
    form_top: list[str] = field(default_factory=list)
    form_bottom: list[str] = field(default_factory=list)
    variant: dict = field(default_factory=dict)
    checks: list[dict] = field(default_factory=list)  # (check, scope, status), every one
    wrong: dict | None = None  # the cell printed wrong on purpose

    @property
    def n_cols(self) -> int:
        return self.n_labels + len(self.col_paths) + len(self.suffix)


def _money(rng: random.Random, unit: str) -> int:
    """An amount in cents (hundredths of the printed unit)."""
    if rng.random() < 0.25:
        return 0
    return rng.randint(100, 25_000_00) if unit == "万元" else rng.randint(500_00, 480_000_00)


def _fmt(cents: int, v: dict) -> str:
    if cents == 0 and v["zero"] != "0.00":
        return v["zero"]
    sign = v["minus"] if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    body = f"{whole:,}" if v["thousands"] else str(whole)
    return f"{sign}{body}.{frac:02d}"


def _names(rng: random.Random, city: str, district: str, n: int) -> list[str]:
    prefix = rng.choice(["", district, city + district])
    return [prefix + d for d in rng.sample(list(DEPARTMENTS), n)]  # in the printed order


def make_sangong(rng: random.Random, name: str, unspent: float = 0.0) -> WebTable:
    """unspent: how often a department spent nothing on a part in both years (no trip
    abroad, no car): its row prints that group as zeros, or as nothing, which a crawl
    loses - a row of 16 cells may keep 8."""
    city = rng.choice(list(CITIES))
    district = rng.choice(CITIES[city])
    unit = rng.choice(["元", "万元"])
    y2 = rng.randint(2020, 2025)
    year_style = rng.choice(["digits", "digits", "年", "words"])
    periods = {"digits": [str(y2 - 1), str(y2)], "年": [f"{y2 - 1}年", f"{y2}年"],
               "words": ["上年数", "本年数"]}[year_style]
    v = {"zero": rng.choice(["0.00", "0", "-", "—", ""]), "thousands": rng.random() < 0.5,
         "minus": rng.choice(["-", "-", "−"]), "code": rng.choice(["column", "glued", "none"]),
         "outer": rng.random() < 0.4, "total_first": rng.random() < 0.3,
         "total_group_first": rng.random() < 0.3, "rate": rng.random() < 0.35,
         "year_style": year_style, "unit": unit, "total_label": rng.choice(["合 计", "合计", "总 计"]),
         "no_rate": rng.choice(["-", "—", ""])}  # the rate of nothing last year
    parts = rng.sample(PARTS, 3) if rng.random() < 0.5 else list(PARTS)
    total_group = rng.choice(TOTAL_GROUPS)
    groups = [total_group, *parts] if v["total_group_first"] else [*parts, total_group]
    leaves = [*periods, rng.choice(CHANGE_WORDS)] + (["增长率（%）"] if v["rate"] else [])
    n_labels = 2 if v["code"] == "column" else 1
    outer = "“三公”经费支出情况" if v["outer"] else None
    heads, paths = _group_heads(n_labels, ["单位编号", "单位名称"][-n_labels:], outer, groups, leaves)
    units = _names(rng, city, district, rng.randint(2, 7))
    base = rng.choice([1, 11, 13]) * 1000
    lines = []
    cents_rows = []
    for i, u in enumerate(units):
        by_part = {p: (0, 0) if unspent and rng.random() < unspent else
                   (_money(rng, unit), _money(rng, unit)) for p in parts}
        cents_rows.append(by_part)
        code = f"{base + i + 1:06d}"
        label = {"column": [code, u], "glued": [code + rng.choice(["", " "]) + u], "none": [u]}
        lines.append(Line(label[v["code"]], u, [], []))
    total = {p: tuple(sum(r[p][k] for r in cents_rows) for k in (0, 1)) for p in parts}
    total_line = Line([v["total_label"]] + [""] * (n_labels - 1), None,
                      [v["total_label"].replace(" ", "")], [], True, n_labels)
    rows = [*zip(lines, cents_rows, strict=True), (total_line, total)]
    for line, by_part in rows:
        by_group = dict(by_part)
        by_group[total_group] = tuple(sum(by_part[p][k] for p in parts) for k in (0, 1))
        for g in groups:
            a, b = by_group[g]
            cells = [a, b, b - a]
            line.cells += [_fmt(c, v) for c in cells]
            line.values += [None if _fmt(c, v) in ("-", "—") else c / 100 for c in cells]
            if v["rate"]:
                rate = None if a == 0 else round((b - a) / a * 100, 2)
                text = v["no_rate"] if rate is None else f"{rate:.2f}"
                line.cells.append(text.replace("-", v["minus"], 1) if rate and rate < 0 else text)
                line.values.append(rate)
    lines = [total_line, *lines] if v["total_first"] else [*lines, total_line]
    measures = [("rate" if leaf.startswith("增长率") else "change" if leaf in CHANGE_WORDS
                 else "amount") for _g in groups for leaf in leaves]
    table = WebTable(name, "sangong", f"{city}{district}{y2}年部门“三公”经费支出情况统计表",
                     f"{city}{district}财政局", n_labels, heads, 3 if outer else 2, paths,
                     [p[-2] == total_group for p in paths], measures, lines, unit, variant=v)
    _form_lines(table, rng, f"{city}{district}财政局")
    table.checks = sangong_checks(table, leaves)
    return table


def _group_heads(n_labels: int, label_heads: list[str], outer: str | None, groups: list[str],
                 leaves: list[str]) -> tuple[list[Head], list[list[str]]]:
    """Label headers spanning every header row; groups over their leaves; an outer band."""
    depth = 3 if outer else 2
    heads = [Head(t, 0, c, row_span=depth) for c, t in enumerate(label_heads)]
    top = 0
    if outer:
        heads.append(Head(outer, 0, n_labels, col_span=len(groups) * len(leaves)))
        top = 1
    paths = []
    for g_i, g in enumerate(groups):
        col = n_labels + g_i * len(leaves)
        heads.append(Head(g, top, col, col_span=len(leaves)))
        for l_i, leaf in enumerate(leaves):
            heads.append(Head(leaf, top + 1, col + l_i))
            paths.append(([outer] if outer else []) + [g, leaf])
    return heads, paths


def _form_lines(t: WebTable, rng: random.Random, filer: str) -> None:
    """填报单位 and the unit on top, the people and the date below; sometimes neither."""
    unit = f"单位：{t.unit}" if t.unit else ""
    where = rng.choice(["top", "bottom", "both", "both", "title"])
    t.variant["form"] = where
    t.variant["form_one_line"] = rng.random() < 0.5  # 填报单位 and 单位：元 on one line
    if where in ("top", "both"):
        t.form_top = [f"填报单位（盖章）：{filer}", unit]
    elif unit:
        t.title += f"（{unit}）" if where == "title" else ""
        if where == "bottom":
            t.form_top = [unit]
    t.form_top = [line.strip() for line in t.form_top if line.strip()]
    if where in ("bottom", "both"):
        phone = f"0{rng.randint(371, 599)}-{rng.randint(2000_0000, 6999_9999)}"
        t.form_bottom = [rng.choice(["单位负责人：", "审核人（签字）："]) + rng.choice(["", "王敏"]),
                         "填报人：" + rng.choice(["李华", "张伟", ""]), f"联系电话：{phone}",
                         f"填报日期：{rng.randint(2021, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]


def scope(line: Line, path: list[str]) -> str:
    """How the reader names a cell in its checks: the row's unit (or its labels), the column path."""
    return " / ".join(([line.unit] if line.unit else []) + line.path + path)


def expect(t: WebTable, check: str, row: int, col: int, status: str = "pass") -> dict:
    return {"check": check, "scope": scope(t.lines[row], t.col_paths[col]), "status": status,
            "row": row, "col": col}


PLACEHOLDERS = ("-", "—")


def sangong_checks(t: WebTable, leaves: list[str]) -> list[dict]:
    """Every rule the reader must apply: the group total per year, each change and rate
    (the total group's own by its parts), and the total row's sum of each other column.
    A cell printed empty is checked by nothing; a placeholder (—) is a zero to a derived
    rule, and a total row's — is not a number to the column sum (skipped)."""
    out = []
    width = len(leaves)
    for i, line in enumerate(t.lines):
        for j in range(len(t.col_paths)):
            text = line.cells[t.n_labels + j]
            k = j % width
            if text == "":
                continue
            if k == 3:  # the rate: none where last year was nothing
                if line.values[j - 3]:
                    out.append(expect(t, "rate", i, j))
            elif k == 2:
                out.append(expect(t, "change", i, j))
            elif t.col_totals[j]:
                out.append(expect(t, "group_total", i, j))
            elif line.is_total:
                out.append(expect(t, "total", i, j, "skipped" if text in PLACEHOLDERS else "pass"))
    return out


DERIVED = ("group_total", "change", "rate", "score_total", "ratio")


def break_one(t: WebTable, rng: random.Random, in_total_row: bool = False) -> None:
    """Print one derived cell wrong (in the 合计 row if asked and there is one): exactly
    its own check fails, no other. Its column's rule must still hold in most rows (two
    others at least, not all zeros), or no reader could tell a rule that fails once from
    a header that means something else."""
    def support(c: dict) -> int:
        return sum(o["col"] == c["col"] and o["row"] != c["row"] and o["status"] == "pass"
                   and bool(t.lines[o["row"]].values[o["col"]]) for o in t.checks)

    derived = [c for c in t.checks if c["check"] in DERIVED and c["status"] == "pass"]
    if in_total_row:
        derived = [c for c in derived if t.lines[c["row"]].is_total] or derived
    check = rng.choice([c for c in derived if support(c) >= 2] or derived)
    line, j = t.lines[check["row"]], check["col"]
    text = line.cells[t.n_labels + j]
    # printed like its column's figures (a — or a bare 0 becomes 1.00, not 1)
    like = next((x.cells[t.n_labels + j] for x in t.lines if "." in x.cells[t.n_labels + j]), text)
    decimals = len(like.split(".")[1]) if "." in like else 0
    value = line.values[j] or 0.0
    bump = 1 if decimals == 0 else rng.choice([1, 10, 100])
    # beyond what the inputs' rounding allows: a growth rate of 162662.94% over a base of
    # 34.67 is only known to about ±24, so a wrong 162663.94 is no error a reader can see
    if abs(value) / 100 > bump:
        bump = 10 ** math.ceil(math.log10(abs(value) / 100))
    if t.measures[j] == "score":  # a misprinted score is still a score: within 0-100
        bump = min(bump, 10) * (-1 if value + min(bump, 10) > 100 else 1)
    wrong = round(value + bump, 2)
    line.values[j] = wrong
    body = f"{abs(wrong):,.{decimals}f}" if "," in text + like else f"{abs(wrong):.{decimals}f}"
    line.cells[t.n_labels + j] = ("−" if "−" in text else "-") * (wrong < 0) + body
    check["status"] = "fail"
    t.wrong = dict(check, printed=line.cells[t.n_labels + j])


def records(t: WebTable) -> list[dict]:
    """Every printed value: unit, full label path, value, total or not, measure."""
    out = []
    for line in t.lines:
        for j, path in enumerate(t.col_paths):
            text = line.cells[t.n_labels + j]
            if text == "":
                continue
            out.append({"unit": line.unit, "path": [*line.path, *path], "value": line.values[j],
                        "is_total": line.is_total or t.col_totals[j], "measure": t.measures[j],
                        "measure_unit": _measure_unit(t, t.measures[j])})
    return out


def _measure_unit(t: WebTable, measure: str | None) -> str | None:
    if measure in ("rate", "ratio"):
        return "%"
    return t.unit if measure in ("amount", "change") else None


def truth_json(t: WebTable) -> str:
    body = asdict(t) | {"records": records(t)}
    return json.dumps(body, ensure_ascii=False, indent=1)


def make_table(rng: random.Random, name: str, kind: str | None = None, unspent: float = 0.0
               ) -> WebTable:
    from tongbao.corpus.webtables_kinds import make_inspection, make_performance, make_scores

    kind = kind or rng.choice(["sangong", "sangong", "scores", "performance"])
    if kind == "sangong":
        return make_sangong(rng, name, unspent)
    return {"scores": make_scores, "performance": make_performance,
            "inspection": make_inspection}[kind](rng, name)


def main(argv: list[str] | None = None) -> None:
    from tongbao.corpus.webtables_render import render_crawl, render_html

    out, truth_dir, rng, count = sample_arguments(__doc__, 6, 14, argv)
    kinds = ["sangong", "scores", "performance"]
    for i in range(count):
        t = make_table(rng, "", kinds[i % 3])
        if i % 2:
            break_one(t, rng)
        for ext, render in (("html", render_html), ("txt", render_crawl)):
            t.file = f"webtable_{i:03d}.{ext}"
            write_sample(out, truth_dir, t.file, render(t, random.Random(i)), truth_json(t),
                         f"webtable_{i:03d}_{ext}.json")


if __name__ == "__main__":
    main()
