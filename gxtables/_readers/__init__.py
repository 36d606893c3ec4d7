"""Readers: ``bytes → Document``, one per format. They know nothing of the templates.

Each reader is a plain function ``read(data, *, limits, source) -> Document`` and maps its
dependency's exceptions to gxtables' own at its boundary. Dispatch is by the sniffed format;
a reader module is imported (a plain import, inside :func:`_reader`) only when its format is
met, so ``import gxtables`` stays light.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

import attrs

from .._grid import CellGrid, Document, Paragraph
from .._limits import Limits

__all__ = ["FORMATS", "Reader", "import_readers", "read_document"]


class Reader(Protocol):
    def __call__(self, data: bytes, *, limits: Limits, source: str | None) -> Document: ...


#: The formats there is a reader for (``image``: PNG/JPEG/TIFF, only sniffed when the ocr
#: extra is in).
FORMATS = ("text", "html", "docx", "pdf", "image")


def read_document(fmt: str, data: bytes, *, limits: Limits, source: str | None,
                  page_filter: Callable[[str], bool] | None = None) -> Document:
    """Read ``data`` with the reader for ``fmt``; ``page_filter`` goes to the PDF reader (which
    pages' text is worth looking for tables in)."""
    if fmt == "pdf":
        from ._pdf import read_pdf

        return read_pdf(data, limits=limits, source=source, page_filter=page_filter)
    document = _reader(fmt)(data, limits=limits, source=source)
    if fmt == "html" and not any(isinstance(b, CellGrid) for b in document.blocks):
        return _html_read_as_text(document, limits, source) or document
    return document


def _html_read_as_text(document: Document, limits: Limits, source: str | None
                       ) -> Document | None:
    """A page with no table element whose text holds tables (a crawler's text page with a
    few tags left in, ``…规章<br/>1207…``; a page that printed its tables as paragraphs):
    its paragraphs, one per line, read by the text reader, which finds tables in flattened
    text. ``None`` when the text holds none either (fewer than ``_TEXT_TABLE_NUMBERS``
    cells holding digits: a few short lines are no table)."""
    lines = [b.text for b in document.blocks if isinstance(b, Paragraph) and b.text.strip()]
    if not lines:
        return None
    as_text = _reader("text")("\n".join(lines).encode("utf-8"), limits=limits, source=source)
    numbers = sum(1 for g in as_text.grids for c in g.cells if _DIGIT.search(c.text))
    if numbers < _TEXT_TABLE_NUMBERS:
        return None
    return attrs.evolve(as_text, format="html")


#: How many cells holding digits the text of a page without table elements must give for
#: it to be read as text with tables (a report's tables hold a hundred and more).
_TEXT_TABLE_NUMBERS = 10
_DIGIT = re.compile(r"\d")


def import_readers() -> None:
    """Import every reader now (a batch worker does, before any document's clock runs)."""
    for fmt in FORMATS:
        _reader(fmt)


def _reader(fmt: str) -> Reader:
    """The reader of ``fmt``, its module imported on first use."""
    if fmt == "text":
        from ._text import read_text

        return read_text
    if fmt == "html":
        from ._html import read_html

        return read_html
    if fmt == "docx":
        from ._docx import read_docx

        return read_docx
    if fmt == "pdf":
        from ._pdf import read_pdf

        return read_pdf
    if fmt == "image":
        from ._ocr import read_image

        return read_image
    raise KeyError(fmt)
