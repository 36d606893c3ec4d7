"""Tables whose rows carry labels (第二十条 items, applications): values read after each
anchored row label and placed under the header's columns — or refused, saying why."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Sequence
from operator import attrgetter

from ._align import RowValues, fmt_tokens, place_row, row_values
from ._anchors import (
    RowIndex,
    align_rows,
    anchor_candidates,
    approximate_rows,
    out_of_order_rows,
    rows_known,
    searchable,
)
from ._normalize import normalize_label, split_numbering
from ._raw import RawTable
from ._slots import (
    Slot,
    best_column,
    column_slots,
    header_tokens,
    repeated_header_slots,
    template_slots,
)
from ._table_match import MatchedTable, TableMatch, issue
from ._templates import RowSpec, TableSpec
from ._tokens import NAMES, NAMES_WHOLLY, Token, label_score
from ._torn import adds_up, sums_to_total

__all__ = ["match_rows_table"]


def match_rows_table(tokens: Sequence[Token], table: TableSpec, other: TableSpec | None,
                     claimed: set[int], anchors: dict[str, int], landmarks: set[int],
                     named_tokens: Sequence[Token] | None = None,
                     index: RowIndex | None = None) -> MatchedTable:
    """Match a table whose rows carry labels (第二十条 items, applications), given the
    row labels ``find_row_anchors`` assigned to it. ``named_tokens`` is ``naming(tokens)``, when
    the caller has it (the search for a second copy of the table looks only at those), and
    ``index`` its ``row_index``."""
    key = table.key
    anchors = {k: v for k, v in anchors.items() if v not in claimed}
    if len(table.rows) > 3 and len(anchors) < 3:
        # A stray 总计 or 其他 is not a table.
        return _not_found(table, f"table {key!r} ({table.title}): only {len(anchors)} of its "
                          f"{len(table.rows)} row labels were found "
                          f"({', '.join(repr(tokens[i].text) for i in anchors.values())}); "
                          "too few to be sure it is this table")
    if not anchors:
        return _not_found(table, f"table {key!r} ({table.title}): none of its row labels "
                          "was found")
    parts: list[TableMatch] = []
    fenced = claimed | landmarks  # tokens no row of this table may take (read, never changed)
    recovered = out_of_order_rows(tokens, table, anchors, fenced)
    read_by_label: dict[str, int] = {}  # row → where its row_out_of_order issue stands
    for row_key, idx in recovered.items():
        anchors[row_key] = idx
        read_by_label[row_key] = len(parts)
        parts.append(issue(
            "row_out_of_order", "warning",
            f"row {table.row(row_key).label!r} is printed out of the template's order "
            f"(as {tokens[idx].text!r}); read by its label", key, row_key))
    for row_key, (idx, likeness) in approximate_rows(tokens, table, other, anchors,
                                                       fenced).items():
        anchors[row_key] = idx
        parts.append(issue(
            "label_approximate", "info",
            f"row {table.row(row_key).label!r} is read from the printed label "
            f"{tokens[idx].text!r}, which stands where that row belongs and is {likeness:.0%} "
            "like its official label (characters dropped, added or changed)", key, row_key))
    used = set(anchors.values())
    order = sorted(anchors.items(), key=lambda kv: kv[1])
    first = order[0][1]
    headers = header_tokens(tokens, first, table, claimed)
    named, complete = column_slots(headers, table)
    slots: list[Slot] | None = named
    if not complete:
        fallback = _fallback_issue(table, other, headers, named)
        parts.append(fallback)
        slots = None if fallback.issues[0].code == "layout_mismatch" else template_slots(table)
    printed = [s.column for s in named if s.column is not None]
    official = [c.key for c in table.columns]
    if (complete and printed != official
            and all(s.header is not None and not s.header.exact
                    and (s.header.row is None or s.header.aligned) for s in named)):
        # Flattened text whose header names the columns in another order than the official
        # form: pdftotext draws cells in its own order, and column positions drift from line
        # to line of a wrapped header. Reports print the official order, so the values are
        # read in it — and flagged, since the text does not say so.
        parts.append(issue(
            "header_not_matched", "warning",
            f"table {key!r}: the flattened header names its columns in the order "
            f"{[table.column(k).label for k in printed]}; values read in the official order", key))
        # Positions that put the columns out of order cannot place values either: by count
        # in the official order, or by the table's arithmetic.
        ranked = iter(sorted((s for s in named if s.column is not None),
                             key=lambda s: official.index(s.column or "")))
        slots = [Slot(next(ranked).column, None) if s.column is not None else s
                 for s in named]
        slots = _extras_after_group(slots, table)
    stop = set(anchors.values()) | fenced
    consumed = set(used)
    widths: dict[int, int] = {}  # per exact grid, the columns its cells reach
    carried = slots
    bare: tuple[RowSpec, int] | None = None  # the row before, of loose cells, with no value
    unlabelled: dict[str, tuple[list[Token], RowSpec]] = {}  # row → its cells, the row before
    for row_key, idx in order:
        if row_key in unlabelled:
            continue  # read after the row before it; its label stands after the values
        row = table.row(row_key)
        found = row_values(tokens, idx, stop)
        width, run_on = (_unlabelled_rows_after(table, row, found, anchors, slots)
                         if bare is None else (0, []))  # (after two labels: maybe the first's)
        if run_on:
            found = RowValues(found.values[:width], found.skipped_labels)
            for later, cells in run_on:
                consumed.update(v.index for v in cells)
                unlabelled[later.key] = (cells, row)
        if bare is not None and found.values and not any(
                t.is_value for t in tokens[bare[1] + 1:idx]) and any(
                v.location.line != tokens[idx].location.line for v in found.values):
            # 规章 / 行政规范性文件 / 197 / 3 / 46: two labels drawn one after the other,
            # the numbers on lines after both (not a row of its own line: 行政强制 2)
            parts.append(issue(
                "row_neighbour_short", "warning",
                f"row {bare[0].label!r} before this one printed no value, its label drawn "
                f"right before {tokens[idx].text!r}; where cells come one by one in drawing "
                f"order, values read for {row.label!r} may be its", key, row.key))
        bare = (row, idx) if tokens[idx].row is None and not any(
            v.text for v in found.values) else None
        parts.extend(_doubts_of_loose_row(tokens, idx, row, found, table,
                                          set(anchors.values()) | claimed | consumed))
        wrapped = _wrapped_row(tokens, idx, stop | consumed, found)
        if wrapped is not None:
            found, neighbour, where = wrapped
            part = " ".join(t.text for t in neighbour if t.is_label and t.text)
            parts.append(issue(
                "label_approximate", "warning",
                f"row {row.label!r} is printed over two table rows, {part!r} beside "
                f"{tokens[idx].text!r} holding its values ({fmt_tokens(found.values)}, on the "
                f"{where} line); read from there (a label wrapped in its cell, as converters "
                "of PDF tables write it)", key, row.key))
            consumed.update(t.index for t in neighbour)
        consumed.update(v.index for v in found.values)
        if (short := _short_row(tokens, found, widths)) is not None:
            parts.append(issue(
                "value_count_mismatch", "warning",
                f"row {row.label!r} prints cells up to column {short[0]} of the {short[1]} its "
                "table is wide: which of its cells it left out the row does not say; its "
                "values were read by their columns", key, row.key))
        if found.skipped_labels and _foreign_labels(found.skipped_labels, table, other):
            parts.append(issue(
                "layout_mismatch", "error",
                f"row {row.label!r} is followed by labels of the other layout "
                f"{fmt_tokens(found.skipped_labels)} with values {fmt_tokens(found.values)}; "
                "not mapped", key, row.key))
            continue
        if slots is None:
            continue
        stray = _stray_labels(found, table)
        if stray and found.values:
            # Another label between a row's label and its numbers: the numbers may be that
            # label's row (a damaged or reworded row the template could not name).
            parts.append(issue(
                "value_count_mismatch", "warning",
                f"row {row.label!r} is followed by the unrecognised label "
                f"{fmt_tokens(stray)} before its values {fmt_tokens(found.values)}; read as "
                f"{row.label!r}'s, but they may belong to that label", key, row.key))
        if carried is not None and idx != first:
            carried = repeated_header_slots(tokens, idx, table, stop, carried)
        if (moved := _sign_out_of_place(found, carried or slots, table)) is not None:
            parts.append(issue(
                "value_count_mismatch", "warning",
                f"row {row.label!r}: {moved.text!r} carries a plus sign, which only a change "
                f"({', '.join(c.label for c in table.columns if c.signed)}) prints, yet falls "
                "in another column; the row's cells may be drawn out of order", key, row.key))
        parts.append(place_row(key, row, carried or slots, found))
    for row_key, (cells, before) in unlabelled.items():
        row = table.row(row_key)
        if row_key in read_by_label:
            parts[read_by_label[row_key]] = TableMatch()  # not read by its label after all
        parts.append(issue(
            "row_out_of_order", "warning",
            f"row {row.label!r} prints no label where its values stand: the values after row "
            f"{before.label!r}'s, {fmt_tokens(cells)}, are read as its by the template's order "
            "(each of those rows adds up; its label drawn elsewhere, as pdftotext writes a "
            "PDF's cells in the order they were drawn)", key, row_key))
        parts.append(place_row(key, row, carried or slots or [], RowValues(cells, [])))
    parts.extend(_report_missing_row(tokens, table, row, other)
                 for row in table.rows if row.key not in anchors and row.key not in unlabelled)
    so_far = TableMatch.merge(parts)
    matched = TableMatch.merge((
        so_far,
        _warn_before_missing_rows(table, anchors, so_far),
        _report_duplicate(tokens, table, max(consumed), fenced, named_tokens, index),
        _report_unlabelled_rows(tokens, key, anchors, consumed),
    ))
    return MatchedTable(matched.raw(key, tokens[first].location), matched.issues,
                        frozenset(consumed | {h.index for h in headers}))


def _doubts_of_loose_row(tokens: Sequence[Token], idx: int, row: RowSpec, found: RowValues,
                        table: TableSpec, taken: set[int]) -> list[TableMatch]:
    """Warnings on a row whose label and values the text may have put out of place: it read
    a blank line as a cell before a number no row took; its label holds another row's label
    too; its label's line holds a number of its own."""
    key, head = table.key, tokens[idx]
    loose = head.row is None  # (a grid row's cells are in their order: none of this)
    out: list[TableMatch] = []
    if (loose and any(not v.text for v in found.values)
            and (later := _number_after_blanks(tokens, found, taken)) is not None):
        # 行政规范性文件 / blank / 50件（市政府网 / 16件 / 站） / blank / 496件: the blank
        # line ended the label's cell, not an empty cell, and 496 was left over
        out.append(issue(
            "value_count_mismatch", "warning",
            f"row {row.label!r} reads a blank line as a cell, and the number "
            f"{later.text!r} follows a few lines on with no row of its own: in text of one "
            "cell a line (pdftotext prints no empty cell), it may be this row's", key,
            row.key))
    if not any(v.text for v in found.values):
        return out
    if loose and (torn := next((v for v in found.values if _unclosed(v.text)),
                                          None)) is not None:
        # 50 件（市政府网 / 16 件 / 站）: a cell's note wrapped, and pdftotext drew the next
        # cell between its lines (and may have drawn this row's cells anywhere)
        out.append(issue(
            "value_count_mismatch", "warning",
            f"row {row.label!r}: its value {torn.text!r} opens a bracket it does not close, "
            "a cell wrapped over lines; in text of one cell a line, other cells may have "
            f"been drawn between them, so its values ({fmt_tokens(found.values)}) may be "
            "out of order", key, row.key))
    if loose and (mixed := _two_line_and_one_line(found)) is not None:
        # 行政强制 / 0 / 项 / 12 项 / 361 / 项: a cell of two lines, centred, starts above its
        # one-line neighbours, and pdftotext may draw it first (12 and 0 swapped)
        out.append(issue(
            "value_count_mismatch", "warning",
            f"row {row.label!r}: {mixed[0].text!r} was printed on two lines (its unit under "
            f"it) and {mixed[1].text!r} on one; in text of one cell a line, a cell of two "
            f"lines may come before the cells left of it, so its values "
            f"({fmt_tokens(found.values)}) may be out of their columns' order", key, row.key))
    if (other_row := _other_row_in_label(head, row, table)) is not None:
        # 行政许可其他对外管理服务: a label wrapped around its numbers joined to the line of
        # the row above it, whose numbers these may be
        out.append(issue(
            "value_count_mismatch", "warning",
            f"row {row.label!r} is read from the label {head.text!r}, which also holds row "
            f"{other_row.label!r}'s; the values after it ({fmt_tokens(found.values)}) may "
            "be that row's", key, row.key))
    if (own := _number_in_label(head, row)) is not None:
        # 行政处罚226项 / 25 / 行政强制: a line of text (a PDF table with no vertical rules)
        # holding the row's label and its number; what follows is the next row's
        out.append(issue(
            "value_count_mismatch", "warning",
            f"row {row.label!r} is printed as {head.text!r}, its number {own!r} in the "
            f"label's own line; the values after it ({fmt_tokens(found.values)}) may be "
            "the next row's", key, row.key))
    return out


def _unlabelled_rows_after(table: TableSpec, row: RowSpec, found: RowValues,
                           anchors: dict[str, int], slots: Sequence[Slot] | None
                           ) -> tuple[int, list[tuple[RowSpec, list[Token]]]]:
    """The rows after ``row`` whose labels stand apart from their values, with their cells,
    and how many values each row prints: in loose text, the values after ``row``'s label
    are exactly those of ``row`` and of the next rows of the template, whose labels are
    missing or stand after the values, up to a row anchored after them; every row's worth
    adds up to its 总计 (and its 小计, where the rows print one) — a PDF's label cells drawn
    after the table's values. ``(0, [])`` when not so, or the count fits two widths."""
    values = found.values
    if (len(values) < 4 or not sums_to_total(table) or slots is None
            or any(t.row is not None or t.parsed.kind != "number" for t in values)
            or _stray_labels(found, table)):
        return 0, []  # (loose numbers only, after nothing but group labels)
    columns = len(table.columns)
    fits: list[tuple[int, list[list[Token]]]] = []
    for width in sorted({len(slots), columns, columns + 1}):
        if len(values) % width or len(values) // width < 2:
            continue
        chunks = [values[r:r + width] for r in range(0, len(values), width)]
        if all(adds_up(chunk, subtotal=width > columns) for chunk in chunks):
            fits.append((width, chunks))
    if len(fits) != 1:
        return 0, []
    width, rows = fits[0]
    k = len(rows)
    at = table.rows.index(row)
    if at and table.rows[at - 1].key not in anchors:
        return 0, []  # the row before is missing: these values may begin with its
    later = table.rows[at + 1:at + k]
    # The row after them is labelled after them (the last of them, at the table's end):
    # else nothing says the run holds the next rows' values and no other numbers.
    fence = table.rows[at + k] if at + k < len(table.rows) else table.rows[-1]
    end = values[-1].index
    if (len(later) != k - 1 or any(anchors.get(r.key, end) < end for r in later)
            or anchors.get(fence.key, -1) < end):
        return 0, []
    return width, list(zip(later, rows[1:], strict=True))


def _stray_labels(found: RowValues, table: TableSpec) -> list[Token]:
    """The labels between a row's label and its values that are no group label of the
    table (a group label printed beside its rows is expected there; anything else may be
    a label the template could not name)."""
    return [t for t in found.skipped_labels
            if not table.is_group_label(t.norm) and t.norm not in table.groups]


def _sign_out_of_place(found: RowValues, slots: Sequence[Slot], table: TableSpec
                       ) -> Token | None:
    """A value with a plus sign (``+4``) read, one value a slot in order, into a column that
    is not a signed one although the row has one: the cells came in another order than
    their columns (pdftotext drew a two-line cell first)."""
    signed = {c.key for c in table.columns if c.signed}
    if not signed or len(found.values) != len(slots):
        return None
    return next((v for v, slot in zip(found.values, slots, strict=True)
                 if v.text.lstrip().startswith(("+", "＋")) and slot.column is not None
                 and slot.column not in signed), None)


def _two_line_and_one_line(found: RowValues) -> tuple[Token, Token] | None:
    """A value of the row printed on two lines (its unit under it) and one printed on one,
    or ``None`` where the row's values are all of one kind."""
    two = next((v for v in found.values if v.cell is not None and v.cell.unit_below), None)
    if two is None:
        return None
    one = next((v for v in found.values if v.text and not (
        v.cell is not None and v.cell.unit_below)), None)
    return (two, one) if one is not None else None


def _unclosed(text: str) -> bool:
    """The text opens a bracket it does not close (``50 件（市政府网``)."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _other_row_in_label(head: Token, row: RowSpec, table: TableSpec) -> RowSpec | None:
    """Another row of ``table`` whose whole label (four characters or more) the label token
    of ``row`` holds beside its own (``行政许可其他对外管理服务``)."""
    norm = head.norm
    if len(norm) <= len(row.norm):
        return None
    return next((r for r in table.rows if r is not row and len(r.norm) >= 4
                 and r.norm in norm and r.norm not in row.norm), None)


def _number_in_label(head: Token, row: RowSpec) -> str | None:
    """The number a row label token of a line of text holds after the label (``行政处罚226项``:
    ``226``), when the official label holds none; ``None`` for any other label."""
    if head.row is not None or head.exact or not any(ch.isdigit() for ch in head.text):
        return None
    if any(ch.isdigit() for ch in row.label):
        return None
    found = _TRAILING_NUMBER.search(head.text)
    return found.group(1) if found is not None else None


#: A number ending a label's text, its unit and a note after it (``行政处罚360项（含撤销）``).
_TRAILING_NUMBER = re.compile(
    r"[^\d\s.．、]\s*(\d[\d,，]*(?:\.\d+)?)\s*[件项个条万元]*\s*(?:[（(][^（）()]*[)）])?$")


def _number_after_blanks(tokens: Sequence[Token], found: RowValues, taken: set[int]
                         ) -> Token | None:
    """A number a few tokens after a row of loose cells that read a blank line (``行政事业性
    收费`` / blank / ``第二十条第（八）项`` / ``本年收费金额`` / ``0``), before any row label or
    token already read: the cell pdftotext drew after the table's header."""
    if not found.values:
        return None
    start = found.values[-1].index + 1
    for tok in tokens[start:start + 4]:
        if tok.index in taken:
            return None
        if tok.is_value and tok.text:
            return tok
    return None


def _wrapped_row(tokens: Sequence[Token], anchor: int, taken: set[int], found: RowValues
                 ) -> tuple[RowValues, list[Token], str] | None:
    """The values of a row whose label a converter wrapped over two rows of a grid: the
    anchored row prints no value, and the grid row right below (or above) it holds the rest
    of the label — cells no row label took — and then numbers (``| 一、本年新收政府 | |…``
    over ``| 信息公开申请数量 | 250 | 4 |…``). Returns those values, the neighbour's tokens
    and which line it is; ``None`` for any other row (and for column-aligned text,
    whose reader rejoins wrapped labels by position)."""
    head = tokens[anchor]
    if head.row is None or head.aligned or any(v.text for v in found.values):
        return None
    for step, where in ((1, "second"), (-1, "first")):
        neighbour = _grid_row(tokens, anchor, head.row + step, step)
        labels = list(itertools.takewhile(lambda t: t.is_label or not t.text, neighbour))
        values = neighbour[len(labels):]
        named = [t for t in labels if t.text]
        if (named and values and any(v.text for v in values)
                and all(v.is_value or not v.text for v in values)
                and not any(t.index in taken for t in neighbour)
                and not (step == 1 and split_numbering(named[-1].text)[0])):
            return RowValues(values, []), neighbour, where
    return None


def _short_row(tokens: Sequence[Token], found: RowValues, widths: dict[int, int]
               ) -> tuple[int, int] | None:
    """A row of an exact grid whose cells stop short of the grid's last column (a Markdown
    row printing fewer cells than its table, an HTML row with a cell missing): the columns
    its last cell reaches and the grid's width; ``None`` for a full row."""
    last = found.values[-1] if found.values else None
    if last is None or last.cell is None or not last.exact or last.aligned or last.grid is None:
        return None
    grid = last.grid
    if grid not in widths:
        widths[grid] = max(t.cell.col + t.cell.colspan for t in tokens
                           if t.grid == grid and t.cell is not None)
    reach = last.cell.col + last.cell.colspan
    return (reach, widths[grid]) if reach < widths[grid] else None


def _grid_row(tokens: Sequence[Token], anchor: int, row: int, step: int) -> list[Token]:
    """The tokens of grid row ``row`` next to ``tokens[anchor]``'s row (``step`` 1: the one
    after it, -1: before), found by walking from the anchor: tokens are in reading order."""
    grid = tokens[anchor].grid
    i = anchor
    while 0 <= i < len(tokens) and tokens[i].grid == grid and tokens[i].row != row:
        at = tokens[i].row
        if at is not None and (at - row) * step > 0:
            return []  # (past it: the row is missing)
        i += step
    out = []
    while 0 <= i < len(tokens) and tokens[i].grid == grid and tokens[i].row == row:
        out.append(tokens[i])
        i += step
    return out if step == 1 else out[::-1]


def _not_found(table: TableSpec, message: str) -> MatchedTable:
    """A table that is not there: empty, with one error saying why."""
    return MatchedTable(RawTable(table.key, {}, False),
                        issue("table_not_found", "error", message, table.key).issues,
                        frozenset())


def _extras_after_group(slots: list[Slot], table: TableSpec) -> list[Slot]:
    """In the official order, an extra column (小计) closes its group of columns (after
    其他, under 法人或其他组织): where the drawing order put it says nothing."""
    extras = [s for s in slots if s.column is None]
    named = [s for s in slots if s.column is not None]
    grouped = [k for k, s in enumerate(named) if table.column(s.column or "").group]
    if not extras or not grouped:
        return slots
    cut = grouped[-1] + 1
    return [*named[:cut], *extras, *named[cut:]]


def _report_unlabelled_rows(tokens: Sequence[Token], table: str, anchors: dict[str, int],
                            consumed: set[int]) -> TableMatch:
    """Grid rows of numbers inside the table that no row label claimed: their values were
    not read (a label lost, or a row the template does not have). In column-aligned text a
    row's numbers may stand on the line above or below its label's (a cell centred on a
    label wrapped over lines): the row whose label is next to such a line is warned."""
    by_index = sorted((idx, key) for key, idx in anchors.items())
    order = [idx for idx, _ in by_index]
    seen: set[tuple[int | None, int | None]] = set()
    parts: list[TableMatch] = []
    for tok in tokens[order[0]:order[-1] + 1]:
        if tok.row is None or tok.index in consumed or tok.parsed.kind != "number":
            continue
        if (tok.grid, tok.row) in seen:
            continue
        seen.add((tok.grid, tok.row))
        row = [t for t in tokens if t.grid == tok.grid and t.row == tok.row]
        at = tok.row
        near = [key for idx, key in by_index if tok.aligned and tokens[idx].grid == tok.grid
                and (r := tokens[idx].row) is not None and abs(r - at) <= 1]
        if near:
            parts.extend(issue(
                "unassigned_values", "warning",
                f"a line of numbers {fmt_tokens(row)} beside row {key!r}'s label line matches "
                "no template row; they may be that row's cells (printed above or below its "
                "label's line), which were read without them", table, key) for key in near)
            continue
        parts.append(issue(
            "unassigned_values", "info",
            f"a row {fmt_tokens(row)} inside table {table!r} matches no template "
            "row; its numbers were not read", table))
    return TableMatch.merge(parts)


def _report_duplicate(tokens: Sequence[Token], table: TableSpec, end: int, taken: set[int],
                      named: Sequence[Token] | None, index: RowIndex | None = None
                      ) -> TableMatch:
    """A second copy of the table after the first (reports paste tables twice, or last
    year's table stands beside this year's): a quarter of its row labels again, or, for a
    table of one or two rows, every row label again with a value cell after it."""
    pool = index.pool(table) if index is not None else None
    if pool is not None:  # (``named``'s tokens that may name this table's rows)
        later = [t for t in pool if t.index > end and t.index not in taken]
    elif named is not None and rows_known(table):
        # ``named`` is in reading order: start past the table's end
        later = [t for t in named[bisect_right(named, end, key=attrgetter("index")):]
                 if t.index not in taken]
    else:
        later = [t for t in searchable(tokens[end + 1:], table) if t.index not in taken]
    needed = len(table.rows) if len(table.rows) <= 2 else max(3, len(table.rows) // 4)
    if len(later) < needed:  # each label anchors one row at most
        return TableMatch()
    cands = anchor_candidates(later, table)
    if len(cands) < needed:  # (each candidate anchors one row at most)
        return TableMatch()
    again = align_rows(cands, table)
    if len(table.rows) <= 2:
        again = {k: i for k, i in again.items()
                 if label_score(tokens[i], table.row(k)) >= NAMES_WHOLLY
                 and i + 1 < len(tokens) and tokens[i + 1].is_value}
    if len(again) < needed:
        return TableMatch()
    where = tokens[min(again.values())].location.to_dict()
    return issue(
        "duplicate_table", "warning",
        f"table {table.key!r} appears again further on ({len(again)} of its row labels, "
        f"at {where or 'a later block'}); the first copy was read", table.key)


def _fallback_issue(table: TableSpec, other: TableSpec | None, headers: Sequence[Token],
                    slots: list[Slot]) -> TableMatch:
    """The header did not name every column. If it names the other layout's columns the
    table is refused (``layout_mismatch``); else the template order is assumed, with a
    warning (``header_not_matched``)."""
    named = [s for s in slots if s.column]
    if other is not None:
        foreign = [h for h in headers if best_column(h, other.columns)[0] is not None
                   and best_column(h, table.columns)[0] is None]
        if foreign:
            return issue(
                "layout_mismatch", "error",
                f"table {table.key!r}: its header {fmt_tokens(foreign)} follows the other "
                "layout; cells left empty", table.key)
    if not named:
        return issue(
            "header_not_matched", "warning",
            f"table {table.key!r}: column header not recognised; values read in template "
            f"order ({', '.join(c.label for c in table.columns)})", table.key)
    missing = [c.label for c in table.columns if c.key not in {s.column for s in named}]
    return issue(
        "header_not_matched", "warning",
        f"table {table.key!r}: header names no column for {missing}; values read in "
        "template order", table.key)


def _foreign_labels(labels: Sequence[Token], table: TableSpec, other: TableSpec | None) -> bool:
    if other is None:
        return False
    own = {r.key for r in table.rows}
    for tok in labels:
        for r in other.rows:
            if r.key not in own and label_score(tok, r) >= NAMES:
                return True
    return False


def _warn_before_missing_rows(table: TableSpec, anchors: dict[str, int], so_far: TableMatch
                              ) -> TableMatch:
    """A row read just before a row that is missing: when the missing row's label was lost
    (and with it this row's own values), the values read here are that row's, and nothing
    but the arithmetic could tell — which, with a row missing, cannot be checked."""
    missing = {code.row for code in so_far.issues if code.code == "row_not_found"}
    if not missing:
        return TableMatch()
    read = {r for (r, _c), cell in so_far.cell_map().items() if cell.text}
    return TableMatch.merge(
        issue(
            "row_neighbour_missing", "warning",
            f"row {before.label!r} is followed by no {after.label!r} row; if that row's "
            "label was lost, the values read here may be its values", table.key, before.key)
        for before, after in zip(table.rows, table.rows[1:], strict=False)
        if after.key in missing and before.key in anchors and before.key in read)


def _report_missing_row(tokens: Sequence[Token], table: TableSpec, row: RowSpec,
                        other: TableSpec | None) -> TableMatch:
    group_note = ""
    if row.group:
        group_norm = normalize_label(row.group)
        for tok in tokens:
            if tok.norm == group_norm:
                found = row_values(tokens, tok.index, set())
                # Values after the group label itself, not after a sub-row's label in its row.
                if not found.skipped_labels and [v for v in found.values if v.text]:
                    group_note = (f"; the document prints {row.group!r} as one row with values "
                                  f"{fmt_tokens(found.values)} (the other layout)")
                break
    code = "layout_mismatch" if group_note else "row_not_found"
    return issue(code, "error",
                 f"row {row.label!r} not found in table {table.key!r}{group_note}", table.key,
                 row.key)
