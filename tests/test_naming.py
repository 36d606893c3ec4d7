"""``naming`` answers runs of the tokens it was last asked about from its last answer: the
answer must be what a fresh look gives, and a list changed since must not be answered stale."""

from __future__ import annotations

from pathlib import Path

from gxtables._limits import Limits
from gxtables._phrases import LABEL_MAX, label_hits
from gxtables._readers._text import read_text
from gxtables._tokens import Token, naming, tokenize

SEED = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))[0]


def _fresh(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.parsed.kind == "text" and 0 < len(t.norm) <= LABEL_MAX
            and label_hits(t.norm)]


def _tokens() -> list[Token]:
    return tokenize(read_text(SEED.read_bytes(), limits=Limits(), source=None))


def test_runs_of_the_last_tokens_are_answered_as_a_fresh_look() -> None:
    tokens = _tokens()
    assert naming(tokens) == _fresh(tokens)
    assert any(_fresh(tokens))
    for lo, hi in ((0, len(tokens)), (5, len(tokens)), (len(tokens) // 2, len(tokens)),
                   (3, 40), (len(tokens) - 1, len(tokens)), (7, 7)):
        run = tokens[lo:hi]
        got = naming(run)
        assert got == _fresh(run)
        assert all(any(g is t for t in run) for g in got)  # the very objects asked about


def test_a_list_changed_since_is_looked_at_again() -> None:
    tokens = _tokens()
    named = naming(tokens)
    first = tokens.index(named[0])
    tokens[first] = tokens[first]._replace(norm="")  # no longer names anything
    assert naming(tokens) == _fresh(tokens) == named[1:]
    assert naming(tokens[first:]) == _fresh(tokens[first:])


def test_other_tokens_with_the_same_indices_are_looked_at_again() -> None:
    tokens = _tokens()
    naming(tokens)
    other = [t._replace(norm="") if t.is_label else t for t in tokens]
    assert naming(other) == [] == _fresh(other)
    assert naming(iter(tokens)) == _fresh(tokens)
