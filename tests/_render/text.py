"""Flattened-text dialects (TEMPLATES.md §1): how a table reads once its grid is gone.

* ``tab`` — seeds 000/002/003/004: a TAB before every cell, a blank line after every grid
  row; a cell from a row above that covers this row vertically is printed once as an
  empty ``"\\t"``.
* ``blank`` — seed 001: no TAB; a non-empty cell is followed by one blank line, an empty
  cell is one extra newline; covered positions are not printed.
* ``pipe`` — one grid row per line, cells joined by `` | `` (a browser's "save as text").
* ``runtogether`` — text copied off a web page: a row's cell texts glued together.

``render_text(blocks, dialect)`` prints :mod:`_render.layout` blocks in one dialect and
encodes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from _render.layout import Block, GridCell, GridTable, Heading, Paragraph

__all__ = ["DIALECTS", "ENCODINGS", "render_text", "wrap_label"]

DIALECTS: tuple[str, ...] = ("tab", "blank", "pipe", "runtogether")
ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "gb18030", "utf-16")


def wrap_label(table: GridTable, cell: GridCell) -> str:
    """A label broken over lines the way seeds 000 and 002 show it, or the text unchanged.

    Only label cells break, never values: 第二十条 column headers after three characters
    (``本年新`` / ``制作数量``), the applications row groups before their last two
    (``（三）不予`` / ``公开``), and the review table's tall ``总`` / ``计``. Some breaks
    carry a blank line inside (``本年新\\n\\n公开数量``), as seed 002 does.
    """
    text = cell.text
    sep = "\n\n" if cell.col % 2 == 0 else "\n"
    is_article20_header = (
        table.key.startswith("article20")
        and cell.header
        and cell.col >= 1
        and cell.colspan < table.n_cols
        and len(text) >= 6
    )
    if is_article20_header:
        return text[:3] + sep + text[3:]
    if table.key == "applications" and cell.col == 1 and cell.rowspan > 1 and len(text) >= 4:
        return text[:-2] + "\n\n" + text[-2:]
    if table.key == "review_litigation" and cell.header and cell.rowspan > 1 and len(text) == 2:
        return text[0] + "\n\n" + text[1]
    return text


def _tab(table: GridTable, wrap: bool) -> str:
    out: list[str] = []
    for r in range(table.n_rows):
        for entry in table.row_entries(r):
            if entry is None:
                out.append("\t\n")
            else:
                text = wrap_label(table, entry) if wrap else entry.text
                out.append(f"\t{text}\n")
        out.append("\n")
    return "".join(out)


def _blank(table: GridTable, wrap: bool) -> str:
    out: list[str] = []
    for cell in table.cells:
        out.append(f"{cell.text}\n\n" if cell.text else "\n")
    return "".join(out)


def _pipe(table: GridTable, wrap: bool) -> str:
    lines = []
    for cells in table.rows():
        line = " | ".join(c.text for c in cells)
        # Bordered rows on alternate tables, as both habits occur.
        lines.append(f"| {line} |" if table.n_cols % 2 else line)
    return "\n".join(lines) + "\n\n"


def _runtogether(table: GridTable, wrap: bool) -> str:
    return "".join("".join(c.text for c in cells) + "\n" for cells in table.rows())


_TABLE_WRITERS: dict[str, Callable[[GridTable, bool], str]] = {
    "tab": _tab,
    "blank": _blank,
    "pipe": _pipe,
    "runtogether": _runtogether,
}


def _prose(block: Heading | Paragraph, dialect: str) -> str:
    return f"{block.text}\n" if dialect == "runtogether" else f"{block.text}\n\n"


def render_text(
    blocks: Sequence[Block],
    dialect: str,
    *,
    crlf: bool = False,
    encoding: str = "utf-8",
    wrap: bool = False,
) -> bytes:
    """Print ``blocks`` in ``dialect`` and encode them (``utf-16`` writes a BOM, as do
    ``utf-8-sig``). ``wrap`` breaks some long labels over two lines (``tab`` only, as in
    the seeds)."""
    try:
        writer = _TABLE_WRITERS[dialect]
    except KeyError:
        raise ValueError(f"unknown dialect {dialect!r}: expected one of {DIALECTS}") from None
    parts: list[str] = []
    for i, block in enumerate(blocks):
        if isinstance(block, GridTable):
            parts.append(writer(block, wrap and dialect == "tab"))
            last_of_run = i + 1 == len(blocks) or not isinstance(blocks[i + 1], GridTable)
            if dialect == "tab" and last_of_run:
                parts.append("\n")  # seed 000: one more blank line where a run of tables ends
        else:
            parts.append(_prose(block, dialect))
    text = "".join(parts)
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode(encoding)
