"""Reader for Word files (DOCX; DOC and WPS arrive here converted by LibreOffice).

The body is read in order: paragraphs are prose, tables are grids. A cell's
gridSpan is its column span; a vertical merge (vMerge restart, then continue
in the rows below) is one cell spanning those rows, as a merged cell of a PDF
or a rowspan of a web page. A table's title is the short lines above it
(附件1 / 标题 / (副标题)), found as the text reader finds them.

python-docx parses with entities off; the package was checked first (package.py).
"""

from __future__ import annotations

import io

import docx
import olefile
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from tongbao.extract.errors import BadInput
from tongbao.extract.readers.content import Content
from tongbao.extract.readers.office.convert import convert
from tongbao.extract.readers.office.package import (
    open_package,
    refuse_encrypted,
    refuse_unless_ole,
)
from tongbao.extract.readers.text.blocks import caption_above
from tongbao.extract.tables.grid import Grid, GridCell
from tongbao.extract.tables.headers import header_rows_of
from tongbao.normalize.text import clean_text

_P, _TBL, _SDT, _CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")


def read_docx(data: bytes, name: str) -> Content:
    package = open_package(data, "docx")
    try:
        document = docx.Document(io.BytesIO(package.data))
    except (PackageNotFoundError, KeyError, ValueError) as e:
        raise BadInput(f"not a readable Word file ({type(e).__name__}: {e}); open it in Word "
                       "or WPS and save it again as .docx") from e
    prose: list[str] = []
    grids: list[Grid] = []
    for element in _blocks(document.element.body):
        if element.tag == _P:
            prose += _paragraph_lines(element)
        else:
            grid = table_grid(element)
            if grid.n_rows:
                grid.title = caption_above(prose, len(prose))
                grids.append(grid)
    content = Content(prose=prose, grids=grids, n_pages=None)
    if package.notes:
        content.status, content.error = "partial", "; ".join(package.notes)
    return content


def read_doc(data: bytes, name: str) -> Content:
    """DOC and WPS: converted to DOCX by LibreOffice (macros off), then read as DOCX."""
    if data.startswith(olefile.MAGIC):
        refuse_encrypted(data, "doc")
        refuse_unless_ole(data, "doc", ("worddocument",))
    elif not data.lstrip().startswith(b"{\\rtf"):  # RTF saved as .doc converts as well
        raise BadInput("not a Word file: named .doc or .wps, but neither a Word binary nor "
                       "RTF; give it its real extension")
    return read_docx(convert(data, "doc", "docx"), name)


def _blocks(parent):
    """Paragraphs and tables of the body in order, inside content controls too."""
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_CONTENT)
            if content is not None:
                yield from _blocks(content)


def _paragraph_lines(p) -> list[str]:
    """A paragraph's text; a manual line break starts a new line. An empty paragraph is a
    blank line, which ends a caption as it does in plain text."""
    text = "".join(_run_text(p))
    return [clean_text(line) for line in text.split("\n")]


def _run_text(element):
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            yield node.text or ""
        elif node.tag == qn("w:tab"):
            yield " "
        else:
            yield "\n"


def table_grid(tbl) -> Grid:
    cells: list[GridCell] = []
    merging: dict[int, GridCell] = {}  # grid column -> the cell a vertical merge continues
    n_cols = len(tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
    rows = tbl.findall(qn("w:tr"))
    for r, tr in enumerate(rows):
        col = tr.grid_before
        for tc in tr.findall(qn("w:tc")):
            span = max(1, min(tc.grid_span, 1000))
            above = merging.get(col)
            if tc.vMerge == "continue" and above is not None and above.col_span == span:
                above.row_span = r - above.row + 1
            else:
                cell = GridCell(r, col, _cell_text(tc), col_span=span)
                cells.append(cell)
                if tc.vMerge == "restart":
                    merging[col] = cell
                else:
                    merging.pop(col, None)
            col += span
        n_cols = max(n_cols, col)
    grid = Grid(cells, len(rows), n_cols, "docx")
    grid.header_rows = header_rows_of(grid)
    return grid


def _cell_text(tc) -> str:
    lines = ["".join(_run_text(p)) for p in tc.iter(_P)]
    return clean_text("\n".join(line for line in lines if line.strip()))
