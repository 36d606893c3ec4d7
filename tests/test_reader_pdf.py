"""The PDF reader on PDFs rendered here with reportlab: spans, text, stitching, notes, errors."""

from __future__ import annotations

import io
import random
from collections.abc import Callable

import pytest
from _render.layout import GridCell, GridTable, Heading, LayoutStyle, Paragraph, layout_report
from _render.pdf import FONT, one_page_pdf, render_pdf, wrap
from hypothesis import Phase, given, settings
from reportlab.lib import pdfencrypt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from strategies import ReportData, reports

from gxtables._errors import CorruptDocument, EncryptedDocument, GxtablesError, LimitExceeded
from gxtables._grid import CellGrid, Document
from gxtables._grid import Paragraph as DocParagraph
from gxtables._limits import Limits
from gxtables._readers._pdf import read_pdf
from gxtables._readers._pdf_assemble import Piece as _Piece
from gxtables._readers._pdf_assemble import RawCell as _RawCell
from gxtables._readers._pdf_assemble import (
    TextLine,
    header_rows_repeated,
    pieces_to_grid,
    runs_off_page,
)
from gxtables._readers._pdf_geometry import (
    cell_text,
    cluster_positions,
    group_lines,
    line_text,
    locate_span,
    place_cells,
    same_columns,
)
from gxtables._readers._pdf_model import Char as _Char

Shape = set[tuple[str, int, int, int, int]]


# -- helpers --------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's own notes are under test; OCR of unreadable pages (issue 16) is not."""
    from gxtables._readers import _ocr_hook

    monkeypatch.setattr(_ocr_hook, "ocr_pdf_pages", lambda document, data, **kw: document)



def _read(data: bytes, **kw: object) -> Document:
    return read_pdf(data, limits=kw.pop("limits", Limits()), source="test.pdf", **kw)  # type: ignore[arg-type]


def _shape(cells: object) -> Shape:
    return {(c.text, c.row, c.col, c.rowspan, c.colspan) for c in cells}  # type: ignore[attr-defined]


_REPORTS: dict[str, ReportData] = {}


def _report(template: str = "2021") -> ReportData:
    """A fixed report (derandomized: the same one on every run)."""
    if template not in _REPORTS:
        drawn: list[ReportData] = []

        @settings(max_examples=1, database=None, derandomize=True,
                  phases=[Phase.generate])
        @given(reports(template))
        def draw(data: ReportData) -> None:
            drawn.append(data)

        draw()
        _REPORTS[template] = drawn[0]
    return _REPORTS[template]


def _table(blocks: list[object], key: str) -> GridTable:
    return next(b for b in blocks if isinstance(b, GridTable) and b.key == key)


def _grid_for(doc: Document, table: GridTable) -> CellGrid:
    """The read grid whose shape is closest to ``table`` (same size)."""
    for grid in doc.grids:
        if (grid.n_rows, grid.n_cols) == (table.n_rows, table.n_cols):
            return grid
    sizes = [(g.n_rows, g.n_cols) for g in doc.grids]
    raise AssertionError(f"no grid of {table.n_rows}x{table.n_cols} among {sizes}")


def _cell(text: str, row: int, col: int, rs: int = 1, cs: int = 1, header: bool = False) -> GridCell:
    return GridCell(text, row, col, rs, cs, header)


def _canvas_pdf(draw: Callable[[canvas.Canvas], None], **kw: object) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.28, 841.89), **kw)  # type: ignore[arg-type]
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _small_table(c: canvas.Canvas) -> None:
    c.setFont(FONT, 10)
    c.drawString(72, 800, "三、收到和处理政府信息公开申请情况")
    for i in range(3):
        for j in range(3):
            c.rect(72 + j * 60, 700 - i * 20, 60, 20)
            c.drawString(80 + j * 60, 706 - i * 20, f"单元{i}{j}")


# -- pure steps -----------------------------------------------------------------------------


def test_cluster_positions_merges_within_tolerance() -> None:
    assert cluster_positions([100.0, 10.0, 10.5, 50.2, 49.9]) == pytest.approx([10.25, 50.05, 100.0])
    assert cluster_positions([]) == []


def test_locate_span_and_place_cells() -> None:
    xs, ys = [0.0, 10.0, 20.0, 30.0], [0.0, 5.0, 10.0]
    assert locate_span(0.3, 29.6, xs) == (0, 3)
    assert locate_span(10.2, 10.9, xs) == (1, 1)  # degenerate box still spans one column
    assert place_cells([(0, 0, 10, 10), (10, 0, 30, 5), (10, 5, 20, 10)], xs, ys) == [
        (0, 0, 2, 1),
        (0, 1, 1, 2),
        (1, 1, 1, 1),
    ]


def test_same_columns_allows_a_missing_inner_line() -> None:
    a = [72.0, 120.0, 200.0, 260.0, 320.0]
    assert same_columns(a, [72.5, 199.6, 260.0, 320.4])
    assert not same_columns(a, [72.0, 150.0, 260.0, 320.0])
    assert not same_columns(a, [60.0, 120.0, 200.0, 260.0, 320.0])


def _ch(text: str, x0: float, top: float, size: float = 9.0) -> _Char:
    return _Char(text, x0, top, x0 + size, top + size)


def test_group_lines_reads_vertical_text_top_down() -> None:
    chars = [_ch(t, 100, 300 + 12 * i) for i, t in enumerate("三、本年度办理结果")]
    random.Random(0).shuffle(chars)
    assert [line_text(line) for line in group_lines(chars)] == list("三、本年度办理结果")
    assert cell_text(chars) == "三、本年度办理结果"


def test_cell_text_joins_wrapped_lines_and_keeps_spaces() -> None:
    wrapped = [_ch("企", 10, 20), _ch("业", 19, 20), _ch("商", 10, 8), _ch("业", 19, 8)]
    assert cell_text(wrapped) == "商业企业"
    spaced = [_ch("总", 10, 8), _ch(" ", 19, 8, 4), _ch("计", 23, 8)]
    assert cell_text(spaced) == "总 计"
    # a visible gap between ASCII digits with no space glyph becomes one space
    assert line_text([_ch("1", 0, 0), _ch("2", 30, 0)]) == "1 2"
    assert line_text([_ch("1", 0, 0, 5), _ch("2", 5, 0, 5)]) == "12"


def test_header_rows_repeated() -> None:
    head = [(0, 0, 1, 2, "A"), (1, 0, 1, 1, "b"), (1, 1, 1, 1, "c")]
    body = [(2, 0, 1, 1, "1"), (2, 1, 1, 1, "2")]
    assert header_rows_repeated(head + body, [*head, (2, 0, 1, 1, "3"), (2, 1, 1, 1, "4")]) == 2
    assert header_rows_repeated(head + body, [(0, 0, 1, 1, "3"), (0, 1, 1, 1, "4")]) == 0
    # a header cell reaching into the body is never cut
    tall = [(0, 0, 3, 1, "X"), (0, 1, 1, 1, "y"), (1, 1, 1, 1, "1"), (2, 1, 1, 1, "2")]
    assert header_rows_repeated(tall, tall) == 0


def _piece(page: int, top: float, rows: list[list[tuple[str, float, float]]], h: float = 20) -> _Piece:
    """rows of (text, x0, x1) cells, each row ``h`` high starting at ``top``."""
    cells = []
    for r, row in enumerate(rows):
        for text, x0, x1 in row:
            cells.append(_RawCell((x0, top + r * h, x1, top + (r + 1) * h), text))
    bottom = top + len(rows) * h
    return _Piece(page, 800.0, (rows[0][0][1], top, rows[0][-1][2], bottom), tuple(cells))


def test_pieces_to_grid_stitches_drops_header_and_joins_cut_cells() -> None:
    header = [("项目", 0, 100), ("数量", 100, 150)]
    first = _piece(1, 600, [header, [("甲", 0, 100), ("1", 100, 150)]])
    second = _piece(2, 72, [header, [("乙", 0, 100), ("", 100, 150)]])
    grid = pieces_to_grid([first, second], index=3)
    assert _shape(grid.cells) == {
        ("项目", 0, 0, 1, 1), ("数量", 0, 1, 1, 1),
        ("甲", 1, 0, 1, 1), ("1", 1, 1, 1, 1),
        ("乙", 2, 0, 1, 1), ("", 2, 1, 1, 1),
    }
    assert grid.index == 3
    last = next(c for c in grid.cells if c.text == "乙")
    assert last.location.page == 2 and last.location.table == 3

    # a tall label cut by the break: text in one part, the other part empty
    top = _Piece(1, 800.0, (0, 700, 150, 760), (
        _RawCell((0, 700, 50, 760), "三、办理结果"),
        _RawCell((50, 700, 150, 720), "a"), _RawCell((50, 720, 150, 740), "b"),
        _RawCell((50, 740, 150, 760), "c"),
    ))
    rest = _Piece(2, 800.0, (0, 72, 150, 112), (
        _RawCell((0, 72, 50, 112), ""),
        _RawCell((50, 72, 150, 92), "d"), _RawCell((50, 92, 150, 112), "e"),
    ))
    grid = pieces_to_grid([top, rest], index=0)
    assert ("三、办理结果", 0, 0, 5, 1) in _shape(grid.cells)
    assert grid.n_rows == 5


def test_runs_off_page_looks_past_page_footers_only() -> None:
    """A page's last table continues on the next page when it reaches the bottom and only
    headers or footers follow it; running text after it ends it."""
    low = _piece(1, 600, [[("甲", 0, 100), ("1", 100, 150)]] * 4)  # bottom at 680 of 800
    high = _piece(1, 100, [[("甲", 0, 100), ("1", 100, 150)]])  # bottom at 120 of 800
    footer = TextLine(1, "第 3 页", (300.0, 770.0, 340.0, 780.0), 800.0)
    prose = TextLine(1, "本机关将进一步加强政务公开工作。", (72.0, 690.0, 500.0, 700.0), 800.0)
    assert runs_off_page([low]) and runs_off_page([low, footer])
    assert not runs_off_page([low, prose, footer])
    assert not runs_off_page([high, footer]) and not runs_off_page([footer]) and not runs_off_page([])


# -- structure read back from rendered PDFs --------------------------------------------------


def test_review_three_level_header_spans() -> None:
    blocks = layout_report(_report("2021"))
    review = _table(blocks, "review_litigation")
    doc = _read(render_pdf(blocks, prose_pages=0))
    assert _shape(_grid_for(doc, review).cells) == _shape(review.cells)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_applications_label_block_and_every_table(template: str) -> None:
    blocks = layout_report(_report(template), LayoutStyle(subtotal_column=template == "2019"))
    doc = _read(render_pdf(blocks, prose_pages=1))
    tables = [b for b in blocks if isinstance(b, GridTable)]
    assert len(doc.grids) == len(tables)
    for table, grid in zip(tables, doc.grids, strict=True):
        assert _shape(grid.cells) == _shape(table.cells), table.key
        assert grid.exact and grid.rows_known
    apps = _grid_for(doc, _table(blocks, "applications"))
    texts = {c.text: c for c in apps.cells}
    assert (texts["（三）不予公开"].rowspan, texts["（三）不予公开"].col) == (8, 1)
    assert texts["三、本年度办理结果"].rowspan >= 20


def test_wrapped_labels_joined_and_empty_cells_kept() -> None:
    label = "要求行政机关确认或重新出具已获取信息"
    table = GridTable(
        (
            _cell("信息内容", 0, 0, header=True), _cell("商业企业", 0, 1, header=True),
            _cell("法律服务机构", 0, 2, header=True),
            _cell(label, 1, 0), _cell("", 1, 1), _cell("17", 1, 2),
            _cell("其他", 2, 0), _cell("3", 2, 1), _cell("", 2, 2),
        ),
        3, 3, "t",
    )
    assert len(wrap("法律服务机构", 35, 9)) > 1  # the renderer really wraps it
    doc = _read(render_pdf([table], prose_pages=0))
    (grid,) = doc.grids
    assert _shape(grid.cells) == _shape(table.cells)


def test_vertical_label_text_in_order() -> None:
    blocks = layout_report(_report("2021"))
    doc = _read(render_pdf(blocks, vertical_labels=True, prose_pages=0))
    apps = _grid_for(doc, _table(blocks, "applications"))
    label = next(c for c in apps.cells if c.col == 0 and c.rowspan > 10)
    assert label.text == "三、本年度办理结果"
    x0, _, x1, _ = label.location.bbox  # type: ignore[misc]
    assert x1 - x0 < 25  # a narrow column: one character per line


@pytest.mark.parametrize("repeat_header", [False, True])
@pytest.mark.parametrize("vertical", [False, True])
def test_table_split_across_pages_is_stitched(repeat_header: bool, vertical: bool) -> None:
    blocks = layout_report(_report("2021"))
    apps = _table(blocks, "applications")
    doc = _read(render_pdf(blocks, page_break_in_applications=True, repeat_header=repeat_header,
                           vertical_labels=vertical, prose_pages=1))
    grid = _grid_for(doc, apps)
    assert _shape(grid.cells) == _shape(apps.cells)
    pages = {c.location.page for c in grid.cells}
    assert len(pages) == 2
    assert len(doc.grids) == len([b for b in blocks if isinstance(b, GridTable)])


def test_two_tables_on_one_page_and_reading_order() -> None:
    one = GridTable((_cell("甲", 0, 0), _cell("1", 0, 1)), 1, 2, "a")
    two = GridTable((_cell("乙", 0, 0), _cell("2", 0, 1), _cell("丙", 1, 0), _cell("3", 1, 1)),
                    2, 2, "b")
    doc = _read(render_pdf(
        [Heading("二、主动公开政府信息情况"), one, Paragraph("说明文字"), two], prose_pages=0
    ))
    kinds = [b.text if isinstance(b, DocParagraph) else "grid" for b in doc.blocks]
    assert kinds[:4] == ["二、主动公开政府信息情况", "grid", "说明文字", "grid"]
    assert [_shape(g.cells) for g in doc.grids] == [_shape(one.cells), _shape(two.cells)]
    assert [g.index for g in doc.grids] == [0, 1]
    cell = doc.grids[1].cells[0]
    assert cell.location.page == 1 and cell.location.table == 1 and cell.location.bbox


def test_heading_present_before_the_applications_table() -> None:
    blocks = layout_report(_report("2021"))
    doc = _read(render_pdf(blocks, prose_pages=2), page_filter=lambda t: "申请" in t)
    texts = [b.text if isinstance(b, DocParagraph) else "<grid>" for b in doc.blocks]
    at = texts.index("三、收到和处理政府信息公开申请情况")
    assert texts[at + 1] == "<grid>"


# -- page selection and limits -----------------------------------------------------------------


def test_page_filter_skips_pages_and_continuation_pages_are_followed() -> None:
    blocks = layout_report(_report("2021"))
    data = render_pdf(blocks, page_break_in_applications=True, prose_pages=2)
    seen: list[str] = []

    def only_applications(text: str) -> bool:
        seen.append(text)
        return "申请人情况" in text

    doc = _read(data, page_filter=only_applications)
    assert sum("申请人情况" in t for t in seen) == 1  # one page accepted
    apps = _grid_for(doc, _table(blocks, "applications"))
    # ... yet the page holding the rest of the table was followed and stitched on
    assert _shape(apps.cells) == _shape(_table(blocks, "applications").cells)
    assert len({c.location.page for c in apps.cells}) == 2
    # prose pages give paragraphs, never grids
    assert any(isinstance(b, DocParagraph) and b.location.page == 1 for b in doc.blocks)
    assert all(g.location.page != 1 for g in doc.grids)


def test_page_limit_examines_the_first_pages_with_a_note() -> None:
    blocks = layout_report(_report("2021"))
    data = render_pdf(blocks, prose_pages=3)
    doc = _read(data, limits=Limits(max_pdf_pages=2))
    assert not doc.grids
    (note,) = doc.notes
    assert note.code == "reader_note" and "first 2 of" in note.message


def test_timeout_raises_limit_exceeded() -> None:
    data = _canvas_pdf(_small_table)
    with pytest.raises(LimitExceeded) as info:
        _read(data, limits=Limits(timeout=1e-9))
    assert info.value.limit == "timeout"


# -- notes ----------------------------------------------------------------------------------


#: A CID font with Identity-H codes, no embedded file and no ToUnicode map: its glyphs have
#: no Unicode, as with fonts embedded without a map.
_NO_MAP_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H "
    b"/DescendantFonts [6 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry "
    b"(Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
    b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -200 1000 900] "
    b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
)


def test_font_without_unicode_map_gives_unreadable_text_note() -> None:
    grid = b"".join(
        b"%d %d 100 20 re S " % (72 + 100 * c, 600 - 20 * r) for r in range(3) for c in range(3)
    )
    text = b"".join(
        b"BT /F1 10 Tf %d %d Td <0A0B0C0D> Tj ET " % (80 + 100 * c, 606 - 20 * r)
        for r in range(3) for c in range(3)
    )
    data = one_page_pdf(b"BT /F1 12 Tf 72 700 Td <01020304> Tj ET " + grid + text,
                        resources=b"<< /Font << /F1 5 0 R >> >>", extra_objects=_NO_MAP_FONT)
    doc = _read(data)
    (note,) = doc.notes
    assert note.code == "unreadable_text" and note.severity == "error"
    assert note.location.page == 1
    assert "20 of 20 characters" in note.message
    (grid_read,) = doc.grids  # the grid is kept
    assert grid_read.n_rows == 3 and grid_read.n_cols == 3
    # a keyword filter cannot judge text it cannot read: the page is examined anyway
    assert _read(data, page_filter=lambda text: False).notes == doc.notes


def test_image_only_pdf_gives_no_text_layer_note() -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    def scan(c: canvas.Canvas) -> None:
        c.drawImage(ImageReader(Image.new("RGB", (60, 80), "white")), 0, 0, 595, 842)

    doc = _read(_canvas_pdf(scan))
    assert doc.blocks == ()
    (note,) = doc.notes
    assert note.code == "no_text_layer" and note.severity == "error"
    assert "OCR" in note.message


# -- errors ---------------------------------------------------------------------------------


def test_user_password_raises_encrypted_document() -> None:
    enc = pdfencrypt.StandardEncryption("secret", canPrint=1)
    with pytest.raises(EncryptedDocument) as info:
        _read(_canvas_pdf(_small_table, encrypt=enc))
    assert info.value.format == "pdf"
    assert info.value.__cause__ is not None


def test_owner_password_only_opens_with_the_empty_password() -> None:
    enc = pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=1)
    doc = _read(_canvas_pdf(_small_table, encrypt=enc))
    (grid,) = doc.grids
    assert grid.n_rows == 3


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.99])
def test_truncated_pdf_raises_corrupt_document(cut: float) -> None:
    data = _canvas_pdf(_small_table)
    with pytest.raises(CorruptDocument) as info:
        _read(data[: int(len(data) * cut)])
    assert info.value.format == "pdf" and "truncated" in info.value.message


def test_not_a_pdf_raises_corrupt_document() -> None:
    with pytest.raises(CorruptDocument):
        _read(b"%PDF-1.7\n" + b"\x00garbage" * 100 + b"\n%%EOF\n")
    with pytest.raises(CorruptDocument):
        _read(b"hello")


def test_damaged_bytes_raise_only_our_errors() -> None:
    data = _canvas_pdf(_small_table)
    rng = random.Random(7)
    for _ in range(40):
        damaged = bytearray(data)
        for _ in range(rng.choice([1, 8, 64])):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            _read(bytes(damaged))
        except GxtablesError as exc:
            assert isinstance(exc, CorruptDocument | EncryptedDocument), repr(exc)
