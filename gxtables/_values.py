"""Cell text → number, by the value rules of TEMPLATES.md §3 (pure functions).

>>> parse_value("-1168项")
ParsedValue(kind='number', value=-1168, unit='项', mark=None)
>>> parse_value("740（市政府网站）").value
740
>>> parse_value("—").kind
'null'

Footnote marks. A report may glue a note mark to a number: ``237960<sup>1</sup>``, ``845105①``.
NFKC folds ¹ and ① into plain digits, so reading them as part of the number gives 2379601 — a
silent wrong number. The readers therefore turn superscript and subscript markup into Unicode
superscript/subscript characters (:func:`to_superscript`, :func:`to_subscript`), and
:func:`parse_value` treats such characters, circled and parenthesised numbers and the usual
note symbols (``*``, ``※``, ``†``) *after* a number as an annotation: the value is the number
before them and ``mark`` holds them, so the caller can say so in an issue.

>>> parse_value("237960¹")
ParsedValue(kind='number', value=237960, unit=None, mark='¹')
>>> parse_value("①").kind
'text'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

import attrs

from ._normalize import nfkc

__all__ = [
    "MARK_CHARS", "NULL_MARKERS", "ParsedValue", "figure", "header_unit", "parse_value",
    "to_subscript", "to_superscript",
]

#: Cell texts that mean "nothing to report": null, never zero.
NULL_MARKERS = frozenset(
    {"-", "--", "—", "——", "–", "－", "/", "／", "\\", "无", "暂无", "空", "n/a", "N/A", "/ ",
     "—-", "-—", "一"}
)
# "一" (the numeral one) is how some typesetters render a dash in CJK fonts; a lone 一 in a
# value cell is never the number 1.

# ------------------------------------------------------------------------- note marks
#: Characters that are a note mark when they follow a number (a regex character class body).
#: Every code point whose NFKC form holds a digit but is not itself a digit (Nd) is here or
#: makes the text non-numeric anyway (fractions, ㎡, ㏠ …): superscripts and subscripts,
#: enclosed alphanumerics ①⑴⒈ⓐ, dingbat ❶➀, circled 21–50 and 一–十, 🄁; modifier letters
#: (what ``<sup>a</sup>`` becomes); and the note symbols * ＊ † ‡ ※ ⁎.
MARK_CHARS = (
    "\u00b2\u00b3\u00b9\u02b0-\u02b8\u02e0-\u02e4\u1d2c-\u1d6a\u1d9b-\u1dbf"
    "\u2070-\u209f\u2c7c\u2c7d\u2460-\u24ff\u2776-\u2793"
    "\u3220-\u3229\u3251-\u325f\u3280-\u3289\u32b1-\u32bf\U0001f100-\U0001f10c"
    "*\uff0a\u2020\u2021\u203b\u204e"
)
_MARK = re.compile(f"[{MARK_CHARS}]")
_TRAILING_MARKS = re.compile(f"[{MARK_CHARS}]+$")


def figure(text: str) -> str:
    """``text`` without the note marks ending it (``14*`` → ``14``): what stands under a
    column of aligned text (the marks stand beside it). A text of marks only is kept."""
    return _TRAILING_MARKS.sub("", text) or text

# A noncharacter (never in interchanged text) standing in for each mark while NFKC runs, so
# ¹ and ① are not folded into digits.
_HELD = "\ufdd1"
#: The same, for a caller's shortcut that must not meet it (it is deleted before parsing).
HELD_MARK = _HELD

_SUPERSCRIPTS = dict(zip(
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
    strict=True,
))
_SUBSCRIPTS = dict(zip(
    "0123456789+-=()aehijklmnoprstuvx",
    "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ",
    strict=True,
))


def _shift(text: str, table: dict[str, str]) -> str:
    out = []
    for ch in text:
        plain = nfkc(ch).replace("\u2212", "-")
        out.append(table.get(plain, ch) if len(plain) == 1 else ch)
    return "".join(out)


def to_superscript(text: str) -> str:
    """Text a document raises (HTML ``<sup>``, DOCX ``vertAlign=superscript``) as Unicode
    superscripts where one exists (digits, signs, brackets, most letters); other characters
    are kept. ``to_superscript("1)")`` → ``'¹⁾'``."""
    return _shift(text, _SUPERSCRIPTS)


def to_subscript(text: str) -> str:
    """As :func:`to_superscript`, for lowered text (``<sub>``): ``to_subscript("2")`` → ``'₂'``."""
    return _shift(text, _SUBSCRIPTS)


#: The units a cell of the statutory tables prints after its number: money, then counts.
TABLE_UNITS = ("万元", "亿元", "元", "件", "项", "个", "条", "笔")
#: :data:`TABLE_UNITS` as a regular-expression alternation (longest money unit first).
TABLE_UNIT_RE = "|".join(map(re.escape, TABLE_UNITS))
#: A table unit (``fullmatch``: a cell or piece of text that is a unit alone).
TABLE_UNIT = re.compile(TABLE_UNIT_RE)
#: Every unit a number may carry: the table units and the counts of looser wording.
_UNITS = (*TABLE_UNITS, "次", "份", "人次", "人", "家", "宗", "起")
_UNIT_RE = "|".join(map(re.escape, _UNITS))
_NUMBER = re.compile(
    r"^(?P<sign>[+\-±]?)\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    rf"\s*(?P<mark1>{_HELD}[{_HELD}\s]*)?"
    rf"(?P<unit>{_UNIT_RE}|万)?"
    rf"\s*(?P<mark2>{_HELD}[{_HELD}\s]*)?"
    r"(?P<rest>.*)$",
    re.DOTALL,
)
# What may follow a number as an annotation: brackets or a note, but not more digits glued on.
_ANNOTATION = re.compile(r"^\s*(?:[(\[（【〔<《].*)?$", re.DOTALL)
#: A space a page left inside a unit's word (``采购总金额(万 元)``).
_SPLIT_UNIT = re.compile(r"(?<=[万亿])\s+(?=元)")
_HEADER_UNIT = re.compile(rf"[(（]\s*(?:单位\s*[:：]?\s*)?(?P<unit>{_UNIT_RE}|万)\s*[)）]")


@attrs.frozen
class ParsedValue:
    """``kind``: ``number``, ``null`` (empty or a null marker) or ``text`` (not a number).

    ``mark``: the note marks that followed the number (``"¹"``, ``"①"``), as written; they
    are not part of ``value``. ``None`` when there were none.
    """

    kind: Literal["number", "null", "text"]
    value: int | float | None = None
    unit: str | None = None
    mark: str | None = None


#: Longer digit strings are not numbers these tables print (and int() refuses past 4300).
_MAX_DIGITS = 60

_EMPTY = ParsedValue("null")
_TEXT = ParsedValue("text")


def _canonical_unit(unit: str | None) -> str | None:
    if unit == "万":
        return "万元"
    return unit


#: Texts up to this long are parsed once and remembered (a report repeats its 0s, empty
#: cells and headers, and the matcher and the builder both parse each cell).
_CACHED_LEN = 200


def parse_value(text: str) -> ParsedValue:
    """Parse one cell's text. Signs, thousands separators, full-width digits, a trailing
    unit, note marks after the number and a bracketed annotation are understood; anything
    else is ``text``. A mark anywhere else (``①12``, ``12¹3``) or alone makes it ``text``."""
    return _parsed(text) if len(text) <= _CACHED_LEN else _parse(text)


@lru_cache(maxsize=4096)
def _parsed(text: str) -> ParsedValue:
    return _parse(text)


def _parse(text: str) -> ParsedValue:
    text = text.replace(_HELD, "")
    marks = _MARK.findall(text)
    if marks:
        text = _MARK.sub(_HELD, text)
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
    mark = None
    if m.group("mark1") or m.group("mark2"):
        # The marks outside the bracketed annotation, in order (those inside it are notes too,
        # but they were never at risk of being read as digits).
        n_held = (m.group("mark1") or "").count(_HELD) + (m.group("mark2") or "").count(_HELD)
        mark = "".join(marks[:n_held])
    return ParsedValue("number", value, _canonical_unit(m.group("unit")), mark)


def header_unit(text: str) -> str | None:
    """The unit a column header states in brackets: ``采购总金额（万）`` → ``万元``,
    ``本年收费金额（单位：万元）`` → ``万元``; none → ``None``."""
    return _header_unit(text) if len(text) <= _CACHED_LEN else _find_header_unit(text)


@lru_cache(maxsize=1024)
def _header_unit(text: str) -> str | None:
    return _find_header_unit(text)


def _find_header_unit(text: str) -> str | None:
    m = _HEADER_UNIT.search(_SPLIT_UNIT.sub("", nfkc(text)))
    return _canonical_unit(m.group("unit")) if m else None
