"""Cross-year comparison: carried forward (N) against carried over (N+1), and the layout change."""

from __future__ import annotations

from pathlib import Path

import attrs

import gxtables
from gxtables import compare
from gxtables._records import CellValue, Report, Table

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
# The carried figures alone: the seeds are of different organs and the same year, which
# compare() also reports (years_not_consecutive, organs_differ; see test_cli_users.py).
R0 = attrs.evolve(gxtables.extract(SEEDS / "000.txt"), metadata=None)
R3 = attrs.evolve(gxtables.extract(SEEDS / "003.txt"), metadata=None)


def carried_over_like(earlier: Report, later: Report) -> Report:
    """``later`` with 二、上年结转 set to ``earlier``'s 四、结转下年度继续办理."""
    rows = {r: dict(c) for r, c in later["applications"].rows.items()}
    rows["carried_over"] = dict(earlier["applications"].rows["carried_forward"])
    return attrs.evolve(later, tables={**later.tables, "applications": Table("applications", rows)})


def test_matching_years_have_no_issue() -> None:
    assert compare(R0, carried_over_like(R0, R3)) == []


def test_carry_mismatch_per_column() -> None:
    issues = compare(R0, R3)
    assert [(i.code, i.severity, i.column) for i in issues] == [
        ("carry_mismatch", "warning", "natural_person"), ("carry_mismatch", "warning", "total")]
    assert "39" in issues[0].message and "12" in issues[0].message
    assert "difference -27" in issues[0].message


def test_empty_counts_as_zero_and_unreadable_is_skipped() -> None:
    later = carried_over_like(R0, R3)
    rows = {r: dict(c) for r, c in later["applications"].rows.items()}
    rows["carried_over"]["commercial_enterprise"] = CellValue(None, "")
    rows["carried_over"]["natural_person"] = CellValue(None, None)
    later = attrs.evolve(later, tables={**later.tables, "applications": Table("applications",
                                                                              rows)})
    assert compare(R0, later) == []


def test_layout_change_lists_what_cannot_be_compared() -> None:
    later = attrs.evolve(carried_over_like(R0, R3), template="2021")
    issues = compare(R0, later)
    assert issues and all(i.code == "not_comparable" and i.severity == "info" for i in issues)
    tables = {i.table for i in issues}
    assert {"article20_9", "article20_1", "applications"} <= tables
    apps = next(i for i in issues if i.table == "applications")
    assert "other_handling" in apps.message and "other_no_correction" in apps.message


def test_reports_of_different_organs_and_the_same_year_are_named() -> None:
    earlier = gxtables.extract(SEEDS / "000.txt")
    later = gxtables.extract(SEEDS / "003.txt")
    codes = {i.code for i in compare(earlier, later)}
    assert {"years_not_consecutive", "organs_differ"} <= codes
