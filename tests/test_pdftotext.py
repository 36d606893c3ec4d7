"""poppler ``pdftotext`` output of the seed reports (issue 12, part 2).

The ``.txt`` fixtures are the real ``pdftotext`` output of ``fixtures/seed_renders`` (see
``fixtures/pdftotext/README.md``), so these tests need no poppler; one test runs it live.
Every form must read with no silent wrong cell (a wrong value with no error/warning issue on
its table and row), and at least as many cells right as today (a floor that only rises).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gxtables
from gxtables._grid import CellGrid, Location
from gxtables._limits import Deadline
from gxtables._readers._aligned import _stacked, read_aligned
from gxtables._readers._flow import read_flow, rebuild_flow
from gxtables._readers._text import detect_dialect, read_text
from gxtables._rejoin import rejoin_drawing_order
from gxtables._templates import LAYOUTS
from gxtables._tokens import Token, make_token, renumber, tokenize

HERE = Path(__file__).parent / "fixtures"
FIXTURES = HERE / "pdftotext"
SEEDS = HERE / "seeds"

#: Cells right (of 198) per fixture today; raise these as the readers improve.
FLOORS = {
    "000.lo.layout": 198, "001.lo.layout": 165, "002.lo.layout": 198, "003.lo.layout": 198, "004.lo.layout": 184,
    "000.rl.layout": 198, "001.rl.layout": 161, "002.rl.layout": 198, "003.rl.layout": 198, "004.rl.layout": 176,
    "000.lo.default": 198, "001.lo.default": 140, "002.lo.default": 190, "003.lo.default": 198, "004.lo.default": 157,
    "000.rl.default": 198, "001.rl.default": 155, "002.rl.default": 198, "003.rl.default": 198, "004.rl.default": 168,
}


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), abs_tol=1e-9)  # type: ignore[arg-type]


def _score(report: gxtables.Report, seed: str) -> tuple[int, int, list[str]]:
    """Cells right, cells expected, and the silent wrong cells (as the shared score.py)."""
    expected = json.loads((SEEDS / f"{seed}.expected.json").read_text(encoding="utf-8"))
    assert report.template == expected["template"]
    right = total = 0
    silent = []
    for table, rows in expected["tables"].items():
        for row, cols in rows.items():
            flagged = any(i.severity in ("error", "warning") and i.table in (None, table)
                          and i.row in (None, row) for i in report.issues)
            for col, cell in cols.items():
                total += 1
                got = report[table][row][col].value
                if cell.get("expect") == "flagged":
                    right += got is None or flagged
                elif _same(got, cell["value"]):
                    right += 1
                elif not flagged:
                    silent.append(f"{table}/{row}/{col}: got {got!r}, expected {cell['value']!r}")
    return right, total, silent


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_pdftotext_output_reads_with_no_silent_cell(name: str) -> None:
    report = gxtables.extract(FIXTURES / f"{name}.txt")
    right, total, silent = _score(report, name[:3])
    assert silent == []
    assert right >= FLOORS[name], f"{name}: {right}/{total} right, floor {FLOORS[name]}"


#: Generated reports (``benchmarks/score_lossy.py --seed S --forms pdftotext``: ``genS-NNN``)
#: as poppler 22.12's default mode writes them, with their truth: cells right today.
GENERATED = {"gen0-006": 198, "gen0-007": 176, "gen0-009": 200, "gen0-013": 200,
             "gen0-016": 198, "gen0-026": 75, "gen0-032": 80, "gen2-024": 198,
             "gen1-007": 185, "gen3-010": 193, "gen6-014": 198, "gen8-028": 198,
             "gen9-038": 198}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_default_mode_reads_with_no_silent_cell(name: str) -> None:
    """006: a unit in a header wrapped inside its brackets beside a stacked header
    (采购 / 项目 / 数量); 007: zeros left blank, every value followed by a blank line, so
    the blank lines end cells; 009: a 小计 column and header cells wrapped in narrow columns
    (商业企 … / 业 / 构 / 益组织 务机构), the review table under its heading, a page number among
    its values; 013: 总计 and the next section's heading drawn among the review values;
    016: after a page break the second row's label is drawn at the end of the document, its
    values after the repeated header;
    gen1-007: （七）总计's label drawn inside the review table; gen3-010: row labels drawn as a
    stack before their rows' values; gen6-014: a vertical group label's characters between a
    row's label and its values; gen8-028: the header's 小计 drawn before the table's caption;
    gen9-038: a repeated header's last words drawn after the page's first row label
    (tests/test_flow_rows.py);
    gen2-024: a page break after the header, the first row's values drawn among its last
    header words (``155 0 0 2 0 其他 0 总计 157``) and the header repeated;
    026, 032: zeros left blank, so every cell is a block of its own and poppler's reading
    order scatters them — not even one column's values stay in row order (026 draws
    商业企业's 1 of 属于国家秘密 after the 2 of 不掌握相关信息): the rows it cannot tell are
    flagged, none silent (tests/test_flow_order.py)."""
    from _render.lossy import score_output

    truth = json.loads((FIXTURES / f"{name}.truth.json").read_text(encoding="utf-8"))
    report = gxtables.extract(FIXTURES / f"{name}.default.txt")
    score = score_output(truth, report.to_dict(), name)
    assert score.template_ok
    assert score.silent_cells == []
    assert score.right >= GENERATED[name], f"{name}: {score.right}/{score.cells} right"


def test_subtotal_column_is_read_after_its_group() -> None:
    report = gxtables.extract(FIXTURES / "gen0-009.default.txt")
    apps = report["applications"]
    cols = ("natural_person", "commercial_enterprise", "research_institution",
            "social_welfare_org", "legal_service_org", "other_org", "total")
    assert [apps["new_received"][c].value for c in cols] == [37, 0, 0, 3, 1, 0, 41]
    assert [apps["unavailable_not_held"][c].value for c in cols] == [5, 0, 0, 0, 1, 0, 6]
    # the last three rows' labels drawn after all their values (8 a row with the 小计)
    assert apps["total_handled"]["total"].value == 38
    assert apps["carried_forward"]["total"].value == 3


def test_layout_rejoins_labels_wrapped_over_many_lines() -> None:
    """LibreOffice's export wraps 2.其他法律行政法规禁止公开 over seven lines beside its
    group label （三）不予公开, numbers on the first line; the review total 119 wraps as
    ``11`` over ``9``."""
    report = gxtables.extract(FIXTURES / "000.lo.layout.txt")
    apps = report["applications"]
    assert [apps["denied_law_prohibited"][c].value for c in (
        "natural_person", "commercial_enterprise", "research_institution",
        "social_welfare_org", "legal_service_org", "other_org", "total")] == [6, 5, 0, 0, 0, 0, 11]
    assert apps["rejected_confirmation"]["total"].value == 0
    assert apps["carried_forward"]["total"].value == 39
    assert apps["partially_granted"]["total"].value == 312
    review = report["review_litigation"]
    assert [review["review"][c].value for c in ("upheld", "corrected", "other", "pending",
                                                 "total")] == [65, 32, 22, 0, 119]


def test_vertical_header_is_joined_per_column() -> None:
    """The review table's header printed one character per line: each column's characters
    joined, so the table is found (结果维持 under 行政复议)."""
    lines = [
        "行政复议                    行政诉讼",
        "结  结   其   尚   总        未经复议直接起诉",
        "果  果   他   未   计        结  结",
        "维    纠   结   审            果  果",
        "持    正   果   结            维  纠",
        "                            持  正",
        "65   32   22   0   119       37  5",
    ]
    [grid] = [b for b in read_aligned(lines, Deadline(10.0, None)) if isinstance(b, CellGrid)]
    texts = [c.text for c in grid.cells]
    assert texts[:7] == ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结",
                         "总计"]
    assert "结果维持" in texts[8:] and texts[-7:] == ["65", "32", "22", "0", "119", "37", "5"]


def test_layout_of_a_wrapped_label_keeps_one_row() -> None:
    """The aligned reader gives one grid row per value line, its wrapped label joined."""
    lines = [
        "项目          甲      乙",
        "（三  1.属   3       4",
        "）不  于国",
        "予公  家秘",
        "开    密",
        "     2.其   6       5",
        "     他法",
        "     开",
        "总计         11      9",
    ]
    [grid] = [b for b in read_aligned(lines, Deadline(10.0, None)) if isinstance(b, CellGrid)]
    rows: dict[int, list[str]] = {}
    for cell in grid.cells:
        rows.setdefault(cell.row, []).append(cell.text)
    assert list(rows.values()) == [
        ["项目", "甲", "乙"],
        ["（三）不予公开", "1.属于国家秘密", "3", "4"],
        ["2.其他法开", "6", "5"],
        ["总计", "11", "9"],
    ]


def test_live_pdftotext_layout_matches_the_fixture_reading(tmp_path: Path) -> None:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("poppler's pdftotext is not installed (apt-get install poppler-utils)")
    out = tmp_path / "000.txt"
    subprocess.run([exe, "-layout", str(HERE / "seed_renders" / "000.lo.pdf"), str(out)],
                   check=True)
    report = gxtables.extract(out)
    right, _total, silent = _score(report, "000")
    assert silent == []
    assert right >= FLOORS["000.lo.layout"]


def _rows(lines: list[str]) -> list[list[str]]:
    grids = [b for b in read_aligned(lines, Deadline(10.0, None)) if isinstance(b, CellGrid)]
    assert len(grids) == 1
    rows: dict[int, list[str]] = {}
    for cell in grids[0].cells:
        rows.setdefault(cell.row, []).append(cell.text)
    return list(rows.values())


def test_numbers_on_the_middle_line_of_a_centred_label() -> None:
    """reportlab centres a wrapped label around its numbers; a group label （四） printed
    alone between the lines of a sub-row label is kept apart from it. A label with no
    numbers (2., all cells empty) above the next centred label is a row of its own."""
    assert _rows([
        "           项目                   甲        乙",
        "                 1.本机关不掌握相",
        "                                  37        1",
        "                    关政府信息",
        "                 2.没有现成信息需",
        "            （四）无法提供",
        "                    要另行制作",
        "                 3.补正后申请内容",
        "                                  6         2",
        "                    仍不明确",
    ]) == [
        ["项目", "甲", "乙"],
        ["1.本机关不掌握相关政府信息", "37", "1"],
        ["（四）无法提供", "2.没有现成信息需要另行制作"],
        ["3.补正后申请内容仍不明确", "6", "2"],
    ]


def test_cells_squeezed_one_space_apart_are_split() -> None:
    assert _rows([
        "信息内容       上一年项目数量   本年增/减   处理决定数量",
        "行政许可       2533项 -1168项 1409749项",
        "规范性文件     455 件          568 件      3361 件",
    ])[1:] == [["行政许可", "2533项", "-1168项", "1409749项"],
               ["规范性文件", "455 件", "568 件", "3361 件"]]


def test_header_words_wrapped_in_narrow_columns_are_joined() -> None:
    rows = _rows([
        "   行政复议                 行政诉讼",
        "结果维 结果纠 其他结 尚未审",
        "                 总计   结果维 结果纠 其他结 尚未审",
        " 持   正   果   结",
        "                        持   正   果   结",
        " 65   32    22     0   119    37      5      8          0",
    ])
    assert rows[1] == ["结果维持", "结果纠正", "其他结果", "尚未审结"]
    assert rows[2] == ["总计", "结果维持", "结果纠正", "其他结果", "尚未审结"]
    assert rows[-1] == ["65", "32", "22", "0", "119", "37", "5", "8", "0"]


def test_page_number_inside_a_table_is_skipped() -> None:
    assert _rows([
        "项目                     甲      乙",
        "一、本年新收申请数量     3       4",
        "                    -3-",
        "二、上年结转申请数量     1       0",
    ]) == [["项目", "甲", "乙"], ["一、本年新收申请数量", "3", "4"],
           ["二、上年结转申请数量", "1", "0"]]


def test_header_wrapped_inside_its_brackets_keeps_the_unit() -> None:
    """``本年收费金额(单位：`` over ``万元)``: the unit must reach the column header (it was a
    silent wrong unit in the issue-12 property corpus, seed 341715690)."""
    rows = _rows([
        "                                   本年收费金额(单位：",
        "         信息内容",
        "                                       万元)",
        "         行政事业性收费                          31",
    ])
    assert rows == [["本年收费金额(单位：万元)"], ["信息内容"], ["行政事业性收费", "31"]]


def test_numbered_first_line_of_a_label_above_bare_numbers() -> None:
    """LibreOffice wraps a long label round its numbers: ``（二）部分公开…`` starts left of the
    other labels and reads like a heading, but a heading never stands right above a line of
    bare numbers; it is the label's first line (issue 12, seed 0 pdftotext_layout-000)."""
    rows = _rows([
        "     （一）予以公开              90     10      0     0   1    2    13          103",
        "（二）部分公开（区分处理的，只计这一",
        "                          31         5   0     0   0    1     6           37",
        "    情形，不计其他情形）",
        "      1.属于国家秘密            0          0   0     0   0    1     1           1",
    ])
    assert rows[1] == ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                       "31", "5", "0", "0", "0", "1", "6", "37"]
    assert [r[0] for r in rows] == ["（一）予以公开", rows[1][0], "1.属于国家秘密"]


def test_sub_item_label_beside_a_group_character() -> None:
    """``理`` (the last character of 不予处理 printed down the side) on the numbers' line
    is the group's; the row's label is the numbered one above and its tail below."""
    rows = _rows([
        "     予    4.无正当理由大量反复申请                  2           1       0       3",
        "     处",
        "       5.要求行政机关确认或重新出具已获",
        "     理                                   3           0       0       3",
        "                  取信息",
        "              （六）其他处理                    16          0       0       16",
    ])
    assert ["5.要求行政机关确认或重新出具已获取信息", "3", "0", "0", "3"] in rows


def test_group_label_beside_the_numbers_and_the_row_label_above() -> None:
    """``（四）无法提供`` on the numbers' line, ``2.没有现成信息需`` above it further right:
    the first is the group label, the second starts the row's (seed 0 pdftotext_layout-024)."""
    rows = _rows([
        "                          1.本机关不掌握相",
        "三、本年度办理结                                       14       5      19",
        "                             关政府信息",
        "    果",
        "                          2.没有现成信息需",
        "               （四）无法提供                         1        0      1",
        "                             要另行制作",
        "                          3.补正后申请内容仍不明确               5        1      6",
    ])
    labels = [cell for row in rows for cell in row]
    assert "1.本机关不掌握相关政府信息" in labels
    assert "2.没有现成信息需要另行制作" in labels
    row = next(r for r in rows if "2.没有现成信息需要另行制作" in r)
    assert row[-4:] == ["2.没有现成信息需要另行制作", "1", "0", "1"]


def test_columns_by_character_index_where_pdftotext_counts_them() -> None:
    """pdftotext -layout gives each CJK character one column: the numbers after labels of
    different lengths stand at one character index, not one display column, and are read so
    (a wide CJK prefix no longer pushes a row's numbers right of the header's)."""
    lines = [
        "                                 自然人    商业企业   总计",
        "一、本年新收政府信息公开申请数量                 289      30     319",
        "二、上年结转申请数量                        10       0      10",
        "     （一）予以公开                      90      10     100",
        "      1.属于国家秘密                     7       2       9",
    ]
    grids = [b for b in read_aligned(lines, Deadline(10.0, None)) if isinstance(b, CellGrid)]
    cols: dict[str, int] = {}
    for cell in grids[0].cells:
        cols.setdefault(cell.text, cell.col)
    assert cols["289"] == lines[1].index("289")
    assert cols["90"] == lines[3].index("90")
    assert cols["自然人"] == lines[0].index("自然人")


def test_blank_cells_are_put_back_under_their_columns() -> None:
    """pdftotext prints an empty cell as nothing; two complete rows nearby give the columns,
    and a row with fewer numbers gets an empty cell under each column it leaves out."""
    rows = _rows([
        "项目                   甲     乙     丙     丁",
        "一、本年新收申请数量   3      4      5      12",
        "二、上年结转申请数量   1             2      3",
        "（一）予以公开         2      1      0      3",
        "（二）部分公开                       7      7",
    ])
    assert rows[2] == ["二、上年结转申请数量", "1", "", "2", "3"]
    assert rows[4] == ["（二）部分公开", "", "", "7", "7"]


def test_numbers_between_columns_are_left_alone() -> None:
    """A number standing between two columns is not guessed into either: the row keeps its
    numbers as printed, for the matcher to flag."""
    rows = _rows([
        "项目                   甲     乙     丙     丁",
        "一、本年新收申请数量   3      4      5      12",
        "（一）予以公开         2      1      0      3",
        "二、上年结转申请数量   1         2         3",
    ])
    assert rows[3] == ["二、上年结转申请数量", "1", "2", "3"]


def test_rows_shifted_by_their_labels_width_are_not_filled() -> None:
    """Two rows, one complete: by display width 行政规范性文件's ``18 12`` stand under the
    last two columns, by character index under the first two. The measures disagree, so no
    blank is put back (it was a silent shift: seed 3 pdftotext_layout-005)."""
    rows = _rows([
        "                          第二十条第(一)项",
        "                                                         本年    本年   现行",
        "                    信息内容                                 制发    废止   有效",
        "                                                         件数    件数   件数",
        "                     规章                                  317   20    18",
        "                行政规范性文件                                  18    12",
    ])
    assert rows[-1][-2:] == ["18", "12"]
    assert "" not in rows[-1]


def test_side_character_one_space_from_the_row_label() -> None:
    """``其 2.申请人逾期…``: the group label printed down the side stands one space from the
    row label's lines; it is cut off, and the row label is joined whole (seed 0
    pdftotext_layout-015)."""
    rows = _rows([
        "     其 2.申请人逾期未按收费通知要求缴纳",
        "     他 费用、行政机关不再处理其政府信                   0          0        0        0       0        0       0       0",
        "     处        息公开申请",
        "     理",
        "               3.其他                      3          0        0        0       0        0       0       3",
    ])
    label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    row = next(r for r in rows if label in r)
    assert row[row.index(label) + 1:] == ["0"] * 8


def test_header_decides_the_measure_when_few_rows_have_numbers() -> None:
    """Two rows of numbers cannot tell display width from character index; the header's
    words stacked in narrow columns can: by character index 自然 stands over 人 and 社会 over
    公益 (by display width the CJK prefix pushed 社会 over 其他). Seed 5
    pdftotext_layout-008."""
    rows = _rows([
        "   和，等于第三项加第四项之和）          自然                   社会   法律",
        "                                  商业       科研                              总计",
        "                            人                   公益   服务   其他   小计",
        "                                  企业       机构",
        "                                                组织   机构",
        "  一、本年新收政府信息公开申请数量         123         0   2     3   2    1     8           131",
        "  二、上年结转政府信息公开申请数量         0           0   1     0   0    0     1           1",
    ])
    words = [cell for row in rows for cell in row]
    assert "社会公益组织" in words and "法律服务机构" in words
    assert "社会其他" not in words


# -- default mode: flow blocks (gxtables/_readers/_flow.py) ----------------------------------

_SIDE_BY_SIDE = [
    "第二十条第（一）项", "信息内容", "规章", "规范性文件",
    "第二十条第（五）项", "信息内容", "行政许可", "其他对外管理服务", "事项",
    "",
    "本年新制作数量", "0件", "455 件", "",
    "本年新公开数量", "0件", "568 件", "",
    "对外公开总数量", "4件", "3361 件", "",
    "上一年项目数量", "2533 项", "2513 项", "",
    "本年增/减", "-1168 项", "277 项", "",
    "处理决定数量", "1409749 项", "1365016 项", "",
    "三、收到和处理政府信息公开申请情况",
]


def test_column_blocks_are_written_back_row_by_row() -> None:
    """LibreOffice's PDF read without ``-layout``: the labels of side-by-side tables, then
    one block per column. Each table comes back as title, header row, then its rows; the
    wrapped label 其他对外管理服务 / 事项 is joined (the widest line wrapped)."""
    lines, origin = rebuild_flow(_SIDE_BY_SIDE)
    assert origin is not None
    assert lines[:16] == [
        "第二十条第（一）项", "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量",
        "规章", "0件", "0件", "4件", "规范性文件", "455 件", "568 件", "3361 件",
        "第二十条第（五）项", "信息内容", "上一年项目数量",
    ]
    assert lines[18:26] == ["行政许可", "2533 项", "-1168 项", "1409749 项",
                            "其他对外管理服务事项", "2513 项", "277 项", "1365016 项"]
    assert lines[-2:] == ["", "三、收到和处理政府信息公开申请情况"]
    # every cell keeps the line it was printed on
    assert [_SIDE_BY_SIDE[o] for o in origin[5:9]] == ["规章", "0件", "0件", "4件"]
    assert _SIDE_BY_SIDE[origin[22]] == "其他对外管理服务"


def test_column_blocks_that_do_not_fit_are_left_alone() -> None:
    """A block with one value too few (a blank cell pdftotext dropped) makes the split of
    blocks between the tables impossible: nothing is rewritten, nothing is guessed."""
    damaged = [ln for ln in _SIDE_BY_SIDE if ln != "277 项"]
    assert rebuild_flow(damaged) == (damaged, None)


def test_side_by_side_tables_read_exactly_from_the_libreoffice_default_text() -> None:
    report = gxtables.extract(FIXTURES / "000.lo.default.txt")
    a5 = report["article20_5"]
    assert [a5["other_services"][c].value for c in ("previous_count", "change", "decisions")
            ] == [2513, 277, 1365016]
    assert report["article20_9"]["procurement"]["amount"].unit == "万元"
    cell = report["article20_1"]["normative_documents"]["total_published"]
    assert cell.value == 3361
    assert not [i for i in report.issues if i.table == "article20_1"]


def test_libreoffice_rows_written_apart_from_their_labels_are_paired() -> None:
    """LibreOffice's export read without ``-layout``: row labels in two-character pieces,
    group labels interleaved, the values in runs of rows elsewhere, the first row's among
    the header words and the last two rows' cells alternating (``1879 39 53 0 …``)."""
    report = gxtables.extract(FIXTURES / "000.lo.default.txt")
    apps = report["applications"]
    cols = ("natural_person", "commercial_enterprise", "research_institution",
            "social_welfare_org", "legal_service_org", "other_org", "total")
    assert [apps["new_received"][c].value for c in cols] == [1860, 53, 3, 6, 7, 11, 1940]
    assert [apps["denied_law_prohibited"][c].value for c in cols] == [6, 5, 0, 0, 0, 0, 11]
    assert [apps["total_handled"][c].value for c in cols] == [1879, 53, 3, 6, 7, 11, 1959]
    assert [apps["carried_forward"][c].value for c in cols] == [39, 0, 0, 0, 0, 0, 39]


_APART = ["一、本年新收政府信息", "公开申请数量", "二、上年结转政府信息", "公开申请数量", "三、", "（一）予以公",
          "本年", "开", "度办", "（二）部分公", "理结", "开（区分处理", "果", "的，只计这一", "情形，不计其",
          "他情形）", "申请人情况", "自然", "法人或其他组织", "人", "商业", "科研", "社会", "企业", "机构",
          "公益", "组织", "9 3", "0", "0", "法律", "服务", "机构", "0", "其他", "0", "12",
          "1", "0", "0", "0", "0", "0", "1", "4", "0", "0", "0", "0", "0", "4", "总计", "2", "1", "0",
          "0", "0", "0", "0", "0", "0", "0", "0", "0", "2", "1"]


def test_rows_written_apart_are_paired_only_when_every_row_adds_up() -> None:
    from gxtables._apart import rows_written_apart

    layout = LAYOUTS["2019"]
    table = layout.table("applications")
    rows = [r.label for r in table.rows]
    lines = [*_APART[:16], *rows[4:], *_APART[16:]]
    # rows 4 … 21 all zero, the rows 5 … 23 labelled after the first four; the last two alternate
    lines[lines.index("总计") + 1:lines.index("总计") + 1] = ["0"] * 7 * 18
    data = "\n\n".join(lines).encode()
    tokens = tokenize(read_text(data, limits=gxtables.Limits(), source=None))
    got = [t.text for t in rows_written_apart(tokens, table, layout)]
    at = got.index("一、本年新收政府信息公开申请数量")
    assert got[at:at + 9] == ["一、本年新收政府信息公开申请数量", "9", "3", "0", "0", "0", "0", "12",
                              "二、上年结转政府信息公开申请数量"]
    assert got[-16:] == ["（七）总计", "2", "0", "0", "0", "0", "0", "2",
                         "四、结转下年度继续办理", "1", "0", "0", "0", "0", "0", "1"]
    # one value off: no row reading adds up everywhere, nothing is paired
    broken = [("13" if t == "12" else t) for t in lines]
    tokens = tokenize(read_text("\n\n".join(broken).encode(), limits=gxtables.Limits(),
                                source=None))
    assert rows_written_apart(tokens, table, layout) == tokens


def test_stacked_header_words_and_wrapped_cells_are_joined() -> None:
    lines = ["", "5.要求行政机关确", "认或重新出具已获", "取信息", "", "0", "",
             "结果维 结果纠 其他结 尚未审", "持", "正", "果", "结", "7", "",
             "商业", "企业", ""]
    out, origin = rebuild_flow(lines, blank_after_cell=True)
    assert origin is not None
    assert out == ["", "5.要求行政机关确认或重新出具已获取信息", "", "0", "",
                   "结果维持", "结果纠正", "其他结果", "尚未审结", "7", "",
                   "商业", "企业", ""]  # narrow header words stay apart (drawing order)
    assert [origin[1], origin[5], origin[8]] == [1, 8, 11]


def test_page_numbers_are_dropped_from_the_flow() -> None:
    """A page's number drawn between a row's cells is no cell; nor are the blank lines of
    its page break (they would read as an empty cell)."""
    lines = ["0", "", "1", "", "-2-", "", "", "0", "", "第 3 页", "", "5"]
    out, origin = rebuild_flow(lines, blank_after_cell=True)
    assert out == ["0", "", "1", "", "0", "", "5"]
    assert origin is not None and [lines[o] for o in origin] == out


def test_blank_lines_after_values_end_cells() -> None:
    """Stacked header words and wrapped labels stand together (so the text looks like one
    cell a line), but a blank line follows every value: blank lines end cells, and no
    empty cell is read."""
    lines = ["申请人情况", "法人或其他组织", "自然", "人", "商业", "企业", "科研", "机构", "社会",
             "公益", "组织", "法律", "服务", "机构", "其他", "总计", "三、", "本年", "度办", "理结",
             "果", ""]
    for label in ("行政许可", "行政处罚", "行政强制", "其他事项"):
        lines += [label, "", *(x for v in ("1", "0", "0", "0", "0", "0", "1") for x in (v, ""))]
    assert detect_dialect(lines) == "lines"
    doc = read_flow(lines, Deadline(10.0, None))
    assert doc is not None
    cells = [c.text for b in doc.blocks if isinstance(b, CellGrid) for c in b.cells]
    assert "" not in cells
    assert cells[-8:] == ["其他事项", "1", "0", "0", "0", "0", "0", "1"]


@given(shapes=st.lists(st.tuples(st.integers(1, 4), st.integers(1, 4)), min_size=1,
                       max_size=4),
       values=st.lists(st.integers(-999, 99999), min_size=64, max_size=64))
def test_rebuilt_column_blocks_are_the_row_major_grid(shapes: list[tuple[int, int]],
                                                      values: list[int]) -> None:
    """Side-by-side tables of any row and column counts (tables of equal row count next to
    each other having as many columns, as printed templates do), written as pdftotext's
    flow, come back as each table's rows, every value in its own row and column."""
    for t in range(1, len(shapes)):
        if shapes[t][0] == shapes[t - 1][0]:
            shapes[t] = shapes[t - 1]
    pool = iter(values)
    heads = ["甲项数量", "乙项数量", "丙项数量", "丁项数量"]
    labels: list[str] = []
    blocks: list[str] = []
    expected: list[str] = []
    for t, (nrows, ncols) in enumerate(shapes):
        names = [f"行{t}{r}名称" for r in range(nrows)]
        grid = [[f"{next(pool)}件" for _ in range(ncols)] for _ in range(nrows)]
        labels += [f"第{t + 1}表", "信息内容", *names]
        expected += [f"第{t + 1}表", "信息内容", *heads[:ncols]]
        for r in range(nrows):
            expected += [names[r], *grid[r]]
        for c in range(ncols):
            blocks += [heads[c], *(grid[r][c] for r in range(nrows)), ""]
    lines = [*labels, "", *blocks, "四、其他"]
    out, origin = rebuild_flow(lines)
    if len(shapes) == 1:
        assert origin is None  # one table: its label header is not repeated, so not sure
        return
    assert origin is not None
    assert out[:len(expected)] == expected
    assert [lines[o] for o in origin[:len(expected)]] == expected


# -- default mode: rows torn by the drawing order (gxtables/_rejoin.py) ------------------------


def _tokens(lines: list[str]) -> list[str]:
    data = "\n\n".join(lines).encode()
    doc = read_text(data, limits=gxtables.Limits(), source=None)
    return [t.text for t in rejoin_drawing_order(tokenize(doc), LAYOUTS["2019"])]


_LAST_ROWS = ["（七）总计", "275", "10", "0", "0", "0", "0", "285",
              "0", "3", "4", "3", "3", "3", "16", "（三）不予公开", "三、本年度办理结果",
              "四、结转下年度继续办理", "四、政府信息公开行政复议、行政诉讼情况"]


def test_last_row_label_drawn_below_the_group_labels_is_put_back() -> None:
    assert _tokens(_LAST_ROWS)[:17] == [
        "（七）总计", "275", "10", "0", "0", "0", "0", "285", "四、结转下年度继续办理",
        "0", "3", "4", "3", "3", "3", "16", "（三）不予公开"]


def test_last_row_label_stays_when_the_rows_do_not_add_up() -> None:
    wrong = [("17" if t == "16" else t) for t in _LAST_ROWS]
    assert _tokens(wrong) == wrong


_REVIEW = ["行政复议", "行政诉讼", "未经复议直接起诉", "结果维持", "结果纠正", "其他结果",
           "尚未审结", "7", "1", "2", "1", "总计", "11", "0", "0", "0", "0", "复议后起诉",
           "总计", "0", "五、存在的主要问题及改进情况", "-3-", "2", "7", "0", "0", "总计", "9"]


def test_review_values_drawn_among_header_words_are_gathered() -> None:
    got = _tokens(_REVIEW)
    assert got[7:22] == ["7", "1", "2", "1", "11", "0", "0", "0", "0", "0",
                         "2", "7", "0", "0", "9"]


def test_header_pieces_wrapped_in_narrow_columns_are_joined() -> None:
    """First lines of side-by-side header cells come together, then the second lines."""
    got = _tokens(["申请人情况", "法人或其他组织", "自然人 商业企 科研机 社会公 法律服", "业", "构",
                   "益组织 务机构", "总计", "其他", "小计", "一、本年新收政府信息公开申请数量", "3"])
    assert got[:11] == ["申请人情况", "法人或其他组织", "自然人", "商业企业", "科研机构",
                        "社会公益组织", "法律服务机构", "总计", "其他", "小计",
                        "一、本年新收政府信息公开申请数量"]


def test_header_words_among_the_first_rows_values_go_back_to_the_header() -> None:
    lines = ["申请人情况", "法人或其他组织", "一、本年新收政府信息公开申请数量", "自然", "人", "51", "商业",
             "企业", "科研", "机构", "社会", "公益", "组织", "法律", "服务", "机构", "其他", "0", "0",
             "3", "0", "4", "总计", "58", "二、上年结转政府信息公开申请数量", "1"]
    got = _tokens(lines)
    assert got[:11] == ["申请人情况", "法人或其他组织", "自然人", "商业企业", "科研机构",
                        "社会公益组织", "法律服务机构", "其他", "总计",
                        "一、本年新收政府信息公开申请数量", "51"]
    assert got[11:17] == ["0", "0", "3", "0", "4", "58"]
    # values that do not add up as one row: nothing moves
    wrong = [("59" if t == "58" else t) for t in lines]
    assert _tokens(wrong) == wrong


def test_header_pieces_that_name_no_column_are_left() -> None:
    lines = ["申请人情况", "自然人 商业企 科研机", "业", "构", "一、本年新收政府信息公开申请数量", "3"]
    assert _tokens(lines) == ["申请人情况", "自然人 商业企 科研机", "业", "构",
                              "一、本年新收政府信息公开申请数量", "3"]


_REVIEW_APART = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼",
                 "未经复议直接起诉", "结果维持", "结果纠正", "其他结果", "尚未审结", "0", "3", "0",
                 "总计", "0", "3", "结果维持", "结果纠正", "其他结果", "尚未审结", "0", "2", "0",
                 "五、存在的主要问题及改进情况", "0", "复议后起诉", "总计", "2", "结果维持", "结果纠正",
                 "其他结果", "尚未审结", "0", "0", "0", "0", "总计", "0"]


def test_review_values_among_own_header_words_and_the_next_heading_are_gathered() -> None:
    """尚未审结's value drawn after the 总计 header, the next section's heading among the
    second group's cells: no other table's word among them, so the order holds."""
    got = _tokens(_REVIEW_APART)
    assert got[7:23] == ["尚未审结", "0", "3", "0", "0", "3", "0", "2", "0", "0", "2",
                         "0", "0", "0", "0", "0"]


def test_review_values_drawn_apart_inside_a_group_are_not_gathered() -> None:
    """``12 1 … 0 … 3 16`` adds up as 12+1+0+3 = 16 in any order: the sums cannot tell a
    swap, so a group whose cells before 总计 were not drawn together is left to be flagged
    (a silent swap in a generated report before this rule)."""
    torn = ["行政复议", "结果维持", "结果纠正", "其他结果", "尚未审结", "12", "1", "总计",
            "1.属于国家秘密", "0", "3", "总计", "16", "0", "0", "0", "0", "0", "0", "0", "0",
            "0", "0"]
    assert _tokens(torn) == torn


def test_default_mode_reads_the_last_rows_and_the_review_table() -> None:
    report = gxtables.extract(FIXTURES / "000.rl.default.txt")
    apps = report["applications"]
    assert apps["carried_forward"]["total"].value == 39
    assert apps["total_handled"]["total"].value == 1959
    review = report["review_litigation"]
    assert [review["review"][c].value for c in ("upheld", "corrected", "other", "pending",
                                                 "total")] == [65, 32, 22, 0, 119]


def test_layout_header_words_stacked_in_interleaved_lines_are_joined() -> None:
    """reportlab's header with a 小计 column: 自然 / 人, 商业 / 企业, 社会 / 公益 / 组织 wrapped
    two characters a line, neighbouring columns one line apart (a generated report lost its
    whole applications table to this)."""
    rows = _rows([
        "                                               申请人情况",
        "                                              法人或其他组织",
        "                         自然                   社会   法律",
        "                                商业       科研                              总计",
        "                          人                   公益   服务   其他   小计",
        "                                企业       机构",
        "                                              组织   机构",
        "一、本年新收政府信息公开申请数量         289     30      0     0   5    5    40          329",
    ])
    assert [t for r in rows[2:-1] for t in r] == [
        "自然人", "社会公益组织", "法律服务机构", "商业企业", "科研机构", "总计", "其他", "小计"]
    assert rows[-1][0] == "一、本年新收政府信息公开申请数量"


def test_layout_wrapped_labels_are_not_taken_for_stacked_header_words() -> None:
    """Between value lines, a group label's pieces (理结 / 果) are no header: only runs with
    a line of three or more short words are joined that way."""
    rows = _rows([
        "项目                     甲      乙",
        "三、  （一）予以公    782    20",
        "本年  开",
        "度办  （二）部分公    304    6",
        "理结  开（区分处理",
        "果   的，只计这一",
        "     情形）",
        "     1.属于国家秘密    3      0",
    ])
    assert not any("理结果" in t for r in rows for t in r)


def test_each_table_of_a_block_decides_its_own_measure() -> None:
    """A block holding a table padded by display width and then a table laid out by
    character index (as pdftotext -layout does) reads each by its own measure: the second
    table's numbers keep one column each under its header."""
    labels = ["一二", "一二三四", "一二三四五六", "一二", "一二三四", "一二三四五六"]
    first = [f"{lab}{' ' * (16 - 2 * len(lab))}{k}" for k, lab in enumerate(labels, 1)]
    header = ["表头甲", "表头乙", "表头丙", "表头丁"]
    second = [f"{lab}{' ' * (16 - len(lab))}{k}{' ' * 9}{k + 1}" for k, lab in enumerate(labels, 1)]
    lines = [*first, *header, *second]
    grids = [b for b in read_aligned(lines, Deadline(10.0, None)) if isinstance(b, CellGrid)]
    cells = [c for g in grids for c in g.cells if c.text.isdigit()]
    firsts = {c.col for c in cells if c.location.line > len(first) + len(header)
              and c.text == str(c.location.line - len(first) - len(header))}
    seconds = {c.col for c in cells if c.location.line > len(first) + len(header)
               and c.text == str(c.location.line - len(first) - len(header) + 1)}
    assert len(firsts) == 1 and len(seconds) == 1
    assert {c.col for c in cells if c.location.line <= len(first)} == {16}


def test_review_values_across_a_page_break_with_a_wrapped_number_are_read() -> None:
    # LibreOffice's export, pdftotext default mode: the review header's narrow cells drawn a
    # character per line (结 / 结 / 果 / 果 / 维 / 纠 …), a page break, the rest of the header
    # (持 / 正 …), then the values among header pieces and the next section's prose, with
    # 119 wrapped in its narrow cell as 11 / 9. Only joining 11 and 9 makes every group add
    # up (65 + 32 + 22 + 0 = 119).
    report = gxtables.extract(FIXTURES / "000.lo.default.txt")
    rows = report["review_litigation"].rows
    assert [c.value for c in rows["review"].values()] == [65, 32, 22, 0, 119]
    assert [c.value for c in rows["litigation_after_review"].values()] == [4, 2, 0, 0, 6]


def _wrapped_block(numbers: list[str]) -> list[Token]:
    head = [make_token(0, "行政复议", None, None, None, False, Location(line=1))]
    cells = [make_token(0, text, None, None, None, False, Location(line=3 + k))
             for k, text in enumerate(numbers)]
    return renumber([*head, *cells])


def test_a_wrapped_number_is_joined_only_when_the_sums_ask_for_it() -> None:
    from gxtables._rejoin import _wrapped_numbers

    # 12 / 3 over two lines: 12 + 3 = 15 needs no join, so nothing is joined
    assert _wrapped_numbers(_wrapped_block(["12", "3", "15", "7"]), 0, 3, 1) is None
    # 11 / 9 is 119 = 100 + 19; no other pair of lines makes the group add up
    found = _wrapped_numbers(_wrapped_block(["100", "19", "11", "9"]), 0, 3, 1)
    assert found is not None and [t.text for t in found[0]] == ["100", "19", "119"]
    # (10 10 | 10 10 read as 1010 1010 | 10 10, or 10 10 | 1010 1010): neither is taken
    assert _wrapped_numbers(_wrapped_block(["10", "10", "1010", "10", "10"]), 0, 2, 2) is None


def test_an_empty_line_before_the_values_is_skipped_only_between_header_words() -> None:
    from gxtables._rejoin import _block_numbers

    def block(texts: list[str]) -> list[Token]:
        return renumber(make_token(0, t, None, None, None, False, Location(line=k + 1))
                        for k, t in enumerate(["行政复议", *texts]))

    # a page break between the header's words: the values after it are the block's
    found = _block_numbers(block(["", "持", "5", "3", "8"]), 0, 3)
    assert found is not None and found[0] == [3, 4, 5]
    # an empty line right before the numbers may be the first cell: which one is unknown
    assert _block_numbers(block(["", "5", "3", "8"]), 0, 3) is None


def test_header_words_one_space_apart_stack_over_their_wrapped_halves() -> None:
    """004's applications header (``-layout``, reportlab) prints its squeezed words one space
    apart after a wrapped note (``项加第四项之和）  自然人 商业企 科研机 社会公 法律服``) and their
    halves below (``业   构  益组织 务机构``), 其他 alone on the line between. Word by word the
    halves stand under their tops by character index, as pdftotext counts, so the header
    reads in the official order; by display width 其他 came before 法律服务机构."""
    report = gxtables.extract(FIXTURES / "004.rl.layout.txt")
    assert not [i for i in report.issues
                if i.code == "header_not_matched" and i.table == "applications"]
    lines = (FIXTURES / "004.rl.layout.txt").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if "项加第四项之和）" in line)
    texts = [(n + 1, line) for n, line in enumerate(lines[start:start + 3], start)]
    assert _stacked(texts, chars=True) > _stacked(texts, chars=False)


def test_narrow_numbered_labels_and_vertical_words_are_joined() -> None:
    """A label wrapped every four characters joins when its outline number opens it, and a
    run of one-character lines (a cell's text written down its side) joins; narrow words
    with no outline number (header words in drawing order) stay apart."""
    lines = ["", "2.其他法", "律行政法", "规禁止公", "开", "", "0", "",
             "（", "三", "）", "不", "予", "公", "开", "", "商业", "企业", ""]
    out, origin = rebuild_flow(lines, blank_after_cell=True)
    assert origin is not None
    assert out == ["", "2.其他法律行政法规禁止公开", "", "0", "", "（三）不予公开", "",
                   "商业", "企业", ""]


def test_units_drawn_after_the_numbers_need_as_many_numbers() -> None:
    from gxtables._readers._flow import units_drawn_after

    lines = ["—", "", "7", "", "12", "", "件", "", "件", "", "说明"]
    assert units_drawn_after(lines) == ["—", "", "7件", "", "12件", "", "", "", "", "", "说明"]
    # three plain numbers, two units: which numbers printed one is unknown
    lines = ["3", "", "7", "", "12", "", "件", "", "件"]
    assert units_drawn_after(lines) is lines


def test_rows_by_column_are_read_only_when_the_row_order_does_not_add_up_too() -> None:
    """A band of rows written column by column (blocks of lines one under the other) is read
    across when each row adds up; when the numbers read row by row add up as well, and the
    two readings differ, neither is taken."""
    from gxtables._apart import _cut_rows

    def numbers(blocks: list[list[str]]) -> list[Token]:
        out, line = [], 1
        for block in blocks:
            for text in block:
                out.append(make_token(len(out), text, None, None, None, False,
                                      Location(line=line)))
                line += 1
            line += 1  # the blank line between blocks
        return out

    def read(blocks: list[list[str]]) -> list[list[str]] | None:
        rows = _cut_rows(numbers(blocks), 3)
        return None if rows is None else [[t.text for t in row] for row in rows]

    # rows 1 0 1, 2 3 5 and 0 0 0; read row by row (1 2 0 …) they do not add up
    assert read([["1", "2", "0"], ["0", "3", "0"], ["1", "5", "0"]]) == [
        ["1", "0", "1"], ["2", "3", "5"], ["0", "0", "0"]]
    # by column 0 2 2 / 1 3 4 / 1 5 6, row by row 0 1 1 / 2 3 5 / 2 4 6: both add up, differ
    assert read([["0", "1", "1"], ["2", "3", "5"], ["2", "4", "6"]]) is None
    # zeros read alike both ways
    assert read([["0"] * 3, ["0"] * 3, ["0"] * 3]) == [["0", "0", "0"]] * 3
    # a block of one line is the row order
    assert read([["1"], ["2"], ["3"]]) == [["1", "2", "3"]]


def test_a_value_on_the_baseline_of_a_wrapped_labels_line_is_its_rows_first() -> None:
    """``5.要求行政机关确认`` / ``或重新出具已获取信 0`` / ``息``: the row's first value drawn
    on the label's middle line; the label is one cell and the number the cell after it.
    Two lines ending in a number, or lines that are no wrapped cell, are left alone."""
    lines = ["", "5.要求行政机关确认", "或重新出具已获取信 0", "息", "", "7", ""]
    out, origin = rebuild_flow(lines, blank_after_cell=True)
    assert out == ["", "5.要求行政机关确认或重新出具已获取信息", "", "0", "", "7", ""]
    assert origin is not None and [origin[1], origin[3]] == [1, 2]
    two = ["", "5.要求行政机关确认 3", "或重新出具已获取信 0", "息", ""]
    assert rebuild_flow(two, blank_after_cell=True)[0] == two
    prose = ["", "全年共受理申请 12", "件。", ""]  # no wrapped cell: a short last line after
    assert rebuild_flow(prose, blank_after_cell=True)[0] == prose


def test_a_group_label_interleaved_with_a_sub_items_label_is_taken_apart() -> None:
    """``（六）其他`` / ``2.申请人逾期未按收费通知`` / ``处理`` / ``要求缴纳费用、行政机关不`` /
    ``再处理其政府信息公开申请``: the narrow lines are the group label's, the wide ones the
    sub-item's wrapped label; a run whose wide lines are no wrapped cell is left alone."""
    lines = ["", "（六）其他", "2.申请人逾期未按收费通知", "处理", "要求缴纳费用、行政机关不",
             "再处理其政府信息公开申请", "", "3", ""]
    out, origin = rebuild_flow(lines, blank_after_cell=True)
    assert out == ["", "（六）其他处理", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不"
                   "再处理其政府信息公开申请", "", "3", ""]
    assert origin is not None and [origin[1], origin[3]] == [1, 2]
    ragged = ["", "（六）其他", "2.申请人逾期未按收费通知", "处理", "要求缴纳", "再处理其政府信息公开申请",
              ""]
    assert rebuild_flow(ragged, blank_after_cell=True)[0] == ragged
