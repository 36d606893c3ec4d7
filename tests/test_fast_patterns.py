"""The text readers' cheap stand-ins for CJK-range regexes match exactly what the regexes
match (the stand-ins exist only to skip compiling 27,000-character classes at import)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from gxtables._readers._flow import _cjk_run
from gxtables._readers._text_glued import _glued, _leading_dash

_GLUED = re.compile(r"[\u3400-\u9fff\uf900-\ufaff）)》”\"]\s*[+\-－]?\d")
_LEADING_DASH = re.compile(r"^\s*(?:—{1,2}|－|–|/|／)(?=\s*[\u3400-\u9fff])")
_WORD = re.compile(r"^[\u3400-\u9fff]{2,5}$")
_ONE_CHAR = re.compile(r"^[\u3400-\u9fff]$")

#: Characters at and around every edge the patterns draw: range ends, spaces, signs, digits.
_EDGES = st.sampled_from(list(
    "公量\u3400\u9fff\u33ff\ua000\uf900\ufaff\uf8ff\ufb00 \t\n\u3000\u00a0\u2028\x1c"
    "—－–/／+-）)》”\"(（a1２0、."))
_TEXTS = st.lists(st.one_of(_EDGES, st.characters()), max_size=14).map("".join)


@given(_TEXTS)
def test_glued_numbers_match_the_class_pattern(text: str) -> None:
    assert ([(m.start(), m.end()) for m in _glued(text)]
            == [(m.start(), m.end()) for m in _GLUED.finditer(text)])


@given(_TEXTS)
def test_leading_dash_matches_the_lookahead_pattern(text: str) -> None:
    want = _LEADING_DASH.match(text)
    got = _leading_dash(text)
    assert (got is None) == (want is None)
    assert got is None or want is None or got.group(0) == want.group(0)


@given(_TEXTS)
def test_stacked_word_tests_match_the_class_patterns(text: str) -> None:
    assert _cjk_run(text, 2, 5) == bool(_WORD.match(text))
    assert _cjk_run(text, 1, 1) == bool(_ONE_CHAR.match(text))
