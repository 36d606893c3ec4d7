"""Row labels drawn as a stack before their rows' values (poppler ``pdftotext`` default mode).

A group whose label is printed vertically beside its rows (``（五）不予处理`` one character a
line) is drawn by poppler label column first: the group's row labels, the group label's
characters among them, then the rows' values one row after another::

    1.信访举报投诉类申请 （2.重复申请五） 3.要求提供公开出版物 不 予 4.… 处 5.…已获 理 取信息
    6 0 0 0 0 0 0 6  3 0 0 0 0 0 0 3  1 0 …

Nothing but order ties a value to its row, so the values are given back to the labels only
when the order leaves no other reading: the labels name every row of one group (and no
other) — or the table's last rows (``3.其他 （七）总计 四、结转…``) — in the template's
order, with no value between them, the run of numbers right after
the last label holds exactly one row's worth per label (in one width only: the columns, or
the columns and a 小计), and every row's worth adds up to its 总计 (and 小计). The words
among the labels stay after the label they followed, before its values. (Labels drawn
*after* their values are :mod:`._rejoin`'s.)

The characters of such a group label may also stand between a row's label and its values
(``二、上年结转… 三 、 本 年 度 办 理 结 果 0 0 0 0 3 0 3``: the group label beside the rows
below, drawn on the row's baseline); when they spell one of the table's group labels and
one row's worth of values that adds up follows, they go after the values.
"""

from __future__ import annotations

from itertools import pairwise

from ._normalize import normalize_label
from ._templates import TableSpec
from ._tokens import Token
from ._torn import adds_up, best_row, loose, row_candidates

__all__ = ["STACK_GAP", "place_group_pieces", "place_stacked_row_labels"]

#: How many tokens may stand between two labels of a stack (the group label's characters).
STACK_GAP = 6


def place_stacked_row_labels(tokens: list[Token], table: TableSpec) -> list[Token]:
    """``A x B y C v…`` → ``A x c1 B y c2 C c3`` where ``A``, ``B``, ``C`` name consecutive
    rows, ``x``/``y`` are words naming no row, and ``v…`` are exactly three rows' values that
    each add up (see the module docstring)."""
    # Only candidates within a gap of another, no number between, may stack: most rows'
    # labels have their values between them, so few are asked which row they name.
    cands = [q for q in row_candidates(tokens, table) if loose(tokens[q])]
    near: set[int] = set()
    for a, b in pairwise(cands):
        if b - a <= STACK_GAP and not any(t.parsed.kind == "number" for t in tokens[a + 1:b]):
            near.update((a, b))
    rows = {q: k for q in sorted(near) if (k := best_row(tokens[q], table)) is not None}
    order = sorted(rows)
    n = 0
    while n < len(order):
        stack = _stack(tokens, order, n, rows)
        if stack is None:
            n += 1
            continue
        labels, j = stack
        rebuilt = (_rebuilt(tokens, labels, j, table, rows[labels[-1]] + 1)
                   if _one_group(labels, rows, table) else None)
        if rebuilt is None:
            n += len(labels)
            continue
        tokens = rebuilt
        return place_stacked_row_labels(tokens, table)  # positions moved: look again
    return tokens


def _one_group(labels: list[int], rows: dict[int, int], table: TableSpec) -> bool:
    """The labels name every row of one group and no other: the rows a group label printed
    vertically beside them spans (a stack that is less — a row left wholly blank, so its
    label stands before the next one — would give each row the next one's values, and the
    column sums, which add up the whole group, could not tell); or the table's last rows,
    which no row after them could have lent a label."""
    named = [rows[q] for q in labels]
    if named == list(range(len(table.rows) - len(labels), len(table.rows))):
        return True  # the table's last rows (3.其他 （七）总计 四、结转…): none after to claim
    group = table.rows[rows[labels[0]]].group
    if group is None:
        return False
    members = [k for k, r in enumerate(table.rows) if r.group == group]
    return named == members


def _stack(tokens: list[Token], order: list[int], n: int, rows: dict[int, int]
           ) -> tuple[list[int], int] | None:
    """The labels of a stack starting at ``order[n]`` and where the numbers after the last
    one start; ``None`` unless two labels or more name consecutive rows with only words
    naming nothing between them."""
    labels = [order[n]]
    m = n + 1
    while m < len(order):
        prev, here = labels[-1], order[m]
        if rows[here] != rows[prev] + 1 or here - prev > STACK_GAP:
            break
        if any(not loose(t) or t.parsed.kind == "number" or (t.is_value and len(t.text) > 1)
               for t in tokens[prev + 1:here]):
            break
        labels.append(here)
        m += 1
    if len(labels) < 2:
        return None
    last = labels[-1]
    j = last + 1
    while (j < len(tokens) and j - last <= STACK_GAP and loose(tokens[j]) and not tokens[j].is_value
           and j not in rows):
        j += 1
    return labels, j


def _rebuilt(tokens: list[Token], labels: list[int], j: int, table: TableSpec, after: int
             ) -> list[Token] | None:
    """The stream with each label followed by its row's values, or ``None`` when the run of
    numbers at ``j`` is not exactly one row that adds up per label in one width, followed by
    the label of row ``after`` (the row after the group: the run is the group's, whole; the
    table's last rows have none)."""
    end = j
    while end < len(tokens) and loose(tokens[end]) and tokens[end].parsed.kind == "number":
        end += 1
    run = end - j
    m = len(labels)
    fits: list[list[list[Token]]] = []
    for width in (len(table.columns), len(table.columns) + 1):
        if run != m * width:
            continue
        chunks = [tokens[j + r * width: j + (r + 1) * width] for r in range(m)]
        if all(adds_up(c, width > len(table.columns)) for c in chunks):
            fits.append(chunks)
    if len(fits) != 1 or (after < len(table.rows) and (
            end >= len(tokens) or not loose(tokens[end])
            or best_row(tokens[end], table) != after)):
        return None  # (the table's last rows: no row after them, the run ends at words)
    chunks = fits[0]
    out = tokens[:labels[0]]
    bounds = [*labels, j]
    for r in range(m):
        out.append(tokens[bounds[r]])
        out.extend(tokens[bounds[r] + 1:bounds[r + 1]])  # the words after this label
        out.extend(chunks[r])
    out.extend(tokens[end:])
    return out


#: The longest piece of a group label drawn vertically (one character a line, or two).
_PIECE = 2


def place_group_pieces(tokens: list[Token], table: TableSpec) -> list[Token]:
    """``L 三 、 本 … 果 v…`` → ``L v… 三 、 本 … 果`` where ``L`` names a row, the pieces spell a
    group label of the table and ``v…`` is one row's worth that adds up, then no number."""
    groups = set(table.groups)
    out = tokens
    for q in list(row_candidates(tokens, table)):
        if (q + 2 >= len(out) or not loose(out[q]) or len(out[q + 1].text) > _PIECE
                or len(out[q + 2].text) > _PIECE):
            continue  # (most labels: exact cells, or a value or a longer label follows)
        if not (_piece(out[q + 1]) and _piece(out[q + 2])) or best_row(out[q], table) is None:
            continue
        g = q + 1
        while g < len(out) and _piece(out[g]) and best_row(out[g], table) is None:
            g += 1
        if g - q - 1 < 2 or normalize_label("".join(t.text for t in out[q + 1:g])) not in groups:
            continue
        e = g
        while e < len(out) and loose(out[e]) and out[e].parsed.kind == "number":
            e += 1
        width = len(table.columns)
        fits = [w for w in (width, width + 1)
                if e - g == w and adds_up(out[g:e], w > width)]
        if len(fits) != 1 or (e < len(out) and out[e].is_value):
            continue
        out = [*out[:q + 1], *out[g:e], *out[q + 1:g], *out[e:]]  # same positions for the rest
    return out


def _piece(tok: Token) -> bool:
    """A loose label of one or two characters: a piece of a label drawn vertically."""
    return loose(tok) and tok.is_label and 0 < len(tok.text) <= _PIECE
