"""``pdftotext -layout`` tables read one at a time must keep their columns: guards against
reading a small table apart from its block with too few rows to tell the measure (issue 12,
seed 7 pdftotext_layout-038: split off, 其他对外管理服务事项's 215 15 moved one column right,
silently)."""

from __future__ import annotations

from aligned_text import padded

import gxtables
from gxtables._grid import CellGrid
from gxtables._limits import Deadline
from gxtables._readers._aligned import read_aligned

# 第二十条第（一）项 and （五）项 as pdftotext -layout prints them (one block): a CJK character is one column, so the
# numbers after the long label 其他对外管理服务事项 stand at the character index of the
# numbers above them (and far right of them by display width); its last cell was blank.
ARTICLE20_5 = """\
二、主动公开政府信息情况
本机关及时发布各类政府信息，具体情况如下。

                        第二十条第（一）项
                                       本年      本年         对外
                                       新制      新公         公开
                  信息内容
                                       作数      开数         总数
                                        量       量          量
                   规章                   14         14      0
                  规范性文件                 0       370        0

                        第二十条第（五）项
                                       上一
                                                          处理
                                       年项      本年
                  信息内容                                    决定
                                       目数      增/减
                                                          数量
                                        量
                  行政许可                  14      139        0
               其他对外管理服务事项               215        15
"""


def test_small_layout_table_with_a_vanished_last_cell_keeps_its_columns() -> None:
    report = gxtables.extract(ARTICLE20_5.encode("utf-8"))
    named = {(i.table, i.row) for i in report.issues if i.severity in ("error", "warning")}
    assert [report.value("article20_5", "licensing", c)
            for c in ("previous_count", "change", "decisions")] == [14, 139, 0]
    got = [report.value("article20_5", "other_services", c)
           for c in ("previous_count", "change", "decisions")]
    # right, or each moved value's row named (never 215 read as the change of the year)
    assert got == [215, 15, None] or ("article20_5", "other_services") in named
    assert 215 not in got[1:] or ("article20_5", "other_services") in named


def test_padded_table_with_a_vanished_last_cell_is_read_by_display_width() -> None:
    # The same two tables padded by display width: the numbers stand under the header's
    # words by display width, so the tie-break must not switch them to character index
    # (which would put 215 under 本年 / 增减).
    header = [
        padded([(39, "本年"), (49, "本年"), (62, "对外")]),
        padded([(39, "新制"), (49, "新公"), (62, "公开")]),
        padded([(18, "信息内容")]),
        padded([(39, "作数"), (49, "开数"), (62, "总数")]),
    ]
    text = "\n".join([
        "二、主动公开政府信息情况",
        "本机关及时发布各类政府信息，具体情况如下。",
        "",
        padded([(24, "第二十条第（一）项")]),
        *header,
        padded([(19, "规章"), (40, "14"), (50, "14"), (63, "0")]),
        padded([(18, "规范性文件"), (40, "0"), (49, "370"), (63, "0")]),
        "",
        padded([(24, "第二十条第（五）项")]),
        padded([(39, "上一"), (58, "处理")]),
        padded([(39, "年项"), (49, "本年")]),
        padded([(18, "信息内容"), (62, "决定")]),
        padded([(39, "目数"), (49, "增/减"), (58, "数量")]),
        padded([(18, "行政许可"), (40, "14"), (49, "139"), (59, "0")]),
        padded([(15, "其他对外管理服务事项"), (40, "215"), (50, "15")]),
        "",
    ])
    report = gxtables.extract(text.encode("utf-8"))
    named = {(i.table, i.row) for i in report.issues if i.severity in ("error", "warning")}
    got = [report.value("article20_5", "other_services", c)
           for c in ("previous_count", "change", "decisions")]
    assert got == [215, 15, None] or ("article20_5", "other_services") in named


def test_padded_rows_that_tie_on_both_measures_keep_display_width() -> None:
    # Three rows with labels of one length line up by character index and by display width
    # alike (a tie); read by character index each number would stand four columns left,
    # under the header word before its own. The header words decide: display width.
    lines = [
        padded([(30, "上年"), (34, "本年"), (38, "决定")]),
        padded([(2, "行政处罚"), (30, "1"), (34, "2"), (38, "3")]),
        padded([(2, "行政强制"), (30, "4"), (34, "5"), (38, "6")]),
        padded([(2, "行政许可"), (30, "7"), (34, "8"), (38, "9")]),
    ]
    grids = [b for b in read_aligned(lines, Deadline(10.0)) if isinstance(b, CellGrid)]
    assert len(grids) == 1
    starts = {c.text: c.col for c in grids[0].cells}
    assert [starts[str(n)] for n in range(1, 10)] == [30, 34, 38] * 3
