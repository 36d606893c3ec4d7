"""Cells of a crawler's one-line page that holds only tables (no sentence, so it is read as
cells, not as a long paragraph) carry their character offsets in the line, so that cells
of the line can be told apart: a number a stray character cut in two (``行政许可 1x0``) warns
its row instead of giving ``1``, silently."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_lossy_silent import wrong_unflagged

import gxtables
from gxtables._limits import Limits
from gxtables._readers import import_readers, read_document

PAGE = Path(__file__).parent / "fixtures" / "oneline_offsets" / "s65-009.txt"
TRUTH = json.loads(PAGE.with_name("s65-009.expected.json").read_text(encoding="utf-8"))


def _body_line(text: str) -> tuple[int, str]:
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    return longest + 1, lines[longest]


def test_cells_of_a_long_line_carry_their_offsets() -> None:
    text = PAGE.read_text(encoding="utf-8")
    line_no, line = _body_line(text)
    import_readers()
    document = read_document("text", text.encode(), limits=Limits(), source=None)
    cells = [c for g in document.grids for c in g.cells
             if c.location.line == line_no and c.text]
    assert len(cells) > 100
    offsets = [c.location.offset for c in cells]
    assert None not in offsets
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    for cell in cells:
        assert cell.location.offset is not None
        assert line[cell.location.offset:].startswith(cell.text)


def _silent(report: gxtables.Report) -> list[tuple[str, str, str, object, object]]:
    return wrong_unflagged(report, TRUTH)


def test_the_page_reads_without_a_silent_cell() -> None:
    assert _silent(gxtables.extract(PAGE.read_bytes())) == []


@pytest.mark.parametrize("stray", ["x", "\ufffd", "·", "□"])
def test_a_number_cut_by_a_stray_character_is_never_silent(stray: str) -> None:
    text = PAGE.read_text(encoding="utf-8")
    line_no, line = _body_line(text)
    numbers = [m for m in re.finditer(r"\d{2,}", line)]
    assert numbers
    lines = text.split("\n")
    for m in numbers:
        cut = line[:m.start() + 1] + stray + line[m.start() + 1:]
        lines[line_no - 1] = cut
        report = gxtables.extract("\n".join(lines).encode())
        assert _silent(report) == [], (stray, line[m.start() - 10:m.end() + 5])
