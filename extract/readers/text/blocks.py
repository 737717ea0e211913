"""Find the tables in a plain-text document and the captions that name them.

Text converted from PDFs and web pages carries tables in three shapes:
- tab-separated lines (most converters), blank lines allowed inside a table;
- lines with a bar between cells (| 1 | 住建局 | 14 |: Markdown, many crawlers);
- numbered lines aligned with spaces under a header such as "序号 时间 单 位".
Everything else is prose.
"""

from __future__ import annotations

from dataclasses import dataclass

from tongbao.extract.readers.text.piped import RULE, barred_cells, cell_a_line, prints_first_bar
from tongbao.extract.readers.text.spaced import is_total_row
from tongbao.extract.tables.labels import vocabulary
from tongbao.normalize.dates import is_date_line
from tongbao.normalize.patterns import LazyPattern
from tongbao.normalize.text import clean_text, match_key

_ATTACHMENT = LazyPattern(r"^附件\s*\d*$")
_LEADING_INT = LazyPattern(r"^\s*(\d{1,4})\s+\S")
_SENTENCE_END = ("。", "；", ";", "：", ":", "，", ",")


@dataclass
class TextBlock:
    kind: str  # "tabbed" or "spaced"
    first_line: int
    last_line: int
    rows: list[list[str]]  # raw cells, uncleaned
    caption: str | None


def find_blocks(lines: list[str]) -> list[TextBlock]:
    blocks: list[TextBlock] = []
    opened = prints_first_bar(lines)
    i = 0
    while i < len(lines):
        if (end := _barred_end(lines, i, opened)) > i + 1:
            rows = [cells for ln in lines[i:end] if (cells := barred_cells(ln, opened))]
            if all(len(r) == 1 for r in rows):  # a cell a line
                rows = cell_a_line([r[0] for r in rows])
            blocks.append(TextBlock("barred", i, end - 1, rows, caption_above(lines, i)))
            i = end
        elif "\t" in lines[i]:
            end = _tabbed_end(lines, i)
            # A line of tabs alone is a row of empty cells (zeros printed as nothing).
            rows = [ln.split("\t") for ln in lines[i:end] if ln.strip() or "\t" in ln]
            blocks.append(TextBlock("tabbed", i, end - 1, rows, caption_above(lines, i)))
            i = end
        elif (end := _spaced_end(lines, i)) > i:
            rows = [ln.strip() for ln in lines[i:end] if ln.strip()]
            blocks.append(TextBlock("spaced", i, end - 1, [[r] for r in rows], caption_above(lines, i)))
            i = end
        else:
            i += 1
    return blocks


def _barred_end(lines: list[str], start: int, first_bar: bool) -> int:
    """One past the last of the barred rows from `start` (rule lines and blank lines
    between them allowed), else `start`."""
    end = i = start
    while i < len(lines) and (not lines[i].strip() or RULE.match(lines[i])
                              or barred_cells(lines[i], first_bar) is not None):
        if barred_cells(lines[i], first_bar) is not None:
            end = i + 1
        i += 1
    return end


def _tabbed_end(lines: list[str], start: int) -> int:
    """One past the last line of a tab-separated table; blank lines inside are allowed."""
    end = i = start
    while i < len(lines):
        if "\t" in lines[i]:
            end = i + 1
        elif lines[i].strip():
            break
        i += 1
    return end


def _spaced_end(lines: list[str], start: int) -> int:
    """One past a space-aligned numbered table that starts here, else `start`.

    The header's first word must be a rank header (序号); rows must follow
    numbered 1, 2, 3 ... (at least two of them).
    """
    words = lines[start].split()
    if len(words) < 2 or not vocabulary().is_rank_header(words[0]):
        return start
    expected, end, i = 1, start, start + 1
    while i < len(lines):
        line = lines[i]
        if line.strip():
            m = _LEADING_INT.match(line)
            if not m or int(m[1]) != expected:
                # the numbered rows' total (合计  57  31), its number and name cells empty
                if expected > 2 and is_total_row(line):
                    end = i + 1
                break
            expected += 1
            end = i + 1
        i += 1
    return end if expected > 2 else start


def caption_above(lines: list[str], start: int, max_lines: int = 3) -> str | None:
    """The short lines just above a table that title it: 附件1 / 标题 / (副标题)."""
    parts: list[str] = []
    i = start - 1
    while i >= 0 and len(parts) < max_lines:
        line = lines[i].strip()
        i -= 1
        if "\t" in lines[i + 1]:
            break  # a table row, even one whose values are all empty
        if not line:
            continue
        if len(line) > 50 or line.endswith(_SENTENCE_END) or is_date_line(line):
            break
        parts.append(line)
        if _ATTACHMENT.match(match_key(line)):
            break
    if not parts:
        return None
    parts.reverse()
    head = clean_text(parts[0])
    if _ATTACHMENT.match(match_key(parts[0])) and len(parts) > 1:
        return head + " " + "".join(clean_text(p) for p in parts[1:])
    return "".join(clean_text(p) for p in parts)
