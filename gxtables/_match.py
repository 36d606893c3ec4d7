"""Find the statutory tables in a Document and align their values onto template cells.

One aligner serves every format. A document's blocks, read in reading order with merged
cells once, form a stream of *tokens* (:mod:`._tokens`); an index of the templates'
phrases (:mod:`._phrases`) says at once which tokens could name a row or column. The
matcher

1. ``choose_layout`` (:mod:`._layout_vote`) — weighs the evidence for the 2019 and 2021
   layouts;
2. ``split_run_on_labels``, ``rejoin_drawing_order`` and ``join_broken_rows``
   (:mod:`._runon`, :mod:`._rejoin`, :mod:`._repair`) — repair labels and rows a converter
   ran together, drew apart or a page break split;
3. ``find_row_anchors`` (:mod:`._anchors`) — assigns template rows to label tokens, in
   order, by meaning;
4. per table — labelled rows (:mod:`._rows_table`) or the review/litigation block
   (:mod:`._block_table`): :mod:`._slots` reads the header into the printed column order,
   :mod:`._align` collects the values after each row label and places them — or refuses and
   says why.

Every step is a plain function over plain data: each returns a frozen
:class:`._table_match.TableMatch` its caller adds up, and a table's matcher hands back one
:class:`._table_match.MatchedTable`. The result is the lenient raw stage of
:mod:`._raw` (texts and locations per cell, refused rows, issues); :mod:`._build` types it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._anchors import find_row_anchors, row_index
from ._block_table import match_block_table, printed_as_rows
from ._grid import Document
from ._layout_vote import choose_layout, layout_evidence, table_of
from ._phrases import evidence_pattern
from ._raw import RawMatch, RawTable
from ._records import Issue
from ._repair import join_broken_rows
from ._rows_table import match_rows_table
from ._runon import split_run_on_labels
from ._table_match import MatchedTable
from ._templates import LAYOUTS, Layout, TableSpec
from ._tokens import Token, forget_named, naming, tokenize

__all__ = ["choose_layout", "find_row_anchors", "layout_evidence", "match_layout"]


# -- the whole document ----------------------------------------------------------------------


def match_layout(document: Document, *, layout: str | None = None, year: int | None = None
                 ) -> RawMatch:
    """Find every statutory table of the document's layout and align its values (``year``:
    the report's, which says the layout in force when the labels do not tell)."""
    tokens = tokenize(document)
    key, hits = (choose_layout(tokens, year) if layout is None
                 else (layout, layout_evidence(tokens)))
    chosen = LAYOUTS[key]
    if any(t.row is None and t.cell is not None and not t.exact and not t.aligned
           for t in tokens):
        # Cells of rows-unknown text (one per line, or a line's run-together pieces): rows a
        # converter tore apart or ran together are put back. With none (grids, tab-separated
        # text, prose) there is no such row, and nothing to put back.
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
            table_of(tokens, hits[other_key][0], chosen)))
    tables: dict[str, RawTable] = {}
    claimed: set[int] = set()
    named = naming(tokens)  # the only tokens a template's row labels can be
    index = row_index(named)
    anchors = {t.key: find_row_anchors(named, t, index) for t in chosen.tables
               if t.shape == "rows"}
    landmarks = _landmarks(tokens, chosen, anchors)
    for table in chosen.tables:
        other_table = other.table(table.key) if table.key in other.table_keys else None
        if table.shape == "rows":
            found = match_rows_table(
                tokens, table, other_table, claimed, anchors[table.key], landmarks, named,
                index)
            found = _later_copy_if_better(tokens, table, other_table, claimed, found,
                                          landmarks, named)
        elif printed_as_rows(tokens, table, claimed, named):
            # Some reports print this table as three labelled rows of five numbers.
            found = match_rows_table(
                tokens, table, None, claimed, find_row_anchors(named, table, index), landmarks,
                named, index)
        else:
            found = match_block_table(tokens, table, claimed)
        tables[table.key] = found.raw
        issues.extend(found.issues)
        claimed |= found.consumed
    forget_named()
    return RawMatch(chosen, tables, tuple(issues), evidence)


def _later_copy_if_better(tokens: Sequence[Token], table: TableSpec, other: TableSpec | None,
                          claimed: set[int], found: MatchedTable, landmarks: set[int],
                          named: Sequence[Token]) -> MatchedTable:
    """A table printed twice whose first copy does not fit the template — a summary table in
    the prose naming the same rows under other columns (规章 | 12), before the statutory one:
    the copy after it is read instead when it fits better (fewer errors and unnamed headers).
    The first copy is read whenever it fits as well (reports paste a table twice)."""
    if not found.consumed or not any(i.code == "duplicate_table" for i in found.issues):
        return found
    misfit = _misfit(found)
    if not misfit:
        return found
    end = max(found.consumed)
    later = [t for t in named if t.index > end]
    again = match_rows_table(tokens, table, other, claimed, find_row_anchors(later, table),
                             landmarks, later)
    if not again.consumed or _misfit(again) >= misfit:
        return found
    first, read = (m.raw.location.to_dict() if m.raw.location else None
                   for m in (found, again))
    note = Issue(
        "duplicate_table", "warning",
        f"table {table.key!r} appears more than once; the copy at {read or 'a later block'} "
        f"was read, as the first (at {first or 'an earlier block'}) does not fit its "
        f"template ({misfit} of its rows or headers could not be read)", table.key)
    return MatchedTable(again.raw, (note, *again.issues), again.consumed)


def _misfit(found: MatchedTable) -> int:
    """How badly a table's copy fits its template: its errors and unnamed headers."""
    return sum(1 for i in found.issues
               if i.severity == "error" or i.code == "header_not_matched")


def _landmarks(tokens: Sequence[Token], layout: Layout,
               anchors: dict[str, dict[str, int]]) -> set[int]:
    """Tokens no row's values may run past: every table's row labels and captions."""
    marks: set[int] = set()
    for found in anchors.values():
        marks.update(found.values())
    captions = evidence_pattern(tuple(c for t in layout.tables for c in t.captions
                                      if len(c) >= 4))
    for tok in tokens:
        if tok.parsed.kind == "text" and captions.search(tok.norm):  # (``is_label`` written out)
            marks.add(tok.index)
    return marks
