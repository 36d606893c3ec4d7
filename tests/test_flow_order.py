"""pdftotext default mode on tables that leave zeros blank: the order poppler draws cells in.

With every cell printed, poppler 22.12 groups a row's values into lines and the text keeps
rows. With zeros left blank each value becomes a block of its own, and the default mode
writes the blocks in its reading order (a depth-first topological sort over "above, with
overlapping x" and "left of" relations, each block's x range first widened sideways until it
meets a neighbour on its own line — so a value beside blank cells overlaps other columns).
Measured with ``pdftotext -bbox-layout`` on the generated corpus (seed 0): in the seven
documents whose applications table leaves zeros blank (12, 26, 27, 30, 31, 32, 38), 2–12
values per table are written *above* an earlier value of their own column; in the 33 others,
none. So a column's values are not a run in row order, and a reader that takes them as one
(and lets the table's sums choose which rows they fill) can find a unique, wrong reading:
two rows holding one column's value and the same 总计 swap without breaking any sum.

These tests pin that such text is read with no silent wrong cell.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gxtables

FIXTURES = Path(__file__).parent / "fixtures" / "pdftotext"

#: gen0-013 (every cell printed, read 200/200): two rows whose only nonzero cells are
#: 自然人 and 总计 (属于国家秘密 2 … 2, 本机关不掌握相关政府信息 27 … 27).
_SECRET = "1.属于国家秘密\n\n2\n\n0\n\n0\n\n0\n\n0\n\n0\n\n2\n"
_HELD = "关政府信息\n\n27\n\n0\n\n0\n\n0\n\n0\n\n0\n\n27\n"


def _scattered(where: str) -> bytes:
    """gen0-013 with those two rows' nonzero cells drawn elsewhere, the lower row's first
    (``27 27 2 2``): taken as column runs in row order they say 属于国家秘密 27 … 27 and
    不掌握 2 … 2 — every row, column and the table's balance still add up."""
    text = (FIXTURES / "gen0-013.default.txt").read_text(encoding="utf-8")
    assert text.count(_SECRET) == 1 and text.count(_HELD) == 1
    text = text.replace(_SECRET, "1.属于国家秘密\n\n0\n\n0\n\n0\n\n0\n\n0\n")
    runs = "27\n\n27\n\n2\n\n2\n"
    after_held = "\n" + runs if where == "after_row" else "\n"
    text = text.replace(_HELD, "关政府信息\n\n0\n\n0\n\n0\n\n0\n\n0\n" + after_held)
    if where == "before_total":
        text = text.replace("（七）总计\n", runs + "\n（七）总计\n")
    elif where == "after_page_number":
        text = text.replace("-1-\n", "-1-\n\n" + runs)
    return text.encode("utf-8")


def _flagged(report: gxtables.Report, table: str, row: str) -> bool:
    return any(i.severity in ("error", "warning") and i.table in (None, table)
               and i.row in (None, row) for i in report.issues)


@pytest.mark.parametrize("where", ["after_row", "before_total", "after_page_number"])
def test_a_columns_values_drawn_out_of_row_order_are_not_swapped_silently(where: str) -> None:
    from _render.lossy import score_output

    truth = json.loads((FIXTURES / "gen0-013.truth.json").read_text(encoding="utf-8"))
    report = gxtables.extract(_scattered(where))
    score = score_output(truth, report.to_dict(), where)
    assert score.template_ok
    assert score.silent_cells == []
    for row, wrong in (("denied_state_secret", 27), ("unavailable_not_held", 2)):
        cells = report["applications"][row]
        if not _flagged(report, "applications", row):
            assert cells["natural_person"].value != wrong
            assert cells["total"].value != wrong
    # the rest of the table is not given up for the two rows
    assert score.right >= 160, f"{where}: {score.right}/{score.cells} right"


def test_real_default_mode_text_with_a_column_out_of_row_order_reads_with_no_silent_cell() -> None:
    """gen0-026 as poppler wrote it: 商业企业's 1 of 属于国家秘密 comes after the 2 of
    本机关不掌握相关政府信息 (rows 5 and 13 of the results); rows it cannot place are flagged."""
    from _render.lossy import score_output

    truth = json.loads((FIXTURES / "gen0-026.truth.json").read_text(encoding="utf-8"))
    text = (FIXTURES / "gen0-026.default.txt").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert lines.index("2.需要另行制作") < lines.index("2.法律行政法规禁")  # drawn out of order
    report = gxtables.extract(text.encode("utf-8"))
    score = score_output(truth, report.to_dict(), "gen0-026")
    assert score.template_ok
    assert score.silent_cells == []
    for row in ("denied_state_secret", "unavailable_not_held"):
        got = report["applications"][row]["commercial_enterprise"].value
        want = truth["tables"]["applications"][row]["commercial_enterprise"]["value"]
        assert got == want or _flagged(report, "applications", row)
