"""The printed-label vocabulary of extract/data/table_labels.yaml, loaded once."""

from __future__ import annotations

from functools import cache
from importlib import resources

import regex
import yaml

from tongbao.normalize.text import match_key

# Numbering in front of a label: 一、 （七） (1) 1. 1、 第一
NUMBERING = regex.compile(
    r"^(?:(?P<cn>[一二三四五六七八九十]+)[、.]"
    r"|\((?P<pcn>[一二三四五六七八九十]+)\)"
    r"|\((?P<pn>\d{1,2})\)"
    r"|(?P<n>\d{1,2})(?:[.、](?!\d)))"
)
_CN = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def _cn_value(s: str) -> int:
    if len(s) == 1:
        return _CN.get(s, 0)
    if s[0] == "十":
        return 10 + _CN.get(s[1], 0)
    if s[-1] == "十":
        return _CN[s[0]] * 10
    return _CN[s[0]] * 10 + _CN.get(s[-1], 0)


def numbering(label: str) -> tuple[str, int] | None:
    """(style, ordinal) of a label's leading numbering: ('cn', 3) for 三、, ('pcn', 7) for （七）."""
    m = NUMBERING.match(match_key(label))
    if not m:
        return None
    style = m.lastgroup or ""
    raw = m[style]
    return style, (_cn_value(raw) if style in ("cn", "pcn") else int(raw))


def label_key(label: str) -> str:
    """match_key without leading numbering: '（七）总计' -> '总计'."""
    key = match_key(label)
    m = NUMBERING.match(key)
    return key[m.end():] if m else key


class Vocabulary:
    def __init__(self, data: dict):
        self.rank_headers = frozenset(match_key(x) for x in data["rank_headers"])
        self.unit_headers = frozenset(match_key(x) for x in data["unit_headers"])
        self.code_headers = frozenset(match_key(x) for x in data["code_headers"])
        self.total_rows = {match_key(k): v for k, v in data["total_rows"].items()}
        self.total_columns = {match_key(k): v for k, v in data["total_columns"].items()}
        self.metric_chars = frozenset(data["metric_chars"])

    def is_rank_header(self, text: str) -> bool:
        return label_key(text) in self.rank_headers

    def is_code_header(self, text: str) -> bool:
        return label_key(text) in self.code_headers

    def is_unit_header(self, text: str) -> bool:
        return label_key(text) in self.unit_headers

    def total_row_check(self, label: str) -> str | None:
        """合计, （七）总计, and labels ending in one (收入总计, 本年支出合计)."""
        key = label_key(label)
        if key in self.total_rows:
            return self.total_rows[key]
        return next((v for k, v in self.total_rows.items() if key.endswith(k) and len(key) <= 8),
                    None)

    def total_column_check(self, header: str) -> str | None:
        return self.total_columns.get(label_key(header))

    def looks_like_metric(self, header: str) -> bool:
        return any(ch in self.metric_chars for ch in match_key(header))


@cache
def vocabulary() -> Vocabulary:
    text = resources.files("tongbao.extract").joinpath("data/table_labels.yaml").read_text("utf-8")
    return Vocabulary(yaml.safe_load(text))
