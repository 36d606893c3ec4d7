"""Rows whose labels and values pdftotext wrote apart (issue 12, part 2).

LibreOffice's PDF export of the applications table, read without ``-layout``, comes as runs
of row-label pieces two characters a line, the group labels' pieces interleaved with them
(``三、`` ``（一）予以公`` ``本年`` ``开`` ``度办`` …), then runs of the rows' values, row by row
(``58 0 0 0 0 0 58 782 20 3 4 4 9 822 …``), the first row's values among the header words and
the last two rows' cells interleaved (``1879 39 53 0 … 1959 39``). Nothing but order ties a
value to its row. Here, with the template's row labels:

* the label pieces are joined into labels (each piece goes to the first label begun that it
  continues; every label begun must be completed);
* the numbers, in order, are cut into rows that each add up to their 总计 (the last two
  rows' alternating cells are read apart when that reading adds up, and nothing is done
  when the plain reading adds up too and gives other rows);
* when every row of the table is labelled exactly once, in the template's order, and there
  are exactly as many rows of values, they are paired in order and written back row by row.

Anything else leaves the tokens as they were, for the matcher to flag.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._normalize import strip_punctuation
from ._per_table import per_table
from ._templates import Layout, TableSpec
from ._tokens import Token, make_token

__all__ = ["rows_written_apart"]

#: At most this many tokens make up one table's region.
_SPAN = 600


def rows_written_apart(tokens: list[Token], table: TableSpec, layout: Layout) -> list[Token]:
    """``tokens`` with ``table``'s rows put back together (see the module docstring)."""
    if _loose_counts(tokens) < len(table.rows) * len(table.columns):
        return tokens  # too few counts for a row of values per row: nothing to pair
    labels = {strip_punctuation(r.label): r.key for r in table.rows}
    groups = {strip_punctuation(r.group) for r in table.rows if r.group}
    names = set(labels) | groups
    # A token's norm is its stripped text less any outline numbering (never longer), and
    # what begins the first label is no longer than it: prose is passed over unstripped.
    most = len(_first_and_others(table)[0])
    start = next((q for q, t in enumerate(tokens) if _loose(t) and t.is_label
                  and len(t.norm) <= most
                  and _begins_first(strip_punctuation(t.text), table)), None)
    if start is None or (start + 1 < len(tokens) and tokens[start + 1].parsed.kind == "number"):
        return tokens  # the first row's values follow its label: nothing was written apart
    end = _region_end(tokens, start, table, layout)
    joined = _join_pieces(tokens[start:end], names)
    if joined is None:
        return tokens
    pieces, words = joined
    order = [labels[n] for n, _ in pieces if n in labels]
    if order != [r.key for r in table.rows]:
        return tokens
    numbers = _numbers(tokens[start:end])
    rows = _cut_rows(numbers, len(table.columns))
    if rows is None or len(rows) != len(table.rows):
        return tokens
    out: list[Token] = list(words)
    values = iter(rows)
    for name, tok in pieces:
        out.append(tok)
        if name in labels:
            out.extend(next(values))
    return [*tokens[:start], *out, *tokens[end:]]


def _loose(tok: Token) -> bool:
    return tok.row is None and not tok.exact and not tok.aligned


def _leads(text: str, names: set[str]) -> bool:
    return bool(text) and any(n.startswith(text) for n in names)


def _begins_first(text: str, table: TableSpec) -> bool:
    """``text`` begins the table's first row label and no other label of the table."""
    first, others = _first_and_others(table)
    return bool(text) and first.startswith(text) and not any(o.startswith(text) for o in others)


@per_table
def _first_and_others(table: TableSpec) -> tuple[str, tuple[str, ...]]:
    """The table's first row label and its other row and group labels, stripped — asked for
    every loose label of a document."""
    others = [strip_punctuation(r.label) for r in table.rows[1:]]
    others += [strip_punctuation(r.group) for r in table.rows if r.group]
    return strip_punctuation(table.rows[0].label), tuple(others)


def _region_end(tokens: Sequence[Token], start: int, table: TableSpec, layout: Layout) -> int:
    """The first token after ``start`` that opens another table (its caption), or the end."""
    captions = [c for t in layout.tables if t.key != table.key for c in t.captions]
    q = start + 1
    while q < min(len(tokens), start + _SPAN):
        tok = tokens[q]
        if not _loose(tok) or (tok.is_label and any(c in tok.norm for c in captions)):
            return q
        q += 1
    return q


def _join_pieces(tokens: Sequence[Token], names: set[str]
                 ) -> tuple[list[tuple[str, Token]], list[Token]] | None:
    """The labels the pieces make, in the order they begin, each as (its name, a token of
    the joined text), and the other words (header words, notes). ``None`` when a label
    begun is not completed."""
    texts: list[list[str]] = []
    owner: list[Token] = []
    open_: list[int] = []
    words: list[Token] = []
    for tok in tokens:
        if not tok.is_label or _integers(tok.text) is not None:
            continue
        for word in tok.text.split():
            part = strip_punctuation(word)
            into = next((k for k in open_
                         if _leads(strip_punctuation("".join(texts[k]) + word), names)), None)
            if part and into is not None:
                texts[into].append(word)
                if strip_punctuation("".join(texts[into])) in names:
                    open_.remove(into)
            elif part and _leads(part, names):
                texts.append([word])
                owner.append(tok)
                if part not in names:
                    open_.append(len(texts) - 1)
            else:
                words.append(tok._replace(text=word, norm=strip_punctuation(word)))
    if open_:
        return None
    pieces = []
    for text, tok in zip(texts, owner, strict=True):
        full = "".join(text)
        pieces.append((strip_punctuation(full), make_token(
            tok.index, full, tok.grid, tok.row, tok.cell, tok.exact, tok.location)))
    return pieces, words


def _loose_counts(tokens: Sequence[Token]) -> int:
    """How many counts the loose tokens hold (what ``_numbers`` can find in any region, which
    holds loose tokens only): each number one, a line of counts each of them."""
    found = 0
    for tok in tokens:
        if not _loose(tok):
            continue
        if tok.parsed.kind == "number":
            found += 1
        elif (tok.is_label and tok.text.lstrip()[:1].isdigit()
              and (parts := _integers(tok.text)) is not None and len(parts) > 1):
            found += len(parts)
    return found


def _integers(text: str) -> list[str] | None:
    """The counts a text holds when it is only counts one space apart (``1860 53``)."""
    parts = text.split()
    return parts if parts and all(p.isdigit() for p in parts) else None


def _numbers(tokens: Sequence[Token]) -> list[Token]:
    """Every count in ``tokens``, in order; a line of several counts gives each."""
    out: list[Token] = []
    for tok in tokens:
        if tok.parsed.kind == "number":
            out.append(tok)
        elif tok.is_label and (parts := _integers(tok.text)) is not None and len(parts) > 1:
            out.extend(make_token(tok.index, p, tok.grid, tok.row, tok.cell, tok.exact,
                                  tok.location) for p in parts)
    return out


def _adds_up(values: Sequence[Token]) -> bool:
    numbers = [v.parsed.value for v in values]
    if not all(isinstance(n, int | float) for n in numbers):
        return False
    counts = [float(n) for n in numbers if isinstance(n, int | float)]
    return abs(sum(counts[:-1]) - counts[-1]) < 1e-9


def _texts(values: Sequence[Token]) -> list[str]:
    return [v.text for v in values]


def _cut_rows(numbers: list[Token], width: int) -> list[list[Token]] | None:
    """``numbers`` cut into rows of ``width`` that each add up; the last two rows may have
    their cells alternating (LibreOffice draws the table's last two rows so), and a band of
    rows may come column by column (:func:`_band`). ``None`` when that fails, or when rows
    read two ways that add up and the readings differ."""
    rows: list[list[Token]] = []
    tail = len(numbers) - 2 * width
    i = 0
    while i < len(numbers):
        plain = numbers[i:i + width]
        band = _band(numbers, i, width)
        if band is not None:
            if not band:
                return None
            rows += band
            i += len(band) * width
            continue
        if i == tail:
            pair = numbers[i:]
            a, b = pair[0::2], pair[1::2]
            if _adds_up(a) and _adds_up(b):
                rest = [plain, numbers[i + width:]]
                if all(_adds_up(r) for r in rest) and _texts(a + b) != _texts(pair):
                    return None  # both readings add up, and they differ
                return [*rows, a, b]
        if len(plain) != width or not _adds_up(plain):
            return None
        rows.append(plain)
        i += width
    return rows


def _band(numbers: list[Token], i: int, width: int) -> list[list[Token]] | None:
    """The rows of a band written column by column from ``numbers[i]``: rows drawn close
    together (a tight table) make pdftotext write each column's cells of those rows as one
    block of lines one under the other, blocks apart (``107`` / ``344`` / ``0``, then
    ``0`` / ``0`` / ``0`` …: three rows' first cells, then their second). ``None`` when
    ``numbers[i]`` opens no such band (a block of one line: the row-major order) or the
    band's rows do not all add up; an empty list when the row-major reading of the same
    numbers adds up too, and differs."""
    m = _block_size(numbers, i)
    if m < 2:
        return None
    if i + m * width > len(numbers) or any(
            _block_size(numbers, i + c * m) != m for c in range(width)):
        return None
    band = [[numbers[i + c * m + j] for c in range(width)] for j in range(m)]
    if not all(_adds_up(row) for row in band):
        return None
    flat = numbers[i:i + m * width]
    plain = [flat[r * width:(r + 1) * width] for r in range(m)]
    if all(_adds_up(row) for row in plain) and [_texts(r) for r in plain] != [
            _texts(r) for r in band]:
        return []
    return band


def _block_size(numbers: list[Token], i: int) -> int:
    """How many numbers from ``numbers[i]`` stand on consecutive lines, one a line."""
    n = 1
    while i + n < len(numbers):
        above, below = numbers[i + n - 1].location.line, numbers[i + n].location.line
        if above is None or below != above + 1:
            break
        n += 1
    return n
