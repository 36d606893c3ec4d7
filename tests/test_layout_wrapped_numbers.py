"""A number wrapped over two lines of column-aligned text (``11`` over ``9`` in a narrow
cell) is joined by the aligned reader — but pdftotext also prints hidden text, and a lone
digit under a number may be an invisible copy (``99`` over ``9`` read ``999``). The joined
number warns its row (``numbers_suspect``) unless the row's 总计 confirms it (issue 12; the
hidden-digit case is tests/test_silent_round2.py)."""

from __future__ import annotations

from pathlib import Path

import gxtables

FIXTURE = Path(__file__).parent / "fixtures" / "pdftotext" / "000.lo.layout.txt"
VALUES = "65   32   22   0   11   37   5   8   0   50   4   2   0   0   6"


def _suspect(report: gxtables.Report) -> set[tuple[str | None, str | None]]:
    return {(i.table, i.row) for i in report.issues if i.code == "numbers_suspect"}


def test_wrapped_total_confirmed_by_its_sum_is_not_warned() -> None:
    # 65 + 32 + 22 + 0 = 119: the review total wrapped as 11 / 9 is its group's sum
    report = gxtables.extract(FIXTURE)
    assert report.value("review_litigation", "review", "total") == 119
    assert _suspect(report) == set()


def test_wrapped_number_its_sum_denies_is_warned(tmp_path: Path) -> None:
    # the same page with 22 printed 21: 65 + 32 + 21 + 0 is not 119, so the joined 119 (or
    # the row) is wrong somewhere, and the lone 9 may not be the 11's
    text = FIXTURE.read_text(encoding="utf-8")
    assert text.count(VALUES) == 1
    doc = tmp_path / "doc.txt"
    doc.write_text(text.replace(VALUES, VALUES.replace("   22   ", "   21   ")),
                   encoding="utf-8")
    report = gxtables.extract(doc)
    assert ("review_litigation", "review") in _suspect(report)
