"""A 第二十条 header stacked two characters a line in column-aligned text, 信息内容 on its
middle line (seed 5 pdftotext_layout-031): each word goes under the nearest word above it, so
现行 / 有效 / 件数 name 现行有效件数 and a row that left it blank is placed by position."""

from __future__ import annotations

import gxtables

SECTION = """\
XX市人民政府2022年政府信息公开工作年度报告

二、主动公开政府信息情况
                            第二十条第（一）项
                                                    本年      本年   现行
                      信息内容                          制发      废止   有效
                                                    件数      件数   件数
                       规章                             258   0    373
                 行政规范性文件                              0     14
"""


def test_a_stacked_header_word_joins_the_nearest_word_above_it() -> None:
    report = gxtables.extract(SECTION.encode("utf-8"), layout="2021")
    table = report["article20_1"]
    assert [table["regulations"][c].value for c in ("issued", "repealed", "in_force")] == [
        258, 0, 373]
    assert [table["normative_documents"][c].value
            for c in ("issued", "repealed", "in_force")] == [0, 14, None]
    assert not [i for i in report.issues if i.code == "header_not_matched"]
