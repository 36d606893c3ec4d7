"""Cell text → number, by the value rules of TEMPLATES.md §3 (pure functions).

>>> parse_value("-1168项")
ParsedValue(kind='number', value=-1168, unit='项')
>>> parse_value("740（市政府网站）").value
740
>>> parse_value("—").kind
'null'
"""

from __future__ import annotations

import re
from typing import Literal

import attrs

from ._normalize import nfkc

__all__ = ["NULL_MARKERS", "ParsedValue", "header_unit", "parse_value"]

#: Cell texts that mean "nothing to report": null, never zero.
NULL_MARKERS = frozenset(
    {"-", "--", "—", "——", "–", "－", "/", "／", "\\", "无", "暂无", "空", "n/a", "N/A", "/ ",
     "—-", "-—", "一"}
)
# "一" (the numeral one) is how some typesetters render a dash in CJK fonts; a lone 一 in a
# value cell is never the number 1.

_UNITS = ("万元", "亿元", "元", "件", "项", "个", "条", "次", "份", "人次", "人", "家", "宗", "起")
_UNIT_RE = "|".join(map(re.escape, _UNITS))
_NUMBER = re.compile(
    r"^(?P<sign>[+\-±]?)\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    rf"\s*(?P<unit>{_UNIT_RE}|万)?"
    r"(?P<rest>.*)$",
    re.DOTALL,
)
# What may follow a number as an annotation: brackets or a note, but not more digits glued on.
_ANNOTATION = re.compile(r"^\s*(?:[(\[（【〔<《].*)?$", re.DOTALL)
_HEADER_UNIT = re.compile(rf"[(（]\s*(?:单位\s*[:：]?\s*)?(?P<unit>{_UNIT_RE}|万)\s*[)）]")


@attrs.frozen
class ParsedValue:
    """``kind``: ``number``, ``null`` (empty or a null marker) or ``text`` (not a number)."""

    kind: Literal["number", "null", "text"]
    value: int | float | None = None
    unit: str | None = None


#: Longer digit strings are not numbers these tables print (and int() refuses past 4300).
_MAX_DIGITS = 60

_EMPTY = ParsedValue("null")
_TEXT = ParsedValue("text")


def _canonical_unit(unit: str | None) -> str | None:
    if unit == "万":
        return "万元"
    return unit


def parse_value(text: str) -> ParsedValue:
    """Parse one cell's text. Signs, thousands separators, full-width digits, a trailing
    unit and a bracketed annotation are understood; anything else is ``text``."""
    t = nfkc(text).strip()
    if not t:
        return _EMPTY
    if t in NULL_MARKERS or t.lower() in NULL_MARKERS:
        return _EMPTY
    t = t.replace("−", "-").replace("\u2212", "-")
    m = _NUMBER.match(t)
    if not m or len(m.group("num")) > _MAX_DIGITS:
        return _TEXT
    rest = m.group("rest")
    if rest and not _ANNOTATION.match(rest):
        return _TEXT
    num = m.group("num").replace(",", "")
    value: int | float = float(num) if "." in num else int(num)
    if m.group("sign") == "-":
        value = -value
    elif m.group("sign") == "±":
        return _TEXT
    return ParsedValue("number", value, _canonical_unit(m.group("unit")))


def header_unit(text: str) -> str | None:
    """The unit a column header states in brackets: ``采购总金额（万）`` → ``万元``,
    ``本年收费金额（单位：万元）`` → ``万元``; none → ``None``."""
    m = _HEADER_UNIT.search(nfkc(text))
    return _canonical_unit(m.group("unit")) if m else None
