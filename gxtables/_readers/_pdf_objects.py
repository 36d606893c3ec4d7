"""The objects of one PDF page walked once in paint order through pypdfium2 (C), form
XObjects entered with their matrices: text objects with what hides them (an invisible
render mode, a white fill, a clip), non-white filled shapes, and the axis-parallel sides of
every painted path as ruling segments (in user space; paths painted white only are kept
apart as cover-ups, not rulings). :mod:`._pdf_pdfium` reads the page from this."""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import attrs
import pypdfium2.raw as pc

from ._pdf_model import IDENTITY, Matrix, compose
from ._pdf_stray import NOTHING, clip_box
from ._pdf_unseen import WHITE, Box, unseen_text

__all__ = ["INVISIBLE_MODES", "PageObjects", "object_key", "object_matrix", "walk"]

#: Text render modes that draw nothing (3: invisible; 7: clip only).
INVISIBLE_MODES = frozenset({3, 7})


def object_key(obj: Any) -> int:
    """A page object's address: the same object met again gives the same key."""
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


def object_matrix(obj: Any) -> Matrix:
    """The object's own matrix (identity when pdfium gives none)."""
    m = pc.FS_MATRIX()
    if not pc.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


@attrs.define
class PageObjects:
    """Page objects walked once in paint order (forms entered)."""

    text_z: dict[int, int] = attrs.Factory(dict)  # text object → paint order
    invisible: int = 0  # text objects drawn in an invisible render mode
    unseen: set[int] = attrs.Factory(set)  # text objects filled white on the page
    clips: dict[int, Box] = attrs.Factory(dict)  # text objects partly clipped: the clip
    fills: list[Box] = attrs.Factory(list)  # non-white filled shapes so far (user space)
    images: int = 0  # image objects (a scan under an OCR text layer)
    text_objs: list[tuple[Any, Matrix, int]] = attrs.Factory(list)
    whites: list[tuple[int, tuple[float, float, float, float]]] = attrs.Factory(list)
    segments: list[tuple[float, float, float, float]] = attrs.Factory(list)  # user space
    max_segments: int | None = None
    overflow: bool = False
    z: int = 0


def walk(
    holder_count: Callable[[], int],
    holder_get: Callable[[int], Any],
    ctm: Matrix,
    out: PageObjects,
    depth: int,
    tick: Callable[[], None],
) -> None:
    """Walk the objects of a page or form (``holder_*``) in paint order into ``out``, forms
    entered up to 12 deep; ``tick`` is called every 1,024 objects (the reader's time limit)."""
    for k in range(holder_count()):
        obj = holder_get(k)
        kind = pc.FPDFPageObj_GetType(obj)
        out.z += 1  # paint order, across forms
        z = out.z
        if z % 1024 == 0:
            tick()
        if kind == pc.FPDF_PAGEOBJ_TEXT:
            out.text_objs.append((obj, ctm, z))
            if int(pc.FPDFTextObj_GetTextRenderMode(obj)) in INVISIBLE_MODES:
                out.invisible += 1
            elif unseen_text(obj, ctm, out.fills):
                out.unseen.add(object_key(obj))
            elif (clip := clip_box(obj, ctm)) is NOTHING:
                out.unseen.add(object_key(obj))  # clipped away whole
            elif clip is not None:
                out.clips[object_key(obj)] = clip
        elif kind == pc.FPDF_PAGEOBJ_PATH:
            if out.overflow:
                continue  # past the bound: the other objects are still walked
            _path(obj, compose(object_matrix(obj), ctm), out, z)
            if out.max_segments is not None and len(out.segments) > out.max_segments:
                out.overflow = True
        elif kind == pc.FPDF_PAGEOBJ_IMAGE:
            out.images += 1
        elif kind == pc.FPDF_PAGEOBJ_FORM and depth < 12:
            m = compose(object_matrix(obj), ctm)
            walk(_form_count(obj), _form_get(obj), m, out, depth + 1, tick)


def _form_count(form: Any) -> Callable[[], int]:
    return lambda: int(pc.FPDFFormObj_CountObjects(form))


def _form_get(form: Any) -> Callable[[int], Any]:
    return lambda i: pc.FPDFFormObj_GetObject(form, i)


_FILL = ctypes.c_int()
_STROKE = ctypes.c_int()
_PX, _PY = ctypes.c_float(), ctypes.c_float()
_R, _G, _B, _A = (ctypes.c_uint() for _ in range(4))


def _path(obj: Any, m: Matrix, out: PageObjects, z: int) -> None:
    if not pc.FPDFPath_GetDrawMode(obj, _FILL, _STROKE):
        return
    filled, stroked = _FILL.value != pc.FPDF_FILLMODE_NONE, bool(_STROKE.value)
    if not (filled or stroked):
        return
    a, b, c, d, e, f = m
    pts: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    segs: list[tuple[float, float, float, float]] = []
    n = pc.FPDFPath_CountSegments(obj)
    for i in range(n):
        seg = pc.FPDFPath_GetPathSegment(obj, i)
        pc.FPDFPathSegment_GetPoint(seg, _PX, _PY)
        x, y = _PX.value, _PY.value
        p = (a * x + c * y + e, b * x + d * y + f)
        kind = pc.FPDFPathSegment_GetType(seg)
        if kind == pc.FPDF_SEGMENT_MOVETO:
            start = p
        elif kind == pc.FPDF_SEGMENT_LINETO and pts:
            segs.append((*pts[-1], *p))
        # Bézier control points: no ruling
        pts.append(p)
        if pc.FPDFPathSegment_GetClose(seg) and start is not None and start != p:
            segs.append((*p, *start))
    white = False
    if filled and not stroked and pc.FPDFPageObj_GetFillColor(obj, _R, _G, _B, _A):
        white = _A.value > 0 and min(_R.value, _G.value, _B.value) >= WHITE
    if white:
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        if xs:
            out.whites.append((z, (min(xs), min(ys), max(xs), max(ys))))
        return
    if filled and pts:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        out.fills.append((min(xs), min(ys), max(xs), max(ys)))
    out.segments.extend(segs)
