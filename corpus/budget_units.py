"""The units a budget covers, listed in a table under the sentence that leads to it, as
普陀's 决算s print it: 纳入…编制范围的单位包括： wraps, and its last line alone
(制范围的单位包括：) is no title; the whole sentence is the table's caption."""

from __future__ import annotations

import random

from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from tongbao.corpus.annual_pdf import BASE, PROSE

KINDS = ["行政单位", "事业单位"]


def units_table(rng: random.Random, issuer: str) -> tuple[list, str]:
    """The sentence and the table, and the caption a reader should give the table."""
    sentence = (f"纳入{issuer}2023年度部门预算编制范围的单位包括本部门机关本级和所属"
                f"{rng.choice(['全部', '2家'])}事业单位，具体名单如下：")
    rows = [["序号", "单位名称", "单位性质"], ["1", f"{issuer}（本级）", KINDS[0]]]
    rows += [[str(k), f"{issuer}下属第{k - 1}事业单位", KINDS[1]] for k in range(2, rng.randint(3, 5))]
    table = Table(rows, colWidths=[40, 300, 90])
    table.setStyle(TableStyle(BASE))
    return [Paragraph(sentence, PROSE), Spacer(1, 4), table], sentence
