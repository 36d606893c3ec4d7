"""Values derived from a template table, computed once per table.

The matcher asks the same questions of the same few tables for every token of every document
(which of its rows a label may name, how long its longest label is, ...). The answers depend
on the table alone, so each is kept per table: by id, the table held beside its answer so
the id stays its own; bounded, since only tables built outside the templates come and go.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from ._templates import TableSpec

__all__ = ["per_table"]

T = TypeVar("T")

#: How many tables' answers one derived value keeps before starting again.
_MOST = 256


class per_table(Generic[T]):
    """``derive(table)``, computed once per table (see the module docstring)."""

    def __init__(self, derive: Callable[[TableSpec], T]) -> None:
        self._derive = derive
        self._kept: dict[int, tuple[TableSpec, T]] = {}
        self.__doc__ = derive.__doc__

    def __call__(self, table: TableSpec) -> T:
        kept = self._kept.get(id(table))
        if kept is None or kept[0] is not table:
            if len(self._kept) >= _MOST:
                self._kept.clear()
            kept = self._kept[id(table)] = (table, self._derive(table))
        return kept[1]
