"""Resource limits, resolved once at the boundary into one validated object.

A crawler runs gxtables unattended on whatever a portal served; these bound the work one
document may cause. Hitting one raises :class:`~gxtables.LimitExceeded` naming the field.
"""

from __future__ import annotations

import math
import time
from typing import Any

import attrs

from ._errors import LimitExceeded

__all__ = ["Deadline", "Limits"]


def _positive_int(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A count or a size: an ``int`` (not a ``bool``, not a float such as ``1.5`` or ``inf``)
    greater than zero."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"Limits.{attribute.name} must be a positive int, got {value!r} "
            f"({type(value).__name__})")
    if value <= 0:
        raise ValueError(f"Limits.{attribute.name} must be a positive int, got {value!r}")


def _positive_number(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A ratio or a number of seconds: a finite ``int`` or ``float`` greater than zero."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            f"Limits.{attribute.name} must be a finite positive number, got {value!r} "
            f"({type(value).__name__})")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(
            f"Limits.{attribute.name} must be a finite positive number, got {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """How much work one document may cause. Every field can be raised or lowered.

    >>> Limits(max_pdf_pages=500).max_pdf_pages
    500
    """

    #: Largest input accepted, in bytes.
    max_bytes: int = attrs.field(default=200 * 1024 * 1024, validator=_positive_int)
    #: PDF pages examined at most (the statutory tables sit in the first few dozen).
    max_pdf_pages: int = attrs.field(default=300, validator=_positive_int)
    #: Total uncompressed size of a DOCX's parts, in bytes (zip bombs).
    max_docx_uncompressed: int = attrs.field(default=300 * 1024 * 1024, validator=_positive_int)
    #: Largest compression ratio of a DOCX part (zip bombs).
    max_zip_ratio: float = attrs.field(default=200.0, validator=_positive_number)
    #: Deepest element nesting accepted in HTML.
    max_html_depth: int = attrs.field(default=2000, validator=_positive_int)
    #: Markup elements parsed from one HTML page or one .docx's XML parts, counted before parsing.
    max_elements: int = attrs.field(default=1_000_000, validator=_positive_int)
    #: Grid cells one HTML/DOCX table may cover (a merged cell counts every cell it spans).
    max_table_cells: int = attrs.field(default=100_000, validator=_positive_int)
    #: Wall-clock seconds one document may take.
    timeout: float = attrs.field(default=120.0, validator=_positive_number)
    #: Characters of one line of text, one paragraph or one table cell handed to the
    #: matcher (a real report's longest line, even with every line break lost, is a few
    #: tens of thousands; the matcher's work grows with it and cannot be interrupted).
    max_line_chars: int = attrs.field(default=200_000, validator=_positive_int)
    #: Characters of text handed to the matcher in all (a real report has under 100,000).
    max_text_chars: int = attrs.field(default=2_000_000, validator=_positive_int)
    #: Bytes one PDF stream (page content, CMap) may inflate to; font programs 8× (bombs).
    max_pdf_stream_bytes: int = attrs.field(default=16 * 1024 * 1024, validator=_positive_int)
    #: Ruling segments, and their crossings, one PDF page may hold for table finding.
    max_pdf_edges: int = attrs.field(default=20_000, validator=_positive_int)
    #: Pages with tables read by OCR in one document (the ``ocr`` extra; each costs seconds).
    max_ocr_pages: int = attrs.field(default=30, validator=_positive_int)
    #: Seconds OCR may spend on one document, checked between pages (the ``ocr`` extra).
    max_ocr_seconds: float = attrs.field(default=600.0, validator=_positive_number)

    def check_size(self, size: int, source: str | None = None) -> None:
        if size > self.max_bytes:
            raise LimitExceeded(
                f"input is {size:,} bytes, over the limit of {self.max_bytes:,}; "
                "raise it with Limits(max_bytes=...)",
                limit="max_bytes",
                value=self.max_bytes,
                actual=size,
                source=source,
            )


@attrs.define
class Deadline:
    """A wall-clock budget checked at safe points inside readers and the matcher."""

    seconds: float
    source: str | None = None
    start: float = attrs.field(factory=time.monotonic)

    def check(self, where: str = "") -> None:
        elapsed = time.monotonic() - self.start
        if elapsed > self.seconds:
            at = f" while {where}" if where else ""
            raise LimitExceeded(
                f"gave up after {elapsed:.1f}s{at}: over the limit of {self.seconds:g}s; "
                "raise it with Limits(timeout=...)",
                limit="timeout",
                value=self.seconds,
                actual=elapsed,
                source=self.source,
            )
