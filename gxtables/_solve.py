"""Resolve rows the matcher refused, using the table's own arithmetic — openly, on the raw
match, before anything is typed (:mod:`._build` then types every cell once).

Two kinds of row reach here (:class:`~gxtables._raw.UnresolvedRow`):

* ``value_count_mismatch`` — a flattened dialect lost an empty cell (seed 001's dialect
  with one blank line missing): the values are right but one slot is unknown;
* ``boundaries_lost`` — the row's digits run together (``150010218`` for 15, 0, 0, 1, 0,
  2, 18), as in text copied off a web page.

For each such row every *reading* is enumerated (:mod:`._readings`: splits of a digit run,
placements of the values into the printed slots), then the rows are solved *jointly* with
the cells already read under every rule of TEMPLATES.md §5 (:mod:`._search`), which gives,
for each row, the readings that occur in at least one solution of the table.

Here the cells are decided. A cell is filled only when every solution of the table gives it
the same reading: it becomes a :class:`~gxtables._raw.RawCell` marked with its
:class:`~gxtables._raw.Inference`, with an ``inferred_value`` issue naming the token it came
from and the rules that decided it; when the whole row is read its ``value_count_mismatch``/
``boundaries_lost`` error is withdrawn, otherwise the error says how many readings remain.
The text of a decided cell is the text it came from: the whole token when a token is one
cell, the piece of the digit run when a run was split, ``""`` for a cell placed empty.

The search is bounded (:class:`SolveLimits`): a row with too many readings, a programme
with too many states or a table past its time budget is left flagged.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import attrs

from ._checks import CellRef, Rule, layout_rules
from ._positions import PartRows, doubted_rows, narrowed, part_variables
from ._raw import Inference, RawCell, RawMatch, RawTable, UnresolvedRow
from ._readings import Piece, SolveLimits
from ._records import Issue, Number
from ._search import OpenRow, SolveResult, known_value, open_row, solve_table
from ._templates import TableSpec
from ._values import header_unit

__all__ = ["SolveLimits", "decided_cell", "is_row_error", "resolve"]

_RESOLVED_CODES = ("value_count_mismatch", "boundaries_lost")
#: rules tying rows together, one of which a report may simply print out of balance
_SPANNING_KINDS = ("balance", "results_total")
#: rules whose one total cell is compared with the rest of its row (or review block)
_ROW_TOTAL_KINDS = ("row_total", "review_total")


def _describe(piece: Piece) -> str:
    if piece.token is None:
        return "placed as an empty cell (the row printed one value too few)"
    if piece.split:
        return f"split from the digit run {piece.token!r}"
    return f"read from {piece.token!r}"


@attrs.frozen
class _Table:
    """One table as the solver goes: its cells read or decided so far, the matcher's issues
    (row errors withdrawn or explained as rows are decided) and the ``inferred_value``
    issues of the cells decided."""

    cells: dict[CellRef, RawCell]
    issues: tuple[Issue, ...]
    inferred: tuple[Issue, ...] = ()


def resolve(raw: RawMatch, limits: SolveLimits | None = None) -> RawMatch:
    """``raw`` with the rows the matcher refused decided where the arithmetic of their table
    allows (see the module docstring): decided cells carry an :class:`~._raw.Inference`,
    their issues are in ``inferred``, the matcher's row errors are withdrawn or explained.
    Pure: returns a new raw match, or ``raw`` itself when there is nothing to resolve."""
    if not any(t.unresolved for t in raw.tables.values()):
        return raw
    limits = limits or SolveLimits()
    all_rules = layout_rules(raw.layout.key)
    specs = {spec.key: spec for spec in raw.layout.tables}
    tables = dict(raw.tables)
    issues = raw.issues
    inferred = raw.inferred
    for key, found in raw.tables.items():
        if not found.unresolved or key not in specs:
            continue
        rules = all_rules.get(key, ())
        spec = specs[key]
        state = _Table(found.cells, issues)
        unresolved = found.unresolved
        parts = part_variables(found.cells, unresolved, spec, issues) if rules else []
        if parts:
            state, unresolved = _decide_parts(state, spec, rules, parts, unresolved, limits)
        deadline = time.thread_time() + limits.seconds
        variables = [open_row(row, spec, rules, limits, deadline) for row in unresolved]
        result = solve_table(state.cells, rules, variables, limits)
        open_vars: list[OpenRow] = []
        for j, var in enumerate(variables):
            state, complete = _decide(state, spec, var, result.viable[j], result,
                                      result.rules[j], assumed=False)
            if not complete and rules and (var.usable or var.note.startswith("search stopped")):
                open_vars.append(var)
        if open_vars:
            state = _decide_assuming_printed(state, spec, rules, open_vars, limits)
        if not result.solutions and not result.stopped:
            state = _decide_without_blank_totals(state, spec, rules, variables, limits)
            state = _decide_without_broken_kind(state, spec, rules, variables, limits)
            state = _decide_in_row(state, spec, variables)
            state = _decide_by_digit_count(state, spec, variables, limits)
        still_open = tuple(var.source for var in variables
                           if not all(ref in state.cells for ref in var.refs if ref is not None))
        tables[key] = RawTable(key, state.cells, found.found, found.location, still_open)
        issues = state.issues
        inferred += state.inferred
    return RawMatch(raw.layout, tables, issues, raw.evidence, inferred)


def _decide_parts(state: _Table, spec: TableSpec, rules: Sequence[Rule],
                  parts: Sequence[PartRows], rows: Sequence[UnresolvedRow],
                  limits: SolveLimits) -> tuple[_Table, tuple[UnresolvedRow, ...]]:
    """First pass for column-aligned text (:mod:`._positions`): the refused rows of each
    table part read together by their numbers' positions, solved with the table's other
    refused rows. Rows every viable placement reads alike are decided; the rest go on to the
    row-by-row search as if this pass had not been."""
    covered = {id(row) for part in parts for row in part.rows}
    deadline = time.thread_time() + limits.seconds
    others = [open_row(row, spec, rules, limits, deadline) for row in rows
              if id(row) not in covered]
    # rows read already but doubted count in no sum here (read again in a part, or unknown)
    doubted = doubted_rows(spec, state.issues)
    kept = {ref: cell for ref, cell in state.cells.items() if ref[0] in doubted}
    state = attrs.evolve(state, cells={ref: cell for ref, cell in state.cells.items()
                                       if ref not in kept})
    result = solve_table(state.cells, rules, [p.variable for p in parts] + others, limits)
    done: set[str] = set()
    for j, part in enumerate(parts):
        picks = result.viable[j]
        if not picks or not result.solutions:
            continue
        readings = [part.variable.readings[p] for p in picks]
        agreed = [row.row for row in part.rows
                  if all(all((r[ref].value, r[ref].raw) == (readings[0][ref].value,
                                                            readings[0][ref].raw)
                             for r in readings[1:])
                         for ref in readings[0] if ref[0] == row.row)]
        if not agreed:
            continue
        state, complete = _decide(state, spec, narrowed(part, agreed), picks, result,
                                  result.rules[j], assumed=False, placed=True)
        if complete:
            done.update(agreed)
    # rows read again and not decided keep their cells as first read (and their doubt)
    restored = {ref: cell for ref, cell in kept.items() if ref[0] not in done}
    inferred = tuple(i for i in state.inferred
                     if i.table != spec.key or (i.row, i.column) not in restored)
    return (attrs.evolve(state, cells={**state.cells, **restored}, inferred=inferred),
            tuple(row for row in rows if row.row not in done))


def _decide_assuming_printed(state: _Table, spec: TableSpec, rules: Sequence[Rule],
                             open_vars: Sequence[OpenRow], limits: SolveLimits) -> _Table:
    """Second pass for rows still open: read them again assuming every cell printed at least
    ``0`` (no empty cell hides in a digit run), as reports that fill every cell do. Only when
    every open row can be read that way (a row that cannot proves empty cells exist); cells
    decided only under that assumption carry a *warning*, since it cannot be proved."""
    deadline = time.thread_time() + limits.seconds
    variables = [open_row(var.source, spec, rules, limits, deadline, allow_empty=False)
                 for var in open_vars]
    if any(not v.usable or not v.readings for v in variables):
        return state
    result = solve_table(state.cells, rules, variables, limits)
    for j, var in enumerate(variables):
        state, _ = _decide(state, spec, var, result.viable[j], result, result.rules[j],
                           assumed=True)
    return state


def _decide_without_blank_totals(state: _Table, spec: TableSpec, rules: Sequence[Rule],
                                 variables: Sequence[OpenRow], limits: SolveLimits) -> _Table:
    """When no reading of the table keeps every rule and the report leaves 总计 cells blank
    beside numbers (a real page prints 予以公开 258, 12, 1, 1 and no 总计), such a total is
    not stated rather than 0. Only where a row read already proves it. The table is solved
    again: a row's total may then be blank or its row's sum, and the rules spanning rows set
    aside wherever a total may be blank; cells the rest decide are filled with a warning
    naming the rules set aside, and the rows' errors kept."""
    row_totals = {r.lhs[0]: r for r in rules if r.kind in _ROW_TOTAL_KINDS}
    stated_blank = {total for total, rule in row_totals.items()
                    if total in state.cells and not _printed(state.cells[total])
                    and any(_printed(state.cells.get(p)) for p in rule.rhs)}
    if not stated_blank:
        return state
    deadline = time.thread_time() + limits.seconds
    maybe_blank = set(stated_blank)
    for var in variables:
        free = open_row(var.source, spec, (), limits, deadline)
        maybe_blank.update(t for t in row_totals if t in free.refs
                           and any(not r[t].raw for r in free.readings))
    kept = [r for r in rules if maybe_blank.isdisjoint(r.cells)]
    own = [row_totals[t] for t in maybe_blank - stated_blank]
    opened = [_blank_or_summed(open_row(var.source, spec, kept, limits, deadline), own, state)
              for var in variables]
    result = solve_table(state.cells, kept, opened, limits)
    if not result.solutions or (result.stopped and not result.partial):
        return state
    rows = ", ".join(repr(spec.row(row).label)
                     for row in dict.fromkeys(r for r, _ in sorted(stated_blank)))
    names = (f"the sums through a 总计 that may be blank (the report leaves it blank beside "
             f"numbers in {rows})")
    for j, var in enumerate(opened):
        state, _ = _decide(state, spec, var, result.viable[j], result, result.rules[j],
                           assumed=False, relaxed=names)
    return state


def _blank_or_summed(var: OpenRow, own: Sequence[Rule], state: _Table) -> OpenRow:
    """``var`` with only the readings whose 总计 cells are blank or their row's sum."""
    checked = [rule for rule in own if rule.lhs[0] in var.refs]
    if not checked or not var.usable:
        return var

    def fits(reading: dict[CellRef, Piece]) -> bool:
        for rule in checked:
            total = reading[rule.lhs[0]]
            if not total.raw:
                continue
            parts: list[Number | None] = []
            for p in rule.rhs:
                cell = state.cells.get(p)
                parts.append(reading[p].value or 0 if p in reading
                             else known_value(cell) if cell is not None else None)
            if None not in parts and total.value != sum(v or 0 for v in parts):
                return False  # (a part unknown: the row's own sum cannot judge it)
        return True

    return attrs.evolve(var, readings=[r for r in var.readings if fits(r)])


def _printed(cell: RawCell | None) -> bool:
    return cell is not None and bool(cell.text.strip())


def _decide_without_broken_kind(state: _Table, spec: TableSpec, rules: Sequence[Rule],
                                variables: Sequence[OpenRow], limits: SolveLimits) -> _Table:
    """When no reading of the table keeps every rule, real reports are often simply out of
    balance (seed 003 prints 一 + 二 = 528 but 三 + 四 = 527 for 自然人). The table is solved
    again without one kind of rule spanning rows (the 勾稽关系, or the （七）总计 column
    sums); only when exactly one kind, dropped, leaves solutions are cells decided by the
    rest — with a warning naming the rules set aside, and the rows' errors kept."""
    spanning = list(dict.fromkeys(r.kind for r in rules if r.kind in _SPANNING_KINDS))
    solvable: list[tuple[list[Rule], SolveResult]] = []
    for kind in spanning:
        kept = [r for r in rules if r.kind != kind]
        result = solve_table(state.cells, kept, variables, limits)
        if result.solutions and not (result.stopped and not result.partial):
            solvable.append(([r for r in rules if r.kind == kind], result))
    if len(solvable) != 1:
        return state
    dropped, result = solvable[0]
    names = ", ".join(dict.fromkeys(r.name for r in dropped))
    for j, var in enumerate(variables):
        state, _ = _decide(state, spec, var, result.viable[j], result, result.rules[j],
                           assumed=False, relaxed=names)
    return state


def _decide_in_row(state: _Table, spec: TableSpec, variables: Sequence[OpenRow]) -> _Table:
    """Last pass when the table's arithmetic has no solution at all (some row was misread,
    or the report's numbers disagree): each open row's cells that every reading keeping the
    row's own sums (its 总计, 小计) agrees on are filled — with a warning, and the row's
    error stays, since the row's tokens themselves may be another row's."""
    for var in variables:
        if var.usable and var.readings and var.local_rules:
            state, _ = _decide(state, spec, var, list(range(len(var.readings))),
                               SolveResult((), 0, ()), var.local_rules, assumed=False,
                               in_row=True)
    return state


def _decide_by_digit_count(state: _Table, spec: TableSpec, variables: Sequence[OpenRow],
                           limits: SolveLimits) -> _Table:
    """Last pass when the table's arithmetic has no solution and a row is still open: a
    digit run that can be split only one way once every cell printed a number (as many
    digits as cells: ``100000000000000`` for the review block's 15) is read that way — with
    a warning, the row's error kept: the report's own sums fail, and an empty cell with a
    two-digit neighbour would read otherwise. Not in a table that shows blank cells: a cell
    read empty, or a row printing fewer digits than it has cells (a real page's 予以公开
    ``2581211`` is 258, 12, 1, 1 under blanks, not seven digits)."""
    if _shows_blank_cells(state, variables):
        return state
    deadline = time.thread_time() + limits.seconds
    for var in variables:
        if not var.usable or all(ref in state.cells for ref in var.refs if ref is not None):
            continue
        printed = open_row(var.source, spec, (), limits, deadline, allow_empty=False)
        if printed.usable and len(printed.readings) == 1:
            state, _ = _decide(state, spec, printed, [0], SolveResult((), 0, ()), (),
                               assumed=True, in_row=True)
    return state


def _shows_blank_cells(state: _Table, variables: Sequence[OpenRow]) -> bool:
    """Whether the table proves it leaves cells blank: a cell read (or decided) empty, or a
    row whose digits are fewer than its cells."""
    if any(not cell.text.strip() for cell in state.cells.values()):
        return True
    return any(
        sum(ch.isdigit() for text, _, _ in var.source.values for ch in text)
        < sum(ref is not None for ref in var.refs)
        for var in variables)


def _decide(state: _Table, spec: TableSpec, var: OpenRow, picks: list[int] | None,
            result: SolveResult, rules: tuple[str, ...], *, assumed: bool,
            in_row: bool = False, relaxed: str = "", placed: bool = False
            ) -> tuple[_Table, bool]:
    """``state`` with the cells of ``var`` every viable reading agrees on decided, and
    whether the whole row is now read (its error then withdrawn, else explained).

    A reading counts only when the row printed something: a row cut off before its values
    has exactly one "reading" (all empty) that nothing checks, and that is no inference. A
    cell is decided when every reading the table's arithmetic leaves (every reading at all,
    for a row no rule touches) gives it the same text — the whole row, or only some cells
    (275 and 17 of ``27517 0 4 0296`` whatever the 0 and 4)."""
    key = spec.key
    printed = any(text for text, _, _ in var.source.values)
    condemned = bool(result.broken.intersection(var.rows))
    stays_flagged = in_row or bool(relaxed) or condemned
    if not (var.usable and picks and (result.solutions or in_row) and printed):
        if not (assumed or relaxed):
            state = attrs.evolve(state, issues=tuple(
                _explain(i, key, var, picks, result, rules) for i in state.issues))
        return state, False
    readings = [var.readings[p] for p in picks]
    first = readings[0]
    agreed = {ref: piece for ref, piece in first.items()
              if ref not in state.cells
              and all((r[ref].value, r[ref].raw) == (piece.value, piece.raw) for r in readings[1:])}
    rules_text = "; ".join(rules) or "the row's digits (no other split gives one number per cell)"
    why = (f"the only reading of the row ({len(var.readings)} considered) that keeps "
           f"{rules_text}" if len(readings) == 1 else
           f"the same in all {len(readings)} readings of the row (of {len(var.readings)}) "
           f"that keep {rules_text}")
    if placed:
        why += ("; the rows of its table part placed together, a number's column kept by "
                "every number at its position on the page (one position, one column)")
    if assumed:
        why += ("; assuming every cell of the table printed a number (no empty cell hidden "
                "in the digit run), which the document cannot prove")
    if in_row:
        why += ("; the table's arithmetic has no solution with the rows as read, so only the "
                "row's own sums were used and the row stays flagged")
    if relaxed:
        why += (f"; no reading keeps every rule of the table, and only without {relaxed} do "
                "readings remain (the report's numbers break it), so the row stays flagged")
    if condemned:
        why += ("; a rule of the table joining this row to others fails whatever the row "
                "says, so the split may be wrong and the row stays flagged")
    # A row of delimited cells that printed one more than its columns, read by leaving out
    # an empty cell that stands before a printed one: which cell was the extra one the row
    # does not say. (Other text's empty cells are spacing or the reader's own guesses.)
    extra_cell = (var.source.cells_delimited and var.source.reason == "value_count_mismatch"
                  and any(_drops_inner_empty(var.source.values, r) for r in readings))
    if extra_cell:
        why += ("; the row prints a cell more than its columns, and an empty cell before a "
                "printed one was left out to fit: which cell is the extra one the row does not "
                "say")
    headers = {ref: h for ref, h in zip(var.refs, var.source.headers, strict=False)
               if ref is not None and h}
    cells = dict(state.cells)
    inferred = list(state.inferred)
    for (row, col), piece in agreed.items():
        cells[(row, col)] = decided_cell(spec, col, piece, headers.get((row, col)))
        shown = piece.value if piece.value is not None else "empty"
        # A cell lost from a separated row (a TAB or pipe dropped) may have printed 0 as well
        # as nothing — the arithmetic cannot tell — so placing it empty is doubtful.
        lost_cell = piece.token is None and var.source.reason == "value_count_mismatch"
        inferred.append(Issue(
            "inferred_value",
            "warning" if assumed or lost_cell or extra_cell or stays_flagged else "info",
            f"{shown} inferred for {spec.row(row).label!r} × {spec.column(col).label!r}, "
            f"{_describe(piece)}: {why}"
            + ("" if in_row else "; every other reading breaks a rule whatever the other rows "
               "say" if result.partial else f"; the table has {result.solutions} solution(s)"),
            key, row, col))
    complete = all(ref in cells for ref in first) and not stays_flagged
    issues = state.issues
    if stays_flagged:
        pass  # the row's error (already explained) stays
    elif complete:
        issues = tuple(i for i in issues if not is_row_error(i, key, var))
    elif not assumed:
        issues = tuple(_explain(i, key, var, picks, result, rules) for i in issues)
    return _Table(cells, issues, tuple(inferred)), complete


def _drops_inner_empty(values: Sequence[tuple[str, bool, object]],
                       reading: dict[CellRef, Piece]) -> bool:
    """Whether ``reading`` leaves out an empty token of the row (``values``) that stands
    before a printed one (empty tokens after the last printed one may be spacing)."""
    empties = [k for k, (text, joined, _) in enumerate(values) if not text and not joined]
    last_printed = max((k for k, (text, joined, _) in enumerate(values) if text or joined),
                       default=-1)
    if not any(k < last_printed for k in empties):
        return False
    used = [p.location for p in reading.values() if p.token == ""]
    if len(used) >= len(empties):
        return False  # none left out
    where = [values[k][2] for k in empties]
    if len(set(where)) < len(where):
        return True  # (empty tokens their locations do not tell apart: doubt it)
    kept = {where.index(loc) for loc in used if loc in where}
    return any(k < last_printed for n, k in enumerate(empties) if n not in kept)


def decided_cell(spec: TableSpec, col: str, piece: Piece, header: str | None) -> RawCell:
    """The raw cell of a piece the solver decided, its unit from the piece, else from its
    column's printed header or official label (a cell placed empty has none)."""
    unit = piece.unit or (header_unit(header) if header else None) or (
        header_unit(spec.column(col).label) if piece.value is not None else None)
    return RawCell(piece.raw, piece.location, header, Inference(piece.value, unit))


def is_row_error(issue: Issue, table: str, var: OpenRow) -> bool:
    """Whether ``issue`` is the error that kept ``var``'s row unread (withdrawn once the
    row is read whole)."""
    return (issue.code in _RESOLVED_CODES and issue.severity == "error"
            and issue.table == table and issue.row in var.rows)


def _explain(issue: Issue, table: str, var: OpenRow, picks: list[int] | None,
             result: SolveResult, rules: tuple[str, ...]) -> Issue:
    if not is_row_error(issue, table, var):
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
