"""What the drawing-order repairs (:mod:`._rejoin`, :mod:`._rejoin_header`) ask of a token of
rows-unknown text: is it loose (repairable), which template row does it name best, do these
values add up as one row of a table whose last column is 总计."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._caches import register
from ._per_table import per_table
from ._phrases import LABEL_MAX, known, label_hits
from ._templates import TableSpec
from ._tokens import NAMES, Token, could_name, label_scores, naming_at

__all__ = ["NAMES_ROW", "adds_up", "best_row", "first_row_at", "loose", "loose_numbers",
           "row_candidates", "sums_to_total"]

#: A label token must name its row at least this well (as ``find_row_anchors`` asks).
NAMES_ROW = NAMES


def sums_to_total(table: TableSpec) -> bool:
    """Tables whose last column is the row's total (applications, review/litigation)."""
    return len(table.columns) >= 3 and table.columns[-1].key == table.total_column


def loose(tok: Token) -> bool:
    """A token of rows-unknown text (one cell per line): the only kind the repairs move."""
    return tok.row is None and not tok.exact and not tok.aligned


def loose_numbers(tokens: Sequence[Token]) -> int:
    """How many loose tokens are numbers: the repairs that move values need a run of them
    (a row's or a block group's worth), so a stream with fewer is left as it is without a
    look at its labels. (Tab-separated text has none but what its prose holds.)"""
    return sum(1 for t in tokens
               if t.row is None and t.parsed.kind == "number" and not t.exact and not t.aligned)


def _number(tok: Token) -> float | None:
    value = tok.parsed.value if tok.parsed.kind == "number" else None
    return float(value) if isinstance(value, int | float) else None


def adds_up(part: Sequence[Token], subtotal: bool = False) -> bool:
    """The row rule of a table whose last column is 总计: the last number is the sum of the
    others (every cell printed as a number). With a ``subtotal`` (小计) before 总计, it is the
    sum of the columns after the first, and 总计 the first plus it."""
    numbers = [_number(t) for t in part]
    if any(n is None for n in numbers):
        return False
    values = [n for n in numbers if n is not None]
    if subtotal:
        return (len(values) >= 4 and abs(sum(values[1:-2]) - values[-2]) < 1e-9
                and abs(values[0] + values[-2] - values[-1]) < 1e-9)
    return abs(sum(values[:-1]) - values[-1]) < 1e-9


@per_table
def _may_name_row(table: TableSpec) -> tuple[frozenset[int] | None, Callable[[Token], bool]]:
    """The ids of ``table``'s rows when the phrase index answers for them all (else
    ``None``), and ``could_name`` of its rows."""
    ids = frozenset(id(r) for r in table.rows) if all(known(r) for r in table.rows) else None
    return ids, could_name(table.rows)


def best_row(tok: Token, table: TableSpec) -> int | None:
    """The template row ``tok`` names, when it names exactly one best. (``could_name``'s
    test written out for the templates' tables: most tokens asked about name none of the
    rows.)"""
    norm = tok.norm
    if tok.parsed.kind != "text" or not norm:
        return None
    ids, may_name = _may_name_row(table)
    if ids is None:
        return _best_of(label_scores(tok, table.rows)) if may_name(tok) else None
    if len(norm) > LABEL_MAX or ids.isdisjoint(label_hits(norm)):
        return None
    # The repairs ask this of the same labels again and again: kept by the label's norm and
    # number (all the scores read of it), the table held beside its answer.
    key = (id(table), norm, tok.number)
    kept = _BEST.get(key)
    if kept is not None and kept[0] is table:
        return kept[1]
    found = _best_of(label_scores(tok, table.rows))
    if len(_BEST) >= _MOST_BEST:
        _BEST.clear()
    _BEST[key] = (table, found)
    return found


def _best_of(scores: Sequence[float]) -> int | None:
    """Where the one best score of at least ``NAMES_ROW`` stands (``None``: no such one)."""
    top = max(scores, default=0.0)
    if top < NAMES_ROW or scores.count(top) != 1:
        return None
    return scores.index(top)


#: ``best_row``'s answers for the templates' tables, by (id of the table, norm, number).
_BEST: dict[tuple[int, str, str], tuple[TableSpec, int | None]] = {}
_MOST_BEST = 8192
register(_BEST.clear)


@per_table
def _rows_known(table: TableSpec) -> bool:
    """Whether the phrase index answers for every row of ``table``."""
    return all(known(r) for r in table.rows)


def row_candidates(tokens: Sequence[Token], table: TableSpec) -> Sequence[int]:
    """The positions in ``tokens`` where ``best_row`` may be other than ``None``, in order:
    the tokens the phrase index says name something (a few dozen of a report's hundreds;
    kept while the stream is the same), or every position for a table the index does not
    know. Shared: read it, never change it."""
    return naming_at(tokens) if _rows_known(table) else range(len(tokens))


def first_row_at(tokens: Sequence[Token], table: TableSpec) -> int | None:
    """The position of the first loose token naming ``table``'s first row best. (Where the
    phrase index answers for the table's rows, a token it does not say names the first row
    scores 0 for it: only those it does are scored.)"""
    first = id(table.rows[0]) if _rows_known(table) else None
    return next((q for q in row_candidates(tokens, table)
                 if loose(tokens[q])
                 and (first is None or first in label_hits(tokens[q].norm))
                 and best_row(tokens[q], table) == 0), None)
