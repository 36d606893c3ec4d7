"""Flattened text → Document.

Tables copied out of a report arrive as text in several dialects (TEMPLATES.md §1). Each is
read into cell grids whose order is exact but whose columns are only ordinals:

* ``tab`` — a TAB before each cell, a blank line between rows (merged cells written once,
  cells under a vertical merge written as empty ``\\t`` lines); a cell may be broken over
  two lines, the second without a TAB;
* ``tsv`` — one row per line, cells separated by TABs;
* ``pipe`` — one row per line, cells separated by ``|``;
* ``spaces`` — one row per line, cells separated by runs of two or more spaces;
* ``blank`` — no separators: each non-empty cell followed by one blank line and an empty
  cell shown only as one extra newline (rows unknown);
* ``lines`` — one cell per line, an empty cell as an empty line (rows unknown).

Inside the un-separated dialects a line whose labels and numbers run together
(``本年新收申请数量150010218``) is split into label and number tokens; number tokens that may
hold several cells are marked ``joined``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import attrs

from .._decode import decode_text
from .._errors import LimitExceeded
from .._grid import Cell, CellGrid, Document, Location, Paragraph
from .._limits import Deadline, Limits
from .._normalize import clean_cell_text
from .._values import TABLE_UNIT_RE, parse_value
from ._aligned import read_aligned as _read_aligned
from ._markdown import looks_like_markdown, read_markdown

__all__ = ["detect_dialect", "read_text", "split_run_together"]

_CJK = r"\u3400-\u9fff\uf900-\ufaff"

#: A cell as the text readers collect it: its text, its 1-based line, and whether its
#: boundaries were lost (``joined``).
RawCell = tuple[str, int, bool]
# Outline numbering at the start of a heading line: 一、 （一） 第一
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_PIPE_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPACE_SPLIT = re.compile(r"(?:[ \u00a0]{2,}|\u3000+)")
_MAX_CELL_CHARS = 80


def read_text(data: bytes, *, limits: Limits, source: str | None) -> Document:
    """Decode ``data`` and read its tables in the dialect it is written in."""
    limits.check_size(len(data), source)
    deadline = Deadline(limits.timeout, source)
    text, _encoding = decode_text(data, source=source)
    text = _undouble_newlines(text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n"))
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start another
    if looks_like_markdown(lines):  # GFM pipe tables or embedded <table>s: exact grids
        return read_markdown(lines, deadline=deadline, limits=limits, source=source)
    from ._flow import read_flow  # pdftotext default mode: flow blocks rebuilt row by row
    if (flow := read_flow(lines, deadline, limits, source)) is not None:
        return flow
    dialect = detect_dialect(lines)
    reader = _DIALECTS[dialect]
    blocks = _open_long_paragraphs(reader(lines, deadline), lines, deadline, limits, source)
    return Document(format="text", blocks=tuple(blocks))


_NEWLINES = re.compile(r"\n+")


def _undouble_newlines(text: str) -> str:
    """Text whose every line break was doubled on the way (a copy through a program that
    writes CR LF as two breaks) has only even runs of newlines; halve them, or the blank-line
    dialect would read an empty cell behind every cell."""
    runs = [len(m.group(0)) for m in _NEWLINES.finditer(text.rstrip("\n"))]
    if runs and max(runs) >= 4 and all(r % 2 == 0 for r in runs):
        return _NEWLINES.sub(lambda m: "\n" * (len(m.group(0)) // 2), text)
    return text


def detect_dialect(lines: list[str]) -> str:
    """Name the dialect the table lines are written in (see the module docstring)."""
    tab_lines = [ln for ln in lines if "\t" in ln.strip(" \u3000") or ln.startswith("\t")]
    if len(tab_lines) >= 3:
        led = sum(1 for ln in tab_lines if ln.startswith("\t") and ln.count("\t") == 1)
        return "tab" if led >= 0.6 * len(tab_lines) else "tsv"
    pipe_lines = [ln for ln in lines if ln.count("|") >= 2]
    if len(pipe_lines) >= 3:
        return "pipe"
    spaced = [ln for ln in lines if len(_SPACE_SPLIT.split(ln.strip())) >= 3]
    if len(spaced) >= 3:
        return "spaces"
    short = [i for i, ln in enumerate(lines) if ln.strip() and _is_cellish(ln)]
    if not short:
        return "blank"
    followed_by_blank = sum(1 for i in short if i + 1 < len(lines) and not lines[i + 1].strip())
    return "blank" if followed_by_blank >= 0.7 * len(short) else "lines"


def _is_cellish(line: str) -> bool:
    s = line.strip()
    return len(s) <= _MAX_CELL_CHARS and not _SENTENCE_END.search(s)


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
            blocks.append(_grid_from_rows(rows, len(blocks), rows_known=True))
            rows.clear()

    for i, line in enumerate(lines):
        if i % 2000 == 0:
            deadline.check("reading text")
        if line.startswith("\t"):
            for piece in line[1:].split("\t"):
                row.append((piece, i + 1, False))
            blanks_since_cell = 0
            continue
        if not line.strip():
            close_row()
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
        blocks.append(Paragraph(line.strip(), Location(line=i + 1)))
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
                blocks.append(_grid_from_rows(rows, len(blocks), rows_known=True))
                rows.clear()

        for i, line in enumerate(lines):
            if i % 2000 == 0:
                deadline.check("reading text")
            if not line.strip():
                continue
            cells = split(line)
            if cells is None:
                close_grid()
                blocks.append(Paragraph(line.strip(), Location(line=i + 1)))
                continue
            if cells:
                rows.append(_expand_run_together([(c, i + 1) for c in cells]))
        close_grid()
        return blocks

    return read


# -- no separators ---------------------------------------------------------------------------


def _read_unseparated(lines: list[str], deadline: Deadline, *, blank_after_cell: bool) -> list[
    CellGrid | Paragraph
]:
    blocks: list[CellGrid | Paragraph] = []
    cells: list[RawCell] = []

    def close_grid() -> None:
        if cells:
            blocks.append(_grid_from_rows([cells.copy()], len(blocks), rows_known=False))
            cells.clear()

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
        if not _is_cellish(line) and not _looks_run_together(line):
            close_grid()
            blocks.append(Paragraph(line.strip(), Location(line=i + 1)))
            i += 1
            if blank_after_cell and i < n and not lines[i].strip():
                i += 1
            continue
        cells.extend(_expand_run_together([(line, i + 1)]))
        i += 1
        if blank_after_cell and i < n and not lines[i].strip():
            i += 1
    close_grid()
    # Blank lines after a table's last cell are its trailing empty cells; any that are only
    # spacing are more than the table has columns, and the aligner drops them.
    return blocks


def _read_blank(lines: list[str], deadline: Deadline) -> list[CellGrid | Paragraph]:
    return _read_unseparated(lines, deadline, blank_after_cell=True)


def _read_lines(lines: list[str], deadline: Deadline) -> list[CellGrid | Paragraph]:
    return _read_unseparated(lines, deadline, blank_after_cell=False)


# -- run-together rows -----------------------------------------------------------------------

_UNIT_CHARS = TABLE_UNIT_RE
_TOKEN = re.compile(
    rf"(?P<num>[+\-－]?\d[\d,，]*(?:[.．]\d+)?(?:{_UNIT_CHARS})?)|(?P<text>[^\d+\-－]+|[+\-－])"
)
_GLUED = re.compile(rf"[{_CJK}）)》”\"]\s*[+\-－]?\d")


def _looks_run_together(line: str) -> bool:
    """Labels and numbers glued with no boundary: a CJK character directly followed by a
    number that is not outline numbering (``数量150``, ``规章0件``)."""
    s = line.strip()
    if _SENTENCE_END.search(s):
        return False
    for m in _GLUED.finditer(s):
        after = s[m.end():m.end() + 80]  # a bounded window: long lines stay linear
        digits = re.match(r"[\d,]*(?:\.\d+)?", after)
        tail = after[digits.end():] if digits else after
        if not re.match(r"^[.、．]\s*[^\d\s]", tail) and not re.match(r"^\s*[年月日号]", tail):
            return True
    return False


def split_run_together(text: str) -> list[tuple[str, bool]]:
    """Split a line whose cells ran together into ``(token, joined)`` pairs.

    Outline numbering glued to the end of a number run (``…30000032.其他法律…``) goes back
    to the label it numbers: the applications table numbers its sub-rows 1–8, one digit.

    >>> split_run_together("规章0件0件4件")
    [('规章', False), ('0件', False), ('0件', False), ('4件', False)]
    >>> split_run_together("一、本年新收申请数量150010218")
    [('一、本年新收申请数量', False), ('150010218', True)]
    """
    out: list[tuple[str, bool]] = []
    pending_prefix = ""
    stripped = text.strip()
    for m in _TOKEN.finditer(stripped):
        if m.group("num") is not None:
            num = m.group("num")
            rest = stripped[m.end():m.end() + 8]
            if re.match(r"^[.、．]\s*[^\d\s.]", rest) and not num.endswith(tuple("万元件项个条")):
                # trailing digit is the numbering of the next label
                if len(num) == 1:
                    pending_prefix = num
                    continue
                pending_prefix = num[-1]
                num = num[:-1]
            digits = re.sub(r"\D", "", num)
            out.append((num, len(digits) > 1))
        else:
            piece = m.group("text")
            if not piece.strip():
                continue
            note = _ANNOTATION.match(piece)
            if note and _OUTLINE_BRACKET.match(note.group(0)):
                note = None  # （二）部分公开…: the numbering of the next label, not a note
            if note and out and _is_number_token(out[-1][0]) and not pending_prefix:
                # 740（市政府网站）: a bracketed note after a number belongs to its cell
                out[-1] = (out[-1][0] + note.group(0), out[-1][1])
                piece = piece[note.end():]
                if not piece.strip():
                    continue
            dash = _LEADING_DASH.match(piece)
            if dash and not pending_prefix and piece[dash.end():].strip():
                # 行政强制 —第二十条…: a dash for an empty cell glued to the next label
                out.append((dash.group(0).strip(), False))
                piece = piece[dash.end():]
            if pending_prefix:
                out.append(((pending_prefix + piece).strip(), False))
                pending_prefix = ""
            elif out and not out[-1][1] and not _is_number_token(out[-1][0]):
                out[-1] = (out[-1][0] + piece, False)
            else:
                out.append((piece.strip(), False))
    if pending_prefix:
        out.append((pending_prefix, False))
    return out


_ANNOTATION = re.compile(r"^\s*[（(][^（()）]*[)）]")
_LEADING_DASH = re.compile(r"^\s*(?:—{1,2}|－|–|/|／)(?=\s*[\u3400-\u9fff])")
_OUTLINE_BRACKET = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[)）]$")


def _is_number_token(token: str) -> bool:
    return bool(re.match(r"^[+\-]?\d", token))


_LONG_DIGITS = re.compile(r"^\s*\d{10,}\s*$")


def _expand_run_together(cells: Iterable[tuple[str, int]]) -> list[RawCell]:
    out: list[RawCell] = []
    for text, line in cells:
        if _looks_run_together(text):
            out.extend((tok, line, joined) for tok, joined in split_run_together(text))
        elif _LONG_DIGITS.match(text):
            # ten or more bare digits: a row of small counts whose boundaries were lost
            out.append((text, line, True))
        else:
            out.append((text, line, False))
    return out


# -- tables inside long lines ----------------------------------------------------------------

#: A paragraph at least this long is searched for tables run into it (a crawler's page text
#: holds the whole report body, prose and tables, on one line).
_LONG_PARAGRAPH = 200
_WHITESPACE_RUN = re.compile(r"[\s\u00a0\u3000]+")
_SENTENCE_PIECE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』)）]*|$)")
# A heading glued to the digits of the table it follows: …0000000五、存在的主要问题…
_HEADING_AFTER_DIGIT = re.compile(
    r"(?<=\d)(?=[一二三四五六七八九十]{1,2}[、.．]|[（(][一二三四五六七八九十]{1,2}[)）])")

#: A piece of a long line: its text, its offset in the line, and whether it is prose.
Piece = tuple[str, int, bool]


def _open_long_paragraphs(blocks: list[CellGrid | Paragraph], lines: list[str],
                          deadline: Deadline, limits: Limits, source: str | None
                          ) -> list[CellGrid | Paragraph]:
    """Re-read long paragraphs that hold run-together table text between their sentences.

    A crawler's page text may carry the whole body on one line: prose, headings and every
    table, cell boundaries lost. Such a line is cut into pieces at white space and sentence
    ends; sentences stay prose, every other piece is split into label and number tokens,
    which form rows-unknown grids with the line and character offset of each token."""
    if not any(isinstance(b, Paragraph) and len(b.text) >= _LONG_PARAGRAPH for b in blocks):
        return blocks
    out: list[CellGrid | Paragraph] = []
    for block in blocks:
        if not (isinstance(block, Paragraph) and len(block.text) >= _LONG_PARAGRAPH
                and block.location.line is not None):
            out.append(block)
            continue
        deadline.check("reading a long line")
        line_no = block.location.line
        line = lines[line_no - 1]
        base = max(line.find(block.text), 0)
        pieces = _line_pieces(block.text, deadline)
        table_chars = sum(len(text) for text, _, prose in pieces if not prose)
        if not table_chars:
            out.append(block)
            continue
        if table_chars > limits.max_line_chars:
            # Prose is cheap to carry; table text is what the matcher works through.
            raise LimitExceeded(
                f"expected lines of at most {limits.max_line_chars:,} characters of table "
                f"text; found line {line_no} with {table_chars:,} — raise it with "
                "Limits(max_line_chars=...)",
                limit="max_line_chars", value=limits.max_line_chars, actual=table_chars,
                source=source)
        out.extend(_pieces_to_blocks(pieces, line_no, base))
    return [attrs.evolve(b, index=i) if isinstance(b, CellGrid) else b
            for i, b in enumerate(out)]


def _line_pieces(text: str, deadline: Deadline) -> list[Piece]:
    """``text`` cut at white space and after sentence ends; a piece holding a sentence end is
    prose (a table never prints one), minus any table digits glued before its heading."""
    out: list[Piece] = []
    pos = 0
    for n, gap in enumerate([*_WHITESPACE_RUN.finditer(text), None]):
        if n % 20_000 == 0:
            deadline.check("reading a long line")
        end = gap.start() if gap is not None else len(text)
        chunk = text[pos:end]
        for m in _SENTENCE_PIECE.finditer(chunk):
            piece = m.group(0)
            if not piece:
                continue
            start = pos + m.start()
            if _SENTENCE_END.search(piece):
                # The sentence starts at the last heading glued to digits (a report whose
                # every space was lost glues all its tables into the next sentence).
                cut = [h.start() for h in _HEADING_AFTER_DIGIT.finditer(piece)]
                if cut:
                    out.append((piece[:cut[-1]], start, False))
                    out.append((piece[cut[-1]:], start + cut[-1], True))
                    continue
                out.append((piece, start, True))
            else:
                out.append((piece, start, False))
        if gap is not None:
            pos = gap.end()
    return out


def _pieces_to_blocks(pieces: Sequence[Piece], line_no: int, base: int
                      ) -> list[CellGrid | Paragraph]:
    blocks: list[CellGrid | Paragraph] = []
    cells: list[Cell] = []
    prose: list[Piece] = []

    def close_grid() -> None:
        if cells:
            blocks.append(CellGrid(tuple(cells), index=0, exact=False, rows_known=False,
                                   location=cells[0].location))
            cells.clear()

    def close_prose() -> None:
        if prose:
            text = " ".join(p for p, _, _ in prose)
            blocks.append(Paragraph(text, Location(line=line_no, offset=base + prose[0][1])))
            prose.clear()

    for piece in pieces:
        text, start, is_prose = piece
        if is_prose:
            close_grid()
            prose.append(piece)
            continue
        close_prose()
        for tok, offset, joined in _piece_tokens(text):
            cells.append(Cell(clean_cell_text(tok), 0, len(cells),
                              location=Location(line=line_no, offset=base + start + offset),
                              joined=joined))
    close_grid()
    close_prose()
    return blocks


def _piece_tokens(text: str) -> list[tuple[str, int, bool]]:
    """A piece of run-together table text as ``(token, offset, joined)``."""
    out: list[tuple[str, int, bool]] = []
    pos = 0
    for tok, joined in split_run_together(text):
        found = text.find(tok, pos)
        offset = found if found >= 0 else pos
        pos = offset + len(tok) if found >= 0 else pos
        out.append((tok, offset, joined))
    return out


# -- grid assembly ---------------------------------------------------------------------------


def _grid_from_rows(rows: list[list[RawCell]], index: int, *, rows_known: bool) -> CellGrid:
    cells = []
    for r, row in enumerate(rows):
        for c, (text, line, joined) in enumerate(row):
            cells.append(
                Cell(
                    text=clean_cell_text(text),
                    row=r if rows_known else 0,
                    col=c,
                    location=Location(line=line),
                    joined=joined,
                )
            )
    first_line = cells[0].location.line if cells else None
    return CellGrid(
        tuple(cells), index=index, exact=False, rows_known=rows_known,
        location=Location(line=first_line),
    )


_DIALECTS = {
    "tab": _read_tab,
    "tsv": _rows_per_line(_split_tsv),
    "pipe": _read_pipe,
    "spaces": _read_spaces,
    "blank": _read_blank,
    "lines": _read_lines,
}
