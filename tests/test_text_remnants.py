"""HTML a crawler left in its text (entities, comments) is undone before the text is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gxtables
from gxtables._readers._text_remnants import undo_html_remnants

REAL_PAGES = Path(__file__).parent / "fixtures" / "oneline_real" / "pingtan"


def test_entities_become_their_characters_and_spaces_plain_spaces() -> None:
    assert undo_html_remnants("8&nbsp;0&#160;0&#xA0;1&emsp;2") == "8 0 0 1 2"
    assert undo_html_remnants("&lt;中华人民共和国政府信息公开条例&gt;") == "<中华人民共和国政府信息公开条例>"
    assert undo_html_remnants("A&amp;B") == "A&B"


def test_comments_go_and_what_is_not_html_stays() -> None:
    text = "<!--[if !supportLists]-->（三）<!--[endif]-->突出抓好"
    assert undo_html_remnants(text) == "（三）突出抓好"
    assert undo_html_remnants("a<!--b<!--c-->d") == "ad"  # a comment ends at its first -->
    long_comment = "<!--" + "x" * 3000 + "-->"  # longer than any real one: a stray <!--
    assert undo_html_remnants(long_comment + "3") == long_comment + "3"
    for kept in ("R&D 3 & 4", "&unknownthing;", "&#10;", "<中华人民共和国>", "a <!-- b"):
        assert undo_html_remnants(kept) == kept


@given(st.text(alphabet="&;#x0123456789abcdnbsplt<>!- 中文", max_size=60))
def test_text_with_no_reference_or_comment_is_returned_unchanged(text: str) -> None:
    if "&" not in text and "<!--" not in text:
        assert undo_html_remnants(text) is text
    assert "\n" not in undo_html_remnants(text)


def cells(report: gxtables.Report) -> dict[tuple[str, str, str], object]:
    return {(t, r, c): cell.value for t, table in report.tables.items()
            for r, cols in table.rows.items() for c, cell in cols.items()}


@pytest.mark.parametrize("year", ["2021", "2024"])
@pytest.mark.parametrize("space", ["&nbsp;", "&#160;", "&#12288;"])
def test_real_one_line_page_with_entities_for_spaces_reads_as_the_clean_page(
        year: str, space: str) -> None:
    text = (REAL_PAGES / f"{year}.txt").read_text(encoding="utf-8")
    head, body = text.split("正文", 1)
    body = body.replace(" ", space).replace("（二）", "<!--[if !supportLists]-->（二）<!--[endif]-->")
    dirty = gxtables.extract((head + "正文" + body).encode("utf-8"))
    clean = gxtables.extract(REAL_PAGES / f"{year}.txt")
    truth = json.loads((REAL_PAGES / f"{year}.expected.json").read_text(encoding="utf-8"))
    assert dirty.template == truth["template"]
    assert cells(dirty) == cells(clean)
    assert [i.code for i in dirty.issues] == [i.code for i in clean.issues]
