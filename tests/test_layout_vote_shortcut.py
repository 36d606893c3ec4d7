"""The layout vote's shortcut (issue 13): when only one layout's phrases are printed, it wins
without weighing them — the answer weighing gives, on the seeds and on mixed evidence."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from gxtables import _layout_vote
from gxtables._grid import Document, Paragraph
from gxtables._limits import Limits
from gxtables._readers import read_document
from gxtables._templates import LAYOUTS
from gxtables._tokens import Token, tokenize

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def _weighed(tokens: Sequence[Token]) -> str | None:
    """The layout whose evidence weighs most, by the vote's own weights (``None``: a tie)."""
    hits = _layout_vote.layout_evidence(tokens)
    counts = {k: sum(_layout_vote._cells_of(tokens, t, LAYOUTS[k]) for t in v)
              for k, v in hits.items()}
    return max(counts, key=lambda k: counts[k]) if len(set(counts.values())) > 1 else None


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_one_sided_evidence_wins_as_weighed(seed: str) -> None:
    data = (SEEDS / f"{seed}.txt").read_bytes()
    tokens = tokenize(read_document("text", data, limits=Limits(), source=None))
    hits = _layout_vote.layout_evidence(tokens)
    assert sum(1 for v in hits.values() if v) == 1  # the case the shortcut answers
    key, _ = _layout_vote.choose_layout(tokens)
    assert key == _weighed(tokens)


def test_mixed_evidence_is_still_weighed() -> None:
    tokens = tokenize(Document("text", tuple(Paragraph(t) for t in (
        "本年新制作数量", "本年制发件数", "本年废止件数", "政府集中采购"))))
    hits = _layout_vote.layout_evidence(tokens)
    assert sum(1 for v in hits.values() if v) > 1
    key, _ = _layout_vote.choose_layout(tokens)
    weighed = _weighed(tokens)
    assert weighed is None or key == weighed
