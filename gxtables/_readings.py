"""One row's readings: every way a row's tokens fill its printed slots.

A row the matcher refused (:class:`~gxtables._raw.UnresolvedRow`) holds one-cell tokens and
digit runs (``150010218`` for 15, 0, 0, 1, 0, 2, 18, as text copied off a web page prints
them). A *reading* splits each run into numbers without leading zeros (a run holds at least
one cell; empty cells print nothing, so they may sit anywhere) and places the values into
the printed slots (missing empties anywhere). Readings that break a rule inside the row
(its 总计, a 小计 column) are dropped while enumerating. :mod:`._search` then weighs the
readings of every row of a table together.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterator, Sequence

import attrs

from ._grid import Location, printed_empty
from ._normalize import nfkc
from ._records import Number
from ._values import TABLE_UNIT_RE, parse_value

__all__ = ["OverBudget", "Piece", "SolveLimits", "row_readings"]

#: A digit run, perhaps with thousands separators (``53367111,940``: a comma never ends a
#: cell, so no piece is cut at one).
_NOTE = r"\s*[(（【〔][^)）】〕]*[)）】〕]"
_RUN = re.compile(
    rf"^(?P<sign>[-+])?(?P<digits>[0-9](?:[0-9,]*[0-9])?)(?:\.(?P<frac>[0-9]+))?"
    rf"(?:\s*(?P<unit>{TABLE_UNIT_RE}))?(?P<note>{_NOTE})?$")
#: The note closing a run as printed (``_RUN``'s ``note``, found in the text before NFKC).
_NOTE_AFTER = re.compile(f"{_NOTE}$")


@attrs.frozen
class SolveLimits:
    """Bounds on the search. ``readings``: readings kept per row; ``steps``: enumeration
    steps per row; ``states``: states per layer of the table programme; ``counting``: steps
    the programme may take to *count* solutions before it gives way to ruling readings out
    one by one (:mod:`._refute`: the same cells decided, no count, far cheaper on a table of
    many open rows); ``transitions``: steps of that search in all. These counts, not the
    clock, bound the normal case, so a result never depends on how loaded the machine is;
    ``seconds`` of this thread's CPU time per table (not the wall clock, which other
    processes stretch) is only a last guard. Past any bound the rows concerned stay
    flagged."""

    readings: int = 5_000
    steps: int = 60_000
    states: int = 200_000
    transitions: int = 20_000
    counting: int = 5_000
    seconds: float = 5.0


class OverBudget(Exception):
    """The search for a row or table went past its :class:`SolveLimits`."""


@attrs.frozen
class _Unit:
    """A token of the row: one cell (``joined`` False) or a digit run of one or more cells."""

    text: str
    joined: bool
    location: Location | None
    digits: str = ""  # the run's ASCII digits (joined only)
    value: Number | None = None  # the cell's number (one-cell tokens)
    unit: str | None = None
    sign: str = ""  # a sign before the run (``878-187224468``: ``-`` starts 本年增/减), or
    #               ``+`` before a one-cell token (``+4``: only 本年增/减 prints one)
    #: digit positions a thousands separator stands before: no piece ends right before one
    grouped: frozenset[int] = frozenset()
    #: the decimals closing the run (``018.36``: its last piece is an amount, 18.36)
    frac: str = ""
    #: a bracketed note after the run, as printed (``2200（市政府网站）``): it goes with the
    #: run's last piece
    note: str = ""


@attrs.frozen
class Piece:
    """One cell of a reading: its value, ``raw`` text, the token it came from and where."""

    value: Number | None
    raw: str
    token: str | None
    location: Location | None
    unit: str | None = None
    split: bool = False


_EMPTY_PIECE = Piece(None, "", None, None)


def _units(values: Sequence[tuple[str, bool, Location]], signs: bool, money: bool
           ) -> list[_Unit] | None:
    """The row's tokens as units, or ``None`` when one cannot be read as cells (text; a run
    closing with decimals when the row has no amount column; a run with ``+`` when the row
    has no column that may be negative — a ``-`` there can only be a dash for an empty
    cell)."""
    out = []
    for text, joined, loc in values:
        if joined:
            m = _RUN.match(nfkc(text).strip())
            if m is None or (m.group("sign") == "+" and not signs) or (
                    m.group("frac") and not money):
                return None
            # A unit closing the run (``0014项``) belongs to its last cell.
            printed = m.group("digits")
            digits = printed.replace(",", "")
            grouped = frozenset(k - n for n, k in enumerate(
                i for i, ch in enumerate(printed) if ch == ","))
            printed_text = text.strip()
            note = ""
            if m.group("note") and (printed := _NOTE_AFTER.search(printed_text)):
                note, printed_text = printed.group(), printed_text[:printed.start()]
            out.append(_Unit(printed_text, True, loc, digits, unit=m.group("unit"),
                             sign=m.group("sign") or "", grouped=grouped,
                             frac=m.group("frac") or "", note=note.strip()))
            continue
        parsed = parse_value(text)
        if parsed.kind == "text":
            return None
        plus = "+" if nfkc(text).lstrip().startswith("+") else ""
        out.append(_Unit(text, False, loc, value=parsed.value, unit=parsed.unit, sign=plus))
    return out


def _groups_fit(grouped: frozenset[int], start: int, end: int) -> bool:
    """Whether the digits ``start:end`` of a run are one number as its thousands separators
    (before the digits ``grouped``) write it: none at its ends, one to three digits before
    the first, three between two and after the last."""
    inside = sorted(k for k in grouped if start <= k <= end)
    if not inside:
        return True
    if inside[0] == start or inside[-1] == end or inside[0] - start > 3 \
            or end - inside[-1] != 3:
        return False
    return all(b - a == 3 for a, b in itertools.pairwise(inside))


def _fewest_pieces(digits: str) -> int:
    """The fewest numbers without leading zeros a digit run splits into: each leading zero
    alone, then one number for the rest (``0010`` → 0, 0, 10)."""
    rest = digits.lstrip("0")
    return len(digits) - len(rest) + (1 if rest else 0)


def _piece_raw(unit: _Unit, start: int, end: int, signed: bool) -> str:
    # Full-width digits and commas map one to one onto ASCII ones, so positions carry over;
    # a piece of a run with thousands separators keeps the separators inside it. The run's
    # sign starts its first piece when ``signed`` (in a row with no signed column it was a
    # dash for an empty cell, a piece of its own).
    suffix = unit.unit or ""
    digits_end = len(unit.text) - len(suffix)
    fraction = ""
    if unit.frac:
        digits_end = max(unit.text.rfind("."), unit.text.rfind("．"))
        fraction = unit.text[digits_end:digits_end + 1 + len(unit.frac)]
        if digits_end < 0 or not fraction[1:].strip().isdigit():
            fraction = f".{unit.frac}"
    digits_text = unit.text[len(unit.sign):digits_end]
    if unit.grouped:
        at = [i for i, ch in enumerate(digits_text) if ch not in ",，"]
        raw = digits_text[at[start]:at[end - 1] + 1] if len(at) == len(unit.digits) \
            else unit.digits[start:end]
    else:
        raw = digits_text[start:end] if len(digits_text) == len(unit.digits) \
            else unit.digits[start:end]
    if start == 0 and unit.sign and signed:
        raw = unit.text[0] + raw
    if end < len(unit.digits):
        return raw
    return raw + fraction + suffix + unit.note


def row_readings(
    values: Sequence[tuple[str, bool, Location]],
    n_slots: int,
    sums: Sequence[tuple[int, tuple[int, ...]]] = (),
    limits: SolveLimits = SolveLimits(),
    deadline: float | None = None,
    allow_empty: bool = True,
    signed: frozenset[int] = frozenset(),
    *,
    money: frozenset[int] = frozenset(),
    empties_printed: bool = False,
) -> list[tuple[Piece, ...]] | None:
    """Every reading of a row's tokens into ``n_slots`` printed slots that keeps the
    in-row ``sums`` (``(target slot, addend slots)``: the target equals the addends' sum,
    empty counted as 0). Returns ``None`` when the tokens cannot be counts, and raises
    :class:`OverBudget` past ``limits``.

    A run may start with a sign only when the row has ``signed`` slots (本年增/减): ``+``
    starts a piece in such a slot; ``-`` does too, or is a dash printed for an empty cell
    (both readings are kept, so a cell they disagree on is never decided); in a row with no
    ``signed`` slot a ``-`` is only such a dash. A run may close with decimals only when the
    row has ``money`` slots (金额), and its last piece then fills one of them (``018.36`` → 0,
    18.36).

    One-cell tokens fill one slot each; when there are fewer than slots the missing
    empties go anywhere, when more, surplus *empty* tokens may be dropped. A digit run
    fills one or more slots (pieces without leading zeros) and empty slots may go anywhere
    around it, since a run-together row prints nothing for an empty cell — unless the row
    also holds empty cells its line printed (a one-line page's no-break spaces), or the
    reader says its line prints them all (``empties_printed``): then the text marks every
    empty cell, and those after the last printed token may be dropped.

    >>> [tuple(p.value for p in r) for r in row_readings([("123", True, None)], 3, [(2, (0, 1))])]
    [(1, 2, 3)]
    """
    units = _units(values, bool(signed), bool(money))
    if units is None:
        return None
    free_empties = any(u.joined for u in units)
    singles = sum(1 for u in units if not u.joined)
    inserts = n_slots - singles if not free_empties else n_slots
    if not allow_empty and free_empties:
        inserts = 0  # every cell printed at least ``0``: no empty slot anywhere
    drops = max(0, len(units) - n_slots) if not free_empties else 0
    droppable_from = 0
    if free_empties and (empties_printed or any(not u.joined and printed_empty(u.text, u.location)
                                                for u in units)):
        # Empty cells printed inside the line beside digit runs: the text marks its empty
        # cells (a Word-made page holds &nbsp; in each), so none vanished; empties after the
        # last printed token may be spacing that ends the table rather than cells.
        inserts = 0
        droppable_from = 1 + max(t for t, u in enumerate(units) if u.joined or u.text)
        drops = len(units) - droppable_from
    if not free_empties and drops > sum(1 for u in units if u.value is None and not u.text):
        return []
    forced: dict[int, tuple[int, ...]] = {}
    late: list[tuple[int, tuple[int, ...]]] = []
    feeds: dict[int, list[int]] = {}
    for target, addends in sums:
        if addends and max(addends) < target:
            forced[target] = addends
        else:
            late.append((target, addends))
        for a in addends:
            if a < target:
                feeds.setdefault(a, []).append(target)
    chars_after = [0] * (len(units) + 1)
    pieces_after = [0] * (len(units) + 1)  # the fewest cells the tokens from ``t`` on fill
    for t in range(len(units) - 1, -1, -1):
        u = units[t]
        chars_after[t] = chars_after[t + 1] + (len(u.digits) if u.joined else len(u.text))
        pieces_after[t] = pieces_after[t + 1] + (_fewest_pieces(u.digits) if u.joined else 1)

    out: dict[tuple[tuple[Number | None, str], ...], tuple[Piece, ...]] = {}
    steps = 0
    # States from which no reading follows. What follows a state depends only on the slot,
    # the token position, the counts of empties, the running sums and the slots a late rule
    # (a total printed before its addends) has already fixed — so those make the key; a
    # total already passed no longer matters.
    late_slots = sorted({s for target, addends in late for s in (target, *addends)})
    dead: set[tuple[object, ...]] = set()
    completions = 0
    slots: list[Piece] = []
    partial: dict[int, Number] = dict.fromkeys(forced, 0)  # running sums of forced targets
    stop_at = deadline if deadline is not None else time.thread_time() + limits.seconds

    def count(i: int) -> Number:
        v = slots[i].value
        return v if v is not None else 0

    def feeds_ok(i: int, value: Number, remaining: int) -> bool:
        # A later total must be printed after this cell: it needs as many digits as its sum.
        if not value:
            return True
        for target in feeds.get(i, ()):
            s = partial.get(target, 0) + value
            if s > 0 and len(str(int(s))) > remaining:
                return False
        return True

    def add(i: int, value: Number, sign: int) -> None:
        if value:
            for target in feeds.get(i, ()):
                if target in partial:
                    partial[target] += sign * value

    def go(i: int, t: int, o: int, inserted: int, dropped: int, bare: bool = False) -> None:
        # ``bare``: the sign of the run at ``t`` was read as a dash for an empty cell
        if i == n_slots:
            finish(t, o, dropped)
            return
        state = (i, t, o, inserted, dropped, bare,
                 tuple([v for target, v in partial.items() if target >= i]),
                 tuple([count(s) for s in late_slots if s < i]) if late_slots else ())
        if state in dead:
            return
        before = completions
        step(i, t, o, inserted, dropped, bare)
        if completions == before:
            dead.add(state)

    def finish(t: int, o: int, dropped: int) -> None:
        nonlocal completions
        if t < len(units):
            rest = units[t:]
            if o or any(u.joined or u.text for u in rest) or dropped + len(rest) > drops:
                return
        for target, addends in late:
            if count(target) != sum(count(a) for a in addends):
                return
        completions += 1
        key = tuple((p.value, p.raw) for p in slots)
        if key not in out:
            if len(out) >= limits.readings:
                raise OverBudget(f"more than {limits.readings} readings")
            out[key] = tuple(slots)

    def step(i: int, t: int, o: int, inserted: int, dropped: int, bare: bool) -> None:
        nonlocal steps
        steps += 1
        if steps > limits.steps:
            raise OverBudget(f"more than {limits.steps} steps")
        if steps % 2048 == 0 and time.thread_time() > stop_at:
            raise OverBudget(f"past {limits.seconds} s")
        remaining = chars_after[t] - o
        # slots still owed to the tokens left: every zero that starts a piece is a cell of
        # its own (drops owe none)
        if t < len(units) and o:
            owed = _fewest_pieces(units[t].digits[o:]) + pieces_after[t + 1]
        else:
            owed = pieces_after[t]
        if owed - (drops - dropped) > n_slots - i:
            return
        required = partial.get(i)
        # an empty slot
        if inserted < inserts and (required is None or required == 0):
            slots.append(_EMPTY_PIECE)
            go(i + 1, t, o, inserted + 1, dropped, bare)
            slots.pop()
        if t >= len(units):
            return
        unit = units[t]
        if not unit.joined:
            if dropped < drops and not unit.text and t >= droppable_from:
                go(i, t + 1, 0, inserted, dropped + 1)
            value = unit.value
            if required is not None and (value if value is not None else 0) != required:
                return
            if unit.sign and signed and i not in signed:
                return  # ``+4``: only a change (本年增/减) prints a plus sign
            slots.append(Piece(value, unit.text, unit.text, unit.location, unit.unit))
            if feeds_ok(i, value or 0, remaining - len(unit.text)):
                add(i, value or 0, 1)
                go(i + 1, t + 1, 0, inserted, dropped)
                add(i, value or 0, -1)
            slots.pop()
            return
        digits = unit.digits
        left = len(digits) - o
        factor = 1  # -1 for the first piece of a run printed with a minus sign
        if o == 0 and unit.sign and not bare:
            if unit.sign == "-" and not required:
                slots.append(Piece(None, unit.text[0], unit.text, unit.location))
                go(i + 1, t, 0, inserted, dropped, True)
                slots.pop()
            if i not in signed:
                return
            factor = -1 if unit.sign == "-" else 1
        lengths: Iterator[int]
        if required is not None and factor == 1:
            lengths = iter((len(str(int(required))),)) if required == int(required) else iter(())
        else:
            lengths = iter(range(1, left + 1) if digits[o] != "0" else (1,))
        for size in lengths:
            if size > left:
                continue
            text = digits[o:o + size]
            if (len(text) > 1 and text[0] == "0") or (
                    unit.grouped and not _groups_fit(unit.grouped, o, o + size)):
                continue
            amount = size == left and bool(unit.frac)
            if amount and i not in money:
                continue
            value = factor * (float(f"{text}.{unit.frac}") if amount else int(text))
            if required is not None and value != required:
                continue
            if not feeds_ok(i, value, remaining - size):
                continue
            raw = _piece_raw(unit, o, o + size, bool(signed) or not bare)
            slots.append(Piece(value, raw, unit.text, unit.location,
                               unit.unit if size == left else None, split=len(digits) > 1))
            add(i, value, 1)
            if size == left:
                go(i + 1, t + 1, 0, inserted, dropped)
            else:
                go(i + 1, t, o + size, inserted, dropped)
            add(i, value, -1)
            slots.pop()

    go(0, 0, 0, 0, 0)
    return list(out.values())

