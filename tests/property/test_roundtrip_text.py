"""Round trip: a generated report flattened to text extracts back to the same cells.

``extract(render_text(layout_report(data, style), dialect, ...))`` must give every cell's
value, unit and raw text, over every layout style, the ``tab``/``blank``/``pipe``
dialects, the supported encodings, CRLF line ends and labels wrapped over two lines.
The ``runtogether`` dialect loses the cell boundaries, so there each cell must be either
right or flagged by an error/warning issue naming its table (TEMPLATES.md §1, §4).
"""

from __future__ import annotations

from typing import Any

from _render.layout import LayoutStyle, layout_report, styles
from _render.text import ENCODINGS, render_text
from hypothesis import given
from hypothesis import strategies as st
from strategies import ExpectedCell, ReportData, reports

import gxtables


def _same(expected: ExpectedCell, got: Any) -> bool:
    value = got.value
    if isinstance(expected.value, int) and isinstance(value, float):
        return False  # an integer text must give an integer
    return (value, got.unit, got.raw) == (expected.value, expected.unit, expected.raw)


def mismatches(data: ReportData, report: Any) -> list[str]:
    """Every cell whose (value, unit, raw) differs from the generated one."""
    out = []
    for table, rows in data.tables.items():
        for row, columns in rows.items():
            for column, expected in columns.items():
                got = report[table][row][column]
                if not _same(expected, got):
                    out.append(
                        f"{table}.{row}.{column}: expected "
                        f"{(expected.value, expected.unit, expected.raw)!r}, "
                        f"got {(got.value, got.unit, got.raw)!r}"
                    )
    return out


def unflagged(data: ReportData, report: Any) -> list[str]:
    """Wrong cells that no error/warning issue covers (its table, and its row or none)."""
    out = []
    for table, rows in data.tables.items():
        for row, columns in rows.items():
            flagged = any(
                i.severity in ("error", "warning") and i.table == table and i.row in (None, row)
                for i in report.issues
            )
            for column, expected in columns.items():
                got = report[table][row][column]
                if not _same(expected, got) and not flagged:
                    out.append(
                        f"{table}.{row}.{column}: expected {expected.value!r}, "
                        f"got {got.value!r} with no issue"
                    )
    return out


def describe(report: Any, bad: list[str]) -> str:
    issues = [f"{i.severity} {i.code} {i.table}.{i.row}.{i.column}: {i.message}"
              for i in report.issues]
    return "\n".join([*bad[:20], f"({len(bad)} cells wrong)", *issues[:15]])


@given(
    data=reports(),
    style=styles(),
    dialect=st.sampled_from(["tab", "blank", "pipe"]),
    encoding=st.sampled_from(ENCODINGS),
    crlf=st.booleans(),
    wrap=st.booleans(),
)
def test_text_round_trip(
    data: ReportData, style: LayoutStyle, dialect: str, encoding: str, crlf: bool, wrap: bool
) -> None:
    blob = render_text(layout_report(data, style), dialect, crlf=crlf, encoding=encoding,
                       wrap=wrap)

    report = gxtables.extract(blob)

    assert report.source.format == "text"
    assert report.template == data.template
    bad = mismatches(data, report)
    assert not bad, describe(report, bad)


@given(data=reports(), style=styles(), encoding=st.sampled_from(ENCODINGS))
def test_runtogether_cells_are_right_or_flagged(
    data: ReportData, style: LayoutStyle, encoding: str
) -> None:
    blob = render_text(layout_report(data, style), "runtogether", encoding=encoding)

    report = gxtables.extract(blob)

    assert report.template == data.template
    bad = unflagged(data, report)
    assert not bad, describe(report, bad)
