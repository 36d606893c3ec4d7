"""The table finder on plain ruling segments: the same cells and tables as pdfplumber's
``lines`` strategy (which the reader used before) on generated segments, and bounded."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber import table as pt
from pdfplumber.utils import filter_edges

from gxtables._readers._pdf_table import (
    Edge,
    TooManyEdges,
    cells_to_tables,
    edges_to_intersections,
    find_tables,
    intersections_to_cells,
    merge_edges,
)


def _plumber_edge(e: Edge) -> dict[str, Any]:
    if e.orientation == "h":
        return {"object_type": "line", "orientation": "h", "x0": e.lo, "x1": e.hi,
                "top": e.pos, "bottom": e.pos, "doctop": e.pos, "width": e.length, "height": 0}
    return {"object_type": "line", "orientation": "v", "x0": e.pos, "x1": e.pos, "top": e.lo,
            "bottom": e.hi, "doctop": e.lo, "width": 0, "height": e.length}


def _plumber_tables(edges: list[Edge]) -> list[list[tuple[float, ...]]]:
    """pdfplumber's ``TableFinder`` steps with the reader's former settings."""
    base = filter_edges([_plumber_edge(e) for e in edges], min_length=1)
    merged = pt.merge_edges(base, 3, 3, 3, 3)
    merged = filter_edges(merged, min_length=3)
    crossings = pt.edges_to_intersections(merged, 3, 3)
    return pt.cells_to_tables(pt.intersections_to_cells(crossings))


def _norm(tables: list[list[Any]]) -> list[list[tuple[float, ...]]]:
    """Cells rounded; pdfplumber's degenerate zero-width cells dropped (its snap moves each
    edge by ``mean - x``, so edges of one cluster can differ in the last bit and make a
    cell between them; ours share the exact mean)."""
    out = []
    for t in tables:
        cells = sorted(
            tuple(round(v, 6) for v in cell) for cell in t
            if cell[2] - cell[0] > 1e-6 and cell[3] - cell[1] > 1e-6
        )
        if len(cells) > 1:
            out.append(cells)
    return out


def _grid_edges(xs: list[float], ys: list[float], jitter: list[float]) -> list[Edge]:
    """A ruled grid drawn as cell rectangles (Word's way), each side its own segment,
    positions jittered as the borders of real exports are."""
    out = []
    k = 0

    def j() -> float:
        nonlocal k
        k += 1
        return jitter[k % len(jitter)]

    for a, b in itertools.pairwise(xs):
        for c, d in itertools.pairwise(ys):
            out += [Edge("h", c + j(), a + j(), b + j()), Edge("h", d + j(), a + j(), b + j()),
                    Edge("v", a + j(), c + j(), d + j()), Edge("v", b + j(), c + j(), d + j())]
    return out


positions = st.lists(st.integers(0, 60), min_size=2, max_size=7, unique=True).map(
    lambda v: [10.0 * p for p in sorted(v)]
)
segments = st.builds(
    Edge,
    st.sampled_from(["h", "v"]),
    st.floats(0, 400).map(lambda v: round(v, 1)),
    st.floats(0, 400).map(lambda v: round(v, 1)),
    st.floats(0, 120).map(lambda v: round(v, 1)),
).map(lambda e: Edge(e.orientation, e.pos, e.lo, e.lo + e.hi))


@settings(max_examples=60, deadline=None)
@given(positions, positions, st.lists(st.sampled_from([0.0, 0.25, -0.3, 0.5, 1.2]), min_size=1),
       st.lists(segments, max_size=12), st.randoms())
def test_same_tables_as_pdfplumber(
    xs: list[float], ys: list[float], jitter: list[float], noise: list[Edge], rnd: Any
) -> None:
    edges = _grid_edges(xs, ys, jitter) + noise
    rnd.shuffle(edges)
    assert _norm(find_tables(edges)) == _norm(_plumber_tables(edges))


@settings(max_examples=60, deadline=None)
@given(st.lists(segments, max_size=40))
def test_same_tables_as_pdfplumber_on_random_segments(edges: list[Edge]) -> None:
    assert _norm(find_tables(edges)) == _norm(_plumber_tables(edges))


def test_merged_cell_is_one_cell() -> None:
    # a 2×2 grid whose right column's middle line is missing: 3 cells
    edges = [Edge("h", 0, 0, 200), Edge("h", 20, 0, 100), Edge("h", 40, 0, 200),
             Edge("v", 0, 0, 40), Edge("v", 100, 0, 40), Edge("v", 200, 0, 40)]
    (table,) = find_tables(edges)
    assert sorted(table) == [(0, 0, 100, 20), (0, 20, 100, 40), (100, 0, 200, 40)]


def test_steps_are_plain_functions() -> None:
    merged = merge_edges([Edge("h", 10.0, 0, 50), Edge("h", 11.0, 52, 100), Edge("v", 0, 0, 2)])
    assert merged == [Edge("h", 10.5, 0, 100)]  # snapped, joined; the 2 pt stub dropped
    crossings = edges_to_intersections([Edge("h", 0, 0, 10), Edge("v", 10, 0, 10)])
    assert list(crossings) == [(10, 0)]
    assert intersections_to_cells(crossings) == []
    assert cells_to_tables([(0, 0, 1, 1)]) == []  # a lone cell is no table


def test_bounded() -> None:
    edges = _grid_edges([0, 10, 20, 30], [0, 10, 20], [0.0])
    assert len(edges) == 24
    find_tables(edges, max_items=24)
    with pytest.raises(TooManyEdges) as info:
        find_tables(edges, max_items=23)
    assert info.value.count == 24 and info.value.limit == 23
    # crossings are bounded too: 20 full-length lines each way cross 400 times
    lines = [Edge("h", 10.0 * i, 0, 200) for i in range(20)]
    lines += [Edge("v", 10.0 * i, 0, 200) for i in range(20)]
    with pytest.raises(TooManyEdges, match="crossings"):
        find_tables(lines, max_items=100)
