"""Document metadata from its text: title, issuer, dates, the period covered, the kind.

Shared by every reader that has running text (text, PDF, HTML body).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from tongbao.normalize.dates import is_date_line, parse_date, parse_period
from tongbao.normalize.text import clean_text, match_key

_DOC_TYPE_END = regex.compile(r"(?:通报|通知|报告|意见|决定|方案|公告|通告|函|情况|预算|决算)$")
_ANNUAL_REPORT = regex.compile(r"政府信息公开(?:工作)?年度报告|政府信息公开工作报告")
_NOTICE = regex.compile(r"通报|通知|情况|公告|通告|简报|工作信息|政务信息")
# An organisation name ends like this (人民政府办公室, 管委会, …局, …委员会).
_ORG = regex.compile(
    r"^\p{Han}{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|管理委员会|管委会|"
    r"委员会|局|厅|委|中心|政府|街道办事处|办事处)$"
)
_ISSUER_BEFORE_ABOUT = regex.compile(r"^(?P<org>\p{Han}{4,30}?(?:办公室|办公厅|人民政府|局|委员会|委|厅|中心))关于")
_ISSUER_BEFORE_YEAR = regex.compile(r"^(?P<org>\p{Han}{2,30}?)(?:19|20)\d{2}年(?:度)?")
_META = regex.compile(r"(?P<k>发布机构|发文机关|来源|发布日期|发布时间|成文日期)[:：]\s*(?P<v>\S+)")


@dataclass
class Metadata:
    title: str | None = None
    issuer: str | None = None
    issue_date: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    doc_kind: str = "other"


def read_metadata(prose_lines: list[str], hints: dict[str, str] | None = None) -> Metadata:
    """Metadata from a document's prose (tables removed), top to bottom; what the
    format states outright (hints: a web page's meta tags) comes first."""
    hints = hints or {}
    lines = [ln.strip() for ln in prose_lines if ln.strip()]
    meta = Metadata()
    meta.title = clean_text(hints["title"]) if hints.get("title") else _title(lines)
    meta.doc_kind = _kind(meta.title)
    meta.issuer = _issuer(lines, meta.title)
    if hints.get("issuer") and (not meta.issuer or _ORG.match(match_key(hints["issuer"]))):
        meta.issuer = match_key(hints["issuer"])
    meta.issue_date = _issue_date(lines) or (parse_date(hints.get("issue_date", "")))
    if meta.title:
        period = parse_period(meta.title, whole_year=meta.doc_kind == "annual_report",
                              reference=meta.issue_date)
        if period:
            meta.period_start, meta.period_end = period
    return meta


def _title(lines: list[str]) -> str | None:
    """The first line within the opening lines that ends like a document type,
    joined with the lines it was broken from ("关于做好…标准" / "指引落实情况工作的通知")."""
    head = lines[:15]
    for i, line in enumerate(head):
        key = match_key(line)
        if key.startswith(("名称:", "标题:")):
            continue
        if _DOC_TYPE_END.search(key) and len(key) <= 80:
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


def _kind(title: str | None) -> str:
    if not title:
        return "other"
    if _ANNUAL_REPORT.search(title):
        return "annual_report"
    return "notice" if _NOTICE.search(title) else "other"


def _issuer(lines: list[str], title: str | None) -> str | None:
    if title:
        key = match_key(title)
        for pattern in (_ISSUER_BEFORE_ABOUT, _ISSUER_BEFORE_YEAR):
            if (m := pattern.match(key)) and _ORG.match(m["org"]):
                return m["org"]
    for line in lines[:10]:
        key = match_key(line)
        if _ORG.match(key):
            return key
    # The signature just before the closing date.
    for prev, line in zip(lines, lines[1:], strict=False):
        if is_date_line(line) and _ORG.match(match_key(prev)):
            return match_key(prev)
    for line in lines[:10]:
        for m in _META.finditer(match_key(line)):
            if m["k"] in ("发布机构", "发文机关", "来源") and _ORG.match(m["v"]):
                return m["v"]
    return None


def _issue_date(lines: list[str]) -> dt.date | None:
    """The document's own date line; else a web page's 发布日期 / 成文日期."""
    for line in lines:
        if is_date_line(line):
            return parse_date(line)
    for line in lines[:10]:
        for m in _META.finditer(match_key(line)):
            if m["k"] in ("发布日期", "发布时间", "成文日期") and (d := parse_date(m["v"])):
                return d
    return None
