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


@pytest.mark.parametrize(("case", "penalty", "coercion"), [
    ("outer_rules_two_line_cell", 226, 25), ("outer_rules_annotated_label_line", 360, 45)])
def test_a_table_with_horizontal_rules_only_reads_each_row_its_numbers(
        case: str, penalty: int, coercion: int) -> None:
    """No cell boxes (rules above and below the rows only): the pages are read as laid-out
    text, where ``行政处罚  226项`` keeps its number and 行政强制 its own (before, the
    label's line read as prose and the rows were left flagged)."""
    table = _report(case)["article20_6"]
    assert (table["penalty"]["decisions"].value, table["penalty"]["decisions"].unit) == (
        penalty, "项")
    assert (table["coercion"]["decisions"].value, table["coercion"]["decisions"].unit) == (
        coercion, "项")


def test_a_table_without_ruling_lines_reads_exactly() -> None:
    """No rule at all: the pages are laid out as column-aligned text and read as such
    (before, as prose: 130 of the 198 cells)."""
    truth = json.loads((PROBE / "unruled_exact" / "truth.json").read_text("utf-8"))
    report = _report("unruled_exact")
    score = score_output(truth, report.to_dict(), "unruled")
    assert score.right == score.cells
    assert any(i.code == "reader_note" and "laid out" in i.message for i in report.issues)


def test_cells_of_a_table_without_ruling_lines_give_their_page_and_box() -> None:
    cell = _report("unruled_exact")["applications"]["new_received"]["natural_person"]
    assert cell.value == 43
    assert cell.location is not None and cell.location.page == 2
    assert cell.location.bbox is not None
    x0, top, x1, bottom = cell.location.bbox
    assert 0 < x0 < x1 and 0 < top < bottom


def test_units_wrapped_onto_the_next_page_go_back_to_their_numbers() -> None:
    """``0`` / page break / ``件`` in a table without rules (rows broken across pages)."""
    review = _report("unruled_units_across_page")["review_litigation"]["review"]
    assert [(c.value, c.unit) for c in review.values()] == [
        (7, "件"), (4, "件"), (0, "件"), (0, "件"), (11, "件")]


def test_a_number_the_label_line_runs_up_to_is_a_cell_of_its_own() -> None:
    """``逾期不补正、行政机`` then ``0`` a hair apart in a tight table without rules."""
    row = _report("unruled_label_runs_into_number")["applications"]["other_no_correction"]
    assert [c.value for c in row.values()] == [0, 0, 0, 0, 4, 0, 4]


def test_a_label_whose_first_line_is_wider_than_the_one_beside_its_numbers() -> None:
    """``（二）部分公开（区分处理的，只计`` / ``这一情形，不计其他情形）  0  6  0 …``."""
    truth = json.loads((PROBE / "unruled_label_wider_above_numbers" / "truth.json")
                       .read_text("utf-8"))
    report = _report("unruled_label_wider_above_numbers")
    assert [c.value for c in report["applications"]["partially_granted"].values()] == [
        0, 6, 0, 0, 0, 0, 6]
    score = score_output(truth, report.to_dict(), "wider")
    assert score.right == score.cells


def test_every_block_of_a_document_read_as_laid_out_text_gives_its_page() -> None:
    """(the OCR step merges its pages into the document's blocks by page)"""
    from gxtables._api import _page_has_tables
    from gxtables._limits import Limits
    from gxtables._readers import read_document

    data = (PROBE / "unruled_exact" / "doc.pdf").read_bytes()
    document = read_document("pdf", data, limits=Limits(), source=None,
                             page_filter=_page_has_tables)
    assert document.grids and all(b.location.page for b in document.blocks)
    assert all(c.location.page for g in document.grids for c in g.cells)


def test_laid_out_pages_are_read_by_character_index() -> None:
    """``规章  17  275`` under 本年制发件数 / 本年废止件数 / 现行有效件数 (the middle cell
    blank): by display width 275 stood nearest 本年废止件数."""
    row = _report("unruled_columns_by_character")["article20_1"]["regulations"]
    assert [c.value for c in row.values()] == [17, None, 275]


def test_a_header_on_the_page_before_places_the_rows_numbers() -> None:
    """The header at the foot of page 1, the rows on page 2 (zeros left blank): one frame
    for every page of a PDF, so the header's words place the numbers."""
    row = _report("unruled_header_on_page_before")["applications"]["new_received"]
    assert [c.value for c in row.values()] == [86, None, 52, 72, 74, 110, 394]


def test_a_value_with_a_note_is_no_row_label() -> None:
    """``规章  1件（市政府网站）  1件  19件`` in a table with horizontal rules only."""
    table = _report("unruled_noted_values")["article20_1"]
    assert [(c.value, c.unit) for c in table["regulations"].values()] == [
        (1, "件"), (1, "件"), (19, "件")]
    assert [c.value for c in table["normative_documents"].values()] == [58, 0, 705]
