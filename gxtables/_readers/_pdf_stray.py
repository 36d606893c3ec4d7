"""Glyphs drawn where a reader does not see them as part of the line they sit in.

* **Clipped away.** A text object painted under a clipping path (``re W n``) shows only the
  part inside the clip; a digit clipped to a 1×1 box is on the page's text but on no
  viewer's screen, and read it joins the number beside it. The clip's box is read from
  pdfium (``FPDFPageObj_GetClipPath``: its paths, in the object's own space, intersected);
  a text object none of which shows is read as invisible text is; a digit clipped off
  an object partly shown (a number cut to "18" of "184") reads UNREAD, flagged.
* **Turned.** A glyph whose text object is turned against the page's text (a digit rotated
  90° drawn inside a cell of upright text) is not a character of that line: where it
  overlaps an upright glyph of about its size it is read as :data:`~gxtables._grid.UNREAD`
  (its cell is flagged) — or dropped when it is an ideograph that cannot be part of a number (a
  diagonal watermark over a label).
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from collections import Counter
from typing import Any

import attrs
import pypdfium2.raw as pc

from .._grid import UNREAD
from ._pdf_model import Char, Matrix, apply_matrix
from ._pdf_unseen import Box, object_bounds

__all__ = ["NOTHING", "clip_box", "clipped_off", "orientation", "settle_turned", "turned_objects",
           "unseen_digit"]

_PX, _PY = ctypes.c_float(), ctypes.c_float()
#: Ideographs that may stand for a number (or its zero); a turned one is read as unread.
_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿")
#: A clip path of more paths or segments than this is not read (a hostile page could make
#: every text object's clip cost that many calls): its object is taken as unclipped.
_MAX_CLIP_PARTS = 64
#: The clip of a text object no part of which shows.
NOTHING: Box = (0.0, 0.0, -1.0, -1.0)


def clip_box(obj: Any, ctm: Matrix) -> Box | None:
    """The box (page user space) a clipping path limits page object ``obj`` to, when part
    of the object's bounds lie outside it (an empty box when none of it is inside);
    ``None`` when nothing of it is clipped."""
    clip = pc.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    paths = int(pc.FPDFClipPath_CountPaths(clip))
    if paths <= 0 or paths > _MAX_CLIP_PARTS:
        return None  # none, or too many to read for each text object (taken as unclipped)
    box: Box | None = None
    for p in range(paths):
        xs: list[float] = []
        ys: list[float] = []
        count = int(pc.FPDFClipPath_CountPathSegments(clip, p))
        if count > _MAX_CLIP_PARTS:
            return None
        for s in range(count):
            seg = pc.FPDFClipPath_GetPathSegment(clip, p, s)
            if seg and pc.FPDFPathSegment_GetPoint(seg, _PX, _PY):
                xs.append(_PX.value)
                ys.append(_PY.value)
        if not xs:
            continue  # a path with no point clips nothing we can tell
        here = (min(xs), min(ys), max(xs), max(ys))
        box = here if box is None else (
            max(box[0], here[0]), max(box[1], here[1]), min(box[2], here[2]),
            min(box[3], here[3]))
    bounds = object_bounds(obj) if box is not None else None
    if box is None or bounds is None:
        return None
    slack = 0.5
    left, bottom, right, top = bounds
    if (box[0] - slack <= left and right <= box[2] + slack
            and box[1] - slack <= bottom and top <= box[3] + slack):
        return None  # the object lies inside its clip
    if box[0] >= right or box[2] <= left or box[1] >= top or box[3] <= bottom:
        return NOTHING  # none of it shows
    corners = [apply_matrix(ctm, x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    return (min(p[0] for p in corners), min(p[1] for p in corners),
            max(p[0] for p in corners), max(p[1] for p in corners))


def clipped_off(box: Box, left: float, bottom: float, right: float, top: float) -> bool:
    """Whether a glyph with this box (page user space) lies wholly outside clip ``box``."""
    return box[0] >= right or box[2] <= left or box[1] >= top or box[3] <= bottom


def unseen_digit(text: str) -> bool:
    """Whether a glyph clipped off a text object partly shown would change a number: a
    digit or a separator (an ideograph cut off a label's end is read as drawn: the label
    still names its row)."""
    return len(text) == 1 and (unicodedata.category(text) == "Nd" or text in ".,，．%")


def orientation(m: Matrix) -> int:
    """The direction a text object's baseline runs, in degrees rounded to a multiple of 15
    (0: left to right, upright; a skew for italics leaves it 0)."""
    a, b = m[0], m[1]
    if a == 0 and b == 0:
        return 0
    return round(math.degrees(math.atan2(b, a)) / 15.0) * 15 % 360


def turned_objects(matrices: list[tuple[int, Matrix]]) -> set[int]:
    """The keys of the text objects (key, matrix) whose baseline runs another way than
    most of the page's do."""
    ways = {key: orientation(m) for key, m in matrices}
    counts = Counter(ways.values())
    if len(counts) <= 1:
        return set()
    most = counts.most_common(1)[0][0]
    return {key for key, way in ways.items() if way != most}


#: Upright glyphs in one 24-point square past which a turned glyph there is not searched.
_CROWDED = 64


def settle_turned(turned: list[tuple[Char, int]], upright: list[Char]
                  ) -> list[tuple[Char, int]]:
    """``turned`` glyphs (of text objects turned against the page's text; each with its
    paint order) to keep: those
    overlapping no ``upright`` glyph of about their size as they are (a large watermark is
    left to the layout), those overlapping one as UNREAD, except
    ideographs no number is written with, which are dropped."""
    if not turned:
        return []
    bucket = 24.0
    near: dict[tuple[int, int], list[Char]] = {}
    for c in upright:
        pad = (c.bottom - c.top) / 2  # a glyph drawn up against the line is in it
        if c.x1 - c.x0 < 4 * bucket and c.bottom - c.top < 4 * bucket:
            for i in range(int((c.x0 - pad) // bucket), int((c.x1 + pad) // bucket) + 1):
                for j in range(int(c.top // bucket), int(c.bottom // bucket) + 1):
                    near.setdefault((i, j), []).append(c)
    kept = []
    for t, z in turned:
        x, y = (t.x0 + t.x1) / 2, (t.top + t.bottom) / 2
        crowd = near.get((int(x // bucket), int(y // bucket)), [])
        # more glyphs in one square than a line of text holds: a heap drawn to hide
        # something, taken for an overlap (read unread) rather than searched glyph by glyph
        hit = len(crowd) > _CROWDED
        for c in () if hit else crowd:
            pad = (c.bottom - c.top) / 2
            if (c.x0 - pad <= x <= c.x1 + pad and c.top <= y <= c.bottom
                    and c.size / 2 <= t.size <= 2 * c.size):
                hit = True
                break
        if not hit:  # kept, its baseline unknown: it runs across the lines (no mark, no digit)
            kept.append((attrs.evolve(t, baseline=None), z))
        elif not (_ideograph(t.text) and t.text not in _NUMERALS):
            kept.append((Char(UNREAD, t.x0, t.top, t.x1, t.bottom, t.font_size, t.baseline), z))
    return kept


def _ideograph(text: str) -> bool:
    return len(text) == 1 and (0x3400 <= ord(text) <= 0x9FFF or 0x20000 <= ord(text) <= 0x3FFFF)
