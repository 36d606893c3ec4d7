"""The OCR engine and the crops it is given: one RapidOCR engine per process (PP-OCR models
from its wheel), text-line detection and batched line recognition, and the pixel work that
prepares a cell for it (the ink box inside the ruling lines, a white margin, scan specks
wiped out). Imports OpenCV, NumPy and onnxruntime: loaded only when a scan is met.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np

from ._ocr_grid import Gray

__all__ = ["BBox", "despeckle", "detect", "ink_box", "pad_crop", "recognise_lines"]

BBox = tuple[float, float, float, float]

_ENGINE: Any = None
_ENGINE_LOCK = threading.Lock()


def _engine() -> Any:
    """One RapidOCR engine per process (loading the models costs ~0.5 s); runs serialised."""
    global _ENGINE
    if _ENGINE is None:
        from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]

        # keep every box, however unsure: a dropped box would be a silently empty cell
        engine = RapidOCR(text_score=0.0, use_cls=False, intra_op_num_threads=1,
                          inter_op_num_threads=1)
        # larger batches: fewer calls into onnxruntime for a page's hundreds of crops (the
        # minimum width of 320 px stays: narrower padding reads a lone 0 as "o")
        engine.text_rec.rec_batch_num = 16
        _ENGINE = engine
    return _ENGINE


def detect(gray: Gray) -> list[BBox]:
    """Boxes of the text lines on the image (detection only)."""
    with _ENGINE_LOCK:
        result, _ = _engine()(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), use_cls=False,
                              use_rec=False)
    out = []
    for quad in result or ():
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


def recognise_lines(crops: Sequence[Gray]) -> list[tuple[str, float]]:
    """Text and score of each single-line crop (recognition only, batched)."""
    if not crops:
        return []
    with _ENGINE_LOCK:
        result, _ = _engine().text_rec([cv2.cvtColor(c, cv2.COLOR_GRAY2BGR) for c in crops])
    return [(str(t), float(s)) for t, s in result]


def ink_box(gray: Gray, box: Sequence[int], dpi: float) -> tuple[int, int, int, int] | None:
    """The box around the ink inside a cell (ruling lines excluded), or None when blank."""
    m = max(3, round(dpi / 40))
    x0, y0, x1, y1 = box[0] + m, box[1] + m, box[2] - m, box[3] - m
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    ink = gray[y0:y1, x0:x1] < 128
    # ignore stray pixels (scan noise): a row or column counts with 2+ inked pixels
    rows = np.flatnonzero(ink.sum(axis=1) >= 2)
    cols = np.flatnonzero(ink.sum(axis=0) >= 2)
    if rows.size == 0 or cols.size == 0 or int(ink.sum()) < max(8, dpi / 10):
        return None
    faint = gray[y0:y1, x0:x1] < _FAINT
    left = _thin_dash_before(faint, int(rows[0]), int(rows[-1]) + 1, int(cols[0]))
    return (x0 + left, y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1)


def _thin_dash_before(ink: Any, top: int, bottom: int, left: int) -> int:
    """``left``, or where a minus sign one pixel thin or faint starts before it (its
    columns hold a single inked pixel, or none dark, so the noise filter above lost it, and
    ``-49`` read ``49``): in ``ink`` (pixels darker than :data:`_FAINT`), a horizontal run
    at mid-height of the ink, at least a third of its height long, ending within one height
    of it."""
    height = bottom - top
    for row in range(top + int(0.3 * height), top + int(0.75 * height) + 1):
        line = ink[row, :left]
        on = np.flatnonzero(line)
        if on.size == 0 or left - int(on[-1]) > height:
            continue
        end = int(on[-1])
        start = end
        while start > 0 and line[start - 1]:
            start -= 1
        if end - start + 1 >= max(4, height // 3):
            return start
    return left


def despeckle(crop: Gray) -> Gray:
    """The crop with paper-light pixels made white and dark specks of a few pixels (scan
    noise) removed; strokes are kept as they were."""
    ink = (crop < 128).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = np.zeros(n, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= 4
    out = np.full_like(crop, 255)
    mask = keep[labels]
    out[mask] = crop[mask]
    return out


#: Pixels darker than this may be a thin stroke drawn grey by anti-aliasing (a minus sign
#: one pixel high at 150 dpi); ink proper is darker than 128.
_FAINT = 200
#: A number on one line as printed in a cell, and the units after it.
_PLAIN = re.compile(r"([+\-—–−－]?[0-9０-９.,，．]+)([件项元万]*)")
#: Signs a number may begin with (a minus OCR read as one of them was not lost).
_DASHES = ("-", "—", "–", "−", "－", "﹣", "+", "＋")


def read_short(text: str, crop: Gray) -> bool:
    """Whether the recogniser's ``text`` for a one-line numeric crop left out a glyph the
    ink holds: a minus sign before it, or a digit (more glyphs side by side than it read)."""
    if not text.lstrip().startswith(_DASHES) and leading_dash(crop):
        return True
    plain = _PLAIN.fullmatch(text.strip())
    return plain is not None and glyphs_before(crop, len(plain.group(2))) > len(plain.group(1))


def leading_dash(crop: Gray) -> bool:
    """Whether the ink of a one-line crop begins with a short horizontal bar at mid-height
    of the glyphs after it — a minus sign (``-49``) that the recogniser may drop, reading
    the number without its sign."""
    ink = (crop < _FAINT).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    parts = [tuple(int(v) for v in stats[k][:5]) for k in range(1, n)
             if stats[k][cv2.CC_STAT_AREA] >= 4]
    if len(parts) < 2:
        return False
    parts.sort()
    x, y, w, h, _ = parts[0]
    rest = parts[1:]
    top = min(p[1] for p in rest)
    tall = max(p[1] + p[3] for p in rest) - top
    middle = y + h / 2 - top
    gap = min(p[0] for p in rest) - (x + w)
    return (w >= 2 * h and h <= 0.3 * tall and 0.3 * tall <= middle <= 0.75 * tall
            and w <= 0.9 * tall and 0 <= gap <= tall)


def glyphs_before(crop: Gray, units: int) -> int:
    """How many glyphs stand side by side in a one-line crop before its last ``units``
    ideographs (a unit such as 件, about as wide as the ink is tall): groups of ink that
    overlap no other group across. A number's digits are such groups; more of them than
    the recogniser read digits means one was dropped (``3361`` read ``361``)."""
    ink = (crop < 128).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    spans = sorted((int(stats[k][0]), int(stats[k][0] + stats[k][2]), int(stats[k][1]),
                    int(stats[k][1] + stats[k][3]))
                   for k in range(1, n) if stats[k][cv2.CC_STAT_AREA] >= 4)
    if not spans:
        return 0
    height = max(b for _, _, _, b in spans) - min(t for _, _, t, _ in spans)
    end = max(x1 for _, x1, _, _ in spans) - units * height
    groups = 0
    right = -1
    for x0, x1, _, _ in spans:
        if x1 > end + 1:
            break
        if x0 >= right:
            groups += 1
        right = max(right, x1)
    return groups


def pad_crop(gray: Gray, box: Sequence[int]) -> Gray:
    """The ink box with a white margin of half its height (the recogniser wants context)."""
    x0, y0, x1, y1 = box
    crop = gray[y0:y1, x0:x1]
    pad = max(4, (y1 - y0) // 2)
    return np.asarray(cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                                         value=255), dtype=np.uint8)

