"""A PDF whose tables have no ruling lines, read as its own laid-out text.

When no page of a document holds a ruled table but some page names table labels, the pages
are written out as column-aligned text (:mod:`._pdf_layout`: the labelled pages from their
glyph boxes, the others from their plain text) and read by the reader of
``pdftotext -layout`` output, its columns character indexes as they were laid out. Each
block and cell then gets back the page it stands on, and a cell that is one run of one
laid-out line the box of its glyphs. Their ``line``, ``table`` and ``col`` are those of the
laid-out text (the matcher places numbers under header words by them).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from .._grid import Block, CellGrid, Document, Location, Paragraph, ReaderNote
from .._limits import Deadline
from ._aligned import read_aligned
from ._pdf_assemble import Piece, TextLine, round_bbox
from ._pdf_layout import LaidLine, cell_box, lay_out
from ._pdf_model import Char

__all__ = ["read_unruled"]


def read_unruled(items: Sequence[Piece | TextLine], unruled: dict[int, list[Char]],
                 notes: Sequence[ReaderNote], deadline: Deadline) -> Document:
    """The document read from its pages laid out as text: ``items`` are every page's text
    lines (no table pieces), ``unruled`` the characters of the pages that name table
    labels, by page number."""
    plain: dict[int, list[str]] = {}  # the other pages' text lines, by page number
    for it in items:
        if isinstance(it, TextLine) and it.page not in unruled:
            plain.setdefault(it.page, []).append(it.text)
    span = range(min(unruled), max(unruled) + 1)  # (consecutive: a row may cross a break)
    laid = dict(zip(span, lay_out([unruled.get(n, []) for n in span]), strict=True))
    lines: list[tuple[int, LaidLine | None, str]] = []  # (page, laid-out line, text)
    for number in sorted({*plain, *unruled}):
        if lines:
            lines.append((number, None, ""))  # a page break, as pdftotext's form feed reads
        if number in unruled:
            lines.extend((number, line, line.text) for line in laid[number])
        else:
            lines.extend((number, None, text) for text in plain[number])
    deadline.check("reading the laid-out pages")
    blocks = read_aligned([text for _, _, text in lines], deadline, by_char=True,
                          one_frame=True)
    labelled = ", ".join(map(str, sorted(unruled)))
    note = ReaderNote("reader_note", "info", (
        f"no page has a table drawn with ruling lines; page(s) {labelled} were laid out as "
        "column-aligned text and read as such: cells give the laid-out line and column, the "
        "page, and their box where they are one run of one line"))
    return Document(format="pdf", blocks=tuple(_placed(b, lines) for b in blocks),
                    notes=(*notes, note))


def _placed(block: Block, lines: list[tuple[int, LaidLine | None, str]]) -> Block:
    """``block`` with each location given the page of its line, and a cell its box where
    the laid-out line holds its text at its column."""

    def where(location: Location, text: str | None) -> Location:
        n = location.line
        if n is None or not 1 <= n <= len(lines):
            return location
        page, laid, _ = lines[n - 1]
        col = location.col
        box = (cell_box(laid, col, text) if text is not None and laid is not None
               and col is not None else None)
        return attrs.evolve(location, page=page, bbox=box and round_bbox(box))

    if isinstance(block, Paragraph):
        return attrs.evolve(block, location=where(block.location, None))
    assert isinstance(block, CellGrid)
    cells = tuple(c._replace(location=where(c.location, c.text)) for c in block.cells)
    return attrs.evolve(block, cells=cells, location=where(block.location, None))
