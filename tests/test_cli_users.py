"""Issue 15: the command line as people and pipes use it. Every test runs the installed
``gxtables`` command (the console script next to this Python), never ``main()`` in-process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
GOOD = sorted(SEEDS.glob("*.txt"))
CLEAN, WITH_ERRORS = SEEDS / "000.txt", SEEDS / "002.txt"
CORRUPT_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n"


def gxtables_command() -> str:
    """The console script installed beside the running interpreter (the venv's bin)."""
    here = Path(sys.executable).parent / ("gxtables.exe" if os.name == "nt" else "gxtables")
    found = str(here) if here.exists() else shutil.which("gxtables")
    if found is None:  # pragma: no cover - the package is installed for the tests
        pytest.fail("the gxtables command is not installed (pip install -e .)")
    return found


def gx(*args: Any, env: dict[str, str] | None = None,
       input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([gxtables_command(), *map(str, args)], capture_output=True,
                          text=True, timeout=300, input=input,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})


# --- defect 1: a closed pipe ------------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="SIGPIPE/EPIPE semantics are POSIX")
@pytest.mark.parametrize("command", ["check", "extract"])
def test_a_closed_pipe_ends_quietly(command: str, tmp_path: Path) -> None:
    many = [WITH_ERRORS] * 150  # far more output than a pipe buffer holds
    proc = subprocess.Popen([gxtables_command(), command, *map(str, many)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=300)
    assert "Traceback" not in err and "BrokenPipe" not in err, err


# --- defect 2: nothing to do; check walks directories -----------------------------------------

def test_an_empty_directory_is_no_documents_found(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nxxxx")
    for command in ("extract", "check"):
        for where in ("empty", "junk"):
            p = gx(command, tmp_path / where)
            assert p.returncode == 2, (command, where, p.stderr)
            assert "no documents found" in p.stderr, p.stderr
            assert p.stdout == ""


def test_check_walks_directories_like_extract(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    (crawl / "sub").mkdir(parents=True)
    shutil.copy(GOOD[0], crawl / "a.txt")
    shutil.copy(GOOD[3], crawl / "sub" / "b.txt")
    (crawl / "meta.json").write_text("{}")
    p = gx("check", crawl, "--format", "json")
    assert "Is a directory" not in p.stderr
    records = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["source"]["path"] for r in records] == [str(crawl / "a.txt"),
                                                      str(crawl / "sub" / "b.txt")]
    assert p.returncode == 1  # seed 003 does not balance


# --- defect 3: --resume counts what the output already holds ----------------------------------

def test_resume_exit_code_counts_failures_already_in_the_output(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    shutil.copy(CLEAN, crawl / "a.txt")
    (crawl / "b.pdf").write_bytes(CORRUPT_PDF)
    out = tmp_path / "out.jsonl"
    first = gx("extract", crawl, "-o", out)
    assert first.returncode == 2
    again = gx("extract", crawl, "-o", out, "--resume")
    assert "2 already in the output" in again.stderr, again.stderr
    assert again.returncode == 2, again.stderr  # b.pdf still failed
    (crawl / "b.pdf").unlink()
    shutil.copy(WITH_ERRORS, crawl / "c.txt")
    mixed = gx("extract", crawl, "-o", out, "--resume")
    # a.txt is clean and b.pdf is no longer an input: only c.txt's error issues count
    assert mixed.returncode == 1, mixed.stderr


# --- defect 4: the size hint names the CLI option ---------------------------------------------

def test_limit_hints_name_the_command_line_option() -> None:
    p = gx("extract", CLEAN, "--max-bytes", "100")
    assert p.returncode == 2
    assert "--max-bytes" in p.stderr and "Limits(" not in p.stderr, p.stderr
    p = gx("extract", CLEAN, GOOD[1], "--max-bytes", "100", "--quiet")
    for line in p.stdout.splitlines():
        message = json.loads(line)["error"]["message"]
        assert "--max-bytes" in message and "Limits(" not in message
    p = gx("check", CLEAN, "--max-bytes", "100")
    assert p.returncode == 2 and "--max-bytes" in p.stderr and "Limits(" not in p.stderr


# --- defect 5: one input opener everywhere ----------------------------------------------------

def test_a_url_fails_the_same_way_in_python_extract_and_check() -> None:
    import gxtables

    url = "http://127.0.0.1:9/report.pdf"  # port 9 (discard): nothing answers
    with pytest.raises(gxtables.ReadError) as caught:
        gxtables.extract(url)
    expected = str(caught.value)
    for command in ("extract", "check"):
        p = gx(command, url)
        assert p.returncode == 2
        assert p.stderr.strip() == f"gxtables: {expected}", (command, p.stderr)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_resume_never_blocks_on_a_named_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    out = tmp_path / "out.jsonl"
    shutil.copy(CLEAN, tmp_path / "a.txt")
    gx("extract", tmp_path / "a.txt", "-o", out)
    p = subprocess.run([gxtables_command(), "extract", str(tmp_path / "a.txt"), str(fifo),
                        "-o", str(out), "--resume"], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 2 and "FIFO" in p.stderr, p.stderr
    assert "1 already in the output" in p.stderr


def test_the_output_file_name_picks_the_format(tmp_path: Path) -> None:
    p = gx("extract", CLEAN, "-o", tmp_path / "one.jsonl")
    assert p.returncode == 0
    assert len((tmp_path / "one.jsonl").read_text("utf-8").splitlines()) == 1
    gx("extract", CLEAN, "-o", tmp_path / "cells.csv")
    assert (tmp_path / "cells.csv").read_text("utf-8").startswith("source_path,")
    gx("extract", CLEAN, "-o", tmp_path / "report.json")
    assert (tmp_path / "report.json").read_text("utf-8").startswith("{\n")
