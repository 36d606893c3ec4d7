"""Lossy text built to mislead the heuristics for lost blank cells: a cell is right, or null,
or its row is named by an error/warning — never a value moved to another row or column."""

from __future__ import annotations

import json
from pathlib import Path

import gxtables
from gxtables import Report

CASES = Path(__file__).parent / "fixtures" / "lossy_adversarial"


def wrong_unnamed(report: Report, truth: dict[str, object]) -> list[tuple[str, str, str]]:
    """Cells holding a value the truth does not have whose own row no error or warning names
    (a table-wide warning is not enough: it does not say which row's numbers moved)."""
    named = {(i.table, i.row) for i in report.issues if i.severity in ("error", "warning")}
    tables = truth["tables"]
    assert isinstance(tables, dict)
    out = []
    for t, rows in tables.items():
        for r, cols in rows.items():
            for c, cell in cols.items():
                got = report.tables[t].rows[r][c].value
                if got is not None and got != cell.get("value") and (t, r) not in named:
                    out.append((t, r, c))
    return out


def case(name: str) -> tuple[Report, dict[str, object]]:
    truth = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    report = gxtables.extract((CASES / f"{name}.txt").read_bytes())
    assert report.template == truth["template"]
    return report, truth


def test_review_row_that_lost_every_value_does_not_take_the_next_rows() -> None:
    # 行政复议 printed one 0 of its five cells: 0 | 3 5 5 13 | 0 0 0. Six cuts into groups
    # adding up disagree on every row; reading them as cut off at the end gave 行政复议 the
    # next row's 0 3 5 5 13.
    report, truth = case("review-first-row-blank")
    assert wrong_unnamed(report, truth) == []
    review = report["review_litigation"]
    assert all(cell.value is None for row in review.rows.values() for cell in row.values())
    errors = {i.row for i in report.issues
              if i.table == "review_litigation" and i.severity == "error"}
    assert errors == set(review.rows)


def test_review_values_in_one_line_that_cut_many_ways_are_not_guessed() -> None:
    text = (CASES / "review-first-row-blank.txt").read_text(encoding="utf-8")
    start = text.index("四、政府信息公开行政复议")
    line = ("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果"
            "尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果"
            "维持结果纠正其他结果尚未审结总计0 3 5 5 13 0 0 0 五、存在的主要问题及改进情况")
    report = gxtables.extract((text[:start] + line + "\n").encode("utf-8"))
    truth = json.loads((CASES / "review-first-row-blank.json").read_text(encoding="utf-8"))
    assert wrong_unnamed(report, truth) == []


def test_layout_row_of_zeros_with_blank_cells_keeps_its_columns() -> None:
    # pdftotext -layout: 5.属于三类内部事务信息 prints four zeros (two cells blank) on the page
    # after a break; the complete rows that gave the columns were on the page before, laid
    # out afresh, and put a zero under 科研机构 instead of 自然人 with no issue.
    report, truth = case("layout-zero-shifted")
    assert wrong_unnamed(report, truth) == []


def test_whole_review_groups_read_as_cut_off_at_the_end_name_their_rows() -> None:
    # 行政复议 left every cell blank: 2 5 11 11 29 | 2 3 2 11 18 are the next two rows', but a
    # text cut short after two rows prints the same; the rows read are named, not trusted.
    report, truth = case("review-blank-row-whole-groups")
    assert wrong_unnamed(report, truth) == []
    review = report["review_litigation"]
    assert review["review"]["total"].value in (None, 29)
    warned = {i.row for i in report.issues if i.table == "review_litigation"
              and i.severity in ("error", "warning")}
    assert warned - {None} == set(review.rows)


def test_a_subtotal_in_a_flat_header_stays_where_it_is_printed() -> None:
    """``其他 小计 总计`` in one header row, no 法人或其他组织 above: the 小计 column is read
    where it stands, between 其他 and 总计 (it was put after 总计, so 总计 read the 小计)."""
    for name in ("subtotal-flat-header-lines", "subtotal-flat-header-spaces"):
        report, truth = case(name)
        assert wrong_unnamed(report, truth) == []
        tables = truth["tables"]
        assert isinstance(tables, dict)
        expected = {r: c["total"].get("value") for r, c in tables["applications"].items()}
        got = {r: cells["total"].value for r, cells in report["applications"].rows.items()}
        assert got == expected, name
