"""Visible-mode text a reader still cannot see: glyphs filled white (or fully transparent)
on the white page. A producer leaves such text behind (an old value, a watermark digit,
search keywords); read, its digits join the number drawn over or beside it. White text on
a dark filled shape painted before it (a shaded header) is seen and kept."""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pc

from ._pdf_model import Matrix, apply_matrix

__all__ = ["WHITE", "Box", "object_bounds", "unseen_text"]

#: A box in PDF user space: left, bottom, right, top.
Box = tuple[float, float, float, float]

#: A fill at least this bright in each channel counts as white paper.
WHITE = 250
_FILL_ONLY = 0  # text render mode 0: fill, no stroke
_R, _G, _B, _A = (ctypes.c_uint() for _ in range(4))
_L, _BO, _RI, _T = (ctypes.c_float() for _ in range(4))


def object_bounds(obj: Any) -> Box | None:
    """A page object's bounds in its page's user space, as pdfium measures them; ``None``
    when pdfium gives none."""
    if not pc.FPDFPageObj_GetBounds(obj, _L, _BO, _RI, _T):
        return None
    return _L.value, _BO.value, _RI.value, _T.value


def unseen_text(obj: Any, ctm: Matrix, fills: list[Box]) -> bool:
    """Whether text object ``obj`` (drawn through ``ctm``) is filled white or transparent
    with no darker filled shape of ``fills`` (those painted before it) under its centre."""
    if int(pc.FPDFTextObj_GetTextRenderMode(obj)) != _FILL_ONLY:
        return False
    if not pc.FPDFPageObj_GetFillColor(obj, _R, _G, _B, _A):
        return False
    if _A.value > 0 and min(_R.value, _G.value, _B.value) < WHITE:
        return False
    bounds = object_bounds(obj)
    if bounds is None:
        return False
    left, bottom, right, top = bounds
    x, y = apply_matrix(ctm, (left + right) / 2, (bottom + top) / 2)
    return not any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in fills)
