"""Ruled-table finding on plain ruling segments: edges → merged lines → crossings → cells →
tables, each step a small pure function.

The semantics are pdfplumber's ``lines`` strategy (``pdfplumber.table``: snap, join,
``edges_to_intersections``, ``intersections_to_cells``, ``cells_to_tables``), which the
reader used before, so the cells found are the same; the work is indexed (sorted lines,
bisection, per-line point lists) instead of pairwise, and bounded: past ``max_items``
segments or crossings the page raises :class:`TooManyEdges` instead of running for minutes
(a page of 90,000 ruled rectangles). ``tests/test_pdf_table.py`` checks the equivalence
with pdfplumber's functions on generated segments.

Coordinates are top-down page points (``top`` grows downwards), as pdfplumber's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import attrs

__all__ = [
    "Edge",
    "TooManyEdges",
    "cells_to_tables",
    "edges_to_intersections",
    "find_tables",
    "intersections_to_cells",
    "merge_edges",
]

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom
Point = tuple[float, float]

#: pdfplumber's defaults as the reader set them: Word/WPS borders are 0.5–1.5 pt wide.
SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
INTERSECTION_TOLERANCE = 3.0
EDGE_MIN_LENGTH = 3.0
#: Segments shorter than this are dropped before merging (pdfplumber's prefilter).
EDGE_PREFILTER = 1.0


@attrs.frozen
class Edge:
    """A horizontal (``"h"``: at ``pos`` = top, from ``lo`` = x0 to ``hi`` = x1) or vertical
    (``"v"``: at ``pos`` = x, from ``lo`` = top to ``hi`` = bottom) ruling segment."""

    orientation: str
    pos: float
    lo: float
    hi: float

    @property
    def length(self) -> float:
        return self.hi - self.lo


class TooManyEdges(Exception):
    """A page holds more ruling segments or crossings than the caller allows."""

    def __init__(self, what: str, count: int, limit: int) -> None:
        super().__init__(f"{count:,} {what}, over the limit of {limit:,}")
        self.what = what
        self.count = count
        self.limit = limit


def _snap(values: Sequence[float], tolerance: float) -> dict[float, float]:
    """Each distinct value → the mean of its cluster (chained: a value within
    ``tolerance`` of the previous one joins its cluster), weighted by occurrences."""
    counts: dict[float, int] = defaultdict(int)
    for v in values:
        counts[v] += 1
    out: dict[float, float] = {}
    group: list[float] = []

    def close() -> None:
        n = sum(counts[g] for g in group)
        mean = sum(g * counts[g] for g in group) / n
        for g in group:
            out[g] = mean

    for v in sorted(counts):
        if group and v > group[-1] + tolerance:
            close()
            group = []
        group.append(v)
    if group:
        close()
    return out


def merge_edges(
    edges: Iterable[Edge],
    snap: float = SNAP_TOLERANCE,
    join: float = JOIN_TOLERANCE,
    min_length: float = EDGE_MIN_LENGTH,
) -> list[Edge]:
    """Snap parallel segments within ``snap`` of each other to their mean position, join
    collinear ones whose gap is at most ``join``, keep those at least ``min_length`` long."""
    by: dict[str, list[Edge]] = {"h": [], "v": []}
    for e in edges:
        if e.length >= EDGE_PREFILTER:
            by[e.orientation].append(e)
    out: list[Edge] = []
    for orientation in ("h", "v"):
        group = by[orientation]
        where = _snap([e.pos for e in group], snap)
        lines: dict[float, list[Edge]] = defaultdict(list)
        for e in group:
            lines[where[e.pos]].append(e)
        for pos in sorted(lines):
            joined: list[list[float]] = []
            for e in sorted(lines[pos], key=lambda e: e.lo):
                if joined and e.lo <= joined[-1][1] + join:
                    joined[-1][1] = max(joined[-1][1], e.hi)
                else:
                    joined.append([e.lo, e.hi])
            out.extend(
                Edge(orientation, pos, lo, hi) for lo, hi in joined if hi - lo >= min_length
            )
    return out


Intersections = dict[Point, tuple[frozenset[int], frozenset[int]]]


def edges_to_intersections(
    edges: Sequence[Edge],
    tolerance: float = INTERSECTION_TOLERANCE,
    max_items: int | None = None,
) -> Intersections:
    """Points where a vertical edge meets a horizontal one (within ``tolerance``), each with
    the indices (into ``edges``) of the vertical and horizontal edges through it."""
    hs = sorted((e.pos, i) for i, e in enumerate(edges) if e.orientation == "h")
    h_pos = [p for p, _ in hs]
    v_sets: dict[Point, set[int]] = defaultdict(set)
    h_sets: dict[Point, set[int]] = defaultdict(set)
    for i, v in enumerate(edges):
        if v.orientation != "v":
            continue
        a = bisect_left(h_pos, v.lo - tolerance)
        b = bisect_right(h_pos, v.hi + tolerance)
        for y, j in hs[a:b]:
            h = edges[j]
            if h.lo - tolerance <= v.pos <= h.hi + tolerance:
                point = (v.pos, y)
                v_sets[point].add(i)
                h_sets[point].add(j)
        if max_items is not None and len(v_sets) > max_items:
            raise TooManyEdges("ruling-line crossings", len(v_sets), max_items)
    return {p: (frozenset(v_sets[p]), frozenset(h_sets[p])) for p in v_sets}


def intersections_to_cells(
    intersections: Intersections, tick: Callable[[], None] | None = None
) -> list[BBox]:
    """For each crossing (in x, then y order), the smallest cell it is the top-left corner
    of: the nearest crossing below on a shared vertical edge and to the right on a shared
    horizontal edge whose bottom-right crossing closes the box on shared edges."""
    below: dict[float, list[float]] = defaultdict(list)  # x → ys
    right: dict[float, list[float]] = defaultdict(list)  # y → xs
    points = sorted(intersections)
    for x, y in points:
        below[x].append(y)
        right[y].append(x)
    cells: list[BBox] = []
    for n, (x, y) in enumerate(points):
        if tick is not None and n % 512 == 0:
            tick()
        v_here, h_here = intersections[(x, y)]
        ys, xs = below[x], right[y]
        found = None
        for by in ys[bisect_right(ys, y) :]:
            v_b, h_b = intersections[(x, by)]
            if not v_here & v_b:
                continue
            for rx in xs[bisect_right(xs, x) :]:
                v_r, h_r = intersections[(rx, y)]
                if not h_here & h_r:
                    continue
                corner = intersections.get((rx, by))
                if corner is not None and corner[0] & v_r and corner[1] & h_b:
                    found = (x, y, rx, by)
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def cells_to_tables(cells: Sequence[BBox]) -> list[list[BBox]]:
    """Cells grouped into tables: cells sharing a corner belong together (transitively).
    Tables ordered by their top-most then left-most corner; single cells dropped."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Point, int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[BBox]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[find(i)].append(cell)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def find_tables(
    edges: Sequence[Edge],
    max_items: int | None = None,
    tick: Callable[[], None] | None = None,
) -> list[list[BBox]]:
    """The ruled tables drawn by ``edges``: each a list of cell boxes. Raises
    :class:`TooManyEdges` past ``max_items`` segments or crossings."""
    if max_items is not None and len(edges) > max_items:
        raise TooManyEdges("ruling segments", len(edges), max_items)
    merged = merge_edges(edges)
    crossings = edges_to_intersections(merged, max_items=max_items)
    return cells_to_tables(intersections_to_cells(crossings, tick))
