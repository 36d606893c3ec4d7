"""Rows read right after a row that stayed short of values, in text that lost its cells.

Where a document's cells come one per line in drawing order (``pdftotext`` default mode), a
row label may stand before only part of its values, the rest drawn after the next row's label
(``行政处罚 249`` … ``行政强制 0 0 0``, where the first ``0`` is 行政处罚's). The next row then
finds exactly as many values as it has cells and reads them without complaint, although one
of them may be the short row's. So when a row stays short after the solver, the row read
after it gets a warning: nothing in the text tells its values apart.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from ._grid import Location
from ._raw import RawCell, RawMatch, UnresolvedRow
from ._records import Issue
from ._templates import TableSpec

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
    warned = {(i.table, i.row) for i in extra}
    extra.extend(_after_in_text(raw, warned))
    extra.extend(_later_unchecked(raw, warned))
    return attrs.evolve(raw, issues=raw.issues + tuple(extra)) if extra else raw


def _after_in_text(raw: RawMatch, warned: set[tuple[str | None, str | None]]) -> list[Issue]:
    """The row whose values come first in the text after a short row's, in any table.

    ``pdftotext`` may draw a row's label far from where the template puts it (seed 000 as
    a PDF with footnote marks: 其他对外管理服务事项 of 第二十条第（五）项 drawn after
    行政强制 of 第（六）项, whose last two values it then read). So beside the template's next
    row, the row read next in the text is warned too when the template puts it *before* the
    short row — the text is then out of the template's order, so nothing says whose values
    follow (a row the template puts after it is the ordinary next row, warned above within
    a table; a blank cell pdftotext dropped also leaves a row short). Only for text of one
    cell a line (no ``offset``: a crawler's one-line page says nothing about drawing order)."""
    if not any(table.unresolved for table in raw.tables.values()):
        return []  # no row refused, none short: nothing to warn after (most reports)
    order = {(spec.key, row.key): i for i, (spec, row) in
             enumerate((spec, row) for spec in raw.layout.tables for row in spec.rows)}
    owners: list[tuple[int, str, str, str]] = []  # (line, table, row key, row label)
    for spec in raw.layout.tables:
        table = raw.tables.get(spec.key)
        if table is None:
            continue
        for (r, _c), cell in table.cells.items():
            loc = cell.location
            if cell.text and cell.inferred is None and _loose(loc) and loc is not None \
                    and loc.offset is None and loc.line is not None:
                owners.append((loc.line, spec.key, r, spec.row(r).label))
    owners.sort()
    out: list[Issue] = []
    for spec, short, printed in _short_ones(raw):
        last = max(loc.line or 0 for _, loc in printed)
        after = next((o for o in owners if o[0] > last), None)
        if after is None or (after[1], after[2]) in warned \
                or order[(after[1], after[2])] > order[(spec.key, short.row)]:
            continue
        warned.add((after[1], after[2]))
        out.append(Issue(
            "row_neighbour_short", "warning",
            f"row {spec.row(short.row).label!r} drawn before this one printed only "
            f"{[text for text, _ in printed]} for its {len(short.slots)} cells; where cells "
            f"come one by one in drawing order, some values read for {after[3]!r} may be "
            "its", after[1], after[2]))
    return out


def _later_unchecked(raw: RawMatch, warned: set[tuple[str | None, str | None]]) -> list[Issue]:
    """Rows of tables no sum checks, read anywhere after a short row's values.

    ``pdftotext`` may draw a short row's missing value far from it: in the lossy corpus
    (seed 1, document 48) 规章's last ``0`` of 第二十条第（一）项 stood after 行政事业性收费's
    ``14`` of 第（八）项, three tables on, where the fee's change was blank; the fee row then
    read ``14 0`` with no doubt. In a table whose cells no rule ties, nothing notices a value
    filling another row's blank cell, so each such row read after the short one in text of
    one cell a line (no ``offset``, no column: column-aligned text keeps a row's cells on its
    line) is warned."""
    shorts = sorted(  # (last line, label, values, cells)
        (max(loc.line or 0 for _, loc in printed), spec.row(short.row).label,
         [text for text, _ in printed], len(short.slots))
        for spec, short, printed in _short_ones(raw)
        if all(loc.col is None for _, loc in printed))
    if not shorts:
        return []
    out: list[Issue] = []
    for spec in raw.layout.tables:
        table = raw.tables.get(spec.key)
        if table is None or spec.rules:
            continue
        refused = {u.row for u in table.unresolved}
        by_row: dict[str, list[RawCell]] = {}
        for (r, _c), c in table.cells.items():
            if c.text and c.inferred is None:
                by_row.setdefault(r, []).append(c)
        for row in spec.rows:
            cells = by_row.get(row.key, [])
            if not cells or row.key in refused or (spec.key, row.key) in warned \
                    or not all(_loose(c.location) and c.location is not None
                               and c.location.offset is None and c.location.col is None
                               for c in cells):
                continue
            first = min(c.location.line or 0 for c in cells if c.location is not None)
            before = [s for s in shorts if s[0] < first]
            if not before:
                continue
            _line, label, values, n_cells = before[-1]
            warned.add((spec.key, row.key))
            out.append(Issue(
                "row_neighbour_short", "warning",
                f"row {label!r} drawn before this one printed only {values} for its "
                f"{n_cells} cells; where cells come one by one in drawing order, its other "
                f"values may stand anywhere after it, and no sum of this table would tell "
                f"one read for {row.label!r}", spec.key, row.key))
    return out


def _short_ones(raw: RawMatch) -> Iterator[tuple[TableSpec, UnresolvedRow,
                                                  list[tuple[str, Location]]]]:
    """Every row left short of values in text of one cell a line, with its table and the
    values it printed (:func:`_printed_short`)."""
    for spec in raw.layout.tables:
        table = raw.tables.get(spec.key)
        if table is None:
            continue
        for short in table.unresolved:
            printed = _printed_short(short)
            if printed:
                yield spec, short, printed


def _printed_short(row: UnresolvedRow) -> list[tuple[str, Location]]:
    """The values a row left short printed, each of loose text with no ``offset`` (text of
    one cell a line); empty when the row is not such a row."""
    printed = [(text, loc) for text, _, loc in row.values if text]
    if row.row and row.reason in ("value_count_mismatch", "boundaries_lost") \
            and 0 < len(printed) < len(row.slots) \
            and all(_loose(loc) and loc.offset is None for _, loc in printed):
        return printed
    return []


def _short_in_loose_text(row: UnresolvedRow) -> bool:
    printed = [loc for text, _, loc in row.values if text]
    return (bool(row.row) and row.reason == "value_count_mismatch"
            and 0 < len(printed) < len(row.slots) and all(_loose(loc) for loc in printed))


def _loose(location: Location | None) -> bool:
    """A cell of text whose rows are unknown: a line, no grid position."""
    return location is not None and location.line is not None and location.row is None
