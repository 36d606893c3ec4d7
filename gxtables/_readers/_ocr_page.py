"""One scanned page read by OCR (the optional ``ocr`` extra): the text boxes of a page whose
ruled tables were found, recognised and put into those tables' cells, as the pieces and
lines :func:`~._pdf_assemble.assemble` stitches into a document. A number read with low
confidence gets a trailing ``?`` (never a number: null and flagged downstream).

This module imports OpenCV and onnxruntime (through :mod:`._ocr_engine`); it is imported
only when a scan is met.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs

from .._grid import UNREAD
from .._normalize import clean_cell_text
from ._ocr_engine import BBox, despeckle, detect, ink_box, pad_crop, read_short, recognise_lines
from ._ocr_grid import Gray, ImageTable

__all__ = ["MIN_DIGIT_CONFIDENCE", "PageRead", "read_page"]

#: A number whose least sure text box scores below this is left null and flagged.
MIN_DIGIT_CONFIDENCE = 0.85
_NUMBER = re.compile(r"[\s0-9０-９.,，．:%+\-—–]*[0-9０-９][\s0-9０-９.,，．%+\-—–]*[件项元万]*")


@attrs.frozen
class _Box:
    """One recognised text line: its box in pixels, text and score."""

    box: BBox
    text: str
    score: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2


def _lines(boxes: Sequence[_Box]) -> list[list[_Box]]:
    """Boxes grouped into text lines (vertical centres within half a box height), top down."""
    out: list[list[_Box]] = []
    for b in sorted(boxes, key=lambda b: b.centre[1]):
        if out:
            last = out[-1][-1]
            height = min(b.box[3] - b.box[1], last.box[3] - last.box[1])
            if abs(b.centre[1] - last.centre[1]) <= height / 2:
                out[-1].append(b)
                continue
        out.append([b])
    return [sorted(line, key=lambda b: b.box[0]) for line in out]


def _join(boxes: Sequence[_Box]) -> str:
    parts = []
    for line in _lines(boxes):
        text = ""
        for b in line:
            if text and text[-1].isascii() and text[-1].isalnum() and b.text[:1].isascii() \
                    and b.text[:1].isalnum():
                text += " "
            text += b.text
        parts.append(text)
    return clean_cell_text("\n".join(parts))


@attrs.frozen
class PageRead:
    """One page's pieces and lines for :func:`~._pdf_assemble.assemble`, and per-cell
    confidences."""

    items: list[Any]
    confidence: dict[tuple[int, BBox], float]
    low: list[str]


def read_page(gray: Gray, dpi: float, number: int, scale: float,
               tables: Sequence[ImageTable]) -> PageRead:
    """OCR one page whose tables were found; ``scale`` converts pixels to output units.

    Text lines are detected on the whole page once. A single-line cell (every number) is
    recognised from its own ink box with a white margin (the detector misses lone digits
    and the recogniser scores them low without context); a taller cell from the detected
    lines inside it; lines outside tables become paragraphs. All crops go to the recogniser
    in one batch."""
    from ._pdf_assemble import Piece, RawCell, TextLine

    line_h = dpi * 0.22
    crops: list[Gray] = []
    owner: list[tuple[int, int] | None] = []  # (table, cell) or None for a loose line
    where: list[BBox] = []
    in_cell: dict[tuple[int, int], list[BBox]] = {}
    loose: list[BBox] = []
    for box in detect(gray):
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        for ti, table in enumerate(tables):
            cell = table.cell_at(x, y)
            if cell is not None:
                in_cell.setdefault((ti, table.cells.index(cell)), []).append(box)
                break
        else:
            loose.append(box)
    blank: set[tuple[int, int]] = set()
    for ti, table in enumerate(tables):
        for ci, cell in enumerate(table.cells):
            ink = ink_box(gray, cell.box, dpi)
            if ink is None:
                blank.add((ti, ci))
                continue
            lines: list[BBox] = in_cell.get((ti, ci), [])
            if ink[3] - ink[1] <= line_h or not lines:
                lines = [(float(ink[0]), float(ink[1]), float(ink[2]), float(ink[3]))]
            for box in lines:
                crops.append(pad_crop(gray, _clip(box, cell.box)))
                owner.append((ti, ci))
                where.append(box)
    for box in loose:
        crops.append(pad_crop(gray, _clip(box, (0, 0, gray.shape[1], gray.shape[0]))))
        owner.append(None)
        where.append(box)
    texts = recognise_lines(crops)
    # unsure numbers read again with scan specks wiped out; the surer reading is kept
    unsure = [i for i, (t, sc) in enumerate(texts)
              if owner[i] is not None and sc < MIN_DIGIT_CONFIDENCE and _NUMBER.fullmatch(t)]
    for i, again in zip(unsure, recognise_lines([despeckle(crops[i]) for i in unsure]),
                        strict=True):
        if again[1] > texts[i][1] and _NUMBER.fullmatch(again[0]):
            texts[i] = again
    # a minus sign or a digit in the ink that the reading lost: flagged, never a number
    for i, (text, score) in enumerate(texts):
        if owner[i] is not None and _NUMBER.fullmatch(text) and read_short(text, crops[i]):
            texts[i] = (text + "?", score)
    per_cell: dict[tuple[int, int], list[_Box]] = {}
    loose_boxes: list[_Box] = []
    for key, box, (text, score) in zip(owner, where, texts, strict=True):
        read = _Box(box, clean_cell_text(text), score)
        if key is None:
            loose_boxes.append(read)
        else:
            per_cell.setdefault(key, []).append(read)
    height = gray.shape[0] * scale
    items: list[tuple[float, Any]] = []
    confidence: dict[tuple[int, BBox], float] = {}
    low: list[str] = []
    for ti, table in enumerate(tables):
        raw = []
        for ci, cell in enumerate(table.cells):
            bbox = _scaled(cell.box, scale)
            inside = per_cell.get((ti, ci), [])
            text = _join(inside)
            conf = min((b.score for b in inside), default=1.0)
            if (ti, ci) not in blank and not text:
                text, conf = UNREAD, 0.0  # ink nothing could read: never an empty cell
            elif text and _NUMBER.fullmatch(text) and conf < MIN_DIGIT_CONFIDENCE:
                low.append(f"{text!r} ({conf:.2f})")
                text += "?"
            confidence[(number, bbox)] = conf
            raw.append(RawCell(bbox=bbox, text=text))
        tbox = _scaled(table.box, scale)
        items.append((tbox[1], Piece(number, height, tbox, tuple(raw))))
    for line in _lines(loose_boxes):
        text = clean_cell_text("".join(b.text for b in line))
        if text:
            lbox = _scaled((min(b.box[0] for b in line), min(b.box[1] for b in line),
                            max(b.box[2] for b in line), max(b.box[3] for b in line)), scale)
            items.append((lbox[1], TextLine(number, text, lbox, height)))
    items.sort(key=lambda t: t[0])
    return PageRead([it for _, it in items], confidence, low)


def _clip(box: Sequence[float], within: Sequence[float]) -> tuple[int, int, int, int]:
    """``box`` as whole pixels inside ``within`` (at least one pixel each way)."""
    x0 = int(max(box[0], within[0]))
    y0 = int(max(box[1], within[1]))
    x1 = int(min(box[2], within[2]))
    y1 = int(min(box[3], within[3]))
    return x0, y0, max(x1, x0 + 1), max(y1, y0 + 1)


def _scaled(box: Sequence[float], scale: float) -> BBox:
    return (round(box[0] * scale, 2), round(box[1] * scale, 2),
            round(box[2] * scale, 2), round(box[3] * scale, 2))
