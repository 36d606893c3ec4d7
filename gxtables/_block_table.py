"""The review/litigation table: one run of values under a multi-level header (or, in some
reports, three labelled rows of five numbers)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence

import attrs

from ._align import fmt_tokens, last_is_sum, row_values
from ._anchors import find_row_anchors, searchable
from ._grid import Location, printed_empty
from ._phrases import known
from ._positions import aligned_centre
from ._raw import RawCell, RawTable
from ._review_blanks import put_blank_groups
from ._slots import Slot, best_column, split_glued_labels, template_slots
from ._table_match import MatchedTable, TableMatch, issue, refused, row_cells
from ._templates import TOTAL_NORM, ColumnSpec, RowSpec, TableSpec
from ._tokens import NAMES, NAMES_EXACTLY, Token, label_score, mentions

__all__ = ["match_block_table", "printed_as_rows"]


def match_block_table(tokens: Sequence[Token], table: TableSpec, claimed: set[int]
                      ) -> MatchedTable:
    """Match the review/litigation table: one run of values under a multi-level header."""
    key = table.key
    start = _block_start(tokens, table, claimed)
    if start is None:
        return MatchedTable(RawTable(key, {}, False), issue(
            "table_not_found", "error",
            f"table {key!r} ({table.title}): its header was not found", key).issues, frozenset())
    first_number = next((t for t in tokens[start:] if t.parsed.kind == "number"), None)
    if first_number is not None and first_number.row is not None:
        # Rows known: the values are the whole row of the first number (and what follows).
        i = next(t.index for t in tokens[start:first_number.index + 1]
                 if t.grid == first_number.grid and t.row == first_number.row)
    else:
        i = _block_header_end(tokens, table, start) + 1
        # Header words a stray space cut (未经 / 复议直接起诉, 尚未 / 审结) name nothing alone:
        # labels before the first number are still header.
        while (first_number is not None and i < first_number.index and tokens[i].is_label
               and first_number.index - start <= 80):
            i += 1
    values: list[Token] = []
    while i < len(tokens) and tokens[i].is_value and i not in claimed:
        values.append(tokens[i])
        i += 1
    width = len(table.columns)
    expected = len(table.rows) * width
    if len(values) > expected and all(not v.text for v in values[expected:]) and not any(
            v.joined for v in values[:expected]):
        values = values[:expected]  # spacing (beside a digit run the solver tells)
    header = tokens[start:i - len(values)]
    order = _block_groups(header, table)
    groups = order.groups
    rows = [row for row, _ in groups]
    parts: list[TableMatch] = [order.issues]
    if any(v.parsed.kind == "number" for v in values) and not any(
            best_column(t, table.columns)[0] is not None for t in header):
        parts.append(issue(
            "header_not_matched", "warning",
            f"table {key!r}: its header names none of its columns; the values are read in "
            "the official order", key))
    if len(values) == expected and not (
            # a run of digits holds two cells or more, so an empty cell a line printed last
            # may be spacing (a paragraph's &nbsp; indent): the solver weighs both
            any(v.joined for v in values) and printed_empty(values[-1].text, values[-1].location)):
        parts.extend(row_cells(row.key, slots, values[r * width:(r + 1) * width])
                     for r, (row, slots) in enumerate(groups))
    elif any(v.joined for v in values):
        parts.extend(issue("boundaries_lost", "error",
                           f"table {key!r}: its {expected} numbers run together "
                           f"{fmt_tokens(values)}; not split", key, row.key) for row in rows)
        if rows == list(table.rows) and all(
                [s.column for s in slots] == [c.key for c in table.columns] for _, slots in groups):
            # Row "" stands for the whole block: slots are every row's columns, row-major.
            parts.append(refused("", template_slots(table) * len(rows), values,
                                 "boundaries_lost"))
    elif len(values) < expected:
        totals = _total_positions(header, values, len(groups))
        words = _leaf_words(header, values, totals, table)
        starts = None if words is None else [[at for at, _, _ in group] for group in words]
        if (under := _under_words(table, groups, values, header, totals, words)) is not None:
            parts.append(under)  # a PDF page laid out from its glyphs: each value under its word
        elif (blanks := put_blank_groups(table, groups, values, _fits(totals, values),
                                         starts)) is not None:
            # blank cells lost: the groups cut apart by their sums (and 总计 positions)
            parts.append(_totals_in_place(blanks, table, rows, totals))
        else:
            parts.append(_cut_at_end(table, groups, values))
    else:
        parts.extend(issue("value_count_mismatch", "error",
                           f"table {key!r}: expected {expected} values, found "
                           f"{len(values)} {fmt_tokens(values)}; left empty rather than "
                           "guessed", key, row.key) for row in rows)
    parts.append(_doubts(table, rows, values))
    matched = TableMatch.merge(parts)
    return MatchedTable(matched.raw(key, tokens[start].location), matched.issues,
                        frozenset(range(start, i)))


#: Column-aligned text (pdftotext -layout of the generated reports, seeds 0-7, 43 tables
#: with blank cells lost, by character index): a value's centre stands at most 4.0 columns
#: right of its own group's 总计 header word, and at least 5.5 right of the group before's;
#: the line between groups is drawn midway.
_GROUP_EDGE = 4.75
#: A group's 总计 stands at least 0.5 left of its header word's centre, its other cells at
#: least 4.5 left (same measure): the line drawn midway.
_NOT_TOTAL = -2.5


def _total_positions(header: Sequence[Token], values: Sequence[Token], groups: int
                     ) -> list[float] | None:
    """Column-aligned text: the centres of the groups' 总计 header words, one per group, on
    the values' page, by character index. ``None`` where the text gives no such positions."""
    parts = {v.location.table for v in values}
    if any(_centre(v.text, v) is None for v in values) or len(parts) != 1 or None in parts:
        return None
    part = parts.pop()
    totals = sorted(c for w in header if w.location.table == part
                    for at in _occurrences(w.text, TOTAL_NORM)
                    if (c := _centre(TOTAL_NORM, w, at)) is not None)
    return totals if len(totals) == groups else None


#: A laid-out PDF page: a value's centre stands at most ``_UNDER`` columns from its header
#: word's (a word after a squeezed run is pushed a column or two right: 尚未审 总计), and the
#: next nearest word at least ``_CLEARER`` farther (columns stand four or more apart).
_UNDER = 2.5
_CLEARER = 1.5


def _under_words(table: TableSpec, groups: Sequence[tuple[RowSpec, Sequence[Slot]]],
                 values: Sequence[Token], header: Sequence[Token], totals: list[float] | None,
                 words: list[list[tuple[int, str, int]]] | None) -> TableMatch | None:
    """The block's values on a PDF page laid out from its glyphs (each cell gives its page),
    where blank cells print nothing: every header word stands over its own column there, so
    each value goes to the word whose centre is nearest its own — clearly nearest, in order,
    and each group's 总计, where printed, the sum of the values placed beside it. ``None``
    when the page gives no such positions or any value is not so placed (then the sums cut
    the groups, as in other text). ``totals`` and ``words``: :func:`_total_positions` and
    :func:`_leaf_words` of the block."""
    if any(v.location.page is None or v.parsed.kind != "number" for v in values):
        return None
    width = len(table.columns)
    if totals is None or words is None or any(len(slots) != width for _, slots in groups):
        return None
    # a word wrapped in its narrow column (结果维 over 持) is centred on its column: the
    # character below it gives the centre more closely than the squeezed word's own start
    below = {(t.location.line, t.location.col) for t in header
             if len(t.text) == 1 and t.location.line is not None and t.location.col is not None}

    def centre(at: int, word: str, line: int) -> float:
        piece = next((col for col in (at - 1, at, at - 2, at + 1) if (line + 1, col) in below),
                     None)
        return piece + 0.5 if piece is not None else at + len(word) / 2

    centres = [c for r, group in enumerate(words)
               for c in (*(centre(*w) for w in group), totals[r])]
    placed: dict[int, Token] = {}
    for v in values:
        c = _centre(v.text, v)
        if c is None:
            return None
        ranked = sorted(range(len(centres)), key=lambda k: abs(centres[k] - c))
        near = abs(centres[ranked[0]] - c)
        if near > _UNDER or abs(centres[ranked[1]] - c) - near < _CLEARER \
                or ranked[0] <= max(placed, default=-1):
            return None
        placed[ranked[0]] = v
    parts = [issue(
        "truncated_table", "info",
        f"table {table.key!r} printed {len(values)} of its {width * len(groups)} values, its "
        "other cells blank: each value was read under the header word it stands under (a PDF "
        "page laid out from where its characters stand)", table.key)]
    for r, (row, slots) in enumerate(groups):
        cells = {k - r * width: placed[k] for k in range(r * width, (r + 1) * width)
                 if k in placed}
        total = cells.get(width - 1)
        leaves = [tok.parsed.value or 0 for k, tok in cells.items() if k < width - 1]
        if total is not None and abs(sum(leaves) - (total.parsed.value or 0)) > 1e-9:
            return None
        parts.extend(row_cells(row.key, [slots[k]], [tok]) for k, tok in cells.items())
    return TableMatch.merge(parts)


def _leaf_words(header: Sequence[Token], values: Sequence[Token], totals: list[float] | None,
                table: TableSpec) -> list[list[tuple[int, str, int]]] | None:
    """Column-aligned text: each group's header words of its cells before the 总计, with
    where they start (character index, on the values' page) and their line, group by group
    — a squeezed run (``结果维 结果纠 其他结 尚未审``) counted word by word. ``None`` unless
    every group has its words, in the template's order, between the 总计 before it and its
    own."""
    if totals is None:
        return None
    part = values[0].location.table
    leaves = [c.label for c in table.columns[:-1]]
    found: list[tuple[int, int, str, int]] = []  # (start, leaf column, word, line)
    for w in header:
        if not w.aligned or w.location.table != part or w.location.col is None:
            continue
        at = w.location.col
        for word in w.text.split(" "):
            kind = next((k for k, label in enumerate(leaves)
                         if len(word) >= 2 and label.startswith(word[:3])), None)
            if kind is not None:
                found.append((at, kind, word, w.location.line or 0))
            at += len(word) + 1
    found.sort()
    n = len(leaves)
    if len(found) != n * len(totals):
        return None
    out = []
    for r in range(len(totals)):
        chunk = found[r * n:(r + 1) * n]
        if [k for _, k, _, _ in chunk] != list(range(n)) or chunk[-1][0] >= totals[r] \
                or (r and chunk[0][0] <= totals[r - 1]):
            return None
        out.append([(start, word, line) for start, _, word, line in chunk])
    return out


def _fits(totals: list[float] | None, values: Sequence[Token]
          ) -> Callable[[tuple[int, ...]], bool] | None:
    """Whether a cut of the values into groups (their sizes) puts each value between the
    总计 before its group and its own (``totals``: :func:`_total_positions`)."""
    if totals is None:
        return None
    centres = [_centre(v.text, v) or 0.0 for v in values]

    def fits(cut: tuple[int, ...]) -> bool:
        start = 0
        for r, size in enumerate(cut):
            for c in centres[start:start + size]:
                if c > totals[r] + _GROUP_EDGE or (r and c <= totals[r - 1] + _GROUP_EDGE):
                    return False
            start += size
        return True

    return fits


def _totals_in_place(match: TableMatch, table: TableSpec, rows: Sequence[RowSpec],
                     totals: list[float] | None) -> TableMatch:
    """A group that lost blank cells gives its last value as its 总计 — unless that value
    stands clearly left of the group's 总计 header word: then the 总计 was blank, and the
    values are the group's other cells (which, is not known: nothing of the row is read)."""
    if totals is None:
        return match
    total = table.columns[-1].key
    width = len(table.columns)
    order = {row.key: r for r, row in enumerate(rows)}
    read = Counter(key[0] for key, _ in match.cells)

    def misplaced(key: tuple[str, str], cell: RawCell) -> bool:
        r = order.get(key[0])
        c = _centre(cell.text, cell.location)
        return key[1] == total and read[key[0]] < width and r is not None and c is not None \
            and c < totals[r] + _NOT_TOTAL
    wrong = {key[0] for key, cell in match.cells if misplaced(key, cell)}
    if not wrong:
        return match
    return attrs.evolve(
        match,
        cells=tuple((key, cell) for key, cell in match.cells if key[0] not in wrong),
        issues=tuple(attrs.evolve(
            i, severity="error", message=f"{i.message.split(';')[0]}; its last value stands "
            "left of its 总计 header word, so its 总计 was blank and which of its other cells "
            "the values are is not known; nothing was read")
            if i.row in wrong and i.code == "truncated_table" else i for i in match.issues))


def _centre(text: str, at: Token | Location | None, offset: int = 0) -> float | None:
    """The centre of ``text`` standing ``offset`` characters into an aligned token (or a
    cell read from one), by character index on its line."""
    if isinstance(at, Token):
        return aligned_centre(text, at.location, offset) if at.aligned else None
    return aligned_centre(text, at, offset)


def _occurrences(text: str, word: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(word, i)]


def _doubts(table: TableSpec, rows: Sequence[RowSpec], values: Sequence[Token]) -> TableMatch:
    """A number the reader joined from two lines (``11`` over ``9``; or ``99`` over a hidden
    ``9``) warns its row, unless the row's 总计 confirms it (every cell printed, adding up);
    where blank cells were lost, the row is not known and the table is warned."""
    width = len(table.columns)
    doubted = [k for k, v in enumerate(values) if v.cell is not None and v.cell.doubt]
    if not doubted:
        return TableMatch()
    whole = len(values) == width * len(rows)
    out = []
    for k in doubted:
        r = k // width
        if whole and r < len(rows) and last_is_sum(values[r * width:(r + 1) * width]):
            continue
        v = values[k]
        assert v.cell is not None
        out.append(issue(
            "numbers_suspect", "warning",
            f"table {table.key!r}: {v.text!r} was {v.cell.doubt}; the lower line may be "
            "hidden text (an invisible digit), not the number's own", table.key,
            rows[r].key if whole and r < len(rows) else None))
    return TableMatch.merge(out)


def _cut_at_end(table: TableSpec, groups: Sequence[tuple[RowSpec, Sequence[Slot]]],
                values: Sequence[Token]) -> TableMatch:
    """Fewer values than cells, no cut by sums: rows are kept assuming the cut is at the end;
    a lost empty cell in the middle would shift them, so the whole table is marked doubtful."""
    key = table.key
    width = len(table.columns)
    expected = len(table.rows) * width
    parts = [issue(
        "truncated_table", "warning",
        f"table {key!r} holds {len(values)} of its {expected} values; complete rows "
        "that add up were kept assuming the values were cut off at the end", key)]
    for r, (row, slots) in enumerate(groups):
        part = values[r * width:(r + 1) * width]
        if len(part) == width and last_is_sum(part):
            parts.append(row_cells(row.key, slots, part))
        elif len(part) == width:
            parts.append(issue(
                "truncated_table", "error",
                f"table {key!r} is cut short: {len(values)} of {expected} values "
                f"{fmt_tokens(values)}; row {row.label!r} would read {fmt_tokens(part)}, but "
                "its total does not add up, so the cut may not be at the end; left empty", key,
                row.key))
        else:
            parts.append(issue(
                "truncated_table", "error",
                f"table {key!r} is cut short: {len(values)} of {expected} values "
                f"{fmt_tokens(values)}; row {row.label!r} has {len(part)} of {width} and is "
                "left empty", key, row.key))
    return TableMatch.merge(parts)


@attrs.frozen
class _BlockOrder:
    """The printed order of a block table's values (each row group with its slots), and the
    issue saying it fell back to the template's order, if it did."""

    groups: tuple[tuple[RowSpec, tuple[Slot, ...]], ...]
    issues: TableMatch = attrs.field(factory=TableMatch)


def _block_groups(header: Sequence[Token], table: TableSpec) -> _BlockOrder:
    """The printed order of a block table's values: its row groups (行政复议, then the two
    行政诉讼 groups, in the order the header prints them) and each group's columns (in the
    order of the header's leaf labels, five per group). Template order, with a warning,
    when the header does not say it plainly."""
    tokens = split_glued_labels(header, [*table.rows, *table.columns], table.groups)
    default = tuple((row, tuple(template_slots(table))) for row in table.rows)
    firsts: dict[str, int] = {}
    for pos, tok in enumerate(tokens):
        for row in table.rows:
            if row.key not in firsts and (tok.norm == row.norm or mentions(tok, row)):
                firsts[row.key] = pos
        if "group" not in firsts and tok.norm in table.groups:
            firsts["group"] = pos
    if any(r.key not in firsts for r in table.rows):
        return _BlockOrder(default)
    leaves = [best_column(t, table.columns)[0] for t in tokens]
    leaf_tokens = [(col, t) for col, t in zip(leaves, tokens, strict=True) if col is not None]
    # A row outside the group (行政复议) stands where its label stands; the rows under the
    # group label (the two 行政诉讼 rows) stand together where that label stands.
    grouped = sorted((r for r in table.rows if r.group), key=lambda r: firsts[r.key])
    group_at = firsts.get("group", min((firsts[r.key] for r in grouped), default=0))
    blocks = [(firsts[r.key], [r]) for r in table.rows if not r.group]
    if grouped:
        blocks.append((group_at, grouped))
    rows = [r for _, block in sorted(blocks, key=lambda b: b[0]) for r in block]
    width = len(table.columns)
    if len(leaf_tokens) != len(rows) * width:
        if not leaf_tokens:
            return _BlockOrder(default)
        return _BlockOrder(default, issue(
            "header_not_matched", "warning",
            f"table {table.key!r}: its header names {len(leaf_tokens)} columns, "
            f"not {len(rows) * width}; values read in template order", table.key))
    out = []
    for r, row in enumerate(rows):
        chunk = leaf_tokens[r * width:(r + 1) * width]
        if {c.key for c, _ in chunk} != {c.key for c in table.columns}:
            return _BlockOrder(default, issue(
                "header_not_matched", "warning",
                f"table {table.key!r}: the header's columns for {row.label!r} are "
                f"{[t.text for _, t in chunk]}; values read in template order", table.key))
        out.append((row, tuple(Slot(c.key, t) for c, t in chunk)))
    return _BlockOrder(tuple(out))


def _block_header_end(tokens: Sequence[Token], table: TableSpec, start: int) -> int:
    """The last header label of a block table: header labels (its rows, columns and groups,
    with empty cells between them) run on from ``start`` until a number or another label."""
    specs: list[RowSpec | ColumnSpec] = [*table.rows, *table.columns]
    last = start
    for tok in tokens[start + 1: start + 80]:
        if tok.parsed.kind == "number":
            break
        if not tok.is_label:
            continue
        if tok.norm in table.groups or any(mentions(tok, spec) for spec in specs):
            last = tok.index
        else:
            break
    return last


def printed_as_rows(tokens: Sequence[Token], table: TableSpec, claimed: set[int],
                    named_tokens: Sequence[Token] | None = None) -> bool:
    """Whether each row label of a block table is directly followed by its row's values.
    ``named_tokens`` is ``naming(tokens)``, when the caller has it."""
    pool = (named_tokens if named_tokens is not None and all(known(r) for r in table.rows)
            else searchable(tokens, table))
    anchors = find_row_anchors(pool, table)
    if len(anchors) != len(table.rows) or set(anchors.values()) & claimed:
        return False
    stop = set(anchors.values())
    filled = 0
    for idx in anchors.values():
        found = row_values(tokens, idx, stop)
        if found.skipped_labels or len(found.values) < len(table.columns) - 1:
            return False
        filled += sum(1 for v in found.values if v.text)
    return filled >= 2


def _block_start(tokens: Sequence[Token], table: TableSpec, claimed: set[int]) -> int | None:
    first_col = table.columns[0]
    first_row = table.rows[0]
    for tok in tokens:
        if tok.index in claimed or not tok.is_label:
            continue
        # The header may have run together from its first label on (行政复议行政诉讼结果维持…).
        if tok.norm == first_row.norm or tok.norm.startswith(first_row.norm) or (
            label_score(tok, first_row) >= NAMES and len(tok.norm) <= 8
        ):
            window = tokens[tok.index: tok.index + 40]
            if any(mentions(w, first_col) for w in window):
                return tok.index
            # Its column labels drawn a character per line (结 / 结 / 果 / 果 / 维 / 纠):
            # the row label alone, then the group label (行政诉讼) over the other rows —
            # before any number (a small table in the prose prints 行政复议 | 1 | 2 over
            # 行政诉讼 | 0 | 1).
            if tok.norm == first_row.norm and any(
                    w.norm.startswith(table.groups)
                    for w in itertools.takewhile(lambda w: w.parsed.kind != "number", window)):
                return tok.index
            # Or no column labels at all (a converter kept only 行政复议行政诉讼): the values
            # are read in the official order, the table flagged (``_no_column_named``).
            if tok.norm.startswith(first_row.norm) and \
                    tok.norm[len(first_row.norm):].startswith(table.groups):
                return tok.index
    for tok in tokens:
        if tok.index not in claimed and label_score(tok, first_col) >= NAMES_EXACTLY:
            return tok.index
    return None
