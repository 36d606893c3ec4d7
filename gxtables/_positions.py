"""Refused rows of column-aligned text placed together by their numbers' positions.

``pdftotext -layout`` drops blank cells, and a squeezed header (``自然人 商业企 科研机``) does
not say under which word a number stands, so rows printing fewer numbers than columns are
refused one by one (:mod:`._align`). Across the rows of one table part (one page of a
block: the reader numbers it in ``Location.table`` and gives each cell's character index
in ``Location.col``, pdftotext's frame, however the part was read) the positions still say
much: numbers whose centres stand within a column of each other are in the same column, and a number
further right is in a column further right. So the numbers of the part fall into clusters,
and a placement of the whole part is one order-keeping map from clusters to columns — a
handful, where placing each row on its own gives thousands of combinations. Cells already
read in the part (rows no issue doubts) pin their clusters.

Each placement becomes one reading of an :class:`~._search.OpenRow` spanning the part's
rows; :func:`._search.solve_table` weighs those readings against the table's arithmetic
with every other refused row, and :mod:`._solve` decides the rows every viable placement
reads alike. Clusters standing close (a number pushed a few columns off its own) are read
both as one column and as two; where one row puts two numbers in one column, that reading
goes, and where too many such pairs would make too many placements, the part is left to the
row-by-row search.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import attrs

from ._checks import CellRef
from ._grid import Location
from ._raw import RawCell, UnresolvedRow
from ._readings import Piece
from ._records import Issue
from ._search import OpenRow
from ._templates import TableSpec
from ._values import figure, parse_value

__all__ = ["PartRows", "aligned_centre", "doubted_rows", "narrowed", "part_variables"]

#: Centres at most this far apart (character columns) are one column; clusters ``_APART`` or
#: more apart are two; between, either (both placements are weighed). Measured on pdftotext
#: -layout of the generated reports (seeds 0-27, 1,120 documents, 121 table parts): numbers
#: of one column stand within 1 of each other, except a number now and then 3.5 off (a first
#: number after its label; a longer number, whose left edge poppler places earlier); distinct
#: columns stand 4 or more apart.
_SAME = 1.0
_APART = 4.0
#: Most placements enumerated for one part (clusters into columns, order kept).
_MAX_PLACEMENTS = 200
#: Most pairs of clusters closer than ``_APART`` in one part (each one column or two).
_MAX_CLOSE = 3

_EMPTY = Piece(None, "", None, None)


@attrs.frozen
class PartRows:
    """One table part's refused rows read together: the variable and the rows it covers."""

    variable: OpenRow
    #: the refused rows, then rows read already but doubted (a warning on the row), read
    #: again here (their cells set aside while the part is solved)
    rows: tuple[UnresolvedRow, ...]


@attrs.frozen
class _Point:
    centre: float
    row: int  # index into the part's rows; -1 for a cell already read
    text: str
    location: Location
    slot: int | None = None  # the column (slot index) a cell already read pins


def aligned_centre(text: str, location: Location | None, offset: int = 0) -> float | None:
    """The centre of ``text`` standing ``offset`` characters into a piece of column-aligned
    text, by character index in its part's columns (``None`` for any other cell: a grid's
    cells give ``row`` with ``table`` and ``col``). Note marks ending the text (``14*``) stand
    beside the number, not under its column: they are left out of its width."""
    if location is None or location.col is None or location.table is None \
            or location.line is None or location.row is not None:
        return None
    return location.col + offset + len(figure(text)) / 2


def _number(text: str) -> bool:
    parsed = parse_value(text)
    return parsed.kind == "number" and parsed.mark is None


def part_variables(cells: Mapping[CellRef, RawCell], rows: Sequence[UnresolvedRow],
                   spec: TableSpec, issues: Sequence[Issue]) -> list[PartRows]:
    """The refused rows of ``spec``'s table grouped by table part, each group as one
    variable whose readings are the part's placements (see the module docstring). Rows
    that cannot take part (digit runs, text, no positions) are left out. A column the
    document adds (小计) is one more position to place; its values are no cells."""
    slots = tuple(c.key for c in spec.columns)
    doubted = doubted_rows(spec, issues)
    groups: dict[tuple[int, tuple[str | None, ...]], list[UnresolvedRow]] = {}
    for row in rows:
        printed_slots = tuple(row.slots)
        if not row.row or tuple(s for s in printed_slots if s is not None) != slots \
                or row.reason != "value_count_mismatch":
            continue
        printed = [(text, loc) for text, joined, loc in row.values if text.strip()]
        if not printed or any(joined for _, joined, _ in row.values):
            continue
        parts = {loc.table if loc is not None else None for _, loc in printed}
        if len(parts) != 1 or None in parts \
                or not all(_number(t) and aligned_centre(t, loc) is not None
                           for t, loc in printed):
            continue
        part = parts.pop()
        if part is None:
            continue
        # (a part read by display width is placed too: Location.col is the character index
        # in every part, pdftotext's frame — seeds 0-27, 144 parts: one column's numbers
        # within 3.5, distinct columns 4 or more apart, as in parts read by character index)
        groups.setdefault((part, printed_slots), []).append(row)
    by_row: dict[str, list[RawCell]] = {}
    for (row_key, col), cell in cells.items():
        if col in slots and cell.text.strip():
            by_row.setdefault(row_key, []).append(cell)
    open_keys = {row.row for row in rows}
    out = []
    for (part, printed_slots), members in groups.items():
        pinned = [_Point(c, -1, cell.text, cell.location, printed_slots.index(col))
                  for (row_key, col), cell in cells.items()
                  if row_key not in doubted and col in slots and cell.inferred is None
                  and cell.location is not None and cell.location.table == part
                  and cell.text.strip() and _number(cell.text)
                  and (c := aligned_centre(cell.text, cell.location)) is not None]
        # A row placed under the nearest header words with a doubt (a column left empty)
        # may be placed wrong: it is read again with the others.
        again = []
        for key, read in by_row.items():
            if key in doubted and key not in open_keys and all(
                    cell.inferred is None and cell.location is not None
                    and cell.location.table == part and cell.location.col is not None
                    and _number(cell.text) for cell in read):
                ordered = sorted(read, key=lambda cell: cell.location.col if cell.location
                                 and cell.location.col is not None else 0)
                again.append(UnresolvedRow(
                    key, tuple((cell.text, False, cell.location or Location())
                               for cell in ordered),
                    printed_slots, tuple(None for _ in printed_slots),
                    "value_count_mismatch"))
        found = _part_variable([*members, *again], pinned, printed_slots, spec)
        if found is not None:
            out.append(PartRows(found, (*members, *again)))
    return out


def doubted_rows(spec: TableSpec, issues: Sequence[Issue]) -> set[str]:
    """The rows of ``spec``'s table an error or warning doubts: their cells pin nothing and
    count in no sum while parts are placed (a row placed one column off would carry the
    whole part with it)."""
    return {i.row for i in issues
            if i.table == spec.key and i.severity in ("error", "warning") and i.row}


def _part_variable(rows: Sequence[UnresolvedRow], pinned: Sequence[_Point],
                   slots: tuple[str | None, ...], spec: TableSpec) -> OpenRow | None:
    points = list(pinned)
    for r, row in enumerate(rows):
        for text, _, loc in row.values:
            centre = aligned_centre(text, loc) if text.strip() else None
            if centre is not None:
                assert loc is not None
                points.append(_Point(centre, r, text, loc))
    groupings = _groupings(points)
    if groupings is None:
        return None
    # each grouping of the positions into columns, each order-keeping map of its columns
    # to the printed ones (a placement: the slot of each group)
    placements: list[tuple[list[list[_Point]], tuple[int, ...]]] = []
    for clusters in groupings:
        fixed: list[int | None] = []
        for cluster in clusters:
            pins = {p.slot for p in cluster if p.slot is not None}
            rows_in = [p.row for p in cluster if p.row >= 0]
            if len(pins) > 1 or len(rows_in) != len(set(rows_in)):
                break  # two columns, or one row twice, at one position: not one column
            fixed.append(pins.pop() if pins else None)
        else:
            placements.extend(
                (clusters, m) for m in itertools.combinations(range(len(slots)), len(clusters))
                if all(f is None or f == s for f, s in zip(fixed, m, strict=True)))
        if len(placements) > _MAX_PLACEMENTS:
            return None
    if not placements:
        return None
    refs = tuple((row.row, col) for row in rows for col in slots if col is not None)
    readings: list[dict[CellRef, Piece]] = []
    for clusters, placement in placements:
        reading: dict[CellRef, Piece] = dict.fromkeys(refs, _EMPTY)
        for cluster, slot in zip(clusters, placement, strict=True):
            col = slots[slot]
            for p in cluster:
                if p.row >= 0 and col is not None:  # (an added column's values: no cells)
                    parsed = parse_value(p.text)
                    reading[(rows[p.row].row, col)] = Piece(
                        parsed.value, p.text, p.text, p.location, parsed.unit)
        readings.append(reading)
    source = UnresolvedRow(
        rows[0].row, tuple(v for row in rows for v in row.values),
        tuple(c for row in rows for c in row.slots if c is not None),
        tuple(h for row in rows for c, h in zip(row.slots, row.headers, strict=True)
              if c is not None), "value_count_mismatch")
    return OpenRow(source, tuple(row.row for row in rows), refs, readings, (), (), True)


def _clusters(points: Sequence[_Point]) -> list[list[_Point]]:
    """The points grouped by position (centres within ``_SAME`` of the cluster's first),
    left to right."""
    clusters: list[list[_Point]] = []
    for p in sorted(points, key=lambda q: q.centre):
        if clusters and p.centre - clusters[-1][0].centre <= _SAME:
            clusters[-1].append(p)
        else:
            clusters.append([p])
    return clusters


def _groupings(points: Sequence[_Point]) -> list[list[list[_Point]]] | None:
    """The ways the points' positions may stand in columns: clusters (:func:`_clusters`)
    closer than ``_APART`` are one column with a number pushed off it, or two columns —
    each way is kept (a row printing in both, or two pins, rules one out later). ``None``
    when more than ``_MAX_CLOSE`` such pairs make too many ways."""
    clusters = _clusters(points)
    close = [k for k in range(1, len(clusters))
             if clusters[k][0].centre - clusters[k - 1][-1].centre < _APART]
    if len(close) > _MAX_CLOSE:
        return None
    out = []
    for merged in itertools.product((False, True), repeat=len(close)):
        joined = {k for k, m in zip(close, merged, strict=True) if m}
        grouping: list[list[_Point]] = []
        for k, cluster in enumerate(clusters):
            if k in joined:
                grouping[-1] = grouping[-1] + cluster
            else:
                grouping.append(list(cluster))
        out.append(grouping)
    return out


def narrowed(part: PartRows, keys: Sequence[str]) -> OpenRow:
    """``part``'s variable over the rows ``keys`` only (its readings cut to their cells)."""
    members = [row for row in part.rows if row.row in keys]
    var = part.variable
    refs = tuple(ref for ref in var.refs if ref is not None and ref[0] in keys)
    source = UnresolvedRow(
        members[0].row, tuple(v for row in members for v in row.values),
        tuple(c for row in members for c in row.slots if c is not None),
        tuple(h for row in members for c, h in zip(row.slots, row.headers, strict=True)
              if c is not None), "value_count_mismatch")
    readings = [{ref: reading[ref] for ref in refs} for reading in var.readings]
    return OpenRow(source, tuple(keys), refs, readings, (), (), True)
