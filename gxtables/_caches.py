"""One place that empties gxtables' caches of texts it has seen.

The matcher keeps what it worked out about texts (``functools.lru_cache`` of labels, values,
phrase hits) and a few stores of its own (a label's scores against a table). None of it
changes an answer; a benchmark empties them all so that each run pays for its texts as a new
report would, and tests empty them to check an answer does not depend on them. Stores that
are not ``lru_cache`` functions register their ``clear`` here. (Values derived from the
templates alone — ``per_table`` — are like constants and are not emptied.)
"""

from __future__ import annotations

import sys
from collections.abc import Callable

__all__ = ["clear_caches", "register"]

#: The ``clear`` of every store registered.
_CLEARS: list[Callable[[], None]] = []

#: The package whose modules' caches ``clear_caches`` empties (this module's own).
_PACKAGE = __name__.rpartition(".")[0]


def register(clear: Callable[[], None]) -> None:
    """Have ``clear_caches`` call ``clear`` (a store's method that empties it)."""
    _CLEARS.append(clear)


def clear_caches() -> None:
    """Empty every ``lru_cache`` of the package's modules and every registered store."""
    prefix = _PACKAGE + "."
    for name, module in list(sys.modules.items()):
        if name.startswith(prefix):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear) and hasattr(value, "cache_parameters"):
                    clear()  # a functools.lru_cache function
    for clear in _CLEARS:
        clear()
