"""The output contract as data: a JSON Schema of what ``extract`` writes, and the generated
parts of ``docs/OUTPUT.md`` (the key tables and the issue codes).

Both are built from the template specs and :data:`ISSUE_CODES`, never retyped, so they cannot
drift from the code: ``gxtables schema`` prints the schema, and a test checks that
``docs/OUTPUT.md`` holds exactly what :func:`generated_sections` produces (regenerate it with
``python -m gxtables._schema docs/OUTPUT.md``).

>>> schema = output_schema()
>>> schema["$defs"]["report"]["required"]
['source', 'template', 'tables', 'issues']
"""

from __future__ import annotations

import re
import sys
from typing import Any

import attrs

from ._grid import Location
from ._records import ISSUE_CODES, SCHEMA_VERSION
from ._templates import LAYOUTS, Layout, TableSpec

__all__ = ["SCHEMA_VERSION", "generated_sections", "output_schema", "update_document"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_NULLABLE_STRING = {"type": ["string", "null"]}
#: Location fields counted from 1 (the others, grid indexes and offsets, from 0).
_ONE_BASED = ("line", "page")


def _table_schema(spec: TableSpec) -> dict[str, Any]:
    columns = [c.key for c in spec.columns]
    row = {
        "type": "object",
        "required": columns,
        "additionalProperties": False,
        "properties": {c.key: {"$ref": "#/$defs/cell", "description": c.label}
                       for c in spec.columns},
    }
    return {
        "type": "object",
        "description": spec.title,
        "required": [r.key for r in spec.rows],
        "additionalProperties": False,
        "properties": {r.key: {**row, "description": r.label} for r in spec.rows},
    }


def _tables_schema(layout: Layout) -> dict[str, Any]:
    return {
        "type": "object",
        "description": f"every table of the {layout.key} layout ({layout.document})",
        "required": list(layout.table_keys),
        "additionalProperties": False,
        "properties": {t.key: _table_schema(t) for t in layout.tables},
    }


def _location_schema() -> dict[str, Any]:
    """From the fields of :class:`Location` (each written only when known)."""
    props: dict[str, Any] = {}
    for field in attrs.fields(Location):
        if field.name == "bbox":
            props["bbox"] = {"type": "array", "items": {"type": "number"},
                             "minItems": 4, "maxItems": 4,
                             "description": "x0, top, x1, bottom in PDF points"}
        else:
            first = 1 if field.name in _ONE_BASED else 0
            props[field.name] = {"type": "integer", "minimum": first}
    return {"type": "object", "additionalProperties": False, "properties": props}


def output_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of one output object: a report, or — in JSONL from
    many documents — a failure ``{"source": ..., "error": ...}``."""
    layouts = sorted(LAYOUTS)
    return {
        "$schema": _DIALECT,
        "$id": f"urn:gxtables:output:{SCHEMA_VERSION}",
        "title": "gxtables output",
        "description": "One object per document: the statutory tables of a "
                       "政府信息公开工作年度报告 as read, or why the document could not be read. "
                       "See docs/OUTPUT.md.",
        "oneOf": [{"$ref": "#/$defs/report"}, {"$ref": "#/$defs/failure"}],
        "$defs": {
            "report": {
                "type": "object",
                "required": ["source", "template", "tables", "issues"],
                "properties": {
                    "schema_version": {"const": SCHEMA_VERSION,
                                       "description": "version of this contract"},
                    "source": {"$ref": "#/$defs/source"},
                    "template": {"enum": layouts},
                    "metadata": {"$ref": "#/$defs/metadata"},
                    "tables": {"type": "object"},
                    "issues": {"type": "array", "items": {"$ref": "#/$defs/issue"}},
                },
                "not": {"required": ["error"]},
                "allOf": [
                    {"if": {"properties": {"template": {"const": key}}},
                     "then": {"properties": {"tables": {"$ref": f"#/$defs/tables_{key}"}}}}
                    for key in layouts
                ],
            },
            "failure": {
                "type": "object",
                "required": ["source", "error"],
                "properties": {
                    "source": {"$ref": "#/$defs/source"},
                    "error": {
                        "type": "object",
                        "required": ["type", "message"],
                        "properties": {
                            "type": {"type": "string",
                                     "description": "the exception's class name"},
                            "message": {"type": "string"},
                            "limit": {"type": "string",
                                      "description": "the Limits field, for LimitExceeded"},
                            "traceback": {"type": "string"},
                        },
                    },
                },
                "not": {"required": ["tables"]},
            },
            "source": {
                "type": "object",
                "required": ["path", "format", "sha256"],
                "properties": {
                    "path": _NULLABLE_STRING,
                    "format": {"type": ["string", "null"],
                               "description": "the sniffed format: pdf, docx, html or text"},
                    "sha256": {"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"},
                },
            },
            "metadata": {
                "type": ["object", "null"],
                "description": "what the document says about itself, each with its evidence",
                "properties": {
                    "title": {"$ref": "#/$defs/fact"},
                    "organ": {"$ref": "#/$defs/fact"},
                    "year": {"$ref": "#/$defs/fact"},
                },
            },
            "fact": {
                "type": ["object", "null"],
                "required": ["value", "evidence"],
                "properties": {
                    "value": {"type": ["string", "integer"]},
                    "evidence": {"type": "string",
                                 "description": "the text the value was read from"},
                    "source": {"$ref": "#/$defs/location"},
                },
            },
            "cell": {
                "type": "object",
                "required": ["value", "raw", "unit"],
                "additionalProperties": False,
                "properties": {
                    "value": {"type": ["number", "null"]},
                    "raw": _NULLABLE_STRING,
                    "unit": _NULLABLE_STRING,
                    "source": {"$ref": "#/$defs/location"},
                },
            },
            "location": _location_schema(),
            "issue": {
                "type": "object",
                "required": ["code", "severity", "table", "row", "column", "message"],
                "properties": {
                    "code": {"enum": sorted(ISSUE_CODES)},
                    "severity": {"enum": ["error", "warning", "info"]},
                    "table": _NULLABLE_STRING,
                    "row": _NULLABLE_STRING,
                    "column": _NULLABLE_STRING,
                    "message": {"type": "string"},
                },
            },
            **{f"tables_{key}": _tables_schema(LAYOUTS[key]) for key in layouts},
        },
    }


# --- docs/OUTPUT.md ---------------------------------------------------------------------------

def _keys_markdown() -> str:
    out: list[str] = []
    for key in sorted(LAYOUTS):
        layout = LAYOUTS[key]
        out.append(f"### Layout `\"{key}\"` ({layout.document})\n")
        for spec in layout.tables:
            out.append(f"#### `{spec.key}` — {spec.title}\n")
            out.append("| rows | official label |")
            out.append("|---|---|")
            out.extend(f"| `{r.key}` | {r.label} |" for r in spec.rows)
            out.append("")
            out.append("| columns | official label |")
            out.append("|---|---|")
            out.extend(f"| `{c.key}` | {c.label} |" for c in spec.columns)
            out.append("")
    return "\n".join(out).rstrip("\n")


def _codes_markdown() -> str:
    from ._i18n import ISSUE_CODES_ZH

    out = ["| code | meaning | 含义 |", "|---|---|---|"]
    out.extend(f"| `{code}` | {meaning} | {ISSUE_CODES_ZH.get(code, '')} |"
               for code, meaning in ISSUE_CODES.items())
    return "\n".join(out)


def generated_sections() -> dict[str, str]:
    """The parts of docs/OUTPUT.md made from the code, by marker name."""
    return {"keys": _keys_markdown(), "issue-codes": _codes_markdown()}


def _marker(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- generated: {re.escape(name)} [^\n]*-->\n)(.*?)(<!-- end generated: "
        rf"{re.escape(name)} -->)", re.S)


def update_document(text: str) -> str:
    """``text`` (docs/OUTPUT.md) with every generated section replaced by a fresh one.

    Raises ``ValueError`` naming a section whose markers are missing."""
    for name, body in generated_sections().items():
        pattern = _marker(name)
        if not pattern.search(text):
            raise ValueError(f"docs/OUTPUT.md has no '<!-- generated: {name} … -->' … "
                             f"'<!-- end generated: {name} -->' markers")
        text = pattern.sub(lambda m, b=body: m.group(1) + b + "\n" + m.group(3),  # type: ignore[misc]
                           text)
    return text


if __name__ == "__main__":  # python -m gxtables._schema docs/OUTPUT.md
    for doc in sys.argv[1:]:
        with open(doc, encoding="utf-8") as fh:
            old = fh.read()
        new = update_document(old)
        if new != old:
            with open(doc, "w", encoding="utf-8") as fh:
                fh.write(new)
            print(f"updated {doc}")
