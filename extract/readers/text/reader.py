"""Reader for plain text (text converted from PDFs and web pages)."""

from __future__ import annotations

from tongbao.extract.readers.content import Content
from tongbao.extract.readers.decode import decode_text
from tongbao.extract.readers.text import spaced, tabbed
from tongbao.extract.readers.text.blocks import find_blocks
from tongbao.extract.readers.text.glued import glued_grids
from tongbao.extract.readers.text.glued_rows import prints_template, template_unread
from tongbao.extract.readers.text.piped import BARS, barred_grid, prints_first_bar, unpiped
from tongbao.extract.readers.text.webtable import webtable_grids


def read_text(data: bytes, name: str) -> Content:
    text = decode_text(data)
    lines: list[str] = []
    page_of_line: list[int] = []  # a form feed starts a new page (pdftotext writes them)
    pages = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    rows_text = text  # what an annual report's rows are read from (glued_grids)
    if any(b in text for b in BARS) and prints_template(text):
        # an annual report's tables printed with bars between cells: read as spaced
        opened = prints_first_bar(text.split("\n"))
        rows_text = "\n".join(unpiped(line, "—", opened) for line in text.split("\n"))
        pages = ["\n".join(unpiped(line, first_bar=opened) for line in p.split("\n"))
                 for p in pages]
        text = "\f".join(pages)
    for page, page_text in enumerate(pages, start=1):
        page_lines = page_text.split("\n")
        lines += page_lines
        page_of_line += [page] * len(page_lines)
    grids, barred_checks = [], []
    in_table = set()
    for block in find_blocks(lines):
        in_table.update(range(block.first_line, block.last_line + 1))
        if block.kind == "barred":
            grid, checks = barred_grid(block.rows, block.caption)
            barred_checks += checks
        elif block.kind == "tabbed":
            grid = tabbed.build_grid(block.rows, block.caption)
        else:
            grid = spaced.build_grid([r[0] for r in block.rows], block.caption)
        grid.page_first, grid.page_last = page_of_line[block.first_line], page_of_line[block.last_line]
        grids.append(grid)
    prose = [i for i in range(len(lines)) if i not in in_table]
    content = Content(prose=[lines[i] for i in prose],
                      prose_pages=[page_of_line[i] for i in prose], grids=grids,
                      n_pages=len(pages), checks=barred_checks)
    if template_unread(grids, text):
        glued, checks = glued_grids(rows_text, content.prose, "")
        content.grids += glued
        content.checks += checks
    elif not grids:  # a web page's tables, their cells glued by a crawler
        content.grids, content.checks = webtable_grids(text)
    return content
