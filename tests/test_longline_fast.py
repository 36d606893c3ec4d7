"""The long-line splitter's quick tests equal the rules they stand for: ``_all_prose`` as
first written (white-space chunks by the regex, but for one space inside a label; the heading
test with its look-behind), over
random mixes of the characters those rules turn on."""

from __future__ import annotations

import random

from gxtables._limits import Deadline
from gxtables._readers import _text_longline as longline

_PIECES = ["一", "二", "十", "、", "1.", "（三）", ".", "．", "（", "(", "）", ")", "存在的主要问题",
           "其他需要报告的事项", "1", "23", " ", "\u3000", "\u00a0", "\t", "\n", "\u2003",
           "\x1c", "\x85", "\u2028", "\u200b", "。", "！", "？", "!", "?", "”", "；", ";",
           "中", "文", "a"]


def _all_prose_by_definition(text: str) -> bool:
    if longline._HEADING_AFTER_DIGIT.search(text):
        return False
    chunks, pos = [], 0
    for gap in longline._WHITESPACE_RUN.finditer(text):
        if not longline._inside_label(text, gap):  # (one space inside a label cuts nothing)
            chunks.append(text[pos:gap.start()])
            pos = gap.end()
    chunks = [c for c in [*chunks, text[pos:]] if c]
    if len(chunks) > 1 and longline._OUTLINE_NUMBER.fullmatch(chunks[0]):
        chunks = chunks[1:]  # a paragraph's own number (1. 重大…。) goes with its prose
    for chunk in chunks:
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


def test_all_prose_says_what_the_pieces_say() -> None:
    """``_all_prose`` is true exactly when every piece ``_line_pieces`` cuts is prose (an
    outline number before the first sentence among them)."""
    rng = random.Random(5)
    deadline = Deadline(60.0, None)
    for _ in range(20000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))
        pieces = longline._line_pieces(text, deadline)
        assert longline._all_prose(text) == all(prose for _, _, prose in pieces), repr(text)


def test_digit_then_heading_finds_what_the_lookbehind_finds() -> None:
    rng = random.Random(4)
    for _ in range(30000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))
        assert (longline._DIGIT_THEN_HEADING.search(text) is not None) == \
            (longline._HEADING_AFTER_DIGIT.search(text) is not None), repr(text)


def test_numbered_long_paragraph_stays_prose() -> None:
    """A long paragraph opening with its outline number (``1. 重大行政决策…。``, a PDF's
    paragraph on one line) is one paragraph, as a short one is: its number is no stray
    value cell of a table."""
    from gxtables._grid import CellGrid, Paragraph
    from gxtables._limits import Limits
    from gxtables._readers._text import read_text

    sentence = "重大行政决策信息公开得到完善，围绕决策目录管理、社会意见征求等环节做好公开。"
    for number in ("1.", "2、", "（三）"):
        line = f"{number} {sentence * 8}"
        doc = read_text(line.encode(), limits=Limits(), source=None)
        assert not any(isinstance(b, CellGrid) for b in doc.blocks)
        assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == [line]
