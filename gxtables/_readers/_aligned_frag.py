"""Pieces of column-aligned lines (``pdftotext -layout``): a cell's text and position, and
what counts as a value."""

from __future__ import annotations

import re

import attrs

from .._normalize import display_width
from .._values import MARK_CHARS, TABLE_UNIT, TABLE_UNIT_RE, figure

_ALIGNED_CELL = re.compile(r"\S+(?: \S+)*")
_UNIT = rf"(?:{TABLE_UNIT_RE})"
#: A value cell: a number, with its unit and note marks (``14*``, ``3¹件``).
_NUMBER = re.compile(rf"^[+\-－]?\d[\d,，]*(?:[.．]\d+)?[{MARK_CHARS}]*\s?{_UNIT}?[{MARK_CHARS}]*"
                     # a note after it, wrapped or not: 1件（市政府网站）, 30件（市政府网
                     r"(?:[（(][^（()）\d]{1,12}[)）]?)?$")
_BARE_NUMBER = re.compile(r"\d+")
_EMPTY_MARKS = frozenset({"-", "--", "—", "——", "–", "－", "/", "／", "无"})
_SINGLE = re.compile(r"[\u3400-\u9fff]")
# Outline numbering that starts a label: 1. 一、 （三） — or a group label's first line （三
_NUMBERED = re.compile(
    r"^(?:\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3})")


@attrs.frozen
class _Frag:
    """A piece of a line: its text, its 1-based line and its starting column (display
    column or character index, as the block is read; ``alt`` is the other, -1 unknown;
    ``wrapped`` the lines' pieces of a number joined from two lines)."""

    text: str
    line: int
    start: int
    alt: int = attrs.field(default=-1, eq=False)
    wrapped: str = attrs.field(default="", eq=False)
    #: a header word stacked from pieces on several lines (社会 / 公益 / 组织): the widest
    #: piece's length in characters (0: the text stands on one line)
    stacked: int = attrs.field(default=0, eq=False)

    @property
    def end(self) -> int:
        return self.start + display_width(self.text)

    @property
    def figure_width(self) -> int:
        """The display width of the text without the note marks ending it (``14*``: 2)."""
        return display_width(figure(self.text))

    @property
    def numeric(self) -> bool:
        """A value cell: a number, or a mark an empty cell prints (``-``, ``—``, ``/``, ``无``)."""
        return bool(_NUMBER.match(self.text)) or self.text in _EMPTY_MARKS


def _split_numbers(frag: _Frag) -> list[_Frag]:
    """``1860 53``: two numbers a single space apart (a proportional font squeezed the gap)
    are two cells, as are a label and the number one space after it (``行政法规禁 0件``);
    ``455 件`` (a number and its unit) stays one."""
    parts: list[tuple[str, int]] = []
    pos = 0
    for p in frag.text.split(" "):
        if parts and TABLE_UNIT.fullmatch(p):
            parts[-1] = (parts[-1][0] + " " + p, parts[-1][1])  # 455 件: a number, its unit
        else:
            parts.append((p, pos))
        pos += display_width(p) + 1
    if len(parts) < 2:
        return [frag]
    if not all(_NUMBER.match(p) for p, _ in parts):
        # 行政法规禁 0件 / 规范性文件 9: a label's (last) line with the row's first number
        # one space after it (a left-aligned column, a narrow gap) — the number is a cell
        numbers = len(parts) - next(k for k in range(len(parts), 0, -1)
                                    if not _NUMBER.match(parts[k - 1][0]))
        label = " ".join(p for p, _ in parts[:len(parts) - numbers])
        if not numbers or not _LABEL_END.search(label):
            return [frag]
        parts = [(label, 0), *parts[len(parts) - numbers:]]
    # 2533项 -1168项 1409749项: cells a proportional font squeezed to one space apart
    return [_Frag(p, frag.line, frag.start + off, frag.alt + off if frag.alt >= 0 else -1)
            for p, off in parts]


#: How a label's text ends (an ideograph, a closing bracket or quote), never a number's.
_LABEL_END = re.compile(r"[\u3400-\u9fff）)”」]$")


def _join(frags: list[_Frag]) -> _Frag:
    return _Frag("".join(f.text for f in frags), frags[0].line, frags[0].start)
