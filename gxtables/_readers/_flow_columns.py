"""Side-by-side tables as ``pdftotext`` default mode writes them: every table's label lines
first (title, the label column's header 信息内容, the row labels), then one block per value
column (its header, one value per row). Rebuilt row by row only when each block holds a value
for every row of its table and exactly one split of the blocks between the tables fits; a
region with blank cells is :mod:`._flow_partial`'s."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from ._flow_lines import (
    MAX_BLOCKS,
    MAX_LABEL_LINES,
    MAX_TABLES,
    is_value,
    join_wrapped,
    value_lines,
)

__all__ = ["column_blocks"]


def column_blocks(lines: Sequence[str], i: int) -> tuple[list[str], list[int], int] | None:
    """Tables written as label lines then column blocks, starting at line ``i`` (a table
    title); the rewritten lines, their origins, and the line after the region."""
    labels_end = i
    while labels_end < len(lines) and lines[labels_end].strip() and not is_value(
            lines[labels_end]):
        labels_end += 1
        if labels_end - i > MAX_LABEL_LINES:
            return None
    label_lines = list(range(i, labels_end))
    if len(label_lines) < 4 or labels_end >= len(lines):
        return None
    tables = _label_tables(lines, label_lines)
    if tables is None:
        return None
    blocks, end = _value_blocks(lines, labels_end)
    if not blocks or len(blocks) > MAX_BLOCKS:
        return None
    groups = _assign_blocks(tables, blocks, lines)
    if groups is None:
        return None
    out: list[str] = []
    src: list[int] = []
    for (title, header, rows), group in zip(tables, groups, strict=True):
        out.append(lines[title].strip())
        src.append(title)
        out.append(lines[header].strip())
        src.append(header)
        for block in group:
            out.append(lines[block[0][0]].strip())
            src.append(block[0][0])
        for r, row in enumerate(rows):
            out.append("".join(lines[q].strip() for q in row))
            src.append(row[0])
            for block in group:
                value = block[1 + r]
                out.append("".join(lines[q].strip() for q in value))
                src.append(value[0])
    return out, src, end


Table = tuple[int, int, list[list[int]]]  # title line, label header line, row label lines


def _label_tables(lines: Sequence[str], label_lines: list[int]) -> list[Table] | None:
    """Split the label run into tables: the label column's header is the one line printed
    before every table's labels (信息内容), the line before it the table's title."""
    texts = [lines[q].strip() for q in label_lines]
    if texts.count(texts[1]) < 2 or texts[0] == texts[1]:
        return None
    header = texts[1]
    at = [p for p, t in enumerate(texts) if t == header]
    if any(p == 0 or p - 1 in at for p in at) or len(at) > MAX_TABLES:
        return None
    tables: list[Table] = []
    for n, p in enumerate(at):
        stop = at[n + 1] - 1 if n + 1 < len(at) else len(texts)
        rows = [[label_lines[q]] for q in range(p + 1, stop)]
        if not rows:
            return None
        tables.append((label_lines[p - 1], label_lines[p], rows))
    return tables


Block = list[list[int]]  # the header's lines, then each value's lines


def _value_blocks(lines: Sequence[str], start: int) -> tuple[list[Block], int]:
    """Blocks of one header line and value lines, separated by blank lines; a value that
    wrapped inside its brackets (``740（市政府网`` / ``站）``) keeps its second line."""
    blocks: list[Block] = []
    q = start
    while q < len(lines):
        while q < len(lines) and not lines[q].strip():
            q += 1
        if q >= len(lines) or is_value(lines[q]):
            break
        header = q
        values, q = value_lines(lines, q + 1)
        if not values or (q < len(lines) and lines[q].strip()):
            break  # a header with no values, or a label after values: not a column block
        blocks.append([[header], *values])
    # back up to the blank line after the last whole block
    end = blocks[-1][-1][-1] + 1 if blocks else start
    return blocks, end


def _assign_blocks(tables: list[Table], blocks: list[Block], lines: Sequence[str]
                   ) -> list[list[Block]] | None:
    """Consecutive blocks per table, each block holding one value per row of its table.
    Wrapped row labels are joined first (see ``join_wrapped``). When several splits fit,
    the one giving tables of the same row count the same number of columns is taken, and
    only if it is the one split where no column header repeats inside a table."""
    counts = [len(b) - 1 for b in blocks]
    heads = [lines[b[0][0]].strip() for b in blocks]
    n = len(tables)
    fits: list[list[list[Block]]] = []
    for cuts in combinations(range(1, len(blocks)), n - 1):
        bounds = [0, *cuts, len(blocks)]
        groups = [blocks[bounds[k]:bounds[k + 1]] for k in range(n)]
        ok = True
        for k, group in enumerate(groups):
            want = {counts[bounds[k] + g] for g in range(len(group))}
            names = heads[bounds[k]:bounds[k + 1]]
            if len(want) != 1 or len(set(names)) != len(names):
                ok = False
                break
            joined = join_wrapped(tables[k][2], want.pop(), lines)
            if joined is None:
                ok = False
                break
        if ok:
            fits.append(groups)
    if len(fits) > 1:
        fits = [g for g in fits if _even(tables, g, lines)]
    if len(fits) != 1:
        return None
    for k, group in enumerate(fits[0]):
        rows = join_wrapped(tables[k][2], len(group[0]) - 1, lines)
        assert rows is not None  # checked above
        tables[k] = (tables[k][0], tables[k][1], rows)
    return fits[0]


def _even(tables: list[Table], groups: list[list[Block]], lines: Sequence[str]) -> bool:
    """Tables next to each other with the same number of rows have as many columns."""
    for k in range(1, len(groups)):
        same_rows = len(groups[k][0]) == len(groups[k - 1][0])
        if same_rows and len(groups[k]) != len(groups[k - 1]):
            return False
    return True


# -- locations -------------------------------------------------------------------------------
