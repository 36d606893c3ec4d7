"""PDF page contents → document blocks, pure: a page's characters and table cell boxes
become table pieces and text lines; pieces of one table on consecutive pages are stitched
into one :class:`CellGrid` (same columns, a repeated header dropped, a merged cell cut by
the page break joined), the other lines become paragraphs.

Plain data in, plain data out: no pdfium here. The OCR reader builds the same pieces from
its recognised cells and assembles them with :func:`assemble`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs

from .._grid import Block, Cell, CellGrid, Location, Paragraph
from .._normalize import clean_cell_text, nfkc
from .._values import TABLE_UNIT
from ._pdf_geometry import (
    BBox,
    assign_chars,
    cell_text,
    chars_bbox,
    cluster_positions,
    grid_lines,
    group_lines,
    line_text,
    place_cells,
    same_columns,
)
from ._pdf_model import Char

__all__ = [
    "FOOTER",
    "Piece",
    "RawCell",
    "TextLine",
    "assemble",
    "continues",
    "header_rows_repeated",
    "is_margin_line",
    "page_items",
    "pieces_to_grid",
    "round_bbox",
    "runs_off_page",
    "text_lines",
]

#: A table "ends at the bottom" when its lower edge is below this fraction of the page.
_BOTTOM_FRACTION = 0.6
#: Header and footer bands (fraction of page height) whose lines never block stitching.
_MARGIN_FRACTION = 0.09

FOOTER = re.compile(
    r"^[\s\-—–_·.]*(?:第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?|\d+(?:\s*/\s*\d+)?"
    r"|page\s*\d+(?:\s*of\s*\d+)?)[\s\-—–_·.]*$",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------------------
# Plain data passed between the steps
# ---------------------------------------------------------------------------------------


@attrs.frozen
class RawCell:
    """A cell as detected on one page: its box and its text."""

    bbox: BBox
    text: str


@attrs.frozen
class Piece:
    """One detected table on one page."""

    page: int
    page_height: float
    bbox: BBox
    cells: tuple[RawCell, ...]


@attrs.frozen
class TextLine:
    """A line of running text outside tables."""

    page: int
    text: str
    bbox: BBox | None
    page_height: float



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


def pieces_to_grid(pieces: Sequence[Piece], index: int) -> CellGrid:
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
        new: list[dict[str, Any]] = [
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
            if _units_back(cells, new, offset):
                new = [{**d, "row": d["row"] - 1} for d in new if d["row"] != offset]
                n_rows -= 1
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
                    bbox=round_bbox(d["bbox"]),
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
        location=Location(page=first.page, bbox=round_bbox(first.bbox), table=index),
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


def _units_back(above: list[dict[str, Any]], below: list[dict[str, Any]], offset: int
                ) -> bool:
    """A row Word broke across the page with only its numbers' units on the new page
    (``28`` / ``项``): each unit goes back to the number above it, the label's rest too (as
    a line of its own), and when the row's part on the new page is left with nothing, ``True``
    (the caller drops it). Only where every unit stands under a cell ending in a digit."""
    first = [d for d in below if d["row"] == offset and d["rowspan"] == 1]
    ending = {(d["col"], d["colspan"]): d for d in above
              if d["row"] + d["rowspan"] == offset}
    units = [d for d in first if TABLE_UNIT.fullmatch(d["text"])]
    if not units or any(
            (top := ending.get((d["col"], d["colspan"]))) is None or not top["text"]
            or not top["text"][-1].isdigit() for d in units):
        return False
    rest = [d for d in first if d["text"] and d not in units]
    if any(ending.get((d["col"], d["colspan"])) is None
           or any(ch.isdigit() for ch in d["text"]) for d in rest):
        return False  # a row of its own (numbers), or text under no cell of the row above
    for d in units:
        ending[(d["col"], d["colspan"])]["text"] += d["text"]
        d["text"] = ""
    for d in rest:  # the label's rest: a line of the label above
        top = ending[(d["col"], d["colspan"])]
        top["text"] = f"{top['text']}\n{d['text']}" if top["text"] else d["text"]
        d["text"] = ""
    return len(first) == sum(1 for d in below if d["row"] == offset)


def round_bbox(b: BBox) -> BBox:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


def is_margin_line(line: TextLine) -> bool:
    """Page headers and footers: a page number, or a line in the top or bottom band."""
    if FOOTER.match(nfkc(line.text)):
        return True
    if line.bbox is None:
        return False
    band = _MARGIN_FRACTION * line.page_height
    return line.bbox[3] <= band or line.bbox[1] >= line.page_height - band


def continues(prev: Piece, between: Sequence[TextLine], nxt: Piece) -> bool:
    """Is ``nxt`` the continuation of ``prev``: the next page, ``prev`` reaching the bottom
    of its page, only headers/footers between them, and the same columns."""
    if nxt.page != prev.page + 1:
        return False
    if prev.bbox[3] < _BOTTOM_FRACTION * prev.page_height:
        return False
    if not all(is_margin_line(line) for line in between):
        return False
    xa, _ = grid_lines(c.bbox for c in prev.cells)
    xb, _ = grid_lines(c.bbox for c in nxt.cells)
    return same_columns(xa, xb)


def assemble(items: Sequence[Piece | TextLine]) -> tuple[Block, ...]:
    """Items in reading order → blocks: pieces of one table stitched, lines as paragraphs."""
    groups: list[list[Piece] | TextLine] = []
    for item in items:
        if isinstance(item, Piece):
            # look back over header/footer lines for a table this one continues
            j = len(groups) - 1
            while j >= 0 and isinstance(groups[j], TextLine) and is_margin_line(groups[j]):  # type: ignore[arg-type]
                j -= 1
            target = groups[j] if j >= 0 else None
            if isinstance(target, list) and continues(
                target[-1], [g for g in groups[j + 1 :] if isinstance(g, TextLine)], item
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
                Paragraph(g.text, Location(page=g.page, bbox=g.bbox and round_bbox(g.bbox)))
            )
    return tuple(blocks)



def page_items(
    chars: list[Char],
    tables: Sequence[Sequence[BBox]],
    number: int,
    height: float,
) -> list[Piece | TextLine]:
    """One table page's pieces and text lines in reading order."""
    items: list[tuple[float, Piece | TextLine]] = []
    rest = chars
    for cells_of in tables:
        if len(cells_of) < 2:
            continue
        boxes: list[BBox] = list(cells_of)
        inside, rest = assign_chars(boxes, rest)
        cells = tuple(
            RawCell(bbox=b, text=cell_text(cs)) for b, cs in zip(boxes, inside, strict=True)
        )
        bbox: BBox = (
            min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes),
        )
        items.append((bbox[1], Piece(number, height, bbox, cells)))
    for line in group_lines(rest):
        text = clean_cell_text(line_text(line))
        if not text:
            continue
        box = chars_bbox(line)
        items.append((box[1], TextLine(number, text, box, height)))
    items.sort(key=lambda t: t[0])
    return [it for _, it in items]



def text_lines(text: str, number: int) -> list[TextLine]:
    """The lines of a page read as plain text only (no positions)."""
    out = []
    for raw in text.splitlines():
        line = clean_cell_text(raw)
        if line:
            out.append(TextLine(number, line, None, 0.0))
    return out


def runs_off_page(items: Sequence[Piece | TextLine]) -> bool:
    """Does a page's last table (headers and footers aside) run to its bottom, so that a
    table on the next page may continue it?"""
    last = next(
        (it for it in reversed(items) if not isinstance(it, TextLine) or not is_margin_line(it)),
        None,
    )
    return isinstance(last, Piece) and last.bbox[3] >= _BOTTOM_FRACTION * last.page_height
