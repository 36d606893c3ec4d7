"""PDF reader: ruled tables as exact :class:`CellGrid`\\ s, the text around them as paragraphs.

Built for the PDFs Word and WPS export: tables drawn with ruling lines (thin rectangles or
strokes), merged cells drawn once at their spanned box, CJK text in CID fonts.

How a document is read, cheapest work first, one pass over the pages with pypdfium2 (C):

1. Before anything parses the bytes, :mod:`._pdf_guard` refuses a stream that inflates past
   ``Limits.max_pdf_stream_bytes`` (Flate bombs).
2. Each page's plain text and object counts are read (:mod:`._pdf_scan`). A page goes on
   to table detection only if it has enough path objects to hold a ruled table, and the
   caller's ``page_filter`` (a keyword test on the page text) accepts it — or it follows a page
   whose last table ran to the bottom (a table broken over pages), or its text is
   unreadable to pdfium (the filter could not judge it). Other pages give their text lines
   as paragraphs and nothing else.
3. On a selected page, :mod:`._pdf_pdfium` gives the visible characters and the ruling
   segments (page rotation applied); fake-bold doubles are dropped and raised footnote
   digits become superscripts (:mod:`._pdf_model`); :mod:`._pdf_table` finds the cells
   (pdfplumber's lines strategy, bounded by ``Limits.max_pdf_edges``); the grid is rebuilt
   from the cells' edges (merged cells become spans), each character is put in the cell
   under its centre, and the lines of a cell are joined (:mod:`._pdf_geometry`, pure).
   pdfminer is used only for the glyphs pdfium leaves out of its text page
   (:mod:`._pdf_miner`).
4. A table that runs off the bottom of a page and resumes at the top of the next with the
   same columns is stitched into one grid, a repeated header dropped
   (:mod:`._pdf_assemble`, pure).
5. A document in which no page holds a ruled table, but some page names table labels, is
   read from those pages laid out as column-aligned text (:mod:`._pdf_layout`, pure), by
   the reader of ``pdftotext -layout`` output (:mod:`._pdf_unruled`).

Limits: only the first ``Limits.max_pdf_pages`` pages are loaded (a ``reader_note``
warning says so when a document is longer); a :class:`Deadline` of ``Limits.timeout`` is
checked before every page and inside long loops. The dependencies' exceptions are mapped
at this module's calls (:mod:`._pdf_boundary`) to :class:`CorruptDocument` or
:class:`EncryptedDocument`; this module holds only the I/O loop over the pages.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pypdfium2 as pdfium

from .._errors import CorruptDocument
from .._grid import Document, Location, ReaderNote
from .._limits import Deadline, Limits
from ._pdf_assemble import (
    Piece,
    TextLine,
    assemble,
    page_items,
    round_bbox,
    runs_off_page,
    text_lines,
)
from ._pdf_boundary import (
    DEPENDENCY_ERRORS,
    ENCRYPTION_ERRORS,
    PDFIUM_ERRORS,
    check_complete,
    mapped,
    open_pdfium,
    quiet_pdfminer,
)
from ._pdf_geometry import BBox
from ._pdf_guard import check_streams, reference_cycle
from ._pdf_miner import MinerPages
from ._pdf_model import Char, dedupe_fake_bold, mark_superscripts
from ._pdf_pdfium import Dropped, PdfiumPage, read_page
from ._pdf_scan import UNMAPPED, PageScan, scan_notes, scan_page
from ._pdf_table import TooManyEdges, find_tables
from ._pdf_unruled import read_unruled

__all__ = ["read_pdf"]


def read_pdf(
    data: bytes,
    *,
    limits: Limits,
    source: str | None,
    page_filter: Callable[[str], bool] | None = None,
) -> Document:
    """Read a PDF's ruled tables and running text, in reading order across pages.

    ``page_filter`` gets a page's plain text and says whether to look for tables on it;
    pages it rejects contribute their text lines only (without it, a document with no
    ruled table is not laid out as text either). Raises :class:`EncryptedDocument`
    (a user password is needed), :class:`CorruptDocument` (the bytes do not parse) or
    :class:`LimitExceeded`. pdfminer's warnings are silenced for the duration of the read
    (see :func:`quiet_pdfminer`).
    """
    with quiet_pdfminer():
        return _Reader(data, limits, source, page_filter).read()


@attrs.define
class _Reader:
    """One read: pdfium pages in order, pdfminer opened only if a page needs it."""

    data: bytes
    limits: Limits
    source: str | None
    page_filter: Callable[[str], bool] | None
    deadline: Deadline = attrs.field(init=False)
    notes: list[ReaderNote] = attrs.field(init=False, factory=list)
    miner: MinerPages | None = attrs.field(init=False, default=None)
    miner_refused: str | None = attrs.field(init=False, default=None)
    #: the visible characters of each page that names table labels (and of the page after
    #: it) where no ruled table was found, by page number: read as laid-out text when the
    #: document has no ruled table at all (see :mod:`._pdf_unruled`)
    unruled: dict[int, list[Char]] = attrs.field(init=False, factory=dict)
    #: the pages whose text names table labels
    named: set[int] = attrs.field(init=False, factory=set)

    def __attrs_post_init__(self) -> None:
        self.deadline = Deadline(self.limits.timeout, self.source)

    @property
    def _max_objects(self) -> int:
        """Objects one page may hold before it is read as plain text only."""
        return 5 * self.limits.max_pdf_edges

    def tick(self) -> None:
        self.deadline.check("reading the PDF")

    def read(self) -> Document:
        check_complete(self.data, self.source)
        check_streams(self.data, self.limits.max_pdf_stream_bytes, self.source, self.tick)
        doc = open_pdfium(self.data, self.source)
        try:
            items, scans = self._pages(doc)
        finally:
            doc.close()
        self.notes[0:0] = scan_notes(scans)
        if self.unruled and not any(isinstance(it, Piece) for it in items):
            document = read_unruled(items, self.unruled, self.notes, self.deadline)
        else:
            document = Document(format="pdf", blocks=assemble(items), notes=tuple(self.notes))
        if any(n.code in ("no_text_layer", "unreadable_text") for n in self.notes):
            from ._ocr_hook import ocr_pdf_pages  # OCR when the extra is in (issue 16)

            return ocr_pdf_pages(document, self.data, limits=self.limits, source=self.source)
        return document

    def _pages(self, doc: pdfium.PdfDocument) -> tuple[list[Piece | TextLine], list[PageScan]]:
        with mapped(self.source, "counting pages", PDFIUM_ERRORS):
            n_pages = len(doc)
        if n_pages == 0:
            raise CorruptDocument(
                "expected at least one page; the PDF has none", format="pdf", source=self.source
            )
        n_read = min(n_pages, self.limits.max_pdf_pages)
        if n_read < n_pages:
            self.notes.append(
                ReaderNote(
                    code="reader_note",
                    severity="warning",
                    message=(
                        f"only the first {n_read} of {n_pages} pages were examined "
                        f"(Limits.max_pdf_pages={self.limits.max_pdf_pages})"
                    ),
                    location=Location(page=n_read + 1),
                )
            )
        items: list[Piece | TextLine] = []
        scans: list[PageScan] = []
        spill = False  # did the previous page's last table run to its bottom?
        for i in range(n_read):
            number = i + 1
            self.deadline.check(f"reading page {number}")
            with mapped(self.source, f"loading page {number}", PDFIUM_ERRORS):
                page = doc[i]
            try:
                with mapped(self.source, f"loading page {number}", PDFIUM_ERRORS):
                    textpage = page.get_textpage()
                try:
                    with mapped(self.source, f"reading the text of page {number}", PDFIUM_ERRORS):
                        scan = scan_page(page, textpage, self._max_objects)
                    if scan.objects:
                        self._note("warning", number, (
                            f"page {number}: {scan.objects:,} drawing objects, over "
                            f"{self._max_objects:,} (5 × Limits.max_pdf_edges); only its plain "
                            "text was read — raise it with Limits(max_pdf_edges=...)"))
                    scans.append(scan)
                    named = self.page_filter is not None and not scan.garbled \
                        and self.page_filter(scan.text)
                    if named:
                        self.named.add(number)
                    wanted = scan.may_hold_table and (
                        self.page_filter is None or scan.garbled or named
                    )
                    if not (wanted or (spill and scan.may_hold_table)):
                        spill = False
                        if (named or number - 1 in self.named) and not scan.objects:
                            # table labels (or the page after them: the rest of a table's
                            # rows) but no ruled table: its characters, in case no page of
                            # the document has one
                            items.extend(self._table_page(i, page, textpage, tables=False))
                        elif scan.hidden_text or scan.has_forms:
                            # pdfium's plain text includes invisible glyphs: read the
                            # visible ones (forms may hide text the scan did not see)
                            items.extend(self._table_page(i, page, textpage, tables=False))
                        else:
                            items.extend(text_lines(scan.text, number))
                        continue
                    on_page = self._table_page(i, page, textpage)
                finally:
                    textpage.close()
            finally:
                page.close()
            items.extend(on_page)
            spill = runs_off_page(on_page)
        return items, scans

    def _table_page(
        self, i: int, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, *, tables: bool = True
    ) -> list[Piece | TextLine]:
        """A page's visible characters, as table pieces (``tables``) and text lines."""
        number = i + 1
        # the full map here: ``_read_table_page`` is the seam where tests inject every
        # dependency's errors (tests/test_exceptions.py)
        with mapped(self.source, f"reading page {number}"):
            content = _read_table_page(page, textpage, self.tick, self.limits.max_pdf_edges)
        chars = list(content.chars)
        bad = content.unmapped
        if content.dropped:
            pairs = self._recover(i, content)
            recovered, boxes = content.cover([c for c, _ in pairs], [d.z for _, d in pairs])
            content = attrs.evolve(content, covered=[*content.covered, *boxes])
            bad += sum(1 for c in recovered if UNMAPPED.search(c.text))
            chars.extend(recovered)
        chars = mark_superscripts(dedupe_fake_bold(chars))
        found: list[list[BBox]] = []
        try:
            if content.too_many is not None and tables:
                raise content.too_many
            if tables:
                found = find_tables(content.edges, self.limits.max_pdf_edges, self.tick)
        except TooManyEdges as exc:
            self._note("warning", number, (
                f"page {number}: {exc} (Limits.max_pdf_edges); its tables were not read — "
                "raise it with Limits(max_pdf_edges=...)"))
        self._page_notes(number, content, bad, len(chars))
        if not found and bad == 0 and (number in self.named or number - 1 in self.named):
            self.unruled[number] = chars
        return page_items(chars, found, number, content.height)

    def _recover(self, i: int, content: PdfiumPage) -> list[tuple[Char, Dropped]]:
        """Glyphs pdfium dropped, from pdfminer (see :mod:`._pdf_miner`)."""
        number = i + 1
        if self.miner is None and self.miner_refused is None:
            cycle = reference_cycle(self.data, self.limits.max_pdf_stream_bytes, self.tick)
            if cycle is not None:
                self.miner_refused = (
                    "its objects " + ", ".join(map(str, cycle[:5])) + " refer to each other "
                    "in a cycle"
                )
            else:
                self.miner = MinerPages(self.data)
        if self.miner is None:
            self._note("error", number, (
                f"page {number}: {len(content.dropped)} text object(s) could not be measured "
                f"and the fallback parser cannot read this file ({self.miner_refused}); text "
                "on this page may be missing"))
            return []
        try:
            return self.miner.recover(i, content.dropped, content.transform)
        except (*ENCRYPTION_ERRORS, *DEPENDENCY_ERRORS) as exc:
            # pdfium read the document; only the fallback failed: flag the page, go on
            self._note("error", number, (
                f"page {number}: {len(content.dropped)} text object(s) could not be measured "
                f"and the fallback parser failed on this file ({type(exc).__name__}: {exc}); "
                "text on this page may be missing"))
            return []

    def _note(self, severity: str, number: int, message: str, code: str = "reader_note") -> None:
        self.notes.append(
            ReaderNote(code=code, severity=severity, message=message,
                       location=Location(page=number))
        )

    def _page_notes(self, number: int, content: PdfiumPage, bad: int, total: int) -> None:
        for box in content.covered:
            self._note("warning", number, (
                f"page {number}: a white box painted over text {box.hidden!r} at "
                f"{round_bbox(box.bbox)} hides it; the hidden text was not read, and the "
                "value shown there may not be the one the document meant"))
        if content.shadowed:
            where = ", ".join(str(round_bbox(b)) for b in content.shadowed[:5])
            more = f" and {len(content.shadowed) - 5} more" if len(content.shadowed) > 5 else ""
            self._note("warning", number, (
                f"page {number}: text at {where}{more} has an invisible copy drawn over it, "
                "and the PDF library kept only the copy; the visible text there was not read "
                "in full, so each such cell reads '?' (null)"))
        if content.invisible and content.invisible >= total:
            self._note("warning", number, (
                f"page {number}: {content.invisible} characters are invisible (text render "
                "mode 3, e.g. an OCR layer over a scan) and were not read"))
        if bad:
            self._note("error", number, (
                f"page {number}: {bad} of {total} characters have no Unicode "
                "mapping (a font without a ToUnicode map); they read as "
                "(cid:N) or U+FFFD, so table text on this page cannot be trusted"),
                code="unreadable_text")


#: The dependency step that reads one selected page (a seam for tests that inject errors).
_read_table_page = read_page

