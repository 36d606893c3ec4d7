"""Find the statutory tables in a Document and align their values onto template cells.

One aligner serves every format. A document's blocks, read in reading order with merged
cells once, form a stream of *tokens*; the matcher

1. ``tokenize`` — turns blocks into tokens (text, normalised label, parsed value, position);
2. ``choose_layout`` — weighs the evidence for the 2019 and 2021 layouts;
3. ``find_row_anchors`` — assigns template rows to label tokens, in order, by meaning;
4. ``column_slots`` — reads the header above a table into the order of its value columns;
5. ``row_values`` — collects the values that follow each row label (same grid row when rows
   are known, the following value tokens when they are not);
6. ``place_values`` — puts values into slots, or refuses and says why.

Every step is a plain function over plain data. The result is a lenient raw stage (texts
and locations per cell, plus issues); :mod:`._build` turns it into typed records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs

from ._grid import Cell, CellGrid, Document, Location, Paragraph
from ._normalize import display_width, normalize_label, split_numbering
from ._records import Issue
from ._templates import LAYOUTS, ColumnSpec, Layout, RowSpec, TableSpec
from ._values import ParsedValue, header_unit, parse_value

__all__ = ["RawCell", "RawMatch", "RawTable", "Token", "UnresolvedRow", "match_layout", "tokenize"]


# -- tokens ----------------------------------------------------------------------------------


@attrs.frozen
class Token:
    """One cell or paragraph of the document, in reading order."""

    index: int
    text: str
    norm: str
    number: str
    parsed: ParsedValue
    grid: int | None  # block index of the grid it belongs to (None: a paragraph)
    row: int | None  # its row in that grid, when the grid's rows are known
    cell: Cell | None
    exact: bool
    location: Location
    aligned: bool = False

    @property
    def is_label(self) -> bool:
        return self.parsed.kind == "text"

    @property
    def is_value(self) -> bool:
        return self.parsed.kind != "text"

    @property
    def is_empty(self) -> bool:
        return not self.text

    @property
    def joined(self) -> bool:
        """The text may hold several cells: the reader said so, or it is ten or more bare
        digits (no count in these tables is that long; a row of small counts glued is)."""
        if self.cell is not None and self.cell.joined:
            return True
        return self.parsed.kind == "number" and len(self.text) >= 10 and self.text.isdigit()


def tokenize(document: Document) -> list[Token]:
    tokens: list[Token] = []
    for b, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            tokens.append(_token(len(tokens), block.text, None, None, None, False, block.location))
            continue
        grid: CellGrid = block
        for cell in grid.cells:
            tok = _token(len(tokens), cell.text, b, cell.row if grid.rows_known else None, cell,
                         grid.exact, cell.location)
            tokens.append(attrs.evolve(tok, aligned=True) if grid.aligned else tok)
    return tokens


def _token(index: int, text: str, grid: int | None, row: int | None, cell: Cell | None,
           exact: bool, location: Location) -> Token:
    number, _ = split_numbering(text)
    return Token(index, text, normalize_label(text), number, parse_value(text), grid, row, cell,
                 exact, location)


# -- label scoring ---------------------------------------------------------------------------


def label_score(token: Token, spec: RowSpec | ColumnSpec) -> float:
    """How well a token names a template row or column: 0 (not at all) to about 3.5.

    Equal to the official label or an exact phrase: 3. Containing a match phrase: 1 plus
    the share of the token the phrase explains. A row whose printed numbering agrees gets a
    little more (misnumbered rows still match, seed 004's 一、上年结转…).
    """
    norm = token.norm
    if not norm or not token.is_label:
        return 0.0
    official = spec.norm
    if norm == official or norm in spec.exact:
        score = 3.0
    else:
        score = 0.0
        if len(norm) <= 2.5 * max(len(official), 4) + 8:
            for phrase in spec.match:
                if phrase and phrase in norm:
                    score = max(score, 1.0 + len(phrase) / len(norm))
        if score == 0.0:
            return 0.0
    if isinstance(spec, RowSpec) and spec.number and token.number:
        score += 0.3 if token.number == spec.number else -0.2
    return score


# -- raw results -----------------------------------------------------------------------------


@attrs.frozen
class RawCell:
    """A cell's text as found, before typing. ``header`` is the header text of its column."""

    text: str
    location: Location
    header: str | None = None
    inferred: bool = False


@attrs.frozen
class UnresolvedRow:
    """A row whose values could not be placed: the tokens as read (``joined`` ones may hold
    several cells) and the printed column order (``None`` for an extra such as 小计).
    The arithmetic solver may place them; otherwise the row stays null and flagged."""

    row: str
    values: tuple[tuple[str, bool, Location], ...]
    slots: tuple[str | None, ...]
    headers: tuple[str | None, ...]
    reason: str


@attrs.frozen
class RawTable:
    key: str
    cells: dict[tuple[str, str], RawCell]
    found: bool
    location: Location | None = None
    unresolved: tuple[UnresolvedRow, ...] = ()


@attrs.frozen
class RawMatch:
    layout: Layout
    tables: dict[str, RawTable]
    issues: tuple[Issue, ...]
    evidence: dict[str, int]


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
    hits = layout_evidence(tokens)
    counts = {k: len(v) for k, v in hits.items()}
    if counts["2019"] != counts["2021"]:
        return max(counts, key=lambda k: counts[k]), hits
    # No evidence either way: the layout under which more row labels are found.
    found = {k: sum(len(find_row_anchors(tokens, t)) for t in LAYOUTS[k].tables
                    if t.shape == "rows") for k in LAYOUTS}
    return ("2019" if found["2019"] > found["2021"] else "2021"), hits


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
        if any(s >= 1.2 for s in scores):
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
            c = best[i - 1][j - 1] + s - 1e-7 * tok_index if s >= 1.2 else neg
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


# -- headers and column slots ----------------------------------------------------------------


@attrs.frozen
class Slot:
    """One value column as the document prints it: a template column or an extra (小计)."""

    column: str | None
    header: Token | None


def header_tokens(tokens: Sequence[Token], first_anchor: int, table: TableSpec,
                  stop: set[int]) -> list[Token]:
    """The label tokens above a table's first row: walk back from its first row label to
    the previous table's values, a caption of this table, or 60 tokens."""
    out: list[Token] = []
    i = first_anchor - 1
    while i >= 0 and first_anchor - i <= 60 and i not in stop:
        tok = tokens[i]
        if tok.parsed.kind == "number":
            break
        if tok.is_label:
            out.append(tok)
            if any(c in tok.norm for c in table.captions):
                break
        i -= 1
    out.reverse()
    return out


def _best_column(tok: Token, columns: Sequence[ColumnSpec]) -> tuple[ColumnSpec | None, float]:
    best, best_score = None, 0.0
    for col in columns:
        s = label_score(tok, col)
        if s > best_score:
            best, best_score = col, s
    return (best, best_score) if best_score >= 1.2 else (None, 0.0)


def column_slots(headers: Sequence[Token], table: TableSpec) -> tuple[list[Slot], bool]:
    """The value columns in printed order, from header tokens read in reading order.

    A two-level header (自然人 | 法人或其他组织 | 总计 over 商业企业 … 其他) reads top level
    first; columns under a group label are placed where the group label stands. Returns the
    slots and whether the header named every template column exactly once.
    """
    group_norms = {normalize_label(c.group) for c in table.columns if c.group}
    top: list[Slot | str] = []
    children: list[Slot] = []
    seen: set[str] = set()
    for tok in _split_glued_headers(headers, table, group_norms):
        if tok.norm in group_norms:
            if "group" not in top:
                top.append("group")
            continue
        if tok.norm in table.extra_columns:
            children.append(Slot(None, tok))
            continue
        col, _ = _best_column(tok, table.columns)
        if col is None or col.key in seen:
            continue
        seen.add(col.key)
        slot = Slot(col.key, tok)
        if col.group and "group" in top:
            children.append(slot)
        elif col.group:
            top.append(slot)
        else:
            top.append(slot)
    slots: list[Slot] = []
    for item in top:
        if item == "group":
            slots.extend(children)
        else:
            assert isinstance(item, Slot)
            slots.append(item)
    if "group" not in top:
        slots.extend(children)
    complete = seen == {c.key for c in table.columns}
    return slots, complete


def _split_glued_headers(headers: Sequence[Token], table: TableSpec,
                         group_norms: set[str]) -> list[Token]:
    """Header labels that ran together in one token (text copied off a web page:
    ``自然人法人或其他组织总计商业企业…``) are segmented greedily, longest known phrase first."""
    vocab: dict[str, str] = {}
    for col in table.columns:
        for phrase in (normalize_label(col.label), *col.match, *col.exact):
            vocab.setdefault(phrase, phrase)
    for phrase in (*group_norms, *table.extra_columns):
        vocab[phrase] = phrase
    words = sorted(vocab, key=len, reverse=True)
    out: list[Token] = []
    for tok in headers:
        if tok.norm in vocab or len(tok.norm) < 6:
            out.append(tok)
            continue
        pieces: list[str] = []
        i = 0
        while i < len(tok.norm):
            word = next((w for w in words if w and tok.norm.startswith(w, i)), None)
            if word is None:
                i += 1
                continue
            pieces.append(word)
            i += len(word)
        if len(pieces) >= 2:
            texts = list(pieces)
            unit = header_unit(tok.text)
            if unit and re.search(r"[)）]\s*$", tok.text):
                texts[-1] += f"（{unit}）"  # a unit closing the glued header is the last column's
            out.extend(attrs.evolve(tok, text=t, norm=p, number="")
                       for t, p in zip(texts, pieces, strict=True))
        else:
            out.append(tok)
    return out


def template_slots(table: TableSpec) -> list[Slot]:
    return [Slot(c.key, None) for c in table.columns]


# -- values ----------------------------------------------------------------------------------


@attrs.frozen
class RowValues:
    values: list[Token]
    skipped_labels: list[Token]


def row_values(tokens: Sequence[Token], anchor: int, stop: set[int]) -> RowValues:
    """The value tokens of the row labelled by ``tokens[anchor]``.

    Rows known: every cell after the label in the same grid row (after any further label
    cells, e.g. a sub-label). Rows unknown: the value tokens that follow, up to the next label.
    """
    head = tokens[anchor]
    skipped: list[Token] = []
    values: list[Token] = []
    i = anchor + 1
    if head.row is not None:
        while i < len(tokens) and tokens[i].grid == head.grid and tokens[i].row == head.row:
            tok = tokens[i]
            if not values and tok.is_label and tok.text:
                if i in stop:
                    break
                skipped.append(tok)
            else:
                values.append(tok)
            i += 1
        return RowValues(values, skipped)
    while i < len(tokens) and i not in stop:
        tok = tokens[i]
        if tok.is_label:
            # Before any value, one stray label may stand between a row label and its values
            # (the second half of a wrapped label, a sub-label of the other layout); more
            # than that, and the row has no values of its own.
            if values or tok.row is not None or len(skipped) >= 2:
                break
            skipped.append(tok)
        else:
            values.append(tok)
        i += 1
    if not values:
        skipped = []
    return RowValues(values, skipped)


# -- placing values --------------------------------------------------------------------------


def _fmt(values: Sequence[Token]) -> str:
    return "[" + ", ".join(repr(v.text) for v in values) + "]"


@attrs.define
class _TableBuilder:
    table: TableSpec
    cells: dict[tuple[str, str], RawCell] = attrs.field(factory=dict)
    issues: list[Issue] = attrs.field(factory=list)
    unresolved: list[UnresolvedRow] = attrs.field(factory=list)

    def defer(self, row: str, slots: Sequence[Slot], values: Sequence[Token], reason: str) -> None:
        self.unresolved.append(UnresolvedRow(
            row,
            tuple((v.text, v.joined, v.location) for v in values),
            tuple(s.column for s in slots),
            tuple(s.header.text if s.header is not None else None for s in slots),
            reason,
        ))

    def issue(self, code: str, severity: str, message: str, row: str | None = None,
              column: str | None = None) -> None:
        self.issues.append(Issue(code, severity, message, self.table.key, row, column))  # type: ignore[arg-type]

    def put_row(self, row: str, slots: Sequence[Slot], values: Sequence[Token]) -> None:
        for slot, tok in zip(slots, values, strict=False):
            if slot.column is None:
                continue
            header = slot.header.text if slot.header is not None else None
            self.cells[(row, slot.column)] = RawCell(tok.text, tok.location, header)


def place_by_position(slots: Sequence[Slot], values: Sequence[Token]
                      ) -> dict[int, Token] | None:
    """Exact grids: each value goes to the lowest header cell above the grid column where it
    starts. ``None`` when geometry cannot decide (no header cells in the same grid, a value
    under no header, two values under one)."""
    if not values or any(v.cell is None or not (v.exact or v.aligned) for v in values):
        return None
    aligned = values[0].aligned
    grid = values[0].grid
    ranges: list[tuple[int, int, int]] = []
    for slot in slots:
        head = slot.header
        if head is None or head.cell is None or head.grid != grid:
            return None
        ranges.append((head.cell.col, head.cell.col + head.cell.colspan, head.cell.row))
    placed: dict[int, Token] = {}
    for v in values:
        assert v.cell is not None
        # Aligned text: a number may be centred or right-aligned under its header.
        start = v.cell.col + display_width(v.text) // 2 if aligned else v.cell.col
        hits = [i for i, (a, b, _r) in enumerate(ranges) if a <= start < b]
        if not hits:
            if v.text:
                return None
            continue
        i = max(hits, key=lambda k: ranges[k][2])
        if i in placed:
            if not v.text:
                continue
            if placed[i].text:
                return None
        placed[i] = v
    return placed


def place_row(builder: _TableBuilder, row: RowSpec, slots: Sequence[Slot],
              found: RowValues, rows_known: bool, last_in_table: bool) -> None:
    values = list(found.values)
    n_slots = len(slots)
    label = row.label
    aligned = bool(values) and values[0].aligned
    placed = None
    if not aligned or len(values) != n_slots:
        placed = place_by_position(slots, values)
    if placed is not None:
        missing = [s.column for i, s in enumerate(slots) if i not in placed and s.column]
        for i, tok in placed.items():
            builder.put_row(row.key, [slots[i]], [tok])
        if missing:
            builder.issue(
                "value_count_mismatch", "warning",
                f"row {label!r}: no cell stands under column(s) {missing}; left empty", row.key)
        return
    if len(values) > n_slots and all(not v.text for v in values[n_slots:]):
        extra = len(values) - n_slots
        values = values[:n_slots]
        if not rows_known and not last_in_table:
            builder.issue(
                "value_count_mismatch", "warning",
                f"row {label!r}: {extra} empty cell(s) more than the {n_slots} columns; "
                "the trailing ones were ignored", row.key)
    if len(values) == n_slots:
        # Joined tokens are each at least one cell: as many tokens as columns means one each.
        builder.put_row(row.key, slots, values)
        return
    if any(v.joined for v in values):
        builder.issue(
            "boundaries_lost", "error",
            f"row {label!r}: the numbers run together with no cell boundaries "
            f"{_fmt(values)}; expected {n_slots} values, not split", row.key)
        builder.defer(row.key, slots, values, "boundaries_lost")
        return
    builder.defer(row.key, slots, values, "value_count_mismatch")
    builder.issue(
        "value_count_mismatch", "error",
        f"row {label!r}: expected {n_slots} values, found {len(values)} {_fmt(values)}; "
        "left empty rather than guessed", row.key)


# -- tables ----------------------------------------------------------------------------------


def match_rows_table(tokens: Sequence[Token], table: TableSpec, other: TableSpec | None,
                     claimed: set[int], anchors: dict[str, int], landmarks: set[int]
                     ) -> tuple[RawTable, list[Issue], set[int]]:
    """Match a table whose rows carry labels (第二十条 items, applications), given the
    row labels ``find_row_anchors`` assigned to it."""
    builder = _TableBuilder(table)
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
    used = set(anchors.values())
    order = sorted(anchors.items(), key=lambda kv: kv[1])
    first = order[0][1]
    headers = header_tokens(tokens, first, table, claimed)
    named, complete = column_slots(headers, table)
    slots = named if complete else _fallback_slots(builder, table, other, headers, named)
    stop = set(anchors.values()) | claimed | landmarks
    consumed = set(used)
    for pos, (row_key, idx) in enumerate(order):
        row = table.row(row_key)
        found = row_values(tokens, idx, stop)
        consumed.update(v.index for v in found.values)
        if found.skipped_labels and _foreign_labels(found.skipped_labels, table, other):
            builder.issue(
                "layout_mismatch", "error",
                f"row {row.label!r} is followed by labels of the other layout "
                f"{_fmt(found.skipped_labels)} with values {_fmt(found.values)}; not mapped",
                row.key)
            continue
        if slots is None:
            continue
        place_row(builder, row, slots, found, tokens[idx].row is not None,
                  pos == len(order) - 1)
    for row in table.rows:
        if row.key not in anchors:
            _report_missing_row(builder, tokens, table, row, other)
    _report_duplicate(builder, tokens, table, max(consumed), claimed | landmarks)
    loc = tokens[first].location
    raw = RawTable(table.key, builder.cells, True, loc, tuple(builder.unresolved))
    return raw, builder.issues, consumed | {h.index for h in headers}


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
                if t.index not in used and t.is_label and label_score(t, row) >= 2.0]
        if len(hits) == 1:
            found[row.key] = hits[0]
            used.add(hits[0])
    return found


def _report_duplicate(builder: _TableBuilder, tokens: Sequence[Token], table: TableSpec,
                      end: int, taken: set[int]) -> None:
    """A second copy of the table after the first (reports paste tables twice)."""
    if len(table.rows) < 2:
        return
    later = [t for t in tokens[end + 1:] if t.index not in taken]
    again = find_row_anchors(later, table)
    if len(again) >= max(2, (len(table.rows) * 3 + 4) // 5):
        where = tokens[min(again.values())].location.to_dict()
        builder.issue(
            "duplicate_table", "warning",
            f"table {table.key!r} appears again further on ({len(again)} of its row labels, "
            f"at {where or 'a later block'}); the first copy was read")


def _fallback_slots(builder: _TableBuilder, table: TableSpec, other: TableSpec | None,
                    headers: Sequence[Token], slots: list[Slot]) -> list[Slot] | None:
    """The header did not name every column. If it names the other layout's columns the
    table is refused; if it names none at all the template order is assumed, with a warning."""
    named = [s for s in slots if s.column]
    if other is not None:
        foreign = [h for h in headers if _best_column(h, other.columns)[0] is not None
                   and _best_column(h, table.columns)[0] is None]
        if foreign:
            builder.issue(
                "layout_mismatch", "error",
                f"table {table.key!r}: its header {_fmt(foreign)} follows the other layout; "
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
            if r.key not in own and label_score(tok, r) >= 1.2:
                return True
    return False


def _report_missing_row(builder: _TableBuilder, tokens: Sequence[Token], table: TableSpec,
                        row: RowSpec, other: TableSpec | None) -> None:
    group_note = ""
    if row.group:
        group_norm = normalize_label(row.group)
        for tok in tokens:
            if tok.norm == group_norm:
                found = row_values(tokens, tok.index, set())
                if [v for v in found.values if v.text]:
                    group_note = (f"; the document prints {row.group!r} as one row with values "
                                  f"{_fmt(found.values)} (the other layout)")
                break
    code = "layout_mismatch" if group_note else "row_not_found"
    builder.issue(code, "error", f"row {row.label!r} not found in table {table.key!r}{group_note}",
                  row.key)


def match_block_table(tokens: Sequence[Token], table: TableSpec, claimed: set[int]
                      ) -> tuple[RawTable, list[Issue], set[int]]:
    """Match the review/litigation table: one run of values under a multi-level header."""
    builder = _TableBuilder(table)
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
    values: list[Token] = []
    while i < len(tokens) and tokens[i].is_value and i not in claimed:
        values.append(tokens[i])
        i += 1
    width = len(table.columns)
    expected = len(table.rows) * width
    if len(values) > expected and all(not v.text for v in values[expected:]):
        values = values[:expected]
    rows = table.rows
    slots = template_slots(table)
    if len(values) == expected:
        for r, row in enumerate(rows):
            builder.put_row(row.key, slots, values[r * width:(r + 1) * width])
    elif any(v.joined for v in values):
        for row in rows:
            builder.issue("boundaries_lost", "error",
                          f"table {table.key!r}: its {expected} numbers run together "
                          f"{_fmt(values)}; not split", row.key)
        # Row "" stands for the whole block: slots are every row's columns, row-major.
        builder.defer("", slots * len(rows), values, "boundaries_lost")
    elif len(values) < expected:
        for r, row in enumerate(rows):
            part = values[r * width:(r + 1) * width]
            if len(part) == width and _row_adds_up(part):
                builder.put_row(row.key, slots, part)
            elif len(part) == width:
                builder.issue(
                    "truncated_table", "error",
                    f"table {table.key!r} is cut short: {len(values)} of {expected} values "
                    f"{_fmt(values)}; row {row.label!r} would read {_fmt(part)}, but its "
                    "total does not add up, so the cut may not be at the end; left empty",
                    row.key)
            else:
                builder.issue(
                    "truncated_table", "error",
                    f"table {table.key!r} is cut short: {len(values)} of {expected} values "
                    f"{_fmt(values)}; row {row.label!r} has {len(part)} of {width} and is left "
                    "empty", row.key)
    else:
        for row in rows:
            builder.issue("value_count_mismatch", "error",
                          f"table {table.key!r}: expected {expected} values, found "
                          f"{len(values)} {_fmt(values)}; left empty rather than guessed",
                          row.key)
    consumed = set(range(start, i))
    raw = RawTable(table.key, builder.cells, True, tokens[start].location,
                   tuple(builder.unresolved))
    return raw, builder.issues, consumed


def _mentions(tok: Token, spec: RowSpec | ColumnSpec) -> bool:
    """Whether a label token names ``spec`` anywhere in it — header labels may have run
    together into one long token, so no length bound here (unlike ``label_score``)."""
    return tok.is_label and (tok.norm in spec.exact or tok.norm == spec.norm
                             or any(p in tok.norm for p in spec.match))


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
        if tok.norm in table.groups or any(_mentions(tok, spec) for spec in specs):
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
        if tok.norm == first_row.norm or (
            label_score(tok, first_row) >= 1.2 and len(tok.norm) <= 8
        ):
            window = tokens[tok.index: tok.index + 40]
            if any(_mentions(w, first_col) for w in window):
                return tok.index
    for tok in tokens:
        if tok.index not in claimed and label_score(tok, first_col) >= 3:
            return tok.index
    return None


# -- the whole document ----------------------------------------------------------------------


def match_layout(document: Document, *, layout: str | None = None) -> RawMatch:
    """Find every statutory table of the document's layout and align its values."""
    tokens = tokenize(document)
    key, hits = choose_layout(tokens) if layout is None else (layout, layout_evidence(tokens))
    chosen = LAYOUTS[key]
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


def join_broken_rows(tokens: Sequence[Token], layout: Layout) -> tuple[list[Token], list[Issue]]:
    """Rejoin a row whose label ran on into a row of its own — Word lets a row break across
    a page, and a narrow label column wraps into the next grid row — leaving the values in
    the first part and only the rest of the label in the second.

    Only on exact grids, and only when the joined label names a template row better than
    the first part alone; the second part must hold nothing but that label text.
    """
    specs = [r for t in layout.tables if t.shape == "rows" for r in t.rows]

    def best(text: str) -> float:
        tok = _token(0, text, None, None, None, False, Location())
        return max((label_score(tok, r) for r in specs), default=0.0)

    rows: list[list[Token]] = []
    for tok in tokens:
        if tok.row is None or not tok.exact or tok.cell is None:
            continue
        if rows and rows[-1][0].grid == tok.grid and rows[-1][0].row == tok.row:
            rows[-1].append(tok)
        else:
            rows.append([tok])
    drop: set[int] = set()
    replace: dict[int, Token] = {}
    issues: list[Issue] = []
    headers = [c for t in layout.tables for c in (*t.rows, *t.columns)]

    def best_header(text: str) -> float:
        tok = _token(0, text, None, None, None, False, Location())
        return max((label_score(tok, spec) for spec in headers), default=0.0)

    above: dict[tuple[int | None, int, int], Token] = {}
    for tok in tokens:
        if tok.cell is not None and tok.exact and tok.is_label and tok.text:
            for col in range(tok.cell.col, tok.cell.col + tok.cell.colspan):
                above[(tok.grid, tok.cell.row + tok.cell.rowspan, col)] = tok
    prev: list[Token] | None = None
    for cont in rows:
        pieces = _header_pieces(cont, above, replace, best_header)
        if pieces:
            for head, rest in pieces:
                replace[head.index] = attrs.evolve(
                    _token(head.index, head.text + rest, head.grid, head.row, head.cell,
                           head.exact, head.location), aligned=head.aligned)
            issues.append(Issue(
                "reader_note", "info",
                f"header labels run on in the next row ({', '.join(r for _, r in pieces)!r}:"
                " a page or line break); read as one row"))
            drop.update(t.index for t in cont)
            continue
        if prev is not None and _continues(prev, cont, replace, best):
            for head, rest in _pieces(prev, cont, replace):
                replace[head.index] = attrs.evolve(
                    _token(head.index, head.text + rest, head.grid, head.row, head.cell,
                           head.exact, head.location), aligned=head.aligned)
                issues.append(Issue(
                    "reader_note", "info",
                    f"the label {head.text!r} runs on in the next row ({rest!r}: a page or "
                    "line break); read as one row"))
            drop.update(t.index for t in cont)
            continue
        prev = cont
    if not replace:
        return list(tokens), []
    out: list[Token] = []
    for tok in tokens:
        if tok.index in drop:
            continue
        tok = replace.get(tok.index, tok)
        out.append(attrs.evolve(tok, index=len(out)))
    return out, issues


def _header_pieces(cont: Sequence[Token], above: dict[tuple[int | None, int, int], Token],
                   replace: dict[int, Token], best: Callable[[str], float]
                   ) -> list[tuple[Token, str]] | None:
    """A header row broken across a page: every cell of ``cont`` is a fragment naming
    nothing alone, sits under a header cell ending just above it, and at least one joined
    label names a template row or column its first part did not."""
    if any(t.parsed.kind == "number" for t in cont):
        return None
    pieces = []
    for tok in cont:
        if not tok.text:
            continue
        if tok.cell is None or best(tok.text) >= 1.2:
            return None
        head = above.get((tok.grid, tok.cell.row, tok.cell.col))
        if head is None:
            return None
        pieces.append((replace.get(head.index, head), tok.text))
    if not pieces:
        return None
    gained = any(best(h.text) < 1.2 <= best(h.text + rest) for h, rest in pieces)
    return pieces if gained else None


def _row_heads(row: Sequence[Token]) -> list[Token]:
    """The label cells of a row that stand before its first number."""
    first_value = next((t for t in row if t.parsed.kind == "number"), None)
    if first_value is None:
        return []
    return [t for t in row if t.is_label and t.text and t.index < first_value.index]


def _pieces(prev: Sequence[Token], cont: Sequence[Token], replace: dict[int, Token]
            ) -> list[tuple[Token, str]] | None:
    """Each label cell of ``cont`` paired with the label cell of ``prev`` in its column
    (the group label and the row label may both run on); None if one has no partner."""
    heads = {t.cell.col: replace.get(t.index, t) for t in _row_heads(prev) if t.cell}
    out = []
    for tok in cont:
        if not (tok.is_label and tok.text):
            continue
        head = heads.get(tok.cell.col) if tok.cell else None
        if head is None:
            return None
        out.append((head, tok.text))
    return out


def _continues(prev: Sequence[Token], cont: Sequence[Token], replace: dict[int, Token],
               best: Callable[[str], float]) -> bool:
    """Whether ``cont`` holds only the rest of ``prev``'s labels (see ``join_broken_rows``)."""
    if any(t.is_value and t.text for t in cont):
        return False
    pieces = _pieces(prev, cont, replace)
    if not pieces or sum(len(rest) for _, rest in pieces) > 60:
        return False
    row_label = max(pieces, key=lambda p: p[0].cell.col if p[0].cell else -1)
    head, rest = row_label
    before, after = best(head.text), best(head.text + rest)
    # The first part names no row but the whole does, or the whole names one clearly better.
    return (before < 1.2 <= after) or (after >= 2.0 and after > before + 0.01)


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


def _table_of(tokens: Sequence[Token], tok: Token, layout: Layout) -> str | None:
    for table in layout.tables:
        if table.shape != "rows":
            continue
        for row in table.rows:
            if label_score(tok, row) >= 1.2:
                return table.key
        for col in table.columns:
            if label_score(tok, col) >= 1.2:
                return table.key
    if "第二十条" in tok.norm:
        return None
    return "applications" if any(p in tok.norm for p in ("补正", "收费通知")) else None


def header_units(raw: RawTable) -> dict[str, str]:
    out: dict[str, str] = {}
    for (_row, col), cell in raw.cells.items():
        if cell.header and col not in out:
            unit = header_unit(cell.header)
            if unit:
                out[col] = unit
    return out
