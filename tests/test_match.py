"""The matcher on hand-built grids: each step and each refusal."""

from __future__ import annotations

from pathlib import Path

import gxtables
from gxtables._build import build_report
from gxtables._grid import Cell, CellGrid, Document, Location, Paragraph
from gxtables._match import choose_layout, find_row_anchors, match_layout
from gxtables._records import Report, Source
from gxtables._slots import column_slots, header_tokens
from gxtables._templates import LAYOUTS
from gxtables._tokens import tokenize

Item = str | tuple[str, int, int]


def grid(rows: list[list[Item]], index: int = 0, exact: bool = True) -> CellGrid:
    """Rows of cell texts, ``(text, rowspan, colspan)`` for merged cells, placed like HTML."""
    taken: set[tuple[int, int]] = set()
    cells = []
    for r, row in enumerate(rows):
        c = 0
        for item in row:
            text, rs, cs = (item, 1, 1) if isinstance(item, str) else item
            while (r, c) in taken:
                c += 1
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            cells.append(Cell(text, r, c, rs, cs, Location(table=index, row=r, col=c)))
            c += cs
    return CellGrid(tuple(cells), index=index, exact=exact, rows_known=True)


def report_of(*blocks: CellGrid | Paragraph) -> Report:
    raw = match_layout(Document("html", tuple(blocks)))
    return build_report(raw, Source(None, "html", "0" * 64), [])


APPLICANT_HEADER: list[list[Item]] = [
    [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
     ("申请人情况", 1, 7)],
    [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
]

ROWS_2021 = [
    ("一、本年新收政府信息公开申请数量", None), ("二、上年结转政府信息公开申请数量", None),
    ("（一）予以公开", "三、本年度办理结果"), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
]


def article20_2021() -> CellGrid:
    return grid([
        [("第二十条第（一）项", 1, 4)],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "", "3"],
        ["行政规范性文件", "4", "5", "6"],
        [("第二十条第（五）项", 1, 4)],
        ["信息内容", ("本年处理决定数量", 1, 3)],
        ["行政许可", ("7", 1, 3)],
        [("第二十条第（六）项", 1, 4)],
        ["信息内容", ("本年处理决定数量", 1, 3)],
        ["行政处罚", ("8", 1, 3)],
        ["行政强制", ("9", 1, 3)],
        [("第二十条第（八）项", 1, 4)],
        ["信息内容", ("本年收费金额（单位：万元）", 1, 3)],
        ["行政事业性收费", ("10.5", 1, 3)],
    ], index=0)


def applications(other_rows: list[list[Item]], index: int = 1) -> CellGrid:
    v = ["1", "0", "0", "0", "0", "0", "1"]
    rows: list[list[Item]] = [*APPLICANT_HEADER,
                              [("一、本年新收政府信息公开申请数量", 1, 3), *v],
                              [("二、上年结转政府信息公开申请数量", 1, 3), *v],
                              [("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2), *v],
                              [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2), *v]]
    groups = [("（三）不予公开", ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                               "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                               "7.属于行政执法案卷", "8.属于行政查询事项"]),
              ("（四）无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                               "3.补正后申请内容仍不明确"]),
              ("（五）不予处理", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                               "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"])]
    for group, labels in groups:
        for i, label in enumerate(labels):
            lead: list[Item] = [(group, len(labels), 1)] if i == 0 else []
            rows.append([*lead, label, *v])
    rows.extend(other_rows)
    rows.append([("（七）总计", 1, 2), *v])
    rows.append([("四、结转下年度继续办理", 1, 3), *v])
    return grid(rows, index=index)


OTHER_2021: list[list[Item]] = [
    [("（六）其他处理", 3, 1), "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "2", "0", "0", "0", "0", "0", "2"],
    ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     "0", "0", "0", "0", "0", "0", "0"],
    ["3.其他", "3", "0", "0", "0", "0", "0", "3"],
]
OTHER_SINGLE: list[list[Item]] = [[("（六）其他处理", 1, 2), "5", "0", "0", "0", "0", "0", "5"]]


def review(values: list[str], index: int = 2) -> CellGrid:
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return grid([
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [*((x, 2, 1) for x in leaves), ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        leaves + leaves,
        values,
    ], index=index)


REVIEW_VALUES = ["1", "2", "3", "4", "10", "0", "0", "1", "1", "2", "", "", "", "", "0"]


def test_full_2021_report_from_grids() -> None:
    report = report_of(article20_2021(), applications(OTHER_2021), review(REVIEW_VALUES))
    assert report.template == "2021"
    assert report.value("article20_1", "regulations", "issued") == 1
    assert report.value("article20_1", "regulations", "repealed") is None
    assert report["article20_1"]["regulations"]["repealed"].raw == ""
    assert report.value("article20_6", "coercion", "decisions") == 9
    assert report.value("article20_8", "fees", "amount") == 10.5
    assert report["article20_8"]["fees"]["amount"].unit == "万元"
    assert report.value("applications", "other_other", "natural_person") == 3
    assert report.value("applications", "other_no_correction", "total") == 2
    assert report.value("review_litigation", "litigation_direct", "total") == 2
    assert report.value("review_litigation", "litigation_after_review", "upheld") is None
    assert not [i for i in report.issues if i.severity == "error"]


def test_2021_report_printing_single_other_row_is_flagged_with_its_numbers() -> None:
    report = report_of(article20_2021(), applications(OTHER_SINGLE), review(REVIEW_VALUES))
    assert report.template == "2021"
    for row in ("other_no_correction", "other_unpaid_fee", "other_other"):
        assert all(c.value is None for c in report["applications"][row].values())
        issues = [i for i in report.issues if i.row == row]
        assert issues and issues[0].severity == "error"
        assert "'5'" in issues[0].message  # the single row's numbers are kept in the message
    assert report.value("applications", "total_handled", "total") == 1


def test_2019_report_with_three_other_rows_does_not_map_them() -> None:
    a20 = grid([
        [("第二十条第（一）项", 1, 4)],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "1", "2", "3"], ["规范性文件", "4", "5", "6"],
        [("第二十条第（五）项", 1, 4)],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "1", "-2", "3"], ["其他对外管理服务事项", "4", "5", "6"],
        [("第二十条第（九）项", 1, 4)],
        ["信息内容", "采购项目数量", ("采购总金额", 1, 2)], ["政府集中采购", "2", ("3.5万元", 1, 2)],
    ])
    report = report_of(a20, applications(OTHER_2021), review(REVIEW_VALUES))
    assert report.template == "2019"
    assert all(c.value is None for c in report["applications"]["other_handling"].values())
    assert any(i.row == "other_handling" and i.severity == "error" for i in report.issues)
    assert any(i.code == "mixed_layout" for i in report.issues)
    assert report.value("article20_9", "procurement", "amount") == 3.5


def test_value_under_a_header_spanning_two_columns_is_placed_by_position() -> None:
    # A header cell spans two grid columns above one value; a missing cell is not a shift.
    a20 = grid([
        ["信息内容", ("本年制发件数", 1, 2), "本年废止件数", "现行有效件数"],
        ["规章", ("1", 1, 2), "2", "3"],
        ["行政规范性文件", "4", "", "5"],   # only four cells: nothing under 现行有效件数
    ])
    report = report_of(a20, applications(OTHER_2021), review(REVIEW_VALUES))
    assert [report.value("article20_1", "regulations", c) for c in ("issued", "repealed",
                                                                    "in_force")] == [1, 2, 3]
    row = report["article20_1"]["normative_documents"]
    assert row["issued"].value == 4
    assert row["repealed"].value == 5   # the value starts under 本年废止件数
    assert row["in_force"].value is None
    assert any(i.row == "normative_documents" for i in report.issues)


def test_subtotal_column_is_read_and_ignored() -> None:
    rows: list[list[Item]] = [
        [("申请人情况", 1, 9)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 6), ("总计", 2, 1)],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "小计"],
        ["一、本年新收政府信息公开申请数量", "10", "1", "2", "3", "4", "5", "15", "25"],
    ]
    tokens = tokenize(Document("html", (grid(rows),)))
    table = LAYOUTS["2019"].table("applications")
    anchors = find_row_anchors(tokens, table)
    headers = header_tokens(tokens, anchors["new_received"], table, set())
    slots, complete = column_slots(headers, table)
    assert complete
    assert [s.column for s in slots] == ["natural_person", "commercial_enterprise",
                                         "research_institution", "social_welfare_org",
                                         "legal_service_org", "other_org", None, "total"]


def test_layout_evidence() -> None:
    tokens = tokenize(Document("html", (article20_2021(),)))
    key, hits = choose_layout(tokens)
    assert key == "2021" and hits["2021"] and not hits["2019"]


def test_misnumbered_and_abbreviated_row_labels_match_by_meaning() -> None:
    tokens = tokenize(Document("text", (grid([
        ["一、本年新收申请数量", "1"], ["一、上年结转申请数量", "2"], ["（三）国家秘密", "3"],
        ["结转下年度继续办理", "4"]], exact=False),)))
    anchors = find_row_anchors(tokens, LAYOUTS["2019"].table("applications"))
    assert set(anchors) == {"new_received", "carried_over", "denied_state_secret",
                            "carried_forward"}


def test_value_count_that_does_not_fit_is_refused_not_shifted() -> None:
    rows = [*APPLICANT_HEADER, [("一、本年新收政府信息公开申请数量", 1, 3), "1", "2", "3"],
            [("二、上年结转政府信息公开申请数量", 1, 3), *"1000001"],
            [("四、结转下年度继续办理", 1, 3), *"1000001"]]
    report = report_of(grid(rows, exact=False))
    assert all(c.value is None for c in report["applications"]["new_received"].values())
    (issue,) = [i for i in report.issues if i.row == "new_received"]
    assert issue.code == "value_count_mismatch" and issue.severity == "error"
    assert "'1', '2', '3'" in issue.message


def test_missing_tables_are_reported() -> None:
    report = report_of(review(REVIEW_VALUES))
    assert report.value("review_litigation", "review", "total") == 10
    missing = {i.table for i in report.issues if i.code == "table_not_found"}
    assert "applications" in missing and "article20_1" in missing
    assert all(c.raw is None for c in report["applications"]["new_received"].values())


def test_review_table_printed_as_three_labelled_rows() -> None:
    rows: list[list[Item]] = [
        ["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        ["行政复议", "1", "2", "", "0", "3"],
        ["行政诉讼（未经复议直接起诉）", "4", "0", "0", "1", "5"],
        ["行政诉讼（复议后起诉）", "", "", "", "", "0"],
    ]
    report = report_of(article20_2021(), applications(OTHER_2021), grid(rows, index=2))
    table = report["review_litigation"]
    assert [table["review"][c].value for c in ("upheld", "corrected", "other", "pending",
                                               "total")] == [1, 2, None, 0, 3]
    assert table["litigation_direct"]["total"].value == 5
    assert table["litigation_after_review"]["total"].value == 0
    assert not [i for i in report.issues if i.table == "review_litigation"]


def test_swapped_rows_are_read_by_their_labels() -> None:
    apps = applications(OTHER_2021)
    cells = list(apps.cells)
    # swap the labels (and so the meaning) of 予以公开 and 部分公开 with distinct values
    rows = [*APPLICANT_HEADER,
            [("一、本年新收政府信息公开申请数量", 1, 3), *"1000001"],
            [("二、上年结转政府信息公开申请数量", 1, 3), *"0000000"],
            [("三、本年度办理结果", 4, 1), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2), *"2000002"],
            [("（一）予以公开", 1, 2), *"3000003"],
            [("（七）总计", 1, 2), *"5000005"],
            [("四、结转下年度继续办理", 1, 3), *"0000000"]]
    del cells
    report = report_of(grid(rows, index=1))
    assert report.value("applications", "granted", "natural_person") == 3
    assert report.value("applications", "partially_granted", "natural_person") == 2
    assert any(i.code == "row_out_of_order" for i in report.issues)


def test_duplicated_table_is_reported() -> None:
    report = report_of(article20_2021(), applications(OTHER_2021), review(REVIEW_VALUES),
                       applications(OTHER_2021, index=3))
    dup = [i for i in report.issues if i.code == "duplicate_table"]
    assert [i.table for i in dup] == ["applications"]
    assert report.value("applications", "new_received", "total") == 1


def test_a_summary_table_before_the_statutory_ones_is_not_read_for_them() -> None:
    """A small table in the prose naming some statutory rows under other columns, before the
    tables (a probe's decoy: read first, 88 % of cells right, flagged): the statutory copies
    are read, the first table that fits badly named in a ``duplicate_table`` warning."""
    summary = grid([["项目", "上年", "本年"],
                    ["规章", "12", "9"],
                    ["行政许可", "1200", "1300"],
                    ["行政事业性收费", "7", "8"],
                    ["本年新收政府信息公开申请数量", "30", "41"],
                    ["予以公开", "11", "13"],
                    ["行政复议", "1", "2"],
                    ["行政诉讼", "0", "1"]], index=9)
    plain = report_of(article20_2021(), applications(OTHER_2021), review(REVIEW_VALUES))
    report = report_of(summary, article20_2021(), applications(OTHER_2021),
                       review(REVIEW_VALUES))
    assert _values(report) == _values(plain)
    assert not [i for i in report.issues if i.severity == "error"]


def _values(report: Report) -> dict[tuple[str, str, str], object]:
    return {(t, r, c): cell["value"] for t, rows in report.to_dict()["tables"].items()
            for r, cells in rows.items() for c, cell in cells.items()}


def test_a_row_broken_across_a_page_is_rejoined_by_its_label() -> None:
    # Word lets a row break across pages: values stay with the first part of the label.
    rows: list[list[Item]] = [*APPLICANT_HEADER,
                              [("一、本年新收政府信息公开申请数量", 1, 3), *"1000001"],
                              [("二、上年结转政府信息公开申请数量", 1, 3), *"0000000"],
                              [("三、本年度办理结果", 4, 1), ("（四）无法提供", 2, 1), "3.补正后申请内容",
                               *"2000002"],
                              ["仍不明确", *([""] * 7)],
                              [("（七）总计", 1, 2), *"2000002"],
                              [("四、结转下年度继续办理", 1, 3), *"0000000"]]
    report = report_of(grid(rows, index=1))
    assert report.value("applications", "unavailable_unclear", "natural_person") == 2
    assert report.value("applications", "unavailable_unclear", "total") == 2
    assert any("runs on in the next row" in i.message for i in report.issues)


def test_a_header_row_broken_across_a_page_is_rejoined() -> None:
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    broken = grid([
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [("结果维", 1, 1), ("结果纠", 1, 1), ("其他结", 1, 1), ("尚未审", 1, 1), ("总计", 2, 1),
         ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        ["持", "正", "果", "结", *leaves, *leaves],
        REVIEW_VALUES,
    ], index=2)
    report = report_of(article20_2021(), applications(OTHER_2021), broken)
    assert report.value("review_litigation", "review", "total") == 10
    assert report.value("review_litigation", "litigation_direct", "total") == 2


def test_subtotal_printed_as_heji_beside_zongji_is_not_the_total() -> None:
    rows: list[list[Item]] = [
        [("申请人情况", 1, 9)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 6), ("总计", 2, 1)],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "合计"],
        ["一、本年新收政府信息公开申请数量", "10", "1", "2", "3", "4", "5", "15", "25"],
    ]
    tokens = tokenize(Document("html", (grid(rows),)))
    table = LAYOUTS["2019"].table("applications")
    anchors = find_row_anchors(tokens, table)
    slots, complete = column_slots(header_tokens(tokens, anchors["new_received"], table, set()),
                                   table)
    assert complete
    assert [s.column for s in slots][-2:] == [None, "total"]


def test_an_unlabelled_row_of_numbers_is_noted() -> None:
    rows: list[list[Item]] = [*APPLICANT_HEADER,
                              [("一、本年新收政府信息公开申请数量", 1, 3), *"1000001"],
                              [("", 1, 3), *"5000005"],
                              [("二、上年结转政府信息公开申请数量", 1, 3), *"0000000"],
                              [("四、结转下年度继续办理", 1, 3), *"0000000"]]
    report = report_of(grid(rows, index=1))
    assert report.value("applications", "new_received", "natural_person") == 1
    notes = [i for i in report.issues if i.code == "unassigned_values"]
    assert len(notes) == 1 and "'5'" in notes[0].message


def test_values_of_a_row_whose_label_was_lost_are_not_silently_the_row_before() -> None:
    """Found by test_fuzz::test_text_mutations: 55 bytes deleted from a one-cell-a-line text
    took row 7's values and row 8's label, so 7.属于行政执法案卷 read row 8's zeros. The text
    is a plausible report with row 8 missing; the row before a missing row is warned about."""
    from pathlib import Path

    import gxtables

    here = Path(__file__).parent / "fixtures" / "fuzz"
    truth = gxtables.extract(here / "row_label_lost.orig.txt")
    damaged = gxtables.extract(here / "row_label_lost.txt")
    row = "denied_enforcement_file"
    wrong = [c for c in truth["applications"][row]
             if damaged["applications"][row][c].value != truth["applications"][row][c].value]
    assert wrong, "the damage no longer changes the row; pick another case"
    codes = {i.code for i in damaged.issues_for("applications", row)}
    assert "row_neighbour_missing" in codes
    assert damaged["applications"]["denied_query_matter"]["total"].value is None


def test_review_values_with_blanks_lost_are_cut_by_group_sums() -> None:
    # 0 0 11 [blank] 11 | 0 3 0 0 3 | 10 8 [blank] 0 18: thirteen values, one cut adds up.
    from gxtables._review_blanks import group_cuts

    values = tokenize(Document("text", (grid([["0", "0", "11", "11", "0", "3", "0", "0", "3",
                                                "10", "8", "0", "18"]]),)))
    numbers = [t for t in values if t.is_value]
    assert len(numbers) == 13
    assert group_cuts(numbers, 5, 3) == [(4, 5, 4)]
    # All zeros: many cuts add up, so nothing is told apart by them.
    zeros = [numbers[0]] * 9
    assert len(group_cuts(zeros, 5, 3)) > 1


def test_with_no_layout_only_label_the_report_year_says_the_layout() -> None:
    """A report printing only what both layouts share (here its review table) is read in the
    layout in force for its year — 2019's for the 2019 and 2020 reports, 2021's from 2021 on —
    when its title gives the year; with no year, by its row labels (the latest on a tie)."""
    seed = (Path(__file__).parent / "fixtures" / "seeds" / "000.txt").read_text(encoding="utf-8")
    start = seed.index("四、政府信息公开行政复议")
    review = seed[start:seed.index("五、", start)]
    for year, template in ((2019, "2019"), (2020, "2019"), (2021, "2021"), (2023, "2021")):
        page = f"XX市人民政府{year}年政府信息公开工作年度报告\n{review}"
        report = gxtables.extract(page.encode("utf-8"))
        assert (report.template, report.metadata.year.value if report.metadata.year else None) \
            == (template, year)
        assert [c.value for c in report["review_litigation"]["review"].values()] == [
            65, 32, 22, 0, 119]
    undated = gxtables.extract(f"XX市人民政府政府信息公开工作年度报告\n{review}".encode())
    assert undated.template == "2021"
