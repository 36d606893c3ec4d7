"""HTML tables: a data table's rows and cells (row groups, footers last, loose cells) → an
exact :class:`~gxtables._grid.CellGrid`, ``rowspan``/``colspan`` placed as browsers place
them, every grid cell covered counted against ``Limits.max_table_cells`` as it is met; and
the rendered text of a cell or a paragraph.
"""

from __future__ import annotations

import re

from lxml import etree

from .._errors import LimitExceeded
from .._grid import Cell, CellGrid, Location
from .._limits import Deadline, Limits
from .._normalize import clean_cell_text

__all__ = [
    "BREAK",
    "DEADLINE_EVERY",
    "TableBudget",
    "check_table_sizes",
    "clean_text",
    "read_table",
]

# A noncharacter (never interchanged, so stripped from input) marking a line break in the tree.
BREAK = "\ufdd0"

_CELL_TAGS = frozenset({"td", "th"})
_SECTION_TAGS = frozenset({"thead", "tbody", "tfoot"})
_TABLE_STRUCTURE = ("caption", "thead", "tbody", "tfoot", "tr", "td", "th")

# HTML spec: a colspan above 1000 is treated as 1000.
_MAX_COLSPAN = 1000
_SPAN_VALUE = re.compile(r"\s*\+?(\d{1,9})")

# Spaces a browser renders as one space; U+3000 (ideographic space) is kept as written.
_SPACE = "[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f]"
_SPACE_RUN = re.compile(f"{_SPACE}+")

DEADLINE_EVERY = 4096


def clean_text(raw: str) -> str:
    """Rendered text of one cell or paragraph: spaces collapsed, wrapped lines joined."""
    return clean_cell_text(_SPACE_RUN.sub(" ", raw.replace(BREAK, "\n")))


class TableBudget:
    """The deadline and the per-table cell count (``Limits.max_table_cells``, grid cells
    covered, a merged cell counting every cell it spans), checked while tables are read."""

    __slots__ = ("deadline", "limits", "source")

    def __init__(self, limits: Limits, deadline: Deadline, source: str | None) -> None:
        self.limits = limits
        self.deadline = deadline
        self.source = source

    def check_cells(self, covered: int, index: int | None, what: str) -> None:
        limit = self.limits.max_table_cells
        if covered > limit:
            table = "an HTML table" if index is None else f"HTML table {index + 1}"
            raise LimitExceeded(
                f"{table} covers more than {limit:,} grid cells ({what}); the "
                "statutory tables have a few hundred — raise it with "
                "Limits(max_table_cells=...) if the page is genuine",
                limit="max_table_cells", value=limit, actual=covered, source=self.source)


# A table's own cells: under its rows, under its row groups' rows, or loose (lxml keeps cells
# outside any <tr> where they stand). Cells nested deeper are found later, when read.
# Sums of counts, never a union ("|"): libxml2 merges unions in quadratic time.
_OWN_CELLS = etree.XPath(
    "count(td) + count(th) + count(tr/td) + count(tr/th)"
    " + count(*[not(self::tr)]/tr/td) + count(*[not(self::tr)]/tr/th)"
    " + count(*[not(self::tr)]/td) + count(*[not(self::tr)]/th)"
)
_ALL_CELLS = etree.XPath("count(//td) + count(//th)")


def check_table_sizes(root: etree._Element, budget: TableBudget) -> None:
    """Refuse, before anything is walked in Python, a table with more cells of its own than
    ``Limits.max_table_cells`` (the exact count, spans included, is made as tables are
    read; this one is made by libxml2 and costs next to nothing)."""
    limit = budget.limits.max_table_cells
    if _ALL_CELLS(root) <= limit:
        return
    for index, table in enumerate(root.iter("table")):
        if index % 256 == 255:
            budget.deadline.check("counting HTML table cells")
        own = int(_OWN_CELLS(table))
        if own > limit:
            budget.check_cells(own, None, "counted before reading it")


def _span(value: str | None) -> int | None:
    """A span attribute as browsers read it: leading digits, else ``None``."""
    if value is None:
        return None
    match = _SPAN_VALUE.match(value)
    return int(match.group(1)) if match else None


_Row = tuple[int, etree._Element | None, list[etree._Element]]


def _table_rows(table: etree._Element, index: int, budget: TableBudget) -> tuple[str, list[_Row]]:
    """The caption text and the rows as ``(row group id, tr, cell elements)``, footers last.

    Cells outside any ``<tr>`` (lxml keeps them where they stand) form a row of their own, as
    a browser would render them; such a row has no ``tr``. The columns the cells span are
    counted against ``Limits.max_table_cells`` as they are met (their rows, later).
    """
    width = 0
    n_cells = 0
    caption = ""
    groups: list[tuple[str, list[tuple[etree._Element | None, list[etree._Element]]]]] = [
        ("tbody", [])
    ]
    row: list[etree._Element] | None = None
    walk = etree.iterwalk(table, events=("start", "end"), tag=_TABLE_STRUCTURE)
    for event, element in walk:
        tag = element.tag
        if event == "start":
            if tag in _CELL_TAGS:
                walk.skip_subtree()
                width += _colspan(element)
                if width > budget.limits.max_table_cells:
                    budget.check_cells(width, index, "counting the columns of its rows")
                n_cells += 1
                if n_cells % DEADLINE_EVERY == 0:
                    budget.deadline.check("reading an HTML table")
                if row is None:
                    row = []
                    groups[-1][1].append((None, row))
                row.append(element)
            elif tag == "tr":
                row = []
                groups[-1][1].append((element, row))
            elif tag in _SECTION_TAGS:
                row = None
                groups.append((tag, []))
            elif tag == "caption":
                walk.skip_subtree()
                caption = caption or etree.tostring(element, method="text", encoding=str,
                                                    with_tail=False)
        elif tag == "tr":
            row = None
        elif tag in _SECTION_TAGS:
            row = None
            groups.append(("tbody", []))
    ordered = [g for g in groups if g[0] != "tfoot"] + [g for g in groups if g[0] == "tfoot"]
    rows = [(gid, tr, r) for gid, (_, group_rows) in enumerate(ordered) for tr, r in group_rows]
    return clean_text(caption), rows


def _cell_text(cell: etree._Element) -> str:
    return clean_text(etree.tostring(cell, method="text", encoding=str, with_tail=False))


def _is_spacer(tr: etree._Element | None, texts: list[str]) -> bool:
    """Word's invisible ``<tr height=0>`` of empty cells that only fixes column widths."""
    return tr is not None and (tr.get("height") or "").strip() == "0" and not any(texts)


def _colspan(cell: etree._Element) -> int:
    return min(max(_span(cell.get("colspan")) or 1, 1), _MAX_COLSPAN)


def read_table(
    table: etree._Element, index: int, budget: TableBudget
) -> tuple[str, CellGrid]:
    """One data table → its caption text and an exact grid (spans placed as browsers do).

    The grid cells covered (column spans times row spans) are counted against
    ``Limits.max_table_cells``: this bounds the placing loop too, which visits each span
    once per row it covers.
    """
    deadline = budget.deadline
    caption, raw_rows = _table_rows(table, index, budget)
    rows: list[tuple[int, list[tuple[etree._Element, str]]]] = []
    for gid, tr, row_cells in raw_rows:
        texts = [_cell_text(cell) for cell in row_cells]
        if not _is_spacer(tr, texts):
            rows.append((gid, list(zip(row_cells, texts, strict=True))))
    n_rows = len(rows)
    group_end: list[int] = [0] * n_rows
    end = n_rows
    for r in range(n_rows - 1, -1, -1):
        if r + 1 < n_rows and rows[r + 1][0] != rows[r][0]:
            end = r + 1
        group_end[r] = end
    # Cells reaching down from earlier rows: (first col, end col, last row), sorted by col.
    active: list[tuple[int, int, int]] = []
    cells: list[Cell] = []
    covered = 0
    for r, (_, row_cells) in enumerate(rows):
        if r % 256 == 255:
            deadline.check("reading an HTML table")
        active = sorted(span for span in active if span[2] >= r)
        new_spans: list[tuple[int, int, int]] = []
        col = 0
        k = 0
        for element, text in row_cells:
            while k < len(active) and active[k][0] <= col:
                col = max(col, active[k][1])
                k += 1
            colspan = _colspan(element)
            rowspan = _span(element.get("rowspan"))
            if rowspan == 0:  # HTML: to the end of the row group
                rowspan = group_end[r] - r
            rowspan = min(max(rowspan or 1, 1), n_rows - r)
            covered += colspan * rowspan
            if covered > budget.limits.max_table_cells:
                budget.check_cells(covered, index, f"reached at its row {r + 1}")
            cells.append(Cell(
                text, r, col, rowspan, colspan, location=Location(table=index, row=r, col=col)
            ))
            if rowspan > 1:
                new_spans.append((col, col + colspan, r + rowspan - 1))
            col += colspan
        active.extend(new_spans)
    grid = CellGrid(
        tuple(cells),
        index=index,
        exact=True,
        rows_known=True,
        location=Location(table=index, line=table.sourceline),
    )
    return caption, grid
