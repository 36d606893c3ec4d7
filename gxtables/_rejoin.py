"""Rejoin rows that a PDF's drawing order tore apart (poppler ``pdftotext`` default mode).

``pdftotext`` without ``-layout`` writes text in the order the PDF draws it, one cell per
line. Two artefacts need the template to undo, so they live here, on the token stream, and
not in the reader (issue 12, part 2):

* a table's last row label is drawn after the group labels, below the values of the row
  before it: ``（七）总计 275 10 0 0 0 0 285 0 3 4 3 3 3 16 （三）不予公开 …``
  ``四、结转下年度继续办理`` — two rows' values under one label, the next row's label with none;
* the review/litigation block's fifteen values are drawn in between its header words
  (``结果维 结果纠 …`` / ``持`` / ``正`` …, ``总计``, ``复议后起诉``), a page break and even the
  next section's prose among them.

Both are undone only on rows-unknown text tokens, and only when the table's own arithmetic
agrees: every moved row (every block group) must add up to its 总计 column. Anything else is
left as it was, for the matcher to flag.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._templates import ColumnSpec, Layout, RowSpec, TableSpec
from ._tokens import Token, could_name, label_score, label_scores, mentions, renumber

__all__ = ["rejoin_drawing_order"]

#: How far (tokens) the pieces of one torn row or block may lie apart.
_WINDOW = 160
#: A label token must name its row at least this well (``find_row_anchors`` uses 1.2).
_NAMES_ROW = 1.2


def rejoin_drawing_order(tokens: Sequence[Token], layout: Layout) -> list[Token]:
    """``tokens`` with torn rows put back together (see the module docstring), renumbered.
    Tokens of grids with known rows (HTML, DOCX, PDF, tab-separated text) are never moved."""
    out = list(tokens)
    for table in layout.tables:
        if not _sums_to_total(table):
            continue
        if table.shape == "rows":
            out = _place_trailing_row_labels(out, table)
        else:
            out = _gather_block_values(out, table, layout)
    return renumber(out)


def _sums_to_total(table: TableSpec) -> bool:
    """Tables whose last column is the row's total (applications, review/litigation)."""
    return len(table.columns) >= 3 and table.columns[-1].key == "total"


def _loose(tok: Token) -> bool:
    """A token of rows-unknown text (one cell per line): the only kind repaired here."""
    return tok.row is None and not tok.exact and not tok.aligned


def _number(tok: Token) -> float | None:
    value = tok.parsed.value if tok.parsed.kind == "number" else None
    return float(value) if isinstance(value, int | float) else None


def _adds_up(part: Sequence[Token]) -> bool:
    """The row rule of a table whose last column is 总计: the last number is the sum of the
    others (every cell printed as a number)."""
    numbers = [_number(t) for t in part]
    if any(n is None for n in numbers):
        return False
    values = [n for n in numbers if n is not None]
    return abs(sum(values[:-1]) - values[-1]) < 1e-9


def _best_row(tok: Token, table: TableSpec, may_name: Callable[[Token], bool]) -> int | None:
    """The template row ``tok`` names, when it names exactly one best (``may_name``: the
    quick test of ``could_name(table.rows)``)."""
    if not tok.is_label or not tok.norm or not may_name(tok):
        return None
    scores = label_scores(tok, table.rows)
    top = max(scores, default=0.0)
    if top < _NAMES_ROW or scores.count(top) != 1:
        return None
    return scores.index(top)


def _place_trailing_row_labels(tokens: list[Token], table: TableSpec) -> list[Token]:
    """``A v1…v2w L… B`` → ``A v1…vw B vw+1…v2w L…`` where ``A`` names row k, ``B`` row k+1 and
    no values follow ``B``: B's label was drawn after the group labels (L) below its values.
    Each moved row must add up."""
    width = len(table.columns)
    may_name = could_name(table.rows)
    i = 0
    while i < len(tokens):
        head = tokens[i]
        k = _best_row(head, table, may_name) if _loose(head) else None
        if k is None:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and _loose(tokens[j]) and tokens[j].parsed.kind == "number":
            j += 1
        run = j - i - 1
        m = run // width
        if run % width or m < 2 or k + m > len(table.rows):
            i += 1
            continue
        # The labels after the run (no value among them) must name rows k+1 … k+m-1 in order,
        # each with no value of its own after it.
        found: list[int] = []
        want = k + 1
        p = j
        while p < min(len(tokens), j + 40) and want < k + m:
            tok = tokens[p]
            if not _loose(tok) or tok.is_value:
                break
            if _best_row(tok, table, may_name) == want:
                found.append(p)
                want += 1
            p += 1
        next_is_value = p < len(tokens) and tokens[p].is_value and want == k + m
        if len(found) != m - 1 or next_is_value:
            i += 1
            continue
        chunks = [tokens[i + 1 + r * width: i + 1 + (r + 1) * width] for r in range(m)]
        if not all(_adds_up(c) for c in chunks):
            i += 1
            continue
        moved = set(found)
        rebuilt = [head, *chunks[0]]
        for r in range(1, m):
            rebuilt.append(tokens[found[r - 1]])
            rebuilt.extend(chunks[r])
        rest = [t for q, t in enumerate(tokens[j:p], start=j) if q not in moved]
        tokens = [*tokens[:i], *rebuilt, *rest, *tokens[p:]]
        i += 1 + run + m
    return tokens


def _gather_block_values(tokens: list[Token], table: TableSpec, layout: Layout
                         ) -> list[Token]:
    """The block's values drawn among its header words (and a page break's prose): when the
    first ``rows × columns`` numbers after its first row label form groups that each add up,
    they are put together where the first of them stands, the words after them.

    The sums cannot see values swapped inside a group, so the drawing order must be the one
    pdftotext gives a plain block: each group's cells before 总计 drawn together, anything
    else only before a group's total or between groups, and nothing in between that names
    a row of another table (a page break's labels mixed in)."""
    first = table.rows[0]
    width = len(table.columns)
    expected = width * len(table.rows)
    start = next((q for q, t in enumerate(tokens)
                  if _loose(t) and t.is_label and t.norm.startswith(first.norm)
                  and len(t.norm) <= 40), None)  # the header may run on (行政复议行政诉讼…)
    if start is None:
        return tokens
    values: list[int] = []
    others: list[int] = []
    p = start + 1
    while p < min(len(tokens), start + _WINDOW) and len(values) < expected:
        tok = tokens[p]
        if not _loose(tok):
            return tokens
        if tok.is_value:
            if tok.parsed.kind != "number":
                return tokens  # an empty cell among them: which cell it is, is unknown
            values.append(p)
        elif values:
            others.append(p)
        p += 1
    if len(values) != expected or (p < len(tokens) and tokens[p].parsed.kind == "number"):
        return tokens
    if not others or others[-1] < values[0]:
        return tokens  # already together
    for r in range(len(table.rows)):
        part = values[r * width:(r + 1) * width - 1]
        if part[-1] - part[0] != len(part) - 1:
            return tokens  # a group's cells drawn apart: their order is not sure
    rows = [row for t in layout.tables if t.shape == "rows" for row in t.rows]
    own: list[RowSpec | ColumnSpec] = [*table.rows, *table.columns]
    if any(tokens[q].is_label and not any(mentions(tokens[q], spec) for spec in own)
           and any(label_score(tokens[q], row) >= _NAMES_ROW for row in rows)
           for q in others if values[0] < q < values[-1]):
        return tokens
    groups = [[tokens[q] for q in values[r * width:(r + 1) * width]]
              for r in range(len(table.rows))]
    if not all(_adds_up(g) for g in groups):
        return tokens
    lo = values[0]
    between = [tokens[q] for q in others]
    return [*tokens[:lo], *(tokens[q] for q in values), *between, *tokens[p:]]
