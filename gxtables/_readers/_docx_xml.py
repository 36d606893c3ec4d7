"""The WordprocessingML vocabulary the DOCX reader walks: namespaces (Transitional and ISO
Strict), the element tags it dispatches on — as data: ``{tag: kind}`` tables — and small
attribute readers. No parsing and no package handling here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._values import to_subscript, to_superscript

__all__ = [
    "BLOCK_KINDS",
    "CELL_TAGS",
    "CHOICE_TAGS",
    "COLOR_TAGS",
    "FALLBACK_TAGS",
    "FIELD_TYPE_ATTRS",
    "FILL_ATTRS",
    "GROUND_TAGS",
    "INLINE_KINDS",
    "PPR_TAGS",
    "ROW_TAGS",
    "ROW_WRAPPER_TAGS",
    "RPR_TAGS",
    "SDT_CONTENT_TAGS",
    "SHIFTS",
    "SIZE_TAGS",
    "STRIKE_TAGS",
    "TABLE_TAGS",
    "TC_PR_KINDS",
    "TC_PR_TAGS",
    "TR_PR_KINDS",
    "TR_PR_TAGS",
    "VAL_ATTRS",
    "VERT_ALIGN_TAGS",
    "W_NAMESPACES",
    "properties",
    "w_child",
    "w_int_val",
    "w_val",
]

# Transitional (what Word and WPS write) and ISO 29500 Strict WordprocessingML.
W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_M_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/officeDocument/math",
)


def _w(*local_names: str) -> list[str]:
    return [f"{{{ns}}}{name}" for ns in W_NAMESPACES for name in local_names]


def _kinds(table: dict[str, list[str]]) -> dict[str, str]:
    """``{kind: [tags]}`` → ``{tag: kind}``: dispatch tables are data."""
    return {tag: kind for kind, tags in table.items() for tag in tags}


# What to do with an element met among blocks (body, cell, content-control content).
BLOCK_KINDS = _kinds({
    "p": _w("p"),
    "tbl": _w("tbl"),
    "sdt": _w("sdt"),
    "wrapper": _w("customXml", "ins", "moveTo", "smartTag"),
    "alternate": [f"{{{_MC}}}AlternateContent"],
    "altchunk": _w("altChunk"),
})

# What to do with an element met inside a paragraph. Anything not listed is walked into.
INLINE_KINDS = _kinds({
    "text": [*_w("t"), *(f"{{{ns}}}t" for ns in _M_NAMESPACES)],
    "space": _w("tab", "ptab"),
    "break": _w("br", "cr"),
    "hyphen": _w("noBreakHyphen"),
    "field": _w("fldChar"),
    "box": _w("txbxContent"),
    "run": _w("r"),
    "raised": [f"{{{ns}}}sup" for ns in _M_NAMESPACES],
    "lowered": [f"{{{ns}}}sub" for ns in _M_NAMESPACES],
    "alternate": [f"{{{_MC}}}AlternateContent"],
    "skip": [
        *_w("del", "moveFrom", "pPr", "rPr", "instrText", "delText", "delInstrText",
            "softHyphen", "sym", "footnoteReference", "endnoteReference",
            "commentReference", "annotationRef", "sectPr"),
        f"{{{_MC}}}Fallback",
    ],
})

ROW_TAGS = frozenset(_w("tr"))
CELL_TAGS = frozenset(_w("tc"))
TABLE_TAGS = frozenset(_w("tbl"))
SDT_CONTENT_TAGS = frozenset(_w("sdtContent"))
# Row/cell-level wrappers a table may put around its rows or cells.
ROW_WRAPPER_TAGS = frozenset(_w("sdt", "sdtContent", "customXml", "ins", "moveTo"))
TC_PR_TAGS = frozenset(_w("tcPr"))
TR_PR_TAGS = frozenset(_w("trPr"))
TC_PR_KINDS = _kinds({name: _w(name) for name in ("gridSpan", "vMerge", "hMerge")})
TR_PR_KINDS = _kinds({name: _w(name) for name in ("gridBefore", "del")})
CHOICE_TAGS = frozenset([f"{{{_MC}}}Choice"])
FALLBACK_TAGS = frozenset([f"{{{_MC}}}Fallback"])
VAL_ATTRS = tuple(f"{{{ns}}}val" for ns in W_NAMESPACES)
RPR_TAGS = frozenset(_w("rPr"))
VERT_ALIGN_TAGS = frozenset(_w("vertAlign"))
# w:vanish: a run Word does not show (hidden text); an explicit false value shows it again.
VANISH_TAGS = frozenset(_w("vanish", "specVanish"))
COLOR_TAGS = frozenset(_w("color"))
# w:strike, w:dstrike: text shown struck through (a correction left in), not as a value.
STRIKE_TAGS = frozenset(_w("strike", "dstrike"))
SIZE_TAGS = frozenset(_w("sz"))
#: Run, paragraph and cell properties that paint a ground under text (white text shows).
GROUND_TAGS = frozenset(_w("shd", "highlight"))
PPR_TAGS = frozenset(_w("pPr"))
FILL_ATTRS = tuple(f"{{{ns}}}fill" for ns in W_NAMESPACES)
OFF_VALUES = frozenset({"0", "false", "off"})
# w:vertAlign values (ECMA-376 §17.18.96 ST_VerticalAlignRun) → how the run's text is shown.
SHIFTS: dict[str, Callable[[str], str]] = {
    "superscript": to_superscript, "subscript": to_subscript,
}
FIELD_TYPE_ATTRS = tuple(f"{{{ns}}}fldCharType" for ns in W_NAMESPACES)


def w_child(el: Any, local: str) -> Any:
    """The first child named ``w:<local>`` (either namespace), or None."""
    for ns in W_NAMESPACES:
        found = el.find(f"{{{ns}}}{local}")
        if found is not None:
            return found
    return None


def w_val(el: Any, attrs: tuple[str, ...] = VAL_ATTRS) -> str | None:
    for attr in attrs:
        value = el.get(attr)
        if value is not None:
            return str(value)
    return None


def w_int_val(el: Any, default: int) -> int:
    """A ``w:val`` count such as ``gridSpan``; junk or nonsense gives ``default``."""
    if el is None:
        return default
    try:
        value = int(w_val(el) or "")
    except ValueError:
        return default
    return value if 0 < value <= 1000 else default



def properties(el: Any, tags: frozenset[str]) -> Any:
    """The ``w:tcPr``/``w:trPr`` of a cell or row: among its first children by the schema."""
    for i, child in enumerate(el):
        if child.tag in tags:
            return child
        if i >= 1:
            return None
    return None
