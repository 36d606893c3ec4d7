"""Value rules of TEMPLATES.md §3."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gxtables._values import header_unit, parse_value


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("0", 0, None),
        ("1860", 1860, None),
        ("+2", 2, None),
        ("-1168项", -1168, "项"),
        ("1,234", 1234, None),
        ("１２３", 123, None),
        ("740（市政府网站）", 740, None),
        ("4653.2万元", 4653.2, "万元"),
        ("0件", 0, "件"),
        ("21692.71", 21692.71, None),
        (" 12 ", 12, None),
        ("－5", -5, None),
    ],
)
def test_numbers(text: str, value: float, unit: str | None) -> None:
    parsed = parse_value(text)
    assert parsed.kind == "number"
    assert parsed.value == value
    assert type(parsed.value) is type(value)
    assert parsed.unit == unit


@pytest.mark.parametrize("text", ["", "-", "—", "——", "/", "无", "－", "  "])
def test_null_markers_are_null_not_zero(text: str) -> None:
    parsed = parse_value(text)
    assert parsed.kind == "null"
    assert parsed.value is None


@pytest.mark.parametrize("text", ["1.属于国家秘密", "3.其他", "2019年", "规章", "自然人", "12abc"])
def test_labels_are_not_numbers(text: str) -> None:
    assert parse_value(text).kind == "text"


@pytest.mark.parametrize(
    ("header", "unit"),
    [("采购总金额（万）", "万元"), ("采购总金额(单位：万元)", "万元"),
     ("本年收费金额（单位：万元）", "万元"), ("采购总金额", None), ("本年新制作数量", None),
     # a stray space inside the unit's word or the bracket
     ("采购总金额(万 元)", "万元"), ("采购总金额（ 单位：万 元 ）", "万元"), ("采购总金额( 元)", "元"),
     ("采购总金额（万 ）", "万元")],
)
def test_header_units(header: str, unit: str | None) -> None:
    assert header_unit(header) == unit


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_integers_round_trip(n: int) -> None:
    assert parse_value(str(n)).value == n
    assert parse_value(f"{n:,}").value == n


@given(st.text(max_size=30))
def test_any_text_parses_to_one_of_three_kinds(text: str) -> None:
    parsed = parse_value(text)
    assert parsed.kind in ("number", "null", "text")
    assert (parsed.value is not None) == (parsed.kind == "number")
