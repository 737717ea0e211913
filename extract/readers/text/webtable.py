"""Generic tables in a crawler's flattened page text, read best-effort and honestly.

A crawler saves a web page's article as one line, every table cell glued to the next:

    …统计表（单位：元）单位编号单位名称因公出国（境）费公务接待费…20222023增减数…
    013001平潭综合实验区财政金融局1,200.00800.00-400.00…合 计…填报人：…

Steps: the table starts at a column header (序号, 单位编号, 单位名称) followed by
figures; its header is cut into the words table_labels.yaml knows, a run of
periods repeated per group (2022 2023 增减数) making groups × leaves; its rows
split at sequence numbers (1, 2, 3 …) or unit codes (013001 …) before a name,
else at each name; each row's figures are cut as the table prints them, the
arithmetic choosing (webtable_cells.py). A cell still open is left empty with
its candidates ('?(12|120)') and a skipped check names them; a table whose rows
cannot be told apart is kept as cells without values, with a check saying why.
"""

from __future__ import annotations

from functools import cache

import regex

from tongbao.extract.model import Check
from tongbao.extract.readers.text.webtable_grid import (
    Header,
    Line,
    grid_of,
    is_phone,
    kept_as_cells,
)
from tongbao.extract.readers.text.webtable_header import (
    MEASURED,
    cut_header,
    figures_under_measures,
    layouts,
)
from tongbao.extract.readers.text.webtable_tokens import IN_WORDS, tokens
from tongbao.extract.readers.text.webtable_tokens import NUM as _NUM
from tongbao.extract.tables.form import form_starts, is_form_text, keyed
from tongbao.extract.tables.grid import Grid
from tongbao.extract.tables.labels import Vocabulary, vocabulary
from tongbao.normalize.jurisdictions import jurisdiction_of
from tongbao.normalize.numbers import measure_words
from tongbao.normalize.patterns import LazyPattern, compile_pattern
from tongbao.normalize.text import clean_text, match_key
from tongbao.normalize.units import exact_unit, units_apart

_CODE = LazyPattern(r"0\d{2,}|\d{6,}")
# A table's title: words, its dates (2023年1-6月, 第2季度) the only figures in it
_TITLE = LazyPattern(r"(?:[^。；：:，,\s\d]|(?:19|20)\d{2}(?=年)|\d{1,2}(?=[-—–~至月季日号])){4,60}"
                     r"(?:表|一览|公示|名单|清单|结果|情况)(?:[(（][^()（）]*[)）])?")
_ATTACHMENT = LazyPattern(r"附件\s*\d{1,2}(?!\d)")
_SENTENCE = LazyPattern(r"[。；，]")
_CLAUSE = LazyPattern(r"[。；，：:]")


def webtable_grids(text: str) -> tuple[list[Grid], list[Check]]:
    voc = vocabulary()
    key = keyed(text)
    grids, checks, pos = [], [], 0
    while (anchor := _anchor(key, pos, voc)) is not None:
        found = _read_table(text, key, anchor, voc)
        if found is None:
            pos = anchor + 2
            continue
        grid, table_checks, end = found
        grids.append(grid)
        checks += table_checks
        pos = max(end, anchor + 2)
    return grids, checks


def _anchor(key: str, pos: int, voc: Vocabulary) -> int | None:
    """Where a table's header starts: a label column's header, not a form key (单位：)."""
    for m in _header_start(voc).finditer(key, pos):
        if regex.search(r"\d", key[m.end():m.end() + 400]):
            return m.start()
    return None


@cache
def _header_start(voc: Vocabulary) -> regex.Pattern:
    """A label column's header word (序号, 单位编号, 单位名称…), as a table's header opens."""
    words = [w for w in voc.header_words if len(w) >= 2 and (
        voc.is_rank_header(w) or voc.is_code_header(w) or len(w) >= 4 and voc.is_unit_header(w)
        or w.endswith("名称"))]
    # An item header as a cell of its own (项目 本月支出数…), never inside a name
    # (重点项目建设管理办公室)
    items = "|".join(regex.escape(w) for w in sorted(voc.item_headers))
    return compile_pattern("|".join(regex.escape(w) for w in words) + r"(?![:：])"
                           rf"|(?<!\p{{Han}})(?:{items})(?=\s)")


def _is_total_label(text: str, voc: Vocabulary) -> bool:
    return voc.total_row_check(text) is not None and len(match_key(text)) <= 4


def _data_start(text: str, key: str, anchor: int, voc: Vocabulary):
    """(where the first row starts, its marker kind, the header's pieces) or None."""
    for m in _NUM.finditer(key, anchor):
        run, after = m.group(), key[m.end():m.end() + 1]
        if regex.fullmatch(r"(?:(?:19|20)\d{2})+", run) or after in "年分月日%)）号期" \
                or key.rfind("(", anchor, m.start()) > key.rfind(")", anchor, m.start()) \
                or IN_WORDS.match(key, m.start()):
            continue
        marker = None
        after = key[m.end():m.end() + 12].lstrip()
        if regex.match(r"\p{Han}", after) and not any(after.startswith(w) for w in voc.result_words):
            # a code: 013001, or digits under a 单位编号 header (2530551 may be figures)
            coded = run.startswith("0") or regex.search(r"编号|编码|代码", key[anchor:m.start()])
            marker = "seq" if run == "1" else "code" if _CODE.fullmatch(run) and coded else None
        pieces = cut_header(key, anchor, m.start(), voc)
        if marker:
            return m.start(), marker, pieces
        if not pieces:
            return None
        s, e, known = pieces[-1]
        if known and not _is_total_label(text[s:e], voc):
            # figures right after the header: nothing to tell one row from the next
            return (m.start(), "unsplit", pieces) if len(pieces) >= 2 else None
        return s, None, pieces[:-1]
    return None


def _read_table(text: str, key: str, anchor: int, voc: Vocabulary):
    """One table from its header on: (grid, checks, where it ends) or None."""
    start = _data_start(text, key, anchor, voc)
    if start is None:
        return None
    at, marker, pieces = start
    if _in_prose(text, anchor, at):
        return None
    if marker == "unsplit":
        return _unsplit(text, key, at, pieces)
    title, above = _caption(text, key, anchor)
    where = jurisdiction_of(title) if title else None  # 洛阳市西工区…绩效评价结果
    rows_text, rows_key, stop = _own_rows(text, key, anchor, at, voc)
    best, tried = None, layouts(text, pieces, voc)[:8]
    kept = [h for h in tried if not figures_under_measures(h, voc)]
    for rank, header in enumerate(kept):
        lines, end = _lines(rows_text, rows_key[:stop], at, marker, header, voc)
        if not lines:
            continue
        grid, checks = grid_of(header, lines, voc, where)
        score = (len(checks), rank)  # the layout under which the most cells read for sure
        if best is None or score < best[0]:
            best = (score, grid, checks, end)
    if best is None:
        return _unsplit(text, key, at, pieces, MEASURED) if len(kept) < len(tried) else None
    _, grid, checks, end = best
    below, end = _form_after(text, rows_key[:stop], end, voc)  # never into the next table
    grid.title, grid.notes = title, above + below
    return grid, checks, end


def _in_prose(text: str, anchor: int, at: int) -> bool:
    """Words of running text rather than a table: a "header" holding a clause's marks (各
    单位：, …单位，…), or first figures mostly followed by their unit word (1256件), as
    running text prints them and a table's cells, under a unit in the header, do not.
    A share (占39.3%) is either's: it counts for neither. The first row's name is in the
    header's test: one ending at a colon (各镇（街道）、区直各单位：) addresses readers."""
    first = _NUM.search(text, at)
    if _CLAUSE.search(text, anchor, first.start() if first else at):
        return True
    figures = [m for m in _NUM.finditer(text, at, min(len(text), at + 200))
               if text[m.end():m.end() + 1] not in "年月日号" and not m.group().endswith("%")
               and text[m.end():m.end() + 1] not in "%％"  # not a date's, nor a share,
               and not _CODE_LIKE.match(m.group())  # nor a code (001001人民防空办公室),
               and not _GOES_ON.match(text, m.end())][:6]  # nor a figure's head (康店镇4⏎0件)
    words = _unit_words()
    # (a unit word may follow its figure on the next line, as a PDF's text breaks it)
    said = sum(1 for m in figures if text[m.end():m.end() + 8].lstrip().startswith(words))
    return bool(figures) and said * 2 > len(figures)


_CODE_LIKE = LazyPattern(r"0\d")  # a figure never starts with 0 before a digit; a code does
_GOES_ON = LazyPattern(r"[ \t]*\n\s*\d")  # a figure broken at a line's end goes on below


@cache
def _unit_words() -> tuple[str, ...]:
    return measure_words("count", "amount")


def _unsplit(text: str, key: str, at: int, pieces: list[tuple[int, int, bool]],
             why: str = "the rows of this table cannot be told apart: its figures follow the "
             "header with no name, sequence number or code between them"):
    """A table whose rows or columns cannot be told apart (`why`): its header's pieces and
    its glued body kept as cells, no values."""
    stops = [m.start() for m in _SENTENCE.finditer(text, at)] + form_starts(key[at:])
    end = min([s for s in stops if s > at] or [len(text)])
    end = min(end, at + next((s for s in form_starts(key[at:end])), end - at))
    grid, check = kept_as_cells([clean_text(text[s:e]) for s, e, _ in pieces],
                                text[at:end].strip(), why)
    return grid, [check], end


def _lines(text: str, key: str, at: int, marker: str | None, header: Header, voc: Vocabulary
           ) -> tuple[list[Line], int]:
    """The rows from `at` on, each with its name, glued figures and text cells; then
    the sequence numbers or unit codes glued to the figures before each name."""
    slots = [s for s in header.suffix if voc.is_result_header(s) and not is_phone(s)]
    lines: list[Line] = []
    first, end = None, len(key)
    for kind, s, e in tokens(key, at):
        piece = text[s:e].strip()
        if kind == "num":
            if lines:
                lines[-1].runs.append(piece)
            elif marker:
                first = piece  # the first row's own marker
            continue
        cur = lines[-1] if lines else None
        while cur and piece and len(cur.texts) < len(slots) and (word := _text_cell(
                piece, slots[len(cur.texts)], voc)):
            cur.texts.append(word)
            piece = piece[len(word):].strip()
        if not piece:
            continue
        if is_form_text(piece) or _SENTENCE.search(piece[:30]) or piece[0] in "、，,；;" or len(piece) > 60 or (
                cur is not None and not cur.runs and not marker):
            end = s
            break
        for name in _row_names(piece, voc):
            lines.append(Line(first if not lines else None, clean_text(name)))
    while lines and not lines[-1].runs and not lines[-1].texts:
        lines.pop()  # a signature after the table, no row
    if header.ups > 1 and lines:  # the last line's empty halves, printed as marks (83///)
        width = len(header.labels) + len(header.paths) + len(header.suffix)
        run = lines[-1].runs[-1]
        for empty in range(header.ups - 1, 0, -1):
            marks = regex.search(rf"(?:\s*[-−—–/]){{{width * empty}}}$", run)
            if marks:
                lines[-1].runs[-1] = run[:marks.start()].strip()
                if not lines[-1].runs[-1]:
                    lines[-1].runs.pop()
                break
    _split_markers(lines, marker, header, voc)
    return lines, end


def _row_names(piece: str, voc: Vocabulary) -> list[str]:
    """The names of the rows a text between figures holds: one; or, where a row printed
    nothing at all (every cell empty, lost by the crawl), that row's name and the next
    one's: '西工区水利局 西工区自然资源局', '北关区农业农村局总 计'."""
    for cut in range(len(piece) - 2, 1, -1):
        if _is_total_label(piece[cut:], voc) and exact_unit(piece[:cut].strip()):
            return [piece[:cut].strip(), piece[cut:]]
    return units_apart(piece)


def _own_rows(text: str, key: str, anchor: int, at: int, voc: Vocabulary
              ) -> tuple[str, str, int]:
    """The table's rows from `at` to where the next table opens (its header, with the
    title and 附件 line above it: …附件2 2015年度…汇总表序号乡镇得分), as text and key
    with this table's own header, printed again over its rows, blanked out."""
    own = regex.sub(r"\s+", "", key[anchor:at])
    pos = at
    while (header := _header_start(voc).search(key, pos)) is not None:
        opens = _opening(key, at, header.start())
        again = _printed_again(key, header.start(), own)
        if again is None or opens < header.start():  # titled: a table of its own
            return text, key, opens
        blank = " " * (again - header.start())
        text = text[:header.start()] + blank + text[again:]
        key = key[:header.start()] + blank + key[again:]
        pos = again
    return text, key, len(key)


def _printed_again(key: str, at: int, header: str) -> int | None:
    """Where the table's header, printed again at `at` (spaces aside), ends; None if it is not."""
    j = at
    for ch in header:
        while j < len(key) and key[j].isspace():
            j += 1
        if not key.startswith(ch, j):
            return None
        j += 1
    return j


def _opening(key: str, at: int, header: int) -> int:
    """Where a table whose header starts at `header` opens: at the 附件 line above it, else
    at its title printed right above it (its year in it, never the rows' other figures)."""
    attachments = list(_ATTACHMENT.finditer(key, max(at, header - 120), header))
    if attachments:
        return attachments[-1].start()
    title = next((t for t in _TITLE.finditer(key, at, header)
                  if not key[t.end():header].strip()), None)
    return title.start() if title else header


def _text_cell(piece: str, slot: str, voc: Vocabulary) -> str | None:
    """The row's text cell at the start of a glued piece: a result word (优秀, 四星级)
    under 等次 or 星级, a person's name under 联系人 (the whole short piece)."""
    if slot.endswith("人"):
        return piece if regex.fullmatch(r"\p{Han}{2,4}", piece) else None
    return next((piece[:len(w)] for w in voc.result_words if keyed(piece).startswith(w)), None)


def _split_markers(lines: list[Line], scheme: str | None, header: Header, voc: Vocabulary
                   ) -> None:
    """Each row's sequence number (1, 2, …) or unit code (013002) cut off the end of the
    figures printed before its name; the scheme inferred when the first row showed none."""
    pairs = [(p, n) for p, n in zip(lines, lines[1:], strict=False)
             if p.runs and not _is_total_label(n.name, voc)]
    code_len = len(lines[0].marker) if lines and lines[0].marker else None
    if scheme is None:
        scheme, code_len = _infer_markers([p.runs[-1] for p, _ in pairs], header, voc)
    skip = 1 if lines and lines[0].marker == "1" else 0
    n = sum(1 for line in lines if not _is_total_label(line.name, voc))
    found = max(([_markers_found(pairs, order[skip:], scheme, code_len)
                  for order in _printed_orders(n, header.ups)]), key=len, default=[])
    for prev, line, tail in found:
        line.marker = tail
        run = prev.runs[-1]
        prev.runs[-1] = run[:len(run) - len(tail)].strip()
        if not prev.runs[-1]:
            prev.runs.pop()


def _printed_orders(n: int, ups: int) -> list[list[int]]:
    """The orders n rows' sequence numbers may be printed in: 1, 2, 3 …; and for a table
    printed in halves side by side, each printed line's numbers, left to right
    (1 9 2 10 … for 15 rows in two halves)."""
    orders = [list(range(1, n + 1))]
    if ups > 1:
        tall = -(-n // ups)
        orders.append([half * tall + row + 1 for row in range(tall) for half in range(ups)
                       if half * tall + row < n])
    return orders


def _markers_found(pairs: list[tuple[Line, Line]], order: list[int], scheme: str | None,
                   code_len: int | None) -> list[tuple[Line, Line, str]]:
    """(row, next row, the next row's marker ending the row's figures), in the order expected."""
    found, expected = [], iter(order)
    want = next(expected, None)
    for prev, line in pairs:
        run = prev.runs[-1]
        tail = str(want) if scheme == "seq" and want is not None else \
            run.replace(" ", "")[-code_len:] if scheme == "code" and code_len else None
        if not tail or not run.endswith(tail) or scheme == "code" and not _CODE.fullmatch(tail):
            continue
        found.append((prev, line, tail))
        want = next(expected, None)
    return found


def _infer_markers(tails: list[str], header: Header, voc: Vocabulary
                   ) -> tuple[str | None, int | None]:
    """seq when the figures before each name end 1, 2, 3 … under a 序号 header; code
    when they end in codes of one length with a leading 0, rising."""
    tails = [t.replace(" ", "") for t in tails]
    if len(tails) < 2:
        return None, None
    if header.labels and voc.is_rank_header(header.labels[0]) and \
            all(t.endswith(str(i)) for i, t in enumerate(tails, start=1)):
        return "seq", None
    for n in range(8, 2, -1):
        codes = [t[-n:] for t in tails]
        if all(len(t) > n and c.isdigit() and c[0] == "0" for t, c in zip(tails, codes, strict=True)) \
                and all(int(a) < int(b) for a, b in zip(codes, codes[1:], strict=False)):
            return "code", n
    return None, None


def _caption(text: str, key: str, anchor: int) -> tuple[str | None, list[str]]:
    """The title just above the table (…统计表（单位：元）) and the form lines between."""
    begin = max(0, anchor - 200)
    for attachment in _ATTACHMENT.finditer(key, begin, anchor):
        begin = attachment.end()  # the title of 附件2, never the table before it
    titles = list(_TITLE.finditer(text, begin, anchor))
    title = clean_text(titles[-1].group()) if titles else None
    begin = titles[-1].end() if titles else begin
    starts = form_starts(key[begin:anchor])
    if not starts or text[begin:begin + starts[0]].strip():
        return title, []  # form lines only right above the header
    return title, _form_lines(text[begin:anchor], key[begin:anchor])


def _form_lines(text: str, key: str) -> list[str]:
    """Glued form lines apart: '填报人：张三联系电话：0591-…' -> two lines."""
    starts = form_starts(key)
    return [clean_text(text[a:b]) for a, b in zip(starts, [*starts[1:], len(text)], strict=False)
            if clean_text(text[a:b])]


def _form_after(text: str, key: str, end: int, voc: Vocabulary) -> tuple[list[str], int]:
    """Form lines right after the table (填报人：…, 联系电话：…, 日期：…)."""
    starts = form_starts(key[end:end + 300])
    if not starts or key[end:end + starts[0]].strip():
        return [], end
    last = starts[-1]  # the last line runs to the next space (a signature may follow)
    stop = end + last + (regex.search(r"\s|$", key[end + last:]).start())
    return _form_lines(text[end:stop], key[end:stop]), stop


