"""The public entry point, and the one error boundary of the pipeline.

``extract`` turns a path, URL, bytes or a binary file object into bytes once (``_inputs``,
the only module that opens anything), then runs the pure pipeline: sniff → read → match →
solve (on the raw match) → build (typed once) → check. Each stage maps its dependencies'
exceptions to ours; whatever else escapes is a bug of ours and becomes
:class:`~gxtables.InternalError` here, once, with the original as ``__cause__``.
"""

from __future__ import annotations

import hashlib
import os
import traceback

import attrs

from ._build import build_report, flag_unknown_units
from ._checks import check_report
from ._convert import LEGACY_OFFICE, convert_legacy_office, converter
from ._errors import (
    CorruptDocument,
    GxtablesError,
    InternalError,
    LayoutNotFound,
    LimitExceeded,
    UnsupportedFormat,
)
from ._grid import Document, Location, Paragraph, ReaderNote
from ._inputs import Input, open_input
from ._limits import Limits
from ._match import match_layout
from ._metadata import read_metadata
from ._normalize import strip_punctuation
from ._printed_blanks import doubt_rows_on_printed_blanks
from ._readers import read_document
from ._records import Issue, Report, Source
from ._short_rows import doubt_rows_after_short_ones
from ._sniff import sniff_format
from ._solve import resolve
from ._statements import decide_by_statements, read_statements
from ._strays import doubt_rows_beside_strays
from ._suspect import suspect_numbers
from ._templates import LAYOUTS

__all__ = ["Input", "extract", "extract_bytes"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def extract(
    source: Input,
    *,
    checks: bool = True,
    infer: bool = True,
    limits: Limits | None = None,
    layout: str | None = None,
) -> Report:
    """Extract the statutory tables of one annual report.

    ``source`` is a path, a URL (with the ``url`` extra), ``bytes`` or a binary file object;
    the format (PDF, DOCX, HTML or flattened text) is sniffed from the bytes. ``layout``
    forces ``"2019"`` or ``"2021"`` instead of deciding from the evidence; ``checks=False``
    skips the arithmetic checks; ``infer=False`` leaves rows whose cell boundaries were lost
    null and flagged instead of solving them from the table's arithmetic.

    Raises only :class:`~gxtables.GxtablesError` subclasses (``InternalError`` for a bug of
    ours), and ``TypeError``/``ValueError`` for an argument of the wrong type or value.

    >>> report = extract("examples/report.txt")          # doctest: +SKIP
    >>> report.value("applications", "new_received", "total")  # doctest: +SKIP
    1940
    """
    limits = limits or Limits()
    if not isinstance(limits, Limits):
        raise TypeError(f"limits must be a gxtables.Limits, not {type(limits).__name__}")
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {sorted(LAYOUTS)} or None, got {layout!r}")
    data, name = open_input(source, limits)
    return extract_bytes(data, name, checks=checks, infer=infer, limits=limits, layout=layout)


def extract_bytes(data: bytes, name: str | None, *, checks: bool = True, infer: bool = True,
                  limits: Limits | None = None, layout: str | None = None) -> Report:
    """``extract`` for bytes already in memory (the batch runner's entry)."""
    limits = limits or Limits()
    label = name or "<bytes>"
    stage = "sniffing the format"
    try:
        readable, converted = data, False
        try:
            fmt = sniff_format(data, source=label)
        except UnsupportedFormat as exc:
            program = converter() if exc.found == LEGACY_OFFICE else None
            if program is None:
                raise
            stage = "converting the legacy Word/WPS file"
            readable = convert_legacy_office(data, program, limits=limits, source=label)
            fmt, converted = "docx", True
        stage = f"bounding the {fmt} document's text"
        if fmt == "text":
            bound_text_bytes(data, limits, label)
        stage = f"reading the {fmt} document"
        document = _read(fmt, readable, limits, label)
        if converted:
            document = attrs.evolve(document, notes=(ReaderNote(
                "reader_note", "info",
                "a legacy Word/WPS file (.doc/.wps), converted to .docx with LibreOffice and "
                "read from that; locations refer to the converted document"),
                *document.notes))
        stage = f"bounding the {fmt} document's text"
        bound_text(document, limits, label)
        stage = f"matching the {fmt} document's tables"
        return _report(document, data, name, label, fmt, checks=checks, infer=infer,
                       layout=layout)
    except GxtablesError:
        raise
    except Exception as exc:  # the last-resort boundary: a bug of ours, never a foreign error
        raise InternalError(
            f"internal error while {stage}, at {_innermost(exc)}: {type(exc).__name__}: "
            f"{exc} — a bug of gxtables, not of the document; please report it with the "
            "document", stage=stage, source=label) from exc


def _innermost(exc: BaseException) -> str:
    """``module.py:line in function`` of the deepest gxtables frame the exception passed."""
    where = "an unknown place"
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename).startswith(_PACKAGE_DIR):
            rel = os.path.relpath(frame.filename, os.path.dirname(_PACKAGE_DIR))
            where = f"{rel}:{frame.lineno} in {frame.name}"
    return where


#: Most bytes one character takes in any encoding the text reader accepts (UTF-8, GB18030,
#: UTF-16 with surrogates, UTF-32): a line of ``n`` bytes holds at least ``n / 4`` characters.
_MAX_BYTES_PER_CHAR = 4
#: Bytes between two 0x0A bytes that are no character of the line: a byte-order mark (4),
#: a carriage return (4) and what a UTF-16/32 line feed has besides its 0x0A byte (3).
_SLACK = 15


#: A line of prose is read in linear time and only its table text reaches the matcher, so the
#: byte pre-check refuses only lines far past anything a reader should spend time on.
_PROSE_LINE_FACTOR = 64


def bound_text_bytes(data: bytes, limits: Limits, label: str) -> None:
    """Refuse flattened text with a line far over ``Limits.max_line_chars`` before reading it.

    Reading a long line is linear, and what is bounded is its *table text* (measured by the
    text reader and :func:`bound_text`; a crawler's one-line page of prose is read), but a
    line of more than ``64 × max_line_chars`` characters is refused from the bytes: one window
    of ``4 × 64 × max_line_chars + 16`` bytes without a 0x0A byte is such a line in every
    accepted encoding (a line feed holds a 0x0A byte in all of them).
    """
    chars_limit = _PROSE_LINE_FACTOR * limits.max_line_chars
    window = _MAX_BYTES_PER_CHAR * chars_limit + _SLACK + 1
    for start in range(0, len(data), window):
        if len(data) - start >= window and data.find(b"\n", start, start + window) < 0:
            begin = data.rfind(b"\n", 0, start) + 1
            end = data.find(b"\n", start + window)
            size = (len(data) if end < 0 else end) - begin
            line = data.count(b"\n", 0, begin) + 1
            chars = -(-(size - _SLACK) // _MAX_BYTES_PER_CHAR)  # at least this many
            raise LimitExceeded(
                f"expected lines of at most {chars_limit:,} characters "
                f"({_PROSE_LINE_FACTOR} × max_line_chars); found line {line} of {size:,} bytes "
                f"(at least {chars:,} characters) — raise it with Limits(max_line_chars=...)",
                limit="max_line_chars", value=limits.max_line_chars, actual=chars,
                source=label)


def bound_text(document: Document, limits: Limits, label: str) -> None:
    """Refuse a document whose text would take the matcher unbounded time.

    The matcher's work grows with the table text it is handed (cells: each is scored against
    labels, split, solved) and it has no safe points to stop at, so that text is measured
    first: one line of text (cells read from the same text line count together) or one cell
    must stay under ``Limits.max_line_chars``, and all of it under ``Limits.max_text_chars``.
    A paragraph is one token whatever its length (prose is never split), so prose does not
    count: a crawler's page of prose with no table ends in ``LayoutNotFound``.
    """
    grids = [block for block in document.blocks if not isinstance(block, Paragraph)]
    total = sum(len(cell.text) for grid in grids for cell in grid.cells)
    if total <= limits.max_line_chars and total <= limits.max_text_chars:
        return  # (nearly every document: no line nor cell is longer than all its text)
    total = 0
    longest = 0
    longest_at = Location()
    per_line: dict[int, int] = {}
    for grid in grids:
        for cell in grid.cells:
            size = len(cell.text)
            total += size
            location = cell.location
            line = location.line
            if line is not None:
                size = per_line[line] = per_line.get(line, 0) + size
            if size > longest:
                longest, longest_at = size, location
    if longest > limits.max_line_chars:
        at = ", ".join(f"{k} {v}" for k, v in longest_at.to_dict().items() if k != "bbox")
        raise LimitExceeded(
            f"expected lines of at most {limits.max_line_chars:,} characters; "
            f"found one of {longest:,}{f' ({at})' if at else ''} — raise it with "
            "Limits(max_line_chars=...)",
            limit="max_line_chars", value=limits.max_line_chars, actual=longest,
            source=label)
    if total > limits.max_text_chars:
        raise LimitExceeded(
            f"expected at most {limits.max_text_chars:,} characters of text to match "
            f"tables in; found {total:,} — raise it with Limits(max_text_chars=...)",
            limit="max_text_chars", value=limits.max_text_chars, actual=total,
            source=label)


def _report(document: Document, data: bytes, name: str | None, label: str, fmt: str, *,
            checks: bool, infer: bool, layout: str | None) -> Report:
    """Match, solve (``infer``), type once and check (``checks``) a document that was read:
    each stage takes the previous one's data and returns new data."""
    metadata = read_metadata(document)
    year = metadata.year.value if metadata.year is not None else None
    raw = match_layout(document, layout=layout, year=year if isinstance(year, int) else None)
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
    matched = raw
    if infer:
        raw = resolve(raw)
        if any(t.unresolved for t in raw.tables.values()):
            raw = decide_by_statements(raw, read_statements(
                (b.text for b in document.blocks if isinstance(b, Paragraph)), raw.layout))
    raw = doubt_rows_beside_strays(doubt_rows_after_short_ones(raw), document)
    raw = doubt_rows_on_printed_blanks(raw, matched)
    report = flag_unknown_units(build_report(raw, source, reader_issues))
    if checks:
        extra = check_report(report) + suspect_numbers(report)
        if extra:
            report = attrs.evolve(report, issues=report.issues + tuple(extra))
    return attrs.evolve(report, metadata=metadata)


def _read(fmt: str, data: bytes, limits: Limits, label: str) -> Document:
    """Run the reader for ``fmt``. Each reader maps its dependencies' exceptions; here only
    what any parser may meet on hostile input is mapped (the rest reaches the boundary)."""
    try:
        if fmt == "pdf":
            return read_document(fmt, data, limits=limits, source=label,
                                 page_filter=_page_has_tables)
        return read_document(fmt, data, limits=limits, source=label)
    except (RecursionError, MemoryError) as exc:
        raise CorruptDocument(
            f"the {fmt} document is too deeply nested or too large to read: {type(exc).__name__}",
            format=fmt, source=label) from exc
    except UnicodeError as exc:  # codecs: every reader decodes text somewhere
        raise CorruptDocument(
            f"expected text in the {fmt} document's declared or detected encoding; decoding "
            f"failed: {exc}", format=fmt, source=label) from exc


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

