"""DOCX reader: the bytes of a Word/WPS ``.docx`` → :class:`~gxtables._grid.Document`.

The package is checked for zip bombs with :mod:`zipfile` before anything decompresses it,
opened with python-docx (or, when python-docx refuses a package whose main part is sound,
``word/document.xml`` is parsed directly and an ``info`` note says so), and then the body
XML is walked directly (python-docx's
``Document.tables`` misses tables in content controls and text boxes, and its
``table.cell()`` repeats a merged cell at every grid position it covers).

What the walk does, in body order:

* ``w:p`` → :class:`Paragraph` (empty ones skipped);
* ``w:tbl`` → :class:`CellGrid`, one :class:`Cell` per *merged region*, placed at its
  top-left grid position: ``w:gridSpan`` is the colspan, ``w:vMerge`` (``restart`` /
  continue) the rowspan, ``w:gridBefore`` shifts the row's first cell, legacy ``w:hMerge``
  widens the cell before it;
* a ``w:tbl`` holding another table is a *layout container*: its inner tables become grids
  and its loose cell text paragraphs (the rule the HTML reader follows too);
* ``w:sdt`` (content controls), ``w:customXml`` and text boxes (``w:txbxContent``, the
  ``mc:Choice`` branch only, so the VML fallback copy is not read twice) are walked into.

Text: every run of every paragraph, tracked insertions kept, deletions and field
instructions dropped; a cell's paragraphs are joined by line breaks and cleaned with
:func:`~gxtables._normalize.clean_cell_text` (so ``本年新`` + ``制作数量`` is one label).

A table that Word split in two (a page break or an empty paragraph between the halves) is
emitted as two grids and never merged here: the matcher reads across grid boundaries, and
guessing that two tables are one is the kind of silent repair this library avoids.

Modules: :mod:`._docx_package` (zip checks, the main part opened), :mod:`._docx_xml` (the
vocabulary as dispatch tables), :mod:`._docx_text` (run text), :mod:`._docx_tables`
(merged-cell geometry); this one walks the body in order.
"""

from __future__ import annotations

import io
import struct
import zipfile
from typing import Any

from .._errors import CorruptDocument
from .._grid import Cell, CellGrid, Document, Location, Paragraph, ReaderNote
from .._limits import Deadline, Limits
from .._normalize import clean_cell_text
from ._docx_package import check_package, fail_not_zip, measure_parts, open_body
from ._docx_tables import TableBudget, holds_table, row_cells, table_regions, table_rows
from ._docx_text import choose_branch, paragraph_text, sdt_content
from ._docx_xml import BLOCK_KINDS

__all__ = ["read_docx"]


class _Walker:
    """Walks block containers in order and collects the blocks (the only mutable state)."""

    def __init__(self, deadline: Deadline, limits: Limits, source: str | None) -> None:
        self.deadline = deadline
        self.limits = limits
        self.source = source
        self.blocks: list[CellGrid | Paragraph] = []
        self.notes: list[ReaderNote] = []
        self.n_grids = 0

    def walk(self, container: Any) -> None:
        for child in container:
            kind = BLOCK_KINDS.get(child.tag)
            if kind == "p":
                self.paragraph(child)
            elif kind == "tbl":
                self.table(child)
            elif kind == "sdt":
                self.walk(sdt_content(child))
            elif kind == "wrapper":
                self.walk(child)
            elif kind == "alternate":
                branch = choose_branch(child)
                if branch is not None:
                    self.walk(branch)
            elif kind == "altchunk":
                self.notes.append(ReaderNote(
                    code="docx_embedded_document", severity="warning",
                    message="the .docx embeds another document (w:altChunk) that was not "
                            "read; open and re-save it in Word to inline it"))

    def paragraph(self, p: Any) -> None:
        boxes: list[Any] = []
        text = clean_cell_text(paragraph_text(p, boxes))
        if text:
            self.blocks.append(Paragraph(text))
        for box in boxes:
            self.walk(box)

    def table(self, tbl: Any) -> None:
        self.deadline.check(f"reading DOCX table {self.n_grids + 1}")
        if holds_table(tbl):
            # A layout container: its cells are block containers in reading order.
            for tr in table_rows(tbl):
                for tc in row_cells(tr):
                    self.walk(tc)
            return
        regions = table_regions(
            tbl, TableBudget(self.n_grids, self.limits, self.deadline, self.source))
        if not regions:
            return
        index = self.n_grids
        self.n_grids += 1
        cells = tuple(
            Cell(r.text, r.row, r.col, r.rowspan, r.colspan,
                 location=Location(table=index, row=r.row, col=r.col))
            for r in regions
        )
        self.blocks.append(CellGrid(cells, index=index, exact=True, rows_known=True,
                                    location=Location(table=index)))


def read_docx(data: bytes, *, limits: Limits, source: str | None) -> Document:
    """Read a Word/WPS ``.docx``: its tables as exact grids and its paragraphs, in body order.

    Raises :class:`UnsupportedFormat` (not a Word package), :class:`EncryptedDocument`,
    :class:`CorruptDocument` (damaged zip or XML) and :class:`LimitExceeded` (size, zip
    bomb, time); never a dependency's exception.
    """
    limits.check_size(len(data), source)
    deadline = Deadline(limits.timeout, source)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, struct.error) as exc:
        fail_not_zip(data, exc, source)
        raise AssertionError("unreachable") from exc  # fail_not_zip always raises
    with zf:
        check_package(zf, data, limits, source)
        damaged = measure_parts(zf, data, limits, deadline, source)
        body, note = open_body(data, zf, limits, source, damaged)
    walker = _Walker(deadline, limits, source)
    if note is not None:
        walker.notes.append(note)
    try:
        walker.walk(body)
    except RecursionError as exc:
        raise CorruptDocument(
            "the .docx nests tables or content controls too deeply to read (expected a few "
            "levels; found hundreds) — open and re-save it in Word or WPS",
            format="docx", source=source) from exc
    return Document(format="docx", blocks=tuple(walker.blocks), notes=tuple(walker.notes))
