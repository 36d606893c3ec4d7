"""One document of a batch: what travels to a worker (a :class:`Job`), what comes back
(a :class:`BatchResult`, a report or a :class:`BatchError`), and :func:`run_job`, which turns
every exception into a failure value. Used alike by the local pool (:mod:`._pool`), the
in-process path of :func:`~gxtables.extract_many` and the Dask workers (:mod:`._dask`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
import traceback
from collections.abc import Callable
from typing import Any, Literal, Union

import attrs

from ._api import extract_bytes
from ._errors import GxtablesError, InternalError
from ._inputs import open_input
from ._limits import Limits
from ._records import Report
from ._sniff import sniff_format

__all__ = ["BatchError", "BatchResult", "BatchSource", "ExtractFn", "Job", "describe_bytes",
           "failure", "run_job", "to_job"]

#: What ``extract_many`` accepts per document: a path (or a URL, read with fsspec: the ``url``
#: extra), the bytes, or a ``(name, bytes)`` pair.
BatchSource = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, tuple[str, bytes]]

Status = Literal["clean", "warnings", "errors", "failed"]
ExtractFn = Callable[..., Report]


@attrs.frozen
class BatchError:
    """Why one document of a batch failed.

    ``type`` is the exception's class name (``"CorruptDocument"``, ``"LimitExceeded"``, ...;
    ``"WorkerCrashed"`` when the worker process died), ``message`` says what was expected and
    found, ``limit`` names the :class:`~gxtables.Limits` field for ``LimitExceeded``, and
    ``traceback`` is kept for an exception that is not gxtables' own (a bug worth reporting).
    """

    type: str
    message: str
    limit: str | None = None
    traceback: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.limit is not None:
            out["limit"] = self.limit
        if self.traceback is not None:
            out["traceback"] = self.traceback
        return out


@attrs.frozen
class BatchResult:
    """The outcome of one document of a batch: a ``report`` or an ``error``, never both.

    ``index`` is the input's position, ``source`` its path or name (``None`` for bare bytes),
    ``sha256`` the digest of its bytes (``None`` when they could not be read), ``format`` the
    sniffed format when known, ``seconds`` the wall-clock time it took.
    """

    index: int
    source: str | None
    sha256: str | None
    format: str | None = None
    report: Report | None = None
    error: BatchError | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when a report was extracted (it may still carry issues)."""
        return self.error is None

    @property
    def status(self) -> Status:
        """``failed``, ``errors`` (error-severity issues), ``warnings`` or ``clean``."""
        if self.report is None:
            return "failed"
        severities = {i.severity for i in self.report.issues}
        if "error" in severities:
            return "errors"
        if "warning" in severities:
            return "warnings"
        return "clean"

    def to_dict(self) -> dict[str, Any]:
        """The report's dict (TEMPLATES.md §4), or ``{"source": {...}, "error": {...}}``."""
        if self.report is not None:
            return self.report.to_dict()
        assert self.error is not None
        return {
            "source": {"path": self.source, "format": self.format, "sha256": self.sha256},
            "error": self.error.to_dict(),
        }


@attrs.frozen
class Job:
    """One input, ready to travel to a worker: a path to read there, or the bytes."""

    index: int
    name: str | None
    path: str | None = None
    data: bytes | None = None



def to_job(index: int, source: object) -> Job:
    """The job for the ``index``-th source: a path to read where it runs, or the bytes."""
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if not isinstance(path, str):
            raise TypeError(f"source {index}: a path must be str, not bytes ({path!r})")
        return Job(index, path, path=path)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return Job(index, None, data=bytes(source))
    if (isinstance(source, tuple) and len(source) == 2 and isinstance(source[0], str)
            and isinstance(source[1], (bytes, bytearray, memoryview))):
        return Job(index, source[0], data=bytes(source[1]))
    raise TypeError(f"source {index}: expected a path, bytes or a (name, bytes) pair, "
                    f"not {type(source).__name__}")


def run_job(job: Job, limits: Limits, checks: bool, layout: str | None,
            fn: ExtractFn = extract_bytes,
            on_loaded: Callable[[bytes], None] | None = None) -> BatchResult:
    """Extract one job; every exception becomes a failure result.

    ``on_loaded`` is called with the bytes of a path (or URL) job once they are read (the
    worker tells the parent their digest, so that a document killed later still has one).
    """
    start = time.perf_counter()
    data: bytes | None = job.data
    try:
        if data is None:
            assert job.path is not None
            data = open_input(job.path, limits)[0]
            if on_loaded is not None:
                on_loaded(data)
        else:
            limits.check_size(len(data), job.name)
        report = fn(data, job.name, checks=checks, limits=limits, layout=layout)
    except GxtablesError as exc:
        return failure(job, data, exc, time.perf_counter() - start)
    except Exception as exc:  # last resort, as in _api: a bug must not abort the batch
        wrapped = InternalError(
            f"internal error: {type(exc).__name__}: {exc} — a bug of gxtables, not of the "
            "document; please report it with the document",
            stage="extracting in the batch runner", source=job.name)
        wrapped.__cause__ = exc
        return failure(job, data, wrapped, time.perf_counter() - start)
    return BatchResult(job.index, job.name, report.source.sha256, report.source.format,
                       report=report, seconds=time.perf_counter() - start)


def failure(job: Job, data: bytes | None, exc: GxtablesError, seconds: float) -> BatchResult:
    """A failure result for ``exc``, with what is known of the bytes. An ``InternalError``
    keeps its traceback (with the original's), for the bug report it asks for."""
    sha, fmt = describe_bytes(data)
    fmt = fmt or getattr(exc, "format", None)
    trace = ("".join(traceback.format_exception(exc)) if isinstance(exc, InternalError)
             else None)
    error = BatchError(type(exc).__name__, exc.message, limit=getattr(exc, "limit", None),
                       traceback=trace)
    return BatchResult(job.index, job.name, sha, fmt, error=error, seconds=seconds)


def describe_bytes(data: bytes | None) -> tuple[str | None, str | None]:
    """``(sha256, sniffed format)`` of the bytes, each ``None`` when unknown."""
    if data is None:
        return None, None
    fmt = None
    if data:
        with contextlib.suppress(GxtablesError):
            fmt = sniff_format(data)
    return hashlib.sha256(data).hexdigest(), fmt
