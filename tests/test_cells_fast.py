"""The readers' and the matcher's hot paths build their records as plain tuples: the same
records as built the ordinary way."""

from __future__ import annotations


def test_cells_built_as_tuples_equal_their_records() -> None:
    """The hot paths build ``Cell`` and ``RawCell`` with ``tuple.__new__`` (every field in
    order): they must equal the records built the ordinary way."""
    from gxtables._grid import Cell
    from gxtables._raw import RawCell
    from gxtables._readers._text_grid import at_line, grid_from_rows
    from gxtables._slots import Slot
    from gxtables._table_match import row_cells
    from gxtables._tokens import make_token

    grid = grid_from_rows([[("a", 3, False), (" 12\n", 4, True)]], 0, rows_known=True)
    assert grid.cells == (Cell("a", 0, 0, 1, 1, at_line(3), False),
                          Cell("12", 0, 1, 1, 1, at_line(4), True))
    tok = make_token(0, "7", None, None, None, False, at_line(5))
    head = make_token(1, "总计", None, None, None, False, at_line(1))
    cells = row_cells("r", [Slot("total", head), Slot(None, None)], [tok, tok]).cells
    assert cells == ((("r", "total"), RawCell("7", at_line(5), "总计")),)
