"""Counts a report's own prose states, used to choose among a digit run's splits where its
table has no arithmetic.

A 第二十条 row run together (``行政规范性文件15621``) splits several ways and nothing in the
table ties its cells. Reports often say the counts in words: ``我局废止规范性文件6件，制定规范性
文件15件``. A clause that names the row (a word the template gives, ``规范性文件``) right before a
count, after a verb that names one column (``制定`` → 本年制发件数, ``废止`` → 本年废止件数), pins
that cell; a clause with no verb continues the previous clause's (``主动公开规章13件，行政规范性
文件60件``). Only the splits that agree with every pin are kept, and a cell they all agree on is
decided — with a *warning*, since the prose may count something else than the table.

Two stages, plain data in and out: :func:`read_statements` (paragraph texts → statements) and
:func:`decide_by_statements` (a solved raw match → one with such cells decided).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable

import attrs

from ._checks import layout_rules
from ._normalize import nfkc
from ._raw import RawMatch, RawTable
from ._readings import SolveLimits
from ._records import Issue
from ._search import open_row
from ._solve import decided_cell, is_row_error
from ._templates import Layout, TableSpec

__all__ = ["Statement", "decide_by_statements", "read_statements"]

_CLAUSE = re.compile(r"[^，,。；;！!？?\n]+")
_COUNT = re.compile(r"\s*(\d{1,6})\s*(?:件|份|部|个|项)")
_AFTER_VERB = re.compile(r"(?:件数|数量|的|为|共)?\s*(\d{1,6})\s*(?:件|份|部|个|项)")
#: A clause stating a count is short; a longer run (a line with no punctuation) states none.
_LONGEST_CLAUSE = 120
#: What may stand before the row's word in a clause that goes on with the verb before it.
_LIST_LEAD = re.compile(r"(?:和|及|以及|其中|另有|另)?(?:行政|部门)?")


@attrs.frozen
class Statement:
    """A count the prose states for one cell, and the clause that states it."""

    table: str
    row: str
    column: str
    value: int
    quote: str


def read_statements(texts: Iterable[str], layout: Layout) -> tuple[Statement, ...]:
    """Every cell a clause of ``texts`` states one count for (cells stated with two different
    counts are dropped)."""
    targets = [spec for spec in layout.tables
               if any(r.stated for r in spec.rows) and any(c.stated for c in spec.columns)]
    words = {w for spec in targets for r in spec.rows for w in r.stated}
    found: dict[tuple[str, str, str], set[int]] = {}
    quotes: dict[tuple[str, str, str], str] = {}
    for text in texts:
        if not any(w in text for w in words):
            continue
        columns: dict[str, str] = {}
        rows: dict[str, str] = {}
        for clause in _CLAUSE.findall(nfkc(text)):
            if len(clause) > _LONGEST_CLAUSE:
                columns.clear()
                rows.clear()
                continue
            for spec in targets:
                said = _stated_column(clause, spec)
                hits = _stated_rows(clause, spec)
                # 主动公开规章13件，行政规范性文件60件: a clause that only names the next row
                # goes on with the verb before it (not 清理规范性文件30件: another verb)
                column = said or (columns.get(spec.key) if hits and _LIST_LEAD.fullmatch(
                    clause[:hits[0][2]].strip()) else None)
                if said is not None and not hits and spec.key in rows:
                    # 制发规范性文件34件，现行有效件数424件: the row goes on, with another column
                    hits = _count_after(clause, spec.column(said).stated, rows[spec.key])
                if column is None or not hits:
                    columns.pop(spec.key, None)
                    rows.pop(spec.key, None)
                    continue
                columns[spec.key] = column
                rows[spec.key] = hits[-1][0]
                for row, value, _ in hits:
                    ref = (spec.key, row, column)
                    found.setdefault(ref, set()).add(value)
                    quotes.setdefault(ref, clause.strip())
    return tuple(Statement(t, r, c, next(iter(values)), quotes[(t, r, c)])
                 for (t, r, c), values in found.items() if len(values) == 1)


def _stated_column(clause: str, spec: TableSpec) -> str | None:
    """The one column whose verb the clause holds (a verb inside a longer one of another
    column's does not count: ``公开`` in ``对外公开总``)."""
    spans = [(m.start(), m.end(), col.key) for col in spec.columns for verb in col.stated
             for m in re.finditer(re.escape(verb), clause)]
    kept = {key for a, b, key in spans
            if not any(x <= a and b <= y and (x, y) != (a, b) for x, y, _ in spans)}
    return next(iter(kept)) if len(kept) == 1 else None


def _stated_rows(clause: str, spec: TableSpec) -> list[tuple[str, int, int]]:
    """The rows the clause names right before a count (``规范性文件15件``): each row, its
    count and where the naming word starts, in the clause's order."""
    out = []
    for row in spec.rows:
        for word in row.stated:
            for m in re.finditer(re.escape(word), clause):
                count = _COUNT.match(clause, m.end())
                if count:
                    out.append((row.key, int(count.group(1)), m.start()))
    return sorted(out, key=lambda hit: hit[2])


def _count_after(clause: str, verbs: tuple[str, ...], row: str) -> list[tuple[str, int, int]]:
    """The count right after a column's verb (``现行有效件数424件``), for ``row``."""
    for verb in verbs:
        at = clause.find(verb)
        count = _AFTER_VERB.match(clause, at + len(verb)) if at >= 0 else None
        if count:
            return [(row, int(count.group(1)), at)]
    return []


def decide_by_statements(raw: RawMatch, statements: tuple[Statement, ...],
                         limits: SolveLimits | None = None) -> RawMatch:
    """``raw`` with the cells of rows still open in tables with no arithmetic decided where
    the splits agreeing with the prose's counts agree (``raw`` itself when none is)."""
    if not statements:
        return raw
    limits = limits or SolveLimits()
    rules = layout_rules(raw.layout.key)
    tables = dict(raw.tables)
    issues, inferred = raw.issues, raw.inferred
    for spec in raw.layout.tables:
        table = tables.get(spec.key)
        pins = {(s.row, s.column): s for s in statements if s.table == spec.key}
        if table is None or not table.unresolved or not pins or rules.get(spec.key):
            continue
        cells = dict(table.cells)
        still_open = []
        deadline = time.thread_time() + limits.seconds
        for source in table.unresolved:
            var = open_row(source, spec, (), limits, deadline)
            pinned = [ref for ref in var.refs if ref in pins and ref not in cells]
            kept = [r for r in var.readings
                    if all(ref in r and r[ref].value == pins[ref].value for ref in pinned)]
            if not var.usable or not pinned or not kept or len(kept) == len(var.readings):
                still_open.append(source)
                continue
            quotes = "; ".join(dict.fromkeys(repr(pins[ref].quote) for ref in pinned))
            headers = dict(zip(var.refs, source.headers, strict=False))
            for ref, piece in kept[0].items():
                if ref in cells or any((r[ref].value, r[ref].raw) != (piece.value, piece.raw)
                                       for r in kept[1:]):
                    continue
                row, col = ref
                cells[ref] = decided_cell(spec, col, piece, headers.get(ref))
                shown = piece.value if piece.value is not None else "empty"
                inferred += (Issue(
                    "inferred_value", "warning",
                    f"{shown} inferred for {spec.row(row).label!r} × "
                    f"{spec.column(col).label!r} from the digit run {piece.token!r}: the "
                    f"same in all {len(kept)} of its {len(var.readings)} splits that agree "
                    f"with the counts the report's text states ({quotes}); the table has no "
                    "arithmetic to prove it", spec.key, row, col),)
            if all(ref is None or ref in cells for ref in var.refs):
                issues = tuple(i for i in issues if not is_row_error(i, spec.key, var))
            else:
                still_open.append(source)
        tables[spec.key] = RawTable(table.key, cells, table.found, table.location,
                                    tuple(still_open))
    return attrs.evolve(raw, tables=tables, issues=issues, inferred=inferred)
