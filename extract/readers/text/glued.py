"""Annual-report tables whose cells a crawler glued together, split back.

    一、本年新收政府信息公开申请数量640020470   ->  64 0 0 2 0 4 70

Each template row's label is found in order; the digits up to the next label
are that row's cells, glued or space-separated. Every way of cutting them into
the row's cells is a reading (splitting.py scores them): the template's rules
(row totals, column balance and outcomes) and the figures the prose restates
are evidence, never a gate, so a report whose own totals do not add up is still
read, and the rules its best reading breaks are its findings. A value that
differs between equally good readings comes out empty, its candidates named in
a check, never guessed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

import regex

from tongbao.extract.model import Check
from tongbao.extract.prose.facts import read_facts
from tongbao.extract.prose.figures import PROSE_MEASURES
from tongbao.extract.prose.measures import MONEY, measure_of
from tongbao.extract.prose.template_figures import added_to, restated
from tongbao.extract.readers.text.cuts import PLAIN, cuts
from tongbao.extract.readers.text.splitting import Equality, Figure, Slot, Stated, best_readings
from tongbao.extract.tables.annual import printed_sec3_columns, spaced, template, template_rules
from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.labels import NUMBERING
from tongbao.normalize.numbers import measure_words

MAX_CUTS = 50_000
SEC3_COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
SEC4_COLS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


@dataclass
class Row:
    key: str  # sec3.granted
    labels: list[str]  # as printed, outermost first
    run: str  # the digits after the label
    width: int
    columns: list[str] | None = None  # its cells' keys, as printed (sec3: the header's order)


def _label_parts(key_label: str) -> list[str]:
    return regex.split(r"\s+(?=\d+\.)", key_label.strip())


# A number as a cell prints it, no leading zero, in the form of its key's measure
# (extract/data/measures.yaml): a count is whole and never negative, a change (本年增/减)
# prints +1 and -3, money may have decimals.
FORMS = {"count": r"0|[1-9]\d*", "change": r"0|[-+]?[1-9]\d*", MONEY: PLAIN}


def figure_form(key: str) -> str:
    return FORMS[measure_of(key, None, [])]


def _cuts(run: str, keys: tuple[str, ...]) -> list[tuple[Figure, ...]] | None:
    """Every way to read `run` as the cells of these keys, each in its column's form (a
    space is always a boundary); None when there are more than MAX_CUTS."""
    found = cuts(run, tuple(map(figure_form, keys)), limit=MAX_CUTS)
    if len(found) > MAX_CUTS:
        return None
    return [tuple(_figure(x) for x in c) for c in found]


def _figure(digits: str) -> Figure:
    return Decimal(digits) if "." in digits else int(digits)


@cache
def _run_patterns() -> tuple[regex.Pattern, regex.Pattern]:
    """A row's run of figures, and the measure word printed after a figure that ends its
    cell (2笔 984361元): the unit words figures in running text are read with."""
    unit = rf"(?<=\d)\s*(?:{'|'.join(map(regex.escape, measure_words(*PROSE_MEASURES)))})"
    return regex.compile(rf"(?:[\d\s.+-]|{_DASHES}|{unit})*"), regex.compile(unit)


# A cell printing nothing in a run of figures (— for 0): a run of dashes, or a slash, or a
# hyphen standing alone. Not a minus before a digit (本年增/减 prints -3).
_DASHES = r"[—–―－/／]"
_PLACEHOLDER = regex.compile(r"[—–―－]+|[/／]|(?<![^\s])-(?![^\s])")


def _run(printed: str) -> str:
    """The run's figures, a placeholder read as the 0 it stands for (a template's cell)."""
    return _PLACEHOLDER.sub(" 0 ", printed).strip()


def _find_rows(text: str) -> list[Row]:
    """sec2, sec3 and sec4 rows located in order, each with its run of digits."""
    spec = template()
    plan: list[tuple[str, list[str], int]] = []
    sec2 = "sec2_2019" if regex.search(r"本年新制作数量|上一年项目数量", text) else "sec2"
    for key, s in spec[sec2]["rows"].items():
        plan.append((f"{sec2}.{key}", [s["label"]], len(s.get("columns", [])) or 0))
    for key, label in spec["sec3"]["rows"].items():
        plan.append((f"sec3.{key}", _label_parts(label), 7))
    out: list[Row] = []
    starts = _section_starts(text)
    if not starts:
        return []
    located = []
    pos = 0
    for key, parts, width in plan:
        section = key.split(".")[0].replace("_2019", "")
        if section not in starts:
            continue
        begin, end = starts[section]
        pos = max(pos, begin)
        m = regex.compile(spaced(parts[-1])).search(text, pos, end)
        if m is None:  # printed without its numbering (属于国家秘密 for 1.属于国家秘密)
            bare = NUMBERING.sub("", unicodedata.normalize("NFKC", parts[-1]))
            m = regex.compile(spaced(bare)).search(text, pos, end) if bare else None
        if m is None or (key == "sec3.other" and _has(text, pos, "申请人无正当理由")):
            continue
        located.append((key, parts, width, m))
        pos = m.end()
    run_pattern, cell_unit = _run_patterns()
    first_row = next((m.start() for key, _, _, m in located if key.startswith("sec3")), None)
    sec3 = printed_sec3_columns(text[starts["sec3"][0]:first_row]) if "sec3" in starts and \
        first_row else None
    for i, (key, parts, width, m) in enumerate(located):
        end = located[i + 1][3].start() if i + 1 < len(located) else len(text)
        # a unit printed after a figure ends its cell (政府集中采购 2笔 984361元)
        run = _run(cell_unit.sub(" ", run_pattern.match(text, m.end(), end).group()))
        if key.startswith("sec2."):
            width = _sec2_width(text[:m.start()])
        out.append(Row(key, parts, run, width, sec3 if key.startswith("sec3") else None))
    sec4 = regex.search(rf"尚未\s*审结\s*总\s*计\s*(?P<run>(?:\d|{_DASHES})(?:[\d\s]|{_DASHES})*)",
                        text[starts["sec4"][0]:]) if "sec4" in starts else None
    if sec4:
        out.append(Row("sec4", ["行政复议/行政诉讼"], _run(sec4["run"]), 15))
    return out


_HEADINGS = {
    "sec2": r"二、\s*主动公开政府信息情况",
    "sec3": r"三、\s*收到和处理政府信息公开申请情况",
    "sec4": r"四、\s*(?:因)?政府信息公开(?:申请)?行政\S{0,2}复议",
    "sec5": r"五、\s*(?:政府信息公开工作)?存在的主要问题",
}


def _section_starts(text: str) -> dict[str, tuple[int, int]]:
    """Where each section's table region begins and ends (its heading to the next)."""
    found = {k: m.end() for k, p in _HEADINGS.items() if (m := regex.search(p, text))}
    order = sorted(found.items(), key=lambda kv: kv[1])
    return {k: (start, order[i + 1][1] if i + 1 < len(order) else len(text))
            for i, (k, start) in enumerate(order) if k != "sec5"}


def _has(text: str, pos: int, label: str) -> bool:
    return regex.search(spaced(label), text[pos:]) is not None


def _sec2_width(before: str) -> int:
    """Columns of the block a sec2 row sits in: the header just before it."""
    block = before[before.rfind("第二十条"):]
    return 3 if "制发" in block or "废止" in block else 1


def _stated(prose: list[str]) -> list[Stated]:
    """The figures the prose states for template values (annual_prose.yaml)."""
    facts, _ = read_facts(prose, None, "pins")
    by_id = {f.fact_id: f for f in facts}
    out = []
    for f in facts:
        sums = restated(f, by_id.get(f.parent_fact_id))
        if sums:
            out.append(Stated(tuple(sums), _figure(f"{f.value:f}".rstrip("0").rstrip("."))))
    return out


def _not_before_additions(stated: list[Stated], slots: list[Slot]) -> list[Stated]:
    """The stated figures, less each count held on a day (现行有效6件) that may leave out the
    year's additions the text also states (制发10件): where their sum is a reading of the
    cell (16), the figure may be of a day before them, and chooses no reading."""
    alone = {s.sums[0][0]: s.value for s in stated if len(s.sums) == 1 and len(s.sums[0]) == 1}

    def before(key: str, value: Figure) -> bool:
        added = added_to(key)
        if added not in alone:  # the common case: no held count, no cuts looked at
            return False
        return any(value + alone[added] == cut[slot.keys.index(key)]
                   for slot in slots if key in slot.keys for cut in slot.candidates)
    return [s for s in stated if not (len(s.sums) == 1 and len(s.sums[0]) == 1
                                      and before(s.sums[0][0], s.value))]


def _columns(row: Row) -> list[str]:
    if row.columns:
        return row.columns
    if row.key == "sec4":
        return [f"{r}.{c}" for r in ("review", "litigation_direct", "litigation_after_review")
                for c in ("upheld", "corrected", "other", "pending", "total")]
    if row.key.startswith("sec3"):
        return list(template()["sec3"]["columns"])
    if row.key.startswith("sec2_2019"):
        return template()["sec2_2019"]["rows"][row.key.split(".")[1]]["columns"]
    cols = ("issued", "repealed", "in_force") if row.width == 3 else (
        "amount" if row.key.endswith("fees") else "decisions",)
    return list(cols)


@dataclass
class Solution:
    rows: list[Row]
    values: dict[str, Figure | None]  # None: unsure (see candidates) or unreadable
    candidates: dict[str, list[Figure]] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)  # row key -> why


def solve(text: str, prose: list[str]) -> Solution:
    """The rows found and each key's value, from the best readings of their digits."""
    text = unicodedata.normalize("NFKC", text)
    rows = _find_rows(text)
    slots, unreadable = [], {}
    blank = _zeros_printed_as_nothing(rows)
    for row in rows:
        keys = tuple(f"{row.key}.{n}" for n in _columns(row))
        short = blank and row.run and len(row.run.split()) < row.width
        cuts = [] if short else _cuts(row.run, keys)
        if short:
            unreadable[row.key] = (f"the report prints its zeros as nothing, and the figures "
                                   f"'{row.run}' do not say which of the row's {row.width} "
                                   "cells they fill")
        elif cuts is None:
            unreadable[row.key] = f"the digits '{row.run}' allow more than {MAX_CUTS} readings"
        elif not cuts:
            unreadable[row.key] = (f"the digits '{row.run}' cannot be read as the row's "
                                   f"{row.width} cells")
        slots.append(Slot(keys, cuts or []))
    split = any(r.key.startswith("sec3.other_") for r in rows)
    rules = [Equality(r.expected, r.actual) for r in template_rules(split)]
    outcome = best_readings(slots, rules, _not_before_additions(_stated(prose), slots))
    return Solution(rows, outcome.values, outcome.candidates, unreadable)


def _zeros_printed_as_nothing(rows: list[Row]) -> bool:
    """A request table whose rows of zeros print no figure at all and whose other rows
    never print a 0: its zeros are empty cells, which a crawl that joins cells with spaces
    leaves no trace of (a row's figures may then be any of its cells, not glued cells)."""
    sec3 = [r for r in rows if r.key.startswith("sec3")]
    runs = [r.run.split() for r in sec3 if r.run]
    # Spaced, not glued: every row prints two figures or more (a figure and its total), and
    # no figure starts with 0 (a glued crawl prints 0000000 or 0300003).
    return any(not r.run for r in sec3) and all(len(run) >= 2 for run in runs) and \
        not any(tok.startswith("0") for run in runs for tok in run)


def _fmt(v: Figure) -> str:
    return str(v)


def glued_grids(text: str, prose: list[str], doc_id: str) -> tuple[list[Grid], list[Check]]:
    """The report's tables as grids, and a check for every cell left unsure."""
    sol = solve(text, prose)
    if not sol.rows:
        return [], []
    grids = []
    for section in ("sec2", "sec3", "sec4"):
        mine = [r for r in sol.rows if r.key.startswith(section)]
        if mine:
            grids.append(_grid(section, mine, sol))
    checks = [Check(doc_id, None, "glued_split", key, None, None, "skipped",
                    f"the glued cells allow {len(c)} readings: {', '.join(map(_fmt, c))}")
              for key, c in sol.candidates.items()]
    checks += [Check(doc_id, None, "glued_split", key, None, None, "skipped", why)
               for key, why in sol.unreadable.items()]
    return grids, checks


def _cell(key: str, sol: Solution) -> str:
    """A value as read; an unsure one as ?(its candidates), an unreadable one as ?."""
    if key in sol.candidates:
        return "?(" + "|".join(_fmt(v) for v in sol.candidates[key]) + ")"
    if key not in sol.values:
        return ""
    return "?" if sol.values[key] is None else _fmt(sol.values[key])


def _grid(section: str, rows: list[Row], sol: Solution) -> Grid:
    cells: list[GridCell] = []
    if section == "sec4":
        heads = [("行政复议", 0), ("未经复议直接起诉", 5), ("复议后起诉", 10)]
        cells += [GridCell(0, c, t, col_span=5, is_header=True) for t, c in heads]
        cells += [GridCell(1, i, SEC4_COLS[i % 5], is_header=True) for i in range(15)]
        names = _columns(rows[0])
        cells += [GridCell(2, i, _cell(f"sec4.{n}", sol))
                  for i, n in enumerate(names)]
        return Grid(cells, 3, 15, "text-glued", "四、政府信息公开行政复议、行政诉讼情况", 1, 1, {0, 1})
    if section == "sec3":
        cells += [GridCell(0, 3, "自然人", row_span=2, is_header=True),
                  GridCell(0, 4, "法人或其他组织", col_span=5, is_header=True),
                  GridCell(0, 9, "总计", row_span=2, is_header=True)]
        named = dict(zip(template()["sec3"]["columns"], SEC3_COLS, strict=True))
        cells += [GridCell(1, 4 + i, named[k], is_header=True)
                  for i, k in enumerate(_columns(rows[0])[1:6])]
        r0, width, labels_at, title = 2, 10, 3, "三、收到和处理政府信息公开申请情况"
    elif rows[0].key.startswith("sec2_2019"):
        names = list(template()["sec2_2019"]["columns"])
        cells += [GridCell(0, 1 + i, template()["sec2_2019"]["columns"][n], is_header=True)
                  for i, n in enumerate(names)]
        r0, width, labels_at, title = 1, 1 + len(names), 1, "二、主动公开政府信息情况"
    else:
        names = ["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额（单位：万元）"]
        cells += [GridCell(0, 1 + i, t, is_header=True) for i, t in enumerate(names)]
        r0, width, labels_at, title = 1, 6, 1, "二、主动公开政府信息情况"
    for i, row in enumerate(rows):
        r = r0 + i
        parts = row.labels if section == "sec3" else row.labels[-1:]
        start = labels_at - len(parts)
        cells += [GridCell(r, start + j, t) for j, t in enumerate(parts)]
        if row.key.startswith("sec2_2019"):
            all_cols = list(template()["sec2_2019"]["columns"])
            cells += [GridCell(r, 1 + all_cols.index(n), _cell(f"{row.key}.{n}", sol))
                      for n in _columns(row)]
            continue
        offset = labels_at
        if section == "sec2":
            offset = 1 if row.width == 3 else (5 if row.key.endswith("fees") else 4)
        cells += [GridCell(r, offset + j, _cell(f"{row.key}.{n}", sol))
                  for j, n in enumerate(_columns(row))]
    return Grid(cells, r0 + len(rows), width, "text-glued", title, 1, 1, set(range(r0)))
