"""pdftotext output of PDFs drawn by an outside probe's own renderer (fixtures in
``fixtures/pdftotext_probe``, README there): each held a silent wrong cell; every cell must
now be right or flagged, and the cells the fixes read, read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _render.lossy import score_output

import gxtables

PROBE = Path(__file__).parent / "fixtures" / "pdftotext_probe"
CASES = sorted(p.name for p in PROBE.iterdir() if p.is_dir())


def _report(case: str) -> gxtables.Report:
    return gxtables.extract(PROBE / case / "doc.txt")


@pytest.mark.parametrize("case", CASES)
def test_no_cell_is_silently_wrong(case: str) -> None:
    truth = json.loads((PROBE / case / "truth.json").read_text(encoding="utf-8"))
    score = score_output(truth, _report(case).to_dict(), case)
    assert score.silent_cells == []


def test_a_number_one_space_after_a_label_fragment_is_a_cell() -> None:
    """``行政法规禁 0件     0件 …``: a left-aligned column puts the row's first number one
    space after the label's last line; it is the 自然人 cell, not part of the label."""
    report = _report("layout_leftaligned_zero_glued_to_label")
    rows = ("denied_law_prohibited", "denied_internal_affairs", "rejected_duplicate",
            "rejected_excessive")
    assert [report["applications"][r]["natural_person"].value for r in rows] == [0, 0, 0, 0]
    report = _report("layout_a20_1_number_dropped")
    assert [c.value for c in report["article20_1"]["normative_documents"].values()] == [
        9, 9, 317]


def test_a_group_label_character_down_the_side_is_no_empty_cell() -> None:
    """（四）无法提供 printed one character per line: the ``无`` on a row of numbers is the
    group label's, not the 自然人 cell printed as 无."""
    for case in ("layout_vertical_group_char_wu", "layout_vertical_group_char_wu_b"):
        row = _report(case)["applications"]["unavailable_needs_creation"]
        assert [c.value for c in row.values()] == [0] * 7, case
