"""One report as rows for analysts: a long table (one row per cell) or wide per-table frames,
for ``Report.to_pandas`` and :mod:`._export`. pandas is optional (``pip install pandas``, or
``pip install ".[pandas]"`` in a clone) and imported only here, only when a frame is asked
for; the long rows (and so CSV) need nothing but the standard library.

Long form columns: ``source_path``, ``source_format``, ``source_sha256``, ``template``,
``organ``, ``year`` (as the report states them, empty when it does not), ``table``,
``row``, ``column``, ``value``, ``raw``, ``unit``, ``severity`` (the worst issue
on the cell: ``error``, ``warning``, ``info`` or empty), ``issues`` (their codes, ``;``
joined), ``line``/``page`` (where the cell was read); with ``labels="zh"``/``"en"`` also
``table_label``, ``row_label``, ``column_label``. Several reports add a ``report`` column,
their position in the input.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ._display import cell_issues
from ._labels import label
from ._templates import LAYOUTS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ._records import Report  # the records import this module, not the reverse

__all__ = [
    "LABEL_COLUMNS",
    "LONG_COLUMNS",
    "check_labels",
    "frames",
    "is_money",
    "load_pandas",
    "long_frame",
    "long_rows",
    "report_frames",
    "select_table",
]

LONG_COLUMNS: tuple[str, ...] = (
    "source_path", "source_format", "source_sha256", "template", "organ", "year", "table",
    "row", "column",
    "value", "raw", "unit", "severity", "issues", "line", "page",
)
LABEL_COLUMNS = ("table_label", "row_label", "column_label")
_RANK = {"info": 1, "warning": 2, "error": 3}
_LABEL_CHOICES = ("key", "zh", "en")


def check_labels(labels: str) -> None:
    if labels not in _LABEL_CHOICES:
        raise ValueError(f"labels must be one of {_LABEL_CHOICES}, got {labels!r}")


def load_pandas() -> Any:
    """The pandas module, or an ``ImportError`` saying how to install it."""
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(
            "gxtables needs pandas for DataFrames: pip install pandas, or from a clone of "
            "gxtables: pip install \".[pandas]\" (CSV export works without it)") from exc
    return pandas

def long_rows(report: Report, *, labels: str = "key") -> Iterator[dict[str, Any]]:
    """One dict per cell, in table/row/column order (the long form, without pandas)."""
    check_labels(labels)
    flagged = cell_issues(report)
    src = report.source
    meta = report.metadata
    organ = meta.organ.value if meta is not None and meta.organ is not None else None
    year = meta.year.value if meta is not None and meta.year is not None else None
    for tkey, table in report.tables.items():
        for rkey, cols in table.rows.items():
            for ckey, cell in cols.items():
                found = flagged.get((tkey, rkey, ckey), [])
                worst = max((i.severity for i in found), key=_RANK.__getitem__, default=None)
                loc = cell.location
                row: dict[str, Any] = {
                    "source_path": src.path, "source_format": src.format,
                    "source_sha256": src.sha256, "template": report.template,
                    "organ": organ, "year": year,
                    "table": tkey, "row": rkey, "column": ckey,
                    "value": cell.value, "raw": cell.raw, "unit": cell.unit,
                    "severity": worst,
                    "issues": ";".join(dict.fromkeys(i.code for i in found)),
                    "line": loc.line if loc else None, "page": loc.page if loc else None,
                }
                if labels != "key":
                    lang = labels  # "zh" | "en"
                    row["table_label"] = label(tkey, layout=report.template, lang=lang)  # type: ignore[arg-type]
                    row["row_label"] = label(tkey, row=rkey, layout=report.template, lang=lang)  # type: ignore[arg-type]
                    row["column_label"] = label(tkey, column=ckey, layout=report.template,
                                                lang=lang)  # type: ignore[arg-type]
                yield row

def is_money(template: str, table: str, column: str) -> bool:
    """Whether a column holds amounts of money (采购总金额, 本年收费金额): decimals, shown as
    ``Float64``; every other column is a count (``Int64``). Decided by the template."""
    spec = LAYOUTS[template].table(table)
    return any(c.key == column and c.money for c in spec.columns)


def _cast_values(frame: pd.DataFrame) -> pd.DataFrame:
    """The long form's ``value`` column: ``Int64`` when every row is a count, ``Float64`` when
    every row is an amount of money, else ``object`` holding ``int`` counts and ``float``
    amounts (so a count is never shown as ``246.0``; ``.astype("Float64")`` unifies them)."""
    if frame.empty:
        frame["value"] = frame["value"].astype("Int64")
        return frame
    money = [is_money(t, k, c) for t, k, c in
             zip(frame["template"], frame["table"], frame["column"], strict=True)]
    if not any(money):
        frame["value"] = frame["value"].astype("Int64")
    elif all(money):
        frame["value"] = frame["value"].astype("Float64")
    else:
        pd_ = load_pandas()
        frame["value"] = pd_.Series(
            [None if _isna(v) else (float(v) if m else int(v))
             for v, m in zip(frame["value"], money, strict=True)],
            index=frame.index, dtype="object")
    return frame


def _isna(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def long_frame(reports: list[tuple[int, Report]], labels: str, numbered: bool,
                table: str | None = None) -> pd.DataFrame:
    pd_ = load_pandas()
    columns = (["report"] if numbered else []) + list(LONG_COLUMNS) + (
        list(LABEL_COLUMNS) if labels != "key" else [])
    rows = []
    for n, report in reports:
        for row in long_rows(report, labels=labels):
            if table is not None and row["table"] != table:
                continue
            if numbered:
                row["report"] = n
            rows.append(row)
    frame = pd_.DataFrame(rows, columns=columns, dtype="object")
    frame = _cast_values(frame)
    for col in ("line", "page", "year"):
        frame[col] = frame[col].astype("Int64")
    if numbered:
        frame["report"] = frame["report"].astype("int64")
    return frame

def frames(report: Report, *, labels: str = "key") -> dict[str, pd.DataFrame]:
    """Wide form: one frame per table, rows × columns of values, indexed by keys or labels."""
    pd_ = load_pandas()
    check_labels(labels)
    out = {}
    for tkey, table in report.tables.items():
        rkeys = list(table.rows)
        ckeys = list(next(iter(table.rows.values()))) if rkeys else []
        data = [[table.rows[r][c].value for c in ckeys] for r in rkeys]
        index, columns = rkeys, ckeys
        if labels != "key":
            index = [label(tkey, row=r, layout=report.template, lang=labels) for r in rkeys]  # type: ignore[arg-type]
            columns = [label(tkey, column=c, layout=report.template, lang=labels)  # type: ignore[arg-type]
                       for c in ckeys]
        frame = pd_.DataFrame(data, index=pd_.Index(index, name="row"),
                              columns=pd_.Index(columns, name="column"), dtype="object")
        out[tkey] = frame.astype({name: "Float64" if is_money(report.template, tkey, c)
                                  else "Int64" for name, c in zip(columns, ckeys, strict=True)})
    return out


def select_table(out: dict[str, pd.DataFrame], table: str | None) -> Any:
    """The wide frames, or the one of ``table`` (a ``ValueError`` naming the tables there)."""
    if table is None:
        return out
    if table not in out:
        raise ValueError(f"no table {table!r}: expected one of {sorted(out)}")
    return out[table]


def report_frames(report: Report, *, wide: bool = False, labels: str = "key",
                  table: str | None = None) -> Any:
    """``Report.to_pandas``: one report's long frame, or its wide frames (see
    :func:`gxtables.to_pandas`)."""
    check_labels(labels)
    if not wide:
        return long_frame([(0, report)], labels, numbered=False, table=table)
    return select_table(frames(report, labels=labels), table)
