"""Running text into sentences: converted text (a PDF's text layer, a crawl) breaks lines
anywhere, so lines are rejoined into sentences before facts are read from them."""

from __future__ import annotations

from collections import Counter

from tongbao.extract.prose.lists import LIST_OPENED
from tongbao.extract.prose.metadata import is_title_line
from tongbao.normalize.patterns import LazyPattern

_SENTENCE_END = LazyPattern(r"(?<=[。！？；;!?])|\n")
# What a line ends a sentence with (a colon too: what follows it is said apart).
SENTENCE_ENDS = ("。", "！", "？", "；", "!", "?", ";", "：", ":")
_SALUTATION = LazyPattern(r"^[^。；;]{2,200}[:：]$")


def body_start(lines: list[str]) -> int:
    """The line after the salutation (各街道办事处、…，区人民政府各部门：); the title block
    above it names the issuer and the addressees, it states no figures. A numbered
    heading (1.各县区办理情况：) is no salutation, nor is a line after a full stop: the
    body has begun. Without a salutation, the body starts after the title, if the text
    opens with one (its words are no figure's subject)."""
    seen, first = 0, None
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        first = i if first is None else first
        seen += 1
        if seen > 12 or "。" in line:
            break
        if _SALUTATION.match(line.strip()) and ("、" in line or "各" in line) \
                and not _OUTLINE.match(line.strip()):
            return i + 1
    return first + 1 if first is not None and is_title_line(lines[first]) else 0


# A run of text this long without a full stop is no sentence (a table flattened into one
# line, or hostile input): it is cut, so that each sentence costs the same bounded work.
MAX_SENTENCE = 2000


# A line opening with an outline number (一、 （二） (三) 1. 2、) starts a heading or an item.
_OUTLINE = LazyPattern(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.、．](?!\d))")
# A text wrapped at a width: this many lines at least of one length (and a quarter of the
# lines this long), no shorter than a heading usually is.
_MIN_WRAP, _MIN_WRAPPED_LINES = 16, 4
_CLAUSE_PUNCTUATION = LazyPattern(r"[，。；：,;:！？!?]")


def sentences(lines: list[str], pages: list[int | None]):
    """Sentences rejoined across the line breaks of converted text (…通知如 / 下：). A line
    opening with an outline number starts a sentence, and ends it too when it holds no
    punctuation (a heading: 一、2023年“三公”经费预算情况说明), so no heading is read as the
    start of the next figure's subject."""
    buffer, first_page = "", None
    width = _wrap_width(lines)
    next_start, opens = [""] * len(lines), ""  # what the next line with text opens with
    for k in range(len(lines) - 1, -1, -1):
        next_start[k], opens = opens, lines[k].strip()[:1] or opens
    for k, (line, page) in enumerate(zip(lines, pages, strict=True)):
        line = line.strip()
        if not line:
            continue
        # A colon before a figure the next line opens with (…共受理群众来信： / 155条) is
        # inside the sentence: the figure is what the words before the colon name.
        figure_next = next_start[k].isdigit()
        outline = bool(_OUTLINE.match(line))
        wrapped = width is not None and len(line) >= width - 1  # （四）区财政局…申请1 / 78件
        if outline and buffer:
            yield from _split(buffer, first_page)
            buffer = ""
        if not buffer:
            first_page = page
        buffer += line
        if (line.endswith(SENTENCE_ENDS) and not _open_bracket(buffer)
                and not LIST_OPENED.search(buffer)
                and not (line.endswith(("：", ":")) and figure_next)) \
                or len(buffer) > MAX_SENTENCE or (outline and not wrapped
                                                  and not _CLAUSE_PUNCTUATION.search(line)):
            yield from _split(buffer, first_page)
            buffer = ""
    if buffer:
        yield from _split(buffer, first_page)


def is_heading(sentence: str) -> bool:
    """一、总体情况: a section's heading, numbered, no clause in it."""
    text = sentence.strip()
    return len(text) <= 30 and bool(_OUTLINE.match(text)) and not _CLAUSE_PUNCTUATION.search(text)


def _wrap_width(lines: list[str]) -> int | None:
    """The width a text layer broke its lines at, where it did: many lines of one length
    (give or take one). A line as long is a paragraph's first line running on, even when it
    opens with an outline number and holds no punctuation yet; a heading is shorter."""
    lengths = Counter(n for n in (len(x.strip()) for x in lines) if n >= _MIN_WRAP)
    if not lengths:
        return None
    width = max(lengths, key=lambda n: (lengths[n - 1] + lengths[n] + lengths[n + 1], n))
    near = lengths[width - 1] + lengths[width] + lengths[width + 1]
    return width if near >= max(_MIN_WRAPPED_LINES, sum(lengths.values()) // 4) else None


def _open_bracket(text: str) -> bool:
    """A bracket opened and not closed: a line ending …群众来信106件（其中： goes on."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _split(buffer: str, page: int | None):
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(buffer):
        if pieces and LIST_OPENED.search(pieces[-1]):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    for sentence in pieces:
        for k in range(0, len(sentence), MAX_SENTENCE):
            if piece := sentence[k:k + MAX_SENTENCE].strip():
                yield piece, page
