"""PDF reader: ruled tables as exact :class:`CellGrid`\\ s, the text around them as paragraphs.

Built for the PDFs Word and WPS export: tables drawn with ruling lines (thin rectangles or
strokes), merged cells drawn once at their spanned box, CJK text in CID fonts.

How a document is read, cheapest work first, one pass over the pages with pypdfium2 (C):

1. Before anything parses the bytes, :mod:`._pdf_guard` refuses a stream that inflates past
   ``Limits.max_pdf_stream_bytes`` (Flate bombs).
2. Each page's plain text and object counts are read. A page goes on to table detection
   only if it has enough path objects to hold a ruled table, and the caller's
   ``page_filter`` (a keyword test on the page text) accepts it — or it follows a page
   whose last table ran to the bottom (a table broken over pages), or its text is
   unreadable to pdfium (the filter could not judge it). Other pages give their text lines
   as paragraphs and nothing else.
3. On a selected page, :mod:`._pdf_pdfium` gives the visible characters and the ruling
   segments (page rotation applied); fake-bold doubles are dropped and raised footnote
   digits become superscripts (:mod:`._pdf_model`); :mod:`._pdf_table` finds the cells
   (pdfplumber's lines strategy, bounded by ``Limits.max_pdf_edges``); the grid is rebuilt
   from the cells' edges (merged cells become spans), each character is put in the cell
   under its centre, and the lines of a cell are joined. pdfminer is used only for the
   glyphs pdfium leaves out of its text page (:mod:`._pdf_miner`).
4. A table that runs off the bottom of a page and resumes at the top of the next with the
   same columns is stitched into one grid, a repeated header dropped.

Limits: only the first ``Limits.max_pdf_pages`` pages are loaded (a ``reader_note``
warning says so when a document is longer); a :class:`Deadline` of ``Limits.timeout`` is
checked before every page and inside long loops. The dependencies' exceptions are mapped
here (:data:`DEPENDENCY_ERRORS`) to :class:`CorruptDocument` or :class:`EncryptedDocument`.
"""

from __future__ import annotations

import logging
import re
import struct
import threading
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import attrs
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import (
    PDFEncryptionError,
    PDFEncryptionWarning,
    PDFNoValidXRefWarning,
    PDFPasswordIncorrect,
    PDFTextExtractionNotAllowedWarning,
)
from pdfminer.psparser import PSException

from .._errors import CorruptDocument, EncryptedDocument, GxtablesError
from .._grid import Block, Cell, CellGrid, Document, Location, Paragraph, ReaderNote
from .._limits import Deadline, Limits
from .._normalize import clean_cell_text, nfkc
from ._pdf_guard import check_streams, reference_cycle
from ._pdf_miner import MinerPages
from ._pdf_model import Char as _Char
from ._pdf_model import dedupe_fake_bold, mark_superscripts
from ._pdf_pdfium import INVISIBLE_MODES, Dropped, PdfiumPage, read_page
from ._pdf_table import TooManyEdges, find_tables

__all__ = ["read_pdf"]

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom

#: Distinct cell edges closer than this (points) are the same grid line.
_EDGE_TOL = 2.5
#: Fewer path objects than this on a page cannot draw a ruled table worth reading.
_MIN_PATHS = 4
#: A table "ends at the bottom" when its lower edge is below this fraction of the page.
_BOTTOM_FRACTION = 0.6
#: Header and footer bands (fraction of page height) whose lines never block stitching.
_MARGIN_FRACTION = 0.09
#: A page whose pdfium text has more unmapped characters than this cannot be judged by text.
_GARBLED_FRACTION = 0.1
#: An image-only page's images cover at least this fraction of it (a scan, not a logo).
_SCAN_COVERAGE = 0.25

_FOOTER = re.compile(
    r"^[\s\-—–_·.]*(?:第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?|\d+(?:\s*/\s*\d+)?"
    r"|page\s*\d+(?:\s*of\s*\d+)?)[\s\-—–_·.]*$",
    re.IGNORECASE,
)
_UNMAPPED = re.compile(r"\(cid:\d+\)|[\ufffd\ufffe]")


# ---------------------------------------------------------------------------------------
# Plain data passed between the steps
# ---------------------------------------------------------------------------------------


@attrs.frozen
class _RawCell:
    """A cell as detected on one page: its box and its text."""

    bbox: BBox
    text: str


@attrs.frozen
class _Piece:
    """One detected table on one page."""

    page: int
    page_height: float
    bbox: BBox
    cells: tuple[_RawCell, ...]


@attrs.frozen
class _Line:
    """A line of running text outside tables."""

    page: int
    text: str
    bbox: BBox | None
    page_height: float


@attrs.frozen
class _PageScan:
    """What pdfium tells cheaply about one page."""

    text: str
    paths: int
    has_forms: bool
    image_coverage: float
    hidden_text: bool = False  # some text object is drawn invisibly (render mode 3 or 7)
    unmapped: float = 0.0  # fraction of sampled glyphs without a Unicode mapping
    objects: int = 0  # set when the page holds too many objects to be walked

    @property
    def may_hold_table(self) -> bool:
        return self.has_forms or self.paths >= _MIN_PATHS

    @property
    def garbled(self) -> bool:
        if self.unmapped > _GARBLED_FRACTION:
            return True
        stripped = "".join(self.text.split())
        bad = len(_UNMAPPED.findall(stripped))
        return bool(stripped) and bad / len(stripped) > _GARBLED_FRACTION


# ---------------------------------------------------------------------------------------
# Geometry: cell boxes → grid coordinates (pure)
# ---------------------------------------------------------------------------------------


def cluster_positions(values: Iterable[float], tol: float = _EDGE_TOL) -> list[float]:
    """Sorted distinct positions, values within ``tol`` of a cluster's first merged into it
    (the cluster's mean is kept).

    >>> cluster_positions([10.0, 10.4, 50.0, 9.8])
    [10.066666666666666, 50.0]
    """
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][0] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def nearest_index(bounds: Sequence[float], value: float) -> int:
    """Index of the boundary nearest to ``value`` (``bounds`` sorted)."""
    i = bisect_right(bounds, value)
    if i == 0:
        return 0
    if i == len(bounds):
        return len(bounds) - 1
    return i if bounds[i] - value < value - bounds[i - 1] else i - 1


def locate_span(lo: float, hi: float, bounds: Sequence[float]) -> tuple[int, int]:
    """``(start, span)`` of the interval ``lo..hi`` on the grid lines ``bounds``."""
    start = nearest_index(bounds, lo)
    end = nearest_index(bounds, hi)
    return start, max(1, end - start)


def place_cells(
    bboxes: Sequence[BBox], xs: Sequence[float], ys: Sequence[float]
) -> list[tuple[int, int, int, int]]:
    """Each box → ``(row, col, rowspan, colspan)`` on the grid lines ``xs`` and ``ys``."""
    out = []
    for x0, top, x1, bottom in bboxes:
        row, rowspan = locate_span(top, bottom, ys)
        col, colspan = locate_span(x0, x1, xs)
        out.append((row, col, rowspan, colspan))
    return out


def grid_lines(bboxes: Iterable[BBox]) -> tuple[list[float], list[float]]:
    """Column and row boundaries: the distinct x and y edges of the cells."""
    boxes = list(bboxes)
    xs = cluster_positions([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = cluster_positions([b[1] for b in boxes] + [b[3] for b in boxes])
    return xs, ys


def same_columns(a: Sequence[float], b: Sequence[float], tol: float = _EDGE_TOL) -> bool:
    """Do two tables share their column boundaries? Outer edges must agree and one set must
    lie within the other (a continuation may lack a line that only merged rows cross)."""
    if len(a) < 2 or len(b) < 2:
        return False
    if abs(a[0] - b[0]) > tol or abs(a[-1] - b[-1]) > tol:
        return False

    def within(small: Sequence[float], big: Sequence[float]) -> bool:
        return all(abs(big[nearest_index(big, v)] - v) <= tol for v in small)

    return within(a, b) or within(b, a)


# ---------------------------------------------------------------------------------------
# Text: characters → lines → cell text (pure)
# ---------------------------------------------------------------------------------------


def group_lines(chars: Iterable[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines by ``top`` (a tolerance of half the smaller glyph
    height), lines top to bottom, characters left to right. Text set one character per
    line down a tall cell comes out top to bottom."""
    lines: list[list[_Char]] = []
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        if lines:
            first = lines[-1][0]
            if ch.top - first.top <= 0.5 * max(1.0, min(first.size, ch.size)):
                lines[-1].append(ch)
                continue
        lines.append([ch])
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def line_text(line: Sequence[_Char]) -> str:
    """A line's characters joined; a space only where a visible gap separates two ASCII
    letters or digits (CJK text needs none)."""
    out = ""
    prev: _Char | None = None
    for ch in line:
        if (
            prev is not None
            and out
            and ch.x0 - prev.x1 > 0.4 * max(1.0, ch.size)
            and _ascii_word(out[-1])
            and _ascii_word(ch.text[:1])
        ):
            out += " "
        out += ch.text
        prev = ch
    return out


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def cell_text(chars: Iterable[_Char]) -> str:
    """The text of one cell: its lines in reading order, joined (``clean_cell_text``)."""
    return clean_cell_text("\n".join(line_text(line) for line in group_lines(chars)))


def assign_chars(
    cells: Sequence[BBox], chars: Iterable[_Char]
) -> tuple[list[list[_Char]], list[_Char]]:
    """Put each character in the cell under its centre; the rest are outside every cell."""
    xs, ys = grid_lines(cells)
    slot: dict[tuple[int, int], int] = {}
    for i, (row, col, rowspan, colspan) in enumerate(place_cells(cells, xs, ys)):
        for r in range(row, row + rowspan):
            for c in range(col, col + colspan):
                slot.setdefault((r, c), i)
    inside: list[list[_Char]] = [[] for _ in cells]
    outside: list[_Char] = []
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        r, c = bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1
        i = slot.get((r, c), -1) if 0 <= r < len(ys) - 1 and 0 <= c < len(xs) - 1 else -1
        if i >= 0:
            x0, top, x1, bottom = cells[i]
            if x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1:
                inside[i].append(ch)
                continue
        outside.append(ch)
    return inside, outside


# ---------------------------------------------------------------------------------------
# Pieces → grids, stitching across pages (pure)
# ---------------------------------------------------------------------------------------

_Placed = tuple[int, int, int, int, str]  # row, col, rowspan, colspan, text


def header_rows_repeated(first: Sequence[_Placed], cont: Sequence[_Placed]) -> int:
    """How many top rows of ``cont`` repeat the top rows of ``first`` (same cells, same
    text), counting only whole header blocks (no cell crossing the cut). 0 when none."""
    n_first = max((r + rs for r, _, rs, _, _ in first), default=0)
    n_cont = max((r + rs for r, _, rs, _, _ in cont), default=0)
    best = 0
    for k in range(1, min(n_first, n_cont - 1) + 1):
        top_a = {c for c in first if c[0] < k}
        top_b = {c for c in cont if c[0] < k}
        if any(c[0] + c[2] > k for c in top_a | top_b):
            continue
        if top_a != top_b:
            break
        if any(c[4] for c in top_a):
            best = k
    return best


def pieces_to_grid(pieces: Sequence[_Piece], index: int) -> CellGrid:
    """One grid from a table's pieces (one per page, in order): shared column boundaries,
    rows stacked, a repeated header dropped, a merged cell cut by the page break (one part
    empty) joined again."""
    xs = cluster_positions(
        [v for p in pieces for c in p.cells for v in (c.bbox[0], c.bbox[2])]
    )
    placed_first: list[_Placed] = []
    cells: list[dict[str, Any]] = []
    offset = 0
    for n, piece in enumerate(pieces):
        ys = cluster_positions([v for c in piece.cells for v in (c.bbox[1], c.bbox[3])])
        boxes = [c.bbox for c in piece.cells]
        placed = [
            (*where, cell.text)
            for where, cell in zip(place_cells(boxes, xs, ys), piece.cells, strict=True)
        ]
        skip = 0
        if n == 0:
            placed_first = placed
        else:
            skip = header_rows_repeated(placed_first, placed)
        n_rows = max((p[0] + p[2] for p in placed), default=0)
        new = [
            {
                "text": text,
                "row": r - skip + offset,
                "col": c,
                "rowspan": rs,
                "colspan": cs,
                "page": piece.page,
                "bbox": cell.bbox,
            }
            for (r, c, rs, cs, text), cell in zip(placed, piece.cells, strict=True)
            if r >= skip
        ]
        if n > 0:
            new = _join_cut_cells(cells, new, offset)
        cells.extend(new)
        offset += n_rows - skip
    cells.sort(key=lambda d: (d["row"], d["col"]))
    first = pieces[0]
    return CellGrid(
        cells=tuple(
            Cell(
                text=d["text"],
                row=d["row"],
                col=d["col"],
                rowspan=d["rowspan"],
                colspan=d["colspan"],
                location=Location(
                    page=d["page"],
                    bbox=_round_bbox(d["bbox"]),
                    table=index,
                    row=d["row"],
                    col=d["col"],
                ),
            )
            for d in cells
        ),
        index=index,
        exact=True,
        rows_known=True,
        location=Location(page=first.page, bbox=_round_bbox(first.bbox), table=index),
    )


def _join_cut_cells(
    above: list[dict[str, Any]], below: list[dict[str, Any]], offset: int
) -> list[dict[str, Any]]:
    """Join a merged cell that the page break cut in two: same columns, meeting at the
    break, one of them spanning several rows, one part empty (Word draws the text in one
    part only). Returns the cells of ``below`` not absorbed."""
    ending = {
        (d["col"], d["colspan"]): d for d in above if d["row"] + d["rowspan"] == offset
    }
    kept = []
    for d in below:
        top = ending.get((d["col"], d["colspan"]))
        if (
            d["row"] == offset
            and top is not None
            and (top["rowspan"] > 1 or d["rowspan"] > 1)
            and (not top["text"] or not d["text"])
        ):
            top["rowspan"] += d["rowspan"]
            top["text"] = top["text"] or d["text"]
            continue
        kept.append(d)
    return kept


def _round_bbox(b: BBox) -> BBox:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


def _is_margin_line(line: _Line) -> bool:
    """Page headers and footers: a page number, or a line in the top or bottom band."""
    if _FOOTER.match(nfkc(line.text)):
        return True
    if line.bbox is None:
        return False
    band = _MARGIN_FRACTION * line.page_height
    return line.bbox[3] <= band or line.bbox[1] >= line.page_height - band


def continues(prev: _Piece, between: Sequence[_Line], nxt: _Piece) -> bool:
    """Is ``nxt`` the continuation of ``prev``: the next page, ``prev`` reaching the bottom
    of its page, only headers/footers between them, and the same columns."""
    if nxt.page != prev.page + 1:
        return False
    if prev.bbox[3] < _BOTTOM_FRACTION * prev.page_height:
        return False
    if not all(_is_margin_line(line) for line in between):
        return False
    xa, _ = grid_lines(c.bbox for c in prev.cells)
    xb, _ = grid_lines(c.bbox for c in nxt.cells)
    return same_columns(xa, xb)


def assemble(items: Sequence[_Piece | _Line]) -> tuple[Block, ...]:
    """Items in reading order → blocks: pieces of one table stitched, lines as paragraphs."""
    groups: list[list[_Piece] | _Line] = []
    for item in items:
        if isinstance(item, _Piece):
            # look back over header/footer lines for a table this one continues
            j = len(groups) - 1
            while j >= 0 and isinstance(groups[j], _Line) and _is_margin_line(groups[j]):  # type: ignore[arg-type]
                j -= 1
            target = groups[j] if j >= 0 else None
            if isinstance(target, list) and continues(
                target[-1], [g for g in groups[j + 1 :] if isinstance(g, _Line)], item
            ):
                target.append(item)
                continue
            groups.append([item])
        else:
            groups.append(item)
    blocks: list[Block] = []
    n_tables = 0
    for g in groups:
        if isinstance(g, list):
            blocks.append(pieces_to_grid(g, n_tables))
            n_tables += 1
        else:
            blocks.append(
                Paragraph(g.text, Location(page=g.page, bbox=g.bbox and _round_bbox(g.bbox)))
            )
    return tuple(blocks)


# ---------------------------------------------------------------------------------------
# Dependencies: exception map, pdfium pages, pdfminer fallback
# ---------------------------------------------------------------------------------------

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
def _mapped(
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


def _open_pdfium(data: bytes, source: str | None) -> pdfium.PdfDocument:
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


def _scan_page(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, max_objects: int
) -> _PageScan:
    """Text, path count, forms, image coverage of one page — all in C. A page of more than
    ``max_objects`` objects is not walked (``objects`` says how many it has)."""
    text = textpage.get_text_bounded()
    raw = page.raw
    paths = 0
    forms = hidden = False
    images: list[Any] = []
    count = pdfium_c.FPDFPage_CountObjects(raw)
    if count > max_objects:
        return _PageScan(text=text, paths=0, has_forms=False, image_coverage=0.0,
                         unmapped=_unmapped_fraction(textpage), objects=count)
    for k in range(count):
        obj = pdfium_c.FPDFPage_GetObject(raw, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            hidden = hidden or pdfium_c.FPDFTextObj_GetTextRenderMode(obj) in INVISIBLE_MODES
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            forms = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and not text.strip():
            images.append(obj)
    coverage = _image_coverage(images, page.get_width() * page.get_height())
    return _PageScan(text=text, paths=paths, has_forms=forms, image_coverage=coverage,
                     hidden_text=hidden, unmapped=_unmapped_fraction(textpage))


#: Every this many glyphs one is asked whether it has a Unicode mapping (the page filter
#: cannot judge a page whose text pdfium cannot map: pdfium returns the raw codes).
_UNMAPPED_SAMPLE = 8


def _unmapped_fraction(textpage: pdfium.PdfTextPage) -> float:
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    sample = range(0, n, _UNMAPPED_SAMPLE)
    if not sample:
        return 0.0
    bad = sum(1 for i in sample if pdfium_c.FPDFText_HasUnicodeMapError(tp, i) == 1)
    return bad / len(sample)


def _image_coverage(objs: Sequence[Any], page_area: float) -> float:
    if not objs or page_area <= 0:
        return 0.0
    area = 0.0
    for obj in objs:
        left, bottom, right, top = (pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT(),
                                    pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT())
        if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            area += max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)
    return min(1.0, area / page_area)


def _page_items(
    chars: list[_Char],
    tables: Sequence[Sequence[BBox]],
    number: int,
    height: float,
) -> list[_Piece | _Line]:
    """One table page's pieces and text lines in reading order."""
    items: list[tuple[float, _Piece | _Line]] = []
    rest = chars
    for cells_of in tables:
        if len(cells_of) < 2:
            continue
        boxes: list[BBox] = list(cells_of)
        inside, rest = assign_chars(boxes, rest)
        cells = tuple(
            _RawCell(bbox=b, text=cell_text(cs)) for b, cs in zip(boxes, inside, strict=True)
        )
        bbox: BBox = (
            min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes),
        )
        items.append((bbox[1], _Piece(number, height, bbox, cells)))
    for line in group_lines(rest):
        text = clean_cell_text(line_text(line))
        if not text:
            continue
        box = (
            min(c.x0 for c in line), min(c.top for c in line),
            max(c.x1 for c in line), max(c.bottom for c in line),
        )
        items.append((box[1], _Line(number, text, box, height)))
    items.sort(key=lambda t: t[0])
    return [it for _, it in items]


def _text_lines(scan: _PageScan, number: int) -> list[_Line]:
    out = []
    for raw in scan.text.splitlines():
        text = clean_cell_text(raw)
        if text:
            out.append(_Line(number, text, None, 0.0))
    return out


# ---------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------


_QUIET_LOCK = threading.Lock()
_quiet_state = {"depth": 0, "level": logging.NOTSET}


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
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


def read_pdf(
    data: bytes,
    *,
    limits: Limits,
    source: str | None,
    page_filter: Callable[[str], bool] | None = None,
) -> Document:
    """Read a PDF's ruled tables and running text, in reading order across pages.

    ``page_filter`` gets a page's plain text and says whether to look for tables on it;
    pages it rejects contribute their text lines only. Raises :class:`EncryptedDocument`
    (a user password is needed), :class:`CorruptDocument` (the bytes do not parse) or
    :class:`LimitExceeded`. pdfminer's warnings are silenced for the duration of the read
    (see :func:`_quiet_pdfminer`).
    """
    with _quiet_pdfminer():
        return _Reader(data, limits, source, page_filter).read()


@attrs.define
class _Reader:
    """One read: pdfium pages in order, pdfminer opened only if a page needs it."""

    data: bytes
    limits: Limits
    source: str | None
    page_filter: Callable[[str], bool] | None
    deadline: Deadline = attrs.field(init=False)
    notes: list[ReaderNote] = attrs.field(init=False, factory=list)
    miner: MinerPages | None = attrs.field(init=False, default=None)
    miner_refused: str | None = attrs.field(init=False, default=None)

    def __attrs_post_init__(self) -> None:
        self.deadline = Deadline(self.limits.timeout, self.source)

    @property
    def _max_objects(self) -> int:
        """Objects one page may hold before it is read as plain text only."""
        return 5 * self.limits.max_pdf_edges

    def tick(self) -> None:
        self.deadline.check("reading the PDF")

    def read(self) -> Document:
        _check_complete(self.data, self.source)
        check_streams(self.data, self.limits.max_pdf_stream_bytes, self.source, self.tick)
        doc = _open_pdfium(self.data, self.source)
        try:
            items, scans = self._pages(doc)
        finally:
            doc.close()
        self.notes[0:0] = _scan_notes(scans)
        document = Document(format="pdf", blocks=assemble(items), notes=tuple(self.notes))
        if any(n.code in ("no_text_layer", "unreadable_text") for n in self.notes):
            from ._ocr_hook import ocr_pdf_pages  # OCR when the extra is in (issue 16)

            return ocr_pdf_pages(document, self.data, limits=self.limits, source=self.source)
        return document

    def _pages(self, doc: pdfium.PdfDocument) -> tuple[list[_Piece | _Line], list[_PageScan]]:
        with _mapped(self.source, "counting pages", PDFIUM_ERRORS):
            n_pages = len(doc)
        if n_pages == 0:
            raise CorruptDocument(
                "expected at least one page; the PDF has none", format="pdf", source=self.source
            )
        n_read = min(n_pages, self.limits.max_pdf_pages)
        if n_read < n_pages:
            self.notes.append(
                ReaderNote(
                    code="reader_note",
                    severity="warning",
                    message=(
                        f"only the first {n_read} of {n_pages} pages were examined "
                        f"(Limits.max_pdf_pages={self.limits.max_pdf_pages})"
                    ),
                    location=Location(page=n_read + 1),
                )
            )
        items: list[_Piece | _Line] = []
        scans: list[_PageScan] = []
        spill = False  # did the previous page's last table run to its bottom?
        for i in range(n_read):
            number = i + 1
            self.deadline.check(f"reading page {number}")
            with _mapped(self.source, f"loading page {number}", PDFIUM_ERRORS):
                page = doc[i]
            try:
                with _mapped(self.source, f"loading page {number}", PDFIUM_ERRORS):
                    textpage = page.get_textpage()
                try:
                    with _mapped(self.source, f"reading the text of page {number}", PDFIUM_ERRORS):
                        scan = _scan_page(page, textpage, self._max_objects)
                    if scan.objects:
                        self._note("warning", number, (
                            f"page {number}: {scan.objects:,} drawing objects, over "
                            f"{self._max_objects:,} (5 × Limits.max_pdf_edges); only its plain "
                            "text was read — raise it with Limits(max_pdf_edges=...)"))
                    scans.append(scan)
                    wanted = scan.may_hold_table and (
                        self.page_filter is None or scan.garbled or self.page_filter(scan.text)
                    )
                    if not (wanted or (spill and scan.may_hold_table)):
                        spill = False
                        if scan.hidden_text or scan.has_forms:
                            # pdfium's plain text includes invisible glyphs: read the
                            # visible ones (forms may hide text the scan did not see)
                            items.extend(self._table_page(i, page, textpage, tables=False))
                        else:
                            items.extend(_text_lines(scan, number))
                        continue
                    page_items = self._table_page(i, page, textpage)
                finally:
                    textpage.close()
            finally:
                page.close()
            items.extend(page_items)
            last = next(
                (it for it in reversed(page_items) if not isinstance(it, _Line)
                 or not _is_margin_line(it)),
                None,
            )
            spill = isinstance(last, _Piece) and last.bbox[3] >= (
                _BOTTOM_FRACTION * last.page_height
            )
        return items, scans

    def _table_page(
        self, i: int, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, *, tables: bool = True
    ) -> list[_Piece | _Line]:
        """A page's visible characters, as table pieces (``tables``) and text lines."""
        number = i + 1
        # the full map here: ``_read_table_page`` is the seam where tests inject every
        # dependency's errors (tests/test_exceptions.py)
        with _mapped(self.source, f"reading page {number}"):
            content = _read_table_page(page, textpage, self.tick, self.limits.max_pdf_edges)
        chars = list(content.chars)
        bad = content.unmapped
        if content.dropped:
            pairs = self._recover(i, content)
            recovered, boxes = content.cover([c for c, _ in pairs], [d.z for _, d in pairs])
            content = attrs.evolve(content, covered=[*content.covered, *boxes])
            bad += sum(1 for c in recovered if _UNMAPPED.search(c.text))
            chars.extend(recovered)
        chars = mark_superscripts(dedupe_fake_bold(chars))
        found: list[list[BBox]] = []
        try:
            if content.too_many is not None and tables:
                raise content.too_many
            if tables:
                found = find_tables(content.edges, self.limits.max_pdf_edges, self.tick)
        except TooManyEdges as exc:
            self._note("warning", number, (
                f"page {number}: {exc} (Limits.max_pdf_edges); its tables were not read — "
                "raise it with Limits(max_pdf_edges=...)"))
        self._page_notes(number, content, bad, len(chars))
        return _page_items(chars, found, number, content.height)

    def _recover(self, i: int, content: PdfiumPage) -> list[tuple[_Char, Dropped]]:
        """Glyphs pdfium dropped, from pdfminer (see :mod:`._pdf_miner`)."""
        number = i + 1
        if self.miner is None and self.miner_refused is None:
            cycle = reference_cycle(self.data, self.limits.max_pdf_stream_bytes, self.tick)
            if cycle is not None:
                self.miner_refused = (
                    "its objects " + ", ".join(map(str, cycle[:5])) + " refer to each other "
                    "in a cycle"
                )
            else:
                self.miner = MinerPages(self.data)
        if self.miner is None:
            self._note("error", number, (
                f"page {number}: {len(content.dropped)} text object(s) could not be measured "
                f"and the fallback parser cannot read this file ({self.miner_refused}); text "
                "on this page may be missing"))
            return []
        try:
            return self.miner.recover(i, content.dropped, content.transform)
        except (*ENCRYPTION_ERRORS, *DEPENDENCY_ERRORS) as exc:
            # pdfium read the document; only the fallback failed: flag the page, go on
            self._note("error", number, (
                f"page {number}: {len(content.dropped)} text object(s) could not be measured "
                f"and the fallback parser failed on this file ({type(exc).__name__}: {exc}); "
                "text on this page may be missing"))
            return []

    def _note(self, severity: str, number: int, message: str, code: str = "reader_note") -> None:
        self.notes.append(
            ReaderNote(code=code, severity=severity, message=message,
                       location=Location(page=number))
        )

    def _page_notes(self, number: int, content: PdfiumPage, bad: int, total: int) -> None:
        for box in content.covered:
            self._note("warning", number, (
                f"page {number}: a white box painted over text {box.hidden!r} at "
                f"{_round_bbox(box.bbox)} hides it; the hidden text was not read, and the "
                "value shown there may not be the one the document meant"))
        if content.invisible and content.invisible >= total:
            self._note("warning", number, (
                f"page {number}: {content.invisible} characters are invisible (text render "
                "mode 3, e.g. an OCR layer over a scan) and were not read"))
        if bad:
            self._note("error", number, (
                f"page {number}: {bad} of {total} characters have no Unicode "
                "mapping (a font without a ToUnicode map); they read as "
                "(cid:N) or U+FFFD, so table text on this page cannot be trusted"),
                code="unreadable_text")


#: The dependency step that reads one selected page (a seam for tests that inject errors).
_read_table_page = read_page


def _scan_notes(scans: Sequence[_PageScan]) -> list[ReaderNote]:
    """``no_text_layer`` for pages that are images only (one note when all of them are)."""
    scanned = [
        i + 1 for i, s in enumerate(scans)
        if not s.text.strip() and s.image_coverage >= _SCAN_COVERAGE
    ]
    if not scanned:
        return []
    if all(not s.text.strip() for s in scans):
        return [
            ReaderNote(
                code="no_text_layer",
                severity="error",
                message=(
                    f"the PDF holds only images ({len(scans)} page(s), no text layer): it is a "
                    "scan and needs OCR before its tables can be read"
                ),
                location=Location(page=scanned[0]),
            )
        ]
    return [
        ReaderNote(
            code="no_text_layer",
            severity="error",
            message=(
                f"page {p} holds only images (no text layer); a table on it cannot be read "
                "without OCR"
            ),
            location=Location(page=p),
        )
        for p in scanned
    ]


def _check_complete(data: bytes, source: str | None) -> None:
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
