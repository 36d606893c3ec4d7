"""``per_table``: a value derived from a template table is computed once per table."""

from __future__ import annotations

import attrs

from gxtables._per_table import per_table
from gxtables._templates import LAYOUTS, TableSpec


def test_derived_once_per_table_and_again_for_another() -> None:
    calls: list[str] = []

    @per_table
    def rows_of(table: TableSpec) -> int:
        calls.append(table.key)
        return len(table.rows)

    applications = LAYOUTS["2021"].table("applications")
    assert rows_of(applications) == rows_of(applications) == len(applications.rows)
    assert calls == ["applications"]
    # an equal table that is another object is derived on its own
    copy = attrs.evolve(applications)
    assert rows_of(copy) == len(applications.rows)
    assert calls == ["applications", "applications"]
