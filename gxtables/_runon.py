"""Labels of flattened text whose boundaries were lost: a crawler's page runs header, caption
and row label together (``第二十条第（五）项信息内容本年处理决定数量行政许可``) or cuts a label
with a stray space (``法律 服务机构``). Split and joined by the template's vocabulary, before
alignment; only tokens of flattened text whose rows are unknown are touched."""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ._grid import Location
from ._normalize import normalize_label, strip_punctuation
from ._templates import ColumnSpec, Layout, RowSpec
from ._tokens import Token, label_score, make_token, renumber

__all__ = ["OUTLINE_MARK", "split_run_on_labels"]

_OUTLINE_ONLY = frozenset("一二三四五六七八九十0123456789")
_CLOSERS = frozenset(")）]】」』”’、，,.．:：")
_LEADING_UNIT = re.compile(r"^\s*[(（]\s*(?:单位\s*[:：]?\s*)?(?:万元|亿元|元|万)\s*[)）]")
#: The unit closing a bracket the token before left open (``采购总金额(`` ``单位：万元)…``).
_CLOSING_UNIT = re.compile(r"^\s*(?:单位\s*[:：]?\s*)?(?:万元|亿元|元|万)\s*[)）]")
#: A slash or dash glued after a row label: the empty cell the row printed
#: (``行政事业性收费/`` before the next section).
_DASH_AFTER = re.compile(r"\s*(?:[/／\\]|[-—–－]{1,2})$")


@attrs.frozen
class _Vocabulary:
    """Every phrase that names part of a layout's tables (labels, match phrases, captions,
    groups), indexed by first character, longest first; ``whole`` holds the phrases that are
    a whole label, ``rows`` those that name a row."""

    by_first: dict[str, list[str]]
    whole: frozenset[str]
    rows: frozenset[str]
    #: whole labels of three or more characters by each of their proper prefixes
    by_prefix: dict[str, list[str]]
    longest: int
    #: the first row label of each block table (行政复议), where its header starts
    block_heads: frozenset[str]
    #: every two characters side by side in a ``by_prefix`` word: what a word run across a
    #: cut has on either side of it
    inner_pairs: frozenset[str]


def _vocabulary(layout: Layout) -> _Vocabulary:
    whole: set[str] = set()
    parts: set[str] = set()
    rows: set[str] = set()
    for table in layout.tables:
        whole.update(table.captions)
        whole.update(table.groups)
        whole.update(table.extra_columns)
        parts.update(table.group_match)
        whole.update(normalize_label(c.group) for c in table.columns if c.group)
        specs: list[RowSpec | ColumnSpec] = [*table.rows, *table.columns]
        for spec in specs:
            whole.add(spec.norm)
            whole.update(spec.exact)
            parts.update(spec.match)
        for row in table.rows:
            rows.add(row.norm)
            rows.update(row.exact)
    by_first: dict[str, list[str]] = {}
    for word in whole | parts:
        if word:
            by_first.setdefault(word[0], []).append(word)
    for words in by_first.values():
        words.sort(key=len, reverse=True)
    by_prefix: dict[str, list[str]] = {}
    inner_pairs: set[str] = set()
    # A caption may end where its table's first label starts — except a block table's, which
    # are its header's own words (行政复议, 行政诉讼), cut by stray spaces like any other.
    captions = {c for table in layout.tables if table.shape != "block" for c in table.captions}
    for word in whole - captions:
        if len(word) >= 3:
            for k in range(1, len(word)):
                by_prefix.setdefault(word[:k], []).append(word)
                inner_pairs.add(word[k - 1:k + 1])
    heads = frozenset(t.rows[0].norm for t in layout.tables if t.shape == "block")
    return _Vocabulary(by_first, frozenset(whole), frozenset(rows), by_prefix,
                       max((len(w) for w in whole), default=0), heads,
                       frozenset(inner_pairs))


_VOCABULARY: dict[str, _Vocabulary] = {}


def split_run_on_labels(tokens: Sequence[Token], layout: Layout) -> list[Token]:
    """Split label tokens in which several table labels ran together (text copied off a web
    page: ``第二十条第（五）项信息内容本年处理决定数量行政许可`` before the row's number).

    Only tokens of flattened text whose rows are unknown, and only where at least two whole
    labels (a row, a column, a caption) are found in the token, one of them a row label that
    ends the token (values follow it, or the next token is a label: a row left blank); the
    stretches between known phrases are kept as tokens of their own, so no text is lost. A
    slash or dash glued after a row label (``行政事业性收费/``) is the row's empty cell."""
    if not any(t.row is None and t.cell is not None and not t.exact for t in tokens):
        return list(tokens)  # no cell of flattened text with rows unknown: nothing to split
    if layout.key not in _VOCABULARY:
        _VOCABULARY[layout.key] = _vocabulary(layout)
    vocab = _VOCABULARY[layout.key]
    rows = [r for t in layout.tables if t.shape == "rows" for r in t.rows]
    joined = _join_in_runs(tokens, vocab)
    out: list[Token] = []
    changed = len(joined) != len(tokens)
    for i, tok in enumerate(joined):
        pieces = None
        if tok.cell is None or tok.row is not None or tok.exact or not tok.is_label \
                or i + 1 == len(joined):
            pass  # a paragraph, a cell of a grid with rows known, a value: never split
        elif tok.norm in vocab.rows:
            pieces = _dash_off(tok.text)  # a row label printed with its empty cell
        elif joined[i + 1].is_value:
            if len(tok.norm) >= 4 and tok.norm not in vocab.whole:
                pieces = _label_pieces(tok.text, vocab) or _numbered_row_at_end(tok.text, rows)
        else:
            pieces = _block_head_at_end(tok.text, tok.norm, vocab)
            if pieces is None and len(tok.norm) >= 4 and tok.norm not in vocab.whole:
                pieces = _label_pieces(tok.text, vocab)
        if pieces is None:
            out.append(tok)
            continue
        changed = True
        for text in pieces:
            out.append(make_token(0, text, tok.grid, tok.row, tok.cell, tok.exact, tok.location))
    if not changed:
        return list(tokens)
    return renumber(out)


def _block_head_at_end(text: str, norm: str, vocab: _Vocabulary) -> list[str] | None:
    """``四、政府信息公开行政复议、行政诉讼情况行政复议`` before the rest of a block table's
    header: the caption and the header's first label (行政复议, perhaps with more header
    words: 行政复议行政诉讼结果维持) ran together; cut them."""
    for head in vocab.block_heads:
        if head not in norm or norm.startswith(head):
            continue
        at = text.rfind(head)
        if at > 0 and text[:at].strip() and _known_words(
                strip_punctuation(text[at:])[len(head):], vocab):
            return [text[:at].strip(), text[at:].strip()]
    return None


def _known_words(text: str, vocab: _Vocabulary) -> bool:
    """Whether known phrases, longest first from the left, cover all of ``text``."""
    i = 0
    while i < len(text):
        word = next((w for w in vocab.by_first.get(text[i], ()) if text.startswith(w, i)), None)
        if word is None:
            return False
        i += len(word)
    return True


OUTLINE_MARK = re.compile(
    r"[一二三四五六七八九十]{1,2}[、.．]|[（(][一二三四五六七八九十]{1,2}[)）]|(?<![0-9])[1-9][.．、](?!\d)")


def _numbered_row_at_end(text: str, rows: Sequence[RowSpec]) -> list[str] | None:
    """``…法律服务机构其他一、本年新收申请数量``: cut before the last outline number inside
    the text when what follows it names a row and what precedes it is not empty."""
    for m in reversed(list(OUTLINE_MARK.finditer(text))):
        if m.start() == 0 or not text[:m.start()].strip():
            continue
        tail = make_token(0, text[m.start():], None, None, None, False, Location())
        # most of the tail is the row's phrase (一、本年新收申请数量), not a header before it
        if any(label_score(tail, row) >= 1.45 for row in rows):
            return [text[:m.start()].strip(), text[m.start():].strip()]
        break
    return None


def _join_in_runs(tokens: Sequence[Token], vocab: _Vocabulary) -> list[Token]:
    """``_join_split_words`` of ``tokens``, run only over each stretch of cells with rows
    unknown (the only tokens it joins, or joins onto): at a stretch's start the token before
    is a paragraph or a cell of known rows, which it leaves as it is, as it does with no
    token before. Prose and tab-separated grids pass through untouched."""
    out: list[Token] = []
    run: list[Token] = []
    for tok in tokens:
        if tok.cell is not None and tok.row is None:
            run.append(tok)
            continue
        if run:
            out.extend(_join_split_words(run, vocab))
            run = []
        out.append(tok)
    if run:
        out.extend(_join_split_words(run, vocab))
    return out


def _join_split_words(tokens: list[Token], vocab: _Vocabulary) -> list[Token]:
    """Rejoin labels a stray space cut (``法律 服务机构``, ``法人或其他 组织总计…``): adjacent
    label tokens of flattened text with a whole label running across the cut, or whose first
    part names nothing whole and whose joined text is a whole label."""
    out: list[Token] = []
    for tok in tokens:
        prev = out[-1] if out else None
        if (prev is None or tok.exact or tok.parsed.kind != "text"
                or prev.parsed.kind != "text"):
            out.append(tok)  # each join below needs two labels, the second not exact
            continue
        flat_pair = (prev is not None and tok.cell is not None and prev.cell is not None
                     and tok.row is None and prev.row is None and not tok.exact
                     and prev.is_label and tok.is_label)
        if flat_pair and prev is not None and _unclosed(prev.text) and len(tok.text) <= 10:
            # 本年收费金额（ 万）: a bracket a stray space cut is one label
            out[-1] = make_token(0, prev.text + tok.text, prev.grid, prev.row, prev.cell,
                                 prev.exact, prev.location)
            continue
        unit = None
        if flat_pair and prev is not None:
            unit = ((_CLOSING_UNIT.match(tok.text) if _unclosed(prev.text) else None)
                    or _LEADING_UNIT.match(tok.text))
        if unit and prev is not None:
            # 本年收费金额 (万元)行政事业性收费, 采购总金额( 单位：万元)政府集中采购: the unit
            # closes the header before it.
            out[-1] = make_token(0, prev.text + unit.group(0).strip(), prev.grid, prev.row,
                                 prev.cell, prev.exact, prev.location)
            rest = tok.text[unit.end():].strip()
            if not rest:
                continue
            tok = make_token(0, rest, tok.grid, tok.row, tok.cell, tok.exact, tok.location)
            prev = out[-1]
        if (prev is not None and tok.cell is not None and prev.cell is not None
                and not tok.exact and tok.row is None and prev.row is None
                and tok.grid == prev.grid and tok.is_label and prev.is_label
                and prev.norm and tok.norm
                and ((prev.norm not in vocab.whole and prev.norm + tok.norm in vocab.whole)
                     or _word_across(prev.norm, tok.norm, vocab))):
            out[-1] = make_token(0, prev.text + tok.text, prev.grid, prev.row, prev.cell,
                                 prev.exact, prev.location)
            continue
        out.append(tok)
    return out


def _label_pieces(text: str, vocab: _Vocabulary) -> list[str] | None:
    """``text`` cut before and after each known phrase (longest first, left to right), or
    ``None`` unless two whole labels are in it and the last phrase is a row label."""
    by_first, whole = vocab.by_first, vocab.whole
    norm: list[str] = []
    owner: list[int] = []
    for i, ch in enumerate(text):
        for n in strip_punctuation(ch):
            norm.append(n)
            owner.append(i)
    flat = "".join(norm)
    cuts: list[tuple[int, int, bool]] = []  # (start, end) in flat, known
    i = 0
    unknown_from = 0
    n_whole = 0
    while i < len(flat):
        word = next((w for w in by_first.get(flat[i], ()) if flat.startswith(w, i)), None)
        if word is None:
            i += 1
            continue
        if unknown_from < i:
            cuts.append((unknown_from, i, False))
        cuts.append((i, i + len(word), True))
        n_whole += word in whole
        i += len(word)
        unknown_from = i
    if n_whole < 2 or not cuts or flat[cuts[-1][0]:cuts[-1][1]] not in vocab.rows \
            or len(flat) - unknown_from > 2:
        return None
    if unknown_from < len(flat):
        cuts.append((unknown_from, len(flat), False))
    pieces: list[str] = []
    carry = ""
    end = 0
    for k, (a, b, known) in enumerate(cuts):
        # A piece runs from the end of the one before to its last character, with the
        # closing marks after it; punctuation between pieces opens the next one.
        start = end
        end = owner[b - 1] + 1 if k + 1 < len(cuts) else len(text)
        while end < len(text) and text[end] in _CLOSERS:
            end += 1
        piece = carry + text[start:end]
        carry = ""
        if not known and set(flat[a:b]) <= _OUTLINE_ONLY and k + 1 < len(cuts):
            carry = piece  # outline numbering (一、) goes with the label after it
            continue
        if not known and pieces and piece.lstrip()[:1] in "(（":
            pieces[-1] += piece  # a bracket after a label is its note or unit: 金额(万元)
            continue
        if piece.strip():
            pieces.append(piece.strip())
    if carry.strip():
        pieces.append(carry.strip())
    if pieces:
        pieces[-1:] = _dash_off(pieces[-1]) or pieces[-1:]
    return pieces if len(pieces) >= 2 else None


def _dash_off(text: str) -> list[str] | None:
    """``行政事业性收费/`` as the label and its empty cell, or ``None`` with no dash after it."""
    dash = _DASH_AFTER.search(text)
    if dash is None or not dash.start():
        return None
    return [text[:dash.start()].rstrip(), dash.group().strip()]


def _word_across(left: str, right: str, vocab: _Vocabulary) -> bool:
    """Whether a whole label of three or more characters runs across the end of ``left``
    into the start of ``right`` (``…法人或其他`` + ``组织…``)."""
    if left[-1:] + right[:1] not in vocab.inner_pairs:
        return False  # (a word across the cut has these two characters side by side)
    for k in range(1, min(len(left), vocab.longest) + 1):
        for word in vocab.by_prefix.get(left[-k:], ()):
            if right.startswith(word[k:]):
                return True
    return False


def _unclosed(text: str) -> bool:
    """Whether ``text`` ends inside a bracket: one opens after the last that closes
    (``）项信息内容采购项目数量采购总金额(``, a stray space cut ``第（九 ）项`` before it)."""
    if "(" not in text and "（" not in text:
        return False  # opens none (most labels)
    return max(text.rfind("("), text.rfind("（")) > max(text.rfind(")"), text.rfind("）"))
