"""Adversarial producer effects, fourth round (issue 12): text a viewer does not see as part
of the number it sits in — clipped away, or drawn turned — must not become its digits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _render.layout import layout_report
from test_silent_round3 import seed_data, silent_in, wrong_cells

from gxtables._grid import UNREAD
from gxtables._readers._pdf_model import Char
from gxtables._readers._pdf_stray import orientation, settle_turned, unseen_digit


def _pdf_with_clipped_cells(monkeypatch: pytest.MonkeyPatch, seed: str, cut: str) -> bytes:
    """Seed ``seed`` as a PDF whose every cell's text is drawn under a clip: its cell
    (``cut="none"``), or the left 55 % of it for the labels (``"labels"``) or the numbers
    (``"numbers"``) — a table exported with text cut at a cell edge."""
    import _render.pdf as render

    draw = render._Writer._cell_text

    def cell_text(self: Any, cell: Any, geo: Any, x0: float, y0: float, x1: float,
                  y1: float) -> None:
        c = self.canvas
        number = any(ch.isdigit() for ch in cell.text)
        cut_here = (cut == "labels" and not number) or (cut == "numbers" and number)
        c.saveState()
        clip = c.beginPath()
        clip.rect(x0, render.PAGE_H - y1, (x1 - x0) * (0.55 if cut_here else 1.0), y1 - y0)
        c.clipPath(clip, stroke=0, fill=0)
        draw(self, cell, geo, x0, y0, x1, y1)
        c.restoreState()

    monkeypatch.setattr(render._Writer, "_cell_text", cell_text)
    return render.render_pdf(layout_report(seed_data(seed)), prose_pages=0)


@pytest.mark.parametrize("cut", ["none", "labels"])
def test_text_clipped_at_its_cell_reads_as_drawn(
        cut: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # a clip around each cell changes nothing; a label cut at its cell's edge still names
    # its row (its hidden end is read: it can make no number)
    page = _pdf_with_clipped_cells(monkeypatch, "000", cut)
    assert wrong_cells("000", page, tmp_path, ".pdf") == []


def test_a_number_shown_cut_is_flagged_not_read_short(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # "184" clipped to show "18": which number is meant cannot be told; once read whole
    # (right by luck) — reading the visible part alone would be silently wrong
    for seed in ("000", "001"):
        page = _pdf_with_clipped_cells(monkeypatch, seed, "numbers")
        assert silent_in(seed, page, ".pdf", tmp_path) == []
        assert [cell for cell in wrong_cells(seed, page, tmp_path, ".pdf")
                if cell[4] is not None] == []


def test_clipped_and_turned_digits_leave_no_wrong_value(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # a "9" clipped away whole is not read (where pdfium merged a visible 9 into it, the
    # cell reads UNREAD); one turned 90 degrees reads UNREAD (null)
    from test_silent_round3 import _pdf_with_extra_nine

    for how in ("clipped", "rotated"):
        page = _pdf_with_extra_nine(monkeypatch, "000", how)
        assert silent_in("000", page, ".pdf", tmp_path) == []
        assert [cell for cell in wrong_cells("000", page, tmp_path, ".pdf")
                if cell[4] is not None] == []


def test_large_turned_watermark_is_left_to_the_layout(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # a diagonal "2023" watermark in 40 pt across the table: no cell turns unread for it
    import _render.pdf as render

    footer = render._Writer._footer

    def watermarked(self: Any) -> None:
        c = self.canvas
        c.saveState()
        c.setFillColorRGB(0.8, 0.8, 0.8)
        c.setFont(render.FONT, 40)
        c.translate(render.PAGE_W / 2, render.PAGE_H / 2)
        c.rotate(90)
        c.drawCentredString(0, 0, "2023年")
        c.restoreState()
        footer(self)

    monkeypatch.setattr(render._Writer, "_footer", watermarked)
    page = render.render_pdf(layout_report(seed_data("000")), prose_pages=0)
    assert wrong_cells("000", page, tmp_path, ".pdf") == []


def test_orientation_of_a_text_matrix() -> None:
    assert orientation((1.0, 0.0, 0.0, 1.0, 5.0, 5.0)) == 0
    assert orientation((1.0, 0.0, 0.3, 1.0, 0.0, 0.0)) == 0  # italic skew
    assert orientation((0.0, 1.0, -1.0, 0.0, 0.0, 0.0)) == 90
    assert orientation((0.7071, 0.7071, -0.7071, 0.7071, 0.0, 0.0)) == 45
    assert orientation((-1.0, 0.0, 0.0, -1.0, 0.0, 0.0)) == 180


def test_turned_glyphs_in_a_line_read_unread() -> None:
    line = [Char("2", 10.0, 10.0, 15.0, 20.0, 10.0, 19.0),
            Char("2", 15.0, 10.0, 20.0, 20.0, 10.0, 19.0)]
    nine = Char("9", 12.0, 12.0, 19.0, 17.0, 10.0, None)
    assert settle_turned([(nine, 3)], line) == [
        (Char(UNREAD, 12.0, 12.0, 19.0, 17.0, 10.0, None), 3)]
    # up against the line's end: still in it
    beside = Char("9", 21.0, 12.0, 26.0, 17.0, 10.0, None)
    assert settle_turned([(beside, 1)], line)[0][0].text == UNREAD
    # away from any upright glyph, or much larger: kept as drawn
    far = Char("9", 100.0, 12.0, 105.0, 17.0, 10.0, None)
    big = Char("9", 12.0, 0.0, 40.0, 30.0, 40.0, None)
    assert settle_turned([(far, 1), (big, 2)], line) == [(far, 1), (big, 2)]
    # an ideograph that writes no number is dropped; a numeral reads unread
    assert settle_turned([(Char("公", 12.0, 12.0, 19.0, 17.0, 10.0), 1)], line) == []
    assert settle_turned([(Char("零", 12.0, 12.0, 19.0, 17.0, 10.0), 1)], line)[0][0].text == UNREAD


def test_unseen_digit() -> None:
    assert all(unseen_digit(ch) for ch in "09９.,")
    assert not any(unseen_digit(ch) for ch in "项件事（a")
