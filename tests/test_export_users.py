"""Issue 15: pandas export of batch results (defect 6) and integer counts (defect 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

import gxtables

pd = pytest.importorskip("pandas")
SEEDS = Path(__file__).parent / "fixtures" / "seeds"
PATHS = sorted(SEEDS.glob("*.txt"))


def test_batch_results_are_accepted_and_failures_skipped_and_counted() -> None:
    results = list(gxtables.extract_many([PATHS[0], b"not a report at all", PATHS[3]]))
    assert [r.ok for r in results] == [True, False, True]
    with pytest.warns(UserWarning, match="skipped 1 failed document"):
        frame = gxtables.to_pandas(results)
    assert sorted(frame.report.unique()) == [0, 2]  # positions in the input
    assert frame.attrs["failed"] == ["<bytes>"]
    expected = gxtables.to_pandas([results[0].report, results[2].report])
    assert len(frame) == len(expected)
    with pytest.warns(UserWarning):
        wide = gxtables.to_pandas(results, wide=True)
    assert sorted({n for n, _ in wide["applications"].index}) == [0, 2]


def test_anything_else_is_a_type_error_saying_what_to_pass() -> None:
    with pytest.raises(TypeError, match="extract_many"):
        gxtables.to_pandas([{"tables": {}}])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="Report"):
        gxtables.to_pandas("report.pdf")  # type: ignore[arg-type]


def test_counts_stay_integers_in_the_long_form() -> None:
    report = gxtables.extract(SEEDS / "001.txt")  # prints 采购总金额 with decimals
    frame = report.to_pandas()
    counts = frame[frame.table == "applications"]
    values = [v for v in counts.value if v is not None and not pd.isna(v)]
    assert values and all(type(v) is int for v in values), values[:5]
    assert 246 in values
    money = frame[(frame.table == "article20_9") & (frame.column == "amount")].value
    assert all(isinstance(v, float) for v in money if not pd.isna(v))
    only = report.to_pandas(table="applications")
    assert str(only.value.dtype) == "Int64"
    assert str(report.to_pandas(wide=True)["article20_9"]["projects"].dtype) == "Int64"
    assert str(report.to_pandas(wide=True)["article20_9"]["amount"].dtype) == "Float64"
    assert str(report.to_pandas(wide=True)["applications"]["total"].dtype) == "Int64"


def test_the_long_form_carries_the_reports_organ_and_year() -> None:
    import attrs

    from gxtables._api import _read
    from gxtables._limits import Limits
    from gxtables._metadata import read_metadata

    path = SEEDS / "003.txt"
    report = gxtables.extract(path)
    if report.metadata is None:  # until extract attaches it (notes/people.md)
        document = _read("text", path.read_bytes(), Limits(), str(path))
        report = attrs.evolve(report, metadata=read_metadata(document))
    frame = gxtables.to_pandas([report, attrs.evolve(report, metadata=None)])
    first, second = frame[frame.report == 0], frame[frame.report == 1]
    assert set(first.organ) == {"慈溪市人民政府"} and set(first.year) == {2020}
    assert str(frame.year.dtype) == "Int64" and second.year.isna().all()
    assert "慈溪市人民政府" in report._repr_html_()
