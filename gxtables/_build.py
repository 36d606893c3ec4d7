"""The strict stage: a raw match (texts and locations) → typed records, every doubt an Issue."""

from __future__ import annotations

import attrs

from ._counts import plain_count
from ._grid import UNREAD
from ._raw import RawCell, RawMatch, header_units
from ._records import MISSING, CellKind, CellValue, Issue, Report, Source, Table
from ._templates import LAYOUTS
from ._values import header_unit, parse_value

__all__ = ["build_report", "flag_unknown_units"]


def build_report(raw: RawMatch, source: Source, issues: list[Issue]) -> Report:
    """Type every cell of the layout, once; a cell never read is null with an issue naming
    it. ``raw`` may have been solved (:func:`._solve.resolve`): its decided cells are typed
    from their :class:`~._raw.Inference`, and their issues follow the typing issues."""
    issues = list(issues) + list(raw.issues)
    tables: dict[str, Table] = {}
    units_of = _HeaderUnits()  # a column's header is asked about for each of its cells
    for spec in raw.layout.tables:
        found = raw.tables.get(spec.key)
        units = header_units(found) if found else {}
        cells = found.cells if found else {}
        rows: dict[str, dict[str, CellValue]] = {}
        for row in spec.rows:
            typed = rows[row.key] = {}
            for col in spec.columns:
                cell = cells.get((row.key, col.key))
                if cell is None:
                    typed[col.key] = MISSING
                elif cell.inferred is not None:
                    decided = cell.inferred
                    typed[col.key] = CellValue(
                        decided.value, cell.text, decided.unit, cell.location,
                        "number" if decided.value is not None else "empty")
                elif (count := plain_count(cell.text)) is not None:
                    # A plain count (most cells): no unit of its own, no doubt to report.
                    header = cell.header
                    typed[col.key] = CellValue(
                        count.value, cell.text,
                        (units_of[header] if header else None) or units.get(col.key)
                        or units_of[col.label], cell.location, "number")
                else:
                    typed[col.key] = _typed(cell, row.label, col.label, units.get(col.key),
                                            (spec.key, row.key, col.key), issues, units_of)
        _flag_unexplained_gaps(spec.key, rows, issues)
        tables[spec.key] = Table(spec.key, rows, found.location if found else None)
    issues.extend(raw.inferred)
    return Report(source=source, template=raw.layout.key, tables=tables, issues=tuple(issues))


_KINDS: dict[str, CellKind] = {"number": "number", "null": "empty", "text": "text"}


class _HeaderUnits(dict[str, str | None]):
    """``header_unit`` of each header text asked about, found once (a dict look-up after)."""

    def __missing__(self, text: str) -> str | None:
        unit = self[text] = header_unit(text)
        return unit


def _typed(cell: RawCell, row_label: str, col_label: str, column_unit: str | None,
           at: tuple[str, str, str], issues: list[Issue], units_of: _HeaderUnits) -> CellValue:
    """A read cell typed, its doubts (text, a note mark) added to ``issues``. (A plain count
    is typed in ``build_report``'s loop.)"""
    parsed = parse_value(cell.text)
    # The official form's own label may state the unit (本年收费金额（单位：万元）).
    unit = parsed.unit or (units_of[cell.header] if cell.header else None) \
        or column_unit or (units_of[col_label] if parsed.kind == "number" else None)
    if parsed.kind == "text" and cell.text == UNREAD:
        issues.append(Issue(
            "unparsed_value", "warning",
            f"cell {row_label!r} × {col_label!r} was not read: the reader could not read "
            f"its text or tell where it stands (shown as {UNREAD!r}); left empty", *at))
    elif parsed.kind == "text":
        issues.append(Issue(
            "unparsed_value", "warning",
            f"cell {row_label!r} × {col_label!r} reads {cell.text!r}, not a number", *at))
    elif parsed.mark:
        # A warning, not info: the reader cannot be sure the mark is not a digit.
        issues.append(Issue(
            "footnote_mark", "warning",
            f"cell {row_label!r} × {col_label!r} reads {cell.text!r}: took "
            f"{parsed.value} and read {parsed.mark!r} after it as a note mark, "
            "not digits", *at))
    return CellValue(parsed.value, cell.text, unit, cell.location, _KINDS[parsed.kind])


def _flag_unexplained_gaps(table: str, rows: dict[str, dict[str, CellValue]],
                           issues: list[Issue]) -> None:
    flagged_rows = {i.row for i in issues if i.table in (None, table)
                    and i.severity in ("error", "warning")}
    if None in flagged_rows:
        return
    for row, cols in rows.items():
        missing = [c for c, v in cols.items() if v.raw is None]
        if missing and row not in flagged_rows:
            issues.append(Issue("row_not_found", "error",
                                f"cells {missing} of row {row!r} were not read", table, row))


def flag_unknown_units(report: Report) -> Report:
    """An amount of money (a column whose official label says 金额) read with no unit from the
    cell, its header or the label itself is doubtful — 万元 and 元 differ ten-thousandfold —
    so each such cell gets a ``unit_unknown`` warning. Not a zero: 0 is 0 in either unit."""
    layout = LAYOUTS[report.template]
    extra: list[Issue] = []
    for spec in layout.tables:
        table = report.tables.get(spec.key)
        if table is None:
            continue
        for col in spec.columns:
            if not col.money:
                continue
            for row in spec.rows:
                cell = table.rows[row.key][col.key]
                if cell.value is not None and cell.value != 0 and cell.unit is None:
                    extra.append(Issue(
                        "unit_unknown", "warning",
                        f"cell {row.label!r} × {col.label!r} reads {cell.raw!r} with no unit in "
                        "the cell or its header (万元 or 元?)", spec.key, row.key, col.key))
    return attrs.evolve(report, issues=report.issues + tuple(extra)) if extra else report
