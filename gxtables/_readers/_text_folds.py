"""Text cut into lines where the page had none, put back on its lines.

A page's text saved through a tool that folds long lines (every line cut at the same width,
``fold -w 80``, maybe indenting each piece) cuts the one-line body of a crawler's page
anywhere — inside a number (``18651.`` / ``06``, ``232`` / ``459``) as readily as between
cells — and a line break reads as a cell boundary. Such a fold shows as lines of one and the
same length one after another, the last piece of each folded line shorter; joined with
nothing between them (and without their common indent), they are the line as it was.
Column-aligned text (runs of spaces between its cells), rows with separators (tabs, ``|``)
and lines shorter than 60 characters are never joined.

A line break that falls inside a number run together with the labels on both sides of it
(``行政处罚2648`` / ``0430行政强制``, a crawler's stray break or a narrow fold) is taken out:
the digits on both sides are one run, whose cells the arithmetic splits.

A line break may also fall between a number and its unit (``10690`` / ``件第二十条…``, a
``<br>`` or a stray carriage return in a crawler's text): the unit goes back to its number.
"""

from __future__ import annotations

import re
from collections import Counter

from .._values import MARK_CHARS, TABLE_UNIT_RE, TABLE_UNITS

__all__ = ["numbers_rejoined", "unfold", "units_back"]

#: Folds narrower than this are not told from ordinary lines of equal length (a table row
#: printed on a line of its own, cells one space apart, is shorter).
_MIN_WIDTH = 60
#: How many lines of the fold width in a row make a fold.
_MIN_RUN = 3
#: Lines this long or longer of one length are a fold already when two share it, and one
#: of them followed by a shorter line is a folded line's cut (prose wraps far sooner).
_WIDE = 200


def unfold(lines: list[str]) -> list[str]:
    """``lines`` with every run of lines cut at one width joined back into one line."""
    width = _fold_width(lines)
    if width is None:
        return lines
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        j = i
        while j < n and _cut(lines[j], width):
            j += 1
        if j - i >= _MIN_RUN or (j > i and width >= _WIDE):
            # the run, and the shorter piece that ended the folded line
            end = j + 1 if j < n and 0 < len(lines[j]) < width and _unaligned(lines[j]) else j
            run = lines[i:end]
            indent = min(len(line) - len(line.lstrip(" ")) for line in run)
            out.append("".join(line[indent:] for line in run))
            i = end
        else:
            out.append(lines[i])
            i += 1
    return out


def _fold_width(lines: list[str]) -> int | None:
    """The width most long lines share, when some run of them is a fold."""
    long = [n for n in map(len, lines) if n >= _MIN_WIDTH]
    if len(set(long)) == len(long):
        return None  # no two long lines of one length (most texts): no fold
    width, count = max(Counter(long).items(), key=lambda wc: (wc[1], wc[0]))
    return width if count >= _MIN_RUN or (count >= 2 and width >= _WIDE) else None


def _cut(line: str, width: int) -> bool:
    """A line the fold cut: as long as the fold is wide, and no column-aligned text or table
    row with separators (tabs, ``|``). An indent the fold put before each line is dropped
    when the lines are joined."""
    return len(line) == width and _unaligned(line) and "\t" not in line and "|" not in line


def _unaligned(line: str) -> bool:
    """No run of spaces inside ``line``, and none before it longer than an indent (column-
    aligned text indents a cell far, ``                  收费``)."""
    body = line.lstrip(" ")
    return "  " not in body and len(line) - len(body) <= _MAX_INDENT


#: The widest indent a fold puts before each piece.
_MAX_INDENT = 4


def units_back(lines: list[str], text: str | None = None) -> list[str]:
    """``lines`` with a unit that starts a line after a line ending in a number (and its
    note marks) moved back onto that number — unless it starts a word (``件数``, ``项目``).
    ``text``: the lines joined by line breaks, when the caller has it (searched at once for
    such a break; most texts have none)."""
    if text is not None and not _UNIT_AFTER_BREAK.search(text):
        return lines
    out = list(lines)
    for k in range(len(out) - 1):
        if out[k + 1][:1] not in _UNIT_STARTS:
            continue  # (nearly every line: no regular expression run over it)
        if _ENDS_IN_NUMBER.search(out[k]) and (m := _STARTS_WITH_UNIT.match(out[k + 1])) \
                and "  " not in out[k].strip():
            # (not after a line of aligned cells: there a piece at the line's start stands
            # in the label column, the last character of a label wrapped around the numbers)
            out[k] = out[k].rstrip() + m.group(1)
            out[k + 1] = out[k + 1][m.end():]
    return out


#: The first characters of the table units (a line starting otherwise starts with none).
_UNIT_STARTS = frozenset(unit[0] for unit in TABLE_UNITS)
#: A line starting with a unit's first character (what a unit after a break needs).
_UNIT_AFTER_BREAK = re.compile("\n[" + "".join(sorted(_UNIT_STARTS)) + "]")
_ENDS_IN_NUMBER = re.compile(rf"\d[{MARK_CHARS}]*\s*$")
#: (at the very start of the line: a unit indented under a column of aligned text is its
#: cell's wrapped line, for the aligned reader)
_STARTS_WITH_UNIT = re.compile(rf"({TABLE_UNIT_RE})(?![目数人例款])")


def numbers_rejoined(lines: list[str], text: str | None = None) -> list[str]:
    """``lines`` with each break inside a number run together with words on both sides
    taken out (the two lines joined), where the lines are long. A line holding a number on
    its own (one cell per line), a number two spaces or more from its word, an item's
    numbering, or two short lines (a row of cells, ``2533项¹ -1168项¹`` over ``2513项¹``) are
    never joined: that break is a cell boundary. ``text``: the lines joined by line breaks,
    when the caller has it (searched at once for such a break; most texts have none)."""
    if text is not None and not _DIGIT_BREAK.search(text):
        return lines
    out: list[str] = []
    for line in lines:
        if (out and line[:1] in _NUMBER_STARTS and _GLUED_NUMBER_START.match(line)
                and not _NUMBERING.match(line)
                and _GLUED_NUMBER_END.search(out[-1])
                and min(len(line), len(out[-1])) >= _BROKEN_MIN
                and max(len(line), len(out[-1])) >= _BROKEN_LONG):
            out[-1] += line
        else:
            out.append(line)
    return out


#: A line break between two characters of a number (what a break to take out needs).
_DIGIT_BREAK = re.compile(r"[\d.\-]\n[.\-]?\d")
_NUMBER_STARTS = frozenset("0123456789.-")
#: A line starting with an item's numbering (``3.补正后…``): a row's label, never a
#: number's last digits.
_NUMBERING = re.compile(r"\d{1,2}[.．、]\D")
#: How long both lines, and one of them, are when a break between them may be inside a
#: number: a page's body broken anywhere, never a table's row or cell on a line of its own.
_BROKEN_MIN, _BROKEN_LONG = 4, 40
#: A line ending in a number glued to the word before it (``行政处罚2648``, ``采购1``) or one
#: space from it (a page's stray space, ``制作 0``; aligned columns are two or more apart).
_GLUED_NUMBER_END = re.compile(r"[^\s\d.,\-|\t] ?[.\-]?\d[\d.\-]*$")
#: A line starting with a number glued to the word after it (``0430行政强制``, ``.06万元``).
_GLUED_NUMBER_START = re.compile(r"[.\-]?\d[\d.\-]*[^\s\d.,\-|\t]")
