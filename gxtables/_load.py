"""Reading our own output back: ``Report.from_dict``/``from_json`` and :func:`load_jsonl`.

A crawl's JSONL (``gxtables extract crawl/ -o out.jsonl``) can be analysed later without
re-extracting: every line becomes a :class:`~gxtables.BatchResult` again — a report, or the
failure it recorded — so ``gxtables.to_pandas(gxtables.load_jsonl("out.jsonl"))`` works.

The reader is strict about what it needs and names the field that is wrong
(``tables.applications.new_received.total.value: expected a number or null, found '12'``);
fields it does not know are ignored (the contract lets fields be added). An object written
by a newer contract (``schema_version`` other than ours) is refused rather than misread.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import attrs

from ._grid import Location
from ._records import (
    SCHEMA_VERSION,
    CellValue,
    Fact,
    Issue,
    Metadata,
    Report,
    Source,
    Table,
)
from ._templates import LAYOUTS

__all__ = ["load_jsonl", "report_from_dict", "report_from_json"]

_SEVERITIES = ("error", "warning", "info")


class _Bad(ValueError):
    """A field of the object is not what the contract says; the message names it."""


def _expect(value: Any, kinds: tuple[type, ...], where: str, what: str) -> Any:
    if not isinstance(value, kinds) or isinstance(value, bool):
        raise _Bad(f"{where}: expected {what}, found {value!r:.60}")
    return value


def _text(value: Any, where: str, *, null: bool = False) -> str | None:
    if value is None and null:
        return None
    return _expect(value, (str,), where, "a string or null" if null else "a string")  # type: ignore[no-any-return]


def _obj(value: Any, where: str) -> dict[str, Any]:
    return _expect(value, (dict,), where, "an object")  # type: ignore[no-any-return]


def _location(value: Any, where: str) -> Location | None:
    if value is None:
        return None
    data = _obj(value, where)
    fields: dict[str, Any] = {}
    for name in (f.name for f in attrs.fields(Location) if f.name != "bbox"):
        if data.get(name) is not None:
            fields[name] = _expect(data[name], (int,), f"{where}.{name}", "an integer")
    if data.get("bbox") is not None:
        box = _expect(data["bbox"], (list,), f"{where}.bbox", "a list of four numbers")
        if len(box) != 4:
            raise _Bad(f"{where}.bbox: expected four numbers, found {len(box)}")
        fields["bbox"] = tuple(float(_expect(v, (int, float), f"{where}.bbox", "a number"))
                               for v in box)
    return Location(**fields)


def _cell(value: Any, where: str) -> CellValue:
    data = _obj(value, where)
    number = data.get("value")
    if number is not None:
        _expect(number, (int, float), f"{where}.value", "a number or null")
    return CellValue(number, _text(data.get("raw"), f"{where}.raw", null=True),
                     _text(data.get("unit"), f"{where}.unit", null=True),
                     _location(data.get("source"), f"{where}.source"))


def _tables(value: Any, template: str) -> dict[str, Table]:
    data = _obj(value, "tables")
    layout = LAYOUTS[template]
    out: dict[str, Table] = {}
    for key, rows in data.items():
        if key not in layout.table_keys:
            raise _Bad(f"tables: {key!r} is not a table of the {template} layout "
                       f"(expected {', '.join(layout.table_keys)})")
        spec = layout.table(key)
        row_data = _obj(rows, f"tables.{key}")
        parsed: dict[str, dict[str, CellValue]] = {}
        for row in spec.rows:  # the template's order, whatever order the JSON had
            where = f"tables.{key}.{row.key}"
            if row.key not in row_data:
                raise _Bad(f"{where}: missing (every row of the layout is written)")
            cols = _obj(row_data[row.key], where)
            parsed[row.key] = {}
            for col in spec.columns:
                if col.key not in cols:
                    raise _Bad(f"{where}.{col.key}: missing (every cell is written)")
                parsed[row.key][col.key] = _cell(cols[col.key], f"{where}.{col.key}")
        out[key] = Table(key, parsed)
    return out


def _issue(value: Any, n: int) -> Issue:
    where = f"issues[{n}]"
    data = _obj(value, where)
    severity = data.get("severity")
    if severity not in _SEVERITIES:
        raise _Bad(f"{where}.severity: expected one of {', '.join(_SEVERITIES)}, "
                   f"found {severity!r}")
    return Issue(_text(data.get("code"), f"{where}.code") or "",
                 severity,
                 _text(data.get("message"), f"{where}.message") or "",
                 _text(data.get("table"), f"{where}.table", null=True),
                 _text(data.get("row"), f"{where}.row", null=True),
                 _text(data.get("column"), f"{where}.column", null=True))


def _fact(value: Any, where: str) -> Fact | None:
    if value is None:
        return None
    data = _obj(value, where)
    fact_value = _expect(data.get("value"), (str, int), f"{where}.value", "a string or number")
    return Fact(fact_value, _text(data.get("evidence"), f"{where}.evidence") or "",
                _location(data.get("source"), f"{where}.source"))


def _metadata(value: Any) -> Metadata | None:
    if value is None:
        return None
    data = _obj(value, "metadata")
    return Metadata(*(_fact(data.get(k), f"metadata.{k}") for k in ("title", "organ", "year")))


def _source(value: Any) -> Source:
    data = _obj(value, "source")
    fields: dict[str, Any] = {
        "path": _text(data.get("path"), "source.path", null=True),
        "format": _text(data.get("format"), "source.format") or "",
        "sha256": _text(data.get("sha256"), "source.sha256") or "",
    }
    # fields a later Source gained (provenance of a converted input, ...) pass through
    for field in attrs.fields(Source):
        if field.name not in fields and field.name in data:
            fields[field.name] = data[field.name]
    return Source(**fields)


def _check_version(data: dict[str, Any]) -> None:
    version = data.get("schema_version", SCHEMA_VERSION)  # absent: written before versioning
    if version != SCHEMA_VERSION:
        raise _Bad(f"schema_version: this gxtables reads version {SCHEMA_VERSION!r}, found "
                   f"{version!r} (written by a newer gxtables? upgrade to read it)")


def report_from_dict(data: Any) -> Report:
    """See :meth:`Report.from_dict`."""
    obj = _obj(data, "the output object")
    if "error" in obj and "tables" not in obj:
        raise ValueError("this object records a document that could not be read (it has "
                         "'error', not 'tables'); load_jsonl() returns it as a failed "
                         "BatchResult")
    _check_version(obj)
    template = obj.get("template")
    if template not in LAYOUTS:
        raise _Bad(f"template: expected one of {', '.join(sorted(LAYOUTS))}, "
                   f"found {template!r}")
    issues = _expect(obj.get("issues"), (list,), "issues", "a list")
    return Report(_source(obj.get("source")), template, _tables(obj.get("tables"), template),
                  tuple(_issue(i, n) for n, i in enumerate(issues)),
                  _metadata(obj.get("metadata")))


def report_from_json(text: str | bytes) -> Report:
    """See :meth:`Report.from_json`."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"expected one JSON object (gxtables extract output): {exc}") from exc
    return report_from_dict(data)


def _result(obj: Any, index: int) -> Any:
    from ._batch import BatchError, BatchResult

    data = _obj(obj, "the line")
    if "error" in data and "tables" not in data:
        src = _obj(data.get("source") or {}, "source")
        err = _obj(data["error"], "error")
        return BatchResult(
            index, _text(src.get("path"), "source.path", null=True),
            _text(src.get("sha256"), "source.sha256", null=True),
            _text(src.get("format"), "source.format", null=True),
            error=BatchError(_text(err.get("type"), "error.type") or "",
                             _text(err.get("message"), "error.message") or "",
                             _text(err.get("limit"), "error.limit", null=True),
                             _text(err.get("traceback"), "error.traceback", null=True)))
    report = report_from_dict(data)
    return BatchResult(index, report.source.path, report.source.sha256, report.source.format,
                       report=report)


def load_jsonl(path: str | os.PathLike[str]) -> Iterator[Any]:
    """The results of ``gxtables extract ... --format jsonl`` (or ``-o out.jsonl``), read
    back lazily, one :class:`~gxtables.BatchResult` per line, in file order: ``.report`` for
    a document that was extracted, ``.error`` for one that failed.

    Blank lines and a last line torn by an interruption (no newline at its end, not JSON)
    are skipped; any other bad line raises ``ValueError`` naming ``path:line`` and the field.

    >>> frame = gxtables.to_pandas(gxtables.load_jsonl("out.jsonl"))  # doctest: +SKIP
    """
    name = os.fspath(path)
    with open(name, "rb") as fh:
        index = 0
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                if not line.endswith(b"\n"):
                    return  # torn by an interruption; --resume drops it too
                raise ValueError(f"{name}:{number}: not a JSON object: {exc}") from exc
            try:
                yield _result(obj, index)
            except ValueError as exc:
                raise ValueError(f"{name}:{number}: {exc}") from exc
            index += 1
