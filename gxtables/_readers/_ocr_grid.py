"""Ruled tables found in a page image: ruling lines, cells from their crossings, spans from
missing lines. Pure numpy/OpenCV (the ``ocr`` extra); nothing here knows of text.

A table is a connected group of long horizontal and vertical strokes. Its row boundaries
are the horizontal lines, its column boundaries the vertical ones; the unit between two
neighbouring boundaries of each is one grid slot, and two slots are one merged cell when
the line between them is missing over that stretch.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import cv2
import numpy as np
import numpy.typing as npt

__all__ = ["ImageCell", "ImageTable", "binarize", "deskew", "find_image_tables"]

Gray = npt.NDArray[np.uint8]

#: A stretch of a boundary counts as ruled when this share of it is inked.
_LINE_COVER = 0.6
#: Smallest table, as a share of the page's width and height.
_MIN_TABLE_W, _MIN_TABLE_H = 0.2, 0.03


@attrs.frozen
class ImageCell:
    """One cell: grid position and spans, and its box in pixels ``(x0, top, x1, bottom)``."""

    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[int, int, int, int]


@attrs.frozen
class ImageTable:
    """A ruled table: its outer box, its boundary positions and its cells in reading order."""

    box: tuple[int, int, int, int]
    ys: tuple[int, ...]
    xs: tuple[int, ...]
    cells: tuple[ImageCell, ...]

    def cell_at(self, x: float, y: float) -> ImageCell | None:
        """The cell whose box holds the point, if any."""
        for cell in self.cells:
            x0, y0, x1, y1 = cell.box
            if x0 <= x < x1 and y0 <= y < y1:
                return cell
        return None


def binarize(gray: Gray) -> Gray:
    """Ink as 255, paper as 0 (Otsu's threshold, so a grey scan works as well as a render)."""
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return np.asarray(bw, dtype=np.uint8)


def _line_masks(bw: Gray, dpi: float) -> tuple[Gray, Gray]:
    """Horizontal and vertical strokes longer than about 4 mm (longer than any glyph's)."""
    k = max(15, round(dpi * 0.16))
    horiz = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    vert = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    # bridge one-pixel breaks (scan noise, a slight tilt)
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 3)))
    vert = cv2.dilate(vert, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 5)))
    return np.asarray(horiz, dtype=np.uint8), np.asarray(vert, dtype=np.uint8)


def _positions(profile: npt.NDArray[np.int64], minimum: int) -> list[int]:
    """Centres of runs of indices whose ink count reaches ``minimum``."""
    hits = np.flatnonzero(profile >= minimum)
    if hits.size == 0:
        return []
    out: list[int] = []
    start = prev = int(hits[0])
    for h in hits[1:]:
        h = int(h)
        if h > prev + 2:
            out.append((start + prev) // 2)
            start = h
        prev = h
    out.append((start + prev) // 2)
    return out


def _covered(mask: Gray, lo: int, hi: int, at: int, axis: int, tol: int = 3) -> bool:
    """Is the line at ``at`` (a row when ``axis == 0``, a column otherwise) inked over
    ``lo..hi`` along the other axis?"""
    a, b = lo + tol, hi - tol
    if b <= a:
        return True
    if axis == 0:
        band = mask[max(0, at - tol):at + tol + 1, a:b]
        inked = band.any(axis=0)
    else:
        band = mask[a:b, max(0, at - tol):at + tol + 1]
        inked = band.any(axis=1)
    return bool(inked.mean() >= _LINE_COVER)


def _table(horiz: Gray, vert: Gray, box: tuple[int, int, int, int], k: int) -> ImageTable | None:
    x0, y0, x1, y1 = box
    h_sub = horiz[y0:y1, x0:x1]
    v_sub = vert[y0:y1, x0:x1]
    ys = [y0 + y for y in _positions((h_sub > 0).sum(axis=1), k)]
    xs = [x0 + x for x in _positions((v_sub > 0).sum(axis=0), k)]
    if len(ys) < 2 or len(xs) < 2:
        return None
    n_r, n_c = len(ys) - 1, len(xs) - 1
    parent = list(range(n_r * n_c))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_r):
        for c in range(n_c - 1):  # vertical line between slot c and c+1 in row r
            if not _covered(vert, ys[r], ys[r + 1], xs[c + 1], axis=1):
                parent[find(r * n_c + c + 1)] = find(r * n_c + c)
    for r in range(n_r - 1):
        for c in range(n_c):  # horizontal line between row r and r+1 in column c
            if not _covered(horiz, xs[c], xs[c + 1], ys[r + 1], axis=0):
                parent[find((r + 1) * n_c + c)] = find(r * n_c + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_r):
        for c in range(n_c):
            groups.setdefault(find(r * n_c + c), []).append((r, c))
    cells = []
    for slots in groups.values():
        r0 = min(r for r, _ in slots)
        r1 = max(r for r, _ in slots)
        c0 = min(c for _, c in slots)
        c1 = max(c for _, c in slots)
        cells.append(ImageCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1,
                               (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
    cells.sort(key=lambda c: (c.row, c.col))
    return ImageTable(box, tuple(ys), tuple(xs), tuple(cells))


def skew_degrees(gray: Gray, dpi: float) -> float:
    """The page's tilt, from its long horizontal rulings (median of their fitted angles);
    0.0 when it has none."""
    horiz, _ = _line_masks(binarize(gray), dpi)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(horiz, connectivity=8)
    angles = []
    for i in range(1, n):
        if stats[i][2] < gray.shape[1] / 3:
            continue
        ys, xs = np.nonzero(labels[stats[i][1]:stats[i][1] + stats[i][3],
                                   stats[i][0]:stats[i][0] + stats[i][2]] == i)
        if xs.size < 10:
            continue
        slope = float(np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0])
        angles.append(float(np.degrees(np.arctan(slope))))
    return float(np.median(angles)) if angles else 0.0


def deskew(gray: Gray, dpi: float) -> Gray:
    """The page turned level when its rulings tilt by more than 0.05° (up to 5°)."""
    angle = skew_degrees(gray, dpi)
    if abs(angle) <= 0.05 or abs(angle) > 5:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return np.asarray(cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR,
                                     borderValue=255), dtype=np.uint8)


def find_image_tables(gray: Gray, dpi: float) -> list[ImageTable]:
    """The ruled tables of a page image, top to bottom."""
    bw = binarize(gray)
    horiz, vert = _line_masks(bw, dpi)
    grid = cv2.bitwise_or(horiz, vert)
    n, _, stats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
    height, width = gray.shape
    k = max(15, round(dpi * 0.16))
    tables: list[ImageTable] = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i][:4])
        if w < _MIN_TABLE_W * width or h < _MIN_TABLE_H * height:
            continue
        table = _table(horiz, vert, (x, y, x + w, y + h), k)
        if table is not None and len(table.cells) > 1:
            tables.append(table)
    tables.sort(key=lambda t: (t.box[1], t.box[0]))
    return tables


def boxes_overlap(a: Sequence[float], b: Sequence[float]) -> bool:
    """Do two ``(x0, top, x1, bottom)`` boxes overlap?"""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
