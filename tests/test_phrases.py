"""The phrase index answers exactly what scoring a label against every template row and
column by the rule would (``label_score``, ``mentions``) — it only answers faster."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gxtables._grid import Location
from gxtables._templates import LAYOUTS, ColumnSpec, RowSpec
from gxtables._tokens import Token, could_name, label_score, make_token, mentions

SPECS: list[RowSpec | ColumnSpec] = list(dict.fromkeys(
    s for layout in LAYOUTS.values() for t in layout.tables for s in (*t.rows, *t.columns)))
# Pieces labels are made of: template phrases, their halves, numbering, stray words.
PIECES = sorted({p for s in SPECS for p in (s.label, s.norm, *s.match, *s.exact)}
                | {p[: len(p) // 2] for s in SPECS for p in s.match}
                | {p[len(p) // 2:] for s in SPECS for p in s.match}
                | {"一、", "（二）", "3.", "其他", "合计", "单位：件", "本机关", "12", " "})


def by_rule(tok: Token, spec: RowSpec | ColumnSpec) -> float:
    """``label_score`` as its docstring defines it, spec by spec."""
    norm = tok.norm
    if not norm or not tok.is_label:
        return 0.0
    if norm == spec.norm or norm in spec.exact:
        score = 3.0
    else:
        score = 0.0
        if len(norm) <= 2.5 * max(len(spec.norm), 4) + 8:
            for phrase in spec.match:
                if phrase and phrase in norm:
                    score = max(score, 1.0 + len(phrase) / len(norm))
        if score == 0.0:
            return 0.0
    if isinstance(spec, RowSpec) and spec.number and tok.number:
        score += 0.3 if tok.number == spec.number else -0.2
    return score


def mentions_by_rule(tok: Token, spec: RowSpec | ColumnSpec) -> bool:
    return tok.is_label and (tok.norm in spec.exact or tok.norm == spec.norm
                             or any(p in tok.norm for p in spec.match))


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=5))
def test_index_agrees_with_the_rule(pieces: list[str]) -> None:
    tok = make_token(0, "".join(pieces), None, None, None, False, Location())
    for spec in SPECS:
        assert label_score(tok, spec) == by_rule(tok, spec), (tok.text, spec.key)
        assert mentions(tok, spec) == mentions_by_rule(tok, spec), (tok.text, spec.key)
    for layout in LAYOUTS.values():
        for table in layout.tables:
            specs = [*table.rows, *table.columns]
            if not could_name(specs)(tok):
                assert all(by_rule(tok, s) == 0.0 for s in specs)


def test_every_official_label_names_its_own_row() -> None:
    for spec in SPECS:
        tok = make_token(0, spec.label, None, None, None, False, Location())
        assert label_score(tok, spec) >= 3.0, spec.key
        assert mentions(tok, spec)


def test_a_spec_outside_the_templates_is_scored_by_the_rule() -> None:
    spec = RowSpec(key="x", label="本机关自行测试事项", en="test", match=("自行测试",))
    tok = make_token(0, "（一）本机关自行测试事项数量", None, None, None, False, Location())
    assert label_score(tok, spec) == by_rule(tok, spec) > 1.0
    assert mentions(tok, spec)
