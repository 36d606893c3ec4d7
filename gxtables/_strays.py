"""Numbers cut in two by a stray character, in text that lost its cells.

In a crawler's one-line page a stray character inside a number (a byte the page lost, shown
as U+FFFD; a dot, comma or letter typed into it) cuts it in two: ``行政强制 39�1`` gives the
cells ``39``, ``�``, ``1``. The row takes ``39`` — as many values as it has cells — and
``1`` is read into no cell or into the next row, and nothing said that 39 may be the front
of 391. So where a value a row took is followed by such a lone character and then a number,
the row gets a ``stray_number`` warning, and so does the row that took that number, if
another. A page footer ``- 3 -`` run into a row (``65651289 - 3 -``: ``-`` read as an empty
cell and ``3`` as a value) flags the rows that took its cells the same way. Only cells read
out of a long line with an offset of their own can be told apart.
"""

from __future__ import annotations

import re

import attrs

from ._grid import Document, Location
from ._raw import RawMatch
from ._records import Issue
from ._values import parse_value

__all__ = ["doubt_rows_beside_strays"]


def doubt_rows_beside_strays(raw: RawMatch, document: Document) -> RawMatch:
    """``raw`` with a ``stray_number`` warning on each row that took a part of a number a
    stray character cuts in two (see the module docstring)."""
    owner: dict[Location, tuple[str, str]] = {}
    for key, table in raw.tables.items():
        for (r, _c), cell in table.cells.items():
            if cell.text and cell.location is not None and _loose(cell.location):
                owner.setdefault(cell.location, (key, r))
        for row in table.unresolved:
            for text, _, loc in row.values:
                if text and _loose(loc):  # a run no row took ("") is the table's
                    owner.setdefault(loc, (key, row.row))
    if not owner:
        return raw
    # (an empty cell a one-line page printed as a no-break space stands between nothing)
    order: list[tuple[Location, str]] = [
        (cell.location, cell.text) for grid in document.grids for cell in grid.cells
        if _loose(cell.location) and cell.text]
    # cells that share one location (a line split into cells with no offsets) cannot be
    # told apart: which of them a row took is unknown, so they say nothing either way
    seen: dict[Location, int] = {}
    for loc, _ in order:
        seen[loc] = seen.get(loc, 0) + 1
    warned: dict[tuple[str, str], list[str]] = {}
    for (loc1, first), (loc2, cut), (loc3, rest) in zip(order, order[1:], order[2:],
                                                        strict=False):
        if max(seen[loc1], seen[loc2], seen[loc3]) > 1 or loc2 in owner:
            continue
        took = owner.get(loc1)
        glued = (loc1.offset is not None and loc2.offset is not None and loc3.offset is not None
                 and loc1.offset + len(first) == loc2.offset
                 and loc2.offset + len(cut) == loc3.offset)
        if took is None or not _junk(cut, glued=glued) or parse_value(rest).kind != "number":
            continue
        number = f"{first}{cut}{rest}"
        warned.setdefault(took, []).append(number)
        after = owner.get(loc3)
        if after is not None and after != took:
            warned.setdefault(after, []).append(number)
    for (loc0, before), (loc1, dash), (loc2, page), (_, close) in zip(
            order, order[1:], order[2:], order[3:], strict=False):
        # a page footer "- 3 -" read into a row: "-" as an empty cell, 3 as a value
        if dash in _DASHES and _PAGE.fullmatch(page) and close[:1] in _DASHES:
            for loc in (loc0, loc1, loc2):
                took = owner.get(loc) if seen[loc] == 1 else None
                if took is not None:
                    warned.setdefault(took, []).append(f"{before} {dash} {page} {close[:1]}")
    issues = tuple(
        Issue("stray_number", "warning",
              f"the text {' | '.join(strays)!r} among this row's values is a number cut in two "
              "by a character that is neither digit nor mark, or a page footer; a value read "
              "here may be only part of one, or none",
              table, row)
        for (table, row), strays in warned.items()
        if row and not any(i.table == table and i.row == row
                           and i.severity in ("error", "warning") for i in raw.issues))
    return attrs.evolve(raw, issues=raw.issues + issues) if issues else raw


#: Marks a number may carry (read by the value parser) and punctuation that ends a label.
_MARKS = frozenset("*＊※#＃△▲☆★①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⁰¹²³⁴⁵⁶⁷⁸⁹（）()、：:；;。")


_DASHES = frozenset("-—–－")
_PAGE = re.compile(r"\d{1,3}")


def _junk(text: str, *, glued: bool) -> bool:
    """One to three characters that are no digit, letter of a label, mark or label
    punctuation (U+FFFD — twice for a lost two-byte character —, a dot, a comma, stray
    letters); or an enumeration comma glued between two digits (``39、1``)."""
    if not 1 <= len(text) <= 3 or any(
            ch.isspace() or ch.isdigit() or 0x3400 <= ord(ch) <= 0x9FFF for ch in text):
        return False
    return not all(ch in _MARKS for ch in text) or (glued and text == "、")


def _loose(location: Location | None) -> bool:
    """A cell read out of a long line (a crawler's one-line page): a line and an offset in
    it, no grid position. (Text of one cell a line — ``pdftotext`` — prints numbers no row
    owns in plenty: column numbers, page numbers, tables read another way.)"""
    return (location is not None and location.line is not None and location.offset is not None
            and location.row is None)
