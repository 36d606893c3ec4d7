"""Resolve rows the matcher refused, using the table's own arithmetic — openly.

Two kinds of row reach here (:class:`~gxtables._raw.UnresolvedRow`):

* ``value_count_mismatch`` — a flattened dialect lost an empty cell (seed 001's dialect
  with one blank line missing): the values are right but one slot is unknown;
* ``boundaries_lost`` — the row's digits run together (``150010218`` for 15, 0, 0, 1, 0,
  2, 18), as in text copied off a web page.

For each such row every *reading* is enumerated: splits of a digit run into numbers
without leading zeros (a run holds at least one cell; empty cells print nothing, so they
may sit anywhere), and placements of the values into the printed slots (the missing
empties anywhere). Readings that break a rule inside the row (its 总计, a 小计 column) are
dropped while enumerating. The rows are then solved *jointly* with the cells already read,
under every rule of TEMPLATES.md §5 (:func:`gxtables._checks.layout_rules`): the column sums
tie the rows together, so a dynamic programme over the rows' contributions to each rule
counts the table's solutions and finds, for each row, the readings that occur in at least
one of them.

A row is filled only when every solution of the table gives it the same reading. Each of
its cells then carries an ``inferred_value`` info issue naming the token it came from and
the rules that decided it, and the row's ``value_count_mismatch``/``boundaries_lost``
error is withdrawn. Otherwise nothing changes except that the error says how many readings
remain. ``raw`` of a filled cell is the text it came from: the whole token when a token is
one cell, the piece of the digit run when a run was split, ``""`` for a cell placed empty.

The search is bounded (:class:`SolveLimits`): a row with too many readings, a programme
with too many states or a table past its time budget is left flagged.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence

import attrs

from ._checks import EMPTY, UNREAD, CellRef, Rule, cell_count, layout_rules
from ._grid import Location
from ._normalize import nfkc, normalize_label
from ._raw import RawMatch, UnresolvedRow
from ._records import CellValue, Issue, Number, Report, Table
from ._templates import APPLICANT_GROUP, LAYOUTS, SUBTOTAL_NORM, SUBTOTAL_WORD, TableSpec
from ._values import TABLE_UNIT_RE, header_unit, parse_value

__all__ = ["SolveLimits", "SolveResult", "resolve", "row_readings", "solve_table"]

_RESOLVED_CODES = ("value_count_mismatch", "boundaries_lost")
_RUN = re.compile(rf"^(?P<digits>[0-9]+)(?P<unit>{TABLE_UNIT_RE})?$")
_SUBTOTAL = SUBTOTAL_NORM


@attrs.frozen
class SolveLimits:
    """Bounds on the search. ``readings``: readings kept per row; ``steps``: enumeration
    steps per row; ``states``: states per layer of the table programme; ``transitions``:
    steps of the table programme in all. These counts, not the clock, bound the normal case,
    so a result never depends on how loaded the machine is; ``seconds`` per table is only a
    last guard. Past any bound the rows concerned stay flagged."""

    readings: int = 5_000
    steps: int = 60_000
    states: int = 200_000
    transitions: int = 400_000
    seconds: float = 5.0


class _OverBudget(Exception):
    """The search for a row or table went past its :class:`SolveLimits`."""


# -- one row's readings ------------------------------------------------------------------------


@attrs.frozen
class _Unit:
    """A token of the row: one cell (``joined`` False) or a digit run of one or more cells."""

    text: str
    joined: bool
    location: Location | None
    digits: str = ""  # the run's ASCII digits (joined only)
    value: Number | None = None  # the cell's number (one-cell tokens)
    unit: str | None = None


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


def _units(values: Sequence[tuple[str, bool, Location]]) -> list[_Unit] | None:
    """The row's tokens as units, or ``None`` when one cannot be a count (text, decimals)."""
    out = []
    for text, joined, loc in values:
        if joined:
            m = _RUN.match(nfkc(text).strip())
            if m is None:
                return None
            # A unit closing the run (``0014项``) belongs to its last cell.
            out.append(_Unit(text.strip(), True, loc, m.group("digits"), unit=m.group("unit")))
            continue
        parsed = parse_value(text)
        if parsed.kind == "text":
            return None
        out.append(_Unit(text, False, loc, value=parsed.value, unit=parsed.unit))
    return out


def _fewest_pieces(digits: str) -> int:
    """The fewest numbers without leading zeros a digit run splits into: each leading zero
    alone, then one number for the rest (``0010`` → 0, 0, 10)."""
    rest = digits.lstrip("0")
    return len(digits) - len(rest) + (1 if rest else 0)


def _piece_raw(unit: _Unit, start: int, end: int) -> str:
    # Full-width digits map one to one onto ASCII ones, so positions carry over.
    suffix = unit.unit or ""
    digits_text = unit.text[:len(unit.text) - len(suffix)] if suffix else unit.text
    raw = digits_text[start:end] if len(digits_text) == len(unit.digits) \
        else unit.digits[start:end]
    return raw + suffix if suffix and end == len(unit.digits) else raw


def row_readings(
    values: Sequence[tuple[str, bool, Location]],
    n_slots: int,
    sums: Sequence[tuple[int, tuple[int, ...]]] = (),
    limits: SolveLimits = SolveLimits(),
    deadline: float | None = None,
    allow_empty: bool = True,
) -> list[tuple[Piece, ...]] | None:
    """Every reading of a row's tokens into ``n_slots`` printed slots that keeps the
    in-row ``sums`` (``(target slot, addend slots)``: the target equals the addends' sum,
    empty counted as 0). Returns ``None`` when the tokens cannot be counts, and raises
    :class:`_OverBudget` past ``limits``.

    One-cell tokens fill one slot each; when there are fewer than slots the missing
    empties go anywhere, when more, surplus *empty* tokens may be dropped. A digit run
    fills one or more slots (pieces without leading zeros) and empty slots may go anywhere
    around it, since a run-together row prints nothing for an empty cell.

    >>> [tuple(p.value for p in r) for r in row_readings([("123", True, None)], 3, [(2, (0, 1))])]
    [(1, 2, 3)]
    """
    units = _units(values)
    if units is None:
        return None
    free_empties = any(u.joined for u in units)
    singles = sum(1 for u in units if not u.joined)
    inserts = n_slots - singles if not free_empties else n_slots
    if not allow_empty and free_empties:
        inserts = 0  # every cell printed at least ``0``: no empty slot anywhere
    drops = max(0, len(units) - n_slots) if not free_empties else 0
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
    slots: list[Piece] = []
    partial: dict[int, Number] = dict.fromkeys(forced, 0)  # running sums of forced targets
    stop_at = deadline if deadline is not None else time.monotonic() + limits.seconds

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

    def go(i: int, t: int, o: int, inserted: int, dropped: int) -> None:
        nonlocal steps
        steps += 1
        if steps > limits.steps:
            raise _OverBudget(f"more than {limits.steps} steps")
        if steps % 2048 == 0 and time.monotonic() > stop_at:
            raise _OverBudget(f"past {limits.seconds} s")
        remaining = chars_after[t] - o
        if i == n_slots:
            if t < len(units):
                rest = units[t:]
                if o or any(u.joined or u.text for u in rest) or dropped + len(rest) > drops:
                    return
            for target, addends in late:
                if count(target) != sum(count(a) for a in addends):
                    return
            key = tuple((p.value, p.raw) for p in slots)
            if key not in out:
                if len(out) >= limits.readings:
                    raise _OverBudget(f"more than {limits.readings} readings")
                out[key] = tuple(slots)
            return
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
            go(i + 1, t, o, inserted + 1, dropped)
            slots.pop()
        if t >= len(units):
            return
        unit = units[t]
        if not unit.joined:
            if dropped < drops and not unit.text:
                go(i, t + 1, 0, inserted, dropped + 1)
            value = unit.value
            if required is not None and (value if value is not None else 0) != required:
                return
            slots.append(Piece(value, unit.text, unit.text, unit.location, unit.unit))
            if feeds_ok(i, value or 0, remaining - len(unit.text)):
                add(i, value or 0, 1)
                go(i + 1, t + 1, 0, inserted, dropped)
                add(i, value or 0, -1)
            slots.pop()
            return
        digits = unit.digits
        left = len(digits) - o
        lengths: Iterator[int]
        if required is not None:
            lengths = iter((len(str(int(required))),)) if required == int(required) else iter(())
        else:
            lengths = iter(range(1, left + 1) if digits[o] != "0" else (1,))
        for size in lengths:
            if size > left:
                continue
            text = digits[o:o + size]
            if len(text) > 1 and text[0] == "0":
                continue
            value = int(text)
            if required is not None and value != required:
                continue
            if not feeds_ok(i, value, remaining - size):
                continue
            slots.append(Piece(value, _piece_raw(unit, o, o + size), unit.text, unit.location,
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


# -- the table ----------------------------------------------------------------------------------


@attrs.frozen
class _Var:
    """An unresolved row: the cells it covers and its readings, as cell → CellValue maps."""

    source: UnresolvedRow
    rows: tuple[str, ...]
    refs: tuple[CellRef | None, ...]
    readings: list[dict[CellRef, Piece]]
    enforced: tuple[Rule, ...]
    local_rules: tuple[str, ...]
    usable: bool
    note: str = ""


@attrs.frozen
class SolveResult:
    """What the table programme found: per unresolved row, the readings that occur in some
    solution (``None``: the row could not be searched), and the number of solutions."""

    viable: tuple[list[int] | None, ...]
    solutions: int
    rules: tuple[tuple[str, ...], ...]
    stopped: str = ""
    #: the count stopped early, but a solution exists and ``viable`` holds every reading
    #: no bound rules out (a superset of the viable ones)
    partial: bool = False


def _slot_refs(row: UnresolvedRow, spec: TableSpec
               ) -> tuple[tuple[str, ...], tuple[CellRef | None, ...]]:
    if row.row:
        return (row.row,), tuple((row.row, c) if c else None for c in row.slots)
    # Row "" is the whole review block: slots run row-major over the table's rows.
    width = len(spec.columns)
    keys = tuple(r.key for r in spec.rows)
    refs = tuple((keys[i // width], c) if c and i // width < len(keys) else None
                 for i, c in enumerate(row.slots))
    return keys, refs


def _local_sums(refs: Sequence[CellRef | None], headers: Sequence[str | None], spec: TableSpec,
                rules: Sequence[Rule]
                ) -> tuple[list[tuple[int, tuple[int, ...]]], list[Rule], list[str]]:
    """The rules that live inside one row, as slot indices; a 小计 column is the sum of the
    法人或其他组织 columns printed in the same row."""
    index = {ref: i for i, ref in enumerate(refs) if ref is not None}
    sums: list[tuple[int, tuple[int, ...]]] = []
    kept: list[Rule] = []
    names: list[str] = []
    for rule in rules:
        if len(rule.lhs) == 1 and all(ref in index for ref in rule.cells):
            sums.append((index[rule.lhs[0]], tuple(index[r] for r in rule.rhs)))
            kept.append(rule)
            names.append(rule.name)
    for i, (ref, header) in enumerate(zip(refs, headers, strict=False)):
        if ref is None and header is not None and normalize_label(header) == _SUBTOTAL:
            row = next((r for r in refs if r is not None), None)
            if row is None:
                continue
            grouped = tuple(index[(row[0], c.key)] for c in spec.columns
                            if c.group and (row[0], c.key) in index)
            if grouped:
                sums.append((i, grouped))
                names.append(f"{SUBTOTAL_WORD} = {APPLICANT_GROUP}")
    return sums, kept, list(dict.fromkeys(names))


def _make_var(row: UnresolvedRow, spec: TableSpec, rules: Sequence[Rule],
              limits: SolveLimits, deadline: float, allow_empty: bool = True) -> _Var:
    rows, refs = _slot_refs(row, spec)
    sums, kept, names = _local_sums(refs, row.headers, spec, rules)
    try:
        readings = row_readings(row.values, len(row.slots), sums, limits, deadline,
                                allow_empty)
    except _OverBudget as exc:
        return _Var(row, rows, refs, [], tuple(kept), tuple(names), False,
                    f"search stopped: {exc}")
    if readings is None:
        return _Var(row, rows, refs, [], tuple(kept), tuple(names), False,
                    "its tokens are not plain counts, so no split was tried")
    maps: list[dict[CellRef, Piece]] = []
    seen: set[tuple[tuple[CellRef, Number | None, str], ...]] = set()
    for reading in readings:
        cells = {ref: p for ref, p in zip(refs, reading, strict=True) if ref is not None}
        key = tuple(sorted((ref, p.value, p.raw) for ref, p in cells.items()))
        if key not in seen:
            seen.add(key)
            maps.append(cells)
    return _Var(row, rows, refs, maps, tuple(kept), tuple(names), True)


def _num(v: Number | None) -> Number:
    return v if v is not None else 0


def _discriminates(terms: Sequence[tuple[int, CellRef, int]], variables: Sequence[_Var]) -> bool:
    for j in {owner for owner, _, _ in terms}:
        refs = [(ref, sign) for owner, ref, sign in terms if owner == j]
        values = {sum(sign * _num(r[ref].value) for ref, sign in refs)
                  for r in variables[j].readings}
        if len(values) > 1:
            return True
    return False


def solve_table(table: Table, rules: Sequence[Rule], variables: Sequence[_Var],
                limits: SolveLimits) -> SolveResult:
    """Count the table's solutions and find each row's viable readings (see module doc)."""
    deadline = time.monotonic() + limits.seconds
    owner = {ref: j for j, var in enumerate(variables) if var.usable
             for ref in var.refs if ref is not None}
    # Rules joining some row to cells already read or to other rows; rules touching an
    # unreadable cell no row covers say nothing (that cell may be anything). Rules kept while
    # reading a row are not repeated.
    enforced = {id(r) for v in variables if v.usable for r in v.enforced}
    active: list[tuple[Rule, float, list[tuple[int, CellRef, int]]]] = []
    for rule in rules:
        if id(rule) in enforced:
            continue
        const: float = 0
        terms: list[tuple[int, CellRef, int]] = []
        readable = True
        for sign, refs in ((1, rule.lhs), (-1, rule.rhs)):
            for ref in refs:
                if ref in owner:
                    terms.append((owner[ref], ref, sign))
                    continue
                n = cell_count(table.rows[ref[0]][ref[1]])
                if n is UNREAD:
                    readable = False
                elif n is not EMPTY:
                    const += sign * n  # type: ignore[operator]
        if readable and terms:
            active.append((rule, const, terms))
    # A rule every reading leaves with the same value cannot tell readings apart: if it
    # fails, it fails whatever the rows say, and that is the checks' business (seed 001's
    # 总计 column is out of balance, yet its 自然人 … 其他 columns still place a lost empty).
    active = [a for a in active if _discriminates(a[2], variables)]
    used = [j for j, v in enumerate(variables) if v.usable]
    dims = len(active)

    def contrib(j: int, reading: dict[CellRef, Piece]) -> tuple[float, ...]:
        out = [0.0] * dims
        for k, (_, _, terms) in enumerate(active):
            for owner_j, ref, sign in terms:
                if owner_j == j:
                    out[k] += sign * _num(reading[ref].value)
        return tuple(out)

    full = {j: [contrib(j, r) for r in variables[j].readings] for j in used}
    target = tuple(-c for _, c, _ in active)
    # Readings that cannot be part of any solution go first (bounds on every rule), so the
    # programme below runs over a few readings per row.
    domains = prune_readings(full, target)
    vectors = {j: [full[j][i] for i in domains[j]] for j in used}
    rule_names = tuple(
        tuple(dict.fromkeys([*variables[j].local_rules,
                             *(rule.name for rule, _, terms in active
                               if any(o == j for o, _, _ in terms))]))
        for j in range(len(variables)))
    # Suffix bounds per rule: what the rows still to come can add at least / at most.
    lo = [[0.0] * dims for _ in range(len(used) + 1)]
    hi = [[0.0] * dims for _ in range(len(used) + 1)]
    for pos in range(len(used) - 1, -1, -1):
        vecs = vectors[used[pos]]
        for k in range(dims):
            lo[pos][k] = lo[pos + 1][k] + (min(v[k] for v in vecs) if vecs else 0)
            hi[pos][k] = hi[pos + 1][k] + (max(v[k] for v in vecs) if vecs else 0)
    layers: list[dict[tuple[float, ...], int]] = [{tuple([0.0] * dims): 1}]
    viable: list[list[int] | None] = [None] * len(variables)
    work = 0
    try:
        for pos, j in enumerate(used):
            nxt: dict[tuple[float, ...], int] = {}
            work += len(layers[-1]) * len(vectors[j])
            if work > limits.transitions:
                raise _OverBudget(f"more than {limits.transitions} steps")
            for state, n in layers[-1].items():
                for vec in vectors[j]:
                    s2 = tuple(a + b for a, b in zip(state, vec, strict=True))
                    if any(not (lo[pos + 1][k] <= target[k] - s2[k] <= hi[pos + 1][k])
                           for k in range(dims)):
                        continue
                    nxt[s2] = nxt.get(s2, 0) + n
                if time.monotonic() > deadline:
                    raise _OverBudget(f"past {limits.seconds} s")
            if len(nxt) > limits.states:
                raise _OverBudget(f"more than {limits.states} partial sums")
            layers.append(nxt)
    except _OverBudget as exc:
        # Too many partial sums to count the solutions: a row whose pruned readings are one
        # is still decided, provided the table has a solution at all.
        if any(not vectors[j] for j in used) or not _has_solution(
                [vectors[j] for j in used], target, limits):
            return SolveResult(tuple(viable), 0, rule_names, str(exc))
        return SolveResult(tuple(list(domains[j]) if j in domains else None
                                 for j in range(len(variables))),
                           1, rule_names, str(exc), partial=True)
    solutions = layers[-1].get(target, 0)
    good: set[tuple[float, ...]] = {target} if solutions else set()
    for pos in range(len(used) - 1, -1, -1):
        j = used[pos]
        keep: set[tuple[float, ...]] = set()
        picks: set[int] = set()
        for state in layers[pos]:
            for idx, vec in enumerate(vectors[j]):
                if tuple(a + b for a, b in zip(state, vec, strict=True)) in good:
                    keep.add(state)
                    picks.add(idx)
        viable[j] = sorted(domains[j][i] for i in picks)
        good = keep
    return SolveResult(tuple(viable), solutions, rule_names)


def prune_readings(vectors: dict[int, list[tuple[float, ...]]], target: Sequence[float]
                   ) -> dict[int, list[int]]:
    """Per row, the readings that survive bounds propagation: a reading stays only if, for
    every rule, what it contributes plus what the other rows can still contribute (their
    least and most) can reach the rule's target. Repeated until nothing changes; readings
    dropped here are in no solution of the table."""
    domains = {j: list(range(len(v))) for j, v in vectors.items()}
    dims = len(target)
    for _ in range(64):
        changed = False
        for k in range(dims):
            lows = {j: min((vectors[j][i][k] for i in d), default=0.0) for j, d in domains.items()}
            highs = {j: max((vectors[j][i][k] for i in d), default=0.0)
                     for j, d in domains.items()}
            low, high = sum(lows.values()), sum(highs.values())
            for j, d in domains.items():
                lo_rest, hi_rest = low - lows[j], high - highs[j]
                keep = [i for i in d
                        if lo_rest - 1e-9 <= target[k] - vectors[j][i][k] <= hi_rest + 1e-9]
                if len(keep) < len(d):
                    domains[j] = keep
                    changed = True
        if not changed:
            break
    return domains


def _has_solution(vectors: Sequence[list[tuple[float, ...]]], target: Sequence[float],
                  limits: SolveLimits) -> bool:
    """Whether one reading per row meets every rule: a depth-first search with the same
    bounds as :func:`prune_readings`, bounded by a twelfth of ``limits.steps`` (each step
    weighs every rule)."""
    dims = len(target)
    order = sorted(range(len(vectors)), key=lambda j: len(vectors[j]))
    rows = [vectors[j] for j in order]
    lo = [[0.0] * dims for _ in range(len(rows) + 1)]
    hi = [[0.0] * dims for _ in range(len(rows) + 1)]
    for pos in range(len(rows) - 1, -1, -1):
        for k in range(dims):
            lo[pos][k] = lo[pos + 1][k] + min(v[k] for v in rows[pos])
            hi[pos][k] = hi[pos + 1][k] + max(v[k] for v in rows[pos])
    steps = 0

    def go(pos: int, state: tuple[float, ...]) -> bool:
        nonlocal steps
        steps += 1
        if steps > limits.steps // 12:
            raise _OverBudget(f"more than {limits.steps // 12} steps")
        if pos == len(rows):
            return all(abs(a - b) < 1e-9 for a, b in zip(state, target, strict=True))
        for vec in rows[pos]:
            s2 = tuple(a + b for a, b in zip(state, vec, strict=True))
            if all(lo[pos + 1][k] - 1e-9 <= target[k] - s2[k] <= hi[pos + 1][k] + 1e-9
                   for k in range(dims)) and go(pos + 1, s2):
                return True
        return False

    try:
        return go(0, tuple([0.0] * dims))
    except _OverBudget:
        return False


# -- the report -------------------------------------------------------------------------------


def _describe(piece: Piece) -> str:
    if piece.token is None:
        return "placed as an empty cell (the row printed one value too few)"
    if piece.split:
        return f"split from the digit run {piece.token!r}"
    return f"read from {piece.token!r}"


def resolve(report: Report, raw: RawMatch, limits: SolveLimits = SolveLimits()) -> Report:
    """``report`` with the rows the matcher refused filled where the arithmetic of their
    table allows exactly one reading (see the module docstring). Pure: returns a new report,
    or the same one when there is nothing to resolve."""
    if not any(t.unresolved for t in raw.tables.values()):
        return report
    layout = LAYOUTS[report.template]
    all_rules = layout_rules(report.template)
    tables = dict(report.tables)
    issues = list(report.issues)
    for key, found in raw.tables.items():
        if not found.unresolved or key not in tables:
            continue
        rules = all_rules.get(key, ())
        spec = layout.table(key)
        deadline = time.monotonic() + limits.seconds
        variables = [_make_var(row, spec, rules, limits, deadline) for row in found.unresolved]
        result = solve_table(tables[key], rules, variables, limits)
        rows = {r: dict(cols) for r, cols in tables[key].rows.items()}
        open_vars: list[_Var] = []
        for j, var in enumerate(variables):
            issues, complete = _fill(rows, issues, spec, var, result.viable[j], result,
                                     result.rules[j], assumed=False)
            if not complete and rules and (var.usable or var.note.startswith("search stopped")):
                open_vars.append(var)
        tables[key] = Table(key, rows, tables[key].location)
        if open_vars:
            tables[key], issues = _fill_assuming_printed(tables[key], issues, spec, rules,
                                                         open_vars, limits)
    return Report(report.source, report.template, tables, tuple(issues))


def _fill_assuming_printed(table: Table, issues: list[Issue], spec: TableSpec,
                           rules: Sequence[Rule], open_vars: Sequence[_Var],
                           limits: SolveLimits) -> tuple[Table, list[Issue]]:
    """Second pass for rows still open: read them again assuming every cell printed at least
    ``0`` (no empty cell hides in a digit run), as reports that fill every cell do. Only when
    every open row can be read that way (a row that cannot proves empty cells exist); cells
    decided only under that assumption carry a *warning*, since it cannot be proved."""
    deadline = time.monotonic() + limits.seconds
    variables = [_make_var(var.source, spec, rules, limits, deadline, allow_empty=False)
                 for var in open_vars]
    if any(not v.usable or not v.readings for v in variables):
        return table, issues
    result = solve_table(table, rules, variables, limits)
    rows = {r: dict(cols) for r, cols in table.rows.items()}
    for j, var in enumerate(variables):
        issues, _ = _fill(rows, issues, spec, var, result.viable[j], result, result.rules[j],
                          assumed=True)
    return Table(table.key, rows, table.location), issues


def _fill(rows: dict[str, dict[str, CellValue]], issues: list[Issue], spec: TableSpec,
          var: _Var, picks: list[int] | None, result: SolveResult, rules: tuple[str, ...],
          *, assumed: bool) -> tuple[list[Issue], bool]:
    """Fill the cells of ``var`` every viable reading agrees on; returns the issues and
    whether the whole row is now read.

    A reading counts only when the row printed something: a row cut off before its values
    has exactly one "reading" (all empty) that nothing checks, and that is no inference. A
    cell is decided when every reading the table's arithmetic leaves (every reading at all,
    for a row no rule touches) gives it the same text — the whole row, or only some cells
    (275 and 17 of ``27517 0 4 0296`` whatever the 0 and 4)."""
    key = spec.key
    printed = any(text for text, _, _ in var.source.values)
    if not (var.usable and picks and result.solutions and printed):
        if not assumed:
            issues = [_explain(i, key, var, picks, result, rules) for i in issues]
        return issues, False
    readings = [var.readings[p] for p in picks]
    first = readings[0]
    agreed = {ref: piece for ref, piece in first.items()
              if rows[ref[0]][ref[1]].raw is None
              and all((r[ref].value, r[ref].raw) == (piece.value, piece.raw) for r in readings[1:])}
    rules_text = "; ".join(rules) or "the row's digits (no other split gives one number per cell)"
    why = (f"the only reading of the row ({len(var.readings)} considered) that keeps "
           f"{rules_text}" if len(readings) == 1 else
           f"the same in all {len(readings)} readings of the row (of {len(var.readings)}) "
           f"that keep {rules_text}")
    if assumed:
        why += ("; assuming every cell of the table printed a number (no empty cell hidden "
                "in the digit run), which the document cannot prove")
    headers = {ref: h for ref, h in zip(var.refs, var.source.headers, strict=False)
               if ref is not None and h}
    for (row, col), piece in agreed.items():
        header = headers.get((row, col))
        unit = piece.unit or (header_unit(header) if header else None) or (
            header_unit(spec.column(col).label) if piece.value is not None else None)
        rows[row][col] = CellValue(piece.value, piece.raw, unit, piece.location)
        shown = piece.value if piece.value is not None else "empty"
        # A cell lost from a separated row (a TAB or pipe dropped) may have printed 0 as well
        # as nothing — the arithmetic cannot tell — so placing it empty is doubtful.
        lost_cell = piece.token is None and var.source.reason == "value_count_mismatch"
        issues.append(Issue(
            "inferred_value", "warning" if assumed or lost_cell else "info",
            f"{shown} inferred for {spec.row(row).label!r} × {spec.column(col).label!r}, "
            f"{_describe(piece)}: {why}; "
            + ("every other reading breaks a rule whatever the other rows say"
               if result.partial else f"the table has {result.solutions} solution(s)"),
            key, row, col))
    complete = all(rows[r][c].raw is not None for r, c in first)
    if complete:
        issues = [i for i in issues if not _is_row_error(i, key, var)]
    elif not assumed:
        issues = [_explain(i, key, var, picks, result, rules) for i in issues]
    return issues, complete


def _is_row_error(issue: Issue, table: str, var: _Var) -> bool:
    return (issue.code in _RESOLVED_CODES and issue.severity == "error"
            and issue.table == table and issue.row in var.rows)


def _explain(issue: Issue, table: str, var: _Var, picks: list[int] | None,
             result: SolveResult, rules: tuple[str, ...]) -> Issue:
    if not _is_row_error(issue, table, var):
        return issue
    if not var.usable:
        why = var.note
    elif result.stopped and not result.partial:
        why = f"the table's search stopped ({result.stopped})"
    elif not result.solutions or not picks:
        why = (f"none of its {len(var.readings)} readings satisfies the table's arithmetic "
               "(the numbers may be inconsistent)")
    elif not rules:
        why = (f"its digits split {len(var.readings)} ways and no rule of the table ties its "
               "cells; cells the splits disagree on are not guessed")
    elif result.partial:
        why = (f"{len(picks)} of its {len(var.readings)} readings are not ruled out by the "
               "table's arithmetic; not guessed")
    else:
        why = (f"{len(picks)} of its {len(var.readings)} readings fit the table's arithmetic "
               f"({result.solutions} solutions); cells they disagree on are not guessed")
    return attrs.evolve(issue, message=f"{issue.message}; {why}")
