"""Annual reports rendered to PDF with the traits real ones have, from the same truth as
corpus/annual.py.

Ruled tables with merged cells (申请人情况 over seven columns, （三）不予公开 over
its eight rows), 三、本年度办理结果 printed vertically one character per line,
labels that wrap inside their cell, the request table broken over a page inside
its groups (the merged cells continue empty on the next page, the header
repeated or not), and every prose line on a white filled rectangle (a fill that
is not a border). On request, tables ruled by rows only or not at all (a PDF saved
from a web page): the committed samples after the fourth are.

    python -m tongbao.corpus.annual_pdf --out corpus/samples --truth corpus/truth --count 6
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pdfplumber
import pypdfium2
import regex
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tongbao.corpus.annual import (
    KEYS,
    ORG_LABELS,
    SEC4_COLS,
    SEC4_LABELS,
    SEC4_ROWS,
    Report,
    _num,
    _sec2_blocks,
    _sec3_columns,
    _sec3_rows,
    make_report,
    write_truth,
)
from tongbao.corpus.annual_headings import heading
from tongbao.corpus.generate import sample_arguments

# A CJK TrueType font from Debian's fonts-wqy-microhei (make test installs it) is embedded,
# so the pages render with their glyphs; without it, reportlab's built-in STSong-Light
# (not embedded: the text layer is right, a renderer may show no glyphs).
DEBIAN_FONTS = ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"]


def _register_fonts() -> tuple[str, str]:
    """The font of the text, and a second one for figures where a document sets them
    apart (Word and WPS print them in Times New Roman): the same file's monospaced face."""
    for path in DEBIAN_FONTS:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont("CJK", path, subfontIndex=0))
            pdfmetrics.registerFont(TTFont("Figures", path, subfontIndex=1))
            return "CJK", "Figures"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light", "Times-Roman"


FONT, FIGURES = _register_fonts()
_FIGURE = regex.compile(r"\d[\d.,%]*")


def figures_apart(text: str) -> str:
    """A Paragraph's text with its figures set in FIGURES."""
    return _FIGURE.sub(lambda m: f'<font name="{FIGURES}">{m.group()}</font>', text)


PROSE = ParagraphStyle("prose", fontName=FONT, fontSize=11, leading=16, backColor="white")
HEAD = ParagraphStyle("head", parent=PROSE, fontSize=14, leading=22)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10)
SEC3_WIDTHS = [20, 55, 150] + [38] * 7
# How a table is ruled: every cell ("grid", as the template prints it), rows only, or not
# at all (a PDF saved from a web page without borders).
RULES = {"grid": [("GRID", (0, 0), (-1, -1), 0.6, "black")],
         "rows": [("LINEBELOW", (0, 0), (-1, -1), 0.6, "black"),
                  ("LINEABOVE", (0, 0), (-1, 0), 0.6, "black")],
         "none": []}
UNRULED = [("FONT", (0, 0), (-1, -1), FONT, 8), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
BASE = UNRULED + RULES["grid"]  # the ruled style every generated PDF table starts from


def _cell(text: str) -> Paragraph:
    return Paragraph(text, CELL)


def _sec3_header(rep: Report) -> tuple[list[list], list]:
    orgs = [ORG_LABELS[c] for c in rep.variant.org_columns]
    rows = [[_cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), "", "",
             "申请人情况", "", "", "", "", "", ""],
            ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
            ["", "", "", "", *(_cell(o) for o in orgs), ""]]
    spans = [("SPAN", (0, 0), (2, 2)), ("SPAN", (3, 0), (9, 0)), ("SPAN", (3, 1), (3, 2)),
             ("SPAN", (4, 1), (8, 1)), ("SPAN", (9, 1), (9, 2))]
    return rows, spans


def _sec3_tables(rep: Report, rng: random.Random, rules: str = "grid") -> list[Table]:
    """The request table, split over two pages inside the outcome rows."""
    rows = _sec3_rows(rep, rng)
    outcome = [i for i, (labels, _) in enumerate(rows) if len(labels) > 1]
    cut = rng.randint(outcome[0] + 2, outcome[-1] - 1)
    repeat = rng.random() < 0.5
    # Half the time a group the break runs through prints part of its label at the foot
    # of the page and the rest at the top of the next ("（四）无" / "法提供").
    cut_group = rows[cut][0][1] if len(rows[cut][0]) == 3 and len(rows[cut - 1][0]) == 3 \
        and rows[cut - 1][0][1] == rows[cut][0][1] and rng.random() < 0.5 else None
    if cut_group:
        k = rng.randint(1, len(cut_group) - 1)
        rep.page_cut = (cut_group[:k], cut_group[k:])
    tables = []
    for part, chunk in ((0, range(0, cut)), (1, range(cut, len(rows)))):
        data, style = _sec3_header(rep) if part == 0 or repeat else ([], [])
        first = len(data)
        for n, i in enumerate(chunk):
            labels, key = rows[i]
            nums = [_num(rep, f"sec3.{key}.{c}") for c in _sec3_columns(rep)]
            data.append(["", "", "", *nums])
            r = first + n
            if len(labels) == 1:
                data[r][0] = _cell(_broken(rep, labels[0], rng))
                style.append(("SPAN", (0, r), (2, r)))
                continue
            group_rows = [j for j in chunk if len(rows[j][0]) > 1]
            if i == group_rows[0]:  # the vertical label, or its empty continuation
                text = "<br/>".join(labels[0]) if part == 0 or i == outcome[0] else ""
                data[r][0] = _cell(text)
                style.append(("SPAN", (0, r), (0, first + group_rows[-1] - chunk[0])))
            if len(labels) == 2:
                data[r][1] = _cell(_broken(rep, labels[1], rng))
                style.append(("SPAN", (1, r), (2, r)))
            else:
                members = [j for j in chunk if len(rows[j][0]) == 3 and rows[j][0][1] == labels[1]]
                if i == members[0]:
                    starts_here = i == min(j for j, (lab, _) in enumerate(rows)
                                           if len(lab) == 3 and lab[1] == labels[1])
                    text = labels[1] if starts_here else ""
                    if labels[1] == cut_group:
                        text = rep.page_cut[part]
                    data[r][1] = _cell(text)
                    style.append(("SPAN", (1, r), (1, first + members[-1] - chunk[0])))
                data[r][2] = _cell(_broken(rep, labels[2], rng))
        table = Table(data, colWidths=SEC3_WIDTHS, repeatRows=0)
        table.setStyle(TableStyle(UNRULED + RULES[rules] + style + [("ALIGN", (3, 0), (-1, -1), "CENTER")]))
        tables.append(table)
    return tables


def _broken(rep: Report, text: str, rng: random.Random) -> str:
    """A label broken over two lines inside its cell, where the variant says so."""
    if not rep.variant.line_breaks or len(text) < 8 or rng.random() < 0.5:
        return text
    cut = rng.randint(3, len(text) - 3)
    return text[:cut] + "<br/>" + text[cut:]


def _sec2_table(rep: Report, rules: str = "grid") -> Table:
    data, style = [], []
    for block in _sec2_blocks(rep):
        r = len(data)
        data.append([block.title, "", "", ""])
        style.append(("SPAN", (0, r), (3, r)))
        names = [KEYS[block.section]["columns"][c] for c in block.columns]
        widths = {1: [3], 2: [1, 2], 3: [1, 1, 1]}[len(block.columns)]
        for label, cells in [("信息内容", names)] + [
                (label, [_num(rep, f"{block.section}.{row}.{c}") for c in block.columns])
                for row, label in block.rows]:
            r = len(data)
            line, col = [label], 1
            for text, w in zip(cells, widths, strict=True):
                line += [_cell(text)] + [""] * (w - 1)
                if w > 1:
                    style.append(("SPAN", (col, r), (col + w - 1, r)))
                col += w
            data.append(line)
    table = Table(data, colWidths=[140, 115, 115, 115])
    table.setStyle(TableStyle(UNRULED + RULES[rules] + style))
    return table


def sec4_labels_wrapped(rep: Report) -> bool:
    """Whether section 4's header labels wrap in their narrow cells (结果/维持, 总/计), three
    reports in ten (drawn apart: the samples keep theirs): a PDF's text then prints the
    header's words column by column, 尚未审结总计 nowhere in one run."""
    return random.Random(f"{rep.title} sec4").random() < 0.3


def _sec4_table(rep: Report, rules: str = "grid") -> Table:
    labels = [rep.variant.pending if label == "尚未审结" else label for label in SEC4_LABELS]
    if sec4_labels_wrapped(rep):
        labels = [f"{t[:len(t) // 2]}<br/>{t[len(t) // 2:]}" for t in SEC4_LABELS]
    data = [["行政复议", "", "", "", "", "行政诉讼", *[""] * 9],
            [*labels, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
            [""] * 5 + labels * 2,
            [_num(rep, f"sec4.{r}.{c}") for r in SEC4_ROWS for c in SEC4_COLS]]
    data = [[_cell(x) if x else "" for x in row] for row in data]
    style = [("SPAN", (0, 0), (4, 0)), ("SPAN", (5, 0), (14, 0)), ("SPAN", (5, 1), (9, 1)),
             ("SPAN", (10, 1), (14, 1))] + [("SPAN", (c, 1), (c, 2)) for c in range(5)]
    table = Table(data, colWidths=[33] * 15)
    table.setStyle(TableStyle(UNRULED + RULES[rules] + style))
    return table


def render_pdf(rep: Report, rng: random.Random, rules: str = "grid",
               request_table: bool = True) -> bytes:
    """request_table False: the request table is not in the text (a picture of it, its
    page scanned): sections 2 and 4 alone are printed as tables."""
    story = [Paragraph(rep.title, HEAD), Paragraph(heading(rep, 0), PROSE),
             Paragraph(f"{rep.year}年，我区持续做好政府信息公开工作，及时回应社会关切。", PROSE),
             Paragraph(heading(rep, 1), PROSE), Spacer(1, 6), _sec2_table(rep, rules),
             PageBreak(), Paragraph(heading(rep, 2), PROSE), Spacer(1, 6)]
    first, second = _sec3_tables(rep, rng, rules)
    if not request_table:
        first, second = Paragraph("（见下图）", PROSE), Spacer(1, 200)
    story += [first, PageBreak(), second, Spacer(1, 12),
              Paragraph(heading(rep, 3), PROSE), Spacer(1, 6), _sec4_table(rep, rules),
              Spacer(1, 12), Paragraph(heading(rep, 4), PROSE), Paragraph("无。", PROSE)]
    buf = io.BytesIO()

    def page_number(canvas, doc) -> None:
        if rep.variant.page_numbers:
            canvas.setFont(FONT, 10)
            canvas.drawCentredString(A4[0] / 2, 30, rep.variant.page_numbers.format(doc.page))

    SimpleDocTemplate(buf, pagesize=A4, leftMargin=50, rightMargin=50, title=rep.title,
                      invariant=1).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buf.getvalue()


def render_pdf_text(rep: Report, rng: random.Random, rules: str = "grid",
                    engine: str = "pdfium") -> str:
    """The report's PDF as a crawler or a converter saves its text: each page's text as
    PDFium gives it (one line of text a line: a wrapped label over several, a header's
    words in drawing order), or as pdfminer (pdfplumber) does (lines by position: a
    wrapped header's first lines side by side, a one-line label on a line below them),
    pages parted by a form feed or by nothing but a line break."""
    pdf = render_pdf(rep, rng, rules)
    if engine == "pdfminer":
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            pages = [page.extract_text() or "" for page in doc.pages]
    else:
        pages = _pdfium_pages(pdf)
    apart = random.Random(rep.title).choice(["\f", "\n"])
    return apart.join(pages)


def flipbook_pages(rep: Report, rng: random.Random, rules: str = "grid",
                   book: str | None = None) -> list[str]:
    """The report's PDF as a flip-book publishes it, a web page a PDF page: each page's text
    under the book's title and the page's number (Page 3 - 某区…年度报告), so a page that
    holds section 4 alone names its report only there; or under a book named otherwise
    (Page 9 - 2020年报_审计局), where only its tables tell it."""
    pages = _pdfium_pages(render_pdf(rep, rng, rules))
    return [f"Page {n} - {book or rep.title}\n{text}" for n, text in enumerate(pages, start=1)]


def _pdfium_pages(pdf: bytes) -> list[str]:
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range().replace("\r\n", "\n")
                for i in range(len(doc))]
    finally:
        doc.close()


SAMPLE_RULES = ["grid"] * 4 + ["rows", "none"]  # the template's grid first, then without it


def main(argv: list[str] | None = None) -> None:
    out, truth, rng, count = sample_arguments(__doc__, len(SAMPLE_RULES), 23, argv)
    for i in range(count):
        name = f"annual_pdf_{i:03d}.pdf"
        rep = make_report(rng, name, unfilled=True)
        (out / name).write_bytes(render_pdf(rep, rng, SAMPLE_RULES[i % len(SAMPLE_RULES)]))
        write_truth(rep, truth / f"annual_pdf_{i:03d}.json")


if __name__ == "__main__":
    main()
