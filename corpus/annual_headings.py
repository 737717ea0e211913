"""A report's title as the text prints it (opening), and the section headings of the
national annual-report template, numbered as a report prints them: as the template (一、总体情况 … 五、存在的主要问题及改进情况), or misnumbered -
one number printed twice (real: a 旅文体局 2019 report's 二、主动公开… 二、收到和处理…), one
skipped, 三. for 三、. A reader must tell a section by its heading's words."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tongbao.corpus.annual import Report

SECTIONS = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
NUMERALS = "一二三四五六七八九十"
NUMBERINGS = ["template", "repeated", "skipped", "dotted"]


# Section 4 worded as some publishers word it (上海's 2022 report, 文登区信访局's).
SEC4_WORDED = ["因政府信息公开工作被申请行政复议、提起行政诉讼情况", "因政府信息公开申请行政复议、行政诉讼情况"]


def heading(rep: Report, section: int) -> str:
    """Section `section`'s heading (0: 一、总体情况 … 5: 六、其他需要报告的事项), numbered
    as the report's variant prints it; section 4 now and then worded otherwise (drawn
    apart from the report's other draws)."""
    style = rep.variant.numbering
    n = section - (style == "repeated" and section >= 2) + (style == "skipped" and section >= 2)
    words = SECTIONS[section]
    if section == 3 and (worded := random.Random(rep.title)).random() < 0.3:
        words = worded.choice(SEC4_WORDED)
    return NUMERALS[n] + ("." if style == "dotted" else "、") + words


def opening(rep: Report) -> list[str]:
    """The lines before 一、总体情况: the title, unless the page prints it elsewhere or not
    at all; then the days the figures cover, which then date the report."""
    if rep.variant.title_place == "body":
        # A third of them set it on two lines, broken at the year or before it, as a page
        # centres a long heading (drawn apart from the other draws: samples stay as they were)
        split = rep.variant.title_break or random.Random(rep.title).choice(
            [None, None, "after", "before", None, None])
        year = f"{rep.year}年"
        if split == "within":
            at = rep.title.index("政府信息公开") + 2
            return [rep.title[:at], rep.title[at:]]
        if split and year in rep.title:
            at = rep.title.index(year) + (len(year) if split == "after" else 0)
            return [rep.title[:at], rep.title[at:]]
        return [rep.title]
    return [f"本报告中所列数据统计期限为{rep.year}年1月1日至12月31日。"]
