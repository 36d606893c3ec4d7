"""Wrapped labels and wrapped numbers of column-aligned text rejoined into the row that
carries the numbers, by geometry alone (see ``_aligned``)."""

from __future__ import annotations

import contextvars
import itertools
import re

import attrs

from .._normalize import display_width
from .._values import TABLE_UNIT_RE
from ._aligned_frag import _BARE_NUMBER, _NUMBERED, _SINGLE, _Frag, _join

#: Labels numbered between two value lines (rows whose cells are all empty) as rows of their
#: own. Off: the matcher's arithmetic search does not yet finish on tables holding such rows
#: beside rows whose blanks vanished (seed 004: "search stopped (past 2.0 s)"), so for now
#: they are glued to the next row's label and that row is flagged — except right above a
#: value line whose own row label is numbered (``_blank_row_above``).
_SPLIT_BLANK_ROWS = False


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
#: Two numbers with their units a single space apart: two cells (``41件 11件（2022年）``).
_VALUE_TEXT = re.compile(rf"^[+\-]?\d[\d,]*(?:\.\d+)?\s?(?:{TABLE_UNIT_RE})\s+[+\-]?\d")
#: A piece of a group label wrapped a character or two a line (``）不``, ``予公``, ``开``).
_GROUP_PIECE = re.compile(r"[（）()\u3400-\u9fff]{1,2}")
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
    widest = max((sum(f.numeric for f in row) for row in rows if _is_value_line(row)),
                 default=0)
    for k, row in enumerate(rows):
        if not _is_value_line(row):
            kinds.append("O")
            continue
        if kinds and kinds[-1] == "V" and not _labels(row) and _wraps_numbers(
                row, value_rows[k - 1]):
            kinds.append("N")
            continue
        if kinds and kinds[-1] == "V" and _staggered(rows, k, value_rows[k - 1], widest):
            kinds.append("S")
            value_rows[k - 1].values = sorted([*value_rows[k - 1].values, *row],
                                              key=lambda f: f.start)
            continue
        kinds.append("V")
        labels = _labels(row)
        values = [f for f in row if f.numeric]
        if len(labels) >= 2 and _VALUE_TEXT.match(labels[-1].text):
            # numbers the line could not split into cells (``41件 11件（2022年）`` with a
            # single space between) right of the label: no label piece — a cell the
            # matcher cannot read as one number, so the row is flagged (left out, it would
            # pass for blank cells)
            values = sorted([*values, labels.pop()], key=lambda f: f.start)
        label = labels[-1:] if labels else []
        head = _sub_item_above(rows, k, labels)
        if head is not None:
            # 三、本年度办理结 / （四）无法提供 beside the numbers, 2.没有现成信息需 just above,
            # further right: the label beside the numbers is the group's, the row's is above
            value_rows[k] = _Row(
                values=values, label=[], group=labels,
                label_col=head.start, group_col=labels[0].start,
                label_width=display_width(head.text))
            continue
        if (side := _side_character(rows, k, labels)) is not None:
            # 结 / 果 beside the numbers, ``（三  1.属于国家秘`` above: a group label down the
            # side; the row's label is the sub-item above, and its column is that one's
            value_rows[k] = _Row(
                values=values, label=[], group=labels,
                label_col=side.start, group_col=labels[0].start, label_width=0)
            continue
        value_rows[k] = _Row(
            values=values, label=label, group=labels[:-1],
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
    block_by_char = any(_by_char(r) for r in value_rows.values())
    for pos, v in enumerate(v_idx):
        nxt = v_idx[pos + 1] if pos + 1 < len(v_idx) else None
        run: list[int] = []
        k = v + 1
        while k < len(rows) and kinds[k] != "V":
            if kinds[k] == "S":
                k += 1  # (its numbers are this row's: the label goes on under them)
                continue
            if not _continues(rows[k], value_rows[v], value_rows[nxt] if nxt is not None
                              and all(kinds[j] != "O" or _continues(rows[j], value_rows[v], None)
                                      for j in range(v + 1, nxt)) else None):
                break
            run.append(k)
            k += 1
        reaches_next = nxt is not None and k == nxt
        numbered = [j for j, line_k in enumerate(run) if any(
            _NUMBERED.match(f.text) for f in _row_part(rows[line_k], value_rows[v]))]
        nums = numbered if reaches_next else []
        # A numbered label starts a row of its own even where the lines stop short of the
        # next value line: never the end of this row's label (``已获取信息`` / ``1.申请人…``).
        split = numbered[0] if numbered else len(run)
        owner = nxt if (not numbered and reaches_next and nxt is not None
                        and _wrapped_around(rows, kinds, value_rows[nxt], nxt)) else v
        for line_k in run[:split]:
            assigned[line_k] = owner
        if nums and not _SPLIT_BLANK_ROWS and nxt is not None and _blank_row_above(
                [rows[line_k] for line_k in run[nums[0]:]], value_rows[nxt]):
            # the next value line's label is numbered itself: the numbered label above it
            # cannot start it, it is a row whose cells are all blank
            blank_rows[run[nums[0]]] = (v, run[nums[0]:])
            absorbed.update(run[nums[0]:])
        elif len(nums) >= 2 and nxt is not None and (
                (not value_rows[nxt].label and not value_rows[nxt].group)
                or _continued_beside(value_rows[nxt], _row_part(rows[run[nums[-1]]],
                                                                value_rows[v]))):
            # the next line is numbers alone, or beside a label's continuation, its label
            # wrapped around it: only the last numbered label above reaches it; those above
            # that are rows of their own whose cells are all blank (``1.属于国家秘密`` over
            # ``2.其他法律行政法`` / numbers / …; ``4.无正当理由大量`` / ``反复申请`` over
            # ``5.要求行政机关确`` / ``认或重新出具已获`` beside the numbers / ``取信息``)
            for a, b in itertools.pairwise(nums):
                blank_rows[run[a]] = (v, run[a:b])
                absorbed.update(run[a:b])
            for line_k in run[nums[-1]:]:
                assigned[line_k] = nxt
        elif nums and nxt is not None and _sub_items_above_higher(
                [_row_part(rows[run[j]], value_rows[v]) for j in nums], value_rows[nxt],
                rows[nxt + 1] if nxt + 1 < len(rows) and kinds[nxt + 1] == "O" else None):
            # sub-items (``4.`` ``5.``) above a row numbered one level up (``（六）其他处理``)
            # cannot start its label: each is a row of its own whose cells are all blank
            for a, b in itertools.pairwise([*nums, len(run)]):
                blank_rows[run[a]] = (v, run[a:b])
                absorbed.update(run[a:b])
        elif nums and not _SPLIT_BLANK_ROWS:
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
    beside_group: set[int] = set()  # lines of those starts: a group label's piece beside
    for v in v_idx:
        k = v - 1
        lead: list[int] = []
        # No row label of its own: none, or a group label's piece of a character or two
        # (printed down the side, or wrapped beside the numbers: ``）不``)
        beside = value_rows[v].label + value_rows[v].group
        bare = all(_GROUP_PIECE.fullmatch(f.text) for f in beside) or (
            v > 0 and _numbered_line(rows[v - 1]) and not any(
                _NUMBERED.match(f.text) for f in beside)
            and all(f.start + 4 <= rows[v - 1][-1].start for f in beside))
        while k >= 0 and kinds[k] == "O" and k not in assigned and (_continues(
                rows[k], value_rows[v], None) or _group_piece_left(rows[k], value_rows[v])
                or (not lead and ((bare and _numbered_line(rows[k]))
                                  or _first_line_above(rows[k], value_rows[v])))
                ) and len(lead) < 4:
            lead.insert(0, k)
            k -= 1
        starts = [j for j, line_k in enumerate(lead)
                  if any(_NUMBERED.match(f.text) for f in _row_part(rows[line_k], value_rows[v]))]
        if starts and not any(_NUMBERED.match(f.text) for f in value_rows[v].label):
            for line_k in lead[starts[-1]:]:
                assigned[line_k] = v
                if _group_piece_left(rows[line_k], value_rows[v]):
                    beside_group.add(line_k)
        elif not starts and v > 0 and kinds[v - 1] == "O" and v - 1 not in assigned and _continues(
                rows[v - 1], value_rows[v], None, by_char=block_by_char) and _wrapped_around(
                    rows, kinds, value_rows[v], v):
            assigned[v - 1] = v  # 其他对外管理服务 / 249  0  59423 / 事项
    # Wrapped numbers: a line of lone digits right under numbers of the value line above.
    merged_numbers = {k for k, kind in enumerate(kinds) if kind == "N"}
    for k, row in enumerate(rows):
        if k in merged_numbers or kinds[k] == "S":
            continue
        if kinds[k] == "V":
            vr = value_rows[k]
            before = sorted((j for j, a in assigned.items() if a == k and j < k))
            after = sorted((j for j, a in assigned.items() if a == k and j > k))
            above_label = [f for j in before if j not in beside_group
                           for f in _row_part(rows[j], vr)]
            below_label = [f for j in after for f in _row_part(rows[j], vr)]
            group = [f for j in before for f in (
                rows[j] if j in beside_group else _group_part(rows[j], vr))]
            group += vr.group
            group += [f for j in after for f in _group_part(rows[j], vr)]
            around = above_label + below_label
            if vr.label and not vr.group and around and not (
                    _SUB_ITEM.match(vr.label[0].text)  # (8.属于行政查询事: a row's, never a
                    and not any(_NUMBERED.match(f.text) for f in around)  # group's label)
            ) and (min(f.start for f in around) >= vr.label[0].start + 4 or (
                    _GROUP_PIECE.fullmatch(vr.label[0].text) and any(
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


def _blank_row_above(lines: list[list[_Frag]], below: _Row) -> bool:
    """Label lines starting with a numbered label alone (``二、上年结转…``), right above a
    value line whose own row label is numbered and stands no further left (``（一）予以公开``):
    a row of their own whose cells are all blank, not the start of the label below (a
    group label beside the numbers, left of a sub-item above it, is not such a row label)."""
    if not below.label or not _NUMBERED.match(below.label[0].text):
        return False
    first = lines[0]
    if len(first) >= 2 and _NUMBERED.match(first[-1].text):
        # a group label printed beside it, further left: ``（三）不予公开   5.属于三类内部事``
        left = first[-1].start
        own = [line[-1:] if all(f.start + 4 <= left for f in line[:-1]) else line
               for line in lines]
    else:
        own = lines
    return len(own[0]) == 1 and own[0][0].start <= below.label[0].start \
        and all(len(line) == 1 for line in own)


def _continued_beside(row: _Row, start: list[_Frag]) -> bool:
    """The value line's row label continues a numbered label started above (``认或重新出具
    已获`` under ``5.要求行政机关确``): not numbered itself, no group label beside it, and
    standing no further left than that label's start."""
    if not row.label or row.group or len(start) != 1 or not _NUMBERED.match(start[0].text):
        return False
    return not _NUMBERED.match(row.label[0].text) and row.label[0].start + 1 >= start[0].start


def _sub_items_above_higher(starts: list[list[_Frag]], below: _Row,
                            after: list[_Frag] | None) -> bool:
    """Every numbered label line above is a sub-item (``4.…``) standing right of the next
    value line's own label, which is numbered one level up (``（六）…``) and is not a group
    label printed beside a sub-item wrapped around it (a continuation right of it on the
    line below: ``（四）无法提供`` between ``2.没有现成信息需`` and ``要另行制作``)."""
    if not below.label or not _HIGHER_LEVEL.match(below.label[0].text):
        return False
    if after is not None and any(not f.numeric and f.start > below.label[0].start
                                 for f in after):
        return False
    return all(
        any(_SUB_ITEM.match(f.text) and f.start > below.label[0].start for f in part)
        for part in starts)


def _numbered_line(row: list[_Frag]) -> bool:
    """A label piece opening with outline numbering, after at most a group label: right
    above a line of numbers alone it starts their label, however far it reaches (a long
    first line wraps at the cell)."""
    return 1 <= len(row) <= 2 and not any(f.numeric for f in row) and bool(
        _NUMBERED.match(row[-1].text))


def _first_line_above(row: list[_Frag], below: _Row) -> bool:
    """A numbered label line right above a value line whose row label goes on unnumbered,
    standing in that label's column and ending before the numbers: the label's first line,
    wider than its last (``（二）部分公开（区分处理的，只计`` over ``这一情形，不计其他情形）``
    and the numbers, a group label's pieces beside both)."""
    label = below.label
    if not (_numbered_line(row) and bool(label) and not _NUMBERED.match(label[0].text)
            and " " not in row[-1].text + label[0].text):  # (no pieces a space apart: those
        return False  # are columns run together, ``（六 息公开申请）其 2.申请人…``)
    by_char = _by_char(below)

    def width(f: _Frag) -> int:
        return len(f.text) if by_char else display_width(f.text)

    # left-aligned with the label, or centred over it (``5.要求行政机关确认或重新出具已获``
    # over ``取信息``, a PDF's label centred in its cell)
    centred = abs(row[-1].start + width(row[-1]) / 2 - label[0].start - width(label[0]) / 2)
    return ((abs(row[-1].start - below.label_col) <= 2 or centred <= 2)
            and max(f.start + width(f) for f in row) <= min(f.start for f in below.values))


def _sub_item_above(rows: list[list[_Frag]], k: int, labels: list[_Frag]) -> _Frag | None:
    """The numbered sub-item label (``2.…``) alone on the line above a value line whose
    only label is a higher-level one (``三、`` ``（四）``) standing clearly left of it."""
    if k == 0 or len(labels) != 1 or not _HIGHER_LEVEL.match(labels[0].text):
        return None
    above = rows[k - 1]
    if len(above) != 1 or not _SUB_ITEM.match(above[0].text) \
            or above[0].start < labels[0].start + 4:
        return None
    return above[0]


def _side_character(rows: list[list[_Frag]], k: int, labels: list[_Frag]) -> _Frag | None:
    """The numbered sub-item (``1.属于国家秘``) ending the label line above a value line
    whose only label is one character well left of it (``结``: a group label written down
    the side, a character a line): the row's label starts there, in that column."""
    if k == 0 or len(labels) != 1 or not _SINGLE.fullmatch(labels[0].text):
        return None
    above = rows[k - 1]
    if len(above) < 2 or any(f.numeric for f in above) or not _SUB_ITEM.match(
            above[-1].text) or above[-1].start < labels[0].start + 4:
        return None
    return above[-1]


def _group_piece_left(row: list[_Frag], ref: _Row) -> bool:
    """A line of one short piece (``其他处``, ``理``) standing well left of the value line's
    label, between the lines of that row's label that start above it: a group label
    wrapped down the side (the row's own label does not start that far left of the line
    beside its numbers, nor break into so short a piece there)."""
    return (len(row) == 1 and not row[0].numeric and row[0].start + 4 <= ref.label_col
            and display_width(row[0].text) <= 6 and not _NUMBERED.match(row[0].text)
            and not any(ch.isdigit() for ch in row[0].text))


def _continues(row: list[_Frag], above: _Row, below: _Row | None, *,
               by_char: bool | None = None) -> bool:
    """Label pieces only, all left of the first number and no wider than the label cell.
    ``by_char``: the block is measured by character index (by default, as ``above``'s
    numbers show)."""
    if not row or any(f.numeric for f in row):
        return False
    limit = min(f.start for f in above.values)
    if below is not None:
        limit = max(limit, min(f.start for f in below.values))
    # A wide label may reach a little under a number printed close to it.
    # (By character index an ideograph takes one column: a row label's piece measured by
    # display width would seem to reach under the numbers. A numbered piece left of the
    # row labels keeps its display width: ``（五 公开出版物）不`` is a group label's.)
    if by_char is None:
        by_char = _by_char(above)
    if any(f.start >= limit for f in row) or max(
            f.start + len(f.text) if by_char and (
                f.start >= above.label_col - 1 or not _NUMBERED.match(f.text)) else f.end
            for f in row) > limit + 4:
        return False
    if below is not None or above.label_width == 0:
        return True  # between two value lines, or around numbers on a line of their own
    # After the last value line a continuation is no wider than the label it continues and
    # aligned with it, left or centred (anything else is the next table's title or header).
    centre = above.label_col + above.label_width / 2
    return all(display_width(f.text) <= above.label_width + 2
               and (abs(f.start - above.label_col) <= 2
                    or abs(f.start + display_width(f.text) / 2 - centre) <= 3)
               for f in _row_part(row, above))


def _by_char(ref: _Row) -> bool:
    """Whether the value line's columns are character indexes (pdftotext's: an ideograph
    takes one column), as its numbers after a label show (their index before their display
    column); display columns otherwise."""
    return any(0 <= v.start < v.alt for v in ref.values)


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


def _staggered(rows: list[list[_Frag]], k: int, above: _Row, widest: int) -> bool:
    """Line ``k`` holds numbers alone, each with its unit, in columns where the labelled
    value line right above it has none, the two together no wider than the block's widest
    value line, and the label goes on on the line after: one table row whose cells of two
    lines and of one line, each centred, put its numbers on two lines
    (``其他对外管理服  302  -8`` / ``14 项`` / ``务事项  项  项``)."""
    row = rows[k]
    if _labels(row) or not above.label or len(above.values) + len(row) > widest:
        return False
    if any(f.text[-1:].isdigit() for f in row):
        return False  # a bare number: a cell of one line prints its unit
    if k >= 2 and _is_value_line(rows[k - 2]) and not _labels(rows[k - 2]):
        return False  # ``36  16  59`` / ``二、本年新收…  72  0  0  0`` / ``3件  0件  5件``:
        #               numbers wrapped around the label's line, their upper and lower halves
    if k + 1 >= len(rows) or _is_value_line(rows[k + 1]) or not _labels(rows[k + 1]):
        return False
    return not any(v.start - 1 <= f.end and f.start <= v.end + 1
                   for f in row for v in above.values)


def _wrapped_around(rows: list[list[_Frag]], kinds: list[str], line: _Row, k: int) -> bool:
    """Value line ``k`` has no label of its own and the label goes on right under it: the
    label lines right above are its label's first lines, wrapped around its numbers
    (``其他对外管理服务`` / ``249  0  59423`` / ``事项``), not the end of the row above's."""
    return (not line.label and not line.group and k + 1 < len(rows) and kinds[k + 1] == "O"
            and _continues(rows[k + 1], line, None))


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
                vr.values[idx] = attrs.evolve(
                    target, text=target.text + frag.text,
                    wrapped=f"{target.wrapped or repr(target.text)} over {frag.text!r}")


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
