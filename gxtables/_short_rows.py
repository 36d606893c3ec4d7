"""Rows read right after a row that stayed short of values, in text that lost its cells.

Where a document's cells come one per line in drawing order (``pdftotext`` default mode), a
row label may stand before only part of its values, the rest drawn after the next row's label
(``行政处罚 249`` … ``行政强制 0 0 0``, where the first ``0`` is 行政处罚's). The next row then
finds exactly as many values as it has cells and reads them without complaint, although one
of them may be the short row's. So when a row stays short after the solver, the row read
after it gets a warning: nothing in the text tells its values apart.
"""

from __future__ import annotations

import attrs

from ._grid import Location
from ._raw import RawMatch, UnresolvedRow
from ._records import Issue

__all__ = ["doubt_rows_after_short_ones"]


def doubt_rows_after_short_ones(raw: RawMatch) -> RawMatch:
    """``raw`` with a ``row_neighbour_short`` warning on each row read from loose text right
    after a row left short of values (``value_count_mismatch``, fewer values than cells)."""
    extra: list[Issue] = []
    for spec in raw.layout.tables:
        table = raw.tables.get(spec.key)
        if table is None or not table.unresolved:
            continue
        short = {u.row: u for u in table.unresolved if _short_in_loose_text(u)}
        for before, after in zip(spec.rows, spec.rows[1:], strict=False):
            if before.key not in short:
                continue
            cells = [c for (r, _c), c in table.cells.items()
                     if r == after.key and c.text and c.inferred is None]
            if cells and all(_loose(c.location) for c in cells):
                values = [text for text, _, _ in short[before.key].values if text]
                extra.append(Issue(
                    "row_neighbour_short", "warning",
                    f"row {before.label!r} before this one printed only {values} for its "
                    f"{len(short[before.key].slots)} cells; where cells come one by one in "
                    f"drawing order, some values read for {after.label!r} may be its",
                    spec.key, after.key))
    return attrs.evolve(raw, issues=raw.issues + tuple(extra)) if extra else raw


def _short_in_loose_text(row: UnresolvedRow) -> bool:
    printed = [loc for text, _, loc in row.values if text]
    return (bool(row.row) and row.reason == "value_count_mismatch"
            and 0 < len(printed) < len(row.slots) and all(_loose(loc) for loc in printed))


def _loose(location: Location | None) -> bool:
    """A cell of text whose rows are unknown: a line, no grid position."""
    return location is not None and location.line is not None and location.row is None
