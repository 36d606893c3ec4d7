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


def test_shortcuts_agree_with_the_definitions() -> None:
    """The speed shortcuts of ``_normalize`` are exact: ASCII text and text with nothing to
    fold skip the fold, a text of letters and digits skips the punctuation drop, and short
    texts are remembered — every answer equals the plain definition, over every code point
    and over strings mixing compatibility forms, folds, invisibles and punctuation."""
    import sys
    import unicodedata

    from gxtables import _normalize as n

    def plain_nfkc(text: str) -> str:
        return unicodedata.normalize("NFKC", text).translate(n._FOLD)

    def plain_strip(text: str) -> str:
        return plain_nfkc(text).translate(n._DROP)

    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        if ch.isalnum():  # the drop shortcut's premise, on this Python's Unicode data
            assert unicodedata.category(ch)[0] not in "PSZC", hex(code)
        assert n._nfkc(ch) == plain_nfkc(ch), hex(code)
    pieces = ["（一）", "予以公开", "⾏政", "審議", "\u200b", "e\u200d\u0301", "１２", "Ｋ",
              " ", "、", "abc", "①", "\u00ad", "第二十条", "“三安全”", "ﬁ", "㈠"]
    for a in pieces:
        for b in pieces:
            for text in (a + b, a + b + a):
                assert n.nfkc(text) == plain_nfkc(text)
                assert n.strip_punctuation(text) == plain_strip(text)
                assert n.normalize_label(text) == n.split_numbering(text)[1].translate(n._DROP)
                assert n.label_parts(text)[1] == n.normalize_label(text)
