"""Tokens: the document's cells and paragraphs in reading order, each with its normalised
label and parsed value, and how well a token names a template row or column."""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from ._analysis import KEPT_LEN, analyse, analysed, remembered
from ._caches import register
from ._grid import Cell, CellGrid, Document, Location, Paragraph
from ._phrases import BOUND, EXACT, LABEL_MAX, known, label_hits, phrase_hits
from ._templates import ColumnSpec, RowSpec
from ._values import ParsedValue

#: Digits a count is printed with (ASCII or full-width), not superscript footnote marks.
_PLAIN_DIGITS = re.compile(r"[0-9０-９]+")

__all__ = [
    "NAMES",
    "NAMES_EXACTLY",
    "NAMES_WHOLLY",
    "Token",
    "could_name",
    "forget_named",
    "label_score",
    "label_scores",
    "make_token",
    "mentions",
    "naming",
    "naming_at",
    "renumber",
    "tokenize",
]

# The thresholds of ``label_score`` the matcher decides by, named here once.
#: A token names a row or column: a match phrase explains at least a fifth of it (1 + 0.2).
NAMES = 1.2
#: It names it wholly: a match phrase is the whole token (1 + 1), or nearly with its
#: printed numbering agreeing.
NAMES_WHOLLY = 2.0
#: It is the official label or an exact phrase.
NAMES_EXACTLY = EXACT


class Token(NamedTuple):
    """One cell or paragraph of the document, in reading order.

    A named tuple, not an attrs record: a report makes hundreds (and copies them as repairs
    move them), and a tuple is built in a third of the time of a frozen attrs record with
    these eleven fields. Immutable all the same; copy with ``_replace``."""

    index: int  # type: ignore[assignment]  # the field hides tuple.index (never used)
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
    """The document's paragraphs and cells as tokens, in reading order. (``make_token``
    written out: a report has hundreds of tokens, and this is the matcher's hottest loop.)"""
    tokens: list[Token] = []
    append = tokens.append
    kept, longest = remembered, KEPT_LEN
    for b, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            text = block.text
            number, norm, parsed = kept(text) if len(text) <= longest else analysed(text)
            append(_new(Token, (len(tokens), text, norm, number, parsed, None, None, None, False,
                                block.location, False)))
            continue
        grid: CellGrid = block
        rows_known, exact, aligned = grid.rows_known, grid.exact, grid.aligned
        for cell in grid.cells:
            text = cell.text
            number, norm, parsed = kept(text) if len(text) <= longest else analysed(text)
            if cell.joined and parsed.kind == "text":
                parsed = _grouped_run(text) or parsed
            append(_new(Token, (len(tokens), text, norm, number, parsed, b,
                                cell.row if rows_known else None, cell, exact, cell.location,
                                aligned)))
    return tokens


def _grouped_run(text: str) -> ParsedValue | None:
    """A digit run the reader marked joined that keeps thousands separators of its cells
    (``53367111,940``: no one number, so the value grammar calls it text) as the digit run
    it is — the solver splits it, cutting no piece at a comma."""
    if len(text) > _LONGEST_RUN or ("," not in text and "，" not in text):
        return None  # (no row's cells run so long; and int() refuses 4,300 digits)
    m = _GROUPED_DIGITS.fullmatch(text.strip().replace("，", ","))
    if m is None:
        return None
    return ParsedValue("number", int(m.group(0).replace(",", "").translate(_ASCII_DIGITS)))


#: The longest run read as a grouped digit run.
_LONGEST_RUN = 200
_GROUPED_DIGITS = re.compile(r"[+\-]?[0-9０-９][0-9０-９,]*[0-9０-９]")
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


#: ``Token``'s fields as a tuple: ``tuple.__new__`` skips the named tuple's own ``__new__``
#: (a Python function) — every field is given, in order, where it is used.
_new = tuple.__new__

def make_token(index: int, text: str, grid: int | None, row: int | None, cell: Cell | None,
               exact: bool, location: Location, aligned: bool = False) -> Token:
    number, norm, parsed = analyse(text)
    return _new(Token, (index, text, norm, number, parsed, grid, row, cell, exact, location,
                        aligned))


def renumber(tokens: Iterable[Token]) -> list[Token]:
    """``tokens`` with ``index`` their position again — copying only those that moved (most
    repairs touch a few tokens of a long stream)."""
    return [t if t.index == i else t._replace(index=i) for i, t in enumerate(tokens)]


def naming(tokens: Iterable[Token]) -> list[Token]:
    """The label tokens ``label_score`` may score above 0 for some row or column of the
    templates' layouts: all that ``find_row_anchors`` needs to look at (prose is longer than
    any label and is left out without a look-up).

    The matcher asks this of a document's tokens and then of runs of them (what follows a
    table): a run of the very tokens last asked about is answered from that answer."""
    seq = tokens if isinstance(tokens, list | tuple) else list(tokens)
    return [seq[q] for q in naming_at(seq)]


def naming_at(seq: Sequence[Token]) -> list[int]:
    """The positions in ``seq`` of the tokens ``naming(seq)`` keeps, in order. The drawing-
    order repairs ask it of the stream they are repairing, once per table: the answer is
    kept while the stream is the same (shared: read it, never change it)."""
    last = _LAST_NAMED  # one read: another thread may replace the pair, not tear it
    found = _within(seq, last)
    if found is not None:
        return found
    hits = label_hits
    at = [q for q, t in enumerate(seq) if t.parsed.kind == "text"
          and 0 < len(t.norm) <= LABEL_MAX and hits(t.norm)]
    _remember_named(tuple(seq), at)
    return at


def _within(seq: Sequence[Token], last: tuple[tuple[Token, ...], list[int]]
            ) -> list[int] | None:
    """``naming_at(seq)`` from the last answer when ``seq`` is a run of the very tokens
    (identical objects) last asked about, else ``None``. A token's index says where to
    look; the objects are compared, so a stale or wrong index only misses."""
    every, at = last
    if not seq:
        return []
    lo = seq[0].index
    hi = lo + len(seq)
    if not 0 <= lo < hi <= len(every) or every[lo] is not seq[0]:
        return None
    if not all(map(operator.is_, seq, every[lo:hi])):
        return None
    found = at[bisect.bisect_left(at, lo):bisect.bisect_left(at, hi)]
    return [q - lo for q in found] if lo else found


def _remember_named(every: tuple[Token, ...], at: list[int]) -> None:
    global _LAST_NAMED
    _LAST_NAMED = (every, at)


def forget_named() -> None:
    """Drop ``naming``'s last answer (the matcher, done with a document: its tokens are not
    kept alive past it)."""
    _remember_named((), [])


#: The tokens ``naming`` was last asked about, and the positions of those it kept.
_LAST_NAMED: tuple[tuple[Token, ...], list[int]] = ((), [])


def could_name(specs: Iterable[RowSpec | ColumnSpec]) -> Callable[[Token], bool]:
    """A quick test that ``label_score`` may score a token above 0 for one of ``specs``
    (false: it is 0 for every one of them) — one index look-up per token; the great majority
    of a document's labels name nothing. (``mentions`` has no length bound: not covered.)"""
    specs = list(specs)
    ids = frozenset(id(s) for s in specs)
    if not all(known(s) for s in specs):
        return lambda tok: tok.parsed.kind == "text"
    test = _TESTS.get(ids)
    if test is None:  # the templates' spec sets are few: one test each, kept
        def test(tok: Token) -> bool:
            return (tok.parsed.kind == "text" and bool(tok.norm) and len(tok.norm) <= LABEL_MAX
                    and not ids.isdisjoint(label_hits(tok.norm)))
        _TESTS[ids] = test
    return test


#: ``could_name``'s tests by the ids of the template specs they test for.
_TESTS: dict[frozenset[int], Callable[[Token], bool]] = {}


def label_score(token: Token, spec: RowSpec | ColumnSpec) -> float:
    """How well a token names a template row or column: 0 (not at all) to about 3.5.

    Equal to the official label or an exact phrase: 3. Containing a match phrase: 1 plus
    the share of the token the phrase explains. A row whose printed numbering agrees gets a
    little more (misnumbered rows still match, seed 004's 一、上年结转…).
    """
    norm = token.norm
    if not norm or token.parsed.kind != "text":
        return 0.0
    sid = id(spec)
    bound = BOUND.get(sid)
    if bound is not None:  # the templates' own records: answered by the phrase index
        if len(norm) > LABEL_MAX:
            return 0.0
        found = label_hits(norm).get(sid)
        if found is None or (found != EXACT and len(norm) > bound):
            return 0.0
        score = found
    else:
        score = _rule_score(norm, spec)
        if score == 0.0:
            return 0.0
    if isinstance(spec, RowSpec) and spec.number and token.number:
        score += 0.3 if token.number == spec.number else -0.2
    return score


def label_scores(token: Token, specs: Sequence[RowSpec | ColumnSpec]) -> list[float]:
    """``[label_score(token, s) for s in specs]``, scoring only the specs the phrase index
    says the token names (the others score 0). A tuple of specs (a template table's rows or
    columns) is asked about the same labels again and again in a report: its answers are
    kept by the label's norm and number (all ``label_score`` reads of a token)."""
    norm = token.norm
    if not norm or token.parsed.kind != "text":
        return [0.0] * len(specs)
    if isinstance(specs, tuple):
        key = (id(specs), norm, token.number)
        kept = _SCORES.get(key)
        if kept is not None and kept[0] is specs:
            return list(kept[1])
    hits = label_hits(norm) if len(norm) <= LABEL_MAX else {}
    places = _places(specs) if isinstance(specs, tuple) else None
    if places is None:
        scores = [label_score(token, s) if id(s) in hits or id(s) not in BOUND else 0.0
                  for s in specs]
    else:
        scores = [0.0] * len(specs)  # a spec the index holds and does not name scores 0
        for sid in hits:
            for at in places.get(sid, ()):
                scores[at] = label_score(token, specs[at])
    if isinstance(specs, tuple):
        _SCORES.keep(key, specs, scores)
    return scores


class _KeptScores(dict[tuple[int, str, str], tuple[tuple[Any, ...], tuple[float, ...]]]):
    """``label_scores``' answers for tuples of specs, by (id of the tuple, norm, number), the
    tuple held beside its answer so the id stays its own. Bounded; emptied by
    ``_caches.clear_caches``, so a benchmark's cold run pays for them."""

    def keep(self, key: tuple[int, str, str], specs: tuple[Any, ...],
             scores: list[float]) -> None:
        if len(self) >= _MOST_SCORES:
            self.clear()
        self[key] = (specs, tuple(scores))


#: How many answers ``_SCORES`` keeps before starting again.
_MOST_SCORES = 8192
_SCORES = _KeptScores()
register(_SCORES.clear)


def _places(specs: tuple[RowSpec | ColumnSpec, ...]) -> dict[int, list[int]] | None:
    """Where each spec of ``specs`` stands, by id, when the phrase index holds them all (a
    template table's rows or columns), else ``None``: kept per tuple (by id, the tuple held
    beside its answer so the id stays its own; bounded)."""
    kept = _PLACES.get(id(specs))
    if kept is None or kept[0] is not specs:
        if len(_PLACES) >= 256:
            _PLACES.clear()
        places: dict[int, list[int]] | None = None
        if all(id(s) in BOUND for s in specs):
            places = {}
            for at, spec in enumerate(specs):
                places.setdefault(id(spec), []).append(at)
        kept = _PLACES[id(specs)] = (specs, places)
    return kept[1]


#: ``_places``' answers by the id of the tuple of specs asked about.
_PLACES: dict[int, tuple[tuple[RowSpec | ColumnSpec, ...], dict[int, list[int]] | None]] = {}


def _rule_score(norm: str, spec: RowSpec | ColumnSpec) -> float:
    """``label_score`` before numbering, by its definition (specs the index does not hold)."""
    official = spec.norm
    if norm == official or norm in spec.exact:
        return EXACT
    score = 0.0
    if len(norm) <= 2.5 * max(len(official), 4) + 8:
        for phrase in spec.match:
            if phrase and phrase in norm:
                score = max(score, 1.0 + len(phrase) / len(norm))
    return score


def mentions(tok: Token, spec: RowSpec | ColumnSpec) -> bool:
    """Whether a label token names ``spec`` anywhere in it — header labels may have run
    together into one long token, so no length bound here (unlike ``label_score``)."""
    if not tok.is_label:
        return False
    if tok.norm and known(spec):
        return id(spec) in phrase_hits(tok.norm)
    return (tok.norm in spec.exact or tok.norm == spec.norm
            or any(p in tok.norm for p in spec.match))

