"""Rejoin rows that a PDF's drawing order tore apart (poppler ``pdftotext`` default mode).

``pdftotext`` without ``-layout`` writes text in the order the PDF draws it, one cell per
line. These artefacts need the template to undo, so they live here, on the token stream, and
not in the reader (issue 12, part 2):

* header cells wrapped in narrow columns come as pieces, first lines together
  (``自然人 商业企 科研机`` / ``业`` / ``构``): joined when the pieces complete column names;
* header words drawn among the first row's values after a page break
  (``一、… 155 0 0 2 0 其他 0 总计 157``) go back to the header;
* a row's label drawn at the end of the document goes back before its unlabelled values;

* a table's last row label is drawn after the group labels, below the values of the row
  before it: ``（七）总计 275 10 0 0 0 0 285 0 3 4 3 3 3 16 （三）不予公开 …``
  ``四、结转下年度继续办理`` — two rows' values under one label, the next row's label with none;
  a row label of such a run may even be drawn inside the next table (``（七）总计`` among the
  review values): it is copied before its row's values, and also left where it stands, so
  the review repair still sees that the order there is not the cells';
* the review/litigation block's fifteen values are drawn in between its header words
  (``结果维 结果纠 …`` / ``持`` / ``正`` …, ``总计``, ``复议后起诉``), a page break and even the
  next section's prose among them.

The header repairs are :mod:`._rejoin_header`'s, the token tests both use :mod:`._torn`'s;
rows written wholly apart from their labels (LibreOffice's export) are :mod:`._apart`'s.
All is undone only on rows-unknown text tokens, and values move only when the table's own
arithmetic agrees: every moved row (every block group) must add up to its 总计 column (and
小计). Anything else is left as it was, for the matcher to flag.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import combinations, pairwise

from ._apart import rows_written_apart
from ._phrases import known
from ._rejoin_header import (
    header_words_after_row_label,
    header_words_out_of_first_row,
    join_header_fragments,
)
from ._rejoin_stack import STACK_GAP, place_group_pieces, place_stacked_row_labels
from ._review_blanks import blank_count
from ._templates import ColumnSpec, Layout, RowSpec, TableSpec
from ._tokens import Token, label_score, make_token, mentions, naming_at, renumber
from ._torn import (
    NAMES_ROW,
    adds_up,
    best_row,
    loose,
    loose_numbers,
    row_candidates,
    sums_to_total,
)

__all__ = ["rejoin_apart", "rejoin_drawing_order"]

#: How far (tokens) the pieces of one torn row or block may lie apart.
_WINDOW = 160
#: At most this many of a block's numbers may have wrapped onto a second line.
_MAX_WRAPPED = 2


def rejoin_drawing_order(tokens: Sequence[Token], layout: Layout) -> list[Token]:
    """``tokens`` with torn rows put back together (see the module docstring), renumbered.
    Tokens of grids with known rows (HTML, DOCX, PDF, tab-separated text) are never moved."""
    out = list(tokens)
    # The repairs that move values need loose numbers: header words among the first row's
    # values a row's worth (``width``), a stray or trailing row label two rows' worth, a
    # block group one group's. The count never grows (the repairs move tokens, join two
    # wrapped numbers into one, rename header pieces), so counted once it bounds them all.
    numbers = loose_numbers(out)
    for table in layout.tables:
        width = len(table.columns)
        if table.shape == "rows" and sums_to_total(table):
            if numbers >= width:
                out = header_words_out_of_first_row(out, table)
                out = header_words_after_row_label(out, table)
            if numbers >= 2 * width:
                out = _place_stray_row_labels(out, table)
        if table.shape == "rows":
            out = join_header_fragments(out, table)
        if not sums_to_total(table):
            continue
        if table.shape == "rows":
            if numbers >= 2 * width:
                out = place_stacked_row_labels(out, table)
                out = place_group_pieces(out, table)
                out = _place_trailing_row_labels(out, table)
        elif numbers >= width:
            out = _gather_block_values(out, table, layout)
    return renumber(out)


def rejoin_apart(tokens: Sequence[Token], layout: Layout) -> list[Token]:
    """``tokens`` with the rows whose label pieces and values were written apart put back
    together (:mod:`._apart`), renumbered: before any repair joins label pieces its own way."""
    out = list(tokens)
    for table in layout.tables:
        if table.shape == "rows" and sums_to_total(table):
            out = rows_written_apart(out, table, layout)
    return renumber(out)


def _place_trailing_row_labels(tokens: list[Token], table: TableSpec) -> list[Token]:
    """``A v1…v2w L… B`` → ``A v1…vw B vw+1…v2w L…`` where ``A`` names row k, ``B`` row k+1 and
    no values follow ``B``: B's label was drawn after the group labels (L) below its values.
    Each moved row must add up; a row of the columns and a 小计 adds up with it, and only
    one of the two widths may fit."""
    may = row_candidates(tokens, table)  # (in order: only these may name a row)
    i = 0
    while (c := bisect.bisect_left(may, i)) < len(may):
        i = may[c]
        head = tokens[i]
        k = best_row(head, table) if loose(head) else None
        if k is None:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and loose(tokens[j]) and tokens[j].parsed.kind == "number":
            j += 1
        fits = [fit for width in (len(table.columns), len(table.columns) + 1)
                if (fit := _trailing_rows(tokens, i, j, k, width, table)) is not None]
        if len(fits) != 1:
            i += 1
            continue
        found, chunks, p = fits[0]
        moved = set(found)
        rebuilt = [head, *chunks[0]]
        for r in range(1, len(chunks)):
            rebuilt.append(tokens[found[r - 1]])
            rebuilt.extend(chunks[r])
        rest = [t for q, t in enumerate(tokens[j:p], start=j) if q not in moved]
        tokens = [*tokens[:i], *rebuilt, *rest, *tokens[p:]]
        may = row_candidates(tokens, table)
        i += j - i + len(chunks) - 1
    return tokens


def _trailing_rows(tokens: list[Token], i: int, j: int, k: int, width: int, table: TableSpec
                   ) -> tuple[list[int], list[list[Token]], int] | None:
    """For row ``k``'s label at ``i`` and its run of numbers up to ``j``, read as rows of
    ``width`` values: the later rows' labels, the rows' values, and where the labels end."""
    run = j - i - 1
    m = run // width
    if run % width or m < 2 or k + m > len(table.rows):
        return None
    # The labels after the run (no value among them) name rows of k+1 … k+m-1 in order,
    # each with no value of its own after it; a row whose label is not among them may have
    # it drawn further on (inside the next table), where it is copied from.
    at: dict[int, int] = {}
    want = k + 1
    p = j
    while p < min(len(tokens), j + 40) and want < k + m:
        tok = tokens[p]
        if not loose(tok) or (tok.is_value and (tok.parsed.kind == "number" or len(tok.text) > 1)):
            break  # (a one-character word that reads as a value, 无 of 无法提供, is a label's)
        r = best_row(tok, table)
        if r is not None and want <= r < k + m:
            at[r] = p
            want = r + 1
        p += 1
    if at and len(at) < m - 1:
        for r in range(k + 1, k + m):
            if r not in at and (q := _drawn_later(tokens, p, r, width, table)) is not None:
                at[r] = q
    found = [at[r] for r in sorted(at)]
    next_is_value = p < len(tokens) and tokens[p].is_value and want == k + m
    if len(found) != m - 1 or next_is_value or _bare_label_before(tokens, i, k, table):
        return None
    chunks = [tokens[i + 1 + r * width: i + 1 + (r + 1) * width] for r in range(m)]
    subtotal = width > len(table.columns)
    if not all(adds_up(c, subtotal) for c in chunks):
        return None
    return found, chunks, p


def _bare_label_before(tokens: list[Token], i: int, k: int, table: TableSpec) -> bool:
    """Row ``k - 1``'s label drawn right before row ``k``'s at ``i``, no value between
    (``4.保护第三方合法权益`` / ``开`` / ``5.属于三类内部事务信息`` / two rows' values): the
    values may as well be rows k-1 and k as k and k+1, and the sums cannot tell."""
    q = i - 1
    while q >= 0 and i - q <= STACK_GAP and loose(tokens[q]) and not tokens[q].is_value:
        if best_row(tokens[q], table) == k - 1:
            return True
        q -= 1
    return False


def _drawn_later(tokens: list[Token], p: int, r: int, width: int, table: TableSpec
                 ) -> int | None:
    """The one loose label naming row ``r`` with its outline number, when it stands from ``p``
    on and has no row of values of its own (fewer than ``width`` numbers follow it)."""
    number = table.rows[r].number
    if number is None:
        return None
    # the row's own label, with its outline number: （七）总计, not the header word 总计
    numbered = re.compile(rf"[（(]?{re.escape(number)}[）)、.．]")
    named = [q for q in row_candidates(tokens, table) if loose(tokens[q])
             and best_row(tokens[q], table) == r and numbered.match(tokens[q].text.strip())]
    if len(named) != 1 or named[0] < p:
        return None
    q = named[0] + 1
    while q < len(tokens) and q - named[0] <= width and tokens[q].parsed.kind == "number":
        q += 1
    return named[0] if q - named[0] - 1 < width else None


def _gather_block_values(tokens: list[Token], table: TableSpec, layout: Layout
                         ) -> list[Token]:
    """The block's values drawn among its header words (and a page break's prose): when the
    first ``rows × columns`` numbers after its first row label form groups that each add up,
    they are put together where the first of them stands, the words after them.

    The sums cannot see values swapped inside a group, so the drawing order must be the one
    pdftotext gives a plain block: between a group's cells before 总计 only this table's
    header words (总计 drawn before 尚未审结's value) or words naming nothing of any table (the
    next section's heading, prose), and nothing in between that names a row of another table
    (a page break's labels mixed in, where the drawing order is not the cells' order)."""
    first = table.rows[0]
    # The header may run on (行政复议行政诉讼…), or the section's heading run into it; a
    # sentence of prose before the table may begin with the label too (行政复议或诉讼案件。).
    for start in _may_hold(tokens, first):
        tok = tokens[start]
        if loose(tok) and tok.is_label and len(tok.norm) <= 40 and (
                tok.norm.startswith(first.norm) or tok.norm.endswith(first.norm)):
            gathered = _gathered_from(tokens, start, table, layout)
            if gathered is not tokens:
                return gathered
    return tokens


def _gathered_from(tokens: list[Token], start: int, table: TableSpec, layout: Layout
                   ) -> list[Token]:
    """:func:`_gather_block_values` from the row label at ``start``."""
    width = len(table.columns)
    expected = width * len(table.rows)
    collected = _block_numbers(tokens, start, expected)
    if collected is None:
        return tokens
    values, others, p = collected
    cells = [tokens[q] for q in values]
    blanks = False
    if len(values) != expected or (p < len(tokens) and tokens[p].parsed.kind == "number"):
        # blank cells lost: the block's values are those that cut into groups adding up
        n = blank_count(cells, width, len(table.rows))
        if n is None:
            wrapped = _wrapped_numbers(tokens, start, width, len(table.rows))
            if wrapped is None:
                return tokens
            cells, values, others, p = wrapped
        else:
            values, blanks, p = values[:n], True, values[n - 1] + 1
            cells = cells[:n]
            others = [q for q in others if q < p]
    elif not all(adds_up(cells[r * width:(r + 1) * width]) for r in range(len(table.rows))):
        wrapped = _wrapped_numbers(tokens, start, width, len(table.rows))
        if wrapped is None:
            return tokens
        cells, values, others, p = wrapped
    if not others or others[-1] < values[0]:
        return tokens  # already together
    own: list[RowSpec | ColumnSpec] = [*table.rows, *table.columns]
    foreign: list[RowSpec | ColumnSpec] = []
    for t in layout.tables:
        if t.key != table.key:
            foreign += [*t.rows, *t.columns]
    spans = [values] if blanks else [values[r * width:(r + 1) * width - 1]
                                     for r in range(len(table.rows))]
    for part in spans:
        if any(not _plain_word(tokens[q], own, foreign) for q in range(part[0], part[-1])
               if not tokens[q].is_value):
            return tokens  # a group's cells drawn apart among other tables' words
    rows = [row for t in layout.tables if t.shape == "rows" for row in t.rows]
    if any(tokens[q].is_label and not any(mentions(tokens[q], spec) for spec in own)
           and any(label_score(tokens[q], row) >= NAMES_ROW for row in rows)
           for q in others if values[0] < q < values[-1]):
        return tokens
    lo = values[0]
    between = [tokens[q] for q in others]
    # empty lines before the first value (a page break) would read as the block's first cell
    head = [t for t in tokens[start:lo] if t.is_label or t.text]
    return [*tokens[:start], *head, *cells, *between, *tokens[p:]]


def _block_numbers(tokens: Sequence[Token], start: int, limit: int
                   ) -> tuple[list[int], list[int], int] | None:
    """The positions of the first ``limit`` numbers after a block's first row label, of the
    words among them, and where the scan stopped; ``None`` when a token of another kind of
    text or an empty cell stands among them (which cell it is, is unknown)."""
    values: list[int] = []
    others: list[int] = []
    p = start + 1
    while p < min(len(tokens), start + _WINDOW) and len(values) < limit:
        tok = tokens[p]
        if not loose(tok):
            return None
        if tok.is_value:
            if not tok.text and not values and p + 1 < len(tokens) and tokens[p + 1].is_label:
                p += 1  # an empty line between header words (a page break), not a cell
                continue
            if not tok.text and all(not t.is_value or not t.text
                                    for t in tokens[p:start + _WINDOW]):
                break  # the text ends (an empty line at the page's end)
            if tok.parsed.kind != "number":
                return None
            values.append(p)
        elif values:
            others.append(p)
        p += 1
    return values, others, p


def _wrapped_numbers(tokens: Sequence[Token], start: int, width: int, groups: int
                     ) -> tuple[list[Token], list[int], list[int], int] | None:
    """The block's cells when a number too wide for its narrow cell wrapped onto the next
    line (``11`` / ``9`` for 119): the one way of joining up to two pairs of numbers on
    consecutive lines that makes every group add up. Returns the cells, the positions they
    came from, the words among them and where they end; ``None`` unless exactly one way."""
    expected = width * groups
    found: list[tuple[list[Token], list[int], int]] = []
    for extra in range(1, _MAX_WRAPPED + 1):
        collected = _block_numbers(tokens, start, expected + extra)
        if collected is None or len(collected[0]) != expected + extra:
            break
        values, others, p = collected
        if p < len(tokens) and tokens[p].parsed.kind == "number":
            continue
        pairs = [k for k in range(len(values) - 1) if _wrapped_pair(tokens[values[k]],
                                                                     tokens[values[k + 1]])]
        for chosen in combinations(pairs, extra):
            if any(b - a < 2 for a, b in pairwise(chosen)):
                continue  # a number wraps once: pairs may not overlap
            cells: list[Token] = []
            k = 0
            while k < len(values):
                tok = tokens[values[k]]
                if k in chosen:
                    low = tokens[values[k + 1]]
                    tok = make_token(0, tok.text + low.text, tok.grid, tok.row, tok.cell,
                                     tok.exact, tok.location)
                    k += 1
                cells.append(tok)
                k += 1
            if all(adds_up(cells[r * width:(r + 1) * width]) for r in range(groups)):
                found.append((cells, values, p))
                if len(found) > 1:
                    return None
        if found:
            break
    if len(found) != 1:
        return None
    cells, values, p = found[0]
    taken = set(values)
    others = [q for q in range(values[0], p) if q not in taken]
    return cells, values, others, p


def _wrapped_pair(top: Token, low: Token) -> bool:
    """Two plain counts on consecutive lines of one column, the upper one at least two
    digits long (a cell wraps only when its number fills it)."""
    return (top.location.line is not None and low.location.line == top.location.line + 1
            and top.text.isdigit() and low.text.isdigit() and len(top.text) >= 2
            and top.text[0] != "0")


def _may_hold(tokens: Sequence[Token], row: RowSpec) -> Sequence[int]:
    """Positions of the tokens that may hold ``row``'s official label (up to ``LABEL_MAX``
    long): those the phrase index says name something, when one of the row's match phrases
    is part of its label (a token holding the label then holds the phrase); else all."""
    if known(row) and any(p and p in row.norm for p in row.match):
        return naming_at(tokens)
    return range(len(tokens))


def _plain_word(tok: Token, own: Sequence[RowSpec | ColumnSpec],
                foreign: Sequence[RowSpec | ColumnSpec]) -> bool:
    """A word that may stand between a group's cells: one of the table's own header words,
    or a word that names no row or column of another table."""
    if any(mentions(tok, spec) for spec in own):
        return True
    return not any(mentions(tok, spec) or label_score(tok, spec) >= NAMES_ROW
                   for spec in foreign)


def _place_stray_row_labels(tokens: list[Token], table: TableSpec) -> list[Token]:
    """A row's label drawn far after its table (the label column of a page written last):
    when the rows before and after it stand in the table, and between them come the row
    before's values, then other words (a repeated header), then as many values again that
    add up as a row with no label, the label goes before those values."""
    width = len(table.columns)
    rows = _loose_rows(tokens, table)
    for r in range(1, len(table.rows) - 1):
        at = [rows.get(k, []) for k in (r - 1, r, r + 1)]
        if any(len(q) != 1 for q in at):
            continue
        a, lab, b = at[0][0], at[1][0], at[2][0]
        if not a < b < lab or (lab + 1 < len(tokens) and tokens[lab + 1].is_value):
            continue
        between = tokens[a + 1:b]
        nums = [k for k, t in enumerate(between) if t.parsed.kind == "number"]
        if (len(nums) != 2 * width or nums[:width] != list(range(width))
                or nums[width:] != list(range(len(between) - width, len(between)))
                or any(not loose(t) or best_row(t, table) is not None for t in between)):
            continue
        if not (adds_up(between[:width]) and adds_up(between[-width:])):
            continue
        cut = a + 1 + len(between) - width
        tokens = [*tokens[:cut], tokens[lab], *tokens[cut:lab], *tokens[lab + 1:]]
        rows = _loose_rows(tokens, table)
    return tokens


def _loose_rows(tokens: Sequence[Token], table: TableSpec) -> dict[int, list[int]]:
    """Row index → positions of the loose tokens naming it best: one pass over ``tokens``
    instead of one per row asked about."""
    rows: dict[int, list[int]] = {}
    for q in row_candidates(tokens, table):
        t = tokens[q]
        if loose(t) and (k := best_row(t, table)) is not None:
            rows.setdefault(k, []).append(q)
    return rows
