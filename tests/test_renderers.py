"""Tests of the test-side generator and renderers themselves (not of extraction).

If these hold, a failing round-trip test points at the extractor: the generated data obey
TEMPLATES.md §5, the grids cover every position exactly once, the text dialects print the
seeds byte for byte, and the HTML's spans expand to the grid it came from.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _render.html import html_options, render_html
from _render.layout import (
    GridTable,
    Heading,
    LayoutStyle,
    article20_caption,
    layout_report,
    styles,
)
from _render.text import DIALECTS, ENCODINGS, render_text
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html
from strategies import ExpectedCell, ReportData, consistency_errors, reports

from gxtables._normalize import normalize_label
from gxtables._templates import LAYOUTS

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def seed_data(number: str) -> ReportData:
    """A seed's expected cells as :class:`ReportData` (no header units)."""
    doc = json.loads((SEEDS / f"{number}.expected.json").read_text(encoding="utf-8"))
    tables = {
        t: {
            r: {c: ExpectedCell(v["value"], v.get("raw") or "", v.get("unit")) for c, v in cols.items()}
            for r, cols in rows.items()
        }
        for t, rows in doc["tables"].items()
    }
    return ReportData(doc["template"], tables, {})


def seed_lines(number: str) -> list[str]:
    return (SEEDS / f"{number}.txt").read_text(encoding="utf-8").split("\n")


def tables_of(blocks: list) -> list[GridTable]:
    return [b for b in blocks if isinstance(b, GridTable)]


# -- the generator ----------------------------------------------------------------------------


@given(reports())
def test_generated_reports_are_consistent(data: ReportData) -> None:
    assert consistency_errors(data) == []


@given(reports())
def test_generated_reports_cover_every_cell_of_the_layout(data: ReportData) -> None:
    layout = LAYOUTS[data.template]
    assert list(data.tables) == list(layout.table_keys)
    for spec in layout.tables:
        assert list(data.tables[spec.key]) == [r.key for r in spec.rows]
        for row in spec.rows:
            assert list(data.tables[spec.key][row.key]) == [c.key for c in spec.columns]


@given(reports())
def test_empty_and_null_cells_have_no_value(data: ReportData) -> None:
    for rows in data.tables.values():
        for cols in rows.values():
            for cell in cols.values():
                if cell.raw in ("", "-", "—", "/", "无"):
                    assert cell.value is None
                else:
                    assert cell.value is not None


def test_unknown_template_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown template"):
        reports("2020")


@given(reports("2021"))
def test_2021_fee_header_always_states_its_unit(data: ReportData) -> None:
    assert data.template == "2021"
    assert data.header_units[("article20_8", "amount")] == "万元"


# -- the layout ---------------------------------------------------------------------------------


def assert_grid_is_tiled(table: GridTable) -> None:
    seen: dict[tuple[int, int], str] = {}
    for cell in table.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                assert (r, c) not in seen, f"{table.key}: {(r, c)} covered twice"
                seen[(r, c)] = cell.text
    assert len(seen) == table.n_rows * table.n_cols, f"{table.key}: holes in the grid"
    order = [(c.row, c.col) for c in table.cells]
    assert order == sorted(order)


@given(reports(), styles())
def test_grids_tile_without_gaps_or_overlaps(data: ReportData, style: LayoutStyle) -> None:
    for table in tables_of(layout_report(data, style)):
        assert_grid_is_tiled(table)


@given(reports(), styles())
def test_every_cell_is_printed_once(data: ReportData, style: LayoutStyle) -> None:
    blocks = layout_report(data, style)
    printed = [c.text for t in tables_of(blocks) for c in t.cells if not c.header]
    apps = tables_of(blocks)[-2]
    n_values = apps.n_cols - 3
    for key, rows in data.tables.items():
        del key
        for cols in rows.values():
            for cell in cols.values():
                if cell.raw:
                    assert cell.raw in printed
    # applications: one row of values per template row
    spec = LAYOUTS[data.template].table("applications")
    value_cells = [c for c in apps.cells if c.col >= 3 and c.row >= 3]
    assert len(value_cells) == len(spec.rows) * n_values


def test_default_layout_shapes() -> None:
    data = seed_data("000")
    tables = tables_of(layout_report(data))
    assert [t.key for t in tables] == [
        "article20_1", "article20_5", "article20_6", "article20_8", "article20_9",
        "applications", "review_litigation",
    ]
    apps, review = tables[-2], tables[-1]
    n_rows = len(LAYOUTS["2019"].table("applications").rows)
    assert (apps.n_cols, apps.n_rows) == (10, 3 + n_rows)
    assert (review.n_cols, review.n_rows) == (15, 4)
    results = next(c for c in apps.cells if c.text == "三、本年度办理结果")
    assert results.rowspan == n_rows - 3  # granted … total_handled
    assert tables[0].cells[0].text == article20_caption("article20_1") == "第二十条第（一）项"


@given(reports("2021"))
def test_combined_article20_table_spans_single_value_rows(data: ReportData) -> None:
    (table,) = [t for t in tables_of(layout_report(data, LayoutStyle(article20_split=False)))
                if t.key.startswith("article20")]
    assert table.key == "article20" and table.n_cols == 4
    assert_grid_is_tiled(table)
    licensing = next(c for c in table.cells if c.text == "行政许可")
    value = next(c for c in table.cells if c.row == licensing.row and c.col == 1)
    assert value.colspan == 3


def test_subtotal_column_sums_the_five_organisations() -> None:
    data = seed_data("000")
    apps = tables_of(layout_report(data, LayoutStyle(subtotal_column=True)))[-2]
    assert apps.n_cols == 11
    sub = next(c for c in apps.cells if c.text == "小计")
    row = next(c.row for c in apps.cells if c.text == "一、本年新收政府信息公开申请数量")
    assert next(c.text for c in apps.cells if c.row == row and c.col == sub.col) == str(
        53 + 3 + 6 + 7 + 11
    )


@given(reports())
def test_abbreviated_labels_keep_a_match_phrase(data: ReportData) -> None:
    template = data.template
    apps = tables_of(layout_report(data, LayoutStyle(label_style="abbreviated")))[-2]
    spec = LAYOUTS[template].table("applications")
    labels = [c.text for c in apps.cells if c.col < 3 and c.row >= 3]
    for row in spec.rows:
        found = [lab for lab in labels if any(p in normalize_label(lab) for p in row.match)
                 or normalize_label(lab) in row.exact]
        assert found, f"{row.key}: no abbreviated label keeps a match phrase"


def test_misnumbered_and_ascii_labels() -> None:
    data = seed_data("000")
    apps = tables_of(layout_report(data, LayoutStyle(label_style="misnumbered")))[-2]
    assert any(c.text == "一、上年结转政府信息公开申请数量" for c in apps.cells)
    blocks = layout_report(data, LayoutStyle(label_style="ascii_punct"))
    texts = [c.text for t in tables_of(blocks) for c in t.cells]
    assert "第二十条第(一)项" in texts and "(一)予以公开" in texts


def test_heading_numbers_can_be_dropped() -> None:
    data = seed_data("000")
    on = [b.text for b in layout_report(data) if isinstance(b, Heading)]
    off = [b.text for b in layout_report(data, LayoutStyle(heading_numbers=False))
           if isinstance(b, Heading)]
    assert "三、收到和处理政府信息公开申请情况" in on
    assert "收到和处理政府信息公开申请情况" in off
    assert not any(isinstance(b, Heading) for b in layout_report(data, LayoutStyle(headings=False)))


def test_header_units_are_printed_in_the_column_label() -> None:
    base = seed_data("003")
    data = ReportData(base.template, base.tables, {("article20_9", "amount"): "万元"})
    for unit_header, label in [("paren", "采购总金额（万元）"), ("short", "采购总金额（万）"),
                               ("danwei", "采购总金额(单位：万元)")]:
        blocks = layout_report(data, LayoutStyle(unit_header=unit_header))
        assert label in [c.text for t in tables_of(blocks) for c in t.cells]


def test_bad_style_is_refused() -> None:
    with pytest.raises(ValueError, match="label_style"):
        LayoutStyle(label_style="fancy")


# -- text dialects ------------------------------------------------------------------------------


def _seed_blocks(number: str, style: LayoutStyle, headings: list[str]) -> list:
    """A seed's tables with the seed's own headings before applications and review."""
    tables = tables_of(layout_report(seed_data(number), style))
    return [*tables[:-2], Heading(headings[0]), tables[-2], Heading(headings[1]), tables[-1]]


def test_tab_dialect_reproduces_seed_000() -> None:
    blocks = _seed_blocks(
        "000", LayoutStyle(headings=False),
        ["收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"],
    )
    lines = seed_lines("000")
    expected = "\n".join(lines[50:433]) + "\n"
    # seed 000 breaks two header labels; the unwrapped rendering must equal it without them
    unwrapped = expected.replace("本年新\n制作数量", "本年新制作数量").replace(
        "本年新\n公开数量", "本年新公开数量")
    assert render_text(blocks, "tab").decode("utf-8") == unwrapped


def test_blank_dialect_reproduces_seed_001() -> None:
    blocks = _seed_blocks(
        "001", LayoutStyle(headings=False, label_style="ascii_punct"),
        ["三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"],
    )
    lines = seed_lines("001")
    expected = "\n".join(lines[65:521]) + "\n"
    assert render_text(blocks, "blank").decode("utf-8") == expected


def test_wrap_breaks_only_labels() -> None:
    data = seed_data("000")
    blocks = layout_report(data)
    plain = render_text(blocks, "tab").decode()
    wrapped = render_text(blocks, "tab", wrap=True).decode()
    assert wrapped != plain
    assert "\t本年新\n\n制作数量\n" in wrapped or "\t本年新\n制作数量\n" in wrapped
    assert "\t总\n\n计\n" in wrapped
    # every TAB line that is a value stays whole
    values = [line for line in plain.split("\n") if re.fullmatch(r"\t[-+0-9.,万元件项]+", line)]
    wrapped_lines = wrapped.split("\n")
    for line in values:
        assert line in wrapped_lines


def _tab_cells(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.startswith("\t"))


@given(reports(), styles())
def test_every_dialect_keeps_the_cell_count(data: ReportData, style: LayoutStyle) -> None:
    blocks = layout_report(data, style)
    tables = tables_of(blocks)
    prose = [b.text for b in blocks if not isinstance(b, GridTable)]

    tab = render_text(blocks, "tab").decode()
    entries = sum(len(t.row_entries(r)) for t in tables for r in range(t.n_rows))
    assert _tab_cells(tab) == entries

    blank = render_text(blocks, "blank").decode()
    nonempty = sum(1 for t in tables for c in t.cells if c.text)
    empty = sum(1 for t in tables for c in t.cells if not c.text)
    assert blank.count("\n") == 2 * (nonempty + len(prose)) + empty
    assert [line for line in blank.split("\n") if line] == [
        *[x for b in blocks for x in ([b.text] if not isinstance(b, GridTable) else
                                     [c.text for c in b.cells if c.text])]
    ]

    pipe = render_text(blocks, "pipe").decode().split("\n")
    rows = [line for line in pipe if " | " in line]
    assert len(rows) == sum(1 for t in tables for cells in t.rows() if len(cells) > 1)
    for table in tables:
        for cells in table.rows():
            line = " | ".join(c.text for c in cells)
            assert line in pipe or f"| {line} |" in pipe

    glued = render_text(blocks, "runtogether").decode().split("\n")
    for table in tables:
        for cells in table.rows():
            assert "".join(c.text for c in cells) in glued


@given(reports(), st.sampled_from(DIALECTS), st.sampled_from(ENCODINGS), st.booleans())
def test_encodings_and_line_ends_round_trip(
    data: ReportData, dialect: str, encoding: str, crlf: bool
) -> None:
    blocks = layout_report(data)
    plain = render_text(blocks, dialect)
    blob = render_text(blocks, dialect, encoding=encoding, crlf=crlf)
    decoded = blob.decode("utf-16" if encoding == "utf-16" else encoding)
    if encoding == "utf-8-sig":
        assert blob.startswith(b"\xef\xbb\xbf")
    if encoding == "utf-16":
        assert blob[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert decoded.replace("\r\n", "\n") == plain.decode("utf-8")
    assert ("\r\n" in decoded) == crlf


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(ValueError, match="dialect"):
        render_text([], "csv")


# -- HTML -------------------------------------------------------------------------------------------


def _expanded_widths(table: lxml_html.HtmlElement) -> list[int]:
    """The grid width of every row once rowspans from rows above are counted."""
    pending: list[int] = []  # remaining rows each active rowspan still covers, per column
    widths = []
    for tr in table.iter("tr"):
        width = 0
        carried = [p for p in pending if p > 0]
        cover = len(carried)
        new_pending: list[int] = [p - 1 for p in carried if p - 1 > 0]
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            span = int(cell.get("colspan", "1"))
            rows = int(cell.get("rowspan", "1"))
            width += span
            if rows > 1:
                new_pending.extend([rows - 1] * span)
        widths.append(width + cover)
        pending = new_pending
    return widths


def _cell_text(el: lxml_html.HtmlElement) -> str:
    return "".join(el.itertext()).replace("\n", "").replace("\xa0", "").strip()


@given(reports(), styles(), html_options())
def test_html_tables_expand_to_their_grids(
    data: ReportData, style: LayoutStyle, options: dict
) -> None:
    blocks = layout_report(data, style)
    blob = render_html(blocks, **options)
    encoding = options["encoding"]
    if options["declare"] is not None:
        assert f"charset={encoding}".encode() in blob.replace(b'"', b"")
    root = lxml_html.fromstring(blob.decode(encoding))
    tables = [t for t in root.iter("table") if not t.findall(".//table")]
    grids = tables_of(blocks)
    assert len(tables) == len(grids)
    for element, grid in zip(tables, grids, strict=True):
        assert _expanded_widths(element) == [grid.n_cols] * grid.n_rows
        cells = [c for c in element.iter("td", "th")]
        assert [_cell_text(c) for c in cells] == [c.text for c in grid.cells]
        if options["use_th"]:
            assert element.find("thead") is not None


def test_html_keeps_empty_cells_and_declares_gbk() -> None:
    data = seed_data("004")
    blob = render_html(layout_report(data), encoding="gbk", declare="http-equiv")
    assert b"charset=gbk" in blob
    text = blob.decode("gbk")
    assert "<td></td>" in text
    fragment = render_html(layout_report(data), page=False, declare=None).decode()
    assert "<html" not in fragment and fragment.lstrip().startswith("<p>")
