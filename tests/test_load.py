"""Issue 15: our own output read back — Report.from_json/from_dict and load_jsonl."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_cli_users import CORRUPT_PDF, gx

import gxtables
from gxtables import CellValue, Issue, Location, Report, Source, Table
from gxtables._records import SCHEMA_VERSION, Fact, Metadata
from gxtables._templates import LAYOUTS

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
RENDERS = Path(__file__).parent / "fixtures" / "seed_renders"


@pytest.mark.parametrize("path", [*sorted(SEEDS.glob("*.txt")), RENDERS / "001.pdf",
                                  RENDERS / "002.docx"])
def test_a_report_survives_json(path: Path) -> None:
    report = gxtables.extract(path)
    again = Report.from_json(report.to_json())
    assert again == report
    assert again.to_dict() == report.to_dict()
    assert again.to_dict()["schema_version"] == SCHEMA_VERSION


def test_load_jsonl_reads_a_crawl_back(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        (crawl / seed.name).write_bytes(seed.read_bytes())
    (crawl / "x.pdf").write_bytes(CORRUPT_PDF)
    out = tmp_path / "out.jsonl"
    p = gx("extract", crawl, "-o", out, "--quiet")
    assert p.returncode == 2
    results = list(gxtables.load_jsonl(out))
    assert [r.ok for r in results] == [True, True, True, False]
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert results[3].error is not None and results[3].error.type == "CorruptDocument"
    assert results[3].source == str(crawl / "x.pdf")
    for result, seed in zip(results, sorted(SEEDS.glob("*.txt"))[:3], strict=False):
        fresh = gxtables.extract(crawl / seed.name)
        assert result.report == fresh
        assert result.status == gxtables.BatchResult(0, None, None, report=fresh).status
    pd = pytest.importorskip("pandas")
    with pytest.warns(UserWarning, match="skipped 1 failed"):
        frame = gxtables.to_pandas(gxtables.load_jsonl(out))
    assert isinstance(frame, pd.DataFrame) and sorted(frame.report.unique()) == [0, 1, 2]


def test_a_torn_last_line_is_skipped_and_a_bad_line_named(tmp_path: Path) -> None:
    line = gxtables.extract(SEEDS / "000.txt").to_json(indent=None)
    out = tmp_path / "out.jsonl"
    out.write_text(line + "\n" + line[: len(line) // 2], encoding="utf-8")
    assert len(list(gxtables.load_jsonl(out))) == 1
    out.write_text(line + "\n{oops\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"out\.jsonl:2: not a JSON object"):
        list(gxtables.load_jsonl(out))


def _damaged(change: Any) -> dict[str, Any]:
    obj = gxtables.extract(SEEDS / "000.txt").to_dict()
    change(obj)
    return obj


@pytest.mark.parametrize(("change", "message"), [
    (lambda o: o["tables"]["applications"]["granted"].pop("total"),
     r"tables\.applications\.granted\.total: missing"),
    (lambda o: o["tables"]["applications"]["granted"]["total"].update(value="12"),
     r"tables\.applications\.granted\.total\.value: expected a number or null, found '12'"),
    (lambda o: o.update(template="2020"), r"template: expected one of 2019, 2021"),
    (lambda o: o.update(schema_version="2"), r"schema_version: .*found '2'.*upgrade"),
    (lambda o: o["issues"].append({"code": "x", "severity": "fatal"}),
     r"issues\[0\]\.severity"),
    (lambda o: o["tables"].update(article20_7={}), r"'article20_7' is not a table"),
])
def test_a_malformed_object_names_the_field(change: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Report.from_dict(_damaged(change))


def test_output_without_a_version_reads_as_version_1() -> None:
    obj = _damaged(lambda o: o.pop("schema_version"))
    assert Report.from_dict(obj) == gxtables.extract(SEEDS / "000.txt")


def test_a_failure_object_is_not_a_report() -> None:
    with pytest.raises(ValueError, match="could not be read"):
        Report.from_dict({"source": {"path": "x"}, "error": {"type": "X", "message": "m"}})


# --- any report survives: generated records -------------------------------------------------

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
_locations = st.none() | st.builds(
    Location, line=st.none() | st.integers(1, 10_000), page=st.none() | st.integers(1, 300),
    bbox=st.none() | st.tuples(*[st.floats(0, 1000, allow_nan=False)] * 4),
    table=st.none() | st.integers(0, 9), row=st.none() | st.integers(0, 50),
    col=st.none() | st.integers(0, 20))
_cells = st.builds(
    CellValue, value=st.none() | st.integers(-10**9, 10**12)
    | st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
    raw=st.none() | _text, unit=st.none() | st.sampled_from(["件", "项", "万元", "元"]),
    location=_locations)
_facts = st.none() | st.builds(Fact, value=_text | st.integers(2000, 2100), evidence=_text,
                               location=_locations)


@st.composite
def generated_reports(draw: st.DrawFn) -> Report:
    layout = LAYOUTS[draw(st.sampled_from(sorted(LAYOUTS)))]
    tables = {t.key: Table(t.key, {r.key: {c.key: draw(_cells) for c in t.columns}
                                   for r in t.rows}) for t in layout.tables}
    keys = st.none() | st.sampled_from(["applications", "granted", "total"])
    issues = draw(st.lists(st.builds(
        Issue, code=st.sampled_from(sorted(gxtables.ISSUE_CODES)),
        severity=st.sampled_from(["error", "warning", "info"]), message=_text,
        table=keys, row=keys, column=keys), max_size=4))
    metadata = draw(st.none() | st.builds(Metadata, title=_facts, organ=_facts, year=_facts))
    source = Source(draw(st.none() | _text), draw(st.sampled_from(["pdf", "docx", "text"])),
                    "0" * 64)
    return Report(source, layout.key, tables, tuple(issues), metadata)


@given(generated_reports())
def test_any_report_round_trips_through_json(report: Report) -> None:
    assert Report.from_json(json.dumps(report.to_dict())) == report


def test_the_crawl_example_runs_on_cli_output(tmp_path: Path) -> None:
    import subprocess
    import sys

    pytest.importorskip("pandas")
    out = tmp_path / "seeds.jsonl"
    assert gx("extract", SEEDS, "-o", out, "--quiet").returncode == 1
    example = Path(__file__).resolve().parent.parent / "examples" / "crawl_roundtrip.py"
    p = subprocess.run([sys.executable, str(example), str(out)], capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "5 documents, 0 failed" in p.stdout and "1940 new requests" in p.stdout
