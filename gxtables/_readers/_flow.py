"""poppler ``pdftotext`` default-mode text → the row-major cell lines the text readers know.

Without ``-layout``, ``pdftotext`` writes text in flow blocks, one cell per line, in the order
the PDF draws it (issue 12, part 2). Two shapes of that order are put back here, by the
shape of the text alone (no template knowledge):

* **column blocks**: side-by-side tables written as one run of label lines (per table a
  title, the label column's header — the same line every time — and its row labels), then,
  after a blank line, one block per column: its header and one value per row, blocks
  separated by blank lines. With N row labels and blocks of one header + N values each,
  the grid is exact, and it is written back row by row (``规章 0件 0件 4件``). Wrapped row
  labels (``其他对外管理服务`` / ``事项``) are joined when the value count says how many rows
  there are and the full-width lines say which line wrapped. When some columns have blank
  cells (fewer values, or the header alone and its values apart), :mod:`._flow_partial`
  reads the region as grids: complete columns placed, every other cell flagged. Anything
  else is left as it was.
* **wrapped cells** (the blank-line dialect, where a blank line ends every cell): a run of
  text lines between blank lines, all but the last as wide as the widest (a column less for
  a half-width bracket; at least six CJK characters, unless an outline number opens the
  run: ``2.其他法`` / ``律行政法`` / ``规禁止公`` / ``开``), the last no wider, is one cell
  wrapped at its column's width (``5.要求行政机关确`` / ``认或重新出具已获`` / ``取信息``,
  ``本年收费金额(单位：`` / ``万元)``) and becomes one line; so is a run of lines of one
  character each, a cell written down its side (``结`` / ``果`` / ``维`` / ``持``);
* **a value on a label's baseline**: a wrapped label one of whose lines ends in a number one
  space on (``或重新出具已获取信 0``) becomes the label, then the number as the next cell;
* **a group label beside a sub-item's**, their lines interleaved (``（六）其他`` /
  ``2.申请人逾期未按收费通知`` / ``处理`` / …), becomes the group's line, then the label's;
* **units drawn after the values** (``7`` ``12`` … then ``件`` ``件`` …) go back on the plain
  numbers before them, when the counts agree;
* **stacked header words**: a line of k words one space apart (``结果维 结果纠 其他结 尚未审``)
  followed by k one-character lines (``持`` ``正`` ``果`` ``结``) — a header row whose cells each
  wrapped once — becomes k lines (``结果维持`` …).

A page's number (``-2-``) is dropped with its page break's blank lines, and a text whose
values are each followed by a blank line is read with blank lines ending cells. Cells keep
the line they were printed on (``Location.line`` of the original text).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from .._grid import CellGrid, Document, Paragraph, relocated
from .._limits import Deadline, Limits
from .._normalize import display_width
from .._values import TABLE_UNITS
from ._aligned_frag import _NUMBERED
from ._flow_columns import column_blocks
from ._flow_lines import Scan, is_value, scan
from ._flow_partial import mixed_run_starts, partial_tables
from ._text import _DIALECTS, _open_long_paragraphs, detect_dialect

__all__ = ["read_flow", "rebuild_flow"]


def _cjk_run(text: str, least: int, most: int) -> bool:
    """``text`` (a final newline aside, as ``$`` allows) is ``least`` to ``most`` CJK
    ideographs (U+3400–U+9FFF): what a regex of that character class matches, without
    compiling the 27,000-character class at import."""
    if text.endswith("\n"):
        text = text[:-1]
    return least <= len(text) <= most and all("\u3400" <= ch <= "\u9fff" for ch in text)


#: A page's number (``-2-``, ``第 2 页``): drawn in the page's flow, even between a row's
#: cells, and never a cell itself.
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?)\s*$")
#: What a page number's stripped text starts with (most lines are ruled out by it).
_PAGE_FIRST = frozenset("-—–第")


def read_flow(lines: list[str], deadline: Deadline, limits: Limits | None = None,
              source: str | None = None, dialect: str | None = None) -> Document | None:
    """The document read from ``pdftotext`` default-mode ``lines`` rebuilt row by row, or
    ``None`` when the text is not in one of the shapes this module rebuilds. ``limits`` (the
    defaults when not given) and ``source`` go on to the text reader's long-paragraph pass;
    ``dialect`` is ``detect_dialect(lines)`` when the caller has it."""
    if dialect is None:
        dialect = detect_dialect(lines)
    if dialect not in ("lines", "blank"):
        return None
    with_units = units_drawn_after(lines)
    seen = scan(with_units)
    relined = dialect == "lines" and _blank_after_values(seen)
    if relined:
        dialect = "blank"
    rebuilt, origin, grids = _rebuild(with_units, seen, blank_after_cell=dialect == "blank",
                                      partial=True)
    if origin is None and (relined or with_units is not lines):
        origin = list(range(len(lines)))
    if origin is None:
        return None
    out: list[CellGrid | Paragraph] = []
    cuts = [*grids, (len(rebuilt), [])]
    start = 0
    for at, tables in cuts:
        if at > start:  # the text between rebuilt regions, read in its dialect
            part = rebuilt[start:at]
            blocks = _open_long_paragraphs(
                _DIALECTS[dialect](part, deadline), part, deadline,
                limits if limits is not None else Limits(), source)
            out.extend(relocated(b, origin[start:at]) for b in blocks)
        out.extend(tables)
        start = at
    return Document(format="text", blocks=tuple(out))


def units_drawn_after(lines: list[str]) -> list[str]:
    """``lines`` with the units a table drew after its values put back on them: cells that
    print a unit under their number (``7`` / ``件``) come out of pdftotext as all the numbers,
    then all the units (``7`` ``7`` ``—`` ``12`` … ``件`` ``件`` …). When a run of lines of one
    and the same unit follows a run of value lines holding exactly as many plain numbers,
    each number takes the unit (which number took which does not matter: the unit is the
    same), and the unit lines become blank (the lines keep their numbers). One unit line
    alone is left: it may be a wrapped label's last character (``其他对外管理服务事`` /
    ``249`` / ``项``)."""
    out: list[str] | None = None
    i = 0
    while i < len(lines):
        unit = lines[i].strip()
        if unit not in _UNIT_LINES:
            i += 1
            continue
        units, end = [i], i + 1
        while end < len(lines) and lines[end].strip() in ("", unit):
            if lines[end].strip():
                units.append(end)
            end += 1
        numbers: list[int] = []
        q = i - 1
        while q >= 0 and (not lines[q].strip() or is_value(lines[q])):
            if _PLAIN_NUMBER.match(lines[q].strip()):
                numbers.append(q)
            q -= 1
        if len(numbers) == len(units) >= 2:  # (one unit may end a label: ``…事`` / ``项``)
            out = out if out is not None else list(lines)
            for k in numbers:
                out[k] = lines[k].rstrip() + unit
            for k in units:
                out[k] = ""
        i = end
    return out if out is not None else lines


#: A line holding only a table unit, and a line holding only a plain number (no unit yet).
_UNIT_LINES = frozenset(TABLE_UNITS)
_PLAIN_NUMBER = re.compile(r"^[+\-－]?\d[\d,，]*(?:[.．]\d+)?$")


def rebuild_flow(lines: Sequence[str], *, blank_after_cell: bool = False
                 ) -> tuple[list[str], list[int] | None]:
    """``lines`` rewritten row by row, and for each new line the 0-based index of the line it
    came from; ``None`` for the origin when nothing was rewritten. ``blank_after_cell``: the
    text ends each cell with a blank line (so lines of one cell stand together)."""
    out, origin, _grids = _rebuild(lines, scan(lines), blank_after_cell=blank_after_cell,
                                   partial=False)
    return out, origin


Inserted = list[tuple[int, list[CellGrid | Paragraph]]]


def _rebuild(lines: Sequence[str], seen: Scan, *, blank_after_cell: bool, partial: bool
             ) -> tuple[list[str], list[int] | None, Inserted]:
    """:func:`rebuild_flow`, and with ``partial`` the regions of side-by-side tables with
    incomplete columns read as grids (:mod:`._flow_partial`): each with the index of the
    rewritten line it stands before. ``seen`` is ``scan(lines)``: the run starts and this
    loop test the same stripped lines and value flags."""
    out: list[str] = []
    origin: list[int] = []
    grids: Inserted = []
    changed = False
    texts = seen.texts
    starts = _label_run_starts(seen)
    mixed = starts | mixed_run_starts(seen) if partial else set()
    i = 0
    while i < len(lines):
        text = texts[i]
        if text and text[0] in _PAGE_FIRST and _PAGE_NUMBER.match(lines[i]):
            changed = True
            i += 1
            while blank_after_cell and i < len(lines) and not texts[i]:
                i += 1  # its separator and the page break's: no empty cells
            continue
        block = column_blocks(lines, i) if i in starts else None
        if block is not None:
            new, src, end = block
            out.extend(new)
            origin.extend(src)
            changed = True
            i = end
            continue
        region = partial_tables(lines, i) if i in mixed else None
        if region is not None:
            grids.append((len(out), region[0]))
            changed = True
            i = region[1]
            continue
        line = lines[i]
        stacked = _stacked_words(lines, i) if " " in line else None  # (one word: none)
        if stacked is not None:
            out.extend(stacked)
            k = len(stacked)
            origin.extend(i + 1 + c for c in range(k))
            changed = True
            i += 1 + k
            continue
        # (_wrapped_cell's own first test, written out: most lines fail it)
        wrapped = (_wrapped_cell(seen, i) if blank_after_cell and text
                   and not (i > 0 and texts[i - 1]) else 0)
        if wrapped:
            out.append("".join(texts[i:i + wrapped]))
            origin.append(i)
            changed = True
            i += wrapped
            continue
        pair = (_group_beside_label(seen, i) if blank_after_cell and text
                and not (i > 0 and texts[i - 1]) and _GROUP_NUMBER.match(text) else None)
        if pair is not None:
            n, group, label = pair
            out += [group, "", label]
            origin += [i, i + 1, i + 1]
            changed = True
            i += n
            continue
        glued = (_glued_value(seen, i) if blank_after_cell and text
                 and not (i > 0 and texts[i - 1]) else None)
        if glued is not None:
            n, k, number = glued
            out += ["".join(texts[q][:len(texts[q]) - len(number) - 1] if q == k else texts[q]
                            for q in range(i, i + n)), "", number]
            origin += [i, k, k]
            changed = True
            i += n
            continue
        out.append(line)
        origin.append(i)
        i += 1
    return out, (origin if changed else None), grids


#: Value lines needed before the blank lines after them are taken for cell ends.
_MIN_VALUE_LINES = 8
#: The share of them a blank line must follow (values a cell stacks stand together), and
#: the share enough in a PDF's text (prose wrapped at the page's width).
_ENDED_SHARE, _ENDED_SHARE_WRAPPED = 0.8, 0.6


def _blank_after_values(seen: Scan) -> bool:
    """pdftotext ends every cell's text with a blank line, yet its header words stacked one
    line each, and labels' wrapped lines, stand together, so a text may look like one cell a
    line with blank lines for empty cells; a blank line after nearly every one of many values
    says the blank lines end cells (pdftotext prints no empty cell: it drops them)."""
    texts = seen.texts
    values = [q for q, value in enumerate(seen.values) if value]
    if len(values) < _MIN_VALUE_LINES:
        return False
    ended = sum(1 for q in values if q + 1 < len(texts) and not texts[q + 1])
    if ended >= _ENDED_SHARE * len(values):
        return True
    # Prose wrapped at the page's width (a line cut mid-sentence, the next going on) is a
    # PDF's text: then fewer values need a blank line after them (values a block stacks).
    return ended >= _ENDED_SHARE_WRAPPED * len(values) and _wrapped_prose(texts)


def _wrapped_prose(texts: list[str]) -> bool:
    """Three lines or more of prose cut at a page's width: a long line ending mid-sentence
    (no 。！？；：, no closing bracket) and a line of text going on right under it."""
    cut = 0
    for line, below in itertools.pairwise(texts):
        if len(line) >= _PAGE_LINE and below and not line.endswith(_SENTENCE_ENDS) \
                and not below[0].isdecimal():
            cut += 1
            if cut >= 3:
                return True
    return False


#: A line of prose at least this long was cut at the page's width (display: ~25 ideographs).
_PAGE_LINE = 25
_SENTENCE_ENDS = ("。", "！", "？", "；", "：", "!", "?", ";", ":", "）", ")", "”")


# -- wrapped cells ---------------------------------------------------------------------------

#: A wrapped cell's full lines are at least this wide (display columns: 6 CJK characters);
#: a half-width bracket may leave one of them a column short. Narrower pieces are header
#: words (商业 / 企业), and joining those would let the matcher trust a header whose order
#: is pdftotext's drawing order (法人或其他组织 before 自然人), not the page's — unless the
#: run opens with an outline number (a row label) or is one character a line.
_MIN_WRAP_WIDTH = 12


def _wrapped_cell(seen: Scan, i: int) -> int:
    """How many lines from ``i`` form one wrapped cell (0: not one)."""
    texts = seen.texts
    if (i > 0 and texts[i - 1]) or not texts[i]:
        return 0
    end = _text_run_end(seen, i)
    return end - i if end is not None and _wrapped_shape(texts[i:end]) else 0


def _text_run_end(seen: Scan, i: int) -> int | None:
    """Where the run of lines from ``i`` up to a blank line ends, when none of them is a
    value line (``None``: one is)."""
    texts, values = seen.texts, seen.values
    end = i
    while end < len(texts) and texts[end]:
        if values[end]:
            return None
        end += 1
    return end


def _wrapped_shape(lines: Sequence[str]) -> bool:
    """``lines`` (two or more) read as one cell's text wrapped at the cell's width."""
    if len(lines) < 2:
        return False
    widths = [display_width(line) for line in lines]
    full = max(widths[:-1])
    if full < _MIN_WRAP_WIDTH and not _NUMBERED.match("".join(lines[:3])) and not all(
            _cjk_run(line, 1, 1) for line in lines):
        return False
    # (an outline number in ASCII, ``1.``, is narrower in the PDF than the ideographs it
    # stands for here: the first line may be that much wider than the others)
    slack = 1 + (len(lead.group()) if (lead := _ASCII_NUMBER.match(lines[0])) else 0)
    if any(w < full - slack for w in widths[:-1]) or widths[-1] > full:
        return False
    return not any(" " in line for line in lines)  # (a space: cells side by side, a header)


def _glued_value(seen: Scan, i: int) -> tuple[int, int, str] | None:
    """A wrapped label cell one of whose lines ends in a number one space on (``5.要求行政机关
    确认`` / ``或重新出具已获取信 0`` / ``息``): the row's first value, drawn on the baseline of
    the label's middle line. Returns the cell's line count, the line holding the number and
    the number; ``None`` unless exactly one line does and the rest is one wrapped cell."""
    texts = seen.texts
    end = _text_run_end(seen, i)
    if end is None or end - i < 2:
        return None
    glued = [(q, m) for q in range(i, end) if (m := _GLUED_NUMBER.search(texts[q]))]
    if len(glued) != 1:
        return None
    k, m = glued[0]
    label = [texts[q] if q != k else texts[q][:m.start()] for q in range(i, end)]
    if any(ch in _SENTENCE_MARKS for line in label for ch in line):
        return None  # a sentence wrapped after a number (全年共受理申请 12 / 件。): prose
    return (end - i, k, m.group(1)) if _wrapped_shape(label) else None


def _group_beside_label(seen: Scan, i: int) -> tuple[int, str, str] | None:
    """A group label and a sub-item's label wrapped beside it, their lines interleaved as
    pdftotext meets them going down the page (``（六）其他`` / ``2.申请人逾期未按收费通知`` /
    ``处理`` / ``要求缴纳费用、行政机关不`` / ``再处理其政府信息公开申请``): a line for each
    in turn, the group's no wider than its first, until a wide line stands in the group's
    turn (its lines ran out); the sub-item's must read as one cell wrapped at its width.
    Returns the lines taken, the group's text and the label's; ``None`` otherwise."""
    texts = seen.texts
    end = _text_run_end(seen, i)
    if end is None or end - i < 3 or not _SUB_ITEM_START.match(texts[i + 1]):
        return None
    narrow = display_width(texts[i])
    group: list[str] = [texts[i]]
    label: list[str] = []
    alternating = True  # group, label, group, label … until the group's lines run out
    for q in range(i + 1, end):
        if alternating and len(label) == len(group) and display_width(texts[q]) <= narrow:
            group.append(texts[q])
        else:
            alternating = alternating and len(label) < len(group)
            label.append(texts[q])
    if len(group) < 2 or not _wrapped_shape(label):
        return None
    return end - i, "".join(group), "".join(label)


#: A group label's number (``（六）``, ``三、``) and a sub-item's (``2.``) opening a line.
_GROUP_NUMBER = re.compile(
    r"(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")
_SUB_ITEM_START = re.compile(r"\d{1,2}[.．、]\D")
#: What ends a sentence (no label cell holds one).
_SENTENCE_MARKS = frozenset("。；！？!?;")
#: A count one space after the text of a label's line (a value drawn on its baseline).
_GLUED_NUMBER = re.compile(r"(?<=[\u3400-\u9fff，、）)”]) (\d[\d,]*)$")


#: An outline number in ASCII digits opening a label (``1.``, ``12、``).
_ASCII_NUMBER = re.compile(r"\d{1,2}[.．、]")


def _label_run_starts(seen: Scan) -> set[int]:
    """Where a run of label lines may open side-by-side tables: in each run of non-blank,
    non-value lines, the line before the first line that the run repeats (the title before
    信息内容). One candidate per run keeps the reading linear in the number of lines."""
    texts, values = seen.texts, seen.values
    starts: set[int] = set()
    i = 0
    while i < len(texts):
        if not texts[i] or values[i]:
            i += 1
            continue
        end = i
        while end < len(texts) and texts[end] and not values[end]:
            end += 1
        if end - i > 1:  # one line repeats nothing
            run = texts[i:end]
            counts: dict[str, int] = {}
            for t in run:
                counts[t] = counts.get(t, 0) + 1
            first = next((p for p, t in enumerate(run) if p > 0 and counts[t] >= 2), None)
            if first is not None:
                starts.add(i + first - 1)
        i = end
    return starts



# -- stacked header words --------------------------------------------------------------------


def _stacked_words(lines: Sequence[str], i: int) -> list[str] | None:
    if " " not in lines[i]:
        return None  # one word (most lines): nothing stacked under it
    words = lines[i].strip().split(" ")
    k = len(words)
    if k < 2 or not all(_cjk_run(w, 2, 5) for w in words) or i + k >= len(lines):
        return None
    tails = [lines[i + 1 + c].strip() for c in range(k)]
    if not all(_cjk_run(t, 1, 1) for t in tails):
        return None
    if i + 1 + k < len(lines) and _cjk_run(lines[i + 1 + k].strip(), 1, 1):
        return None  # more one-character lines than words: which joins which is unknown
    return [w + t for w, t in zip(words, tails, strict=True)]
