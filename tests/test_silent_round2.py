"""Adversarial edits, second round (issues 12/13): a seed report with one realistic edit
that once gave a wrong number with no error or warning on its row. Each fixture is built at
test time from a seed (tests/fixtures/seeds), so it is the real report plus one edit."""

from __future__ import annotations

from pathlib import Path

from test_lossy_silent import SEEDS, silent_cells

import gxtables


def edited(seed: str, edits: dict[int, str]) -> str:
    """The seed's text with ``edits`` (0-based line -> new text) applied, lines kept."""
    lines = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8").split("\n")
    for i, text in edits.items():
        lines[i] = text
    return "\n".join(lines)


def test_two_values_swapped_in_a_results_row_are_flagged(tmp_path: Path) -> None:
    # （一）予以公开 prints 自然人 and 商业企业 swapped (782 20 -> 20 782): the row total
    # still holds, only the column sums into （七）总计 break — whose warnings once named the
    # （七）总计 row alone, leaving the swapped row silently wrong
    assert SEEDS.joinpath("000.txt").read_text(encoding="utf-8").split("\n")[163] == "\t782"
    text = edited("000", {163: "\t20", 164: "\t782"})
    assert silent_cells("000", text, tmp_path) == []


def test_value_moved_into_the_next_column_is_flagged(tmp_path: Path) -> None:
    # 商业企业's 20 printed in 科研机构's cell (20, 3 -> 0, 23): same shape
    text = edited("000", {164: "\t0", 165: "\t23"})
    assert silent_cells("000", text, tmp_path) == []


def test_unedited_seed_has_no_part_row_warning() -> None:
    # control: the seeds whose handling results add up get no in_failed_sum
    for seed in ("000", "001", "002", "003", "004"):
        report = gxtables.extract(SEEDS / f"{seed}.txt")
        assert not [i for i in report.issues if i.code == "in_failed_sum"], seed


ROUND2 = Path(__file__).parent / "fixtures" / "silent_round2"


def test_row_drawn_after_a_short_row_of_another_table_is_warned(tmp_path: Path) -> None:
    # seed 000 as a PDF whose numbers carry a raised footnote "1", its 本年增/减 signed
    # (``+4``), through pdftotext default mode: 其他对外管理服务事项 (第二十条第（五）项) is
    # drawn after 行政强制 (第（六）项), which keeps only ``141项1``; the label then reads
    # 行政强制's ``+41`` and ``35984项1`` as its three cells. The template's next row of
    # 行政强制 is in another table, so only the row next in the text can be warned.
    text = (ROUND2 / "000-pdftotext-footnote-marks-signed.txt").read_text(encoding="utf-8")
    assert silent_cells("000", text, tmp_path) == []
    report = gxtables.extract(ROUND2 / "000-pdftotext-footnote-marks-signed.txt")
    warned = [(i.table, i.row) for i in report.issues if i.code == "row_neighbour_short"]
    assert ("article20_5", "other_services") in warned


def test_footnote_mark_glued_to_every_number_flags_the_unchecked_tables(tmp_path: Path) -> None:
    # seed 001 as a PDF whose every number carries a raised "1", through pdftotext: 184 reads
    # 1841 and 0 reads 01. The applications rows fail (or stay unread); the 第二十条 tables
    # have no arithmetic, so only the pattern — nearly every number ends in 1 — tells
    doc = ROUND2 / "001-pdftotext-footnote-marks.txt"
    assert silent_cells("001", doc.read_text(encoding="utf-8"), tmp_path) == []
    report = gxtables.extract(doc)
    suspect = {i.table for i in report.issues if i.code == "numbers_suspect"}
    assert {"article20_1", "article20_5", "article20_6"} <= suspect


def test_hidden_digit_run_into_a_zero_is_flagged(tmp_path: Path) -> None:
    # pdftotext -layout of a PDF with an invisible "9" under each number: 规章's 0 reads 09
    doc = ROUND2 / "001-pdftotext-layout-hidden-digit.txt"
    assert silent_cells("001", doc.read_text(encoding="utf-8"), tmp_path) == []
    report = gxtables.extract(doc)
    assert ("article20_1", "regulations", "made") in {
        (i.table, i.row, i.column) for i in report.issues if i.code == "numbers_suspect"}


def test_counts_in_the_seeds_are_not_suspect() -> None:
    for seed in ("000", "001", "002", "003", "004"):
        report = gxtables.extract(SEEDS / f"{seed}.txt")
        assert not [i for i in report.issues if i.code == "numbers_suspect"], seed


def test_lone_digit_under_a_number_is_not_joined_silently(tmp_path: Path) -> None:
    # pdftotext prints invisible text: a PDF with an invisible 9 beside and under the visible
    # 9 of 行政事业性收费 gives '99' with a lone '9' on the next line, which the aligned reader
    # joins as a number wrapped in its cell (999). Nothing in the text tells the invisible
    # digit apart, and the 第二十条 row has no arithmetic: the joined number warns its row.
    doc = ROUND2 / "004-pdftotext-layout-hidden-digit.txt"
    assert silent_cells("004", doc.read_text(encoding="utf-8"), tmp_path) == []
    report = gxtables.extract(doc)
    assert ("article20_8", "fees") in {(i.table, i.row) for i in report.issues
                                       if i.code == "numbers_suspect"}


def test_visible_digit_beside_an_invisible_twin_is_read(tmp_path: Path) -> None:
    # pdfium's text page keeps one of two overlapping identical glyphs (its fake-bold merge),
    # here the invisible one (render mode 3), which is not read: the visible 9 would be lost
    # and the cell read empty. The lost glyph's place now reads UNREAD, and the page is warned.
    report = gxtables.extract(ROUND2 / "004-hidden-digit.pdf")
    cell = report.tables["article20_8"].rows["fees"]["previous_count"]
    warned = [i for i in report.issues if i.table == "article20_8"
              and i.severity in ("error", "warning")]
    assert cell.value in (9, None) and warned
    assert any(i.code == "reader_note" and "invisible copy" in i.message for i in report.issues)


def test_glyphs_lost_under_an_invisible_copy_are_found_and_only_they() -> None:
    from gxtables._readers._pdf_model import Char
    from gxtables._readers._pdf_shadow import lost_under_copies

    def glyph(x: float) -> Char:
        return Char("9", x, 100.0, x + 6.0, 110.0, 10.0, 110.0)

    cell = (50.0, 98.0, 70.0, 112.0)  # a visible text object "99" at x 50–62
    # the second 9 merged away under its invisible copy: that place reads UNREAD
    boxes, unread = lost_under_copies([cell], [glyph(58.0)], [glyph(50.0)])
    assert boxes == [cell] and [g.x0 for g in unread] == [58.0]
    # the visible glyph read where the copy stands: nothing lost
    assert lost_under_copies([cell], [glyph(57.0)], [glyph(56.0)]) == ([], [])
    # an invisible glyph outside every visible object (an OCR layer): nothing lost
    assert lost_under_copies([cell], [glyph(300.0)], []) == ([], [])


def test_the_search_for_lost_glyphs_is_bounded_on_a_hostile_page() -> None:
    from gxtables._readers._pdf_model import Char
    from gxtables._readers._pdf_shadow import lost_under_copies

    hidden = [Char("9", float(x), 0.0, x + 5.0, 10.0, 10.0, 10.0) for x in range(0, 60000, 6)]
    huge = [(0.0, 0.0, 1e9, 1e9)] * 5000  # boxes spanning far more buckets than any page
    boxes, unread = lost_under_copies(huge, hidden, [])
    assert boxes and len(unread) == len(hidden)  # everything left unread, nothing guessed
