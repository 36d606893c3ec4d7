"""gxtables: the statutory tables of Chinese government open-information annual reports
(政府信息公开工作年度报告) as typed, checked data."""

from __future__ import annotations

from ._api import extract
from ._batch import BatchError, BatchResult, extract_many
from ._compare import compare
from ._dask import extract_bag  # dask itself is imported only when it is called
from ._errors import (
    CorruptDocument,
    EncryptedDocument,
    GxtablesError,
    InternalError,
    LayoutNotFound,
    LimitExceeded,
    ReadError,
    UnsupportedFormat,
)
from ._export import to_pandas
from ._grid import Location
from ._labels import label
from ._limits import Limits
from ._load import load_jsonl
from ._records import ISSUE_CODES, CellValue, Issue, Metadata, Report, Source, Table

__version__ = "0.3.0"

__all__ = [
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
]
