"""The section headings of the national annual-report template, numbered as a report
prints them: as the template (一、总体情况 … 五、存在的主要问题及改进情况), or misnumbered -
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
