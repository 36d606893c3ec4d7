"""``numbers_suspect``: numbers printed as no count is printed, or misread throughout.

The tables' arithmetic (:mod:`._checks`) cannot see a hidden digit glued to a ``0`` (``09``),
a speck read as a decimal point, digits of several cells run into one, or a footnote mark
glued to every number of a document — and the 第二十条 tables have no arithmetic at all.
These checks warn where the printing itself betrays such a misreading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ._checks import CellRef, layout_rules
from ._normalize import nfkc
from ._records import CellValue, Issue, Number, Report
from ._templates import LAYOUTS, TableSpec

__all__ = ["suspect_numbers"]


def suspect_numbers(report: Report) -> list[Issue]:
    """Every ``numbers_suspect`` warning of ``report`` (pure: the report is not changed)."""
    return _printed_oddly(report) + _unchecked_tables_doubted(report)


_LEADING_ZERO = re.compile(r"^[+\-]?0\d")
#: A count this large is digits of several cells run together.
_HUGE_COUNT = 1_000_000_000


def _at(spec: TableSpec, row: str, col: str, cell: CellValue) -> str:
    """Which cell reads what, for a ``numbers_suspect`` message (worded only when one is
    given: the labels are looked up by key)."""
    return f"cell {spec.row(row).label!r} × {spec.column(col).label!r} reads {cell.raw!r}"


def _leading_zero(raw: str) -> bool:
    """Whether ``raw`` is a number printed with a leading zero. Most cells are plain ASCII
    digits, told at a glance; others are normalized first (full-width digits, spaces)."""
    if raw.isascii() and raw.isdigit():
        return len(raw) > 1 and raw[0] == "0"
    return _LEADING_ZERO.match(nfkc(raw).strip()) is not None


def _printed_oddly(report: Report) -> list[Issue]:
    """A ``numbers_suspect`` warning on each cell whose number is printed with a leading
    zero (``09``): no report prints a count so, but ``pdftotext -layout`` runs a hidden
    digit into a ``0`` cell (an invisible ``9`` under it reads ``09`` for 0); and on each
    count printed with a decimal point (``39.1``, ``1.0``): a speck OCR read as a dot, or
    a stray dot a page put in a number (amounts of money may have decimals); on each
    count of a billion or more (a one-line page's digits run together past a footer); and
    on each negative number in a column that is no change from the year before (a dash
    printed for an empty cell, or a page footer ``-2-``, run into a number)."""
    layout = LAYOUTS[report.template]
    out = []
    for key, table in report.tables.items():
        spec = layout.table(key)
        for row, cols in table.rows.items():
            for col, cell in cols.items():
                if cell.kind != "number":
                    continue
                if _leading_zero(cell.raw or ""):
                    out.append(Issue(
                        "numbers_suspect", "warning", f"{_at(spec, row, col, cell)}: a count "
                        "is not printed with a leading zero; two pieces (a hidden digit) may "
                        "have run together", key, row, col))
                elif isinstance(cell.value, float) and not spec.column(col).money:
                    out.append(Issue(
                        "numbers_suspect", "warning", f"{_at(spec, row, col, cell)}: a count "
                        "is a whole number; a dot (a speck read by OCR, a stray character) may "
                        "have cut its digits", key, row, col))
                elif abs(cell.value or 0) >= _HUGE_COUNT and not spec.column(col).money:
                    out.append(Issue(
                        "numbers_suspect", "warning", f"{_at(spec, row, col, cell)}: no office "
                        "counts a billion of anything; the digits of several cells may have run "
                        "together", key, row, col))
                elif (cell.value or 0) < 0 and not spec.column(col).signed:
                    out.append(Issue(
                        "numbers_suspect", "warning", f"{_at(spec, row, col, cell)}: only a "
                        "change from the year before can be negative; a dash printed for an empty "
                        "cell or a page footer (-2-) may have run into the number", key, row, col))
    return out


#: Row totals that must fail, and the share of those checked, before the tables no rule
#: checks are doubted (:func:`_unchecked_tables_doubted`).
WIDESPREAD_MIN, WIDESPREAD_SHARE = 5, 0.5
#: Numbers read, and the share of them ending in one same digit 1–9, that betray a mark
#: glued to every number (:func:`_same_last_digit`).
SUFFIX_MIN, SUFFIX_SHARE = 12, 0.9


def _unchecked_tables_doubted(report: Report) -> list[Issue]:
    """A ``numbers_suspect`` warning on each table when the document's numbers look misread
    throughout — a raised footnote ``1`` or a hidden digit that ``pdftotext`` glues to every
    number (``184`` read ``1841``, ``0`` read ``01``): most row totals fail (then on the
    tables no rule checks, the 第二十条 items, which nothing else could flag), or nearly
    every number read ends in the same digit 1–9 (then on every table)."""
    layout = LAYOUTS[report.template]
    rules = layout_rules(report.template)
    digit = _same_last_digit(report)
    if digit is not None:
        why = (f"nearly every number read ends in {digit}: a footnote mark or hidden digit may "
               "be glued to each")
        keys = [spec.key for spec in layout.tables]
    else:
        checked = failed = 0
        for key, table_rules in rules.items():
            table = report.tables.get(key)
            if table is None:
                continue
            for rule in table_rules:
                if rule.kind not in ("row_total", "review_total"):
                    continue
                left = _sum_read(table.rows, rule.lhs)
                right = _sum_read(table.rows, rule.rhs)
                if left is None or right is None:
                    continue  # a cell not read: the rule is not checked
                checked += 1
                failed += left != right
        if failed < WIDESPREAD_MIN or failed < WIDESPREAD_SHARE * checked:
            return []
        why = (f"{failed} of the {checked} row totals checked fail: the numbers may be misread "
               "throughout (a footnote mark or hidden digit glued to each), and this table has "
               "no arithmetic that could show it")
        keys = [spec.key for spec in layout.tables if spec.key not in rules]
    return [Issue("numbers_suspect", "warning", why, key) for key in keys
            if key in report.tables]


def _sum_read(rows: Mapping[str, Mapping[str, CellValue]], refs: Sequence[CellRef]
              ) -> Number | None:
    """``sum_cells`` of ``refs`` (empty = 0, added in the same order), or ``None`` when one
    of them was not read (``cell_count`` written out: each row total asks it of every cell
    once, not twice)."""
    total: Number = 0
    for row, col in refs:
        cell = rows[row][col]
        value = cell.value
        if value is None:
            if cell.kind != "empty":
                return None
            continue
        total += value
    return total


def _same_last_digit(report: Report) -> int | None:
    """The digit 1–9 that at least :data:`SUFFIX_SHARE` of the (at least
    :data:`SUFFIX_MIN`) integers read end in, if any. Real counts end in every digit, and
    mostly in 0 (the many zeros of a report)."""
    ends = [0] * 10
    for t in report.tables.values():
        for cols in t.rows.values():
            for c in cols.values():
                if isinstance(c.value, int) and c.kind == "number":
                    ends[int(abs(c.value)) % 10] += 1
    read = sum(ends)
    if read < SUFFIX_MIN:
        return None
    digit = max(range(1, 10), key=ends.__getitem__)  # (the first of equals, as before)
    return digit if ends[digit] >= SUFFIX_SHARE * read else None
