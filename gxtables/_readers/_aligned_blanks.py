"""Blank cells of column-aligned text put back where their columns stand.

``pdftotext -layout`` prints an empty cell as nothing, so a row with blanks has fewer numbers
than its table has columns and the matcher cannot tell which ones are missing. The columns
are where the table's complete rows print their numbers: two rows near it with the most
numbers, at the same positions, give them. A row with fewer numbers, each under exactly one
of those columns (in order), gets an empty cell under every column it leaves out. Anything
less clear (a number between two columns, a page that drifted) is left as it was, for the
matcher to flag.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from functools import partial

from ._aligned_frag import _Frag

__all__ = ["fill_blanks"]

#: How far (display columns) a number's centre may stand from its column's centre.
_TOLERANCE = 2.0
#: Digits inside or ending a label, right after an ideograph (``逾期不补正、行政机0`` /
#: ``关不再处理…``): a row's first number run into its label's line, not outline numbering.
_GLUED_DIGITS = re.compile(r"[\u3400-\u9fff]\d+(?:[\u3400-\u9fff]|$)")
#: How many rows away the complete rows giving the columns may stand.
_REACH = 12


def fill_blanks(rows: list[list[_Frag]], pages: Sequence[int] = ()) -> list[list[_Frag]]:
    """``rows`` with an empty piece for each blank cell a row's numbers leave out
    (``pages``: the lines of page numbers between them, where a table's columns drift).

    The other measure of the columns (display width or character index, whichever the
    block is not read by) must not put the numbers elsewhere: labels of different widths
    shift the rows apart under one measure, and a shifted row must never be filled."""
    values = [_trailing_values(row) for row in rows]
    segment = _segments(rows, values, pages)
    tables: dict[int, list[list[_Frag]]] = {}
    for k, vals in enumerate(values):
        if vals:
            tables.setdefault(segment[k], []).append(vals)
    found: dict[tuple[int, bool], list[float] | None] = {}  # each table's columns, once

    def table_columns(seg: int, alt: bool) -> list[float] | None:
        if (seg, alt) not in found:
            table = tables[seg]
            unknown = alt and any(f.alt < 0 for vals in table for f in vals)
            found[seg, alt] = None if unknown else _columns_of(table, alt)
        return found[seg, alt]

    placed: dict[int, tuple[list[float], list[int]]] = {}
    for r, vals in enumerate(values):
        if not vals:
            continue  # no numbers, or no label: nothing says where the row's cells start
        if any(_GLUED_DIGITS.search(f.text) for f in rows[r][:len(rows[r]) - len(vals)]):
            continue  # its first number may be the one run into its label (``行政机0关``)
        main = _placement(values, segment, r, alt=False,
                          of_table=partial(table_columns, segment[r], False))
        if main is None:
            continue
        # the other measure looks across tables and pages too: any placement it finds
        # elsewhere forbids the fill
        other = _placement(values, None, r, alt=True,
                           of_table=partial(table_columns, segment[r], True))
        if other is not None and (len(other[0]) != len(main[0]) or other[1] != main[1]):
            continue
        placed[r] = main
    for r in [r for r in placed if _one_row_on_two_lines(placed[r], placed.get(r + 1))]:
        # two short rows whose numbers fill every column once between them: one row's
        # numbers printed on two lines (``346（市政府网`` over ``12  34211``), not blanks
        placed.pop(r, None)
        placed.pop(r + 1, None)
    out = [list(row) for row in rows]
    for r, (columns, slots) in placed.items():
        vals = values[r]
        filled: list[_Frag] = []
        line = vals[0].line
        at = dict(zip(slots, vals, strict=True))
        for j, centre in enumerate(columns):
            filled.append(at.get(j) or _Frag("", line, max(0, round(centre))))
        out[r] = out[r][:len(out[r]) - len(vals)] + filled
    return out


def _one_row_on_two_lines(a: tuple[list[float], list[int]],
                          b: tuple[list[float], list[int]] | None) -> bool:
    return (b is not None and a[0] == b[0]
            and sorted(a[1] + b[1]) == list(range(len(a[0]))))


def _placement(values: list[list[_Frag]], segment: list[int] | None, r: int, *, alt: bool,
               of_table: Callable[[], list[float] | None]
               ) -> tuple[list[float], list[int]] | None:
    """Row ``r``'s columns (two complete rows near it — of its own table and page when
    ``segment`` is given — else its table's) and the column of each of its numbers, by one
    measure."""
    if alt and any(f.alt < 0 for f in values[r]):
        return None
    columns = _columns_near(values, segment, r, alt) or of_table()
    if columns is None or len(columns) <= len(values[r]):
        return None
    slots = _slots(values[r], columns, alt)
    return None if slots is None else (columns, slots)


def _trailing_values(row: list[_Frag]) -> list[_Frag]:
    """The numbers ending a row with a label before them (none for other rows, nor for
    marks alone: ``理 无`` is two characters of group labels printed down the side)."""
    k = len(row)
    while k > 0 and row[k - 1].numeric:
        k -= 1
    if not any(ch.isdigit() for f in row[k:] for ch in f.text):
        return []
    return row[k:] if 0 < k < len(row) else []


def _centre(frag: _Frag, alt: bool) -> float:
    return (frag.alt if alt else frag.start) + frag.figure_width / 2


def _columns_near(values: list[list[_Frag]], segment: list[int] | None, r: int,
                  alt: bool) -> list[float] | None:
    """The column centres two rows within reach (of its table and page) agree on, from the
    rows with the most numbers; ``None`` when no two such rows agree."""
    near = [k for k in range(max(0, r - _REACH), min(len(values), r + _REACH + 1))
            if k != r and values[k] and (segment is None or segment[k] == segment[r])]
    if not near:
        return None
    most = max(len(values[k]) for k in near)
    full = sorted((k for k in near if len(values[k]) == most), key=lambda k: abs(k - r))
    for a_pos, a in enumerate(full):
        for b in full[a_pos + 1:]:
            ca = [_centre(f, alt) for f in values[a]]
            cb = [_centre(f, alt) for f in values[b]]
            if all(abs(x - y) <= _TOLERANCE for x, y in zip(ca, cb, strict=True)):
                columns = [(x + y) / 2 for x, y in zip(ca, cb, strict=True)]
                if _fit_between(values, min(a, b, r), max(a, b, r), columns, alt):
                    return columns
    return None


def _fit_between(values: list[list[_Frag]], lo: int, hi: int, columns: list[float],
                 alt: bool) -> bool:
    """Every number of the rows from ``lo`` to ``hi`` stands under one of ``columns``: the
    rows giving the columns are not across a page break (pdftotext lays out each page
    afresh) or another table from the row they are to fill."""
    return all(any(abs(_centre(f, alt) - c) <= _TOLERANCE for c in columns)
               for k in range(lo, hi + 1) for f in values[k])


def _segments(rows: list[list[_Frag]], values: list[list[_Frag]],
              pages: Sequence[int]) -> list[int]:
    """A number per row naming its table or page: a line of several pieces without
    numbers (a header) starts the next one, and so does a page; a line of single
    characters (``度 四``: group labels printed down the side) does not."""
    out: list[int] = []
    seg = 0
    breaks = iter(sorted(pages))
    upcoming = next(breaks, None)
    for row, vals in zip(rows, values, strict=True):
        first = min((f.line for f in row), default=0)
        if upcoming is not None and first > upcoming:
            seg += 1
            while upcoming is not None and upcoming < first:
                upcoming = next(breaks, None)
        elif not vals and len(row) >= 2 and not any(f.numeric for f in row) \
                and any(len(f.text.strip()) > 1 for f in row):
            seg += 1
        out.append(seg)
    return out


def _columns_of(table: list[list[_Frag]], alt: bool) -> list[float] | None:
    """The columns a table's numbers stand in, when every number is near one of them: each
    column a cluster of centres no wider than twice the tolerance, apart from the next."""
    centres = sorted(_centre(f, alt) for vals in table for f in vals)
    if not centres:
        return None
    clusters: list[list[float]] = [[centres[0]]]
    for c in centres[1:]:
        if c - clusters[-1][-1] <= _TOLERANCE:
            clusters[-1].append(c)
        else:
            clusters.append([c])
    if any(cl[-1] - cl[0] > 2 * _TOLERANCE for cl in clusters) or any(
            b[0] - a[-1] < 2 * _TOLERANCE for a, b in itertools.pairwise(clusters)):
        # numbers drift (a page break, a wide cell): no clear columns — nor where two
        # clusters stand closer than their own width (a long number pushed the cell after it)
        return None
    if len(clusters) != max(len(vals) for vals in table):
        return None  # no row fills every column: some column may print no number at all
    return [(cl[0] + cl[-1]) / 2 for cl in clusters]


def _slots(vals: list[_Frag], columns: list[float], alt: bool) -> list[int] | None:
    """The column of each number, in order, each number near one column only."""
    out: list[int] = []
    for v in vals:
        hits = [j for j, c in enumerate(columns) if abs(_centre(v, alt) - c) <= _TOLERANCE]
        if len(hits) != 1 or (out and hits[0] <= out[-1]):
            return None
        out.append(hits[0])
    return out
