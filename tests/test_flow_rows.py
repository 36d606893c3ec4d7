"""pdftotext default mode: rows whose labels and values poppler drew apart, and a 小计 column
whose header word it drew far from the table (generated reports, every cell printed).

* gen3-010: the group （五）不予处理 is printed vertically beside its five rows, so poppler
  writes the five row labels (the group label's characters among them), then the five rows'
  values one row after another; and （四）无法提供's characters (``无`` reads as a value) stand
  between （七）总计's two rows of values and 四、结转下年度继续办理's label.
* gen8-028: the header's 其他 and 小计 are drawn before the table's caption, so every row of
  the applications table holds one value more than the columns the header names.

Both are decided by the rows' own sums (总计, 小计); the variants below break them and must
leave the rows flagged, never silently wrong.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import gxtables

FIXTURES = Path(__file__).parent / "fixtures" / "pdftotext"
COLS = ("natural_person", "commercial_enterprise", "research_institution",
        "social_welfare_org", "legal_service_org", "other_org", "total")


def _text(name: str) -> list[str]:
    return (FIXTURES / f"{name}.default.txt").read_text(encoding="utf-8").split("\n")


def _truth(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.truth.json").read_text(encoding="utf-8"))


def _extract(lines: list[str]) -> gxtables.Report:
    return gxtables.extract("\n".join(lines).encode("utf-8"))


def _silent(name: str, report: gxtables.Report) -> list[str]:
    from _render.lossy import score_output

    return score_output(_truth(name), report.to_dict(), name).silent_cells


def _row(report: gxtables.Report, row: str) -> list[object]:
    return [report["applications"][row][c].value for c in COLS]


def test_stacked_row_labels_get_their_rows_values() -> None:
    lines = _text("gen3-010")
    report = _extract(lines)
    truth = _truth("gen3-010")["tables"]["applications"]
    for row in ("rejected_petition", "rejected_duplicate", "rejected_publication",
                "rejected_excessive", "rejected_confirmation", "total_handled",
                "carried_forward"):
        assert _row(report, row) == [truth[row][c]["value"] for c in COLS], row
    assert _silent("gen3-010", report) == []


def test_stack_with_a_value_lost_is_left_alone() -> None:
    """One value of the stack's run gone (a blank cell): 39 numbers for five rows of eight
    — which row lost it is unknown, so nothing is moved and nothing is silently wrong."""
    lines = _text("gen3-010")
    assert (lines[572], lines[578]) == ("5.要求行政机关确认或重新出具已获", "0")
    del lines[578:580]
    report = _extract(lines)
    assert _silent("gen3-010", report) == []
    assert report["applications"]["rejected_petition"]["natural_person"].value is None


def test_stack_whose_rows_do_not_add_up_is_left_alone() -> None:
    lines = _text("gen3-010")
    assert lines[590] == "6"  # the first stacked row's 总计
    lines[590] = "7"
    report = _extract(lines)
    assert _silent("gen3-010", report) == []
    assert report["applications"]["rejected_petition"]["total"].value is None


def test_stack_whose_last_row_is_blank_and_next_label_drawn_elsewhere_is_left_alone() -> None:
    """5.要求… left wholly blank (its values gone) and （六）其他处理's label not after the run:
    the run (rows 1–4 and （六）'s values) still holds five rows' worth that each add up, and
    reading it as the stack's would give row 5 （六）'s values and no column sum could tell.
    The run must be followed by the label of the row after the group."""
    lines = _text("gen3-010")
    assert (lines[638], lines[640], lines[656], lines[658]) == ("1", "0", "（六）其他处理", "4")
    del lines[640:658]
    report = _extract(lines)
    assert report["applications"]["rejected_confirmation"]["natural_person"].value != 4
    assert _silent("gen3-010", report) == []


def test_subtotal_column_the_header_did_not_show_is_decided_by_the_rows_sums() -> None:
    report = _extract(_text("gen8-028"))
    assert _row(report, "new_received") == [160, 0, 0, 0, 7, 2, 169]
    assert _row(report, "other_handling") == [7, 0, 0, 0, 0, 1, 8]
    assert _silent("gen8-028", report) == []
    inferred = [i for i in report.issues
                if i.code == "inferred_value" and i.row == "new_received"]
    assert len(inferred) == 7 and all("小计" in i.message for i in inferred)


def test_row_whose_subtotal_does_not_add_up_stays_flagged() -> None:
    """二、上年结转 ``4 0 0 0 0 0 0 4`` with its 小计 printed 1: no reading keeps both sums."""
    lines = _text("gen8-028")
    assert (lines[169], lines[183]) == ("二、上年结转政府信息公开申请数量", "0")
    lines[183] = "1"
    report = _extract(lines)
    assert _row(report, "carried_over") == [None] * 7
    assert any(i.row == "carried_over" and i.severity == "error" for i in report.issues)
    assert _silent("gen8-028", report) == []


# gen1-007: ``3.其他`` is followed by three rows' values (3.其他, （七）总计, 四、结转…), then
# 四's label; （七）总计's label is drawn inside the review table, before one of its values.


def test_trailing_row_whose_label_was_drawn_inside_the_next_table() -> None:
    lines = _text("gen1-007")
    report = _extract(lines)
    truth = _truth("gen1-007")["tables"]["applications"]
    for row in ("other_other", "total_handled", "carried_forward"):
        assert _row(report, row) == [truth[row][c]["value"] for c in COLS], row
    # the review values around that label stay in poppler's order, which is not theirs:
    # the table stays flagged, none silent
    assert report["review_litigation"]["review"]["upheld"].value is None
    assert _silent("gen1-007", report) == []


def test_trailing_rows_with_no_label_after_them_are_left_alone() -> None:
    """Without 四's label after the run nothing says the run holds the next rows' values."""
    lines = _text("gen1-007")
    assert (lines[559], lines[603], lines[623]) == (
        "3.其他", "四、结转下年度继续办理", "（七）总计")
    del lines[603]
    report = _extract(lines)
    assert report["applications"]["total_handled"]["total"].value is None
    assert _silent("gen1-007", report) == []


def test_trailing_rows_that_do_not_add_up_are_left_alone() -> None:
    lines = _text("gen1-007")
    assert lines[587] == "81"  # （七）总计's 总计
    lines[587] = "82"
    report = _extract(lines)
    assert report["applications"]["total_handled"]["natural_person"].value is None
    assert _silent("gen1-007", report) == []


# gen6-014: after a page break, 三、本年度办理结果 (printed vertically beside the rows below)
# is drawn one character a line between 二、上年结转…'s label and its values.


def test_group_label_pieces_between_a_row_label_and_its_values() -> None:
    report = _extract(_text("gen6-014"))
    assert _row(report, "carried_over") == [0, 0, 0, 2, 0, 0, 2]
    assert _silent("gen6-014", report) == []


def test_pieces_that_spell_no_group_label_are_left_alone() -> None:
    lines = _text("gen6-014")
    assert (lines[182].strip("\f"), lines[186]) == ("二、上年结转政府信息公开申请数量", "本")
    lines[186] = "木"  # 三、木年度办理结果: no group of the table
    report = _extract(lines)
    assert _silent("gen6-014", report) == []
    # the pieces, one character a line, are one cell's text (joined by the reader): a label
    # no row or group has stands between the row's label and its values, and says so
    assert ("value_count_mismatch", "carried_over") in {(i.code, i.row) for i in report.issues}


# gen9-038: after a page break the repeated header's last words (其他, 总计) are drawn after
# the label of the page's first row, 二、上年结转申请数量, before its values.


def test_header_words_after_the_label_of_a_pages_first_row() -> None:
    report = _extract(_text("gen9-038"))
    assert _row(report, "carried_over") == [5, 1, 0, 0, 0, 0, 6]
    assert _silent("gen9-038", report) == []


def test_header_words_before_values_that_do_not_add_up_are_left_alone() -> None:
    lines = _text("gen9-038")
    assert (lines[271], lines[273], lines[289]) == ("二、上年结转申请数量", "其他", "6")
    lines[289] = "7"
    report = _extract(lines)
    assert report["applications"]["carried_over"]["natural_person"].value is None
    assert _silent("gen9-038", report) == []
