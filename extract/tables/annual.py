"""Annual reports (政府信息公开工作年度报告): every value keyed, every template rule checked.

The keys and rules are data (data/annual_report_keys.yaml). A table's section
comes from its words; a value's key from its row and column labels, compared
after numbering, punctuation and whitespace are stripped, with a fuzzy
margin for misprints (其他法律行政止公开) and short forms (部分公开). Rows are
matched inside their group (（三）不予公开 1.… is not （四）无法提供 1.…), and
no key is given twice.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import regex

from tongbao.extract.tables.grid import Grid
from tongbao.extract.tables.interpret import VALUE, TableView, build_view
from tongbao.extract.tables.labels import label_key
from tongbao.normalize.datafiles import read_yaml
from tongbao.normalize.patterns import LazyPattern

TEMPLATE_SINCE = 2019  # the first year reported in the national layout (国办公开办函〔2019〕60号)
MIN_SCORE = 70
LEAF_ONLY_SCORE = 90  # a row keyed by its own label alone must match it this well
LEAF_MARGIN = 15  # and better than any other row by this much


_PUNCT_SPACE = LazyPattern(r"[\p{P}\p{S}\s]")
_BRACKET = LazyPattern(r"[（(]")


# Cached: a report compares the same few hundred labels thousands of times.
@cache
def _norm(text: str) -> str:
    """Label for comparing: no numbering, punctuation, brackets or whitespace."""
    return _PUNCT_SPACE.sub("", label_key(text))


@cache
def _core(text: str) -> str:
    """Before a bracketed note: 部分公开（区分处理的，…） -> 部分公开."""
    return _norm(_BRACKET.split(label_key(text))[0])


@dataclass(frozen=True)
class Label:
    key: str
    group: str | None  # normalised group label (不予公开) or None
    leaf: str  # normalised label
    core: str


@cache
def template() -> dict:
    return read_yaml("tongbao.extract", "annual_report_keys.yaml")


@cache
def _labels(section: str, part: str) -> list[Label]:
    out = []
    for key, spec in template()[section][part].items():
        text = spec["label"] if isinstance(spec, dict) else spec
        pieces = regex.split(r"\s+/\s+|\s+(?=\d+\.)", text.strip())  # 本年增/减 is one label
        group = _norm(pieces[0]) if len(pieces) > 1 else None
        out.append(Label(key, group, _norm(pieces[-1]), _core(pieces[-1])))
    return out


SECTION_WORDS = {
    "sec3": ["本年新收", "申请人情况", "自然人", "本年度办理结果", "结转下年度继续办理"],
    "sec4": ["行政复议", "行政诉讼", "结果维持", "尚未审结"],
    "sec2": ["第二十条", "本年制发件数", "处理决定数量", "收费金额", "行政规范性文件"],
    "sec2_2019": ["本年新制作数量", "上一年项目数量", "对外公开总数量", "采购项目数量"],
}


def _section_scores(grid: Grid) -> dict[str, int]:
    text = (grid.title or "") + "".join(c.text for c in grid.cells)
    return {s: sum(w in text for w in words) for s, words in SECTION_WORDS.items()}


def holds_template(grids: list[Grid]) -> bool:
    """Whether a document's tables are the annual report's: two of the template's
    sections, each named by two of its words. A report whose title does not say what
    it is (a page titled only in its <title>, a notice that forwards the report) is
    told by its tables."""
    named = {section.removesuffix("_2019") for grid in grids
             for section, score in _section_scores(grid).items() if score >= 2}
    return len(named) >= 2 or any(_request_rows(grid) >= REQUEST_ROWS_ALONE or _sec4_alone(grid)
                                  for grid in grids)


def _sec4_alone(grid: Grid) -> bool:
    """Section 4 whole (a flip-book's page holding it alone): its 15 columns under all four
    of its words (行政复议, 行政诉讼, 结果维持, 尚未审结), as no other table prints them."""
    return grid.n_cols == 15 and _section_scores(grid)["sec4"] == len(SECTION_WORDS["sec4"])


# The request table alone tells a report by this many of its rows' own labels (of 23; a
# report's page holding only it, or a text of it cut out of one): no other table has them.
REQUEST_ROWS_ALONE = 12


def _request_rows(grid: Grid) -> int:
    """How many of the request table's row labels (本年新收…, 予以公开, 属于国家秘密…) the
    grid's cells print."""
    texts = {_core(c.text) for c in grid.cells if c.text}
    return sum(label.core in texts for label in _labels("sec3", "rows"))


def section_of(view: TableView) -> str | None:
    scores = _section_scores(view.grid)
    # The 2019 layout shares words with the later one; each of its own is its alone, so
    # one names it (a block 第二十条第（五）项 printed apart: 上一年项目数量 beside 处理决定数量).
    if scores["sec2_2019"] >= 1:
        return "sec2_2019"
    best = max(scores, key=scores.get)
    if scores[best] >= 2:
        return best
    # A piece of the request table cut off from its header (a table without rules read in
    # fragments): two of its rows' labels name it, and its sums are the template's.
    labels = {tuple(view.path(r)) for r in view.rows if view.path(r)}
    rows = {label.key for path in labels if (label := _match("sec3", "rows", path)[0])}
    return "sec3" if len(rows) >= 2 else None


@cache
def _match(section: str, part: str, labels: tuple[str, ...]) -> tuple[Label | None, float]:
    return _best(_labels(section, part), list(labels))


def _best(candidates: list[Label], labels: list[str]) -> tuple[Label | None, float]:
    """The template label a row (or column) path stands for."""
    from rapidfuzz import fuzz  # here: only annual-report tables need it

    normed = [_norm(x) for x in labels if _norm(x)]
    if not normed:
        return None, 0.0
    leaf, leaf_core = normed[-1], _core(labels[-1])
    best, best_score = None, 0.0
    for cand in candidates:
        if cand.group and not any(fuzz.ratio(cand.group, _core(x)) >= 80 or
                                  fuzz.ratio(cand.group, _norm(x)) >= 80 for x in labels[:-1]):
            continue
        score = max(fuzz.ratio(leaf, cand.leaf), fuzz.ratio(leaf_core, cand.core))
        if cand.group is None and len(normed) > 1 and any(
                fuzz.ratio(_core(x), g) >= 80 for x in labels[:-1] for g in _groups(candidates)):
            score -= 20  # a row inside a group is one of that group's items
        if score > best_score:
            best, best_score = cand, score
    # A group label that cannot be read (cut, misprinted), or none carried down to the row
    # (a crawl's rows shifted left under 不予公开 | 属于国家秘密): the row's own label.
    if best_score < MIN_SCORE and (len(normed) == 1 or not _group_readable(candidates, labels)):
        return _by_leaf(candidates, leaf, leaf_core)
    return (best, best_score) if best_score >= MIN_SCORE else (None, best_score)


def _group_readable(candidates: list[Label], labels: list[str]) -> bool:
    from rapidfuzz import fuzz  # here: only annual-report tables need it

    return any(fuzz.ratio(g, _core(x)) >= 80 or fuzz.ratio(g, _norm(x)) >= 80
               for x in labels[:-1] for g in _groups(candidates))


def _by_leaf(candidates: list[Label], leaf: str, leaf_core: str) -> tuple[Label | None, float]:
    """A row whose group label cannot be read (cut, misprinted) is keyed by its own label,
    when that label names one template row and no other comes close."""
    from rapidfuzz import fuzz

    scored = sorted(((max(fuzz.ratio(leaf, c.leaf), fuzz.ratio(leaf_core, c.core)), c)
                     for c in candidates if c.group), key=lambda s: -s[0])
    if not scored or scored[0][0] < LEAF_ONLY_SCORE or \
            (len(scored) > 1 and scored[1][0] > scored[0][0] - LEAF_MARGIN):
        return None, 0.0
    return scored[0][1], scored[0][0]


def _groups(candidates: list[Label]) -> set[str]:
    return {c.group for c in candidates if c.group}


def key_view(view: TableView) -> tuple[str | None, dict[tuple[int, int], str]]:
    """(section, {(row index, column index): key}) for one table of a report."""
    section = section_of(view)
    if section is None:
        return None, {}
    proposals: list[tuple[float, tuple[int, int], str]] = []
    # In sec3 and sec4 a column is a value column when its header names one of the
    # template's, even when nothing is printed in it (zeros left empty).
    value_cols = [c.index for c in view.columns
                  if c.role == VALUE or (section in ("sec3", "sec4") and c.paths)]
    by_order = _by_order(view, section, value_cols) if section in ("sec3", "sec4") else {}
    for row in view.rows:
        row_labels = view.path(row)
        if not row.values and not row_labels and section != "sec4":
            continue
        # In sec3 and sec4 every row has every column, so an empty cell there is a 0;
        # section 2's rows have only their own block's columns.
        for c in (list(by_order) or value_cols if section in ("sec3", "sec4") else
                  list(row.values)):
            col_path = view.column_path(c, row)
            key, score = _key(section, row_labels, col_path)
            if c in by_order and section == "sec4":  # one row: the column says it all
                key, score = f"sec4.{by_order[c]}", 100.0
            elif c in by_order:  # the row by its labels, the column by its printed place
                row_label, score = _match(section, "rows", tuple(row_labels))
                key = f"sec3.{row_label.key}.{by_order[c]}" if row_label else None
            if key:
                proposals.append((score, (row.index, c), key))
    keys: dict[tuple[int, int], str] = {}
    taken: set[str] = set()
    for _score, cell, key in sorted(proposals, key=lambda p: -p[0]):
        if key not in taken and cell not in keys:
            keys[cell] = key
            taken.add(key)
    return section, keys


def _column_keys(view: TableView, section: str, value_cols: list[int]) -> list[str]:
    """The template column each value column's labels name ('' where none does)."""
    out = []
    for c in value_cols:
        path = next((p for p in view.columns[c].paths.values() if p), [])
        if section == "sec4":  # a column's path names its group and its result: sec4's key
            key = _key("sec4", [], path)[0]
            out.append(key.removeprefix("sec4.") if key else "")
        else:
            col = _match("sec3", "columns", tuple(path))[0]
            out.append(col.key if col else "")
    return out


def spaced(label: str) -> str:
    """A pattern of a label as printed: any whitespace between its characters (商业 企业)."""
    chars = [c for c in unicodedata.normalize("NFKC", label) if not c.isspace()]
    return r"\s*".join(regex.escape(c) for c in chars)


def _by_order(view: TableView, section: str, value_cols: list[int]) -> dict[int, str]:
    """Column -> column key for a table whose header lost its merged cells (a crawl's
    tab-separated rows: 自然人 | 法人或其他组织 | 总计 over 商业企业 | … | 其他, each row
    shifted left), so that its labels name no column one to one: its value columns in
    the printed order (sec3: the organisations' as its header prints them; sec4: the
    template's, 行政复议 then the two 行政诉讼). Nothing where the labels already name each
    column once, or the count differs."""
    if section == "sec3":  # its label columns have header paths too; an empty column right
        # of them holds zeros printed as nothing (自然人's, where no person asked)
        labelled = [c.index for c in view.columns if c.role != VALUE and not c.empty]
        value_cols = [c for c in value_cols if view.columns[c].role == VALUE or
                      view.columns[c].empty and c > max(labelled, default=-1)]
        first = min((r.index for r in view.rows), default=0)
        header = " ".join(dict.fromkeys(c.text for c in sorted(view.grid.cells,
                                                              key=lambda c: (c.row, c.col))
                                        if c.row < first and c.text))
        from tongbao.extract.tables.organisations import printed_order  # builds on this

        order = printed_order(header)[0]
    else:
        order = _by_order_sec4()
    if not order or len(value_cols) != len(order) or \
            sorted(_column_keys(view, section, value_cols)) == sorted(order):
        return {}
    return dict(zip(value_cols, order, strict=True))


def rejoined(grid: Grid, views: list[TableView]) -> list[TableView]:
    """The views of a grid, or the grid as one view where its sec4 table was split into
    side-by-side parts (结果维持 printed again) whose headers lost their merged cells, so
    that the parts do not key its fifteen cells once each while the whole does."""
    sec4 = [f"sec4.{k}" for k in _by_order_sec4()]
    if len(views) < 2 or any(section_of(v) != "sec4" for v in views):
        return views
    if sorted(k for v in views for k in key_view(v)[1].values()) == sorted(sec4):
        return views
    whole = build_view(grid)
    return [whole] if sorted(key_view(whole)[1].values()) == sorted(sec4) else views


def _by_order_sec4() -> list[str]:
    return [f"{r}.{c}" for r in template()["sec4"]["rows"] for c in template()["sec4"]["columns"]]


def _key(section: str, row_labels: list[str], col_path: list[str]) -> tuple[str | None, float]:
    if section == "sec4":
        text = "".join(_norm(x) for x in col_path)
        group = ("litigation_after_review" if "复议后起诉" in text else
                 "litigation_direct" if "未经复议直接起诉" in text or "直接起诉" in text else
                 "review" if "行政复议" in text else None)
        col, score = _match("sec4", "columns", tuple(col_path))
        return (f"sec4.{group}.{col.key}", score) if group and col else (None, 0.0)
    row, row_score = _match(section, "rows", tuple(row_labels))
    col, col_score = _match(section, "columns", tuple(col_path))
    if not row or not col:
        return None, 0.0
    return f"{section}.{row.key}.{col.key}", row_score + col_score


def sec3_rows(split: bool) -> list[str]:
    """The request table's rows in one report's layout: （六）其他处理 whole, or split into
    its three rows (`split_rows` in data/annual_report_keys.yaml)."""
    spec = template()["sec3"]
    drop = {whole if split else part for whole, parts in spec["split_rows"].items()
            for part in parts}
    return [r for r in spec["rows"] if r not in drop]


def sec3_outcomes(split: bool) -> list[str]:
    """The outcome rows (予以公开 … 其他处理) whose sum is （七）总计."""
    rows = sec3_rows(split)
    return rows[rows.index("granted"):rows.index("total_processed")]


@cache
def template_keys() -> tuple[str, ...]:
    """Every key of every layout (sec2 and sec2_2019, （六） whole and split)."""
    spec = template()
    keys = [f"{s}.{row}.{col}" for s in ("sec2", "sec2_2019")
            for row, r in spec[s]["rows"].items() for col in r["columns"]]
    keys += [f"sec3.{row}.{col}" for row in spec["sec3"]["rows"] for col in spec["sec3"]["columns"]]
    keys += [f"sec4.{row}.{col}" for row in spec["sec4"]["rows"] for col in spec["sec4"]["columns"]]
    return tuple(keys)


def canonical_keys(present: set[str]) -> set[str]:
    """Every key a complete report has. The layout follows the report: the 2019 section 2
    or the later one, （六）其他处理 as one row or as three."""
    spec = template()
    sec2 = "sec2_2019" if any(k.startswith("sec2_2019.") for k in present) else "sec2"
    keys = {f"{sec2}.{row}.{col}" for row, r in spec[sec2]["rows"].items() for col in r["columns"]}
    parts = {p for ps in spec["sec3"]["split_rows"].values() for p in ps}
    split = any(k.split(".")[1] in parts for k in present if k.startswith("sec3."))
    keys |= {f"sec3.{row}.{col}" for row in sec3_rows(split) for col in spec["sec3"]["columns"]}
    keys |= {f"sec4.{row}.{col}" for row in spec["sec4"]["rows"] for col in spec["sec4"]["columns"]}
    return keys


@dataclass(frozen=True)
class Rule:
    """One of the template's sums: the keys printed as a total against the keys that
    must add up to it (annual_report_keys.yaml, `checks`)."""

    check: str  # sec3_balance, sec3_outcomes_sum, sec3_row_total, sec4_totals
    scope: str  # the column key (per-column rules) or the row key (per-row rules)
    expected: tuple[str, ...]
    actual: tuple[str, ...]


@cache
def template_rules(split: bool) -> tuple[Rule, ...]:
    """Every rule of a report whose （六）其他处理 is one row (split=False) or three."""
    rows3 = list(template()["sec3"]["rows"])
    cols3 = list(template()["sec3"]["columns"])
    out = []
    for c in cols3:
        out.append(Rule("sec3_balance", c, (f"sec3.new_received.{c}", f"sec3.carried_over.{c}"),
                        (f"sec3.total_processed.{c}", f"sec3.carried_forward.{c}")))
        out.append(Rule("sec3_outcomes_sum", c, (f"sec3.total_processed.{c}",),
                        tuple(f"sec3.{r}.{c}" for r in sec3_outcomes(split))))
    for r in rows3:
        out.append(Rule("sec3_row_total", r, (f"sec3.{r}.total",),
                        tuple(f"sec3.{r}.{c}" for c in cols3[:-1])))
    for r in template()["sec4"]["rows"]:
        out.append(Rule("sec4_totals", r, (f"sec4.{r}.total",),
                        tuple(f"sec4.{r}.{c}" for c in ("upheld", "corrected", "other", "pending"))))
    return tuple(out)


def is_template_table(view: TableView) -> bool:
    return section_of(view) is not None and any(c.role == VALUE for c in view.columns)
