"""Adversarial lossy text (issue 12): realistic crawler damage to real reports that once
gave — or still gives — a wrong number with no error or warning on its row. Each case is
built from a seed report at test time, so the fixture is the real report plus one edit."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import gxtables

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def glued(seed: str, edits: dict[int, str]) -> str:
    """The seed's lines with ``edits`` (0-based line -> new text) applied, then joined with
    nothing between them — a crawler page that dropped every cell boundary."""
    lines = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8").split("\n")
    for i, text in edits.items():
        lines[i] = text
    return "".join(line.strip() for line in lines if line.strip())


def silent_cells(seed: str, text: str, tmp_path: Path) -> list[tuple[str, str, str, object, object]]:
    """Cells whose value differs from the seed's truth on a row with no error/warning."""
    doc = tmp_path / "page.txt"
    doc.write_text(text, encoding="utf-8")
    truth = json.loads((SEEDS / f"{seed}.expected.json").read_text(encoding="utf-8"))
    return wrong_unflagged(gxtables.extract(doc), truth)


def wrong_unflagged(report: gxtables.Report, truth: dict[str, Any]
                    ) -> list[tuple[str, str, str, object, object]]:
    """``(table, row, column, truth, read)`` of each cell read wrong on a row that carries no
    error or warning: a silent wrong number."""
    flagged = {(i.table, i.row) for i in report.issues if i.severity in ("error", "warning")}
    wrong = []
    for t, rows in truth["tables"].items():
        for r, cols in rows.items():
            if (t, r) in flagged or (t, None) in flagged or (None, None) in flagged:
                continue
            table = report.tables.get(t)
            got = table.rows.get(r, {}) if table is not None else {}
            for c, cell in cols.items():
                value = got[c].value if c in got else None
                if value is not None and value != cell["value"]:
                    wrong.append((t, r, c, cell["value"], value))
    return wrong


def test_stray_number_in_glued_row_is_not_silently_absorbed(tmp_path: Path) -> None:
    """A stray number glued into a row must not be absorbed by a split that keeps only the
    row's own total while breaking the sums that join it to other rows."""
    lines = (SEEDS / "002.txt").read_text(encoding="utf-8").split("\n")
    assert lines[153].strip() == "0"  # 予以公开 × 科研机构
    # '16750 27210175' once split as 16 75 0 2 72 10 175: the row total holds, the column
    # sums into （七）总计 break — the row must stay flagged, not be decided silently
    assert silent_cells("002", glued("002", {153: "0 27"}), tmp_path) == []


def test_glued_seed_is_not_silently_wrong(tmp_path: Path) -> None:
    """Control: the same page without the stray number has no silent cell."""
    assert silent_cells("002", glued("002", {}), tmp_path) == []


def test_row_after_a_short_row_in_drawing_order_is_warned() -> None:
    # pdftotext default mode drew 行政处罚's last value after 行政强制's label
    # (``行政处罚 249`` … ``行政强制 0 0 _ 0``): 行政强制 finds exactly its three values, one
    # of them 行政处罚's. Whether or not the solver runs, that row is warned.
    doc = Path(__file__).parent / "fixtures" / "lossy" / "s12-pdftotext-020" / "doc.txt"
    for infer in (True, False):
        report = gxtables.extract(doc, infer=infer)
        warned = [i for i in report.issues if i.code == "row_neighbour_short"]
        assert ("article20_6", "coercion", "warning") in [
            (i.table, i.row, i.severity) for i in warned]
        assert "'249'" in warned[0].message


def test_rows_no_sum_checks_are_warned_anywhere_after_a_short_row() -> None:
    # pdftotext drew 规章's last 0 (第二十条第（一）项) after 行政事业性收费's 14, three tables
    # on (第（八）项), where the fee's change was blank: the fee row read ``14 0``. No sum ties
    # article-20 cells, so every such row read after the short one is warned; rows of tables
    # with arithmetic are not (their sums notice a value too many).
    doc = Path(__file__).parent / "fixtures" / "lossy" / "s1-pdftotext-048" / "doc.txt"
    report = gxtables.extract(doc)
    assert report.value("article20_8", "fees", "change") == 0  # the stray, read
    warned = {(i.table, i.row): i for i in report.issues if i.code == "row_neighbour_short"}
    assert "'规章'" in warned[("article20_8", "fees")].message
    assert {t for t, _ in warned} == {"article20_1", "article20_5", "article20_6",
                                      "article20_8", "article20_9"}


def test_no_neighbour_warning_where_rows_are_known() -> None:
    # The seeds' grids and one-line pages keep their rows: no row is warned for a neighbour.
    for seed in ("000", "001", "002", "003", "004"):
        report = gxtables.extract(SEEDS / f"{seed}.txt")
        assert not [i for i in report.issues if i.code == "row_neighbour_short"]


def _lost_cells(seed: str, text: str) -> dict[tuple[str, str, str], object]:
    truth = json.loads((SEEDS / f"{seed}.expected.json").read_text(encoding="utf-8"))
    report = gxtables.extract(text.encode())
    lost: dict[tuple[str, str, str], object] = {}
    for t, rows in truth["tables"].items():
        for r, cols in rows.items():
            got = report.tables[t].rows.get(r, {}) if t in report.tables else {}
            for c, cell in cols.items():
                value = got[c].value if c in got else None
                if value != cell["value"]:
                    lost[(t, r, c)] = value
    return lost


def _with_thousands_separators(line: str) -> str:
    """``9282.3866万元`` → ``9,282.3866万元``: a count or amount of four digits or more."""
    m = re.fullmatch(r"(\d{4,})(\.\d+)?(\D*)", line.strip())
    if m is None:
        return line
    digits = m.group(1)
    grouped = f"{int(digits):,}" if not digits.startswith("0") else digits
    return grouped + (m.group(2) or "") + m.group(3)


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_thousands_separators_in_a_glued_page_lose_no_cell(seed: str, tmp_path: Path) -> None:
    """The real seeds' counts and amounts written with thousands separators, the page glued
    into one line: every cell read without them is read with them, and none silently."""
    lines = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8").split("\n")
    plain = "".join(line.strip() for line in lines if line.strip())
    grouped = "".join(_with_thousands_separators(line).strip() for line in lines if line.strip())
    assert grouped != plain
    assert set(_lost_cells(seed, grouped)) <= set(_lost_cells(seed, plain))
    assert silent_cells(seed, grouped, tmp_path) == []
