"""Export: long and wide pandas frames, labels, CSV without pandas, lazy import."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

import gxtables
from gxtables._export import LONG_COLUMNS, write_csv

pd = pytest.importorskip("pandas")
SEEDS = Path(__file__).parent / "fixtures" / "seeds"
REPORTS = [gxtables.extract(p) for p in sorted(SEEDS.glob("*.txt"))]


def test_import_does_not_pull_in_pandas() -> None:
    code = "import sys, gxtables; sys.exit('pandas' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_long_form_one_row_per_cell() -> None:
    frame = REPORTS[1].to_pandas()
    assert list(frame.columns) == list(LONG_COLUMNS)
    assert len(frame) == sum(len(t.rows) * len(next(iter(t.rows.values())))
                             for t in REPORTS[1].tables.values())
    row = frame[(frame.table == "applications") & (frame.row == "carried_over")
                & (frame.column == "total")].iloc[0]
    assert pd.isna(row.value) and row.severity == "warning"
    assert row.issues == "balance_mismatch;sum_mismatch;compared_with_empty"


def test_many_reports_and_labels() -> None:
    frame = gxtables.to_pandas(REPORTS, labels="zh")
    assert sorted(frame.report.unique()) == [0, 1, 2, 3, 4]
    assert "一、本年新收政府信息公开申请数量" in set(frame.row_label)
    # 采购总金额 holds decimals, the counts stay int (issue 15, defect 11)
    assert frame.value.dtype == "object"
    assert {type(v) for v in frame[frame.table == "applications"].value.dropna()} == {int}


def test_wide_form_keys_and_labels() -> None:
    wide = REPORTS[0].to_pandas(wide=True)
    assert wide["applications"].loc["new_received", "total"] == 1940
    zh = REPORTS[0].to_pandas(wide=True, labels="zh", table="applications")
    assert zh.loc["一、本年新收政府信息公开申请数量", "总计"] == 1940
    en = REPORTS[0].to_pandas(wide=True, labels="en", table="review_litigation")
    assert en.loc["administrative review", "total"] == 119
    many = gxtables.to_pandas(REPORTS, wide=True, table="applications")
    assert many.loc[(3, "carried_forward"), "legal_service_org"] == 1


def test_bad_labels_value() -> None:
    with pytest.raises(ValueError, match="labels"):
        REPORTS[0].to_pandas(labels="fr")


def test_missing_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r'pip install "\.\[pandas\]"'):
        REPORTS[0].to_pandas()


def test_csv_streams_without_pandas() -> None:
    out = io.StringIO()
    n = write_csv(REPORTS[0], out)
    n += write_csv(REPORTS[1], out, header=False)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == n == 2 * 198
    first = rows[0]
    assert first["table"] == "article20_1" and first["source_format"] == "text"
    assert any(r["issues"] == "balance_mismatch" for r in rows)
