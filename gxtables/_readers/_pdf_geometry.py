"""PDF cell geometry, pure: cell boxes → grid lines and spans, characters → lines → cell text.

Plain data in, plain data out (boxes as ``(x0, top, x1, bottom)`` tuples, :class:`Char`\\ s
from :mod:`._pdf_model`); nothing here touches pdfium or pdfminer, so every step is tested
on hand-built boxes (tests/test_reader_pdf.py). Used by :mod:`._pdf_assemble`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence

from .._normalize import clean_cell_text
from ._pdf_model import Char, Transform
from ._pdf_table import Edge

__all__ = [
    "BBox",
    "assign_chars",
    "cell_text",
    "chars_bbox",
    "cluster_positions",
    "grid_lines",
    "group_lines",
    "line_text",
    "locate_span",
    "nearest_index",
    "place_cells",
    "same_columns",
]

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom

#: Distinct cell edges closer than this (points) are the same grid line.
_EDGE_TOL = 2.5


# ---------------------------------------------------------------------------------------
# Geometry: cell boxes → grid coordinates (pure)
# ---------------------------------------------------------------------------------------


def cluster_positions(values: Iterable[float], tol: float = _EDGE_TOL) -> list[float]:
    """Sorted distinct positions, values within ``tol`` of a cluster's first merged into it
    (the cluster's mean is kept).

    >>> cluster_positions([10.0, 10.4, 50.0, 9.8])
    [10.066666666666666, 50.0]
    """
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][0] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def nearest_index(bounds: Sequence[float], value: float) -> int:
    """Index of the boundary nearest to ``value`` (``bounds`` sorted)."""
    i = bisect_right(bounds, value)
    if i == 0:
        return 0
    if i == len(bounds):
        return len(bounds) - 1
    return i if bounds[i] - value < value - bounds[i - 1] else i - 1


def locate_span(lo: float, hi: float, bounds: Sequence[float]) -> tuple[int, int]:
    """``(start, span)`` of the interval ``lo..hi`` on the grid lines ``bounds``."""
    start = nearest_index(bounds, lo)
    end = nearest_index(bounds, hi)
    return start, max(1, end - start)


def place_cells(
    bboxes: Sequence[BBox], xs: Sequence[float], ys: Sequence[float]
) -> list[tuple[int, int, int, int]]:
    """Each box → ``(row, col, rowspan, colspan)`` on the grid lines ``xs`` and ``ys``."""
    out = []
    for x0, top, x1, bottom in bboxes:
        row, rowspan = locate_span(top, bottom, ys)
        col, colspan = locate_span(x0, x1, xs)
        out.append((row, col, rowspan, colspan))
    return out


def grid_lines(bboxes: Iterable[BBox]) -> tuple[list[float], list[float]]:
    """Column and row boundaries: the distinct x and y edges of the cells."""
    boxes = list(bboxes)
    xs = cluster_positions([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = cluster_positions([b[1] for b in boxes] + [b[3] for b in boxes])
    return xs, ys


def same_columns(a: Sequence[float], b: Sequence[float], tol: float = _EDGE_TOL) -> bool:
    """Do two tables share their column boundaries? Outer edges must agree and one set must
    lie within the other (a continuation may lack a line that only merged rows cross)."""
    if len(a) < 2 or len(b) < 2:
        return False
    if abs(a[0] - b[0]) > tol or abs(a[-1] - b[-1]) > tol:
        return False

    def within(small: Sequence[float], big: Sequence[float]) -> bool:
        return all(abs(big[nearest_index(big, v)] - v) <= tol for v in small)

    return within(a, b) or within(b, a)


# ---------------------------------------------------------------------------------------
# Text: characters → lines → cell text (pure)
# ---------------------------------------------------------------------------------------


def chars_bbox(chars: Sequence[Char]) -> BBox:
    """The box that holds every one of (a non-empty run of) ``chars``."""
    return (min(c.x0 for c in chars), min(c.top for c in chars),
            max(c.x1 for c in chars), max(c.bottom for c in chars))


def group_lines(chars: Iterable[Char], *, by: Callable[[Char], float] = lambda c: c.top,
                tolerance: float = 0.5) -> list[list[Char]]:
    """Characters grouped into lines by ``top`` (or ``by``: within ``tolerance`` of the
    smaller glyph height of the line's first character), lines top to bottom, characters
    left to right. Text set one character per line down a tall cell comes out top to
    bottom."""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (by(c), c.x0)):
        if lines:
            first = lines[-1][0]
            if by(ch) - by(first) <= tolerance * max(1.0, min(first.size, ch.size)):
                lines[-1].append(ch)
                continue
        lines.append([ch])
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def line_text(line: Sequence[Char]) -> str:
    """A line's characters joined; a space only where a visible gap separates two ASCII
    letters or digits (CJK text needs none)."""
    out = ""
    prev: Char | None = None
    for ch in line:
        if (
            prev is not None
            and out
            and ch.x0 - prev.x1 > 0.4 * max(1.0, ch.size)
            and _ascii_word(out[-1])
            and _ascii_word(ch.text[:1])
        ):
            out += " "
        out += ch.text
        prev = ch
    return out


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def cell_text(chars: Iterable[Char]) -> str:
    """The text of one cell: its lines in reading order, joined (``clean_cell_text``)."""
    return clean_cell_text("\n".join(line_text(line) for line in group_lines(chars)))


def assign_chars(
    cells: Sequence[BBox], chars: Iterable[Char]
) -> tuple[list[list[Char]], list[Char]]:
    """Put each character in the cell under its centre; the rest are outside every cell.
    Where cells overlap, the smallest one under the character takes it: a corner cell whose
    bottom border stops short of the table's left edge (the group column below it is one
    merged cell) is found reaching down to the table's foot, over the row labels beside the
    group column, and their text is theirs, not the corner's."""
    xs, ys = grid_lines(cells)
    slot: dict[tuple[int, int], int] = {}
    placed = place_cells(cells, xs, ys)
    for i in sorted(range(len(placed)), key=lambda k: -placed[k][2] * placed[k][3]):
        row, col, rowspan, colspan = placed[i]
        for r in range(row, row + rowspan):
            for c in range(col, col + colspan):
                slot[(r, c)] = i
    inside: list[list[Char]] = [[] for _ in cells]
    outside: list[Char] = []
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        r, c = bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1
        i = slot.get((r, c), -1) if 0 <= r < len(ys) - 1 and 0 <= c < len(xs) - 1 else -1
        if i >= 0:
            x0, top, x1, bottom = cells[i]
            if x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1:
                inside[i].append(ch)
                continue
        outside.append(ch)
    return inside, outside


#: How far from level (or plumb) a ruling segment may be and still count as one, in points.
_AXIS_EPS = 0.01

Rect = tuple[float, float, float, float]


def edges_of(segments: list[Rect], t: Transform) -> list[Edge]:
    """The level and plumb ones of ruling ``segments`` (PDF user space, ``x0, y0, x1, y1``)
    as display-space edges; slanted ones are no table rules."""
    edges = []
    for x0, y0, x1, y1 in segments:
        ax, ay = t.point(x0, y0)
        bx, by = t.point(x1, y1)
        if abs(ay - by) < _AXIS_EPS:
            edges.append(Edge("h", ay, min(ax, bx), max(ax, bx)))
        elif abs(ax - bx) < _AXIS_EPS:
            edges.append(Edge("v", ax, min(ay, by), max(ay, by)))
    return edges


def covered_chars(chars: list[Char], char_z: list[int], whites: list[tuple[int, Rect]]
                  ) -> list[tuple[Rect, list[Char]]]:
    """White boxes (display space) painted after the text under them (by the glyph's
    centre), each with that text: what a viewer shows blank."""
    out = []
    for z, box in whites:
        under = [
            c for c, cz in zip(chars, char_z, strict=True)
            if cz < z and c.text.strip()
            and box[0] <= (c.x0 + c.x1) / 2 <= box[2] and box[1] <= (c.top + c.bottom) / 2 <= box[3]
        ]
        if under:
            out.append((box, under))
    return out
