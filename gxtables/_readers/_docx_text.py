"""Run text of a DOCX paragraph or cell, as Word shows it: tracked insertions kept,
deletions and field instructions dropped, superscript and subscript runs kept apart from
the digits beside them, text boxes and ``mc:AlternateContent`` read once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._grid import UNREAD
from .._normalize import clean_cell_text
from .._values import to_subscript, to_superscript
from ._docx_xml import (
    BLOCK_KINDS,
    CHOICE_TAGS,
    COLOR_TAGS,
    FALLBACK_TAGS,
    FIELD_TYPE_ATTRS,
    FILL_ATTRS,
    GROUND_TAGS,
    INLINE_KINDS,
    OFF_VALUES,
    PPR_TAGS,
    RPR_TAGS,
    SDT_CONTENT_TAGS,
    SHIFTS,
    SIZE_TAGS,
    STRIKE_TAGS,
    TC_PR_TAGS,
    VANISH_TAGS,
    VERT_ALIGN_TAGS,
    properties,
    w_int_val,
    w_val,
)

__all__ = ["cell_text", "choose_branch", "paragraph_text", "sdt_content"]


def _inline_text(el: Any, out: list[str], boxes: list[Any], fields: list[bool]) -> None:
    """Append the visible text under a paragraph-level element to ``out``.

    ``fields`` is the stack of open complex fields (True while in its instruction part:
    text there is the field code, not what Word shows). Text boxes are collected in
    ``boxes`` to be read as blocks of their own.
    """
    for child in el:
        kind = INLINE_KINDS.get(child.tag)
        if kind is None:
            if len(child):
                _inline_text(child, out, boxes, fields)
        elif kind == "text":
            if child.text and not any(fields):
                out.append(child.text)
        elif kind == "space":
            out.append(" ")
        elif kind == "break":
            out.append("\n")
        elif kind == "hyphen":
            out.append("-")
        elif kind == "field":
            field_type = w_val(child, FIELD_TYPE_ATTRS)
            if field_type == "begin":
                fields.append(True)
            elif field_type == "separate" and fields:
                fields[-1] = False
            elif field_type == "end" and fields:
                fields.pop()
        elif kind == "run":
            if _run_hidden(child):
                continue
            shift = _run_shift(child)
            if _run_unseen(child) or _run_struck(child):
                shown: list[str] = []
                _inline_text(child, shown, boxes, fields)
                text = "".join(shown)
                # digits white on the white page, a point high or struck through: unseen
                # or withdrawn, yet part of the cell (flagged)
                out.append(UNREAD if any(ch.isdigit() for ch in text) else text)
            elif shift is None:
                _inline_text(child, out, boxes, fields)
            else:
                shifted: list[str] = []
                _inline_text(child, shifted, boxes, fields)
                out.append(shift("".join(shifted)))
        elif kind in ("raised", "lowered"):  # math m:sup / m:sub
            shifted = []
            _inline_text(child, shifted, boxes, fields)
            out.append((to_superscript if kind == "raised" else to_subscript)("".join(shifted)))
        elif kind == "box":
            boxes.append(child)
        elif kind == "alternate":
            branch = choose_branch(child)
            if branch is not None:
                _inline_text(branch, out, boxes, fields)
        # kind == "skip": deleted text, properties, field codes, the VML fallback


def _run_hidden(run: Any) -> bool:
    """Whether a run's own ``w:vanish`` hides it: hidden text (an old value, a note) would
    otherwise glue its digits onto the number shown. Hiding inherited from a style is not
    looked up."""
    r_pr = properties(run, RPR_TAGS)
    if r_pr is None:
        return False
    for child in r_pr:
        if child.tag in VANISH_TAGS:
            return (w_val(child) or "true").lower() not in OFF_VALUES
    return False


def _run_struck(run: Any) -> bool:
    """Whether a run's own properties strike it through (``w:strike``, ``w:dstrike``): a
    correction left in the table, whose digits must not join the number beside them.
    Striking inherited from a style is not looked up."""
    r_pr = properties(run, RPR_TAGS)
    if r_pr is None:
        return False
    return any(child.tag in STRIKE_TAGS and (w_val(child) or "true").lower() not in OFF_VALUES
               for child in r_pr)


def _run_unseen(run: Any) -> bool:
    """Whether a run's own properties make it unseen: ``w:sz`` of a point or less, or a
    white ``w:color`` with no ground painted under it by the run, its paragraph or its cell
    (such a digit is invisible on the page; read, it joins the number shown). Colours,
    sizes and shading inherited from styles are not looked up."""
    r_pr = properties(run, RPR_TAGS)
    if r_pr is None:
        return False
    white = False
    for child in r_pr:
        if child.tag in SIZE_TAGS and w_int_val(child, 24) <= 2:
            return True
        if child.tag in COLOR_TAGS:
            white = _is_white(w_val(child))
        elif child.tag in GROUND_TAGS and _painted(child):
            return False
    if not white:
        return False
    el = run.getparent()
    while el is not None:
        for tags in (PPR_TAGS, TC_PR_TAGS):
            pr = properties(el, tags)
            if pr is not None and any(c.tag in GROUND_TAGS and _painted(c) for c in pr):
                return False
        el = el.getparent()
    return True


def _is_white(value: str | None) -> bool:
    v = (value or "").strip().lower()
    return len(v) == 6 and all(c in "0123456789abcdef" for c in v) and all(
        int(v[i:i + 2], 16) >= 0xFA for i in (0, 2, 4))


def _painted(ground: Any) -> bool:
    """Whether a ``w:shd`` or ``w:highlight`` paints a colour other than white."""
    fill = w_val(ground, FILL_ATTRS)  # w:shd's colour; w:highlight's is its w:val
    v = (fill if fill is not None else w_val(ground) or "").strip().lower()
    return v not in ("", "auto", "none", "clear", "white") and not _is_white(v)


def _run_shift(run: Any) -> Callable[[str], str] | None:
    """How a run's own ``w:vertAlign`` shows its text: raised (a note mark such as the ¹ of
    ``237960¹``, which must not become a digit of the number), lowered, or as is (None).
    Alignment inherited from a character style is not looked up."""
    r_pr = properties(run, RPR_TAGS)
    if r_pr is None:
        return None
    for child in r_pr:
        if child.tag in VERT_ALIGN_TAGS:
            return SHIFTS.get(w_val(child) or "")
    return None


def choose_branch(alternate: Any) -> Any:
    """``mc:AlternateContent`` → its first ``mc:Choice`` (the DrawingML copy), else the
    ``mc:Fallback``; never both, since they hold the same content twice."""
    fallback = None
    for child in alternate:
        if child.tag in CHOICE_TAGS:
            return child
        if child.tag in FALLBACK_TAGS:
            fallback = child
    return fallback


def paragraph_text(p: Any, boxes: list[Any]) -> str:
    out: list[str] = []
    _inline_text(p, out, boxes, [])
    return "".join(out)


def cell_text(tc: Any) -> str:
    """All paragraphs of a cell (inside content controls too), joined by line breaks."""
    lines: list[str] = []
    _collect_lines(tc, lines)
    return clean_cell_text("\n".join(lines))


def _collect_lines(container: Any, lines: list[str]) -> None:
    for child in container:
        kind = BLOCK_KINDS.get(child.tag)
        if kind == "p":
            lines.append(paragraph_text(child, []))  # text boxes in a data cell: not read
        elif kind in ("sdt", "wrapper"):
            _collect_lines(sdt_content(child) if kind == "sdt" else child, lines)
        elif kind == "alternate":
            branch = choose_branch(child)
            if branch is not None:
                _collect_lines(branch, lines)


def sdt_content(sdt: Any) -> Any:
    for child in sdt:
        if child.tag in SDT_CONTENT_TAGS:
            return child
    return ()

