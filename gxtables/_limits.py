"""Resource limits, resolved once at the boundary into one validated object.

A crawler runs gxtables unattended on whatever a portal served; these bound the work one
document may cause. Hitting one raises :class:`~gxtables.LimitExceeded` naming the field.
"""

from __future__ import annotations

import time
from typing import Any

import attrs

from ._errors import LimitExceeded

__all__ = ["Deadline", "Limits"]


def _positive(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value > 0:
        raise ValueError(
            f"Limits.{attribute.name} must be a positive number, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class Limits:
    """How much work one document may cause. Every field can be raised or lowered.

    >>> Limits(max_pdf_pages=500).max_pdf_pages
    500
    """

    #: Largest input accepted, in bytes.
    max_bytes: int = attrs.field(default=200 * 1024 * 1024, validator=_positive)
    #: PDF pages examined at most (the statutory tables sit in the first few dozen).
    max_pdf_pages: int = attrs.field(default=300, validator=_positive)
    #: Total uncompressed size of a DOCX's parts, in bytes (zip bombs).
    max_docx_uncompressed: int = attrs.field(default=300 * 1024 * 1024, validator=_positive)
    #: Largest compression ratio of a DOCX part (zip bombs).
    max_zip_ratio: float = attrs.field(default=200.0, validator=_positive)
    #: Deepest element nesting accepted in HTML.
    max_html_depth: int = attrs.field(default=2000, validator=_positive)
    #: Wall-clock seconds one document may take.
    timeout: float = attrs.field(default=120.0, validator=_positive)

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
