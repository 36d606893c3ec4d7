"""Review/litigation values with blank cells lost: the groups told apart by their sums.

A report that leaves zeros blank prints fewer than the block's fifteen values once the
blank cells are gone from a flattened text (``0 0 11 11 | 0 3 0 0 3 | 10 8 0 18``). Counting
from the start then cuts the groups in the wrong places. But every group ends with its 总计,
the sum of the cells before it (维持 + 纠正 + 其他 + 尚未审结), so the values can be cut into
consecutive groups that each add up. When exactly one such cut exists, a group that kept all
its values is read whole, and a shorter one gives only its 总计 (which of its cells was blank
is not said by anything); its other cells stay empty, with an error naming the row.

Column-aligned text (``pdftotext -layout``) says a little more: poppler gives a fragment the
column where the furthest fragment starting left of it reaches, so a value never stands left
of the start of its own column's header word (12,773 values of the generated reports, seeds
0-27: none did) — though it may stand far right of it. A short group's values placed in
order, each at or right of its column's word, may leave only one column for some of them:
those cells are read, the row warned that positions placed them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from ._slots import Slot
from ._table_match import TableMatch, issue, row_cells
from ._templates import RowSpec, TableSpec
from ._tokens import Token

__all__ = ["put_blank_groups"]

#: At most this many cuts are looked at; past it the values are not cut at all.
_MAX_CUTS = 64


def _adds_up(part: Sequence[Token]) -> bool:
    """A group with its 总计 last: the last value is the sum of the others. A group that
    printed nothing (every cell blank) adds up too."""
    if not part:
        return True
    numbers = [t.parsed.value or 0 for t in part]
    return abs(sum(numbers[:-1]) - numbers[-1]) < 1e-9


def group_cuts(values: Sequence[Token], width: int, groups: int) -> list[tuple[int, ...]]:
    """Every way to cut ``values`` into ``groups`` consecutive groups of at most ``width``
    values, each adding up: the sizes of the groups (up to ``_MAX_CUTS + 1`` of them)."""
    out: list[tuple[int, ...]] = []

    def go(start: int, sizes: tuple[int, ...]) -> None:
        if len(out) > _MAX_CUTS:
            return
        if len(sizes) == groups:
            if start == len(values):
                out.append(sizes)
            return
        left = groups - len(sizes) - 1
        for size in range(width + 1):
            end = start + size
            if end > len(values) or len(values) - end > left * width:
                continue
            if _adds_up(values[start:end]):
                go(end, (*sizes, size))

    go(0, ())
    return out


def put_blank_groups(table: TableSpec, groups: Sequence[tuple[RowSpec, Sequence[Slot]]],
                     values: Sequence[Token],
                     fits: Callable[[tuple[int, ...]], bool] | None = None,
                     starts: Sequence[Sequence[int]] | None = None) -> TableMatch | None:
    """Read ``values`` (fewer than the block's cells, none of them text) into the groups'
    rows where every cut into groups that add up agrees on a group's values: a whole group
    in full, a shorter one only its 总计; the other rows get an error (every row, when the
    cuts agree on none and the values are not whole groups). ``None`` when it does not
    apply (the caller then reads the values as cut off at the end). ``fits``: whether a cut
    (the groups' sizes) agrees with the values' positions, where the text gives them (cuts
    that do not are dropped, unless none fits). ``starts``: where each group's header words
    of its cells before the 总计 start, by character index, where the text gives them (a
    short group's values then go where only one column is left for them)."""
    key = table.key
    width = len(table.columns)
    total = table.columns[-1].key
    if (not values or any(t.parsed.kind != "number" for t in values) or not groups
            or any(len(slots) != width or slots[-1].column != total for _, slots in groups)):
        return None
    cuts = group_cuts(values, width, len(groups))
    if fits is not None and len(cuts) <= _MAX_CUTS:
        cuts = [cut for cut in cuts if fits(cut)] or cuts
    extents = [{(sum(cut[:r]), cut[r]) for cut in cuts} for r in range(len(groups))]
    if not cuts or len(cuts) > _MAX_CUTS:
        return None  # no cut adds up (or too many): read as cut off at the end
    if all(len(e) > 1 for e in extents):
        if len(values) % width == 0:
            return _whole_groups_at_end(table, groups, values, cuts)
        # Several cuts add up and none tells a row apart, and reading the values as cut off
        # at the end would leave a group short too: a first row that lost every value would
        # get the second row's (0 | 3 5 5 13 | 0 0 0 read as 0 3 5 5 13), so no row is read.
        return TableMatch.merge(issue(
            "truncated_table", "error",
            f"table {key!r} holds {len(values)} of its {width * len(groups)} values "
            f"{[t.text for t in values]}: blank cells were lost and {len(cuts)} cuts into "
            f"groups adding up disagree on every row; row {row.label!r} left empty", key,
            row.key) for row, _ in groups)
    parts = [issue(
        "truncated_table", "warning",
        f"table {key!r} holds {len(values)} of its {width * len(groups)} values "
        f"{[t.text for t in values]}: blank cells were lost; its groups were told apart by "
        f"their 总计 ({len(cuts)} cut(s) where every group adds up)", key)]
    for r, ((row, slots), extent) in enumerate(zip(groups, extents, strict=True)):
        if len(extent) > 1:
            parts.append(issue(
                "truncated_table", "error",
                f"row {row.label!r}: which of the values are its own is not known (the cuts "
                "that add up disagree); left empty", key, row.key))
            continue
        start, size = next(iter(extent))
        part = values[start:start + size]
        if size == width:
            parts.append(row_cells(row.key, slots, part))
            continue
        placed = leaves_by_position(part[:-1], starts[r]) if starts and part else {}
        # (the header words' order is the template's: each goes to its own column's slot)
        by_key = {s.column: s for s in slots}
        placed = {j: tok for j, tok in placed.items() if table.columns[j].key in by_key}
        if part:
            parts.append(row_cells(row.key, slots[-1:], part[-1:]))
            parts.extend(row_cells(row.key, [by_key[table.columns[j].key]], [tok])
                         for j, tok in placed.items())
        parts.append(_short_row_issue(row, width, part, placed, key))
    return TableMatch.merge(parts)


def _short_row_issue(row: RowSpec, width: int, part: Sequence[Token], placed: dict[int, Token],
                     key: str) -> TableMatch:
    """The issue of a group that lost blank cells: an error when cells stay unknown, a
    warning when positions placed every value the group printed (its other cells blank)."""
    said = (f"row {row.label!r} printed {len(part)} of its {width} values "
            f"{[t.text for t in part]}")
    if placed and len(placed) == len(part) - 1:
        return issue(
            "truncated_table", "warning",
            f"{said}; its 总计 was read, and its other values placed by where they stand: "
            "each at or right of its column's header word, in order, leaves them one "
            "column each (the other cells blank) — positions, not sums, placed them",
            key, row.key)
    return issue(
        "truncated_table", "error",
        f"{said}; which of its cells were blank is not known, so "
        + ("nothing was read" if not part else "only its 总计 was read" if not placed else
           f"only its 总计 and {[t.text for t in placed.values()]} (placed by where they "
           "stand: at or right of their columns' header words) were read"), key, row.key)


def leaves_by_position(leaves: Sequence[Token], starts: Sequence[int]) -> dict[int, Token]:
    """The cells before a short group's 总计 that positions decide: each value (in order)
    stands at or right of the start of its column's header word (``starts``, by character
    index, as the values' ``Location.col``); a column every such placement gives the same
    value (or none, when every placement leaves it blank) is decided. Column index → value;
    columns decided blank are left out (nothing to read)."""
    at = [t.location.col for t in leaves]
    if not leaves or len(leaves) >= len(starts) or any(c is None for c in at):
        return {}
    ways = [m for m in itertools.combinations(range(len(starts)), len(leaves))
            if all(c is not None and c >= starts[j] for c, j in zip(at, m, strict=True))]
    if not ways:
        return {}
    decided: dict[int, Token] = {}
    for j in range(len(starts)):
        got = {m.index(j) if j in m else None for m in ways}
        if len(got) == 1 and (k := got.pop()) is not None:
            decided[j] = leaves[k]
    return decided


def _whole_groups_at_end(table: TableSpec, groups: Sequence[tuple[RowSpec, Sequence[Slot]]],
                         values: Sequence[Token], cuts: Sequence[tuple[int, ...]]
                         ) -> TableMatch | None:
    """Whole groups that cut several ways (``2 5 11 11 29`` is 行政复议's, or the next row's
    when 行政复议 left every cell blank): read as cut off at the end, as a table whose text
    stops early is, but each row read carries a warning naming it, since a row whose cells
    were all blank would have moved the values up. ``None`` when that reading does not add
    up (the caller then reads the values as before)."""
    key = table.key
    width = len(table.columns)
    whole = len(values) // width
    if tuple(width if r < whole else 0 for r in range(len(groups))) not in cuts:
        return None
    parts = [issue(
        "truncated_table", "warning",
        f"table {key!r} holds {len(values)} of its {width * len(groups)} values "
        f"{[t.text for t in values]}; complete rows were kept assuming the values were cut "
        f"off at the end ({len(cuts)} cuts into groups adding up)", key)]
    for r, (row, slots) in enumerate(groups):
        if r < whole:
            parts.append(row_cells(row.key, slots, values[r * width:(r + 1) * width]))
            parts.append(issue(
                "truncated_table", "warning",
                f"row {row.label!r} read as the values' group {r + 1}; if a row above it left "
                "every cell blank, these values are another row's", key, row.key))
        else:
            parts.append(issue(
                "truncated_table", "error",
                f"table {key!r} is cut short: row {row.label!r} has none of its "
                f"{width} values and is left empty", key, row.key))
    return TableMatch.merge(parts)


def blank_count(values: Sequence[Token], width: int, groups: int) -> int | None:
    """How many of ``values`` (the numbers after the block's header, in drawing order, maybe
    running on past the block) are the block's, when blank cells were lost: the most, below
    ``width × groups``, that cut into groups adding up (in a few ways at most). ``None``
    when no count does."""
    for n in range(min(len(values), width * groups - 1), width - 1, -1):
        if all(t.parsed.kind == "number" for t in values[:n]) and \
                0 < len(group_cuts(values[:n], width, groups)) <= _MAX_CUTS:
            return n
    return None
