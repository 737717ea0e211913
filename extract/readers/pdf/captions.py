"""What the lines just above a PDF table say of it: its caption, its stated unit."""

from __future__ import annotations

from tongbao.extract.prose.measures import stated_unit
from tongbao.extract.prose.sentences import SENTENCE_ENDS
from tongbao.extract.readers.pdf.cells import CellBox
from tongbao.normalize.patterns import LazyPattern
from tongbao.normalize.text import clean_text

CAPTION_GAP = 60  # points: a prose line this close above a table may be its title
_TABLE_META = LazyPattern(r"^(编制部门|编制单位|填报单位|单位|金额单位)[:：]|^单位[:：]")


def stated_unit_above(lay, grid) -> str | None:
    """The unit stated just above a table (编制部门：… 单位：元)."""
    tops = [c.bbox[1] for c in grid.cells if c.bbox and c.page == grid.page_first]
    if lay is None or not tops:
        return None
    above = [text for t, text in lay.prose if min(tops) - 2 * CAPTION_GAP <= t < min(tops)]
    return next((u for text in reversed(above) if (u := stated_unit(clean_text(text)))), None)


def caption(lay, boxes: list[CellBox]) -> str | None:
    """The nearest line above the table, passing over 编制部门：… 单位：元 lines; where it
    ends a sentence that leads to the table (…编制范围的单位包括：), that whole sentence,
    not its last line's tail (制范围的单位包括：)."""
    top = min(b.top for b in boxes)
    lines = [(t, clean_text(text)) for t, text in lay.prose if t < top]
    for k in range(len(lines) - 1, -1, -1):
        t, text = lines[k]
        if t < top - 2 * CAPTION_GAP:
            return None
        if _TABLE_META.match(text):
            continue
        if not text.endswith(("：", ":")):
            return text
        first = k  # back to where the sentence starts: a line ending one, or a gap
        while first > 0 and k - first < SENTENCE_LINES and \
                not lines[first - 1][1].endswith(SENTENCE_ENDS) and \
                lines[first][0] - lines[first - 1][0] <= LINE_GAP:
            first -= 1
        sentence = "".join(text for _, text in lines[first:k + 1])
        return _LAST_SENTENCE.search(sentence).group()
    return None


SENTENCE_LINES = 4  # a caption's sentence is this many lines at most
LINE_GAP = 40  # points between the tops of two lines of one paragraph, at most
_LAST_SENTENCE = LazyPattern(r"[^。；;！？]*$")
