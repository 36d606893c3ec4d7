"""The lenient raw stage of a match: each cell's text and location, rows the aligner
refused, and the issues found — before :mod:`._solve` decides what the table's arithmetic
allows and :mod:`._build` types it all, once."""

from __future__ import annotations

from typing import NamedTuple

import attrs

from ._grid import Location
from ._records import Issue, Number
from ._templates import Layout
from ._values import header_unit

__all__ = ["Inference", "RawCell", "RawMatch", "RawTable", "UnresolvedRow", "header_units"]


@attrs.frozen
class Inference:
    """What the solver decided for a cell it could not read: the number (``None`` for a cell
    placed empty) and its unit (from the token, else the slot's header or official label)."""

    value: Number | None
    unit: str | None


class RawCell(NamedTuple):
    """A cell's text as found, before typing. ``header`` is the header text of its column.

    ``inferred`` is set by the solver on a cell it decided rather than read (``text`` is then
    the piece of the token it came from, ``""`` for a cell placed empty, and ``location``
    ``None`` for such an empty); its ``inferred_value`` issue is in
    :attr:`RawMatch.inferred`.

    A named tuple, as the reader's ``Cell`` is: one is built for every value a report
    prints. Immutable all the same."""

    text: str
    location: Location | None
    header: str | None = None
    inferred: Inference | None = None


@attrs.frozen
class UnresolvedRow:
    """A row whose values could not be placed: the tokens as read (``joined`` ones may hold
    several cells) and the printed column order (``None`` for an extra such as 小计).
    The arithmetic solver may place them; otherwise the row stays null and flagged.
    ``empties_printed``: the row's line prints every empty cell (:attr:`._grid.Cell.
    blanks_printed`), so none vanished beside its run-together numbers.
    ``cells_delimited``: each value is a cell the document delimits (a grid's, or a TAB-, pipe-
    or space-separated row's), so each empty one is a real empty cell, not spacing or a
    position the reader guessed."""

    row: str
    values: tuple[tuple[str, bool, Location], ...]
    slots: tuple[str | None, ...]
    headers: tuple[str | None, ...]
    reason: str
    empties_printed: bool = False
    cells_delimited: bool = False


@attrs.frozen
class RawTable:
    key: str
    cells: dict[tuple[str, str], RawCell]
    found: bool
    location: Location | None = None
    unresolved: tuple[UnresolvedRow, ...] = ()


@attrs.frozen
class RawMatch:
    """A layout's tables as matched. ``issues`` are the matcher's (the solver withdraws the
    error of a row it read whole and explains the rest); ``inferred`` the solver's
    ``inferred_value`` issues, listed after the typing issues of :func:`._build.build_report`."""

    layout: Layout
    tables: dict[str, RawTable]
    issues: tuple[Issue, ...]
    evidence: dict[str, int]
    inferred: tuple[Issue, ...] = ()


def header_units(raw: RawTable) -> dict[str, str]:
    """Per column, the unit the first read cell's header states (decided cells excluded: their
    unit is already settled)."""
    out: dict[str, str] = {}
    unitless: set[str] = set()  # header texts that state none (a column's repeat its own)
    for (_row, col), cell in raw.cells.items():
        header = cell.header
        if header and col not in out and cell.inferred is None and header not in unitless:
            unit = header_unit(header)
            if unit:
                out[col] = unit
            else:
                unitless.add(header)
    return out
