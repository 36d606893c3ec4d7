"""Column-aligned text (``pdftotext -layout`` and padded copies) → cell grids.

Each line is a row and each cell keeps its character column (``CellGrid(aligned=True)``), so
the matcher can place values under header positions. A narrow label cell wraps over several
lines; only one of them carries the row's numbers (the first in LibreOffice exports, the middle
one elsewhere). Those lines are rejoined here by geometry alone — the label region left of the
first number, the row-label and group-label columns, outline numbering (``1.`` ``（三）``
``一、``) that starts a new label — never by the meaning of the labels. A number wrapped in a
narrow cell (``11`` over ``9``) is rejoined when the lone digits sit under that number.

Positions are display columns, or character indexes where a block's rows line up so (as
``pdftotext -layout`` counts a CJK character as one column). Wrapped labels are rejoined in
``_aligned_rejoin``, wrapped header words in ``_aligned_headers``, and blank cells the tool
dropped are put back in ``_aligned_blanks``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

import attrs

from .._grid import Cell, CellGrid, Location, Paragraph
from .._limits import Deadline
from .._normalize import clean_cell_text, display_width
from .._values import TABLE_UNIT
from ._aligned_blanks import fill_blanks
from ._aligned_frag import _ALIGNED_CELL, _EMPTY_MARKS, _NUMBER, _Frag, _split_numbers
from ._aligned_headers import (
    _WORDS,
    _join_open_brackets,
    _join_stacked_words,
    _join_vertical_headers,
    _join_wrapped_words,
)
from ._aligned_rejoin import _rejoin

__all__ = ["is_aligned_fragment", "read_aligned"]

_SENTENCE_END = re.compile(r"[。；;！!？?]")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])")
_SPACE_SPLIT = re.compile(r"(?:[ \u00a0]{2,}|\u3000+)")
#: The end of a note wrapped from the line above (``1,676,053 项（含撤`` / ``销）``).
_NOTE_TAIL = re.compile(r"[^（()）\d\s]{1,12}[)）]")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?)\s*$")


def read_aligned(lines: list[str], deadline: Deadline, *, by_char: bool | None = None,
                 one_frame: bool = False) -> list[CellGrid | Paragraph]:
    """Column-aligned text: each line a row, each cell placed at its character column;
    labels wrapped over several lines are rejoined into the row that carries the numbers.
    ``by_char``: the columns are character indexes (or display columns), known to the
    caller; by default each block's rows tell. ``one_frame``: every page's lines share one
    frame (a PDF's pages laid out alike), so a table crossing a page is one part; by default
    each page is read on its own, as pdftotext lays out each page afresh."""
    blocks: list[CellGrid | Paragraph] = []
    rows: list[list[_Frag]] = []
    texts: list[tuple[int, str]] = []  # the lines of ``rows`` (1-based number, text)
    next_part = 0  # the number of the next table part (see ``close_grid``)

    def close_grid() -> None:
        nonlocal next_part
        if not rows:
            return
        pages = [] if one_frame else [n for n in range(texts[0][0] + 1, texts[-1][0])
                                      if _PAGE_NUMBER.match(lines[n - 1])]
        block = by_char if by_char is not None else _char_columns(
            texts, placed=_pages_placed(texts, pages))
        start = 0
        # The cells of one page measured alike share their columns' positions: they carry
        # the number of that part (``Location.table``: odd when the part is read by
        # character index) and their character index (``Location.col``), as pdftotext
        # places text.
        part: dict[int, int] = {}
        for end in [*_table_starts(rows), len(rows)]:
            measure = block
            if by_char is None:
                chars, widths = _votes(texts[start:end])
                if max(chars, widths) >= 5 and (chars > 2 * widths or widths > 2 * chars):
                    measure = chars > widths  # (this table's own rows tell it clearly)
            if measure:
                rows[start:end] = [_frags(text, n, chars=True) for n, text in texts[start:end]]
            for n, _ in texts[start:end]:
                part[n] = next_part + 2 * bisect.bisect(pages, n) + measure
            start = end
        next_part += 2 * (len(pages) + 1)
        cells = []
        joined = _join_stacked_words(_join_open_brackets(_join_wrapped_words(
            _units_to_numbers(_side_chars_dropped(rows)),
            {n for n, p in part.items() if p % 2})))
        for r, row in enumerate(fill_blanks(_rejoin(_join_vertical_headers(joined)), pages)):
            for c, frag in enumerate(row):
                nxt = row[c + 1].start if c + 1 < len(row) else 10_000
                number = part.get(frag.line)
                at = frag.start if number is not None and number % 2 else frag.alt
                cells.append(Cell(clean_cell_text(frag.text), r, frag.start, 1,
                                  max(1, nxt - frag.start),
                                  Location(line=frag.line, table=number,
                                           col=at if at >= 0 else None),
                                  doubt=f"joined from {frag.wrapped}, a number wrapped over "
                                  "two lines" if frag.wrapped else "", stacked=frag.stacked))
        blocks.append(CellGrid(tuple(cells), index=len(blocks), exact=False, rows_known=True,
                               location=cells[0].location, aligned=True))
        rows.clear()
        texts.clear()

    after_page = False
    for i, line in enumerate(lines):
        if i % 2000 == 0:
            deadline.check("reading text")
        if _PAGE_NUMBER.match(line):
            after_page = True
        if not line.strip() or _PAGE_NUMBER.match(line):
            continue  # a page number between two halves of a table is not one of its rows
        if after_page and rows and not one_frame and _drifted(texts, line):
            close_grid()  # a page whose columns moved, no header repeated: read on its own
        after_page = False
        if len(_SPACE_SPLIT.split(line.strip())) < 2 and not is_aligned_fragment(line) \
                and not _label_between_numbers(lines, i, rows) \
                and not _blank_row_between_numbers(lines, i, rows) \
                and not _numbered_label_wrapped(lines, i, rows):
            close_grid()
            blocks.append(Paragraph(line.strip(), Location(line=i + 1)))
            continue
        expanded = line.expandtabs(8).replace("\u3000", "  ")
        rows.append(_frags(expanded, i + 1, chars=False))
        texts.append((i + 1, expanded))
    close_grid()
    return blocks


def _frags(text: str, line: int, *, chars: bool) -> list[_Frag]:
    """A line's cells: single spaces stay inside a cell; runs of two or more separate cells.
    Each starts at its display column, or at its character index (``chars``)."""
    row: list[_Frag] = []
    for m, width, _ in _cells_at(text):
        index = m.start()
        start, alt = (index, width) if chars else (width, index)
        side = _SIDE_CHAR.match(m.group(0)) if not row else None
        if side is not None:
            # 其 2.申请人逾期…: a group label's character printed down the side, one space
            # from the row label; the label starts after it
            row.append(_Frag(side.group(1), line, start, alt))
            start, alt = start + (2 if chars else 3), alt + (3 if chars else 2)
            row.extend(_split_numbers(_Frag(side.group(2), line, start, alt)))
            continue
        row.extend(_split_numbers(_Frag(m.group(0), line, start, alt)))
    return row


_SIDE_CHAR = re.compile(r"^([\u3400-\u9fff]) (\S{2,}.*)$")


def _side_chars_dropped(rows: list[list[_Frag]]) -> list[list[_Frag]]:
    """``rows`` without the characters of a group label printed down the side one per line
    that read as an empty cell's mark: （四）无法提供's ``无`` on a row of numbers
    (``无       0    0 …``), under ``）`` and over ``法``, is no value of the row."""
    out = rows
    for r, row in enumerate(rows):
        for c, frag in enumerate(row[:-2]):
            if frag.text not in _SIDE_MARKS:
                continue
            if any(len(f.text) == 1 and not f.numeric and abs(f.start - frag.start) <= 1
                   for near in rows[max(0, r - 2):r + 3] if near is not row for f in near):
                out = out if out is not rows else list(rows)
                out[r] = row[:c] + row[c + 1:]
                break
    return out


def _units_to_numbers(rows: list[list[_Frag]]) -> list[list[_Frag]]:
    """``rows`` with a line of units (``项      项      项``, maybe after a label's last line:
    each cell's number and unit on two lines, the cell centred on a label wrapped around
    them) given back to the numbers one or two lines above, each unit under one number; a
    line left empty is dropped. Units that do not each stand under a number stay."""
    out = rows
    for r, row in enumerate(rows):
        units = [f for f in row if TABLE_UNIT.fullmatch(f.text)]
        words = [f for f in row if not TABLE_UNIT.fullmatch(f.text)]
        if not units or any(f.numeric or (f.start >= units[0].start
                                          and not _NOTE_TAIL.fullmatch(f.text))
                            for f in words):
            continue  # (a label's last line may stand left of the units: 务事项  项  项;
            # a note's wrapped end may stand among them: 项  项  销）)
        # by column first, on either line above; then by count
        for by_count, above in itertools.product((False, True),
                                                 range(r - 1, max(-1, r - 3), -1)):
            numbers = {k: f for k, f in enumerate(out[above])
                       if f.numeric and f.text[-1:].isdigit()}
            owner = _units_owners(units, numbers, by_count=by_count and _countable(
                out, above, r, units, tail=bool(words)))
            if owner is not None:
                out = out if out is not rows else list(rows)
                fixed = list(out[above])
                for u, k in zip(units, owner, strict=True):
                    fixed[k] = attrs.evolve(fixed[k], text=fixed[k].text + u.text)
                out[above] = fixed
                out[r] = words
                break
    return out if out is rows else [row for row in out if row]


def _countable(rows: list[list[_Frag]], above: int, r: int, units: list[_Frag], *,
               tail: bool) -> bool:
    """Whether the units of line ``r`` may go back by count to line ``above``: it is a
    labelled line, and the label's last piece stands beside the units (``tail``) or no lone
    label piece on the lines between stands over one of them."""
    if not any(not f.numeric for f in rows[above]):
        return False
    return tail or not any(len(line) == 1 and not line[0].numeric
                           and line[0].start <= u.start < line[0].end
                           for line in rows[max(0, above - 1):r] for u in units)


def _units_owners(units: list[_Frag], numbers: dict[int, _Frag], *, by_count: bool
                  ) -> list[int] | None:
    """For each unit, the key of the number it goes back to: each stands in its number's
    columns (a column to either side); or ``by_count``, as many units as numbers with none,
    in order (``事项  项  项``) — pdftotext puts a centred cell's short unit line columns
    away from its number (``28`` over a ``项`` ten columns right); the caller asks that only
    where :func:`_countable` (the row's labelled line, not the bare number between:
    ``政府集中采  91`` / ``96127.3182`` / ``购  项``; no lone label piece over a unit:
    ``8.属于行政查询事`` / ``1  0  1`` / ``项``). ``None`` when it does not hold."""
    if not numbers:
        return None
    if by_count:
        return list(numbers) if len(units) == len(numbers) else None
    owner = [next((k for k, f in numbers.items() if f.start - 1 <= u.start <= f.end + 1), -1)
             for u in units]
    return owner if -1 not in owner and len(set(owner)) == len(units) else None


#: Empty cells' marks that are also a character of a group label (（四）无法提供).
_SIDE_MARKS = frozenset({"无"})


def _char_columns(texts: list[tuple[int, str]], *, placed: bool = False) -> bool:
    """Whether a block's columns line up by character index rather than display width.

    ``pdftotext -layout`` places each word at the column of its position on the page and a
    CJK character takes one column there, so the numbers after labels of different lengths
    stand at one character index (and drift apart by display width); text padded in a
    monospace editor lines up by display width. The measure under which more neighbouring
    rows' last numbers end in the same column wins, by character index only when clearly
    (twice as many rows; a block may hold several tables, and its pages drift apart)."""
    chars, widths = _votes(texts)
    if placed:
        # Rows whose labels have one width agree both ways; those whose labels differ in
        # width tell the measure (where each page's rows are placed by a header or a
        # complete row of their own: pdftotext lays out each page on its own)
        only_chars, only_widths = _sole_votes(texts)
        if only_chars >= 4 and only_chars > 3 * only_widths \
                and _under_header(texts, chars=True) >= _under_header(texts, chars=False):
            return True  # (not where the header's words say display width)
    if max(chars, widths) <= 1 or (widths < chars <= 2 * widths and chars <= 4):
        # Too few rows of numbers to tell (or a short block leaning only a little one
        # way): the header's words stacked in narrow columns (自然 over 人) stand under one
        # another by the right measure.
        stacked = _stacked(texts, chars=True), _stacked(texts, chars=False)
        if stacked[0] == stacked[1]:
            # (stacked alike both ways: the numbers stand under the header's words, each
            # measured alike, by the right measure)
            return _under_header(texts, chars=True, own=True) \
                > _under_header(texts, chars=False, own=True)
        return stacked[0] > stacked[1]
    if chars == widths:
        # A tie (a table whose blanks vanished beside one that fits both): the numbers stand
        # under the header's words by the right measure (a header line has no CJK text
        # before its words, so their columns are the same by either measure).
        return _under_header(texts, chars=True) > _under_header(texts, chars=False)
    if chars <= 2 * widths and widths <= 2 * chars:
        # Close votes (a long block, its tables and pages each drifting their own way): the
        # header's words stacked in narrow columns (自然 over 人) say it, if they differ.
        stacked = _stacked(texts, chars=True), _stacked(texts, chars=False)
        if stacked[0] != stacked[1]:
            return stacked[0] > stacked[1]
    return chars > 2 * widths


def _pages_placed(texts: list[tuple[int, str]], pages: list[int]) -> bool:
    """Whether every page of a block after its first is placed on its own: it starts with a
    header (the two lines after the page number have no numbers), or one of its rows prints
    as many numbers as the block's fullest row, six or more (a page's columns drift, and
    only a header or a complete row of its own says where they went)."""
    counts = [sum(1 for m in _ALIGNED_CELL.finditer(text) for piece in m.group(0).split(" ")
                  if _NUMBER.match(piece)) for _, text in texts]
    fullest = max(counts, default=0)
    starts = [bisect.bisect(texts, (n,)) for n in pages]
    for start, end in itertools.pairwise([*starts, len(texts)]):
        part = counts[start:end]
        if any(part[:2]) and not (fullest >= 6 and max(part, default=0) == fullest):
            return False
    return True


def _drifted(texts: list[tuple[int, str]], line: str) -> bool:
    """Whether the first line of a new page has numbers whose last one ends at another
    character index than the last numbers of the previous page's last rows: pdftotext laid
    the page out afresh and its columns moved (it counts a CJK character as one column, so
    by display width rows may agree by chance)."""
    chars, _ = _last_ends([(0, line)])
    before, _ = _last_ends(texts[-8:])
    return bool(chars) and not any(abs(a - chars[0]) <= 1 for a in before[-3:])


def _votes(texts: list[tuple[int, str]]) -> tuple[int, int]:
    """Neighbouring rows whose last numbers end in one column by character index, and by
    display width."""
    by_char, by_width = _last_ends(texts)
    return _agree(by_char), _agree(by_width)


def _sole_votes(texts: list[tuple[int, str]]) -> tuple[int, int]:
    """Neighbouring rows whose last numbers end in one column by character index only, and
    by display width only: rows whose labels have one width agree both ways and tell
    nothing."""
    by_char, by_width = _last_ends(texts)
    chars = widths = 0
    for (a, b), (x, y) in zip(itertools.pairwise(by_char), itertools.pairwise(by_width),
                              strict=True):
        chars += abs(a - b) <= 1 < abs(x - y)
        widths += abs(x - y) <= 1 < abs(a - b)
    return chars, widths


def _last_ends(texts: list[tuple[int, str]]) -> tuple[list[int], list[int]]:
    """Where each row's last number ends, by character index and by display width."""
    by_char: list[int] = []
    by_width: list[int] = []
    for _, text in texts:
        last = None
        for m in _ALIGNED_CELL.finditer(text):
            if _NUMBER.match(m.group(0).split(" ")[-1]):
                last = m
        if last is not None and _SPACE_SPLIT.search(text.strip()):
            by_char.append(last.end())
            by_width.append(display_width(text[:last.end()]))
    return by_char, by_width


def _table_starts(rows: list[list[_Frag]]) -> list[int]:
    """Where a new table's header starts inside a block: four lines without numbers right
    after a line with numbers (a wrapped label spans at most three). Each table decides its
    own measure, as the pages and tables of one block drift apart."""
    has = [any(f.numeric for f in row) for row in rows]
    return [k for k in range(1, len(rows) - 3)
            if has[k - 1] and not any(has[k:k + 4])]


def _cells_at(text: str) -> Iterator[tuple[re.Match[str], int, int]]:
    """Each aligned cell of a line with the display columns where it starts and ends, found
    in one pass along the line (not by measuring the line up to each cell again)."""
    at = width = 0
    for m in _ALIGNED_CELL.finditer(text):
        start = width + display_width(text[at:m.start()])
        width, at = start + display_width(m.group(0)), m.end()
        yield m, start, width


def _stacked(texts: list[tuple[int, str]], *, chars: bool) -> int:
    """Words on lines without numbers (before the first number) that start where a word
    of the next two such lines starts."""
    starts: list[set[int]] = []
    for _, text in texts:
        pieces = list(_cells_at(text))
        if any(_NUMBER.match(m.group(0)) for m, _, _ in pieces):
            break  # the header ends where the numbers start
        starts.append({x for m, a, _ in pieces for x in _word_starts(m, a, chars=chars)})
    return sum(1 for k, line in enumerate(starts) for x in line
               if any(x + d in below for below in starts[k + 1:k + 3] for d in (-1, 0, 1)))


def _word_starts(cell: re.Match[str], width: int, *, chars: bool) -> Iterator[int]:
    """Where each word of a cell starts: a squeezed header prints its columns' words one
    space apart (``自然人 商业企 科研机``), one cell to the reader, and their wrapped
    halves (``业   构  益组织``) stand under each of them."""
    at = cell.start() if chars else width
    for word in cell.group(0).split(" "):
        if word:
            yield at
        at += (len(word) if chars else display_width(word)) + 1


def _under_header(texts: list[tuple[int, str]], *, chars: bool, own: bool = False) -> int:
    """Numbers that stand within a word of the header lines above them (one column of
    slack each side); the words by display width, or by the numbers' measure (``own``)."""
    spans: list[tuple[int, int]] = []
    count = 0
    for _, text in texts:
        pieces = list(_cells_at(text))
        if not any(_NUMBER.match(m.group(0).split(" ")[-1]) for m, _, _ in pieces):
            spans = [] if spans and spans[-1] == (-1, -1) else spans
            if len(spans) < _HEADER_WORDS:  # (a header has a few dozen words at most)
                spans.extend((m.start(), m.end()) if own and chars else (a, b)
                             for m, a, b in pieces[:_HEADER_WORDS])
            continue
        for m, a, _ in pieces:
            if _NUMBER.fullmatch(m.group(0)):
                a = m.start() if chars else a
                b = a + len(m.group(0))
                count += any(x - 1 <= a and b <= y + 1 for x, y in spans)
        spans.append((-1, -1))  # the next header starts a fresh set of words
    return count


#: Words of header lines weighed by ``_under_header`` (bounds its work on hostile text).
_HEADER_WORDS = 200


def _agree(ends: list[int]) -> int:
    return sum(1 for a, b in itertools.pairwise(ends) if abs(a - b) <= 1)


def _label_between_numbers(lines: list[str], i: int, rows: list[list[_Frag]]) -> bool:
    """A numbered label line (``（二）部分公开（区分处理的，只计这一``) between a line with
    numbers (or the last piece of their label) and a line of numbers alone is the first
    line of the label wrapped around those numbers, not a heading: a heading does not stand
    right above a line of bare numbers.
    Nor right under a table's header (a line of several cells) above a line of three
    numbers or more, or of fewer with the label going on under them: that is the table's
    first row (``一、本年新收政府信息公开申请数``, ``行政事业`` / ``0`` / ``性收费``)."""
    s = lines[i].strip()
    if not rows or _SENTENCE_END.search(s) or display_width(s) > 48:
        return False
    # (after a line of numbers, or the last piece of their label under it: ``量``)
    after_numbers = any(f.numeric for f in rows[-1]) or (
        len(rows) >= 2 and len(rows[-1]) == 1 and any(f.numeric for f in rows[-2]))
    if not after_numbers and len(rows[-1]) < 2:
        return False
    for j in range(i + 1, min(i + 3, len(lines))):
        line = lines[j]
        if not line.strip() or _PAGE_NUMBER.match(line):
            continue
        cells = [c for part in _ALIGNED_CELL.findall(
            line.expandtabs(8).replace("\u3000", "  ")) for c in part.split(" ")]
        return bool(cells) and all(_NUMBER.match(c) or c in _EMPTY_MARKS for c in cells) \
            and (after_numbers or len(cells) >= 3 or _label_goes_on(lines, i, j))
    return False


def _label_goes_on(lines: list[str], i: int, j: int) -> bool:
    """The line after line ``j`` is a short piece of text alone, starting within two
    columns of where line ``i`` starts: the rest of the label line ``i`` begins."""
    if j + 1 >= len(lines):
        return False
    below, head = lines[j + 1], lines[i]
    piece = below.strip()
    indent = len(below) - len(below.lstrip())
    return (0 < display_width(piece) <= 12 and " " not in piece
            and not any(ch.isdigit() for ch in piece)
            and abs(indent - (len(head) - len(head.lstrip()))) <= 2)


def _blank_row_between_numbers(lines: list[str], i: int, rows: list[list[_Frag]]) -> bool:
    """A numbered label alone (``二、上年结转政府信息公开申请数量``) between a row with numbers
    and a labelled row with numbers is a row whose cells are all blank, not a heading."""
    s = lines[i].strip()
    if not rows or not any(f.numeric for f in rows[-1]) or _SENTENCE_END.search(s) \
            or display_width(s) > 48 or not _HEADING.match(s):
        return False
    for line in lines[i + 1:i + 3]:
        if not line.strip() or _PAGE_NUMBER.match(line):
            continue
        cells = _ALIGNED_CELL.findall(line.expandtabs(8).replace("\u3000", "  "))
        return len(cells) >= 2 and not _NUMBER.match(cells[0]) \
            and any(_NUMBER.match(c) for c in cells[1:])
    return False


def _numbered_label_wrapped(lines: list[str], i: int, rows: list[list[_Frag]]) -> bool:
    """A short numbered label line indented inside a table (``    （二）部分``, a row or two
    after a line of numbers) whose text goes on a line or two below at the same indent
    (``    公开（区分``), numbers following: the first line of a label wrapped in its narrow
    cell (a group label's characters down the side between), not a heading — a heading
    does not wrap into pieces."""
    line = lines[i]
    s = line.strip()
    indent = len(line) - len(line.lstrip(" "))
    numbering = _HEADING.match(s)
    if (not rows or indent < 2 or display_width(s) > 16 or " " in s or numbering is None
            or not any(f.numeric for row in rows[-3:] for f in row)):
        return False
    if numbering.end() == len(s):
        # A group label's number alone (``（四）``), its text wrapped onto the lines below
        # beside the rows' labels: no heading is a number alone. Numbers follow.
        return _numbers_within(lines, i + 1, i + 4)
    goes_on = any(
        (piece := below.strip()) and abs(len(below) - len(below.lstrip(" ")) - indent) <= 2
        and display_width(piece) <= 16 and " " not in piece
        and not any(ch.isdigit() for ch in piece) for below in lines[i + 1:i + 3])
    return goes_on and _numbers_within(lines, i + 1, i + 9)


def _numbers_within(lines: list[str], start: int, stop: int) -> bool:
    """A number stands as a cell on one of ``lines[start:stop]``."""
    return any(_NUMBER.match(c) for line in lines[start:stop]
               for c in _ALIGNED_CELL.findall(line.expandtabs(8).replace("\u3000", "  ")))


def is_aligned_fragment(line: str) -> bool:
    """A line of one short piece in column-aligned text: a header label or row label
    wrapped onto a line of its own (上一年 / 项目数 / 量), whose position still counts."""
    s = line.strip()
    indent = len(line) - len(line.lstrip(" "))
    if _SENTENCE_END.search(s) or (_HEADING.match(s) and indent < 8):
        return False  # (a label numbered （二） deep inside a cell is no heading)
    # An indented line is a wrapped label printed inside its cell, prose is not indented.
    wide = indent >= 4 or bool(_WORDS.fullmatch(s))  # 结果维 结果纠 其他结: wrapped headers
    return display_width(s) <= (48 if wide else 24)
