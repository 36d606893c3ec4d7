"""Flattened text → Document.

Tables copied out of a report arrive as text in several dialects (TEMPLATES.md §1). Each is
read into cell grids whose order is exact but whose columns are only ordinals:

* ``tab`` — a TAB before each cell, a blank line between rows (merged cells written once,
  cells under a vertical merge written as empty ``\\t`` lines); a cell may be broken over
  two lines, the second without a TAB;
* ``tsv`` — one row per line, cells separated by TABs;
* ``pipe`` — one row per line, cells separated by ``|``;
* ``spaces`` — one row per line, cells separated by runs of two or more spaces;
* ``blank`` — no separators: each non-empty cell followed by one blank line and an empty
  cell shown only as one extra newline (rows unknown);
* ``lines`` — one cell per line, an empty cell as an empty line (rows unknown).

Inside the un-separated dialects a line whose labels and numbers run together
(``本年新收申请数量150010218``) is split into label and number tokens; number tokens that may
hold several cells are marked ``joined``.

Modules: :mod:`._text_dialects` (which dialect, one reader per dialect),
:mod:`._text_glued` (rows whose cells ran together), :mod:`._text_longline` (tables inside a
one-line page); Markdown, ``pdftotext -layout`` and ``pdftotext`` default output have
readers of their own (:mod:`._markdown`, :mod:`._aligned`, :mod:`._flow`).
"""

from __future__ import annotations

import re

import attrs

from .._decode import decode_text
from .._grid import CellGrid, Document, relocated
from .._limits import Deadline, Limits
from .._normalize import INVISIBLE_CHARS
from ._markdown import looks_like_markdown, read_markdown
from ._text_dialects import _LONG_LINE, detect_dialect
from ._text_dialects import DIALECTS as _DIALECTS
from ._text_folds import numbers_rejoined, unfold, units_back
from ._text_glued import spaced_blanks_marked
from ._text_longline import open_long_paragraphs as _open_long_paragraphs
from ._text_remnants import undo_html_remnants

# _flow (pdftotext default mode) reads what it rebuilds with these; it imports them from here
__all__ = ["_DIALECTS", "_open_long_paragraphs", "detect_dialect", "read_text"]


def read_text(data: bytes, *, limits: Limits, source: str | None) -> Document:
    """Decode ``data`` and read its tables in the dialect it is written in."""
    limits.check_size(len(data), source)
    deadline = Deadline(limits.timeout, source)
    text, _encoding = decode_text(data, source=source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x0c" not in text:
        return _read_lines(_undouble_newlines(text), deadline, limits, source)
    # pdftotext starts each page with a form feed: a line break for reading (it ends the
    # cell before it), none for numbering the lines as the file does
    paged = text.replace("\x0c", "\n")
    undoubled = _undouble_newlines(paged)
    origin = [n for n, line in enumerate(text.split("\n")) for _ in range(line.count("\x0c") + 1)]
    return _read_lines(undoubled, deadline, limits, source,
                       origin if undoubled == paged else None)


def _read_lines(text: str, deadline: Deadline, limits: Limits, source: str | None,
                origin: list[int] | None = None) -> Document:
    """:func:`read_text` of the decoded ``text``, its line breaks ``\\n``; ``origin``: for
    each of its lines, the 0-based line of the file it stands on (where a form feed broke
    a line in two), to number the cells' lines by."""
    read = text.split("\n")
    if read and read[-1] == "":
        read.pop()  # the newline that ends the last line does not start another
    lines = unfold(read)  # (before the invisible characters go: a fold counted them)
    lines = numbers_rejoined(lines, text if lines is read else None)
    document = _read_rejoined(text, lines, deadline, limits, source, as_read=lines is read)
    if origin is None or len(lines) != len(read):
        return document  # (lines joined back: numbered as joined, as without a form feed)
    return attrs.evolve(document, blocks=tuple(relocated(b, origin) for b in document.blocks))


def _read_rejoined(text: str, lines: list[str], deadline: Deadline, limits: Limits,
                   source: str | None, *, as_read: bool) -> Document:
    """:func:`_read_lines` once folds and broken numbers are joined back (``as_read``:
    none was, ``lines`` are ``text``'s)."""
    folded = lines
    lines = units_back(lines, text if as_read else None)
    unit_below = _units_put_back(folded, lines) if lines is not folded else frozenset()
    if any(ch in text for ch in INVISIBLE_CHARS):  # (six substring scans beat one regex)
        # A zero-width space a web page carried (``3\u200b 475\u200b件``) is no character of
        # the text: kept, it would stand as a cell of its own or cut a unit off its number.
        text = _INVISIBLE.sub("", text)
        lines = [_INVISIBLE.sub("", line) for line in lines]
    # GFM pipe tables or embedded <table>s (exact grids) need a pipe or a tag somewhere.
    if ("|" in text or "<" in text) and looks_like_markdown(lines):
        return read_markdown(lines, deadline=deadline, limits=limits, source=source)
    if "&" in text or "<!--" in text:
        lines = [undo_html_remnants(line) for line in lines]
    if "  " in text:
        lines = [spaced_blanks_marked(line) if len(line) >= _LONG_LINE else line
                 for line in lines]
    dialect = detect_dialect(lines)
    if dialect in _SEPARATED and ("\t" in text or "\u3000" in text):
        spaced = [_body_spaced(line) for line in lines]
        if spaced != lines:
            lines, dialect = spaced, detect_dialect(spaced)
    if dialect in _FLOW_DIALECTS:
        from ._flow import read_flow  # pdftotext default mode: flow blocks rebuilt row by row
        if (flow := read_flow(lines, deadline, limits, source, dialect)) is not None:
            return _marked_unit_below(flow, unit_below)
    reader = _DIALECTS[dialect]
    blocks = _open_long_paragraphs(reader(lines, deadline), lines, deadline, limits, source)
    return _marked_unit_below(Document(format="text", blocks=tuple(blocks)), unit_below)


def _units_put_back(before: list[str], after: list[str]) -> frozenset[int]:
    """The 1-based numbers of the lines :func:`units_back` gave a unit from the line under
    them (``0`` / ``项`` → ``0项``)."""
    return frozenset(k + 1 for k, (a, b) in enumerate(zip(before, after, strict=True))
                     if b != a and len(b) > len(a.rstrip()) and b.startswith(a.rstrip()))


def _marked_unit_below(document: Document, lines: frozenset[int]) -> Document:
    """``document`` with each cell read from one of ``lines`` marked ``unit_below``."""
    if not lines:
        return document
    blocks = tuple(attrs.evolve(b, cells=tuple(
        c._replace(unit_below=True) if c.location.line in lines else c for c in b.cells))
        if isinstance(b, CellGrid) else b for b in document.blocks)
    return attrs.evolve(document, blocks=blocks)


def _body_spaced(line: str) -> str:
    """A one-line page's body (a long line holding sentences) with its tabs and ideographic
    spaces as plain spaces: a page written with them (``标题:\t…`` over the body) is no
    tab-separated or column-aligned table, and its body must not be cut into cells at them
    (only asked when the text reads as one: elsewhere ``raw`` keeps what was printed)."""
    if len(line) < _LONG_LINE or ("\t" not in line and "\u3000" not in line) \
            or "。" not in line:
        return line
    return line.replace("\t", " ").replace("\u3000", " ")


#: The dialects that cut a line into cells at tabs or ideographic spaces.
_SEPARATED = ("tab", "tsv", "spaces")

#: The dialects :func:`._flow.read_flow` rebuilds (any other it leaves alone).
_FLOW_DIALECTS = ("lines", "blank")

_NEWLINES = re.compile(r"\n+")
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
#: One line break between two characters that are not line breaks.
_SINGLE_BREAK = re.compile(r"[^\n]\n[^\n]")


def _undouble_newlines(text: str) -> str:
    """Text whose every line break was doubled on the way (a copy through a program that
    writes CR LF as two breaks) has only even runs of newlines; halve them, or the blank-line
    dialect would read an empty cell behind every cell."""
    if "\n\n\n\n" not in text:
        return text  # no run of four: the rule below keeps the text
    if _SINGLE_BREAK.search(text):
        return text  # a run of one line break (odd) between lines: the rule keeps the text
    runs = [len(m.group(0)) for m in _NEWLINES.finditer(text.rstrip("\n"))]
    if runs and max(runs) >= 4 and all(r % 2 == 0 for r in runs):
        return _NEWLINES.sub(lambda m: "\n" * (len(m.group(0)) // 2), text)
    return text
