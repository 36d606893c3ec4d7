"""The §5 consistency rules on hand-built and generated reports, and on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import ReportData, reports

import gxtables
from gxtables._checks import check_report, layout_rules, result_rows
from gxtables._records import MISSING, CellValue, Report, Source, Table
from gxtables._templates import LAYOUTS

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED_CHECKS = json.loads((Path(__file__).parent / "fixtures" / "seed_checks.json").read_text("utf-8"))
ARITHMETIC = {"sum_mismatch", "balance_mismatch", "compared_with_empty", "inferred_value"}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def report_from_data(data: ReportData) -> Report:
    """A typed report straight from generated data (no document, no reader)."""
    tables = {key: Table(key, {r: {c: CellValue(x.value, x.raw, x.unit) for c, x in cols.items()}
                               for r, cols in rows.items()})
              for key, rows in data.tables.items()}
    return Report(Source("generated.txt", "text", "0" * 64), data.template, tables)


def with_cell(report: Report, table: str, row: str, column: str, cell: CellValue) -> Report:
    """``report`` with one cell replaced."""
    rows = {r: dict(cols) for r, cols in report.tables[table].rows.items()}
    rows[row][column] = cell
    return Report(report.source, report.template, {**report.tables, table: Table(table, rows)},
                  report.issues)


def codes(issues):
    return sorted((i.code, i.table, i.row, i.column) for i in issues)


def apps_report(template: str = "2019"):
    """A consistent report built by hand: every count 0, every 第二十条 cell 1."""
    tables = {}
    for spec in LAYOUTS[template].tables:
        zero = spec.key in ("applications", "review_litigation")
        tables[spec.key] = Table(spec.key, {
            r.key: {c.key: CellValue(0, "0") if zero else CellValue(1, "1") for c in spec.columns}
            for r in spec.rows})
    return Report(Source(None, "text", "0" * 64), template, tables)


# -- each rule, by hand ------------------------------------------------------------------------


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_all_zero_report_is_consistent(template: str) -> None:
    assert check_report(apps_report(template)) == []


def test_balance_rule_reports_both_sides_and_difference() -> None:
    report = apps_report()
    report = with_cell(report, "applications", "new_received", "natural_person", CellValue(5, "5"))
    report = with_cell(report, "applications", "new_received", "total", CellValue(5, "5"))
    issues = check_report(report)
    assert codes(issues) == [("balance_mismatch", "applications", None, "natural_person"),
                             ("balance_mismatch", "applications", None, "total")]
    msg = issues[0].message
    assert "= 5 but" in msg and "= 0" in msg and "difference 5" in msg and "勾稽关系" in msg
    assert all(i.severity == "warning" for i in issues)


def test_results_rule() -> None:
    report = with_cell(apps_report(), "applications", "granted", "other_org", CellValue(2, "2"))
    report = with_cell(report, "applications", "granted", "total", CellValue(2, "2"))
    issues = check_report(report)
    assert codes(i for i in issues if i.code != "in_failed_sum") == [
        ("sum_mismatch", "applications", "total_handled", "other_org"),
        ("sum_mismatch", "applications", "total_handled", "total"),
    ]
    # every row the two failing sums add up is named too: the wrong cell may be any of them
    parts = [i for i in issues if i.code == "in_failed_sum"]
    assert sorted(i.row for i in parts) == sorted(result_rows(LAYOUTS["2019"].table("applications")))
    assert all(i.severity == "warning" and i.column is None for i in parts)
    assert "'其他'" in parts[0].message and "'总计'" in parts[0].message


def test_results_rule_names_its_part_rows() -> None:
    # two values swapped in （一）予以公开 keep its row total; only the column sums fail, and
    # their warnings alone name （七）总计 — the swapped row must carry a warning as well
    report = with_cell(apps_report(), "applications", "granted", "natural_person",
                       CellValue(5, "5"))
    report = with_cell(report, "applications", "granted", "total", CellValue(5, "5"))
    report = with_cell(report, "applications", "total_handled", "legal_service_org",
                       CellValue(5, "5"))
    report = with_cell(report, "applications", "total_handled", "natural_person", CellValue(0, "0"))
    report = with_cell(report, "applications", "total_handled", "total", CellValue(5, "5"))
    report = with_cell(report, "applications", "new_received", "legal_service_org",
                       CellValue(5, "5"))
    report = with_cell(report, "applications", "new_received", "total", CellValue(5, "5"))
    issues = check_report(report)
    assert not [i for i in issues if i.code == "balance_mismatch"
                or (i.row == "granted" and i.code == "sum_mismatch")]
    granted = [i for i in issues if i.row == "granted"]
    assert [(i.code, i.severity, i.column) for i in granted] == [
        ("in_failed_sum", "warning", None)]
    assert "'自然人'" in granted[0].message and "'法律服务机构'" in granted[0].message


def test_part_rows_already_warned_are_not_named_again() -> None:
    # a row whose own total fails already carries sum_mismatch: no second warning for it
    report = with_cell(apps_report(), "applications", "granted", "natural_person",
                       CellValue(4, "4"))
    issues = check_report(report)
    assert [i.code for i in issues if i.row == "granted"] == ["sum_mismatch"]
    parts = [i for i in issues if i.code == "in_failed_sum"]
    assert parts and all(i.column == "natural_person" for i in parts)


def test_row_total_rule() -> None:
    report = with_cell(apps_report(), "applications", "denied_state_secret", "total",
                       CellValue(1, "1"))
    issues = check_report(report)
    # the row total, and the column rules its total takes part in
    assert ("sum_mismatch", "applications", "denied_state_secret", "total") in codes(issues)
    assert ("sum_mismatch", "applications", "total_handled", "total") in codes(issues)
    row = next(i for i in issues if i.row == "denied_state_secret")
    assert "difference 1" in row.message


def test_review_rule() -> None:
    report = with_cell(apps_report(), "review_litigation", "litigation_direct", "upheld",
                       CellValue(3, "3"))
    issues = check_report(report)
    assert codes(issues) == [("sum_mismatch", "review_litigation", "litigation_direct", "total")]
    assert "difference -3" in issues[0].message


def test_empty_total_gets_a_compared_with_empty_note() -> None:
    report = with_cell(apps_report(), "applications", "carried_over", "natural_person",
                       CellValue(3, "3"))
    report = with_cell(report, "applications", "carried_over", "total", CellValue(None, ""))
    report = with_cell(report, "applications", "new_received", "natural_person",
                       CellValue(-3, "-3"))
    issues = check_report(report)
    notes = [i for i in issues if i.code == "compared_with_empty"]
    assert [(i.row, i.column, i.severity) for i in notes] == [("carried_over", "total", "info")]
    assert "empty" in next(i for i in issues if i.row == "carried_over").message


def test_empty_counts_as_zero_when_consistent() -> None:
    report = apps_report()
    for row in LAYOUTS["2019"].table("applications").rows:
        report = with_cell(report, "applications", row.key, "research_institution",
                           CellValue(None, "-"))
    assert check_report(report) == []


def test_unreadable_cells_are_not_checked() -> None:
    report = with_cell(apps_report(), "applications", "granted", "natural_person", MISSING)
    report = with_cell(report, "applications", "granted", "commercial_enterprise",
                       CellValue(None, "见附件"))
    report = with_cell(report, "applications", "granted", "total", CellValue(9, "9"))
    # every rule through those two cells is skipped; the 总计 column still fails
    issues = check_report(report)
    assert codes(i for i in issues if i.code != "in_failed_sum") == [
        ("sum_mismatch", "applications", "total_handled", "total")]
    assert {i.column for i in issues if i.code == "in_failed_sum"} == {"total"}


def test_rules_cite_their_source() -> None:
    for rules in layout_rules("2021").values():
        for rule in rules:
            assert rule.cite and ("总计" in rule.cite or "勾稽关系" in rule.cite)


# -- generated data --------------------------------------------------------------------------


@FAST
@given(reports())
def test_consistent_generated_reports_have_no_check_issue(data) -> None:
    assert check_report(report_from_data(data)) == []


def expected_after_perturbing(report, table: str, row: str, column: str) -> set[tuple]:
    """The rules a change of one cell breaks (every rule through it, §5) and the notes for
    the empty totals those rules compare."""
    spec = LAYOUTS[report.template].table(table)
    out = set()
    broken = [rule for rule in layout_rules(report.template).get(table, ())
              if (row, column) in rule.cells]
    for rule in broken:
        out.add((rule.code, table, rule.at[0], rule.at[1]))
        for r, c in rule.totals:
            cell = report.tables[table].rows[r][c]
            if (r, c) != (row, column) and cell.value is None:
                out.add(("compared_with_empty", table, r, c))
    # the rows a broken column sum adds up, unless a warning names them already
    warned = {rule.at[0] for rule in broken}
    for rule in broken:
        if rule.kind == "results_total":
            out |= {("in_failed_sum", table, r, c) for r, c in rule.rhs if r not in warned}
    assert spec  # the table exists
    return out


@FAST
@given(reports(), st.data())
def test_one_perturbed_value_yields_exactly_its_issues(data, draw) -> None:
    report = report_from_data(data)
    table = draw.draw(st.sampled_from(sorted(report.tables)))
    spec = LAYOUTS[report.template].table(table)
    row = draw.draw(st.sampled_from([r.key for r in spec.rows]))
    col = draw.draw(st.sampled_from([c.key for c in spec.columns]))
    delta = draw.draw(st.integers(1, 50))
    old = report.tables[table].rows[row][col].value or 0
    new = old + delta
    perturbed = with_cell(report, table, row, col, CellValue(new, str(new)))
    got = {(i.code, i.table, i.row, i.column) for i in check_report(perturbed)}
    assert got == expected_after_perturbing(perturbed, table, row, col)


def test_results_rows_are_the_handling_results() -> None:
    spec = LAYOUTS["2021"].table("applications")
    assert result_rows(spec)[0] == "granted" and result_rows(spec)[-1] == "other_other"


# -- the seeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", sorted(SEED_CHECKS))
def test_seed_check_results(seed: str) -> None:
    report = gxtables.extract(SEEDS / f"{seed}.txt")
    got = [{k: i.to_dict()[k] for k in ("code", "severity", "table", "row", "column")}
           for i in report.issues if i.code in ARITHMETIC]
    assert got == SEED_CHECKS[seed]["checks"], SEED_CHECKS[seed]["note"]


def test_checks_false_turns_them_off() -> None:
    report = gxtables.extract(SEEDS / "003.txt", checks=False)
    assert not [i for i in report.issues if i.code in ARITHMETIC]


def test_seed_001_messages_give_both_sides() -> None:
    report = gxtables.extract(SEEDS / "001.txt")
    balance = next(i for i in report.issues if i.code == "balance_mismatch")
    assert "= 246 but" in balance.message and "= 249" in balance.message
    assert "difference -3" in balance.message
