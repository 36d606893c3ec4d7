"""``Limits``: validated at construction (the field, what was expected and what was found),
and the text bounds that keep the matcher's time bounded (``max_line_chars``,
``max_text_chars``)."""

from __future__ import annotations

import math
import pickle
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gxtables
from gxtables import LayoutNotFound, LimitExceeded, Limits
from gxtables._api import _PROSE_LINE_FACTOR, bound_text, bound_text_bytes
from gxtables._grid import Paragraph
from gxtables._readers import read_document

SEED = Path(__file__).parent / "fixtures" / "seeds" / "000.txt"

HINTS = typing.get_type_hints(Limits)
FIELDS = [f.name for f in attrs.fields(Limits)]
INT_FIELDS = [name for name in FIELDS if HINTS[name] is int]
NUMBER_FIELDS = [name for name in FIELDS if HINTS[name] is float]


def test_every_field_is_an_int_or_a_number() -> None:
    assert set(INT_FIELDS) | set(NUMBER_FIELDS) == set(FIELDS)
    assert {"max_bytes", "max_pdf_pages", "max_line_chars", "max_text_chars"} <= set(INT_FIELDS)
    assert {"timeout", "max_zip_ratio"} <= set(NUMBER_FIELDS)


def test_defaults_are_valid_and_pickle() -> None:
    limits = Limits()
    assert pickle.loads(pickle.dumps(limits)) == limits
    assert limits.max_line_chars == 200_000 and limits.max_text_chars == 2_000_000


# ------------------------------------------------------------------------- validation
@pytest.mark.parametrize("field", INT_FIELDS)
@pytest.mark.parametrize("bad", [1.5, float("inf"), float("nan"), 2.0, True, "10", None],
                         ids=repr)
def test_an_int_field_refuses_what_is_not_an_int(field: str, bad: Any) -> None:
    with pytest.raises(TypeError) as info:
        Limits(**{field: bad})
    message = str(info.value)
    assert f"Limits.{field}" in message  # where
    assert "positive int" in message  # what was expected
    assert repr(bad) in message and type(bad).__name__ in message  # what was found


@pytest.mark.parametrize("field", INT_FIELDS)
@pytest.mark.parametrize("bad", [0, -1])
def test_an_int_field_refuses_zero_and_negatives(field: str, bad: int) -> None:
    with pytest.raises(ValueError, match=rf"Limits\.{field} must be a positive int, got {bad}"):
        Limits(**{field: bad})


@pytest.mark.parametrize("field", NUMBER_FIELDS)
@pytest.mark.parametrize("bad", [0, -0.5, float("inf"), float("-inf"), float("nan")], ids=repr)
def test_a_number_field_must_be_finite_and_positive(field: str, bad: float) -> None:
    with pytest.raises(ValueError) as info:
        Limits(**{field: bad})
    assert f"Limits.{field} must be a finite positive number, got {bad!r}" == str(info.value)


@pytest.mark.parametrize("field", NUMBER_FIELDS)
@pytest.mark.parametrize("bad", ["10", None, True, [1]], ids=repr)
def test_a_number_field_refuses_what_is_not_a_number(field: str, bad: Any) -> None:
    with pytest.raises(TypeError, match=rf"Limits\.{field} must be a finite positive number"):
        Limits(**{field: bad})


@given(field=st.sampled_from(INT_FIELDS), value=st.integers(min_value=1, max_value=2**62))
def test_any_positive_int_is_accepted(field: str, value: int) -> None:
    assert getattr(Limits(**{field: value}), field) == value


@given(field=st.sampled_from(NUMBER_FIELDS),
       value=st.one_of(st.floats(min_value=1e-9, max_value=1e12),
                       st.integers(min_value=1, max_value=10**12)))
def test_any_finite_positive_number_is_accepted(field: str, value: float) -> None:
    assert getattr(Limits(**{field: value}), field) == value


@given(field=st.sampled_from(FIELDS), value=st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_is_accepted_only_where_numbers_are(field: str, value: float) -> None:
    good = field in NUMBER_FIELDS and math.isfinite(value) and value > 0
    if good:
        Limits(**{field: value})
    else:
        with pytest.raises((TypeError, ValueError), match=rf"Limits\.{field} must be"):
            Limits(**{field: value})


def test_the_reported_cases_of_issue_17() -> None:
    with pytest.raises(TypeError, match=r"Limits\.max_pdf_pages must be a positive int, got "
                                        r"1\.5 \(float\)"):
        Limits(max_pdf_pages=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Limits\.max_bytes must be a positive int, got inf"):
        Limits(max_bytes=float("inf"))  # type: ignore[arg-type]


def test_extract_refuses_what_is_not_limits() -> None:
    with pytest.raises(TypeError, match=r"gxtables\.Limits"):
        gxtables.extract(SEED, limits={"timeout": 5})  # type: ignore[arg-type]


# ------------------------------------------------------------------------ text bounds
def test_a_line_far_over_the_limit_is_refused_from_the_bytes() -> None:
    line = ("一、本年新收政府信息公开申请数量150010218" * 2000).encode()
    with pytest.raises(LimitExceeded) as info:
        gxtables.extract(b"title\n" + line + b"\nend\n", limits=Limits(max_line_chars=5_000))
    err = info.value
    assert err.limit == "max_line_chars" and err.value == 5_000
    assert err.actual is not None and err.actual >= 5_000
    assert "line 2" in str(err) and "Limits(max_line_chars=" in str(err)


def test_the_text_handed_to_the_matcher_is_bounded() -> None:
    data = SEED.read_bytes()
    report = gxtables.extract(data)
    chars = sum(len(c.raw or "") for t in report.tables.values() for cells in t.rows.values()
                for c in cells.values())
    with pytest.raises(LimitExceeded) as info:
        gxtables.extract(data, limits=Limits(max_text_chars=chars))
    assert info.value.limit == "max_text_chars" and info.value.actual is not None
    assert info.value.actual > chars
    assert "Limits(max_text_chars=" in str(info.value)


def test_an_html_cell_over_the_line_limit() -> None:
    cell = "行政复议" * 3000
    html = f"<html><body><table><tr><td>{cell}</td><td>1</td></tr></table></body></html>"
    with pytest.raises(LimitExceeded) as info:
        gxtables.extract(html.encode(), limits=Limits(max_line_chars=10_000))
    assert info.value.limit == "max_line_chars" and info.value.actual == len(cell)
    with pytest.raises(LayoutNotFound):  # under the default, read (and no report in it)
        gxtables.extract(html.encode())


ENCODINGS = ["utf-8", "gb18030", "utf-16", "utf-16-be", "utf-32"]


@given(line=st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r"),
                    max_size=300),
       limit=st.integers(min_value=1, max_value=300), encoding=st.sampled_from(ENCODINGS),
       newline=st.sampled_from(["\n", "\r\n"]), first=st.booleans())
def test_the_byte_check_never_refuses_a_line_under_the_limit(
        line: str, limit: int, encoding: str, newline: str, first: bool) -> None:
    """A line of at most ``64 × max_line_chars`` characters passes the pre-check in every
    encoding the text reader accepts (a character takes at most four bytes; a byte-order
    mark, a carriage return and the rest of a wide line feed are slack)."""
    line = (line * _PROSE_LINE_FACTOR)[:limit * _PROSE_LINE_FACTOR]
    try:
        data = (line + newline if first else newline + line + newline).encode(encoding)
    except UnicodeEncodeError:
        return
    bound_text_bytes(data, Limits(max_line_chars=limit), "<bytes>")


@given(extra=st.integers(min_value=0, max_value=50), limit=st.integers(min_value=1, max_value=50),
       encoding=st.sampled_from(["utf-8", "gb18030", "utf-16-le", "utf-16-be", "utf-32-le"]),
       char=st.sampled_from(["a", "表", "😀"]))
def test_the_byte_check_refuses_a_line_twice_the_window(extra: int, limit: int, encoding: str,
                                                        char: str) -> None:
    """A line of ``2 × (4 × 64 × max_line_chars + 16)`` bytes or more always contains a whole
    window without a line feed, whatever its alignment (shifted by short lines before it)."""
    body = char.encode(encoding)
    line = body * ((8 * _PROSE_LINE_FACTOR * limit + 32) // len(body) + 1)
    data = b"x\n" * extra + line + b"\n"
    with pytest.raises(LimitExceeded) as info:
        bound_text_bytes(data, Limits(max_line_chars=limit), "<bytes>")
    assert info.value.limit == "max_line_chars" and f"line {extra + 1} of" in str(info.value)
    assert info.value.actual is not None and info.value.actual > limit * _PROSE_LINE_FACTOR


def test_table_text_longer_than_a_line_limit_passes_when_each_line_is_within() -> None:
    # bound_text's shortcut (all table text within the line limit) must not stand in for
    # the per-line measure: a limit below the total but above every line still passes, one
    # below the longest line is refused
    data = (Path(__file__).parent / "fixtures" / "seeds" / "000.txt").read_bytes()
    document = read_document("text", data, limits=Limits(), source=None)
    cells = [c for b in document.blocks if not isinstance(b, Paragraph) for c in b.cells]
    total = sum(len(c.text) for c in cells)
    per_line: dict[object, int] = {}
    for c in cells:
        key = c.location.line if c.location.line is not None else id(c)
        per_line[key] = per_line.get(key, 0) + len(c.text)
    longest = max(per_line.values())
    assert longest < total - 1
    bound_text(document, Limits(max_line_chars=total - 1), "seed")
    bound_text(document, Limits(max_line_chars=longest), "seed")
    with pytest.raises(LimitExceeded) as info:
        bound_text(document, Limits(max_line_chars=longest - 1), "seed")
    assert info.value.actual == longest
