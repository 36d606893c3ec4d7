"""Markdown tables as PDF→Markdown converters damage them (found by an outside probe): a long
row label wrapped over two pipe rows, its numbers on one of them; a row printing one cell
fewer than the table is wide. Every cell must be right or flagged — never silently wrong —
and a wrapped label's numbers are read.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from _render.lossy import FEW, generated, score_document
from hypothesis import given
from hypothesis import strategies as st
from strategies import templates

import gxtables

FORMS = ("markdown_marker", "markdown_docling")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _rows(text: str) -> list[int]:
    """Lines of pipe rows whose first cell is a long label and that hold a number."""
    out = []
    for k, line in enumerate(text.split("\n")):
        cells = line.strip().strip("|").split("|")
        if len(cells) >= 3 and len(cells[0].strip()) >= 5 and not _NUMBER.fullmatch(
                cells[0].strip()) and any(_NUMBER.fullmatch(c.strip()) for c in cells[1:]):
            out.append(k)
    return out


def _wrapped(line: str, cut: int, values_first: bool, col: int = 0) -> list[str]:
    """A pipe row whose label cell ``col`` is cut in two rows, the numbers (and the label
    cells before it) on one of them."""
    cells = line.strip().strip("|").split("|")
    label = cells[col].strip()
    at = max(2, min(len(label) - 1, cut))
    rest = cells[:col] + cells[col + 1:]
    blank = ["  "] * len(rest)
    head, tail = (rest, blank) if values_first else (blank, rest)
    head = [*head[:col], f" {label[:at]} ", *head[col:]]
    tail = [*tail[:col], f" {label[at:]} ", *tail[col:]]
    return ["|" + "|".join(head) + "|", "|" + "|".join(tail) + "|"]


def _short(line: str, drop: int) -> str:
    cells = line.strip().strip("|").split("|")
    k = 1 + drop % (len(cells) - 1)
    return "|" + "|".join(cells[:k] + cells[k + 1:]) + "|"


@pytest.mark.parametrize("form", FORMS)
@FEW
@given(seed=st.integers(0, 2**32 - 1), template=templates(), pick=st.integers(0, 10**6),
       cut=st.integers(2, 12), values_first=st.booleans())
def test_a_label_wrapped_over_two_rows_is_read_or_flagged(form: str, seed: int, template: str,
                                                          pick: int, cut: int,
                                                          values_first: bool) -> None:
    doc = generated(form, seed, template)
    lines = doc.data.decode("utf-8").split("\n")
    candidates = _rows("\n".join(lines))
    k = candidates[pick % len(candidates)]
    lines[k:k + 1] = _wrapped(lines[k], cut, values_first)
    s = score_document(replace(doc, data="\n".join(lines).encode("utf-8")))
    assert s.silent == 0, "\n".join(s.silent_cells[:20])
    assert s.template_ok, s.errors


@pytest.mark.parametrize("form", FORMS)
@FEW
@given(seed=st.integers(0, 2**32 - 1), template=templates(), pick=st.integers(0, 10**6),
       drop=st.integers(0, 20))
def test_a_row_printing_a_cell_fewer_is_read_or_flagged(form: str, seed: int, template: str,
                                                        pick: int, drop: int) -> None:
    doc = generated(form, seed, template)
    lines = doc.data.decode("utf-8").split("\n")
    candidates = _rows("\n".join(lines))
    k = candidates[pick % len(candidates)]
    lines[k] = _short(lines[k], drop)
    s = score_document(replace(doc, data="\n".join(lines).encode("utf-8")))
    assert s.silent == 0, "\n".join(s.silent_cells[:20])


def test_wrapped_labels_numbers_are_read_from_the_other_line() -> None:
    """``| 一、本年新收政府 | |…`` over ``| 信息公开申请数量 | 250 | 4 |…``: the row's numbers
    come from its second line (warned); ``| 行政处 |`` over ``| 罚 | 2 | 7 | 30 |`` likewise;
    and the numbers on the first line of ``| （一） | 0 |…`` over ``| 予以公开 | |…``."""
    doc = generated("markdown_marker", 7, "2021")
    text = doc.data.decode("utf-8")
    lines = text.split("\n")
    for label, cut, values_first in (("一、本年新收政府信息公开申请数量", 8, False),
                                     ("行政处罚", 3, False), ("（一）予以公开", 3, True)):
        k = next(i for i, line in enumerate(lines)
                 if re.search(rf"\|\s*{re.escape(label)}\s*\|", line))
        col = [c.strip() for c in lines[k].strip().strip("|").split("|")].index(label)
        lines[k:k + 1] = _wrapped(lines[k], cut, values_first, col)
    report = gxtables.extract("\n".join(lines).encode("utf-8"))
    original = gxtables.extract(doc.data)
    for table, row in (("applications", "new_received"), ("article20_6", "penalty"),
                       ("applications", "granted")):
        got = [c.value for c in report[table][row].values()]
        assert got == [c.value for c in original[table][row].values()], (table, row)
        assert any(i.code == "label_approximate" and i.severity == "warning" and i.row == row
                   for i in report.issues), row


_SUMMARY_ROWS = ("规章", "规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费",
                 "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "予以公开",
                 "行政复议", "行政诉讼")


def _summary_table(rng_pick: list[int], width: int) -> list[str]:
    """A small table in the prose naming some of the statutory rows under other columns
    (``| 类别 | 数量 |``, ``| 项目 | 上年 | 本年 |``), as reports print before the tables."""
    rows = sorted({rng_pick[k] % len(_SUMMARY_ROWS) for k in range(len(rng_pick))})
    head = ["类别", "数量"] if width == 1 else ["项目", "上年", "本年"]
    lines = ["表1 主动公开和依申请公开情况统计", "", "| " + " | ".join(head) + " |",
             "|" + "---|" * len(head)]
    for n, k in enumerate(rows):
        numbers = [str((rng_pick[n] // 7 + 13 * m) % 90 + 1) for m in range(width)]
        lines.append("| " + " | ".join([_SUMMARY_ROWS[k], *numbers]) + " |")
    return [*lines, ""]


@pytest.mark.parametrize("form", (*FORMS, "markdown_mineru"))
@FEW
@given(seed=st.integers(0, 2**32 - 1), template=templates(),
       pick=st.lists(st.integers(0, 10**6), min_size=2, max_size=8), width=st.sampled_from([1, 2]))
def test_a_summary_table_before_the_statutory_ones_is_not_read_for_them(
        form: str, seed: int, template: str, pick: list[int], width: int) -> None:
    """A small summary table in the prose naming some statutory rows (规章 | 12, 行政复议 |
    1 | 2) before the statutory tables: the tables read are the statutory ones, every cell
    as without the summary (it was read first, its rows flagged, 88 % of cells right)."""
    doc = generated(form, seed, template)
    lines = doc.data.decode("utf-8").split("\n")
    lines[0:0] = _summary_table(pick, width)
    report = gxtables.extract("\n".join(lines).encode("utf-8"))
    original = gxtables.extract(doc.data)
    assert _values(report) == _values(original)


def _values(report: gxtables.Report) -> dict[tuple[str, str, str], object]:
    return {(t, r, c): cell["value"] for t, rows in report.to_dict()["tables"].items()
            for r, cells in rows.items() for c, cell in cells.items()}
