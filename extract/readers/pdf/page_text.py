"""A page's text outside its ruled tables, in the order it was drawn: what a reader that
finds a template's rows by their labels reads (readers/text/glued.py), when a report's
tables are ruled by rows only, or not at all, and no grid holds their cells.

The order is the content stream's: a producer draws a cell's text whole, so a row label
wrapped over three lines beside its vertically centred figures still comes before them
(by position the figures would cut it in two). Where the stream's text loses what the
page shows, positions put it back, in a table of at least MIN_COLUMNS columns:
- a header set over several lines (法律服/务机构 beside 总计 and 其他) is read column by
  column, each label above the figures it heads, in the columns' order;
- a cell left empty (a zero some reports print as nothing) becomes a dash, the
  placeholder tables print for nothing, where the page shows which column it is: the
  figures' columns, the columns a header names over no figure, or those of the table
  the page before ended with, where the page goes on with it under no header;
- the labels of a group and of its first row, drawn on one line, part.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from tongbao.extract.readers.pdf.aligned import GAP, HEADER_GAP, MIN_COLUMNS, split_runs
from tongbao.extract.readers.pdf.cells import join_chars
from tongbao.normalize.numbers import PLACEHOLDERS, is_placeholder, parse_number
from tongbao.normalize.patterns import LazyPattern

LINE_GAP = 2.5  # character heights between two lines of one header, at most
HEADING_CHARS = 12  # characters: a longer text is a heading or prose, above any header
# What a figure's text can begin with: a digit, a sign, or a placeholder's first character.
_HAN = LazyPattern(r"\p{Han}")
FIGURE_STARTS = {p[0] for p in PLACEHOLDERS} | set("0123456789０１２３４５６７８９+＋－")
EMPTY_COLUMN = 0.75  # a label this many column spacings from every figure heads a column of its own
SPANNING = 1.5  # a label wider than this many of its column's widths heads a group of them

Columns = list[tuple[float, float]]  # x-ranges, left to right


@dataclass
class _Line:
    """A line as drawn, split once into its runs: cells (GAP apart) and labels (HEADER_GAP)."""

    chars: list[dict]
    runs: list[list[dict]]  # parted by more than GAP heights
    figures: Columns  # x-ranges of its figures

    @property
    def text(self) -> str:
        return join_chars(self.chars)

    @cached_property
    def pieces(self) -> list[list[dict]]:
        """Parted by more than HEADER_GAP heights: a header's labels (asked of few lines)."""
        return split_runs(self.chars, HEADER_GAP)


def drawn_text(chars: list[dict], carried: Columns | None = None
               ) -> tuple[str, bool, Columns | None]:
    """The characters (in the stream's order) as lines of text, tables of figures with
    their headers and empty cells as the page shows them; whether a table's row left a
    cell empty; and the columns of the last table, which the next page may go on with
    (`carried`: the page before's) where it prints no header of its own."""
    lines = [_line(chars) for chars in _drawn_lines(chars)]
    out: list[str] = []
    above: list[_Line] = []  # lines without figures since the last line of figures
    empty = False
    zone = float("-inf")  # where the last table's row labels end
    i = 0
    while i < len(lines):
        if not lines[i].figures:
            above.append(lines[i])
            i += 1
            continue
        end = _table_end(lines, i)
        columns = _columns(lines[i:end])
        zone, labels_right = _label_zone(lines[i:end], columns, above[-1] if above else None)
        header = _header_lines(above, lines[i], zone, labels_right)
        columns = _with_empty_columns(columns, [above[k] for k in header], labels_right)
        if not header and carried and _goes_on(lines[i:end], carried):
            columns, labels, complete = carried, [], True
        elif len(columns) >= MIN_COLUMNS:
            header = _from_first_label(header, above, _edges(columns))
            labels, complete = _stacked([above[k] for k in header], columns)
        else:  # no table: a line of prose with a figure, or a table of one or two columns
            out += [ln.text for ln in above + lines[i:end]]
            above, i, carried = [], end, None
            continue
        first = header[0] if header else len(above)
        out += [_labels(ln, zone) for ln in above[:first]] + labels
        out += [_labels(ln, zone) for k, ln in enumerate(above[first:], first)
                if k not in header]
        rows = [_filled(ln, columns) if complete and ln.figures else _labels(ln, zone)
                for ln in lines[i:end]]
        empty = empty or rows != [ln.text for ln in lines[i:end]]
        out += rows
        carried = columns if complete else None
        above, i = [], end
    out += [_labels(ln, zone) for ln in above]
    return "\n".join(out), empty, carried


def _labels(line: _Line, labels_end: float) -> str:
    """A line of the rows' labels only, each label on a line of its own: a group's label
    beside its first row's (处理 beside 其他, a row printing its zeros as nothing) is not
    that row's."""
    if line.figures or max(c["x1"] for c in line.chars) > labels_end:
        return line.text
    return "\n".join(join_chars(run) for run in line.runs)


def _goes_on(rows: list[_Line], columns: Columns) -> bool:
    """Rows with no header above them fit a table's columns: every figure under one of
    them, no two of a row under the same."""
    edges = _edges(columns)
    for ln in rows:
        under = [_column((a + b) / 2, edges) for a, b in ln.figures]
        if None in under or len(set(under)) < len(under):
            return False
    return True


def _line(chars: list[dict]) -> _Line:
    runs = split_runs(chars, GAP)
    texts = [join_chars(r) for r in runs]
    if len(texts) == 1 and _HAN.match(texts[0]):  # a lone 无: a word cut by a page break
        return _Line(chars, runs, [])  # (无 / 法提供), not a cell printing nothing
    return _Line(chars, runs, [(r[0]["x0"], r[-1]["x1"]) for r, t in zip(runs, texts, strict=True)
                               if _is_figure(t)])


def _is_figure(text: str) -> bool:
    """A number, or a dash or slash a table prints for nothing (— for 0)."""
    if text[0] not in FIGURE_STARTS:  # most runs are words: no number to parse
        return False
    return parse_number(text) is not None or is_placeholder(text)


def _drawn_lines(chars: list[dict]) -> list[list[dict]]:
    """Characters into lines in the order drawn: a line ends where the next character
    leaves its height or goes back to the left."""
    lines: list[list[dict]] = []
    for ch in chars:
        if lines:
            prev = lines[-1][-1]
            size = max(ch.get("size", 10), 1)
            if abs(ch["top"] - prev["top"]) <= 0.5 * size and ch["x0"] >= prev["x1"] - 0.5 * size:
                lines[-1].append(ch)
                continue
        lines.append([ch])
    return lines


def _table_end(lines: list[_Line], first: int) -> int:
    """Where the table whose first line of figures is lines[first] ends: at a line without
    figures that prints text over its columns, or labels apart (the next table's header,
    prose). A row's label wrapped onto lines of its own stays left of them, in one piece."""
    left = min(x0 for x0, _ in lines[first].figures)
    end = first + 1
    while end < len(lines) and (lines[end].figures or (
            max(c["x1"] for c in lines[end].chars) < left
            and len(lines[end].runs) == 1)):
        if lines[end].figures:
            left = min(left, *(x0 for x0, _ in lines[end].figures))
        end += 1
    while not lines[end - 1].figures:  # its last row's label ends with its figures
        end -= 1
    return end


def _columns(lines: list[_Line]) -> Columns:
    """The columns of a table: the x-ranges of its figures, overlapping ones merged."""
    merged: list[list[float]] = []
    for x0, x1 in sorted(r for ln in lines for r in ln.figures):
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _with_empty_columns(columns: Columns, header: list[_Line], labels_end: float) -> Columns:
    """The columns, and those whose label heads no figure of the table (a column of zeros
    printed as nothing): a lowest label of the header (none under it), at least
    EMPTY_COLUMN of the columns' spacing from every other column, right of the rows'
    labels (one left of the first figures may be a row's, whose figures are all blank)."""
    pieces = [p for ln in header for p in ln.pieces]
    lowest = [p for p in pieces if not any(
        q is not p and q[0]["top"] >= p[-1]["bottom"] - 0.1 * (p[-1]["bottom"] - p[0]["top"])
        and q[0]["x0"] < p[-1]["x1"] and q[-1]["x1"] > p[0]["x0"] for q in pieces)]
    centres = sorted((a + b) / 2 for a, b in columns)
    spacing = [b - a for xs in (centres, sorted(_centre(p) for p in lowest))
               for a, b in zip(xs, xs[1:], strict=False)]
    if not spacing:
        return columns
    far = EMPTY_COLUMN * min(spacing)
    for p in lowest:
        if p[0]["x0"] > labels_end and all(abs(_centre(p) - c) >= far for c in centres):
            centres.append(_centre(p))
            columns = columns + [(p[0]["x0"], p[-1]["x1"])]
    return sorted(columns)


def _centre(piece: list[dict]) -> float:
    return (piece[0]["x0"] + piece[-1]["x1"]) / 2


def _label_zone(rows: list[_Line], columns: Columns, before: _Line | None
                ) -> tuple[float, float]:
    """Where the rows' labels end: at the first column of figures, where a row prints a
    label, or the line just before them ends left of it (the first row's label wrapped
    above its figures, or a row printing none); nowhere (-inf) where no row has a label
    (行政复议's table: figures alone under its header). And where the labels themselves
    end, further left where the first column prints nothing (自然人 over a column of zeros
    printed as nothing, between the labels and the first figures)."""
    first = columns[0][0]
    ends = [run[-1]["x1"] for ln in rows for run in ln.runs if not _is_figure(join_chars(run))]
    if not ends:
        if before is None or max(c["x1"] for c in before.chars) >= first:
            return float("-inf"), float("-inf")
        # The one row's label wrapped above its figures (本年新收政府信息公 / 开申请数量 / 2 2):
        # the labels end where it does, not at the first figure (the columns between
        # print nothing, their labels are the header's).
        ends = [max(c["x1"] for c in before.chars)]
    return first, max((x for x in ends if x <= first), default=first)


def _header_lines(above: list[_Line], first: _Line, labels_end: float,
                  labels_right: float) -> list[int]:
    """Which of the last lines above the first figures sit over them, none further than
    LINE_GAP heights from the lines below it (drawn in any order: 构 under 科研机 after
    其他), below any heading or prose (a text longer than a label). Lines within the
    rows' labels are passed over: a row's label, wrapped, or a row printing no figure at
    all (its zeros as nothing). Of those, a label right of every row's (`labels_right`)
    set among the header's lines is the header's: it heads a first column that prints
    no figure (自然人, its zeros printed as nothing)."""
    out: list[int] = []
    passed: list[int] = []
    zone_top = figures_top = min(c["top"] for c in first.chars)
    below = max(c["bottom"] for c in first.chars)
    for k in range(len(above) - 1, -1, -1):
        chars = above[k].chars
        if max(c["x1"] for c in chars) <= labels_end:
            passed.append(k)
            zone_top = min(zone_top, *(c["top"] for c in chars))
            continue
        size = max(max(c.get("size", 10) for c in chars), 1)
        bottom = max(c["bottom"] for c in chars)
        if bottom > below - 0.5 * size or bottom < zone_top - LINE_GAP * size \
                or _is_prose(above[k]):
            break
        out.insert(0, k)
        zone_top = min(zone_top, *(c["top"] for c in chars))
    if not out:
        return out
    return sorted(out + _labels_among_header(above, out, passed, labels_right, figures_top))


def _labels_among_header(above: list[_Line], header: list[int], passed: list[int],
                         labels_right: float, figures_top: float) -> list[int]:
    """The passed lines right of every row's label that are the header's, drawn before or
    after its lines: within the height of its lines (自然人), or a label's wrapped line
    just under a piece of it (商业企 / 业, 社会公 / 益组 / 织), above the first figures. Not
    a row printing no figure between the header and the figures (5.要求行政机关确认…):
    it is under no label of the header."""
    candidates = [k for k in passed if min(c["x0"] for c in above[k].chars) > labels_right
                  and max(c["bottom"] for c in above[k].chars) <= figures_top]
    found: list[int] = []
    while True:  # until nothing more is found: a wrapped line makes the header taller,
        # and a label set midway over its two lines (其他 beside 科研机 / 构) is then within
        lines = [above[k] for k in header + found]
        top = min(c["top"] for ln in lines for c in ln.chars)
        bottom = max(c["bottom"] for ln in lines for c in ln.chars)
        pieces = [p for ln in lines for p in ln.pieces]
        before = len(found)
        for k in sorted(set(candidates) - set(found), key=lambda k: above[k].chars[0]["top"]):
            if all(top <= c["top"] and c["bottom"] <= bottom for c in above[k].chars) or \
                    all(any(_wraps_under(p, q) for q in pieces) for p in above[k].pieces):
                found.append(k)
                pieces += above[k].pieces
        if len(found) == before:
            return found


def _wraps_under(piece: list[dict], over: list[dict]) -> bool:
    """A piece that goes on a label: under it, sharing its columns, less than a line's
    height below it."""
    size = max(c.get("size", 10) for c in over)
    gap = piece[0]["top"] - over[-1]["bottom"]
    return -0.2 * size <= gap < size and piece[0]["x0"] < over[-1]["x1"] \
        and piece[-1]["x1"] > over[0]["x0"]


def _is_prose(line: _Line) -> bool:
    return max(map(len, line.pieces)) > HEADING_CHARS


def _from_first_label(header: list[int], above: list[_Line], edges: list[float]) -> list[int]:
    """The header from its first line with a label over a column (prose just above it is
    no header)."""
    while header and not any(_column_of(p, edges) is not None
                             for p in above[header[0]].pieces):
        header = header[1:]
    return header


def _stacked(header: list[_Line], columns: Columns
             ) -> tuple[list[str], bool]:
    """The header's lines: labels beside the columns (a row label's) or over several of
    them (a group's) where they were drawn, then one line of the labels within a column,
    joined top to bottom, in the columns' order. And whether the columns are all there:
    no column holds two labels side by side (the one between them has no figure)."""
    edges = _edges(columns)
    kept: list[str] = []
    within: list[list[list[dict]]] = [[] for _ in columns]
    for ln in header:
        rest = []
        for piece in ln.pieces:
            k = _column_of(piece, edges)
            if k is None:
                rest += piece
            else:
                within[k].append(piece)
        if rest:
            kept.append(join_chars(rest))
    labels = ["".join(join_chars(p) for p in sorted(col, key=lambda p: p[0]["top"]))
              for col in within if col]
    complete = len(labels) == len(columns) and not any(map(_side_by_side, within))
    return kept + ([" ".join(labels)] if labels else []), complete


def _side_by_side(pieces: list[list[dict]]) -> bool:
    """Two labels in one column on one line: a column between them printed no figure."""
    spans = sorted((p[0]["top"], p[0]["bottom"]) for p in pieces)
    return any(b_top < a_bottom - 0.1 * (a_bottom - a_top)  # overlapping lines
               for (a_top, a_bottom), (b_top, _) in zip(spans, spans[1:], strict=False))


def _column_of(piece: list[dict], edges: list[float]) -> int | None:
    """The column a label heads: the one under its centre, unless it is wider than
    SPANNING of them (a group's label)."""
    x0, x1 = piece[0]["x0"], piece[-1]["x1"]
    k = _column((x0 + x1) / 2, edges)
    return None if k is None or x1 - x0 > SPANNING * (edges[k + 1] - edges[k]) else k


def _filled(line: _Line, columns: Columns) -> str:
    """A row of a table with a dash in each column where it prints no figure; as drawn
    where its figures do not fall one to a column."""
    if not line.figures or len(line.figures) == len(columns):
        return line.text
    edges = _edges(columns)
    out, next_column = [], 0
    for run in line.runs:
        text = join_chars(run)
        if _is_figure(text):
            k = _column((run[0]["x0"] + run[-1]["x1"]) / 2, edges)
            if k is None or k < next_column:
                return line.text
            out += ["—"] * (k - next_column)
            next_column = k + 1
        out.append(text)
    return " ".join(out + ["—"] * (len(columns) - next_column))


def _edges(columns: Columns) -> list[float]:
    """Column boundaries halfway between neighbouring columns, the outer ones as far out
    as the column next to them is wide."""
    centres = [(a + b) / 2 for a, b in columns]
    if len(centres) == 1:
        a, b = columns[0]
        return [a - (b - a), b + (b - a)]
    return [centres[0] - (centres[1] - centres[0]) / 2] + \
        [(a + b) / 2 for a, b in zip(centres, centres[1:], strict=False)] + \
        [centres[-1] + (centres[-1] - centres[-2]) / 2]


def _column(x: float, edges: list[float]) -> int | None:
    for k in range(len(edges) - 1):
        if edges[k] <= x < edges[k + 1]:
            return k
    return None
