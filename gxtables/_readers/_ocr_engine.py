"""The OCR engine and the crops it is given: one RapidOCR engine per process (PP-OCR models
from its wheel), text-line detection and batched line recognition, and the pixel work that
prepares a cell for it (the ink box inside the ruling lines, a white margin, scan specks
wiped out). Imports OpenCV, NumPy and onnxruntime: loaded only when a scan is met.
"""

from __future__ import annotations

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
    return (x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1,
            y0 + int(rows[-1]) + 1)


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


def pad_crop(gray: Gray, box: Sequence[int]) -> Gray:
    """The ink box with a white margin of half its height (the recogniser wants context)."""
    x0, y0, x1, y1 = box
    crop = gray[y0:y1, x0:x1]
    pad = max(4, (y1 - y0) // 2)
    return np.asarray(cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                                         value=255), dtype=np.uint8)

