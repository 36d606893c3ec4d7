"""Readers: ``bytes → Document``, one per format. They know nothing of the templates.

Each reader is a plain function ``read(data, *, limits, source) -> Document`` and maps its
dependency's exceptions to gxtables' own at its boundary. Dispatch is a table keyed by the
sniffed format; a reader module is imported only when its format is met, so ``import
gxtables`` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol

from .._grid import Document
from .._limits import Limits

__all__ = ["READERS", "Reader", "import_readers", "read_document"]


class Reader(Protocol):
    def __call__(self, data: bytes, *, limits: Limits, source: str | None,
                 **hints: Any) -> Document: ...


#: format → (module, function)
READERS: dict[str, tuple[str, str]] = {
    "text": ("._text", "read_text"),
    "html": ("._html", "read_html"),
    "docx": ("._docx", "read_docx"),
    "pdf": ("._pdf", "read_pdf"),
    "image": ("._ocr", "read_image"),  # PNG/JPEG/TIFF, only sniffed when the ocr extra is in
}


def read_document(fmt: str, data: bytes, *, limits: Limits, source: str | None,
                  **hints: Any) -> Document:
    """Read ``data`` with the reader for ``fmt``; ``hints`` go to readers that take them
    (the PDF reader's ``page_filter``)."""
    return _reader(fmt)(data, limits=limits, source=source, **hints)


def import_readers() -> None:
    """Import every reader now (a batch worker does, before any document's clock runs)."""
    for fmt in READERS:
        _reader(fmt)


def _reader(fmt: str) -> Reader:
    module_name, func_name = READERS[fmt]
    module = importlib.import_module(module_name, __name__)
    reader: Reader = getattr(module, func_name)
    return reader
