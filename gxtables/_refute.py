"""Readings ruled out one by one, when a table has too many partial sums to count.

:func:`gxtables._search.solve_table` counts a table's solutions with a programme over the
rows' partial sums; a table whose rows are nearly all open (a one-line page of a report that
leaves zeros blank: ``1818`` is 18 in one of six columns and in 总计) has too many partial
sums for that. Counting is not needed to decide a cell, though: it is enough to know which
readings occur in *some* solution. Here each reading of each row is tried in turn: a
depth-first search for a solution through it (bounded by every rule's least and most reach,
dead partial sums remembered) either finds one — and every reading in that solution is then
known to be viable — or proves there is none, and the reading is dropped. Past the budget a
reading stays: what is kept is a superset of the viable readings, so a cell they all agree
on is decided soundly.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import attrs

from ._readings import OverBudget, SolveLimits

__all__ = ["refute_readings"]

_EPS = 1e-9

Vector = tuple[float, ...]


def refute_readings(vectors: Mapping[int, Sequence[Vector]], target: Sequence[float],
                    limits: SolveLimits, deadline: float) -> dict[int, list[int]] | None:
    """Per row (key of ``vectors``), the indices of its readings not ruled out: each is in
    a solution found, or the budget (``limits.transitions`` search steps in all, and the
    ``deadline``) ran out before it could be tried or refuted. ``None`` when no solution was
    found at all (none exists, or the budget ran out first): then nothing can be decided.
    """
    rows = sorted(vectors, key=lambda j: (len(vectors[j]), j))
    if not rows or any(not vectors[j] for j in rows):
        return None
    supported: set[tuple[int, int]] = set()
    refuted: set[tuple[int, int]] = set()
    steps = [0]
    found_any = False
    facts = _RowFacts.of(vectors, len(target))
    for first in rows:
        probe = _Probe.make(vectors, facts, first, target, supported, steps, limits, deadline)
        for i, vec in enumerate(vectors[first]):
            if (first, i) in supported:
                continue
            try:
                ok = probe.fits(1, vec) and probe.go(1, tuple(vec))
            except OverBudget:
                return _kept(vectors, refuted) if found_any else None
            if ok:
                found_any = True
                probe.chosen[0] = i
                supported.update(zip(probe.order, probe.chosen, strict=True))
                probe.tried_first.clear()  # the readings known viable changed
            else:
                refuted.add((first, i))
    return _kept(vectors, refuted) if found_any else None


@attrs.frozen
class _Probe:
    """The depth-first search for a solution through a reading of row ``order[0]``; the
    containers are shared by the probes of that row (``dead``: partial sums from which no
    solution follows, true whatever ``order[0]`` reads) or by all (``supported``, ``steps``)."""

    vectors: Mapping[int, Sequence[Vector]]
    target: Sequence[float]
    order: list[int]
    low: list[list[float]]  # per position: the least partial sum that can still reach the
    high: list[list[float]]  # targets, and the most
    supported: set[tuple[int, int]]
    steps: list[int]
    limits: SolveLimits
    deadline: float
    #: per position: the targets its row's readings change, and each reading as the
    #: ``(target, amount)`` pairs it adds (a row touches few of a table's rules; the
    #: partial sums of the others cannot leave their bounds at its step)
    touched: list[tuple[int, ...]]
    sparse: list[list[tuple[tuple[int, float], ...]]]
    dead: set[tuple[int, Vector]] = attrs.field(factory=set)
    chosen: list[int] = attrs.field(factory=list)
    #: per position: its readings in the order tried (known viable first), while
    #: ``supported`` stays as it is
    tried_first: dict[int, list[int]] = attrs.field(factory=dict)

    @classmethod
    def make(cls, vectors: Mapping[int, Sequence[Vector]], facts: _RowFacts, first: int,
             target: Sequence[float], supported: set[tuple[int, int]], steps: list[int],
             limits: SolveLimits, deadline: float) -> _Probe:
        dims = len(target)
        order = _order(facts, first, dims)
        lo = [[0.0] * dims for _ in range(len(order) + 1)]
        hi = [[0.0] * dims for _ in range(len(order) + 1)]
        for pos in range(len(order) - 1, -1, -1):
            least, most = facts.least[order[pos]], facts.most[order[pos]]
            for k in range(dims):
                lo[pos][k] = lo[pos + 1][k] + least[k]
                hi[pos][k] = hi[pos + 1][k] + most[k]
        # the partial sums from which the rows from ``pos`` on can still reach every target
        low = [[t - h - _EPS for t, h in zip(target, hi[pos], strict=True)]
               for pos in range(len(order) + 1)]
        high = [[t - m + _EPS for t, m in zip(target, lo[pos], strict=True)]
                for pos in range(len(order) + 1)]
        return cls(vectors, target, order, low, high, supported, steps, limits, deadline,
                   [facts.touched[j] for j in order], [facts.sparse[j] for j in order],
                   chosen=[0] * len(order))

    def fits(self, pos: int, state: Sequence[float]) -> bool:
        """Whether the rows from ``pos`` on can still bring ``state`` to every target."""
        low, high = self.low[pos], self.high[pos]
        return all(a <= s <= b for a, s, b in zip(low, state, high, strict=True))

    def go(self, pos: int, state: Vector) -> bool:
        self.steps[0] += 1
        if self.steps[0] > self.limits.transitions:
            raise OverBudget(f"more than {self.limits.transitions} steps")
        if self.steps[0] % 1024 == 0 and time.thread_time() > self.deadline:
            raise OverBudget(f"past {self.limits.seconds} s")
        if pos == len(self.order):
            return all(abs(a - b) < _EPS for a, b in zip(state, self.target, strict=True))
        if (pos, state) in self.dead:
            return False
        tried = self.tried_first.get(pos)
        if tried is None:
            # readings already known viable first: a solution is found sooner through them
            row, supported = self.order[pos], self.supported
            tried = sorted(range(len(self.vectors[row])),
                           key=lambda i: (row, i) not in supported)
            self.tried_first[pos] = tried
        # ``state`` is within the bounds at ``pos``; the bounds at ``pos + 1`` differ from
        # them only on the targets this row touches, so only those are tested
        touched, readings = self.touched[pos], self.sparse[pos]
        low, high = self.low[pos + 1], self.high[pos + 1]
        for i in tried:
            grown = list(state)
            for k, x in readings[i]:
                grown[k] += x
            for k in touched:  # (a loop, not all(): this is the search's innermost test)
                if not low[k] <= grown[k] <= high[k]:
                    break
            else:
                self.chosen[pos] = i
                if self.go(pos + 1, tuple(grown)):
                    return True
        self.dead.add((pos, state))
        return False


def _kept(vectors: Mapping[int, Sequence[Vector]], refuted: set[tuple[int, int]]
          ) -> dict[int, list[int]]:
    return {j: [i for i in range(len(vs)) if (j, i) not in refuted] for j, vs in vectors.items()}


@attrs.frozen
class _RowFacts:
    """What every probe asks of each row, worked out once per table: the least and most it
    adds to each rule, the rules it touches, and its readings as ``(rule, amount)`` pairs."""

    least: dict[int, list[float]]
    most: dict[int, list[float]]
    touched: dict[int, tuple[int, ...]]
    sparse: dict[int, list[tuple[tuple[int, float], ...]]]
    readings: dict[int, int]

    @classmethod
    def of(cls, vectors: Mapping[int, Sequence[Vector]], dims: int) -> _RowFacts:
        sparse = {j: [tuple((k, x) for k, x in enumerate(v) if x) for v in vs]
                  for j, vs in vectors.items()}
        return cls(
            {j: [min(v[k] for v in vs) for k in range(dims)] for j, vs in vectors.items()},
            {j: [max(v[k] for v in vs) for k in range(dims)] for j, vs in vectors.items()},
            {j: tuple(sorted({k for reading in rs for k, _ in reading}))
             for j, rs in sparse.items()},
            sparse, {j: len(vs) for j, vs in vectors.items()})


def _order(facts: _RowFacts, first: int, dims: int) -> list[int]:
    """``first``, then the rows in the order that closes rules soonest: next the row that
    completes the most rules (every row a rule involves placed), fewest readings first. A
    closed rule has an exact target, so the rows after it are bounded tightly (the four
    head rows of the applications table fix each column's 总计 before the results rows)."""
    touches = facts.touched
    waiting = [0] * dims
    for ks in touches.values():
        for k in ks:
            waiting[k] += 1
    order: list[int] = []
    left = set(touches)

    def place(j: int) -> None:
        order.append(j)
        left.discard(j)
        for k in touches[j]:
            waiting[k] -= 1

    place(first)
    while left:
        best = min(left, key=lambda j: (-sum(1 for k in touches[j] if waiting[k] == 1),
                                        -len(touches[j]), facts.readings[j], j))
        place(best)
    return order
