"""Within one table: collect the values after each row label and place them into cells
under the header's slots (:mod:`._slots`) — or refuse, and say why. Each placing returns a
:class:`._table_match.TableMatch`; nothing is accumulated in place."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ._normalize import display_width
from ._slots import Slot, stacked_width
from ._table_match import TableMatch, issue, refused, row_cells
from ._templates import LAYOUTS, TOTAL_NORM, RowSpec
from ._tokens import Token

__all__ = ["RowValues", "fmt_tokens", "last_is_sum", "place_by_position", "place_row",
           "row_values"]


@attrs.frozen
class RowValues:
    values: list[Token]
    skipped_labels: list[Token]


def row_values(tokens: Sequence[Token], anchor: int, stop: set[int]) -> RowValues:
    """The value tokens of the row labelled by ``tokens[anchor]``.

    Rows known: every cell after the label in the same grid row (after any further label
    cells, e.g. a sub-label). Rows unknown: the value tokens that follow, up to the next label.
    """
    head = tokens[anchor]
    skipped: list[Token] = []
    values: list[Token] = []
    i = anchor + 1
    if head.row is not None:
        while i < len(tokens) and tokens[i].grid == head.grid and tokens[i].row == head.row:
            tok = tokens[i]
            if not values and tok.is_label and tok.text:
                if i in stop:
                    break
                skipped.append(tok)
            else:
                values.append(tok)
            i += 1
        return RowValues(values, skipped)
    while i < len(tokens) and i not in stop:
        tok = tokens[i]
        if tok.is_label:
            # Before any value, one stray label may stand between a row label and its values
            # (the second half of a wrapped label, a sub-label of the other layout); more
            # than that, and the row has no values of its own.
            if values or tok.row is not None or len(skipped) >= 2:
                break
            skipped.append(tok)
        else:
            values.append(tok)
        i += 1
    if not values:
        skipped = []
    return RowValues(values, skipped)


def fmt_tokens(values: Sequence[Token]) -> str:
    return "[" + ", ".join(repr(v.text) for v in values) + "]"


def place_by_position(slots: Sequence[Slot], values: Sequence[Token]
                      ) -> dict[int, Token] | None:
    """Exact grids: each value goes to the lowest header cell above the grid column where it
    starts. ``None`` when geometry cannot decide (no header cells in the same grid, a value
    under no header, two values under one)."""
    if not values or any(v.cell is None or not (v.exact or v.aligned) for v in values):
        return None
    aligned = values[0].aligned
    grid = values[0].grid
    ranges: list[tuple[int, int, int]] = []
    for slot in slots:
        head = slot.header
        if head is None or head.cell is None or head.grid != grid:
            return None
        ranges.append((head.cell.col, head.cell.col + head.cell.colspan, head.cell.row))
    if aligned:
        return _nearest_headers(slots, values)
    placed: dict[int, Token] = {}
    for v in values:
        assert v.cell is not None
        # Aligned text: a number may be centred or right-aligned under its header.
        start = v.cell.col + display_width(v.text) // 2 if aligned else v.cell.col
        hits = [i for i, (a, b, _r) in enumerate(ranges) if a <= start < b]
        if not hits:
            if v.text:
                return None
            continue
        i = max(hits, key=lambda k: ranges[k][2])
        if i in placed:
            if not v.text:
                continue
            if placed[i].text:
                return None
        placed[i] = v
    return placed


def _nearest_headers(slots: Sequence[Slot], values: Sequence[Token]) -> dict[int, Token] | None:
    """Column-aligned text: each number goes to the header word whose centre is nearest its
    own — a word's cell reaches to the next word on its line, so those reaches overlap
    across the header's lines and cannot place it. ``None`` unless each number is within
    a few columns of one word clearly nearer than any other, the words in order."""
    centres = []
    for slot in slots:
        assert slot.header is not None and slot.header.cell is not None
        cell = slot.header.cell
        # by character index or display width, whichever the grid is read by; a word
        # stacked over lines of a laid-out PDF page as wide as its pieces (ideographs)
        wide = stacked_width(slot)
        centres.append(cell.col + (0.75 * wide if wide else
                                   (len(cell.text) + display_width(cell.text)) / 4))
    placed: dict[int, Token] = {}
    last = -1
    for v in values:
        assert v.cell is not None
        if not v.text:
            continue
        centre = v.cell.col + display_width(v.text) / 2
        ranked = sorted(range(len(centres)), key=lambda k: abs(centres[k] - centre))
        best = ranked[0]
        near = abs(centres[best] - centre)
        if near > _NEAR or (len(ranked) > 1
                            and abs(centres[ranked[1]] - centre) - near < _CLEAR) \
                or best <= last:
            return None
        placed[best] = v
        last = best
    return placed


def adds_up(slots: Sequence[Slot], values: Sequence[Token]) -> bool:
    """Whether a row of one value per column ending in its 总计 adds up (empty = 0)."""
    if len(values) != len(slots) or not slots or None in {s.column for s in slots} \
            or not _is_total(slots[-1]):
        return False
    return last_is_sum(values)


def last_is_sum(values: Sequence[Token]) -> bool:
    """Whether the last value is the sum of the others (empty = 0; no text among them)."""
    if any(v.parsed.kind == "text" for v in values):
        return False
    numbers = [v.parsed.value or 0 for v in values]
    return abs(sum(numbers[:-1]) - numbers[-1]) < 1e-9


def _is_total(slot: Slot) -> bool:
    """Whether a slot is a table's 总计 column (its last, named 总计)."""
    return any(table.columns[-1].key == slot.column and table.columns[-1].norm == TOTAL_NORM
               for layout in LAYOUTS.values() for table in layout.tables)


#: How far (columns) a number's centre may stand from its header word's, and by how much
#: nearer that word must be than the next nearest.
_NEAR = 4.0
_CLEAR = 2.0


def place_row(table: str, row: RowSpec, slots: Sequence[Slot], found: RowValues
              ) -> TableMatch:
    """Put a row's values into its slots: by header geometry on exact grids, by order when
    the count fits, else refuse (the row stays null, flagged, and goes to the solver). A
    value the reader doubts (a number joined from two lines) warns its row."""
    placed = _place_row(table, row, slots, found)
    if not any(v.cell is not None and v.cell.doubt for v in found.values):
        return placed  # (nearly every row: no second result to build and add)
    return placed + _doubts(table, row, slots, found.values)


def _doubts(table: str, row: RowSpec, slots: Sequence[Slot], values: Sequence[Token]
            ) -> TableMatch:
    """Column-aligned text wraps a long number in a narrow cell (``11`` over ``9``), and the
    reader joins it — but pdftotext also prints hidden text, and a lone digit under a number
    may be an invisible copy (``99`` over ``9`` read ``999``). Nothing in the text tells the
    two apart, so the row is warned — unless its 总计 (one value per column, the total
    last) confirms the joined number."""
    if not any(v.cell is not None and v.cell.doubt for v in values) or adds_up(slots, values):
        return TableMatch()
    return TableMatch.merge(issue(
        "numbers_suspect", "warning",
        f"row {row.label!r}: {v.text!r} was {v.cell.doubt}; the lower line may be hidden text "
        "(an invisible digit), not the number's own", table, row.key)
        for v in values if v.cell is not None and v.cell.doubt)


def _place_row(table: str, row: RowSpec, slots: Sequence[Slot], found: RowValues
               ) -> TableMatch:
    values = list(found.values)
    n_slots = len(slots)
    label = row.label
    aligned = bool(values) and values[0].aligned
    placed = None
    if not aligned or len(values) != n_slots:
        placed = place_by_position(slots, values)
    if placed is not None:
        missing = [s.column for i, s in enumerate(slots) if i not in placed and s.column]
        cells = row_cells(row.key, [slots[i] for i in placed], list(placed.values()))
        if missing:
            return cells + issue(
                "value_count_mismatch", "warning",
                f"row {label!r}: no cell stands under column(s) {missing}; left empty",
                table, row.key)
        if len(values) > n_slots:
            # A cell where the header has no column: padding, or a value inserted before it.
            return cells + issue(
                "value_count_mismatch", "warning",
                f"row {label!r}: {len(values)} cells {fmt_tokens(values)} under {n_slots} "
                "columns; read by the header's positions", table, row.key)
        return cells
    if len(values) == n_slots:
        # Joined tokens are each at least one cell: as many tokens as columns means one each.
        return row_cells(row.key, slots, values)
    trimmed = TableMatch()
    if len(values) > n_slots and all(not v.text for v in values[n_slots:]) and not any(
            v.joined for v in values[:n_slots]):
        # (beside a digit run the solver tells trailing spacing from cells)
        extra = len(values) - n_slots
        values = values[:n_slots]
        # Trailing blank cells may be spacing — or a value was inserted before them.
        trimmed = issue(
            "value_count_mismatch", "warning",
            f"row {label!r}: {extra} empty cell(s) more than the {n_slots} columns; the "
            "trailing ones were ignored", table, row.key)
    if len(values) == n_slots:  # blank cells trimmed off the end
        return trimmed + row_cells(row.key, slots, values)
    if any(v.joined for v in values):
        return trimmed + issue(
            "boundaries_lost", "error",
            f"row {label!r}: the numbers run together with no cell boundaries "
            f"{fmt_tokens(values)}; expected {n_slots} values, not split", table, row.key
        ) + refused(row.key, slots, values, "boundaries_lost")
    return trimmed + refused(row.key, slots, values, "value_count_mismatch") + issue(
        "value_count_mismatch", "error",
        f"row {label!r}: expected {n_slots} values, found {len(values)} {fmt_tokens(values)}; "
        "left empty rather than guessed", table, row.key)
