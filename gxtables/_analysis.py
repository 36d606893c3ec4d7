"""A text's outline number, normalised label and parsed value, found once.

Every token needs the three (:mod:`._tokens`), and a report repeats its texts — empty cells,
0s, labels — many times, so a short text's analysis is remembered; the templates' own texts
(most labels a report prints) are analysed at import; plain ASCII counts (most values) and
prose skip the value grammar.
"""

from __future__ import annotations

from functools import lru_cache

from ._counts import plain_count
from ._normalize import label_parts, nfkc
from ._templates import LAYOUTS, ColumnSpec, RowSpec
from ._values import HELD_MARK, NULL_MARKERS, ParsedValue, parse_value

__all__ = ["KEPT_LEN", "analyse", "analysed", "remembered"]

#: Texts up to this long are analysed once and remembered (labels, values, short lines).
KEPT_LEN = 200


def analyse(text: str) -> tuple[str, str, ParsedValue]:
    """A text's outline number, normalised label and value — pure, so computed once per
    distinct short text (a report repeats its empty cells, 0s and labels many times)."""
    return remembered(text) if len(text) <= KEPT_LEN else analysed(text)


@lru_cache(maxsize=4096)
def remembered(text: str) -> tuple[str, str, ParsedValue]:
    return analysed(text)


def analysed(text: str) -> tuple[str, str, ParsedValue]:
    known = _TEMPLATE_TEXTS.get(text)
    if known is not None:
        return known  # a label as the official form prints it (most labels of a report)
    count = plain_count(text)
    if count is not None:
        # A plain count (most values): no numbering, its own norm, its integer value.
        return "", text, count
    number, norm = label_parts(text)
    if number or _plainly_text(nfkc(text)):  # (the form label_parts just made: kept)
        # An outline number (1. 1、 (1) （一） 一、) starts no number: prose and labels
        # numbered so (most paragraphs) are text.
        return number, norm, _TEXT
    return number, norm, parse_value(text)


def _plainly_text(normal: str) -> bool:
    """``parse_value`` of a text whose NFKC form (folded) is ``normal`` is ``text`` when that
    form, stripped, is longer than any null marker and starts with a CJK ideograph: no
    number starts so, and the ideograph is no note mark (a mark would be held out of the
    form before parsing, but it was not the first character). Prose, mostly — parsing it
    scans it three times over."""
    lead = normal.lstrip()[:1]
    return ("\u4e00" <= lead <= "\u9fff" and len(normal.strip()) > _LONGEST_NULL
            and HELD_MARK not in normal)


#: What ``parse_value`` gives a text that is no number and no null marker.
_TEXT = ParsedValue("text")
#: The longest null marker (``parse_value`` reads those as empty).
_LONGEST_NULL = max(map(len, NULL_MARKERS))


def _template_texts() -> dict[str, tuple[str, str, ParsedValue]]:
    """The analysis of every label, group and caption the templates print, found once: a
    report prints most of its labels exactly so."""
    texts: set[str] = set()
    for layout in LAYOUTS.values():
        for table in layout.tables:
            texts.update(table.captions)
            texts.update(table.groups)
            specs: tuple[RowSpec | ColumnSpec, ...] = (*table.rows, *table.columns)
            for spec in specs:
                texts.add(spec.label)
                if spec.group:
                    texts.add(spec.group)
    out: dict[str, tuple[str, str, ParsedValue]] = {}
    for text in sorted(texts):
        number, norm = label_parts(text)
        out[text] = (number, norm, parse_value(text))
    return out


#: ``analysed`` of the templates' own texts (see ``_template_texts``).
_TEMPLATE_TEXTS = _template_texts()
