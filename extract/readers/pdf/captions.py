"""What the lines just above a PDF table say of it: its caption, its stated unit."""

from __future__ import annotations

from tongbao.extract.prose.measures import stated_unit
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
    """The nearest line above the table, passing over 编制部门：… 单位：元 lines."""
    top = min(b.top for b in boxes)
    above = [text for t, text in lay.prose if top - 2 * CAPTION_GAP <= t < top]
    for text in reversed(above):
        if not _TABLE_META.match(clean_text(text)):
            return clean_text(text)
    return None
