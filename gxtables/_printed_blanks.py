"""Rows that took an empty cell from a no-break space of a one-line page (or a plain space
standing for one, :func:`._readers._text_glued.spaced_blanks_marked`).

A Word-made HTML page keeps ``&nbsp;`` in every empty cell; a crawler that joins the cells
with no separator leaves one no-break space per empty cell between the glued numbers
(``82135  21859``: 821, 35, —, —, 2, 1, 859), and the text reader reads each as an empty
cell (:func:`._readers._text_glued.marks_blanks`). That is what such a page means; but a
page may also write a no-break space where it means a plain one (two spaces typed after a
label), and such a space read as an empty cell shifts the values after it. The text cannot
tell the two apart, so each row that may take an empty cell from one is warned. So is each
row the solver may split on the page's word that it prints every empty cell (a row of
run-together numbers printing none: read as holding no empty cell), since a page that left
some empty cells out would make that split wrong.
"""

from __future__ import annotations

import attrs

from ._grid import printed_empty
from ._raw import RawMatch
from ._records import Issue

__all__ = ["doubt_rows_on_printed_blanks"]


def doubt_rows_on_printed_blanks(raw: RawMatch, matched: RawMatch) -> RawMatch:
    """``raw`` (solved) with an ``empty_cell_marked`` warning on each row holding an empty
    cell read from a space the line printed (:func:`._grid.printed_empty`), and on each row
    whose run-together numbers ``matched`` (the matcher's, before the solver) says came from
    a line printing every empty cell (:attr:`._raw.UnresolvedRow.empties_printed`)."""
    extra: list[Issue] = []
    for spec in raw.layout.tables:
        table = raw.tables.get(spec.key)
        if table is None:
            continue
        marked = {r for (r, _c), cell in table.cells.items()
                  if printed_empty(cell.text, cell.location)}
        before = matched.tables.get(spec.key)
        whole: set[str] = set()
        for u in before.unresolved if before is not None else ():
            if u.empties_printed and any(joined for _, joined, _ in u.values):
                # a block table's run is refused whole (row ""): it covers every row
                whole.update((u.row,) if u.row else (row.key for row in spec.rows))
        for row in spec.rows:
            if row.key in marked:
                extra.append(Issue(
                    "empty_cell_marked", "warning",
                    f"row {row.label!r}: empty cells read from the spaces the page prints "
                    "for them (a Word-made page's &nbsp;, kept as no-break or plain spaces); "
                    "if the page also writes such spaces where it means none, values here "
                    "may be shifted", spec.key, row.key))
            elif row.key in whole:
                extra.append(Issue(
                    "empty_cell_marked", "warning",
                    f"row {row.label!r}: its numbers run together, and its line prints each "
                    "empty cell as a no-break space (a Word-made page's &nbsp;) but none here, "
                    "so they are split as holding no empty cell; if the page left some empty "
                    "cells out, values here may be shifted", spec.key, row.key))
    return attrs.evolve(raw, issues=raw.issues + tuple(extra)) if extra else raw
