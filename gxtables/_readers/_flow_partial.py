"""Side-by-side tables in ``pdftotext`` default mode whose columns are not all complete.

:mod:`._flow` rebuilds tables written as label lines then one block per column (header and
one value per row) only when every block holds one value per row. A column with a blank
cell breaks that: poppler writes fewer values under its header (``本年增/减`` / ``-`` for two
rows), or writes the header alone and its values as blocks of their own further on, and it
may draw a table's first column inside the label run (``本年新制作数量`` after ``信息内容``,
its value after the row labels). Which row such a value belongs to is unknown, so it is
never placed; but a *complete* column — a header followed, in one block, by exactly one
value per row — still gives its values in row order, and is worth keeping.

Here such a region becomes one exact grid per table (its title a paragraph before it): the
complete columns' values in their rows, and every cell of the other columns the text
:data:`UNPLACED`, which the build stage reports as ``unparsed_value`` (null, flagged on its
row and column), so the solver may still infer it from the arithmetic. A table with a value
among its row labels is all :data:`UNPLACED` (its rows are not known either).

Which blocks belong to which table: every split is tried (consecutive blocks per table, no
column header twice in one table, no column with more values than its table has rows), and
kept when column headers two tables share stand in the same order, tables of as many rows
side by side have as many columns, and each table has two value columns or more (what
printed forms do). A column is placed only when it is complete in the same table, with the
same rows, in every split kept. Anything else is left to :mod:`._flow`'s other shapes (and
so to the matcher, which flags what it cannot place).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from .._grid import UNREAD, Block, Cell, CellGrid, Location, Paragraph
from ._flow_lines import (
    MAX_BLOCKS,
    MAX_LABEL_LINES,
    MAX_TABLES,
    Scan,
    is_value,
    join_wrapped,
    value_lines,
)

__all__ = ["UNPLACED", "mixed_run_starts", "partial_tables"]

#: The text of a cell whose value the text does not place (not a number: null and flagged).
UNPLACED = UNREAD
#: Bounds on the search for the split of columns between tables (past them: no split).
_MAX_FITS = 64
_MAX_STEPS = 20_000


@attrs.frozen
class _Table:
    """One table's label lines: its title, the label column's header, its row labels (each
    a list of line indexes), and whether a value stood among them (rows then unknown)."""

    title: int
    header: int
    rows: list[list[int]]
    unsure: bool


@attrs.frozen
class _Column:
    """A column block: its header line (``None``: values with no header, an orphan) and
    each value's lines."""

    header: int | None
    values: list[list[int]]


def partial_tables(lines: Sequence[str], i: int) -> tuple[list[Block], int] | None:
    """The tables starting at line ``i`` (a title) as paragraphs and exact grids, and the
    line after the region; ``None`` unless some split fits and at least one column is
    complete in every split that does."""
    label_end = i
    while label_end < len(lines) and lines[label_end].strip():
        label_end += 1
        if label_end - i > MAX_LABEL_LINES:
            return None
    tables = _tables(lines, i, label_end)
    if tables is None:
        return None
    columns, end = _columns(lines, label_end)
    heads = [c for c in columns if c.header is not None]
    if not heads or len(columns) > MAX_BLOCKS:
        return None
    names = {lines[c.header].strip() for c in heads if c.header is not None}
    if any(lines[q].strip() in names for t in tables for row in t.rows for q in row):
        return None  # a column header among the labels: a column drawn there, which table's?
    fits = _fits(tables, heads, lines)
    if not fits:
        return None
    shapes, bounds = fits[0]
    groups = [heads[a:b] for a, b in bounds]
    agreed = _agreed(tables, heads, fits)
    complete = [[g in agreed for g in range(a, b)] for a, b in bounds]
    if not agreed:
        return None  # nothing placed: leave the text as it is
    if len(heads) < len(columns) and all(all(g) for g in complete):
        return None  # orphan values yet every column full: not this shape
    blocks: list[Block] = []
    for t, rows, group, full in zip(tables, shapes, groups, complete, strict=True):
        blocks.append(Paragraph(lines[t.title].strip(), Location(line=t.title + 1)))
        blocks.append(_grid(lines, t, rows, group, full, len(blocks)))
    return blocks, end


def _tables(lines: Sequence[str], i: int, end: int) -> list[_Table] | None:
    """The label run split at its repeated label-column header (信息内容)."""
    if end - i < 4:
        return None
    texts = [lines[q].strip() for q in range(i, end)]
    header = texts[1]
    if is_value(texts[0]) or is_value(header) or texts[0] == header:
        return None
    at = [p for p, t in enumerate(texts) if t == header]
    if len(at) < 2 or len(at) > MAX_TABLES or any(p - 1 in at for p in at):
        return None
    tables: list[_Table] = []
    for n, p in enumerate(at):
        if is_value(texts[p - 1]):
            return None
        stop = at[n + 1] - 1 if n + 1 < len(at) else len(texts)
        rows = [[i + q] for q in range(p + 1, stop) if not is_value(texts[q])]
        if not rows:
            return None
        unsure = len(rows) < stop - p - 1
        tables.append(_Table(i + p - 1, i + p, rows, unsure))
    return tables


def _columns(lines: Sequence[str], start: int) -> tuple[list[_Column], int]:
    """Blank-separated blocks after the label run: a header and its values, a header
    alone, or values alone; up to the last block holding values."""
    columns: list[_Column] = []
    q = start
    while q < len(lines):
        while q < len(lines) and not lines[q].strip():
            q += 1
        if q >= len(lines):
            break
        header: int | None = None
        first = q
        if not is_value(lines[q]):
            header = q
            q += 1
        values, q = value_lines(lines, q)
        if q < len(lines) and lines[q].strip():
            q = first
            break  # a label after the block: the region ended before it
        columns.append(_Column(header, values))
        if len(columns) > MAX_BLOCKS:
            break  # too many for a split to be searched: the caller gives up
    if columns and (columns[-1].header is None or not columns[-1].values):
        return [], start  # a heading, or a last column left blank? where the region ends is unknown
    end = columns[-1].values[-1][-1] + 1 if columns else start
    return columns, end


Fit = tuple[list[list[list[int]]], list[tuple[int, int]]]  # each table's rows, its columns


def _fits(tables: list[_Table], heads: list[_Column], lines: Sequence[str]) -> list[Fit]:
    """The splits of the header blocks between the tables that fit (none when too many),
    with each table's rows (wrapped labels joined when its complete columns say how many
    rows there are)."""
    names = [lines[c.header].strip() for c in heads if c.header is not None]
    fits: list[Fit] = []
    steps = [0]

    def walk(k: int, start: int, shapes: list[list[list[int]]],
             bounds: list[tuple[int, int]]) -> None:
        steps[0] += 1
        if len(fits) > _MAX_FITS or steps[0] > _MAX_STEPS:
            return
        if k == len(tables):
            if start == len(heads):
                fits.append((list(shapes), list(bounds)))
            return
        last = len(heads) - (len(tables) - k - 1)
        for stop in range(start + 1, last + 1):
            if len(set(names[start:stop])) != stop - start:
                break
            rows = _rows(tables[k], heads[start:stop], lines)
            if rows is None:
                continue
            walk(k + 1, stop, [*shapes, rows], [*bounds, (start, stop)])

    walk(0, 0, [], [])
    if len(fits) > _MAX_FITS or steps[0] > _MAX_STEPS:
        return []  # too many ways: none is sure
    return [f for f in fits if all(rule(f[0], [names[a:b] for a, b in f[1]])
                                   for rule in (_ordered, _even, _two_columns))]


def _agreed(tables: list[_Table], heads: list[_Column], fits: list[Fit]) -> set[int]:
    """The header blocks complete in the same table, with the same rows, in every fit:
    the columns whose values are placed."""
    agreed: set[tuple[int, int, tuple[tuple[int, ...], ...]]] | None = None
    for shapes, bounds in fits:
        here: set[tuple[int, int, tuple[tuple[int, ...], ...]]] = set()
        for k, (a, b) in enumerate(bounds):
            if tables[k].unsure:
                continue
            here.update((g, k, tuple(map(tuple, shapes[k]))) for g in range(a, b)
                        if len(heads[g].values) == len(shapes[k]))
        agreed = here if agreed is None else agreed & here
    return {g for g, _k, _shape in agreed or ()}


def _rows(table: _Table, group: list[_Column], lines: Sequence[str]) -> list[list[int]] | None:
    """The table's rows given its columns, or ``None`` when a column has more values than
    the table can have rows. Wrapped labels are joined only when two columns or more (or
    every column) are complete at the joined count."""
    counts = [len(c.values) for c in group]
    most = max(counts)
    if most > len(table.rows):
        return None
    if table.unsure or most == len(table.rows):
        return table.rows
    full = counts.count(most)
    joined = join_wrapped(table.rows, most, lines) if most else None
    if joined is not None and (full >= 2 or full == len(counts)):
        return joined
    return table.rows


def _ordered(shapes: list[list[list[int]]], heads: list[list[str]]) -> bool:
    """Column headers two tables share stand in the same order in both: the order the
    tables' headers give, pair by pair, has no cycle."""
    after: dict[str, set[str]] = {}
    for names in heads:
        for a, name in enumerate(names):
            after.setdefault(name, set()).update(names[a + 1:])
    state: dict[str, int] = {}

    def acyclic(name: str) -> bool:
        state[name] = 1
        for nxt in after.get(name, ()):
            if state.get(nxt) == 1 or (nxt not in state and not acyclic(nxt)):
                return False
        state[name] = 2
        return True

    return all(name in state or acyclic(name) for name in after)


def _even(shapes: list[list[list[int]]], heads: list[list[str]]) -> bool:
    """Tables next to each other with the same number of rows have as many columns."""
    return all(len(heads[k]) == len(heads[k - 1]) for k in range(1, len(shapes))
               if len(shapes[k]) == len(shapes[k - 1]))


def _two_columns(shapes: list[list[list[int]]], heads: list[list[str]]) -> bool:
    """Each table has a label column and two value columns or more (a last tie-break)."""
    return all(len(names) >= 2 for names in heads)


def _grid(lines: Sequence[str], table: _Table, rows: list[list[int]], group: list[_Column],
          full: list[bool], index: int) -> CellGrid:
    """The table as an exact grid: the label header and column headers, then each row's
    label and its values (:data:`UNPLACED` where the column is not complete)."""

    def cell(text: str, r: int, c: int, line: int) -> Cell:
        return Cell(text, r, c, location=Location(line=line + 1))

    heads = [c.header for c in group if c.header is not None]
    assert len(heads) == len(group)  # only header blocks are split between tables
    cells = [cell(lines[table.header].strip(), 0, 0, table.header)]
    cells.extend(cell(lines[h].strip(), 0, c, h) for c, h in enumerate(heads, start=1))
    for r, row in enumerate(rows, start=1):
        cells.append(cell("".join(lines[q].strip() for q in row), r, 0, row[0]))
        for c, (column, whole) in enumerate(zip(group, full, strict=True), start=1):
            if whole:
                value = column.values[r - 1]
                cells.append(cell("".join(lines[q].strip() for q in value), r, c, value[0]))
            else:
                cells.append(cell(UNPLACED, r, c, heads[c - 1]))
    return CellGrid(tuple(cells), index=index, location=Location(line=table.title + 1))


def mixed_run_starts(seen: Scan) -> set[int]:
    """As :func:`._flow._label_run_starts`, over runs of non-blank lines that may hold values: a
    table's first column drawn inside the label run (``信息内容`` / ``本年新制作数量`` / ``规章``
    / ``规范性文件`` / ``34``) — read by :mod:`._flow_partial`, which places none of them.
    ``seen`` is :func:`._flow_lines.scan` of the text's lines."""
    texts, values = seen.texts, seen.values
    starts: set[int] = set()
    i = 0
    while i < len(texts):
        if not texts[i]:
            i += 1
            continue
        end = i
        while end < len(texts) and texts[end]:
            end += 1
        if end - i > 1:  # one line repeats nothing
            counts: dict[str, int] = {}
            for t in texts[i:end]:
                counts[t] = counts.get(t, 0) + 1
            first = next((q for q in range(i + 1, end) if counts[texts[q]] >= 2
                          and not values[q] and not values[q - 1]), None)
            if first is not None:
                starts.add(first - 1)
        i = end
    return starts
