"""Blank cells of column-aligned text put back where their columns stand.

``pdftotext -layout`` prints an empty cell as nothing, so a row with blanks has fewer numbers
than its table has columns and the matcher cannot tell which ones are missing. The columns
are where the table's complete rows print their numbers: two rows near it with the most
numbers, at the same positions, give them. A row with fewer numbers, each under exactly one
of those columns (in order), gets an empty cell under every column it leaves out. Anything
less clear (a number between two columns, a page that drifted) is left as it was, for the
matcher to flag.
"""

from __future__ import annotations

from ._aligned_frag import _Frag

__all__ = ["fill_blanks"]

#: How far (display columns) a number's centre may stand from its column's centre.
_TOLERANCE = 2.0
#: How many rows away the complete rows giving the columns may stand.
_REACH = 12


def fill_blanks(rows: list[list[_Frag]]) -> list[list[_Frag]]:
    """``rows`` with an empty piece for each blank cell a row's numbers leave out."""
    values = [_trailing_values(row) for row in rows]
    out = [list(row) for row in rows]
    for r, vals in enumerate(values):
        if not vals or len(vals) == len(rows[r]):
            continue  # no numbers, or no label: nothing says where the row's cells start
        columns = _columns_near(values, rows, r)
        if columns is None or len(columns) <= len(vals):
            continue
        slots = _slots(vals, columns)
        if slots is None:
            continue
        filled: list[_Frag] = []
        line = vals[0].line
        at = dict(zip(slots, vals, strict=True))
        for j, centre in enumerate(columns):
            filled.append(at.get(j) or _Frag("", line, max(0, round(centre))))
        out[r] = out[r][:len(out[r]) - len(vals)] + filled
    return out


def _trailing_values(row: list[_Frag]) -> list[_Frag]:
    """The numbers ending a row with a label before them (none for other rows)."""
    k = len(row)
    while k > 0 and row[k - 1].numeric:
        k -= 1
    return row[k:] if 0 < k < len(row) else []


def _centre(frag: _Frag) -> float:
    return (frag.start + frag.end) / 2


def _columns_near(values: list[list[_Frag]], rows: list[list[_Frag]], r: int
                  ) -> list[float] | None:
    """The column centres two rows within reach agree on, from the rows with the most
    numbers; ``None`` when no two such rows agree."""
    near = [k for k in range(max(0, r - _REACH), min(len(rows), r + _REACH + 1))
            if k != r and values[k]]
    if not near:
        return None
    most = max(len(values[k]) for k in near)
    full = sorted((k for k in near if len(values[k]) == most), key=lambda k: abs(k - r))
    for a_pos, a in enumerate(full):
        for b in full[a_pos + 1:]:
            ca = [_centre(f) for f in values[a]]
            cb = [_centre(f) for f in values[b]]
            if all(abs(x - y) <= _TOLERANCE for x, y in zip(ca, cb, strict=True)):
                return [(x + y) / 2 for x, y in zip(ca, cb, strict=True)]
    return None


def _slots(vals: list[_Frag], columns: list[float]) -> list[int] | None:
    """The column of each number, in order, each number near one column only."""
    out: list[int] = []
    for v in vals:
        hits = [j for j, c in enumerate(columns) if abs(_centre(v) - c) <= _TOLERANCE]
        if len(hits) != 1 or (out and hits[0] <= out[-1]):
            return None
        out.append(hits[0])
    return out
