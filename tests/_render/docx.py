"""Render layout blocks as a Word ``.docx`` with python-docx, the way Word and WPS write them.

Merged cells are real merges (``cell.merge()`` writes ``w:gridSpan`` and ``w:vMerge`` as
Word does). Options reproduce what real reports do to their tables:

* ``multi_paragraph_cells``: a label broken over two paragraphs (plus a trailing empty one);
* ``split_runs``: cell text cut into several runs mid-label (``本年新`` + ``制作数量``);
* ``sdt``: every table wrapped in a content control (``w:sdt``);
* ``nested``: the whole report inside a one-cell layout table;
* ``split_table``: the applications table cut in two at a row boundary no merge crosses,
  with an empty paragraph between the halves.
"""

from __future__ import annotations

import contextlib
import io
import itertools
from collections.abc import Sequence
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from _render.layout import Block, GridCell, GridTable, Heading, Paragraph

__all__ = ["render_docx"]

_SPLIT_KEY = "applications"


def render_docx(
    blocks: Sequence[Block],
    *,
    multi_paragraph_cells: bool = False,
    split_runs: bool = False,
    sdt: bool = False,
    nested: bool = False,
    split_table: bool = False,
) -> bytes:
    """The blocks as the bytes of a ``.docx``."""
    document = docx.Document()
    container: Any = document
    if nested:
        outer = document.add_table(rows=1, cols=1)
        container = outer.cell(0, 0)
    options = {"multi": multi_paragraph_cells, "runs": split_runs}
    for block in blocks:
        if isinstance(block, Heading):
            container.add_paragraph(block.text, style="Heading 2")
        elif isinstance(block, Paragraph):
            container.add_paragraph(block.text)
        elif isinstance(block, GridTable):
            parts = _split(block) if split_table and block.key == _SPLIT_KEY else [block]
            for i, part in enumerate(parts):
                if i:
                    container.add_paragraph("")  # what separates a table Word split
                table = _add_table(container, part, **options)
                if sdt:
                    _wrap_in_content_control(table, tag=f"{block.key}-{i}")
        else:  # pragma: no cover - the layout grows a block type
            raise TypeError(f"cannot render {type(block).__name__}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_table(container: Any, grid: GridTable, *, multi: bool, runs: bool) -> Table:
    table: Table = container.add_table(rows=grid.n_rows, cols=grid.n_cols)
    with contextlib.suppress(KeyError):  # ruled like the official forms, when the style exists
        table.style = "Table Grid"
    for cell in grid.cells:
        if cell.rowspan > 1 or cell.colspan > 1:
            table.cell(cell.row, cell.col).merge(
                table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
            )
    rows = [row.cells for row in table.rows]  # once: table.cell() recomputes the grid
    for cell in grid.cells:
        _write_cell(rows[cell.row][cell.col], cell, multi=multi, runs=runs)
    return table


def _write_cell(target: _Cell, cell: GridCell, *, multi: bool, runs: bool) -> None:
    lines = _label_lines(cell.text) if multi else [cell.text]
    paragraph: DocxParagraph = target.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = target.add_paragraph()
        for piece in _run_pieces(line) if runs else [line]:
            run = paragraph.add_run(piece)
            run.bold = cell.header or None
    if multi and len(lines) > 1:
        target.add_paragraph()  # Word leaves a trailing empty paragraph after an edit


def _label_lines(text: str) -> list[str]:
    """Break a label in two where Word would wrap it into a new paragraph: at a CJK
    character, so no space is implied between the halves, and never inside a number."""
    if len(text) < 4:
        return [text]
    middle = len(text) // 2
    for at in sorted(range(1, len(text)), key=lambda i: abs(i - middle)):
        left, right = text[at - 1], text[at]
        if _is_cjk(left) and _is_cjk(right):
            return [text[:at], text[at:]]
    return [text]


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _run_pieces(text: str) -> list[str]:
    """Cut text into runs at fixed points (Word splits runs at edits and spell checks)."""
    if len(text) < 2:
        return [text]
    cuts = sorted({1, len(text) // 2, len(text) - 1} - {0, len(text)})
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if a < b]


def _split(grid: GridTable) -> list[GridTable]:
    """Two tables cut at the row boundary nearest the middle that no merged cell crosses."""
    crossing = {
        boundary
        for c in grid.cells
        for boundary in range(c.row + 1, c.row + c.rowspan)
    }
    candidates = [b for b in range(1, grid.n_rows) if b not in crossing]
    if not candidates:
        return [grid]
    cut = min(candidates, key=lambda b: abs(b - grid.n_rows // 2))
    top = tuple(c for c in grid.cells if c.row < cut)
    bottom = tuple(
        GridCell(c.text, c.row - cut, c.col, c.rowspan, c.colspan, c.header)
        for c in grid.cells
        if c.row >= cut
    )
    return [
        GridTable(top, cut, grid.n_cols, grid.key),
        GridTable(bottom, grid.n_rows - cut, grid.n_cols, grid.key),
    ]


def _wrap_in_content_control(table: Table, *, tag: str) -> None:
    """Put the table inside a block-level ``w:sdt`` (a Word content control)."""
    tbl = table._tbl
    sdt = OxmlElement("w:sdt")
    sdt_pr = OxmlElement("w:sdtPr")
    tag_el = OxmlElement("w:tag")
    tag_el.set(qn("w:val"), tag)
    sdt_pr.append(tag_el)
    sdt.append(sdt_pr)
    content = OxmlElement("w:sdtContent")
    sdt.append(content)
    tbl.addprevious(sdt)
    content.append(tbl)  # moves the table into the control
