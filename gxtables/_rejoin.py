"""Rejoin rows that a PDF's drawing order tore apart (poppler ``pdftotext`` default mode).

``pdftotext`` without ``-layout`` writes text in the order the PDF draws it, one cell per
line. These artefacts need the template to undo, so they live here, on the token stream, and
not in the reader (issue 12, part 2):

* header cells wrapped in narrow columns come as pieces, first lines together
  (``自然人 商业企 科研机`` / ``业`` / ``构``): joined when the pieces complete column names;
* header words drawn among the first row's values after a page break
  (``一、… 155 0 0 2 0 其他 0 总计 157``) go back to the header;
* a row's label drawn at the end of the document goes back before its unlabelled values;

* a table's last row label is drawn after the group labels, below the values of the row
  before it: ``（七）总计 275 10 0 0 0 0 285 0 3 4 3 3 3 16 （三）不予公开 …``
  ``四、结转下年度继续办理`` — two rows' values under one label, the next row's label with none;
* the review/litigation block's fifteen values are drawn in between its header words
  (``结果维 结果纠 …`` / ``持`` / ``正`` …, ``总计``, ``复议后起诉``), a page break and even the
  next section's prose among them.

Rows written wholly apart from their labels (LibreOffice's export) are :mod:`._apart`'s.
All is undone only on rows-unknown text tokens, and values move only when the table's own
arithmetic agrees: every moved row (every block group) must add up to its 总计 column (and
小计). Anything else is left as it was, for the matcher to flag.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from ._apart import rows_written_apart
from ._normalize import normalize_label
from ._review_blanks import blank_count
from ._templates import ColumnSpec, Layout, RowSpec, TableSpec
from ._tokens import NAMES, Token, could_name, label_score, label_scores, mentions, renumber

__all__ = ["rejoin_apart", "rejoin_drawing_order"]

#: How far (tokens) the pieces of one torn row or block may lie apart.
_WINDOW = 160
#: A label token must name its row at least this well (as ``find_row_anchors`` asks).
_NAMES_ROW = NAMES


def rejoin_drawing_order(tokens: Sequence[Token], layout: Layout) -> list[Token]:
    """``tokens`` with torn rows put back together (see the module docstring), renumbered.
    Tokens of grids with known rows (HTML, DOCX, PDF, tab-separated text) are never moved."""
    out = list(tokens)
    for table in layout.tables:
        if table.shape == "rows" and _sums_to_total(table):
            out = _header_words_out_of_first_row(out, table)
            out = _place_stray_row_labels(out, table)
        if table.shape == "rows":
            out = _join_header_fragments(out, table)
        if not _sums_to_total(table):
            continue
        if table.shape == "rows":
            out = _place_trailing_row_labels(out, table)
        else:
            out = _gather_block_values(out, table, layout)
    return renumber(out)


def rejoin_apart(tokens: Sequence[Token], layout: Layout) -> list[Token]:
    """``tokens`` with the rows whose label pieces and values were written apart put back
    together (:mod:`._apart`), renumbered: before any repair joins label pieces its own way."""
    out = list(tokens)
    for table in layout.tables:
        if table.shape == "rows" and _sums_to_total(table):
            out = rows_written_apart(out, table, layout)
    return renumber(out)


def _sums_to_total(table: TableSpec) -> bool:
    """Tables whose last column is the row's total (applications, review/litigation)."""
    return len(table.columns) >= 3 and table.columns[-1].key == table.total_column


def _loose(tok: Token) -> bool:
    """A token of rows-unknown text (one cell per line): the only kind repaired here."""
    return tok.row is None and not tok.exact and not tok.aligned


def _number(tok: Token) -> float | None:
    value = tok.parsed.value if tok.parsed.kind == "number" else None
    return float(value) if isinstance(value, int | float) else None


def _adds_up(part: Sequence[Token], subtotal: bool = False) -> bool:
    """The row rule of a table whose last column is 总计: the last number is the sum of the
    others (every cell printed as a number). With a ``subtotal`` (小计) before 总计, it is the
    sum of the columns after the first, and 总计 the first plus it."""
    numbers = [_number(t) for t in part]
    if any(n is None for n in numbers):
        return False
    values = [n for n in numbers if n is not None]
    if subtotal:
        return (len(values) >= 4 and abs(sum(values[1:-2]) - values[-2]) < 1e-9
                and abs(values[0] + values[-2] - values[-1]) < 1e-9)
    return abs(sum(values[:-1]) - values[-1]) < 1e-9


#: ``could_name(table.rows)`` per table, by id, the table kept so the id stays its own.
_MAY_NAME: dict[int, tuple[TableSpec, Callable[[Token], bool]]] = {}


def _best_row(tok: Token, table: TableSpec) -> int | None:
    """The template row ``tok`` names, when it names exactly one best."""
    kept = _MAY_NAME.get(id(table))
    if kept is None or kept[0] is not table:
        kept = _MAY_NAME[id(table)] = (table, could_name(table.rows))
    may_name = kept[1]
    if not tok.is_label or not tok.norm or not may_name(tok):
        return None
    scores = label_scores(tok, table.rows)
    top = max(scores, default=0.0)
    if top < _NAMES_ROW or scores.count(top) != 1:
        return None
    return scores.index(top)


def _place_trailing_row_labels(tokens: list[Token], table: TableSpec) -> list[Token]:
    """``A v1…v2w L… B`` → ``A v1…vw B vw+1…v2w L…`` where ``A`` names row k, ``B`` row k+1 and
    no values follow ``B``: B's label was drawn after the group labels (L) below its values.
    Each moved row must add up; a row of the columns and a 小计 adds up with it, and only
    one of the two widths may fit."""
    i = 0
    while i < len(tokens):
        head = tokens[i]
        k = _best_row(head, table) if _loose(head) else None
        if k is None:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and _loose(tokens[j]) and tokens[j].parsed.kind == "number":
            j += 1
        fits = [fit for width in (len(table.columns), len(table.columns) + 1)
                if (fit := _trailing_rows(tokens, i, j, k, width, table)) is not None]
        if len(fits) != 1:
            i += 1
            continue
        found, chunks, p = fits[0]
        moved = set(found)
        rebuilt = [head, *chunks[0]]
        for r in range(1, len(chunks)):
            rebuilt.append(tokens[found[r - 1]])
            rebuilt.extend(chunks[r])
        rest = [t for q, t in enumerate(tokens[j:p], start=j) if q not in moved]
        tokens = [*tokens[:i], *rebuilt, *rest, *tokens[p:]]
        i += j - i + len(chunks) - 1
    return tokens


def _trailing_rows(tokens: list[Token], i: int, j: int, k: int, width: int, table: TableSpec
                   ) -> tuple[list[int], list[list[Token]], int] | None:
    """For row ``k``'s label at ``i`` and its run of numbers up to ``j``, read as rows of
    ``width`` values: the later rows' labels, the rows' values, and where the labels end."""
    run = j - i - 1
    m = run // width
    if run % width or m < 2 or k + m > len(table.rows):
        return None
    # The labels after the run (no value among them) must name rows k+1 … k+m-1 in order,
    # each with no value of its own after it.
    found: list[int] = []
    want = k + 1
    p = j
    while p < min(len(tokens), j + 40) and want < k + m:
        tok = tokens[p]
        if not _loose(tok) or tok.is_value:
            break
        if _best_row(tok, table) == want:
            found.append(p)
            want += 1
        p += 1
    next_is_value = p < len(tokens) and tokens[p].is_value and want == k + m
    if len(found) != m - 1 or next_is_value:
        return None
    chunks = [tokens[i + 1 + r * width: i + 1 + (r + 1) * width] for r in range(m)]
    subtotal = width > len(table.columns)
    if not all(_adds_up(c, subtotal) for c in chunks):
        return None
    return found, chunks, p


def _gather_block_values(tokens: list[Token], table: TableSpec, layout: Layout
                         ) -> list[Token]:
    """The block's values drawn among its header words (and a page break's prose): when the
    first ``rows × columns`` numbers after its first row label form groups that each add up,
    they are put together where the first of them stands, the words after them.

    The sums cannot see values swapped inside a group, so the drawing order must be the one
    pdftotext gives a plain block: between a group's cells before 总计 only this table's
    header words (总计 drawn before 尚未审结's value) or words naming nothing of any table (the
    next section's heading, prose), and nothing in between that names a row of another table
    (a page break's labels mixed in, where the drawing order is not the cells' order)."""
    first = table.rows[0]
    width = len(table.columns)
    expected = width * len(table.rows)
    # The header may run on (行政复议行政诉讼…), or the section's heading run into it.
    start = next((q for q, t in enumerate(tokens)
                  if _loose(t) and t.is_label and len(t.norm) <= 40
                  and (t.norm.startswith(first.norm) or t.norm.endswith(first.norm))), None)
    if start is None:
        return tokens
    values: list[int] = []
    others: list[int] = []
    p = start + 1
    while p < min(len(tokens), start + _WINDOW) and len(values) < expected:
        tok = tokens[p]
        if not _loose(tok):
            return tokens
        if tok.is_value:
            if not tok.text and values and all(not t.is_value or not t.text
                                               for t in tokens[p:start + _WINDOW]):
                break  # the text ends (an empty line at the page's end)
            if tok.parsed.kind != "number":
                return tokens  # an empty cell among them: which cell it is, is unknown
            values.append(p)
        elif values:
            others.append(p)
        p += 1
    blanks = False
    if len(values) != expected or (p < len(tokens) and tokens[p].parsed.kind == "number"):
        # blank cells lost: the block's values are those that cut into groups adding up
        n = blank_count([tokens[q] for q in values], width, len(table.rows))
        if n is None:
            return tokens
        values, blanks, p = values[:n], True, values[n - 1] + 1
        others = [q for q in others if q < p]
    if not others or others[-1] < values[0]:
        return tokens  # already together
    own: list[RowSpec | ColumnSpec] = [*table.rows, *table.columns]
    foreign: list[RowSpec | ColumnSpec] = []
    for t in layout.tables:
        if t.key != table.key:
            foreign += [*t.rows, *t.columns]
    spans = [values] if blanks else [values[r * width:(r + 1) * width - 1]
                                     for r in range(len(table.rows))]
    for part in spans:
        if any(not _plain_word(tokens[q], own, foreign) for q in range(part[0], part[-1])
               if not tokens[q].is_value):
            return tokens  # a group's cells drawn apart among other tables' words
    rows = [row for t in layout.tables if t.shape == "rows" for row in t.rows]
    if any(tokens[q].is_label and not any(mentions(tokens[q], spec) for spec in own)
           and any(label_score(tokens[q], row) >= _NAMES_ROW for row in rows)
           for q in others if values[0] < q < values[-1]):
        return tokens
    groups = [[tokens[q] for q in values[r * width:(r + 1) * width]]
              for r in range(len(table.rows))]
    if not blanks and not all(_adds_up(g) for g in groups):
        return tokens
    lo = values[0]
    between = [tokens[q] for q in others]
    return [*tokens[:lo], *(tokens[q] for q in values), *between, *tokens[p:]]


def _plain_word(tok: Token, own: Sequence[RowSpec | ColumnSpec],
                foreign: Sequence[RowSpec | ColumnSpec]) -> bool:
    """A word that may stand between a group's cells: one of the table's own header words,
    or a word that names no row or column of another table."""
    if any(mentions(tok, spec) for spec in own):
        return True
    return not any(mentions(tok, spec) or label_score(tok, spec) >= _NAMES_ROW
                   for spec in foreign)


def _header_words_out_of_first_row(tokens: list[Token], table: TableSpec) -> list[Token]:
    """``L 155 0 0 2 0 其他 0 总计 157`` → ``其他 总计 L 155 0 0 2 0 0 157``: the header words
    drawn among the first row's values (a page break right after the header puts them on
    one baseline) go back before the row's label, the values keep their order. Only words
    of this table's header stand among them, and the values add up as one row (with or
    without a 小计)."""
    first = next((q for q, t in enumerate(tokens) if _loose(t) and _best_row(t, table) == 0),
                 None)
    if first is None:
        return tokens
    names = _header_names(table)
    words: list[Token] = []
    values: list[Token] = []
    end = first + 1
    while end < len(tokens) and _loose(tokens[end]) and end - first <= _HEADER_SPAN:
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
    while after < len(tokens) and _loose(tokens[after]) and not tokens[after].text.strip():
        after += 1  # a page break's blank lines, read as an empty cell
    width = len(table.columns)
    if (not words or not values or after >= len(tokens) or not tokens[after].is_label
            or tokens.index(values[0]) > tokens.index(words[-1])):
        return tokens
    if len(values) not in (width, width + 1) or not _adds_up(values, len(values) > width):
        return tokens
    return [*tokens[:first], *words, tokens[first], *values, *tokens[end:]]


def _place_stray_row_labels(tokens: list[Token], table: TableSpec) -> list[Token]:
    """A row's label drawn far after its table (the label column of a page written last):
    when the rows before and after it stand in the table, and between them come the row
    before's values, then other words (a repeated header), then as many values again that
    add up as a row with no label, the label goes before those values."""
    width = len(table.columns)
    rows = _loose_rows(tokens, table)
    for r in range(1, len(table.rows) - 1):
        at = [rows.get(k, []) for k in (r - 1, r, r + 1)]
        if any(len(q) != 1 for q in at):
            continue
        a, lab, b = at[0][0], at[1][0], at[2][0]
        if not a < b < lab or (lab + 1 < len(tokens) and tokens[lab + 1].is_value):
            continue
        between = tokens[a + 1:b]
        nums = [k for k, t in enumerate(between) if t.parsed.kind == "number"]
        if (len(nums) != 2 * width or nums[:width] != list(range(width))
                or nums[width:] != list(range(len(between) - width, len(between)))
                or any(not _loose(t) or _best_row(t, table) is not None for t in between)):
            continue
        if not (_adds_up(between[:width]) and _adds_up(between[-width:])):
            continue
        cut = a + 1 + len(between) - width
        tokens = [*tokens[:cut], tokens[lab], *tokens[cut:lab], *tokens[lab + 1:]]
        rows = _loose_rows(tokens, table)
    return tokens


def _loose_rows(tokens: Sequence[Token], table: TableSpec) -> dict[int, list[int]]:
    """Row index → positions of the loose tokens naming it best: one pass over ``tokens``
    instead of one per row asked about."""
    rows: dict[int, list[int]] = {}
    for q, t in enumerate(tokens):
        if _loose(t) and (k := _best_row(t, table)) is not None:
            rows.setdefault(k, []).append(q)
    return rows


def _header_names(table: TableSpec) -> set[str]:
    """The names a header of ``table`` prints: its columns, their group, extras (小计)."""
    names = {c.norm for c in table.columns}
    names |= {normalize_label(c.group) for c in table.columns if c.group}
    names |= {normalize_label(x) for x in table.extra_columns}
    return names


#: How many tokens before a table's first row label its header may take.
_HEADER_SPAN = 40


def _join_header_fragments(tokens: list[Token], table: TableSpec) -> list[Token]:
    """Header cells wrapped in narrow columns come as their lines' pieces, first lines of a
    row of cells together (``自然人 商业企 科研机 社会公 法律服`` / ``业`` / ``构`` /
    ``益组织 务机构``): each piece that begins a column name is joined with the pieces after it
    that complete that name, the first open name first (pdftotext writes the lines of side-by-
    side cells left to right). Only when every begun name is completed and the header then
    names every column; other words stay."""
    first = next((q for q, t in enumerate(tokens) if _loose(t) and _best_row(t, table) == 0),
                 None)
    if first is None:
        return tokens
    start = first
    while (start > 0 and first - start < _HEADER_SPAN and _loose(tokens[start - 1])
           and tokens[start - 1].is_label):
        start -= 1
    names = _header_names(table)
    words = [(tok, w) for tok in tokens[start:first] for w in tok.text.split()]
    pieces: list[tuple[list[str], list[str]]] = []  # per header word or name: norms, texts
    owner: list[Token] = []
    open_: list[int] = []  # names begun and not yet complete, in order
    joins = 0
    for tok, word in words:
        norm = normalize_label(word)
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
    header = [attrs.evolve(tok, text="".join(texts), norm="".join(norms))
              for tok, (norms, texts) in zip(owner, pieces, strict=True)]
    missing = [c for c in table.columns if not _named(header, c)]
    if not missing:
        return [*tokens[:start], *header, *tokens[first:]] if joins else tokens
    late = _late_header_words(tokens, first, table, missing, header)
    if late is None:
        return tokens  # a header that still lacks a column is left to the matcher as it is
    moved = set(late)
    rest = [t for q, t in enumerate(tokens[first:], start=first) if q not in moved]
    return [*tokens[:start], *header, *(tokens[q] for q in late), *rest]


def _named(header: Sequence[Token], column: ColumnSpec) -> bool:
    return any(mentions(h, column) or label_score(h, column) >= _NAMES_ROW for h in header)


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
    while q < len(tokens) and q - first <= _HEADER_SPAN and _loose(tokens[q]):
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
        k = _best_row(tok, table)
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


def _leads(text: str, names: set[str]) -> bool:
    """``text`` is a name or the start of one."""
    return any(n.startswith(text) and n != text for n in names) or text in names
