"""Reading our own output back: :func:`load_jsonl` (``Report.from_dict``/``from_json`` read
one object; the contract's parsing is :mod:`._parse`).

A crawl's JSONL (``gxtables extract crawl/ -o out.jsonl``) can be analysed later without
re-extracting: every line becomes a :class:`~gxtables.BatchResult` again — a report, or the
failure it recorded — so ``gxtables.to_pandas(gxtables.load_jsonl("out.jsonl"))`` works.
A bad line raises ``ValueError`` naming ``path:line`` and the field that is wrong.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from ._inputs import read_lines
from ._job import BatchError, BatchResult
from ._parse import expect_object, expect_text
from ._records import Report

__all__ = ["load_jsonl"]


def _result(obj: Any, index: int) -> BatchResult:
    data = expect_object(obj, "the line")
    if "error" in data and "tables" not in data:
        src = expect_object(data.get("source") or {}, "source")
        err = expect_object(data["error"], "error")
        return BatchResult(
            index, expect_text(src.get("path"), "source.path", null=True),
            expect_text(src.get("sha256"), "source.sha256", null=True),
            expect_text(src.get("format"), "source.format", null=True),
            error=BatchError(expect_text(err.get("type"), "error.type") or "",
                             expect_text(err.get("message"), "error.message") or "",
                             expect_text(err.get("limit"), "error.limit", null=True),
                             expect_text(err.get("traceback"), "error.traceback", null=True)))
    report = Report.from_dict(data)
    return BatchResult(index, report.source.path, report.source.sha256, report.source.format,
                       report=report)


def load_jsonl(path: str | os.PathLike[str]) -> Iterator[BatchResult]:
    """The results of ``gxtables extract ... --format jsonl`` (or ``-o out.jsonl``), read
    back lazily, one :class:`~gxtables.BatchResult` per line, in file order: ``.report`` for
    a document that was extracted, ``.error`` for one that failed.

    Blank lines and a last line torn by an interruption (no newline at its end, not JSON)
    are skipped; any other bad line raises ``ValueError`` naming ``path:line`` and the field.

    >>> frame = gxtables.to_pandas(gxtables.load_jsonl("out.jsonl"))  # doctest: +SKIP
    """
    name = os.fspath(path)
    index = 0
    for number, line in enumerate(read_lines(name), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            if not line.endswith(b"\n"):
                return  # torn by an interruption; --resume drops it too
            raise ValueError(f"{name}:{number}: not a JSON object: {exc}") from exc
        try:
            yield _result(obj, index)
        except ValueError as exc:
            raise ValueError(f"{name}:{number}: {exc}") from exc
        index += 1
