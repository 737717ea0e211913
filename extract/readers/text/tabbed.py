"""Rebuild a table grid from tab-separated lines whose columns drift.

Converters write one line per table row with a tab between cells, but merged
cells come out as any number of empty cells (or none), so a cell's tab
position is only a hint. What does not drift is the order within a row:
[rank] [labels, outermost first] [values] [trailing labels such as 责任单位].
This module types every token, places labels at their level (repairing rows
that lost their leading tabs), left-aligns values into the value columns, and
maps the header rows onto the same columns:

    columns = [rank?] + label levels (d) + value columns (m) + trailing labels (s)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.headers import header_rows, is_number_like
from tongbao.extract.tables.labels import Vocabulary, numbering, vocabulary
from tongbao.normalize.text import clean_text


@dataclass
class _Token:
    raw_col: int
    text: str
    is_value: bool  # a number or a placeholder such as "—"


@dataclass
class _Row:
    line: int
    tokens: list[_Token]
    is_header: bool = False
    rank: str | None = None
    labels: list[tuple[int, str]] = field(default_factory=list)  # (level, text)
    values: list[str] = field(default_factory=list)
    suffix: list[str] = field(default_factory=list)
    first_value_raw_col: int | None = None
    value_raw_cols: list[int] = field(default_factory=list)
    n_cells: int = 0  # tab-separated cells on the line, empty ones included
    lost_tabs: bool = False  # a label landed in the rank column
    # Its labels were moved (to another level, or into its values): its tab positions no
    # longer say where its values go.
    repaired: bool = False


def _tokens(cells: list[str]) -> list[_Token]:
    out = []
    for col, raw in enumerate(cells):
        text = clean_text(raw)
        if text:
            out.append(_Token(col, text, is_number_like(text)))
    return out


def build_grid(raw_rows: list[list[str]], title: str | None) -> Grid:
    voc = vocabulary()
    rows = [_Row(i, _tokens(cells), n_cells=len(cells)) for i, cells in enumerate(raw_rows)]
    rows = _drop_empty_rows(rows)
    _mark_headers(rows)
    header_rows = [r for r in rows if r.is_header]
    has_rank = bool(header_rows) and voc.is_rank_header(header_rows[0].tokens[0].text) \
        and header_rows[0].tokens[0].raw_col == 0
    data = [r for r in rows if not r.is_header]
    for r in data:
        _split_row(r, has_rank, voc)
    _repair_levels(data, _unit_level(header_rows, has_rank, voc), voc)
    depth = _label_depth(data)
    for r in data:
        _overflow_deep_labels(r, depth)
    regular = _regular_layout(data, int(has_rank))
    anchored = None if regular else _right_anchored(data)
    n_values = regular[0] if regular else anchored or max((len(r.values) for r in data), default=0)
    n_suffix = max((len(r.suffix) for r in data), default=0)
    layout = _Layout(int(has_rank), depth, n_values, n_suffix,
                     raw_start=regular[1] if regular else None)
    if not regular and not anchored:  # those have placed every value by its tab already
        _place_short_rows(data, n_values)

    cells: list[GridCell] = []
    header_idx: set[int] = set()
    pending_header: list[tuple[int, _Row]] = []
    for out_row, r in enumerate(rows):
        if r.is_header:
            header_idx.add(out_row)
            pending_header.append((out_row, r))
            continue
        if pending_header:
            cells += _header_cells(pending_header, layout, data, voc)
            pending_header = []
        cells += _data_cells(out_row, r, layout)
    if pending_header:
        cells += _header_cells(pending_header, layout, data, voc)
    return Grid(cells=cells, n_rows=len(rows), n_cols=layout.width, method="text",
                title=title, page_first=1, page_last=1, header_rows=header_idx)


def _drop_empty_rows(rows: list[_Row]) -> list[_Row]:
    """Rows of empty cells are kept only below the first row with text and only where
    they are as wide as every other row, or as the widest (under a header that lost
    its merged cells, 行政复议 | 行政诉讼 over fifteen cells, the row of a section whose
    every figure is a zero printed as nothing): a row of zeros, not a stray tab."""
    widths = {r.n_cells for r in rows if r.tokens}
    first = next((i for i, r in enumerate(rows) if r.tokens), len(rows))
    keep = {next(iter(widths))} if len(widths) == 1 else set()
    widest = max(widths, default=0)
    return [r for i, r in enumerate(rows)
            if r.tokens or (i > first and r.n_cells > 1 and
                            (r.n_cells in keep or r.n_cells >= widest > 1))]


def _mark_headers(rows: list[_Row]) -> None:
    for i in header_rows([[t.text for t in r.tokens] for r in rows]):
        rows[i].is_header = True


def _unit_level(header_rows: list[_Row], has_rank: bool, voc: Vocabulary) -> int | None:
    """The label level of a unit column headed before the values (街道（镇）), if any."""
    if not header_rows:
        return None
    toks = header_rows[0].tokens
    for t in toks:
        if voc.is_unit_header(t.text):
            metric_before = any(voc.looks_like_metric(u.text) and u.raw_col < t.raw_col
                                for u in toks)
            return None if metric_before else max(t.raw_col - int(has_rank), 0)
    return None


def _split_row(r: _Row, has_rank: bool, voc: Vocabulary) -> None:
    """[rank] [prefix labels] [values] [suffix labels], levels from tab positions."""
    toks = list(r.tokens)
    offset = 1 if has_rank else 0
    if has_rank and toks and toks[0].raw_col == 0 and (
            toks[0].is_value or voc.total_row_check(toks[0].text)):
        # The rank, or a total label (合计) printed across the rank column.
        r.rank = toks.pop(0).text
    value_idx = [i for i, t in enumerate(toks) if t.is_value]
    if not value_idx:
        r.labels = [(max(t.raw_col - offset, 0), t.text) for t in toks]
        return
    first, last = value_idx[0], value_idx[-1]
    r.labels = [(max(t.raw_col - offset, 0), t.text) for t in toks[:first]]
    r.values = [t.text for t in toks[first:last + 1]]
    r.suffix = [t.text for t in toks[last + 1:]]
    r.first_value_raw_col = toks[first].raw_col
    r.value_raw_cols = [t.raw_col for t in toks[first:last + 1]]
    # A label in the rank column of a row without a rank lost its leading tabs.
    r.lost_tabs = has_rank and r.rank is None and toks[0].raw_col == 0 and not toks[0].is_value


def _repair_levels(data: list[_Row], unit_level: int | None, voc: Vocabulary) -> None:
    """Put labels back at their level when a row's tab positions cannot be right.

    Two clues, both general: the same label placed consistently elsewhere in
    the table, and numbering (（七） follows （六）, 5. follows 4.). A row
    without a rank cannot start a new unit, so failing both clues its label
    goes just below the unit column.
    """
    usual_level: dict[str, Counter] = {}
    for r in data:
        if not r.lost_tabs:
            for lvl, text in r.labels:
                usual_level.setdefault(text, Counter())[lvl] += 1
    last_by_number: dict[tuple[str, int], int] = {}
    for r in data:
        if r.labels:
            lvl0, text0 = r.labels[0]
            target = None
            if r.lost_tabs:
                seen = usual_level.get(text0)
                fallback = 0 if unit_level is None else unit_level + 1
                target = seen.most_common(1)[0][0] if seen else fallback
            num = numbering(text0)
            if num and num[1] > 1 and (num[0], num[1] - 1) in last_by_number:
                target = last_by_number[(num[0], num[1] - 1)]
            if target is not None and target != lvl0:
                delta = target - lvl0
                r.labels = [(max(lvl + delta, 0), text) for lvl, text in r.labels]
                r.repaired = True
        for lvl, text in r.labels:
            if num := numbering(text):
                last_by_number[num] = lvl


def _label_depth(data: list[_Row]) -> int:
    """Label levels used by at least two rows (a level seen once is a stray value)."""
    counts = Counter(lvl for r in data for lvl, _ in r.labels)
    used = [lvl for lvl, n in counts.items() if n >= 2]
    return max(used) + 1 if used else (1 if counts else 0)


def _overflow_deep_labels(r: _Row, depth: int) -> None:
    """A text beyond the label depth, next to the values, is a non-numeric value
    ("跳转到国家税务局网站" printed where a count should be)."""
    while r.labels and r.labels[-1][0] >= depth and r.values:
        r.values.insert(0, r.labels.pop()[1])
        r.repaired = True  # a value with no tab position of its own
    r.labels = [(min(lvl, max(depth - 1, 0)), text) for lvl, text in r.labels]


@dataclass
class _Layout:
    rank: int  # 0 or 1 columns
    depth: int
    n_values: int
    n_suffix: int
    raw_start: int | None = None  # a regular table's first value tab position

    @property
    def label0(self) -> int:
        return self.rank

    @property
    def value0(self) -> int:
        return self.rank + self.depth

    @property
    def suffix0(self) -> int:
        return self.value0 + self.n_values

    @property
    def width(self) -> int:
        return self.suffix0 + self.n_suffix


def _regular_layout(data: list[_Row], rank: int) -> tuple[int, int] | None:
    """A table whose every line has the same number of cells has no drift: each value
    goes to its own column, empty cells (zeros printed as nothing) included.
    Returns (number of value columns, tab position of the first), or None."""
    widths = {r.n_cells for r in data}
    if len(widths) != 1 or not any(r.values or not r.tokens for r in data) or \
            any(r.suffix or r.repaired or r.lost_tabs for r in data):
        return None
    # Values begin right after the last label column any row uses.
    start = max([lvl + rank + 1 for r in data for lvl, _ in r.labels] + [rank])
    width = widths.pop()
    if any(c < start for r in data for c in r.value_raw_cols):
        return None
    for r in data:
        r.values = _by_tab(r, start, width - start)
        while r.values and not r.values[-1]:
            r.values.pop()
    return width - start, start


def _right_anchored(data: list[_Row]) -> int | None:
    """Rows whose merged labels left them a varying number of cells on the left (三、本年度
    办理结果 | （一）予以公开 above （二）部分公开) but that all end in the same number of cells
    after their last label: those are the value columns, each row's counted from its end,
    empty ones (zeros printed as nothing) included. Returns their number, or None where
    the rows do not agree (a converter that drops trailing empty cells)."""
    tails = [(r, r.n_cells - 1 - max(t.raw_col for t in r.tokens if not t.is_value))
             for r in data if any(not t.is_value for t in r.tokens)]
    if len(tails) < 3 or any(r.suffix or r.lost_tabs or len(r.values) != len(r.value_raw_cols)
                             for r in data):
        return None  # a label moved into its values: its cells no longer count from the end
    width = Counter(t for _, t in tails).most_common(1)[0][0]
    if width < 2 or any(t != width for _, t in tails) or \
            any(len(r.values) > width or (r.value_raw_cols and r.value_raw_cols[0] <
                                          r.n_cells - width) for r in data):
        return None
    if all(r.n_cells == tails[0][0].n_cells for r, _ in tails):
        return None  # one layout for every row: the regular case
    for r in data:
        if r.values:
            r.values = _by_tab(r, r.n_cells - width, width)
            while r.values and not r.values[-1]:
                r.values.pop()
    return width


def _place_short_rows(data: list[_Row], n_values: int) -> None:
    """A row with fewer values than the table has columns left some cells empty
    (a zero printed as nothing). Where its tab positions fit the value columns of
    the full rows, they say which cells; otherwise values are left-aligned."""
    full = Counter((r.first_value_raw_col, r.n_cells) for r in data if len(r.values) == n_values)
    if len(full) != 1:
        return  # the full rows themselves drift: tab positions say nothing
    start, width = full.most_common(1)[0][0]
    for r in data:
        # Only a row laid out exactly like the full ones (as many cells) is trusted.
        if 0 < len(r.values) < n_values and r.n_cells == width and not r.repaired \
                and not r.lost_tabs and all(0 <= c - start < n_values for c in r.value_raw_cols):
            r.values = _by_tab(r, start, n_values)


def _by_tab(r: _Row, start: int, n_values: int) -> list[str]:
    """The row's values in n_values slots by their tab positions, from tab `start` on."""
    slots = [""] * n_values
    for text, c in zip(r.values, r.value_raw_cols, strict=True):
        slots[c - start] = text
    return slots


def _data_cells(out_row: int, r: _Row, lay: _Layout) -> list[GridCell]:
    cells = []
    if r.rank is not None:
        cells.append(GridCell(out_row, 0, r.rank))
    placed: dict[int, str] = {}
    for lvl, text in r.labels:
        col = lay.label0 + lvl
        # Two labels at one level (a label that lost its tab): keep both texts.
        placed[col] = placed[col] + text if col in placed else text
    cells += [GridCell(out_row, col, text) for col, text in sorted(placed.items())]
    cells += [GridCell(out_row, lay.value0 + i, v) for i, v in enumerate(r.values) if v]
    cells += [GridCell(out_row, lay.suffix0 + i, s) for i, s in enumerate(r.suffix)]
    return cells


def _header_cells(run: list[tuple[int, _Row]], lay: _Layout, data: list[_Row],
                  voc: Vocabulary) -> list[GridCell]:
    """Map header tokens (tab positions) onto the rebuilt columns, with spans."""
    is_value = _header_value_test(data, lay, voc)
    split = []  # per header row: (label tokens, value tokens, suffix tokens)
    for _, r in run:
        toks = list(r.tokens)
        n_suffix = lay.n_suffix if len(toks) > lay.n_suffix and is_value(toks[-lay.n_suffix - 1]) \
            else 0
        body, suffix = toks[:len(toks) - n_suffix], toks[len(toks) - n_suffix:]
        split.append(([t for t in body if not is_value(t)], [t for t in body if is_value(t)], suffix))
    value_start = lay.raw_start if lay.raw_start is not None else min(
        (v[0].raw_col for _, v, _ in split if v), default=0)
    placed: list[list[tuple[int, str]]] = []
    for labels, values, suffix in split:
        row: dict[int, str] = {}
        for t in labels:
            col = 0 if lay.rank and t.raw_col == 0 else \
                lay.label0 + min(max(t.raw_col - lay.rank, 0), max(lay.depth - 1, 0))
            row[col] = row[col] + t.text if col in row else t.text
        for t in values:
            col = lay.value0 + min(t.raw_col - value_start, lay.n_values - 1)
            row[col] = row[col] + t.text if col in row else t.text
        for i, t in enumerate(suffix):
            row[lay.suffix0 + i] = t.text
        placed.append(sorted(row.items()))
    return _span_header(run, placed, lay)


def _header_value_test(data: list[_Row], lay: _Layout, voc: Vocabulary):
    """Whether a header token stands over the values.

    Rows that needed no repair say where values start: never before the earliest
    such row's first value, always from the most common position on. Between
    the two, a metric-like label (…数量, …得分, 自然人) is taken for a value header.
    """
    if lay.raw_start is not None:
        # A regular table's value columns start at a known tab position, even where
        # every data row leaves its first cells empty.
        return lambda t: not (lay.rank and t.raw_col == 0) and t.raw_col >= lay.raw_start
    starts = Counter(r.first_value_raw_col for r in data
                     if r.first_value_raw_col is not None and not r.repaired)
    if not starts or lay.n_values == 0:
        return lambda t: False
    earliest = min(starts)
    usual = min(starts.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    def is_value(t: _Token) -> bool:
        if lay.rank and t.raw_col == 0:
            return False
        if t.raw_col >= usual:
            return True
        return t.raw_col >= earliest and voc.looks_like_metric(t.text)
    return is_value


def _span_header(run, placed, lay: _Layout) -> list[GridCell]:
    """Spans: right until the next label in the row, the end of the label or value
    region, or the end of the parent cell above; down while the rows below have
    nothing under it (总计 over three header rows)."""
    def region_end(col: int) -> int:
        if col < lay.value0:
            return lay.value0
        return lay.suffix0 if col < lay.suffix0 else lay.width

    cells: list[GridCell] = []
    local: list[tuple[int, int, int, int]] = []  # (row, col, row_span, col_span), run-local
    for k, ((out_row, _), row) in enumerate(zip(run, placed, strict=True)):
        for j, (col, text) in enumerate(row):
            end = min(row[j + 1][0] if j + 1 < len(row) else lay.width, region_end(col))
            for pr, pc, prs, pcs in local:
                if pr < k <= pr + prs and pc <= col < pc + pcs:
                    end = min(end, pc + pcs)
            end = max(end, col + 1)
            down = 1
            for below in placed[k + 1:]:
                if any(col <= c < end for c, _ in below):
                    break
                down += 1
            local.append((k, col, down, end - col))
            cells.append(GridCell(out_row, col, text, row_span=down, col_span=end - col,
                                  is_header=True))
    return cells
