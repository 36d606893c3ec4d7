"""The dialects of flattened table text (see :mod:`._text`): which one a text is written in,
and one reader per dialect, each turning lines into cell grids (columns as ordinals) and
paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import islice

import attrs

from .._grid import CellGrid, Paragraph
from .._limits import Deadline
from .._values import parse_value
from ._aligned import read_aligned as _read_aligned
from ._text_glued import (
    NBSP,
    SENTENCE_END,
    RawCell,
    expand_run_together,
    inside_word,
    looks_run_together,
    marks_blanks,
    split_run_together,
)
from ._text_grid import at_line, grid_from_rows

__all__ = ["DIALECTS", "detect_dialect", "is_cellish"]

# Outline numbering at the start of a heading line: 一、 （一） 第一
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])")
_PIPE_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPACE_SPLIT = re.compile(r"(?:[ \u00a0]{2,}|\u3000+)")
_MAX_CELL_CHARS = 80
#: A line without a digit: no number ran into it (``looks_run_together`` needs one).
_NO_DIGIT = re.compile(r"\D*")


def detect_dialect(lines: list[str]) -> str:
    """Name the dialect the table lines are written in (see the module docstring)."""
    # (stripping spaces never removes a tab: a line with a tab anywhere is a tab line)
    tab_lines = [ln for ln in lines if "\t" in ln]
    if len(tab_lines) >= 3:
        led = len([ln for ln in tab_lines if ln.startswith("\t") and ln.count("\t") == 1])
        return "tab" if led >= 0.6 * len(tab_lines) else "tsv"
    if _at_least(3, (ln for ln in lines if "|" in ln and ln.count("|") >= 2)):
        return "pipe"
    # (a line with no double, no-break or ideographic space is not split, stripped or not)
    if _at_least(3, (ln for ln in lines if ("  " in ln or "\u3000" in ln or "\u00a0" in ln)
                     and _spaced(ln.strip()))):
        return "spaces"
    short = [i for i, ln in enumerate(lines) if ln.strip() and is_cellish(ln)]
    if not short:
        return "blank"
    followed_by_blank = sum(1 for i in short if i + 1 < len(lines) and not lines[i + 1].strip())
    return "blank" if followed_by_blank >= 0.7 * len(short) else "lines"


def _at_least(n: int, found: Iterator[str]) -> bool:
    """Whether ``found`` yields ``n`` items or more (it is not read past the ``n``-th)."""
    return sum(1 for _ in islice(found, n)) >= n


def _spaced(line: str) -> bool:
    """Two runs of spacing or more split ``line`` (three pieces); a line with no double
    space, no-break or ideographic space (most) has none and is not split."""
    if "  " not in line and "\u3000" not in line and "\u00a0" not in line:
        return False
    return len(_SPACE_SPLIT.split(line)) >= 3


def is_cellish(line: str) -> bool:
    s = line.strip()
    return len(s) <= _MAX_CELL_CHARS and not SENTENCE_END.search(s)


# -- tab-led ---------------------------------------------------------------------------------


def _read_tab(lines: list[str], deadline: Deadline) -> list[CellGrid | Paragraph]:
    blocks: list[CellGrid | Paragraph] = []
    rows: list[list[RawCell]] = []
    row: list[RawCell] = []
    blanks_since_cell = 99

    def close_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
            row = []

    def close_grid() -> None:
        close_row()
        if rows:
            blocks.append(grid_from_rows(rows, len(blocks), rows_known=True))
            rows.clear()

    for i, line in enumerate(lines):
        if i % 2000 == 0:
            deadline.check("reading text")
        if line.startswith("\t"):
            rest = line[1:]
            if "\t" in rest:
                for piece in rest.split("\t"):
                    row.append((piece, i + 1, False))
            else:
                row.append((rest, i + 1, False))  # one cell (most lines)
            blanks_since_cell = 0
            continue
        if not line or not line.strip():
            if row:  # (close_row written out: a blank line between rows is most others)
                rows.append(row)
                row = []
            blanks_since_cell += 1
            continue
        last_row = row or (rows[-1] if rows else None)
        if (
            last_row
            and blanks_since_cell <= 1
            and _next_cell_follows(lines, i)
            and not _HEADING.match(line)
            and len(line.strip()) <= 12
            and parse_value(last_row[-1][0]).kind == "text"
        ):
            # The second half of a cell broken over two lines (seed 002: 本年新 / 公开数量).
            text, ln, joined = last_row[-1]
            last_row[-1] = (text + "\n" + line, ln, joined)
            if not row:
                rows.pop()
                row = last_row
            continue
        close_grid()
        blocks.append(Paragraph(line.strip(), at_line(i + 1)))
        blanks_since_cell = 99
    close_grid()
    return blocks


def _next_cell_follows(lines: list[str], i: int) -> bool:
    """A TAB cell comes next, directly or after one blank line."""
    for j in (i + 1, i + 2):
        if j >= len(lines):
            return False
        if lines[j].startswith("\t"):
            return True
        if lines[j].strip():
            return False
    return False


# -- one row per line ------------------------------------------------------------------------


def _read_pipe(lines: list[str], deadline: Deadline) -> list[CellGrid | Paragraph]:
    """``|``-separated rows. When every row ends with a pipe and none starts with one, the
    trailing pipe is how the text closes a row (a browser's or converter's habit), not an
    empty last cell — else every row would hold one cell too many."""
    rows = [ln.strip() for ln in lines if "|" in ln and not _PIPE_SEPARATOR_ROW.match(ln)]
    closing = bool(rows) and all(r.endswith("|") and not r.startswith("|") for r in rows)
    if not closing:
        return _rows_per_line(_split_pipe)(lines, deadline)
    return _rows_per_line(lambda ln: _split_pipe(ln.rstrip().removesuffix("|")
                                                 if "|" in ln else ln))(lines, deadline)


def _split_pipe(line: str) -> list[str] | None:
    if line.count("|") < 1 or _PIPE_SEPARATOR_ROW.match(line):
        return None if line.count("|") < 1 else []
    s = line.strip()
    if s.startswith("|"):
        # A bordered row: the outer pipes are borders. Without a leading border a trailing
        # pipe separates an empty last cell.
        s = s[1:-1] if s.endswith("|") and len(s) > 1 else s[1:]
    return s.split("|")


def _split_tsv(line: str) -> list[str] | None:
    return line.split("\t") if "\t" in line else None


def _split_spaces(line: str) -> list[str] | None:
    parts = _SPACE_SPLIT.split(line.strip())
    return parts if len(parts) >= 2 else None


_SPACE_RUN = re.compile(r"(?<=\S) {2,}(?=\S)")


def _read_spaces(lines: list[str], deadline: Deadline) -> list[CellGrid | Paragraph]:
    """Runs of spaces between cells. When every run in the table lines is a multiple of one
    separator width (cells joined by, say, two spaces), a longer run holds empty cells:
    ``a    b`` is ``a``, ``""``, ``b``. Padded, column-aligned text gives no such proof, and
    its empty cells stay invisible (rows then fail the value count and are flagged)."""
    runs = [len(m.group(0)) for ln in lines if _split_spaces(ln)
            for m in _SPACE_RUN.finditer(ln.strip())]
    width = min(runs, default=2)
    uniform = bool(runs) and all(r % width == 0 for r in runs) and max(runs) > width

    def split(line: str) -> list[str] | None:
        cells = _split_spaces(line)
        if cells is None or not uniform:
            return cells
        leading = len(line) - len(line.lstrip(" "))
        out: list[str] = [""] * (leading // width)
        pos = 0
        s = line.strip()
        for m in _SPACE_RUN.finditer(s):
            out.append(s[pos:m.start()])
            out.extend([""] * (len(m.group(0)) // width - 1))
            pos = m.end()
        out.append(s[pos:])
        trailing = len(line.rstrip("\r\n")) - len(line.rstrip())
        out.extend([""] * (trailing // width))
        return out

    if not uniform and runs:
        return _read_aligned(lines, deadline)
    return _rows_per_line(split)(lines, deadline)


Splitter = Callable[[str], "list[str] | None"]


def _rows_per_line(split: Splitter) -> Callable[[list[str], Deadline], list[CellGrid | Paragraph]]:
    """A reader for dialects that write one row per line, cells cut by ``split``."""

    def read(lines: list[str], deadline: Deadline) -> list[CellGrid | Paragraph]:
        blocks: list[CellGrid | Paragraph] = []
        rows: list[list[RawCell]] = []

        def close_grid() -> None:
            if rows:
                blocks.append(grid_from_rows(rows, len(blocks), rows_known=True))
                rows.clear()

        for i, line in enumerate(lines):
            if i % 2000 == 0:
                deadline.check("reading text")
            if not line.strip():
                continue
            cells = split(line)
            if cells is None:
                close_grid()
                blocks.append(Paragraph(line.strip(), at_line(i + 1)))
                continue
            if cells:
                rows.append(expand_run_together([(c, i + 1) for c in cells]))
        close_grid()
        return blocks

    return read


# -- no separators ---------------------------------------------------------------------------


def _read_unseparated(lines: list[str], deadline: Deadline, *, blank_after_cell: bool) -> list[
    CellGrid | Paragraph
]:
    blocks: list[CellGrid | Paragraph] = []
    cells: list[RawCell] = []
    offsets: dict[int, int] = {}  # index in ``cells`` → offset of the cell in its long line
    marked: set[int] = set()  # indexes in ``cells`` of a line printing every empty cell

    def close_grid() -> None:
        if cells:
            grid = grid_from_rows([cells.copy()], len(blocks), rows_known=False)
            blocks.append(_with_offsets(grid, offsets, marked) if offsets else grid)
            cells.clear()
            offsets.clear()
            marked.clear()

    i, n = 0, len(lines)
    while i < n:
        if i % 2000 == 0:
            deadline.check("reading text")
        line = lines[i]
        if not line.strip():
            # An empty cell; in the blank-after-cell dialect the first blank after a cell
            # is only its separator (handled below), so a blank reaching here is a cell.
            if cells:
                cells.append(("", i + 1, False))
            i += 1
            continue
        if line.isdigit() and len(line) < 10:
            # A plain count (most cells): a cell as it is, no run-together digits in it.
            cells.append((line, i + 1, False))
        elif (cellish := is_cellish(line)) and _NO_DIGIT.fullmatch(line):
            cells.append((line, i + 1, False))  # a label: nothing run together without digits
        elif not cellish and not looks_run_together(line):
            close_grid()
            blocks.append(Paragraph(line.strip(), at_line(i + 1)))
            i += 1
            if blank_after_cell and i < n and not lines[i].strip():
                i += 1
            continue
        elif len(line) >= _LONG_LINE and marks_blanks(line):
            split, at = _cells_marking_blanks(line, i + 1, len(cells))
            offsets.update(at)
            marked.update(range(len(cells), len(cells) + len(split)))
            cells.extend(split)
        else:
            split = expand_run_together([(line, i + 1)])
            if len(line) >= _LONG_LINE and len(split) > 1:
                offsets.update(_token_offsets(line, split, len(cells)))
            cells.extend(split)
        i += 1
        if blank_after_cell and i < n and not lines[i].strip():
            i += 1
    close_grid()
    # Blank lines after a table's last cell are its trailing empty cells; any that are only
    # spacing are more than the table has columns, and the aligner drops them.
    return blocks


#: A line at least this long that splits into several cells is a crawler's one-line page
#: (the whole report body on one line): its cells get their character offsets, so that
#: cells of the line can be told apart (a number a stray character cut in two, a footer).
_LONG_LINE = 200


def _token_offsets(line: str, split: list[RawCell], first: int) -> Iterator[tuple[int, int]]:
    """``(index, offset)`` of each cell ``split`` cut out of ``line``, found in order; the
    cells are numbered from ``first``. A token the line does not hold as written (a note
    moved onto its number) gets no offset."""
    pos = 0
    for k, (token, _, _) in enumerate(split):
        if not token:
            continue
        found = line.find(token, pos)
        if found >= 0:
            yield first + k, found
            pos = found + len(token)


_NBSP_RUN = re.compile(f"{NBSP}+")


def _cells_marking_blanks(line: str, line_no: int, first: int
                          ) -> tuple[list[RawCell], dict[int, int]]:
    """The cells of a one-line page that keeps each empty cell's ``&nbsp;`` (a Word-made
    page, :func:`marks_blanks`): each no-break space after a cell is an empty cell of its
    own (as in :mod:`._text_longline`), with its offset, as is every other cell."""
    cells: list[RawCell] = []
    offsets: dict[int, int] = {}
    pos = 0
    for gap in [*_NBSP_RUN.finditer(line), None]:
        end = gap.start() if gap is not None else len(line)
        if line[pos:end].strip():
            split = [(token, line_no, joined)
                     for token, joined in split_run_together(line[pos:end])]
            offsets.update((k, pos + at) for k, at in
                           _token_offsets(line[pos:end], split, first + len(cells)))
            cells.extend(split)
        if gap is not None:
            if cells and not inside_word(line, gap.start(), gap.end()):
                for k in range(gap.end() - gap.start()):
                    offsets[first + len(cells)] = gap.start() + k
                    cells.append(("", line_no, False))
            pos = gap.end()
    return cells, offsets


def _with_offsets(grid: CellGrid, offsets: dict[int, int], marked: set[int]) -> CellGrid:
    """``grid`` (one row of cells) with ``offsets`` written into its cells' locations, and
    the cells of a line printing every empty cell (``marked``) saying so."""
    return attrs.evolve(grid, cells=tuple(
        cell._replace(location=attrs.evolve(cell.location, offset=offsets[k]),
                      blanks_printed=k in marked)
        if k in offsets else cell
        for k, cell in enumerate(grid.cells)))


def _read_blank(lines: list[str], deadline: Deadline) -> list[CellGrid | Paragraph]:
    return _read_unseparated(lines, deadline, blank_after_cell=True)


def _read_lines(lines: list[str], deadline: Deadline) -> list[CellGrid | Paragraph]:
    return _read_unseparated(lines, deadline, blank_after_cell=False)



DIALECTS = {
    "tab": _read_tab,
    "tsv": _rows_per_line(_split_tsv),
    "pipe": _read_pipe,
    "spaces": _read_spaces,
    "blank": _read_blank,
    "lines": _read_lines,
}
