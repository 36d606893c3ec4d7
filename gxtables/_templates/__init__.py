"""The two official layouts as typed, immutable specs built from :mod:`._data`.

Nothing outside this package spells a row or column key: the matcher, the records, the
checks and the tests all iterate these specs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import attrs

from .._normalize import normalize_label
from . import _data

__all__ = ["LAYOUTS", "ColumnSpec", "Layout", "RowSpec", "TableSpec"]


@attrs.frozen
class ColumnSpec:
    """A template column: key, official label, English name and how to recognise it."""

    key: str
    label: str
    en: str
    match: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    group: str | None = None
    #: the official label, normalised (see ``normalize_label``)
    norm: str = attrs.field(default=attrs.Factory(lambda self: normalize_label(self.label),
                                                  takes_self=True))


@attrs.frozen
class RowSpec:
    """A template row. ``number`` is the outline number printed before the label (``一``,
    ``三``, ``2``: brackets dropped); ``group`` the label of the block it sits in."""

    key: str
    label: str
    en: str
    match: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    number: str | None = None
    group: str | None = None
    #: the official label, normalised (see ``normalize_label``)
    norm: str = attrs.field(default=attrs.Factory(lambda self: normalize_label(self.label),
                                                  takes_self=True))


@attrs.frozen
class TableSpec:
    """A statutory table.

    ``shape`` is ``"rows"`` for a table whose rows carry labels and values (第二十条 items,
    applications) and ``"block"`` for the review/litigation table, printed as one row of
    ``len(rows) * len(columns)`` numbers under a multi-level header.
    """

    key: str
    title: str
    captions: tuple[str, ...]
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...]
    shape: Literal["rows", "block"] = "rows"
    groups: tuple[str, ...] = ()
    extra_columns: tuple[str, ...] = ()
    #: phrases that identify the label over a group of columns (法人或其他组织)
    group_match: tuple[str, ...] = ()

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


@attrs.frozen
class Layout:
    """One official layout (``"2019"`` or ``"2021"``) and its tables, in document order."""

    key: str
    document: str
    tables: tuple[TableSpec, ...]
    evidence: tuple[str, ...]

    def table(self, key: str) -> TableSpec:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(f"layout {self.key!r} has no table {key!r}")

    @property
    def table_keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.tables)


def _norm_all(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(normalize_label(p) for p in phrases))


def _column(key: str, label: str, en: str, match: tuple[str, ...] = (),
            exact: tuple[str, ...] = (), group: str | None = None) -> ColumnSpec:
    return ColumnSpec(key, label, en, _norm_all(match), _norm_all(exact), group)


def _row(key: str, label: str, en: str, match: tuple[str, ...] = (),
         exact: tuple[str, ...] = (), number: str | None = None,
         group: str | None = None) -> RowSpec:
    return RowSpec(key, label, en, _norm_all(match), _norm_all(exact), number, group)


def _numbering(number: str | None) -> str | None:
    if number is None:
        return None
    return number.strip("（）()、.")


def _rows(rows: tuple[tuple[Any, ...], ...]) -> tuple[RowSpec, ...]:
    out = []
    for key, label, en, match, exact, number, group in rows:
        out.append(_row(key, label, en, match, exact, _numbering(number), group))
    return tuple(out)


def _article20(items: tuple[tuple[Any, ...], ...]) -> tuple[TableSpec, ...]:
    tables = []
    for key, caption, rows, columns in items:
        tables.append(
            TableSpec(
                key=key,
                title=_data.ARTICLE20_TITLE,
                captions=_norm_all((caption,)),
                rows=tuple(_row(*r) for r in rows),
                columns=tuple(_column(*c) for c in columns),
            )
        )
    return tuple(tables)


def _applications(other_rows: tuple[tuple[Any, ...], ...], groups: tuple[str, ...]) -> TableSpec:
    return TableSpec(
        key="applications",
        title=_data.APPLICATIONS_TITLE,
        captions=_norm_all(_data.APPLICATIONS_CAPTIONS),
        rows=_rows((*_data.APPLICATION_ROWS_HEAD, *other_rows, *_data.APPLICATION_ROWS_TAIL)),
        columns=tuple(_column(*c) for c in _data.APPLICATION_COLUMNS),
        groups=_norm_all(groups),
        extra_columns=_norm_all(_data.APPLICATION_EXTRA_COLUMNS),
        group_match=_norm_all(_data.APPLICANT_GROUP_MATCH),
    )


def _review() -> TableSpec:
    return TableSpec(
        key="review_litigation",
        title=_data.REVIEW_TITLE,
        captions=_norm_all(_data.REVIEW_CAPTIONS),
        rows=_rows(_data.REVIEW_ROWS),
        columns=tuple(_column(*c) for c in _data.REVIEW_COLUMNS),
        shape="block",
        groups=_norm_all(("行政诉讼",)),
    )


LAYOUTS: dict[str, Layout] = {
    "2019": Layout(
        key="2019",
        document=_data.LAYOUT_DOCUMENTS["2019"],
        tables=(
            *_article20(_data.ARTICLE20_2019),
            _applications(_data.APPLICATION_OTHER_2019, _data.APPLICATION_GROUPS),
            _review(),
        ),
        evidence=_norm_all(_data.EVIDENCE["2019"]),
    ),
    "2021": Layout(
        key="2021",
        document=_data.LAYOUT_DOCUMENTS["2021"],
        tables=(
            *_article20(_data.ARTICLE20_2021),
            _applications(_data.APPLICATION_OTHER_2021, (*_data.APPLICATION_GROUPS, "其他处理")),
            _review(),
        ),
        evidence=_norm_all(_data.EVIDENCE["2021"]),
    ),
}

