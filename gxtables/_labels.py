"""Official labels for every key, read from the template data (never retyped).

>>> label("applications", row="new_received")
'一、本年新收政府信息公开申请数量'
>>> label("applications", column="natural_person", lang="en")
'natural persons'
>>> label("article20_1", column="made")
'本年新制作数量'
"""

from __future__ import annotations

from typing import Literal

from ._templates import LATEST, LAYOUTS, TableSpec

__all__ = ["Lang", "label"]

Lang = Literal["zh", "en"]

#: Layouts searched when none is given: the current one first, then the older.
_ORDER = (LATEST, *(k for k in LAYOUTS if k != LATEST))


def _tables(layout: str | None, table: str) -> list[TableSpec]:
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: expected one of {sorted(LAYOUTS)}")
    keys = (layout,) if layout is not None else _ORDER
    found = [LAYOUTS[k].table(table) for k in keys if table in LAYOUTS[k].table_keys]
    if not found:
        known = sorted({t for k in keys for t in LAYOUTS[k].table_keys})
        raise ValueError(f"unknown table {table!r}: expected one of {known}")
    return found


def _table_title(spec: TableSpec, lang: Lang) -> str:
    return spec.en if lang == "en" else spec.name


def label(table: str, row: str | None = None, column: str | None = None, *,
          layout: str | None = None, lang: Lang = "zh") -> str:
    """The official label (``lang="zh"``) or short English name (``"en"``) of a key.

    Give ``row`` or ``column`` (not both) for a row or column of ``table``, neither for the
    table itself. ``layout`` (``"2019"``/``"2021"``) picks the layout; without it the 2021
    layout is searched first, then 2019 (their labels differ only where the forms do,
    e.g. ``normative_documents``: 行政规范性文件 in 2021, 规范性文件 in 2019).
    Raises ``ValueError`` naming the valid keys for an unknown key.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    if row is not None and column is not None:
        raise ValueError("give row or column, not both")
    specs = _tables(layout, table)
    if row is None and column is None:
        return _table_title(specs[0], lang)
    for spec in specs:
        items = spec.rows if row is not None else spec.columns
        key = row if row is not None else column
        for item in items:
            if item.key == key:
                return item.label if lang == "zh" else item.en
    kind = "row" if row is not None else "column"
    keys = sorted({i.key for s in specs for i in (s.rows if row is not None else s.columns)})
    raise ValueError(f"table {table!r} has no {kind} {row or column!r}: expected one of {keys}")
