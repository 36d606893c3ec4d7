"""The document model every reader produces: paragraphs and cell grids, in reading order.

Readers (text, HTML, DOCX, PDF) turn bytes into a :class:`Document` and know nothing of the
statutory templates; the matcher reads only this model. A grid lists its cells in reading
order (top to bottom, left to right, a merged cell once, at its top-left position).

Two kinds of grid exist:

* *exact* grids (HTML, DOCX, PDF) whose ``row``/``col``/spans are true grid coordinates;
* flattened-text grids whose ``col`` is only the cell's ordinal within its row (merged cells
  were written once, so positions do not line up), and whose rows may be unknown altogether
  (``rows_known=False``: every cell is in row 0 and only the order counts);
* *aligned* text grids, where ``col`` is a character position (see ``CellGrid.aligned``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import attrs

__all__ = ["UNREAD", "Cell", "CellGrid", "Document", "Location", "Paragraph", "ReaderNote",
           "printed_empty", "relocated"]

#: The text a reader gives a cell that holds a value it could not read (OCR) or place (a
#: column of pdftotext text whose blank cells vanished): never an empty cell, which would
#: read as a sure blank; the build stage reports it (``unparsed_value``) and leaves it null.
UNREAD = "?"


@attrs.frozen
class Location:
    """Where something was found in the source document. Unknown parts are ``None``.

    * text: ``line`` (1-based), and ``offset`` (0-based character offset in that line) for
      text read out of a long line (a crawler's page with the whole report on one line);
      a cell of column-aligned text (``pdftotext -layout``) also gives ``table``, its table
      part (one page of a block; odd where read by character index), and ``col``, its
      character index in the line;
    * HTML/DOCX: ``table`` (0-based index of the table in the document), ``row``, ``col``;
    * PDF: ``page`` (1-based), ``bbox`` ``(x0, top, x1, bottom)`` in PDF points, plus
      ``table``/``row``/``col`` of the detected table.
    """

    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    offset: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field in attrs.fields(Location):
            value = getattr(self, field.name)
            if value is not None:
                out[field.name] = list(value) if field.name == "bbox" else value
        return out


def printed_empty(text: str, location: Location | None) -> bool:
    """An empty cell a line of text printed — a one-line page's no-break space for an empty
    cell, which the reader gives a character offset in its line — not an empty line or an
    empty grid cell."""
    return not text and location is not None and location.offset is not None


class Cell(NamedTuple):
    """One table cell as read: its text (whitespace-trimmed, line breaks inside it joined)
    and its place in the grid.

    ``joined`` marks text whose cell boundaries were lost in the source (a row's digits run
    together, as in text copied off a web page): it may hold several cells' values.
    ``doubt`` says why the reader doubts the text it put together (a number wrapped over two
    lines of column-aligned text, joined), ``""`` when it does not. ``blanks_printed`` says
    the cell's line prints every empty cell (a one-line page keeping each empty cell's
    ``&nbsp;``): no empty cell vanished beside a run-together number of it.
    ``confidence`` is how sure the reader is of the text: 1.0 but for OCR, where it is the
    lowest score of the cell's text boxes (1.0 for an empty cell). ``unit_below`` says the
    text printed the cell's unit on the line under its number (``0`` / ``项``: a cell of two
    lines, in text of one cell a line), which the reader put back. ``stacked`` is, for a
    header word of column-aligned text the reader joined from pieces on several lines
    (``社会`` / ``公益`` / ``组织``), its widest piece's length: the word is that wide where it
    stands (0: its text stands on one line).

    A named tuple, not an attrs record (like the matcher's ``Token``): a report has hundreds
    of cells, and a tuple is built in well under half the time of a frozen attrs record.
    Immutable all the same; copy with ``_replace``.
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    location: Location = Location()
    joined: bool = False
    doubt: str = ""
    blanks_printed: bool = False
    confidence: float = 1.0
    unit_below: bool = False
    stacked: int = 0


@attrs.frozen
class CellGrid:
    """A table as read: its cells in reading order."""

    cells: tuple[Cell, ...]
    index: int = 0
    exact: bool = True
    rows_known: bool = True
    location: Location = Location()
    #: columns are character positions in column-aligned monospaced text (``pdftotext
    #: -layout``): ``col`` is where a cell starts and ``colspan`` reaches to the next cell,
    #: an approximate geometry, used only when the value count alone cannot place values.
    aligned: bool = False

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def rows(self) -> list[list[Cell]]:
        """Cells grouped by the row they start in (reading order kept)."""
        out: dict[int, list[Cell]] = {}
        for cell in self.cells:
            out.setdefault(cell.row, []).append(cell)
        return [out[k] for k in sorted(out)]


@attrs.frozen
class Paragraph:
    """Running text outside tables (section headings among it)."""

    text: str
    location: Location = Location()


@attrs.frozen
class ReaderNote:
    """Something a reader noticed that the report should mention (e.g. a PDF font with no
    Unicode map on page 3). ``code`` and ``severity`` follow the issue codes of the report."""

    code: str
    severity: str
    message: str
    location: Location = Location()


Block = CellGrid | Paragraph


@attrs.frozen
class Document:
    """What a reader returns: the blocks in reading order, plus notes."""

    format: str
    blocks: tuple[Block, ...]
    notes: tuple[ReaderNote, ...] = ()

    @property
    def grids(self) -> list[CellGrid]:
        return [b for b in self.blocks if isinstance(b, CellGrid)]


def relocated(block: CellGrid | Paragraph, origin: list[int]) -> CellGrid | Paragraph:
    """``block`` with its lines numbered as printed: a reader that rewrote or split the
    text's lines numbers them by the rewritten lines, and ``origin`` gives, for each of those
    (1-based), the 0-based index of the printed line it came from."""

    def where(loc: Location) -> Location:
        if loc.line is None or not 1 <= loc.line <= len(origin):
            return loc
        return attrs.evolve(loc, line=origin[loc.line - 1] + 1)

    if isinstance(block, Paragraph):
        return attrs.evolve(block, location=where(block.location))
    cells = tuple(c._replace(location=where(c.location)) for c in block.cells)
    return attrs.evolve(block, cells=cells, location=where(block.location))
