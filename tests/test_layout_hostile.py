"""Column-aligned text is read in time linear in its length: a header line of thousands of
short words measured the line up to each word again (3 lines of 4,000 words: 45 s)."""

from __future__ import annotations

from pathlib import Path

import pytest

import gxtables
from gxtables._readers import _aligned, _aligned_headers

LAYOUT = Path(__file__).parent / "fixtures" / "pdftotext" / "000.lo.layout.txt"


def _with_wide_header(words: int) -> bytes:
    lines = LAYOUT.read_text(encoding="utf-8").split("\n")
    at = next(k for k, line in enumerate(lines) if "本年新收" in line)
    lines[at - 1:at - 1] = ["      " + "自然  " * words] * 3
    return "\n".join(lines).encode("utf-8")


def test_a_header_of_thousands_of_words_is_measured_once_per_word(
        monkeypatch: pytest.MonkeyPatch) -> None:
    measured = 0
    real = _aligned.display_width

    def counting(text: str) -> int:
        nonlocal measured
        measured += len(text)
        return real(text)

    monkeypatch.setattr(_aligned, "display_width", counting)
    monkeypatch.setattr(_aligned_headers, "display_width", counting)
    data = _with_wide_header(3000)
    report = gxtables.extract(data)
    assert report["applications"]["new_received"]["total"].value == 1940
    # characters measured: a few passes over the text, not one per word (≈ 10⁸ before)
    assert measured < 20 * len(data.decode("utf-8"))
