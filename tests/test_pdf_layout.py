"""The laid-out text of a page without ruled tables (``_readers/_pdf_layout``), on glyph
boxes written by hand: what the column-aligned reader is handed."""

from __future__ import annotations

from gxtables._readers._pdf_layout import cell_box, lay_out
from gxtables._readers._pdf_model import Char

SIZE = 10.0


def _glyphs(text: str, x: float, baseline: float, *, low: str = "") -> list[Char]:
    """``text`` set from ``x`` on ``baseline``: ideographs one size wide, ASCII half; the
    characters in ``low`` drawn with their box at the baseline (as pdfium boxes ``，``)."""
    out = []
    for ch in text:
        width = SIZE if ch > "\u2e80" else SIZE / 2
        top = baseline - (0.3 * SIZE if ch in low else SIZE)
        out.append(Char(ch, x, top, x + width, baseline, SIZE, baseline))
        x += width
    return out


def test_runs_stand_at_their_columns_and_cells_two_spaces_apart() -> None:
    chars = [*_glyphs("行政许可", 0, 20), *_glyphs("12", 90, 20), *_glyphs("305", 135, 20)]

    [[line]] = lay_out([chars])

    assert line.text.split() == ["行政许可", "12", "305"]
    assert line.text.index("12") == round(90 / (0.9 * SIZE))
    assert line.text.index("305") == round(135 / (0.9 * SIZE))


def test_punctuation_boxed_low_stays_on_its_line() -> None:
    chars = _glyphs("本年度，我单位", 0, 20, low="，")

    [lines] = lay_out([chars])

    assert [line.text for line in lines] == ["本年度，我单位"]


def test_a_unit_wrapped_under_its_number_goes_back_beside_it() -> None:
    chars = [*_glyphs("规范性文", 0, 20), *_glyphs("318", 80, 20),
             *_glyphs("件", 0, 32), *_glyphs("项", 80, 32)]

    [lines] = lay_out([chars])

    assert [line.text.split() for line in lines] == [["规范性文", "318项"], ["件"]]
    # the moved unit keeps no box of its own: the cell's box is its number's
    first = lines[0]
    col = first.text.index("318项")
    assert cell_box(first, col, "318项") == (80.0, 10.0, 95.0, 20.0)


def test_units_a_page_break_cut_off_go_back_to_the_last_row() -> None:
    page1 = [*_glyphs("行政强制", 0, 700), *_glyphs("1", 80, 700), *_glyphs("- 1 -", 40, 800)]
    page2 = [*_glyphs("项", 78, 60), *_glyphs("其他需要报告的事项", 0, 90)]

    first, second = lay_out([page1, page2])

    assert first[0].text.split() == ["行政强制", "1项"]
    assert [line.text for line in second] == ["其他需要报告的事项"]


def test_a_cell_rejoined_from_other_lines_gets_no_box() -> None:
    [[line]] = lay_out([_glyphs("行政许可", 0, 20)])

    assert cell_box(line, 0, "行政许可事项") is None
    assert cell_box(line, 0, "行政许可") == (0.0, 10.0, 40.0, 20.0)


def test_a_glyph_far_off_the_page_or_in_a_vanishing_font_keeps_lines_short() -> None:
    far = Char("9", 1e9, 10, 1e9 + 5, 20, SIZE, 20)
    tiny = [Char(ch, x, 40, x + 0.001, 40.001, 0.001, 40.001) for x, ch in ((0, "行"), (9e5, "1"))]

    [lines] = lay_out([[*_glyphs("规章", 0, 20), far, *tiny]])

    assert max(len(line.text) for line in lines) <= 2_010
    assert [line.text.split() for line in lines] == [["规章", "9"], ["行", "1"]]


def test_a_number_a_hair_after_a_label_stands_apart_but_not_inside_a_sentence() -> None:
    row = [*_glyphs("行政机", 0, 20), *_glyphs("0", 31.5, 20), *_glyphs("0", 70, 20)]
    prose = [*_glyphs("开展业务培训", 0, 40), *_glyphs("2", 61.5, 40), *_glyphs("次。", 66.5, 40)]

    [lines] = lay_out([[*row, *prose]])

    assert lines[0].text.split("  ")[0] == "行政机"
    assert lines[0].text.split() == ["行政机", "0", "0"]
    assert lines[1].text.strip() == "开展业务培训2次。"


def test_the_pages_of_a_document_share_one_left_edge() -> None:
    """A page whose text starts further right keeps its columns where the page before has
    them (a table's header on one page, its rows on the next)."""
    first = [*_glyphs("第一页", 0, 20), *_glyphs("自然人", 90, 40)]
    second = _glyphs("86", 90, 20)

    one, two = lay_out([first, second])

    assert one[1].text.index("自然人") == two[0].text.index("86") == 10


def test_a_glyph_off_the_page_leaves_the_columns_alone() -> None:
    off = Char("x", -5e5, 10, -5e5 + 5, 20, SIZE, 20)

    [lines] = lay_out([[off, *_glyphs("规章", 0, 40), *_glyphs("17", 90, 40)]])

    assert lines[1].text.index("17") == 10
