"""The five real seed reports extract to their expected output, cell for cell.

The same check as ``../shared/tools/score.py``: a cell expected ``{"expect": "flagged"}`` must
come out null or carry an error/warning issue for its table and row; every other cell must
have the expected value (and unit, where one is expected); the template must match.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import gxtables

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
RENDERS = Path(__file__).parent / "fixtures" / "seed_renders"
CASES = sorted(p.stem for p in SEEDS.glob("*.txt"))
#: Each seed's numbers laid out like the official templates in every format (see
#: fixtures/seed_renders/regenerate.py); ``.lo.pdf`` is LibreOffice's export of the DOCX.
RENDERED = sorted(p.name for p in RENDERS.glob("*") if p.suffix in (".html", ".docx", ".pdf"))


def _flagged(report: gxtables.Report, table: str, row: str) -> bool:
    return any(
        i.severity in ("error", "warning") and i.table in (None, table) and i.row in (None, row)
        for i in report.issues
    )


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), abs_tol=1e-9)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", CASES)
def test_seed_matches_expected(name: str) -> None:
    assert_matches_expected(SEEDS / f"{name}.txt", name)


@pytest.mark.parametrize("filename", RENDERED)
def test_seed_rendered_in_every_format_matches_expected(filename: str) -> None:
    report = assert_matches_expected(RENDERS / filename, filename.split(".")[0])
    suffix = filename.rsplit(".", 1)[1]
    assert report.source.format == {"html": "html", "docx": "docx", "pdf": "pdf"}[suffix]


def assert_matches_expected(path: Path, name: str) -> gxtables.Report:
    expected = json.loads((SEEDS / f"{name}.expected.json").read_text(encoding="utf-8"))
    report = gxtables.extract(path)
    assert report.template == expected["template"]
    wrong = []
    for table, rows in expected["tables"].items():
        for row, cols in rows.items():
            for col, cell in cols.items():
                got = report[table][row][col]
                if cell.get("expect") == "flagged":
                    if got.value is not None and not _flagged(report, table, row):
                        wrong.append((table, row, col, "should be flagged", got.value))
                    continue
                ok = _same(got.value, cell["value"])
                if ok and cell.get("unit") is not None:
                    ok = got.unit == cell["unit"]
                if ok and "raw" in cell:
                    ok = got.raw == cell["raw"]
                if not ok:
                    wrong.append((table, row, col, cell, got))
    assert not wrong, wrong[:10]
    return report


@pytest.mark.parametrize("name", CASES)
def test_seed_json_has_contract_shape(name: str) -> None:
    report = gxtables.extract(SEEDS / f"{name}.txt")
    data = json.loads(report.to_json())
    assert set(data) >= {"source", "template", "tables", "issues"}
    assert data["source"]["format"] == "text"
    assert len(data["source"]["sha256"]) == 64
    layout_tables = {"2019": 7, "2021": 6}[data["template"]]
    assert len(data["tables"]) == layout_tables
    for rows in data["tables"].values():
        for cols in rows.values():
            for cell in cols.values():
                assert {"value", "raw", "unit"} <= set(cell)


def test_seed_002_cut_short_review_table_keeps_only_the_complete_row() -> None:
    report = gxtables.extract(SEEDS / "002.txt")
    review = report["review_litigation"]
    assert [review["review"][c].value for c in ("upheld", "corrected", "other", "pending",
                                                 "total")] == [41, 1, 2, 6, 50]
    for row in ("litigation_direct", "litigation_after_review"):
        assert all(cell.value is None for cell in review[row].values())
        codes = {i.code for i in report.issues_for("review_litigation", row) if i.row == row}
        assert "truncated_table" in codes


def test_seed_cells_carry_line_numbers() -> None:
    report = gxtables.extract(SEEDS / "000.txt")
    cell = report["applications"]["new_received"]["natural_person"]
    assert cell.raw == "1860"
    assert cell.location is not None and cell.location.line is not None
    lines = (SEEDS / "000.txt").read_text(encoding="utf-8").split("\n")
    assert lines[cell.location.line - 1].strip() == "1860"
