"""What matching one table yields, as plain immutable data: each step returns a
:class:`TableMatch` (cells placed, issues, rows refused) and the caller adds them up in
order; :class:`MatchedTable` is what a table's matcher hands to :mod:`._match`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from ._grid import Location
from ._raw import RawCell, RawTable, UnresolvedRow
from ._records import Issue, Severity
from ._slots import Slot
from ._tokens import Token

__all__ = ["CellKey", "MatchedTable", "TableMatch", "issue", "refused", "row_cells"]

#: A cell's address in a table: (row key, column key).
CellKey = tuple[str, str]


@attrs.frozen
class TableMatch:
    """Part of one table's match: cells placed (in the order they were put; a later put of
    the same cell replaces it where it first stood), issues and refused rows, in order."""

    cells: tuple[tuple[CellKey, RawCell], ...] = ()
    issues: tuple[Issue, ...] = ()
    unresolved: tuple[UnresolvedRow, ...] = ()

    def __add__(self, other: TableMatch) -> TableMatch:
        return TableMatch(self.cells + other.cells, self.issues + other.issues,
                          self.unresolved + other.unresolved)

    @staticmethod
    def merge(parts: Iterable[TableMatch]) -> TableMatch:
        """The parts one after another (one pass, not a chain of ``+``)."""
        cells: list[tuple[CellKey, RawCell]] = []
        issues: list[Issue] = []
        unresolved: list[UnresolvedRow] = []
        for part in parts:
            cells.extend(part.cells)
            issues.extend(part.issues)
            unresolved.extend(part.unresolved)
        return TableMatch(tuple(cells), tuple(issues), tuple(unresolved))

    def cell_map(self) -> dict[CellKey, RawCell]:
        """The cells as the raw stage keeps them: the last put of a cell wins."""
        return dict(self.cells)

    def raw(self, key: str, location: Location | None) -> RawTable:
        """The found table these parts make, located at ``location``."""
        return RawTable(key, self.cell_map(), True, location, self.unresolved)


@attrs.frozen
class MatchedTable:
    """One table as its matcher found it: the raw table, its issues in order, and the
    token indexes it used (no later table may read them)."""

    raw: RawTable
    issues: tuple[Issue, ...]
    consumed: frozenset[int]


def issue(code: str, severity: Severity, message: str, table: str, row: str | None = None,
          column: str | None = None) -> TableMatch:
    """A part holding one issue of ``table`` (the arguments of :class:`._records.Issue`)."""
    return TableMatch(issues=(Issue(code, severity, message, table, row, column),))


#: ``RawCell``'s fields as a tuple (text, location, header, inferred): ``tuple.__new__`` skips
#: the named tuple's own ``__new__`` for the cell every value of a report becomes.
_new = tuple.__new__


def row_cells(row: str, slots: Sequence[Slot], values: Sequence[Token]) -> TableMatch:
    """A row's values put into its slots in order (an extra slot such as 小计 keeps none)."""
    cells = []
    for slot, tok in zip(slots, values, strict=False):
        column = slot.column
        if column is not None:
            header = slot.header
            cells.append(((row, column), _new(RawCell, (
                tok.text, tok.location, header.text if header is not None else None, None))))
    return TableMatch(cells=tuple(cells))


def refused(row: str, slots: Sequence[Slot], values: Sequence[Token], reason: str
            ) -> TableMatch:
    """A part holding a row whose values could not be placed (for the solver)."""
    return TableMatch(unresolved=(UnresolvedRow(
        row,
        tuple((v.text, v.joined, v.location) for v in values),
        tuple(s.column for s in slots),
        tuple(s.header.text if s.header is not None else None for s in slots),
        reason,
        any(v.cell is not None and v.cell.blanks_printed for v in values),
        bool(values) and all(v.row is not None and not v.aligned for v in values),
    ),))
