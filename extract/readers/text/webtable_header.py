"""A crawled table's header, its cells glued: cut into known words, laid out in levels.

    单位编号单位名称因公出国（境）费公务接待费…20222023增减数20222023增减数…
      -> 单位编号 | 单位名称 | 因公出国（境）费 / 2022, 因公出国（境）费 / 2023, …

The words are the vocabulary of data/table_labels.yaml; an unknown stretch ends at a
closing bracket. Periods repeated per group (2022 2023 增减数 × 4) put groups over
leaves; a two-row header printed row by row leaves a choice of which first-row words
head the second row's leaves, which webtable.py settles by the figures.
"""

from __future__ import annotations

import itertools

import regex

from tongbao.extract.readers.text.webtable_grid import Header, is_marker_column
from tongbao.extract.tables.grid import GridCell
from tongbao.extract.tables.labels import Vocabulary, core_key
from tongbao.normalize.patterns import LazyPattern
from tongbao.normalize.text import clean_text, match_key

_YEAR = LazyPattern(r"(?:19|20)\d{2}(?:年度?)?(?:决算数|预算数|执行数|实际数|决算|预算)?")
_SPACED_TOTAL = LazyPattern(r"(?:合|总|小|共)\s+计")  # 合 计: a total's label, spaced


def cut_header(key: str, start: int, end: int, voc: Vocabulary) -> list[tuple[int, int, bool]]:
    """A glued header cut into pieces (start, end, known): known words and years, and
    unknown stretches ending at a closing bracket or a units' column's name."""
    out, i, unknown = [], start, None
    while i < end:
        if key[i].isspace():
            if unknown is not None:
                out.append((unknown, i, False))
                unknown = None
            i += 1
            continue
        m = _YEAR.match(key, i, end) or _SPACED_TOTAL.match(key, i, end)
        word = m.group() if m else next((w for w in voc.header_words if key.startswith(w, i, end)),
                                        None)
        spaced = None if m else _spaced_word(key, i, end, voc)
        if spaced and len(spaced) > len(word or ""):
            word = spaced  # 乡 镇, 得 分: a short word spaced out to fill its cell
        if word and unknown is not None and word in voc.name_endings:
            out.append((unknown, i + len(word), False))  # 日常考核|得分: one column's name
            unknown, i = None, i + len(word)
            continue
        if word:
            if unknown is not None:
                out.append((unknown, i, False))
                unknown = None
            stop = i + len(word)
            note = regex.match(r"[(（][^()（）]{0,12}[)）]", key[stop:end])
            stop += note.end() if note else 0
            out.append((i, stop, True))
            i = stop
            continue
        unknown = i if unknown is None else unknown
        i += 1
        # a closing bracket ends it, so does a units' column's name (承办县区|基础工作…)
        if key[i - 1] in ")）" or i - unknown >= 3 and voc.is_unit_header(key[unknown:i]):
            out.append((unknown, i, False))
            unknown = None
    if unknown is not None:
        out.append((unknown, end, False))
    return out


def _spaced_word(key: str, i: int, end: int, voc: Vocabulary) -> str | None:
    """A known word printed with single spaces between its characters, as it is at i
    (乡 镇得 分: 乡镇, then 得分), the printed text; None when none is."""
    if " " not in key[i:i + 8]:
        return None
    for word in voc.header_words:
        j = i
        for n, ch in enumerate(word):
            if n and key.startswith(" ", j, end) and key.startswith(ch, j + 1, end):
                j += 1
            if not key.startswith(ch, j, end):
                break
            j += 1
        else:
            if " " in key[i:j]:
                return key[i:j]
    return None


def layouts(text: str, pieces: list[tuple[int, int, bool]], voc: Vocabulary) -> list[Header]:
    """The ways a glued header can be laid out, likeliest first. A crawler prints a
    two-row header row by row: 序号 | 项目名称 | 资金情况（万元） | 评价得分 | 评价等级, then
    预算金额 | 执行金额 | 执行率（%）; which of the first row's words head the second
    row's leaves, the figures decide (webtable._read_table). A header printed twice
    over (序号 乡镇 得分 序号 乡镇 得分) heads a table printed side by side."""
    headers = _laid_out([clean_text(text[s:e]) for s, e, _ in pieces],
                        [k for _, _, k in pieces], voc)
    spaced = _spaced_cells(text, pieces)
    if spaced:  # its cells as the crawl spaced them, second (公务接待费控制数: one cell)
        headers[1:1] = _laid_out(*spaced, voc)
    return headers


def _laid_out(words: list[str], known: list[bool], voc: Vocabulary) -> list[Header]:
    ups = _side_by_side(words, voc)
    headers = _layouts(words[:len(words) // ups], known, voc)
    for header in headers:
        header.ups = ups
    return headers


def _spaced_cells(text: str, pieces: list[tuple[int, int, bool]]
                  ) -> tuple[list[str], list[bool]] | None:
    """The header's cells where a crawl put a space after each (单位名称/预算代码
    “三公经费”合计数 公务接待费控制数 …) and some hold more than one known word or
    stretch; None where it did not, or spaced a word's characters (乡 镇)."""
    cells: list[list[tuple[int, int, bool]]] = []
    for piece in pieces:
        if cells and text[cells[-1][-1][1]:piece[0]] == "":  # glued to the piece before
            cells[-1].append(piece)
        else:
            cells.append([piece])
    words = [clean_text(text[c[0][0]:c[-1][1]]) for c in cells]
    if len(cells) < 2 or len(cells) == len(pieces) or any(len(w) < 2 for w in words):
        return None
    return words, [any(k for _, _, k in c) for c in cells]


def _side_by_side(words: list[str], voc: Vocabulary) -> int:
    """How many times over a header prints its columns: 2 for 序号 乡镇 得分 序号 乡镇 得分
    (the table's rows in two halves side by side); 1 for any other header."""
    for ups in (3, 2):
        n = len(words) // ups
        if n >= 2 and len(words) % ups == 0 and _is_label_header(words[0], voc) \
                and words == words[:n] * ups:
            return ups
    return 1


def _layouts(words: list[str], known: list[bool], voc: Vocabulary) -> list[Header]:
    n_labels = 0
    while n_labels < len(words) and _is_label_header(words[n_labels], voc):
        n_labels += 1
    if n_labels and n_labels < len(words) and not known[n_labels] and \
            all(is_marker_column(w, voc) for w in words[:n_labels]):
        n_labels += 1  # 序号 考核内容 得分: rows name themselves under the word no table knows
    labels, rest = words[:n_labels], words[n_labels:]
    if not labels or not rest:
        return []

    def suffix_word(w: str) -> bool:
        return voc.is_result_header(w) or voc.is_rank_header(w)

    inner = next((i for i, w in enumerate(rest) if suffix_word(w)
                  and not all(suffix_word(x) for x in rest[i:])), None)
    if inner is not None:  # row 0's suffix columns, then row 1's leaves
        j = inner
        while suffix_word(rest[j]):
            j += 1
        return [_made(labels, paths, rest[inner:j])
                for paths in _two_levels(rest[:inner], rest[j:], voc)]
    n_suffix = 0
    while n_suffix < len(rest) and suffix_word(rest[-1 - n_suffix]):
        n_suffix += 1
    values, suffix = rest[:len(rest) - n_suffix], rest[len(rest) - n_suffix:]
    if not values:
        return []
    grouped = _period_groups(values, voc)
    if grouped is not None:
        return [_made(labels, grouped, suffix)] if grouped else []
    flat = [_made(labels, [[v] for v in values], suffix)]
    return flat + [_made(labels, paths, suffix) for b in range(1, min(4, len(values) - 1))
                   for paths in _two_levels(values[:b], values[b:], voc)]


def _period_groups(values: list[str], voc: Vocabulary) -> list[list[str]] | None:
    """Groups over a run of periods repeated per group (2022 2023 增减数 × 4); None when
    the header has no such run, [] when its groups cannot be matched to it."""
    tail = len(values)
    while tail and (voc.period(values[tail - 1]) or voc.derived_kind(values[tail - 1])):
        tail -= 1
    leaves, groups = values[tail:], values[:tail]
    m = next((m for m in range(1, len(leaves) + 1) if len(leaves) % m == 0 and
              [core_key(x) for x in leaves] == [core_key(x) for x in leaves[:m]] * (len(leaves) // m)),
             0)
    k = len(leaves) // m if m else 0
    periods = sum(voc.period(x) is not None for x in leaves[:m])
    if not (k >= 2 or k == 1 and periods >= 2 and len(groups) <= 1):
        return None
    if len(groups) not in (k, k + 1) and not (k == 1 and not groups):
        return []
    outer = groups[:len(groups) - k] if len(groups) > k else []
    own = groups[len(groups) - k:] if k > 1 or groups else [None]
    return [[*outer, *([g] if g else []), leaf] for g in own for leaf in leaves[:m]]


def _two_levels(top: list[str], leaves: list[str], voc: Vocabulary) -> list[list[list[str]]]:
    """Paths for each choice of which first-row words are groups over the leaves (in
    equal shares, in order), the likeliest groups first: 资金情况（万元） heads columns,
    评价得分 and 总分 are columns themselves."""
    def groupness(w: str) -> int:
        key = core_key(w)
        if voc.total_column_check(w) or voc.derived_kind(w) or voc.period(w) or \
                key.endswith(("得分", "总分", "率", "数", "额")):
            return -1
        return 1 if key.endswith(("情况", "经费", "资金")) or w != core_key(w) else 0

    out = []
    for n in range(1, len(top) + 1):
        for chosen in itertools.combinations(range(len(top)), n):
            if not leaves or len(leaves) % n:
                continue
            share, paths, it = len(leaves) // n, [], iter(leaves)
            for i, w in enumerate(top):
                paths += [[w, next(it)] for _ in range(share)] if i in chosen else [[w]]
            out.append((-sum(groupness(top[i]) for i in chosen), paths))
    return [paths for _, paths in sorted(out, key=lambda x: x[0])]


def _made(labels: list[str], paths: list[list[str]], suffix: list[str]) -> Header:
    header = Header(list(labels), paths, list(suffix))
    _head_cells(header)
    return header


def _is_label_header(word: str, voc: Vocabulary) -> bool:
    key = core_key(word)
    return voc.is_rank_header(word) or voc.is_code_header(word) or voc.is_unit_header(word) \
        or key.endswith("名称") or key in voc.item_headers


def _head_cells(h: Header) -> None:
    """The header as grid cells: each level's labels spanning the columns they head."""
    h.depth = max(len(p) for p in h.paths)
    n = len(h.labels)
    h.heads = [GridCell(0, c, t, row_span=h.depth, is_header=True) for c, t in enumerate(h.labels)]
    for level in range(h.depth):
        j = 0
        while j < len(h.paths):
            path = h.paths[j]
            k = j
            while k + 1 < len(h.paths) and h.paths[k + 1][:level + 1] == path[:level + 1]:
                k += 1
            if level < len(path):
                rows = h.depth - level if level == len(path) - 1 else 1
                h.heads.append(GridCell(level, n + j, path[level], row_span=rows,
                                        col_span=k - j + 1, is_header=True))
            j = k + 1
    h.heads += [GridCell(0, n + len(h.paths) + i, t, row_span=h.depth, is_header=True)
                for i, t in enumerate(h.suffix)]


def figures_under_measures(header: Header, voc: Vocabulary) -> bool:
    """A layout putting figures under 计量单位 (a column of measure words: 条, 件): its words
    are set over the wrong columns (指标名称 计量单位 2014年度 历年累计, a pre-2019 report's
    table, read with the year's figures as 历年累计)."""
    return any(match_key(w) in voc.not_unit_headers for path in header.paths for w in path)


MEASURED = ("its header names a column of measure words (计量单位) that the crawl prints "
             "glued to the rows' names: which figure is whose column the text does not tell")
