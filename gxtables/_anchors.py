"""Row anchors: which label token names which template row — in template order by a
monotone alignment, then rows printed out of order or with misprinted labels."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import attrs

from ._align import (
    row_values,
)
from ._normalize import split_numbering
from ._per_table import per_table
from ._phrases import LABEL_MAX, known, label_hits
from ._templates import LAYOUTS, RowSpec, TableSpec
from ._tokens import NAMES, NAMES_WHOLLY, Token, could_name, label_score, label_scores, naming

__all__ = [
    "Candidate", "RowIndex", "align_rows", "anchor_candidates", "approximate_rows",
    "find_row_anchors", "out_of_order_rows", "row_index", "rows_known", "searchable",
]


def find_row_anchors(tokens: Sequence[Token], table: TableSpec,
                     index: RowIndex | None = None) -> dict[str, int]:
    """Assign template rows to label tokens: strictly in template order, maximising the
    total label score (a monotone alignment, solved by dynamic programming). ``index``,
    when given, is ``row_index(tokens)``: only the tokens it keeps for ``table`` are read."""
    if index is not None:
        pool = index.pool(table)
        if pool is not None:
            tokens = pool
    cands = anchor_candidates(tokens, table)
    return _one_copy(align_rows(cands, table), cands, tokens, table)


def _one_copy(anchors: dict[str, int], cands: Sequence[Candidate], tokens: Sequence[Token],
              table: TableSpec) -> dict[str, int]:
    """``anchors`` with rows taken from another grid moved to the grid holding the most rows
    of the table, where it names them too: a small table in the prose naming a few
    of the same rows (规章 | 12, 本年新收政府信息公开申请数量 | 30 | 41) before the statutory
    one is not part of it, even where it prints the fuller label. Only rows of exact grids
    (HTML, DOCX, Markdown, ruled PDF) move, and only in the rows' order."""
    if len(anchors) < 2:
        return anchors
    by_index = {t.index: t for t in tokens}
    grids = {by_index[i].grid for i in anchors.values()}
    if len(grids) < 2 or not all(by_index[i].exact and by_index[i].grid is not None
                                 for i in anchors.values()):
        return anchors
    per_grid = {g: align_rows([c for c in cands if by_index[c[0]].grid == g], table)
                for g in grids}
    home = max(grids, key=lambda g: (len(per_grid[g]), -min(per_grid[g].values(), default=0)))
    moved = dict(anchors)
    for key, idx in anchors.items():
        alt = per_grid[home].get(key)
        if alt is not None and by_index[idx].grid != home:
            moved[key] = alt
    placed = [moved[r.key] for r in table.rows if r.key in moved]
    if placed != sorted(set(placed)):
        return anchors  # moved out of the rows' order (or two rows on one label)
    return moved


@attrs.frozen
class RowIndex:
    """A document's label tokens sorted, in one pass, by the templates' tables whose rows
    they may name (the phrase index's answer for their text): each table's search then
    reads its own few tokens instead of all of them. (``row_index`` builds it.)"""

    pools: dict[int, tuple[Token, ...]]  # by the table's id; the templates' tables only

    def pool(self, table: TableSpec) -> tuple[Token, ...] | None:
        """The tokens that may name a row of ``table``, in order; ``None`` for a table the
        index does not cover (not one of the templates')."""
        found = self.pools.get(id(table))
        return found if found is not None and _INDEXED.get(id(table)) is table else None


def row_index(tokens: Sequence[Token]) -> RowIndex:
    """The tokens of ``tokens`` that may name a row, per template table (see ``RowIndex``):
    a text no longer than any label whose phrase-index hits include a row of the table."""
    pools: dict[int, list[Token]] = {key: [] for key in _INDEXED}
    for tok in tokens:
        norm = tok.norm
        if norm and len(norm) <= LABEL_MAX and tok.parsed.kind == "text":
            for key in _tables_named(norm):
                pools[key].append(tok)
    return RowIndex({key: tuple(found) for key, found in pools.items()})


@lru_cache(maxsize=4096)
def _tables_named(norm: str) -> tuple[int, ...]:
    """The ids of the indexed tables one of whose rows the phrase index says ``norm`` names."""
    hits = label_hits(norm)
    return tuple(key for key, ids in _INDEXED_IDS.items() if not ids.isdisjoint(hits))


#: A token that names some row of a table: its index, and its score for each row.
Candidate = tuple[int, list[float]]


def anchor_candidates(tokens: Sequence[Token], table: TableSpec) -> list[Candidate]:
    """The tokens that name some row of ``table`` well enough to anchor it, in order: at most
    one row each, so ``find_row_anchors`` finds no more rows than there are of them."""
    rows = table.rows
    longest, ids, may_name = _row_test(table)
    hits = label_hits
    cands: list[Candidate] = []
    for tok in tokens:
        norm = tok.norm
        if not norm or len(norm) > longest:  # not a row label
            continue
        if ids is not None:  # ``may_name`` written out (no longer than any row label may be)
            if tok.parsed.kind != "text" or ids.isdisjoint(hits(norm)):
                continue
        elif not may_name(tok):
            continue
        scores = label_scores(tok, rows)
        if max(scores, default=0.0) >= NAMES:
            cands.append((tok.index, scores))
    return cands


def align_rows(cands: Sequence[Candidate], table: TableSpec) -> dict[str, int]:
    """``find_row_anchors`` from its candidates."""
    if not cands:
        return {}
    rows = table.rows
    n, m = len(cands), len(rows)
    # best[i][j]: best total using candidates[:i] and rows[:j]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]  # 0 skip cand, 1 skip row, 2 match
    for i in range(1, n + 1):
        tok_index, scores = cands[i - 1]
        above, here, moves = best[i - 1], best[i], move[i]
        penalty = 1e-7 * tok_index  # the earlier of equal labels wins
        left = 0.0  # here[j - 1]
        for j in range(1, m + 1):
            a = above[j]
            s = scores[j - 1]
            if s >= NAMES:  # a match may win only where the label names the row
                c = above[j - 1] + s - penalty
                if c > a and c > left:
                    here[j] = left = c
                    moves[j] = 2
                    continue
            if a >= left:
                here[j] = left = a
            else:
                here[j] = left
                moves[j] = 1
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


@per_table
def _row_test(table: TableSpec
              ) -> tuple[float, frozenset[int] | None, Callable[[Token], bool]]:
    """The longest label that may name one of ``table``'s rows, the ids of its rows when the
    phrase index holds them all (else ``None``), and ``could_name`` of its rows — asked a
    dozen times a document."""
    longest = max(2.5 * max(len(r.norm), 4) + 8 for r in table.rows)
    ids = (frozenset(id(r) for r in table.rows)
           if longest <= LABEL_MAX and all(known(r) for r in table.rows) else None)
    return longest, ids, could_name(table.rows)


#: The templates' tables ``RowIndex`` covers (those ``anchor_candidates`` tests by the phrase
#: index's row ids), by id, and those row ids.
_INDEXED: dict[int, TableSpec] = {
    id(table): table for layout in LAYOUTS.values() for table in layout.tables
    if _row_test(table)[1] is not None}
_INDEXED_IDS: dict[int, frozenset[int]] = {
    key: ids for key, table in _INDEXED.items() if (ids := _row_test(table)[1]) is not None}


def searchable(tokens: Sequence[Token], table: TableSpec) -> Sequence[Token]:
    """The tokens ``find_row_anchors`` can match ``table``'s rows to: those naming a template
    phrase (the index knows the templates' tables; any other table sees every token)."""
    return naming(tokens) if rows_known(table) else tokens


@per_table
def rows_known(table: TableSpec) -> bool:
    """Whether the phrase index knows every row of ``table`` (the templates' tables)."""
    return all(known(r) for r in table.rows)


def out_of_order_rows(tokens: Sequence[Token], table: TableSpec, anchors: dict[str, int],
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


def approximate_rows(tokens: Sequence[Token], table: TableSpec, other: TableSpec | None,
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
        # a shortened label (``_abridged``) may keep as few as 0.4 of the characters
        for tok in tokens[max(lo + 1, 0):max(hi, 0)]:
            if (tok.index in used or not tok.is_label or not tok.norm
                    or not 0.4 <= len(tok.norm) / len(row.norm) <= 1.5
                    or table.is_group_label(tok.norm) or tok.norm in table.groups
                    or _names_a_row(tok, table, other)):
                continue
            likeness = _likeness(tok.norm, row.norm)
            if (likeness >= _LIKENESS or _abridged(tok, row)) \
                    and row_values(tokens, tok.index, used).values:
                scored.append((likeness, tok.index))
        scored.sort(reverse=True)
        if scored and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.1):
            found[row.key] = (scored[0][1], scored[0][0])
            used.add(scored[0][1])
    return found


def _abridged(tok: Token, row: RowSpec) -> bool:
    """Whether ``tok`` is ``row``'s label with characters left out only (``4.大量反复申请``
    for ``4.无正当理由大量反复申请``, ``二、上结转申请数量``): every character of it in the
    official label's order, four or more, under the row's own outline number if it prints
    one. Less alike than ``_LIKENESS`` asks, but nothing was added or changed."""
    if len(tok.norm) < 4:
        return False
    number, _ = split_numbering(tok.text)
    if number and number != row.number:
        return False
    rest = iter(row.norm)
    return all(ch in rest for ch in tok.norm)


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
