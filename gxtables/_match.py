"""Find the statutory tables in a Document and align their values onto template cells.

One aligner serves every format. A document's blocks, read in reading order with merged
cells once, form a stream of *tokens* (:mod:`._tokens`). The matcher

1. ``choose_layout`` — weighs the evidence for the 2019 and 2021 layouts;
2. ``join_broken_rows`` (:mod:`._repair`) — rejoins labels a page break split;
3. ``find_row_anchors`` — assigns template rows to label tokens, in order, by meaning;
4. per table (:mod:`._align`): reads the header into the printed column order, collects the
   values after each row label, and places them — or refuses and says why.

Every step is a plain function over plain data. The result is the lenient raw stage of
:mod:`._raw` (texts and locations per cell, refused rows, issues); :mod:`._build` types it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._align import (
    Slot,
    TableBuilder,
    best_column,
    column_slots,
    fmt_tokens,
    header_tokens,
    place_row,
    row_values,
    split_glued_labels,
    template_slots,
)
from ._grid import Document
from ._normalize import normalize_label
from ._raw import RawMatch, RawTable
from ._records import Issue
from ._repair import join_broken_rows
from ._review_blanks import put_blank_groups
from ._runon import split_run_on_labels
from ._templates import ARTICLE20_NORM, LATEST, LAYOUTS, ColumnSpec, Layout, RowSpec, TableSpec
from ._tokens import NAMES, NAMES_EXACTLY, NAMES_WHOLLY, Token, label_score, mentions, tokenize

__all__ = ["choose_layout", "find_row_anchors", "layout_evidence", "match_layout"]


# -- layout ----------------------------------------------------------------------------------


def layout_evidence(tokens: Sequence[Token]) -> dict[str, list[Token]]:
    """Tokens that print a phrase only one layout has, per layout."""
    hits: dict[str, list[Token]] = {key: [] for key in LAYOUTS}
    for tok in tokens:
        if not tok.is_label or len(tok.norm) > 60:
            continue
        for key, layout in LAYOUTS.items():
            if any(phrase in tok.norm for phrase in layout.evidence):
                other = [k for k in LAYOUTS if k != key]
                # 本年处理决定数量 (2021) contains 处理决定数量 (2019): keep the longer claim.
                if not any(
                    any(p in tok.norm and len(p) > len(q) for p in LAYOUTS[o].evidence
                        for q in layout.evidence if q in tok.norm)
                    for o in other
                ):
                    hits[key].append(tok)
    return hits


def choose_layout(tokens: Sequence[Token]) -> tuple[str, dict[str, list[Token]]]:
    """The layout the document mostly is: each piece of layout-only evidence weighs the cells
    it governs (a 第二十条 column header its column, a （六） sub-row its seven cells)."""
    hits = layout_evidence(tokens)
    counts = {k: sum(_cells_of(tokens, t, LAYOUTS[k]) for t in v) for k, v in hits.items()}
    if len(set(counts.values())) > 1:
        return max(counts, key=lambda k: counts[k]), hits
    # No evidence either way: the layout under which more row labels are found.
    found = {k: sum(len(find_row_anchors(tokens, t)) for t in LAYOUTS[k].tables
                    if t.shape == "rows") for k in LAYOUTS}
    return max(found, key=lambda k: (found[k], k == LATEST)), hits


# -- anchors ---------------------------------------------------------------------------------


def find_row_anchors(tokens: Sequence[Token], table: TableSpec) -> dict[str, int]:
    """Assign template rows to label tokens: strictly in template order, maximising the
    total label score (a monotone alignment, solved by dynamic programming)."""
    rows = table.rows
    longest = max(2.5 * max(len(r.norm), 4) + 8 for r in rows)
    cands: list[tuple[int, list[float]]] = []
    for tok in tokens:
        if not tok.is_label or len(tok.norm) > longest:  # prose, not a row label
            continue
        scores = [label_score(tok, r) for r in rows]
        if any(s >= NAMES for s in scores):
            cands.append((tok.index, scores))
    if not cands:
        return {}
    n, m = len(cands), len(rows)
    neg = float("-inf")
    # best[i][j]: best total using candidates[:i] and rows[:j]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]  # 0 skip cand, 1 skip row, 2 match
    for i in range(1, n + 1):
        tok_index, scores = cands[i - 1]
        for j in range(1, m + 1):
            a = best[i - 1][j]
            b = best[i][j - 1]
            s = scores[j - 1]
            c = best[i - 1][j - 1] + s - 1e-7 * tok_index if s >= NAMES else neg
            if c > a and c > b:
                best[i][j], move[i][j] = c, 2
            elif a >= b:
                best[i][j], move[i][j] = a, 0
            else:
                best[i][j], move[i][j] = b, 1
    out: dict[str, int] = {}
    i, j = n, m
    while i > 0 and j > 0:
        mv = move[i][j]
        if mv == 2:
            out[rows[j - 1].key] = cands[i - 1][0]
            i, j = i - 1, j - 1
        elif mv == 0:
            i -= 1
        else:
            j -= 1
    return out


# -- tables ----------------------------------------------------------------------------------


def match_rows_table(tokens: Sequence[Token], table: TableSpec, other: TableSpec | None,
                     claimed: set[int], anchors: dict[str, int], landmarks: set[int]
                     ) -> tuple[RawTable, list[Issue], set[int]]:
    """Match a table whose rows carry labels (第二十条 items, applications), given the
    row labels ``find_row_anchors`` assigned to it."""
    builder = TableBuilder(table)
    anchors = {k: v for k, v in anchors.items() if v not in claimed}
    if len(table.rows) > 3 and len(anchors) < 3:
        # A stray 总计 or 其他 is not a table.
        builder.issue("table_not_found", "error",
                      f"table {table.key!r} ({table.title}): only {len(anchors)} of its "
                      f"{len(table.rows)} row labels were found "
                      f"({', '.join(repr(tokens[i].text) for i in anchors.values())}); "
                      "too few to be sure it is this table")
        return RawTable(table.key, {}, False), builder.issues, set()
    if not anchors:
        builder.issue("table_not_found", "error",
                      f"table {table.key!r} ({table.title}): none of its row labels was found")
        return RawTable(table.key, {}, False), builder.issues, set()
    recovered = _out_of_order_rows(tokens, table, anchors, claimed | landmarks)
    for key, idx in recovered.items():
        anchors[key] = idx
        builder.issue(
            "row_out_of_order", "warning",
            f"row {table.row(key).label!r} is printed out of the template's order "
            f"(as {tokens[idx].text!r}); read by its label", key)
    for key, (idx, likeness) in _approximate_rows(tokens, table, other, anchors,
                                                   claimed | landmarks).items():
        anchors[key] = idx
        builder.issue(
            "label_approximate", "info",
            f"row {table.row(key).label!r} is read from the printed label {tokens[idx].text!r}, "
            f"which stands where that row belongs and is {likeness:.0%} like its official "
            "label (characters dropped, added or changed)", key)
    used = set(anchors.values())
    order = sorted(anchors.items(), key=lambda kv: kv[1])
    first = order[0][1]
    headers = header_tokens(tokens, first, table, claimed)
    named, complete = column_slots(headers, table)
    slots = named if complete else _fallback_slots(builder, table, other, headers, named)
    printed = [s.column for s in named if s.column is not None]
    official = [c.key for c in table.columns]
    if (complete and printed != official
            and all(s.header is not None and not s.header.exact
                    and (s.header.row is None or s.header.aligned) for s in named)):
        # Flattened text whose header names the columns in another order than the official
        # form: pdftotext draws cells in its own order, and column positions drift from line
        # to line of a wrapped header. Reports print the official order, so the values are
        # read in it — and flagged, since the text does not say so.
        builder.issue(
            "header_not_matched", "warning",
            f"table {table.key!r}: the flattened header names its columns in the order "
            f"{[table.column(k).label for k in printed]}; values read in the official order")
        # Positions that put the columns out of order cannot place values either: by count
        # in the official order, or by the table's arithmetic.
        ranked = iter(sorted((s for s in named if s.column is not None),
                             key=lambda s: official.index(s.column or "")))
        slots = [Slot(next(ranked).column, None) if s.column is not None else s
                 for s in named]
        slots = _extras_after_group(slots, table)
    stop = set(anchors.values()) | claimed | landmarks
    consumed = set(used)
    for row_key, idx in order:
        row = table.row(row_key)
        found = row_values(tokens, idx, stop)
        consumed.update(v.index for v in found.values)
        if found.skipped_labels and _foreign_labels(found.skipped_labels, table, other):
            builder.issue(
                "layout_mismatch", "error",
                f"row {row.label!r} is followed by labels of the other layout "
                f"{fmt_tokens(found.skipped_labels)} with values {fmt_tokens(found.values)}; "
                "not mapped",
                row.key)
            continue
        if slots is None:
            continue
        stray = [t for t in found.skipped_labels if not table.is_group_label(t.norm)
                 and t.norm not in table.groups]
        if stray and found.values:
            # Another label between a row's label and its numbers: the numbers may be that
            # label's row (a damaged or reworded row the template could not name).
            builder.issue(
                "value_count_mismatch", "warning",
                f"row {row.label!r} is followed by the unrecognised label "
                f"{fmt_tokens(stray)} before its values {fmt_tokens(found.values)}; read as "
                f"{row.label!r}'s, but they may belong to that label", row.key)
        place_row(builder, row, slots, found)
    for row in table.rows:
        if row.key not in anchors:
            _report_missing_row(builder, tokens, table, row, other)
    _report_duplicate(builder, tokens, table, max(consumed), claimed | landmarks)
    _report_unlabelled_rows(builder, tokens, sorted(anchors.values()), consumed)
    loc = tokens[first].location
    raw = RawTable(table.key, builder.cells, True, loc, tuple(builder.unresolved))
    return raw, builder.issues, consumed | {h.index for h in headers}


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


def _out_of_order_rows(tokens: Sequence[Token], table: TableSpec, anchors: dict[str, int],
                       taken: set[int]) -> dict[str, int]:
    """Rows the in-order alignment left out whose label stands, unmistakably and once,
    inside the table (two rows printed in swapped order)."""
    if not anchors:
        return {}
    lo, hi = min(anchors.values()), max(anchors.values())
    used = set(anchors.values()) | taken
    found: dict[str, int] = {}
    for row in table.rows:
        if row.key in anchors:
            continue
        hits = [t.index for t in tokens[lo:hi + 1]
                if t.index not in used and t.is_label and label_score(t, row) >= NAMES_WHOLLY]
        if len(hits) == 1:
            found[row.key] = hits[0]
            used.add(hits[0])
    return found


#: How alike (2 × common subsequence / total length) a misprinted label must be to its row.
_LIKENESS = 0.75
#: How far from an anchored neighbour a first or last row's misprinted label may stand.
_EDGE_WINDOW = 12


def _approximate_rows(tokens: Sequence[Token], table: TableSpec, other: TableSpec | None,
                      anchors: dict[str, int], taken: set[int]) -> dict[str, tuple[int, float]]:
    """Rows whose printed label names no template row — characters dropped, added or
    swapped (``2.其他法律行政止公开``) — found between the anchored rows before and after them:
    the one label there, followed by values, that is clearly like the official label and
    names nothing else."""
    if not anchors:
        return {}
    used = set(anchors.values()) | taken
    keys = [r.key for r in table.rows]
    found: dict[str, tuple[int, float]] = {}
    for pos, row in enumerate(table.rows):
        if row.key in anchors or len(row.norm) < 4:
            continue
        before = [anchors[k] for k in keys[:pos] if k in anchors]
        after = [anchors[k] for k in keys[pos + 1:] if k in anchors]
        lo = max(before) if before else min(after) - _EDGE_WINDOW
        hi = min(after) if after else max(before) + _EDGE_WINDOW
        scored = []
        for tok in tokens[max(lo + 1, 0):max(hi, 0)]:
            if (tok.index in used or not tok.is_label or not tok.norm
                    or not 0.5 <= len(tok.norm) / len(row.norm) <= 1.5
                    or table.is_group_label(tok.norm) or tok.norm in table.groups
                    or _names_a_row(tok, table, other)):
                continue
            likeness = _likeness(tok.norm, row.norm)
            if likeness >= _LIKENESS and row_values(tokens, tok.index, used).values:
                scored.append((likeness, tok.index))
        scored.sort(reverse=True)
        if scored and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.1):
            found[row.key] = (scored[0][1], scored[0][0])
            used.add(scored[0][1])
    return found


def _names_a_row(tok: Token, table: TableSpec, other: TableSpec | None) -> bool:
    specs = [*table.rows, *(other.rows if other is not None else ())]
    return any(label_score(tok, spec) >= NAMES for spec in specs)


def _likeness(a: str, b: str) -> float:
    """2 × the longest common subsequence of ``a`` and ``b`` over their total length."""
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0]
        for j, other in enumerate(b):
            cur.append(prev[j] + 1 if ch == other else max(prev[j + 1], cur[j]))
        prev = cur
    return 2 * prev[-1] / (len(a) + len(b))


def _report_unlabelled_rows(builder: TableBuilder, tokens: Sequence[Token], anchors: list[int],
                            consumed: set[int]) -> None:
    """Grid rows of numbers inside the table that no row label claimed: their values were
    not read (a label lost, or a row the template does not have)."""
    seen: set[tuple[int | None, int | None]] = set()
    for tok in tokens[anchors[0]:anchors[-1] + 1]:
        if tok.row is None or tok.index in consumed or tok.parsed.kind != "number":
            continue
        if (tok.grid, tok.row) in seen:
            continue
        seen.add((tok.grid, tok.row))
        row = [t for t in tokens if t.grid == tok.grid and t.row == tok.row]
        builder.issue(
            "unassigned_values", "info",
            f"a row {fmt_tokens(row)} inside table {builder.table.key!r} matches no template "
            "row; its numbers were not read")


def _report_duplicate(builder: TableBuilder, tokens: Sequence[Token], table: TableSpec,
                      end: int, taken: set[int]) -> None:
    """A second copy of the table after the first (reports paste tables twice, or last
    year's table stands beside this year's): a quarter of its row labels again, or, for a
    table of one or two rows, every row label again with a value cell after it."""
    later = [t for t in tokens[end + 1:] if t.index not in taken]
    again = find_row_anchors(later, table)
    if len(table.rows) <= 2:
        again = {k: i for k, i in again.items()
                 if label_score(tokens[i], table.row(k)) >= NAMES_WHOLLY
                 and i + 1 < len(tokens) and tokens[i + 1].is_value}
        enough = len(again) == len(table.rows)
    else:
        enough = len(again) >= max(3, len(table.rows) // 4)
    if enough:
        where = tokens[min(again.values())].location.to_dict()
        builder.issue(
            "duplicate_table", "warning",
            f"table {table.key!r} appears again further on ({len(again)} of its row labels, "
            f"at {where or 'a later block'}); the first copy was read")


def _fallback_slots(builder: TableBuilder, table: TableSpec, other: TableSpec | None,
                    headers: Sequence[Token], slots: list[Slot]) -> list[Slot] | None:
    """The header did not name every column. If it names the other layout's columns the
    table is refused; if it names none at all the template order is assumed, with a warning."""
    named = [s for s in slots if s.column]
    if other is not None:
        foreign = [h for h in headers if best_column(h, other.columns)[0] is not None
                   and best_column(h, table.columns)[0] is None]
        if foreign:
            builder.issue(
                "layout_mismatch", "error",
                f"table {table.key!r}: its header {fmt_tokens(foreign)} follows the other layout; "
                "cells left empty")
            return None
    if not named:
        builder.issue(
            "header_not_matched", "warning",
            f"table {table.key!r}: column header not recognised; values read in template "
            f"order ({', '.join(c.label for c in table.columns)})")
        return template_slots(table)
    missing = [c.label for c in table.columns if c.key not in {s.column for s in named}]
    builder.issue(
        "header_not_matched", "warning",
        f"table {table.key!r}: header names no column for {missing}; values read in "
        "template order")
    return template_slots(table)


def _foreign_labels(labels: Sequence[Token], table: TableSpec, other: TableSpec | None) -> bool:
    if other is None:
        return False
    own = {r.key for r in table.rows}
    for tok in labels:
        for r in other.rows:
            if r.key not in own and label_score(tok, r) >= NAMES:
                return True
    return False


def _report_missing_row(builder: TableBuilder, tokens: Sequence[Token], table: TableSpec,
                        row: RowSpec, other: TableSpec | None) -> None:
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
    builder.issue(code, "error", f"row {row.label!r} not found in table {table.key!r}{group_note}",
                  row.key)


def match_block_table(tokens: Sequence[Token], table: TableSpec, claimed: set[int]
                      ) -> tuple[RawTable, list[Issue], set[int]]:
    """Match the review/litigation table: one run of values under a multi-level header."""
    builder = TableBuilder(table)
    start = _block_start(tokens, table, claimed)
    if start is None:
        builder.issue("table_not_found", "error",
                      f"table {table.key!r} ({table.title}): its header was not found")
        return RawTable(table.key, {}, False), builder.issues, set()
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
    if len(values) > expected and all(not v.text for v in values[expected:]):
        values = values[:expected]
    groups = _block_groups(builder, tokens[start:i - len(values)], table)
    rows = [row for row, _ in groups]
    if len(values) == expected:
        for r, (row, slots) in enumerate(groups):
            builder.put_row(row.key, slots, values[r * width:(r + 1) * width])
    elif any(v.joined for v in values):
        for row in rows:
            builder.issue("boundaries_lost", "error",
                          f"table {table.key!r}: its {expected} numbers run together "
                          f"{fmt_tokens(values)}; not split", row.key)
        if rows == list(table.rows) and all(
                [s.column for s in slots] == [c.key for c in table.columns] for _, slots in groups):
            # Row "" stands for the whole block: slots are every row's columns, row-major.
            builder.defer("", template_slots(table) * len(rows), values, "boundaries_lost")
    elif len(values) < expected and put_blank_groups(builder, table, groups, values):
        pass  # blank cells lost: the groups cut apart by their sums
    elif len(values) < expected:
        # Rows are kept assuming the cut is at the end; a lost empty cell in the middle would
        # shift them, so the whole table is marked doubtful.
        builder.issue(
            "truncated_table", "warning",
            f"table {table.key!r} holds {len(values)} of its {expected} values; complete rows "
            "that add up were kept assuming the values were cut off at the end")
        for r, (row, slots) in enumerate(groups):
            part = values[r * width:(r + 1) * width]
            if len(part) == width and _row_adds_up(part):
                builder.put_row(row.key, slots, part)
            elif len(part) == width:
                builder.issue(
                    "truncated_table", "error",
                    f"table {table.key!r} is cut short: {len(values)} of {expected} values "
                    f"{fmt_tokens(values)}; row {row.label!r} would read {fmt_tokens(part)}, but "
                    "its total does not add up, so the cut may not be at the end; left empty",
                    row.key)
            else:
                builder.issue(
                    "truncated_table", "error",
                    f"table {table.key!r} is cut short: {len(values)} of {expected} values "
                    f"{fmt_tokens(values)}; row {row.label!r} has {len(part)} of {width} and is "
                    "left empty", row.key)
    else:
        for row in rows:
            builder.issue("value_count_mismatch", "error",
                          f"table {table.key!r}: expected {expected} values, found "
                          f"{len(values)} {fmt_tokens(values)}; left empty rather than guessed",
                          row.key)
    consumed = set(range(start, i))
    raw = RawTable(table.key, builder.cells, True, tokens[start].location,
                   tuple(builder.unresolved))
    return raw, builder.issues, consumed


def _block_groups(builder: TableBuilder, header: Sequence[Token], table: TableSpec
                  ) -> list[tuple[RowSpec, list[Slot]]]:
    """The printed order of a block table's values: its row groups (行政复议, then the two
    行政诉讼 groups, in the order the header prints them) and each group's columns (in the
    order of the header's leaf labels, five per group). Template order, with a warning,
    when the header does not say it plainly."""
    tokens = [t for t in split_glued_labels(header, [*table.rows, *table.columns],
                                            table.groups)]
    default = [(row, template_slots(table)) for row in table.rows]
    firsts: dict[str, int] = {}
    for pos, tok in enumerate(tokens):
        for row in table.rows:
            if row.key not in firsts and (tok.norm == row.norm or mentions(tok, row)):
                firsts[row.key] = pos
        if "group" not in firsts and tok.norm in table.groups:
            firsts["group"] = pos
    leaves = [best_column(t, table.columns)[0] for t in tokens]
    leaf_tokens = [(col, t) for col, t in zip(leaves, tokens, strict=True) if col is not None]
    if any(r.key not in firsts for r in table.rows):
        return default
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
        if leaf_tokens:
            builder.issue("header_not_matched", "warning",
                          f"table {table.key!r}: its header names {len(leaf_tokens)} columns, "
                          f"not {len(rows) * width}; values read in template order")
        return default
    out = []
    for r, row in enumerate(rows):
        chunk = leaf_tokens[r * width:(r + 1) * width]
        if {c.key for c, _ in chunk} != {c.key for c in table.columns}:
            builder.issue("header_not_matched", "warning",
                          f"table {table.key!r}: the header's columns for {row.label!r} are "
                          f"{[t.text for _, t in chunk]}; values read in template order")
            return default
        out.append((row, [Slot(c.key, t) for c, t in chunk]))
    return out


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


def _printed_as_rows(tokens: Sequence[Token], table: TableSpec, claimed: set[int]) -> bool:
    """Whether each row label of a block table is directly followed by its row's values."""
    anchors = find_row_anchors(tokens, table)
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


def _row_adds_up(part: Sequence[Token]) -> bool:
    """The review/litigation row rule: the last value is the sum of the others (empty = 0)."""
    if any(t.parsed.kind == "text" for t in part):
        return False
    numbers = [t.parsed.value or 0 for t in part]
    return abs(sum(numbers[:-1]) - numbers[-1]) < 1e-9


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
    for tok in tokens:
        if tok.index not in claimed and label_score(tok, first_col) >= NAMES_EXACTLY:
            return tok.index
    return None


# -- the whole document ----------------------------------------------------------------------


def match_layout(document: Document, *, layout: str | None = None) -> RawMatch:
    """Find every statutory table of the document's layout and align its values."""
    tokens = tokenize(document)
    key, hits = choose_layout(tokens) if layout is None else (layout, layout_evidence(tokens))
    chosen = LAYOUTS[key]
    from ._rejoin import rejoin_apart, rejoin_drawing_order  # pdftotext's order (issue 12)
    tokens = rejoin_drawing_order(split_run_on_labels(rejoin_apart(tokens, chosen), chosen),
                                  chosen)
    tokens, join_notes = join_broken_rows(tokens, chosen)
    other_key = next(k for k in LAYOUTS if k != key)
    other = LAYOUTS[other_key]
    issues: list[Issue] = list(join_notes)
    evidence = {k: len(v) for k, v in hits.items()}
    if hits[other_key] and hits[key]:
        issues.append(Issue(
            "mixed_layout", "warning",
            f"the document prints labels of both layouts: {evidence[key]} of the {key} layout, "
            f"{evidence[other_key]} of the {other_key} layout "
            f"({', '.join(repr(t.text) for t in hits[other_key][:4])}); read as {key}",
            _table_of(tokens, hits[other_key][0], chosen)))
    tables: dict[str, RawTable] = {}
    claimed: set[int] = set()
    anchors = {t.key: find_row_anchors(tokens, t) for t in chosen.tables if t.shape == "rows"}
    landmarks = _landmarks(tokens, chosen, anchors)
    for table in chosen.tables:
        other_table = other.table(table.key) if table.key in other.table_keys else None
        if table.shape == "rows":
            raw, found_issues, consumed = match_rows_table(
                tokens, table, other_table, claimed, anchors[table.key], landmarks)
        elif _printed_as_rows(tokens, table, claimed):
            # Some reports print this table as three labelled rows of five numbers.
            raw, found_issues, consumed = match_rows_table(
                tokens, table, None, claimed, find_row_anchors(tokens, table), landmarks)
        else:
            raw, found_issues, consumed = match_block_table(tokens, table, claimed)
        tables[table.key] = raw
        issues.extend(found_issues)
        claimed |= consumed
    return RawMatch(chosen, tables, tuple(issues), evidence)


def _landmarks(tokens: Sequence[Token], layout: Layout,
               anchors: dict[str, dict[str, int]]) -> set[int]:
    """Tokens no row's values may run past: every table's row labels and captions."""
    marks: set[int] = set()
    for found in anchors.values():
        marks.update(found.values())
    for tok in tokens:
        if tok.is_label and any(c in tok.norm for t in layout.tables for c in t.captions
                                if len(c) >= 4):
            marks.add(tok.index)
    return marks


def _cells_of(tokens: Sequence[Token], tok: Token, layout: Layout) -> int:
    """The cells a piece of layout evidence governs: a row label its row's cells, a column
    header its column's, anything else (a caption) one."""
    key = _table_of(tokens, tok, layout)
    if key is None:
        return 1
    table = layout.table(key)
    if any(label_score(tok, row) >= NAMES for row in table.rows):
        return len(table.columns)
    if any(label_score(tok, col) >= NAMES for col in table.columns):
        return len(table.rows)
    return 1


def _table_of(tokens: Sequence[Token], tok: Token, layout: Layout) -> str | None:
    for table in layout.tables:
        if table.shape != "rows":
            continue
        for row in table.rows:
            if label_score(tok, row) >= NAMES:
                return table.key
        for col in table.columns:
            if label_score(tok, col) >= NAMES:
                return table.key
    if ARTICLE20_NORM in tok.norm:
        return None
    return next((t.key for t in layout.tables if any(p in tok.norm for p in t.phrases)), None)
