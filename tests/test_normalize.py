"""Label normalisation: NFKC, numbering and punctuation tolerance."""

from __future__ import annotations

import pytest

from gxtables._normalize import clean_cell_text, normalize_label, split_numbering


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开区分处理的只计这一情形不计其他情形"),
        ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "部分公开区分处理的只计这一情形不计其他情形"),
        ("3.危及“三安全一稳定”", "危及三安全一稳定"),
        ("一、上年结转政府信息公开申请数量", "上年结转政府信息公开申请数量"),
        ("本年增/减", "本年增减"),
        ("第二十条第（一）项", "第二十条第一项"),
        ("⾏政许可", "行政许可"),  # Kangxi radical 行
        ("行 政 复 议", "行政复议"),
    ],
)
def test_normalize_label(text: str, norm: str) -> None:
    assert normalize_label(text) == norm


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [("（三）不予公开", "三", "不予公开"), ("1.属于国家秘密", "1", "属于国家秘密"),
     ("四、结转下年度继续办理", "四", "结转下年度继续办理"), ("规章", "", "规章"),
     ("4653.2万元", "", "4653.2万元")],
)
def test_split_numbering(text: str, number: str, rest: str) -> None:
    assert split_numbering(text) == (number, rest)


def test_clean_cell_text_joins_wrapped_lines() -> None:
    assert clean_cell_text("本年新\n制作数量") == "本年新制作数量"
    assert clean_cell_text("  总\n\n计 ") == "总计"
    assert clean_cell_text("Total\nnumber") == "Total number"
