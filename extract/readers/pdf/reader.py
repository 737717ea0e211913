"""Reader for PDFs with a text layer: ruled tables rebuilt cell by cell, the rest as prose.

Characters, lines and rectangles come from PDFium (objects.py), about ten times
faster than pdfminer; a file PDFium refuses is read with pdfplumber instead.

Steps, each inspectable (`tongbao show FILE --page N --png OUT` draws them):
page -> ruling edges (edges.py) -> one group of edges per table -> cells with
spans and text (cells.py) -> tables continued across page breaks stitched
(stitch.py) -> one Grid per table for the interpreter.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from tongbao.extract.errors import BadInput
from tongbao.extract.readers.content import Content
from tongbao.extract.readers.pdf.aligned import aligned_tables
from tongbao.extract.readers.pdf.captions import caption, stated_unit_above
from tongbao.extract.readers.pdf.cells import (
    CellBox,
    cell_boxes,
    fill_text,
    group_lines,
    join_chars,
)
from tongbao.extract.readers.pdf.edges import page_edges, tables_of
from tongbao.extract.readers.pdf.objects import PdfiumPage, has_unmapped_text
from tongbao.extract.readers.pdf.page_text import drawn_text
from tongbao.extract.readers.pdf.pages_ahead import PagesAhead, may_split, split_point
from tongbao.extract.readers.pdf.plumber_page import PlumberPage
from tongbao.extract.readers.pdf.stitch import stitch, to_grid
from tongbao.normalize.text import without_surrogates

# pdfplumber (pdfminer) and the OCR engine are imported where a file needs them: most
# PDFs are read by PDFium alone, and a process reading one file pays for what it uses.

ENCRYPTED = ("the PDF is encrypted with a password; ask the publisher for an open copy or "
             "decrypt it (qpdf --decrypt) and run again")
# The text as drawn serves one kind of document (_read_template_rows): the national
# template's annual reports, which name it on their first page. Other PDFs skip it (4 % of
# a budget's reading).
DRAWN_FOR = "政府信息公开"


@dataclass
class PageLayout:
    """What one page holds: its tables as cell boxes, its prose lines with their tops."""

    number: int
    height: float
    tables: list[list[CellBox]] = field(default_factory=list)
    prose: list[tuple[float, str]] = field(default_factory=list)  # (top, text)
    edges: list = field(default_factory=list)
    ocr: bool = False  # read from the page's image (no text layer)
    text: str = ""  # the text outside ruled tables, in the order drawn (page_text.py)
    empty_cells: bool = False  # a table in that text left a cell of a row empty
    columns: list | None = None  # that text's last table's columns, for the next page
    glyphs_dropped: bool = False  # PDFium may have lost a glyph here (objects._no_width)
    engine: str = "pdfium"  # or "pdfminer" (plumber_page.py)


def layout_page(page, number: int, before: PageLayout | None = None, drawn: bool = True
                ) -> PageLayout:
    """`before`: the page before, whose last table this page may go on with; `drawn`: the
    text as drawn is wanted (page_text.py, DRAWN_FOR)."""
    out = PageLayout(number, float(page.height),
                     glyphs_dropped=getattr(page, "glyphs_dropped", False),
                     engine=getattr(page, "engine", "pdfium"))
    # Text enters here, from either engine: a lone UTF-16 surrogate (a broken ToUnicode map)
    # becomes U+FFFD, so nothing downstream (OpenCC, Arrow) meets an unencodable string.
    chars = [c if c["text"].isprintable() else {**c, "text": without_surrogates(c["text"])}
             for c in page.chars if c["text"].strip()]  # (a surrogate is never printable)
    out.edges = page_edges(page.lines, page.rects)
    for group in tables_of(out.edges):
        boxes = cell_boxes(group, number)
        chars = fill_text(boxes, chars)
        if any(b.text for b in boxes):
            out.tables.append(boxes)
    if drawn:
        out.text, out.empty_cells, out.columns = drawn_text(chars, before and before.columns)
    unruled, chars = aligned_tables(chars, number)
    out.tables += unruled
    out.tables.sort(key=lambda t: t[0].top)
    out.prose = [(line[0]["top"], join_chars(line)) for line in group_lines(chars)]
    return out


@contextmanager
def _pdfplumber(data: bytes):
    """The file opened by pdfplumber, closed on the way out. close() walks the page list
    again and raises on a broken one; that must not replace the error being raised (the
    stream is in memory: nothing is left open)."""
    pdf = _open(data)
    try:
        yield pdf
    finally:
        try:
            pdf.close()
        except Exception:  # see above
            pass


def _page_list(pdf) -> list:
    try:
        return pdf.pages
    except Exception as e:  # pdfminer raises many kinds on a broken page tree
        raise BadInput(f"the PDF's page list cannot be read ({e}); the file may be "
                       "truncated or damaged") from e


def _open(data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    from tongbao.extract.readers.pdf import pdfminer_fixes

    pdfminer_fixes.apply()  # two quadratic loops of pdfminer made linear (see the module)
    try:
        return pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise BadInput(ENCRYPTED) from e
    except (PdfminerException, PDFSyntaxError) as e:
        cause = e.args[0] if isinstance(e, PdfminerException) and e.args else e
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise BadInput(ENCRYPTED) from e
        raise BadInput(f"not a readable PDF ({type(cause).__name__}: {cause}); the file may be "
                       "truncated or damaged - download it again") from e


def read_pdf(data: bytes, name: str, engine: str = "pdfium") -> Content:
    """engine: "pdfium" (fast, the default) or "pdfminer" (through pdfplumber)."""
    if b"%PDF-" not in data[:1024]:  # where the PDF standard says the header must be
        raise BadInput("not a PDF: named .pdf, but it has no %PDF- header (binary data of "
                       "another kind, or a failed download); download it again")
    if engine == "pdfminer":
        return _read_with_pdfplumber(data)
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if e.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise BadInput(ENCRYPTED) from e
        # PDFium refuses a damaged file; pdfminer's parser is slower but more forgiving,
        # and says what is wrong when it cannot read it either.
        return _read_with_pdfplumber(data)
    try:
        n_pages = len(doc)
        if not n_pages:
            raise BadInput("the PDF has no pages")
        content = _read_pages(lambda i: PdfiumPage(doc[i], i + 1), n_pages, lambda i: doc[i],
                              split=may_split())
    finally:
        doc.close()
    # Pages where PDFium may have dropped glyphs it could not measure are pdfminer's to
    # read (the text PDFium lost is gone from every table and line of theirs).
    dropped = {lay.number for lay in content.pages if lay.glyphs_dropped}
    if dropped:
        try:
            return reread_pages(data, content, dropped)
        except BadInput:  # pdfminer cannot open what PDFium read: PDFium's reading stands
            pass
    return content


def _read_with_pdfplumber(data: bytes) -> Content:
    with _pdfplumber(data) as pdf:
        pages = _page_list(pdf)
        if not pages:
            raise BadInput("the PDF has no pages")
        return _read_pages(lambda i: PlumberPage(pages[i]), len(pages))


def _read_pages(get_page, n_pages: int, get_image=None, split: bool = False) -> Content:
    """Every page laid out; a page that cannot be read is named, the others kept. A page
    without text is read from its image (`get_image`: the PDFium page) when it has one.
    split: a child process may lay out the later pages meanwhile (pages_ahead.py)."""
    layouts, problems, no_text, no_words = [], [], [], []
    later = None
    try:
        for number in range(1, n_pages + 1):
            before = layouts[-1] if layouts and layouts[-1].number == number - 1 else None
            drawn = number == 1 or bool(layouts) and DRAWN_FOR in layouts[0].text
            laid = later.take(number) if later is not None and number in later else None
            if laid is None:
                laid = _laid_out(get_page, number, before, drawn)
            if isinstance(laid, str):  # one bad page must not lose the others
                problems.append(f"page {number} could not be read ({laid})")
                continue
            layout = laid
            if not layout.prose and not layout.tables and get_image is not None:
                scanned = _scanned_layout(get_image(number - 1), number)
                if scanned is None:
                    no_text.append(number)
                elif scanned.ocr and not scanned.prose and not scanned.tables:
                    no_words.append(number)
                layout = scanned or layout
            elif not layout.prose and not layout.tables:
                no_text.append(number)
            layouts.append(layout)
            # Pages that are no template report's stand alone: a child may lay some out.
            if split and later is None and layouts[0].number == 1 \
                    and DRAWN_FOR not in layouts[0].text \
                    and (first := split_point(number, n_pages)) is not None:
                later = PagesAhead(lambda n: _laid_out(get_page, n, None, False), first, n_pages)
    finally:
        if later is not None:
            later.close()
    if no_words:
        problems.append(f"page {page_ranges(no_words)} is an image in which OCR found no text"
                        if len(no_words) == 1 else
                        f"pages {page_ranges(no_words)} are images in which OCR found no text")
    return _content(layouts, n_pages, problems, no_text)


def _laid_out(get_page, number: int, before: PageLayout | None, drawn: bool
              ) -> PageLayout | str:
    """The page laid out, or why it cannot be ("TypeName: message")."""
    page = None
    try:
        page = get_page(number - 1)
        return layout_page(page, number, before, drawn)
    except Exception as e:  # noqa: BLE001  (named in the document's error, page by page)
        return f"{type(e).__name__}: {e}"
    finally:
        if page is not None:
            page.close()


def _scanned_layout(page, number: int) -> PageLayout | None:
    """A page without a text layer: blank (an empty layout), read by OCR, or None when
    no OCR engine is installed."""
    from tongbao.extract.readers.ocr.libraries import import_ocr_libraries

    import_ocr_libraries()  # before the modules below import numpy
    from tongbao.extract.readers.ocr.engine import OcrUnavailable
    from tongbao.extract.readers.ocr.page import ScannedPage, is_blank

    try:
        # Blank, or drawn in straight lines only (a table's empty last row run onto a page
        # of its own): no scan, nothing for OCR to read
        if is_blank(page) or not _may_hold_words(page):
            return PageLayout(number, float(page.get_size()[1]))
        try:
            layout = layout_page(ScannedPage(page, number), number)
        except OcrUnavailable:
            return None
        layout.ocr = True
        return layout
    finally:
        page.close()


def _may_hold_words(page) -> bool:
    """An image on the page, or a curve (words drawn as outlines have curves)."""
    for obj in page.get_objects(max_depth=8):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH and any(
                pdfium_c.FPDFPathSegment_GetType(pdfium_c.FPDFPath_GetPathSegment(obj.raw, i))
                == pdfium_c.FPDF_SEGMENT_BEZIERTO
                for i in range(pdfium_c.FPDFPath_CountSegments(obj.raw))):
            return True
    return False


def _content(layouts: list[PageLayout], n_pages: int, problems: list[str],
             no_text: list[int]) -> Content:
    prose, prose_pages, regions = [], [], []
    for lay in layouts:
        for boxes in lay.tables:
            regions.append((boxes, caption(lay, boxes)))
        prose += [text for _, text in lay.prose]
        prose_pages += [lay.number] * len(lay.prose)
    grids = [to_grid(boxes, caption) for boxes, caption in stitch(regions, layouts)]
    by_number = {lay.number: lay for lay in layouts}
    scanned = {lay.number for lay in layouts if lay.ocr}
    for grid in grids:
        if scanned & set(range(grid.page_first, grid.page_last + 1)):
            grid.method = "ocr"  # a table read from a scan, if only in part, is OCR's
        grid.unit = stated_unit_above(by_number.get(grid.page_first), grid)
    status, error = "ok", None
    if no_text:
        from tongbao.extract.readers.ocr.engine import INSTALL

        pages = page_ranges(no_text)
        problems.append((f"no text layer on page {pages}: the page is an image, OCR is needed"
                         if len(no_text) == 1 else
                         f"no text layer on pages {pages}: the pages are images, OCR is needed")
                        + f" ({INSTALL})")
    if problems:
        status, error = "partial", "; ".join(problems)
    content = Content(prose=prose, prose_pages=prose_pages, grids=grids, n_pages=n_pages,
                      status=status, error=error, pages=layouts)
    _read_template_rows(content, layouts)
    return content


def _read_template_rows(content: Content, layouts: list[PageLayout]) -> None:
    """An annual report whose tables are ruled by rows only, or not at all: no grid holds
    its request table, so its rows are found by their labels in the text as drawn, as a
    crawl's are (readers/text/glued.py). The tables read by alignment on those pages,
    in pieces at best (wrapped labels, headers over several lines), give way to them."""
    drawn = {lay.number: lay.text for lay in layouts}
    text = "\f".join(drawn.get(n, "") for n in range(1, content.n_pages + 1))
    if DRAWN_FOR not in text:  # most PDFs: not even the template's readers are imported
        return
    from tongbao.extract.readers.text.glued_rows import table_sections, template_unread

    if not template_unread([g for g in content.grids if g.method != "pdf-text"], text,
                           by_page=True):
        return
    from tongbao.extract.readers.text.glued import Parting, glued_grids

    # The tables' lines by position (labels set vertically cut into rows) are no prose.
    tables = table_sections(content.prose)
    prose = [i for i in range(len(content.prose)) if i not in tables]
    # Figures side by side are parted by their places (page_text.py): none are glued. A
    # report seen printing a row's zeros as nothing prints a row of zeros as nothing.
    parting = Parting(separated=True, empty_is_zero=any(lay.empty_cells for lay in layouts))
    grids, checks = glued_grids(text, [content.prose[i] for i in prose], "", "pdf-text", parting)
    if not grids:
        return
    content.prose = [content.prose[i] for i in prose]
    content.prose_pages = [content.prose_pages[i] for i in prose]
    first, last = min(g.page_first for g in grids), max(g.page_last for g in grids)
    content.grids = [g for g in content.grids if g.method != "pdf-text"
                     or g.page_last < first or g.page_first > last] + grids
    content.grids.sort(key=lambda g: g.page_first)
    content.checks += checks


def pages_in_doubt(data: bytes, numbers: set[int]) -> set[int]:
    """Of these pages, those where PDFium had to guess a character's text (objects.py,
    has_unmapped_text): only there can pdfminer read a table otherwise, since both take a
    mapped character's text from the same font map and its place from the same operators
    (tests/test_pdf_tables.py: the two engines' cells alike on every page). Every page when
    PDFium cannot open the file or a page: the first reading then was not PDFium's."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return set(numbers)
    try:
        doubtful = set()
        for n in numbers:
            try:
                page = doc[n - 1]
            except (pdfium.PdfiumError, IndexError):
                doubtful.add(n)
                continue
            try:
                if has_unmapped_text(page):
                    doubtful.add(n)
            finally:
                page.close()
        return doubtful
    finally:
        doc.close()


def reread_pages(data: bytes, first: Content, numbers: set[int]) -> Content:
    """The first reading with the given pages laid out again by pdfminer (through
    pdfplumber): the second engine parses only the pages in question. A page pdfminer
    cannot lay out (or does not see: it may count fewer pages than PDFium) keeps its first
    layout. Raises BadInput when pdfminer cannot open the file at all."""
    by_number = {lay.number: lay for lay in first.pages or []}
    drawn = any(lay.text for lay in by_number.values())
    with _pdfplumber(data) as pdf:
        pages = _page_list(pdf)
        for n in sorted(k for k in numbers if k <= len(pages)):
            try:
                by_number[n] = layout_page(PlumberPage(pages[n - 1]), n, by_number.get(n - 1),
                                           drawn)
            except Exception:  # one bad page keeps its first reading
                continue
            finally:
                pages[n - 1].close()
    layouts = [by_number[n] for n in sorted(by_number)]
    no_text = [lay.number for lay in layouts if not lay.prose and not lay.tables]
    out = _content(layouts, first.n_pages, [], no_text)
    out.status, out.error = first.status, first.error  # the same pages could not be read
    return out


def page_ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] -> '2-4, 7': a 900-page scan needs one line, not 900 numbers."""
    out, start = [], numbers[0]
    for prev, cur in zip(numbers, [*numbers[1:], None], strict=True):
        if cur != prev + 1:
            out.append(str(start) if start == prev else f"{start}-{prev}")
            start = cur
    return ", ".join(out)
