"""pdfminer as the fallback for glyphs pdfium leaves out of its text page.

pdfium drops a text object it measures as zero width (a single glyph in a non-embedded font
no system font substitutes for: a lone digit in a cell, the last character of a wrapped
label; on a rotated page, any run of such glyphs). Only for a page where that happened is
the page interpreted by pdfminer, and only the glyphs whose origins lie on the dropped
objects' runs are taken from it. pdfminer walks the page tree only as far as the page
asked for (never the whole tree), and it is never given a file with a cycle of pure
references (see :mod:`._pdf_guard`), on which it would loop forever.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTItem
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from ._pdf_model import Char, Transform, apply_matrix
from ._pdf_pdfium import INVISIBLE_MODES, Dropped

__all__ = ["MinerPages"]

#: A pdfminer glyph belongs to a dropped object when its origin is this close (points).
_ORIGIN_TOL = 0.75


def _page_ctm(page: PDFPage) -> tuple[float, ...]:
    """The device matrix pdfminer sets up for ``page`` (``PDFPageInterpreter.process_page``)."""
    x0, y0, x1, y1 = page.mediabox
    rotate = page.rotate % 360
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


def _invert(m: Sequence[float]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


class _GlyphsOnly(PDFPageAggregator):
    """pdfminer's aggregator without the layout objects of paths and images (only glyphs
    are wanted, and a page of many paths would otherwise fill memory with them), and
    without invisible text (render mode 3 or 7), which pdfminer would otherwise read."""

    def render_string(self, textstate: Any, *args: Any, **kwargs: Any) -> None:
        if textstate.render in INVISIBLE_MODES:
            return
        super().render_string(textstate, *args, **kwargs)

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        return None

    def render_image(self, *args: Any, **kwargs: Any) -> None:
        return None


def _chars(item: LTItem) -> Iterator[LTChar]:
    if isinstance(item, LTChar):
        yield item
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _chars(child)


class MinerPages:
    """One pdfminer document, opened on first use; pages interpreted on demand."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._doc: PDFDocument | None = None
        self._pages: list[PDFPage] = []
        self._walk: Iterator[PDFPage] | None = None
        # one resource manager: fonts and CMaps are parsed once for all pages
        self._manager = PDFResourceManager(caching=True)

    def _page(self, index: int) -> PDFPage | None:
        if self._doc is None:
            self._doc = PDFDocument(PDFParser(io.BytesIO(self._data)), password="")
            self._walk = PDFPage.create_pages(self._doc)
        assert self._walk is not None
        if index >= len(self._pages):
            self._pages.extend(itertools.islice(self._walk, index + 1 - len(self._pages)))
        return self._pages[index] if index < len(self._pages) else None

    def recover(
        self, index: int, dropped: Sequence[Dropped], t: Transform
    ) -> list[tuple[Char, Dropped]]:
        """The glyphs of page ``index`` (0-based) drawn by the ``dropped`` objects, each
        with its object."""
        page = self._page(index)
        if page is None or not dropped:
            return []
        device = _GlyphsOnly(self._manager, laparams=None)
        PDFPageInterpreter(self._manager, device).process_page(page)
        layout: Any = device.get_result()
        back = _invert(_page_ctm(page))
        out: list[tuple[Char, Dropped]] = []
        for ch in _chars(layout):
            text = ch.get_text()
            if not text:
                continue
            ox, oy = t.point(*apply_matrix(back, ch.matrix[4], ch.matrix[5]))
            owner = next((d for d in dropped if d.holds(ox, oy, _ORIGIN_TOL)), None)
            # (a dropped object's box is its glyphs' origins: pdfium measured no glyph)
            if owner is None:
                continue
            ux0, uy0 = apply_matrix(back, ch.x0, ch.y0)
            ux1, uy1 = apply_matrix(back, ch.x1, ch.y1)
            x0, top, x1, bottom = t.rect(min(ux0, ux1), min(uy0, uy1), max(ux0, ux1), max(uy0, uy1))
            out.append((Char(text, x0, top, x1, bottom, float(ch.size), oy), owner))
        return out
