"""Reader for plain text (text converted from PDFs and web pages)."""

from __future__ import annotations

from extract.content import Content
from extract.decode import decode_text
from extract.text import spaced, tabbed
from extract.text.blocks import find_blocks


def read_text(data: bytes, name: str) -> Content:
    text = decode_text(data)
    n_pages = text.count("\f") + 1
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    blocks = find_blocks(lines)
    grids = []
    in_table = set()
    for block in blocks:
        in_table.update(range(block.first_line, block.last_line + 1))
        if block.kind == "tabbed":
            grids.append(tabbed.build_grid(block.rows, block.caption))
        else:
            grids.append(spaced.build_grid([r[0] for r in block.rows], block.caption))
    prose = [ln for i, ln in enumerate(lines) if i not in in_table]
    return Content(prose=prose, grids=grids, n_pages=n_pages)
