"""Column-aligned text (``pdftotext -layout`` and padded copies) → cell grids.

Each line is a row and each cell keeps its character column (``CellGrid(aligned=True)``), so
the matcher can place values under header positions. A narrow label cell wraps over several
lines; only one of them carries the row's numbers (the first in LibreOffice exports, the middle
one elsewhere). Those lines are rejoined here by geometry alone — the label region left of the
first number, the row-label and group-label columns, outline numbering (``1.`` ``（三）``
``一、``) that starts a new label — never by the meaning of the labels. A number wrapped in a
narrow cell (``11`` over ``9``) is rejoined when the lone digits sit under that number.
"""

from __future__ import annotations

import contextvars
import itertools
import re

import attrs

from .._grid import Cell, CellGrid, Location, Paragraph
from .._limits import Deadline
from .._normalize import clean_cell_text, display_width

__all__ = ["is_aligned_fragment", "read_aligned"]

_SENTENCE_END = re.compile(r"[。；;！!？?]")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])")
_SPACE_SPLIT = re.compile(r"(?:[ \u00a0]{2,}|\u3000+)")
_ALIGNED_CELL = re.compile(r"\S+(?: \S+)*")
_UNIT = r"(?:万元|亿元|元|件|项|个|条)"
_NUMBER = re.compile(rf"^[+\-－]?\d[\d,，]*(?:[.．]\d+)?\s?{_UNIT}?$")
_BARE_NUMBER = re.compile(r"\d+")
_EMPTY_MARKS = frozenset({"-", "--", "—", "——", "–", "－", "/", "／", "无"})
_UNIT_ONLY = re.compile(_UNIT)
#: Labels numbered between two value lines (rows whose cells are all empty) as rows of their
#: own. Off: the matcher's arithmetic search does not yet finish on tables holding such rows
#: beside rows whose blanks vanished (seed 004: "search stopped (past 2.0 s)"), so for now
#: they are glued to the next row's label and that row is flagged.
_SPLIT_BLANK_ROWS = False
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?)\s*$")
# Outline numbering that starts a label: 1. 一、 （三） — or a group label's first line （三
_NUMBERED = re.compile(
    r"^(?:\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3})")


@attrs.frozen
class _Frag:
    """A piece of a line: its text, its 1-based line and its starting display column."""

    text: str
    line: int
    start: int

    @property
    def end(self) -> int:
        return self.start + display_width(self.text)

    @property
    def numeric(self) -> bool:
        """A value cell: a number, or a mark an empty cell prints (``-``, ``—``, ``/``, ``无``)."""
        return bool(_NUMBER.match(self.text)) or self.text in _EMPTY_MARKS


def read_aligned(lines: list[str], deadline: Deadline) -> list[CellGrid | Paragraph]:
    """Column-aligned text: each line a row, each cell placed at its character column;
    labels wrapped over several lines are rejoined into the row that carries the numbers."""
    blocks: list[CellGrid | Paragraph] = []
    rows: list[list[_Frag]] = []
    texts: list[tuple[int, str]] = []  # the lines of ``rows`` (1-based number, text)

    def close_grid() -> None:
        if not rows:
            return
        if _char_columns(texts):
            rows[:] = [_frags(text, n, chars=True) for n, text in texts]
        cells = []
        joined = _join_stacked_words(_join_open_brackets(_join_wrapped_words(rows)))
        for r, row in enumerate(_rejoin(_join_vertical_headers(joined))):
            for c, frag in enumerate(row):
                nxt = row[c + 1].start if c + 1 < len(row) else 10_000
                cells.append(Cell(clean_cell_text(frag.text), r, frag.start, 1,
                                  max(1, nxt - frag.start), Location(line=frag.line)))
        blocks.append(CellGrid(tuple(cells), index=len(blocks), exact=False, rows_known=True,
                               location=cells[0].location, aligned=True))
        rows.clear()
        texts.clear()

    for i, line in enumerate(lines):
        if i % 2000 == 0:
            deadline.check("reading text")
        if not line.strip() or _PAGE_NUMBER.match(line):
            continue  # a page number between two halves of a table is not one of its rows
        if len(_SPACE_SPLIT.split(line.strip())) < 2 and not is_aligned_fragment(line) \
                and not _label_between_numbers(lines, i, rows):
            close_grid()
            blocks.append(Paragraph(line.strip(), Location(line=i + 1)))
            continue
        expanded = line.expandtabs(8).replace("\u3000", "  ")
        rows.append(_frags(expanded, i + 1, chars=False))
        texts.append((i + 1, expanded))
    close_grid()
    return blocks


def _frags(text: str, line: int, *, chars: bool) -> list[_Frag]:
    """A line's cells: single spaces stay inside a cell; runs of two or more separate cells.
    Each starts at its display column, or at its character index (``chars``)."""
    row: list[_Frag] = []
    for m in _ALIGNED_CELL.finditer(text):
        start = m.start() if chars else display_width(text[:m.start()])
        row.extend(_split_numbers(_Frag(m.group(0), line, start)))
    return row


def _char_columns(texts: list[tuple[int, str]]) -> bool:
    """Whether a block's columns line up by character index rather than display width.

    ``pdftotext -layout`` places each word at the column of its position on the page and a
    CJK character takes one column there, so the numbers after labels of different lengths
    stand at one character index (and drift apart by display width); text padded in a
    monospace editor lines up by display width. The measure under which more neighbouring
    rows' last numbers end in the same column wins, by character index only when clearly
    (twice as many rows; a block may hold several tables, and its pages drift apart)."""
    by_char: list[int] = []
    by_width: list[int] = []
    for _, text in texts:
        last = None
        for m in _ALIGNED_CELL.finditer(text):
            if _NUMBER.match(m.group(0).split(" ")[-1]):
                last = m
        if last is not None and _SPACE_SPLIT.search(text.strip()):
            by_char.append(last.end())
            by_width.append(display_width(text[:last.end()]))
    return _agree(by_char) > 2 * _agree(by_width)


def _agree(ends: list[int]) -> int:
    return sum(1 for a, b in itertools.pairwise(ends) if abs(a - b) <= 1)


def _label_between_numbers(lines: list[str], i: int, rows: list[list[_Frag]]) -> bool:
    """A numbered label line (``（二）部分公开（区分处理的，只计这一``) between a line with
    numbers and a line of numbers alone is the first line of the label wrapped around those
    numbers, not a heading: a heading does not stand right above a line of bare numbers."""
    s = lines[i].strip()
    if not rows or not any(f.numeric for f in rows[-1]) or _SENTENCE_END.search(s) \
            or display_width(s) > 48:
        return False
    for line in lines[i + 1:i + 3]:
        if not line.strip() or _PAGE_NUMBER.match(line):
            continue
        cells = _ALIGNED_CELL.findall(line.expandtabs(8).replace("\u3000", "  "))
        return bool(cells) and all(_NUMBER.match(c) or c in _EMPTY_MARKS
                                   for part in cells for c in part.split(" "))
    return False


def is_aligned_fragment(line: str) -> bool:
    """A line of one short piece in column-aligned text: a header label or row label
    wrapped onto a line of its own (上一年 / 项目数 / 量), whose position still counts."""
    s = line.strip()
    indent = len(line) - len(line.lstrip(" "))
    if _SENTENCE_END.search(s) or (_HEADING.match(s) and indent < 8):
        return False  # (a label numbered （二） deep inside a cell is no heading)
    # An indented line is a wrapped label printed inside its cell, prose is not indented.
    wide = indent >= 4 or bool(_WORDS.fullmatch(s))  # 结果维 结果纠 其他结: wrapped headers
    return display_width(s) <= (48 if wide else 24)


def _split_numbers(frag: _Frag) -> list[_Frag]:
    """``1860 53``: two numbers a single space apart (a proportional font squeezed the gap)
    are two cells; ``455 件`` (a number and its unit) stays one."""
    parts: list[tuple[str, int]] = []
    pos = 0
    for p in frag.text.split(" "):
        if parts and _UNIT_ONLY.fullmatch(p):
            parts[-1] = (parts[-1][0] + " " + p, parts[-1][1])  # 455 件: a number, its unit
        else:
            parts.append((p, pos))
        pos += display_width(p) + 1
    if len(parts) < 2 or not all(_NUMBER.match(p) for p, _ in parts):
        return [frag]
    # 2533项 -1168项 1409749项: cells a proportional font squeezed to one space apart
    return [_Frag(p, frag.line, frag.start + off) for p, off in parts]


def _is_value_line(row: list[_Frag]) -> bool:
    """Numbers after the labels and nothing but numbers after the first one."""
    first = next((k for k, f in enumerate(row) if f.numeric), None)
    return first is not None and all(f.numeric for f in row[first:])


def _labels(row: list[_Frag]) -> list[_Frag]:
    return [f for f in row if not f.numeric]


@attrs.define
class _Row:
    """A value line and the label pieces gathered for it."""

    values: list[_Frag]
    label: list[_Frag]
    group: list[_Frag]
    label_col: int
    group_col: int | None
    label_width: int


def _rejoin(rows: list[list[_Frag]]) -> list[list[_Frag]]:
    """Rows of one aligned block with wrapped labels and wrapped numbers rejoined.

    A line of label pieces only, every piece left of the neighbouring value lines' first
    number, continues a label: the row label (the rightmost label column) or the group label
    (a column to its left). Such lines belong to the value line above, unless a row label
    piece opens with outline numbering: from there on they belong to the value line below.
    """
    token = _GROUP_PIECES.set(_lone_group_labels(rows))
    try:
        return _rejoin_rows(rows)
    finally:
        _GROUP_PIECES.reset(token)


#: Lone pieces of the block being read that are group labels (see _lone_group_labels).
_GROUP_PIECES: contextvars.ContextVar[frozenset[_Frag]] = contextvars.ContextVar(
    "_GROUP_PIECES", default=frozenset())
_SUB_ITEM = re.compile(r"^\d{1,2}[.．、]\D")
_HIGHER_LEVEL = re.compile(
    r"^(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")


def _lone_group_labels(rows: list[list[_Frag]]) -> frozenset[_Frag]:
    """A label numbered （四） alone on its line, left of the lower-level labels (2. and
    their continuations) above and below it, is the group label printed beside its sub-rows."""
    out = set()
    for k in range(1, len(rows) - 1):
        row = rows[k]
        if len(row) != 1 or not _HIGHER_LEVEL.match(row[0].text):
            continue
        above, below = rows[k - 1][-1:], rows[k + 1][-1:]
        if not above or not below or above[0].numeric or below[0].numeric:
            continue
        if (above[0].start >= row[0].start + 4 and below[0].start >= row[0].start + 4
                and not _HIGHER_LEVEL.match(above[0].text)
                and not _HIGHER_LEVEL.match(below[0].text)):
            out.add(row[0])
    return frozenset(out)


def _rejoin_rows(rows: list[list[_Frag]]) -> list[list[_Frag]]:
    kinds: list[str] = []
    value_rows: dict[int, _Row] = {}
    for k, row in enumerate(rows):
        if not _is_value_line(row):
            kinds.append("O")
            continue
        if kinds and kinds[-1] == "V" and not _labels(row) and _wraps_numbers(
                row, value_rows[k - 1]):
            kinds.append("N")
            continue
        kinds.append("V")
        labels = _labels(row)
        label = labels[-1:] if labels else []
        value_rows[k] = _Row(
            values=[f for f in row if f.numeric], label=label, group=labels[:-1],
            label_col=label[0].start if label else (row[0].start if row else 0),
            group_col=labels[0].start if len(labels) >= 2 else None,
            # a lone character is a group label printed down the side, not the row's label
            label_width=max((display_width(f.text) for f in label
                             if not _SINGLE.fullmatch(f.text)), default=0))
    if "V" not in kinds:
        return rows
    out: list[_Row | list[_Frag]] = []
    assigned: dict[int, int] = {}  # line index of a continuation → its value line index
    blank_rows: dict[int, tuple[int, list[int]]] = {}  # first line → (value line, lines)
    absorbed: set[int] = set()
    v_idx = [k for k, kind in enumerate(kinds) if kind == "V"]
    for pos, v in enumerate(v_idx):
        nxt = v_idx[pos + 1] if pos + 1 < len(v_idx) else None
        run: list[int] = []
        k = v + 1
        while k < len(rows) and kinds[k] != "V":
            if not _continues(rows[k], value_rows[v], value_rows[nxt] if nxt is not None
                              and all(kinds[j] != "O" or _continues(rows[j], value_rows[v], None)
                                      for j in range(v + 1, nxt)) else None):
                break
            run.append(k)
            k += 1
        reaches_next = nxt is not None and k == nxt
        nums = [j for j, line_k in enumerate(run) if reaches_next and any(
            _NUMBERED.match(f.text) for f in _row_part(rows[line_k], value_rows[v]))]
        split = nums[0] if nums else len(run)
        for line_k in run[:split]:
            assigned[line_k] = v
        if nums and not _SPLIT_BLANK_ROWS:
            for line_k in run[nums[0]:]:
                assigned[line_k] = nxt  # type: ignore[assignment]
        elif nums:
            for line_k in run[nums[-1]:]:
                assigned[line_k] = nxt  # type: ignore[assignment]
            # Labels numbered between two value lines are rows whose cells are all empty.
            for a, b in itertools.pairwise(nums if _SPLIT_BLANK_ROWS else []):
                blank_rows[run[a]] = (v, run[a:b])
                absorbed.update(run[a:b])
    # A numbered label start on the lines just before the first value line of a stretch.
    for v in v_idx:
        k = v - 1
        lead: list[int] = []
        # No row label of its own: none, or a lone character of a group label printed down
        bare = all(_SINGLE.fullmatch(f.text) for f in value_rows[v].label + value_rows[v].group)
        while k >= 0 and kinds[k] == "O" and k not in assigned and (_continues(
                rows[k], value_rows[v], None) or (bare and not lead and _numbered_line(
                    rows[k]))) and len(lead) < 4:
            lead.insert(0, k)
            k -= 1
        starts = [j for j, line_k in enumerate(lead)
                  if any(_NUMBERED.match(f.text) for f in _row_part(rows[line_k], value_rows[v]))]
        if starts and not any(_NUMBERED.match(f.text) for f in value_rows[v].label):
            for line_k in lead[starts[-1]:]:
                assigned[line_k] = v
    # Wrapped numbers: a line of lone digits right under numbers of the value line above.
    merged_numbers = {k for k, kind in enumerate(kinds) if kind == "N"}
    for k, row in enumerate(rows):
        if k in merged_numbers:
            continue
        if kinds[k] == "V":
            vr = value_rows[k]
            before = sorted((j for j, a in assigned.items() if a == k and j < k))
            after = sorted((j for j, a in assigned.items() if a == k and j > k))
            above_label = [f for j in before for f in _row_part(rows[j], vr)]
            below_label = [f for j in after for f in _row_part(rows[j], vr)]
            group = [f for j in before for f in _group_part(rows[j], vr)]
            group += vr.group
            group += [f for j in after for f in _group_part(rows[j], vr)]
            around = above_label + below_label
            if vr.label and not vr.group and around and (min(
                    f.start for f in around) >= vr.label[0].start + 4 or (
                    _SINGLE.fullmatch(vr.label[0].text) and any(
                        _SUB_ITEM.match(f.text) for f in above_label) and min(
                        f.start for f in around) > vr.label[0].start)):
                # The value line's only label stands clearly left of the row label pieces
                # around it: a group label printed beside a wrapped row label.
                vr.label, vr.group = around, [*group, *vr.label]
            else:
                vr.label, vr.group = [*above_label, *vr.label, *below_label], group
            out.append(vr)
        elif k in blank_rows:
            ref = value_rows[blank_rows[k][0]]
            lines = blank_rows[k][1]
            label = [f for j in lines for f in _row_part(rows[j], ref)]
            out.append(_Row(values=[], label=label,
                            group=[f for j in lines for f in _group_part(rows[j], ref)],
                            label_col=label[0].start if label else 0, group_col=None,
                            label_width=0))
        elif k not in assigned and k not in absorbed:
            out.append(row)
    _merge_numbers(rows, merged_numbers, value_rows)
    return _emit(out)


def _numbered_line(row: list[_Frag]) -> bool:
    """One label piece opening with outline numbering: right above a line of numbers alone
    it starts their label, however far it reaches (a long first line wraps at the cell)."""
    return len(row) == 1 and not row[0].numeric and bool(_NUMBERED.match(row[0].text))


def _continues(row: list[_Frag], above: _Row, below: _Row | None) -> bool:
    """Label pieces only, all left of the first number and no wider than the label cell."""
    if not row or any(f.numeric for f in row):
        return False
    limit = min(f.start for f in above.values)
    if below is not None:
        limit = max(limit, min(f.start for f in below.values))
    # A wide label may reach a little under a number printed close to it.
    if any(f.start >= limit for f in row) or max(f.end for f in row) > limit + 4:
        return False
    if below is not None or above.label_width == 0:
        return True  # between two value lines, or around numbers on a line of their own
    # After the last value line a continuation is no wider than the label it continues and
    # aligned with it, left or centred (anything else is the next table's title or header).
    centre = above.label_col + above.label_width / 2
    return all(display_width(f.text) <= above.label_width + 1
               and (abs(f.start - above.label_col) <= 2
                    or abs(f.start + display_width(f.text) / 2 - centre) <= 3)
               for f in _row_part(row, above))


def _row_part(row: list[_Frag], ref: _Row) -> list[_Frag]:
    """The pieces of a continuation line in the row-label column."""
    if len(row) >= 2:
        return row[-1:]
    if row and _SUB_ITEM.match(row[0].text):
        return row[:1]  # 5.要求… is a row label: group labels are numbered （五） or not at all
    if ref.group_col is not None and row and (
            abs(row[0].start - ref.group_col) < abs(row[0].start - ref.label_col)):
        return []
    if row and row[0] in _GROUP_PIECES.get():
        return []
    return row[:1]


def _group_part(row: list[_Frag], ref: _Row) -> list[_Frag]:
    part = _row_part(row, ref)
    return [f for f in row if f not in part]


def _wraps_numbers(row: list[_Frag], above: _Row) -> bool:
    """Each lone number sits under a bare number of the line above, fewer than there."""
    if len(row) >= len(above.values):
        return False
    return all(_BARE_NUMBER.fullmatch(f.text) and _under(f, above.values) is not None
               for f in row)


def _under(frag: _Frag, values: list[_Frag]) -> _Frag | None:
    hits = [v for v in values if _BARE_NUMBER.fullmatch(v.text)
            and v.start - 2 <= frag.start <= v.end + 1]
    return hits[0] if len(hits) == 1 else None


def _merge_numbers(rows: list[list[_Frag]], merged: set[int], value_rows: dict[int, _Row]) -> None:
    for k in sorted(merged):
        vr = value_rows[k - 1]
        for frag in rows[k]:
            target = _under(frag, vr.values)
            if target is not None:
                idx = vr.values.index(target)
                vr.values[idx] = attrs.evolve(target, text=target.text + frag.text)


def _emit(out: list[_Row | list[_Frag]]) -> list[list[_Frag]]:
    """Rows of fragments: the group label, the row label (joined), the values.

    Group-label pieces gathered row by row (（三 / ）不 / 予公 / 开) form one label, kept on
    the row where its numbered first piece stands."""
    result: list[list[_Frag]] = []
    open_group: tuple[int, int] | None = None  # (row, cell) of the group label being built
    for item in out:
        if not isinstance(item, _Row):
            result.append(item)
            open_group = None
            continue
        row: list[_Frag] = []
        if item.group:
            group = _join(item.group)
            if open_group is not None and not _NUMBERED.match(group.text):
                r, c = open_group
                prev = result[r][c]
                result[r][c] = attrs.evolve(prev, text=prev.text + group.text)
            else:
                open_group = (len(result), 0)
                row.append(group)
        if item.label:
            row.append(_join(item.label))
        row.extend(item.values)
        result.append(row)
    return result


def _join(frags: list[_Frag]) -> _Frag:
    return _Frag("".join(f.text for f in frags), frags[0].line, frags[0].start)


_SINGLE = re.compile(r"[\u3400-\u9fff]")
_SINGLES = re.compile(r"[\u3400-\u9fff](?: [\u3400-\u9fff])+")


def _singles(row: list[_Frag]) -> list[_Frag]:
    """``结 其`` (two one-character header cells squeezed a space apart) → two pieces."""
    out: list[_Frag] = []
    for f in row:
        if _SINGLES.fullmatch(f.text):
            out.extend(_Frag(ch, f.line, f.start + 2 * k) for k, ch in enumerate(f.text[::2]))
        else:
            out.append(f)
    return out


def _is_vertical_line(row: list[_Frag]) -> bool:
    singles = sum(1 for f in row if _SINGLE.fullmatch(f.text))
    return singles >= 3 and 2 * singles >= len(row)


def _join_vertical_headers(rows: list[list[_Frag]]) -> list[list[_Frag]]:
    """A header printed one character per line (结/果/维/持 in narrow columns) joined into one
    piece per column, placed on the line where the column starts.

    Each character continues the nearest column (at most 3 characters off, left to right,
    never an earlier column than the one before it) that had a character on the line just
    above; otherwise it starts a column."""
    out: list[list[_Frag]] = []
    k = 0
    while k < len(rows):
        run_end = k
        while run_end < len(rows) and (
                _is_vertical_line(_singles(rows[run_end])) or (run_end > k and rows[run_end]
                and all(_SINGLE.fullmatch(f.text) for f in _singles(rows[run_end])))):
            run_end += 1  # the last characters of the longest labels may stand alone
        if run_end - k < 3:
            out.append(rows[k])
            k += 1
            continue
        columns: list[list[_Frag]] = []
        alive: set[int] = set()
        line_rows: list[list[_Frag]] = []
        starts: list[list[int]] = []
        for row in rows[k:run_end]:
            kept: list[_Frag] = []
            started: list[int] = []
            now: set[int] = set()
            floor = -1
            for f in _singles(row):
                if not _SINGLE.fullmatch(f.text):
                    kept.append(f)
                    continue
                near = [c for c in sorted(alive) if c > floor
                        and abs(columns[c][-1].start - f.start) <= 3]
                if near:
                    c = min(near, key=lambda c: abs(columns[c][-1].start - f.start))
                    columns[c].append(f)
                else:
                    c = len(columns)
                    columns.append([f])
                    started.append(c)
                now.add(c)
                floor = c
            alive = now
            line_rows.append(kept)
            starts.append(started)
        for kept, started in zip(line_rows, starts, strict=True):
            row = kept + [_join(columns[c]) for c in started]
            if row:
                out.append(sorted(row, key=lambda f: f.start))
        k = run_end
    return out


_WORDS = re.compile(r"[\u3400-\u9fff]{2,}(?: [\u3400-\u9fff]{2,})+")


def _join_wrapped_words(rows: list[list[_Frag]]) -> list[list[_Frag]]:
    """Header cells wrapped in narrow columns and squeezed one space apart: ``结果维 结果纠
    其他结 尚未审`` with ``持 正 果 结`` on a line below. Each such run of n words takes the
    nearest group of exactly n lone characters on the next two lines, in order."""
    rows = [list(r) for r in rows]
    for k, row in enumerate(rows):
        for f in [f for f in row if _WORDS.fullmatch(f.text)]:
            words = f.text.split(" ")
            best: tuple[float, int, list[_Frag]] | None = None
            for j in range(k + 1, min(k + 3, len(rows))):
                for group in _single_groups(rows[j]):
                    if len(group) != len(words):
                        continue
                    dist = abs((group[0].start + group[-1].end) / 2 - (f.start + f.end) / 2)
                    if dist <= (f.end - f.start) and (best is None or dist < best[0]):
                        best = (dist, j, group)
            if best is None:
                continue
            _, j, group = best
            rows[j] = [g for g in rows[j] if g not in group]
            pieces, pos = [], f.start
            for word, ch in zip(words, group, strict=True):
                pieces.append(_Frag(word + ch.text, f.line, pos))
                pos += display_width(word) + 1
            at = row.index(f)
            row[at:at + 1] = pieces
    return [r for r in rows if r]


def _single_groups(row: list[_Frag]) -> list[list[_Frag]]:
    """Runs of lone CJK characters on a line, cut at other pieces and at wide gaps."""
    groups: list[list[_Frag]] = []
    current: list[_Frag] = []
    for f in _singles(row):
        if _SINGLE.fullmatch(f.text) and (not current or f.start - current[-1].end <= 8):
            current.append(f)
            continue
        if current:
            groups.append(current)
        current = [f] if _SINGLE.fullmatch(f.text) else []
    if current:
        groups.append(current)
    return groups


def _open_brackets(text: str) -> int:
    return text.count("(") + text.count("（") - text.count(")") - text.count("）")


def _join_open_brackets(rows: list[list[_Frag]]) -> list[list[_Frag]]:
    """A header cell wrapped inside its brackets (``本年收费金额(单位：`` over ``万元)``): the
    piece on the next two lines, under it, that closes the bracket is its end — the unit the
    column's values are read in must not be lost. Only over lines without numbers."""
    rows = [list(r) for r in rows]
    for k, row in enumerate(rows):
        for at, f in enumerate(row):
            if f.numeric or _open_brackets(f.text) <= 0:
                continue
            for j in range(k + 1, min(k + 3, len(rows))):
                if any(g.numeric for g in rows[j]):
                    break  # a label wrapped around its numbers is _rejoin's
                below = [g for g in rows[j] if not g.numeric and _open_brackets(g.text) < 0
                         and f.start - 2 <= g.start <= f.end]
                if len(below) == 1:
                    row[at] = attrs.evolve(f, text=f.text + below[0].text)
                    rows[j] = [g for g in rows[j] if g is not below[0]]
                    break
    return [r for r in rows if r]


_SHORT_WORD = re.compile(r"[\u3400-\u9fff]{2,3}")
_SHORT_PIECE = re.compile(r"[\u3400-\u9fff]{1,3}")


def _join_stacked_words(rows: list[list[_Frag]]) -> list[list[_Frag]]:
    """Header words wrapped two or three characters a line in narrow columns, the lines of
    neighbouring columns interleaved (自然 / 人, 社会 / 公益 / 组织 one or two lines apart):
    in a run of three or more lines without numbers that ends on a line with numbers, one
    of them holding four or more such words, a word of two or three characters takes the
    short pieces below it that start where it starts (within two columns), each at most two
    lines below the one before. The joined word stands where its first piece stood.

    Narrow headers (第二十条's three columns, 本年 / 新制 / 作数 / 量 around 信息内容) are left
    to the other joins: joined here, 规范性文件 once took 规章's values (seed 119028)."""
    rows = [list(r) for r in rows]
    k = 0
    while k < len(rows):
        end = k
        while end < len(rows) and not any(f.numeric for f in rows[end]):
            end += 1
        if end - k >= 3 and end < len(rows) and any(
                sum(1 for f in rows[r] if _SHORT_WORD.fullmatch(f.text)) >= 4
                for r in range(k, end)):  # a wide header row of short words, not labels
            _stack_zone(rows, k, end)
        k = end + 1
    return [r for r in rows if r]


def _stack_zone(rows: list[list[_Frag]], k: int, end: int) -> None:
    taken: set[tuple[int, int]] = set()
    for r in range(k, end):
        for at, f in enumerate(rows[r]):
            if (r, f.start) in taken or not _SHORT_WORD.fullmatch(f.text):
                continue
            chain: list[tuple[int, _Frag]] = []
            last = r
            for j in range(r + 1, end):
                if j - last > 2:
                    break
                below = [g for g in rows[j] if (j, g.start) not in taken
                         and abs(g.start - f.start) <= 2]
                if len(below) > 1:
                    chain = []
                    break
                if below:
                    if not _SHORT_PIECE.fullmatch(below[0].text):
                        break
                    chain.append((j, below[0]))
                    last = j
            if not chain:
                continue
            for j, g in chain:
                taken.add((j, g.start))
                rows[j] = [h for h in rows[j] if h is not g]
            rows[r][at] = attrs.evolve(f, text=f.text + "".join(g.text for _, g in chain))
