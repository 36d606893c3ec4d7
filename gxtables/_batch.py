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

import os
from collections.abc import Iterable, Iterator

from ._api import extract_bytes
from ._inputs import find_documents
from ._job import BatchError, BatchResult, BatchSource, ExtractFn, run_job, to_job
from ._limits import Limits
from ._pool import run_pool
from ._templates import LAYOUTS

__all__ = ["BatchError", "BatchResult", "BatchSource", "extract_many", "find_documents"]


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
    job_iter = (to_job(i, s) for i, s in enumerate(sources))
    if jobs == 1 and timeout is None:
        return (run_job(job, limits, checks, layout, fn) for job in job_iter)
    hard = timeout if timeout is not None else limits.timeout
    return run_pool(job_iter, jobs, limits, checks, layout, hard, max_tasks_per_child, fn)
