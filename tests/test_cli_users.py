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


#: An English locale unless a test asks for another (the output language follows it).
_ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "GXTABLES_LANG": ""}


def gx(*args: Any, env: dict[str, str] | None = None,
       input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([gxtables_command(), *map(str, args)], capture_output=True,
                          text=True, timeout=300, input=input,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **_ENGLISH,
                               **(env or {})})


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
        p = gx(command, tmp_path / "junk", "--lang", "zh")
        assert "未找到可读取的文档" in p.stderr and "跳过 1 个" in p.stderr, p.stderr


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
    gx("extract", CLEAN, "-o", tmp_path / "report.txt")
    assert "== applications" in (tmp_path / "report.txt").read_text("utf-8")


# --- check: official labels, Chinese, metadata, --pair order, --series -------------------------

def _retitled(seed: Path, dest: Path, old: str, new: str) -> Path:
    text = seed.read_text("utf-8")
    assert old in text
    dest.write_text(text.replace(old, new, 1), "utf-8")
    return dest


def test_check_speaks_chinese_when_asked_or_when_the_locale_is_chinese() -> None:
    seed = SEEDS / "003.txt"
    for extra, env in ((["--lang", "zh"], {}), ([], {"LANG": "zh_CN.UTF-8", "LC_ALL": ""}),
                       ([], {"GXTABLES_LANG": "zh", "LANG": "en_US.UTF-8"})):
        p = gx("check", seed, *extra, env=env)
        assert p.returncode == 1
        assert "不一致: 错误 0 项，警告 2 项" in p.stdout, (extra, env, p.stdout)
        assert "勾稽关系不成立" in p.stdout and "› 自然人" in p.stdout
    p = gx("check", seed, env={"LANG": "C.UTF-8", "LC_ALL": "", "GXTABLES_LANG": ""})
    assert "NOT consistent: 0 error(s), 2 warning(s)" in p.stdout
    assert "三、收到和处理政府信息公开申请情况 › 自然人" in p.stdout  # official labels in English too
    p = gx("check", SEEDS, "--lang", "zh", "--format", "json")
    record = json.loads(p.stdout.splitlines()[3])
    assert record["issues"][0]["column_label"] == "自然人"
    empty = gx("check", "--lang", "zh")
    assert empty.returncode == 2 and "check 需要" in empty.stderr


def test_check_pair_orders_by_year_and_warns_on_gaps_and_organs(tmp_path: Path) -> None:
    seed = SEEDS / "003.txt"  # 慈溪市人民政府 2020年政府信息公开工作年度报告
    y2020 = _retitled(seed, tmp_path / "b.txt", "2020年政府信息公开工作年度报告",
                      "2020年政府信息公开工作年度报告")
    y2021 = _retitled(seed, tmp_path / "a.txt", "2020年政府信息公开工作年度报告",
                      "2021年政府信息公开工作年度报告")
    y2023 = _retitled(seed, tmp_path / "c.txt", "2020年政府信息公开工作年度报告",
                      "2023年政府信息公开工作年度报告")
    p = gx("check", "--pair", y2021, y2020, "--lang", "en")
    assert f"ordered by year: {y2020} (2020) before {y2021} (2021)" in p.stdout, p.stdout
    assert "years_not_consecutive" not in p.stdout and "organs_differ" not in p.stdout
    record = json.loads(gx("check", "--pair", y2021, y2020, "--format", "json").stdout)
    assert record["years"] == [2020, 2021] and record["earlier"]["path"] == str(y2020)
    p = gx("check", "--pair", y2020, y2023, "--lang", "en")
    assert p.returncode == 1 and "years_not_consecutive" in p.stdout
    assert "expected 2021" in p.stdout
    other = SEEDS / "002.txt"  # 瑞安市人民政府, 2019
    p = gx("check", "--pair", other, y2020, "--lang", "en")
    assert "organs_differ" in p.stdout and "瑞安市人民政府" in p.stdout


def test_check_series_groups_by_organ_and_walks_the_years(tmp_path: Path) -> None:
    seed = SEEDS / "003.txt"
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    for year in (2019, 2020, 2022):
        _retitled(seed, crawl / f"cixi-{year}.txt", "2020年政府信息公开工作年度报告",
                  f"{year}年政府信息公开工作年度报告")
    shutil.copy(SEEDS / "002.txt", crawl / "ruian-2019.txt")
    p = gx("check", "--series", crawl, "--format", "json")
    groups = {g["organ"]: g for g in map(json.loads, p.stdout.splitlines())}
    assert set(groups) == {"慈溪市人民政府", "瑞安市人民政府"}
    cixi = groups["慈溪市人民政府"]
    assert cixi["years"] == [2019, 2020, 2022] and cixi["gaps"] == [2021]
    assert [(pair["years"]) for pair in cixi["pairs"]] == [[2019, 2020]]
    assert not cixi["pairs"][0]["consistent"]  # the seed's carried requests do not chain
    assert groups["瑞安市人民政府"]["pairs"] == []
    assert p.returncode == 1
    text = gx("check", "--series", crawl, "--lang", "zh").stdout
    assert "慈溪市人民政府：3 份报告，年度 2019, 2020, 2022" in text
    assert "缺少 2021 年度的报告" in text


# --- a person at a terminal ---------------------------------------------------------------------

def on_terminal(*args: Any, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the installed command with stdout on a pseudo-terminal, as a person would."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    proc = subprocess.Popen([gxtables_command(), *map(str, args)], stdout=slave,
                            stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8")
    return proc.wait(timeout=120), out.decode("utf-8").replace("\r\n", "\n"), err


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_on_a_terminal_extract_shows_the_tables_readably() -> None:
    code, out, err = on_terminal("extract", WITH_ERRORS, env={"LANG": "C.UTF-8"})
    assert code == 1, err
    assert not out.lstrip().startswith("{")
    assert "== applications: 三、收到和处理政府信息公开申请情况" in out
    assert "一、本年新收政府信息公开申请数量" in out and "[1] 自然人" in out
    assert "-?" in out  # a cell never read, marked as an error
    assert "? error truncated_table 行政诉讼·未经复议直接起诉:" in out  # issues listed, by label
    assert err == ""
    code, out, _ = on_terminal("extract", WITH_ERRORS, "--format", "json")
    assert json.loads(out)["template"] == "2019"
    code, out, _ = on_terminal("extract", WITH_ERRORS, "--lang", "zh")
    assert "? 错误 truncated_table" in out and "表格不完整" in out


def test_piped_extract_stays_json() -> None:
    p = gx("extract", WITH_ERRORS)
    assert json.loads(p.stdout)["template"] == "2019"
    p = gx("extract", WITH_ERRORS, "--format", "text")
    assert "== review_litigation" in p.stdout


def test_usage_errors_in_chinese() -> None:
    cases = [(("extract", CLEAN, "--jobs", "-1"), "--jobs 须为 0"),
             (("extract", CLEAN, GOOD[1], "--format", "json"), "只接受一份文档，找到 2 份"),
             (("extract", CLEAN, "--resume"), "--resume 需要 -o/--output")]
    for args, expected in cases:
        p = gx(*args, env={"LANG": "zh_CN.UTF-8"})
        assert p.returncode == 2 and expected in p.stderr, (args, p.stderr)
        assert len(p.stderr.strip().splitlines()) == 1
        english = gx(*args, "--lang", "en", env={"LANG": "zh_CN.UTF-8"})
        assert expected not in english.stderr and english.returncode == 2
