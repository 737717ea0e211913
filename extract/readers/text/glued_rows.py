"""An annual report's template rows found in a text by their labels, in order, each with
the run of figures printed after it (glued.py reads the runs as cells).

The text is a crawled page's, or a PDF's as drawn (readers/pdf/page_text.py), with a
form feed between pages. A section's heading bounds where its rows are looked for; a
request-table header printed again after a page break is blanked first, so its 其他 and
总计 are not taken for the rows'.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import regex

from tongbao.extract.prose.figures import PROSE_MEASURES
from tongbao.extract.tables.annual import spaced, template
from tongbao.extract.tables.grid import Grid
from tongbao.extract.tables.labels import CN_NUMERALS, ITEM_NUMBER, NUMBERING
from tongbao.extract.tables.organisations import printed_order
from tongbao.normalize.numbers import measure_words
from tongbao.normalize.patterns import LazyPattern, compile_pattern


@dataclass
class Row:
    key: str  # sec3.granted
    labels: list[str]  # as printed, outermost first
    run: str  # the digits after the label
    width: int
    columns: list[str] | None = None  # its cells' keys, as printed (sec3: the header's order)
    page: int = 1  # where its label is printed (pages part at form feeds)
    starts_line: bool = False  # its label begins a line (not one inside a header's)
    # Which of the run's figures (run.split()) were printed as a dash: the cell printed no
    # number (a total not filled in is not a 0: checks/template.py unfilled_totals)
    blanks: frozenset[int] = frozenset()
    order_doubt: str | None = None  # sec3: why the organisations' columns are not known


def _label_parts(key_label: str) -> list[str]:
    return regex.split(r"\s+(?=\d+\.)", key_label.strip())


@cache
def _run_patterns() -> tuple[regex.Pattern, regex.Pattern]:
    """A row's run of figures, and the measure word printed after a figure that ends its
    cell (2笔 984361元): the unit words figures in running text are read with."""
    unit = rf"(?<=\d)\s*(?:{'|'.join(map(regex.escape, measure_words(*PROSE_MEASURES)))})"
    return compile_pattern(rf"(?:(?!{_NEXT_NUMBER})(?:[\d\s.+-]|{_THOUSANDS}|{DASHES}|{unit}))*"), \
        compile_pattern(unit)


# A cell printing nothing in a run of figures (— for 0): a run of dashes, or a slash, or a
# hyphen standing alone. Not a minus before a digit (本年增/减 prints -3).
DASHES = r"[—–―－/／]"
_PLACEHOLDER = LazyPattern(r"[—–―－]+|[/／]|(?<![^\s])-(?![^\s])")
# The next row's numbering (5.要求…, 5、要求…) where its label lost its place in the text (a
# converter set it around its figures): a figure never ends at a point before a word.
_NEXT_NUMBER = ITEM_NUMBER
# A comma grouping a figure's thousands (16,674): part of the figure, not the run's end
# (glued.py's forms tell where such a figure can start).
_THOUSANDS = r"(?<=\d),(?=\d{3}(?!\d))"


def _run(printed: str) -> tuple[str, frozenset[int]]:
    """The run's figures, a placeholder read as the 0 it stands for (a template's cell),
    and which of them were placeholders."""
    figures, blanks, at = [], set(), 0
    for m in _PLACEHOLDER.finditer(printed):
        figures += printed[at:m.start()].split()
        blanks.add(len(figures))
        figures.append("0")
        at = m.end()
    figures += printed[at:].split()
    return " ".join(figures), frozenset(blanks)


def find_rows(text: str) -> list[Row]:
    """sec2, sec3 and sec4 rows located in order, each with its run of digits."""
    spec = template()
    plan: list[tuple[str, list[str], int]] = []
    starts = _section_starts(text)
    # The 2019 template's section 2 or the later one's, as its own heading's region prints
    # it (a file binding a 2020 and a 2021 report prints both)
    region = text[slice(*starts["sec2"])] if "sec2" in starts else text
    sec2 = "sec2_2019" if regex.search(r"本年新制作数量|上一年项目数量", region) else "sec2"
    for key, s in spec[sec2]["rows"].items():
        plan.append((f"{sec2}.{key}", [s["label"]], len(s.get("columns", [])) or 0))
    for key, label in spec["sec3"]["rows"].items():
        plan.append((f"sec3.{key}", _label_parts(label), 7))
    out: list[Row] = []
    if not starts:
        return []
    text = _without_page_numbers(text)
    if "sec3" in starts:
        text = _without_repeated_headers(text, starts["sec3"])
    located = []
    pos = 0
    for key, parts, width in plan:
        section = key.split(".")[0].replace("_2019", "")
        if section not in starts:
            continue
        begin, end = starts[section]
        pos = max(pos, begin)
        m = _label_at(parts[-1], text, pos, end)
        if m is None or (key == "sec3.other" and _has(text, pos, "申请人无正当理由")):
            continue
        located.append((key, parts, width, m.start(), m.end(), m.groupdict().get("inside")))
        pos = m.end()
    run_pattern, cell_unit = _run_patterns()
    first_row = next((start for key, _, _, start, *_ in located if key.startswith("sec3")), None)
    header = text[starts["sec3"][0]:first_row] if "sec3" in starts and first_row else ""
    header = header[header.rfind("。") + 1:]  # prose above the table (…其他1件。) is no header
    sec3, doubt = printed_order(header) if header else (None, None)
    for i, (key, parts, width, start, label_end, inside) in enumerate(located):
        end = located[i + 1][3] if i + 1 < len(located) else len(text)
        # a unit printed after a figure ends its cell (政府集中采购 2笔 984361元)
        after = text[label_end:min(run_pattern.match(text, label_end).end(), end)]
        run, blanks = _run(cell_unit.sub(" ", f"{inside} {after}" if inside else after))
        if key.startswith("sec2."):
            width = _sec2_width(text[:start])
        out.append(Row(key, parts, run, width, sec3 if key.startswith("sec3") else None,
                       _page(text, start), _starts_line(text, start, parts[:-1]), blanks,
                       doubt if key.startswith("sec3") else None))
    if "sec4" in starts and (sec4 := _sec4_run(text, *starts["sec4"])) is not None:
        run, blanks = _run(sec4[1])
        out.append(Row("sec4", ["行政复议/行政诉讼"], run, 15, page=_page(text, sec4[0]),
                       starts_line=True, blanks=blanks))
    return out


# A line of five figures or more and nothing else (a dash for a cell printing nothing).
_FIGURES_LINE = LazyPattern(rf"(?m)^[^\S\n]*(?P<run>(?:(?:\d+|{DASHES}+)[^\S\n]+){{4,}}(?:\d+|{DASHES}+))[^\S\n]*$")


def _sec4_run(text: str, begin: int, end: int) -> tuple[int, str] | None:
    """Where section 4's figures are printed, after its header's last 总计, and their run;
    an empty run where its header ends the section (a table of zeros printed as nothing)."""
    heads = list(regex.finditer(rf"{spaced('尚未审结总计')}\s*(?P<run>(?:\d|{DASHES})(?:[\d\s]|{DASHES})*)?",
                                text[begin:]))  # wrapped anywhere (尚 未 / 审结, 尚未审 / 结)
    printed = next((m for m in heads if m["run"] and begin + m.start() < end), None)
    if printed:
        return begin + printed.start("run"), printed["run"]
    last = [m for m in heads if begin + m.end() <= end]
    if last:
        return begin + last[-1].end(), ""
    # The header's words wrapped cell by cell and set side by side (结果 结果 其他 尚未 总 /
    # 维持 纠正 结果 审结 计, pdfminer's text): its one row is the section's line of figures
    row = _FIGURES_LINE.search(text, begin, end)
    return (row.start("run"), row["run"]) if row else None


def _label_at(label: str, text: str, pos: int, end: int) -> regex.Match | None:
    """Where a row's label is printed: as the template numbers it, or numbered otherwise
    (2、 for 2.: that number is the label's, not the row above's figure), or printed without
    its numbering (属于国家秘密); else wrapped around its own figures (group `inside`)."""
    bare = NUMBERING.sub("", unicodedata.normalize("NFKC", label))
    for printed in (spaced, _around_figures):
        ways = [printed(label)] + ([f"{_own_numbering(label)}(?:{printed(bare)})", printed(bare)]
                                   if bare else [])
        for way in ways:
            if m := compile_pattern(way).search(text, pos, end):
                return m
    return None


@cache
def _around_figures(label: str) -> str:
    """A pattern of a label printed around its row's figures: its first lines, a line of
    the figures, its last lines (5.要求行政机关确 / — 5 — — — — / 认或重新出具已获取信息), as
    pdfminer sets a row whose label wraps, its figures on the label's middle line, after
    its group's word drawn there (其他 of （六）其他处理). The break falls after a word of
    the label, never in its numbering."""
    chars = [c for c in unicodedata.normalize("NFKC", label) if not c.isspace()]
    first = next((i for i, c in enumerate(chars) if regex.match(r"\p{Han}", c)), len(chars))
    line = (r"[^\S\n]*\n[^\S\n]*(?:\p{Han}{1,6}[^\S\n]+)?"
            rf"(?P<inside>(?:\d|{DASHES})(?:[\d.,+-]|{DASHES}|[^\S\n])*)\n\s*")
    return "|".join(f"(?:{spaced(''.join(chars[:k]))}{line}{spaced(''.join(chars[k:]))})"
                    for k in range(first + 1, len(chars)))


def _own_numbering(label: str) -> str:
    """A pattern of the label's numbering with either mark (2、 or 2. for the template's
    2.; （三） or (三)), and the spaces after it; one that never matches where it has none."""
    m = NUMBERING.match(unicodedata.normalize("NFKC", label))
    if m is None:
        return "(?!)"
    numeral = regex.escape(m[m.lastgroup])
    # (never the last digit of the row above's figure: 22 then a group label's 、)
    mark = rf"\(\s*{numeral}\s*\)" if m.lastgroup.startswith("p") else rf"(?<!\d){numeral}\s*[、.]"
    return mark + r"\s*"


# A page's number printed at its foot, on a line of its own: — 5 —, - 5 -, 第5页, 第5页 共12页.
# Inside a table that runs over a page break it would be taken for the row's figures.
_PAGE_NUMBER = LazyPattern(
    r"(?<=^|[\n\f])[^\S\n\f]*(?:(?P<dash>[-—–－~～]{1,2})[^\S\n\f]*\d{1,3}[^\S\n\f]*(?P=dash)"
    r"|第[^\S\n\f]*\d{1,3}[^\S\n\f]*页(?:[^\S\n\f]*[,，]?[^\S\n\f]*共[^\S\n\f]*\d{1,3}[^\S\n\f]*页)?)"
    r"[^\S\n\f]*(?=[\n\f]|$)")


def _without_page_numbers(text: str) -> str:
    """The text with its page numbers blanked (offsets kept: pages are counted by form feed)."""
    return _PAGE_NUMBER.sub(lambda m: " " * len(m.group()), text)


def _without_repeated_headers(text: str, sec3: tuple[int, int]) -> str:
    """The text with the request table's header blanked where a page break printed it again
    (a PDF's table over two pages): a line of header words only, whose 其他 and 总计 would
    be taken for the rows' labels. Its first header, before the first row, stays."""
    label = NUMBERING.sub("", unicodedata.normalize("NFKC", template()["sec3"]["rows"]["new_received"]))
    first = compile_pattern(spaced(label)).search(text, *sec3)  # 一、 printed or not
    if first is None:
        return text
    return text[:first.end()] + _header_line().sub(lambda m: " " * len(m.group()),
                                                   text[first.end():])


@cache
def _header_line() -> regex.Pattern:
    """A line of the header's words, two or more; or one group's word alone (法人或其他组织,
    申请人情况), whose 其他 would be taken for the row 其他's label: a column's word alone
    (其他, 总计) may be a row's."""
    labels = template()["sec3"]["columns"].values()
    words = {"申请人情况", *(w for label in labels for w in label.split(" / "))}
    groups = {"申请人情况", *(label.split(" / ")[0] for label in labels if " / " in label)}
    word, group = ("|".join(spaced(w) for w in sorted(ws, key=len, reverse=True))
                   for ws in (words, groups))
    return compile_pattern(rf"(?m)^[^\S\n]*(?:(?:(?:{word})[^\S\n]*){{2,}}|(?:{group})[^\S\n]*)$")


def _starts_line(text: str, at: int, groups: list[str] = ()) -> bool:
    """Its label begins a line, or follows only its group's label there (不予公开 属于国家秘密:
    a row printing nothing, drawn on its group's line)."""
    before = _bare(text[max(text.rfind("\n", 0, at), text.rfind("\f", 0, at)) + 1:at])
    return not before or any(before == _bare(g) for g in groups)


def _bare(label: str) -> str:
    """A label without its numbering and white space."""
    return "".join(NUMBERING.sub("", unicodedata.normalize("NFKC", label).strip()).split())


def _page(text: str, at: int) -> int:
    return text.count("\f", 0, at) + 1


# A section is told by its heading's words, whatever number it prints: reports misnumber
# them (二、主动公开… then 二、收到和处理…, a number skipped, 三. for 三、)
_NUMBERED = rf"[{CN_NUMERALS}]{{1,2}}\s*[、.．]\s*"
_HEADINGS = {
    "sec2": _NUMBERED + r"主动公开政府信息情况",
    "sec3": _NUMBERED + r"收到和处理政府信息公开申请情况",
    # 政府信息公开行政复议…, 因政府信息公开申请行政复议…, 因政府信息公开工作被申请行政复议、提起…
    "sec4": _NUMBERED + r"(?:因)?政府信息公开[^，,。；;\s]{0,6}?行政\S{0,2}复议",
    "sec5": _NUMBERED + r"(?:政府信息公开工作)?存在的主要问题",
}


def reports_printed(text: str) -> int:
    """How many times the text prints the template's request section (三、收到和处理…): more
    than once where one file binds several reports (two years, or departments' reports)."""
    return len(regex.findall(_HEADINGS["sec3"], text))


def _second_report_page(pages: list[str]) -> int | None:
    """The page that prints a second report's request section, in a file binding several
    (its grids are that report's); None where the file prints one."""
    seen = 0
    for number, text in enumerate(pages, start=1):
        seen += reports_printed(text)
        if seen >= 2:
            return number
    return None


def table_sections(lines: list[str]) -> range:
    """The lines from the heading of the template's first table section (二、主动公开…) up
    to the heading after its last (五、存在的主要问题…): tables only, in the template. Empty
    where either heading is not found."""
    first = next((i for i, ln in enumerate(lines) if regex.search(_HEADINGS["sec2"], ln)), None)
    if first is None:
        return range(0)
    end = next((i for i in range(first, len(lines)) if regex.search(_HEADINGS["sec5"], lines[i])),
               None)
    return range(first, end) if end is not None else range(0)


def _section_starts(text: str) -> dict[str, tuple[int, int]]:
    """Where each section's table region begins and ends (its heading to the next)."""
    found = {k: m.end() for k, p in _HEADINGS.items() if (m := regex.search(p, text))}
    order = sorted(found.items(), key=lambda kv: kv[1])
    return {k: (start, order[i + 1][1] if i + 1 < len(order) else len(text))
            for i, (k, start) in enumerate(order) if k != "sec5"}


def _has(text: str, pos: int, label: str) -> bool:
    return regex.search(spaced(label), text[pos:]) is not None


def _sec2_width(before: str) -> int:
    """Columns of the block a sec2 row sits in: its header just before it (第二十条第（一）项
    and 信息内容 本年制发件数 …, or the latter alone where a converter left out the block's
    one-cell title row)."""
    cut = max(before.rfind("第二十条"), before.rfind("信息内容"))
    block = before[cut:] if cut >= 0 else ""
    return 3 if "制发" in block or "废止" in block else 1


def prints_request_table(text: str) -> bool:
    """The text prints an annual report's request table: its first row's label, split by a
    stray space (本年新收政府信息 公开申请数量), or wrapped around its row's figures as
    pdfminer sets it (一、本年新收政府信息 / 60 30 23 — 7 — 120 / 公开申请数量), or not."""
    return "本年新收政府信息公开申请数量" in _NO_FIGURES.sub("", text)


def request_table_unread(grids: list[Grid], text: str, by_page: bool = False) -> bool:
    """An annual report's request table whose cells no grid holds: printed without cell
    separators (a crawl), or without ruling lines (a PDF). by_page: text's pages are parted
    by form feeds, and in a file binding several reports only the first report's grids
    count (a later report's ruled table would give the keys its figures)."""
    later = _second_report_page(text.split("\f")) if by_page else None
    return prints_request_table(text) and not any(
        "本年新收" in c.text for g in grids if later is None or g.page_first < later
        for c in g.cells)


def prints_template(text: str) -> bool:
    """The text prints an annual report's tables: its request table, or (that one an image,
    or a flip-book's page holding section 4 alone) section 2's or section 4's."""
    if prints_request_table(text):
        return True
    starts = _section_starts(text)
    return ("sec2" in starts and _SEC2_BLOCKS.search(text, *starts["sec2"]) is not None
            or "sec4" in starts and _sec4_run(text, *starts["sec4"]) is not None)


# Section 2's blocks: their title rows, or (a converter leaving those out) their headers
_SEC2_BLOCKS = LazyPattern(r"第二十条|本年制发件数|本年处理决定数量|本年新制作数量")


def template_unread(grids: list[Grid], text: str, by_page: bool = False) -> bool:
    """request_table_unread; where the text prints no request table, its section 2's or
    section 4's table that no grid holds."""
    if prints_request_table(text):
        return request_table_unread(grids, text, by_page)
    return prints_template(text) and not any("第二十条" in c.text or "尚未审结" in c.text
                                             for g in grids for c in g.cells)


_NO_FIGURES = LazyPattern(rf"(?:\s|\d|{DASHES})+")
