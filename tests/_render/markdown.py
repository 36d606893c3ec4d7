"""Markdown as PDF→Markdown converters write a report (issue 12).

``render_markdown(blocks, style)`` prints :mod:`_render.layout` blocks:

* ``marker`` — pipe tables, a ``|---|`` separator after the first grid row, a merged cell's
  text written once at its top-left and every other position it covers left empty; with
  ``br_labels`` a long label keeps the line break of its PDF cell as ``<br>``
  (``本年新收政府信息<br>公开申请数量``);
* ``docling`` — pipe tables padded to aligned columns, a merged cell's text repeated in
  every position it covers;
* ``mineru`` — every table as one line of HTML (``<table><tr><td rowspan colspan>``)
  inside the Markdown, optionally wrapped in ``<html><body>``.

Headings are ``#`` lines, prose paragraphs plain lines, blocks separated by a blank line.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from _render.layout import Block, GridTable, Heading, Paragraph

__all__ = ["MARKDOWN_STYLES", "render_markdown"]

MARKDOWN_STYLES: tuple[str, ...] = ("marker", "docling", "mineru")


def _matrix(table: GridTable, repeat: bool) -> list[list[str]]:
    """The grid as rows of strings: a merged cell at its top-left, and — when ``repeat`` —
    in every position it covers, else ``""`` there."""
    grid = [[""] * table.n_cols for _ in range(table.n_rows)]
    for cell in table.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                if repeat or (r, c) == (cell.row, cell.col):
                    grid[r][c] = cell.text
    return grid


def _width(text: str) -> int:
    """Display width: CJK characters count two columns, as docling's tabulate pads them."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _br(text: str) -> str:
    """A long label broken in two by ``<br>`` (values and numbered short labels never)."""
    if len(text) < 8 or any(ch.isdigit() for ch in text):
        return text
    cut = len(text) // 2
    return f"{text[:cut]}<br>{text[cut:]}"


def _pipe(table: GridTable, *, repeat: bool, pad: bool, br_labels: bool = False) -> str:
    grid = _matrix(table, repeat)
    if br_labels:
        grid = [[_br(t) for t in row] for row in grid]
    widths = [max(3, *(_width(row[c]) for row in grid)) for c in range(table.n_cols)]

    def line(row: list[str]) -> str:
        if pad:
            cells = [t + " " * (w - _width(t)) for t, w in zip(row, widths, strict=True)]
        else:
            cells = row
        return "| " + " | ".join(cells) + " |"

    sep = "|" + "|".join("-" * (w + 2 if pad else 3) for w in widths) + "|"
    return "\n".join([line(grid[0]), sep, *(line(row) for row in grid[1:])])


def _html(table: GridTable, wrapper: bool) -> str:
    rows = []
    for cells in table.rows():
        tds = []
        for cell in cells:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            tds.append(f"<td{attrs}>{escape(cell.text)}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    html = "<table>" + "".join(rows) + "</table>"
    return f"<html><body>{html}</body></html>" if wrapper else html


def render_markdown(
    blocks: Sequence[Block], style: str, *, html_wrapper: bool = True, br_labels: bool = False
) -> str:
    """``blocks`` as Markdown in a converter's ``style`` (see :data:`MARKDOWN_STYLES`);
    ``html_wrapper``: MinerU's ``<html><body>`` around each table; ``br_labels``: marker's
    ``<br>`` inside long labels."""
    if style not in MARKDOWN_STYLES:
        raise ValueError(f"unknown markdown style {style!r}: expected one of {MARKDOWN_STYLES}")
    hashes = "#" if style == "mineru" else "##"
    parts: list[str] = []
    for i, block in enumerate(blocks):
        if isinstance(block, GridTable):
            if style == "mineru":
                parts.append(_html(block, html_wrapper))
            else:
                parts.append(_pipe(block, repeat=style == "docling", pad=style == "docling",
                                   br_labels=br_labels and style == "marker"))
        elif isinstance(block, Heading):
            parts.append(f"{hashes} {block.text}")
        elif isinstance(block, Paragraph):
            parts.append(f"# {block.text}" if i == 0 else block.text)
    return "\n\n".join(parts) + "\n"
