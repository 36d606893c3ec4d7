"""Rows that took an empty cell from a no-break space of a one-line page.

A Word-made HTML page keeps ``&nbsp;`` in every empty cell; a crawler that joins the cells
with no separator leaves one no-break space per empty cell between the glued numbers
(``82135  21859``: 821, 35, —, —, 2, 1, 859), and the text reader reads each as an empty
cell (:func:`._readers._text_glued.marks_blanks`). That is what such a page means; but a
page may also write a no-break space where it means a plain one (two spaces typed after a
label), and such a space read as an empty cell shifts the values after it. The text cannot
tell the two apart, so each row that took an empty cell from one is warned.
"""

from __future__ import annotations

import attrs

from ._grid import printed_empty
from ._raw import RawMatch
from ._records import Issue

__all__ = ["doubt_rows_on_printed_blanks"]


def doubt_rows_on_printed_blanks(raw: RawMatch) -> RawMatch:
    """``raw`` with an ``empty_cell_marked`` warning on each row holding an empty cell read
    from a space the line printed (:func:`._grid.printed_empty`)."""
    extra: list[Issue] = []
    for spec in raw.layout.tables:
        table = raw.tables.get(spec.key)
        if table is None:
            continue
        rows = {r for (r, _c), cell in table.cells.items()
                if printed_empty(cell.text, cell.location)}
        extra.extend(Issue(
            "empty_cell_marked", "warning",
            f"row {row.label!r}: empty cells read from the no-break spaces the page prints "
            "for them (a Word-made page's &nbsp;); if the page writes them as plain spaces, "
            "values here may be shifted", spec.key, row.key)
            for row in spec.rows if row.key in rows)
    return attrs.evolve(raw, issues=raw.issues + tuple(extra)) if extra else raw
