"""The JSON contract read back (``Report.from_dict``): validated into plain parts that
:mod:`._records` turns into records (so this module needs no record class, and the records
import it, not the reverse).

The reader is strict about what it needs and names the field that is wrong
(``tables.applications.new_received.total.value: expected a number or null, found '12'``);
fields it does not know are ignored (the contract lets fields be added). An object written
by a newer contract (``schema_version`` other than ours) is refused rather than misread.
"""

from __future__ import annotations

from typing import Any

import attrs

from ._grid import Location
from ._templates import LAYOUTS

__all__ = ["CellParts", "FactParts", "IssueParts", "MetadataParts", "ReportParts", "expect_object",
           "expect_text", "report_parts"]

_SEVERITIES = ("error", "warning", "info")

#: ``CellValue(value, raw, unit, location)``
CellParts = tuple[Any, "str | None", "str | None", "Location | None"]
#: ``Fact(value, evidence, location)``
FactParts = tuple["str | int", str, "Location | None"]
#: ``Issue(code, severity, message, table, row, column)``
IssueParts = tuple[str, str, str, "str | None", "str | None", "str | None"]
#: ``Metadata(title, organ, year)``
MetadataParts = tuple["FactParts | None", "FactParts | None", "FactParts | None"]


@attrs.frozen
class ReportParts:
    """A report's fields as validated plain data, in the template's row and column order."""

    source: dict[str, Any]
    template: str
    tables: dict[str, dict[str, dict[str, CellParts]]]
    issues: tuple[IssueParts, ...]
    metadata: MetadataParts | None


class _Bad(ValueError):
    """A field of the object is not what the contract says; the message names it."""


def _expect(value: Any, kinds: tuple[type, ...], where: str, what: str) -> Any:
    if not isinstance(value, kinds) or isinstance(value, bool):
        raise _Bad(f"{where}: expected {what}, found {value!r:.60}")
    return value


def expect_text(value: Any, where: str, *, null: bool = False) -> str | None:
    """``value`` if it is a string (or ``None`` when ``null``), else a ``ValueError``."""
    if value is None and null:
        return None
    return _expect(value, (str,), where, "a string or null" if null else "a string")  # type: ignore[no-any-return]


def expect_object(value: Any, where: str) -> dict[str, Any]:
    """``value`` if it is a JSON object, else a ``ValueError`` naming ``where``."""
    return _expect(value, (dict,), where, "an object")  # type: ignore[no-any-return]


def _location(value: Any, where: str) -> Location | None:
    if value is None:
        return None
    data = expect_object(value, where)
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


def _cell(value: Any, where: str) -> CellParts:
    data = expect_object(value, where)
    number = data.get("value")
    if number is not None:
        _expect(number, (int, float), f"{where}.value", "a number or null")
    return (number, expect_text(data.get("raw"), f"{where}.raw", null=True),
            expect_text(data.get("unit"), f"{where}.unit", null=True),
            _location(data.get("source"), f"{where}.source"))


def _tables(value: Any, template: str) -> dict[str, dict[str, dict[str, CellParts]]]:
    data = expect_object(value, "tables")
    layout = LAYOUTS[template]
    out: dict[str, dict[str, dict[str, CellParts]]] = {}
    for key, rows in data.items():
        if key not in layout.table_keys:
            raise _Bad(f"tables: {key!r} is not a table of the {template} layout "
                       f"(expected {', '.join(layout.table_keys)})")
        spec = layout.table(key)
        row_data = expect_object(rows, f"tables.{key}")
        parsed: dict[str, dict[str, CellParts]] = {}
        for row in spec.rows:  # the template's order, whatever order the JSON had
            where = f"tables.{key}.{row.key}"
            if row.key not in row_data:
                raise _Bad(f"{where}: missing (every row of the layout is written)")
            cols = expect_object(row_data[row.key], where)
            parsed[row.key] = {}
            for col in spec.columns:
                if col.key not in cols:
                    raise _Bad(f"{where}.{col.key}: missing (every cell is written)")
                parsed[row.key][col.key] = _cell(cols[col.key], f"{where}.{col.key}")
        out[key] = parsed
    return out


def _issue(value: Any, n: int) -> IssueParts:
    where = f"issues[{n}]"
    data = expect_object(value, where)
    severity = data.get("severity")
    if severity not in _SEVERITIES:
        raise _Bad(f"{where}.severity: expected one of {', '.join(_SEVERITIES)}, "
                   f"found {severity!r}")
    return (expect_text(data.get("code"), f"{where}.code") or "",
            severity,
            expect_text(data.get("message"), f"{where}.message") or "",
            expect_text(data.get("table"), f"{where}.table", null=True),
            expect_text(data.get("row"), f"{where}.row", null=True),
            expect_text(data.get("column"), f"{where}.column", null=True))


def _fact(value: Any, where: str) -> FactParts | None:
    if value is None:
        return None
    data = expect_object(value, where)
    fact_value = _expect(data.get("value"), (str, int), f"{where}.value", "a string or number")
    return (fact_value, expect_text(data.get("evidence"), f"{where}.evidence") or "",
            _location(data.get("source"), f"{where}.source"))


def _metadata(value: Any) -> MetadataParts | None:
    if value is None:
        return None
    data = expect_object(value, "metadata")
    return (_fact(data.get("title"), "metadata.title"),
            _fact(data.get("organ"), "metadata.organ"),
            _fact(data.get("year"), "metadata.year"))


def _source(value: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The source's fields; those of ``fields`` (a later ``Source``'s, such as the provenance
    of a converted input) that the object has pass through."""
    data = expect_object(value, "source")
    out: dict[str, Any] = {
        "path": expect_text(data.get("path"), "source.path", null=True),
        "format": expect_text(data.get("format"), "source.format") or "",
        "sha256": expect_text(data.get("sha256"), "source.sha256") or "",
    }
    out.update((name, data[name]) for name in fields if name not in out and name in data)
    return out


def report_parts(data: Any, *, schema_version: str, source_fields: tuple[str, ...]
                 ) -> ReportParts:
    """The parts of a report from one object of ``to_dict()`` output; a ``ValueError`` names
    the field that is wrong, or refuses a ``schema_version`` other than ours."""
    obj = expect_object(data, "the output object")
    if "error" in obj and "tables" not in obj:
        raise ValueError("this object records a document that could not be read (it has "
                         "'error', not 'tables'); load_jsonl() returns it as a failed "
                         "BatchResult")
    version = obj.get("schema_version", schema_version)  # absent: written before versioning
    if version != schema_version:
        raise _Bad(f"schema_version: this gxtables reads version {schema_version!r}, found "
                   f"{version!r} (written by a newer gxtables? upgrade to read it)")
    template = obj.get("template")
    if template not in LAYOUTS:
        raise _Bad(f"template: expected one of {', '.join(sorted(LAYOUTS))}, "
                   f"found {template!r}")
    issues = _expect(obj.get("issues"), (list,), "issues", "a list")
    return ReportParts(_source(obj.get("source"), source_fields), template,
                       _tables(obj.get("tables"), template),
                       tuple(_issue(i, n) for n, i in enumerate(issues)),
                       _metadata(obj.get("metadata")))
