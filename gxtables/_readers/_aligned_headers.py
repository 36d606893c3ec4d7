"""Header labels of column-aligned text wrapped or squeezed in narrow columns, joined back
into one piece per column (see ``_aligned``)."""

from __future__ import annotations

import re
from collections.abc import Collection

import attrs

from .._normalize import display_width
from .._values import TABLE_UNIT_RE
from ._aligned_frag import _SINGLE, _Frag, _join

_SINGLES = re.compile(r"[\u3400-\u9fff](?: [\u3400-\u9fff])+")


def _singles(row: list[_Frag]) -> list[_Frag]:
    """``结 其`` (two one-character header cells squeezed a space apart) → two pieces."""
    out: list[_Frag] = []
    for f in row:
        if _SINGLES.fullmatch(f.text):
            out.extend(_Frag(ch, f.line, f.start + 2 * k) for k, ch in enumerate(f.text[::2]))
        else:
            out.append(f)
    return out


def _is_vertical_line(row: list[_Frag]) -> bool:
    singles = sum(1 for f in row if _SINGLE.fullmatch(f.text))
    return singles >= 3 and 2 * singles >= len(row)


def _join_vertical_headers(rows: list[list[_Frag]]) -> list[list[_Frag]]:
    """A header printed one character per line (结/果/维/持 in narrow columns) joined into one
    piece per column, placed on the line where the column starts.

    Each character continues the nearest column (at most 3 characters off, left to right,
    never an earlier column than the one before it) that had a character on the line just
    above; otherwise it starts a column."""
    out: list[list[_Frag]] = []
    k = 0
    while k < len(rows):
        run_end = k
        while run_end < len(rows) and (
                _is_vertical_line(_singles(rows[run_end])) or (run_end > k and rows[run_end]
                and all(_SINGLE.fullmatch(f.text) for f in _singles(rows[run_end])))):
            run_end += 1  # the last characters of the longest labels may stand alone
        if run_end - k < 3:
            out.append(rows[k])
            k += 1
            continue
        columns: list[list[_Frag]] = []
        alive: set[int] = set()
        line_rows: list[list[_Frag]] = []
        starts: list[list[int]] = []
        for row in rows[k:run_end]:
            kept: list[_Frag] = []
            started: list[int] = []
            now: set[int] = set()
            floor = -1
            for f in _singles(row):
                if not _SINGLE.fullmatch(f.text):
                    kept.append(f)
                    continue
                near = [c for c in sorted(alive) if c > floor
                        and abs(columns[c][-1].start - f.start) <= 3]
                if near:
                    c = min(near, key=lambda c: abs(columns[c][-1].start - f.start))
                    columns[c].append(f)
                else:
                    c = len(columns)
                    columns.append([f])
                    started.append(c)
                now.add(c)
                floor = c
            alive = now
            line_rows.append(kept)
            starts.append(started)
        for kept, started in zip(line_rows, starts, strict=True):
            row = kept + [_join(columns[c]) for c in started]
            if row:
                out.append(sorted(row, key=lambda f: f.start))
        k = run_end
    return out


_WORDS = re.compile(r"[\u3400-\u9fff]{2,}(?: [\u3400-\u9fff]{2,})+")


def _join_wrapped_words(rows: list[list[_Frag]], by_char: Collection[int] = ()
                        ) -> list[list[_Frag]]:
    """Header cells wrapped in narrow columns and squeezed one space apart: ``结果维 结果纠
    其他结 尚未审`` with ``持 正 果 结`` on a line below. Each such run of n words takes the
    nearest group of exactly n lone characters on the next two lines, in order, or of n
    words squeezed alike, and then the next such group (:func:`_tails_below`). Each word
    starts where it stands in the run, by the measure its line is read by (``by_char``: the
    lines read by character index), its other measure kept."""
    rows = [list(r) for r in rows]
    for k, row in enumerate(rows):
        for f in [f for f in row if _WORDS.fullmatch(f.text)]:
            words = f.text.split(" ")
            texts, last = words, k
            while (best := _tails_below(rows, last, f, len(words))) is not None:
                j, group, tails, more = best
                rows[j] = [g for g in rows[j] if g not in group]
                texts, last = [t + tail for t, tail in zip(texts, tails, strict=True)], j
                if not more:
                    break
            if last == k:
                continue
            pieces, chars, width = [], 0, 0
            for word, text in zip(words, texts, strict=True):
                own, other = (chars, width) if f.line in by_char else (width, chars)
                pieces.append(_Frag(text, f.line, f.start + own,
                                    f.alt + other if f.alt >= 0 else -1))
                chars += len(word) + 1
                width += display_width(word) + 1
            at = row.index(f)
            row[at:at + 1] = pieces
    return [r for r in rows if r]


def _tails_below(rows: list[list[_Frag]], k: int, f: _Frag, n: int
                 ) -> tuple[int, list[_Frag], list[str], bool] | None:
    """The nearest group under ``f`` on the two lines after line ``k``: exactly ``n`` lone
    characters, or a run of ``n`` words squeezed alike (``维持 纠正 结果 审结`` under ``结果
    结果 其他 尚未``, a 总计 line between); its line, pieces, texts and whether more may follow
    (after words: ``社会 法律`` / ``公益 服务`` / ``组织 机构``)."""
    best: tuple[float, int, list[_Frag], list[str], bool] | None = None
    for j in range(k + 1, min(k + 3, len(rows))):
        for group in [*_single_groups(rows[j]),
                      *([g] for g in rows[j] if _WORDS.fullmatch(g.text))]:
            run = len(group) == 1 and _WORDS.fullmatch(group[0].text) is not None
            tails = group[0].text.split(" ") if run else [g.text for g in group]
            if len(tails) != n:
                continue
            dist = abs((group[0].start + group[-1].end) / 2 - (f.start + f.end) / 2)
            if dist <= (f.end - f.start) and (best is None or dist < best[0]):
                best = (dist, j, group, tails, run)
    return None if best is None else best[1:]


def _single_groups(row: list[_Frag]) -> list[list[_Frag]]:
    """Runs of lone CJK characters on a line, cut at other pieces and at wide gaps."""
    groups: list[list[_Frag]] = []
    current: list[_Frag] = []
    for f in _singles(row):
        if _SINGLE.fullmatch(f.text) and (not current or f.start - current[-1].end <= 8):
            current.append(f)
            continue
        if current:
            groups.append(current)
        current = [f] if _SINGLE.fullmatch(f.text) else []
    if current:
        groups.append(current)
    return groups


def _open_brackets(text: str) -> int:
    return text.count("(") + text.count("（") - text.count(")") - text.count("）")


def _join_open_brackets(rows: list[list[_Frag]]) -> list[list[_Frag]]:
    """A header cell wrapped inside its brackets (``本年收费金额(单位：`` over ``万元)``): the
    piece on the next two lines, under it, that closes the bracket is its end — the unit the
    column's values are read in must not be lost; a unit alone between them, under it, is
    the bracket's inside (``额（`` / ``万元`` / ``）``). Only over lines without numbers."""
    rows = [list(r) for r in rows]
    for k, row in enumerate(rows):
        for at, f in enumerate(row):
            if f.numeric or _open_brackets(f.text) <= 0:
                continue
            inside: list[_Frag] = []
            for j in range(k + 1, min(k + 3, len(rows))):
                if any(g.numeric for g in rows[j]):
                    break  # a label wrapped around its numbers is _rejoin's
                under = [g for g in rows[j] if not g.numeric and f.start - 2 <= g.start <= f.end]
                below = [g for g in under if _open_brackets(g.text) < 0]
                if len(below) == 1:
                    row[at] = attrs.evolve(
                        f, text=f.text + "".join(g.text for g in inside) + below[0].text)
                    rows[j] = [g for g in rows[j] if g is not below[0]]
                    if inside:
                        rows[k + 1] = [g for g in rows[k + 1] if g is not inside[0]]
                    break
                inside = [g for g in under if _UNIT_INSIDE.fullmatch(g.text)] \
                    if len(under) == 1 else []
    return [r for r in rows if r]


#: What a header's brackets hold on a line of their own: a unit (``万元``, ``单位：元``), or
#: the rest of ``单位：`` wrapped (``额(单`` / ``位：`` / ``元)``).
_UNIT_INSIDE = re.compile(rf"单?位\s*[:：]?\s*(?:{TABLE_UNIT_RE})?|(?:{TABLE_UNIT_RE})")
_SHORT_WORD = re.compile(r"[\u3400-\u9fff]{2,3}")
_SHORT_PIECE = re.compile(r"[\u3400-\u9fff]{1,3}")


def _join_stacked_words(rows: list[list[_Frag]]) -> list[list[_Frag]]:
    """Header words wrapped two or three characters a line in narrow columns, the lines of
    neighbouring columns interleaved (自然 / 人, 社会 / 公益 / 组织 one or two lines apart):
    in a run of three or more lines without numbers that ends on a line with numbers, one
    of them holding four or more such words, a word of two or three characters takes the
    short pieces below it that start where it starts (within two columns), each at most two
    lines below the one before. The joined word stands where its first piece stood.

    Narrow headers (第二十条's three columns, 本年 / 新制 / 作数 / 量 around 信息内容) are left
    to the other joins: joined here, 规范性文件 once took 规章's values (seed 119028)."""
    rows = [list(r) for r in rows]
    k = 0
    while k < len(rows):
        end = k
        while end < len(rows) and not any(f.numeric for f in rows[end]):
            end += 1
        if end - k >= 3 and end < len(rows) and any(
                sum(1 for f in rows[r] if _SHORT_WORD.fullmatch(f.text)) >= 4
                for r in range(k, end)):  # a wide header row of short words, not labels
            _stack_zone(rows, k, end)
        k = end + 1
    return [r for r in rows if r]


def _stack_zone(rows: list[list[_Frag]], k: int, end: int) -> None:
    taken: set[tuple[int, int]] = set()
    # each line's pieces by where they start, so a word finds the pieces under it at once
    at_start: dict[int, dict[int, list[_Frag]]] = {}
    for j in range(k, end):
        for g in rows[j]:
            at_start.setdefault(j, {}).setdefault(g.start, []).append(g)
    for r in range(k, end):
        for at, f in enumerate(rows[r]):
            if (r, f.start) in taken or not _SHORT_WORD.fullmatch(f.text):
                continue
            chain: list[tuple[int, _Frag]] = []
            last = r
            for j in range(r + 1, end):
                if j - last > 2:
                    break
                near = at_start.get(j, {})
                below = [g for x in range(f.start - 2, f.start + 3) for g in near.get(x, ())
                         if (j, g.start) not in taken]
                if len(below) > 1:
                    chain = []
                    break
                if below:
                    if not _SHORT_PIECE.fullmatch(below[0].text):
                        break
                    chain.append((j, below[0]))
                    last = j
            if not chain:
                continue
            taken.update((j, g.start) for j, g in chain)
            rows[r][at] = attrs.evolve(f, text=f.text + "".join(g.text for _, g in chain),
                                       stacked=max(len(f.text), *(len(g.text) for _, g in chain)))
    for j in range(k, end):  # the pieces joined to a word above leave their lines
        rows[j] = [g for g in rows[j] if (j, g.start) not in taken]
