"""Issue 15: records as people use them — wrong keys, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

import gxtables

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
R0 = gxtables.extract(SEEDS / "000.txt")


@pytest.mark.parametrize(("args", "kind", "closest"), [
    (("aplications", "new_received", "total"), "table", "applications"),
    (("applications", "new_recieved", "total"), "row", "new_received"),
    (("applications", "new_received", "totl"), "column", "total"),
])
def test_a_wrong_key_names_the_valid_keys_and_the_closest(
        args: tuple[str, str, str], kind: str, closest: str) -> None:
    with pytest.raises(KeyError) as caught:
        R0.value(*args)
    message = str(caught.value)
    assert f"no {kind} {args[('table', 'row', 'column').index(kind)]!r}" in message
    assert f"did you mean {closest!r}?" in message
    assert "expected one of" in message and closest in message.split("expected one of")[1]
    assert not message.startswith(("'", '"'))  # not KeyError's repr of the message


def test_a_far_off_key_lists_the_keys_without_a_guess() -> None:
    with pytest.raises(KeyError, match=r"expected one of .*article20_1") as caught:
        R0["zzzz"]
    assert "did you mean" not in str(caught.value)
    with pytest.raises(KeyError, match="carried_forward"):
        R0["applications"]["nothing_like_it"]
