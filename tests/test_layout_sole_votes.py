"""Column-aligned text whose rows mostly agree by character index and by display width alike
(labels of one length): the rows whose labels differ in width tell the measure (issue 12,
seed 5 pdftotext_layout-026: the page after a break, under its repeated header, read by
display width; 47 cells flagged)."""

from __future__ import annotations

from aligned_text import padded

from gxtables._grid import CellGrid
from gxtables._limits import Deadline
from gxtables._readers._aligned import read_aligned

# The applicant table's second page as pdftotext -layout prints it (a CJK character is one
# column): every row's numbers stand at one character index, though its labels' widths
# differ; many neighbouring rows (labels of one length) line up by display width as well.
PAGE = """\
      于第三项加第四项之和）                              自然                         社会      法律
                                                        商业       科研                                总计
                                                人                         公益      服务       其他
                                                        企业       机构
                                                                          组织      机构
                  （一）予以公开                      17       0                 1        0       0       18
     （二）部分公开（区分处理的，只计这一情形，
                                                4       0                 0        0       0       4
            不计其他情形）
                    1.属于国家秘密                    0       0        0        0        0       0       0
              2.其他法律行政法规禁止公开                    0       0        0        0        0       0       0
     （
     三            3.危及“三安全一稳定”                  0       0        0        0        0       0
     ）            4.保护第三方合法权益                   0       0        0        0        0       0
     不
     予            5.属于三类内部事务信息                  0                0        0        0       0       0
     公            6.属于四类过程性信息                   0       0        0                 0       0       0
三    开
、                  7.属于行政执法案卷                   0       0                 0        0               0
本                  8.属于行政查询事项                   0                0        0                        0
年
度    （        1.本机关不掌握相关政府信息                    5                0        0        0               5
办    四
              2.没有现成信息需要另行制作                    0       0        0        0                0       0
理    ）
结    无
果    法
               3.补正后申请内容仍不明确                    2       0        0        0                        2
"""


def _numbers_by_line(lines: list[str]) -> dict[int, list[tuple[str, int]]]:
    grids = [b for b in read_aligned(lines, Deadline(10.0)) if isinstance(b, CellGrid)]
    out: dict[int, list[tuple[str, int]]] = {}
    for grid in grids:
        for cell in grid.cells:
            if cell.text.isdigit():
                out.setdefault(cell.location.line or 0, []).append((cell.text, cell.col))
    return out


def test_rows_whose_labels_differ_in_width_decide_character_index() -> None:
    rows = _numbers_by_line(PAGE.split("\n"))
    totals = {row[-1][1] for row in rows.values() if len(row) == 7}
    firsts = {row[0][1] for row in rows.values()}
    # by character index every total stands in one column and every first number in one
    # (one column of slack for a two-digit number); by display width they drift apart
    assert max(totals) - min(totals) <= 1
    assert max(firsts) - min(firsts) <= 1
    granted = next(n for n, line in enumerate(PAGE.split("\n"), 1) if "予以公开" in line)
    assert [c for _, c in rows[granted]] == [47, 56, 74, 83, 91, 99]


def test_padded_rows_agreeing_by_character_index_only_through_blank_cells_keep_width() -> None:
    # Padded by display width under a header of one-column words. Rows with a long label
    # and all three values alternate with rows with a short label whose last cell is blank:
    # the long label has 8 more CJK characters and the blank column is 8 columns wide, so
    # their last numbers end at one character index (and 8 apart by display width), and
    # the rows whose labels differ in width all vote character index. Read so, each number
    # of a long-labelled row would move 8 columns left, under the word before its own. The
    # header's words stand over the numbers by display width: that is kept.
    lines = [padded([(40, "上年"), (48, "本年"), (56, "决定")])]
    lines += [padded([(2, "行政许可"), (40, "1"), (48, "2"), (56, "3")])] * 8
    for _ in range(5):
        lines.append(padded([(2, "没有现成信息需要另行制作"), (40, "4"), (48, "5"), (56, "6")]))
        lines.append(padded([(2, "行政处罚"), (40, "7"), (48, "8")]))
    rows = _numbers_by_line(lines)
    assert {tuple(c for _, c in row) for row in rows.values()} == {(40, 48, 56), (40, 48)}


def test_a_page_without_a_header_or_a_complete_row_is_not_switched() -> None:
    # Real pdftotext -layout output (fixture 001.rl): the applicant table's second page
    # starts with a row of numbers, no header repeated, and no row of it prints every
    # column. Its rows line up by character index, but its columns drifted from the first
    # page's header: read so, each 自然人 / 总计 pair (3 … 3) lands under 科研机构 / 其他.
    # Such a page keeps the block's measure and its numbers never go to those columns.
    from pathlib import Path

    import gxtables

    fixture = Path(__file__).parent / "fixtures" / "pdftotext" / "001.rl.layout.txt"
    report = gxtables.extract(fixture)
    for row in ("denied_process_info", "denied_enforcement_file", "unavailable_not_held",
                "rejected_petition", "other_handling"):
        assert report.value("applications", row, "research_institution") is None
        assert report.value("applications", row, "other_org") is None


# One row under a header whose words stand alike under one another by either measure (no
# CJK text before the first word of a line, so only the words after it differ): seed 0
# pdftotext_layout-016, before its blank second row cut the table.
ONE_ROW = [
    "                             自然                  社会     法律",
    "                                      商业   科研                           总计",
    "                              人                  公益     服务        其他",
    "                                      企业   机构",
    "                                                 组织     机构",
    "  一、本年新收政府信息公开申请数量            57      6    3      2                      68",
]


def test_one_row_under_a_header_is_read_by_the_measure_its_numbers_stand_under() -> None:
    # pdftotext counts a CJK character as one column: by character index 57 6 3 2 68 stand
    # under 自然 商业 科研 社会 总计; by display width they stand sixteen columns right.
    rows = _numbers_by_line(ONE_ROW)
    assert [c for _, c in rows[6]] == [30, 38, 43, 50, 73]


def test_one_padded_row_under_a_header_keeps_display_width() -> None:
    # The same table padded by display width (a monospace editor): the header words and
    # the numbers line up by display width, and by character index each number would stand
    # six columns left (the label's six CJK characters), under no word: display width is
    # kept.
    lines = [
        padded([(29, "自然"), (51, "社会"), (60, "法律")]),
        padded([(38, "商业"), (45, "科研"), (76, "总计")]),
        padded([(30, "人"), (50, "公益"), (59, "服务"), (71, "其他")]),
        padded([(38, "企业"), (45, "机构")]),
        padded([(49, "组织"), (58, "机构")]),
        padded([(2, "新收申请数量"), (30, "57"), (39, "6"), (46, "3"),
                 (51, "2"), (76, "68")]),
    ]
    rows = _numbers_by_line(lines)
    assert [c for _, c in rows[6]] == [30, 39, 46, 51, 76]
