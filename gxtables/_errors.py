"""The one exception hierarchy of gxtables.

Every public entry point raises only these; a dependency's exception (pdfminer, zipfile,
lxml, python-docx, codecs) is re-raised as one of them with the original kept as
``__cause__``. Anything else that escapes the pipeline is a bug of ours: it is raised as
:class:`InternalError` at the one boundary in ``gxtables._api``, so that callers (and our own
fuzz tests) can tell a bad document from a broken library. Doubtful *results* are never
exceptions: they are ``Issue`` records on the returned report.

Every class pickles with its attributes (they cross process and Dask boundaries); the
``__cause__`` chain does not travel, as with any pickled exception.

::

    GxtablesError
    ├── ReadError                    the document could not be read
    │   ├── UnsupportedFormat        (ValueError) not PDF, DOCX, HTML or text; or .doc, images, ...
    │   ├── CorruptDocument          (ValueError) the bytes claim a format but do not parse
    │   ├── EncryptedDocument        a password is needed
    │   └── LimitExceeded            a configured limit (size, pages, time, ...) was hit
    ├── LayoutNotFound               (ValueError) readable, but no statutory table in it
    └── InternalError                a bug of gxtables: please report it with the document
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CorruptDocument",
    "EncryptedDocument",
    "GxtablesError",
    "InternalError",
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

    def __reduce__(self) -> tuple[Any, ...]:
        # The default pickles ``args`` only and calls ``cls(*args)``, which fails for the
        # keyword-only arguments below; rebuild from the message and restore every attribute.
        return (_restore, (type(self), self.message), dict(self.__dict__))


def _restore(cls: type[GxtablesError], message: str) -> GxtablesError:
    """Unpickle: an instance of ``cls`` whose attributes ``__setstate__`` then fills in."""
    return cls.__new__(cls, message)


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


class InternalError(GxtablesError):
    """A bug of gxtables, not a problem of the document: an invariant of our own failed.

    Raised at the one boundary in ``gxtables._api`` with the original exception as
    ``__cause__``; ``stage`` names the step that failed (``"reading"``, ``"matching"``, ...).
    Please report it with the document that caused it.
    """

    def __init__(self, message: str, *, stage: str, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.stage = stage
