"""Generate 政府信息公开工作年度报告 with known values, in the variants real reports show.

Values are random but obey the template's arithmetic; the rendering varies:
（六）其他处理 as one row or three, labels split by a stray space or printed
without their numbering, zeros printed as 0, — or left empty, an extra blank
column, as tab-separated text or as a web page with rowspan/colspan, now and then set
inside a table that lays out the page (an older site's menu beside the article).

    python -m tongbao.corpus.annual --out corpus/samples --truth corpus/truth --count 8
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import regex

from tongbao.corpus.annual_headings import heading, opening
from tongbao.corpus.generate import CITIES, sample_arguments
from tongbao.extract.tables.annual import sec3_outcomes, template

KEYS = template()  # keys and printed labels: extract/data/annual_report_keys.yaml
COLS6 = list(KEYS["sec3"]["columns"])[:-1]  # the applicant columns, 总计 left out
SEC3_LEAVES = [label.split(" / ")[-1] for label in list(KEYS["sec3"]["columns"].values())[:-1]]
SEC4_ROWS = list(KEYS["sec4"]["rows"])
SEC4_COLS = list(KEYS["sec4"]["columns"])
SEC4_LABELS = list(KEYS["sec4"]["columns"].values())
ORG_LABELS = dict(zip(COLS6[1:], SEC3_LEAVES[1:], strict=True))


@dataclass
class Variant:
    other_single: bool
    zero: str  # "0", "—" or ""
    spaced_labels: bool
    no_numbering: bool
    blank_column: bool
    layout_2019: bool  # the 2019 template's section 2 (本年新制作数量, 上一年项目数量, …)
    line_breaks: bool  # web page: labels broken by <br>, 三、本年度办理结果 printed vertically
    org_columns: list[str] = field(default_factory=list)  # 法人或其他组织's columns, printed order
    layout_table: bool = False  # web page: the article set in a table that lays out the page
    # Where the title is printed: "body" (and a web page's ArticleTitle), "page_title" (a web
    # page's <title> only, with the site's name after it) or "none" (a text has none).
    title_place: str = "body"
    # Only some rows' totals printed (a 2019 report's habit): the outcome rows' 总计 left
    # blank; where their parts add up to more than 0 the truth is None (not filled in).
    unfilled_totals: bool = False
    # Web page: a header cell over two rows (自然人, 总计, sec4's 结果维持 …) spans them, or is
    # printed in the upper row with an empty cell below it (as some sites' editors save it).
    header_spans: bool = True
    # Applicants who filed nothing all year: their column is 0 in every row (printed as
    # nothing where zeros are; in an unruled PDF no figure then shows where it is).
    idle_applicants: list[str] = field(default_factory=list)
    # Figures of 1,000 and more printed with their thousands grouped (行政许可 16,674).
    thousands: bool = False
    # How the section headings are numbered: as the template ("template"), one number
    # printed twice (real: 旅文体局 2019's 二、主动公开… 二、收到和处理…, "repeated"), one
    # skipped and the rest after it one higher ("skipped"), or 三. for 三、 ("dotted").
    numbering: str = "template"
    item_mark: str = "."  # after a sub-row's number: 1.属于国家秘密, or 1、 (real: 淮安 2024)
    # A PDF's page numbers at each page's foot ("" none, — 5 —, - 5 -, 第5页): where a
    # table runs over a page break, between two rows' figures.
    page_numbers: str = ""
    pending: str = "尚未<br/>审结"  # 尚未审结 in section 4's header, as a PDF's cell wraps it
    # Where a text's title, on two lines, is broken (None: drawn from the title): after its
    # year, before it, or inside the report's name (…2023年政府 / 信息公开工作年度报告)
    title_break: str | None = None


@dataclass
class Report:
    file: str
    title: str
    issuer: str
    year: int
    variant: Variant
    values: dict[str, float] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)  # each label rendered once
    # A PDF's group label cut by the page break: (its foot on one page, its rest on the next)
    page_cut: tuple[str, str] | None = None
    # The days its 统计期限 sentence states, when not its title's year: a body set up during
    # the year, or a sentence copied from last year's report (annual_glued.py).
    window: tuple[dt.date, dt.date] | None = None


def make_report(rng: random.Random, name: str, unfilled: bool = False,
                year_first: bool = False) -> Report:
    """A report with values that satisfy the template's arithmetic. unfilled: some reports
    leave totals blank (for renderers that print an empty cell as one: not a glued crawl,
    which shows none, nor a generator that plants errors in totals). year_first: titled
    2019年某区人民政府政府信息公开工作年度报告 (real: 上海市人民政府办公厅 2019)."""
    city = rng.choice(list(CITIES))
    district = rng.choice(CITIES[city])
    layout_2019 = rng.random() < 0.2
    year = 2019 if layout_2019 else rng.randint(2020, 2025)
    orgs = COLS6[1:] if rng.random() < 0.7 else rng.sample(COLS6[1:], 5)
    variant = Variant(rng.random() < 0.5, rng.choice(["0", "—", ""]), rng.random() < 0.5,
                      rng.random() < 0.3, rng.random() < 0.3, layout_2019, rng.random() < 0.5,
                      orgs)
    issuer = f"{city}{district}人民政府"
    title = (f"{year}年{issuer}政府信息公开工作年度报告" if year_first
             else f"{issuer}{year}年政府信息公开工作年度报告")
    rep = Report(name, title, issuer, year, variant)
    v = rep.values
    for row in sec3_outcomes(split=not variant.other_single):
        for c in COLS6:
            busy = c == "natural_person"
            v[f"sec3.{row}.{c}"] = float(rng.choice([0] * (3 if busy else 12) + [rng.randint(1, 30)]))
    for c in COLS6:
        processed = sum(v[f"sec3.{r}.{c}"] for r in sec3_outcomes(split=not variant.other_single))
        v[f"sec3.total_processed.{c}"] = processed
        v[f"sec3.carried_forward.{c}"] = float(rng.choice([0, 0, 0, 1, 2]))
        v[f"sec3.carried_over.{c}"] = float(rng.randint(0, int(min(2, processed))))
        v[f"sec3.new_received.{c}"] = (processed + v[f"sec3.carried_forward.{c}"]
                                       - v[f"sec3.carried_over.{c}"])
    _sum_rows(v, sec3_outcomes(split=not variant.other_single))
    for row in SEC4_ROWS:
        parts = [float(rng.choice([0, 0, 0, rng.randint(1, 9)])) for _ in range(4)]
        for c, x in zip(SEC4_COLS, [*parts, sum(parts)], strict=True):
            v[f"sec4.{row}.{c}"] = x
    for block in _sec2_blocks(rep):
        for row, _ in block.rows:
            for c in block.columns:
                money = c in ("amount", "procurement_amount")
                v[f"{block.section}.{row}.{c}"] = round(rng.uniform(0, 900), 2) if money else \
                    float(rng.randint(-5 if c == "change" else 0, 40 if block.columns[0] != "decisions"
                                      and c != "decisions" else 20000))
    variant.layout_table = rng.random() < 0.3
    # Drawn from the report's own values, so the committed samples' draws stay as they were.
    own = random.Random(repr(sorted(v.items())))
    variant.title_place = own.choice(["body"] * 3 + ["page_title", "none"])
    variant.unfilled_totals = unfilled and own.random() < 0.15
    variant.header_spans = own.random() < 0.7
    if own.random() < 0.1:
        variant.idle_applicants = own.sample(COLS6, own.choice([1, 1, 2, 3]))
        _idle(v, variant.idle_applicants, sec3_outcomes(split=not variant.other_single))
    variant.thousands = own.random() < 0.2
    variant.item_mark = own.choice([".", ".", ".", "、"])
    variant.page_numbers = own.choice(["", "— {} —", "- {} -", "第{}页"])
    variant.pending = own.choice(["尚未<br/>审结", "尚 未<br/>审结", "尚未审<br/>结", "尚<br/>未审结"])
    if variant.unfilled_totals:
        for row in sec3_outcomes(split=not variant.other_single):
            if v[f"sec3.{row}.total"]:
                v[f"sec3.{row}.total"] = None
    return rep


def sec3_rows_in_order(outcomes: list[str]) -> list[str]:
    """The request table's rows, as the template prints them."""
    return ["new_received", "carried_over", *outcomes, "total_processed", "carried_forward"]


def _sum_rows(v: dict, outcomes: list[str]) -> None:
    """Each sec3 row's 总计: the sum of its applicants' cells."""
    for row in sec3_rows_in_order(outcomes):
        v[f"sec3.{row}.total"] = sum(v[f"sec3.{row}.{c}"] for c in COLS6)


def leave_idle(rep: Report, columns: list[str]) -> None:
    """Applicants who filed nothing all year: their columns 0 in every request row (for a
    test that wants a given block of them, beside the random ones make_report draws)."""
    rep.variant.idle_applicants = list(columns)
    _idle(rep.values, columns, sec3_outcomes(split=not rep.variant.other_single))


def idle_report(seed: int, idle: set[int], name: str, unfilled: bool = False
                ) -> tuple[Report, random.Random]:
    """The first report from seed on whose zeros print as nothing, the applicants at the
    places `idle` (0 自然人, then the organisations in the report's printed order) filing
    nothing all year; and the random source to render it with."""
    seed = next(s for s in range(seed, seed + 200)
                if make_report(random.Random(s), name, unfilled).variant.zero == "")
    rng = random.Random(seed)
    rep = make_report(rng, name, unfilled)
    order = ["natural_person", *rep.variant.org_columns]
    leave_idle(rep, [order[i] for i in sorted(idle)])
    return rep, rng


def blank_sections(values: dict) -> set[str]:
    """The template's tables (as key prefixes, sec3. / sec4.) whose every figure is 0: where
    zeros print as nothing they print no figure at all, and nothing tells them from a table
    left unfilled, so a reader may leave their keys open."""
    return {s for s in ("sec3.", "sec4.") if not any(v for k, v in values.items() if k.startswith(s))}


def _idle(v: dict, columns: list[str], outcomes: list[str]) -> None:
    """Zero the columns in every sec3 row, and the totals that count them."""
    for row in sec3_rows_in_order(outcomes):
        for c in columns:
            v[f"sec3.{row}.{c}"] = 0.0
    _sum_rows(v, outcomes)


@dataclass
class Sec2Block:
    section: str  # sec2 or sec2_2019
    title: str  # 第二十条第（一）项
    columns: list[str]  # column keys
    rows: list[tuple[str, str]]  # (row key, printed label)


def _sec2_blocks(rep: Report) -> list[Sec2Block]:
    """Section 2's small tables, one per 第二十条 item, in the report's layout."""
    section = "sec2_2019" if rep.variant.layout_2019 else "sec2"
    spec = KEYS[section]
    blocks: dict[str, Sec2Block] = {}
    for row, r in spec["rows"].items():
        blocks.setdefault(r["block"], Sec2Block(section, r["block"], r["columns"], [])).rows.append(
            (row, r["label"]))
    return list(blocks.values())


def _num(rep: Report, key: str) -> str:
    x = rep.values[key]
    if x is None:  # a total not filled in
        return ""
    if x == 0 and not key.startswith("sec2"):  # section 2 prints its zeros
        return rep.variant.zero
    return printed_figure(x, rep.variant.thousands)


def printed_figure(x: float, thousands: bool = False) -> str:
    """A whole number as a count, money with two decimals; thousands grouped or not."""
    grouping = "," if thousands else ""
    return f"{int(x):{grouping}d}" if float(x).is_integer() else f"{x:{grouping}.2f}"


def _label(rep: Report, text: str, rng: random.Random) -> str:
    if text not in rep.printed:
        rep.printed[text] = _render_label(rep, text, rng)
    return rep.printed[text]


def _render_label(rep: Report, text: str, rng: random.Random) -> str:
    if rep.variant.no_numbering:
        text = regex.sub(r"^(?:[（(][一二三四五六七八九十]+[）)]|\d+\.|[一二三四五六七八九十]+、)\s*", "", text)
    text = regex.sub(r"^(\d+)\.", rf"\g<1>{rep.variant.item_mark}", text)
    if rep.variant.spaced_labels and len(text) > 6 and rng.random() < 0.5:
        cut = rng.randint(3, len(text) - 2)
        text = text[:cut] + " " + text[cut:]
    return text


def _sec3_rows(rep: Report, rng: random.Random) -> list[tuple[list[str], str]]:
    """(labels outermost first, key row) for every sec3 row, printed labels."""
    out = []
    spec = KEYS["sec3"]["rows"]
    for row in ["new_received", "carried_over"]:
        out.append(([_label(rep, spec[row], rng)], row))
    for row in sec3_outcomes(split=not rep.variant.other_single) + ["total_processed"]:
        parts = regex.split(r"\s+(?=\d+\.)", spec[row])
        out.append((["三、本年度办理结果", *(_label(rep, p, rng) for p in parts)], row))
    out.append(([_label(rep, spec["carried_forward"], rng)], "carried_forward"))
    return out


def _sec3_columns(rep: Report) -> list[str]:
    return ["natural_person", *rep.variant.org_columns, "total"]


def _broken(rep: Report, text: str, rng: random.Random) -> str:
    """A web page's label broken over lines (<br>) where the variant says so."""
    if not rep.variant.line_breaks or len(text) < 6 or rng.random() < 0.5:
        return text
    cut = rng.randint(2, len(text) - 2)
    return text[:cut] + "<br/>" + text[cut:]


def render_text(rep: Report, rng: random.Random) -> str:
    blank = "\t" if rep.variant.blank_column else ""
    lines = [*opening(rep), "", heading(rep, 0), "", f"{rep.year}年，我区持续做好政府信息公开工作。",
             "", heading(rep, 1), ""]
    for block in _sec2_blocks(rep):
        names = [KEYS[block.section]["columns"][c] for c in block.columns]
        lines += [block.title + "\t\t\t", "\t".join(["信息内容", *names, "", ""][:4])]
        lines += ["\t".join([label, *(_num(rep, f"{block.section}.{row}.{c}")
                                      for c in block.columns), "", ""][:4])
                  for row, label in block.rows]
    orgs = [ORG_LABELS[c] for c in rep.variant.org_columns]
    lines += ["",
              heading(rep, 2), "",
              f"(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t{blank}\t申请人情况\t\t\t\t\t\t总计",
              f"\t\t{blank}\t自然人\t法人或其他组织\t\t\t\t\t",
              f"\t\t{blank}\t\t" + "\t".join(orgs) + "\t"]
    previous: list[str] = []
    for labels, row in _sec3_rows(rep, rng):
        shown = [t if i >= len(previous) or previous[i] != t else "" for i, t in enumerate(labels)]
        previous = labels
        cells = (shown + ["", "", ""])[:3]
        nums = [_num(rep, f"sec3.{row}.{c}") for c in _sec3_columns(rep)]
        lines.append("\t".join(cells) + "\t" + blank + "\t".join(nums))
    lines += ["", heading(rep, 3), "",
              "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t",
              "\t".join(SEC4_LABELS) + "\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
              "\t" * 5 + "\t".join(SEC4_LABELS * 2),
              "\t".join(_num(rep, f"sec4.{r}.{c}") for r in SEC4_ROWS for c in SEC4_COLS),
              "", heading(rep, 4), "", "无。"]
    return "\n".join(lines) + "\n"


def render_html(rep: Report, rng: random.Random) -> str:
    def td(text, rs=1, cs=1):
        span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        return f"<td{span}><p>{text}</p></td>"

    tall = 2 if rep.variant.header_spans else 1  # else an empty cell under the header's
    below = "" if tall == 2 else td("")
    sec3 = ["<table>", "<tr>" + td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3)
            + td("申请人情况", 1, 7) + "</tr>",
            "<tr>" + td("自然人", tall) + td("法人或其他组织", 1, 5) + td("总计", tall) + "</tr>",
            "<tr>" + below + "".join(td(_broken(rep, ORG_LABELS[c], rng))
                                     for c in rep.variant.org_columns) + below + "</tr>"]
    rows = _sec3_rows(rep, rng)
    for i, (labels, row) in enumerate(rows):
        cells = ""
        if len(labels) == 1:
            cells = td(labels[0], 1, 3)
        else:
            if labels[0] != (rows[i - 1][0][0] if i else ""):
                n = sum(1 for lab, _ in rows if lab[0] == labels[0])
                vertical = "<br/>".join(labels[0]) if rep.variant.line_breaks else labels[0]
                cells += td(vertical, n)
            group_rows = [r for r in rows if len(r[0]) == 3 and r[0][1] == labels[1]]
            if len(labels) == 3 and group_rows[0][1] == row:
                cells += td(labels[1], len(group_rows)) + td(_broken(rep, labels[2], rng))
            elif len(labels) == 3:
                cells += td(_broken(rep, labels[2], rng))
            else:
                cells += td(_broken(rep, labels[1], rng), 1, 2)
        cells += "".join(td(_num(rep, f"sec3.{row}.{c}")) for c in _sec3_columns(rep))
        sec3.append(f"<tr>{cells}</tr>")
    sec3.append("</table>")
    sec4 = ["<table>", "<tr>" + td("行政复议", 1, 5) + td("行政诉讼", 1, 10) + "</tr>",
            "<tr>" + "".join(td(t, tall) for t in SEC4_LABELS) + td("未经复议直接起诉", 1, 5)
            + td("复议后起诉", 1, 5) + "</tr>",
            "<tr>" + below * len(SEC4_LABELS) + "".join(td(t) for t in SEC4_LABELS * 2) + "</tr>",
            "<tr>" + "".join(td(_num(rep, f"sec4.{r}.{c}")) for r in SEC4_ROWS for c in SEC4_COLS)
            + "</tr>", "</table>"]
    sec2 = ["<table>"]
    for block in _sec2_blocks(rep):
        spans = {1: [3], 2: [1, 2], 3: [1, 1, 1]}[len(block.columns)]
        names = [KEYS[block.section]["columns"][c] for c in block.columns]
        sec2.append("<tr>" + td(block.title, 1, 4) + "</tr>")
        sec2.append("<tr>" + td("信息内容") + "".join(td(n, 1, k) for n, k in zip(names, spans, strict=True))
                    + "</tr>")
        sec2 += ["<tr>" + td(label) + "".join(td(_num(rep, f"{block.section}.{row}.{c}"), 1, k)
                                             for c, k in zip(block.columns, spans, strict=True)) + "</tr>"
                 for row, label in block.rows]
    sec2.append("</table>")
    article = ('<div class="article">' + "".join(f"<p>{line}</p>" for line in opening(rep))
               + f"<p>{heading(rep, 0)}</p><p>{rep.year}年，我区持续做好政府信息公开工作。</p>"
               f"<p>{heading(rep, 1)}</p>" + "".join(sec2)
               + f"<p>{heading(rep, 2)}</p>" + "".join(sec3)
               + f"<p>{heading(rep, 3)}</p>" + "".join(sec4)
               + f"<p>{heading(rep, 4)}</p><p>无。</p></div>")
    if rep.variant.layout_table:  # an older site: the article in a table beside a menu
        article = ('<table width="1000"><tr><td width="200"><p>政务公开</p><p>政府信息公开年报</p>'
                   f'</td><td width="800">{article}</td></tr></table>')
    head = {"body": f'<meta name="ArticleTitle" content="{rep.title}"/>',
            "page_title": f"<title>{rep.title}_{rep.issuer}门户网站</title>",
            "none": f"<title>{rep.issuer}门户网站</title>"}[rep.variant.title_place]
    return (f'<html><head>{head}'
            f'<meta name="ContentSource" content="{rep.issuer}"/></head><body>'
            '<div class="nav">首页 > 政务公开 > 年报</div>' + article
            + '<div class="footer">网站标识码 主办单位</div></body></html>')


def main(argv: list[str] | None = None) -> None:
    out, truth, rng, count = sample_arguments(__doc__, 8, 11, argv)
    for i in range(count):
        for fmt, render in (("txt", render_text), ("html", render_html)):
            name = f"annual_{i:03d}.{fmt}"
            rep = make_report(rng, name, unfilled=True)
            (out / name).write_text(render(rep, rng), encoding="utf-8")
            write_truth(rep, truth / f"annual_{i:03d}_{fmt}.json")


def write_truth(rep: Report, path: Path) -> None:
    """The known values of a generated report, beside it, for the tests."""
    path.write_text(json.dumps({"file": rep.file, "title": rep.title, "issuer": rep.issuer,
                                "variant": rep.variant.__dict__, "values": rep.values},
                               ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
