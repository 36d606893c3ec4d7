"""Text normalisation shared by readers, values and the matcher (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ._hanzi import TO_SIMPLIFIED

__all__ = [
    "INVISIBLE_CHARS",
    "clean_cell_text", "display_width", "label_parts", "nfkc", "normalize_label",
    "split_numbering",
    "strip_punctuation",
]

#: Characters PDFs and Word pages use for spacing that NFKC leaves alone or turns into
#: spaces, and that show nothing: zero-width spaces and joiners, the word joiner, a byte-order
#: mark inside the text, the soft hyphen.
INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CHARS), None)

# Traditional characters of the report vocabulary fold to simplified ones (:mod:`._hanzi`).
_FOLD = {**_INVISIBLE, **TO_SIMPLIFIED}

#: Finds a character ``_FOLD`` changes: most texts have none, and a regex scan is ~10× faster
#: than ``str.translate`` with a dict.
_FOLDS = re.compile("[" + re.escape("".join(sorted(map(chr, _FOLD)))) + "]")

_PUNCT_CATEGORIES = ("P", "S", "Z", "C")

_CN_NUM = "一二三四五六七八九十"
# Outline numbering at the start of a label: 一、 (一) 1. 1、 (1) ①
_NUMBERING = re.compile(
    rf"^\s*(?:"
    rf"第?[{_CN_NUM}]+[、.．,，]"
    rf"|[（(][{_CN_NUM}]+[)）][、.．]?"
    rf"|[（(]\d{{1,2}}[)）][、.．]?"
    rf"|\d{{1,2}}(?:[、．.](?!\d)|[)）])"
    rf"|[\u2460-\u2473]"
    rf")\s*"
)


def nfkc(text: str) -> str:
    """NFKC (full-width digits and Latin, Kangxi radicals and CJK compatibility ideographs
    become their ordinary forms) minus zero-width characters, traditional characters of the
    report vocabulary folded to simplified ones."""
    if text.isascii():
        return text  # no ASCII character has a compatibility form or folds
    if len(text) <= _CACHED_LEN:
        return _nfkc_kept(text)
    global _LAST_LONG
    last = _LAST_LONG  # one read of the pair: another thread may replace it, not tear it
    if last[0] == text:
        return last[1]
    out = _nfkc(text)
    _LAST_LONG = (text, out)
    return out


#: The last long text (prose) normalised and its form: the matcher asks for a paragraph's
#: label and then its value, each normalising it; prose is not worth a cache beyond that.
_LAST_LONG: tuple[str, str] = ("", "")


@lru_cache(maxsize=4096)
def _nfkc_kept(text: str) -> str:
    """:func:`_nfkc`, remembered: a label is asked for as a label, as a value and stripped."""
    return _nfkc(text)


def _nfkc(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        narrow = text
        for wide in set(_WIDE.findall(text)):
            narrow = narrow.replace(wide, _NARROW[wide])
        text = (narrow if narrow != text and unicodedata.is_normalized("NFKC", narrow)
                else unicodedata.normalize("NFKC", text))
    return text.translate(_FOLD) if _FOLDS.search(text) else text


#: Full-width forms (，（）：； …) and the ideographic space, each with its NFKC form. They are
#: what keeps Chinese prose from being NFKC already, and ``unicodedata.normalize`` takes its
#: slow path over the whole text for them (≈ 10× a regex pass). Putting each in its NFKC form
#: gives a text with the same NFKC form (it has the same compatibility decomposition); when that
#: text is normalised already, it is the NFKC form — else ``normalize`` runs as before.
_NARROW = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (0x3000, *range(0xFF01, 0xFF5F))}
_WIDE = re.compile("[" + re.escape("".join(_NARROW)) + "]")


_LINE_BREAKS = re.compile(r"[\r\n]+")


def clean_cell_text(text: str) -> str:
    """A cell's raw text as we report it: whitespace at the ends trimmed, internal line
    breaks removed (a wrapped cell is one cell). Characters are kept as written."""
    if "\n" not in text and "\r" not in text:
        return text.strip()  # one line (most cells): the rule below comes to this
    parts = [p.strip() for p in _LINE_BREAKS.split(text)]
    joined = ""
    for part in parts:
        if not part:
            continue
        if joined and _needs_space(joined[-1], part[0]):
            joined += " "
        joined += part
    return joined.strip(" \t\u3000\u00a0")


def _needs_space(left: str, right: str) -> bool:
    # Words of Latin text wrapped in a cell get their space back; a number wrapped in a
    # narrow cell (30 / 0) is one number, and CJK needs no spaces.
    if left.isdigit() and right.isdigit():
        return False
    return left.isascii() and right.isascii() and left.isalnum() and right.isalnum()


def display_width(text: str) -> int:
    """Columns a string takes in monospaced CJK text (wide characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


#: What an outline number's brackets and stops are: everything but its digits and numerals.
_NOT_NUMERAL = re.compile(r"[^0-9一二三四五六七八九十\u2460-\u2473]")


def split_numbering(text: str) -> tuple[str, str]:
    """``"（三）不予公开"`` → ``("三", "不予公开")``: the outline number (digits or Chinese
    numerals, brackets dropped) and the rest. No numbering gives ``("", text)``."""
    t = nfkc(text).strip()
    m = _NUMBERING.match(t)
    if not m:
        return "", t
    number = _NOT_NUMERAL.sub("", m.group(0))
    if number and "\u2460" <= number[0] <= "\u2473":
        number = str(ord(number[0]) - 0x2460 + 1)
    return number, t[m.end():]


def normalize_label(text: str) -> str:
    """The comparable form of a label: NFKC, outline numbering dropped, every space,
    punctuation mark and symbol removed.

    >>> normalize_label("（二）部分公开（区分处理的，只计这一情形）")
    '部分公开区分处理的只计这一情形'
    >>> normalize_label("3.危及“三安全一稳定”")
    '危及三安全一稳定'
    """
    if len(text) <= _CACHED_LEN:
        return _label(text)
    _, rest = split_numbering(text)
    return _dropped(rest)


@lru_cache(maxsize=4096)
def _label(text: str) -> str:
    _, rest = split_numbering(text)
    return _dropped(rest)


def label_parts(text: str) -> tuple[str, str]:
    """``(outline number, normalize_label(text))`` from one normalisation of the text."""
    number, rest = split_numbering(text)
    return number, _dropped(rest)


def strip_punctuation(text: str) -> str:
    """NFKC and every space, punctuation mark and symbol removed (numbering kept)."""
    if len(text) <= _CACHED_LEN:
        return _stripped(text)
    return _dropped(nfkc(text))


#: Texts up to this long are kept by :func:`_stripped` (labels, template phrases asked about
#: again and again); longer ones (prose) are not.
_CACHED_LEN = 200


@lru_cache(maxsize=4096)
def _stripped(text: str) -> str:
    return _dropped(nfkc(text))


def _dropped(text: str) -> str:
    """``text`` without its spaces, punctuation, symbols and controls. A text of letters and
    digits only (most labels once their numbering is cut) is returned as it is: no code
    point ``isalnum`` accepts is in those categories (checked over all of Unicode)."""
    if text.isalnum():
        return text
    if len(text) < _SCAN_LEN:
        return text.translate(_DROP)
    # Prose: the common marks go in one pass of a plain character set (no per-character
    # category test); what is left is mostly letters and digits only.
    text = _COMMON_DROPS.sub("", text)
    if text.isalnum():
        return text
    # Else find the few distinct characters that are not letters or digits in one C pass and
    # delete those of them the table deletes (``translate`` looks every character up).
    for char in set(_NOT_ALNUM.findall(text)):
        if _DROP[ord(char)] is None:
            text = text.replace(char, "")
    return text


#: Texts this long or longer have their characters dropped by ``_NOT_ALNUM``'s scan.
_SCAN_LEN = 64
#: A character that is not a letter or digit (``isalnum`` false): ``\w`` is ``isalnum`` or
#: ``_``. Every character ``_DROP`` deletes is one of these.
_NOT_ALNUM = re.compile(r"[\W_]")


class _DropTable(dict[int, int | None]):
    """A ``str.translate`` table that deletes spaces, punctuation, symbols and controls,
    deciding each code point once (translate then runs at C speed)."""

    def __missing__(self, code: int) -> int | None:
        keep = not unicodedata.category(chr(code)).startswith(_PUNCT_CATEGORIES)
        value = code if keep else None
        self[code] = value
        return value


_DROP = _DropTable()

#: The marks prose prints most (ASCII punctuation, symbols and spaces; CJK punctuation), each
#: one ``_DROP`` deletes: ``_dropped`` deletes them from prose with one regular expression.
_COMMON_DROPS = re.compile("[" + re.escape("".join(
    c for c in (*map(chr, range(0x21, 0x7F)), " ", "\t", "\u3000", "\u00a0",
                *"、。“”‘’《》〈〉「」『』【】〔〕〖〗·•…—–～")
    if _DROP[ord(c)] is None)) + "]")
