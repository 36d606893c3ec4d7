"""``nfkc``'s and ``_dropped``'s shortcuts for long texts: ``nfkc``'s for texts whose only non-NFKC characters are full-width forms (Chinese
prose: ，（）：；) gives exactly what ``unicodedata.normalize`` then the traditional fold gives,
for every text — full-width, half-width, combining marks that compose with a narrowed form
(Ａ + ◌́ → Á, ＝ + ◌̸ → ≠), traditional characters, long prose; ``_dropped`` of prose deletes exactly what its table
deletes (spaces, punctuation, symbols, controls — never a combining mark)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gxtables._normalize import _DROP, _FOLD, _FOLDS, _dropped, _nfkc, nfkc

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def reference(text: str) -> str:
    """``nfkc`` by its definition: NFKC, zero-width characters dropped, traditional folded."""
    text = unicodedata.normalize("NFKC", text)
    return text.translate(_FOLD) if _FOLDS.search(text) else text


#: Full-width forms, the ideographic space, characters they compose with once narrowed,
#: characters of other compatibility forms, traditional and simplified hanzi, zero-width ones.
_EDGES = st.sampled_from(list(
    "，（）：；！？％＝＜＞Ａａ１９　\u3000\u0301\u0338\u0308\u3099ｶﾞ゛é…①²¹⑴㎡ﬁ"
    "\u200b\ufeff\u00ad臺灣關於與政府信息公开年度报告一二、。“”《》 a1(),"))
_TEXTS = st.lists(st.one_of(_EDGES, st.characters()), max_size=24).map("".join)


@given(_TEXTS)
def test_nfkc_equals_its_definition(text: str) -> None:
    assert _nfkc(text) == reference(text)
    assert nfkc(text) == reference(text)


@given(_TEXTS, st.integers(min_value=8, max_value=30))
def test_long_text_equals_its_definition(text: str, times: int) -> None:
    long = "政府信息公开工作，（一）主动公开；" * times + text  # over the kept length: prose
    assert nfkc(long) == reference(long)


def test_seed_prose_equals_its_definition() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            assert nfkc(line) == reference(line)
        assert nfkc(text) == reference(text)


@given(_TEXTS, st.integers(min_value=0, max_value=12))
def test_dropped_equals_its_table(text: str, times: int) -> None:
    for probe in (text, "政府信息公开，（一）主动公开；\u0301 _" * times + text):
        assert _dropped(probe) == probe.translate(_DROP)


@given(st.text(st.sampled_from(list("政府信息公开年度报告一二1a_\u0301\u00b2①〔〕·•…—–～【】「」 \t\u3000，、。"))
               | st.characters(), min_size=64, max_size=300))
def test_dropped_prose_equals_its_table(text: str) -> None:
    # prose (64 characters or more): the common marks are deleted by one expression first
    assert _dropped(text) == text.translate(_DROP)


def test_dropped_seed_lines_equal_their_table() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            normal = nfkc(line)
            assert _dropped(normal) == normal.translate(_DROP)
