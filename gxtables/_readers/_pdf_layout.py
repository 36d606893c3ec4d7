"""A PDF page's characters laid out as column-aligned text lines, pure.

Tables drawn without ruling lines (borders switched off, or only a rule above and below)
give the ruled-table finder nothing to hold on to, and pdfium's plain text runs a row's
cells together. Their geometry is still exact: this module writes each line of the page as
``pdftotext -layout`` would — one character a column, each run of characters starting at
the column its left edge stands at — so that the column-aligned text reader
(:mod:`._aligned`) rejoins wrapped labels and the matcher places numbers under their header
words, as it does for that tool's output. Unlike that tool's, each run starts where its
own box does (an ideograph, a little wider than a column, never pushes what follows; only a
long number, a column a digit, may push the cell after it right), and a unit that a narrow
cell wrapped under its number (``318`` over ``项``) is put back beside it.

Every page is laid out from one left edge (the document's), so a table crossing a page
keeps its columns. Every laid-out character keeps its index in its line, so a cell read
from the text can be given the page and box it came from (:func:`cell_box`). A unit a page
break cut off its number (the row's units wrapped onto the next page) is put back too.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Sequence

import attrs

from .._values import TABLE_UNITS
from ._pdf_assemble import FOOTER as _FOOTER
from ._pdf_geometry import BBox, chars_bbox, group_lines
from ._pdf_model import Char

__all__ = ["LaidLine", "cell_box", "lay_out"]

#: One column of laid-out text, as a fraction of the ideographs' median size (one is a
#: little over one column, as in pdftotext's output, so a label keeps its width).
_COLUMN = 0.9
#: Two glyphs share a line when their baselines differ by at most this fraction of their
#: size (a group label centred beside a two-line row label stands a little off its baseline).
_SAME_LINE = 0.7
#: Glyphs closer than this (columns) are one run: no space between them.
_TOUCHING = 0.4
#: A number this far (columns) after an ideograph, standing alone, is a cell of its own.
_NUMBER_GAP = 0.1
#: Runs farther apart than this (columns) are separate cells: at least two spaces between.
_APART = 1.0
#: The narrowest column (points) and the farthest column a run is placed at: a glyph set in
#: a vanishing font, or far off the page, must not make a line of millions of spaces.
_MIN_COLUMN = 1.0
_MOST_COLUMNS = 2_000
#: A unit wrapped under its number stands at most this far below it (fraction of its size).
_WRAP_GAP = 0.8
_UNITS = frozenset(TABLE_UNITS)


@attrs.frozen
class LaidLine:
    """One laid-out line: its text and, for each character placed, its index in the text
    and its glyph."""

    text: str
    placed: tuple[tuple[int, Char], ...]


def lay_out(pages: Sequence[Sequence[Char]]) -> list[list[LaidLine]]:
    """Each page's visible characters as lines of column-aligned text, top to bottom."""
    glyphs = [[c for c in chars if c.text.strip()] for chars in pages]
    every = [c for page in glyphs for c in page]
    if not every:
        return [[] for _ in pages]
    cjk = [c.size for c in every if c.text >= "\u2e80"]
    column = max(_MIN_COLUMN, _COLUMN * statistics.median(cjk or [c.size for c in every]))
    lines = [_lines(page) for page in glyphs]
    moved: set[int] = set()
    for k, page in enumerate(lines):
        lines[k] = _units_beside_numbers(page, column, moved)
        if k and lines[k] and lines[k - 1]:
            _units_from_next_page(lines[k - 1], lines[k], column, moved)
            lines[k] = [line for line in lines[k] if line]
    # (glyphs left of the page's edge, off the page, do not move every page's columns)
    left = min((c.x0 for page in lines for line in page for c in line if c.x0 >= 0),
               default=0.0)
    return [[_laid(line, left, column, moved) for line in page] for page in lines]


def _baseline(c: Char) -> float:
    return c.baseline if c.baseline is not None else c.bottom


def _lines(glyphs: list[Char]) -> list[list[Char]]:
    """Glyphs grouped by baseline (one line each), lines top to bottom, glyphs left to
    right. Grouping by baseline keeps punctuation, whose boxes sit low, on its line."""
    return group_lines(glyphs, by=_baseline, tolerance=_SAME_LINE)


def _runs(line: list[Char], column: float) -> list[list[Char]]:
    """A line's glyphs in runs that touch (one cell's text, or one word)."""
    runs = [[line[0]]]
    for ch in line[1:]:
        if ch.x0 - runs[-1][-1].x1 < _TOUCHING * column:
            runs[-1].append(ch)
        else:
            runs.append([ch])
    return runs


def _units_beside_numbers(lines: list[list[Char]], column: float,
                          moved: set[int]) -> list[list[Char]]:
    """A unit standing alone right under a number (``318`` / ``项``: a narrow cell wrapped
    it) moved onto the number's line, after it. Read apart, the number would lose its unit
    and the unit would be a stray cell. ``moved`` collects the moved glyphs' ids."""
    out = [list(line) for line in lines]
    for k in range(len(out) - 1):
        above, below = out[k], out[k + 1]
        if not above or not below:
            continue
        size = max(c.size for c in above)
        if min(c.top for c in below) - max(c.bottom for c in above) <= _WRAP_GAP * size:
            out[k], out[k + 1] = _units_moved_up(above, below, column, moved)
    return [line for line in out if line]


def _units_from_next_page(page: list[list[Char]], after: list[list[Char]], column: float,
                          moved: set[int]) -> None:
    """The units a page break cut off a table row's numbers (the row's first line on one
    page, the units wrapped under its numbers at the top of the next) put back beside
    them; the page's number (``- 3 -``) aside."""
    k = len(page) - 1
    while k > 0 and _FOOTER.match("".join(c.text for c in page[k])):
        k -= 1
    page[k], after[0] = _units_moved_up(page[k], after[0], column, moved)


def _units_moved_up(above: list[Char], below: list[Char], column: float,
                    moved: set[int]) -> tuple[list[Char], list[Char]]:
    units = [r for r in _runs(below, column) if "".join(c.text for c in r) in _UNITS]
    if not units:
        return above, below  # (nearly every pair of lines)
    numbers = [r for r in _runs(above, column) if r[-1].text.isdecimal()]
    lefts = [r[0].x0 - column for r in numbers]  # (runs of one line do not overlap)
    for run in units:
        centre = (run[0].x0 + run[-1].x1) / 2
        at = bisect.bisect_right(lefts, centre) - 1
        if at < 0 or centre > numbers[at][-1].x1 + column:
            continue
        owner = numbers[at]
        end, x = owner[-1], owner[-1].x1
        placed = []
        for c in run:
            width = c.x1 - c.x0
            placed.append(attrs.evolve(c, x0=x, x1=x + width, top=end.top,
                                       bottom=end.bottom, baseline=end.baseline))
            x += width
        moved.update(id(c) for c in placed)
        taken = {id(c) for c in run}
        below = [c for c in below if id(c) not in taken]
        above = sorted([*above, *placed], key=lambda c: c.x0)
    return above, below


def _laid(line: list[Char], left: float, column: float, moved: set[int]) -> LaidLine:
    """One line written out: each run starts at its column, or two spaces after the run
    before where that one ran long (a space where two runs nearly touch). Glyphs in
    ``moved`` stand where they were printed no more: they get no index (no box)."""
    text = ""
    placed: list[tuple[int, Char]] = []
    prev: Char | None = None
    for k, ch in enumerate(line):
        target = min(round((ch.x0 - left) / column), _MOST_COLUMNS)
        if prev is None:
            text = " " * target
        else:
            gap = (ch.x0 - prev.x1) / column
            if gap >= _APART or (gap >= _NUMBER_GAP and _number_after_label(line, k, column)):
                text += " " * max(target - len(text), 2)
            elif gap >= _TOUCHING:
                text += " "
        if id(ch) not in moved:
            placed.append((len(text), ch))
        text += ch.text
        prev = ch
    return LaidLine(text, tuple(placed))


def _number_after_label(line: list[Char], k: int, column: float) -> bool:
    """Does a number cell start at ``line[k]``, a little apart from the ideograph before it
    and well apart from what follows (``行政机`` ``0`` in a tight table: the label's line
    runs up to the row's first number)?"""
    if not (line[k - 1].text >= "\u3400" and line[k].text.isdecimal()):
        return False
    end = k
    while end + 1 < len(line) and line[end + 1].text.isdecimal() \
            and line[end + 1].x0 - line[end].x1 < _TOUCHING * column:
        end += 1
    return end + 1 == len(line) or (line[end + 1].x0 - line[end].x1) / column >= _APART


def cell_box(line: LaidLine, col: int, text: str) -> BBox | None:
    """The box of the glyphs that print ``text`` from index ``col`` of ``line`` (``None``
    when the line does not hold that text there: a cell rejoined from other lines)."""
    if not text or line.text[col:col + len(text)] != text:
        return None
    glyphs = [c for i, c in line.placed if col <= i < col + len(text)]
    return chars_bbox(glyphs) if glyphs else None
