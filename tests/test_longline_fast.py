"""The long-line splitter's quick tests equal the rules they stand for: ``_all_prose`` as
first written (white-space chunks by the regex, the heading test with its look-behind), over
random mixes of the characters those rules turn on."""

from __future__ import annotations

import random

from gxtables._readers import _text_longline as longline

_PIECES = ["一", "二", "十", "、", ".", "．", "（", "(", "）", ")", "存在的主要问题",
           "其他需要报告的事项", "1", "23", " ", "\u3000", "\u00a0", "\t", "\n", "\u2003",
           "\x1c", "\x85", "\u2028", "\u200b", "。", "！", "？", "!", "?", "”", "；", ";",
           "中", "文", "a"]


def _all_prose_by_definition(text: str) -> bool:
    if longline._HEADING_AFTER_DIGIT.search(text):
        return False
    for chunk in longline._WHITESPACE_RUN.split(text):
        last = max(chunk.rfind(mark) for mark in longline._TERMINATORS)
        tail = chunk[last + 1:].lstrip(longline._CLOSERS) if last >= 0 else chunk
        if tail and not longline.SENTENCE_END.search(tail):
            return False
    return True


def test_all_prose_equals_its_definition() -> None:
    rng = random.Random(3)
    for _ in range(30000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))
        assert longline._all_prose(text) == _all_prose_by_definition(text), repr(text)


def test_digit_then_heading_finds_what_the_lookbehind_finds() -> None:
    rng = random.Random(4)
    for _ in range(30000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))
        assert (longline._DIGIT_THEN_HEADING.search(text) is not None) == \
            (longline._HEADING_AFTER_DIGIT.search(text) is not None), repr(text)
