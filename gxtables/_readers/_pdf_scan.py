"""The cheap first look at each PDF page, through pdfium's C API: its plain text, how many
path objects (ruling lines) it draws, forms, hidden text, unmapped glyphs and how much of
it images cover — enough to decide whether to look for tables on it, and to say which
pages are scans (``no_text_layer``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .._grid import Location, ReaderNote
from ._pdf_pdfium import INVISIBLE_MODES

__all__ = ["UNMAPPED", "PageScan", "scan_notes", "scan_page"]

#: Fewer path objects than this on a page cannot draw a ruled table worth reading.
_MIN_PATHS = 4
#: A page whose pdfium text has more unmapped characters than this cannot be judged by text.
_GARBLED_FRACTION = 0.1
#: An image-only page's images cover at least this fraction of it (a scan, not a logo).
_SCAN_COVERAGE = 0.25

#: A glyph pdfium or pdfminer could not map to Unicode, as it appears in their text.
UNMAPPED = re.compile(r"\(cid:\d+\)|[\ufffd\ufffe]")


@attrs.frozen
class PageScan:
    """What pdfium tells cheaply about one page."""

    text: str
    paths: int
    has_forms: bool
    image_coverage: float
    hidden_text: bool = False  # some text object is drawn invisibly (render mode 3 or 7)
    unmapped: float = 0.0  # fraction of sampled glyphs without a Unicode mapping
    objects: int = 0  # set when the page holds too many objects to be walked

    @property
    def may_hold_table(self) -> bool:
        return self.has_forms or self.paths >= _MIN_PATHS

    @property
    def garbled(self) -> bool:
        if self.unmapped > _GARBLED_FRACTION:
            return True
        stripped = "".join(self.text.split())
        bad = len(UNMAPPED.findall(stripped))
        return bool(stripped) and bad / len(stripped) > _GARBLED_FRACTION


def scan_page(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, max_objects: int
) -> PageScan:
    """Text, path count, forms, image coverage of one page — all in C. A page of more than
    ``max_objects`` objects is not walked (``objects`` says how many it has)."""
    text = textpage.get_text_bounded()
    raw = page.raw
    paths = 0
    forms = hidden = False
    images: list[Any] = []
    count = pdfium_c.FPDFPage_CountObjects(raw)
    if count > max_objects:
        return PageScan(text=text, paths=0, has_forms=False, image_coverage=0.0,
                         unmapped=_unmapped_fraction(textpage), objects=count)
    for k in range(count):
        obj = pdfium_c.FPDFPage_GetObject(raw, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            hidden = hidden or pdfium_c.FPDFTextObj_GetTextRenderMode(obj) in INVISIBLE_MODES
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            forms = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and not text.strip():
            images.append(obj)
    coverage = _image_coverage(images, page.get_width() * page.get_height())
    return PageScan(text=text, paths=paths, has_forms=forms, image_coverage=coverage,
                     hidden_text=hidden, unmapped=_unmapped_fraction(textpage))


#: Every this many glyphs one is asked whether it has a Unicode mapping (the page filter
#: cannot judge a page whose text pdfium cannot map: pdfium returns the raw codes).
_UNMAPPED_SAMPLE = 8


def _unmapped_fraction(textpage: pdfium.PdfTextPage) -> float:
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    sample = range(0, n, _UNMAPPED_SAMPLE)
    if not sample:
        return 0.0
    bad = sum(1 for i in sample if pdfium_c.FPDFText_HasUnicodeMapError(tp, i) == 1)
    return bad / len(sample)


def _image_coverage(objs: Sequence[Any], page_area: float) -> float:
    if not objs or page_area <= 0:
        return 0.0
    area = 0.0
    for obj in objs:
        left, bottom, right, top = (pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT(),
                                    pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT())
        if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            area += max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)
    return min(1.0, area / page_area)


def scan_notes(scans: Sequence[PageScan]) -> list[ReaderNote]:
    """``no_text_layer`` for pages that are images only (one note when all of them are)."""
    scanned = [
        i + 1 for i, s in enumerate(scans)
        if not s.text.strip() and s.image_coverage >= _SCAN_COVERAGE
    ]
    if not scanned:
        return []
    if all(not s.text.strip() for s in scans):
        return [
            ReaderNote(
                code="no_text_layer",
                severity="error",
                message=(
                    f"the PDF holds only images ({len(scans)} page(s), no text layer): it is a "
                    "scan and needs OCR before its tables can be read"
                ),
                location=Location(page=scanned[0]),
            )
        ]
    return [
        ReaderNote(
            code="no_text_layer",
            severity="error",
            message=(
                f"page {p} holds only images (no text layer); a table on it cannot be read "
                "without OCR"
            ),
            location=Location(page=p),
        )
        for p in scanned
    ]

