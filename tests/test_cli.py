"""The command line, run as users run it: ``python -m gxtables`` in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import gxtables

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
GOOD = sorted(SEEDS.glob("*.txt"))
CLEAN, WITH_ERRORS = SEEDS / "000.txt", SEEDS / "002.txt"  # exit 0 and exit 1 on their own
CORRUPT_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n"


def run(*args: Any, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gxtables", *map(str, args)],
                          capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def jsonl(text: str) -> list[dict[str, Any]]:
    """Parse JSON Lines strictly: every line a whole object, nothing else."""
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    """A crawl directory: three reports in two folders, a corrupt PDF, metadata, an image."""
    root = tmp_path / "crawl"
    (root / "2022").mkdir(parents=True)
    (root / "2023").mkdir()
    shutil.copy(GOOD[0], root / "2022" / "a.txt")
    shutil.copy(GOOD[1], root / "2022" / "b.txt")
    shutil.copy(GOOD[3], root / "2023" / "c.txt")
    (root / "2023" / "d.pdf").write_bytes(CORRUPT_PDF)
    (root / "2023" / "meta.json").write_text('{"url": "http://example.gov.cn"}')
    (root / "2023" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nxxxx")
    return root


def test_one_file_prints_one_json_object() -> None:
    p = run("extract", CLEAN)
    assert p.returncode == 0, p.stderr
    obj = json.loads(p.stdout)
    assert obj == gxtables.extract(CLEAN).to_dict() | {"source": obj["source"]}
    assert obj["source"]["path"] == str(CLEAN)
    assert p.stderr == ""


def test_exit_code_1_for_error_issues_still_prints_the_report() -> None:
    p = run("extract", "--format", "json", WITH_ERRORS)
    assert p.returncode == 1
    assert json.loads(p.stdout)["template"]


def test_unreadable_single_file_is_one_line_on_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(CORRUPT_PDF)
    for path in (bad, tmp_path / "missing.pdf"):
        p = run("extract", path)
        assert p.returncode == 2
        assert p.stdout == ""
        assert len(p.stderr.splitlines()) == 1 and p.stderr.startswith("gxtables: ")
        assert str(path) in p.stderr


def test_several_files_are_jsonl_in_order() -> None:
    p = run("extract", *reversed(GOOD))
    lines = jsonl(p.stdout)
    assert [o["source"]["path"] for o in lines] == [str(g) for g in reversed(GOOD)]
    assert p.returncode == 1  # one seed has error-severity issues
    assert "5 documents" in p.stderr.splitlines()[-1]


def test_directory_walk_with_failures_as_objects(crawl: Path) -> None:
    p = run("extract", crawl, "-v")
    assert p.returncode == 2  # a document could not be read
    lines = jsonl(p.stdout)
    paths = [os.path.relpath(o["source"]["path"], crawl) for o in lines]
    assert paths == [os.path.join("2022", "a.txt"), os.path.join("2022", "b.txt"),
                     os.path.join("2023", "c.txt"), os.path.join("2023", "d.pdf")]
    failure = lines[3]
    assert failure["error"]["type"] == "CorruptDocument"
    assert failure["source"]["sha256"] and failure["source"]["format"] == "pdf"
    assert "skipped" in p.stderr and "logo.png" in p.stderr and "meta.json" in p.stderr
    summary = p.stderr.splitlines()[-1]
    assert "4 documents" in summary and "1 failed" in summary and "2 skipped" in summary


def test_output_file_jobs_and_quiet(crawl: Path, tmp_path: Path) -> None:
    out1, out2 = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    p1 = run("extract", crawl, "-o", out1, "--quiet")
    p2 = run("extract", crawl, "-o", out2, "--jobs", "2")
    assert p1.stdout == p2.stdout == ""
    assert p1.stderr == ""  # --quiet: no summary, no per-document lines
    assert "4 documents" in p2.stderr
    assert jsonl(out1.read_text(encoding="utf-8")) == jsonl(out2.read_text(encoding="utf-8"))


def test_resume_processes_only_what_is_missing(crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run("extract", crawl / "2022", "-o", out)
    before = out.read_text(encoding="utf-8")
    assert len(jsonl(before)) == 2
    p = run("extract", crawl, "-o", out, "--resume")
    assert "2 documents" in p.stderr and "2 already in the output" in p.stderr, p.stderr
    lines = jsonl(out.read_text(encoding="utf-8"))
    assert len(lines) == 4
    assert out.read_text(encoding="utf-8").startswith(before)
    assert len({o["source"]["sha256"] for o in lines}) == 4
    again = run("extract", crawl, "-o", out, "--resume")
    assert "0 documents" in again.stderr and "4 already in the output" in again.stderr
    assert again.returncode == 2  # d.pdf's failure is in the output (issue 15, defect 3)
    assert len(jsonl(out.read_text(encoding="utf-8"))) == 4


def test_resume_repairs_a_torn_line_and_retries_failures(crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run("extract", crawl, "-o", out)
    text = out.read_text(encoding="utf-8")
    out.write_text(text + '{"source": {"path": "x", "sha', encoding="utf-8")  # killed mid-line
    p = run("extract", crawl, "-o", out, "--resume")
    assert "0 documents" in p.stderr
    assert out.read_text(encoding="utf-8") == text
    p = run("extract", crawl, "-o", out, "--resume", "--retry-failed")
    assert "1 documents" in p.stderr or "1 document " in p.stderr, p.stderr
    lines = jsonl(out.read_text(encoding="utf-8"))
    assert len(lines) == 4 and lines[-1]["error"]["type"] == "CorruptDocument"


def test_usage_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    cases = [
        ("extract", "--format", "json", GOOD[0], GOOD[1]),
        ("extract", GOOD[0], "--resume"),
        ("extract", GOOD[0], "--jobs", "-1"),
        ("extract", GOOD[0], "--timeout", "0"),
        ("extract", GOOD[0], "--retry-failed"),
        ("extract", GOOD[0], "-o", tmp_path / "no" / "such" / "dir.jsonl"),
    ]
    for args in cases:
        p = run(*args)
        assert p.returncode == 2, (args, p.stderr)
        assert len(p.stderr.strip().splitlines()) == 1, (args, p.stderr)
    p = run("extract")
    assert p.returncode == 2


def test_limits_from_the_command_line(tmp_path: Path) -> None:
    p = run("extract", GOOD[0], GOOD[1], "--max-bytes", "1000")
    lines = jsonl(p.stdout)
    assert [o["error"]["limit"] for o in lines] == ["max_bytes", "max_bytes"]
    assert p.returncode == 2


def test_help_and_version() -> None:
    p = run("--help")
    assert p.returncode == 0 and "examples:" in p.stdout and "gxtables extract" in p.stdout
    p = run("extract", "--help")
    assert p.returncode == 0
    for flag in ("--jobs", "--resume", "--scheduler", "--quiet", "--timeout", "-o"):
        assert flag in p.stdout
    p = run("--version")
    assert p.returncode == 0 and p.stdout.strip() == f"gxtables {gxtables.__version__}"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery is POSIX")
def test_ctrl_c_leaves_valid_jsonl_and_exits_130(tmp_path: Path) -> None:
    docs = tmp_path / "many"
    docs.mkdir()
    for i in range(120):  # distinct bytes (trailing blank lines), so distinct digests
        data = GOOD[i % len(GOOD)].read_bytes() + b"\n" * (i + 1)
        (docs / f"{i:04d}.txt").write_bytes(data)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "gxtables", "extract", docs, "-o", out,
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.exists() and out.read_text(encoding="utf-8").count("\n") >= 5:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted after" in err
    lines = jsonl(out.read_text(encoding="utf-8"))
    assert 5 <= len(lines) < 120
    # and --resume finishes the job
    p = run("extract", docs, "-o", out, "--resume", "--quiet", "--jobs", "2")
    assert p.returncode in (0, 1)
    final = jsonl(out.read_text(encoding="utf-8"))
    assert final[: len(lines)] == lines
    assert sorted(o["source"]["path"] for o in final) == sorted(
        str(p) for p in docs.iterdir())


def test_csv_streams_one_header_and_rows_per_cell(crawl: Path) -> None:
    p = run("extract", crawl, "--format", "csv")
    lines = p.stdout.splitlines()
    assert lines[0].startswith("source_path,")
    assert sum(line.startswith("source_path,") for line in lines) == 1
    assert {line.split(",")[0] for line in lines[1:]} == {
        str(crawl / "2022" / "a.txt"), str(crawl / "2022" / "b.txt"),
        str(crawl / "2023" / "c.txt")}
    assert p.returncode == 2 and "d.pdf" in p.stderr  # the failure is reported on stderr
