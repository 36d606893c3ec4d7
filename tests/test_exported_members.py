"""``gxtables.__all__`` is exactly the public API: locked here, so adding or removing a name
is a deliberate change (STYLE.md item 5; the httpx ``tests/test_exported_members.py`` idea)."""

from __future__ import annotations

import gxtables

PUBLIC_API = {
    "ISSUE_CODES",
    "BatchError",
    "BatchResult",
    "CellValue",
    "CorruptDocument",
    "EncryptedDocument",
    "GxtablesError",
    "InternalError",
    "Issue",
    "LayoutNotFound",
    "LimitExceeded",
    "Limits",
    "Location",
    "Metadata",
    "ReadError",
    "Report",
    "Source",
    "Table",
    "UnsupportedFormat",
    "__version__",
    "compare",
    "extract",
    "extract_bag",
    "extract_many",
    "label",
    "load_jsonl",
    "to_pandas",
}


def test_all_is_the_documented_api() -> None:
    assert set(gxtables.__all__) == PUBLIC_API
    assert len(gxtables.__all__) == len(PUBLIC_API), "a name is listed twice"


def test_every_exported_name_exists() -> None:
    missing = [name for name in gxtables.__all__ if not hasattr(gxtables, name)]
    assert not missing


def test_nothing_public_is_left_out() -> None:
    """Every public (non-underscore, non-module) attribute of the package is in __all__."""
    import types

    public = {
        name for name, value in vars(gxtables).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
        and name != "annotations"
    }
    assert public <= set(gxtables.__all__), sorted(public - set(gxtables.__all__))


def test_exceptions_are_exported_from_their_module() -> None:
    from gxtables import _errors

    assert set(_errors.__all__) <= set(gxtables.__all__)
    for name in _errors.__all__:
        assert getattr(gxtables, name) is getattr(_errors, name)
