"""Plain counts: a cell text of ASCII digits only is read without the value grammar.

Most cells of a report are such counts (``0``, ``12``, ``1860``), and both the matcher (each
distinct text once) and the builder (each cell) ask for their values. For them
:func:`._values.parse_value` comes to the integer the digits spell — no sign, separator,
unit, note mark or numbering can be in them — so that is given at once (tested against
``parse_value``)."""

from __future__ import annotations

from functools import lru_cache

from ._values import ParsedValue

__all__ = ["plain_count"]

#: The most digits a plain count is read at once with (longer ones take the general path).
_MOST_DIGITS = 18


@lru_cache(maxsize=4096)
def plain_count(text: str) -> ParsedValue | None:
    """``parse_value(text)`` when ``text`` is 1 to 18 ASCII digits, else ``None``. Kept (the
    builder asks again for each count the matcher read)."""
    if text.isdigit() and text.isascii() and len(text) <= _MOST_DIGITS:
        return ParsedValue("number", int(text))
    return None
