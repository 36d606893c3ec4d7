"""The local worker pool of :func:`~gxtables.extract_many` (``jobs > 1`` or a ``timeout``).

One document per dispatch to worker *processes*; a worker that hangs past the timeout is
killed, one that dies is reported as ``WorkerCrashed`` for its document only, and workers are
replaced after ``max_tasks_per_child`` documents. See :mod:`._batch` for the guarantees.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import pickle
import signal
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

import attrs

from ._errors import InternalError, LimitExceeded
from ._job import BatchError, BatchResult, ExtractFn, Job, describe_bytes, failure, run_job
from ._limits import Limits
from ._readers import import_readers

__all__ = ["run_pool"]

#: Documents in flight or waiting to be yielded, per worker.
_WINDOW_PER_WORKER = 4

#: Seconds a new worker process may take to start and take its first document (importing
#: the readers on a loaded machine); the per-document clock starts only once it has.
_STARTUP_SECONDS = 300.0


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
    import_readers()

    def loaded(data: bytes) -> None:
        _sha, fmt = describe_bytes(data)
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
        self.job: Job | None = None
        self.assigned = 0.0
        self.started: float | None = None
        self.loaded: _Loaded | None = None
        self.done = 0

    def assign(self, job: Job) -> None:
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


def run_pool(jobs_in: Iterator[Job], n: int, limits: Limits, checks: bool,
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


def _assign_fresh(w: _Worker, job: Job) -> None:
    try:
        w.assign(job)
    except OSError as exc:
        w.process.join(timeout=5)
        raise RuntimeError(
            f"gxtables worker processes cannot start (exit code {w.process.exitcode}); a "
            "script that runs extract_many(jobs>1) needs an `if __name__ == '__main__':` guard"
        ) from exc


def _crashed(w: _Worker, job: Job) -> BatchResult:
    w.process.join(timeout=1)
    code = w.process.exitcode
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    error = BatchError("WorkerCrashed",
                       f"the worker process died ({how}) while extracting this document")
    return _parent_failure(w, job, error, time.monotonic() - (w.started or w.assigned))


def _timed_out(w: _Worker, job: Job, timeout: float) -> BatchResult:
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


def _parent_failure(w: _Worker, job: Job, error: BatchError, seconds: float) -> BatchResult:
    """A failure decided by the parent. The digest (so that ``--resume`` knows the document)
    comes from the bytes the parent holds, or from what the worker reported after reading
    the path; the parent never opens the path itself (it may be a FIFO, or a URL)."""
    sha, fmt = describe_bytes(job.data)
    if sha is None and w.loaded is not None:
        sha, fmt = w.loaded.sha256, w.loaded.format
    return BatchResult(job.index, job.name, sha, fmt, error=error, seconds=seconds)
