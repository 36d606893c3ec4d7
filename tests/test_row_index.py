"""``row_index``: a document's label tokens sorted by the template tables whose rows they may
name. Searching a table's rows in its pool finds exactly what searching every token finds."""

from __future__ import annotations

from pathlib import Path

import attrs

from gxtables._anchors import find_row_anchors, row_index
from gxtables._limits import Limits
from gxtables._readers._text import read_text
from gxtables._templates import LAYOUTS
from gxtables._tokens import naming, tokenize

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))


def test_pools_find_what_every_token_finds() -> None:
    for path in SEEDS:
        named = naming(tokenize(read_text(path.read_bytes(), limits=Limits(), source=None)))
        index = row_index(named)
        for layout in LAYOUTS.values():
            for table in layout.tables:
                pool = index.pool(table)
                assert pool is not None  # the templates' tables are all indexed
                assert set(pool) <= set(named)
                found = find_row_anchors(named, table)
                assert find_row_anchors(named, table, index) == found
                if table.shape == "rows":
                    assert found  # the seeds print every table: not a vacuous comparison


def test_a_table_not_the_templates_reads_every_token() -> None:
    table = next(t for t in LAYOUTS["2021"].tables if t.shape == "rows")
    copy = attrs.evolve(table)  # equal, but not the templates' own record
    named = naming(tokenize(read_text(SEEDS[0].read_bytes(), limits=Limits(), source=None)))
    index = row_index(named)
    assert index.pool(copy) is None
    assert find_row_anchors(named, copy, index) == find_row_anchors(named, copy)
