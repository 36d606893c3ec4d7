"""Repairs of grid reading artefacts before alignment: a row (or a header row) whose label ran
on into a grid row of its own — Word breaks rows across pages, narrow columns wrap — is joined
back, but only when the joined label names a template row or column better. (Labels of
flattened text that ran together or were cut are :mod:`._runon`'s.)"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._grid import Location
from ._records import Issue
from ._runon import OUTLINE_MARK
from ._templates import ColumnSpec, Layout, RowSpec
from ._tokens import (
    NAMES,
    NAMES_EXACTLY,
    NAMES_WHOLLY,
    Token,
    could_name,
    label_score,
    make_token,
    renumber,
)

__all__ = ["join_broken_rows"]


def join_broken_rows(tokens: Sequence[Token], layout: Layout) -> tuple[list[Token], list[Issue]]:
    """Rejoin a row whose label ran on into a row of its own — Word lets a row break across
    a page, and a narrow label column wraps into the next grid row — leaving the values in
    the first part and only the rest of the label in the second.

    Only on exact grids, and only when the joined label names a template row better than
    the first part alone; the second part must hold nothing but that label text.
    """
    if not any(t.exact and t.row is not None and t.cell is not None for t in tokens):
        return list(tokens), []  # no cell of an exact grid (flattened text): nothing to join
    specs = [r for t in layout.tables if t.shape == "rows" for r in t.rows]
    may_name_row = could_name(specs)

    def best(text: str) -> float:
        tok = make_token(0, text, None, None, None, False, Location())
        if not may_name_row(tok):
            return 0.0
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
    headers: list[RowSpec | ColumnSpec] = []
    for table in layout.tables:
        headers.extend(table.rows)
        headers.extend(table.columns)
    may_name_header = could_name(headers)

    def best_header(text: str) -> float:
        tok = make_token(0, text, None, None, None, False, Location())
        if not may_name_header(tok):
            return 0.0
        return max((label_score(tok, spec) for spec in headers), default=0.0)

    above: dict[tuple[int | None, int, int], Token] = {}
    for tok in tokens:
        if tok.cell is not None and tok.exact and tok.is_label and tok.text:
            for col in range(tok.cell.col, tok.cell.col + tok.cell.colspan):
                above[(tok.grid, tok.cell.row + tok.cell.rowspan, col)] = tok
    prev: list[Token] | None = None
    for cont in rows:
        pieces = _header_pieces(cont, above, replace, best_header)
        if not pieces and prev is not None and _continues(prev, cont, replace, best):
            pieces = _pieces(prev, cont, replace)
        if not pieces:
            prev = cont
            continue
        for head, rest in pieces:
            replace[head.index] = make_token(head.index, head.text + rest, head.grid,
                                             head.row, head.cell, head.exact, head.location,
                                             head.aligned)
            issues.append(Issue(
                "reader_note", "info",
                f"the label {head.text!r} runs on in the next row ({rest!r}: a page or line "
                "break); read as one"))
        drop.update(t.index for t in cont)
    if not replace:
        return list(tokens), []
    out: list[Token] = []
    for tok in tokens:
        if tok.index in drop:
            continue
        out.append(replace.get(tok.index, tok))
    return renumber(out), issues


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
        if tok.cell is None or best(tok.text) >= NAMES:
            return None
        head = above.get((tok.grid, tok.cell.row, tok.cell.col))
        if head is None:
            return None
        pieces.append((replace.get(head.index, head), tok.text))
    if not pieces:
        return None
    gained = any(best(h.text) < NAMES <= best(h.text + rest) for h, rest in pieces)
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
    if best(rest) >= NAMES_EXACTLY or OUTLINE_MARK.match(rest.strip()):
        # 7.属于行政执法案卷 under a misprinted 6.属于四程性信息 is a row of its own (its cells
        # empty), not the rest of the label above.
        return False
    before, after = best(head.text), best(head.text + rest)
    # The first part names no row but the whole does, or the whole names one clearly better.
    return (before < NAMES <= after) or (after >= NAMES_WHOLLY and after > before + 0.01)
