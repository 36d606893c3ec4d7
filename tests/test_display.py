"""How a report shows itself: repr, text tables, HTML for notebooks; the label helper."""

from __future__ import annotations

from pathlib import Path

import pytest

import gxtables
from gxtables import label
from gxtables._display import cell_issues

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
R1 = gxtables.extract(SEEDS / "001.txt")


def test_repr_is_one_line() -> None:
    text = repr(R1)
    assert "\n" not in text and "3 warning(s)" in text and "001.txt" in text


def test_str_shows_labels_values_and_marks() -> None:
    text = str(R1)
    assert "一、本年新收政府信息公开" in text and "1940" not in text and "246!" in text
    assert "balance_mismatch" in text and "[1]" in text


def test_html_marks_inconsistent_cells() -> None:
    page = R1._repr_html_()
    assert page.count("<table") == len(R1.tables)
    assert "二、上年结转政府信息公开申请数量" in page
    assert "background:#fff3cd" in page and "balance_mismatch" in page
    assert "<script" not in page


def test_balance_issue_marks_its_four_rows() -> None:
    marked = {(r, c) for (t, r, c), issues in cell_issues(R1).items()
              if any(i.code == "balance_mismatch" for i in issues)}
    assert marked == {(r, "total") for r in
                      ("new_received", "carried_over", "total_handled", "carried_forward")}


def test_label_helper() -> None:
    assert label("applications", row="new_received") == "一、本年新收政府信息公开申请数量"
    assert label("applications", column="total", lang="en") == "total"
    assert label("article20_1", row="normative_documents") == "行政规范性文件"
    assert label("article20_1", row="normative_documents", layout="2019") == "规范性文件"
    assert label("article20_9", column="amount") == "采购总金额"
    assert label("applications") == "三、收到和处理政府信息公开申请情况"
    with pytest.raises(ValueError, match="natural_person"):
        label("applications", column="nobody")
    with pytest.raises(ValueError, match="not both"):
        label("applications", row="granted", column="total")
