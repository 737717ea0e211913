"""Document metadata from its text: title, issuer, dates, the period covered, the kind.

Shared by every reader that has running text (text, PDF, HTML body).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from functools import cache

import regex

from tongbao.extract.tables.labels import NUMBERING
from tongbao.normalize.datafiles import read_yaml
from tongbao.normalize.dates import is_date_line, parse_date, parse_period
from tongbao.normalize.jurisdictions import LEVEL_WORDS
from tongbao.normalize.patterns import LazyPattern, compile_pattern
from tongbao.normalize.text import clean_text, match_key

_DOC_TYPE_END = LazyPattern(r"(?:通报|通知|报告|意见|决定|方案|公告|通告|函|情况|(?:预算|决算)(?:公开|说明)?)$")
# The template's report by any of its names: 政府信息公开工作年度报告, and (a department's, or
# before 2019) 信息公开年度报告, 政务公开工作年度报告, 政府信息公开工作报告. (A title is never
# read from a line ending 年报: a crawl's column is so named, 政府信息公开年报.)
_ANNUAL_REPORT = LazyPattern(r"(?:信息|政务)公开(?:工作)?(?:年度)?报告")
_YEAR = LazyPattern(r"(?:19|20)\d\d年")
_ENDS_WITH_YEAR = LazyPattern(r"(?:19|20)\d\d年度?$")
_OPENS_WITH_YEAR = LazyPattern(r"^(?:19|20)\d\d年")
_SENTENCE_ENDS = ("。", "：", ":", "，", ",", "；", ";", "）", ")")
_CLAUSE_MARK = LazyPattern(r"[。：:，,；;]")  # a title holds none of these
_NOTICE = LazyPattern(r"通报|通知|情况|公告|通告|简报|工作信息|政务信息")
# What a web page's <title> puts after the document's title: the site's name.
_PAGE_TITLE_SEPARATOR = LazyPattern(r"\s*(?:[_|｜]|\s[-—–]+\s|--|——)\s*")
# What a flip-book's page prints before the book's title (Page 8 - 某局2022年…年度报告): the
# page's number, no part of the title.
_PAGE_MARK = LazyPattern(r"^(?:Page\s*\d{1,4}|第\s*\d{1,4}\s*页)\s*[-–—:：|｜]\s*(?=\S)")


@cache
def _organisation() -> regex.Pattern:
    """A whole name ending like an organisation's (data/metadata.yaml)."""
    endings = read_yaml("tongbao.extract", "metadata.yaml")["organisation_endings"]
    return compile_pattern(r"^\p{Han}{2,30}?(?:" + "|".join(map(regex.escape, endings)) + ")$")


def _is_org(name: str) -> bool:
    return bool(_organisation().match(name))


# The name a title opens with, before 关于 or its year; kept where _is_org says it is one.
_ISSUER_BEFORE_ABOUT = LazyPattern(r"^(?P<org>\p{Han}{4,30}?)关于")
_ISSUER_BEFORE_YEAR = LazyPattern(r"^(?P<org>\p{Han}{2,30}?)(?:19|20)\d{2}年(?:度)?")
# 2019年上海市人民政府办公厅政府信息公开工作年度报告: the year first, then the body
_ISSUER_AFTER_YEAR = LazyPattern(r"^(?:19|20)\d{2}年度?(?P<org>\p{Han}{2,30}?)(?:政府信息|信息|政务)公开")
_ISSUER_KEYS = ("发布机构", "发文机关", "来源", "预算主管部门", "预算单位", "编制单位", "编制部门")
_DATE_KEYS = ("发布日期", "发布时间", "成文日期", "公文生成日期")
_DATED = LazyPattern(r"^(?:时间|日期)[:：]\s*(?P<v>\S+)")  # a page's 时间:2019-01-04 10:25
_META = LazyPattern(rf"(?P<k>{'|'.join(_ISSUER_KEYS + _DATE_KEYS)})[:：]\s*(?P<v>\S+)")
# A year's budget or final accounts, as a document's title (上海市普陀区2023年区级部门预算,
# 2022年度部门决算公开), covers the whole year; a notice about one (关于2023年预算公开工作
# 的通知) is dated by its year, not bounded by it.
_YEAR_ACCOUNTS = LazyPattern(r"(?:19|20)\d{2}\s*年(?:度)?\p{Han}{0,12}?(?:预算|决算)(?:公开|说明|报告)?$")


@dataclass
class Metadata:
    title: str | None = None
    issuer: str | None = None
    issue_date: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    doc_kind: str = "other"


def read_metadata(prose_lines: list[str], hints: dict[str, str] | None = None,
                  template_tables: bool = False) -> Metadata:
    """Metadata from a document's prose (tables removed), top to bottom; what the
    format states outright (hints: a web page's meta tags, a crawler's header block)
    comes first, a web page's <title> last (it adds the site's name). A document whose
    tables are the annual report's template (template_tables) is one, whatever its title
    says or when it has none."""
    lines = [piece for ln in prose_lines for piece in _apart(_PAGE_MARK.sub("", ln.strip()))
             if piece]
    crawl, n_header = crawler_header(lines)
    lines = lines[n_header:]  # 本地目录: …年度报告 is a folder name, not the title
    hints = {k: v for k, v in crawl.items() if v} | (hints or {})
    meta = Metadata()
    meta.title = (clean_text(hints["title"]) if hints.get("title") else _title(lines)
                  or _page_title(hints.get("page_title", "")))
    meta.doc_kind = "annual_report" if template_tables else _kind(meta.title)
    meta.issuer = _issuer(meta.title, lines, match_key(hints.get("issuer") or ""),
                          empty_header=bool(crawl) and not crawl.get("issuer"))
    meta.issue_date = _issue_date(lines) or (parse_date(hints.get("issue_date", "")))
    if meta.title:
        whole_year = meta.doc_kind == "annual_report" or (
            meta.doc_kind == "other" and bool(_YEAR_ACCOUNTS.search(match_key(meta.title))))
        period = parse_period(meta.title, whole_year=whole_year, reference=meta.issue_date) \
            or _period_below(lines, meta.title, meta.issue_date)
        if period:
            meta.period_start, meta.period_end = period
    if (window := _stated_window(lines)) and (meta.period_end is None or (
            meta.period_start is not None and meta.period_start <= window[0]
            and window[1] <= meta.period_end)):
        meta.period_start, meta.period_end = window
    return meta


# A masthead printed on one line, its parts spaced apart (洛阳市人民政府办公室      2024年6月28日).
_SPACED = LazyPattern(r"^(?P<a>\S.*?\S)\s{2,}(?P<b>\S.*\S)$")


def _apart(line: str) -> list[str]:
    """A line holding a date and something else, spaced apart (a 简报's masthead, a
    signature beside its date), as the two lines they are."""
    m = _SPACED.match(line) if len(line) <= 80 else None
    if m and (is_date_line(m["a"]) or is_date_line(m["b"])):
        return [m["a"], m["b"]]
    return [line]


# 本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止: the days the figures cover,
# which the title's year only bounds (a body set up in August reports from August).
_WINDOW = LazyPattern(r"统计(?:期限|时限|时段|区间|期间|周期|时间(?:段|范围)?)")


def _stated_window(lines: list[str]) -> tuple[dt.date, dt.date] | None:
    """The range of days a document says its figures cover, near its top. Inside the
    title's period only: a sentence copied from last year's report keeps last year's."""
    for line in lines[:40]:
        key = match_key(line)
        if m := _WINDOW.search(key):
            period = parse_period(key[m.end():m.end() + 40])
            if period and period[0] is not None and period[0] < period[1]:
                return period[0], period[1]
    return None


# A crawler's header block at the top of a saved page, and the hint each line gives.
_CRAWL_LINE = LazyPattern(r"^(?P<k>标题|发布时间|文号|发布机构|栏目|原文链接|本地目录|来源|成文日期)"
                            r"\s*[:：]\s*(?P<v>.*)$")
_CRAWL_HINTS = {"标题": "title", "发布时间": "issue_date", "成文日期": "issue_date",
                "发布机构": "issuer"}
_DIVISION = LazyPattern(r"^\p{Han}{2,20}?(?:省|自治区|市|州|盟|县|旗|区|镇|乡|街道)$")


def _abbreviates(short: str, full: str) -> bool:
    """区公安局 for 安阳市北关区公安局: the same body, named by its level word alone (as its
    own site's header does), which the fuller name the document gives replaces."""
    own = short.lstrip(LEVEL_WORDS)
    return len(full) > len(short) and own != short and full.endswith(own)


def crawler_header(lines: list[str]) -> tuple[dict[str, str], int]:
    """(hints, lines it takes) of a header block (标题: …, 发布时间: …, 发布机构: …, 本地目录: …);
    a block needs three such lines from the first one on."""
    hints: dict[str, str] = {}
    n = 0
    while n < len(lines) and (m := _CRAWL_LINE.match(unicodedata.normalize("NFKC", lines[n]))):
        if m["k"] in _CRAWL_HINTS:
            hints.setdefault(_CRAWL_HINTS[m["k"]], m["v"].strip())
        n += 1
    return (hints, n) if n >= 3 else ({}, 0)


def _title_division(title: str | None) -> str | None:
    """The division a title opens with, before its year (平潭综合实验区2020年度…)."""
    m = _ISSUER_BEFORE_YEAR.match(match_key(title)) if title else None
    return m["org"] if m and _DIVISION.match(m["org"]) else None


def _title(lines: list[str]) -> str | None:
    """The first line within the opening lines that ends like a document type,
    joined with the lines it was broken from ("关于做好…标准" / "指引落实情况工作的通知")."""
    head = lines[:15]
    for i, line in enumerate(head):
        key = match_key(line)
        # a section's heading (一、总体情况) is numbered like a label, and never the title
        if key.startswith(("名称:", "标题:")) or NUMBERING.match(key) or _BREADCRUMB.search(key):
            continue
        if _reads_like_title(key):
            if i and _goes_on(head[i - 1], key):
                return clean_text(head[i - 1] + line)
            return clean_text(line)
        if key.startswith("关于") and not key.endswith(("。", "：", ":")):
            parts = [line]
            for nxt in head[i + 1:i + 4]:
                parts.append(nxt)
                if _DOC_TYPE_END.search(match_key(nxt)):
                    return clean_text("".join(parts))
    for line in head:  # a titled crawl: "标题: …"
        key = match_key(line)
        if key.startswith(("名称:", "标题:")):
            return clean_text(key.split(":", 1)[1])
    return None


def _period_below(lines: list[str], title: str, issued: dt.date | None):
    """The period a line in brackets right below the title states (…一周情况通报 /
    （2016年3月4日—3月10日）)."""
    at = next((i for i, ln in enumerate(lines[:15]) if clean_text(ln) == title), None)
    below = match_key(lines[at + 1]) if at is not None and at + 1 < len(lines) else ""
    return parse_period(below, reference=issued) if _BRACKETED.fullmatch(below) else None


# A page's trail of links (您所在的位置:专题首页 > 工作推进情况): it may end like a title
_BREADCRUMB = LazyPattern(r"^您?(?:当前|现在|所在)的?位置|[>＞»›]")
_BRACKETED = LazyPattern(r"[(（][^()（）]{2,40}[)）]")


def _goes_on(before: str, title: str) -> bool:
    """A title set on two lines, broken at its year (平潭综合实验区2020年 / 政府信息公开工作年度
    报告) or before it (某区人民政府 / 2020年政府信息公开…): the line before is a short one
    that ends no sentence, and the title holds no year of its own, or opens with it. Only
    an annual report is broken before its year: above a notice's title (2021年4月…情况通报)
    that line is the letterhead of the office that issues it."""
    key = match_key(before)
    if not key or len(key) > 30 or NUMBERING.match(key) or key.endswith(_SENTENCE_ENDS):
        return False
    return bool(_ENDS_WITH_YEAR.search(key)) and not _YEAR.search(title) or \
        bool(_OPENS_WITH_YEAR.match(title)) and not _YEAR.search(key) \
        and bool(_ANNUAL_REPORT.search(title)) or _broken_in_its_name(key, title)


def _broken_in_its_name(before: str, title: str) -> bool:
    """An annual report's title broken inside the report's name (…街道办事处2023年度政府 /
    信息公开工作年度报告): the line before holds the year and the body, the title neither."""
    return bool(_YEAR.search(before)) and not _YEAR.search(title) \
        and not is_date_line(before) and not _ANNUAL_REPORT.search(before) \
        and bool(_ANNUAL_REPORT.search(before + title))


def _page_title(page_title: str) -> str | None:
    """The part of a web page's <title> that reads like a document's title
    (某区2023年政府信息公开工作年度报告_某区人民政府门户网站); none when it only names the site."""
    for part in _PAGE_TITLE_SEPARATOR.split(page_title.strip()):
        if _reads_like_title(match_key(part)):
            return clean_text(part)
    return None


def _reads_like_title(key: str) -> bool:
    return len(key) <= 80 and bool(_DOC_TYPE_END.search(key))


def is_title_line(line: str) -> bool:
    """A line that is a document's title (…关于2023年第一季度…情况的通报): no sentence in it."""
    key = match_key(line)
    return _reads_like_title(key) and not _CLAUSE_MARK.search(key)


def _kind(title: str | None) -> str:
    if not title:
        return "other"
    if _ANNUAL_REPORT.search(title):
        return "annual_report"
    return "notice" if _NOTICE.search(title) else "other"


def _title_org(title: str | None) -> str | None:
    """The organisation a title names as its author: before 关于, or before its year."""
    if title:
        key = match_key(title)
        for pattern in (_ISSUER_BEFORE_ABOUT, _ISSUER_BEFORE_YEAR, _ISSUER_AFTER_YEAR):
            if (m := pattern.match(key)) and _is_org(m["org"]):
                return m["org"]
    return None


def _issuer(title: str | None, lines: list[str], hint: str, empty_header: bool) -> str | None:
    """The body the title names as its author, which a page's 发布机构 (hint) replaces only
    when it is that body's fuller name (区公安局 -> 平潭综合实验区公安局): a portal publishes
    its departments' reports under its own government's name. Else the division a title
    opens with when a crawl's 发布机构 is empty; else the 发布机构, unless the name the text
    gives is its fuller form; else that name."""
    if named := _title_org(title):
        return hint if hint and _is_org(hint) and _abbreviates(named, hint) else named
    if empty_header and (division := _title_division(title)):
        return division
    found = _text_issuer(lines)
    if hint and (not found or _is_org(hint) and not _abbreviates(hint, found)):
        return hint
    return found


def _text_issuer(lines: list[str]) -> str | None:
    """An organisation named at the top, in the signature or in a 发布机构：… line."""
    for line in lines[:10]:
        key = match_key(line)
        if _is_org(key):
            return key
    # The signature just before the closing date.
    for prev, line in zip(lines, lines[1:], strict=False):
        if is_date_line(line) and _is_org(match_key(prev)):
            return match_key(prev)
    for line in lines[:10]:
        for m in _META.finditer(match_key(line)):
            if m["k"] in _ISSUER_KEYS and _is_org(m["v"]):
                return m["v"]
    return None


def _issue_date(lines: list[str]) -> dt.date | None:
    """The document's own date line; else a web page's 发布日期 / 成文日期 / 时间: line."""
    for line in lines:
        if is_date_line(line):
            return parse_date(line)
    for line in lines[:10]:
        key = match_key(line)
        said = [m["v"] for m in _META.finditer(key) if m["k"] in _DATE_KEYS]
        for v in said + [m["v"] for m in _DATED.finditer(key)]:
            if d := parse_date(v):
                return d
    return None
