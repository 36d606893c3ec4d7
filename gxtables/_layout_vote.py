"""The layout vote: which official layout (2019 or 2021) a document mostly prints, by the
phrases only one layout has, each weighing the cells it governs."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._anchors import find_row_anchors
from ._per_table import per_table
from ._phrases import evidence_pattern
from ._templates import ARTICLE20_NORM, LATEST, LAYOUTS, Layout, TableSpec
from ._tokens import NAMES, Token, could_name, label_scores, naming

__all__ = ["choose_layout", "layout_evidence", "table_of"]


def layout_evidence(tokens: Sequence[Token]) -> dict[str, list[Token]]:
    """Tokens that print a phrase only one layout has, per layout."""
    hits: dict[str, list[Token]] = {key: [] for key in LAYOUTS}
    some = evidence_pattern(tuple(p for layout in LAYOUTS.values() for p in layout.evidence))
    for tok in tokens:
        norm = tok.norm
        if tok.parsed.kind != "text" or len(norm) > 60 or not some.search(norm):
            continue
        present = {key: [len(p) for p in layout.evidence if p in norm]
                   for key, layout in LAYOUTS.items()}
        for key, mine in present.items():
            # 本年处理决定数量 (2021) contains 处理决定数量 (2019): keep the longer claim — a
            # claim stands unless another layout's phrase in the token is longer than one
            # of its own there.
            if mine and not any(n > min(mine) for other, theirs in present.items()
                                if other != key for n in theirs):
                hits[key].append(tok)
    return hits


def choose_layout(tokens: Sequence[Token], year: int | None = None
                  ) -> tuple[str, dict[str, list[Token]]]:
    """The layout the document mostly is: each piece of layout-only evidence weighs the cells
    it governs (a 第二十条 column header its column, a （六） sub-row its seven cells). With
    no more evidence for one than the other, the layout in force for the report's ``year``
    (when known), else the one under which more row labels are found."""
    hits = layout_evidence(tokens)
    printed = [k for k, v in hits.items() if v]
    if len(printed) == 1 and len(hits) > 1:
        return printed[0], hits  # (each piece weighs a cell or more: no need to weigh them)
    counts = {k: sum(_cells_of(tokens, t, LAYOUTS[k]) for t in v) for k, v in hits.items()}
    if len(set(counts.values())) > 1:
        return max(counts, key=lambda k: counts[k]), hits
    in_force = [k for k, lay in LAYOUTS.items() if year is not None and lay.first_year <= year]
    if in_force:
        return max(in_force, key=lambda k: LAYOUTS[k].first_year), hits
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
    if max(label_scores(tok, table.rows), default=0.0) >= NAMES:
        return len(table.columns)
    if max(label_scores(tok, table.columns), default=0.0) >= NAMES:
        return len(table.rows)
    return 1


def table_of(tokens: Sequence[Token], tok: Token, layout: Layout) -> str | None:
    for table in layout.tables:
        if table.shape != "rows" or not _may_name(table)(tok):
            continue  # (a token naming none of its rows and columns scores 0 for each)
        if (max(label_scores(tok, table.rows), default=0.0) >= NAMES
                or max(label_scores(tok, table.columns), default=0.0) >= NAMES):
            return table.key
    if ARTICLE20_NORM in tok.norm:
        return None
    return next((t.key for t in layout.tables if any(p in tok.norm for p in t.phrases)), None)


@per_table
def _may_name(table: TableSpec) -> Callable[[Token], bool]:
    """``could_name`` of ``table``'s rows and columns."""
    return could_name((*table.rows, *table.columns))
