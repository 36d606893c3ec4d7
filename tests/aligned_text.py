"""Hand-made column-aligned text (``pdftotext -layout`` style) for the aligned-reader tests."""

from __future__ import annotations

from gxtables._normalize import display_width

__all__ = ["padded"]


def padded(cells: list[tuple[int, str]]) -> str:
    """A line whose pieces start at the given display columns (a monospace editor's padding:
    a CJK character is two columns)."""
    line = ""
    for col, text in cells:
        line += " " * max(2, col - display_width(line)) + text if line else " " * col + text
    return line
