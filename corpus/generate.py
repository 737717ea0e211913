"""Generate realistic inspection notices with their known truth.

A notice is drawn from plausible random truth (districts, units, nested
domains and subcategories, counts, score components) and rendered the way
converted text arrives: tab-separated rows whose merged cells come out as
blank cells, stray spaces inside names, extra empty cells before values,
rows that lost their leading tabs, blank lines and a repeated header inside
a table. A chosen fraction of printed totals is deliberately wrong, and the
truth says which.

    python -m tongbao.corpus.generate --out corpus/samples --truth corpus/truth --count 6 --seed 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tongbao.corpus.notice_tables import (
    AmongRow,
    ShareRow,
    SubtotalRow,
    among_checks,
    among_lines,
    check_row,
    draw_among,
    draw_shares,
    draw_subtotals,
    share_checks,
    share_lines,
    subtotal_checks,
    subtotal_lines,
)
from tongbao.corpus.places import department_names, places, street_names
from tongbao.corpus.printed_dates import date_text, period_text

CITIES = {"安阳市": ["北关区", "文峰区", "殷都区"], "洛阳市": ["偃师区", "老城区", "西工区"],
          "宝鸡市": ["凤翔区", "金台区"], "开封市": ["鼓楼区", "龙亭区"]}
DOMAINS = {
    "公共文化服务领域": ["公共服务", "行政许可"],
    "安全生产领域": ["重点领域信息公开", "政策文件"],
    "救灾领域": ["备灾管理", "灾后救助", "款物管理", "业务信息"],
    "社会救助领域": [],
    "就业创业领域": [],
    "养老服务领域": [],
    "户籍管理领域": [],
    "食品药品监管领域": ["行政审批", "监督检查", "公共服务"],
}
SCORE_PARTS = ["公共服务得分", "交流互动得分", "网站建设及安全得分", "政务信息公开得分"]
# Score tables that take points away: 总分 = 基础分 − 扣分 + 加分 ("deducted"), or a base
# the table does not print, 得分 = 100 − the deductions ("unbased": no check can hold);
# or weigh their parts: 总分 = 40% × 日常 + 60% × 年终 ("weighted"); or print the points a
# score is out of beside it (分值 | 得分: "out_of", no sum to check), with targets and
# results (分值 | 目标值 | 实际完成值 | 得分: "targets", a score adds points only).
SCORE_FORMS = {"plain": SCORE_PARTS, "deducted": ["基础分", "扣分", "加分"],
               "unbased": ["内容保障扣分", "互动回应扣分"],
               "weighted": ["日常考核得分（占40%）", "年终考核得分（占60%）"],
               "out_of": ["分值"],  # 得分 of 分值 points: no sum to check
               "targets": ["分值", "目标值", "实际完成值"]}  # a 绩效 sheet: nor here
_WEIGHTS = (0.4, 0.6)  # the weighted form's, as its headers print them


@dataclass
class Unit:
    name: str
    items: list[tuple[str, str | None, int]]  # (domain, subcategory, count)
    printed_total: int

    @property
    def true_total(self) -> int:
        return sum(v for _, _, v in self.items)


@dataclass
class ScoreRow:
    name: str
    parts: list[float]
    printed_total: float
    # what the parts give as the table computes its total (None: their plain sum)
    parts_give: float | None = None


@dataclass
class NoticeTruth:
    file: str
    title: str
    issuer: str
    issue_date: str
    period_start: str | None  # None: a cut-off (截至2023年底) states no start
    period_end: str
    units: list[Unit] = field(default_factory=list)
    period_line: str = ""  # the period in brackets below a title naming none ("period_below")
    printed_grand_total: int = 0
    scores: list[ScoreRow] = field(default_factory=list)
    score_form: str = "plain"  # a key of SCORE_FORMS
    # Attachments drawn where a caller asks for them (corpus/notice_tables.py): counts
    # beside their shares, and a count table whose 其中 rows leave open where they end.
    shares: list[ShareRow] = field(default_factory=list)
    share_kinds: list[str] = field(default_factory=list)
    shares_worded: bool = False  # every count cell prints its word after it (40条)
    # The closing row's label: 合计, or the whole area (全区), whose counts may then include
    # units not listed (beyond: added to each column's sum), a sum that misses but no error.
    shares_closed_by: str = "合计"
    shares_beyond: list[int] = field(default_factory=list)
    among: list[AmongRow] = field(default_factory=list)
    among_total: int = 0
    subtotals: list[SubtotalRow] = field(default_factory=list)
    subtotals_grouped: bool = False  # each unit a numbered heading over its domains
    jurisdiction: str = ""  # the issuer's division: 河南省安阳市北关区
    # Every unit name printed, and what it is: {printed, unit, unit_type, jurisdiction,
    # resolved} (corpus/places.py); unresolved names are read as printed.
    expected_units: list[dict] = field(default_factory=list)

    def expected_checks(self) -> list[dict]:
        """Every check the reader must find: (table, check, scope, expected, actual, status)."""
        out = []
        for u in self.units:
            out.append(check_row(1, "subtotal", u.name, u.printed_total, u.true_total))
        leaves = sum(u.true_total for u in self.units)
        out.append(check_row(1, "total", "合计", self.printed_grand_total, leaves))
        for s in self.scores if self.score_form not in ("out_of", "targets") else []:
            given = round(sum(s.parts), 1) if s.parts_give is None else s.parts_give
            check = check_row(2, "score_total", s.name, s.printed_total, given)
            if self.score_form == "unbased" and check["status"] == "fail":
                check["status"] = "skipped"  # the base is not printed: no claim either way
            out.append(check)
        return out + share_checks(self) + among_checks(self) + subtotal_checks(self)

    @property
    def score_parts(self) -> list[str]:
        return SCORE_FORMS[self.score_form]


def make_notice(rng: random.Random, name: str, wrong_fraction: float = 0.1,
                score_forms: tuple[str, ...] = ("plain",), extra: bool = False,
                title_forms: tuple[str, ...] = ("about",)) -> NoticeTruth:
    """score_forms: the score tables to draw from (one: no draw, so a caller that keeps the
    plain one draws the same notices as before); extra: half the notices get a table of
    counts beside their shares, half a table with a 其中 group, half one of units closed
    by 小计 rows (no draw without it); title_forms: "about" (关于…的通报), "year_first"
    (2023年第二季度…情况通报, under a letterhead that names no year: its title is the second
    line alone) and "period_below" (…情况通报 / （2023年第二季度）: the period in brackets on
    the line below), drawn from only when there are several."""
    place = rng.choice(places())
    year, quarter = rng.randint(2019, 2025), rng.randint(1, 4)
    issued = dt.date(year, quarter * 3, 1) + dt.timedelta(days=rng.randint(31, 50))
    period, start, end = period_text(year, quarter, rng)
    title, period_line = f"关于{period}全{place.level_word}政务公开工作开展情况的通报", ""
    form = rng.choice(title_forms) if len(title_forms) > 1 else title_forms[0]
    if form == "year_first":
        title = f"{'' if '年' in period else f'{year}年'}{period}全{place.level_word}政务公开工作开展情况通报"
    elif form == "period_below":  # 全区政务公开工作开展情况通报 / （2023年第二季度）
        title, period_line = f"全{place.level_word}政务公开工作开展情况通报", f"（{period}）"
    truth = NoticeTruth(
        file=name, title=title, period_line=period_line,
        issuer=place.issuer, issue_date=issued.isoformat(),
        period_start=start and start.isoformat(), period_end=end.isoformat(),
        jurisdiction=place.division.path)
    streets, departments = street_names(place, rng), department_names(place, rng)
    truth.expected_units = streets + departments
    names = [u["printed"] for u in streets]
    domains = rng.sample(list(DOMAINS), rng.randint(3, 6))
    for unit_name in names:
        items = []
        for d in domains:
            subs = DOMAINS[d][: rng.randint(1, len(DOMAINS[d]))] if DOMAINS[d] else [None]
            items += [(d, s, rng.randint(0, 12)) for s in subs]
        total = sum(v for _, _, v in items)
        printed = total + rng.choice([-2, -1, 1, 3]) if rng.random() < wrong_fraction else total
        truth.units.append(Unit(unit_name, items, printed))
    truth.units.sort(key=lambda u: -u.printed_total)
    grand = sum(u.true_total for u in truth.units)
    truth.printed_grand_total = grand + 1 if rng.random() < wrong_fraction else grand
    truth.score_form = rng.choice(score_forms) if len(score_forms) > 1 else score_forms[0]
    for dep in [u["printed"] for u in departments]:
        parts, total, given = _score_parts(truth.score_form, rng)
        printed = total + 1 if rng.random() < wrong_fraction else total
        truth.scores.append(ScoreRow(dep, parts, printed, given))
    if extra and rng.random() < 0.5:
        draw_shares(truth, [u["printed"] for u in departments], rng, wrong_fraction)
    if extra and rng.random() < 0.5:
        draw_among(truth, rng, wrong_fraction)
    if extra and rng.random() < 0.5:
        draw_subtotals(truth, [u["printed"] for u in streets], rng, wrong_fraction)
    return truth


def _score_parts(form: str, rng: random.Random) -> tuple[list[float], float, float | None]:
    """A row's printed parts, its true total, and what its parts give as the reader adds
    them (None: their plain sum)."""
    if form == "deducted":
        base, away, extra = 100.0, rng.randint(0, 60) / 2, float(rng.randint(0, 5))
        return [base, away, extra], base - away + extra, base - away + extra
    if form == "unbased":  # the reader can only take the deductions away from nothing
        away = [rng.randint(0, 40) / 2, float(rng.randint(0, 10))]
        return away, 100 - sum(away), -sum(away)
    if form == "out_of":
        score = rng.randint(100, 200) / 2
        return [100.0], score, None
    if form == "targets":
        target = float(rng.choice([90, 95, 100, 500, 1000]))
        score = rng.randint(20, 40) / 2
        return [20.0, target, float(round(target * rng.uniform(0.8, 1.1)))], score, None
    if form == "weighted":  # half points: 0.4 and 0.6 of them need one decimal place
        parts = [rng.randint(100, 200) / 2 for _ in _WEIGHTS]
        total = round(sum(w * v for w, v in zip(_WEIGHTS, parts, strict=True)), 1)
        return parts, total, total
    parts = [float(rng.randint(0, 5)), float(rng.randint(0, 3)), float(rng.randint(8, 13)),
             rng.randint(0, 70) / 2]
    return parts, round(sum(parts), 1), None


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _noisy_name(name: str, rng: random.Random) -> str:
    """A converter's stray space inside a long name: 解放路街道 办事处."""
    if len(name) > 5 and rng.random() < 0.5:
        cut = rng.randint(2, len(name) - 2)
        return name[:cut] + " " + name[cut:]
    return name


def render_text(t: NoticeTruth, rng: random.Random) -> str:
    """Now and then with a 简报's masthead: the issuer and the date on one line, spaced
    apart as a PDF's text layer joins them (…人民政府办公室          2023年7月10日), or dated
    by a page's 时间: line below its title; now and then under the page's trail of links
    (您所在的位置：首页 > … > 工作推进情况)."""
    date = date_text(dt.date.fromisoformat(t.issue_date), rng)
    masthead = rng.random() < 0.3
    top = [f"{t.issuer}{rng.choice([' ', '　']) * rng.randint(2, 12)}{date}"] if masthead else \
        [t.issuer]
    # now and then the page's trail of links first, ending like a title (drawn apart)
    trail = ["您所在的位置：首页 > 政务公开 > 工作推进情况", ""] \
        if random.Random(f"{t.title} trail").random() < 0.2 else []
    # now and then dated as a web page dates it, a 时间: line below the title (drawn apart)
    paged = not masthead and random.Random(f"{t.title}{t.issue_date} paged").random() < 0.2
    below = [t.period_line] * bool(t.period_line) + [f"时间：{t.issue_date} 10:00"] * paged
    lines = [*trail, *top, "", t.title, *below, "", "各街道办事处、各镇政府，区人民政府各部门：",
             "", "现将有关情况通报如下。", "", *([] if masthead or paged else [date, ""]),
             "附件 1", "", "网站信息发布情况", "", "排名\t街道（镇）\t专题\t\t发布信息数量\t"]
    usual_domains: set[str] = set()
    for rank, u in enumerate(t.units, start=1):
        prev_domain = None
        for i, (d, s, v) in enumerate(u.items):
            pad = "\t" * rng.choice([0, 0, 0, 1, 2])  # merged cells as extra blanks
            if i == 0:
                row = f"{rank}\t{_noisy_name(u.name, rng)}\t{d}\t{s or ''}\t{pad}{v}\t{u.printed_total}"
            elif d == prev_domain:
                row = f"\t\t\t{s or ''}\t{pad}{v}\t"
            elif s is None and d in usual_domains and rng.random() < 0.3:
                row = f"{d}\t\t{v}\t\t\t"  # lost its leading tabs
            else:
                row = f"\t\t{d}\t{s or ''}\t{pad}{v}\t"
            usual_domains.add(d)
            prev_domain = d
            lines.append(row)
            if rng.random() < 0.05:
                lines.append("")
    lines += [f"合计\t\t\t\t{t.printed_grand_total}\t", "", "附件 2", "", "部门网站管理情况", ""]
    header = "单位名称\t" + "\t".join(t.score_parts) + (
        "\t得分" if t.score_form in ("unbased", "out_of", "targets") else "\t总分")
    lines.append(header)
    split = rng.randint(1, len(t.scores))
    for i, s in enumerate(t.scores):
        if i == split:
            lines += ["", header]  # the header repeated after a page break
        lines.append("\t".join([s.name, *map(_num, s.parts), _num(s.printed_total)]))
    if t.shares:
        lines += ["", "附件 3", "", "各单位信息发布情况", ""] + share_lines(t)
    if t.among:
        lines += ["", "附件 4", "", "政府信息公开情况统计表", ""] + among_lines(t)
    if t.subtotals:
        lines += ["", "附件 5", "", "基层政务公开领域信息发布情况", ""] + subtotal_lines(t)
    return "\n".join(lines) + "\n"


def truth_json(t: NoticeTruth) -> str:
    body = asdict(t) | {"checks": t.expected_checks()}
    return json.dumps(body, ensure_ascii=False, indent=1)


def sample_arguments(doc: str, count: int, seed: int, argv: list[str] | None = None
                     ) -> tuple[Path, Path, random.Random, int]:
    """The sample generators' command line: where documents and truth go (both created),
    a random source from --seed, and --count."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--out", default="corpus/samples")
    ap.add_argument("--truth", default="corpus/truth")
    ap.add_argument("--count", type=int, default=count)
    ap.add_argument("--seed", type=int, default=seed)
    args = ap.parse_args(argv)
    out, truth = Path(args.out), Path(args.truth)
    out.mkdir(parents=True, exist_ok=True)
    truth.mkdir(parents=True, exist_ok=True)
    return out, truth, random.Random(args.seed), args.count


def write_sample(out: Path, truth_dir: Path, name: str, body: str | bytes, truth: dict | str,
                 truth_name: str | None = None) -> None:
    """A generated document in out, and its truth (JSON, or a dict to write as JSON) in
    truth_dir, named after the document (notice_000.txt -> notice_000.json) unless named."""
    path = out / name
    path.write_bytes(body) if isinstance(body, bytes) else path.write_text(body, encoding="utf-8")
    text = truth if isinstance(truth, str) else json.dumps(truth, ensure_ascii=False, indent=1)
    (truth_dir / (truth_name or f"{Path(name).stem}.json")).write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    out, truth_dir, rng, count = sample_arguments(__doc__, 6, 7, argv)
    for i in range(count):
        name = f"notice_{i:03d}.txt"
        t = make_notice(rng, name, wrong_fraction=0.15, score_forms=tuple(SCORE_FORMS),
                        extra=True)
        write_sample(out, truth_dir, name, render_text(t, rng), truth_json(t))


if __name__ == "__main__":
    main()
