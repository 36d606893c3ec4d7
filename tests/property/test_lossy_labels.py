"""Labels as mirror sites and real PDFs print them (issue 12): whole documents converted to
traditional characters (報告, 處理, 維持), and row labels with a character or a few dropped
or two swapped (the real ``2.其他法律行政止公开``) or broken by a space (``商业 企业``).

Nothing is lost in these forms: every cell must be right or flagged (0 silent) and the
template right — a misspelt label must never make the document "the other layout".
"""

from __future__ import annotations

import dataclasses
import random
import re

import pytest
from _render.layout import Block, GridTable, LayoutStyle, layout_report
from _render.lossy import (
    FEW,
    corpus,
    generated,
    misspell_blocks,
    realistic_report,
    score_document,
    share_right,
)
from _render.text import render_text
from hypothesis import given
from hypothesis import strategies as st
from strategies import templates

import gxtables

FORMS = ("traditional", "misspelt")



@pytest.mark.parametrize("form", FORMS)
@FEW
@given(seed=st.integers(0, 2**32 - 1), template=templates())
def test_labels_no_silent_cells(form: str, seed: int, template: str) -> None:
    s = score_document(generated(form, seed, template))

    assert s.silent == 0, "\n".join(s.silent_cells[:20])


@pytest.mark.parametrize("form", FORMS)
@FEW
@given(seed=st.integers(0, 2**32 - 1), template=templates())
def test_labels_template_right(form: str, seed: int, template: str) -> None:
    s = score_document(generated(form, seed, template))

    assert s.template_ok, s.errors


@pytest.mark.parametrize("form", FORMS)
def test_labels_share_right(form: str) -> None:
    assert share_right(corpus(form, 10)) >= 99.0


def test_misspelling_keeps_the_numbering_and_changes_the_words() -> None:
    data = realistic_report(random.Random(2), "2021")
    blocks = layout_report(data, LayoutStyle())
    before = next(b for b in blocks if isinstance(b, GridTable) and b.key == "applications")

    after = next(b for b in misspell_blocks(blocks, random.Random(5), n=4)
                 if isinstance(b, GridTable) and b.key == "applications")

    changed = [(a.text, b.text) for a, b in zip(before.cells, after.cells, strict=True)
               if a.text != b.text and not a.header]
    assert len(changed) == 4
    number = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")
    for old, new in changed:
        m = number.match(old)
        assert m is None or new.startswith(m.group(0)), (old, new)
        assert len(old) - 3 <= len(new.replace(" ", "")) <= len(old)


def _replace_label(blocks: list[Block], old: str, new: str) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, GridTable):
            cells = tuple(dataclasses.replace(c, text=new) if c.text == old else c
                          for c in block.cells)
            block = dataclasses.replace(block, cells=cells)
        out.append(block)
    return out


@pytest.mark.parametrize("dialect", ["tab", "pipe"])
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_real_misspelt_label_keeps_its_row(dialect: str, template: str) -> None:
    """A real PDF prints ``2.其他法律行政止公开`` (法规禁 dropped): its row must still be read,
    and the document must keep its layout."""
    data = realistic_report(random.Random(11), template, blanks=0.0)
    blocks = _replace_label(layout_report(data, LayoutStyle()), "2.其他法律行政法规禁止公开",
                            "2.其他法律行政止公开")
    blob = render_text(blocks, dialect)
    assert "2.其他法律行政止公开".encode() in blob

    report = gxtables.extract(blob)

    assert report.template == template
    expected = data.tables["applications"]["denied_law_prohibited"]
    got = report["applications"]["denied_law_prohibited"]
    assert {c: got[c].value for c in expected} == {c: e.value for c, e in expected.items()}


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_header_labels_broken_by_a_space_in_pipe_text(template: str) -> None:
    """``商业 企业`` in ``|``-separated page text is still the 商业企业 column."""
    data = realistic_report(random.Random(12), template, blanks=0.0)
    blocks = layout_report(data, LayoutStyle())
    for old, new in (("商业企业", "商业 企业"), ("科研机构", "科研 机构"),
                     ("社会公益组织", "社会公益 组织")):
        blocks = _replace_label(blocks, old, new)
    blob = render_text(blocks, "pipe")
    assert "商业 企业 | 科研 机构".encode() in blob

    report = gxtables.extract(blob)

    assert report.template == template
    for row, cols in data.tables["applications"].items():
        assert {c: report["applications"][row][c].value for c in cols} == {
            c: e.value for c, e in cols.items()}, row
