"""Visible glyphs lost under an invisible copy drawn over them (pure geometry).

pdfium's text page keeps one of two overlapping identical glyphs (its fake-bold merge), and
the one kept may be the invisible copy (render mode 3), which the reader does not read: the
visible glyph is lost, and its cell would read short or empty with nothing said. Such a
place is where the centre of a skipped invisible glyph lies inside a visible text object's
box and no character read covers it; the reader reads it as :data:`~gxtables._grid.UNREAD`
and warns of the page.
"""

from __future__ import annotations

from ._pdf_model import Char

__all__ = ["lost_under_copies"]

Box = tuple[float, float, float, float]  # display x0, top, x1, bottom

_BUCKET = 24.0  # points: the grid that finds the characters near a point
#: Tests of a box against a point past which the search stops (a hostile page with glyphs
#: by the hundred thousand): every lost glyph left is taken as unread.
_BUDGET = 2_000_000


def _buckets(box: Box) -> list[tuple[int, int]]:
    x0, top, x1, bottom = box
    return [(i, j) for i in range(int(x0 // _BUCKET), int(x1 // _BUCKET) + 1)
            for j in range(int(top // _BUCKET), int(bottom // _BUCKET) + 1)]


def _holds(box: Box, c: Char) -> bool:
    x, y = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def lost_under_copies(visible: list[Box], hidden: list[Char], chars: list[Char]
                      ) -> tuple[list[Box], list[Char]]:
    """The boxes of the ``visible`` text objects that lost glyphs, and the ``hidden`` glyphs
    standing where they were lost (past the search's budget: every lost glyph left).

    >>> g = Char("9", 10.0, 10.0, 14.0, 16.0, 6.0, 16.0)
    >>> lost_under_copies([(9.0, 10.0, 13.0, 16.0)], [g], [])[0]
    [(9.0, 10.0, 13.0, 16.0)]
    >>> lost_under_copies([(9.0, 10.0, 13.0, 16.0)], [g], [g])
    ([], [])
    """
    near: dict[tuple[int, int], list[Char]] = {}
    for c in chars:
        if c.x1 - c.x0 < 4 * _BUCKET and c.bottom - c.top < 4 * _BUCKET:
            for key in _buckets((c.x0, c.top, c.x1, c.bottom)):
                near.setdefault(key, []).append(c)
    lost: dict[tuple[int, int], list[Char]] = {}
    for h in hidden:
        x, y = (h.x0 + h.x1) / 2, (h.top + h.bottom) / 2
        key = (int(x // _BUCKET), int(y // _BUCKET))
        if not any(c.x0 <= x <= c.x1 and c.top <= y <= c.bottom for c in near.get(key, ())):
            lost.setdefault(key, []).append(h)
    if not lost:
        return [], []
    every = [h for hs in lost.values() for h in hs]
    boxes: list[Box] = []
    found: dict[int, Char] = {}
    work = 0
    for box in visible:
        x0, top, x1, bottom = box
        span = (int(x1 // _BUCKET) - int(x0 // _BUCKET) + 1) * (
            int(bottom // _BUCKET) - int(top // _BUCKET) + 1)
        work += min(span, len(every)) + 1
        if work >= _BUDGET:
            return [*boxes, box], every
        # a large box looks through the lost glyphs, not through the buckets it spans
        points = ([h for key in _buckets(box) for h in lost.get(key, ())]
                  if 0 < span <= max(64, len(every)) else every)
        inside = [h for h in points if _holds(box, h)]
        if inside:
            boxes.append(box)
            found.update((id(h), h) for h in inside)
    return boxes, list(found.values())
