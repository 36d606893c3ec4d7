"""The Markdown reader: pipe tables and embedded HTML tables as PDF→Markdown converters write
them (merged cells as placeholders — marker; repeated — docling; HTML — MinerU), read into
exact grids with the merges recovered, and whole reports extracted from them."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from _render.layout import GridTable, Heading, LayoutStyle, layout_report, styles
from _render.layout import Paragraph as LayoutParagraph
from hypothesis import given
from hypothesis import strategies as st
from roundtrip import describe, mismatches
from strategies import ReportData, reports

import gxtables
from gxtables._grid import CellGrid, Document, Paragraph
from gxtables._limits import Deadline, Limits
from gxtables._readers._html import read_html
from gxtables._readers._markdown import (
    looks_like_markdown,
    looks_like_markdown_bytes,
    read_markdown,
    split_pipe_row,
)
from gxtables._sniff import sniff_format

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
RENDERS = Path(__file__).parent / "fixtures" / "seed_renders"
STYLES = ("marker", "docling", "mineru")

#: (text, row, col, rowspan, colspan) — one grid cell, merged cells once at the top left.
Spec = tuple[str, int, int, int, int]


# -- a Markdown writer in each converter's style ----------------------------------------------


def _matrix(cells: Sequence[Spec], n_rows: int, n_cols: int, style: str) -> list[list[str]]:
    """The pipe-table matrix of a grid: a merged cell's text at its top left and empty
    placeholders elsewhere (marker), or its text in every position it covers (docling)."""
    out = [[""] * n_cols for _ in range(n_rows)]
    for text, r, c, rs, cs in cells:
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                if style == "docling" or (rr, cc) == (r, c):
                    out[rr][cc] = text
    return out


@dataclass(frozen=True)
class Writer:
    """How a converter prints a pipe table: outer pipes, the first row in bold, cells padded
    to a column width (docling's tabulate), long labels wrapped with ``<br>`` (marker keeps
    the PDF's line breaks), an empty header row above the table (no header detected)."""

    outer: bool = True
    bold_first_row: bool = False
    pad: bool = False
    wrap: bool = False
    blank_header: bool = False
    #: The applications table cut at this grid row into two tables, a page footer between
    #: them, as converters print a table that runs over a page break; ``None``: not cut.
    page_break: int | None = None
    #: MinerU: each HTML table inside ``<html><body>`` (older versions) or bare.
    html_wrapper: bool = True


def writers() -> st.SearchStrategy[Writer]:
    return st.builds(Writer, outer=st.booleans(), bold_first_row=st.booleans(),
                     pad=st.booleans(), wrap=st.booleans(), blank_header=st.booleans(),
                     page_break=st.none() | st.integers(4, 30), html_wrapper=st.booleans())


def cut_cells(cells: Sequence[Spec], cut: int) -> tuple[list[Spec], list[Spec]]:
    """A grid cut above row ``cut``: a merged cell reaching over the cut keeps its text
    above it and leaves an empty merged cell below (the PDF printed its label once)."""
    top: list[Spec] = []
    bottom: list[Spec] = []
    for text, r, c, rs, cs in cells:
        if r + rs <= cut:
            top.append((text, r, c, rs, cs))
        elif r >= cut:
            bottom.append((text, r - cut, c, rs, cs))
        else:
            top.append((text, r, c, cut - r, cs))
            bottom.append(("", 0, c, r + rs - cut, cs))
    return top, sorted(bottom, key=lambda s: (s[1], s[2]))


def _wrapped(text: str, writer: Writer) -> str:
    if writer.wrap and len(text) >= 6 and not any(ch.isdigit() for ch in text):
        return text[: len(text) // 2] + "\n" + text[len(text) // 2:]
    return text


def _pipe_cell(text: str, *, bold: bool) -> str:
    text = text.replace("|", "\\|").replace("\n", "<br>")
    return f"**{text}**" if bold and text else text


def _pipe_table(cells: Sequence[Spec], n_rows: int, n_cols: int, style: str,
                writer: Writer) -> str:
    matrix = [[_wrapped(t, writer) for t in row]
              for row in _matrix(cells, n_rows, n_cols, style)]
    if writer.blank_header:
        matrix.insert(0, [""] * n_cols)
    texts = [[_pipe_cell(t, bold=writer.bold_first_row and r == 0) for t in row]
             for r, row in enumerate(matrix)]
    if writer.pad:
        widths = [max(3, *(len(row[c]) for row in texts)) for c in range(n_cols)]
        texts = [[t.ljust(widths[c]) for c, t in enumerate(row)] for row in texts]
    else:
        widths = [3] * n_cols
    lines = []
    for r, row in enumerate(texts):
        body = " | ".join(row)
        # GFM: without outer pipes an empty first or last cell cannot be written.
        bare = not writer.outer and matrix[r][0] and matrix[r][-1]
        lines.append(body if bare else f"| {body} |")
        if r == 0:
            sep = " | ".join((":" + "-" * (w - 2) + ":") if c % 3 == 1 else "-" * w
                             for c, w in enumerate(widths))
            lines.append(sep if not writer.outer else f"| {sep} |")
    return "\n".join(lines)


def _html_table(cells: Sequence[Spec], n_rows: int, writer: Writer) -> str:
    rows: list[list[str]] = [[] for _ in range(n_rows)]
    for text, r, _c, rs, cs in cells:
        spans = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        body = html.escape(_wrapped(text, writer)).replace("\n", "<br>")
        rows[r].append(f"<td{spans}>{body}</td>")
    table = "<table>" + "".join(f"<tr>{''.join(r)}</tr>" for r in rows) + "</table>"
    return f"<html><body>{table}</body></html>" if writer.html_wrapper else table


def write_table(cells: Sequence[Spec], n_rows: int, n_cols: int, style: str,
                writer: Writer = Writer()) -> str:
    """One grid as ``style`` prints it: ``marker`` (placeholders), ``docling`` (repeats) or
    ``mineru`` (an HTML table)."""
    if style == "mineru":
        return _html_table(cells, n_rows, writer)
    return _pipe_table(cells, n_rows, n_cols, style, writer)


def _layout_cells(table: GridTable) -> list[Spec]:
    return [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in table.cells]


def markdown_report(data: ReportData, style: str, layout_style: LayoutStyle | None = None,
                    writer: Writer = Writer()) -> str:
    """A generated report as a converter would print it."""
    blocks = layout_report(data, layout_style) if layout_style else layout_report(data)
    parts = []
    for block in blocks:
        if isinstance(block, GridTable):
            cut = writer.page_break
            if block.key == "applications" and cut is not None and cut < block.n_rows:
                top, bottom = cut_cells(_layout_cells(block), cut)
                parts.append(write_table(top, cut, block.n_cols, style, writer))
                parts.append("— 3 —")
                parts.append(write_table(bottom, block.n_rows - cut, block.n_cols, style,
                                         writer))
                continue
            parts.append(write_table(_layout_cells(block), block.n_rows, block.n_cols, style,
                                     writer))
        elif isinstance(block, Heading):
            parts.append(f"## {block.text}")
        else:
            assert isinstance(block, LayoutParagraph)
            parts.append(block.text)
    return "\n\n".join(parts) + "\n"


def markdown_document(doc: Document, style: str) -> str:
    """A document read from another format, its grids printed as Markdown."""
    parts = []
    for block in doc.blocks:
        if isinstance(block, CellGrid):
            cells = [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in block.cells]
            parts.append(write_table(cells, block.n_rows, block.n_cols, style))
        else:
            parts.append(block.text)
    return "\n\n".join(parts) + "\n"


# -- helpers ----------------------------------------------------------------------------------


def read(text: str) -> Document:
    return read_markdown(text.split("\n"), deadline=Deadline(30.0), source="t.md")


def grids(text: str) -> list[list[Spec]]:
    return [[(c.text, c.row, c.col, c.rowspan, c.colspan) for c in g.cells]
            for g in read(text).grids]


def extract_markdown(text: str) -> gxtables.Report:
    """``gxtables.extract`` on the Markdown bytes. While the format sniffer still calls a
    document with ``<br>``/``<table>`` HTML (see notes/markdown.md), it is told the bytes are
    text, which is what it will say once it asks ``looks_like_markdown_bytes``."""
    data = text.encode("utf-8")
    if sniff_format(data) == "text":
        return gxtables.extract(data)
    with mock.patch("gxtables._api.sniff_format", return_value="text"):
        return gxtables.extract(data)


# -- cells and lines ---------------------------------------------------------------------------


def test_split_pipe_row_escapes_breaks_emphasis_and_outer_pipes() -> None:
    assert split_pipe_row("| **总计** | 1<br>2 | a \\| b |") == ["总计", "12", "a | b"]
    assert split_pipe_row("规章 | *0件* | __4件__") == ["规章", "0件", "4件"]
    assert split_pipe_row("| 本年新<br/>制作数量 | \\- | &nbsp; |") == ["本年新制作数量", "-", ""]
    assert split_pipe_row("|  | x |") == ["", "x"]


def test_a_figure_set_as_code_or_math_is_its_number() -> None:
    """Converters set some figures as a code span or math (`` `12` ``, ``$12$``,
    ``$\\mathbf{12}$``): the cell is the number; other math stays as written."""
    assert split_pipe_row("| 规章 | `12` | $3$ | $\\mathbf{1,024}$ | $$ 0 $$ |") == [
        "规章", "12", "3", "1,024", "0"]
    assert split_pipe_row("| $x+1$ | `a` |") == ["$x+1$", "a"]


def test_headings_lists_and_prose_are_paragraphs_with_lines() -> None:
    doc = read("# 标题\n\n## **三、收到和处理政府信息公开申请情况** ##\n- 一是加强\n> 引文\n\n---\n正文。\n")
    assert [(b.text, b.location.line) for b in doc.blocks if isinstance(b, Paragraph)] == [
        ("标题", 1), ("三、收到和处理政府信息公开申请情况", 3), ("一是加强", 4), ("引文", 5),
        ("正文。", 8)]
    assert doc.format == "markdown"


def test_simple_table_every_cell_located_on_its_line() -> None:
    doc = read("前言\n\n信息内容 | 本年制发件数 | 本年废止件数\n:--|:-:|--:\n规章 | 1 | \n规范性文件 | 2 | 3\n")
    (grid,) = doc.grids
    assert grid.exact
    assert [(c.text, c.row, c.col, c.location.line) for c in grid.cells] == [
        ("信息内容", 0, 0, 3), ("本年制发件数", 0, 1, 3), ("本年废止件数", 0, 2, 3),
        ("规章", 1, 0, 5), ("1", 1, 1, 5), ("", 1, 2, 5),
        ("规范性文件", 2, 0, 6), ("2", 2, 1, 6), ("3", 2, 2, 6)]


def test_pipe_lines_without_separator_are_not_markdown() -> None:
    assert not looks_like_markdown(["a | b | c", "1 | 2 | 3"])
    assert looks_like_markdown(["a | b", "---|---", "1 | 2"])
    assert looks_like_markdown(["前言", "<table><tr><td>1</td></tr></table>"])
    assert not looks_like_markdown(["a | b", "- | -", "1 | 2"])  # a row of null values


def test_rows_between_outer_pipes_with_no_delimiter_row_are_a_grid() -> None:
    """A converter that lost a table's header (or an LLM's summary) still prints its rows
    between outer pipes: a grid, while a line with a pipe or two in prose stays prose."""
    doc = read("## 表二\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 3 |\n\n"
               "行政复议行政诉讼\n| 119 | 25 | 91 |\n| 7 | 0 | 15 |\n\n甲 | 乙\n")
    assert [[(c.text, c.row, c.col) for c in g.cells] for g in doc.grids][1] == [
        ("119", 0, 0), ("25", 0, 1), ("91", 0, 2), ("7", 1, 0), ("0", 1, 1), ("15", 1, 2)]
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)][-2:] == [
        "行政复议行政诉讼", "甲 | 乙"]


def test_review_values_under_only_its_top_header_read_in_the_official_order() -> None:
    md = ("# XX市2025年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n"
          "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
          "| 规章 | 3 | 0 | 15 |\n\n四、政府信息公开行政复议、行政诉讼情况\n行政复议行政诉讼\n"
          "| 119 | 25 | 91 | 24 | 259 | 7 | 0 | 15 | 6 | 28 | 21 | 1 | 7 | 9 | 38 |\n")
    report = gxtables.extract(md.encode("utf-8"), layout="2021")
    assert [[c.value for c in row.values()] for row in report["review_litigation"].rows.values()] == [
        [119, 25, 91, 24, 259], [7, 0, 15, 6, 28], [21, 1, 7, 9, 38]]
    assert [(i.code, i.severity) for i in report.issues if i.table == "review_litigation"] == [
        ("header_not_matched", "warning")]


def test_header_row_shorter_than_the_delimiter_row_is_padded() -> None:
    """A converter that trims the empty last cell of the first row (GFM would refuse the
    table): the row is padded, the placeholder merged."""
    md = "| 信息内容 | 采购总金额 |\n|---|---|---|\n| 政府集中采购 | 7 |  |\n"
    assert grids(md) == [[("信息内容", 0, 0, 1, 1), ("采购总金额", 0, 1, 1, 2),
                          ("政府集中采购", 1, 0, 1, 1), ("7", 1, 1, 1, 2)]]


# -- merged cells ------------------------------------------------------------------------------

APPLICANTS: list[Spec] = [
    ("说明", 0, 0, 3, 3), ("申请人情况", 0, 3, 1, 7),
    ("自然人", 1, 3, 2, 1), ("法人或其他组织", 1, 4, 1, 5), ("总计", 1, 9, 2, 1),
    ("商业企业", 2, 4, 1, 1), ("科研机构", 2, 5, 1, 1), ("社会公益组织", 2, 6, 1, 1),
    ("法律服务机构", 2, 7, 1, 1), ("其他", 2, 8, 1, 1),
    ("一、本年新收", 3, 0, 1, 3), *[(v, 3, 3 + i, 1, 1) for i, v in enumerate("0010001")],
    ("三、本年度办理结果", 4, 0, 3, 1), ("（一）予以公开", 4, 1, 1, 2),
    *[(v, 4, 3 + i, 1, 1) for i, v in enumerate(["0", "0", "", "0", "", "0", "0"])],
    ("（三）不予公开", 5, 1, 2, 1), ("1.属于国家秘密", 5, 2, 1, 1),
    *[(v, 5, 3 + i, 1, 1) for i, v in enumerate("0000000")],
    ("2.其他法律行政法规禁止公开", 6, 2, 1, 1),
    *[(v, 6, 3 + i, 1, 1) for i, v in enumerate(["", "", "", "", "", "", ""])],
    ("四、结转下年度继续办理", 7, 0, 1, 3), *[(v, 7, 3 + i, 1, 1) for i, v in enumerate("1111111")],
]

LEAVES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
REVIEW: list[Spec] = [
    ("行政复议", 0, 0, 1, 5), ("行政诉讼", 0, 5, 1, 10),
    *[(x, 1, i, 2, 1) for i, x in enumerate(LEAVES)],
    ("未经复议直接起诉", 1, 5, 1, 5), ("复议后起诉", 1, 10, 1, 5),
    *[(x, 2, 5 + i, 1, 1) for i, x in enumerate(LEAVES + LEAVES)],
    *[(v, 3, i, 1, 1) for i, v in enumerate(["0", "0", "0", "0", "0", "1", "0", "", "0", "1",
                                             "0", "0", "0", "0", "0"])],
]

#: Found by the round trip: with the litigation values all blank, the header row of leaves
#: under 行政诉讼 has text only where no value is printed; it is still a header row.
REVIEW_BLANK_LITIGATION: list[Spec] = [
    *REVIEW[:-15],
    *[(v, 3, i, 1, 1) for i, v in enumerate(["25", "", "", "", "２５"] + [""] * 10)],
]

ARTICLE20_COMBINED: list[Spec] = [
    ("第二十条第（一）项", 0, 0, 1, 4),
    ("信息内容", 1, 0, 1, 1), ("本年制发件数", 1, 1, 1, 1), ("本年废止件数", 1, 2, 1, 1),
    ("现行有效件数", 1, 3, 1, 1),
    ("规章", 2, 0, 1, 1), ("0", 2, 1, 1, 1), ("0", 2, 2, 1, 1), ("0", 2, 3, 1, 1),
    ("第二十条第（八）项", 3, 0, 1, 4),
    ("信息内容", 4, 0, 1, 1), ("本年收费金额（单位：万元）", 4, 1, 1, 3),
    ("行政事业性收费", 5, 0, 1, 1), ("12.5", 5, 1, 1, 3),
    ("第二十条第（九）项", 6, 0, 1, 4),
    ("信息内容", 7, 0, 1, 1), ("采购项目数量", 7, 1, 1, 1), ("采购总金额", 7, 2, 1, 2),
    ("政府集中采购", 8, 0, 1, 1), ("0", 8, 1, 1, 1), ("0", 8, 2, 1, 2),
    ("规范性文件", 9, 0, 1, 1), ("", 9, 1, 1, 1), ("", 9, 2, 1, 2),
]


def _size(cells: Sequence[Spec]) -> tuple[int, int]:
    return (max(r + rs for _, r, _, rs, _ in cells), max(c + cs for _, _, c, _, cs in cells))


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize(
    "table", [APPLICANTS, REVIEW, REVIEW_BLANK_LITIGATION, ARTICLE20_COMBINED],
    ids=["applications", "review", "review_blank_litigation", "article20_combined"])
def test_merged_cells_recovered_exactly_in_every_converter_style(
    table: list[Spec], style: str
) -> None:
    n_rows, n_cols = _size(table)
    (got,) = grids(write_table(table, n_rows, n_cols, style) + "\n")
    assert got == sorted(table, key=lambda s: (s[1], s[2]))


def test_zeros_under_distinct_headers_stay_separate_values() -> None:
    """0 | 0 under 自然人 | 商业企业 are two zeros, even in docling's repeat style."""
    md = ("| 项目 | 自然人 | 商业企业 |\n|---|---|---|\n| 一、本年新收 | 0 | 0 |\n"
          "| 二、上年结转 | 3 | 3 |\n")
    assert grids(md) == [[("项目", 0, 0, 1, 1), ("自然人", 0, 1, 1, 1), ("商业企业", 0, 2, 1, 1),
                          ("一、本年新收", 1, 0, 1, 1), ("0", 1, 1, 1, 1), ("0", 1, 2, 1, 1),
                          ("二、上年结转", 2, 0, 1, 1), ("3", 2, 1, 1, 1), ("3", 2, 2, 1, 1)]]


def test_value_repeated_under_one_merged_header_is_one_value() -> None:
    md = ("| 信息内容 | 采购总金额 | 采购总金额 |\n|---|---|---|\n| 政府集中采购 | 7 | 7 |\n"
          "| 其他 | 5 |  |\n")
    assert grids(md) == [[("信息内容", 0, 0, 1, 1), ("采购总金额", 0, 1, 1, 2),
                          ("政府集中采购", 1, 0, 1, 1), ("7", 1, 1, 1, 2),
                          ("其他", 2, 0, 1, 1), ("5", 2, 1, 1, 2)]]


def test_different_values_under_one_merged_header_are_kept_apart() -> None:
    md = "| 信息内容 | 金额 |  |\n|---|---|---|\n| 收费 | 7 | 8 |\n"
    assert grids(md)[0][-2:] == [("7", 1, 1, 1, 1), ("8", 1, 2, 1, 1)]


def test_blank_body_row_is_not_a_header() -> None:
    """A row whose values are all blank (a lone label) is read as a body row, its blanks
    kept as empty value cells."""
    md = "| 信息内容 | 甲 | 乙 |\n|---|---|---|\n| 规章 |  |  |\n| 规范性文件 | 1 | 2 |\n"
    assert grids(md)[0][3:6] == [("规章", 1, 0, 1, 1), ("", 1, 1, 1, 1), ("", 1, 2, 1, 1)]


def test_embedded_html_table_cells_on_their_lines() -> None:
    md = "前言\n\n<table>\n<tr><td rowspan=\"2\">甲</td><td>1</td></tr>\n<tr><td>2</td></tr>\n</table>\n尾\n"
    doc = read(md)
    (grid,) = doc.grids
    assert [(c.text, c.row, c.col, c.rowspan, c.location.line) for c in grid.cells] == [
        ("甲", 0, 0, 2, 4), ("1", 0, 1, 1, 4), ("2", 1, 1, 1, 5)]
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["前言", "尾"]


# -- whole reports -----------------------------------------------------------------------------


def _seed_expected(name: str) -> dict[str, object]:
    return json.loads((SEEDS / f"{name}.expected.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _wrong_cells(report: gxtables.Report, expected: dict[str, object]) -> list[object]:
    """Cells unlike the expected JSON: value, raw and unit equal; a cell the JSON marks
    ``"expect": "flagged"`` must be null or covered by an error/warning issue."""
    wrong: list[object] = []
    tables = expected["tables"]
    assert isinstance(tables, dict)
    for table, rows in tables.items():
        for row, cols in rows.items():
            for col, cell in cols.items():
                got = report[table][row][col]
                if cell.get("expect") == "flagged":
                    flagged = any(i.severity in ("error", "warning") and i.table == table
                                  and i.row in (None, row) for i in report.issues)
                    if got.value is not None and not flagged:
                        wrong.append((table, row, col, "should be flagged", got.value))
                    continue
                want = (cell["value"], cell.get("raw", got.raw), cell.get("unit", got.unit))
                if (got.value, got.raw, got.unit) != want:
                    wrong.append((table, row, col, cell, got.value, got.raw, got.unit))
    return wrong


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("seed", sorted(p.stem for p in RENDERS.glob("*.html")))
def test_seed_as_markdown_every_cell_as_expected(seed: str, style: str) -> None:
    """A seed's tables (seed 000 first; as its HTML rendering lays them out, merged cells
    and all) printed by each converter: every cell equals the expected JSON."""
    page = read_html((RENDERS / f"{seed}.html").read_bytes(), limits=Limits(),
                     source=f"{seed}.html")
    md = markdown_document(page, style)
    report = extract_markdown(md)
    expected = _seed_expected(seed)
    assert report.template == expected["template"]
    assert _wrong_cells(report, expected) == []
    located = [c.location for t in report.tables.values() for r in t.rows.values()
               for c in r.values() if c.raw is not None]
    assert located and all(loc is not None and loc.line for loc in located)


@given(data=reports(), layout_style=styles(), style=st.sampled_from(STYLES), writer=writers())
def test_generated_reports_as_markdown_round_trip(
    data: ReportData, layout_style: LayoutStyle, style: str, writer: Writer
) -> None:
    md = markdown_report(data, style, layout_style, writer)
    report = extract_markdown(md)
    assert report.template == data.template
    bad = mismatches(data, report)
    assert not bad, describe(report, bad) + "\n" + md


# -- format detection ---------------------------------------------------------------------------


def test_sniff_helper_tells_markdown_from_a_web_page() -> None:
    assert looks_like_markdown_bytes(b"| a<br>b | c |\n|---|---|\n")
    assert looks_like_markdown_bytes("# 报告\n\n<html><body><table><tr><td>1</td></tr></table>"
                                     "</body></html>\n".encode())
    assert not looks_like_markdown_bytes(b"<!DOCTYPE html><html><body><p># 1</p><table>")
    assert not looks_like_markdown_bytes(b"<table><tr><td>1</td></tr></table>")
    mineru = b"<html><body><table><tr><td>1</td></tr></table></body></html>\n\n"
    assert looks_like_markdown_bytes(mineru * 2)  # tables only, each in its own page wrapper
    assert not looks_like_markdown_bytes(mineru)


def test_sniffer_sends_markdown_with_html_to_the_text_reader() -> None:
    assert sniff_format(b"| a<br>b | c |\n|---|---|\n| 1 | 2 |\n") == "text"
    assert sniff_format("## 报告\n\n<table><tr><td>1</td></tr></table>\n".encode()) == "text"


# -- robustness ---------------------------------------------------------------------------------

_TOKENS = ["|", "|", "|", " | ", "---", ":--", "--:", "\n", "\n", "\n\n", "**", "*", "_", "\\",
           "\\|", "<br>", "<table>", "</table>", "<tr>", "<td>", '<td rowspan="3">',
           '<td colspan="2">', "</td>", "#", "- ", "> ", "```", "&nbsp;", "0", "12", "-5", "—",
           "规章", "总计", "自然人", "第二十条第（一）项", " "]


@given(st.lists(st.sampled_from(_TOKENS), max_size=120))
def test_any_markdown_reads_or_raises_our_error_and_pipe_grids_tile(tokens: list[str]) -> None:
    text = "".join(tokens)
    try:
        doc = read(text)
    except gxtables.GxtablesError:
        return
    if "<table" in text:
        return
    for grid in doc.grids:
        seen: dict[tuple[int, int], int] = {}
        for cell in grid.cells:
            assert cell.location.line is not None
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    seen[(r, c)] = seen.get((r, c), 0) + 1
        assert set(seen.values()) == {1}
        assert len(seen) == grid.n_rows * grid.n_cols


def test_table_over_max_table_cells_is_refused() -> None:
    md = "| " + " | ".join(f"列{i}" for i in range(50)) + " |\n|" + "---|" * 50 + "\n" + \
        ("| " + " | ".join(["1"] * 50) + " |\n") * 30
    with pytest.raises(gxtables.LimitExceeded) as info:
        read_markdown(md.split("\n"), deadline=Deadline(30.0), source="t.md",
                      limits=Limits(max_table_cells=1000))
    assert info.value.limit == "max_table_cells"
    assert len(read(md).grids[0].cells) == 31 * 50


def test_blank_values_in_the_first_column_stay_one_cell_per_row() -> None:
    """Only a column of labels merges down: blank values in the first column do not."""
    md = "| 甲 | 乙 |\n|---|---|\n|  | 1 |\n|  | 2 |\n"
    assert grids(md)[0][2:] == [("", 1, 0, 1, 1), ("1", 1, 1, 1, 1), ("", 2, 0, 1, 1),
                                ("2", 2, 1, 1, 1)]


def test_continued_table_takes_the_column_groups_of_the_table_it_continues() -> None:
    """A table cut at a page break: the part after the break has no header; its label
    placeholders continue down and the empty cell beside a label is no value."""
    top, bottom = cut_cells(APPLICANTS, 5)
    md = (write_table(top, 5, 10, "marker") + "\n\n— 3 —\n\n"
          + write_table(bottom, 3, 10, "marker") + "\n")
    (_, second) = grids(md)
    assert second[:3] == [("", 0, 0, 2, 1), ("（三）不予公开", 0, 1, 2, 1), ("1.属于国家秘密", 0, 2, 1, 1)]
    assert ("四、结转下年度继续办理", 2, 0, 1, 3) in second
    assert all(not (r == 1 and c == 1) for _, r, c, _, _ in second)
