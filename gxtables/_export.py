"""Reports as rows for analysts, many at once: :func:`to_pandas` over reports or
``extract_many`` results, and CSV (the long form of :mod:`._frames`; no pandas needed).
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Iterable
from typing import Any, TextIO

from ._frames import (
    LABEL_COLUMNS,
    LONG_COLUMNS,
    check_labels,
    frames,
    load_pandas,
    long_frame,
    long_rows,
    select_table,
)
from ._job import BatchResult
from ._records import Report

__all__ = ["LONG_COLUMNS", "frames", "long_rows", "to_pandas", "write_csv"]


def _reports(items: Report | Iterable[Any]) -> tuple[list[tuple[int, Report]], list[Any]]:
    """``(position, report)`` pairs from reports or ``extract_many`` results, and the failed
    results (skipped). Anything else is a ``TypeError`` saying what to pass."""
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
    check_labels(labels)
    single = isinstance(reports, Report)
    items, failed = _reports(reports)
    if not wide:
        frame = long_frame(items, labels, numbered=not single, table=table)
        _note_failures(frame, failed)
        return frame
    pd_ = load_pandas()
    per = [(n, frames(r, labels=labels)) for n, r in items]
    if single:
        out = per[0][1]
    else:
        keys = list(dict.fromkeys(k for _, f in per for k in f))
        out = {k: pd_.concat({n: f[k] for n, f in per if k in f},
                             names=["report", "row"]) for k in keys}
    _note_failures(out, failed)
    return select_table(out, table)


def write_csv(reports: Report | Iterable[Report], out: TextIO, *, labels: str = "key",
              header: bool = True) -> int:
    """Write the long form as CSV to ``out`` (no pandas needed); returns the rows written.

    For the CLI's ``extract --format csv``: call once per report with ``header=True`` only
    for the first, so reports stream out as they are extracted.
    """
    check_labels(labels)
    items = [reports] if isinstance(reports, Report) else list(reports)
    columns = list(LONG_COLUMNS) + (list(LABEL_COLUMNS) if labels != "key" else [])
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    if header:
        writer.writeheader()
    n = 0
    for report in items:
        for row in long_rows(report, labels=labels):
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
            n += 1
    return n
