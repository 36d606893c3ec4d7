"""Spans of a Markdown pipe table recovered, pure: a pipe table has a true column grid but no
spans, so PDF→Markdown converters write a merged cell either once with empty placeholder
cells after and under it (*marker style*) or repeated in every position it covers
(*docling style*). :func:`pipe_grid` recovers the spans and emits an exact grid:

1. Rows are *header* rows (text only, with text outside the row-label columns; or a lone
   caption directly above column headings) or *body* rows; each run of body rows is
   governed by the run of header rows above it.
2. In header rows, a cell continues right over empty or identical cells, then down while the
   cells under it are all empty or all identical (a rectangle, as a merged cell is).
3. Columns that no governing header row tells apart (one merged header cell over all of
   them) are one column: in body rows a value continues over empty or identical cells in
   such a column group, never across groups — ``0 | 0`` under 自然人 | 商业企业 are two zeros.
4. In the leftmost column group (the row labels) a label also continues down over empty or
   identical cells, so the placeholders under a vertically merged label are not values.
5. A table with no header rows, as wide as the pipe table before it, continues that table
   (a converter cuts a table at a page break) and takes its column groups.

Numbers never continue down. Readers know nothing of the templates: all of this is geometry
and cell kinds (text, number, empty).
"""

from __future__ import annotations

from collections.abc import Sequence

from .._grid import Cell, CellGrid, Location
from .._values import parse_value

__all__ = ["pipe_grid"]

_HEADER, _BODY, _UNSURE = "header", "body", "unsure"


def pipe_grid(rows: Sequence[Sequence[str]], line_numbers: Sequence[int], index: int, *,
              inherit: list[range] | None = None) -> tuple[CellGrid, list[range] | None]:
    """A pipe table's rows of cell texts → an exact grid with the spans recovered (see the
    module docstring), and the column groups its last header rows define (``None`` when it
    has none). ``line_numbers`` gives each row's 1-based line; body rows above any header
    row take the column groups ``inherit`` gives (those of the table this one continues)."""
    width = max((len(r) for r in rows), default=0)
    matrix = [list(r) + [""] * (width - len(r)) for r in rows]
    kinds = [[_kind(text) for text in row] for row in matrix]
    roles = _row_roles(matrix, kinds)
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    r = 0
    header_rows: list[int] = []
    groups = inherit
    while r < len(matrix):
        end = r
        while end < len(matrix) and roles[end] == roles[r]:
            end += 1
        block = range(r, end)
        if roles[r] == _HEADER:
            _merge_header(matrix, block, spans, owner)
            header_rows = list(block)
            groups = _column_groups(header_rows, width, owner)
        else:
            _merge_body(matrix, kinds, block, groups or _singletons(width), spans, owner)
        r = end
    # A body row printing fewer cells than the table is wide was padded to find the spans;
    # the padding is not its cells (which of its cells the row left out it does not say), so
    # no cell of it starts or reaches there.
    cells = [
        Cell(matrix[r][c], r, c, rs, cs if rs > 1 or roles[r] == _HEADER
             else min(cs, len(rows[r]) - c),
             Location(line=line_numbers[r], table=index, row=r, col=c))
        for (r, c), (rs, cs) in sorted(spans.items())
        if c < len(rows[r]) or roles[r] == _HEADER or rs > 1
    ]
    grid = CellGrid(tuple(cells), index=index, exact=True, rows_known=True,
                    location=Location(line=line_numbers[0] if line_numbers else None,
                                      table=index))
    return grid, groups


def _singletons(width: int) -> list[range]:
    return [range(c, c + 1) for c in range(width)]


def _kind(text: str) -> str:
    """``empty``, ``value`` (a number or a null marker such as ``—``) or ``text``."""
    if not text:
        return "empty"
    return "text" if parse_value(text).kind == "text" else "value"


def _row_roles(matrix: list[list[str]], kinds: list[list[str]]) -> list[str]:
    """Header or body for each row.

    A row holding a value is a body row. A text-only row is a header row when it has text
    outside the label columns (the columns where rows holding values print text; the first
    column when no row holds a value). Otherwise — labels and empty cells — it is either a
    caption (第二十条第（八）项 over the whole width) or a body row whose values are all blank
    (行政强制 | | |): a caption when the row under it is a header row of column headings (two
    or more different texts), else a body row.
    """
    valued = [row for row in kinds if "value" in row]
    label_cols = {c for row in valued for c, k in enumerate(row) if k == "text"}
    if not valued:
        label_cols = {0}
    roles: list[str] = []
    for row in kinds:
        if "value" in row:
            roles.append(_BODY)
        elif any(k == "text" and c not in label_cols for c, k in enumerate(row)):
            roles.append(_HEADER)
        else:
            roles.append(_UNSURE)
    for r in range(len(roles) - 1, -1, -1):
        if roles[r] == _UNSURE:
            headings = (r + 1 < len(roles) and roles[r + 1] == _HEADER
                        and len({t for t in matrix[r + 1] if t}) >= 2)
            roles[r] = _HEADER if headings else _BODY
    return roles


def _continues(texts: Sequence[str], anchor: str) -> bool:
    """Cells that continue a merged cell: all empty (placeholders) or all its own text
    (repeated)."""
    return all(t == "" for t in texts) or all(t == anchor for t in texts)


def _merge_header(matrix: list[list[str]], block: range,
                  spans: dict[tuple[int, int], tuple[int, int]],
                  owner: dict[tuple[int, int], tuple[int, int]]) -> None:
    """Rectangles of header cells: right over empty or identical cells, then down while the
    row below is all empty or all identical under the whole width."""
    width = len(matrix[0])
    for r in block:
        for c in range(width):
            if (r, c) in owner:
                continue
            text = matrix[r][c]
            cs = 1
            while (c + cs < width and (r, c + cs) not in owner
                   and _continues([matrix[r][c + cs]], text)):
                cs += 1
            rs = 1
            while (r + rs in block
                   and not any((r + rs, k) in owner for k in range(c, c + cs))
                   and _continues(matrix[r + rs][c:c + cs], text)):
                rs += 1
            _place(r, c, rs, cs, spans, owner)


def _column_groups(header_rows: Sequence[int], width: int,
                   owner: dict[tuple[int, int], tuple[int, int]]) -> list[range]:
    """Runs of columns that no header row tells apart: in every header row of the governing
    block one cell covers them all."""
    groups: list[range] = []
    start = 0
    for c in range(1, width + 1):
        split = c == width or any(
            owner.get((r, c - 1)) != owner.get((r, c)) for r in header_rows)
        if split:
            groups.append(range(start, c))
            start = c
    return groups


def _merge_body(matrix: list[list[str]], kinds: list[list[str]], block: range,
                groups: Sequence[range],
                spans: dict[tuple[int, int], tuple[int, int]],
                owner: dict[tuple[int, int], tuple[int, int]]) -> None:
    """Body cells: each continues right over empty or identical cells within its column
    group; labels of the leftmost group also continue down (vertically merged labels).

    An empty cell of the leftmost group (when that group holds labels) that nothing covers
    opens a table continued from a page before: it is the rest of a label merged down from
    there, so it continues down, never right (the cell to its right is the rest of another
    label)."""
    labels = bool(groups) and any(kinds[r][c] == "text" for r in block for c in groups[0])
    for r in block:
        for g, group in enumerate(groups):
            for c in group:
                if (r, c) in owner:
                    continue
                text = matrix[r][c]
                label = labels and g == 0 and kinds[r][c] in ("text", "empty")
                cs = 1
                while (c + cs in group and (r, c + cs) not in owner
                       and (text or not label)
                       and _continues([matrix[r][c + cs]], text)):
                    cs += 1
                rs = 1
                if label:
                    # Down while the row below has nothing of its own here, and no label of
                    # its own further left either (that label would start a new row group).
                    while (r + rs in block
                           and not any((r + rs, k) in owner for k in range(c, c + cs))
                           and all((r + rs, k) in owner for k in range(group.start, c))
                           and _continues(matrix[r + rs][c:c + cs], text)):
                        rs += 1
                _place(r, c, rs, cs, spans, owner)


def _place(r: int, c: int, rs: int, cs: int,
           spans: dict[tuple[int, int], tuple[int, int]],
           owner: dict[tuple[int, int], tuple[int, int]]) -> None:
    spans[(r, c)] = (rs, cs)
    for rr in range(r, r + rs):
        for cc in range(c, c + cs):
            owner[(rr, cc)] = (r, c)
