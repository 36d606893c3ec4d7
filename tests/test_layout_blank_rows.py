"""A row whose cells are all blank, and a table carried over a page under its header printed
again at other columns, in column-aligned text (issue 12, seed 0 pdftotext_layout-016: the
blank row 二、上年结转… was taken for a heading and cut the table; the rows after the page
break were placed under the first page's header; 43 cells flagged)."""

from __future__ import annotations

import pytest

import gxtables
from gxtables._grid import CellGrid
from gxtables._limits import Deadline
from gxtables._readers._aligned import read_aligned

# The applicant table as pdftotext -layout prints it: 二、上年结转… prints no number, and the
# second page repeats the header about twenty columns right of the first page's.
SECTION = """\

                                                申请人情况
                                            法人或其他组织
                             自然                  社会     法律
                                      商业   科研                           总计
                              人                  公益     服务        其他
                                      企业   机构
                                                 组织     机构
  一、本年新收政府信息公开申请数量            57      6    3      2                      68
  二、上年结转政府信息公开申请数量
         (一)予以公开              21      2    1      1                      25
(二)部分公开(区分处理的,只计这一情形,不计其他
                                  4                                      4
           情形)




                            -1-
                                                                  申请人情况
                                                              法人或其他组织
                                               自然                  社会        法律
                                                    商业       科研                         总计
                                                人                  公益        服务    其他
                                                    企业       机构
                                                                   组织        机构
                   1.属于国家秘密                     1                                       1
             2.其他法律行政法规禁止公开                                  1                          1
    (
    三            3.危及“三安全一稳定”                   2                                       2
    )            4.保护第三方合法权益                    3                                       3
    不
    予            5.属于三类内部事务信息                   2                                       2
    公            6.属于四类过程性信息                    2                                       2
    开
                  7.属于行政执法案卷                    1                                       1
三                 8.属于行政查询事项
、
本   (        1.本机关不掌握相关政府信息                     5                                       5
年   四
             2.没有现成信息需要另行制作                     2                                       2
度   )
办   无
理   法
              3.补正后申请内容仍不明确                     1                                       1
结   提
果   供

    (            1.信访举报投诉类申请                    1            1                          2
    五
                        2.重复申请                  4                                       4
    )
    不            3.要求提供公开出版物                    1                                       1
    予
              4.无正当理由大量反复申请
    处
    理   5.要求行政机关确认或重新出具已获取信息                    1   1                                   2
                   (六)其他处理                      4                                       4
                    (七)总计                      55   3        3      1                   62
            四、结转下年度继续办理                         2   3               1                   6
"""

COLUMNS = ("natural_person", "commercial_enterprise", "research_institution",
            "social_welfare_org", "legal_service_org", "other_org", "total")


def _row(report: gxtables.Report, row: str) -> list[object]:
    return [report.value("applications", row, c) for c in COLUMNS]


def test_a_blank_row_between_rows_does_not_cut_the_table() -> None:
    report = gxtables.extract(SECTION.encode("utf-8"))
    assert _row(report, "new_received") == [57, 6, 3, 2, None, None, 68]
    assert _row(report, "carried_over") == [None] * 7
    assert _row(report, "granted") == [21, 2, 1, 1, None, None, 25]


def test_rows_after_a_repeated_header_are_read_under_it() -> None:
    report = gxtables.extract(SECTION.encode("utf-8"))
    assert _row(report, "denied_law_prohibited") == [None, None, 1, None, None, None, 1]
    assert _row(report, "rejected_petition") == [1, None, 1, None, None, None, 2]
    assert _row(report, "rejected_confirmation") == [1, 1, None, None, None, None, 2]
    assert _row(report, "total_handled") == [55, 3, 3, 1, None, None, 62]
    assert _row(report, "carried_forward") == [2, 3, None, 1, None, None, 6]


# A sub-item's first line beside a group label printed down the side (三、本年度办理结),
# right above the value line whose label is the next group's (（四）无法提供): the sub-item
# is that line's row label, not a row of blank cells (seed 8 pdftotext_layout-036).
SIDE_GROUP = """\
                          1.本机关不掌握相
                                              11       7                   0        0          18
                             关政府信息

三、本年度办理结                  2.没有现成信息需
               （四）无法提供                        2        3         0         0        0      0   5
    果                        要另行制作

                          3.补正后申请内容
                                              0        2         0         0        0      0   2
                             仍不明确
"""


def test_a_sub_item_above_a_group_label_beside_the_numbers_is_not_a_blank_row() -> None:
    grids = [b for b in read_aligned(SIDE_GROUP.split("\n"), Deadline(10.0))
             if isinstance(b, CellGrid)]
    rows: dict[int, list[str]] = {}
    for cell in grids[0].cells:
        rows.setdefault(cell.row, []).append(cell.text)
    holding = [texts for texts in rows.values() if "2.没有现成信息需" in "".join(texts)]
    assert len(holding) == 1
    assert holding[0][-7:] == ["2", "3", "0", "0", "0", "0", "5"]


# Numbers centred on a label wrapped over three lines (seed 001 as pdftotext -layout prints
# its reportlab export): the one-line label above the wrap is a row of blank cells, and the
# sub-items above a row numbered one level up (（六）其他处理) are rows of their own, not the
# start of its label.
CENTRED = """\
                          1.属于国家秘密

                         2.其他法律行政法
                                            3     0     0     0     0     0       3
                            规禁止公开

                         3.危及“三安全一
                             稳定”

                         4.保护第三方合法
                                            2     0     0     0     0     0       2
                             权益

                         3.要求提供公开出
                                            2     0     0     0     0     0       2
                             版物
               （五）不予处理
                         4.无正当理由大量
                            反复申请

                         5.要求行政机关确
                         认或重新出具已获
                             取信息

                   （六）其他处理                5     0     0     0     0     0       5

                    （七）总计                 237     4     0     1     0     1     243
"""


def _grid_rows(text: str) -> list[str]:
    grids = [b for b in read_aligned(text.split("\n"), Deadline(10.0))
             if isinstance(b, CellGrid)]
    rows: dict[int, list[str]] = {}
    for cell in grids[0].cells:
        rows.setdefault(cell.row, []).append(cell.text)
    return [" ".join(texts) for _, texts in sorted(rows.items())]


def test_numbers_centred_on_a_wrapped_label_belong_to_it_not_to_the_blank_row_above() -> None:
    rows = _grid_rows(CENTRED)
    assert "1.属于国家秘密" in rows
    assert "2.其他法律行政法规禁止公开 3 0 0 0 0 0 3" in rows
    assert "3.危及“三安全一稳定”" in rows
    assert "4.保护第三方合法权益 2 0 0 0 0 0 2" in rows


def test_sub_items_above_a_higher_level_row_are_blank_rows_of_their_own() -> None:
    rows = _grid_rows(CENTRED)
    assert "4.无正当理由大量反复申请" in rows
    assert "5.要求行政机关确认或重新出具已获取信息" in rows
    assert "（六）其他处理 5 0 0 0 0 0 5" in rows


# A PDF table without rules, laid out as text (seed 9 pdf_unruled-013): values on a wrapped
# label's first line or its middle line. A blank row printed beside its group label
# (（三）不予公开 5.属于三类内部事) above a numbered row, and a blank row above a row whose
# numbers stand beside its label's second line (认或重新出具已获), were glued to the row below,
# which was then read (flagged) under the blank row's label.
GROUP_BESIDE = """\
                     4.保护第三方合法  3   1                   4
                        权益
           （三）不予公开   5.属于三类内部事
                       务信息
                     6.属于四类过程性  2       1               3
                        信息
                     3.要求提供公开出  1                       1
           （五）不予处理      版物
                     4.无正当理由大量
                       反复申请
                     5.要求行政机关确
                     认或重新出具已获       1                   1
                       取信息
"""



# The same PDF shape with the label centred in its cell (seed 13 pdf_unruled-015): the
# numbers beside the label's last line (取信息), its first line wider and starting further
# left, a group label's characters down the side. The first line was left as a row of its
# own, and the numbers' line matched no row.
CENTRED_LABEL = """\
   予   4.无正当理由大量反复申请     0   0   0   0   0   0   0   0
   处  5.要求行政机关确认或重新出具已获
   理        取信息          1   0   0   0   0   0   0   1
   （  1.申请人无正当理由逾期不补正、行
   六  政机关不再处理其政府信息公开申    0   0   0   0   0   0   0   0
"""



# A sub-item whose numbers stand on its label's first line, its continuation one character
# centred under it and a group label printed down the side beside that (seed 12
# pdf_unruled-034): the sub-item was taken for a group label printed beside a wrapped row
# label, its continuation (项) for the row's label, and the row was not found.
SIDE_GROUP_BESIDE_CONTINUATION = """\
                    7.属于行政执法案  2   0    0   0   0   0   0   2
                        卷
                    8.属于行政查询事  3   0    0   0   0   0   0   3
 三、本年度办理结               项
    果               1.本机关不掌握相
                      关政府信息    35  0    0   0   0   0   0   35
"""


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(GROUP_BESIDE, ["（三）不予公开 5.属于三类内部事务信息", "6.属于四类过程性信息 2 1 3"],
                 id="blank-row-beside-its-group-label"),
    pytest.param(GROUP_BESIDE, ["4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息 1 1"],
                 id="blank-row-above-a-label-continued-beside-its-numbers"),
    pytest.param(CENTRED_LABEL, ["5.要求行政机关确认或重新出具已获取信息 1 0 0 0 0 0 0 1"],
                 id="label-centred-over-the-numbers-line"),
    pytest.param(SIDE_GROUP_BESIDE_CONTINUATION, [
        "7.属于行政执法案卷 2 0 0 0 0 0 0 2", "三、本年度办理结果 8.属于行政查询事项 3 0 0 0 0 0 0 3",
        "1.本机关不掌握相关政府信息 35 0 0 0 0 0 0 35"], id="sub-item-is-never-a-group-label"),
])
def test_pdf_label_shapes_are_rejoined_into_their_rows(text: str, expected: list[str]) -> None:
    rows = _grid_rows(text)
    assert [r for r in expected if r not in rows] == []
