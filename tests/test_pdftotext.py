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

import gxtables
from gxtables._grid import CellGrid
from gxtables._limits import Deadline
from gxtables._readers._aligned import read_aligned

HERE = Path(__file__).parent / "fixtures"
FIXTURES = HERE / "pdftotext"
SEEDS = HERE / "seeds"

#: Cells right (of 198) per fixture today; raise these as the readers improve.
FLOORS = {
    "000.lo.layout": 198, "001.lo.layout": 140, "002.lo.layout": 198, "003.lo.layout": 198, "004.lo.layout": 167,
    "000.rl.layout": 198, "001.rl.layout": 140, "002.rl.layout": 184, "003.rl.layout": 198, "004.rl.layout": 168,
    "000.lo.default": 0, "001.lo.default": 118, "002.lo.default": 17, "003.lo.default": 0, "004.lo.default": 141,
    "000.rl.default": 169, "001.rl.default": 140, "002.rl.default": 172, "003.rl.default": 162, "004.rl.default": 155,
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
    numbers (2., all cells empty) is glued to the next row's for now (``_SPLIT_BLANK_ROWS``),
    so the matcher finds no such row and flags it."""
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
        ["（四）无法提供", "2.没有现成信息需要另行制作3.补正后申请内容仍不明确", "6", "2"],
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
