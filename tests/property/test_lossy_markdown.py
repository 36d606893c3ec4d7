"""Markdown from PDF→Markdown converters (issue 12): pipe tables in marker style (a merged
cell written once, the positions it covers empty) and docling style (its text repeated in
each), and MinerU's HTML ``<table>`` inside the Markdown.

Nothing is lost in these forms: every cell must be right or flagged (0 silent), the template
right, and across a fixed corpus at least 99 % of the cells right in every style.
"""

from __future__ import annotations

import pytest
from _render.layout import GridCell, GridTable
from _render.lossy import (
    FEW,
    corpus,
    generated,
    score_document,
    share_right,
)
from _render.markdown import render_markdown
from hypothesis import given
from hypothesis import strategies as st
from strategies import templates

FORMS = ("markdown_marker", "markdown_docling", "markdown_mineru")
SHARE = 99.0



@pytest.mark.parametrize("form", FORMS)
@FEW
@given(seed=st.integers(0, 2**32 - 1), template=templates())
def test_markdown_no_silent_cells(form: str, seed: int, template: str) -> None:
    s = score_document(generated(form, seed, template))

    assert s.silent == 0, "\n".join(s.silent_cells[:20])


@pytest.mark.parametrize("form", [
    "markdown_marker",
    "markdown_docling",
    "markdown_mineru",
])
@FEW
@given(seed=st.integers(0, 2**32 - 1), template=templates())
def test_markdown_template_right(form: str, seed: int, template: str) -> None:
    s = score_document(generated(form, seed, template))

    assert s.template_ok, s.errors


@pytest.mark.parametrize("form", [
    "markdown_marker",
    "markdown_docling",
    "markdown_mineru",
])
def test_markdown_share_right(form: str) -> None:
    assert share_right(corpus(form, 10)) >= SHARE


def _merged() -> GridTable:
    cells = (GridCell("申请人情况", 0, 0, colspan=2, header=True), GridCell("总计", 0, 2),
             GridCell("自然人", 1, 0, rowspan=2), GridCell("1", 1, 1), GridCell("2", 1, 2),
             GridCell("3", 2, 1), GridCell("", 2, 2))
    return GridTable(cells, 3, 3, "applications")


def test_marker_style_writes_a_merged_cell_once() -> None:
    text = render_markdown([_merged()], "marker")

    assert text.splitlines() == ["| 申请人情况 |  | 总计 |", "|---|---|---|",
                                 "| 自然人 | 1 | 2 |", "|  | 3 |  |"]


def test_marker_style_may_keep_line_breaks_in_long_labels() -> None:
    table = GridTable((GridCell("一、本年新收政府信息公开申请数量", 0, 0), GridCell("12", 0, 1),
                       GridCell("3.其他", 1, 0), GridCell("", 1, 1)), 2, 2, "applications")

    text = render_markdown([table], "marker", br_labels=True)

    assert text.splitlines() == ["| 一、本年新收政府<br>信息公开申请数量 | 12 |", "|---|---|",
                                 "| 3.其他 |  |"]


def test_docling_style_repeats_a_merged_cell() -> None:
    lines = [" ".join(line.split()) for line in render_markdown([_merged()], "docling")
             .splitlines()]

    assert lines[0] == "| 申请人情况 | 申请人情况 | 总计 |"
    assert set(lines[1]) == {"|", "-"}
    assert lines[2:] == ["| 自然人 | 1 | 2 |", "| 自然人 | 3 | |"]


def test_mineru_style_embeds_html_tables() -> None:
    text = render_markdown([_merged()], "mineru", html_wrapper=False)

    assert text.strip() == (
        '<table><tr><td colspan="2">申请人情况</td><td>总计</td></tr>'
        '<tr><td rowspan="2">自然人</td><td>1</td><td>2</td></tr>'
        "<tr><td>3</td><td></td></tr></table>")
