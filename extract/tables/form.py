"""Form lines printed inside or around a table: who filed it, in what unit, when.

    填报单位（盖章）：平潭综合实验区财政金融局        单位：元
    单位负责人：        填报人：张三        联系电话：0591-23165370     日期：2024年1月15日

They describe the table, never a row or a column: the interpreter keeps them as
the table's form lines, and the measure unit they state (元, 万元) is the unit of
the table's amounts. A table's own title printed as its first full-width row is
kept the same way. The keys are data (table_labels.yaml: form_keys, measure_units,
title_endings).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.labels import Vocabulary, match_key, vocabulary
from tongbao.normalize.dates import is_date_line
from tongbao.normalize.patterns import LazyPattern, compile_pattern
from tongbao.normalize.text import clean_text


@dataclass
class Form:
    rows: set[int] = field(default_factory=set)  # grid rows that are form lines or the title
    lines: list[str] = field(default_factory=list)  # as printed, top to bottom
    title: str | None = None  # the table's title printed as its first row
    unit: str | None = None  # the measure unit stated: 元, 万元, %


@cache
def _form_pattern(voc: Vocabulary) -> regex.Pattern:
    keys = "|".join(sorted((regex.escape(k) for k in voc.form_keys), key=len, reverse=True))
    return compile_pattern(rf"^(?:{keys})(?:[(（][^()（）]{{0,8}}[)）])?[:：]")


def keyed(text: str) -> str:
    """NFKC character by character, keeping positions (… stays …, not ...)."""
    return "".join(n if len(n := unicodedata.normalize("NFKC", c)) == 1 else c for c in text)


def split_form(text: str, voc: Vocabulary | None = None) -> list[str]:
    """One printed line holding several form lines, apart: '单位负责人：王敏  填报人：张伟'."""
    starts = form_starts(keyed(text), voc) or [0]
    starts[0] = 0
    return [t for a, b in zip(starts, [*starts[1:], len(text)], strict=True)
            if (t := clean_text(text[a:b]))]


def form_starts(text: str, voc: Vocabulary | None = None) -> list[int]:
    """Where form lines start in text that glued them together
    ('填报人：张伟联系电话：0456-…' -> [0, 6]); text in NFKC, as match keys are."""
    voc = voc or vocabulary()
    keys = "|".join(sorted((regex.escape(k) for k in voc.form_keys), key=len, reverse=True))
    return [m.start() for m in regex.finditer(rf"(?:{keys})(?:[(（][^()（）]{{0,8}}[)）])?[:：]", text)]


@cache
def _unit_pattern(voc: Vocabulary) -> regex.Pattern:
    units = "|".join(regex.escape(u) for u in voc.measure_units)
    return compile_pattern(rf"(?:单位|单元)[:：]?(?P<u>{units})(?![\p{{Han}}])"
                         rf"|[(（](?P<u>{units})[)）]")


_SEAL = LazyPattern(r"[(（](?:盖章|签字|签名|公章)[)）]")
_TRAILING_NOTE = LazyPattern(r"[(（][^()（）]*[)）]$")


def is_form_text(text: str, voc: Vocabulary | None = None) -> bool:
    """填报单位（盖章）：…, 单位：万元, 联系电话：…, 注：…, a signature's （盖章）, a date alone."""
    return _is_form_text(text, voc or vocabulary())


@lru_cache(maxsize=16_384)  # asked of every cell, twice (headers, then the view)
def _is_form_text(text: str, voc: Vocabulary) -> bool:
    key = match_key(text)
    return bool(key) and (bool(_form_pattern(voc).match(key)) or is_date_line(key)
                          or _SEAL.fullmatch(key) is not None)


def is_form_row(texts: list[str], voc: Vocabulary | None = None) -> bool:
    """A row of form lines (a 单位：元 alone in the corner counts), perhaps beside the title."""
    return any(is_form_text(t, voc) for t in texts) and \
        all(is_form_text(t, voc) or is_title(t, voc) for t in texts)


def measure_unit(texts: list[str], voc: Vocabulary | None = None) -> str | None:
    """The measure unit the first of these texts to state one states: 单位：万元, （元）."""
    voc = voc or vocabulary()
    for text in texts:
        m = _unit_pattern(voc).search(match_key(text))
        if m:
            return m["u"]
    return None


def is_title(text: str, voc: Vocabulary | None = None) -> bool:
    voc = voc or vocabulary()
    key = _TRAILING_NOTE.sub("", match_key(text))
    return len(key) >= 6 and key.endswith(voc.title_endings)


def table_form(grid: Grid, mat: list[list[GridCell | None]], voc: Vocabulary | None = None
               ) -> Form:
    """The grid's form lines and title row; grid.notes (lines the reader found just
    around the table) state the unit when the table itself does not."""
    voc = voc or vocabulary()
    form = Form()
    for r in range(grid.n_rows):
        own = [c for c in mat[r] if c is not None and c.row == r]
        texts = list(dict.fromkeys(c.text for c in own if c.text))
        full_width = len({id(c) for c in own}) == 1 and own and own[0].col_span == grid.n_cols
        if texts and is_form_row(texts, voc):
            form.rows.add(r)
            form.lines += [line for t in texts for line in split_form(t, voc)]
        elif r == _first_row_with_text(mat) and full_width and grid.n_cols > 2 and \
                is_title(texts[0], voc):
            form.rows.add(r)
            form.title = texts[0]
    form.lines = [*grid.notes, *form.lines]
    # the reader's own finding (a PDF's 单位：元 line above the table) when the form says none
    form.unit = measure_unit([*form.lines, form.title or "", grid.title or ""], voc) or grid.unit
    return form


def _first_row_with_text(mat: list[list[GridCell | None]]) -> int | None:
    return next((r for r, row in enumerate(mat) if any(c is not None and c.text for c in row)), None)
