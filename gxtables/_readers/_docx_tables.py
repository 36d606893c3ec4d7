"""DOCX table geometry: ``w:tr``/``w:tc`` with their merge marks → merged regions on the
grid. ``w:gridSpan`` is a region's colspan, ``w:vMerge`` (``restart`` / continue) grows its
rowspan, ``w:gridBefore`` shifts a row's first cell, legacy ``w:hMerge`` widens the cell
before it; rows deleted as a tracked change are left out. A table's size is bounded by
``Limits.max_table_cells``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .._errors import LimitExceeded
from .._limits import Deadline, Limits
from ._docx_text import cell_text
from ._docx_xml import (
    CELL_TAGS,
    ROW_TAGS,
    ROW_WRAPPER_TAGS,
    TABLE_TAGS,
    TC_PR_KINDS,
    TC_PR_TAGS,
    TR_PR_KINDS,
    TR_PR_TAGS,
    properties,
    w_int_val,
    w_val,
)

__all__ = ["Region", "TableBudget", "holds_table", "row_cells", "table_regions", "table_rows"]


class Region:
    """A merged region while the grid is being built (mutable; frozen into a Cell)."""

    __slots__ = ("col", "colspan", "row", "rowspan", "text")

    def __init__(self, text: str, row: int, col: int, colspan: int) -> None:
        self.text = text
        self.row = row
        self.col = col
        self.rowspan = 1
        self.colspan = colspan


def table_rows(tbl: Any) -> Iterator[Any]:
    """The table's ``w:tr`` in order, through row-level content controls; rows deleted
    as a tracked change are left out."""
    for child in tbl:
        if child.tag in ROW_TAGS:
            if not _row_marks(child)[1]:
                yield child
        elif child.tag in ROW_WRAPPER_TAGS:
            yield from table_rows(child)


def row_cells(tr: Any) -> Iterator[Any]:
    for child in tr:
        if child.tag in CELL_TAGS:
            yield child
        elif child.tag in ROW_WRAPPER_TAGS:
            yield from row_cells(child)




def _merge_marks(tc: Any) -> tuple[int, str | None, str | None]:
    """``(gridSpan, vMerge, hMerge)`` of a cell; a merge mark is ``"restart"``,
    ``"continue"`` or None."""
    span, v_merge, h_merge = 1, None, None
    tc_pr = properties(tc, TC_PR_TAGS)
    if tc_pr is not None:
        for child in tc_pr:
            kind = TC_PR_KINDS.get(child.tag)
            if kind == "gridSpan":
                span = w_int_val(child, 1)
            elif kind == "vMerge":
                v_merge = w_val(child) or "continue"
            elif kind == "hMerge":
                h_merge = w_val(child) or "continue"
    return span, v_merge, h_merge


def _row_marks(tr: Any) -> tuple[int, bool]:
    """``(gridBefore, deleted)`` of a row."""
    before, deleted = 0, False
    tr_pr = properties(tr, TR_PR_TAGS)
    if tr_pr is not None:
        for child in tr_pr:
            kind = TR_PR_KINDS.get(child.tag)
            if kind == "gridBefore":
                before = w_int_val(child, 0)
            elif kind == "del":
                deleted = True
    return before, deleted


def table_regions(tbl: Any, budget: TableBudget) -> list[Region]:
    """The merged regions of a data table, in reading order.

    A ``vMerge`` continuation joins the region above that starts at the same grid column
    and ends on the row above; one with nothing to join (malformed) stands as a cell.
    """
    regions: list[Region] = []
    # Regions whose bottom edge is the previous row, by their first grid column.
    above: dict[int, Region] = {}
    for row, tr in enumerate(table_rows(tbl)):
        budget.row(row)
        col = _row_marks(tr)[0]
        current: dict[int, Region] = {}
        previous: Region | None = None
        for tc in row_cells(tr):
            span, v_merge, h_merge = _merge_marks(tc)
            budget.cover(span, row)
            if h_merge == "continue" and previous is not None:
                previous.colspan += span  # legacy horizontal merge widens the cell before
                col += span
                continue
            top = above.get(col) if v_merge == "continue" else None
            if top is not None:
                top.rowspan += 1
                region = top
            else:
                region = Region(cell_text(tc), row, col, span)
                regions.append(region)
            current[col] = region
            previous = region
            col += span
        above = current
    regions.sort(key=lambda r: (r.row, r.col))
    return regions


class TableBudget:
    """Counts the grid cells a table covers against ``Limits.max_table_cells`` and checks
    the deadline every few hundred rows, so one huge table cannot outrun either."""

    __slots__ = ("covered", "deadline", "index", "limits", "source")

    def __init__(self, index: int, limits: Limits, deadline: Deadline,
                 source: str | None) -> None:
        self.index = index
        self.limits = limits
        self.deadline = deadline
        self.source = source
        self.covered = 0

    def row(self, row: int) -> None:
        if row % 256 == 255:
            self.deadline.check(f"reading DOCX table {self.index + 1}, row {row + 1}")

    def cover(self, cells: int, row: int) -> None:
        self.covered += cells
        limit = self.limits.max_table_cells
        if self.covered > limit:
            raise LimitExceeded(
                f"DOCX table {self.index + 1} covers more than {limit:,} grid cells (reached "
                f"at its row {row + 1}); the statutory tables have a few hundred — raise it "
                "with Limits(max_table_cells=...) if the document is genuine",
                limit="max_table_cells", value=limit, actual=self.covered, source=self.source)


def holds_table(tbl: Any) -> bool:
    return any(True for _ in tbl.iterdescendants(*TABLE_TAGS))

