"""The blank-line and one-cell-a-line readers' shortcuts give what the general path gives: a
plain count (digits only) and a cell-like line without a digit are each one cell, not run
together — over random lines mixing ideographs, punctuation, marks and digits."""

from __future__ import annotations

import random
import sys

from gxtables._readers._text_dialects import _NO_DIGIT, is_cellish
from gxtables._readers._text_glued import expand_run_together

_PIECES = ["中", "文", "（", "）", "(", ")", "。", "；", " ", "\u3000", "一", "、", ".", "件",
           "万元", "-", "—", "/", "a", "²", "①", "\t", "“", "”", "《", "》", "0", "7", "１"]


def test_cell_like_lines_without_digits_are_one_cell() -> None:
    rng = random.Random(5)
    seen = 0
    for _ in range(30000):
        line = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 30)))
        if _NO_DIGIT.fullmatch(line) and is_cellish(line):
            seen += 1
            assert expand_run_together([(line, 1)]) == [(line, 1, False)], repr(line)
    assert seen > 1000


def test_plain_counts_are_one_cell() -> None:
    digits = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isdigit()]
    rng = random.Random(6)
    for _ in range(20000):
        line = "".join(rng.choice(digits if rng.random() < 0.5 else "0123456789")
                       for _ in range(rng.randint(1, 9)))
        assert is_cellish(line)
        assert expand_run_together([(line, 1)]) == [(line, 1, False)], repr(line)


def _common(ch: str) -> bool:
    """The definition of a common ideograph: GB2312 level 1 (rows B0–D7) or Big5 level 1
    (A440–C67E)."""
    try:
        if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        code = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and 0xA440 <= int.from_bytes(code, "big") <= 0xC67E


def test_common_ideographs_are_exactly_the_common_ones() -> None:
    """The decoder's one-pass count of common ideographs finds exactly the characters
    ``_common`` accepts over the whole range it judges (U+3400–U+9FFF), and its share and
    ideograph count equal the per-character definitions."""
    from gxtables import _decode

    every = "".join(chr(c) for c in range(0x3400, 0xA000))
    found = set("".join(_decode._common_ideographs().findall(every)))
    assert found == {ch for ch in every if _common(ch)}
    rng = random.Random(8)
    pool = [*every[::7], "a", "é", "，", "1", " ", "\u00c0", "𠀀"]
    for _ in range(300):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 400)))
        cjk = [ch for ch in text[:20000] if 0x3400 <= ord(ch) <= 0x9FFF]
        assert _decode._ideographs(text) == len(cjk)
        want = sum(map(_common, cjk)) / len(cjk) if cjk else 1.0
        assert _decode._common_share(text) == want
