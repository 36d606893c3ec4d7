"""Issue 17: no silent numbers from fake bold, hidden text or footnote marks in PDF; and
rotated pages. Each case is drawn with reportlab in a small ruled table and the cells read
back exactly, in the two text paths: a standard font (glyphs measured by pdfium) and the
non-embedded CJK font (single glyphs recovered through pdfminer)."""

from __future__ import annotations

import ctypes
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pypdfium2.raw as pc
import pytest
from _render.layout import layout_report
from _render.pdf import FONT, render_pdf
from hypothesis import Phase, given, settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from roundtrip import describe, mismatches
from strategies import ReportData, reports

import gxtables
from gxtables._grid import Document, Paragraph
from gxtables._limits import Limits
from gxtables._readers import _pdf as pdf_reader
from gxtables._readers import _pdf_objects as _objects
from gxtables._readers import _pdf_pdfium as _pdfium
from gxtables._readers._pdf import read_pdf
from gxtables._readers._pdf_model import IDENTITY, Char, dedupe_fake_bold, mark_superscripts

Draw = Callable[[canvas.Canvas, float, float], None]  # draws the value with its box's origin
FONTS = ["Helvetica", FONT]


@pytest.fixture(autouse=True)
def _no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's own output is under test; OCR of unreadable pages (issue 16) is not."""
    from gxtables._readers import _ocr_hook

    monkeypatch.setattr(_ocr_hook, "ocr_pdf_pages", lambda document, data, **kw: document)


@pytest.fixture(params=["pdfium", "pdfminer"])
def glyphs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Which path the glyphs take. ``pdfminer``: every visible text object is treated as one
    pdfium could not measure (as with a non-embedded font and no system substitute, which
    depends on the machine's fonts), so all glyphs come through the pdfminer fallback."""
    if request.param == "pdfminer":
        monkeypatch.setattr(pdf_reader, "_read_table_page", _all_dropped)
    return str(request.param)


def _all_dropped(page: Any, textpage: Any, tick: Any, max_segments: int | None = None) -> Any:
    content = _pdfium.read_page(page, textpage, tick, max_segments)
    objs = _objects.PageObjects()
    raw = page.raw
    _objects.walk(lambda: pc.FPDFPage_CountObjects(raw), lambda i: pc.FPDFPage_GetObject(raw, i),
                  IDENTITY, objs, 0, tick)
    t = content.transform
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    dropped = []
    for obj, _, z in objs.text_objs:
        if pc.FPDFTextObj_GetTextRenderMode(obj) in _pdfium.INVISIBLE_MODES:
            continue
        pc.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        # a measured box holds glyph ink, not origins: widen it to where origins can be
        x0, y0, x1, y1 = t.rect(left.value, bottom.value, right.value, top.value)
        box = (x0 - 12, y0 - 6, x1 + 12, y1 + 6)
        dropped.append(_pdfium.Dropped(x0, y1, 0.0, box, z))
    return attrs.evolve(content, chars=[], covered=[], dropped=dropped)

# -- pure steps -------------------------------------------------------------------------------


def _c(text: str, x0: float, size: float = 9.0, base: float = 100.0) -> Char:
    return Char(text, x0, base - 0.8 * size, x0 + 0.55 * size, base + 0.2 * size, size, base)


def test_dedupe_fake_bold_keeps_one_of_each_doubled_glyph() -> None:
    doubled = [g for i, d in enumerate("845105") for g in (_c(d, 5 * i), _c(d, 5 * i + 0.35))]
    assert "".join(c.text for c in dedupe_fake_bold(doubled)) == "845105"
    # adjacent equal digits are not doubles
    assert "".join(c.text for c in dedupe_fake_bold([_c("1", 0), _c("1", 5), _c("1", 10)])) == "111"
    # the same glyph on the next line is not a double
    assert len(dedupe_fake_bold([_c("2", 0), _c("2", 0, base=112)])) == 2


def test_mark_superscripts_only_small_raised_digits_after_digits() -> None:
    line = [_c(d, 5 * i) for i, d in enumerate("237960")] + [_c("1", 30.5, 5.0, 96.0)]
    assert "".join(c.text for c in mark_superscripts(line)) == "237960¹"
    # same size, same baseline: an ordinary digit
    assert "".join(c.text for c in mark_superscripts([_c("6", 0), _c("1", 5)])) == "61"
    # a little smaller on the baseline: a digit; much smaller: a mark set without rise
    assert "".join(c.text for c in mark_superscripts([_c("6", 0), _c("1", 5, 7.0)])) == "61"
    assert "".join(c.text for c in mark_superscripts([_c("6", 0), _c("1", 5, 5.0)])) == "6¹"
    # raised after a CJK character: left alone
    assert mark_superscripts([_c("计", 0), _c("1", 9.5, 5.0, 96.0)])[1].text == "1"
    # after a full-width digit, and a full-width mark
    wide = [_c("０", 0), _c("１", 5.2, 5.0, 96.0)]
    assert "".join(c.text for c in mark_superscripts(wide)) == "０¹"
    # two-digit mark
    two = [_c("8", 0), _c("1", 5.2, 5.0, 96.0), _c("2", 8.0, 5.0, 96.0)]
    assert "".join(c.text for c in mark_superscripts(two)) == "8¹²"


# -- rendered PDFs ----------------------------------------------------------------------------


def _pdf(draw_value: Draw, font: str, *, rotate: bool = False, **kw: object) -> bytes:
    """A 2×2 ruled table: 项目 | 数量 / 总计 | <value drawn by ``draw_value``>."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    # reportlab writes the media box of a rotated page turned, so that the page *displays*
    # at ``pagesize``: a landscape page stored portrait with /Rotate 90, drawn upright
    size = (841.89, 595.28) if rotate else (595.28, 841.89)
    c = canvas.Canvas(buf, pagesize=size, **kw)
    if rotate:
        c.setPageRotation(90)
        c.transform(0, 1, -1, 0, 595.28, 0)
    c.setLineWidth(0.5)
    for row in range(2):
        for col in range(2):
            c.rect(100 + 120 * col, 500 - 20 * row, 120, 20)
    c.setFont(FONT, 9)
    c.drawString(106, 506, "项目")
    c.drawString(226, 506, "数量")
    c.drawString(106, 486, "总计")
    c.setFont(font, 9)
    draw_value(c, 226, 486)
    c.showPage()
    c.save()
    return buf.getvalue()


def _read(data: bytes) -> Document:
    return read_pdf(data, limits=Limits(), source="t.pdf")


def _value(doc: Document) -> str:
    (grid,) = doc.grids
    assert (grid.n_rows, grid.n_cols) == (2, 2)
    texts = {(c.row, c.col): c.text for c in grid.cells}
    assert texts[(0, 0)] == "项目" and texts[(1, 0)] == "总计"
    return texts[(1, 1)]


def _plain(text: str) -> Draw:
    return lambda c, x, y: c.drawString(x, y, text)


@pytest.mark.parametrize("font", FONTS)
@pytest.mark.parametrize("value", ["845105", "1111", "2000", "11,111"])
def test_plain_value_reads_back(font: str, value: str, glyphs: str) -> None:
    """Repeated digits are not fake bold."""
    doc = _read(_pdf(_plain(value), font))
    assert _value(doc) == value and doc.notes == ()


@pytest.mark.parametrize("font", FONTS)
def test_fake_bold_string_drawn_twice(font: str, glyphs: str) -> None:
    def draw(c: canvas.Canvas, x: float, y: float) -> None:
        c.drawString(x, y, "845105")
        c.drawString(x + 0.35, y, "845105")

    assert _value(_read(_pdf(draw, font))) == "845105"


@pytest.mark.parametrize("font", FONTS)
def test_fake_bold_each_glyph_drawn_twice(font: str, glyphs: str) -> None:
    def draw(c: canvas.Canvas, x: float, y: float) -> None:
        for digit in "845105":
            c.drawString(x, y, digit)
            c.drawString(x + 0.35, y, digit)
            x += pdfmetrics.stringWidth(digit, c._fontname, 9)

    assert _value(_read(_pdf(draw, font))) == "845105"


@pytest.mark.parametrize("font", FONTS)
def test_invisible_text_is_not_read(font: str, glyphs: str) -> None:
    def draw(c: canvas.Canvas, x: float, y: float) -> None:
        hidden = c.beginText(x + 4, y)
        hidden.setTextRenderMode(3)
        hidden.setFont(font, 9)
        hidden.textOut("3")
        hidden.setTextRenderMode(0)  # Tr persists in the graphics state
        c.drawText(hidden)
        c.drawString(x, y, "26")

    assert _value(_read(_pdf(draw, font))) == "26"


@pytest.mark.parametrize("font", FONTS)
def test_white_box_over_a_number_is_a_warning(font: str, glyphs: str) -> None:
    def draw(c: canvas.Canvas, x: float, y: float) -> None:
        c.drawString(x, y, "26")
        c.setFillColorRGB(1, 1, 1)
        c.rect(x - 1, y - 2, 20, 10, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.drawString(x + 30, y, "27")

    doc = _read(_pdf(draw, font))
    assert _value(doc) == "27"
    (note,) = doc.notes
    assert note.severity == "warning" and note.location.page == 1
    assert "white box" in note.message and "'26'" in note.message


@pytest.mark.parametrize("font", FONTS)
def test_white_background_under_text_is_no_warning(font: str, glyphs: str) -> None:
    def draw(c: canvas.Canvas, x: float, y: float) -> None:
        c.setFillColorRGB(1, 1, 1)
        c.rect(x - 1, y - 2, 40, 12, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.drawString(x, y, "26")

    doc = _read(_pdf(draw, font))
    assert _value(doc) == "26" and doc.notes == ()


@pytest.mark.parametrize("font", FONTS)
@pytest.mark.parametrize("number", ["237960", "0"])
@pytest.mark.parametrize("rise", [4, 0])
def test_superscript_mark_is_a_superscript_character(
    font: str, number: str, rise: float, glyphs: str
) -> None:
    """A 5 pt "1" after a 9 pt number, raised or (set small only) on the baseline."""

    def draw(c: canvas.Canvas, x: float, y: float) -> None:
        c.drawString(x, y, number)
        c.setFont(font, 5)
        c.drawString(x + pdfmetrics.stringWidth(number, font, 9), y + rise, "1")

    assert _value(_read(_pdf(draw, font))) == f"{number}¹"


@pytest.mark.parametrize("font", FONTS)
def test_rotated_page_reads_like_an_upright_one(font: str, glyphs: str) -> None:
    upright = _read(_pdf(_plain("1860"), font))
    rotated = _read(_pdf(_plain("1860"), font, rotate=True))
    assert _value(rotated) == "1860"
    (a,), (b,) = upright.grids, rotated.grids
    shape = [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in a.cells]
    assert [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in b.cells] == shape
    # boxes are in the displayed (landscape) page, the table where it was drawn upright
    x0, top, x1, bottom = b.location.bbox  # type: ignore[misc]
    assert (x0, x1) == pytest.approx((100, 340), abs=0.5)
    assert (top, bottom) == pytest.approx((595.28 - 520, 595.28 - 480), abs=0.5)


@pytest.mark.parametrize("font", FONTS)
def test_invisible_text_is_not_read_outside_tables(font: str) -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(FONT, 9)
    c.drawString(100, 700, "总计")
    hidden = c.beginText(150, 700)
    hidden.setTextRenderMode(3)
    hidden.setFont(font, 9)
    hidden.textOut("3")
    hidden.setTextRenderMode(0)
    c.drawText(hidden)
    c.setFont(font, 9)
    c.drawString(140, 700, "26")
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    assert doc.grids == []
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["总计26"]


# -- whole reports: every number drawn with the quirk, extracted end to end -------------------


def _whole_report() -> ReportData:
    drawn: list[ReportData] = []

    @settings(max_examples=1, database=None, derandomize=True, phases=[Phase.generate])
    @given(reports("2021"))
    def draw(data: ReportData) -> None:
        drawn.append(data)

    draw()
    return drawn[0]


@pytest.mark.parametrize("effect", ["fake_bold", "stale_text"])
def test_whole_report_with_quirk_extracts_exactly(effect: str, glyphs: str) -> None:
    data = _whole_report()
    blocks = layout_report(data)
    report = gxtables.extract(render_pdf(blocks, effects=[effect], prose_pages=1,
                                         page_break_in_applications=True))
    bad = mismatches(data, report)
    assert not bad, describe(report, bad)


def test_whole_report_with_footnote_marks_keeps_values_and_flags_marks(glyphs: str) -> None:
    data = _whole_report()
    report = gxtables.extract(render_pdf(layout_report(data), effects=["footnote_marks"],
                                         prose_pages=1))
    values = {
        (t, r, c): e.value
        for t, rows in data.tables.items() for r, cols in rows.items() for c, e in cols.items()
        if e.value is not None
    }
    wrong = [k for k, v in values.items() if report[k[0]][k[1]][k[2]].value != v]
    assert not wrong, wrong[:10]
    marked = [k for k in values if report[k[0]][k[1]][k[2]].raw.endswith("¹")]
    assert len(marked) == len(values)
    assert any(i.code == "footnote_mark" for i in report.issues)


SEED_PDFS = sorted((Path(__file__).parent / "fixtures" / "seed_renders").glob("*.pdf"))


@pytest.mark.parametrize("path", SEED_PDFS, ids=lambda p: p.name)
def test_seed_renders_read_the_same_through_pdfminer(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback gives the very grids pdfium gives (texts, spans, pages)."""
    data = path.read_bytes()

    def shape(doc: Document) -> list[list[tuple[object, ...]]]:
        return [[(c.text, c.row, c.col, c.rowspan, c.colspan, c.location.page) for c in g.cells]
                for g in doc.grids]

    direct = shape(_read(data))
    monkeypatch.setattr(pdf_reader, "_read_table_page", _all_dropped)
    assert shape(_read(data)) == direct
