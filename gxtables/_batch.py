"""Batch extraction: thousands of documents, in input order, failures as values.

:func:`extract_many` yields one :class:`BatchResult` per input, in input order. A document
that cannot be read becomes a result whose ``error`` says why; it never aborts the batch.

Execution
---------
``jobs=1`` (and no ``timeout``) runs in this process: no pool, no pickling; the cooperative
``Limits.timeout`` still bounds the readers. Otherwise a pool of worker *processes* runs the
documents, one document per dispatch, so that:

* a document that hangs (even inside C code, where no flag can interrupt it) is stopped by
  killing its worker after ``timeout`` seconds; it becomes a ``LimitExceeded`` failure with
  ``limit="timeout"`` and a fresh worker takes its place;
* a worker that dies (a segfault in a parser, the OOM killer) becomes a ``WorkerCrashed``
  failure for its document only;
* workers are replaced after ``max_tasks_per_child`` documents, so memory stays flat over
  long runs even if a parser caches or leaks;
* at most ``4 × jobs`` documents are in flight or waiting to be yielded, and a path is read
  by the worker, not the parent: a 10,000-file batch never sits in memory at once.

Workers start with ``forkserver`` (``spawn`` where that is missing), never ``fork``: forking
a parent that runs threads (a progress bar, a crawler's HTTP pool) can deadlock. As with any
``multiprocessing`` code, a script that calls ``extract_many(jobs>1)`` at import time needs
the ``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import multiprocessing
import os
import pickle
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any, Literal, Union

import attrs

from ._api import extract_bytes
from ._errors import GxtablesError, InternalError, LimitExceeded
from ._inputs import find_documents, open_input
from ._limits import Limits
from ._readers import READERS
from ._records import Report
from ._sniff import sniff_format
from ._templates import LAYOUTS

__all__ = ["BatchError", "BatchResult", "BatchSource", "extract_many", "find_documents"]

#: What ``extract_many`` accepts per document: a path (or a URL, read with fsspec: the ``url``
#: extra), the bytes, or a ``(name, bytes)`` pair.
BatchSource = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, tuple[str, bytes]]

Status = Literal["clean", "warnings", "errors", "failed"]
ExtractFn = Callable[..., Report]

#: Documents in flight or waiting to be yielded, per worker.
_WINDOW_PER_WORKER = 4

#: Seconds a new worker process may take to start and take its first document (importing
#: the readers on a loaded machine); the per-document clock starts only once it has.
_STARTUP_SECONDS = 300.0


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
class _Job:
    """One input, ready to travel to a worker: a path to read there, or the bytes."""

    index: int
    name: str | None
    path: str | None = None
    data: bytes | None = None


# --- the public entry -------------------------------------------------------------------

def extract_many(
    sources: Iterable[BatchSource],
    *,
    jobs: int = 1,
    limits: Limits | None = None,
    checks: bool = True,
    layout: str | None = None,
    timeout: float | None = None,
    max_tasks_per_child: int | None = 200,
    _extract: ExtractFn | None = None,
) -> Iterator[BatchResult]:
    """Extract many documents; yield one :class:`BatchResult` per input, in input order.

    ``sources`` may be a lazy iterable of paths (or ``https://``/``s3://`` URLs, read as
    :func:`~gxtables.extract` reads them: the ``url`` extra), ``bytes`` or ``(name, bytes)``
    pairs. ``jobs`` worker processes run the documents (``jobs=1`` without ``timeout`` runs
    in this process). ``timeout`` is a hard per-document wall-clock limit enforced by killing
    the worker (default: ``limits.timeout`` once a pool is used); it counts from when the
    worker takes the document, never the worker's start-up. ``limits``, ``checks`` and
    ``layout`` are as for :func:`~gxtables.extract`. ``_extract`` replaces the per-document
    function (a test seam).

    Breaking out of the loop (or closing the iterator) stops the workers.

    >>> for result in extract_many(["a.pdf", "b.html"], jobs=2):   # doctest: +SKIP
    ...     print(result.source, result.status)
    a.pdf clean
    b.html failed
    """
    limits = limits or Limits()
    if not isinstance(limits, Limits):
        raise TypeError(f"limits must be a gxtables.Limits, not {type(limits).__name__}")
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive int, got {jobs!r}")
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {sorted(LAYOUTS)} or None, got {layout!r}")
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    if max_tasks_per_child is not None and max_tasks_per_child < 1:
        raise ValueError(f"max_tasks_per_child must be positive or None, got "
                         f"{max_tasks_per_child!r}")
    if isinstance(sources, (str, bytes, bytearray, memoryview, os.PathLike)):
        raise TypeError("extract_many() takes an iterable of sources; for one document use "
                        "extract(), or wrap it in a list")
    fn = _extract or extract_bytes
    job_iter = (_to_job(i, s) for i, s in enumerate(sources))
    if jobs == 1 and timeout is None:
        return (run_job(job, limits, checks, layout, fn) for job in job_iter)
    hard = timeout if timeout is not None else limits.timeout
    return _run_pool(job_iter, jobs, limits, checks, layout, hard, max_tasks_per_child, fn)


def _to_job(index: int, source: object) -> _Job:
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if not isinstance(path, str):
            raise TypeError(f"source {index}: a path must be str, not bytes ({path!r})")
        return _Job(index, path, path=path)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _Job(index, None, data=bytes(source))
    if (isinstance(source, tuple) and len(source) == 2 and isinstance(source[0], str)
            and isinstance(source[1], (bytes, bytearray, memoryview))):
        return _Job(index, source[0], data=bytes(source[1]))
    raise TypeError(f"source {index}: expected a path, bytes or a (name, bytes) pair, "
                    f"not {type(source).__name__}")


# --- one document (runs in the worker, or in-process) ------------------------------------

def run_job(job: _Job, limits: Limits, checks: bool, layout: str | None,
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


def failure(job: _Job, data: bytes | None, exc: GxtablesError, seconds: float) -> BatchResult:
    """A failure result for ``exc``, with what is known of the bytes. An ``InternalError``
    keeps its traceback (with the original's), for the bug report it asks for."""
    sha, fmt = _describe_bytes(data)
    fmt = fmt or getattr(exc, "format", None)
    trace = ("".join(traceback.format_exception(exc)) if isinstance(exc, InternalError)
             else None)
    error = BatchError(type(exc).__name__, exc.message, limit=getattr(exc, "limit", None),
                       traceback=trace)
    return BatchResult(job.index, job.name, sha, fmt, error=error, seconds=seconds)


def _describe_bytes(data: bytes | None) -> tuple[str | None, str | None]:
    """``(sha256, sniffed format)`` of the bytes, each ``None`` when unknown."""
    if data is None:
        return None, None
    fmt = None
    if data:
        with contextlib.suppress(GxtablesError):
            fmt = sniff_format(data)
    return hashlib.sha256(data).hexdigest(), fmt


# --- the worker pool ----------------------------------------------------------------------

def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


@attrs.frozen
class _Taken:
    """Worker → parent: the worker has received its document; its clock starts now."""


@attrs.frozen
class _Loaded:
    """Worker → parent: the bytes of a path job were read (their digest and format)."""

    sha256: str
    format: str | None


def _worker_main(conn: Connection, limits: Limits, checks: bool, layout: str | None,
                 fn: ExtractFn) -> None:
    """A worker's loop: receive a job, say it was taken, send its result; ``None`` or a
    closed pipe ends it."""
    # Ctrl-C reaches the whole process group; the parent decides, the workers carry on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Import every reader now, while no document's clock runs.
    for module, _func in READERS.values():
        importlib.import_module(module, "gxtables._readers")

    def loaded(data: bytes) -> None:
        _sha, fmt = _describe_bytes(data)
        conn.send(_Loaded(hashlib.sha256(data).hexdigest(), fmt))

    while True:
        try:
            job = conn.recv()
            if job is None:
                return
            conn.send(_Taken())
            result = run_job(job, limits, checks, layout, fn, on_loaded=loaded)
        except (EOFError, OSError):
            return
        try:
            conn.send(result)
        except (EOFError, OSError):
            return
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
            # A result that does not pickle is a bug of ours, not a crashed worker.
            wrapped = InternalError(f"internal error: the result does not pickle: "
                                    f"{type(exc).__name__}: {exc}",
                                    stage="sending the result", source=job.name)
            wrapped.__cause__ = exc
            conn.send(failure(job, job.data, wrapped, result.seconds))


class _Worker:
    """One worker process, its pipe, and the job it runs (if any).

    ``assigned`` is when the job was sent; ``started`` when the worker took it (``None``
    until then): the per-document timeout counts from ``started``, so a worker's start-up
    (a fresh process importing the readers) is never charged to a document.
    """

    def __init__(self, ctx: Any, args: tuple[Any, ...]) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, *args), daemon=True,
                                   name="gxtables-worker")
        self.process.start()
        child.close()
        self.job: _Job | None = None
        self.assigned = 0.0
        self.started: float | None = None
        self.loaded: _Loaded | None = None
        self.done = 0

    def assign(self, job: _Job) -> None:
        self.conn.send(job)
        self.job = job
        self.assigned = time.monotonic()
        self.started = None
        self.loaded = None

    def deadline(self, timeout: float) -> float:
        """When this worker's job runs out of time (or its start-up, before it took it)."""
        if self.started is None:
            return self.assigned + _STARTUP_SECONDS
        return self.started + timeout

    def receive(self) -> BatchResult | None:
        """Read what the worker sent; the job's result once it came, else ``None``.
        Raises ``EOFError``/``OSError`` if the worker died mid-message."""
        while self.conn.poll():
            message = self.conn.recv()
            if isinstance(message, _Taken):
                self.started = time.monotonic()
            elif isinstance(message, _Loaded):
                self.loaded = message
            else:
                result: BatchResult = message
                return result
        return None

    def stop(self, *, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
        if kill:
            self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _run_pool(jobs_in: Iterator[_Job], n: int, limits: Limits, checks: bool,
              layout: str | None, timeout: float, max_tasks: int | None,
              fn: ExtractFn) -> Iterator[BatchResult]:
    ctx = _context()
    args = (limits, checks, layout, fn)
    workers = [_Worker(ctx, args) for _ in range(n)]
    ready: dict[int, BatchResult] = {}
    next_out = 0
    submitted = 0
    exhausted = False
    window = _WINDOW_PER_WORKER * n

    def replace(w: _Worker, *, kill: bool) -> _Worker:
        w.stop(kill=kill)
        new = workers[workers.index(w)] = _Worker(ctx, args)
        return new

    try:
        while True:
            for w in list(workers):
                if w.job is None and not exhausted and submitted - next_out < window:
                    job = next(jobs_in, None)
                    if job is None:
                        exhausted = True
                        break
                    submitted += 1
                    try:
                        w.assign(job)
                    except OSError:  # the worker died while idle: give the job to a new one
                        _assign_fresh(replace(w, kill=True), job)
            while next_out in ready:
                yield ready.pop(next_out)
                next_out += 1
            busy = [w for w in workers if w.job is not None]
            if not busy:
                if exhausted:
                    return
                continue
            wait_for = max(0.0, min(w.deadline(timeout) for w in busy) - time.monotonic())
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for)
            for w in busy:
                job = w.job
                assert job is not None
                try:
                    result = w.receive()
                except (EOFError, OSError):
                    ready[job.index] = _crashed(w, job)
                    replace(w, kill=True)
                    continue
                if result is not None:
                    ready[job.index] = result
                    w.job = None
                    w.done += 1
                    if max_tasks is not None and w.done >= max_tasks:
                        replace(w, kill=False)
                elif not w.process.is_alive():
                    ready[job.index] = _crashed(w, job)
                    replace(w, kill=True)
                elif time.monotonic() >= w.deadline(timeout):
                    ready[job.index] = _timed_out(w, job, timeout)
                    replace(w, kill=True)
    finally:
        for w in workers:
            w.stop(kill=w.job is not None)


def _assign_fresh(w: _Worker, job: _Job) -> None:
    try:
        w.assign(job)
    except OSError as exc:
        w.process.join(timeout=5)
        raise RuntimeError(
            f"gxtables worker processes cannot start (exit code {w.process.exitcode}); a "
            "script that runs extract_many(jobs>1) needs an `if __name__ == '__main__':` guard"
        ) from exc


def _crashed(w: _Worker, job: _Job) -> BatchResult:
    w.process.join(timeout=1)
    code = w.process.exitcode
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    error = BatchError("WorkerCrashed",
                       f"the worker process died ({how}) while extracting this document")
    return _parent_failure(w, job, error, time.monotonic() - (w.started or w.assigned))


def _timed_out(w: _Worker, job: _Job, timeout: float) -> BatchResult:
    now = time.monotonic()
    if w.started is None:
        error = BatchError(
            "WorkerCrashed",
            f"the worker process did not start within {_STARTUP_SECONDS:g}s (it was stopped)")
        return _parent_failure(w, job, error, now - w.assigned)
    elapsed = now - w.started
    exc = LimitExceeded(
        f"gave up after {elapsed:.1f}s: over the per-document limit of {timeout:g}s "
        "(the worker was stopped); raise it with timeout=... or --timeout",
        limit="timeout", value=timeout, actual=elapsed, source=job.name)
    error = BatchError("LimitExceeded", exc.message, limit="timeout")
    return _parent_failure(w, job, error, elapsed)


def _parent_failure(w: _Worker, job: _Job, error: BatchError, seconds: float) -> BatchResult:
    """A failure decided by the parent. The digest (so that ``--resume`` knows the document)
    comes from the bytes the parent holds, or from what the worker reported after reading
    the path; the parent never opens the path itself (it may be a FIFO, or a URL)."""
    sha, fmt = _describe_bytes(job.data)
    if sha is None and w.loaded is not None:
        sha, fmt = w.loaded.sha256, w.loaded.format
    return BatchResult(job.index, job.name, sha, fmt, error=error, seconds=seconds)
