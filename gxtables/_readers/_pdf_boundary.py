"""Where pdfium and pdfminer meet our code: their exceptions mapped to ours (the map and
the context manager that applies it), the document opened and checked for a cut-short
download, and pdfminer's log silenced while a PDF is read.
"""

from __future__ import annotations

import logging
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
from pdfminer.pdfdocument import (
    PDFEncryptionError,
    PDFEncryptionWarning,
    PDFNoValidXRefWarning,
    PDFPasswordIncorrect,
    PDFTextExtractionNotAllowedWarning,
)
from pdfminer.psparser import PSException

from .._errors import CorruptDocument, EncryptedDocument, GxtablesError

__all__ = [
    "DEPENDENCY_ERRORS",
    "ENCRYPTION_ERRORS",
    "PDFIUM_ERRORS",
    "check_complete",
    "mapped",
    "open_pdfium",
    "quiet_pdfminer",
]

#: Every exception pdfium, pdfminer or zlib raise on a damaged PDF. pdfminer raises its own
#: ``PSException`` family (``PDFSyntaxError``, ``PSEOF``, ``PDFNoValidXRef`` …) but also bare
#: builtins from deep inside its parser on malformed objects; those are listed one by one so
#: that an error of ours (``NameError``, ``AttributeError`` on our objects) is not reported
#: as a corrupt document. ``tests/test_pdf_hostile.py`` enumerates the classes.
DEPENDENCY_ERRORS: tuple[type[BaseException], ...] = (
    pdfium.PdfiumError,
    PSException,
    ValueError,  # also UnicodeDecodeError, PDFValueError's builtin base
    TypeError,
    KeyError,
    IndexError,
    AssertionError,
    EOFError,
    OverflowError,
    ZeroDivisionError,
    RecursionError,
    struct.error,
    zlib.error,
    PDFNoValidXRefWarning,  # pdfminer's warnings, raised when warnings are errors
    PDFTextExtractionNotAllowedWarning,
)
#: The subset that means a password is needed.
ENCRYPTION_ERRORS: tuple[type[BaseException], ...] = (
    PDFPasswordIncorrect, PDFEncryptionError, PDFEncryptionWarning
)


#: What pypdfium2 raises: its helpers raise ``PdfiumError``; the raw ctypes calls return
#: error codes (a ``ctypes.ArgumentError`` from them would be a bug of ours, not mapped).
PDFIUM_ERRORS: tuple[type[BaseException], ...] = (pdfium.PdfiumError,)


@contextmanager
def mapped(
    source: str | None, where: str, errors: tuple[type[BaseException], ...] = DEPENDENCY_ERRORS
) -> Iterator[None]:
    """Re-raise a dependency's exception (one of ``errors``) as ours, the original kept as
    ``__cause__``. Blocks that call only pdfium pass :data:`PDFIUM_ERRORS`, so that an error
    of our own code there surfaces as the bug it is."""
    try:
        yield
    except GxtablesError:
        raise
    except ENCRYPTION_ERRORS as exc:
        raise EncryptedDocument(
            f"expected a PDF readable without a password; {where}: {exc or type(exc).__name__}",
            format="pdf",
            source=source,
        ) from exc
    except errors as exc:
        raise CorruptDocument(
            f"expected a well-formed PDF; {where} failed: {type(exc).__name__}: {exc}",
            format="pdf",
            source=source,
        ) from exc



def open_pdfium(data: bytes, source: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedDocument(
                "the PDF is encrypted and the empty password does not open it; "
                "decrypt it first (e.g. qpdf --decrypt --password=... in.pdf out.pdf)",
                format="pdf",
                source=source,
            ) from exc
        raise CorruptDocument(
            f"expected a PDF; pdfium could not open it ({exc})", format="pdf", source=source
        ) from exc



def check_complete(data: bytes, source: str | None) -> None:
    """A PDF ends with ``%%EOF`` (trailing junk of a few bytes aside); a download cut short
    does not, and pdfium would silently rebuild what is left of it."""
    head = data[:1024]
    if b"%PDF-" not in head:
        raise CorruptDocument(
            f"expected a PDF header (%PDF-) in the first 1024 bytes; found {data[:16]!r}",
            format="pdf",
            source=source,
        )
    end = data.rfind(b"%%EOF")
    if end < 0 or len(data[end + 5 :].strip(b"\r\n\t \x00")) > 1024:
        raise CorruptDocument(
            f"the PDF is truncated: no %%EOF marker at its end ({len(data):,} bytes read); "
            "the download was probably cut short",
            format="pdf",
            source=source,
        )


_QUIET_LOCK = threading.Lock()
_quiet_state = {"depth": 0, "level": logging.NOTSET}


@contextmanager
def quiet_pdfminer() -> Iterator[None]:
    """Silence pdfminer's warnings about damaged PDFs while we read one.

    pdfminer logs every repair it makes ("invalid xref", "unknown font") at WARNING; we
    report what matters as issues or errors instead. The ``pdfminer`` logger's own level is
    raised to ERROR for the duration (its child loggers inherit it) and restored afterwards;
    a depth count keeps concurrent reads in threads from restoring it early. A level the
    caller set at ERROR or above is left alone.
    """
    logger = logging.getLogger("pdfminer")
    with _QUIET_LOCK:
        if _quiet_state["depth"] == 0:
            _quiet_state["level"] = logger.level
            if logger.level < logging.ERROR:
                logger.setLevel(logging.ERROR)
        _quiet_state["depth"] += 1
    try:
        yield
    finally:
        with _QUIET_LOCK:
            _quiet_state["depth"] -= 1
            if _quiet_state["depth"] == 0:
                logger.setLevel(_quiet_state["level"])
