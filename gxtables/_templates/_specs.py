"""The typed records the template data (:mod:`._data`) is written in.

Every record is frozen and built by keyword, so a misplaced field is a type error rather than
a silently wrong template. Phrases are normalised (``normalize_label``) on construction: the
data is written as printed, the matcher compares normalised text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import attrs

from .._normalize import normalize_label

__all__ = [
    "BalanceRule", "Carry", "ColumnSpec", "ColumnSumRule", "Layout", "RowSpec", "RowSumRule",
    "TableRule", "TableSpec",
]


def norm_all(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Phrases normalised, duplicates dropped, order kept."""
    return tuple(dict.fromkeys(normalize_label(p) for p in phrases))


def _numbering(number: str | None) -> str | None:
    """The outline number as ``split_numbering`` reads it: ``（三）`` → ``三``, ``2.`` → ``2``."""
    return None if number is None else number.strip("（）()、.")


def _official_norm(self: ColumnSpec | RowSpec) -> str:
    return normalize_label(self.label)


@attrs.frozen(kw_only=True)
class ColumnSpec:
    """A template column: key, official label, English name and how to recognise it.

    ``match`` phrases name the column when a header *contains* them; ``exact`` phrases only
    when the header *is* the phrase (``其他``, ``总计`` are too common to search for)."""

    key: str
    label: str
    en: str
    match: tuple[str, ...] = attrs.field(default=(), converter=norm_all)
    exact: tuple[str, ...] = attrs.field(default=(), converter=norm_all)
    #: the label printed over this column and its siblings (法人或其他组织)
    group: str | None = None
    #: amounts of money (the official label says 金额): decimals and a unit; others are counts
    money: bool = False
    #: a change that may be negative (本年增/减): the only column whose cell may carry a sign
    signed: bool = False
    #: verbs with which a report's prose states this column's count (``制定`` … ``15件``)
    stated: tuple[str, ...] = ()
    #: the official label, normalised (see ``normalize_label``)
    norm: str = attrs.field(default=attrs.Factory(_official_norm, takes_self=True))


@attrs.frozen(kw_only=True)
class RowSpec:
    """A template row. ``number`` is the outline number printed before the label (``一``,
    ``三``, ``2``: brackets dropped); ``group`` the label of the block it sits in."""

    key: str
    label: str
    en: str
    match: tuple[str, ...] = attrs.field(default=(), converter=norm_all)
    exact: tuple[str, ...] = attrs.field(default=(), converter=norm_all)
    number: str | None = attrs.field(default=None, converter=_numbering)
    group: str | None = None
    #: words that name this row in a report's prose, right before a count (``规范性文件15件``)
    stated: tuple[str, ...] = ()
    #: the official label, normalised (see ``normalize_label``)
    norm: str = attrs.field(default=attrs.Factory(_official_norm, takes_self=True))


# -- the arithmetic a table prints (TEMPLATES.md §5) --------------------------------------------


@attrs.frozen(kw_only=True)
class BalanceRule:
    """Per column: the rows ``lhs`` sum to the rows ``rhs`` (the 勾稽关系)."""

    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    name: str
    cite: str


@attrs.frozen(kw_only=True)
class ColumnSumRule:
    """Per column: row ``total`` is the sum of the rows from ``first`` up to it."""

    total: str
    first: str
    name: str
    cite: str


@attrs.frozen(kw_only=True)
class RowSumRule:
    """Per row: column ``total`` is the sum of every other column. ``kind`` names the rule
    family (the applicants' row total or a review/lawsuit block's total)."""

    kind: Literal["row_total", "review_total"]
    total: str
    name: str
    cite: str


TableRule = BalanceRule | ColumnSumRule | RowSumRule


@attrs.frozen(kw_only=True)
class Carry:
    """Requests open at the end of year N (row ``forward``) are those carried into year N+1
    (row ``over``), per column — the cross-year check."""

    forward: str
    over: str


@attrs.frozen(kw_only=True)
class TableSpec:
    """A statutory table.

    ``shape`` is ``"rows"`` for a table whose rows carry labels and values (第二十条 items,
    applications) and ``"block"`` for the review/litigation table, printed as one row of
    ``len(rows) * len(columns)`` numbers under a multi-level header.
    """

    key: str
    #: the section heading the table stands under
    title: str
    #: the table's own name for display: its caption (第二十条第（一）项) or its title
    name: str
    en: str
    captions: tuple[str, ...] = attrs.field(converter=norm_all)
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...]
    shape: Literal["rows", "block"] = "rows"
    groups: tuple[str, ...] = attrs.field(default=(), converter=norm_all)
    extra_columns: tuple[str, ...] = attrs.field(default=(), converter=norm_all)
    #: phrases that identify the label over a group of columns (法人或其他组织)
    group_match: tuple[str, ...] = attrs.field(default=(), converter=norm_all)
    #: phrases only this table prints, placing a stray token in it (补正, 收费通知)
    phrases: tuple[str, ...] = attrs.field(default=(), converter=norm_all)
    #: the arithmetic the form prints, in the order it is checked
    rules: tuple[TableRule, ...] = ()
    carry: Carry | None = None

    @property
    def total_column(self) -> str | None:
        """The column each row's other columns sum to (总计), when the table has one."""
        return next((r.total for r in self.rules if isinstance(r, RowSumRule)), None)

    @property
    def balance_rows(self) -> tuple[str, ...]:
        """The rows the table's 勾稽关系 (a column-wide rule) names."""
        return tuple(dict.fromkeys(
            k for r in self.rules if isinstance(r, BalanceRule) for k in (*r.lhs, *r.rhs)))

    def is_group_label(self, norm: str) -> bool:
        """Whether a normalised header label heads a group of this table's columns."""
        return any(norm == normalize_label(c.group) for c in self.columns if c.group) or any(
            p in norm for p in self.group_match)

    def is_extra_column(self, norm: str) -> bool:
        """Whether a header label names a column the template does not keep (小计)."""
        return any(p in norm for p in self.extra_columns)

    def row(self, key: str) -> RowSpec:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"table {self.key!r} has no row {key!r}")

    def column(self, key: str) -> ColumnSpec:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"table {self.key!r} has no column {key!r}")

    def cells(self) -> Iterator[tuple[RowSpec, ColumnSpec]]:
        for row in self.rows:
            for col in self.columns:
                yield row, col


@attrs.frozen(kw_only=True)
class Layout:
    """One official layout (``"2019"`` or ``"2021"``) and its tables, in document order.
    ``evidence``: normalised phrases only this layout prints; ``first_year``: the first
    report year it is used for."""

    key: str
    document: str
    tables: tuple[TableSpec, ...]
    evidence: tuple[str, ...] = attrs.field(converter=norm_all)
    first_year: int

    def table(self, key: str) -> TableSpec:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(f"layout {self.key!r} has no table {key!r}")

    @property
    def table_keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.tables)
