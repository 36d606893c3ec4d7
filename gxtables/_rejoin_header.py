"""Header cells ``pdftotext`` (default mode) drew out of place, put back on the token stream:
words drawn among the first row's values after a page break (or after the label of the row a
page starts with), cells wrapped in narrow columns as their lines' pieces, and the last
header cells drawn after the first rows' values (see
:mod:`._rejoin`, which runs these with the row and block repairs)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ._normalize import normalize_label
from ._per_table import per_table
from ._phrases import known, phrase_hits
from ._templates import ColumnSpec, TableSpec
from ._tokens import Token, label_score, mentions
from ._torn import NAMES_ROW, adds_up, best_row, first_row_at, loose, row_candidates

__all__ = ["header_words_after_row_label", "header_words_out_of_first_row",
           "join_header_fragments"]


def header_words_out_of_first_row(tokens: list[Token], table: TableSpec) -> list[Token]:
    """``L 155 0 0 2 0 其他 0 总计 157`` → ``其他 总计 L 155 0 0 2 0 0 157``: the header words
    drawn among the first row's values (a page break right after the header puts them on
    one baseline) go back before the row's label, the values keep their order. Only words
    of this table's header stand among them, and the values add up as one row (with or
    without a 小计)."""
    first = first_row_at(tokens, table)
    if first is None:
        return tokens
    names = _header_names(table)
    words: list[Token] = []
    values: list[Token] = []
    end = first + 1
    while end < len(tokens) and loose(tokens[end]) and end - first <= _HEADER_SPAN:
        tok = tokens[end]
        if tok.parsed.kind == "number":
            values.append(tok)
        elif tok.is_label and tok.text.split() and all(
                any(normalize_label(w) and normalize_label(w) in n for n in names)
                for w in tok.text.split()):
            words.append(tok)
        else:
            break
        end += 1
    after = end
    while after < len(tokens) and loose(tokens[after]) and not tokens[after].text.strip():
        after += 1  # a page break's blank lines, read as an empty cell
    width = len(table.columns)
    if (not words or not values or after >= len(tokens) or not tokens[after].is_label
            or tokens.index(values[0]) > tokens.index(words[-1])):
        return tokens
    if len(values) not in (width, width + 1) or not adds_up(values, len(values) > width):
        return tokens
    return [*tokens[:first], *words, tokens[first], *values, *tokens[end:]]


def header_words_after_row_label(tokens: list[Token], table: TableSpec) -> list[Token]:
    """``L 其他 总计 5 1 0 0 0 0 6`` → ``其他 总计 L 5 1 0 0 0 0 6``: a page's repeated header
    whose last words are drawn on the baseline of the page's first row, after its label. Only
    words of this table's header stand between the label and one row's worth of values that
    adds up (with or without a 小计), and no number follows them."""
    names = _header_names(table)
    width = len(table.columns)
    out = tokens
    longest = max(len(n) for n in names)
    for q in list(row_candidates(tokens, table)):
        after = out[q + 1] if q + 1 < len(out) else None
        if (after is None or not loose(out[q]) or after.parsed.kind != "text"
                or len(after.norm) > longest):
            continue  # (most labels: exact cells, or a value or a longer label follows)
        if _header_word(out[q], names):
            continue  # a header word itself (one of a run: each would rescan the run)
        g = q + 1
        while g < len(out) and g - q <= len(names) and loose(out[g]) and _header_word(out[g],
                                                                                       names):
            g += 1
        if g == q + 1 or g >= len(out) or out[g].parsed.kind != "number":
            continue  # (a header's own words: more words, or a label, follow them)
        e = g
        while e < len(out) and loose(out[e]) and out[e].parsed.kind == "number":
            e += 1
        if e - g not in (width, width + 1) or (e < len(out) and out[e].is_value):
            continue
        if best_row(out[q], table) is None:
            continue
        if not adds_up(out[g:e], e - g > width):
            continue
        out = [*out[:q], *out[q + 1:g], out[q], *out[g:]]  # same positions for the rest
    return out


def _header_word(tok: Token, names: frozenset[str]) -> bool:
    """A label token whose every word is part of one of the header's names."""
    return tok.is_label and _header_text(tok.text, names)


@lru_cache(maxsize=4096)
def _header_text(text: str, names: frozenset[str]) -> bool:
    """:func:`_header_word` of a label's text (labels recur across a report and reports)."""
    words = [normalize_label(w) for w in text.split()]
    return bool(words) and all(w and any(w in n for n in names) for w in words)


@per_table
def _header_names(table: TableSpec) -> frozenset[str]:
    """The names a header of ``table`` prints: its columns, their group, extras (小计)."""
    names = {c.norm for c in table.columns}
    names |= {normalize_label(c.group) for c in table.columns if c.group}
    names |= {normalize_label(x) for x in table.extra_columns}
    return frozenset(names)


#: How many tokens before a table's first row label its header may take.
_HEADER_SPAN = 40


def join_header_fragments(tokens: list[Token], table: TableSpec) -> list[Token]:
    """Header cells wrapped in narrow columns come as their lines' pieces, first lines of a
    row of cells together (``自然人 商业企 科研机 社会公 法律服`` / ``业`` / ``构`` /
    ``益组织 务机构``): each piece that begins a column name is joined with the pieces after it
    that complete that name, the first open name first (pdftotext writes the lines of side-by-
    side cells left to right). Only when every begun name is completed and the header then
    names every column; other words stay."""
    first = first_row_at(tokens, table)
    if first is None:
        return tokens
    start = first
    while (start > 0 and first - start < _HEADER_SPAN and loose(tokens[start - 1])
           and tokens[start - 1].is_label and "。" not in tokens[start - 1].text):
        start -= 1  # (a sentence is prose before the header, never a header cell)
    names = _header_names(table)
    words = [(tok, w) for tok in tokens[start:first] for w in tok.text.split()]
    pieces: list[tuple[list[str], list[str]]] = []  # per header word or name: norms, texts
    owner: list[Token] = []
    open_: list[int] = []  # names begun and not yet complete, in order
    joins = 0
    for tok, word in words:
        norm = tok.norm if word == tok.text and tok.is_label else normalize_label(word)
        into = next((k for k in open_ if _leads("".join(pieces[k][0]) + norm, names)), None)
        if norm and into is not None:
            pieces[into][0].append(norm)
            pieces[into][1].append(word)
            joins += 1
            if "".join(pieces[into][0]) in names:
                open_.remove(into)
            continue
        pieces.append(([norm], [word]))
        owner.append(tok)
        if norm and norm not in names and _leads(norm, names):
            open_.append(len(pieces) - 1)
    if open_:
        return tokens
    header = [tok._replace(text="".join(texts), norm="".join(norms))
              for tok, (norms, texts) in zip(owner, pieces, strict=True)]
    missing = _unnamed(header, table.columns)
    if not missing:
        return [*tokens[:start], *header, *tokens[first:]] if joins else tokens
    late = _late_header_words(tokens, first, table, missing, header)
    if late is None or any(_between_label_and_value(tokens, q, names) for q in late):
        # a header that still lacks a column is left to the matcher as it is; so is one whose
        # word parts a row's label from the values after it (行政事业性收费 本年制发件数 18:
        # moved, it would leave another row's value glued to that label)
        return tokens
    moved = set(late)
    rest = [t for q, t in enumerate(tokens[first:], start=first) if q not in moved]
    return [*tokens[:start], *header, *(tokens[q] for q in late), *rest]


def _between_label_and_value(tokens: list[Token], q: int, names: frozenset[str]) -> bool:
    """Whether the word at ``q`` stands right after a label that is no header word and right
    before a value."""
    before, after = tokens[q - 1], tokens[q + 1] if q + 1 < len(tokens) else None
    return (after is not None and after.is_value and before.is_label
            and not _header_word(before, names))


def _unnamed(header: Sequence[Token], columns: Sequence[ColumnSpec]) -> list[ColumnSpec]:
    """The ``columns`` no token of ``header`` names (``mentions`` it, or scores it as a row
    label would). A template column a label names is one the phrase index finds in the
    label (both tests need that), so one look-up per label settles the named ones."""
    found: set[int] = set()
    for h in header:
        if h.is_label and h.norm:
            found.update(phrase_hits(h.norm))
    return [c for c in columns
            if not (known(c) and id(c) in found) and not _named(header, c)]


def _named(header: Sequence[Token], column: ColumnSpec) -> bool:
    return any(mentions(h, column) or label_score(h, column) >= NAMES_ROW for h in header)


#: Rows before this one (本年新收, 上年结转, 予以公开, 部分公开) may have header words drawn
#: among their values; a label of a later row ends the search.
_LATE_HEADER_ROWS = 4


def _late_header_words(tokens: list[Token], first: int, table: TableSpec,
                       missing: Sequence[ColumnSpec], header: Sequence[Token]
                       ) -> list[int] | None:
    """Positions of header words drawn after the first row's label, among the first rows'
    values (``… 14 1 5 总计 其他 小计 7 148 …``: the last header cells drawn after the first
    value cells), in the table's official order (an extra 小计 after its group), when they
    name every column the header before the row lacks (the first of each, up to a header
repeated after a page break); else None.

    Only whole words that are names of this table's header count (never a piece, a row's
    label or a value), and only before the label of the fifth row."""
    found: dict[str, int] = {}  # column key or extra → position
    extras = set(table.extra_columns)
    have_extra = any(table.is_extra_column(h.norm) for h in header)
    q = first + 1
    while q < len(tokens) and q - first <= _HEADER_SPAN and loose(tokens[q]):
        tok = tokens[q]
        q += 1
        if not tok.is_label or not tok.norm:
            continue
        col = next((c for c in missing if tok.norm == c.norm), None)
        if col is not None:
            if col.key in found:
                break  # a header repeated after a page break: the first rows' words are found
            found[col.key] = q - 1
            continue
        if tok.norm in extras and not have_extra:
            if tok.norm in found:
                break
            found[tok.norm] = q - 1
            continue
        k = best_row(tok, table)
        if k is not None and k >= _LATE_HEADER_ROWS:
            break
    if any(c.key not in found for c in missing):
        return None
    official = [c.key for c in table.columns]
    grouped = [k for k, c in enumerate(table.columns) if c.group]
    after_group = (grouped[-1] if grouped else len(official) - 1) + 0.5

    def rank(key: str) -> float:
        return float(official.index(key)) if key in official else after_group

    return [found[k] for k in sorted(found, key=rank)]


def _leads(text: str, names: frozenset[str]) -> bool:
    """``text`` is a name or the start of one."""
    return any(n.startswith(text) and n != text for n in names) or text in names
