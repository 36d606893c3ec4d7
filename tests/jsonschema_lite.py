"""A small JSON Schema validator for the keywords gxtables' output schema uses (draft
2020-12 subset: $ref to #/$defs, type, enum, const, required, properties,
additionalProperties, items, minItems, maxItems, minimum, pattern, oneOf, anyOf, allOf, not,
if/then/else). An unknown keyword is an error, so the schema cannot silently outgrow it."""

from __future__ import annotations

import re
from typing import Any

_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_ANNOTATIONS = {"$schema", "$id", "title", "description", "$defs", "examples"}


def errors(value: Any, schema: dict[str, Any], root: dict[str, Any] | None = None,
           where: str = "$") -> list[str]:
    """Every place where ``value`` breaks ``schema`` (empty: valid)."""
    root = root if root is not None else schema
    out: list[str] = []
    for key, rule in schema.items():
        if key in _ANNOTATIONS or key in ("then", "else"):
            continue
        if key == "$ref":
            assert rule.startswith("#/$defs/"), rule
            out += errors(value, root["$defs"][rule[len("#/$defs/"):]], root, where)
        elif key == "type":
            kinds = [rule] if isinstance(rule, str) else rule
            if not any(_TYPES[k](value) for k in kinds):
                out.append(f"{where}: {value!r:.40} is not of type {rule}")
        elif key == "enum":
            if value not in rule:
                out.append(f"{where}: {value!r:.40} not in {rule}")
        elif key == "const":
            if value != rule:
                out.append(f"{where}: {value!r:.40} != {rule!r}")
        elif key == "required":
            if isinstance(value, dict):
                out += [f"{where}: missing {k!r}" for k in rule if k not in value]
        elif key == "properties":
            if isinstance(value, dict):
                for k, sub in rule.items():
                    if k in value:
                        out += errors(value[k], sub, root, f"{where}.{k}")
        elif key == "additionalProperties":
            if isinstance(value, dict):
                extra = [k for k in value if k not in schema.get("properties", {})]
                for k in extra:
                    if rule is False:
                        out.append(f"{where}: unexpected key {k!r}")
                    elif isinstance(rule, dict):
                        out += errors(value[k], rule, root, f"{where}.{k}")
        elif key == "items":
            if isinstance(value, list):
                for n, item in enumerate(value):
                    out += errors(item, rule, root, f"{where}[{n}]")
        elif key == "minItems":
            if isinstance(value, list) and len(value) < rule:
                out.append(f"{where}: fewer than {rule} items")
        elif key == "maxItems":
            if isinstance(value, list) and len(value) > rule:
                out.append(f"{where}: more than {rule} items")
        elif key == "minimum":
            if _TYPES["number"](value) and value < rule:
                out.append(f"{where}: {value} < {rule}")
        elif key == "pattern":
            if isinstance(value, str) and not re.search(rule, value):
                out.append(f"{where}: {value!r:.40} does not match {rule}")
        elif key == "oneOf":
            passing = sum(not errors(value, sub, root, where) for sub in rule)
            if passing != 1:
                out.append(f"{where}: matches {passing} of oneOf, expected exactly 1")
        elif key == "anyOf":
            if all(errors(value, sub, root, where) for sub in rule):
                out.append(f"{where}: matches none of anyOf")
        elif key == "allOf":
            for sub in rule:
                out += errors(value, sub, root, where)
        elif key == "not":
            if not errors(value, rule, root, where):
                out.append(f"{where}: matches a 'not' schema")
        elif key == "if":
            branch = "then" if not errors(value, rule, root, where) else "else"
            if branch in schema:
                out += errors(value, schema[branch], root, where)
        else:
            raise AssertionError(f"jsonschema_lite does not know the keyword {key!r}")
    return out
