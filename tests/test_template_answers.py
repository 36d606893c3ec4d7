"""Answers computed at import for the templates' own texts (the phrase index's hits of every
official label and exact phrase, the tokens' analysis of every label the templates print)
are what the functions compute for those texts."""

from __future__ import annotations

from gxtables._analysis import _TEMPLATE_TEXTS, analysed
from gxtables._counts import plain_count
from gxtables._normalize import label_parts
from gxtables._phrases import _EXACT, _hits, _search
from gxtables._values import parse_value


def test_phrase_hits_of_template_phrases_are_searched_ones() -> None:
    assert _EXACT
    for phrase in _EXACT:
        assert _hits(phrase) == _search(phrase)
        assert _hits(phrase)  # a template phrase names its own spec


def test_template_texts_analysed_as_any_text() -> None:
    assert len(_TEMPLATE_TEXTS) > 50
    for text in _TEMPLATE_TEXTS:
        number, norm = label_parts(text)
        assert analysed(text) == (number, norm, parse_value(text))
    assert analysed("本年新收申请数量x") == (*label_parts("本年新收申请数量x"),
                                        parse_value("本年新收申请数量x"))


def test_plain_counts_analysed_as_any_text() -> None:
    """The shortcut for ASCII digit strings gives what the general path gives."""
    import random

    rng = random.Random(13)
    texts = ["0", "00", "09", "10", "999999999999999999", "1234567890123456789"]
    texts += ["".join(rng.choice("0123456789") for _ in range(rng.randint(1, 20)))
              for _ in range(2000)]
    for text in texts:
        number, norm = label_parts(text)
        assert analysed(text) == (number, norm, parse_value(text)), text
        count = plain_count(text)
        assert count == (parse_value(text) if len(text) <= 18 else None), text
    for text in ("", "１２", "12 ", "-1", "1,000", "²", "①", "12件"):
        assert plain_count(text) is None


def test_plainly_text_only_where_parse_value_says_text() -> None:
    """The shortcut that skips parsing prose: wherever it applies, ``parse_value`` reads
    text — over texts mixing ideographs, note marks, invisible and traditional characters,
    null markers, digits, signs and spaces."""
    import random

    from gxtables._analysis import _plainly_text
    from gxtables._normalize import nfkc
    from gxtables._values import NULL_MARKERS, ParsedValue

    rng = random.Random(7)
    pieces = ["一", "无", "暂无", "空", "中", "國", "開", "①", "¹", "⑴", "㈠", "*", "※",
              "\u200b", "\ufeff", "\u3000", " ", "\u00a0", "12", "１２", "-", "−", "±", "+",
              ".", "万元", "（", "）", "件", "\u0301", "\ufdd1", *sorted(NULL_MARKERS)]
    seen = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        if _plainly_text(nfkc(text)):
            seen += 1
            assert parse_value(text) == ParsedValue("text"), repr(text)
    assert seen > 1000


def test_numbered_texts_are_text() -> None:
    """The shortcut that skips parsing a text with an outline number: wherever
    ``label_parts`` finds one, ``parse_value`` reads text — over numberings in every form
    (full-width, bracketed, circled, with marks) before digits, units, brackets, signs,
    null markers and ideographs."""
    import random

    from gxtables._values import NULL_MARKERS, ParsedValue

    rng = random.Random(11)
    heads = ["1.", "1、", "12．", "1)", "1）", "(1)", "（12）", "一、", "十二、", "第一、", "(一)",
             "（三）", "①", "⑴", "㈠", "１．", "¹.", "1.¹", " 2、", "二,", "二，"]
    tails = ["", "12", "0", "件", "万元", "1.5", ".5", "（注）", "(1)", "加强", "-", "无", " ",
             "¹", "*", "%", "　", *sorted(NULL_MARKERS)]
    numbered = 0
    for _ in range(20000):
        text = rng.choice(heads) + "".join(rng.choice(tails) for _ in range(rng.randint(0, 4)))
        if label_parts(text)[0]:
            numbered += 1
            assert parse_value(text) == ParsedValue("text"), repr(text)
    assert numbered > 10000

