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
