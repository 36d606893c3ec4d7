"""Numbers of column-aligned text placed under the nearest header word: a word's cell
reaches to the next word on its own line, across the words of the header's other lines, so
those reaches overlap and the lowest line's word won wrongly (issue 12, seed 7
pdftotext_layout-010: 一、本年新收 read 5 as 科研机构 and 97 as 其他, flagged)."""

from __future__ import annotations

import gxtables

# The applicant table as pdftotext -layout prints it (a CJK character one column): its
# header words stand on five lines, the first page's rows under them, then a page break
# with no header repeated.
SECTION = """\
三、收到和处理政府信息公开申请情况
                                               申请人情况
                                           法人或其他组织
（本列数据的勾稽关系为：第一项加第二项之和，等
      于第三项加第四项之和）           自然                  社会     法律
                                     商业   科研                           总计
                             人                  公益     服务    其他
                                     企业   机构
                                                组织     机构
    一、本年新收政府信息公开申请数量         89                  3     5               97
    二、上年结转政府信息公开申请数量             2   1                                 3




                           -3-
                  （一）予以公开                      27                              2           29
     （二）部分公开（区分处理的，只计这一情形，
                                                8                              2           10
            不计其他情形）
                    1.属于国家秘密
              2.其他法律行政法规禁止公开                    1                                          1
     （
     三            3.危及“三安全一稳定”
     ）            4.保护第三方合法权益                   5                                          5
     不
     予            5.属于三类内部事务信息
     公            6.属于四类过程性信息                   1                                          1
三    开
、                  7.属于行政执法案卷                   1                                          1
本                  8.属于行政查询事项
年
度    （        1.本机关不掌握相关政府信息                   23                                          23
办    四
              2.没有现成信息需要另行制作                    2                                          2
理    ）
结    无
果    法
               3.补正后申请内容仍不明确                    4                              1           5
     提
     供

     （            1.信访举报投诉类申请                   1                                          1
     五
                        2.重复申请                  6                                          6
     ）
     不            3.要求提供公开出版物
     予
               4.无正当理由大量反复申请                    1                                          1
     处
     理   5.要求行政机关确认或重新出具已获取信息                   1                                          1
                  （六）其他处理                       6                                          6
                    （七）总计                      87                              5           92
             四、结转下年度继续办理                        4       1             3                    8

四、政府信息公开行政复议、行政诉讼情况
             行政复议                                           行政诉讼
"""

COLUMNS = ("natural_person", "commercial_enterprise", "research_institution",
            "social_welfare_org", "legal_service_org", "other_org", "total")


def _row(report: gxtables.Report, row: str) -> list[object]:
    return [report.value("applications", row, c) for c in COLUMNS]


def _flagged(report: gxtables.Report, row: str) -> bool:
    return any(i.severity in ("error", "warning") and i.table in (None, "applications")
               and i.row in (None, row) for i in report.issues)


def test_numbers_go_under_the_nearest_header_word() -> None:
    report = gxtables.extract(SECTION.encode("utf-8"))
    assert _row(report, "new_received") == [89, None, None, 3, 5, None, 97]
    got = _row(report, "carried_over")
    assert got == [2, 1, None, None, None, None, 3] or (
        _flagged(report, "carried_over") and got[2:6] == [None] * 4)


def test_a_number_midway_between_two_header_words_is_not_placed_by_position() -> None:
    # 3 moved to stand midway between 科研 (机构) and 社会 (公益组织): nearer to neither, it
    # must not be read as either column's by position; the row's arithmetic (89 + 3 + 5 =
    # 97 whichever column 3 is in) cannot tell either, so the row is flagged.
    lines = SECTION.split("\n")
    k = next(n for n, line in enumerate(lines) if line.lstrip().startswith("一、本年新收"))
    row = lines[k]
    at = row.index(" 3 ") + 1
    lines[k] = row[:at - 3] + "3   " + row[at + 1:]
    report = gxtables.extract("\n".join(lines).encode("utf-8"))
    got = _row(report, "new_received")
    assert got == [89, None, None, 3, 5, None, 97] or _flagged(report, "new_received")
    assert got[2] != 3 or _flagged(report, "new_received")


def test_a_page_whose_columns_moved_is_not_read_under_the_first_pages_header() -> None:
    # After the page break the numbers stand about twenty columns right of the first page's
    # (pdftotext laid the page out afresh) and no header is repeated: the page is read on
    # its own, so its numbers are never placed under the first page's header words —
    # each row right, or flagged.
    report = gxtables.extract(SECTION.encode("utf-8"))
    truth = {
        "granted": [27, None, None, None, 2, None, 29],
        "denied_third_party": [5, None, None, None, None, None, 5],
        "unavailable_unclear": [4, None, None, None, 1, None, 5],
        "total_handled": [87, None, None, None, 5, None, 92],
        "carried_forward": [4, 1, None, 3, None, None, 8],
    }
    for row, expected in truth.items():
        assert _row(report, row) == expected or _flagged(report, row), row


def test_a_new_page_agreeing_by_display_width_only_is_still_read_on_its_own() -> None:
    # pdftotext counts a CJK character as one column: the new page's first number ends ten
    # character indexes right of the previous page's (its columns moved), and only by
    # chance at the same display column. It starts a grid of its own.
    from gxtables._grid import CellGrid
    from gxtables._limits import Deadline
    from gxtables._readers._aligned import read_aligned

    first = "    一、本年新收政府信息公开申请数量" + " " * 20 + "5" + " " * 9 + "5"
    second = "    1.属于国家秘密" + " " * 38 + "5" + " " * 9 + "5"
    assert first.index("5") + 10 == second.index("5")
    lines = [first, first, "", "                -1-", "", second, second]
    grids = [b for b in read_aligned(lines, Deadline(10.0)) if isinstance(b, CellGrid)]
    assert [sorted({c.location.line for c in g.cells}) for g in grids] == [[1, 2], [6, 7]]
