"""A table's header read into the printed order of its value columns (slots): header labels
found above the first row, wrapped or glued labels rejoined or cut apart, each named to a
template column — pure geometry and naming, no values."""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ._normalize import display_width, normalize_label
from ._per_table import per_table
from ._templates import SUBTOTAL_WHEN_TOTAL_NORMS, TOTAL_NORM, ColumnSpec, RowSpec, TableSpec
from ._tokens import NAMES, NAMES_EXACTLY, Token, label_scores
from ._values import TABLE_UNIT_RE, header_unit

__all__ = [
    "Slot", "best_column", "column_slots", "header_tokens", "repeated_header_slots",
    "split_glued_labels", "stacked_width", "template_slots",
]


@attrs.frozen
class Slot:
    """One value column as the document prints it: a template column or an extra (小计)."""

    column: str | None
    header: Token | None


def header_tokens(tokens: Sequence[Token], first_anchor: int, table: TableSpec,
                  stop: set[int]) -> list[Token]:
    """The label tokens above a table's first row: walk back from its first row label to
    the previous table's values, a caption of this table, or 60 tokens."""
    out: list[Token] = []
    i = first_anchor - 1
    while i >= 0 and first_anchor - i <= 60 and i not in stop:
        tok = tokens[i]
        if tok.parsed.kind == "number":
            break
        if tok.is_label:
            out.append(tok)
            if any(c in tok.norm for c in table.captions):
                break
        i -= 1
    out.reverse()
    return out


def repeated_header_slots(tokens: Sequence[Token], anchor: int, table: TableSpec,
                          stop: set[int], slots: list[Slot]) -> list[Slot]:
    """Column-aligned text: a table carried over a page under its header printed again, at
    other columns (pdftotext lays out each page afresh), is read under that header from the
    row labelled ``tokens[anchor]`` on. ``slots`` unless the labels right above that row, in
    its grid, name every column once and in the official order."""
    if not tokens[anchor].aligned:
        return slots
    grid = tokens[anchor].grid
    headers = [t for t in header_tokens(tokens, anchor, table, stop) if t.grid == grid]
    if len(headers) < 3 or any(t.cell is None for t in headers):
        return slots
    named, complete = column_slots(headers, table)
    if not complete or [s.column for s in named if s.column] != [c.key for c in table.columns]:
        return slots
    return named


def best_column(tok: Token, columns: Sequence[ColumnSpec]) -> tuple[ColumnSpec | None, float]:
    """The column a header token names best (the first of equals), if it names one."""
    best, best_score = None, 0.0
    for col, s in zip(columns, label_scores(tok, columns), strict=True):
        if s > best_score:
            best, best_score = col, s
    return (best, best_score) if best_score >= NAMES else (None, 0.0)


def column_slots(headers: Sequence[Token], table: TableSpec) -> tuple[list[Slot], bool]:
    """The value columns in printed order, from header tokens read in reading order.

    A two-level header (自然人 | 法人或其他组织 | 总计 over 商业企业 … 其他) reads top level
    first; columns under a group label are placed where the group label stands. Returns the
    slots and whether the header named every template column exactly once.
    """
    group_norms = _group_norms(table)
    top: list[Slot | None] = []  # None: where the group's columns stand
    grouped = False
    children: list[Slot] = []
    seen: set[str] = set()
    split = _split_glued_headers(_join_wrapped_aligned(headers, table, group_norms), table,
                                 group_norms)
    # With 总计 printed, a 合计 is the subtotal of the organisation columns, not the total.
    subtotal = set(SUBTOTAL_WHEN_TOTAL_NORMS) if any(t.norm == TOTAL_NORM for t in split) else set()
    for tok in split:
        if tok.norm in subtotal or table.is_extra_column(tok.norm):
            # (where it is printed: among the group's columns, or, with no group label
            # printed, among the top level's — 其他 小计 总计 in one flat row)
            (children if grouped else top).append(Slot(None, tok))
            continue
        if _heads_group(tok.norm, group_norms, table):
            if not grouped:
                top.append(None)
                grouped = True
            continue
        col, _ = best_column(tok, table.columns)
        if col is None or col.key in seen:
            continue
        seen.add(col.key)
        slot = Slot(col.key, tok)
        if col.group and grouped:
            children.append(slot)
        elif col.group:
            top.append(slot)
        else:
            top.append(slot)
    slots: list[Slot] = []
    for item in top:
        if item is None:
            slots.extend(children)
        else:
            slots.append(item)
    if not grouped:
        slots.extend(children)
    if slots and all(s.header is not None and s.header.aligned and s.header.cell is not None
                     for s in slots):
        # Column-aligned text wraps header labels over several lines, so reading order
        # interleaves them (上一年 / 本年 处理决定 / 项目数 / 增/减 数量): the columns stand
        # in the order of their positions on the line.
        slots.sort(key=_centre)
    complete = seen == _column_keys(table)
    return slots, complete


@per_table
def _group_norms(table: TableSpec) -> frozenset[str]:
    """The normalised labels over ``table``'s groups of columns."""
    return frozenset(normalize_label(c.group) for c in table.columns if c.group)


@per_table
def _column_keys(table: TableSpec) -> frozenset[str]:
    return frozenset(c.key for c in table.columns)


@per_table
def _header_vocabulary(table: TableSpec) -> _Vocabulary:
    """The phrases a header of ``table`` may be cut into: its columns' labels, and its
    group labels, extra columns and captions (the caption stands over the first column in
    the header's corner: 申请人情况自然人)."""
    return _vocabulary(table.columns,
                       (*_group_norms(table), *table.extra_columns, *table.captions))


def _centre(slot: Slot) -> float:
    cell = slot.header.cell if slot.header is not None else None
    if cell is None or slot.header is None:
        return 0.0
    if cell.stacked and _by_char_page(slot.header):
        return cell.col + cell.stacked / 2  # a word stacked over lines is as wide as its piece
    return cell.col + _width(slot.header, cell.text) / 2


def _width(tok: Token, text: str) -> float:
    """``text``'s width in ``tok``'s frame. A PDF page laid out as text (its cells give their
    page) places each character one column on, where its glyph stands: there a header's
    words stand over their columns, one character a column. Elsewhere display columns: in
    ``pdftotext -layout`` a squeezed header's words stand one space apart however far apart
    their columns are (poppler packs one line's words), and the numbers under them drift
    right; measured by display width they stand nearer their numbers (seeds 0-2, 180
    documents: 98.38 % of cells right, against 98.32 % by characters)."""
    return len(text) if _by_char_page(tok) else display_width(text)


def stacked_width(slot: Slot) -> int:
    """How many characters wide a slot's header word stands on a PDF page laid out as text
    where the reader joined it from pieces on several lines (``社会`` / ``公益`` / ``组织``:
    2); 0 for any other header (its text stands as wide as it is)."""
    head = slot.header
    if head is None or head.cell is None or not _by_char_page(head):
        return 0
    return head.cell.stacked


def _by_char_page(tok: Token) -> bool:
    """Whether ``tok`` stands on a PDF page laid out as text, one character a column."""
    part = tok.location.table
    return tok.aligned and tok.location.page is not None and part is not None and part % 2 == 1


def _stack_reach(tok: Token) -> float:
    """How far (columns) a header piece's centre may stand from the piece above it in one
    wrapped label: on a laid-out PDF page (``_width``) the lines of a label are centred on
    one column; in ``pdftotext -layout`` they drift apart."""
    return 2.5 if _by_char_page(tok) else 5


def _heads_group(norm: str, group_norms: frozenset[str], table: TableSpec) -> bool:
    """``table.is_group_label(norm)``, the group labels' norms at hand."""
    return norm in group_norms or any(p in norm for p in table.group_match)


def _join_wrapped_aligned(headers: Sequence[Token], table: TableSpec,
                          group_norms: frozenset[str]) -> list[Token]:
    """Column-aligned text wraps header labels in narrow columns onto the next line
    (``商业企 科研机 社会公`` over ``业 构 益组织``), and the lines' positions drift apart: the
    fragments naming no column on one line are paired, in order, with those on the line or two
    below, each pair only when together they name a column."""

    if not any(tok.aligned for tok in headers):
        return list(headers)  # (nothing below touches a header of other text)

    def names(tok: Token) -> bool:
        return (best_column(tok, table.columns)[0] is not None
                or _heads_group(tok.norm, group_norms, table)
                or table.is_extra_column(tok.norm))

    def joined(top: Token, low: Token) -> Token:
        return top._replace(text=top.text + low.text, norm=top.norm + low.norm)

    out = [piece for tok in headers for piece in _aligned_words(tok)]
    loose = [t for t in out if t.aligned and t.cell is not None and t.is_label and t.norm
             and not names(t)]
    replace: dict[int, Token] = {}
    used: set[int] = set()
    # A label wrapped two characters a line stays in its column: 上一 / 年项 / 目数 / 量.
    stacks: list[list[Token]] = []
    by_row: dict[tuple[int, int | None], list[Token]] = {}
    for tok in loose:
        if tok.cell is not None:
            by_row.setdefault((tok.cell.row, tok.grid), []).append(tok)
    for (line, in_grid), pieces in sorted(by_row.items(), key=lambda kv: kv[0][0]):
        # each piece under the nearest stack: 有效 goes under 现行 right above it, not under
        # 本年 five to its left; the nearest pairs first, one piece a stack per line (年项
        # under 上一, not 本年 one line lower and four columns right, over it)
        pairs = sorted(
            (abs(_centre(Slot(None, st[-1])) - _centre(Slot(None, tok))), n, k)
            for n, tok in enumerate(pieces) for k, st in enumerate(stacks)
            if st[-1].grid == in_grid and st[-1].cell is not None
            and 1 <= line - st[-1].cell.row <= 2)
        taken: dict[int, int] = {}  # piece → stack
        for distance, n, k in pairs:
            if distance <= _stack_reach(pieces[n]) and n not in taken \
                    and k not in taken.values():
                taken[n] = k
        for n, tok in enumerate(pieces):
            if n in taken:
                stacks[taken[n]].append(tok)
            else:
                stacks.append([tok])
    for stack in stacks:
        if len(stack) < 2:
            continue
        whole = stack[0]
        for piece in stack[1:]:
            whole = joined(whole, piece)
        if _names_whole_column(whole, table):
            # a closing bracket alone on the last line is punctuation, not a fragment
            if whole.text.count("（") + whole.text.count("(") > \
                    whole.text.count("）") + whole.text.count(")"):
                whole = whole._replace(text=whole.text + "）")
            replace[id(stack[0])] = whole
            used.update(id(t) for t in stack)
    loose = [t for t in loose if id(t) not in used]
    lines = sorted({(t.grid, t.cell.row) for t in loose if t.cell is not None})
    for grid, row in lines:
        tops = [t for t in loose if t.grid == grid and t.cell is not None and t.cell.row == row
                and id(t) not in used]
        lows = [t for t in loose if t.grid == grid and t.cell is not None
                and 1 <= t.cell.row - row <= 2 and id(t) not in used]
        lows.sort(key=lambda t: (t.cell.row if t.cell else 0, t.cell.col if t.cell else 0))
        k = 0
        for top in sorted(tops, key=lambda t: t.cell.col if t.cell else 0):
            for m in range(k, len(lows)):
                if _names_whole_column(joined(top, lows[m]), table):
                    replace[id(top)] = joined(top, lows[m])
                    used.update((id(top), id(lows[m])))
                    k = m + 1
                    break
    if not replace:
        return out
    return [replace.get(id(t), t) for t in out if id(t) not in used or id(t) in replace]


def _names_whole_column(tok: Token, table: TableSpec) -> bool:
    """Whether a rejoined header names a column by its whole official or exact label, a unit
    in brackets aside (``采购总`` + ``金额（`` + ``万）``)."""
    bare = normalize_label(_UNIT_NOTE.sub("", tok.text))
    return best_column(tok._replace(norm=bare), table.columns)[1] >= NAMES_EXACTLY


_UNIT_NOTE = re.compile(
    rf"[(（]\s*(?:单位\s*[:：]?\s*)?(?:{TABLE_UNIT_RE}|万)\s*[)）]?\s*$")
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff）)]) (?=[\u3400-\u9fff（(])")


def _aligned_words(tok: Token) -> list[Token]:
    """An aligned header cell whose CJK words stand one space apart (narrow columns squeezed
    together: ``自然人 商业企 科研机``) as one token per word, each at its own position."""
    if not (tok.aligned and tok.cell is not None and _CJK_SPACE.search(tok.text)):
        return [tok]
    out = []
    start = 0
    for piece in _CJK_SPACE.split(tok.text):
        cell = tok.cell._replace(text=piece, col=tok.cell.col + round(_width(
            tok, tok.text[:start])), colspan=max(1, round(_width(tok, piece))))
        out.append(tok._replace(text=piece, norm=normalize_label(piece), cell=cell))
        start += len(piece) + 1
    return out


def _split_glued_headers(headers: Sequence[Token], table: TableSpec,
                         group_norms: frozenset[str]) -> list[Token]:
    """``split_glued_labels`` over a table's column labels, keeping group labels whole."""
    vocab = _header_vocabulary(table)
    out: list[Token] = []
    for tok in headers:
        if tok.norm in vocab.phrases:
            out.append(tok)  # a known phrase whole (most headers): ``_split_glued`` keeps it
            continue
        # 法人或者其他组织 is one label, not 法人 + 其他组织 — unless it ran together with a
        # whole column label (自然人法人或其他组织, 法人或其他组织总计)
        whole = _heads_group(tok.norm, group_norms, table) and len(tok.norm) <= 10
        out.extend(_split_glued(tok, vocab, whole))
    return out


def split_glued_labels(headers: Sequence[Token], specs: Sequence[RowSpec | ColumnSpec],
                       extra: Sequence[str] = (), whole: bool = False) -> list[Token]:
    """Header labels that ran together in one token (text copied off a web page:
    ``自然人法人或其他组织总计商业企业…``) are segmented greedily, longest known phrase first.
    A short token (``其他小计``), or any token when ``whole``, is split only when known
    phrases cover all of it."""
    vocab = _vocabulary(specs, extra)
    return [piece for tok in headers for piece in _split_glued(tok, vocab, whole)]


def _split_glued(tok: Token, vocab: _Vocabulary, whole: bool) -> Sequence[Token]:
    """One token of ``split_glued_labels``: its pieces, or itself."""
    norm = tok.norm
    if norm in vocab.phrases:
        return (tok,)
    pieces: list[str] = []
    i = 0
    while i < len(norm):
        word = next((w for w in vocab.by_head.get(norm[i], ()) if norm.startswith(w, i)),
                    None)
        if word is None:
            i += 1
            continue
        pieces.append(word)
        i += len(word)
    if len(pieces) < 2 or ((whole or len(norm) < 6) and len("".join(pieces)) != len(norm)):
        return (tok,)
    texts = list(pieces)
    unit = header_unit(tok.text)
    if unit and re.search(r"[)）]\s*$", tok.text):
        texts[-1] += f"（{unit}）"  # a unit closing the glued header is the last column's
    return [tok._replace(text=t, norm=p, number="")
            for t, p in zip(texts, pieces, strict=True)]


@attrs.frozen
class _Vocabulary:
    """The known phrases of some template specs, and per first character the phrases that
    start with it, longest first (the greedy cut tries only those)."""

    specs: tuple[RowSpec | ColumnSpec, ...]  # kept, so that their ids stay theirs
    phrases: frozenset[str]
    by_head: dict[str, tuple[str, ...]]


#: ``_vocabulary``'s answers by the ids of the specs and the extra phrases: the templates'
#: spec lists are few, so each is built once.
_VOCABULARIES: dict[tuple[tuple[int, ...], tuple[str, ...]], _Vocabulary] = {}


def _vocabulary(specs: Sequence[RowSpec | ColumnSpec], extra: Sequence[str]) -> _Vocabulary:
    key = (tuple(id(spec) for spec in specs), tuple(extra))
    found = _VOCABULARIES.get(key)
    if found is None:
        phrases = frozenset(
            {p for spec in specs for p in (spec.norm, *spec.match, *spec.exact)} | set(extra))
        by_head: dict[str, list[str]] = {}
        for word in sorted(phrases, key=len, reverse=True):
            if word:
                by_head.setdefault(word[0], []).append(word)
        found = _Vocabulary(tuple(specs), phrases,
                            {head: tuple(words) for head, words in by_head.items()})
        if len(_VOCABULARIES) >= 64:  # specs not the templates': keep the cache bounded
            _VOCABULARIES.clear()
        _VOCABULARIES[key] = found
    return found


def template_slots(table: TableSpec) -> list[Slot]:
    return [Slot(c.key, None) for c in table.columns]

