"""Consistency checks over a typed report (TEMPLATES.md §5), as pure functions.

The annual report is required by 《中华人民共和国政府信息公开条例》第五十条, and its
tables follow 国办公开办函〔2019〕60号 / 〔2021〕30号. Those forms carry their own
arithmetic, which is what is checked here:

* the 勾稽关系 printed in the applications table (本列数据的勾稽关系为：第一项加第二项之和，
  等于第三项加第四项之和): ``new_received + carried_over = total_handled + carried_forward``,
  per column including 总计 — :func:`balance_rules`;
* （七）总计 of 三、本年度办理结果 is the sum of every handling-result row — :func:`results_rules`;
* each row's 总计 is 自然人 plus the five 法人或其他组织 columns — :func:`row_total_rules`;
* each 行政复议 / 行政诉讼 block's 总计 is 结果维持 + 结果纠正 + 其他结果 + 尚未审结 —
  :func:`review_rules`.

Each rule is plain data (:class:`Rule`: the cells on each side of an equation), so the
arithmetic solver (:mod:`._solve`) reads the very same rules. Empty cells (``""``, ``-``,
``无``) count as 0; cells that could not be read (never found, or text that is not a number)
already carry an error or warning, so a rule touching one is skipped, not failed.

>>> from gxtables import extract                           # doctest: +SKIP
>>> [i.code for i in check_report(extract("tests/fixtures/seeds/003.txt"))]  # doctest: +SKIP
['balance_mismatch']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Literal

import attrs

from ._records import CellValue, Issue, Number, Report, Table
from ._templates import LAYOUTS, BalanceRule, ColumnSumRule, TableRule, TableSpec

__all__ = [
    "EMPTY",
    "UNREAD",
    "Rule",
    "balance_rules",
    "cell_count",
    "check_report",
    "check_rule",
    "expand",
    "layout_rules",
    "results_rules",
    "review_rules",
    "row_total_rules",
    "sum_cells",
]

CellRef = tuple[str, str]  # (row key, column key)


class _Marker:
    """A sentinel with a readable repr."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


#: An empty cell (``""``, ``-``, ``无``…): counted as 0 by every rule.
EMPTY = _Marker("EMPTY")
#: A cell that could not be read (never found, or not a number): rules touching it are skipped.
UNREAD = _Marker("UNREAD")


def cell_count(cell: CellValue) -> Number | _Marker:
    """The number a rule uses for ``cell``: its value, :data:`EMPTY` or :data:`UNREAD` (by
    the kind the cell was typed with; its text is not parsed again)."""
    if cell.value is not None:
        return cell.value
    return EMPTY if cell.kind == "empty" else UNREAD


@attrs.frozen
class Rule:
    """One equation of §5: ``sum(lhs) == sum(rhs)`` over cells of one table.

    ``code`` is the issue code a failure gets, ``at`` the (row, column) the issue names
    (row ``None`` for the column-wide 勾稽关系), ``totals`` the cells that are compared
    against the others (an empty one among them gets a ``compared_with_empty`` note),
    ``name`` a short description and ``cite`` the template text or article it checks.
    """

    kind: Literal["balance", "results_total", "row_total", "review_total"]
    table: str
    lhs: tuple[CellRef, ...]
    rhs: tuple[CellRef, ...]
    code: str
    at: tuple[str | None, str]
    totals: tuple[CellRef, ...]
    name: str
    cite: str

    @property
    def cells(self) -> tuple[CellRef, ...]:
        return self.lhs + self.rhs


def _summed_rows(spec: TableSpec, rule: ColumnSumRule) -> tuple[str, ...]:
    keys = [r.key for r in spec.rows]
    return tuple(keys[keys.index(rule.first): keys.index(rule.total)])


def result_rows(spec: TableSpec) -> tuple[str, ...]:
    """The rows a column-sum rule of ``spec`` adds up (in the applications table the
    handling results: （一）予以公开 … （六）其他处理); none when it has no such rule."""
    for rule in spec.rules:
        if isinstance(rule, ColumnSumRule):
            return _summed_rows(spec, rule)
    return ()


def expand(spec: TableSpec, rule: TableRule) -> list[Rule]:
    """A template rule as the equations it stands for, over the cells of ``spec``."""
    if isinstance(rule, BalanceRule):  # per column including 总计
        out = []
        for col in spec.columns:
            lhs = tuple((r, col.key) for r in rule.lhs)
            rhs = tuple((r, col.key) for r in rule.rhs)
            out.append(Rule("balance", spec.key, lhs, rhs, "balance_mismatch", (None, col.key),
                            lhs + rhs, rule.name, rule.cite))
        return out
    if isinstance(rule, ColumnSumRule):  # per column: the total row = the rows above it
        parts = _summed_rows(spec, rule)
        return [
            Rule("results_total", spec.key, ((rule.total, col.key),),
                 tuple((r, col.key) for r in parts), "sum_mismatch",
                 (rule.total, col.key), ((rule.total, col.key),), rule.name, rule.cite)
            for col in spec.columns
        ]
    # per row: the total column = every other column
    others = tuple(c.key for c in spec.columns if c.key != rule.total)
    return [
        Rule(rule.kind, spec.key, ((row.key, rule.total),),
             tuple((row.key, c) for c in others), "sum_mismatch", (row.key, rule.total),
             ((row.key, rule.total),), rule.name, rule.cite)
        for row in spec.rows
    ]


def _of_kind(spec: TableSpec, kind: str) -> list[Rule]:
    return [r for rule in spec.rules for r in expand(spec, rule) if r.kind == kind]


def balance_rules(spec: TableSpec) -> list[Rule]:
    """勾稽关系, per column including 总计: 一 + 二 = （七）总计 + 四."""
    return _of_kind(spec, "balance")


def results_rules(spec: TableSpec) -> list[Rule]:
    """（七）总计 = the sum of every handling-result row, per column."""
    return _of_kind(spec, "results_total")


def row_total_rules(spec: TableSpec) -> list[Rule]:
    """Each row's 总计 = the six applicant columns."""
    return _of_kind(spec, "row_total")


def review_rules(spec: TableSpec) -> list[Rule]:
    """Each review/lawsuit block's 总计 = 维持 + 纠正 + 其他 + 未审结."""
    return _of_kind(spec, "review_total")


@cache
def layout_rules(layout: str) -> dict[str, tuple[Rule, ...]]:
    """Every rule of a layout, per table key, in the order the templates give them (tables
    without arithmetic are absent)."""
    out = {}
    for spec in LAYOUTS[layout].tables:
        rules = tuple(r for rule in spec.rules for r in expand(spec, rule))
        if rules:
            out[spec.key] = rules
    return out


# -- checking ----------------------------------------------------------------------------------


def _fmt(x: Number) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _side(table: Table, spec: TableSpec, refs: Sequence[CellRef], by: str
          ) -> tuple[Number, str, list[CellRef]]:
    """Sum of one side, a text showing its terms, and the empty cells among them."""
    total: Number = 0
    terms, empties = [], []
    for ref in refs:
        n = cell_count(table.rows[ref[0]][ref[1]])
        label = spec.row(ref[0]).label if by == "row" else spec.column(ref[1]).label
        if n is EMPTY:
            empties.append(ref)
            terms.append(f"{label} (empty)")
        else:
            assert not isinstance(n, _Marker)
            total += n
            terms.append(f"{label} {_fmt(n)}")
    if len(terms) > 8:
        nonzero = [t for t, r in zip(terms, refs, strict=True) if r not in empties
                   and cell_count(table.rows[r[0]][r[1]]) != 0]
        shown = ", ".join(nonzero[:6]) + (", …" if len(nonzero) > 6 else "")
        text = f"the sum of {len(terms)} rows ({shown or 'all 0 or empty'})"
    else:
        text = " + ".join(terms)
    return total, text, empties


def sum_cells(table: Table, refs: Sequence[CellRef]) -> Number:
    """``_side``'s sum alone, added in the same order (empty = 0)."""
    total: Number = 0
    for ref in refs:
        n = cell_count(table.rows[ref[0]][ref[1]])
        if n is not EMPTY:
            assert not isinstance(n, _Marker)
            total += n
    return total


def check_rule(rule: Rule, table: Table, spec: TableSpec) -> Issue | None:
    """A ``warning`` when ``rule`` fails on ``table`` (empty = 0), else ``None``. A rule that
    touches an unreadable cell is not checked (that cell already carries its own issue)."""
    if any(cell_count(table.rows[r][c]) is UNREAD for r, c in rule.cells):
        return None
    if sum_cells(table, rule.lhs) == sum_cells(table, rule.rhs):
        return None  # holds (most do): no need to word the sides
    by = "row" if rule.kind in ("balance", "results_total") else "column"
    left, ltext, lempty = _side(table, spec, rule.lhs, by)
    right, rtext, rempty = _side(table, spec, rule.rhs, by)
    if left == right:
        return None
    row, col = rule.at
    where = (f"column {spec.column(col).label!r}" if row is None
             else f"row {spec.row(row).label!r}, column {spec.column(col).label!r}")
    note = "; empty cells counted as 0" if lempty or rempty else ""
    return Issue(
        rule.code, "warning",
        f"{rule.name}, {where}: {ltext} = {_fmt(left)} but {rtext} = {_fmt(right)}; "
        f"difference {_fmt(left - right)}{note} (rule: {rule.cite})",
        rule.table, row, col)


def _holds(rule: Rule, counts: Mapping[CellRef, Number | _Marker]) -> bool:
    """Whether ``rule`` holds, or touches an unreadable cell (so is not checked), by the
    table's counts taken once: :func:`check_rule`'s answer where it gives none."""
    left: Number = 0
    right: Number = 0
    for refs, sign in ((rule.lhs, 1), (rule.rhs, -1)):
        for ref in refs:
            n = counts[ref]
            if n is UNREAD:
                return True
            if n is not EMPTY:
                assert not isinstance(n, _Marker)
                if sign > 0:
                    left += n
                else:
                    right += n
    return left == right


def check_table(rules: Sequence[Rule], table: Table, spec: TableSpec,
                warned: frozenset[str] = frozenset()) -> list[Issue]:
    """Every failing rule of one table, then one ``compared_with_empty`` note per empty
    total that a failing rule compared (seed 001's empty 总计 of 二、上年结转), then one
    ``in_failed_sum`` warning per row a failing column sum adds up (:func:`_part_rows`) that
    no warning names yet (``warned``: rows already carrying an error or warning)."""
    issues: list[Issue] = []
    compared: dict[CellRef, list[Rule]] = {}
    failed: list[Rule] = []
    counts = {(r, c): cell_count(cell) for r, cols in table.rows.items()
              for c, cell in cols.items()}
    for rule in rules:
        if _holds(rule, counts):
            continue  # (most rules: each cell's count looked up, not typed again)
        issue = check_rule(rule, table, spec)
        if issue is None:
            continue
        issues.append(issue)
        failed.append(rule)
        for ref in rule.totals:
            if cell_count(table.rows[ref[0]][ref[1]]) is EMPTY:
                compared.setdefault(ref, []).append(rule)
    for (row, col), failing in compared.items():
        names = "; ".join(dict.fromkeys(r.name for r in failing))
        issues.append(Issue(
            "compared_with_empty", "info",
            f"cell {spec.row(row).label!r} × {spec.column(col).label!r} is empty and was counted "
            f"as 0 by {len(failing)} failing rule(s): {names}. An empty total beside non-zero "
            "figures may be a missing number rather than 0",
            table.key, row, col))
    named = warned | {i.row for i in issues if i.row is not None and i.severity != "info"}
    issues.extend(_part_rows(failed, spec, named))
    return issues


def _part_rows(failed: Sequence[Rule], spec: TableSpec, named: frozenset[str] | set[str]
               ) -> list[Issue]:
    """A ``warning`` on each row whose cells a failing column sum (（七）总计 = the handling
    results) adds up. The sum's own warning names the total's row only; but when it fails
    the misread cell may as well be one of its parts — two values swapped in （一）予以公开,
    or one moved into the next column, keep that row's own total and break only the column
    sums — so each part row is named too, with the columns whose sum fails (the column too
    when it is one). Rows that already carry a warning (``named``) are left alone."""
    columns: dict[str, list[str]] = {}
    totals: dict[str, str] = {}
    for rule in failed:
        if rule.kind != "results_total":
            continue
        for row, col in rule.rhs:
            if row not in named:
                columns.setdefault(row, []).append(col)
                totals.setdefault(row, rule.lhs[0][0])
    out = []
    for row, cols in columns.items():
        labels = ", ".join(repr(spec.column(c).label) for c in cols)
        out.append(Issue(
            "in_failed_sum", "warning",
            f"row {spec.row(row).label!r} is one of the rows {spec.row(totals[row]).label!r} "
            f"adds up, and that sum fails in column(s) {labels} (see sum_mismatch there): a "
            "value in this row, in another row of the sum or in the total is misread or "
            "misprinted", spec.key, row, cols[0] if len(cols) == 1 else None))
    return out


def check_report(report: Report) -> list[Issue]:
    """Every §5 rule over ``report``: a ``warning`` per failure (``sum_mismatch``,
    ``balance_mismatch``), an ``info`` per empty total compared (``compared_with_empty``).
    Pure: the report is not changed."""
    layout = LAYOUTS[report.template]
    issues: list[Issue] = []
    for key, rules in layout_rules(report.template).items():
        table = report.tables.get(key)
        if table is None:
            continue
        warned = frozenset(i.row for i in report.issues if i.table == key
                           and i.row is not None and i.severity in ("error", "warning"))
        issues.extend(check_table(rules, table, layout.table(key), warned))
    return issues
