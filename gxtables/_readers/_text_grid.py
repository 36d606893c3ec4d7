"""Rows of flattened text's cells → a :class:`~.._grid.CellGrid`: the one place the text
dialects build their cells, and the shared line-number records every cell and paragraph of
a text is located by."""

from __future__ import annotations

from .._grid import Cell, CellGrid, Location
from .._normalize import clean_cell_text
from ._text_glued import RawCell

__all__ = ["at_line", "grid_from_rows"]


def at_line(line: int | None) -> Location:
    """``Location(line=line)``, one shared record per line number (they are immutable): a
    report's every cell and paragraph has one, and most reports have a few thousand lines."""
    kept = _LINES  # one read: another thread may replace the list, never change it
    if line is not None and 0 < line < len(kept):
        return kept[line]
    if line is None or not 0 < line < _MOST_LINES:
        return Location(line=line)
    end = min(max(line + 1, 2 * len(kept)), _MOST_LINES)
    grown = [*kept, *(Location(line=n) for n in range(len(kept), end))]
    _set_lines(grown)
    return grown[line]


def _set_lines(lines: list[Location]) -> None:
    global _LINES
    _LINES = lines


#: ``at_line``'s records, by line number (``_LINES[0]`` is a placeholder, never handed out).
_LINES: list[Location] = [Location(line=0)]
#: Lines past this get a record of their own (a bound on what the process keeps).
_MOST_LINES = 1 << 16


#: ``Cell``'s fields as a tuple: ``tuple.__new__`` skips the named tuple's own ``__new__`` (a
#: Python function) — every field given, in order (text, row, col, rowspan, colspan,
#: location, joined, doubt, blanks_printed, confidence, unit_below, stacked).
_new = tuple.__new__


def grid_from_rows(rows: list[list[RawCell]], index: int, *, rows_known: bool) -> CellGrid:
    # A report's every cell is built here.
    # ``clean_cell_text`` and ``at_line`` written out for the common case (one line of text,
    # a line number already kept): two calls less per cell.
    kept = _LINES
    top = len(kept)
    cells = [_new(Cell, (text.strip() if "\n" not in text and "\r" not in text
                         else clean_cell_text(text),
                         r if rows_known else 0, c, 1, 1,
                         kept[line] if 0 < line < top else at_line(line), joined,
                         "", False, 1.0, False, 0))
             for r, row in enumerate(rows) for c, (text, line, joined) in enumerate(row)]
    first_line = cells[0].location.line if cells else None
    return CellGrid(
        tuple(cells), index=index, exact=False, rows_known=rows_known,
        location=at_line(first_line),
    )
