"""What a round trip must give back: every cell's value, unit and raw text as generated
(``mismatches``), or — where a format loses information — at least an error or warning
issue naming the cell's table and row (``unflagged``). Shared by every round-trip test."""

from __future__ import annotations

from typing import Any

from strategies import ExpectedCell, ReportData

__all__ = ["describe", "mismatches", "unflagged"]


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
