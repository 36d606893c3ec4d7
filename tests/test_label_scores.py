"""``label_scores`` — which scores only the specs the phrase index says a label names, by
where each spec stands in a template table's tuple — equals ``label_score`` of every spec,
for the labels of real reports, tuples and lists alike, and for specs the index does not
hold."""

from __future__ import annotations

from pathlib import Path

import attrs

from gxtables._caches import clear_caches
from gxtables._limits import Limits
from gxtables._readers._text import read_text
from gxtables._templates import LAYOUTS
from gxtables._tokens import Token, label_score, label_scores, tokenize

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def _tokens() -> list[Token]:
    out: list[Token] = []
    for name in ("000.txt", "003.txt"):
        document = read_text((SEEDS / name).read_bytes(), limits=Limits(), source=None)
        out.extend(tokenize(document))
    return out


def test_label_scores_equal_label_score_of_each_spec() -> None:
    tokens = _tokens()
    named = 0
    for layout in LAYOUTS.values():
        for table in layout.tables:
            for specs in (table.rows, table.columns):
                for tok in tokens:
                    want = [label_score(tok, s) for s in specs]
                    assert label_scores(tok, specs) == want
                    assert label_scores(tok, list(specs)) == want
                    named += any(want)
    assert named > 100  # the seeds' labels do name rows and columns


def test_specs_the_index_does_not_hold_are_scored_by_the_rule() -> None:
    tokens = _tokens()
    table = max(LAYOUTS["2021"].tables, key=lambda t: len(t.rows))
    own = tuple(attrs.evolve(r) for r in table.rows)  # copies: not the index's records
    mixed = (*own[:3], *table.rows[3:], table.rows[3])  # and a spec twice
    for specs in (own, mixed):
        for tok in tokens:
            assert label_scores(tok, specs) == [label_score(tok, s) for s in specs]


def test_kept_answers_are_copies_and_follow_the_label() -> None:
    """A tuple's answers are kept per label: a caller's change to its list reaches no other
    caller, a label's number is part of what is kept, and emptying the store changes no
    answer."""
    from gxtables._tokens import _SCORES

    tokens = _tokens()
    table = max(LAYOUTS["2021"].tables, key=lambda t: len(t.rows))
    specs = table.rows
    named = [t for t in tokens if any(label_score(t, s) for s in specs)]
    assert named
    for tok in named:
        want = [label_score(tok, s) for s in specs]
        first = label_scores(tok, specs)
        first[0] = -1.0  # the caller's copy
        assert label_scores(tok, specs) == want
        renumbered = tok._replace(number="" if tok.number else "一")
        assert label_scores(renumbered, specs) == [label_score(renumbered, s) for s in specs]
    clear_caches()
    assert not _SCORES
    assert all(label_scores(t, specs) == [label_score(t, s) for s in specs] for t in named)


def test_clear_caches_empties_lru_caches_and_registered_stores() -> None:
    from gxtables._analysis import remembered
    from gxtables._tokens import _SCORES

    tokens = _tokens()
    table = next(t for t in LAYOUTS["2021"].tables if t.shape == "rows")
    assert any(any(label_scores(t, table.rows)) for t in tokens)
    assert _SCORES and remembered.cache_info().currsize
    clear_caches()
    assert not _SCORES
    assert remembered.cache_info().currsize == 0
