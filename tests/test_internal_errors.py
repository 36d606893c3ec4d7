"""A bug of ours is :class:`~gxtables.InternalError`, raised at the one boundary, and every
robustness harness *fails* on it (issue 17: a ``KeyError`` injected into ``build_report`` once
passed the whole fuzz suite, because the harness accepted any ``GxtablesError``).

These tests inject the bug the way a real one would occur — an exception inside a stage —
and check both sides: what a caller gets, and that the fuzz and API harnesses refuse it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_api import _extract_or_our_error
from test_fuzz import assert_no_silent_wrong, fuzz_one, run_case

import gxtables
from gxtables import GxtablesError, InternalError, extract_many

SEED = Path(__file__).parent / "fixtures" / "seeds" / "000.txt"

#: Every stage ``_api.extract_bytes`` runs, by the name it calls it under, and how the
#: ``InternalError`` names the stage.
STAGES = {
    "sniff_format": "sniffing the format",
    "bound_text_bytes": "bounding the text document's text",
    "read_document": "reading the text document",
    "bound_text": "bounding the text document's text",
    "match_layout": "matching the text document's tables",
    "build_report": "matching the text document's tables",
    "resolve": "matching the text document's tables",
    "check_report": "matching the text document's tables",
}


def _broken(exc: BaseException) -> Callable[..., Any]:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return broken


@pytest.mark.parametrize("name", sorted(STAGES))
def test_a_bug_in_any_stage_is_an_internal_error(monkeypatch: pytest.MonkeyPatch,
                                                 name: str) -> None:
    import gxtables._api as api

    bug = KeyError("litigation_after_review")
    monkeypatch.setattr(api, name, _broken(bug))
    with pytest.raises(InternalError) as info:
        gxtables.extract(SEED)
    assert info.value.__cause__ is bug
    assert info.value.stage == STAGES[name]
    assert "please report it" in str(info.value)


def test_a_bug_inside_a_reader_is_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from gxtables._readers import _text

    bug = IndexError("list index out of range")
    monkeypatch.setattr(_text, "detect_dialect", _broken(bug))
    with pytest.raises(InternalError) as info:
        gxtables.extract(SEED)
    assert info.value.__cause__ is bug
    assert info.value.stage == "reading the text document"
    assert "gxtables/_readers/_text.py:" in info.value.message  # our frame, for the report


@pytest.fixture
def bug_on_damage(monkeypatch: pytest.MonkeyPatch) -> None:
    """``build_report`` fails only when the match reported an error — a bug that hides on
    clean documents and fires on damaged ones, like the one issue 17 injected."""
    import gxtables._api as api

    real = api.build_report

    def build_report(raw: Any, source: Any, issues: Any) -> Any:
        if any(i.severity == "error" for i in raw.issues) or not all(
                t.found for t in raw.tables.values()):
            raise KeyError("carried_over")
        return real(raw, source, issues)

    monkeypatch.setattr(api, "build_report", build_report)


def _truncated(cut_after: str) -> bytes:
    text = SEED.read_text(encoding="utf-8")
    return text[: text.index(cut_after) + len(cut_after)].encode()


@pytest.mark.usefixtures("bug_on_damage")
def test_the_fuzz_harness_fails_on_an_internal_error() -> None:
    assert isinstance(run_case(SEED.read_bytes(), "text"), gxtables.Report)  # clean: fine
    damaged = _truncated("（一）予以公开")
    with pytest.raises(AssertionError, match="a bug of gxtables") as info:
        run_case(damaged, "text")
    assert isinstance(info.value.__cause__, InternalError)
    assert isinstance(info.value.__cause__.__cause__, KeyError)


@pytest.mark.usefixtures("bug_on_damage")
def test_a_fuzz_case_fails_on_an_internal_error() -> None:
    original = SEED.read_bytes()
    cut = len(_truncated("（一）予以公开"))
    with pytest.raises(AssertionError, match="a bug of gxtables"):
        fuzz_one("text", original, (f"truncate@{cut}", lambda b: b[:cut], 10_000))


def test_the_oracle_refuses_an_internal_error() -> None:
    baseline = gxtables.extract(SEED)
    bug = InternalError("internal error while matching", stage="matching")
    with pytest.raises(AssertionError, match="a bug of gxtables"):
        assert_no_silent_wrong(baseline, bug, 10)
    assert_no_silent_wrong(baseline, gxtables.LayoutNotFound("no tables"), 10)  # ours: fine


@pytest.mark.usefixtures("bug_on_damage")
def test_the_api_harness_fails_on_an_internal_error() -> None:
    assert _extract_or_our_error(b"not a report at all") is None  # our error: fine
    with pytest.raises(InternalError):
        _extract_or_our_error(_truncated("（一）予以公开"))


@pytest.mark.usefixtures("bug_on_damage")
def test_a_batch_reports_the_bug_and_goes_on() -> None:
    results = list(extract_many([_truncated("（一）予以公开"), SEED.read_bytes()]))
    error = results[0].error
    assert error is not None and error.type == "InternalError"
    assert error.traceback is not None and "KeyError: 'carried_over'" in error.traceback
    assert results[1].ok


def test_an_internal_error_is_not_a_read_error() -> None:
    """A crawler that retries or skips bad documents (``ReadError``, ``ValueError``) must
    not silently skip our bugs."""
    assert issubclass(InternalError, GxtablesError)
    assert not issubclass(InternalError, (gxtables.ReadError, ValueError))
