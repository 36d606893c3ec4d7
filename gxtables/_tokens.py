"""Tokens: the document's cells and paragraphs in reading order, each with its normalised
label and parsed value, and how well a token names a template row or column."""

from __future__ import annotations

import re

import attrs

from ._grid import Cell, CellGrid, Document, Location, Paragraph
from ._normalize import normalize_label, split_numbering
from ._templates import ColumnSpec, RowSpec
from ._values import ParsedValue, parse_value

#: Digits a count is printed with (ASCII or full-width), not superscript footnote marks.
_PLAIN_DIGITS = re.compile(r"[0-9０-９]+")

__all__ = ["NAMES", "NAMES_EXACTLY", "NAMES_WHOLLY", "Token", "label_score", "make_token",
           "mentions", "tokenize"]

# The thresholds of ``label_score`` the matcher decides by, named here once.
#: A token names a row or column: a match phrase explains at least a fifth of it (1 + 0.2).
NAMES = 1.2
#: It names it wholly: a match phrase is the whole token (1 + 1), or nearly with its
#: printed numbering agreeing.
NAMES_WHOLLY = 2.0
#: It is the official label or an exact phrase.
NAMES_EXACTLY = 3.0


@attrs.frozen
class Token:
    """One cell or paragraph of the document, in reading order."""

    index: int
    text: str
    norm: str
    number: str
    parsed: ParsedValue
    grid: int | None  # block index of the grid it belongs to (None: a paragraph)
    row: int | None  # its row in that grid, when the grid's rows are known
    cell: Cell | None
    exact: bool
    location: Location
    aligned: bool = False

    @property
    def is_label(self) -> bool:
        return self.parsed.kind == "text"

    @property
    def is_value(self) -> bool:
        return self.parsed.kind != "text"

    @property
    def joined(self) -> bool:
        """The text may hold several cells: the reader said so, or it is ten or more bare
        digits (no count in these tables is that long; a row of small counts glued is)."""
        if self.cell is not None and self.cell.joined:
            return True
        return (self.parsed.kind == "number" and len(self.text) >= 10
                and _PLAIN_DIGITS.fullmatch(self.text) is not None)


def tokenize(document: Document) -> list[Token]:
    tokens: list[Token] = []
    for b, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            tokens.append(
                make_token(len(tokens), block.text, None, None, None, False, block.location))
            continue
        grid: CellGrid = block
        for cell in grid.cells:
            tok = make_token(len(tokens), cell.text, b, cell.row if grid.rows_known else None, cell,
                         grid.exact, cell.location)
            tokens.append(attrs.evolve(tok, aligned=True) if grid.aligned else tok)
    return tokens


def make_token(index: int, text: str, grid: int | None, row: int | None, cell: Cell | None,
           exact: bool, location: Location) -> Token:
    number, _ = split_numbering(text)
    return Token(index, text, normalize_label(text), number, parse_value(text), grid, row, cell,
                 exact, location)


def label_score(token: Token, spec: RowSpec | ColumnSpec) -> float:
    """How well a token names a template row or column: 0 (not at all) to about 3.5.

    Equal to the official label or an exact phrase: 3. Containing a match phrase: 1 plus
    the share of the token the phrase explains. A row whose printed numbering agrees gets a
    little more (misnumbered rows still match, seed 004's 一、上年结转…).
    """
    norm = token.norm
    if not norm or not token.is_label:
        return 0.0
    official = spec.norm
    if norm == official or norm in spec.exact:
        score = NAMES_EXACTLY
    else:
        score = 0.0
        if len(norm) <= 2.5 * max(len(official), 4) + 8:
            for phrase in spec.match:
                if phrase and phrase in norm:
                    score = max(score, 1.0 + len(phrase) / len(norm))
        if score == 0.0:
            return 0.0
    if isinstance(spec, RowSpec) and spec.number and token.number:
        score += 0.3 if token.number == spec.number else -0.2
    return score


def mentions(tok: Token, spec: RowSpec | ColumnSpec) -> bool:
    """Whether a label token names ``spec`` anywhere in it — header labels may have run
    together into one long token, so no length bound here (unlike ``label_score``)."""
    return tok.is_label and (tok.norm in spec.exact or tok.norm == spec.norm
                             or any(p in tok.norm for p in spec.match))
