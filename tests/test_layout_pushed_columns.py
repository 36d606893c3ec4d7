"""Blank cells are put back only under clear columns. In a two-row table a long number
pushes the cell after it (``17714`` then ``/`` three columns right of where it stands on
the page), so the numbers' centres cluster as ``427`` ``15`` | ``17714`` ``0`` | ``/``:
the ``0`` under 对外公开总数量 would join 17714's column and be read, silently, as
本年新公开数量's (found in a generated PDF without ruling lines, laid out as text)."""

from __future__ import annotations

from gxtables._readers._aligned_blanks import fill_blanks
from gxtables._readers._aligned_frag import _Frag


def test_clusters_closer_than_their_width_are_no_columns() -> None:
    rows = [
        [_Frag("规章", 5, 22), _Frag("427", 5, 47, alt=49), _Frag("0", 5, 56, alt=58)],
        [_Frag("规范性文件", 6, 20), _Frag("15", 6, 48, alt=53),
         _Frag("17714", 6, 52, alt=57), _Frag("/", 6, 59, alt=64)],
    ]

    assert fill_blanks(rows) == rows


def test_clear_columns_still_take_a_blank() -> None:
    rows = [
        [_Frag("规章", 5, 22), _Frag("427", 5, 47, alt=49), _Frag("0", 5, 59, alt=61)],
        [_Frag("规范性文件", 6, 20), _Frag("15", 6, 48, alt=53),
         _Frag("177", 6, 53, alt=58), _Frag("/", 6, 59, alt=64)],
    ]

    filled = fill_blanks(rows)

    assert [f.text for f in filled[0]] == ["规章", "427", "", "0"]


def test_a_rows_numbers_on_two_lines_are_not_blanks() -> None:
    """``其他对外管理服  346（市政府网`` over ``12  34211``: one row's numbers on two lines
    fill the three columns between them; neither line gets blanks (the row stays short and
    flagged — filled, 12 and 34211 were lost without a word)."""
    rows = [
        [_Frag("行政许可", 36, 0), _Frag("257", 36, 13, alt=17),
         _Frag("-5", 36, 25, alt=29), _Frag("233902", 36, 35, alt=39)],
        [_Frag("其他对外管理服", 38, 0), _Frag("346（市政府网", 38, 10, alt=24)],
        [_Frag("务事项", 40, 0), _Frag("12", 39, 25, alt=25), _Frag("34211", 39, 36, alt=36)],
        [_Frag("行政处罚", 42, 0), _Frag("12", 42, 13, alt=17),
         _Frag("1", 42, 26, alt=30), _Frag("11", 42, 36, alt=40)],
    ]

    filled = fill_blanks(rows)

    assert filled[1] == rows[1] and filled[2] == rows[2]
