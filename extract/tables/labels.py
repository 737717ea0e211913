"""The printed-label vocabulary of extract/data/table_labels.yaml, loaded once."""

from __future__ import annotations

from functools import cache

from tongbao.normalize.datafiles import read_yaml
from tongbao.normalize.patterns import LazyPattern
from tongbao.normalize.text import match_key

CN_NUMERALS = "一二三四五六七八九十"  # the numerals a heading or a label is numbered with
# Numbering in front of a label: 一、 （七） (1) 1. 1、 第一
NUMBERING = LazyPattern(
    rf"^(?:(?P<cn>[{CN_NUMERALS}]+)[、.]"
    rf"|\((?P<pcn>[{CN_NUMERALS}]+)\)"
    r"|\((?P<pn>\d{1,2})\)"
    r"|(?P<n>\d{1,2})(?:[.、](?!\d)))"
)
# An item's number printed in running figures before its label's words (…27 5.要求…,
# …46021.47 1、因公出国…): the label's, never a figure, wherever a text lost its cells.
ITEM_NUMBER = r"(?<![\d.])\d{1,2}\s*[.、．](?=\s*\p{Han})"
_CN = {c: i for i, c in enumerate(CN_NUMERALS, start=1)}
AREA_TOTAL = "area_total"  # the check of a row for the whole area (全区): see table_labels.yaml


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


_NOTE = LazyPattern(r"[(（][^()（）]{0,12}[)）]$")


def core_key(label: str) -> str:
    """label_key without a trailing bracketed note: '增长率（%）' -> '增长率'."""
    key = label_key(label)
    return _NOTE.sub("", key) or key


_QUOTES = LazyPattern(r"[“”‘’\"'「」『』]")


def label_key(label: str) -> str:
    """match_key without leading numbering or quotation marks: '（七）总计' -> '总计',
    '“三公经费”合计数' -> '三公经费合计数'."""
    key = _QUOTES.sub("", match_key(label))
    m = NUMBERING.match(key)
    return key[m.end():] if m else key


def _first_named(header: str) -> str:
    """The key of what a column holds: of two named at once (单位名称/预算代码), the first."""
    return label_key(header).split("/")[0]


_PERIOD_YEAR = LazyPattern(r"((?:19|20)\d{2})(?:年度?)?(?:[^\d]{0,6}数|决算|预算|执行|实际|支出)?")


class Vocabulary:
    def __init__(self, data: dict):
        self.rank_headers = frozenset(match_key(x) for x in data["rank_headers"])
        self.unit_headers = frozenset(match_key(x) for x in data["unit_headers"])
        self.unit_header_endings = tuple(match_key(x) for x in data["unit_header_endings"])
        self.not_unit_headers = frozenset(match_key(x) for x in data["not_unit_headers"])
        self.code_headers = frozenset(match_key(x) for x in data["code_headers"])
        self.item_headers = frozenset(match_key(x) for x in data["item_headers"])
        self.total_rows = {match_key(k): v for k, v in data["total_rows"].items()}
        self.area_rows = frozenset(match_key(k) for k in data["area_rows"])
        self.grand_totals = tuple(match_key(k) for k in data["grand_totals"])
        self.total_columns = {match_key(k): v for k, v in data["total_columns"].items()}
        self.metric_chars = frozenset(data["metric_chars"])
        self.code_suffixes = tuple(match_key(x) for x in data["code_suffixes"])
        self.result_headers = frozenset(match_key(x) for x in data["result_headers"])
        self.derived = {kind: [match_key(x) for x in words]
                        for kind, words in data["derived_columns"].items()}
        self.group_totals = frozenset(match_key(x) for x in data["group_totals"])
        self.periods = {k: frozenset(match_key(x) for x in v) for k, v in data["periods"].items()}
        self.ratio_parts = {k: [match_key(x) for x in v] for k, v in data["ratio_parts"].items()}
        self.form_keys = [match_key(x) for x in data["form_keys"]]
        self.among_words = tuple(match_key(x) for x in data["form_lines"]["parts"])
        self.measure_units = [match_key(x) for x in data["measure_units"]]
        self.title_endings = tuple(match_key(x) for x in data["title_endings"])
        self.result_words = [match_key(x) for x in data["result_words"]]
        self.deduction_words = tuple(match_key(x) for x in data["score_signs"]["deduction"])
        self.base_words = tuple(match_key(x) for x in data["score_signs"]["base"])
        self.out_of_words = frozenset(match_key(x) for x in data["score_signs"]["out_of"])
        # Every header word this file knows, for cutting a glued header: longest first.
        words = {*self.rank_headers, *self.unit_headers, *self.code_headers, *self.result_headers,
                 *self.total_rows, *self.total_columns, *self.group_totals,
                 *(w for ws in self.derived.values() for w in ws),
                 *(w for ws in self.periods.values() for w in ws),
                 *(match_key(x) for x in data["column_words"])}
        self.header_words = sorted(words, key=len, reverse=True)
        # (承办单位: an unknown stretch and a unit header's ending are one column's name too)
        self.name_endings = frozenset(match_key(x) for x in data["name_endings"]) | frozenset(
            self.unit_header_endings)

    def is_rank_header(self, text: str) -> bool:
        return label_key(text) in self.rank_headers

    def is_code_header(self, text: str) -> bool:
        key = _first_named(text)
        return key in self.code_headers or (len(key) > 2 and key.endswith(self.code_suffixes))

    def is_result_header(self, text: str) -> bool:
        return label_key(text) in self.result_headers

    def derived_kind(self, header: str) -> str | None:
        """change, rate or ratio, for a header naming a column derived from its siblings:
        增减数, 增长率（%）, 2023年比2022年增减, 执行率."""
        key = core_key(header)
        for kind in ("rate", "ratio", "change"):  # 增减率 is a rate, not a change
            if any(key == w or key.endswith(w) for w in self.derived[kind]):
                return kind
        return None

    def is_group_total(self, header: str) -> bool:
        key = core_key(header)  # (its quotation marks left out: “三公”经费合计)
        return key in self.group_totals or key.endswith(("合计", "总计", "小计", "共计"))

    def period(self, header: str) -> tuple[int, int] | None:
        """Where a period header sits in time: (2022, 0) for 2022年; (0, 0) 上年, (0, 1) 本年."""
        key = core_key(header)
        year = _PERIOD_YEAR.fullmatch(key)
        if year:
            return int(year[1]), 0
        for i, name in enumerate(("earlier", "later")):
            if key in self.periods[name]:
                return 0, i
        return None

    def is_unit_header(self, text: str) -> bool:
        key = _first_named(text)
        return key in self.unit_headers or key not in self.not_unit_headers and \
            key.removesuffix("名称").endswith(self.unit_header_endings)

    def total_row_check(self, label: str) -> str | None:
        """合计, （七）总计, and labels ending in one (收入总计, 本年支出合计); area_total for
        the whole area (全区), whose sum that misses is no finding."""
        key = label_key(label)
        if key in self.total_rows:
            return self.total_rows[key]
        if key in self.area_rows:
            return AREA_TOTAL
        return next((v for k, v in self.total_rows.items() if key.endswith(k) and len(key) <= 8),
                    None)

    def is_grand_total(self, label: str | None) -> bool:
        """总计, 收入总计: a total that closes a whole table (not 本年收入合计, 小计)."""
        return label_key(label or "").endswith(self.grand_totals)

    def total_column_check(self, header: str) -> str | None:
        """总分, and one with its note (总得分(100), 合计（万元）)."""
        return self.total_columns.get(label_key(header)) or self.total_columns.get(core_key(header))

    def takes_points_away(self, header: str) -> bool:
        """扣分, 扣分项 (3分), 减分: a column whose points a score total subtracts."""
        return any(w in match_key(header) for w in self.deduction_words)

    def opens_among(self, label: str) -> bool:
        """其中：政策文件: a row (or a form's line) that is one of the parts of the one above."""
        return match_key(label).startswith(self.among_words)

    def speaks_in_points(self, header: str) -> bool:
        """得分, 基础分, 公共服务得分, 基础工作（30分）, 分值: a column of points - its name ends
        in 分 (its bracketed note aside), its note counts points, or it is 分值 / 分数; not
        部分公开 or 公安分局, where 分 is no point."""
        key = match_key(header)
        return core_key(header).endswith(("分", "分值", "分数")) or "分)" in key

    def is_score_base(self, header: str) -> bool:
        return any(w in match_key(header) for w in self.base_words)

    def is_out_of(self, header: str) -> bool:
        """分值, 满分: the points a score is out of (a bracketed note allowed: 分值（分）)."""
        return core_key(header) in self.out_of_words

    def looks_like_metric(self, header: str) -> bool:
        return any(ch in self.metric_chars for ch in match_key(header))


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary(read_yaml("tongbao.extract", "table_labels.yaml"))
