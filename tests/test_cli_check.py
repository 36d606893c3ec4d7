"""``gxtables check``: readable table, JSON, --pair, exit codes."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

from gxtables import _cli_check

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def run(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    _cli_check.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["check", "--lang", "en", *argv])
    out = io.StringIO()
    return _cli_check.run(args, out), out.getvalue()


def test_consistent_report_exits_0() -> None:
    code, text = run(str(SEEDS / "000.txt"))
    assert code == 0 and "no issues" in text


def test_inconsistent_report_exits_1_with_a_table() -> None:
    code, text = run(str(SEEDS / "003.txt"))
    assert code == 1 and "! warning  balance_mismatch" in text
    # located by the official labels, not keys (issue 15)
    assert "三、收到和处理政府信息公开申请情况 › 自然人" in text and "natural_person" not in text


def test_json_format() -> None:
    code, text = run(str(SEEDS / "001.txt"), str(SEEDS / "000.txt"), "--format", "json")
    records = [json.loads(line) for line in text.splitlines()]
    assert code == 1 and [r["consistent"] for r in records] == [False, True]


def test_pair() -> None:
    code, text = run("--pair", str(SEEDS / "000.txt"), str(SEEDS / "003.txt"))
    assert code == 1 and "carry_mismatch" in text


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "x.txt"
    bad.write_text("nothing here", "utf-8")
    assert run(str(bad))[0] == 2
