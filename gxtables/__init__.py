"""gxtables: the statutory tables of Chinese government open-information annual reports
(政府信息公开工作年度报告) as typed, checked data."""

from __future__ import annotations

from ._api import extract
from ._errors import (
    CorruptDocument,
    EncryptedDocument,
    GxtablesError,
    LayoutNotFound,
    LimitExceeded,
    ReadError,
    UnsupportedFormat,
)
from ._limits import Limits
from ._records import CellValue, Issue, Report, Source, Table

__version__ = "0.1.0"

__all__ = [
    "CellValue",
    "CorruptDocument",
    "EncryptedDocument",
    "GxtablesError",
    "Issue",
    "LayoutNotFound",
    "LimitExceeded",
    "Limits",
    "ReadError",
    "Report",
    "Source",
    "Table",
    "UnsupportedFormat",
    "__version__",
    "extract",
]
