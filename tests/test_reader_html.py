"""The HTML reader on hand-written pages: grids (coordinates, spans, text), paragraphs, their
order, encodings, limits, and the promise that any bytes give a Document or our own error."""

from __future__ import annotations

import codecs
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gxtables._errors import CorruptDocument, GxtablesError, LimitExceeded, UnsupportedFormat
from gxtables._grid import Cell, CellGrid, Document, Location, Paragraph
from gxtables._limits import Limits
from gxtables._readers import _html, _html_table
from gxtables._readers._html import read_html

LIMITS = Limits()
READER_FILES = frozenset({_html.__file__, _html_table.__file__})


def read(page: str | bytes, limits: Limits = LIMITS) -> Document:
    data = page.encode("utf-8") if isinstance(page, str) else page
    return read_html(data, limits=limits, source="page.html")


def only_grid(doc: Document) -> CellGrid:
    grids = doc.grids
    assert len(grids) == 1, doc.blocks
    return grids[0]


def executed_lines(run: Callable[[], object], functions: frozenset[str] | None = None) -> int:
    """How many lines of the HTML reader (or of its ``functions``) ``run`` executes: a
    measure of work that, unlike a clock, does not depend on the machine or its load."""
    count = 0

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        code = frame.f_code
        if code.co_filename not in READER_FILES or (
                functions is not None and code.co_name not in functions):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        run()
    finally:
        sys.settrace(None)
    return count


def layout(grid: CellGrid) -> list[tuple[str, int, int, int, int]]:
    """Each cell as (text, row, col, rowspan, colspan), in reading order."""
    return [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in grid.cells]


def texts(doc: Document) -> list[str]:
    """Blocks as strings: a paragraph's text, or ``<grid N>``."""
    return [b.text if isinstance(b, Paragraph) else f"<grid {b.index}>" for b in doc.blocks]


def tds(*values: object) -> str:
    return "".join(f"<td>{v}</td>" for v in values)


# --- spans ------------------------------------------------------------------------------

LEAVES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
REVIEW_TABLE = (
    "<table border=1>"
    '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>'
    "<tr>" + "".join(f'<td rowspan="2">{x}</td>' for x in LEAVES)
    + '<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>'
    "<tr>" + tds(*LEAVES, *LEAVES) + "</tr>"
    "<tr>" + tds(*range(15)) + "</tr>"
    "</table>"
)


def test_three_level_header_places_every_cell() -> None:
    grid = only_grid(read(REVIEW_TABLE))
    assert layout(grid)[:9] == [
        ("行政复议", 0, 0, 1, 5),
        ("行政诉讼", 0, 5, 1, 10),
        ("结果维持", 1, 0, 2, 1),
        ("结果纠正", 1, 1, 2, 1),
        ("其他结果", 1, 2, 2, 1),
        ("尚未审结", 1, 3, 2, 1),
        ("总计", 1, 4, 2, 1),
        ("未经复议直接起诉", 1, 5, 1, 5),
        ("复议后起诉", 1, 10, 1, 5),
    ]
    leaves = [c for c in grid.cells if c.row == 2]
    assert [(c.text, c.col) for c in leaves] == [(x, 5 + i) for i, x in enumerate(LEAVES * 2)]
    values = [c for c in grid.cells if c.row == 3]
    assert [(c.text, c.col) for c in values] == [(str(i), i) for i in range(15)]
    assert (grid.n_rows, grid.n_cols) == (4, 15)
    assert grid.exact and grid.rows_known and grid.index == 0


def test_cells_carry_their_location() -> None:
    doc = read("<table><tr><td>x</td></tr></table>" + REVIEW_TABLE)
    cell = doc.grids[1].cells[-1]
    assert cell.location == Location(table=1, row=3, col=14)
    assert doc.grids[1].index == 1


def test_row_span_pushes_later_cells_right() -> None:
    grid = only_grid(read(
        "<table><tr><td rowspan=3>a</td><td>b</td><td rowspan=2>c</td><td>d</td></tr>"
        "<tr><td>e</td><td>f</td></tr><tr><td>g</td><td>h</td><td>i</td></tr></table>"
    ))
    assert layout(grid) == [
        ("a", 0, 0, 3, 1), ("b", 0, 1, 1, 1), ("c", 0, 2, 2, 1), ("d", 0, 3, 1, 1),
        ("e", 1, 1, 1, 1), ("f", 1, 3, 1, 1),
        ("g", 2, 1, 1, 1), ("h", 2, 2, 1, 1), ("i", 2, 3, 1, 1),
    ]


def test_empty_cells_are_kept() -> None:
    grid = only_grid(read(
        "<table><tr><td>自然人</td><td></td><td>&nbsp;</td><td><p><span></span></p></td>"
        "<td>3</td></tr></table>"
    ))
    assert layout(grid) == [
        ("自然人", 0, 0, 1, 1), ("", 0, 1, 1, 1), ("", 0, 2, 1, 1), ("", 0, 3, 1, 1),
        ("3", 0, 4, 1, 1),
    ]


def test_rows_of_unequal_length() -> None:
    grid = only_grid(read("<table><tr><td>a</td></tr><tr>" + tds(1, 2, 3) + "</tr></table>"))
    assert layout(grid) == [
        ("a", 0, 0, 1, 1), ("1", 1, 0, 1, 1), ("2", 1, 1, 1, 1), ("3", 1, 2, 1, 1),
    ]


@pytest.mark.parametrize(
    ("attrs", "span"),
    [
        ('rowspan="abc" colspan=""', (1, 1)),
        ('rowspan="-2" colspan="-1"', (1, 1)),
        ('rowspan="2px" colspan=" 2 "', (2, 2)),
        ('rowspan="99999999999999999999" colspan="0"', (3, 1)),
        ('rowspan="1000000" colspan="5000"', (3, 1000)),
    ],
)
def test_odd_span_values(attrs: str, span: tuple[int, int]) -> None:
    grid = only_grid(read(f"<table><tr><td {attrs}>x</td></tr><tr><td>y</td></tr>"
                          "<tr><td>z</td></tr></table>"))
    first = grid.cells[0]
    assert (first.rowspan, first.colspan) == span
    assert grid.n_rows == 3


def test_huge_rowspan_is_clamped_to_the_last_row() -> None:
    grid = only_grid(read(
        '<table><tr><td rowspan="65534">a</td><td>b</td></tr><tr><td>c</td></tr></table>'
    ))
    assert layout(grid) == [("a", 0, 0, 2, 1), ("b", 0, 1, 1, 1), ("c", 1, 1, 1, 1)]


def test_rowspan_zero_reaches_the_end_of_its_row_group() -> None:
    grid = only_grid(read(
        "<table><tbody><tr><td rowspan=0>a</td><td>b</td></tr><tr><td>c</td></tr>"
        "<tr><td>d</td></tr></tbody><tbody><tr><td>e</td></tr></tbody></table>"
    ))
    assert layout(grid) == [
        ("a", 0, 0, 3, 1), ("b", 0, 1, 1, 1), ("c", 1, 1, 1, 1), ("d", 2, 1, 1, 1),
        ("e", 3, 0, 1, 1),
    ]


def test_huge_spans_are_clamped_and_placed() -> None:
    rows = "".join(f'<tr><td rowspan="100000" colspan="10">{i}</td></tr>' for i in range(100))
    grid = only_grid(read(f"<table>{rows}</table>"))
    assert [(c.row, c.col, c.rowspan) for c in grid.cells[:3]] == [
        (0, 0, 100), (1, 10, 99), (2, 20, 98)]
    assert grid.cells[-1].col == 99 * 10
    assert grid.cells[-1].rowspan == 1


def test_spans_covering_too_many_cells_are_refused() -> None:
    """300 cells, each spanning 1000 columns down to the last row, cover 45 million grid
    cells: refused by ``max_table_cells`` (the placing loop visits each covered row)."""
    rows = "".join(f'<tr><td rowspan="100000" colspan="1000">{i}</td></tr>' for i in range(300))
    with pytest.raises(LimitExceeded) as info:
        read(f"<table>{rows}</table>")
    assert info.value.limit == "max_table_cells"
    assert info.value.value == LIMITS.max_table_cells
    assert info.value.actual is not None and info.value.actual > LIMITS.max_table_cells
    assert "max_table_cells" in str(info.value)


def test_span_placement_work_is_linear_in_covered_cells() -> None:
    """Staircase rowspans (each row's cell reaches to the bottom): the work is counted in
    executed lines of the reader, which does not depend on how loaded the machine is."""
    def page(n: int) -> str:
        return "<table>" + "".join(
            f'<tr><td rowspan="{n}">{i}</td><td>x</td></tr>' for i in range(n)) + "</table>"

    small, large = (executed_lines(lambda n=n: read(page(n))) for n in (100, 200))
    # Covered cells grow 4x (n²/2 each way); anything worse than that would be quadratic in
    # the covered cells.
    assert large <= 4.5 * small


# --- table structure ----------------------------------------------------------------------

def test_th_thead_tbody_tfoot() -> None:
    grid = only_grid(read(
        "<table><thead><tr><th>项目</th><th>数量</th></tr></thead>"
        "<tfoot><tr><td>合计</td><td>3</td></tr></tfoot>"
        "<tbody><tr><td>规章</td><td>1</td></tr><tr><td>规范性文件</td><td>2</td></tr></tbody>"
        "</table>"
    ))
    assert [[c.text for c in row] for row in grid.rows()] == [
        ["项目", "数量"], ["规章", "1"], ["规范性文件", "2"], ["合计", "3"],
    ]


def test_cells_outside_any_row_form_a_row() -> None:
    grid = only_grid(read("<table><td>a</td><td>b</td><tr><td>c</td></tr></table>"))
    assert layout(grid) == [("a", 0, 0, 1, 1), ("b", 0, 1, 1, 1), ("c", 1, 0, 1, 1)]


def test_caption_becomes_a_paragraph_before_the_grid() -> None:
    doc = read("<table><caption>表一 收到和处理申请情况</caption><tr><td>1</td></tr></table>")
    assert texts(doc) == ["表一 收到和处理申请情况", "<grid 0>"]


def test_table_without_cells_gives_no_grid() -> None:
    doc = read("<p>前</p><table><tr></tr></table><p>后</p>")
    assert texts(doc) == ["前", "后"]


# --- cell text ----------------------------------------------------------------------------

def test_br_and_p_inside_a_cell_are_joined() -> None:
    grid = only_grid(read(
        "<table><tr><td>本年新<br>公开数量</td><td><p>对外公开</p><p>总数量</p></td>"
        "<td>Total<br/>count</td><td>\n   行政\n   许可\n</td></tr></table>"
    ))
    assert [c.text for c in grid.cells] == ["本年新公开数量", "对外公开总数量", "Total count",
                                           "行政许可"]


def test_entities_and_spaces() -> None:
    grid = only_grid(read(
        "<table><tr><td>&nbsp;&nbsp;1,234&nbsp;</td><td>a&nbsp;&nbsp;&ensp; b</td>"
        "<td>&lt;危及&ldquo;三安全一稳定&rdquo;&gt;</td><td>&#12288;规章&#x3000;</td></tr></table>"
    ))
    assert [c.text for c in grid.cells] == ["1,234", "a b", "<危及“三安全一稳定”>", "规章"]


def test_word_soup_cell() -> None:
    style = ("font-size:10.5pt;font-family:宋体;mso-ascii-font-family:&quot;Times New Roman&quot;;"
             "mso-bidi-font-family:宋体;color:black;mso-font-kerning:0pt;") * 6
    cell = (
        "<td width=57 style='width:42.5pt;border:solid windowtext 1.0pt;mso-border-alt:solid "
        "windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>"
        "<p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'>"
        f"<![if !supportLists]><span style='{style}'>1.</span><![endif]>"
        f"<span style='{style}'>属于<span lang=EN-US>国家</span></span>"
        f"<st1:chmetcnv w:st='on'><span style='{style}'>秘密</span></st1:chmetcnv>"
        f"<span lang=EN-US style='{style}'><o:p></o:p></span></p></td>"
    )
    assert len(cell) > 1000
    page = (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head>"
        "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml>"
        "<![endif]--><style>p.MsoNormal{mso-style-parent:'';}</style></head><body>"
        f"<table class=MsoNormalTable><tr style='mso-yfti-irow:0'>{cell * 3}</tr></table>"
        "</body></html>"
    )
    grid = only_grid(read(page))
    assert [c.text for c in grid.cells] == ["1.属于国家秘密"] * 3


def test_word_soup_page_costs_constant_work_per_cell() -> None:
    cell = (
        "<td style='width:42.5pt;border:solid windowtext 1.0pt;mso-border-alt:solid "
        "windowtext .5pt;padding:0cm 5.4pt'><p class=MsoNormal style='mso-pagination:"
        "widow-orphan'><span style='font-size:10.5pt;mso-font-kerning:0pt'>{}"
        "<o:p></o:p></span></p></td>"
    )
    row = "<tr>" + "".join(cell.format(i) for i in range(8)) + "</tr>"
    page = "<table>" + row * 1000 + "</table>"
    assert len(page) > 1_000_000
    grid = only_grid(read(page))
    assert len(grid.cells) == 8000
    # Work is counted, not timed: linear in the rows, and a fixed number of Python lines
    # per cell and per element in it — never a Python loop over the ~250 characters of
    # markup a Word cell carries (its text is one C-level call).
    lines_100, lines_200 = (
        executed_lines(lambda n=n: read("<table>" + row * n + "</table>")) for n in (100, 200))
    assert lines_200 <= 2.05 * lines_100
    assert len(cell) > 200
    assert lines_100 / 800 <= 150


# --- flow text and order --------------------------------------------------------------------

def test_headings_and_tables_in_document_order() -> None:
    doc = read(
        "<h1>某某局2021年政府信息公开工作年度报告</h1>"
        "<div>二、主动公开政府信息情况</div><table><tr><td>1</td></tr></table>"
        "<p>三、收到和处理政府信息公开申请情况</p><table><tr><td>2</td></tr></table>"
        "<p><span>四、政府信息公开</span><b>行政复议、行政诉讼情况</b></p>" + REVIEW_TABLE
        + "<p>五、存在的主要问题</p>"
    )
    assert texts(doc) == [
        "某某局2021年政府信息公开工作年度报告",
        "二、主动公开政府信息情况", "<grid 0>",
        "三、收到和处理政府信息公开申请情况", "<grid 1>",
        "四、政府信息公开行政复议、行政诉讼情况", "<grid 2>",
        "五、存在的主要问题",
    ]


def test_paragraph_boundaries() -> None:
    doc = read(
        "<div>目录<ul><li>一、总体情况</li><li>二、主动公开</li></ul>尾巴</div>"
        "<p>第一行<br>第二行</p>   \n  <p> \n </p>"
        "<p>  two   spaces\n and   a\tline  </p>"
        "裸文本<table><tr><td>1</td></tr></table>表后文字"
    )
    assert texts(doc) == [
        "目录", "一、总体情况", "二、主动公开", "尾巴", "第一行", "第二行",
        "two spaces and a line", "裸文本", "<grid 0>", "表后文字",
    ]


def test_script_style_comments_and_head_are_dropped() -> None:
    doc = read(
        "<html><head><title>标题不要</title><script>var x = '<p>no</p>';</script></head>"
        "<body><style>td { color: red }</style><!-- 注释 --><p>正文</p>"
        "<script>document.write('no')</script><noscript>请启用脚本</noscript>"
        "<table><tr><td>a<script>x()</script></td></tr></table></body></html>"
    )
    assert texts(doc) == ["正文", "<grid 0>"]
    assert doc.grids[0].cells[0].text == "a"


def test_nested_table_is_layout_not_data() -> None:
    doc = read(
        "<table width=100%><tr><td>某某局2021年报告</td></tr>"
        "<tr><td><p>三、收到和处理政府信息公开申请情况</p>"
        "<table border=1><tr><td>自然人</td><td>5</td></tr></table>"
        "<p>四、行政复议</p><table border=1><tr><td>7</td></tr></table>"
        "</td></tr><tr><td>发布日期</td><td>2022-01-20</td></tr></table>"
    )
    assert texts(doc) == [
        "某某局2021年报告", "三、收到和处理政府信息公开申请情况", "<grid 0>",
        "四、行政复议", "<grid 1>", "发布日期", "2022-01-20",
    ]
    assert layout(doc.grids[0]) == [("自然人", 0, 0, 1, 1), ("5", 0, 1, 1, 1)]
    assert doc.grids[1].cells[0].location.table == 1


def test_pre_keeps_its_lines() -> None:
    doc = read("<pre>一、总体情况\n  二、主动公开\n</pre>")
    assert texts(doc) == ["一、总体情况", "二、主动公开"]


def test_page_without_tables_has_only_paragraphs() -> None:
    doc = read("<html><body><p>本机关2021年未收到政府信息公开申请。</p></body></html>")
    assert doc.format == "html"
    assert doc.grids == []
    assert texts(doc) == ["本机关2021年未收到政府信息公开申请。"]


@pytest.mark.parametrize("page", [b"", b"   \n", b"<!-- only a comment -->"])
def test_empty_page(page: bytes) -> None:
    assert read(page).blocks == ()


# --- lenient parsing ------------------------------------------------------------------------

def test_fragment_without_html_or_body() -> None:
    doc = read("三、收到申请<table><tr><td>自然人<td>3</table>")
    assert texts(doc) == ["三、收到申请", "<grid 0>"]
    assert layout(doc.grids[0]) == [("自然人", 0, 0, 1, 1), ("3", 0, 1, 1, 1)]


def test_unclosed_tags() -> None:
    doc = read(
        "<p>二、主动公开<table><tr><td>规章<td>1<tr><td>规范性文件<td>2</table>"
        "<p>三、收到申请<div><span>未闭合"
    )
    assert texts(doc) == ["二、主动公开", "<grid 0>", "三、收到申请", "未闭合"]
    assert [[c.text for c in r] for r in doc.grids[0].rows()] == [["规章", "1"],
                                                                  ["规范性文件", "2"]]


# --- encodings ------------------------------------------------------------------------------

PAGE = "<p>三、收到和处理政府信息公开申请情况</p><table><tr><td>自然人</td><td>3</td></tr></table>"


def cell_texts(doc: Document) -> list[str]:
    return [c.text for c in doc.grids[0].cells]


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="gbk">',
        "<meta http-equiv='Content-Type' content='text/html; charset=GBK'>",
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html;charset=gb2312">',
        "",
    ],
)
def test_gbk_bytes(meta: str) -> None:
    doc = read(f"<html><head>{meta}</head><body>{PAGE}</body></html>".encode("gbk"))
    assert texts(doc) == ["三、收到和处理政府信息公开申请情况", "<grid 0>"]
    assert cell_texts(doc) == ["自然人", "3"]


def test_gb2312_declared_but_gb18030_content() -> None:
    rare = "𠮷镕€"  # U+20BB7 is four bytes in GB18030; 镕 is GBK, not GB2312
    page = f'<meta charset="gb2312"><table><tr><td>{rare}</td></tr></table>'.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        page.decode("gb2312")
    assert cell_texts(read(page)) == [rare]


def test_utf8_bom_beats_a_wrong_declaration() -> None:
    doc = read(codecs.BOM_UTF8 + f'<meta charset="gbk">{PAGE}'.encode())
    assert cell_texts(doc) == ["自然人", "3"]
    assert texts(doc)[0] == "三、收到和处理政府信息公开申请情况"


def test_utf16_with_bom() -> None:
    doc = read(f'<meta charset="utf-16">{PAGE}'.encode("utf-16"))
    assert cell_texts(doc) == ["自然人", "3"]


def test_xml_declaration_naming_an_encoding() -> None:
    page = f'<?xml version="1.0" encoding="gbk"?><html><body>{PAGE}</body></html>'
    assert cell_texts(read(page.encode("gbk"))) == ["自然人", "3"]
    assert cell_texts(read(page.encode("utf-8"))) == ["自然人", "3"]


def test_control_bytes_are_dropped() -> None:
    doc = read(b"<table><tr><td>1\x00\x07\x0c2</td></tr></table>")
    assert cell_texts(doc) == ["1 2"]


# --- limits and errors ----------------------------------------------------------------------

def test_size_limit() -> None:
    with pytest.raises(LimitExceeded) as info:
        read(PAGE, Limits(max_bytes=10))
    assert info.value.limit == "max_bytes"


def test_depth_limit() -> None:
    page = "<div>" * 60 + "x" + "</div>" * 60
    assert texts(read(page, Limits(max_html_depth=100))) == ["x"]
    with pytest.raises(LimitExceeded) as info:
        read(page, Limits(max_html_depth=50))
    assert info.value.limit == "max_html_depth"
    assert info.value.value == 50
    assert info.value.actual == 51
    assert "50" in str(info.value)


@pytest.mark.parametrize("tag", ["div", "span", "table"])
def test_very_deep_nesting_is_refused_not_truncated(tag: str) -> None:
    page = (f"<{tag}>" * 100_000 + "x" + f"</{tag}>" * 100_000 + "<p>after</p>").encode()
    with pytest.raises(LimitExceeded) as info:
        read(page)
    assert info.value.limit == "max_html_depth"


def test_timeout() -> None:
    page = "<table>" + "<tr><td>1</td></tr>" * 5000 + "</table>"
    with pytest.raises(LimitExceeded) as info:
        read(page, Limits(timeout=1e-9))
    assert info.value.limit == "timeout"


def test_binary_garbage_is_unsupported() -> None:
    data = bytes(range(256)) * 20
    with pytest.raises(UnsupportedFormat) as info:
        read(data)
    assert info.value.source == "page.html"


def test_lxml_errors_are_mapped(monkeypatch: pytest.MonkeyPatch) -> None:
    from lxml import etree

    def broken(*args: object, **kwargs: object) -> None:
        raise etree.ParserError("boom")

    monkeypatch.setattr(etree, "fromstring", broken)
    with pytest.raises(CorruptDocument) as info:
        read(PAGE)
    assert info.value.format == "html"
    assert isinstance(info.value.__cause__, etree.ParserError)


MARKUP = st.sampled_from([
    "<table>", "</table>", "<tr>", "<td>", "</td>", "<th colspan=3>", "<td rowspan=0>",
    "<td rowspan=9999999>", "<p>", "<br>", "<div>", "</div>", "<![if !x]>", "<!--", "-->",
    "<?xml encoding='gbk'?>", "<meta charset=gbk>", "&nbsp;", "&#0;", "&#xD800;", "<o:p>",
    "自然人", "3", "\x00", "\x0c", "<script>", "<caption>", "<thead>", "<tfoot>",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=300),
    st.lists(st.one_of(MARKUP, st.text(max_size=5)), max_size=40).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
))
def test_any_bytes_give_a_document_or_our_error(data: bytes) -> None:
    try:
        doc = read(data)
    except GxtablesError:
        return
    for grid in doc.grids:
        assert all(isinstance(c, Cell) for c in grid.cells)
        assert all(c.rowspan >= 1 and 1 <= c.colspan <= 1000 for c in grid.cells)
        assert all(c.row + c.rowspan <= grid.n_rows for c in grid.cells)


def test_word_spacer_row_is_dropped() -> None:
    page = (
        "<table><tr><td>规章</td><td>1</td></tr>"
        "<![if !supportMisalignedColumns]><tr height=0><td width=87 style='border:none'></td>"
        "<td width=30 style='border:none'></td><td width=40></td></tr><![endif]></table>"
    )
    assert layout(only_grid(read(page))) == [("规章", 0, 0, 1, 1), ("1", 0, 1, 1, 1)]


# --- raised and lowered text (footnote marks, issue 17) -------------------------------------

def test_sup_sub_and_vertical_align_become_superscripts_and_subscripts() -> None:
    page = (
        "<table><tr>"
        + tds("237960<sup>1</sup>", "0<sup>1</sup>", "845105①", "H<sub>2</sub>O",
              "5<span style='font-size:8pt;VERTICAL-ALIGN: super'>2</span>",
              "7<span style='vertical-align:sub'>3</span>", "<sup>注<b>1</b></sup>9",
              "12<sup>a</sup>")
        + "</tr></table>"
    )
    assert [c.text for c in only_grid(read(page)).cells] == [
        "237960¹", "0¹", "845105①", "H₂O", "5²", "7₃", "注¹9", "12ᵃ"]


def test_raised_text_in_a_label_still_matches() -> None:
    """A row label with a note mark reads as before once normalised (NFKC folds ¹ back)."""
    from gxtables._normalize import normalize_label

    cell = only_grid(read("<table><tr><td>规章<sup>1</sup></td></tr></table>")).cells[0]
    assert cell.text == "规章¹"
    assert normalize_label(cell.text) == normalize_label("规章1")


# --- bounded on hostile pages (issue 17) -------------------------------------------------------

def one_row(n: int) -> str:
    return "<table><tr>" + "<td>1</td>" * n + "</tr></table>"


def many_rows(n: int) -> str:
    return "<table>" + "<tr><td>1</td></tr>" * n + "</table>"


@pytest.mark.parametrize("page", [one_row, many_rows], ids=["one_row", "many_rows"])
def test_too_many_elements_are_refused_before_parsing(page: Callable[[int], str]) -> None:
    with pytest.raises(LimitExceeded) as info:
        read(page(3000), Limits(max_elements=2000))
    assert info.value.limit == "max_elements"
    assert info.value.actual is not None and info.value.actual > 2000
    assert "Limits(max_elements=...)" in str(info.value)


@pytest.mark.parametrize("page", [one_row, many_rows], ids=["one_row", "many_rows"])
def test_a_table_with_too_many_cells_is_refused_before_it_is_walked(
    page: Callable[[int], str]
) -> None:
    with pytest.raises(LimitExceeded) as info:
        read(page(3000), Limits(max_table_cells=1000))
    assert info.value.limit == "max_table_cells"
    assert info.value.actual == 3000
    assert "counted before reading it" in str(info.value)
    assert len(only_grid(read(page(1000), Limits(max_table_cells=1000))).cells) == 1000


@pytest.mark.parametrize(("cells", "reached"), [
    ('<td colspan="2">1</td>' * 600, "counting the columns"),  # 600 cells, 1,200 columns
    # one cell 20 columns wide reaching down 100 rows: 2,000 grid cells
    ('<tr><td rowspan="1000" colspan="20">1</td></tr>' + "<tr><td>2</td></tr>" * 99,
     "row 1"),
], ids=["colspans", "rowspans"])
def test_merged_cells_count_every_grid_cell_they_cover(cells: str, reached: str) -> None:
    """Spans escape the quick count of cells; the exact count, made as the table is read,
    catches them."""
    page = f"<table>{cells}</table>" if "<tr>" in cells else f"<table><tr>{cells}</tr></table>"
    with pytest.raises(LimitExceeded) as info:
        read(page, Limits(max_table_cells=1000))
    assert info.value.limit == "max_table_cells"
    assert info.value.actual is not None and 1000 < info.value.actual <= 2000
    assert reached in str(info.value)


def test_the_cell_limit_stops_the_reader_early() -> None:
    """Refusal happens while cells are counted, before their text is read: the table
    reading done on a table ten times over the limit is less than on one at the limit."""
    limits = Limits(max_table_cells=1000)
    table_reading = frozenset({"read_table", "_table_rows", "_cell_text", "_colspan"})
    at_limit = executed_lines(lambda: read(one_row(1000), limits), table_reading)

    def over() -> None:
        with pytest.raises(LimitExceeded):
            read(one_row(10_000), limits)

    assert executed_lines(over, table_reading) < at_limit


@pytest.mark.slow
@pytest.mark.parametrize(("page", "limit", "traced"), [
    (one_row, "max_elements", True),    # 1,000,000 <td> in one row took 42 s
    (many_rows, "max_elements", True),  # 1,000,000 rows took 81 s
    # just under max_elements: parsed, then refused while its cells are counted (the heap
    # is not traced here: tracing slows the walk past the timeout on a loaded machine)
    (lambda n: one_row(n - 1000), "max_table_cells", False),
], ids=["one_row", "many_rows", "one_row_under_max_elements"])
def test_the_issues_million_cell_pages_are_refused(page: Callable[[int], str], limit: str,
                                                  traced: bool) -> None:
    import tracemalloc

    data = page(1_000_000).encode()
    if traced:
        tracemalloc.start()
    try:
        with pytest.raises(LimitExceeded) as info:
            read(data, Limits(timeout=20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.limit == limit
    if traced:
        assert peak < 64 << 20  # refused before parsing: nothing of the page's size was built


# --- the dependency exception map --------------------------------------------------------------

def _lxml_error_instances() -> list[BaseException]:
    from lxml import etree

    return [etree.XMLSyntaxError("bad", 1, 1, 1, "page.html"), etree.ParserError("parser"),
            etree.LxmlError("lxml"), etree.SerialisationError("serialise"),
            ValueError("All strings must be XML compatible"),
            UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")]


def test_the_cases_cover_the_map() -> None:
    """Each class the map names is raised as itself below, and every case is in the map."""
    cases = _lxml_error_instances()
    assert all(isinstance(e, _html.LXML_ERRORS) for e in cases)
    assert {type(e) for e in cases} >= set(_html.LXML_ERRORS)


@pytest.mark.parametrize("exc", _lxml_error_instances(), ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("stage", ["fromstring", "_blocks"])
def test_every_lxml_error_is_corrupt_document(monkeypatch: pytest.MonkeyPatch,
                                              exc: BaseException, stage: str) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise exc

    if stage == "fromstring":
        monkeypatch.setattr(_html.etree, "fromstring", fail)
    else:
        monkeypatch.setattr(_html, "_blocks", fail)
    with pytest.raises(CorruptDocument) as info:
        read("<table><tr><td>1</td></tr></table>")
    assert info.value.__cause__ is exc
    assert info.value.format == "html"


@pytest.mark.parametrize("exc", [RuntimeError("bug"), KeyError("bug"), AttributeError("bug")],
                         ids=lambda e: type(e).__name__)
def test_an_exception_outside_the_map_is_not_swallowed(monkeypatch: pytest.MonkeyPatch,
                                                        exc: BaseException) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(_html, "_blocks", fail)
    with pytest.raises(type(exc)):
        read("<table><tr><td>1</td></tr></table>")
