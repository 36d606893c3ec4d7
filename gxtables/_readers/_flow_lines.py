"""Line tests shared by the ``pdftotext`` default-mode readers (:mod:`._flow`,
:mod:`._flow_partial`): what a value line is, a value wrapped inside its brackets, row
labels wrapped over lines, and the bounds on the search over side-by-side tables."""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

__all__ = ["MAX_BLOCKS", "MAX_LABEL_LINES", "MAX_TABLES", "Scan", "is_value", "join_wrapped",
           "open_bracket", "scan", "value_lines"]

#: Bounds that keep the search over block partitions small.
MAX_TABLES = 8
MAX_BLOCKS = 40
MAX_LABEL_LINES = 60

_VALUE = re.compile(
    r"^[+\-－]?\d[\d,，]*(?:[.．]\d+)?\s*(?:[件项个条元万亿%％]{0,3}|[（(].*)$|^[-—/]$")


#: What a value line's text starts with, besides a digit (a sign or a dash).
_VALUE_FIRST = frozenset("+-－—/")


def is_value(line: str) -> bool:
    """The line is one value cell (a number with its unit or note, or a dash)."""
    return bool(_VALUE.match(line.strip()))


@attrs.frozen
class Scan:
    """Every line's text stripped and whether it is a value (:func:`is_value`), computed once
    for the passes over a whole text (run starts, the rebuild loop, the blank-line test)."""

    texts: list[str]
    values: list[bool]


def scan(lines: Sequence[str]) -> Scan:
    """:class:`Scan` of ``lines``. The first character rules out most lines (prose, labels)
    before the pattern is tried: a value starts with a digit, a sign or a dash."""
    texts = [line.strip() for line in lines]
    match = _VALUE.match
    first = _VALUE_FIRST
    values = [bool(t) and (t[0].isdecimal() or t[0] in first) and match(t) is not None
              for t in texts]
    return Scan(texts, values)


def open_bracket(text: str) -> bool:
    """The text opens a bracket it does not close (a value wrapped inside its note)."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def value_lines(lines: Sequence[str], q: int) -> tuple[list[list[int]], int]:
    """The value cells from line ``q`` on, each as its lines (a value that wrapped inside its
    brackets, ``740（市政府网`` / ``站）``, keeps its second line), up to a blank line or a
    line that is no value; and where they stop."""
    values: list[list[int]] = []
    while q < len(lines) and lines[q].strip():
        if is_value(lines[q]):
            values.append([q])
        elif values and open_bracket("".join(lines[v].strip() for v in values[-1])):
            values[-1].append(q)
        else:
            break
        q += 1
    return values, q


def join_wrapped(rows: list[list[int]], want: int, lines: Sequence[str]
                  ) -> list[list[int]] | None:
    """``rows`` label lines joined into ``want`` labels: a line as wide as the widest of
    them wrapped, and the line after it continues it. ``None`` unless that gives ``want``."""
    if len(rows) == want:
        return rows
    if len(rows) < want:
        return None
    widths = [len(lines[r[0]].strip()) for r in rows]
    widest = max(widths)
    out: list[list[int]] = []
    for r, w in zip(rows, widths, strict=True):
        if out and len(lines[out[-1][-1]].strip()) == widest and w < widest:
            out[-1] = [*out[-1], *r]
        else:
            out.append(list(r))
    return out if len(out) == want else None
