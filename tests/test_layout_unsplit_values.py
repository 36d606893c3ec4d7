"""Two values a single space apart in column-aligned text, the second with a note wrapped
over two lines (``41件 11件（市政府网`` / ``站）``). Where the line cannot be cut into cells
there, the piece must not stand as the row's label — it did, the real label 行政规范性文件 went
up to the row above (``规章行政规范性文件``) and 规章's numbers were read, silently, as
行政规范性文件's (found reading a LibreOffice export without ruling lines)."""

from __future__ import annotations

import gxtables

TEXT = """\
               第二十条第（一）项
    信息内容      本年制发件数   本年废止件数   现行有效件数
规章           3件(政务服务网)       2件       21
                                       件
行政规范性文件            41件 11件（市政府网      246件
                            站）
               第二十条第（五）项
    信息内容              本年处理决定数量
行政许可                       1464840
"""


def test_values_a_single_space_apart_are_two_cells_not_a_label() -> None:
    """(A value with a note is a number: the line splits there, ``41件`` and
    ``11件（市政府网``, and each row reads its own values.)"""
    report = gxtables.extract(TEXT.encode(), layout="2021")
    table = report["article20_1"]

    assert [(c.value, c.unit) for c in table["regulations"].values()] == [
        (3, "件"), (2, "件"), (21, "件")]
    assert [(c.value, c.unit) for c in table["normative_documents"].values()] == [
        (41, "件"), (11, "件"), (246, "件")]


def test_two_values_a_note_keeps_together_leave_their_row_flagged_not_the_row_above() -> None:
    """``41件 11件（2022年）`` (a note with digits is no number's note): the piece cannot be
    split, and must not stand as the row's label."""
    report = gxtables.extract(TEXT.replace("11件（市政府网", "11件（2022年）").encode(),
                              layout="2021")
    table = report["article20_1"]

    assert [(c.value, c.unit) for c in table["regulations"].values()] == [
        (3, "件"), (2, "件"), (21, "件")]
    assert table["normative_documents"]["in_force"].value == 246
    assert table["normative_documents"]["issued"].value is None
    assert ("value_count_mismatch", "normative_documents") in {
        (i.code, i.row) for i in report.issues if i.severity in ("warning", "error")}


def test_no_blank_is_put_back_in_a_row_whose_label_holds_its_first_number() -> None:
    """``逾期不补正、行政机0`` and six numbers under seven columns: the missing cell is the
    one glued to the label, not a blank — the row is left short (flagged downstream)."""
    from gxtables._readers._aligned_blanks import fill_blanks
    from gxtables._readers._aligned_frag import _Frag

    columns = [10, 15, 20, 25, 30, 35, 40]

    def numbers(line: int, texts: list[str], at: list[int]) -> list[_Frag]:
        return [_Frag(t, line, c) for t, c in zip(texts, at, strict=True)]

    rows = [
        [_Frag("1.信访举报投诉类申请", 1, 0), *numbers(1, list("1000001"), columns)],
        [_Frag("1.申请人无正当理由逾期不补正、行政机0关不再处理", 2, 0),
         *numbers(2, list("000404"), columns[1:])],
        [_Frag("2.重复申请", 3, 0), *numbers(3, list("2000002"), columns)],
    ]

    assert fill_blanks(rows)[1] == rows[1]
    rows[1][0] = _Frag("1.申请人无正当理由逾期不补正、行政机关不再处理", 2, 0)
    assert len(fill_blanks(rows)[1]) == 8
