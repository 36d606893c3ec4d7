"""Report PDFs exported by LibreOffice from an outside probe's own Word documents (fixtures in
``fixtures/pdf_probe``, README there): each held a silent wrong cell; every cell must now be
right or flagged, and the cells the fixes read, read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _render.lossy import score_output

import gxtables

PROBE = Path(__file__).parent / "fixtures" / "pdf_probe"
CASES = sorted(p.name for p in PROBE.iterdir() if p.is_dir())


def _report(case: str) -> gxtables.Report:
    return gxtables.extract(PROBE / case / "doc.pdf")


@pytest.mark.parametrize("case", CASES)
def test_no_cell_is_silently_wrong(case: str) -> None:
    truth = json.loads((PROBE / case / "truth.json").read_text(encoding="utf-8"))
    score = score_output(truth, _report(case).to_dict(), case)
    assert score.silent_cells == []


def test_row_labels_beside_a_merged_group_column_keep_their_text() -> None:
    """The corner header cell found reaching to the table's foot (its bottom rule stops at
    the merged group column) overlaps the row labels: each character goes to the smallest
    cell under it, so the rows keep their labels and the document reads exactly."""
    truth = json.loads((PROBE / "row_split_label_column" / "truth.json").read_text("utf-8"))
    score = score_output(truth, _report("row_split_label_column").to_dict(), "split")
    assert score.right == score.cells


def test_units_on_the_next_page_go_back_to_their_numbers() -> None:
    """``28`` / page break / ``项``: a row Word broke across the page keeps its units."""
    cell = _report("unit_on_next_page")["article20_8"]["fees"]["previous_count"]
    assert (cell.value, cell.unit) == (28, "项")


@pytest.mark.parametrize("case", ["outer_rules_two_line_cell", "outer_rules_annotated_label_line"])
def test_a_label_line_holding_its_number_doubts_the_values_after_it(case: str) -> None:
    report = _report(case)
    assert ("value_count_mismatch", "penalty") in {
        (i.code, i.row) for i in report.issues if i.severity == "warning"}
