"""Reports as rows for analysts: a long table (one row per cell), wide per-table frames,
and CSV. pandas is optional (``pip install pandas``, or ``pip install ".[pandas]"`` in a
clone) and imported only here, only when a frame is asked for; CSV needs nothing but the
standard library.

Long form columns: ``source_path``, ``source_format``, ``source_sha256``, ``template``,
``organ``, ``year`` (as the report states them, empty when it does not), ``table``,
``row``, ``column``, ``value``, ``raw``, ``unit``, ``severity`` (the worst issue
on the cell: ``error``, ``warning``, ``info`` or empty), ``issues`` (their codes, ``;``
joined), ``line``/``page`` (where the cell was read); with ``labels="zh"``/``"en"`` also
``table_label``, ``row_label``, ``column_label``. Several reports add a ``report`` column,
their position in the input.
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from ._labels import label
from ._records import Report
from ._templates import LAYOUTS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ._batch import BatchResult

__all__ = ["LONG_COLUMNS", "frames", "long_rows", "to_pandas", "write_csv"]

LONG_COLUMNS: tuple[str, ...] = (
    "source_path", "source_format", "source_sha256", "template", "organ", "year", "table",
    "row", "column",
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
            "gxtables needs pandas for DataFrames: pip install pandas, or from a clone of "
            "gxtables: pip install \".[pandas]\" (CSV export works without it)") from exc
    return pandas


def long_rows(report: Report, *, labels: str = "key") -> Iterator[dict[str, Any]]:
    """One dict per cell, in table/row/column order (the long form, without pandas)."""
    from ._display import cell_issues

    _check_labels(labels)
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
        pd_ = _pandas()
        frame["value"] = pd_.Series(
            [None if _isna(v) else (float(v) if m else int(v))
             for v, m in zip(frame["value"], money, strict=True)],
            index=frame.index, dtype="object")
    return frame


def _isna(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _long_frame(reports: list[tuple[int, Report]], labels: str, numbered: bool,
                table: str | None = None) -> pd.DataFrame:
    pd_ = _pandas()
    columns = (["report"] if numbered else []) + list(LONG_COLUMNS) + (
        list(_LABEL_COLUMNS) if labels != "key" else [])
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


def _reports(items: Report | Iterable[Any]) -> tuple[list[tuple[int, Report]], list[Any]]:
    """``(position, report)`` pairs from reports or ``extract_many`` results, and the failed
    results (skipped). Anything else is a ``TypeError`` saying what to pass."""
    from ._batch import BatchResult

    if isinstance(items, Report):
        return [(0, items)], []
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise TypeError(
            "to_pandas() takes a Report, or an iterable of Reports or of extract_many() "
            f"results, not {type(items).__name__}")
    out: list[tuple[int, Report]] = []
    failed: list[Any] = []
    for n, item in enumerate(items):
        if isinstance(item, Report):
            out.append((n, item))
        elif isinstance(item, BatchResult):
            if item.report is not None:
                out.append((n, item.report))
            else:
                failed.append(item)
        else:
            raise TypeError(
                f"to_pandas() takes Reports or extract_many() results; item {n} is a "
                f"{type(item).__name__} (pass gxtables.extract(...) or the BatchResult "
                "objects of gxtables.extract_many(...))")
    return out, failed


def _note_failures(frame: Any, failed: list[Any]) -> None:
    """Failed batch results are skipped: counted in ``attrs`` and said in a warning."""
    if not failed:
        return
    sources = [f.source or "<bytes>" for f in failed]
    if isinstance(frame, dict):
        for part in frame.values():
            part.attrs["failed"] = sources
    else:
        frame.attrs["failed"] = sources
    shown = ", ".join(sources[:3]) + (f" and {len(sources) - 3} more" if len(sources) > 3 else "")
    warnings.warn(f"to_pandas() skipped {len(failed)} failed document(s) ({shown}); "
                  "their errors are on the BatchResult objects", stacklevel=3)


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
        frame = pd_.DataFrame(data, index=pd_.Index(index, name="row"),
                              columns=pd_.Index(columns, name="column"), dtype="object")
        out[tkey] = frame.astype({name: "Float64" if is_money(report.template, tkey, c)
                                  else "Int64" for name, c in zip(columns, ckeys, strict=True)})
    return out


def to_pandas(reports: Report | Iterable[Report | BatchResult], *, wide: bool = False,
              labels: str = "key", table: str | None = None) -> Any:
    """Reports as pandas data.

    Long form (default): one DataFrame, one row per cell (see the module docstring); several
    reports are stacked with a ``report`` column. ``wide=True``: a dict of one frame per
    table (rows × columns, ``labels`` choosing keys or official ``"zh"``/``"en"`` labels);
    several reports give frames indexed by ``(report, row)``. ``table`` selects one table
    and returns its frame alone.

    ``reports`` may hold the results of :func:`gxtables.extract_many` directly: the failed
    ones are skipped, listed in the frame's ``attrs["failed"]`` and named in a warning, and
    ``report`` stays the position in the input.

    Values: counts are ``Int64``, amounts of money (采购总金额, 本年收费金额) ``Float64``; a
    long frame mixing both holds Python ``int`` and ``float`` in an ``object`` column.

    Raises ``ImportError`` (naming ``pip install ".[pandas]"``) without pandas, and
    ``TypeError`` for anything but reports or batch results.
    """
    _check_labels(labels)
    single = isinstance(reports, Report)
    items, failed = _reports(reports)
    if not wide:
        frame = _long_frame(items, labels, numbered=not single, table=table)
        _note_failures(frame, failed)
        return frame
    pd_ = _pandas()
    per = [(n, frames(r, labels=labels)) for n, r in items]
    if single:
        out = per[0][1]
    else:
        keys = list(dict.fromkeys(k for _, f in per for k in f))
        out = {k: pd_.concat({n: f[k] for n, f in per if k in f},
                             names=["report", "row"]) for k in keys}
    _note_failures(out, failed)
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
