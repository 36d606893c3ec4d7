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


#: Cases that still hold a silent cell, and why (strict: the test fails once it is fixed).
KNOWN_SILENT: dict[str, str] = {}


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.xfail(reason=KNOWN_SILENT[c], strict=True))
    if c in KNOWN_SILENT else c for c in CASES])
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


def test_blank_lines_of_a_pdfs_text_end_cells() -> None:
    """pdftotext ends each cell with a blank line and prints no empty cell: a text whose
    prose is wrapped at a page's width reads its blank lines as cell ends even where values
    stacked in one block leave fewer of them (16 values, 12 ended by one)."""
    report = _report("default_a20_6_blank_shift")
    assert report["article20_6"]["penalty"]["change"].value != 198
    report = _report("default_blank_lines_end_cells")
    # 规章 printed one value (300) for its three cells: which ones were blank is not known
    assert [c.value for c in report["article20_1"]["regulations"].values()] == [None] * 3
    assert ("value_count_mismatch", "regulations") in {(i.code, i.row) for i in report.issues}


def test_a_row_with_no_value_doubts_the_row_drawn_after_it() -> None:
    """``规章`` / ``行政规范性文件`` / ``197`` / ``3`` / ``46``: the values after two labels
    drawn together may be either row's; the second row is warned (``row_neighbour_short``)."""
    report = _report("default_stacked_labels")
    assert ("row_neighbour_short", "normative_documents") in {
        (i.code, i.row) for i in report.issues if i.table == "article20_1"}


def test_a_row_reading_a_blank_line_before_a_stray_number_is_warned() -> None:
    """A loose row that read a blank line as a cell, a number no row took a few lines after
    it: the blank line may have ended the label's cell and the number be the row's."""
    cases = {"default_a20_8_zero_to_null": ("article20_8", "fees"),
             # 行政规范性文件 / blank / 50件（市政府网 / 16件 / 站） / blank / 496件
             "lo_default_wrapped_note_shift": ("article20_1", "normative_documents")}
    for case, (table, row) in cases.items():
        report = _report(case)
        assert any(i.code == "value_count_mismatch" and (i.table, i.row) == (table, row)
                   and i.severity == "warning" for i in report.issues), case


def test_two_rows_values_after_two_labels_are_not_moved_to_the_next_label() -> None:
    """``4.…`` / ``5.…`` / fourteen values / ``6.…``: the values may be rows 4 and 5 as well
    as 5 and 6, so none goes to row 6 (it was read with row 5's values, silently)."""
    report = _report("default_applications_row_shift")
    assert [c.value for c in report["applications"]["denied_process_info"].values()] == [
        None] * 7


def test_a_late_header_word_is_not_moved_from_between_a_label_and_a_value() -> None:
    """``行政事业性收费`` / ``本年制发件数`` / ``18``: the header word drawn late is 第（一）项's,
    the 18 too; moved back to its header, it left 18 as the fee with no issue."""
    report = _report("default_late_header_word_before_a_value")
    # the 18 after the word is read, but the row is warned: the word stands between
    assert ("value_count_mismatch", "warning") in {
        (i.code, i.severity) for i in report.issues if i.row == "fees"}


def test_units_printed_under_their_numbers_are_read_with_them() -> None:
    """``278  -4  160`` / ``行政处罚`` / ``项  项  项`` (each cell's number and unit on two
    lines, centred on the label): the units go back to the numbers above them."""
    report = _report("lo_unit_on_second_line_dropped_layout")
    cells = report["article20_6"]["penalty"]
    assert [(c.value, c.unit) for c in cells.values()] == [(278, "项"), (-4, "项"), (160, "项")]


def test_numbers_of_one_row_drawn_on_two_lines_are_one_row() -> None:
    """``其他对外管理服  302  -8`` / ``14 项`` / ``务事项  项  项``: cells of two lines and of
    one, each centred, put one row's numbers on two lines; the second line's (each with its
    unit, in columns the first leaves empty) are that row's, not lost (14 was null)."""
    row = _report("lo_unit_on_second_line_dropped_layout")["article20_5"]["other_services"]
    assert [(c.value, c.unit) for c in row.values()] == [(302, "项"), (-8, "项"), (14, "项")]
    # ``36  16  59`` / ``二、本年新收…  72  0  0  0`` / ``3  0  5``: bare numbers under
    # the row are the lower halves of numbers wrapped over two lines (363, 160, 595)
    row = _report("lo_layout_unit_left_of_its_number")["applications"]["new_received"]
    assert row["legal_service_org"].value in (None, 363)


def test_a_line_of_units_alone_goes_back_to_the_numbers_without_one() -> None:
    """pdftotext places a centred cell's unit line columns away from its number: a line of
    units alone, as many as the numbers above that print none, goes back to them in order."""
    cells = _report("lo_layout_units_off_their_numbers")["article20_6"]["penalty"]
    assert [(c.value, c.unit) for c in cells.values()] == [
        (190, "项"), (-22, "项"), (81971, "项")]
    fees = _report("lo_layout_unit_left_of_its_number")["article20_8"]["fees"]
    assert (fees["previous_count"].value, fees["previous_count"].unit) == (28, "项")


def test_a_label_holding_two_rows_labels_doubts_its_values() -> None:
    """``行政许可  370（含撤销）  40  1,875,076`` over ``其他对外管理服务`` / ``51  -28（含撤销）
    11,414`` / ``事项``: the noted values are values, so 行政许可 reads its own row (before,
    its line was no value line, its label joined 其他对外管理服务's first line, and
    其他对外管理服务事项 read 行政许可's numbers, warned); the row below, whose label's
    first line reads too wide to wrap around its numbers, is left empty and flagged."""
    report = _report("lo_layout_label_around_numbers")
    table = report["article20_5"]
    assert [c.value for c in table["licensing"].values()] == [370, 40, 1875076]
    assert all(c.value is None for c in table["other_services"].values())
    assert ("value_count_mismatch", "other_services") in {
        (i.code, i.row) for i in report.issues if i.severity in ("warning", "error")}


def test_a_plus_sign_is_read_only_into_a_change_column() -> None:
    """``+4项`` drawn before ``10 项``: read in order, 上一年项目数量 took ``+4``; a plus sign
    is only 本年增/减's, so no such reading stands and the row is flagged."""
    report = _report("lo_default_plus_sign_first")
    assert report["article20_8"]["fees"]["previous_count"].value != 4


def test_a_value_whose_note_wrapped_doubts_its_row() -> None:
    """``50 件（市政府网`` / ``16 件`` / ``站）``: the note's bracket is closed two lines on,
    another cell drawn between; the row's cells may be in any order (its 496 came two tables
    later), so the row is warned."""
    report = _report("lo_default_wrapped_note_drawn_late")
    assert any(i.code == "value_count_mismatch" and i.row == "normative_documents"
               and "bracket" in i.message for i in report.issues)


def test_a_row_of_two_line_and_one_line_cells_is_warned() -> None:
    """``行政强制`` / ``0`` / ``项`` / ``12 项`` / ``361`` / ``项``: a cell of two lines
    (its unit under its number) starts above its one-line neighbours, and pdftotext drew
    本年增/减's ``0`` before 上一年项目数量's ``12``. Which came first the text does not
    say: a row mixing the two is warned."""
    report = _report("lo_default_two_line_cell_first")
    assert any(i.code == "value_count_mismatch" and i.row == "coercion"
               and "two lines" in i.message for i in report.issues)
    text = (PROBE / "lo_default_two_line_cell_first" / "doc.txt").read_text(encoding="utf-8")
    assert "\n0\n项\n" in text  # the cell as pdftotext printed it


def test_wrapped_labels_measured_by_character_index_are_read() -> None:
    """``（二）部分公开（区分处理`` / ``的，只计这一情形，不计其  0 …`` / ``他情形）``: the
    first line, twelve characters wide, reaches under the numbers only by display width
    (pdftotext counts an ideograph as one column); and ``4.保护第三方合法权`` over
    ``）不  2  0 …`` / ``益``: the piece beside the numbers is the group label's, so the line
    above starts the row's label. Both rows were left empty (flagged)."""
    report = _report("layout_wide_label_by_char_index")
    rows = report["applications"]
    assert [c.value for c in rows["partially_granted"].values()] == [0] * 7
    assert [c.value for c in rows["denied_third_party"].values()] == [2, 0, 0, 0, 0, 0, 2]


def test_a_first_row_wrapped_around_its_numbers_under_the_header_is_read() -> None:
    """``一、本年新收政府信息公开申请数`` right under the header, its numbers on the next line
    alone and ``量`` under them: not a heading (a heading does not stand over a line of
    numbers alone) but the table's first row."""
    rows = _report("layout_first_row_wrapped_under_header")["applications"]
    assert [c.value for c in rows["new_received"].values()] == [29, 0, 33, 0, 0, 41, 103]
    # the next row the same, after the first row's last label piece (``量``)
    assert [c.value for c in rows["carried_over"].values()] == [8, 0, 7, 0, 0, 0, 15]


def test_header_words_squeezed_over_words_squeezed_alike_are_joined() -> None:
    """``结果 结果 其他 尚未`` / ``总计`` / ``维持 纠正 结果 审结``: each column's header in two
    words on two lines, a 总计 line between: joined word by word (结果维持, 结果纠正, …), the
    review table's header is found (it was not, and all 15 cells were lost)."""
    table = _report("layout_first_row_wrapped_under_header")["review_litigation"]
    assert [c.value for c in table["review"].values()] == [3, 0, 0, 0, 3]
    assert [c.value for c in table["litigation_direct"].values()] == [3, 0, 2, 0, 5]
    assert [c.value for c in table["litigation_after_review"].values()] == [2, 0, 2, 0, 4]


def test_a_label_wrapped_around_numbers_with_no_label_beside_them_is_read() -> None:
    """``其他对外管理服务`` / ``249  0  59423`` / ``事项``: the numbers' line holds no label and
    the label goes on under it, so the line above is the first line of that label (not the
    end of 行政许可's, whose cell is narrower: centred labels start apart)."""
    report = _report("layout_label_around_numbers_no_label_beside")
    assert [c.value for c in report["article20_5"]["other_services"].values()] == [
        249, 0, 59423]
    assert [c.value for c in report["article20_5"]["licensing"].values()] == [48, 0, 12508]


def test_a_one_row_table_whose_label_wraps_around_its_numbers_is_read() -> None:
    """``行政事业`` / ``6  0`` / ``性收费`` right under 第二十条第（八）项's header: two
    numbers only, but the label goes on under them, so the line above is the row's label,
    not a heading (the table was not found)."""
    report = _report("layout_one_row_label_around_numbers")
    assert [c.value for c in report["article20_8"]["fees"].values()] == [6, 0]


def test_a_narrow_label_column_and_one_character_lines_are_read() -> None:
    """A label column wrapping every four characters (``2.其他法`` / ``律行政法`` / …), a group
    label one character a line between a row's label and its values, the review header one
    character a line, a sentence before the table opening with 行政复议: every cell read."""
    case = "default_narrow_numbered_labels"
    truth = json.loads((PROBE / case / "truth.json").read_text(encoding="utf-8"))
    score = score_output(truth, _report(case).to_dict(), case)
    assert score.right == score.cells == 200


def test_values_whose_labels_were_drawn_after_the_table_are_read_by_order() -> None:
    """``2.其他法律行政法规禁止公开`` followed by four rows' worth of values, the labels of the
    next three drawn after the table: each worth adds up and the row after them is labelled
    after them, so they are rows 3–5's, read with a warning on each."""
    report = _report("default_labels_drawn_after_values")
    rows = report["applications"]
    for key in ("denied_security_stability", "denied_third_party", "denied_internal_affairs"):
        assert [c.value for c in rows[key].values()] == [0] * 7, key
    assert [c.value for c in rows["unavailable_not_held"].values()] == [166, 0, 0, 0, 0, 0, 166]
    warned = {i.row for i in report.issues if i.code == "row_out_of_order"}
    assert {"denied_security_stability", "denied_third_party", "denied_internal_affairs",
            "unavailable_not_held", "unavailable_needs_creation"} <= warned


def test_rows_drawn_column_by_column_are_read_by_their_sums() -> None:
    """A tight table's last three rows come column by column (``107`` / ``344`` / ``0``, a
    blank line, ``0`` / ``0`` / ``0`` …): read across, each row adding up."""
    rows = _report("default_tight_rows_by_column")["applications"]
    assert [c.value for c in rows["other_other"].values()] == [107, 0, 0, 0, 0, 0, 107]
    assert [c.value for c in rows["total_handled"].values()] == [344, 0, 2971, 133, 0, 0, 3448]
    assert [c.value for c in rows["carried_forward"].values()] == [0, 0, 0, 7, 0, 0, 7]


def test_units_drawn_after_a_tables_numbers_go_back_to_them() -> None:
    """Every cell ``7件`` on two lines: pdftotext writes the review table's fifteen values,
    then its five units; five plain numbers take them."""
    table = _report("lo_default_units_drawn_after_values")["review_litigation"]
    assert [(c.value, c.unit) for c in table["litigation_direct"].values()] == [
        (None, None), (12, "件"), (1, "件"), (None, None), (13, "件")]


def test_a_short_numbered_label_line_inside_a_table_does_not_end_it() -> None:
    """``    （二）部分`` alone on a line, a row after a line of numbers, its text going on
    below at the same indent (``    公开（区分``): the first line of a wrapped label, not a
    heading; the rows under it are placed by the header's columns."""
    rows = _report("lo_layout_numbered_label_inside_table")["applications"]
    assert [c.value for c in rows["partially_granted"].values()] == [
        6, 6, 1, 93, None, None, 106]
    assert [c.value for c in rows["denied_state_secret"].values()] == [
        None, None, 4, 17, None, None, 21]
    assert [c.value for c in rows["denied_third_party"].values()] == [
        None, None, 6, 80, None, 9, 95]


def test_a_group_labels_piece_beside_numbers_leaves_the_label_above_to_them() -> None:
    """``（四）`` alone on its line, then ``2.没有现成信息需要另`` / ``无法提  0  0 …`` /
    ``行制作``: the group's number inside the table is no heading, and the numbered line
    above the numbers is their row's label — the numbers' only label, ``无法提``, stands
    well left of it (the group label wrapped down the side)."""
    rows = _report("lo_layout_group_piece_beside_numbers")["applications"]
    assert [c.value for c in rows["unavailable_needs_creation"].values()] == [0] * 7
    assert [c.value for c in rows["unavailable_not_held"].values()] == [0, 0, 0, 0, 0, 5, 5]


def test_a_side_character_beside_numbers_leaves_the_row_label_its_column() -> None:
    """``（三   1.属于国家秘`` / ``结   0  0  0  2 …`` / ``）不   密`` / ``果`` / ``予公``:
    the numbers' only label is a character of a group label written down the side; the
    row's label is the sub-item above, and the side characters below are not part of it."""
    rows = _report("lo_layout_side_character_beside_numbers")["applications"]
    assert [c.value for c in rows["denied_state_secret"].values()] == [0, 0, 0, 2, 0, 0, 2]


def test_group_pieces_between_the_lines_of_a_label_are_passed_over() -> None:
    """``2.申请人逾期未按`` / ``其他处`` / ``收费通知要求缴纳`` / ``理`` / ``费用、… 0 18 …``:
    the short pieces well left of the label are a group label's, down the side; the row's
    label runs from its numbered first line through them to its numbers."""
    rows = _report("lo_layout_group_piece_between_label_lines")["applications"]
    assert [c.value for c in rows["other_unpaid_fee"].values()] == [0, 18, 0, 0, 0, 0, 18]


def test_a_wrapped_label_whose_first_line_holds_an_ascii_number_is_one_cell() -> None:
    """``1.本机关不掌`` / ``握相关政府`` / ``信息``: the first line is wider than the second by
    its ``1.``, narrower in the PDF than an ideograph: still one cell wrapped at its width."""
    case = "lo_default_numbered_label_wider_first_line"
    truth = json.loads((PROBE / case / "truth.json").read_text(encoding="utf-8"))
    score = score_output(truth, _report(case).to_dict(), case)
    assert score.right == score.cells
    rows = _report(case)["applications"]
    assert [c.value for c in rows["unavailable_not_held"].values()] == [13, 0, 1, 0, 0, 0, 14]


def test_the_tables_last_rows_stacked_before_their_values_are_read() -> None:
    """``3.其他`` / ``（七）总计`` / ``四、结转下年度继续办理`` / 21 values: the table's last
    rows, their labels drawn first; each row's worth adds up and no row follows them."""
    rows = _report("default_last_rows_stacked")["applications"]
    assert [c.value for c in rows["other_other"].values()] == [5, 0, 0, 0, 0, 0, 5]
    assert [c.value for c in rows["total_handled"].values()] == [51, 0, 0, 0, 0, 44, 95]
    assert [c.value for c in rows["carried_forward"].values()] == [0] * 7


def test_values_of_rows_drawn_apart_from_their_labels_are_read_with_a_subtotal() -> None:
    """``3.危及“三安全一稳定”`` followed by 24 values, the next two labels after them, in a
    table printing a 小计 (eight values a row, each adding up to its 小计 and 总计)."""
    rows = _report("default_labels_drawn_after_values_subtotal")["applications"]
    assert [c.value for c in rows["denied_security_stability"].values()] == [
        0, 0, 0, 2, 4, 0, 6]
    assert [c.value for c in rows["denied_internal_affairs"].values()] == [0, 0, 0, 0, 0, 4, 4]


def test_columns_run_together_above_numbers_are_no_label_start() -> None:
    """``（六 息公开申请）其 2.申请人逾期未按收费通知要求`` / ``他处 缴纳费用…  0  3  4 …``:
    pieces a single space apart are columns run together, not a wide first label line."""
    row = _report("layout_columns_run_together_above_numbers")["applications"][
        "other_unpaid_fee"]
    assert [c.value for c in row.values()] == [0, 3, 4, 1, 4, 1, 13]


def test_units_below_numbers_come_back_past_a_notes_wrapped_end() -> None:
    """``200  35  1,676,053 项（含撤`` over ``项  项  销）``."""
    row = _report("layout_note_tail_among_units")["article20_5"]["licensing"]
    assert [(c.value, c.unit) for c in row.values()] == [
        (200, "项"), (35, "项"), (1676053, "项")]
