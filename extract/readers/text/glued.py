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
from dataclasses import dataclass, field, replace
from decimal import Decimal

from tongbao.extract.model import Check
from tongbao.extract.prose.facts import read_facts
from tongbao.extract.prose.measures import MONEY, measure_of
from tongbao.extract.prose.template_figures import added_to, restated
from tongbao.extract.readers.text.cuts import GROUPED, PLAIN, cuts, fits
from tongbao.extract.readers.text.glued_rows import Row, find_rows
from tongbao.extract.readers.text.splitting import Equality, Figure, Slot, Stated, best_readings
from tongbao.extract.tables.annual import template, template_rules
from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.organisations import organisations

MAX_CUTS = 50_000
SEC3_COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
SEC4_COLS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


# A number as a cell prints it, no leading zero, in the form of its key's measure
# (extract/data/measures.yaml): a count is whole and never negative, a change (本年增/减)
# prints +1 and -3, money may have decimals; any of them may group its thousands (16,674),
# which then tells where it starts and ends in a glued run.
FORMS = {"count": rf"0|[1-9]\d*|{GROUPED}", "change": rf"0|[-+]?(?:[1-9]\d*|{GROUPED})",
         MONEY: rf"{PLAIN}|{GROUPED}(?:\.\d+)?"}


def figure_form(key: str) -> str:
    return FORMS[measure_of(key, None, [])]


@dataclass(frozen=True)
class Parting:
    """What a reader knows of how a row's cells part (the default: nothing, a crawl's)."""

    separated: bool = False  # set apart by their places (a PDF's): one figure a cell
    # and a cell printing nothing is a 0 (seen on the page): a row's label on a line of
    # its own with no figure after it is a row of zeros
    empty_is_zero: bool = False


def _cuts(run: str, keys: tuple[str, ...], parting: Parting = Parting()
          ) -> list[tuple[Figure, ...]] | None:
    """Every way to read `run` as the cells of these keys, each in its column's form (a
    space is always a boundary); None when there are more than MAX_CUTS."""
    forms = tuple(map(figure_form, keys))
    if parting.separated:
        figures = run.split()
        if len(figures) != len(keys) or not all(map(fits, figures, forms)):
            return []
        return [tuple(map(_figure, figures))]
    found = cuts(run, forms, limit=MAX_CUTS)
    if len(found) > MAX_CUTS:
        return None
    return [tuple(_figure(x) for x in c) for c in found]


def _figure(printed: str) -> Figure:
    digits = printed.replace(",", "")
    return Decimal(digits) if "." in digits else int(digits)


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
    dashes: set[str] = field(default_factory=set)  # keys whose cell printed a dash, not 0


def solve(text: str, prose: list[str], parting: Parting = Parting()) -> Solution:
    """The rows found and each key's value, from the best readings of their digits."""
    text = unicodedata.normalize("NFKC", text)
    rows = _without_empty_column(find_rows(text))
    slots, unreadable, dashes, untotalled = [], {}, set(), {}
    blank, spaced = _zeros_printed_as_nothing(rows), _cells_spaced(rows)
    marked = spaced and any(r.blanks for r in rows if r.key.startswith("sec3"))
    for row in rows:
        keys = tuple(f"{row.key}.{n}" for n in _columns(row))
        n_figures = len(row.run.split())
        short = row.run and n_figures < row.width and (blank or spaced and n_figures > 1)
        if short and marked and n_figures == len(keys) - 1 and keys[-1].endswith(".total") \
                and len({k.rsplit(".", 1)[0] for k in keys}) == 1:
            # Zeros printed as a mark, one cell a row short: the total, not filled in, as
            # far as the columns' own rules bear it out (_settled). Not in sec4's one row of
            # three totals: which of its cells is blank, nothing there says
            keys, untotalled[row.key] = keys[:-1], keys[-1]
            short = False
        zeros = parting.empty_is_zero and not row.run and row.starts_line
        cuts = [] if short else [(0,) * len(keys)] if zeros else _cuts(row.run, keys, parting)
        if short:
            why = ("the report prints its zeros as nothing" if blank else
                   "the crawl parts the table's cells by spaces, and a cell printed nothing")
            unreadable[row.key] = (f"{why}; the figures '{row.run}' do not say which of the "
                                   f"row's {row.width} cells they fill")
        elif cuts is None:
            unreadable[row.key] = f"the digits '{row.run}' allow more than {MAX_CUTS} readings"
        elif not cuts:
            unreadable[row.key] = (f"the digits '{row.run}' cannot be read as the row's "
                                   f"{row.width} cells")
        slots.append(Slot(keys, cuts or []))
        if n_figures == len(keys):  # one figure a cell: the dashes' cells are known
            dashes |= {keys[i] for i in row.blanks}
    split = any(r.key.startswith("sec3.other_") for r in rows)
    rules = [Equality(r.expected, r.actual) for r in template_rules(split)]
    stated = _not_before_additions(_stated(prose), slots)
    outcome = best_readings(slots, rules, stated)
    if untotalled and not _settled(outcome.values, rules, untotalled):
        for i, slot in enumerate(slots):
            if (row_key := slot.keys[0].rsplit(".", 1)[0]) in untotalled:
                slots[i] = Slot((*slot.keys, untotalled[row_key]), [])
                unreadable[row_key] = (
                    "the report marks its zeros, and this row prints one figure fewer than "
                    "its cells: read as its total left blank, its columns' rules do not hold, "
                    "so which cell is blank its figures do not say")
        outcome = best_readings(slots, rules, stated)
    if doubt := next((r.order_doubt for r in rows if r.order_doubt), None):
        # The rows add up under any order of the organisations: which cell is whose, the
        # arithmetic cannot say either
        for key in (f"{r.key}.{c}" for r in rows if r.order_doubt for c in organisations()):
            if key in outcome.values:
                outcome.values[key] = None
                outcome.candidates.pop(key, None)
        unreadable["sec3.organisations"] = doubt
    return Solution(rows, outcome.values, outcome.candidates, unreadable, dashes)


def _settled(values: dict[str, Figure | None], rules: list[Equality],
             untotalled: dict[str, str]) -> bool:
    """Every rule over the cells of rows read with their totals blank holds (the totals
    themselves left out): the reading that put the row's figures in the cells before its
    total is borne out by the columns. A rule with a value still open says nothing."""
    theirs = {k.rsplit(".", 1)[0] for k in untotalled.values()}
    for rule in rules:
        keys = rule.expected + rule.actual
        if any(k in untotalled.values() for k in keys) or \
                not any(k.rsplit(".", 1)[0] in theirs for k in keys):
            continue
        if any(values.get(k) is None for k in keys):
            continue
        if sum(values[k] for k in rule.expected) != sum(values[k] for k in rule.actual):
            return False
    return True


def _zeros_printed_as_nothing(rows: list[Row]) -> bool:
    """A request table whose rows of zeros print no figure at all and whose other rows
    never print a 0: its zeros are empty cells, which a crawl that joins cells with spaces
    leaves no trace of (a row's figures may then be any of its cells, not glued cells)."""
    sec3 = [r for r in rows if r.key.startswith("sec3")]
    runs = [r.run.split() for r in sec3 if r.run]
    # Spaced, not glued: a row prints two figures or more (a glued row is one run; a row
    # of one figure may be a report that left its totals blank), and no figure starts
    # with 0 (a glued crawl prints 0000000 or 0300003).
    return any(not r.run for r in sec3) and any(len(run) >= 2 for run in runs) and \
        not any(tok.startswith("0") for run in runs for tok in run)


def _without_empty_column(rows: list[Row]) -> list[Row]:
    """The request table's rows without a column the report adds before its figures and
    fills with dashes (rows of one more figure than cells, the first a dash in each of
    them; a row the page's columns did not fill prints its cells alone): no cell of the
    template's."""
    longer = [r for r in rows if r.key.startswith("sec3") and r.run
              and len(r.run.split()) == r.width + 1]
    if len(longer) < 2 or any(0 not in r.blanks for r in longer) or \
            all(r.width in r.blanks for r in longer):  # the last a dash too: which one?
        return rows
    return [replace(r, run=r.run.split(maxsplit=1)[1],
                    blanks=frozenset(i - 1 for i in r.blanks if i)) if r in longer else r
            for r in rows]


def _cells_spaced(rows: list[Row]) -> bool:
    """A request table whose crawl parts every cell by a space: rows that print one figure
    a cell (two at least), none more, and no glued zeros (0000000, 0300003: a figure never
    starts with 0). A row of fewer figures (more than one: a glued row is one) then left
    cells empty (totals not filled in), and which ones its figures do not say; cutting a
    figure in two to fill the row would be a guess."""
    sec3 = [(r.width, r.run.split()) for r in rows if r.key.startswith("sec3") and r.run]
    return sum(len(toks) == w for w, toks in sec3) >= 2 and \
        all(len(toks) <= w for w, toks in sec3) and \
        not any(len(t) > 1 and t.startswith("0") for _, toks in sec3 for t in toks)


def _fmt(v: Figure) -> str:
    return str(v)


def glued_grids(text: str, prose: list[str], doc_id: str, method: str = "text-glued",
                parting: Parting = Parting()) -> tuple[list[Grid], list[Check]]:
    """The report's tables as grids, and a check for every cell left unsure. Pages part
    at form feeds."""
    sol = solve(text, prose, parting)
    if not sol.rows:
        return [], []
    grids = []
    for section in ("sec2", "sec3", "sec4"):
        mine = [r for r in sol.rows if r.key.startswith(section)]
        if mine:
            grid = _grid(section, mine, sol)
            grid.method, grid.page_first, grid.page_last = method, mine[0].page, mine[-1].page
            grids.append(grid)
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
    if sol.values[key] is None:
        return "?"
    return "—" if key in sol.dashes and sol.values[key] == 0 else _fmt(sol.values[key])


def _grid(section: str, rows: list[Row], sol: Solution) -> Grid:
    cells: list[GridCell] = []
    if section == "sec4":  # the template's header: 行政诉讼 over its two groups
        cells += [GridCell(0, 0, "行政复议", row_span=2, col_span=5, is_header=True),
                  GridCell(0, 5, "行政诉讼", col_span=10, is_header=True),
                  GridCell(1, 5, "未经复议直接起诉", col_span=5, is_header=True),
                  GridCell(1, 10, "复议后起诉", col_span=5, is_header=True)]
        cells += [GridCell(2, i, SEC4_COLS[i % 5], is_header=True) for i in range(15)]
        names = _columns(rows[0])
        cells += [GridCell(3, i, _cell(f"sec4.{n}", sol))
                  for i, n in enumerate(names)]
        return Grid(cells, 4, 15, "text-glued", template()["sec4"]["heading"], 1, 1, {0, 1, 2})
    if section == "sec3":
        cells += [GridCell(0, 3, "自然人", row_span=2, is_header=True),
                  GridCell(0, 4, "法人或其他组织", col_span=5, is_header=True),
                  GridCell(0, 9, "总计", row_span=2, is_header=True)]
        named = dict(zip(template()["sec3"]["columns"], SEC3_COLS, strict=True))
        cells += [GridCell(1, 4 + i, named[k], is_header=True)
                  for i, k in enumerate(_columns(rows[0])[1:6])]
        r0, width, labels_at, title = 2, 10, 3, template()["sec3"]["heading"]
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
