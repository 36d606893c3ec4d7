"""The public entry point, and the only place that opens files.

``extract`` turns a path, bytes or a binary file object into bytes once, then runs the pure
pipeline: sniff → read → match → build → check.
"""

from __future__ import annotations

import hashlib
import os
from typing import IO, Union

from ._build import build_report
from ._checks import check_report
from ._errors import CorruptDocument, GxtablesError, LayoutNotFound, ReadError
from ._grid import Document
from ._limits import Limits
from ._match import match_layout
from ._normalize import strip_punctuation
from ._readers import read_document
from ._records import Issue, Report, Source
from ._sniff import sniff_format
from ._solve import resolve
from ._templates import LAYOUTS

__all__ = ["Input", "extract", "load_bytes"]

Input = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes]]


def load_bytes(source: Input, limits: Limits) -> tuple[bytes, str | None]:
    """Bytes and a display name for any accepted input; files are read once, bounded."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        limits.check_size(len(data), None)
        return data, None
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        try:
            size = os.path.getsize(path)
            limits.check_size(size, path)
            with open(path, "rb") as fh:
                return fh.read(limits.max_bytes + 1), path
        except GxtablesError:
            raise
        except OSError as exc:
            raise ReadError(f"cannot read the file: {exc.strerror or exc}", source=path) from exc
    read = getattr(source, "read", None)
    if callable(read):
        name = getattr(source, "name", None)
        name = name if isinstance(name, str) else None
        try:
            data = read(limits.max_bytes + 1)
        except OSError as exc:
            raise ReadError(f"cannot read the file object: {exc}", source=name) from exc
        if isinstance(data, str):
            raise TypeError(
                "extract() needs bytes: open the file in binary mode ('rb'), not text mode")
        limits.check_size(len(data), name)
        return bytes(data), name
    raise TypeError(
        f"extract() takes a path, bytes or a binary file object, not {type(source).__name__}")


def extract(
    source: Input,
    *,
    checks: bool = True,
    limits: Limits | None = None,
    layout: str | None = None,
) -> Report:
    """Extract the statutory tables of one annual report.

    ``source`` is a path, ``bytes`` or a binary file object; the format (PDF, DOCX, HTML or
    flattened text) is sniffed from the bytes. ``layout`` forces ``"2019"`` or ``"2021"``
    instead of deciding from the evidence; ``checks=False`` skips the arithmetic checks.

    Raises only :class:`~gxtables.GxtablesError` subclasses for bad input (and
    ``TypeError`` for an argument of the wrong type).

    >>> report = extract("examples/report.txt")          # doctest: +SKIP
    >>> report.value("applications", "new_received", "total")  # doctest: +SKIP
    1940
    """
    limits = limits or Limits()
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {sorted(LAYOUTS)} or None, got {layout!r}")
    data, name = load_bytes(source, limits)
    return extract_bytes(data, name, checks=checks, limits=limits, layout=layout)


def extract_bytes(data: bytes, name: str | None, *, checks: bool = True,
                  limits: Limits | None = None, layout: str | None = None) -> Report:
    """``extract`` for bytes already in memory (the batch runner's entry)."""
    limits = limits or Limits()
    label = name or "<bytes>"
    fmt = sniff_format(data, source=label)
    document = _read(fmt, data, limits, label)
    try:
        return _report(document, data, name, label, fmt, checks=checks, layout=layout)
    except GxtablesError:
        raise
    except Exception as exc:  # a bug of ours must not reach a crawler as a foreign exception
        raise GxtablesError(
            f"internal error while matching the {fmt} document's tables: "
            f"{type(exc).__name__}: {exc} (please report it with the document)",
            source=label) from exc


def _report(document: Document, data: bytes, name: str | None, label: str, fmt: str, *,
            checks: bool, layout: str | None) -> Report:
    """Match, type and check a document that was read."""
    raw = match_layout(document, layout=layout)
    if not any(t.found for t in raw.tables.values()):
        notes = "; ".join(n.message for n in document.notes)
        raise LayoutNotFound(
            f"expected the statutory tables of an annual report (第二十条 items, 收到和处理政府"
            f"信息公开申请情况, 行政复议/行政诉讼); found {_describe(document)} and none of "
            f"their labels" + (f" ({notes})" if notes else ""),
            source=label,
        )
    source = Source(path=name, format=fmt, sha256=hashlib.sha256(data).hexdigest())
    reader_issues = [Issue(n.code, n.severity, n.message) for n in document.notes]  # type: ignore[arg-type]
    report = build_report(raw, source, reader_issues)
    if checks:
        report = resolve(report, raw)
        extra = check_report(report)
        if extra:
            report = Report(report.source, report.template, report.tables,
                            report.issues + tuple(extra))
    return report


def _read(fmt: str, data: bytes, limits: Limits, label: str) -> Document:
    try:
        if fmt == "pdf":
            return read_document(fmt, data, limits=limits, source=label,
                                 page_filter=_page_has_tables)
        return read_document(fmt, data, limits=limits, source=label)
    except GxtablesError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise CorruptDocument(
            f"the {fmt} document is too deeply nested or too large to read: {type(exc).__name__}",
            format=fmt, source=label) from exc
    except Exception as exc:  # the one boundary where any reader failure becomes ours
        raise CorruptDocument(
            f"expected a readable {fmt} document; reading failed: {type(exc).__name__}: {exc}",
            format=fmt, source=label) from exc


def _describe(document: Document) -> str:
    grids = document.grids
    paragraphs = len(document.blocks) - len(grids)
    return f"a {document.format} document with {len(grids)} table(s) and {paragraphs} text block(s)"


def _keywords() -> tuple[str, ...]:
    words: set[str] = set()
    for layout in LAYOUTS.values():
        for table in layout.tables:
            words.update(c for c in table.captions if len(c) >= 4)
            for row in table.rows:
                words.update(p for p in row.match if len(p) >= 4)
            for col in table.columns:
                words.update(p for p in col.match if len(p) >= 3)
    return tuple(sorted(words))


_KEYWORDS = _keywords()


def _page_has_tables(text: str) -> bool:
    """Cheap test run on a PDF page's plain text: does it print statutory table labels?"""
    flat = strip_punctuation(text)
    hits = 0
    for word in _KEYWORDS:
        if word in flat:
            hits += 1
            if hits >= 2:
                return True
    return False

