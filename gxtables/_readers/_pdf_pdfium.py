"""What pypdfium2 (C) gives of one page: its characters and ruling segments, in display
coordinates, with the facts that keep hidden text out.

* Characters come from pdfium's text page (Unicode, loose box, font size, origin) with the
  render mode of their text object: invisible text (mode 3 or 7, e.g. a stale number under
  the visible one) is not read, nor is text filled white on the page (_pdf_unseen), and
  text that a white filled box painted later covers is not read either — the page gets a
  warning. A scan whose text is all invisible is a searchable image: that OCR layer is read.
  Text a clipping path hides whole is invisible too; a digit clipped off a number shown in
  part, or a glyph turned against the line it is drawn in, reads UNREAD (_pdf_stray).
* Ruling segments are the axis-parallel sides of every painted path (stroked lines and
  filled rectangles alike, as pdfplumber counts them), form XObjects included, with the
  object matrices applied. Paths painted white only (backgrounds, cover-ups) rule nothing.
* pdfium's text page silently drops a text object it measures as zero width — a single
  glyph in a non-embedded font for which no system font substitutes (reportlab's
  STSong-Light, WPS exports on a machine without CJK fonts). Such objects are returned as
  :attr:`PdfiumPage.dropped` so the reader can take their glyphs from pdfminer.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import attrs
import pypdfium2 as pdfium
import pypdfium2.raw as pc

from .._grid import UNREAD
from ._pdf_geometry import covered_chars, edges_of
from ._pdf_model import IDENTITY, Char, Matrix, Transform, apply_matrix, compose
from ._pdf_objects import INVISIBLE_MODES, PageObjects, object_key, object_matrix, walk
from ._pdf_shadow import lost_under_copies
from ._pdf_stray import clipped_off, settle_turned, turned_objects, unseen_digit
from ._pdf_table import Edge, TooManyEdges
from ._pdf_unseen import Box, object_bounds

__all__ = ["INVISIBLE_MODES", "Dropped", "PdfiumPage", "WhiteBox", "read_page", "transform_of"]

@attrs.frozen
class Dropped:
    """A visible text object pdfium left out of its text page: its origin and the box its
    glyph origins span (display), and its font size."""

    x: float
    y: float
    font_size: float
    bbox: tuple[float, float, float, float]
    z: int = 0  # paint order (for white boxes painted over it)

    def holds(self, x: float, y: float, tol: float) -> bool:
        """Is a glyph with origin ``(x, y)`` one of this object's?"""
        x0, top, x1, bottom = self.bbox
        return x0 - tol <= x <= x1 + tol and top - tol <= y <= bottom + tol


@attrs.frozen
class WhiteBox:
    """A white filled rectangle painted over text (display box) and the text under it."""

    bbox: tuple[float, float, float, float]
    hidden: str


@attrs.frozen
class PdfiumPage:
    transform: Transform
    width: float
    height: float
    chars: list[Char]
    edges: list[Edge]
    invisible: int  # glyphs skipped for their render mode
    covered: list[WhiteBox]
    dropped: list[Dropped]
    unmapped: int  # glyphs without a Unicode mapping
    too_many: TooManyEdges | None = None  # the walk stopped: more segments than allowed
    #: boxes of visible text pdfium merged away under an invisible copy drawn over it
    shadowed: list[tuple[float, float, float, float]] = attrs.Factory(list)
    whites: list[tuple[int, tuple[float, float, float, float]]] = attrs.Factory(list)

    def cover(self, chars: list[Char], z: list[int]) -> tuple[list[Char], list[WhiteBox]]:
        """``chars`` (painted at ``z``) without those a later white box hides, and the
        boxes that hide some."""
        covered = covered_chars(chars, z, self.whites)
        if not covered:
            return chars, []
        hidden = {id(c) for _, cs in covered for c in cs}
        boxes = [WhiteBox(box, "".join(c.text for c in cs)) for box, cs in covered]
        return [c for c in chars if id(c) not in hidden], boxes


def transform_of(page: pdfium.PdfPage) -> Transform:
    box = tuple(float(v) for v in page.get_cropbox())
    rotate = int(pc.FPDFPage_GetRotation(page.raw)) % 4
    return Transform(box, rotate)  # type: ignore[arg-type]


_RECT = pc.FS_RECTF()
_OX, _OY = ctypes.c_double(), ctypes.c_double()


def read_page(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    tick: Callable[[], None],
    max_segments: int | None = None,
) -> PdfiumPage:
    """Characters and ruling segments of ``page`` (see the module docstring). Past
    ``max_segments`` ruling segments the walk stops: no segment is returned and
    :attr:`PdfiumPage.too_many` says why (characters are still read)."""
    t = transform_of(page)
    width, height = t.size
    objs = PageObjects(max_segments=max_segments)
    raw = page.raw
    too_many = None
    walk(lambda: pc.FPDFPage_CountObjects(raw), lambda i: pc.FPDFPage_GetObject(raw, i),
          IDENTITY, objs, 0, tick)
    if objs.overflow:
        assert max_segments is not None
        too_many = TooManyEdges("ruling segments (at least)", len(objs.segments), max_segments)
        objs.segments.clear()

    tp = textpage.raw
    n = pc.FPDFText_CountChars(tp)
    chars: list[Char] = []
    char_z: list[int] = []
    invisible = unmapped = 0
    hidden: list[Char] = []  # the invisible glyphs skipped
    # The text object of each glyph (for its render mode and paint order) costs a call
    # and a pointer cast per glyph; it is asked only when the page has hidden text.
    # A scan whose text is all invisible (mode 3) is a searchable image: its OCR layer is
    # the page's text, read as such (an invisible copy beside visible text stays unread)
    ocr_layer = bool(objs.images) and 0 < objs.invisible == len(objs.text_objs)
    hide = INVISIBLE_MODES - {3} if ocr_layer else INVISIBLE_MODES
    turned = turned_objects(  # text objects turned against the page's text
        [(object_key(obj), compose(object_matrix(obj), ctm)) for obj, ctm, _ in objs.text_objs])
    clips = objs.clips
    per_object = bool(objs.invisible or objs.whites or objs.unseen or clips or turned)
    stray: list[tuple[Char, int]] = []  # glyphs of turned objects
    if per_object:
        objs.text_z.update((object_key(obj), z) for obj, _, z in objs.text_objs)
    # text filled white on the page is read as invisible text is (mode 3)
    modes: dict[int, int] = dict.fromkeys(objs.unseen, 3)
    get_obj, get_mode = pc.FPDFText_GetTextObject, pc.FPDFTextObj_GetTextRenderMode
    codes = _codes(tp, n)
    is_generated, get_unicode = pc.FPDFText_IsGenerated, pc.FPDFText_GetUnicode
    loose, origin = pc.FPDFText_GetLooseCharBox, pc.FPDFText_GetCharOrigin
    font_size = pc.FPDFText_GetFontSize
    map_error = pc.FPDFText_HasUnicodeMapError
    rect, ox, oy = _RECT, _OX, _OY
    plain = t.rotate == 0
    cx0, _, _, cy1 = t.box
    z = 0
    for i in range(n):
        if i % 2048 == 2047:
            tick()
        code = codes[i] if codes is not None else get_unicode(tp, i)
        if code in (10, 13) or (code == 32 and is_generated(tp, i) == 1):
            continue  # line breaks and spaces pdfium inserts between text objects
        if per_object:
            obj = get_obj(tp, i)
            key = object_key(obj)
            mode = modes.get(key)
            if mode is None:
                mode = modes[key] = int(get_mode(obj)) if obj else 0
            if mode in hide:
                invisible += 1
                if loose(tp, i, rect):
                    hx0, htop, hx1, hbottom = (
                        (rect.left - cx0, cy1 - rect.top, rect.right - cx0, cy1 - rect.bottom)
                        if plain else t.rect(rect.left, rect.bottom, rect.right, rect.top))
                    hidden.append(Char(UNREAD, hx0, htop, hx1, hbottom, font_size(tp, i),
                                       hbottom))
                continue
            z = objs.text_z.get(key, 0)
        if map_error(tp, i) == 1 or code in (0, 0xFFFD, 0xFFFE):
            unmapped += 1
            text = "\ufffd"
        else:
            text = chr(code) if code < 0x110000 else "\ufffd"
        if not loose(tp, i, rect):
            continue
        if per_object and key in clips and unseen_digit(text) and clipped_off(
                clips[key], rect.left, rect.bottom, rect.right, rect.top):
            text = UNREAD  # a digit of a number shown cut: which number is meant?
        origin(tp, i, ox, oy)
        if plain:
            x0, x1 = rect.left - cx0, rect.right - cx0
            top, bottom = cy1 - rect.top, cy1 - rect.bottom
            base = cy1 - oy.value
        else:
            x0, top, x1, bottom = t.rect(rect.left, rect.bottom, rect.right, rect.top)
            base = t.point(ox.value, oy.value)[1]
        if per_object and key in turned:
            stray.append((Char(text, x0, top, x1, bottom, font_size(tp, i), base), z))
            continue
        chars.append(Char(text, x0, top, x1, bottom, font_size(tp, i), base))
        char_z.append(z)
    for c, z in settle_turned(stray, chars):
        chars.append(c)
        char_z.append(z)

    shadowed, unread = (lost_under_copies(_visible_boxes(objs, t), hidden, chars)
                        if hidden else ([], []))
    # where a glyph was lost, the cell reads UNREAD: flagged, never a shorter number
    chars.extend(unread)
    char_z.extend(0 for _ in unread)
    whites = [(z, t.rect(*box)) for z, box in objs.whites]
    page_ = PdfiumPage(
        transform=t, width=width, height=height, chars=[], edges=edges_of(objs.segments, t),
        invisible=invisible, covered=[], dropped=_dropped(objs, t), unmapped=unmapped,
        too_many=too_many, whites=whites,
        shadowed=shadowed,
    )
    kept, boxes = page_.cover(chars, char_z)
    return attrs.evolve(page_, chars=kept, covered=boxes)


def _visible_boxes(objs: PageObjects, t: Transform) -> list[tuple[float, float, float, float]]:
    """The display box of every text object drawn to be seen (asked only of a page with
    hidden text)."""
    return [box for obj, ctm, _ in objs.text_objs
            if int(pc.FPDFTextObj_GetTextRenderMode(obj)) not in INVISIBLE_MODES
            and object_key(obj) not in objs.unseen
            and (box := _object_box(obj, ctm, t)) is not None]


def _object_box(obj: Any, ctm: Matrix, t: Transform
                ) -> tuple[float, float, float, float] | None:
    """A page object's bounds in display coordinates; ``None`` when pdfium gives none."""
    bounds = object_bounds(obj)
    return None if bounds is None else _display_box(bounds, ctm, t)


def _display_box(bounds: Box, ctm: Matrix, t: Transform) -> tuple[float, float, float, float]:
    """An object's ``bounds`` (user space), their corners through ``ctm``, in display
    coordinates."""
    left, bottom, right, top = bounds
    corners = [apply_matrix(ctm, px, py) for px in (left, right) for py in (bottom, top)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return t.rect(min(xs), min(ys), max(xs), max(ys))


def _codes(tp: Any, n: int) -> list[int] | None:
    """All glyphs' Unicode in one call (UTF-16 code units), or ``None`` when a glyph outside
    the BMP makes units and glyphs disagree."""
    buf = (ctypes.c_ushort * (n + 1))()
    got = pc.FPDFText_GetText(tp, 0, n, buf)
    units = list(buf[: max(0, got - 1)])
    if len(units) != n or any(0xD800 <= u <= 0xDFFF for u in units):
        return None
    return units


def _dropped(objs: PageObjects, t: Transform) -> list[Dropped]:
    """Visible text objects pdfium leaves out of its text page: those whose box it measures
    narrower than its ``kSizeEpsilon`` (0.01; ``CPDF_TextPage::ProcessTextObject``). A
    wider object left out is pdfium's own fake-bold de-duplication, which we want."""
    out = []
    size = ctypes.c_float()
    for obj, ctm, z in objs.text_objs:
        if int(pc.FPDFTextObj_GetTextRenderMode(obj)) in INVISIBLE_MODES:
            continue
        bounds = object_bounds(obj)
        if bounds is None or bounds[2] - bounds[0] >= 0.01:
            continue
        box = _display_box(bounds, ctm, t)
        m = compose(object_matrix(obj), ctm)
        x, y = t.point(m[4], m[5])
        pc.FPDFTextObj_GetFontSize(obj, size)
        out.append(Dropped(x, y, float(size.value), box, z))
    return out
