"""A note mark after a number in column-aligned text (``14*`` in ``pdftotext -layout`` of a
report that marks a figure for a footnote): the mark stands beside the number, not under
a column, so it moves no number into another column and leaves no blank cell misplaced."""

from __future__ import annotations

from pathlib import Path

import gxtables

LAYOUT = Path(__file__).parent / "fixtures" / "pdftotext" / "000.lo.layout.txt"


def _values(report: gxtables.Report) -> dict[tuple[str, str, str], object]:
    return {(t, r, c): cell.value for t, table in report.tables.items()
            for r, row in table.rows.items() for c, cell in row.items()}


def test_a_marked_number_reads_as_the_number_and_is_warned() -> None:
    text = LAYOUT.read_text(encoding="utf-8")
    row = "     5.属   14    0    0   0   0   0   14"
    assert row in text
    plain = gxtables.extract(text.encode("utf-8"))
    for marked_row in (row.replace(" 14 ", " 14*", 1), row.replace(" 0   0   0   14", " 0*  0   0   14")):
        marked = gxtables.extract(text.replace(row, marked_row).encode("utf-8"))
        assert _values(marked) == _values(plain)
        assert ("footnote_mark", "applications", "denied_internal_affairs") in {
            (i.code, i.table, i.row) for i in marked.issues}
