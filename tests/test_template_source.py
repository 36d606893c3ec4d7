"""The templates are the single source of template knowledge (issue 13, item 2).

Keys, official labels, English names and the words the matcher looks for live in
gxtables/_templates/_data.py and _article20.py as typed records; no other module spells them. The scan reads
every string literal of gxtables/ outside _templates/ (docstrings excepted: they explain, they
do not decide) and looks for the template vocabulary.
"""

from __future__ import annotations

import ast
from pathlib import Path

import attrs
import pytest

from gxtables._checks import expand, layout_rules
from gxtables._templates import LAYOUTS, ColumnSpec, RowSpec, RowSumRule, _data

ROOT = Path(__file__).resolve().parent.parent / "gxtables"

#: Reviewed exceptions: (module, start of the literal) — each with the reason it may stay.
ALLOWED = {
    # argparse choices of --layout: the user-facing option names the two layouts
    ("_cli.py", "2019"), ("_cli.py", "2021"),
    ("_cli_check.py", "2019"), ("_cli_check.py", "2021"),
    # LayoutNotFound's message lists what was looked for, in prose (行政复议)
    ("_api.py", "expected the statutory tables of an annual report (第二十条 items, 收到和处理政府"),
}


def _vocabulary() -> tuple[set[str], set[str]]:
    """Literals that must not appear (keys, English names, the matcher's words, phrases) and
    official labels that must not appear inside any literal."""
    exact: set[str] = {_data.TOTAL_WORD, _data.SUBTOTAL_WORD, _data.ARTICLE20_WORD,
                       *_data.SUBTOTAL_WHEN_TOTAL}
    labels: set[str] = set()
    for layout in LAYOUTS.values():
        exact.add(layout.key)
        exact.update(layout.evidence)
        for table in layout.tables:
            exact.update((table.key, table.en, *table.phrases))
            labels.update((table.title, table.name))
            for item in (*table.rows, *table.columns):
                exact.update((item.key, item.en, *item.match, *item.exact))
                labels.add(item.label)
    return exact, {label for label in labels if len(label) >= 4}


def spelled(source: str, exact: set[str], labels: set[str]) -> list[tuple[int, str]]:
    """(line, literal) of every non-docstring string literal of ``source`` that is a word of
    the template vocabulary or contains an official label."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value) for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
        and (node.value in exact or any(label in node.value for label in labels))
    ]


def test_the_scan_finds_a_spelled_key_label_and_word() -> None:
    exact, labels = _vocabulary()
    source = ('"""总计 in a docstring is prose."""\n'
              'a = "new_received"\nb = f"{a}: 二、上年结转政府信息公开申请数量"\nc = "小计"\n')

    found = sorted(spelled(source, exact, labels))

    assert found == [(2, "new_received"), (3, ": 二、上年结转政府信息公开申请数量"), (4, "小计")]


def test_no_module_outside_the_templates_spells_template_knowledge() -> None:
    exact, labels = _vocabulary()
    assert {"applications", "total", "carried_forward", "合计", "本年新收"} <= exact

    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sorted(ROOT.rglob("*.py")) if "_templates" not in path.parts
        for line, text in spelled(path.read_text("utf-8"), exact, labels)
        if not any(str(path.relative_to(ROOT)) == module and text.startswith(start)
                   for module, start in ALLOWED)
    ]

    assert not found, "read these from gxtables._templates instead:\n" + "\n".join(found)


@pytest.mark.parametrize("record", [RowSpec, ColumnSpec])
def test_a_template_record_is_built_by_keyword_only(record: type) -> None:
    with pytest.raises(TypeError):
        record("granted", "（一）予以公开", "granted")

    row = record(key="k", label="（一）予以公开", en="e", match=("1.予以公开",))

    assert row.norm == "予以公开" and row.match == ("予以公开",)


def test_the_checks_are_read_from_the_template_rules() -> None:
    spec = LAYOUTS["2021"].table("review_litigation")
    (rule,) = spec.rules
    assert isinstance(rule, RowSumRule)
    pending = spec.columns[-2].key
    moved = attrs.evolve(rule, total=pending)

    equations = expand(spec, moved)

    assert [e.lhs for e in equations] == [((row.key, pending),) for row in spec.rows]
    assert all((row.key, rule.total) in e.rhs for row, e in zip(spec.rows, equations, strict=True))
    assert layout_rules("2021")[spec.key] == tuple(expand(spec, rule))


def test_every_layout_carries_its_rules_and_the_carry_of_open_requests() -> None:
    for layout in LAYOUTS.values():
        with_rules = {t.key for t in layout.tables if t.rules}
        assert with_rules == set(layout_rules(layout.key))
        carries = [t for t in layout.tables if t.carry is not None]
        assert len(carries) == 1
        table = carries[0]
        assert table.row(table.carry.forward) and table.row(table.carry.over)  # type: ignore[union-attr]


def test_the_money_columns_are_the_amounts_the_forms_print() -> None:
    money = {(t.key, c.label) for layout in LAYOUTS.values() for t in layout.tables
             for c in t.columns if c.money}

    assert money == {("article20_9", "采购总金额"), ("article20_8", "本年收费金额（单位：万元）")}
