"""Issue 15, defect 9: the output contract ships with the project — a JSON Schema that real
output validates against, docs/OUTPUT.md generated from the same specs, and ISSUE_CODES that
cover every code the source emits."""

from __future__ import annotations

import ast
import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema_lite import errors
from test_cli_users import CORRUPT_PDF, gx

import gxtables
from gxtables._schema import generated_sections, output_schema, update_document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
RENDERS = ROOT / "tests" / "fixtures" / "seed_renders"
SCHEMA = output_schema()


def valid(obj: Any) -> list[str]:
    return errors(obj, SCHEMA)


@pytest.fixture(scope="module")
def outputs() -> list[dict[str, Any]]:
    """The CLI's JSON for every seed and every rendering of it (PDF, DOCX, HTML)."""
    paths = sorted(SEEDS.glob("*.txt")) + sorted(RENDERS.iterdir())
    p = gx("extract", *paths, "--format", "jsonl", "--quiet")
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(lines) == len(paths), p.stderr
    return lines


def test_real_output_validates_against_the_schema(outputs: list[dict[str, Any]]) -> None:
    assert {o["source"]["format"] for o in outputs} >= {"text", "pdf", "docx", "html"}
    for obj in outputs:
        assert valid(obj) == [], obj["source"]["path"]


def test_failures_in_jsonl_validate_too(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(CORRUPT_PDF)
    p = gx("extract", bad, SEEDS / "000.txt", "--format", "jsonl", "--max-bytes", "5000")
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    assert [("error" in o) for o in lines] == [True, True]
    for obj in lines:
        assert valid(obj) == []


@pytest.mark.parametrize("damage", [
    lambda o: o["tables"]["applications"]["new_received"].pop("total"),
    lambda o: o["tables"].pop("review_litigation"),
    lambda o: o["tables"]["applications"]["granted"]["total"].update(value="12"),
    lambda o: o["tables"]["applications"]["granted"].update(extra={}),
    lambda o: o.update(template="2020"),
    lambda o: o["issues"].append({"code": "made_up", "severity": "info", "table": None,
                                  "row": None, "column": None, "message": ""}),
    lambda o: o["source"].update(sha256="xyz"),
    lambda o: o.update(error={"type": "X", "message": "both"}),
])
def test_the_schema_rejects_damaged_output(outputs: list[dict[str, Any]], damage: Any) -> None:
    obj = copy.deepcopy(outputs[0])
    damage(obj)
    assert valid(obj), "the schema accepted a damaged object"


def test_the_2021_tables_are_checked_against_the_2021_layout(
        outputs: list[dict[str, Any]]) -> None:
    obj = copy.deepcopy(outputs[0])
    assert obj["template"] == "2019"
    obj["template"] = "2021"  # 2019 tables (article20_9, made/published) under a 2021 label
    assert valid(obj)


def test_gxtables_schema_prints_the_schema() -> None:
    p = gx("schema")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == SCHEMA
    assert SCHEMA["$defs"]["issue"]["properties"]["code"]["enum"] == sorted(
        gxtables.ISSUE_CODES)


# --- ISSUE_CODES -----------------------------------------------------------------------------

_EMITTERS = {"Issue", "ReaderNote", "issue", "note", "_issue", "_note"}
#: In ISSUE_CODES but emitted by no code yet, each with why it is kept.
_RESERVED = {"unit_conflict": "documented in TEMPLATES.md §3; no reader reports it yet"}


def _strings(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    return set()


def _code_params(tree: ast.Module) -> dict[str, tuple[int, ast.expr | None]]:
    """For each function of a module with a ``code`` parameter: its position among the
    arguments a call passes (``self`` left out) and its default."""
    out: dict[str, tuple[int, ast.expr | None]] = {}
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        names = [a.arg for a in fn.args.args]
        if "code" not in names:
            continue
        index = names.index("code")
        defaults = dict(zip(names[len(names) - len(fn.args.defaults):], fn.args.defaults,
                            strict=True))
        out[fn.name] = (index - (names[:1] == ["self"]), defaults.get("code"))
    return out


def emitted_codes() -> tuple[set[str], list[str]]:
    """Codes passed to Issue(...), ReaderNote(...), builder.issue(...), Rule(..., code, ...)
    anywhere in gxtables/, with variables resolved within their function; and the calls
    whose code could not be resolved to literals."""
    found: set[str] = set()
    unresolved: list[str] = []
    for path in sorted((ROOT / "gxtables").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        params = _code_params(tree)
        for scope in ast.walk(tree):
            if not isinstance(scope, (ast.FunctionDef, ast.Module)):
                continue
            for call in ast.walk(scope):
                if not isinstance(call, ast.Call):
                    continue
                f = call.func
                name = f.id if isinstance(f, ast.Name) else (
                    f.attr if isinstance(f, ast.Attribute) else None)
                if name not in _EMITTERS and name != "Rule":
                    continue
                keyword = next((k.value for k in call.keywords if k.arg == "code"), None)
                if name == "Rule":
                    arg = call.args[4] if len(call.args) > 4 else keyword
                elif keyword is not None:
                    arg = keyword
                elif name in params:  # a helper of this module: its own `code` parameter
                    index, default = params[name]
                    arg = call.args[index] if len(call.args) > index else default
                else:
                    arg = call.args[0] if call.args else None
                if arg is None:
                    continue
                got = _strings(arg)
                if not got and isinstance(arg, ast.Name):
                    for node in ast.walk(scope):
                        if isinstance(node, ast.Assign) and any(
                                isinstance(t, ast.Name) and t.id == arg.id for t in node.targets):
                            got |= _strings(node.value)
                        if isinstance(node, ast.arg) and node.arg == arg.id:
                            got.add("")  # a parameter: its callers are scanned themselves
                if not got:
                    unresolved.append(f"{path.relative_to(ROOT)}:{call.lineno}")
                found |= got
    found.discard("")
    return found, unresolved


def test_issue_codes_cover_every_code_the_source_emits() -> None:
    found, unresolved = emitted_codes()
    assert found >= {"balance_mismatch", "table_not_found", "carry_mismatch"}  # scan works
    missing = sorted(found - set(gxtables.ISSUE_CODES))
    assert not missing, f"emitted but not in ISSUE_CODES: {missing}"
    unused = set(gxtables.ISSUE_CODES) - found
    assert unused <= set(_RESERVED), f"in ISSUE_CODES but never emitted: {sorted(unused)}"
    # calls that pass a code through (a reader note, a rule, a loaded issue) carry codes
    # resolved above
    assert all(re.match(r"gxtables/_(api|checks|parse|records)\.py:\d+$", u)
               for u in unresolved), unresolved


def test_every_issue_code_has_a_meaning_in_english_and_chinese() -> None:
    from gxtables._i18n import ISSUE_CODES_ZH

    for code, meaning in gxtables.ISSUE_CODES.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", code) and len(meaning) > 15, code
    missing = sorted(set(gxtables.ISSUE_CODES) - set(ISSUE_CODES_ZH))
    assert not missing, f"add the Chinese meaning to ISSUE_CODES_ZH in gxtables/_i18n.py: {missing}"
    assert set(ISSUE_CODES_ZH) <= set(gxtables.ISSUE_CODES)


# --- docs/OUTPUT.md -------------------------------------------------------------------------

def test_output_doc_is_generated_from_the_specs() -> None:
    text = (ROOT / "docs" / "OUTPUT.md").read_text("utf-8")
    assert update_document(text) == text, (
        "docs/OUTPUT.md is stale: run python -m gxtables._schema docs/OUTPUT.md")
    sections = generated_sections()
    assert "`new_received` | 一、本年新收政府信息公开申请数量" in sections["keys"]
    for code in gxtables.ISSUE_CODES:
        assert f"| `{code}` |" in text


def test_output_doc_names_every_json_key() -> None:
    text = (ROOT / "docs" / "OUTPUT.md").read_text("utf-8")
    for key in ("schema_version", "source", "path", "format", "sha256", "template",
                "metadata", "tables", "value", "raw", "unit", "issues", "code", "severity",
                "message", "error", "bbox", "line", "page"):
        assert f"`{key}`" in text, key
