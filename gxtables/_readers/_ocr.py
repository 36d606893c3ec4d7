"""OCR reader (the optional ``ocr`` extra): scanned PDF pages and image files → the same
:class:`~gxtables._grid.Document` the other readers give.

Table structure comes from the image's ruling lines (:mod:`._ocr_grid`); text from
RapidOCR's PP-OCR models, which its wheel ships (nothing is downloaded). Each text box goes
to the cell holding its centre; pieces of a table on consecutive pages are stitched by the
PDF reader's own :func:`~._pdf_assemble.assemble`. Every cell carries its box and its
recognition confidence (``Cell.confidence``); a number read with low confidence is not given
as a number: its text gets a trailing ``?`` so that the build stage reports it
``unparsed_value`` (null, flagged on its own row and column) and the solver may still infer
it from the arithmetic.

This module imports OpenCV and onnxruntime; it is imported only when a scan is met.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs
import cv2
import numpy as np

from .._errors import CorruptDocument, LimitExceeded, UnsupportedFormat
from .._grid import Block, CellGrid, Document, Location, ReaderNote
from .._limits import Limits
from ._ocr_engine import BBox
from ._ocr_extra import INSTALL_HINT, ocr_installed
from ._ocr_grid import Gray, deskew, find_image_tables
from ._ocr_page import read_page

__all__ = ["ocr_pdf_pages", "read_image"]

#: Resolution PDF pages are rendered at: 9-point digits come out ~19 px tall, which the
#: recogniser (48 px input) reads reliably; higher costs time for no gain on the corpus.
PDF_DPI = 150.0
#: Resolution assumed for an image file that does not say (a typical scan).
IMAGE_DPI = 200.0
#: Reader notes of the PDF reader that mark a page the OCR may read.
SCAN_CODES = ("no_text_layer", "unreadable_text")


#: How the PDF reader's note begins when every page is an image.
_WHOLE = "the PDF holds only images"


def _with_confidence(blocks: Sequence[Block],
                     confidence: dict[tuple[int, BBox], float]) -> list[Block]:
    """Grid cells carrying the confidence of the box they came from."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, CellGrid):
            cells = tuple(
                c._replace(confidence=confidence.get(
                    (c.location.page or 0, c.location.bbox or (0.0, 0.0, 0.0, 0.0)), 1.0))
                for c in block.cells)
            block = attrs.evolve(block, cells=cells)
        out.append(block)
    return out


class _Budget:
    """Pages OCR'd and seconds spent, bounded by ``Limits.max_ocr_pages`` and
    ``Limits.max_ocr_seconds`` (checked between pages: one page's OCR is not interrupted)."""

    def __init__(self, limits: Limits, source: str | None) -> None:
        self.limits = limits
        self.source = source
        self.start = time.monotonic()
        self.pages = 0

    def take_page(self, number: int) -> None:
        self.pages += 1
        self.check_time(number)
        if self.pages > self.limits.max_ocr_pages:
            raise LimitExceeded(
                f"expected at most {self.limits.max_ocr_pages} pages with tables to OCR; page "
                f"{number} is one more — raise it with Limits(max_ocr_pages=...)",
                limit="max_ocr_pages", value=self.limits.max_ocr_pages, actual=self.pages,
                source=self.source)

    def check_time(self, number: int) -> None:
        elapsed = time.monotonic() - self.start
        if elapsed > self.limits.max_ocr_seconds:
            raise LimitExceeded(
                f"gave up OCR after {elapsed:.1f}s, before page {number}: over the limit of "
                f"{self.limits.max_ocr_seconds:g}s — raise it with Limits(max_ocr_seconds=...)",
                limit="max_ocr_seconds", value=self.limits.max_ocr_seconds, actual=elapsed,
                source=self.source)


def _ocr_pages(pages: Iterable[tuple[int, Gray]], dpi: float, scale: float, limits: Limits,
               source: str | None, what: str) -> tuple[list[Block], list[ReaderNote], list[int]]:
    """OCR the pages that hold a ruled table: blocks in reading order, notes, pages read."""
    from ._pdf_assemble import assemble

    budget = _Budget(limits, source)
    items: list[Any] = []
    confidence: dict[tuple[int, BBox], float] = {}
    notes: list[ReaderNote] = []
    read: list[int] = []
    seen: list[int] = []
    for number, scanned in pages:
        seen.append(number)
        budget.check_time(number)
        gray = deskew(scanned, dpi)  # a scan a fraction of a degree off breaks the grid
        tables = find_image_tables(gray, dpi)
        if not tables:
            continue  # chosen cheaply: a page without ruled lines holds no statutory table
        budget.take_page(number)
        page = read_page(gray, dpi, number, scale, tables)
        items.extend(page.items)
        confidence.update(page.confidence)
        read.append(number)
        if page.low:
            notes.append(ReaderNote(
                "reader_note", "info",
                f"page {number}: {len(page.low)} number(s) read with low confidence left "
                f"null: {', '.join(page.low[:10])}", Location(page=number)))
    skipped = [n for n in seen if n not in read]
    summary = (f"{what} read by OCR (RapidOCR PP-OCR, {dpi:g} dpi): page(s) "
               f"{', '.join(map(str, read)) or 'none'} hold ruled tables"
               + (f"; page(s) {', '.join(map(str, skipped))} were not read (no ruled table)"
                  if skipped else ""))
    notes.insert(0, ReaderNote("reader_note", "info", summary,
                               Location(page=read[0] if read else None)))
    return _with_confidence(assemble(items), confidence), notes, read


# -- image files -------------------------------------------------------------------------


def _decode(data: bytes, source: str | None) -> list[Gray]:
    buf = np.frombuffer(data, dtype=np.uint8)
    ok, images = cv2.imdecodemulti(buf, cv2.IMREAD_GRAYSCALE)
    if not ok or not images:
        raise CorruptDocument(
            f"expected a PNG, JPEG or TIFF image; OpenCV could not decode the {len(data):,} "
            "bytes (damaged or truncated)", format="image", source=source)
    return [np.ascontiguousarray(im, dtype=np.uint8) for im in images]


def _to_dpi(page: Gray) -> Gray:
    """A page scanned finer than :data:`IMAGE_DPI` (taking its long side for an A4 page's
    11.7 inches) scaled down to it: detail past that costs time and reads no better."""
    dpi = max(page.shape) / 11.7
    if dpi <= 1.3 * IMAGE_DPI:
        return page
    f = IMAGE_DPI / dpi
    return np.ascontiguousarray(cv2.resize(page, None, fx=f, fy=f, interpolation=cv2.INTER_AREA),
                                dtype=np.uint8)


def read_image(data: bytes, *, limits: Limits, source: str | None, **_: Any) -> Document:
    """Read an image file (a photographed or scanned report page; TIFF: every page)."""
    if not ocr_installed():
        raise UnsupportedFormat(
            f"expected PDF, DOCX, HTML or text; found an image (a scanned report needs OCR: "
            f"{INSTALL_HINT})", found="image", source=source)
    pages = [(n, _to_dpi(page)) for n, page in enumerate(_decode(data, source), start=1)]
    blocks, notes, _read = _ocr_pages(pages, IMAGE_DPI, 1.0, limits, source, "the image")
    return Document(format="image", blocks=tuple(blocks), notes=tuple(notes))


# -- PDF pages without a usable text layer ------------------------------------------------


def scan_pages(document: Document) -> list[int]:
    """Pages the PDF reader could not read text from (1-based); all pages when its note
    says the whole PDF is images."""
    pages = sorted({n.location.page for n in document.notes
                    if n.code in SCAN_CODES and n.location.page is not None})
    return pages


def ocr_pdf_pages(document: Document, data: bytes, *, limits: Limits,
                  source: str | None) -> Document:
    """The PDF reader's document with its scanned or unreadable pages read by OCR.

    Returns ``document`` unchanged when no page needs it or the extra is missing (its notes
    then say the pages need OCR; the hint to install the extra is added). Blocks of the
    OCR'd pages replace what the text layer gave there; their notes become ``info`` notes
    saying what OCR read.
    """
    wanted = scan_pages(document)
    if not wanted:
        return document
    if any(n.code == "no_text_layer" and n.message.startswith(_WHOLE)
           for n in document.notes):
        import pypdfium2 as pdfium

        with pdfium.PdfDocument(data) as pdf:
            wanted = list(range(1, min(len(pdf), limits.max_pdf_pages) + 1))
    pages = _render(data, wanted, source)
    blocks, notes, read = _ocr_pages(pages, PDF_DPI, 72.0 / PDF_DPI, limits, source,
                                     f"{len(wanted)} page(s) without a usable text layer were")
    if not read:  # no ruled table on any of them: the reader's notes stand
        return document
    done = set(read)
    kept = [b for b in document.blocks if (b.location.page not in done)]
    merged = sorted([*kept, *blocks], key=lambda b: b.location.page or 0)
    # reading order across pages; tables renumbered in that order
    n = 0
    out: list[Block] = []
    for b in merged:
        if isinstance(b, CellGrid):
            b = attrs.evolve(b, index=n, location=attrs.evolve(b.location, table=n))
            n += 1
        out.append(b)
    rest = [x for x in document.notes if not (
        x.code in SCAN_CODES and (x.location.page in done or x.message.startswith(_WHOLE)))]
    return Document(format=document.format, blocks=tuple(out), notes=(*notes, *rest))


def _render(data: bytes, numbers: Sequence[int],
            source: str | None) -> Iterator[tuple[int, Gray]]:
    """The pages as greyscale images at :data:`PDF_DPI`, one at a time (a long scan is never
    held in memory whole)."""
    import pypdfium2 as pdfium

    try:
        with pdfium.PdfDocument(data) as pdf:
            for number in numbers:
                page = pdf[number - 1]
                try:
                    bitmap = page.render(scale=PDF_DPI / 72.0, grayscale=True)
                    arr = np.array(bitmap.to_numpy(), dtype=np.uint8)
                finally:
                    page.close()
                if arr.ndim == 3:
                    arr = np.asarray(cv2.cvtColor(arr, cv2.COLOR_BGR2GRAY), dtype=np.uint8) \
                        if arr.shape[2] >= 3 else arr[:, :, 0]
                yield number, np.ascontiguousarray(arr, dtype=np.uint8)
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(f"expected to render PDF page(s) {list(numbers)} for OCR; "
                              f"pdfium failed: {exc}", format="pdf", source=source) from exc

