"""Annual reports as a crawler saves them: a header block, then the page's text with the
tables' cells glued together ('640020470'), from the same truth as corpus/annual.py.

Traits of real crawls (../shared/real/text): a 标题/发布时间/发布机构/本地目录 header
with an empty 发布机构; sections run together on one line; a row's cells glued, or
partly spaced; prose restating some figures. On request, a printed total made wrong on
purpose (the rules it breaks are the truth's failing checks) and a figure in the prose
stated wrong (a failing prose_table check).

Spacing: "unique" puts spaces between glued cells until each row's digits can be cut
one way only (every key can be read from the text); "none" glues every row whole.

    python -m tongbao.corpus.annual_glued --out corpus/samples --truth corpus/truth --count 4
"""

from __future__ import annotations

import datetime as dt
import random

import regex

from tongbao.corpus.annual import (
    KEYS,
    SEC4_COLS,
    SEC4_LABELS,
    SEC4_ROWS,
    Report,
    _sec2_blocks,
    make_report,
    printed_figure,
    sec3_rows_in_order,
)
from tongbao.corpus.annual_headings import heading
from tongbao.corpus.generate import sample_arguments, write_sample
from tongbao.extract.readers.text.cuts import cuts
from tongbao.extract.readers.text.glued import figure_form
from tongbao.extract.tables.annual import sec3_outcomes, template_rules

SEC3_ORDER = list(KEYS["sec3"]["columns"])  # 自然人, 商业企业 … 总计, as the crawl prints them
SEC3_HEADER = "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"


def readings(run: str, keys: list[str]) -> int:
    """How many ways (0, 1 or more: at most 2 counted) the reader can cut a row's run into
    these keys' cells, each in the form of its measure (a space always a boundary)."""
    return len(cuts(run, tuple(map(figure_form, keys)), limit=1))


def _run(cells: list[str], keys: list[str], spacing: str, rng: random.Random) -> str:
    """A row's cells glued; with "unique", spaces added until it reads one way only."""
    gaps = [False] * (len(cells) - 1)

    def text() -> str:
        return "".join(c + (" " if i < len(gaps) and gaps[i] else "") for i, c in enumerate(cells))
    while spacing == "unique" and readings(text(), keys) > 1:
        open_gaps = [i for i, g in enumerate(gaps) if not g and (len(cells[i]) > 1
                                                                 or len(cells[i + 1]) > 1)]
        gaps[rng.choice(open_gaps or [i for i, g in enumerate(gaps) if not g])] = True
    return text()


def misprint(rep: Report, rng: random.Random) -> str:
    """One printed total made wrong on purpose; the key it changes."""
    split = not rep.variant.other_single
    choices = ([f"sec3.{r}.total" for r in sec3_outcomes(split)]
               + [f"sec3.total_processed.{c}" for c in SEC3_ORDER[:-1]]
               + [f"sec4.{r}.total" for r in SEC4_ROWS])
    key = rng.choice(choices)
    rep.values[key] += rng.randint(1, 9)
    return key


def broken_rules(rep: Report) -> list[str]:
    """check:scope of every template rule the printed values break."""
    v = rep.values
    return sorted(f"{r.check}:{r.scope}" for r in template_rules(not rep.variant.other_single)
                  if all(k in v for k in r.expected + r.actual)
                  and sum(v[k] for k in r.expected) != sum(v[k] for k in r.actual))


def prose(rep: Report, rng: random.Random, wrong: bool = False) -> tuple[list[str], list[dict]]:
    """Sentences restating figures (规范性文件, 办结 and its parts, the lawsuits and their
    outcomes), and the prose_table checks they make; with `wrong`, the lawsuits' 结果维持 stated
    wrong. A sentence counting information (不予公开信息数…条) restates no table figure at all;
    one counting the documents in force on a clean-up day is skipped, not failed."""
    v, out, checks = rep.values, [], []
    issued, in_force = v.get("sec2.normative_docs.issued"), v.get("sec2.normative_docs.in_force")
    if not rep.variant.layout_2019 and in_force >= issued > 0 and rng.random() < 0.3:
        # 现行有效 counted on the day of a clean-up, before the year's new ones: not the
        # table's year-end figure, and no claim that either is wrong
        before = in_force - issued
        out.append(f"清理并集中发布现行有效规范性文件{printed_figure(before)}件，动态更新本年度制发的规范性文件"
                   f"{printed_figure(issued)}件。")
        checks.append({"check": "prose_table", "scope": "清理并集中发布现行有效规范性文件 ~ "
                       "sec2.normative_docs.in_force", "expected": before, "actual": in_force,
                       "status": "skipped" if before != in_force else "pass"})
    elif not rep.variant.layout_2019:
        out.append(f"本年度制发规范性文件{printed_figure(issued)}件，废止规范性文件"
                   f"{printed_figure(v['sec2.normative_docs.repealed'])}件，现行有效规范性文件"
                   f"{printed_figure(in_force)}件。")
    # Information made and held, counted in 条 under the outcome words of sec3 (不予公开48条):
    # no application is counted here, so no sentence of these restates the table.
    made, public = rng.randint(300, 900), rng.randint(50, 200)
    asked = rng.randint(10, min(120, made - public - 1))  # 不予公开 keeps at least 1
    withheld = made - public - asked
    out.append(rng.choice([
        f"{rep.year}年制作、获取政府信息总数{made}条，其中主动公开政府信息{public}条，"
        f"依申请公开信息数{asked}条，不予公开信息数{withheld}条。",
        f"{rep.year}年，共制发政府信息{made}条，其中，主动公开政府信息{public}条、依申请公开"
        f"{asked}条、不予公开{withheld}条。"]))
    # Parts whose words name no template row alone (公开答复, 其他方式答复) under a whole
    # that does (办结): they restate nothing, least of all their whole's 总计.
    processed, granted = v["sec3.total_processed.total"], v["sec3.granted.total"]
    if processed > granted > 0:
        out.append(f"全年办结依申请{printed_figure(processed)}件，其中公开答复{printed_figure(granted)}件，"
                   f"其他方式答复{printed_figure(processed - granted)}件。")
    lawsuits = v["sec4.litigation_direct.total"] + v["sec4.litigation_after_review.total"]
    upheld = v["sec4.litigation_direct.upheld"] + v["sec4.litigation_after_review.upheld"]
    stated = upheld + (rng.randint(1, 3) if wrong else 0)
    if lawsuits:
        out.append(f"本年度发生政府信息公开行政诉讼{printed_figure(lawsuits)}件，其中结果维持{printed_figure(stated)}件。")
        checks.append({"check": "prose_table",
                       "scope": "结果维持 ~ sec4.litigation_direct.upheld + "
                                "sec4.litigation_after_review.upheld",
                       "expected": stated, "actual": upheld,
                       "status": "fail" if stated != upheld else "pass"})
    if rng.random() < 0.5:
        out.append(published_by_category(rng, wrong, checks))
    return out, checks


# What a 2019-era report says it published, by category: names that hold a 、 of their own
# (政策、规范性文件类信息), the last the rest (其他应主动公开政府信息).
CATEGORIES = ["机构职能类信息", "政策、规范性文件类信息", "规划计划类信息", "行政许可类信息",
              "重大建设项目信息", "为民办实事类信息", "财政预决算类信息", "安全生产、应急管理类信息",
              "扶贫、教育、医疗、社会保障、促进就业类信息"]


def published_by_category(rng: random.Random, wrong: bool, checks: list[dict]) -> str:
    """全年共主动公开政府信息2599条，（其中机构职能类信息25条，…，其他应主动公开政府信息856条）:
    a bracket after the whole, a comma before it as often as not (real: 平潭 2019). Its
    parts are all of it (其他 the rest): a sum stated wrong fails, but where a comma sets
    the bracket apart (whose parts they are is then less sure) it is skipped."""
    names = [*rng.sample(CATEGORIES, rng.randint(2, 6)), "其他应主动公开政府信息"]
    parts = [rng.randint(0, 990) for _ in names]
    total = sum(parts) + (rng.randint(1, 60) if wrong else 0)
    comma = rng.choice(["", "，"])
    checks.append({"check": "fact_parts_sum", "scope": "全年共主动公开政府信息", "expected": total,
                   "actual": sum(parts), "parts": [[n, v] for n, v in zip(names, parts, strict=True)],
                   "status": "pass" if not wrong else "skipped" if comma else "fail"})
    listed = "，".join(f"{n}{v}条" for n, v in zip(names, parts, strict=True))
    return f"全年共主动公开政府信息{total}条{comma}（其中{listed}）。"


# Departments publish their own reports; a crawler's header often names them as their own
# site does, by the level word alone (区公安局), while the title names the division.
DEPARTMENTS = ["公安局", "行政审批局", "财政局", "民政局", "教育局", "市场监督管理局"]


def as_department(rep: Report, rng: random.Random) -> tuple[str, str]:
    """Make rep a department's report: (the 发布机构 its crawl prints, its full name). The
    header names the department by its level word alone (区公安局), or names the portal's
    government, which publishes every department's report (平潭综合实验区人民政府)."""
    government = rep.issuer
    place = government.removesuffix("人民政府")
    department = rng.choice(DEPARTMENTS)
    rep.issuer = place + department
    rep.title = f"{rep.issuer}{rep.year}年度政府信息公开工作年度报告"
    return rng.choice([place[-1] + department, government]), rep.issuer


def set_up_mid_year(rep: Report, rng: random.Random) -> None:
    """Make rep the first report of a body set up during its year: its figures cover the
    days from its first month on, which its 统计期限 says and its title does not."""
    rep.window = dt.date(rep.year, rng.randint(2, 11), 1), dt.date(rep.year, 12, 31)


def copy_last_years_window(rep: Report) -> None:
    """Make rep's 统计期限 sentence one copied unchanged from last year's report: the
    title's year is the period, not the sentence's."""
    rep.window = dt.date(rep.year - 1, 1, 1), dt.date(rep.year - 1, 12, 31)


def _whole_year(rep: Report) -> tuple[dt.date, dt.date]:
    return dt.date(rep.year, 1, 1), dt.date(rep.year, 12, 31)


def covered(rep: Report) -> tuple[dt.date, dt.date]:
    """The days rep's figures cover: the stated window where it lies inside the title's
    year, else that year."""
    year = _whole_year(rep)
    inside = rep.window and year[0] <= rep.window[0] <= rep.window[1] <= year[1]
    return rep.window if inside else year


def as_division(rep: Report) -> tuple[str, str]:
    """Make rep titled by its division alone (平潭综合实验区2020年度政府信息公开工作年度报告),
    as a crawl whose 发布机构 is empty prints it: (that header, the division as printed)."""
    rep.issuer = rep.issuer.removesuffix("人民政府")
    rep.title = f"{rep.issuer}{rep.year}年度政府信息公开工作年度报告"
    return "", rep.issuer


def _crawl_head(rep: Report, rng: random.Random, header_issuer: str = "") -> list[str]:
    """The crawler's header above the page's text (标题, 发布时间, 发布机构 …, 正文)."""
    return [f"标题: {rep.title}", f"发布时间: {rep.year + 1}-02-{rng.randint(10, 28)} 15:22", "文号: ",
            f"发布机构: {header_issuer}", "栏目: 政府信息公开年报",
            f"原文链接: https://www.example.gov.cn/zwgk/t{rep.year + 1}0120_{rng.randint(1000, 9999)}.htm",
            f"本地目录: zwgk/zfxxgknb/{rep.year + 1}01/{rng.randint(1000, 9999)}_{rep.title}",
            "==================== 正文 ====================="]


def render_attachment_page(rep: Report, rng: random.Random) -> str:
    """The crawled page of a report published as an attachment (real: 平潭综合实验区公安局
    2020): its title, a line pointing to the file, no figure; the truth is that nothing of
    the report can be read from it."""
    kind = rng.choice(["doc", "docx", "pdf", "wps"])
    link = rng.choice([f"附件：{rep.title}.{kind}", f"{rep.title}.{kind}",
                       f"详见附件。\n附件下载：{rep.title}.{kind}"])
    return "\n".join([*_crawl_head(rep, rng), rep.title, link, ""])


def render_glued(rep: Report, rng: random.Random, spacing: str = "unique",
                 sentences: list[str] | None = None, header_issuer: str = "") -> str:
    v = rep.values
    head = _crawl_head(rep, rng, header_issuer)
    start, end = rep.window or _whole_year(rep)
    body = [rep.title, "根据《中华人民共和国政府信息公开条例》要求，编制完成了本报告。本报告所列数据的"
            f"统计期限自{start.year}年{start.month}月{start.day}日起至{end.year}年{end.month}月"
            f"{end.day}日止。", heading(rep, 0),
            f"{rep.year}年，我区持续做好政府信息公开工作。", *(sentences or []), heading(rep, 1)]
    for block in _sec2_blocks(rep):
        names = [KEYS[block.section]["columns"][c] for c in block.columns]
        body.append(block.title + "信息内容" + "".join(names))
        for row, label in block.rows:
            cells = [printed_figure(v[f"{block.section}.{row}.{c}"], rep.variant.thousands)
                     for c in block.columns]
            # 本年增/减 is printed signed as often as not: +1 beside -3 (行政许可0+11)
            cells = ["+" + x if c == "change" and v[f"{block.section}.{row}.{c}"] > 0
                     and rng.random() < 0.5 else x for c, x in zip(block.columns, cells, strict=True)]
            if row == "procurement" and rng.random() < 0.5:  # 政府集中采购 2笔 984361元
                body.append(f"{label} {cells[0]}笔 {cells[1]}元")
                continue
            body.append(label + _run(cells, [f"{block.section}.{row}.{c}" for c in block.columns],
                                     spacing, rng))
    body += [heading(rep, 2) + "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
             SEC3_HEADER]
    spec = KEYS["sec3"]["rows"]
    previous_group = None
    for row in sec3_rows_in_order(sec3_outcomes(not rep.variant.other_single)):
        parts = regex.split(r"\s+(?=\d+\.)", spec[row])
        label = parts[-1] if len(parts) > 1 and parts[0] == previous_group else "".join(parts)
        if row == "granted":
            label = "三、本年度办理结果" + label
        previous_group = parts[0] if len(parts) > 1 else None
        keys = [f"sec3.{row}.{c}" for c in SEC3_ORDER]
        body.append(label + _run([printed_figure(v[k]) for k in keys], keys, spacing, rng))
    sec4_keys = [f"sec4.{r}.{c}" for r in SEC4_ROWS for c in SEC4_COLS]
    body += [heading(rep, 3),
             "行政复议行政诉讼" + "".join(SEC4_LABELS) + "未经复议直接起诉复议后起诉"
             + "".join(SEC4_LABELS) + "".join(SEC4_LABELS)
             + _run([printed_figure(v[k]) for k in sec4_keys], sec4_keys, spacing, rng),
             heading(rep, 4), "公开工作仍有不足。", heading(rep, 5), "无。"]
    glue = rng.choice([" ", ""])
    return "\n".join(head) + "\n" + glue.join(body) + "\n"


def truth_of(rep: Report, misprinted: str | None, prose_checks: list[dict]) -> dict:
    return {"file": rep.file, "title": rep.title, "issuer": rep.title.split(str(rep.year))[0],
            "period": [d.isoformat() for d in covered(rep)],
            "values": rep.values, "misprinted": misprinted,
            "failing_checks": broken_rules(rep) + [f"{c['check']}:{c['scope']}" for c in prose_checks
                                                   if c["status"] == "fail"],
            "prose_checks": prose_checks}


def main(argv: list[str] | None = None) -> None:
    out, truth, rng, count = sample_arguments(__doc__, 4, 17, argv)
    for i in range(count):
        name = f"crawl_{i:03d}.txt"
        rep = make_report(rng, name)
        if i % 4 == 1:
            set_up_mid_year(rep, rng)
        elif i % 4 == 3:
            copy_last_years_window(rep)
        misprinted = misprint(rep, rng) if i % 2 == 0 else None
        sentences, checks = prose(rep, rng, wrong=i % 4 == 1)
        write_sample(out, truth, name, render_glued(rep, rng, "unique", sentences),
                     truth_of(rep, misprinted, checks))


if __name__ == "__main__":
    main()
