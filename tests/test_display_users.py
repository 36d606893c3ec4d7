"""Issue 15, defect 8: the notebook display and ``print(report)``."""

from __future__ import annotations

import re
from pathlib import Path

import attrs

import gxtables
from gxtables import Issue, Report
from gxtables._display import cell_issues

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def with_issue(report: Report, issue: Issue) -> Report:
    return attrs.evolve(report, issues=(*report.issues, issue))


def test_a_table_wide_info_issue_marks_no_cell() -> None:
    clean = gxtables.extract(SEEDS / "000.txt")
    note = Issue("reader_note", "info", "the table was printed on two pages", "applications")
    report = with_issue(clean, note)
    assert not any(note in found for found in cell_issues(report).values())
    page = report._repr_html_()
    assert "background:#d7ecf7" not in page.split("<ol")[0]  # no cell coloured as info
    assert "the table was printed on two pages" in page  # but the issue is listed
    text = str(report)
    assert "~" not in "".join(line for line in text.splitlines() if not line.startswith("  ["))
    assert "the table was printed on two pages" in text


def test_a_table_wide_error_still_marks_its_cells() -> None:
    report = gxtables.extract(SEEDS / "002.txt")
    flagged = cell_issues(report)
    assert flagged[("review_litigation", "litigation_after_review", "total")]


def _grid_lines(text: str) -> list[list[str]]:
    """The lines of each table's grid (between its '==' title and its issue list)."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("== "):
            blocks.append([])
        elif blocks and line.strip() and not re.match(r"  \[\d+\] [?!~] |   columns: ", line):
            blocks[-1].append(line)
    return blocks


def test_text_columns_align_whatever_the_font_does_with_cjk() -> None:
    """In a notebook a CJK glyph is not exactly two ASCII cells wide, so alignment may rest
    only on ASCII: each grid line is ASCII up to the row label, which comes last."""
    for seed in sorted(SEEDS.glob("*.txt")):
        text = str(gxtables.extract(seed))
        blocks = _grid_lines(text)
        assert len(blocks) == 7, seed
        for header, *rows in blocks:
            assert header.isascii() and "[1]" in header
            assert rows
            for line in rows:
                grid, label = line[:len(header)], line[len(header):]
                assert grid.isascii(), (seed, line)
                assert label.startswith("  ") and label[2:3].strip(), (seed, line)


def test_text_keeps_full_official_labels_and_units() -> None:
    text = str(gxtables.extract(SEEDS / "003.txt"))
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in text  # never cut
    assert "万元" in text and "21692.71" in text
