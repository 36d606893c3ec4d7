"""Reports as rows for analysts: a long table (one row per cell), wide per-table frames,
and CSV. pandas is optional (``pip install gxtables[pandas]``) and imported only here,
only when a frame is asked for; CSV needs nothing but the standard library.

Long form columns: ``source_path``, ``source_format``, ``source_sha256``, ``template``,
``table``, ``row``, ``column``, ``value``, ``raw``, ``unit``, ``severity`` (the worst issue
on the cell: ``error``, ``warning``, ``info`` or empty), ``issues`` (their codes, ``;``
joined), ``line``/``page`` (where the cell was read); with ``labels="zh"``/``"en"`` also
``table_label``, ``row_label``, ``column_label``. Several reports add a ``report`` column,
their position in the input.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from ._labels import label
from ._records import Report

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["LONG_COLUMNS", "frames", "long_rows", "to_pandas", "write_csv"]

LONG_COLUMNS: tuple[str, ...] = (
    "source_path", "source_format", "source_sha256", "template", "table", "row", "column",
    "value", "raw", "unit", "severity", "issues", "line", "page",
)
_LABEL_COLUMNS = ("table_label", "row_label", "column_label")
_RANK = {"info": 1, "warning": 2, "error": 3}
_LABEL_CHOICES = ("key", "zh", "en")


def _check_labels(labels: str) -> None:
    if labels not in _LABEL_CHOICES:
        raise ValueError(f"labels must be one of {_LABEL_CHOICES}, got {labels!r}")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(
            "gxtables needs pandas for DataFrames: pip install gxtables[pandas] "
            "(CSV export works without it)") from exc
    return pandas


def long_rows(report: Report, *, labels: str = "key") -> Iterator[dict[str, Any]]:
    """One dict per cell, in table/row/column order (the long form, without pandas)."""
    from ._display import cell_issues

    _check_labels(labels)
    flagged = cell_issues(report)
    src = report.source
    for tkey, table in report.tables.items():
        for rkey, cols in table.rows.items():
            for ckey, cell in cols.items():
                found = flagged.get((tkey, rkey, ckey), [])
                worst = max((i.severity for i in found), key=_RANK.__getitem__, default=None)
                loc = cell.location
                row: dict[str, Any] = {
                    "source_path": src.path, "source_format": src.format,
                    "source_sha256": src.sha256, "template": report.template,
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


def _value_dtype(values: Iterable[Any]) -> str:
    return "Float64" if any(isinstance(v, float) for v in values) else "Int64"


def _long_frame(reports: list[Report], labels: str, numbered: bool) -> pd.DataFrame:
    pd_ = _pandas()
    columns = (["report"] if numbered else []) + list(LONG_COLUMNS) + (
        list(_LABEL_COLUMNS) if labels != "key" else [])
    rows = []
    for n, report in enumerate(reports):
        for row in long_rows(report, labels=labels):
            if numbered:
                row["report"] = n
            rows.append(row)
    frame = pd_.DataFrame(rows, columns=columns)
    frame["value"] = frame["value"].astype(_value_dtype(frame["value"]))
    for col in ("line", "page"):
        frame[col] = frame[col].astype("Int64")
    return frame


def frames(report: Report, *, labels: str = "key") -> dict[str, pd.DataFrame]:
    """Wide form: one frame per table, rows × columns of values, indexed by keys or labels."""
    pd_ = _pandas()
    _check_labels(labels)
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
        dtype = _value_dtype(v for row in data for v in row)
        frame = pd_.DataFrame(data, index=pd_.Index(index, name="row"),
                              columns=pd_.Index(columns, name="column"), dtype="object")
        out[tkey] = frame.astype(dtype)
    return out


def to_pandas(reports: Report | Iterable[Report], *, wide: bool = False,
              labels: str = "key", table: str | None = None) -> Any:
    """Reports as pandas data.

    Long form (default): one DataFrame, one row per cell (see the module docstring); several
    reports are stacked with a ``report`` column. ``wide=True``: a dict of one frame per
    table (rows × columns, ``labels`` choosing keys or official ``"zh"``/``"en"`` labels);
    several reports give frames indexed by ``(report, row)``. ``table`` selects one table
    and returns its frame alone.

    Raises ``ImportError`` (naming ``pip install gxtables[pandas]``) without pandas.
    """
    _check_labels(labels)
    single = isinstance(reports, Report)
    items: list[Report] = [reports] if isinstance(reports, Report) else list(reports)
    if not wide:
        frame = _long_frame(items, labels, numbered=not single)
        if table is not None:
            frame = frame[frame["table"] == table].reset_index(drop=True)
        return frame
    pd_ = _pandas()
    per = [frames(r, labels=labels) for r in items]
    if single:
        out = per[0]
    else:
        keys = list(dict.fromkeys(k for f in per for k in f))
        out = {k: pd_.concat({n: f[k] for n, f in enumerate(per) if k in f},
                             names=["report", "row"]) for k in keys}
    if table is not None:
        if table not in out:
            raise ValueError(f"no table {table!r}: expected one of {sorted(out)}")
        return out[table]
    return out


def write_csv(reports: Report | Iterable[Report], out: TextIO, *, labels: str = "key",
              header: bool = True) -> int:
    """Write the long form as CSV to ``out`` (no pandas needed); returns the rows written.

    For the CLI's ``extract --format csv``: call once per report with ``header=True`` only
    for the first, so reports stream out as they are extracted.
    """
    _check_labels(labels)
    items = [reports] if isinstance(reports, Report) else list(reports)
    columns = list(LONG_COLUMNS) + (list(_LABEL_COLUMNS) if labels != "key" else [])
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    if header:
        writer.writeheader()
    n = 0
    for report in items:
        for row in long_rows(report, labels=labels):
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
            n += 1
    return n
