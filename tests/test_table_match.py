"""Matching a table is plain data in, plain data out: each step returns a frozen part
(cells, issues, refused rows) that its caller adds up in order, and changes nothing it is
given."""

from __future__ import annotations

import copy
from pathlib import Path

import attrs
import pytest

from gxtables._align import RowValues, place_row
from gxtables._grid import Document, Location, Paragraph
from gxtables._limits import Limits
from gxtables._match import match_layout
from gxtables._raw import RawCell
from gxtables._readers._text import read_text
from gxtables._slots import Slot
from gxtables._table_match import MatchedTable, TableMatch, issue, refused, row_cells
from gxtables._templates import LAYOUTS
from gxtables._tokens import Token, tokenize

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def numbers(*texts: str) -> list[Token]:
    """Value tokens, one paragraph each."""
    doc = Document("text", tuple(Paragraph(t, Location(line=i)) for i, t in enumerate(texts)))
    return tokenize(doc)


def test_parts_add_up_in_order_and_a_later_put_replaces_a_cell_where_it_stood() -> None:
    a, b, c = (RawCell(t, None) for t in ("1", "2", "3"))
    first = TableMatch(cells=((("r1", "x"), a), (("r1", "y"), b)),
                       issues=issue("row_not_found", "error", "one", "t").issues)
    second = TableMatch(cells=((("r1", "x"), c),)) + issue("duplicate_table", "warning", "two",
                                                           "t")
    merged = TableMatch.merge([first, second])
    assert merged == first + second
    assert [i.message for i in merged.issues] == ["one", "two"]
    cells = merged.cell_map()
    assert list(cells) == [("r1", "x"), ("r1", "y")]  # first put's place, last put's value
    assert cells[("r1", "x")] is c
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        merged.issues = ()  # type: ignore[misc]


def test_row_cells_skip_extra_slots_and_keep_the_header_text() -> None:
    values = numbers("4", "5", "9")
    header = numbers("自然人")[0]
    part = row_cells("r", [Slot("a", header), Slot(None, None), Slot("b", None)], values)
    assert [(k, cell.text, cell.header) for k, cell in part.cells] == [
        (("r", "a"), "4", "自然人"), (("r", "b"), "9", None)]
    assert part.issues == () and part.unresolved == ()


def test_place_row_returns_its_result_and_changes_nothing_given() -> None:
    table = next(t for layout in LAYOUTS.values() for t in layout.tables
                 if t.shape == "rows" and len(t.columns) >= 3)
    row = table.rows[0]
    slots = [Slot(c.key, None) for c in table.columns]
    found = RowValues(numbers("1", "2"), [])
    before = (copy.deepcopy(slots), copy.deepcopy(found))
    got = place_row(table.key, row, slots, found)
    assert (slots, found) == before
    # a count that does not fit is refused: no cell, one error, the row kept for the solver
    assert got.cells == ()
    assert [(i.code, i.severity, i.row) for i in got.issues] == [
        ("value_count_mismatch", "error", row.key)]
    assert got.unresolved == refused(row.key, slots, found.values,
                                     "value_count_mismatch").unresolved


def test_table_matchers_hand_back_one_frozen_record_per_table() -> None:
    doc = read_text((SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_bytes(),
                    limits=Limits(), source=None)
    raw = match_layout(doc)
    assert set(raw.tables) == {t.key for t in raw.layout.tables}
    assert all(isinstance(i.code, str) for i in raw.issues)
    # the records themselves: frozen, issues a tuple, tokens used a frozenset
    from gxtables._rows_table import match_rows_table

    tokens = tokenize(doc)
    table = raw.layout.tables[0]
    found = match_rows_table(tokens, table, None, set(), {}, set())
    assert isinstance(found, MatchedTable)
    assert isinstance(found.issues, tuple) and isinstance(found.consumed, frozenset)
    assert [i.code for i in found.issues] == ["table_not_found"]
    assert not found.raw.found
