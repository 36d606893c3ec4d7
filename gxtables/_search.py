"""The table programme: which readings of a table's refused rows fit its arithmetic.

The rows are solved *jointly* with the cells already read, under every rule of TEMPLATES.md
§5 (:func:`gxtables._checks.layout_rules`): the column sums tie the rows together, so a
dynamic programme over the rows' contributions to each rule counts the table's solutions
and finds, for each row, the readings that occur in at least one of them. Bounded by
:class:`~gxtables._readings.SolveLimits`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import attrs

from ._checks import CellRef, Rule
from ._normalize import normalize_label
from ._raw import RawCell, UnresolvedRow
from ._readings import OverBudget, Piece, SolveLimits, row_readings
from ._records import Number
from ._refute import refute_readings
from ._templates import APPLICANT_GROUP, SUBTOTAL_NORM, SUBTOTAL_WORD, TableSpec
from ._values import parse_value

__all__ = ["OpenRow", "SolveResult", "known_value", "open_row", "prune_readings", "solve_table"]

_SUBTOTAL = SUBTOTAL_NORM


@attrs.frozen
class OpenRow:
    """An unresolved row: the cells it covers and its readings, as cell → :class:`Piece`
    maps; ``enforced``/``local_rules`` the rules kept inside the row while reading it;
    ``usable`` False (with a ``note`` why) when no reading could be enumerated."""

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
    #: rows (keys) with a cell split from a digit run in a rule every reading leaves broken:
    #: such a rule cannot choose a reading, but the split it condemns must not be decided
    #: silently (a stray number glued in may split into cells that keep the row total yet
    #: break the column sums)
    broken: frozenset[str] = frozenset()


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


def _with_subtotal(row: UnresolvedRow, spec: TableSpec) -> UnresolvedRow:
    """A row of one value more than its slots, in a table that may print a 小计 after its
    applicant group, read with a 小计 slot before 总计 when no header showed one (pdftotext
    drew the header word far from its column). The row's own sums (小计 = the group, 总计 =
    the rest) then decide whether that reading holds; one-cell values only."""
    slots = row.slots
    if (not row.row or len(row.values) != len(slots) + 1 or None in slots
            or _SUBTOTAL not in spec.extra_columns or spec.total_column is None
            or any(joined for _, joined, _ in row.values)
            or any(h is not None and normalize_label(h) == _SUBTOTAL for h in row.headers)):
        return row
    grouped = [i for i, c in enumerate(slots) if c is not None and spec.column(c).group]
    if not grouped or grouped[-1] != len(slots) - 2 or slots[-1] != spec.total_column:
        return row
    at = len(slots) - 1
    return attrs.evolve(row, slots=(*slots[:at], None, slots[at]),
                        headers=(*row.headers[:at], SUBTOTAL_WORD, row.headers[at]))


def open_row(row: UnresolvedRow, spec: TableSpec, rules: Sequence[Rule],
              limits: SolveLimits, deadline: float, allow_empty: bool = True) -> OpenRow:
    row = _with_subtotal(row, spec)
    rows, refs = _slot_refs(row, spec)
    sums, kept, names = _local_sums(refs, row.headers, spec, rules)
    try:
        signed = frozenset(i for i, ref in enumerate(refs)
                           if ref is not None and spec.column(ref[1]).signed)
        money = frozenset(i for i, ref in enumerate(refs)
                          if ref is not None and spec.column(ref[1]).money)
        readings = row_readings(row.values, len(row.slots), sums, limits, deadline,
                                allow_empty, signed, money=money,
                                empties_printed=row.empties_printed)
    except OverBudget as exc:
        return OpenRow(row, rows, refs, [], tuple(kept), tuple(names), False,
                    f"search stopped: {exc}")
    if readings is None:
        return OpenRow(row, rows, refs, [], tuple(kept), tuple(names), False,
                    "its tokens are not plain counts, so no split was tried")
    maps: list[dict[CellRef, Piece]] = []
    seen: set[tuple[tuple[CellRef, Number | None, str], ...]] = set()
    for reading in readings:
        cells = {ref: p for ref, p in zip(refs, reading, strict=True) if ref is not None}
        key = tuple(sorted((ref, p.value, p.raw) for ref, p in cells.items()))
        if key not in seen:
            seen.add(key)
            maps.append(cells)
    return OpenRow(row, rows, refs, maps, tuple(kept), tuple(names), True)


def known_value(cell: RawCell) -> Number | None:
    """What a rule counts for a cell no open row covers: its number, 0 for an empty one, or
    ``None`` when it cannot be read (text; a cell never found has no entry at all)."""
    if cell.inferred is not None:
        return cell.inferred.value if cell.inferred.value is not None else 0
    parsed = parse_value(cell.text)
    if parsed.kind == "text":
        return None
    return parsed.value if parsed.value is not None else 0


def _num(v: Number | None) -> Number:
    return v if v is not None else 0


def _discriminates(terms: Sequence[tuple[int, CellRef, int]], variables: Sequence[OpenRow]) -> bool:
    for j in {owner for owner, _, _ in terms}:
        refs = [(ref, sign) for owner, ref, sign in terms if owner == j]
        values = {sum(sign * _num(r[ref].value) for ref, sign in refs)
                  for r in variables[j].readings}
        if len(values) > 1:
            return True
    return False


def _split_rows_in_broken_rules(
        rules: Sequence[tuple[Rule, float, list[tuple[int, CellRef, int]]]],
        variables: Sequence[OpenRow]) -> frozenset[str]:
    """The rows with a cell split from a digit run in one of ``rules`` (rules no reading can
    change) that fails: every reading of those rows gives it the same sum as the first."""
    rows: set[str] = set()
    for _, const, terms in rules:
        terms = [(j, ref, sign) for j, ref, sign in terms if variables[j].readings]
        first = {j: variables[j].readings[0] for j, _, _ in terms}
        if abs(const + sum(sign * _num(first[j][ref].value) for j, ref, sign in terms)) <= 1e-6:
            continue
        rows.update(row for j, ref, _ in terms if first[j][ref].split
                    for row in variables[j].rows)
    return frozenset(rows)


def solve_table(cells: Mapping[CellRef, RawCell], rules: Sequence[Rule],
                variables: Sequence[OpenRow], limits: SolveLimits) -> SolveResult:
    """Count the table's solutions and find each row's viable readings (see module doc);
    ``cells`` are the table's cells read (or decided) so far."""
    deadline = time.thread_time() + limits.seconds
    owner = {ref: j for j, var in enumerate(variables) if var.usable
             for ref in var.refs if ref is not None}
    # Rules joining some row to cells already read or to other rows; rules touching an
    # unreadable cell no row covers say nothing (that cell may be anything). Rules kept while
    # reading a row are not repeated.
    enforced = {id(r) for v in variables if v.usable for r in v.enforced}
    known = {ref: known_value(cell) for ref, cell in cells.items()}  # each text parsed once
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
                n = known.get(ref)
                if n is None:
                    readable = False
                else:
                    const += sign * n
        if readable and terms:
            active.append((rule, const, terms))
    # A rule every reading leaves with the same value cannot tell readings apart: if it
    # fails, it fails whatever the rows say, and that is the checks' business (seed 001's
    # 总计 column is out of balance, yet its 自然人 … 其他 columns still place a lost empty).
    # But a row whose *split* cells such a broken rule touches is named in ``broken``: the
    # split, not the report, may be what breaks it (seed 002 予以公开 with a stray number).
    telling = [_discriminates(terms, variables) for _, _, terms in active]
    broken = _split_rows_in_broken_rules(
        [a for a, tells in zip(active, telling, strict=True) if not tells], variables)
    active = [a for a, tells in zip(active, telling, strict=True) if tells]
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
            if work > limits.counting:
                raise OverBudget(f"more than {limits.counting} steps")
            for state, n in layers[-1].items():
                for vec in vectors[j]:
                    s2 = tuple(a + b for a, b in zip(state, vec, strict=True))
                    if any(not (lo[pos + 1][k] <= target[k] - s2[k] <= hi[pos + 1][k])
                           for k in range(dims)):
                        continue
                    nxt[s2] = nxt.get(s2, 0) + n
                if time.thread_time() > deadline:
                    raise OverBudget(f"past {limits.seconds} s")
            if len(nxt) > limits.states:
                raise OverBudget(f"more than {limits.states} partial sums")
            layers.append(nxt)
    except OverBudget as exc:
        # Too many partial sums to count the solutions: a row whose pruned readings are one
        # is still decided, provided the table has a solution at all.
        # Readings are then tried one by one (:mod:`._refute`): those kept are in a
        # solution found, or could not be ruled out within the bounds.
        kept = None if any(not vectors[j] for j in used) else refute_readings(
            {j: vectors[j] for j in used}, target, limits, deadline)
        if kept is None:
            return SolveResult(tuple(viable), 0, rule_names, str(exc), broken=broken)
        return SolveResult(tuple([domains[j][i] for i in kept[j]] if j in kept else None
                                 for j in range(len(variables))),
                           1, rule_names, str(exc), partial=True, broken=broken)
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
    return SolveResult(tuple(viable), solutions, rule_names, broken=broken)


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
