"""Score notices rendered to PDF with an unruled table: columns held by alignment alone.

The score table of a generated notice (corpus/generate.py: 单位名称, four
component scores, 总分, a chosen fraction of totals printed wrong) set as
aligned text with no ruling lines, between paragraphs of prose on white fills.

    python -m tongbao.corpus.notice_pdf --out corpus/samples --truth corpus/truth --count 2
"""

from __future__ import annotations

import io
import random

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tongbao.corpus.annual_pdf import FONT, HEAD, PROSE
from tongbao.corpus.generate import (
    SCORE_PARTS,
    NoticeTruth,
    _num,
    make_notice,
    sample_arguments,
    write_sample,
)

PROSE_LINES = ["各街道办事处、各镇政府，区人民政府各部门：",
               "根据政府网站管理工作要求，区政府办公室对各部门网站进行了检查，现将有关情况通报如下。",
               "各单位要对照检查结果认真整改，进一步加强网站内容保障，确保信息发布及时、准确。"]


# Headings of groups of rows, each alone on its line (a table goes on across them).
GROUP_HEADINGS = ["一、区直部门", "二、其他单位"]


def render_scores_pdf(t: NoticeTruth, rng: random.Random) -> bytes:
    rows = [["单位名称", *SCORE_PARTS, "总分"]]
    # Half the tables part their rows into two groups, each under its numbered heading.
    starts = {0: GROUP_HEADINGS[0], rng.randint(1, len(t.scores) - 1): GROUP_HEADINGS[1]} \
        if len(t.scores) > 1 and rng.random() < 0.5 else {}
    for i, s in enumerate(t.scores):
        if i in starts:
            rows.append([starts[i]] + [""] * (len(SCORE_PARTS) + 1))
        rows.append([s.name, *map(_num, s.parts), _num(s.printed_total)])
    # Each column as wide as its header (9 pt a character) plus a random margin.
    widths = [130] + [len(h) * 9 + rng.choice([8, 14, 22]) for h in [*SCORE_PARTS, "总分"]]
    table = Table(rows, colWidths=widths, rowHeights=rng.choice([16, 18, 22]))
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9),
                               ("ALIGN", (1, 0), (-1, -1), rng.choice(["LEFT", "CENTER", "RIGHT"]))]))
    story = [Paragraph(t.title, HEAD), Spacer(1, 6)]
    story += [Paragraph(line, PROSE) for line in PROSE_LINES[:2]]
    story += [Spacer(1, 10), Paragraph("附件 部门网站管理情况", PROSE), Spacer(1, 6), table,
              Spacer(1, 10), Paragraph(PROSE_LINES[2], PROSE), Paragraph(t.issuer, PROSE)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=40, rightMargin=40, title=t.title,
                      invariant=1).build(story)
    return buf.getvalue()


def make_scores_pdf(rng: random.Random, name: str, wrong_fraction: float = 0.15
                    ) -> tuple[NoticeTruth, bytes]:
    t = make_notice(rng, name, wrong_fraction=wrong_fraction)
    return t, render_scores_pdf(t, rng)


def truth_of(t: NoticeTruth) -> dict:
    """What the PDF shows: the score table, and which printed totals are wrong."""
    return {"file": t.file, "title": t.title,
            "scores": [{"unit": s.name, "parts": dict(zip(SCORE_PARTS, s.parts, strict=True)),
                        "printed_total": s.printed_total} for s in t.scores],
            "wrong_totals": sorted(s.name for s in t.scores
                                   if round(sum(s.parts), 1) != s.printed_total)}


def main(argv: list[str] | None = None) -> None:
    out, truth, rng, count = sample_arguments(__doc__, 2, 31, argv)
    for i in range(count):
        name = f"scores_pdf_{i:03d}.pdf"
        t, body = make_scores_pdf(rng, name)
        write_sample(out, truth, name, body, truth_of(t))


if __name__ == "__main__":
    main()
