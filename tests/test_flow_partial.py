"""pdftotext default mode: side-by-side tables whose columns are not all complete
(gxtables/_readers/_flow_partial.py, issue 12).

A column with a blank cell loses its order: poppler writes fewer values under its header, or
the header alone and the values as blocks of their own, or the first column inside the label
run. Only complete columns (one value per row, in one block under their header) are placed;
every other cell must come out null and flagged — never a value in a row it was not in.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import gxtables
from gxtables._grid import CellGrid, Paragraph
from gxtables._readers._flow_partial import UNPLACED, partial_tables

FIXTURES = Path(__file__).parent / "fixtures" / "pdftotext"


def _flagged(report: gxtables.Report, table: str, row: str) -> bool:
    return any(i.severity in ("error", "warning") and i.table in (None, table)
               and i.row in (None, row) for i in report.issues)


def test_complete_columns_of_the_real_libreoffice_text_are_placed() -> None:
    """002.lo: 本年增/减 has one ``-`` for two rows, the first table's first column is drawn
    inside the label run (``34`` after 规范性文件): the complete columns are read, the rest
    flagged."""
    report = gxtables.extract(FIXTURES / "002.lo.default.txt")
    a5 = report["article20_5"]
    assert [a5[r]["previous_count"].value for r in ("licensing", "other_services")] == [1421, 1282]
    assert [a5[r]["decisions"].value for r in ("licensing", "other_services")] == [73290, 445870]
    assert report["article20_6"]["coercion"]["decisions"].value == 729
    assert report["article20_8"]["fees"]["change"].value == 0
    assert report["article20_9"]["procurement"]["amount"].value == 9282.3866
    for table, rows in (("article20_5", ("licensing", "other_services")),
                        ("article20_6", ("penalty", "coercion"))):
        for row in rows:
            assert report[table][row]["change"].value is None
            assert _flagged(report, table, row)
    a1 = report["article20_1"]
    for row in ("regulations", "normative_documents"):
        assert all(a1[row][c].value is None for c in ("made", "published", "total_published"))
        assert _flagged(report, "article20_1", row)


def test_values_written_apart_from_their_header_are_never_placed() -> None:
    """004.lo: 规章 left blank, so each 22 of 规范性文件 is a block of its own after the three
    headers. Which row they belong to is not in the text: the table stays flagged."""
    report = gxtables.extract(FIXTURES / "004.lo.default.txt")
    a1 = report["article20_1"]
    for row in ("regulations", "normative_documents"):
        assert all(a1[row][c].value is None for c in ("made", "published", "total_published"))
        assert _flagged(report, "article20_1", row)
    assert report["article20_5"]["other_services"]["change"].value == 1
    assert report["article20_6"]["penalty"]["decisions"].value == 931891


_TWO_TABLES = ["甲表", "信息内容", "行一", "行二", "乙表", "信息内容", "行三", "行四", "",
               "上年数量", "1", "2", "", "本年数量", "3", "", "处理数量", "5", "6", "",
               "四、其他", "正文。"]


def test_a_split_that_only_the_tie_breaks_could_choose_is_refused() -> None:
    """Two tables of two rows, three column blocks (one short): 甲 [上年, 本年] 乙 [处理]
    or 甲 [上年] 乙 [本年, 处理]; tables of as many rows have as many columns, so neither."""
    assert partial_tables(_TWO_TABLES, 0) is None


def test_a_header_alone_at_the_end_is_not_taken_for_a_heading() -> None:
    """``四、其他`` after the last block, then a blank line: a section heading, or a last
    column left blank (and then the split is not known)? Neither is assumed."""
    lines = [*_TWO_TABLES[:19], "", "处理数量", "", "正文。"]
    assert partial_tables(lines, 0) is None


def test_a_column_header_among_the_labels_is_refused() -> None:
    """A table's first column drawn inside the label run, its cells blank: its header reads
    as one more row label. When that name heads columns further on, whose column it is
    (and so which blocks belong to which table) is not known."""
    lines = ["甲表", "信息内容", "上年数量", "行一", "行二", "乙表", "信息内容", "行三", "行四",
             "丙表", "信息内容", "行五", "行六", "",
             "本年数量", "1", "", "处理数量", "", "上年数量", "", "本年数量", "3", "4", "",
             "处理数量", "5", "6", "", "上年数量", "7", "8", "", "本年数量", "", "处理数量", "9",
             "", "四、其他", "正文。"]
    assert partial_tables(lines, 0) is None


def test_a_header_repeated_in_one_table_is_no_split() -> None:
    """Headers that repeat start another table, whatever their value counts say."""
    lines = ["甲表", "信息内容", "行一", "行二", "乙表", "信息内容", "行三", "行四", "",
             "上年数量", "1", "2", "", "本年数量", "3", "", "上年数量", "5", "6", "",
             "本年数量", "7", "8", "", "四、其他", "正文。"]
    got = partial_tables(lines, 0)
    assert got is not None
    grids = [b for b in got[0] if isinstance(b, CellGrid)]
    first = {(c.row, c.col): c.text for c in grids[0].cells}
    second = {(c.row, c.col): c.text for c in grids[1].cells}
    assert [first[1, 1], first[2, 1], first[1, 2], first[2, 2]] == ["1", "2", UNPLACED, UNPLACED]
    assert [second[1, 1], second[2, 1], second[1, 2], second[2, 2]] == ["5", "6", "7", "8"]


def test_a_wrapped_label_is_joined_only_when_two_columns_say_so() -> None:
    """Three label lines (行政许可 / 其他对外管理服务 / 事项) with one complete column of two
    values might be two rows (one wrapped) or three rows with a blank: no value placed."""
    lines = ["甲表", "信息内容", "行政许可", "其他对外管理服务", "事项",
             "乙表", "信息内容", "行政处罚", "行政强制", "",
             "上年数量", "1", "2", "", "本年数量", "3", "",
             "上年数量", "5", "6", "", "本年数量", "7", "8", "", "四、其他", "正文。"]
    got = partial_tables(lines, 0)
    assert got is not None
    grids = [b for b in got[0] if isinstance(b, CellGrid)]
    first = grids[0]
    assert first.n_rows == 4  # three rows of labels: nothing joined
    assert {c.text for c in first.cells if c.row > 0 and c.col > 0} == {UNPLACED}


@st.composite
def _drawn_tables(draw: st.DrawFn) -> tuple[list[str], dict[str, list[list[str | None]]]]:
    """Side-by-side tables written as pdftotext's flow, with blank cells: a complete column
    as one block, a column with blanks as its header and the values below it or as blocks
    of their own; the first table's first column maybe drawn inside the label run. As the
    reader assumes (and printed forms do): two value columns or more, and tables of as many
    rows side by side with as many columns."""
    n = draw(st.integers(2, 4))
    shapes: list[tuple[int, int]] = []
    for _ in range(n):
        shape = (draw(st.integers(1, 3)), draw(st.integers(2, 3)))
        if shapes and shapes[-1][0] == shape[0]:
            shape = shapes[-1]
        shapes.append(shape)
    heads = ["甲项数量", "乙项数量", "丙项数量"]
    truth: dict[str, list[list[str | None]]] = {}
    labels: list[str] = []
    blocks: list[str] = []
    inside = draw(st.booleans())
    for t, (nrows, ncols) in enumerate(shapes):
        names = [f"行{t}{r}名称" for r in range(nrows)]
        grid: list[list[str | None]] = [
            [draw(st.one_of(st.none(), st.integers(0, 99).map(str))) for _ in range(ncols)]
            for _ in range(nrows)]
        truth[f"第{t + 1}表"] = grid
        labels += [f"第{t + 1}表", "信息内容"]
        start = 0
        if t == 0 and inside:
            labels += [heads[0], *names, *(v for v in (g[0] for g in grid) if v is not None)]
            start = 1
        else:
            labels += names
        for c in range(start, ncols):
            column = [grid[r][c] for r in range(nrows)]
            present = [v for v in column if v is not None]
            if len(present) == nrows or draw(st.booleans()):
                blocks += [heads[c], *present, ""]
            else:
                blocks += [heads[c], ""]
                for v in present:
                    blocks += [v, ""]
    return [*labels, "", *blocks, "四、其他", "正文。"], truth


@given(_drawn_tables())
def test_no_value_is_placed_in_a_row_it_was_not_in(
        drawn: tuple[list[str], dict[str, list[list[str | None]]]]) -> None:
    lines, truth = drawn
    got = partial_tables(lines, 0)
    if got is None:
        return
    blocks, _end = got
    title = None
    for block in blocks:
        if isinstance(block, Paragraph):
            title = block.text
            continue
        assert title is not None
        grid = truth[title]
        heads = {c.col: c.text for c in block.cells if c.row == 0}
        for cell in block.cells:
            if cell.row == 0 or cell.col == 0 or cell.text == UNPLACED:
                continue
            # the matcher takes a column by its header's name: the value must be the one
            # printed in that row under that name
            column = ["甲项数量", "乙项数量", "丙项数量"].index(heads[cell.col])
            assert cell.row <= len(grid) and column < len(grid[0])
            assert grid[cell.row - 1][column] == cell.text
