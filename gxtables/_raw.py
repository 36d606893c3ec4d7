"""The lenient raw stage of a match: each cell's text and location, rows the aligner
refused, and the issues found — before :mod:`._build` types them."""

from __future__ import annotations

import attrs

from ._grid import Location
from ._records import Issue
from ._templates import Layout
from ._values import header_unit

__all__ = ["RawCell", "RawMatch", "RawTable", "UnresolvedRow", "header_units"]


@attrs.frozen
class RawCell:
    """A cell's text as found, before typing. ``header`` is the header text of its column."""

    text: str
    location: Location
    header: str | None = None
    inferred: bool = False


@attrs.frozen
class UnresolvedRow:
    """A row whose values could not be placed: the tokens as read (``joined`` ones may hold
    several cells) and the printed column order (``None`` for an extra such as 小计).
    The arithmetic solver may place them; otherwise the row stays null and flagged."""

    row: str
    values: tuple[tuple[str, bool, Location], ...]
    slots: tuple[str | None, ...]
    headers: tuple[str | None, ...]
    reason: str


@attrs.frozen
class RawTable:
    key: str
    cells: dict[tuple[str, str], RawCell]
    found: bool
    location: Location | None = None
    unresolved: tuple[UnresolvedRow, ...] = ()


@attrs.frozen
class RawMatch:
    layout: Layout
    tables: dict[str, RawTable]
    issues: tuple[Issue, ...]
    evidence: dict[str, int]


def header_units(raw: RawTable) -> dict[str, str]:
    out: dict[str, str] = {}
    for (_row, col), cell in raw.cells.items():
        if cell.header and col not in out:
            unit = header_unit(cell.header)
            if unit:
                out[col] = unit
    return out
