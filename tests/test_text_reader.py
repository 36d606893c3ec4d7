"""The flattened-text reader: encodings and dialects → cell grids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import gxtables
from gxtables._errors import UnsupportedFormat
from gxtables._grid import CellGrid, Paragraph
from gxtables._limits import Limits
from gxtables._readers._text import read_text
from gxtables._readers._text_dialects import detect_dialect
from gxtables._readers._text_glued import split_run_together


def _read(text: str, encoding: str = "utf-8") -> list[CellGrid | Paragraph]:
    return list(read_text(text.encode(encoding), limits=Limits(), source=None).blocks)


def _grids(text: str, encoding: str = "utf-8") -> list[CellGrid]:
    return [b for b in _read(text, encoding) if isinstance(b, CellGrid)]


TAB = "标题\n\n\t信息内容\n\t本年新\n制作数量\n\t本年新\n\n公开数量\n\n\t规章\n\t0件\n\t\n\n\t规范性文件\n\t5\n\t6\n"


def test_tab_dialect_rows_and_broken_cells() -> None:
    (grid,) = _grids(TAB)
    rows = grid.rows()
    assert [c.text for c in rows[0]] == ["信息内容", "本年新制作数量", "本年新公开数量"]
    assert [c.text for c in rows[1]] == ["规章", "0件", ""]
    assert [c.text for c in rows[2]] == ["规范性文件", "5", "6"]
    assert grid.rows_known and not grid.exact
    assert rows[1][1].location.line == 11


def test_tab_dialect_heading_after_table_is_a_paragraph() -> None:
    blocks = _read("\t规章\n\t1\n四、政府信息公开行政复议、行政诉讼情况\n\n\t行政复议\n")
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["CellGrid", "Paragraph", "CellGrid"]


def test_blank_dialect_empty_cell_is_one_extra_newline() -> None:
    text = "一、本年新收\n\n240\n\n4\n\n\n1\n\n\n\n246\n\n二、上年结转\n\n3\n\n"
    (grid,) = _grids(text)
    assert [c.text for c in grid.cells] == ["一、本年新收", "240", "4", "", "1", "", "", "246",
                                            "二、上年结转", "3"]
    assert not grid.rows_known


def test_crlf_and_gbk_and_utf16() -> None:
    for enc in ("gb18030", "utf-16", "utf-8-sig"):
        (grid,) = _grids(TAB.replace("\n", "\r\n"), enc)
        assert grid.rows()[2][0].text == "规范性文件"


def test_pipe_dialect() -> None:
    text = "| 信息内容 | 本年制发件数 | 本年废止件数 |\n|---|---|---|\n| 规章 | 1 |  |\n| 行政规范性文件 | 2 | 3 |\n"
    (grid,) = _grids(text)
    assert [c.text for c in grid.rows()[1]] == ["规章", "1", ""]
    assert detect_dialect(text.split("\n")) == "pipe"


def test_pipes_closing_every_row_are_borders() -> None:
    text = "信息内容 | 本年制发件数 | 本年废止件数 |\n规章 | 1 |  |\n行政规范性文件 | 2 | 3 |\n"
    (grid,) = _grids(text)
    assert [c.text for c in grid.rows()[1]] == ["规章", "1", ""]
    assert [c.text for c in grid.rows()[2]] == ["行政规范性文件", "2", "3"]


def test_a_trailing_pipe_on_some_rows_only_is_an_empty_cell() -> None:
    text = "信息内容 | 本年制发件数 | 本年废止件数\n规章 | 1 |\n行政规范性文件 | 2 | 3\n"
    (grid,) = _grids(text)
    assert [c.text for c in grid.rows()[1]] == ["规章", "1", ""]


def test_spaces_dialect() -> None:
    text = "信息内容    本年制发件数    本年废止件数\n规章    1    0\n行政规范性文件    2    3\n"
    (grid,) = _grids(text)
    assert [c.text for c in grid.rows()[2]] == ["行政规范性文件", "2", "3"]


def test_run_together_rows_are_split_and_marked_joined() -> None:
    assert split_run_together("规章0件0件4件") == [
        ("规章", False), ("0件", False), ("0件", False), ("4件", False)]
    tokens = split_run_together("（三）不予公开1.属于国家秘密30000032.其他法律行政法规禁止公开6500001")
    assert tokens == [("（三）不予公开", False), ("1.属于国家秘密", False), ("3000003", True),
                      ("2.其他法律行政法规禁止公开", False), ("6500001", True)]


def test_thousands_separators_cut_a_run_where_they_prove_a_number_ends() -> None:
    # three digits after a comma end its number; one digit before the first comma starts it
    assert split_run_together("数量1,86053367111,940二、上年") == [
        ("数量", False), ("1,860", False), ("53367111,940", True), ("二、上年", False)]
    # "11,940" may be 1 and 1,940: a run for the solver, which cuts no piece at a comma
    assert split_run_together("行政许可11,940") == [("行政许可", False), ("11,940", True)]
    # a dash may be a sign or an empty cell glued on: the solver tells
    assert split_run_together("行政处罚2,743-4,440行政强制") == [
        ("行政处罚", False), ("2,743", False), ("-4,440", True), ("行政强制", False)]
    assert split_run_together("金额4,653.2万元") == [("金额", False), ("4,653.2万元", True)]


def test_a_run_with_thousands_separators_splits_only_into_numbers_they_write() -> None:
    from gxtables._readings import row_readings

    readings = row_readings([("604,61912", True, None)], 2)
    assert [[p.raw for p in r] for r in readings] == [["604,619", "12"]]
    assert [[p.value for p in r] for r in readings] == [[604619, 12]]


def test_run_together_line_in_document() -> None:
    (grid,) = _grids("一、本年新收政府信息公开申请数量150010218\n\n二、上年结转政府信息公开申请数量1000001\n")
    texts = [(c.text, c.joined) for c in grid.cells]
    assert texts[:2] == [("一、本年新收政府信息公开申请数量", False), ("150010218", True)]


def test_prose_is_not_split() -> None:
    blocks = _read("2020年，本机关共发布信息101条，办理申请12件。\n")
    assert [type(b).__name__ for b in blocks] == ["Paragraph"]


def test_binary_garbage_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat):
        read_text(bytes(range(256)) * 40, limits=Limits(), source=None)


def test_doubled_line_breaks_are_halved() -> None:
    text = "一、本年新收\n\n240\n\n4\n\n\n1\n\n二、上年结转\n\n3\n\n"
    (grid,) = _grids(text.replace("\n", "\n\n"))
    assert [c.text for c in grid.cells] == ["一、本年新收", "240", "4", "", "1", "二、上年结转", "3"]


def test_a_huge_run_with_separators_is_text_not_an_internal_error() -> None:
    import gxtables

    seed = Path(__file__).parent / "fixtures" / "seeds" / "000.txt"
    lines = seed.read_text(encoding="utf-8").split("\n")
    glued = "".join(line.strip() for line in lines if line.strip())
    assert "行政处罚2055项" in glued  # 第二十条第（六）项: 行政处罚 × 上一年项目数量
    page = glued.replace("行政处罚2055项", "行政处罚1," + "2" * 5000 + "项", 1)
    report = gxtables.extract(page.encode())
    assert report["article20_6"]["penalty"]["previous_count"].value is None
    assert any(i.severity == "error" and i.table == "article20_6" and i.row == "penalty"
               for i in report.issues)


def test_utf8_with_a_stray_byte_is_read_as_a_browser_shows_it() -> None:
    """One invalid byte in a UTF-8 page (a page patched by hand) no longer refuses the whole
    report: it reads as U+FFFD, as a browser shows it; in prose it costs nothing, and inside a
    number the cell is text (flagged), never a number."""
    from gxtables._decode import decode_text

    seed = (Path(__file__).parent / "fixtures" / "seeds" / "000.txt").read_bytes()
    truth = gxtables.extract(seed)
    at = seed.index("。".encode()) + 3
    patched = seed[:at] + b"\x80" + seed[at:]
    text, encoding = decode_text(patched)
    assert encoding == "utf-8" and text.count("\ufffd") == 1
    assert gxtables.extract(patched).to_dict()["tables"] == truth.to_dict()["tables"]
    # inside a number: that cell is not read as one
    row = truth["applications"]["new_received"]["total"]
    raw = row.raw.encode()
    inside = seed.replace(b"\t" + raw + b"\n", b"\t" + raw[:1] + b"\x80" + raw[1:] + b"\n", 1)
    assert inside != seed
    report = gxtables.extract(inside)
    assert report["applications"]["new_received"]["total"].value is None
    assert any(i.severity in ("error", "warning") and i.table == "applications"
               for i in report.issues)
    # GB18030 bytes are not UTF-8 with stray bytes
    assert decode_text(seed.decode().encode("gb18030"))[1] == "gb18030"


def test_lines_after_a_page_break_are_numbered_as_the_file_numbers_them() -> None:
    """pdftotext starts each page with a form feed on the page's first line: it ends the
    cell before it, but is no line of the file, so cells after it keep their line numbers
    (every cell after the first page was one line too far)."""
    path = Path(__file__).parent / "fixtures" / "pdftotext_probe" / "lo_default_plus_sign_first"
    data = (path / "doc.txt").read_bytes()
    assert b"\n\x0c" in data
    printed = data.decode("utf-8").split("\n")
    report = gxtables.extract(data)
    lines = [(c.raw, c.location.line) for table in report.tables.values()
             for row in table.rows.values() for c in row.values()
             if c.raw and c.location is not None and c.location.line is not None]
    after = [(raw, line) for raw, line in lines if "\x0c" in "\n".join(printed[:line - 1])]
    assert after, "no cell after a page break"
    for raw, line in after:
        number = re.match(r"[-+]?[\d,.]+", raw)
        assert number is not None and number.group() in printed[line - 1], (raw, line)
