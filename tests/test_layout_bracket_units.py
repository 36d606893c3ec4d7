"""A header wrapped two characters a line inside its brackets, in column-aligned text:
``采购 / 总金 / 额（ / 万元 / ）`` — the unit line between the open and the close bracket is the
bracket's inside; joined past it, the header read ``采购总金额（）`` and the amount lost its
unit (issue 12, seed 1 pdftotext_layout-008: 万元 unknown, the cell flagged)."""

from __future__ import annotations

from pathlib import Path

import gxtables
from gxtables._readers._aligned_frag import _Frag
from gxtables._readers._aligned_headers import _join_open_brackets

CASE = Path(__file__).parent / "fixtures" / "lossy" / "s1-pdftotext_layout-008"


def _texts(rows: list[list[_Frag]]) -> list[list[str]]:
    return [[f.text for f in row] for row in rows]


def test_the_unit_between_the_brackets_is_kept() -> None:
    rows = [[_Frag("采购", 1, 54)],
            [_Frag("采购", 2, 47), _Frag("总金", 2, 54)],
            [_Frag("信息内容", 3, 20), _Frag("项目", 3, 47), _Frag("额（", 3, 54)],
            [_Frag("数量", 4, 47), _Frag("万元", 4, 54)],
            [_Frag("）", 5, 55)]]
    assert _texts(_join_open_brackets(rows)) == [
        ["采购"], ["采购", "总金"], ["信息内容", "项目", "额（万元）"], ["数量"]]


def test_two_pieces_under_the_bracket_are_not_taken_for_its_inside() -> None:
    # a middle line with two pieces under the open bracket: which is inside is not known
    rows = [[_Frag("金额（", 1, 50)],
            [_Frag("万", 2, 50), _Frag("元", 2, 52)],
            [_Frag("）", 3, 51)]]
    assert _texts(_join_open_brackets(rows)) == [["金额（）"], ["万", "元"]]


def test_the_amount_keeps_its_unit() -> None:
    report = gxtables.extract(CASE / "doc.txt")
    cell = report.tables["article20_9"].rows["procurement"]["amount"]
    assert (cell.value, cell.unit) == (7, "万元")
    assert not [i for i in report.issues if i.table == "article20_9"]


def test_the_rest_of_a_wrapped_unit_word_is_kept() -> None:
    # 额(单 / 位： / 元): the middle line is the rest of 单位：
    rows = [[_Frag("额(单", 1, 54)], [_Frag("位：", 2, 54)], [_Frag("元)", 3, 54)]]
    assert _texts(_join_open_brackets(rows)) == [["额(单位：元)"]]
    # a word that is no unit between them is not the bracket's (项目 of the next column)
    rows = [[_Frag("采购总金额(单", 1, 44)], [_Frag("项目", 2, 45)], [_Frag("位：元)", 3, 46)]]
    assert _texts(_join_open_brackets(rows)) == [["采购总金额(单位：元)"], ["项目"]]
