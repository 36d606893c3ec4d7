"""The arithmetic solver: rows whose cells ran together, or lost an empty, are filled only
when the table's rules leave one reading, each filled cell with an ``inferred_value`` issue."""

from __future__ import annotations

import time
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import reports

import gxtables
from gxtables._build import build_report
from gxtables._grid import Location
from gxtables._match import match_layout
from gxtables._raw import RawMatch, RawTable, UnresolvedRow
from gxtables._readers import read_document
from gxtables._readings import SolveLimits, row_readings
from gxtables._records import CellValue, Issue, Report, Source
from gxtables._refute import refute_readings
from gxtables._solve import resolve
from gxtables._templates import LAYOUTS

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED0 = gxtables.extract(SEEDS / "000.txt")


def values_of(report: Report, table: str = "applications") -> dict[str, list[int | None]]:
    return {r: [c.value for c in cols.values()] for r, cols in report[table].rows.items()}


def runtogether(values: dict[str, list[int | None]], layout: str = "2019") -> bytes:
    """The applications table as text copied off a web page: each row's label and numbers
    glued on one line, an empty cell printing nothing (TEMPLATES.md §1)."""
    spec = LAYOUTS[layout].table("applications")
    lines = ["三、收到和处理政府信息公开申请情况",
             "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和申请人情况",
             "自然人法人或其他组织总计", "商业企业科研机构社会公益组织法律服务机构其他"]
    for row in spec.rows:
        lines.append(row.label + "".join("" if v is None else str(v) for v in values[row.key]))
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"]
    return ("\n".join(lines) + "\n").encode()


def row_flagged(report: Report, table: str, row: str) -> bool:
    return any(i.severity in ("error", "warning") and i.table == table and i.row == row
               for i in report.issues)


# -- readings of one row ---------------------------------------------------------------------


def test_readings_of_the_issue_example() -> None:
    found = row_readings([("150010218", True, None)], 7, [(6, (0, 1, 2, 3, 4, 5))])
    assert sorted(tuple(p.value for p in r) for r in found) == [
        (1, 5, 0, 0, 10, 2, 18), (15, 0, 0, 1, 0, 2, 18)]


def test_readings_place_a_lost_empty() -> None:
    found = row_readings([("5", False, None), ("", False, None), ("3", False, None)], 4)
    assert sorted(tuple(p.raw for p in r) for r in found) == [
        ("", "5", "", "3"), ("5", "", "", "3"), ("5", "", "3", "")]


def test_readings_keep_pieces_without_leading_zeros() -> None:
    found = row_readings([("100", True, None)], 2)
    assert {tuple(p.value for p in r) for r in found} == {(10, 0), (100, None), (None, 100)}


def test_readings_refuse_text() -> None:
    assert row_readings([("12件3", True, None)], 3) is None


def test_a_sign_starts_a_cell_only_in_a_column_that_may_be_negative() -> None:
    # 2019 第二十条第（五）项 copied off a page: ``878-187224468`` is 上一年项目数量 878, then
    # 本年增/减 -187 and 处理决定数量 224468 — or, read as a dash for an empty 本年增/减,
    # 878, empty, 187224468. Only 878 is the same in every reading.
    found = row_readings([("878", True, None), ("-187224468", True, None)], 3, signed=frozenset({1}))
    assert found and {r[0].value for r in found} == {878}
    assert {r[1].raw for r in found} >= {"-", "-1", "-187", "-18722446"}
    assert all(r[1].value is None or r[1].value < 0 for r in found)
    assert all(r[2].value is None or r[2].value >= 0 for r in found)


def test_a_minus_where_no_column_may_be_negative_is_a_dash_for_an_empty_cell() -> None:
    found = row_readings([("12", True, None), ("-3", True, None)], 3)
    assert found and all(r[1].raw == "-" and r[1].value is None for r in found)
    assert {tuple(p.value for p in r) for r in found} == {(12, None, 3)}
    assert [p.raw for p in found[0]] == ["12", "-", "3"]


def test_a_plus_sign_is_refused_where_no_column_may_be_negative() -> None:
    assert row_readings([("12", True, None), ("+3", True, None)], 3) is None
    assert row_readings([("12", True, None), ("+3", True, None)], 3, signed=frozenset({0})) == []


def test_a_run_closing_with_decimals_ends_in_an_amount() -> None:
    # 政府集中采购 copied off a page: 采购项目数量 0 and 采购总金额 33.5 run together. A count
    # has no leading zero, so ``033.5`` splits one way only.
    (reading,) = row_readings([("033.5", True, None)], 2, money=frozenset({1}))
    assert [(p.value, p.raw) for p in reading] == [(0, "0"), (33.5, "33.5")]
    assert all(p.split for p in reading)
    (wide,) = row_readings([("0０．２ 万元", True, None)], 2, money=frozenset({1}))
    assert [(p.value, p.raw, p.unit) for p in wide] == [(0, "0", None), (0.2, "０．２万元", "万元")]


def test_a_note_after_a_run_goes_with_its_last_piece() -> None:
    # The applications table's caption glued after 政府集中采购's numbers when the page prints
    # no section heading between them.
    (reading,) = row_readings([("033.5 （本列数据的勾稽关系为：…）", True, None)], 2,
                              money=frozenset({1}))
    assert [(p.value, p.raw) for p in reading] == [(0, "0"), (33.5, "33.5（本列数据的勾稽关系为：…）")]


def test_decimals_go_to_an_amount_column_only() -> None:
    assert row_readings([("033.5", True, None)], 2) is None
    found = row_readings([("12.5", True, None)], 2, money=frozenset({0}))
    assert found and {tuple(p.value for p in r) for r in found} == {(12.5, None)}


def test_an_amount_run_with_blanks_is_read_only_where_the_empties_are_printed() -> None:
    found = row_readings([("100.36万元", True, None)], 2, money=frozenset({1}))
    assert {tuple(p.value for p in r) for r in found} == {(10, 0.36), (None, 100.36)}
    (printed,) = row_readings([("100.36万元", True, None), ("", False, None)], 2,
                              money=frozenset({1}), empties_printed=True)
    assert [(p.value, p.raw, p.unit) for p in printed] == [(10, "10", None),
                                                          (0.36, "0.36万元", "万元")]


def test_a_plus_sign_is_never_read_as_an_empty_cell() -> None:
    found = row_readings([("１７６１", True, None), ("＋４１４２５２１３１８", True, None)], 3,
                         signed=frozenset({1}))
    assert found and all(r[1].raw.startswith("＋") and r[1].value is not None for r in found)
    assert {r[0].raw for r in found} == {"１７６１"}


def test_split_raw_keeps_fullwidth_text() -> None:
    (reading,) = row_readings([("１２３", True, None)], 3, [(2, (0, 1))])
    assert [p.raw for p in reading] == ["１", "２", "３"] and [p.value for p in reading] == [1, 2, 3]


# -- whole tables through extract --------------------------------------------------------------


def test_runtogether_table_is_solved_with_info_issues() -> None:
    report = gxtables.extract(runtogether(values_of(SEED0)))
    assert values_of(report) == values_of(SEED0)
    inferred = [i for i in report.issues if i.code == "inferred_value"]
    spec = LAYOUTS["2019"].table("applications")
    assert len(inferred) == len(spec.rows) * len(spec.columns)
    assert all(i.severity == "info" and i.table == "applications" for i in inferred)
    assert not [i for i in report.issues if i.code in ("boundaries_lost", "value_count_mismatch")]
    first = next(i for i in inferred if i.row == "new_received" and i.column == "total")
    assert "1860533671119" in first.message and "row total" in first.message
    assert report["applications"]["new_received"]["natural_person"].raw == "1860"
    # every inferred cell is marked; no cell is inferred silently
    marked = {(i.row, i.column) for i in inferred}
    assert marked == {(r.key, c.key) for r, c in spec.cells()}


def test_ambiguous_table_stays_flagged() -> None:
    spec = LAYOUTS["2019"].table("applications")
    values: dict[str, list[int | None]] = {r.key: [None] * 7 for r in spec.rows}
    for row in ("new_received", "rejected_duplicate", "total_handled"):
        values[row] = [11, None, None, None, None, None, 11]
    report = gxtables.extract(runtogether(values))
    for row in ("new_received", "rejected_duplicate", "total_handled"):
        assert row_flagged(report, "applications", row)
        cells = report["applications"][row]
        # ``1111``: the 11 in 总计 is the same in every reading; which applicant column holds
        # the other 11 is not, so those stay null.
        assert cells["total"].value == 11
        assert all(c.value is None for k, c in cells.items() if k != "total")
        inferred = {i.column for i in report.issues if i.code == "inferred_value" and i.row == row}
        assert inferred == {"total"}
    msg = next(i.message for i in report.issues if i.row == "rejected_duplicate"
               and i.code == "boundaries_lost")
    assert "6 solutions" in msg and "not guessed" in msg


def test_infer_false_leaves_rows_unsolved() -> None:
    report = gxtables.extract(runtogether(values_of(SEED0)), infer=False)
    assert row_flagged(report, "applications", "new_received")
    assert not [i for i in report.issues if i.code == "inferred_value"]
    # checks=False only skips the checks: the rows are still solved
    solved = gxtables.extract(runtogether(values_of(SEED0)), checks=False)
    assert values_of(solved) == values_of(SEED0)


def test_seed_001_dialect_with_a_blank_line_missing() -> None:
    text = (SEEDS / "001.txt").read_text("utf-8")
    cut = text.replace("240\n\n4\n\n\n1\n\n\n1\n\n246\n", "240\n\n4\n\n1\n\n\n1\n\n246\n")
    assert cut != text
    original = gxtables.extract(SEEDS / "001.txt")
    report = gxtables.extract(cut.encode())
    assert values_of(report) == values_of(original)
    inferred = {i.column for i in report.issues if i.code == "inferred_value"}
    assert inferred == set(report["applications"]["new_received"])
    # The cell placed empty is a warning: the lost line might have printed 0 as well.
    placed = [i for i in report.issues if i.code == "inferred_value" and "placed as an empty" in i.message]
    assert placed and all(i.severity == "warning" for i in placed)
    assert not [i for i in report.issues if i.severity == "error"
                and i.row == "new_received"]
    # the seed's own inconsistencies are still reported, not "fixed"
    assert {i.code for i in report.issues} >= {"balance_mismatch", "sum_mismatch"}


def review_raw(values: tuple[tuple[str, bool, Location], ...]) -> RawMatch:
    """The review table with its 15 numbers unresolved (row "": the whole block)."""
    spec = LAYOUTS["2019"].table("review_litigation")
    issues = tuple(Issue("boundaries_lost", "error", "run together", "review_litigation", r.key)
                   for r in spec.rows)
    block = UnresolvedRow("", values, tuple(c.key for c in spec.columns) * 3, (None,) * 15,
                          "boundaries_lost")
    return RawMatch(LAYOUTS["2019"], {"review_litigation": RawTable(
        "review_litigation", {}, True, None, (block,))}, issues, {})


def solved_report(raw: RawMatch) -> Report:
    return build_report(resolve(raw), Source(None, "text", "0" * 64), [])


def test_review_block_run_together_is_split() -> None:
    loc = Location(line=3)
    # 41 1 2 6 50 | 12 0 7 0 19 | 7 0 1 0 8
    raw = review_raw((("41126501207019701", True, loc), ("08", True, loc)))
    solved = resolve(raw)
    assert solved is not raw and raw.tables["review_litigation"].cells == {}  # pure
    # every cell of the block decided on the raw data, marked as such; no row left open
    table = solved.tables["review_litigation"]
    assert len(table.cells) == 15 and all(c.inferred is not None for c in table.cells.values())
    assert table.unresolved == ()
    report = solved_report(raw)
    assert values_of(report, "review_litigation") == {
        "review": [41, 1, 2, 6, 50], "litigation_direct": [12, 0, 7, 0, 19],
        "litigation_after_review": [7, 0, 1, 0, 8]}
    assert not [i for i in report.issues if i.code == "boundaries_lost"]
    assert len([i for i in report.issues if i.code == "inferred_value"]) == 15
    assert {c.kind for c in report["review_litigation"]["review"].values()} == {"number"}


def test_review_block_with_two_readings_stays_flagged() -> None:
    # 65 32 22 0 119 reads as 65 32 2 20 119 too: both keep every row total
    raw = review_raw((("6532220119375805042006", True, None),))
    solved = solved_report(raw)
    # Cells both readings agree on are filled; 其他结果 and 尚未审结 of 行政复议 are not.
    assert values_of(solved, "review_litigation") == {
        "review": [65, 32, None, None, 119], "litigation_direct": [37, 5, 8, 0, 50],
        "litigation_after_review": [4, 2, 0, 0, 6]}
    assert solved["review_litigation"]["review"]["other"].raw is None
    assert solved["review_litigation"]["review"]["other"].kind == "missing"
    errors = [i for i in solved.issues if i.code == "boundaries_lost"]
    assert len(errors) == 3 and all("2 of its 2 readings" in i.message for i in errors)
    # the block is still open in the solved raw match: not every cell was decided
    assert resolve(raw).tables["review_litigation"].unresolved


def test_pathological_row_is_bounded() -> None:
    spec = LAYOUTS["2019"].table("applications")
    values: dict[str, list[int | None]] = {r.key: [None] * 7 for r in spec.rows}
    values["granted"] = [int("1" * 45)]  # one huge run, thousands of readings
    values["total_handled"] = [int("2" * 45)]
    start = time.perf_counter()
    report = gxtables.extract(runtogether(values))
    assert time.perf_counter() - start < 15
    assert row_flagged(report, "applications", "granted")


def test_limits_stop_the_search() -> None:
    with pytest.raises(Exception, match="steps"):
        row_readings([("1" * 30, True, None)], 7, limits=SolveLimits(steps=100))


def test_states_known_to_lead_nowhere_are_not_searched_again() -> None:
    # The review block of a one-line page: 15 cells any of which may be empty, three block
    # sums. Without remembering dead states the enumeration takes ~50,000 steps.
    sums = [(4, (0, 1, 2, 3)), (9, (5, 6, 7, 8)), (14, (10, 11, 12, 13))]
    readings = row_readings([("6532220119375805042006", True, None)], 15, sums,
                            limits=SolveLimits(steps=20_000))
    assert sorted(tuple(p.value for p in r) for r in readings) == [
        (65, 32, 2, 20, 119, 37, 5, 8, 0, 50, 4, 2, 0, 0, 6),
        (65, 32, 22, 0, 119, 37, 5, 8, 0, 50, 4, 2, 0, 0, 6)]


@pytest.mark.parametrize("case", sorted(
    p.parent.name for p in (Path(__file__).parent / "fixtures" / "lossy").glob("*/doc.txt")))
def test_counting_gives_way_to_refutation_with_the_same_cells_decided(case: str) -> None:
    # Counting a table's solutions and refuting readings one by one decide the same cells:
    # the count is only cheaper on small tables, so it gives way early.
    text = (Path(__file__).parent / "fixtures" / "lossy" / case / "doc.txt").read_bytes()
    raw = match_layout(read_document("text", text, limits=gxtables.Limits(), source=None))

    def decided(limits: SolveLimits) -> dict[tuple[str, str, str], str]:
        return {(key, *ref): cell.text for key, table in resolve(raw, limits).tables.items()
                for ref, cell in table.cells.items()}

    counted = decided(SolveLimits(counting=400_000))
    assert decided(SolveLimits(counting=0)) == counted
    assert decided(SolveLimits()) == counted


# -- the property: never a silent wrong value ----------------------------------------------


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_runtogether_never_gives_a_silent_wrong_value(data) -> None:
    values = {r: [c.value for c in cols.values()] for r, cols in
              data.tables["applications"].items()}
    report = gxtables.extract(runtogether(values, data.template))
    for row, cols in report["applications"].rows.items():
        got = [c.value for c in cols.values()]
        if got != values[row]:
            assert row_flagged(report, "applications", row), (row, got, values[row])
        for col, cell in cols.items():
            if cell.value is not None or cell.raw == "":
                inferred = [i for i in report.issues if i.code == "inferred_value"
                            and i.row == row and i.column == col]
                assert inferred or not row_flagged(report, "applications", row)


def test_resolve_is_identity_without_unresolved_rows() -> None:
    raw = RawMatch(LAYOUTS["2019"], {}, (), {})
    assert resolve(raw) is raw
    assert attrs.evolve(SEED0) == SEED0
    assert CellValue(1, "1") == CellValue(1, "1")


# -- cells know their kind ----------------------------------------------------------------------


def test_every_cell_is_typed_with_its_kind() -> None:
    """The kind a cell is typed with agrees with its value and text, read or inferred, so the
    checks can trust it without parsing ``raw`` again."""
    solved = gxtables.extract(runtogether(values_of(SEED0)))
    cut = (SEEDS / "001.txt").read_text("utf-8").replace(
        "240\n\n4\n\n\n1\n\n\n1\n\n246\n", "240\n\n4\n\n1\n\n\n1\n\n246\n")
    placed = gxtables.extract(cut.encode())
    kinds: set[str] = set()
    for report in (SEED0, gxtables.extract(SEEDS / "001.txt"), solved, placed):
        for table in report.tables.values():
            for cols in table.rows.values():
                for cell in cols.values():
                    kinds.add(cell.kind)
                    # a cell built from its JSON fields derives the same kind
                    assert CellValue(cell.value, cell.raw).kind == cell.kind
                    assert (cell.kind == "number") == (cell.value is not None)
                    assert (cell.kind == "missing") == (cell.raw is None)
    assert kinds >= {"number", "empty", "missing"}
    # read back from JSON (where the kind is not written), every cell has the same kind
    again = Report.from_dict(placed.to_dict())
    assert again == placed
    assert all(again[t][r][c].kind == cell.kind for t, table in placed.tables.items()
               for r, cols in table.rows.items() for c, cell in cols.items())
    # an inferred empty cell (seed 001's lost blank line) is empty, not unread
    empty = [i for i in placed.issues if i.code == "inferred_value" and "placed as an empty"
             in i.message]
    assert empty and all(placed[i.table][i.row][i.column].kind == "empty" for i in empty)
    text = CellValue(None, "见附件")
    assert text.kind == "text" and CellValue(None, "-").kind == "empty"


def test_checks_off_still_infers() -> None:
    """``checks=False`` skips the checks only; ``infer=False`` skips the solver only."""
    data = runtogether(values_of(SEED0))
    both = gxtables.extract(data)
    no_checks = gxtables.extract(data, checks=False)
    no_infer = gxtables.extract(data, infer=False)
    arithmetic = ("sum_mismatch", "balance_mismatch", "compared_with_empty")
    assert values_of(no_checks) == values_of(both) == values_of(SEED0)
    assert [i for i in no_checks.issues if i.code == "inferred_value"] == \
        [i for i in both.issues if i.code == "inferred_value"]
    assert not [i for i in no_checks.issues if i.code in arithmetic]
    assert not [i for i in no_infer.issues if i.code == "inferred_value"]
    assert all(v is None for row in values_of(no_infer).values() for v in row)


def test_refute_keeps_readings_in_a_solution_and_drops_the_rest() -> None:
    # Two rows, one rule (row 0 + row 1 = 5): row 0 reads 1, 2 or 9; row 1 reads 3 or 4.
    # 9 is in no solution; 1 (with 4) and 2 (with 3) are.
    vectors = {0: [(1.0,), (2.0,), (9.0,)], 1: [(3.0,), (4.0,)]}
    kept = refute_readings(vectors, (5.0,), SolveLimits(), time.monotonic() + 5)
    assert kept == {0: [0, 1], 1: [0, 1]}
    assert refute_readings(vectors, (50.0,), SolveLimits(), time.monotonic() + 5) is None


def test_refute_past_its_budget_rules_nothing_out_it_did_not_refute() -> None:
    # Row 0 reads 1 or 2, rows 1-11 an even number each, their sum is 7: reading 2 is in no
    # solution, but only a search through the other rows shows it (the bounds allow it).
    vectors = {j: [(float(v),) for v in (0, 2, 4, 6)] for j in range(1, 12)}
    vectors[0] = [(1.0,), (2.0,)]

    def kept(transitions: int) -> dict[int, list[int]] | None:
        return refute_readings(vectors, (7.0,), SolveLimits(transitions=transitions),
                               time.monotonic() + 5)

    assert (kept(400) or {}).get(0) == [0]
    assert (kept(15) or {}).get(0) == [0, 1]  # stopped before refuting it: kept
    assert kept(5) is None  # stopped before any solution: nothing can be decided


def test_blank_zero_page_with_too_many_partial_sums_is_decided_by_refutation() -> None:
    # A one-line page leaving zeros blank: every applications row is open, too many partial
    # sums to count; readings are refuted one by one and the cells they agree on decided.
    folder = Path(__file__).parent / "fixtures" / "lossy" / "s0-oneline_blanks-005"
    report = gxtables.extract(folder / "doc.txt")
    stopped = [i for i in report.issues if i.table == "applications"
               and "search stopped" in i.message]
    assert stopped == []
    assert report.value("applications", "total_handled", "total") == 278


def test_row_sums_decide_cells_when_the_table_has_no_solution_but_the_row_stays_flagged() -> None:
    # pdftotext scattered the columns of a table that leaves zeros blank: no reading of the
    # table satisfies the column rules, yet ``3 0 3`` under 1.属于国家秘密 has its 总计 3 in
    # every reading that keeps the row total.
    folder = Path(__file__).parent / "fixtures" / "lossy" / "s0-pdftotext-007"
    report = gxtables.extract(folder / "doc.txt")
    assert report.value("applications", "denied_state_secret", "total") == 3
    notes = [i for i in report.issues if i.code == "inferred_value"
             and i.row == "denied_state_secret" and i.column == "total"]
    assert notes and all(i.severity == "warning" and "no solution" in i.message for i in notes)
    assert any(i.severity == "error" and i.row == "denied_state_secret"
               for i in report.issues if i.table == "applications")


def test_a_report_out_of_balance_is_solved_without_the_rule_it_breaks() -> None:
    # Seed 003 flattened into a one-line crawler page. The report itself is out of balance
    # (一 + 二 = 528 but 三 + 四 = 527 for 自然人), so no reading keeps every rule; without
    # the 勾稽关系, the （七）总计 column sums still decide 予以公开 (197 1 0 0 0 1 199 of
    # ``19710001199``, seven readings keeping its row total). 结转下年度 is tied to the rest
    # only by the rule set aside: its two readings (16 0 0 0 1 0 17, 1 6 0 0 0 10 17) are not
    # told apart. Both rows stay flagged.
    report = gxtables.extract(Path(__file__).parent / "fixtures" / "oneline_real" / "seed003.txt")
    assert values_of(report, "applications")["granted"] == [197, 1, 0, 0, 0, 1, 199]
    assert report.value("applications", "carried_forward", "natural_person") is None
    notes = [i for i in report.issues if i.code == "inferred_value" and i.row == "granted"]
    assert notes and all(i.severity == "warning" and "without 勾稽关系" in i.message
                         for i in notes)
    assert row_flagged(report, "applications", "granted")
    assert row_flagged(report, "applications", "carried_forward")
    # 第二十条第（五）项 ``行政许可878-187224468``: the sign ends 上一年项目数量; the rest has
    # no rule, so 本年增/减 and 处理决定数量 stay flagged.
    assert report.value("article20_5", "licensing", "previous_count") == 878
    assert report.value("article20_5", "licensing", "change") is None
    assert row_flagged(report, "article20_5", "licensing")
