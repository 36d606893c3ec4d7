"""Batch extraction on a Dask cluster (the optional extra ``dask``).

The same per-document function as :func:`gxtables.extract_many` runs on Dask workers, so a
cluster gives the same results as a local run (``result.to_dict()`` is identical; only
``seconds`` differs).

Pointing it at your own cluster::

    pip install ".[dask]"                 # in the clone, on the client and every worker
    dask scheduler                        # on one machine: listens on tcp://HOST:8786
    dask worker tcp://HOST:8786 --nthreads 1 --nworkers 4   # on each worker machine

    from distributed import Client
    from gxtables import extract_bag      # imports dask on first use
    client = Client("tcp://HOST:8786")
    bag = extract_bag(["/shared/crawl/a.pdf", "s3://bucket/b.docx"])
    for result in bag.compute():          # BatchResult objects, in input order
        print(result.source, result.status)

or from the shell: ``gxtables extract /shared/crawl -o out.jsonl --scheduler tcp://HOST:8786``.

Paths are opened *by the workers*: use a filesystem every worker mounts at the same place,
or URLs (``s3://``, ``gs://``, ``https://``: the ``url`` extra, fsspec, with the matching
backend installed on the workers), or pass the bytes. Run workers with one thread each
(``--nthreads 1``): the PDF parser holds the GIL. Dask cannot kill a running task, so the
per-document limit on a cluster is the cooperative ``Limits.timeout`` checked inside the
readers, not the hard kill of the local pool.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ._job import BatchResult, BatchSource, Job, run_job, to_job
from ._limits import Limits
from ._templates import LAYOUTS

if TYPE_CHECKING:
    import dask.bag

__all__ = ["extract_bag", "run_on_cluster", "to_bag"]

_HINT = ('the Dask integration needs the dask extra: pip install ".[dask]" in the gxtables '
         'clone, or pip install "dask[bag]" distributed')


def _missing(exc: ImportError) -> ImportError:
    """The error for an absent optional dependency, naming the extra that brings it."""
    return ImportError(f"{_HINT} ({exc})")


def to_bag(
    sources: Iterable[BatchSource],
    *,
    limits: Limits | None = None,
    checks: bool = True,
    layout: str | None = None,
    npartitions: int | None = None,
) -> dask.bag.Bag:
    """A ``dask.bag.Bag`` of :class:`~gxtables.BatchResult`, one per source, in input order.

    ``sources`` are paths or URLs (read on the workers), ``bytes`` or ``(name, bytes)``
    pairs; the list is materialised on the client. ``npartitions`` defaults to Dask's choice
    (at most 100). Nothing runs until you ``compute()`` — on the default scheduler, or on a
    cluster once a ``distributed.Client`` exists. For JSON Lines:
    ``bag.map(lambda r: json.dumps(r.to_dict(), ensure_ascii=False)).to_textfiles(...)``.
    """
    try:
        import dask.bag as bag_module
    except ImportError as exc:
        raise _missing(exc) from exc
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {sorted(LAYOUTS)} or None, got {layout!r}")
    jobs = [to_job(i, s) for i, s in enumerate(sources)]
    # dask and distributed are untyped at these calls; the rest of the module is checked
    sequence = bag_module.from_sequence(jobs, npartitions=npartitions)  # type: ignore[no-untyped-call]
    bag: dask.bag.Bag = sequence.map(
        _run_remote, limits=limits or Limits(), checks=checks, layout=layout)
    return bag


#: The public name (``gxtables.extract_bag``, resolved lazily by ``gxtables.__getattr__``).
extract_bag = to_bag


def _run_remote(job: Job, *, limits: Limits, checks: bool, layout: str | None) -> BatchResult:
    return run_job(job, limits, checks, layout)


def run_on_cluster(
    address: str,
    sources: Iterable[BatchSource],
    *,
    limits: Limits | None = None,
    checks: bool = True,
    layout: str | None = None,
    npartitions: int | None = None,
) -> Iterator[BatchResult]:
    """Run :func:`to_bag` on the scheduler at ``address``; yield results in input order as
    each partition completes (the CLI's ``--scheduler``)."""
    try:
        import distributed
    except ImportError as exc:
        raise _missing(exc) from exc
    bag = to_bag(sources, limits=limits, checks=checks, layout=layout, npartitions=npartitions)
    try:
        client = distributed.Client(address, timeout="15s",  # type: ignore[no-untyped-call]
                                    set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        # distributed raises OSError when it cannot connect or times out, ValueError or
        # TypeError for a malformed address.
        raise ConnectionError(f"cannot reach the Dask scheduler at {address}: "
                              f"{type(exc).__name__}: {exc}") from exc
    return _stream(client, bag)


def _stream(client: Any, bag: Any) -> Iterator[BatchResult]:
    try:
        futures = client.compute(bag.to_delayed())
        for future in futures:
            yield from future.result()
            future.release()
    finally:
        client.close()
