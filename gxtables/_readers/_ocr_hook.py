"""The PDF reader's door to OCR: pages it could not read go to :mod:`._ocr` when the
``ocr`` extra is installed; without it the document is returned with the install hint added
to its notes. Importing this module costs nothing (OpenCV is imported only when needed)."""

from __future__ import annotations

import attrs

from .._grid import Document
from .._limits import Limits
from ._ocr_extra import INSTALL_HINT, ocr_installed

__all__ = ["ocr_pdf_pages"]

_SCAN_CODES = ("no_text_layer", "unreadable_text")


def ocr_pdf_pages(document: Document, data: bytes, *, limits: Limits,
                  source: str | None) -> Document:
    """``document`` with its scanned or unreadable pages read by OCR (see
    :func:`._ocr.ocr_pdf_pages`), or with the hint to install the extra."""
    if not ocr_installed():
        return attrs.evolve(document, notes=tuple(
            attrs.evolve(n, message=f"{n.message} ({INSTALL_HINT})")
            if n.code in _SCAN_CODES else n for n in document.notes))
    from ._ocr import ocr_pdf_pages as ocr

    return ocr(document, data, limits=limits, source=source)
