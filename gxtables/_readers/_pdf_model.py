"""Plain data of a PDF page as the reader sees it, and the pure character clean-up steps
that keep silent wrong numbers out: fake bold deduplicated, superscript marks told apart.

Coordinates are display points, top-down (``top`` grows downwards), after the page's
``/Rotate`` and crop box are applied.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence

import attrs

from .._grid import UNREAD

__all__ = ["SUPERSCRIPT_DIGITS", "Char", "Transform", "dedupe_fake_bold", "mark_superscripts"]

#: A raised glyph counts as a superscript when its font is at most this fraction of the
#: digit before it ...
_SUP_SIZE = 0.85
#: ... and its baseline is raised by at least this fraction of that digit's size;
_SUP_RISE = 0.15
#: a digit this much smaller is a mark even on the baseline (a mark set small but not
#: raised would otherwise be read as one more digit: 2379601).
_MARK_SIZE = 0.7
#: A digit at most this fraction of the digit before it, glued on off its baseline, that is
#: no mark by the rules above, is read as unread: a number's digits share one baseline.
_DOUBT_SIZE = 0.92
#: Two identical glyphs are one (fake bold) when their boxes overlap by this fraction of
#: the wider one and their tops differ by at most ``_BOLD_DY`` of the size.
_BOLD_OVERLAP = 0.6
_BOLD_DY = 0.25

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@attrs.frozen(slots=True)
class Char:
    """One glyph: its Unicode text and box; ``font_size`` and ``baseline`` (display y of
    its origin) when the source gives them (0 and ``None`` mean unknown)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    font_size: float = 0.0
    baseline: float | None = None

    @property
    def size(self) -> float:
        return self.font_size or (self.bottom - self.top)


@attrs.frozen
class Transform:
    """PDF user space → display space (top-down, rotated, relative to the crop box).

    ``rotate`` is the page's ``/Rotate`` in quarter turns clockwise (0–3); ``box`` its crop
    box ``(x0, y0, x1, y1)`` in user space.
    """

    box: tuple[float, float, float, float]
    rotate: int = 0

    @property
    def size(self) -> tuple[float, float]:
        """Display ``(width, height)``."""
        x0, y0, x1, y1 = self.box
        w, h = x1 - x0, y1 - y0
        return (h, w) if self.rotate % 2 else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        x0, y0, x1, y1 = self.box
        r = self.rotate
        if r == 0:
            return x - x0, y1 - y
        if r == 1:
            return y - y0, x - x0
        if r == 2:
            return x1 - x, y - y0
        return y1 - y, x1 - x

    def rect(self, left: float, bottom: float, right: float, top: float) -> tuple[
        float, float, float, float
    ]:
        """A user-space rectangle → display ``(x0, top, x1, bottom)``."""
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def dedupe_fake_bold(chars: Iterable[Char]) -> list[Char]:
    """Drop a glyph drawn again over an identical one (the same text, boxes overlapping by
    most of their width, on the same line): some producers fake bold by drawing every glyph
    twice ~0.35 pt apart, which would read 845105 as 884455110055. The first drawn is kept.

    >>> a = Char("8", 10, 0, 15, 9, 9.0)
    >>> [c.x0 for c in dedupe_fake_bold([a, Char("8", 10.35, 0, 15.35, 9, 9.0)])]
    [10]
    """
    kept: list[Char] = []
    seen: dict[tuple[str, int], list[Char]] = defaultdict(list)
    get = seen.get
    for ch in chars:
        # bands 4 pt high: a double (tops within ~2 pt) is in this band or the nearer one
        band = int(ch.top // 4)
        near = band - 1 if ch.top % 4 < 2 else band + 1
        here, there = get((ch.text, band)), get((ch.text, near))
        if (here and any(_same_glyph(o, ch) for o in here)) or (
            there and any(_same_glyph(o, ch) for o in there)
        ):
            continue
        kept.append(ch)
        seen[(ch.text, band)].append(ch)
    return kept


def _same_glyph(a: Char, b: Char) -> bool:
    if abs(a.top - b.top) > _BOLD_DY * max(1.0, a.size):
        return False
    width = max(a.x1 - a.x0, b.x1 - b.x0)
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    if width <= 0:
        return abs(a.x0 - b.x0) < 0.5
    return overlap >= _BOLD_OVERLAP * width


def mark_superscripts(chars: Sequence[Char]) -> list[Char]:
    """A smaller, raised digit right after a digit (ASCII or full-width; a footnote mark,
    ``237960¹``) becomes — as does a much smaller digit (≤ 0.7×) on the baseline —
    the Unicode superscript digit, placed on its base's line, so the value stage keeps it
    out of the number. Glyphs without a known font size and baseline are left alone."""
    by_right = sorted(
        (c.x1, i) for i, c in enumerate(chars) if c.baseline is not None and c.font_size
    )
    rights = [x for x, _ in by_right]
    out = list(chars)
    largest = max((c.font_size for c in chars if c.text.isdecimal()), default=0.0)
    order = sorted(
        (i for i, c in enumerate(chars) if c.font_size and c.font_size <= _DOUBT_SIZE * largest),
        key=lambda i: chars[i].x0,
    )
    for i in order:
        c = out[i]
        if c.baseline is None or len(c.text) != 1 or not c.text.isdecimal():
            continue
        base, doubt = _base_digit(out, c, by_right, rights, i)
        if base is None:
            if doubt:  # a smaller digit glued on, neither mark nor digit of the number
                out[i] = attrs.evolve(c, text=UNREAD)
            continue
        out[i] = attrs.evolve(
            c,
            text=str(unicodedata.decimal(c.text)).translate(SUPERSCRIPT_DIGITS),
            top=base.top,
            bottom=base.bottom,
        )
    return out


def _base_digit(
    chars: Sequence[Char],
    c: Char,
    by_right: Sequence[tuple[float, int]],
    rights: Sequence[float],
    index: int,
) -> tuple[Char | None, bool]:
    """The digit (or already-marked superscript) a raised glyph ``c`` follows, if any; and
    whether ``c`` is a smaller digit right after a digit, off its baseline but too large
    or too low for a mark (``22`` then a ``2`` at 0.7 of the size, a little raised: ``222``
    or ``22²``?)."""
    assert c.baseline is not None
    lo = bisect_left(rights, c.x0 - 0.6 * c.font_size / _SUP_SIZE)
    hi = bisect_right(rights, c.x0 + 0.35 * c.font_size / _SUP_SIZE)
    best: Char | None = None
    doubt = False
    for _, j in by_right[lo:hi]:
        if j == index:
            continue
        p = chars[j]
        if p.baseline is None or p.x0 >= c.x0:
            continue
        if p.text.translate(_UNSUPER) != p.text:  # p is itself a mark: same size, same rise
            if abs(p.font_size - c.font_size) <= 0.1 * c.font_size and abs(
                p.baseline - c.baseline
            ) <= 0.2 * c.font_size:
                best = p
            continue
        if not p.text.isdecimal():  # ASCII or full-width (０–９) digits
            continue
        if c.font_size > _DOUBT_SIZE * p.font_size:
            continue
        rise = p.baseline - c.baseline
        if rise > p.font_size:
            continue
        if c.font_size > _SUP_SIZE * p.font_size or (
                rise < _SUP_RISE * p.font_size and not (
                    c.font_size <= _MARK_SIZE * p.font_size and rise >= -0.1 * p.font_size)):
            # off p's baseline (on it, a digit a little smaller is the number's), yet on
            # its line; a glyph under half the size is other text beside a large one
            doubt = doubt or (c.font_size >= 0.5 * p.font_size
                              and 0.03 * p.font_size < abs(rise) <= 0.6 * p.font_size
                              and rise >= -0.2 * p.font_size)
            continue
        best = p
    return best, doubt and best is None


_UNSUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


# -- affine matrices (PDF's row-vector convention: a point is (x, y, 1) times the matrix) ----

#: ``(a, b, c, d, e, f)`` of a PDF transformation matrix.
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def compose(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n``: the matrix of an object drawn with ``m`` inside a space ``n``."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def apply_matrix(m: Sequence[float], x: float, y: float) -> tuple[float, float]:
    """The point ``(x, y)`` through ``m``."""
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]
