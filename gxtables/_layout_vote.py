"""The layout vote: which official layout (2019 or 2021) a document mostly prints, by the
phrases only one layout has, each weighing the cells it governs."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._anchors import find_row_anchors
from ._per_table import per_table
from ._phrases import evidence_pattern
from ._templates import ARTICLE20_NORM, LATEST, LAYOUTS, Layout, TableSpec
from ._tokens import NAMES, Token, could_name, label_score, naming

__all__ = ["choose_layout", "layout_evidence", "table_of"]


def layout_evidence(tokens: Sequence[Token]) -> dict[str, list[Token]]:
    """Tokens that print a phrase only one layout has, per layout."""
    hits: dict[str, list[Token]] = {key: [] for key in LAYOUTS}
    some = evidence_pattern(tuple(p for layout in LAYOUTS.values() for p in layout.evidence))
    for tok in tokens:
        if not tok.is_label or len(tok.norm) > 60 or not some.search(tok.norm):
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
    named = naming(tokens)
    found = {k: sum(len(find_row_anchors(named, t)) for t in LAYOUTS[k].tables
                    if t.shape == "rows") for k in LAYOUTS}
    return max(found, key=lambda k: (found[k], k == LATEST)), hits


def _cells_of(tokens: Sequence[Token], tok: Token, layout: Layout) -> int:
    """The cells a piece of layout evidence governs: a row label its row's cells, a column
    header its column's, anything else (a caption) one."""
    key = table_of(tokens, tok, layout)
    if key is None:
        return 1
    table = layout.table(key)
    if any(label_score(tok, row) >= NAMES for row in table.rows):
        return len(table.columns)
    if any(label_score(tok, col) >= NAMES for col in table.columns):
        return len(table.rows)
    return 1


def table_of(tokens: Sequence[Token], tok: Token, layout: Layout) -> str | None:
    for table in layout.tables:
        if table.shape != "rows" or not _may_name(table)(tok):
            continue  # (a token naming none of its rows and columns scores 0 for each)
        for row in table.rows:
            if label_score(tok, row) >= NAMES:
                return table.key
        for col in table.columns:
            if label_score(tok, col) >= NAMES:
                return table.key
    if ARTICLE20_NORM in tok.norm:
        return None
    return next((t.key for t in layout.tables if any(p in tok.norm for p in t.phrases)), None)


@per_table
def _may_name(table: TableSpec) -> Callable[[Token], bool]:
    """``could_name`` of ``table``'s rows and columns."""
    return could_name((*table.rows, *table.columns))
