"""The one-line page splitter: a crawler's page text may carry the whole report body on one
line — prose, headings and every table, cell boundaries lost. Such a line is cut at white
space and sentence ends; sentences stay prose, the rest becomes label and number tokens in
rows-unknown grids, each token with its line and character offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs

from .._errors import LimitExceeded
from .._grid import Cell, CellGrid, Location, Paragraph
from .._limits import Deadline, Limits
from .._normalize import clean_cell_text
from .._values import NULL_MARKERS
from ._text_glued import (
    MARKS,
    NBSP,
    SENTENCE_END,
    SPACED_UNIT,
    inside_word,
    marks_blanks,
    split_run_together,
)

__all__ = ["open_long_paragraphs"]

#: A paragraph at least this long is searched for tables run into it (a crawler's page text
#: holds the whole report body, prose and tables, on one line).
_LONG_PARAGRAPH = 200
_WHITESPACE_RUN = re.compile(r"[\s\u00a0\u3000]+")
#: What ends a piece of a long line, and the closing marks that go with it.
_TERMINATORS = "。！？!?"
_CLOSERS = "”’」』)）"
#: A gap between a number (and its note marks) and its unit (``369 项``, ``11* 件``), matched
#: from the character before the gap.
_UNIT_GAP = re.compile(rf"(?:\d|(?<=\d){MARKS}|(?<=\d{MARKS}){MARKS}){SPACED_UNIT}")
_SENTENCE_PIECE = re.compile(f"[^{_TERMINATORS}]*(?:[{_TERMINATORS}]+[{_CLOSERS}]*|$)")
# A heading glued to the digits of the table it follows: …0000000五、存在的主要问题…, or
# with its outline number lost, one of the two sections every report prints after its tables
# (…尚未审结总计70029000000120012存在的主要问题及改进情况…).
_HEADING = (r"[一二三四五六七八九十]{1,2}[、.．]|[（(][一二三四五六七八九十]{1,2}[)）]"
            r"|存在的主要问题|其他需要报告的事项")
_HEADING_AFTER_DIGIT = re.compile(rf"(?<=\d)(?={_HEADING})")

#: ``_HEADING_AFTER_DIGIT`` found or not, at a third of the cost: the digit matched rather than
#: looked behind at (a test of existence only, not of where to cut).
_DIGIT_THEN_HEADING = re.compile(rf"\d(?:{_HEADING})")

#: An outline number standing alone (``1.``, ``2、``, ``（三）``, ``四、``).
_OUTLINE_NUMBER = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.．、]"
                             r"|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]")

#: A piece of a long line: its text, its offset in the line, and whether it is prose.
Piece = tuple[str, int, bool]


def open_long_paragraphs(blocks: list[CellGrid | Paragraph], lines: list[str],
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
    for k, block in enumerate(blocks):
        if not (isinstance(block, Paragraph) and block.location.line is not None
                and (len(block.text) >= _LONG_PARAGRAPH or _body_goes_on(blocks, k, block.text))):
            out.append(block)
            continue
        deadline.check("reading a long line")
        if _all_prose(block.text):
            out.append(block)  # what _line_pieces would find no table text in (most prose)
            continue
        line_no = block.location.line
        line = lines[line_no - 1]
        base = max(line.find(block.text), 0)
        blanks_marked = marks_blanks(block.text)
        pieces = _line_pieces(block.text, deadline, blanks_marked=blanks_marked)
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
        out.extend(_pieces_to_blocks(pieces, line_no, base, blanks_printed=blanks_marked))
    return [attrs.evolve(b, index=i) if isinstance(b, CellGrid) and b.index != i else b
            for i, b in enumerate(out)]


def _body_goes_on(blocks: Sequence[CellGrid | Paragraph], k: int, text: str) -> bool:
    """Whether paragraph ``k`` (``text``), shorter than a long line, goes on with the one-line body
    right before it (a crawler's stray line break broke the body), so a piece of the
    tables may stand on a shorter line of its own (``理 1.申请人无正当理由…申请
    20000022.申请人逾期…``). Its pieces are told apart like the long line's: sentences
    stay prose."""
    before = blocks[k - 1] if k else None
    if isinstance(before, Paragraph):
        return len(before.text) >= _LONG_PARAGRAPH
    # the broken body's lines already read as run-together rows, and this one holds a run
    return (isinstance(before, CellGrid) and not before.rows_known
            and any(c.joined for c in before.cells)
            and _GLUED_RUN.search(text) is not None)


#: Digits run together with a label after them (``20000022.申请人``): table text, not prose.
_GLUED_RUN = re.compile(r"\d{4,}[.．、]?[\u4e00-\u9fff]")


def _all_prose(text: str) -> bool:
    """True only when every piece :func:`_line_pieces` cuts ``text`` into is prose, told
    without cutting it: no heading glued to digits (a cut), and in every white-space chunk
    the text after its last 。！？!? and their closing marks — the one piece that may lack a
    sentence end — is empty or holds one (；), the text's outline number aside
    (:func:`_numbered_prose`). False: cut it and see."""
    if _DIGIT_THEN_HEADING.search(text):
        return False
    # (the chunks between the white-space runs a piece ends at, empty ones left out)
    chunks = [c for c in _cut_chunks(text) if c]
    if len(chunks) > 1 and _OUTLINE_NUMBER.fullmatch(chunks[0]):
        del chunks[0]  # (prose when the rest is: see _numbered_prose)
    for chunk in chunks:
        last = max(chunk.rfind(mark) for mark in _TERMINATORS)
        tail = chunk[last + 1:].lstrip(_CLOSERS) if last >= 0 else chunk
        if tail and not SENTENCE_END.search(tail):
            return False
    return True


def _cut_chunks(text: str) -> Iterator[str]:
    """``text`` cut at its white-space runs, but not at one space inside a label."""
    if " " not in text:
        yield from text.split()
        return
    pos = 0
    for gap in _WHITESPACE_RUN.finditer(text):
        if not _inside_label(text, gap):
            yield text[pos:gap.start()]
            pos = gap.end()
    yield text[pos:]


def _line_pieces(text: str, deadline: Deadline, *, blanks_marked: bool | None = None
                 ) -> list[Piece]:
    """``text`` cut at white space and after sentence ends; a piece holding a sentence end is
    prose (a table never prints one), minus any table digits glued before its heading. In a
    page that prints each empty cell as a no-break space (:func:`marks_blanks`), each one
    after table text is an empty piece (an empty cell); ``blanks_marked``: that test, when
    the caller has made it."""
    if blanks_marked is None:
        blanks_marked = marks_blanks(text)
    out: list[Piece] = []
    pos = 0
    for n, gap in enumerate([*_WHITESPACE_RUN.finditer(text), None]):
        if n % 20_000 == 0:
            deadline.check("reading a long line")
        if gap is not None and _UNIT_GAP.match(text, gap.start() - 1):
            continue  # ``369 项``: a unit spaced off its number stays with it
        if gap is not None and _inside_label(text, gap):
            continue
        end = gap.start() if gap is not None else len(text)
        chunk = text[pos:end]
        for m in _SENTENCE_PIECE.finditer(chunk):
            piece = m.group(0)
            if not piece:
                continue
            start = pos + m.start()
            if SENTENCE_END.search(piece):
                # The sentence starts at the last heading glued to digits (a report whose
                # every space was lost glues all its tables into the next sentence).
                cut = ([h.start() for h in _HEADING_AFTER_DIGIT.finditer(piece)]
                       if _DIGIT_THEN_HEADING.search(piece) else [])
                if cut:
                    out.append((piece[:cut[-1]], start, False))
                    out.append((piece[cut[-1]:], start + cut[-1], True))
                    continue
                out.append((piece, start, True))
            else:
                out.append((piece, start, False))
        if gap is not None:
            pos = gap.end()
            if blanks_marked and out and not out[-1][2] and (blanks := gap.group(0).count(NBSP)) \
                    and not inside_word(text, gap.start(), gap.end()):
                # A Word-made page's empty cell holds &nbsp;: after table text, each no-break
                # space is an empty cell (ordinary spaces only separate, as does one no-break
                # space inside a word).
                start = gap.start() + gap.group(0).index(NBSP)
                out.extend(("", start, False) for _ in range(blanks))
    return _numbered_prose(out)


def _inside_label(text: str, gap: re.Match[str]) -> bool:
    """One space between two ideographs: a stray space inside a label (``属于四类过程 性信息``,
    a page whose text runs were joined with spaces), not a cell boundary — a row's label
    ends at its numbers — unless an outline number follows it. So is one space before a
    closing bracket (``第二十条第（八 ）项``)."""
    start, end = gap.start(), gap.end()
    if gap.group(0) == " " and start > 0 and end < len(text) and text[end] in ")）" \
            and not text[start - 1].isdigit():
        return True  # ``第二十条第（八 ）项``: no label cell starts with a closing bracket
    if not (gap.group(0) == " " and start > 0 and end < len(text)
            and _is_ideograph(text[start - 1]) and _is_ideograph(text[end])):
        return False
    if _OUTLINE_NUMBER.match(text, end):
        return False  # ``收费 三、收到…``: the next heading starts after the space
    # a word for an empty cell (无, 暂无, 空) beside the space stands on its own
    after = _IDEOGRAPHS.match(text, end, end + 3)
    before = _IDEOGRAPHS_BEFORE.search(text, max(0, start - 3), start)
    return not ((after is not None and after.group(0) in _EMPTY_WORDS)
                or (before is not None and before.group(0) in _EMPTY_WORDS))


_IDEOGRAPHS = re.compile("[\u4e00-\u9fff]+")
_IDEOGRAPHS_BEFORE = re.compile("[\u4e00-\u9fff]+$")
#: Words a page prints for an empty cell (``_values.NULL_MARKERS``' ideographs; 一 also
#: starts an outline number, 一、, which is a boundary too).
_EMPTY_WORDS = frozenset(m for m in NULL_MARKERS if _IDEOGRAPHS.fullmatch(m))


def _is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _numbered_prose(pieces: list[Piece]) -> list[Piece]:
    """``pieces`` with a first piece that is an outline number standing alone before prose
    (``1. 重大行政决策…。``) made prose: the paragraph's own number, kept with it as a short
    paragraph keeps it, not a stray value of a table."""
    if (len(pieces) > 1 and not pieces[0][2] and pieces[1][2]
            and _OUTLINE_NUMBER.fullmatch(pieces[0][0])):
        return [(pieces[0][0], pieces[0][1], True), *pieces[1:]]
    return pieces


def _pieces_to_blocks(pieces: Sequence[Piece], line_no: int, base: int, *,
                      blanks_printed: bool = False) -> list[CellGrid | Paragraph]:
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
        if not text:
            cells.append(Cell("", 0, len(cells), location=Location(line=line_no,
                                                                  offset=base + start),
                              blanks_printed=blanks_printed))
            continue
        for tok, offset, joined in _piece_tokens(text):
            cells.append(Cell(clean_cell_text(tok), 0, len(cells),
                              location=Location(line=line_no, offset=base + start + offset),
                              joined=joined, blanks_printed=blanks_printed))
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

