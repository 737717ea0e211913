"""A crawled table's rows as a grid (for webtable.py): figures read, open cells marked.

Each row's glued figures are read under the table's printed form and chosen by
its arithmetic (webtable_cells.py). A cell the readings agree on is printed as
read; one they leave open is '?(a|b)' with its candidates and a skipped
`glued_split` check naming them; a row none of whose readings fits keeps its
figures as one text cell, with a skipped `glued_row` check; when no row reads,
a `glued_table` check says the rows cannot be told apart. A table whose rows or columns
cannot be told apart at all is kept as its header's cells over its body (kept_as_cells).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tongbao.extract.model import Check
from tongbao.extract.readers.text import webtable_cells as cells
from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.labels import Vocabulary
from tongbao.normalize.gazetteer import Division, gazetteer
from tongbao.normalize.jurisdictions import LEVEL_WORDS
from tongbao.normalize.numbers import parse_number
from tongbao.normalize.units import exact_unit


def kept_as_cells(heads: list[str], body: str, why: str, title: str | None = None
                  ) -> tuple[Grid, Check]:
    """A table kept as cells without values: its header's cells over its body as one cell,
    and a skipped glued_table check saying `why` (nothing printed is lost, nothing guessed)."""
    cells = [GridCell(0, i, h, is_header=True) for i, h in enumerate(heads)]
    grid = Grid([*cells, GridCell(1, 0, body, col_span=len(heads))], 2, len(heads),
                "text-glued", title, page_first=1, page_last=1, header_rows={0})
    return grid, Check("", None, "glued_table", " / ".join(heads[:3]), None, None, "skipped",
                       f"{why}: {body[:60]}")


def is_phone(header: str) -> bool:
    return "电话" in header or "手机" in header


@dataclass
class Header:
    labels: list[str]  # label columns: 序号, 单位编号, 单位名称, 项目名称, 主管部门
    paths: list[list[str]]  # value columns, outermost label first
    suffix: list[str]  # after the values: 排名, 等次, 联系电话
    heads: list[GridCell] = field(default_factory=list)
    depth: int = 1
    ups: int = 1  # its rows printed in this many halves side by side (序号 乡镇 得分 × 2)


@dataclass
class Line:
    marker: str | None  # its sequence number or unit code
    name: str
    runs: list[str] = field(default_factory=list)  # its glued figures, piece by piece
    texts: list[str] = field(default_factory=list)  # its text cells after the figures
    options: list[tuple[str, ...]] = field(default_factory=list)
    unread: str | None = None  # why its figures are not read, where it is not "they fit no reading"


def grid_of(header: Header, lines: list[Line], voc: Vocabulary, where: Division | None = None
            ) -> tuple[Grid, list[Check]]:
    """where: the division the table's title names (洛阳市西工区…), if any: a glued unit is
    never read as another place's."""
    n_values = len(header.paths)
    numeric = [s for s in header.suffix if voc.is_rank_header(s) or is_phone(s)]
    kinds = [cells.column_kind(p, voc) for p in header.paths]
    runs = [" ".join(line.runs) for line in lines]
    rules = cells.row_rules(header.paths, voc)
    rules += [cells.Rule("max", n_values + i, [], limit=len(lines))  # a rank: 1 … rows
              for i, s in enumerate(numeric) if voc.is_rank_header(s)]
    printed = cells.choose_printed(runs, kinds, [cells.PHONE if is_phone(s) else cells.RANK
                                                 for s in numeric], rules)
    # With no arithmetic to confirm a reading, the header must say every value column holds
    # figures: else a column of words (地址, 法人代表) took the figures of another's
    unconfirmed = not any(rule.kind != "max" for rule in rules)
    wordy = [p[-1] for p in header.paths if not (voc.looks_like_metric(p[-1]) or voc.period(p[-1]))]
    for line, run in zip(lines, runs, strict=True):
        if unconfirmed and wordy:
            line.options = []
            continue
        options, every = cells.readings(run, printed.forms(), whole=printed.spaced)
        if not any(cells.violations(o, rules) == 0 for o in options):  # more lost?
            options, every = cells.readings(run, printed.forms(), True, printed.spaced)
        line.options = cells.pick(options, rules) if every else []
        if not every:
            line.unread = (f"its glued figures '{run}' place the cells the crawl lost more than "
                           f"{cells.MAX_PLACINGS:,} ways: a reading found among some of them may "
                           "not be the table's")
        if unconfirmed and line.options and all("" in o for o in line.options):
            line.options = []  # read only with cells lost, and no arithmetic says which
    # Rows the arithmetic leaves open, or that no reading satisfies (a figure printed
    # wrong), are read again the way the settled rows print nothing (— or empty cells).
    settled = [line.options[0] for line in lines if len(line.options) == 1
               and not cells.violations(line.options[0], rules)]
    marks, empties = cells.conventions(settled)
    for line, run in zip(lines, runs, strict=True):
        if settled and (len(line.options) > 1 or line.options
                        and cells.violations(line.options[0], rules)):
            tries = []
            for m in (marks, cells.MARKS):  # a '-' the settled rows never printed
                found, every = cells.readings(run, printed.forms(m), empties, printed.spaced)
                if every:  # (a reading among some of the placements is never sure)
                    tries.append(cells.pick([o for o in found if cells.conforms(o, m, empties)],
                                            rules))
            again = min((t for t in tries if t), default=[],
                        key=lambda t: min(cells.violations(o, rules) for o in t))
            if again and min(cells.violations(o, rules) for o in again) <= min(
                    cells.violations(o, rules) for o in line.options or again):
                line.options = again
    for line in lines:
        if len(line.options) > 1:
            line.options = cells.as_its_columns_print_nothing(line.options, settled)
    total = next((i for i, line in enumerate(lines) if voc.total_row_check(line.name)), None)
    cells.settle_by_totals([line.options for line in lines], total,
                           [j for j, k in enumerate(kinds) if k != "rate"], rules)
    n_labels = len(header.labels)
    width = n_labels + n_values + len(header.suffix)
    out: list[GridCell] = list(header.heads)
    checks: list[Check] = []
    unit_last = n_labels >= 2 and voc.is_unit_header(header.labels[-1]) and \
        not voc.is_unit_header(header.labels[-2]) and not is_marker_column(header.labels[-2], voc)
    row_labels = [_labels(line, header, voc, unit_last, where) for line in lines]
    if unit_last:
        _level_words_as_the_table_prints_them(row_labels)
    for i, (line, labels) in enumerate(zip(lines, row_labels, strict=True)):
        r = header.depth + i
        if len(labels) == 1 and n_labels > 1 and voc.total_row_check(labels[0]):
            out.append(GridCell(r, 0, labels[0], col_span=n_labels))
        else:
            out += [GridCell(r, c, t) for c, t in enumerate(labels) if t]
        scope = " / ".join(x for x in labels[-1:] if x)
        if not line.options:  # every figure unsure: the glued run kept in the first
            out += [GridCell(r, n_labels + j, runs[i] if j == 0 else "?", candidates=[])
                    for j in range(n_values)]
            checks.append(Check("", None, "glued_row", scope, None, None, "skipped",
                                line.unread or f"its glued figures '{runs[i]}' fit no reading "
                                f"of {n_values} cells as the table prints them"))
        else:
            slots = list(range(n_values)) + [n_values + k for k, s in enumerate(header.suffix)
                                             if s in numeric]
            out += _value_cells(line, header, slots, r, n_labels, scope, checks)
        texts = iter(line.texts)
        for k, s in enumerate(header.suffix):
            if s not in numeric and (t := next(texts, None)):
                out.append(GridCell(r, n_labels + n_values + k, t))
    if lines and not any(line.options for line in lines):
        why = (f"its column {wordy[0]} names no figure and no arithmetic ties its figures, so "
               "which figure is whose cannot be told" if unconfirmed and wordy else
               f"none of its {len(lines)} rows reads as {n_values} figures")
        checks.append(Check("", None, "glued_table", " / ".join(header.labels), None, None,
                            "skipped", f"the rows of this table cannot be told apart: {why}"))
    grid = Grid(out, header.depth + len(lines), width, "text-glued", page_first=1, page_last=1,
                header_rows=set(range(header.depth)))
    return grid, checks


def is_marker_column(label: str, voc: Vocabulary) -> bool:
    return voc.is_rank_header(label) or voc.is_code_header(label)


def _labels(line: Line, header: Header, voc: Vocabulary, unit_last: bool,
            where: Division | None) -> list[str]:
    """The row's label cells: its marker in a 序号/单位编号 column (else glued to its
    name, as the page printed it), its name, its unit split off when the header has a
    unit column after the name (项目名称 | 主管部门)."""
    name = line.name
    if voc.total_row_check(name) and not line.marker:
        return [name]  # 合计 across the label columns
    out: list[str] = []
    if header.labels and is_marker_column(header.labels[0], voc):
        out.append(line.marker or "")
    elif line.marker:
        name = f"{line.marker} {name}"
    if unit_last and not voc.total_row_check(name):
        out += _split_name(name, where)
    else:
        out.append(name)
    return out if len(out) > 1 or not line.marker or out[0] else out[1:]


def _split_name(name: str, where: Division | None = None) -> list[str]:
    """A project's name glued to its unit's (…工程洛阳市西工区教育局): the longest ending
    the unit registry knows is the unit, with the place name printed before it
    (…治理鼓楼区住房和城乡建设局: 鼓楼区 lies in three cities, so only 区住房和城乡建设局
    resolves without the document's jurisdiction, but the unit's name begins at 鼓楼).
    With the table's division known, a place outside it (and not above it) is no unit's:
    in a 洛阳 table 乡村振兴示范县住房和城乡建设局 is not …示|范县 (濮阳) 住房和城乡建设局."""
    places = gazetteer()
    for i in range(1, len(name) - 1):
        match = exact_unit(name[i:])
        if match is None or match.status not in ("registry", "gazetteer"):
            continue
        if match.jurisdiction and not any(match.jurisdiction.startswith(d.path)
                                          for k in range(i + 2, len(name))
                                          for d in places.lookup(name[i:k])):
            continue  # a unit naming its place begins with it: 老旧城区|西工区商务局, not …城|区西工区…
        if match.jurisdiction and not _near(match.jurisdiction, where):
            continue
        i = _place_before(name, i, own_place=match.jurisdiction is not None, where=where)
        return [name[:i], name[i:]]
    return [name, ""]


def _near(path: str, where: Division | None) -> bool:
    """A division the table's may name: itself, one inside it or above it (any, unknown)."""
    return where is None or path.startswith(where.path) or where.path.startswith(path)


def _level_words_as_the_table_prints_them(rows: list[list[str]]) -> None:
    """A project ending in a level word glued to a unit that prints no place reads two ways:
    智慧城市|林业局, or 智慧城|市林业局 (a city's forestry bureau); and before a unit that
    prints one, 智慧城市|市财政局 or 智慧城|市市财政局 (the level word typed twice). One row
    cannot tell; its table can, since a table prints its units one way: the level words
    every unit begins with, alike (none where some unit has none, or where they differ:
    市 and 区), are the units'; any more before a unit are its project's."""
    split = [r for r in rows if len(r) >= 2 and r[-2] and r[-1]]
    if not split:
        return
    leads = [_level_words_first(r[-1]) for r in split]
    shared = min(leads)
    while shared and len({r[-1][:shared] for r in split}) > 1:
        shared -= 1
    for r, lead in zip(split, leads, strict=True):
        if lead > shared:
            r[-2], r[-1] = r[-2] + r[-1][:lead - shared], r[-1][lead - shared:]


def _level_words_first(unit: str, most: int = 2) -> int:
    """How many level words begin a unit that is one without them: 市林业局 1, 市市财政局 2,
    市场监督管理局 0 (场监督管理局 is none)."""
    n = 0
    while n < most and len(unit) - n > 2 and unit[n] in LEVEL_WORDS and \
            (m := exact_unit(unit[n + 1:])) is not None and m.status in ("registry", "gazetteer"):
        n += 1
    return n


def _place_before(name: str, i: int, own_place: bool, where: Division | None = None) -> int:
    """Where the place name of a unit whose ending begins at i begins, the longest; i
    when none does. A full place name across i is the unit's (鼓楼|区住建局: 鼓楼区;
    …工程|中区商务局: 城中区), a short one is not (…运维|西工区林业局: not the county 维西).
    An ending that names no place of its own takes a place, full or short, ending at i
    (鼓楼|住建局). Only places the table's division may name count (_near)."""
    places = gazetteer()

    def named(text: str, full: bool) -> bool:
        return any(_near(d.path, where) and (not full or text in (d.county, d.city, d.province))
                   for d in places.lookup(text))

    for j in range(1, i):
        for k in range(i + 1, len(name)):
            if named(name[j:k], full=True):
                return j
    if not own_place:
        for j in range(1, i - 1):
            if named(name[j:i], full=False):
                return j
    return i


def _value_cells(line: Line, header: Header, slots: list[int], r: int, n_labels: int,
                 scope: str, checks: list[Check]) -> list[GridCell]:
    """slots: the grid column (after the labels) of each figure a reading holds."""
    out = []
    n_values = len(header.paths)
    for j, col in enumerate(slots):
        seen = list(dict.fromkeys(o[j] for o in line.options))
        if len(seen) > 1 and all(x in cells.MARKS[:4] or x == "" for x in seen):
            seen = [next(x for x in seen if x)]  # — or nothing: nothing either way
        if len(seen) == 1:
            if seen[0]:
                out.append(GridCell(r, n_labels + col, seen[0]))
            continue
        values = sorted({parse_number(x) or 0.0 for x in seen})
        shown = "?(" + "|".join(x or "空" for x in seen[:12]) + ("|…" if len(seen) > 12 else "") + ")"
        out.append(GridCell(r, n_labels + col, shown, candidates=values))
        path = " / ".join(header.paths[j]) if j < n_values else header.suffix[col - n_values]
        checks.append(Check("", None, "glued_split", f"{scope} / {path}", None, None, "skipped",
                            f"the glued figures allow {len(seen)} readings: "
                            + ", ".join(x or "(empty)" for x in seen[:12])))
    return out
