"""``numbers_suspect``'s shortcuts (issue 13) give the answers of the plain definitions: a
leading zero told at a glance for ASCII digits, each row total summed once, the last digits
counted in one pass — on the seeds' reports and on reports edited to trip each rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import gxtables
from gxtables import _suspect
from gxtables._checks import UNREAD, cell_count, layout_rules, sum_cells
from gxtables._normalize import nfkc
from gxtables._records import CellValue, Report

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


@pytest.mark.parametrize("raw", [
    "0", "00", "09", "90", "123", "0123", " 09", "０９", "０", "+09", "-0", "-05", "9 ", "",
    "1,009", "0.5", "３０", "٠٩"])
def test_leading_zero_is_the_pattern_on_the_normalized_text(raw: str) -> None:
    expected = _suspect._LEADING_ZERO.match(nfkc(raw).strip()) is not None
    assert _suspect._leading_zero(raw) is expected


def _row_totals(report: Report) -> tuple[int, int]:
    """(checked, failed) row totals by the plain definition (``cell_count``, ``sum_cells``)."""
    checked = failed = 0
    for key, rules in layout_rules(report.template).items():
        table = report.tables.get(key)
        if table is None:
            continue
        for rule in rules:
            if rule.kind not in ("row_total", "review_total") or any(
                    cell_count(table.rows[r][c]) is UNREAD for r, c in rule.cells):
                continue
            checked += 1
            failed += sum_cells(table, rule.lhs) != sum_cells(table, rule.rhs)
    return checked, failed


def _last_digit(report: Report) -> int | None:
    """``_same_last_digit`` by its plain definition."""
    last = [int(abs(c.value)) % 10 for t in report.tables.values() for cols in t.rows.values()
            for c in cols.values() if isinstance(c.value, int) and c.kind == "number"]
    if len(last) < _suspect.SUFFIX_MIN:
        return None
    digit = max(range(1, 10), key=last.count)
    return digit if last.count(digit) >= _suspect.SUFFIX_SHARE * len(last) else None


def _edited(report: Report, edit: Callable[[CellValue], CellValue]) -> Report:
    tables = {k: attrs.evolve(t, rows={r: {c: edit(v) for c, v in cols.items()}
                                       for r, cols in t.rows.items()})
              for k, t in report.tables.items()}
    return attrs.evolve(report, tables=tables)


def _glued(cell: CellValue) -> CellValue:
    """A ``1`` glued to every count (``184`` read ``1841``)."""
    if isinstance(cell.value, int) and cell.kind == "number":
        return attrs.evolve(cell, value=cell.value * 10 + 1, raw=f"{cell.raw}1")
    return cell


def _unread_zeros(cell: CellValue) -> CellValue:
    """Every 0 not read (a text cell): row totals touching one are not checked."""
    if cell.value == 0:
        return attrs.evolve(cell, value=None, kind="text", raw="?")
    return cell


def _bumped(cell: CellValue) -> CellValue:
    """Every count above 0 one more: most row totals fail, the last digits stay spread."""
    if isinstance(cell.value, int) and cell.value > 0:
        return attrs.evolve(cell, value=cell.value + 1)
    return cell


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_row_totals_and_last_digits_as_defined(seed: str) -> None:
    report = gxtables.extract(SEEDS / f"{seed}.txt")
    for variant in (report, _edited(report, _glued), _edited(report, _unread_zeros),
                    _edited(report, _bumped)):
        assert _suspect._same_last_digit(variant) == _last_digit(variant)
        checked, failed = _row_totals(variant)
        doubted = _suspect._unchecked_tables_doubted(variant)
        if _last_digit(variant) is None:
            widespread = (failed >= _suspect.WIDESPREAD_MIN
                          and failed >= _suspect.WIDESPREAD_SHARE * checked)
            assert bool(doubted) is widespread
            assert all(f"{failed} of the {checked} row totals" in i.message for i in doubted)
        else:
            assert doubted  # every table warned
    glued = _edited(report, _glued)
    assert _suspect._same_last_digit(glued) == 1  # the edit trips the rule it means to
    if seed == "000":  # half its row totals fail when bumped: the widespread rule trips
        assert _suspect._unchecked_tables_doubted(_edited(report, _bumped))
