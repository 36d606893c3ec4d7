"""The one exception hierarchy of gxtables.

Every public entry point raises only these; a dependency's exception (pdfminer, zipfile,
lxml, python-docx, codecs) is re-raised as one of them with the original kept as
``__cause__``. Doubtful *results* are never exceptions: they are ``Issue`` records on the
returned report.

::

    GxtablesError
    ├── ReadError                    the document could not be read
    │   ├── UnsupportedFormat        (ValueError) not PDF, DOCX, HTML or text; or .doc, images, ...
    │   ├── CorruptDocument          (ValueError) the bytes claim a format but do not parse
    │   ├── EncryptedDocument        a password is needed
    │   └── LimitExceeded            a configured limit (size, pages, time, ...) was hit
    └── LayoutNotFound               (ValueError) readable, but no statutory table in it
"""

from __future__ import annotations

__all__ = [
    "CorruptDocument",
    "EncryptedDocument",
    "GxtablesError",
    "LayoutNotFound",
    "LimitExceeded",
    "ReadError",
    "UnsupportedFormat",
]


class GxtablesError(Exception):
    """Base class of every exception gxtables raises.

    ``source`` names the document (a path, or ``"<bytes>"``) when it is known.
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        if self.source:
            return f"{self.source}: {self.message}"
        return self.message


class ReadError(GxtablesError):
    """The document could not be turned into text and tables."""


class UnsupportedFormat(ReadError, ValueError):
    """The bytes are not a format gxtables reads (PDF, DOCX, HTML, plain text).

    ``found`` says what the bytes look like (e.g. ``"legacy Word .doc (OLE2)"``).
    """

    def __init__(self, message: str, *, found: str, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.found = found


class CorruptDocument(ReadError, ValueError):
    """The bytes look like ``format`` but cannot be parsed (truncated, damaged)."""

    def __init__(self, message: str, *, format: str, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.format = format


class EncryptedDocument(ReadError):
    """The document is password-protected and no empty password opens it."""

    def __init__(self, message: str, *, format: str, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.format = format


class LimitExceeded(ReadError):
    """A configured limit was hit.

    ``limit`` is the field name on :class:`gxtables.Limits` (e.g. ``"max_bytes"``), ``value``
    its setting and ``actual`` what the document needed (when known).
    """

    def __init__(
        self,
        message: str,
        *,
        limit: str,
        value: float,
        actual: float | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message, source=source)
        self.limit = limit
        self.value = value
        self.actual = actual


class LayoutNotFound(GxtablesError, ValueError):
    """The document was read, but none of the statutory tables was found in it."""
