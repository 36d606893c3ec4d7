"""pdftotext default mode: the last header cells (总计, 其他, 小计) drawn after the first rows'
values go back to the header, so the values are read under every column, 小计 included —
and header words anywhere else are left where they stand."""

from __future__ import annotations

import gxtables
from gxtables._readers._text import read_text
from gxtables._rejoin import rejoin_drawing_order
from gxtables._templates import LAYOUTS
from gxtables._tokens import tokenize

_HEADER = ["申请人情况", "法人或其他组织", "自然人 商业企 科研机 社会公 法律服", "业", "构",
           "益组织 务机构"]
_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构"]


def _tokens(lines: list[str]) -> list[str]:
    data = "\n\n".join(lines).encode()
    doc = read_text(data, limits=gxtables.Limits(), source=None)
    return [t.text for t in rejoin_drawing_order(tokenize(doc), LAYOUTS["2021"])]


def test_last_header_cells_drawn_among_the_first_rows_join_the_header() -> None:
    got = _tokens([*_HEADER, "一、本年新收政府信息公开申请数量", "141",
                   "二、上年结转政府信息公开申请数量", "2", "1",
                   "总计", "其他", "小计", "7", "148", "1", "1"])
    # In the official order whatever order they were drawn in: 其他, then 小计 closing the
    # group, then 总计; the values keep their order.
    at = got.index("一、本年新收政府信息公开申请数量")
    assert got[at - 8:at] == [*_COLUMNS, "其他", "小计", "总计"]
    assert [t for t in got[at:] if t[0].isdigit()] == ["141", "2", "1", "7", "148", "1", "1"]


def test_header_words_after_a_later_rows_label_stay_where_they_are() -> None:
    # 总计 after 1.属于国家秘密 (the fifth row) is no longer the first rows' header cell: it
    # may be a repeated header or a row's own word, so the header is left incomplete.
    lines = [*_HEADER, "一、本年新收政府信息公开申请数量", "141",
             "二、上年结转政府信息公开申请数量", "其他", "2", "1",
             "（一）予以公开", "3", "（二）部分公开", "4", "1.属于国家秘密", "总计", "5"]
    got = _tokens(lines)
    assert got.index("总计") > got.index("1.属于国家秘密")
    assert got.index("其他") > got.index("二、上年结转政府信息公开申请数量")


def test_a_header_word_missing_from_the_first_rows_leaves_the_header_alone() -> None:
    # Only 其他 drawn late, 总计 nowhere: no column may be guessed, nothing moves.
    lines = [*_HEADER, "一、本年新收政府信息公开申请数量", "141", "其他", "7", "148"]
    got = _tokens(lines)
    assert got.index("其他") == got.index("141") + 1
