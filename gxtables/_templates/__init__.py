"""The two official layouts as typed, immutable specs (the records in :mod:`._specs`, the
data in :mod:`._data` and :mod:`._article20`).

Nothing outside this package spells a row or column key, a rule or a template phrase: the
matcher, the records, the checks and the tests all iterate these specs.
"""

from __future__ import annotations

from .._normalize import normalize_label
from ._data import (
    APPLICANT_GROUP,
    ARTICLE20_WORD,
    LATEST,
    LAYOUTS,
    SUBTOTAL_WHEN_TOTAL,
    SUBTOTAL_WORD,
    TOTAL_WORD,
)
from ._specs import (
    BalanceRule,
    Carry,
    ColumnSpec,
    ColumnSumRule,
    Layout,
    RowSpec,
    RowSumRule,
    TableRule,
    TableSpec,
    norm_all,
)

__all__ = [
    "APPLICANT_GROUP",
    "ARTICLE20_NORM",
    "LATEST",
    "LAYOUTS",
    "SUBTOTAL_NORM",
    "SUBTOTAL_WHEN_TOTAL_NORMS",
    "SUBTOTAL_WORD",
    "TOTAL_NORM",
    "BalanceRule",
    "Carry",
    "ColumnSpec",
    "ColumnSumRule",
    "Layout",
    "RowSpec",
    "RowSumRule",
    "TableRule",
    "TableSpec",
]

#: The words of :mod:`._data` the matcher compares with normalised text, normalised.
TOTAL_NORM = normalize_label(TOTAL_WORD)
SUBTOTAL_NORM = normalize_label(SUBTOTAL_WORD)
SUBTOTAL_WHEN_TOTAL_NORMS = norm_all(SUBTOTAL_WHEN_TOTAL)
ARTICLE20_NORM = normalize_label(ARTICLE20_WORD)

