"""``gxtables extract``: many documents to JSON, JSON Lines, CSV or text, resumable.

Files and directories (walked recursively in sorted order) are extracted in input order, on
worker processes (``--jobs``) or a Dask cluster (``--scheduler``); a document that fails is
one failure record, never the end of the run. ``--resume`` skips the documents whose sha256
the output already holds. The exit code counts every input document (see :mod:`._cli`).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from ._batch import BatchResult, extract_many
from ._cli_output import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_ISSUES,
    EXIT_OK,
    UsageError,
    WriteGuard,
    cli_message,
    format_of,
    is_terminal,
    no_documents_message,
    open_output,
    progress_bar,
    sayer,
    silence_stdout,
    writer,
)
from ._errors import GxtablesError
from ._i18n import Lang, default_lang, text
from ._inputs import find_documents, is_url, read_lines, read_path
from ._limits import Limits

__all__ = ["run_extract"]


def run_extract(args: argparse.Namespace) -> int:
    lang: Lang = args.lang or default_lang()
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    if args.jobs < 0:
        raise UsageError(text("jobs", lang))
    if args.timeout is not None and not args.timeout > 0:
        raise UsageError(text("timeout", lang))
    if args.retry_failed and not args.resume:
        raise UsageError(text("retry_failed", lang))
    if args.resume and not args.output:
        raise UsageError(text("resume_output", lang))
    try:
        limits = Limits(**{k: v for k, v in (("timeout", args.timeout),
                                              ("max_bytes", args.max_bytes)) if v is not None})
    except ValueError as exc:
        raise UsageError(str(exc)) from exc

    skipped: list[tuple[str, str]] = []
    paths = list(find_documents(args.paths, on_skip=lambda p, what: skipped.append((p, what))))
    if not paths:
        raise UsageError(no_documents_message(args.paths, len(skipped), lang))
    single = len(args.paths) == 1 and not os.path.isdir(args.paths[0])
    fmt = args.format or format_of(args.output) or (
        "text" if not args.output and is_terminal(sys.stdout) else
        "json" if single else "jsonl")
    if fmt == "json" and len(paths) != 1:
        raise UsageError(text("json_one", lang, n=len(paths)))
    if fmt != "jsonl" and args.resume:
        raise UsageError(text("resume_jsonl", lang))
    quiet = args.quiet or fmt == "json" or (fmt == "text" and single)
    if args.verbose:
        for path, what in skipped:
            print(f"gxtables: skipped {path}: {what}", file=sys.stderr)

    done: dict[str, str] = {}
    if args.resume:
        done = _prepare_resume(args.output, retry_failed=args.retry_failed)
    counter = _Counter(total=len(paths), skipped=len(skipped))
    todo = _unfinished(paths, done, counter, limits) if done else iter(paths)

    if args.scheduler:
        try:
            from ._dask import run_on_cluster

            results: Iterator[BatchResult] = run_on_cluster(
                args.scheduler, todo, limits=limits, checks=not args.no_checks,
                layout=args.layout)
        except (ImportError, ConnectionError) as exc:
            raise UsageError(str(exc)) from exc
    else:
        results = extract_many(todo, jobs=jobs, limits=limits, checks=not args.no_checks,
                               layout=args.layout, timeout=args.timeout)

    out = open_output(args.output, append=args.resume, lang=lang)
    progress = None if quiet else progress_bar(len(paths) - counter.resumed)
    counter.progress = progress
    say = sayer(progress, quiet=args.quiet)
    guard = WriteGuard()
    try:
        with guard:
            write = writer(fmt, out, lang=lang)
            for result in results:
                if result.error is not None:
                    result = attrs.evolve(result, error=attrs.evolve(
                        result.error, message=cli_message(result.error.message)))
                counter.add(result)
                if result.error is not None:
                    say(f"gxtables: {result.source or '<bytes>'}: {result.error.message}")
                with guard.writing():
                    write(result)
                if progress is not None:
                    progress.update(1)
    except KeyboardInterrupt:
        counter.interrupted = True
    except BrokenPipeError:
        # `gxtables extract dir | head`: the reader went away; stop quietly.
        silence_stdout()
        return EXIT_FAILED
    finally:
        _close_results(results)
        if progress is not None:
            progress.close()
        if out is not sys.stdout:
            out.close()
        else:
            with contextlib.suppress(OSError):
                out.flush()
    if not quiet or args.verbose:
        print(counter.summary(), file=sys.stderr)
    if counter.interrupted:
        return EXIT_INTERRUPTED
    return counter.exit_code()



def _close_results(results: Iterator[BatchResult]) -> None:
    close = getattr(results, "close", None)
    if callable(close):
        close()



class _Counter:
    """Tallies for the summary line and the exit code."""

    def __init__(self, *, total: int, skipped: int) -> None:
        self.total = total
        self.skipped = skipped
        self.resumed = 0
        #: statuses of the documents found already in the output (--resume): they count
        #: towards the exit code as if extracted again
        self.resumed_counts = {"clean": 0, "warnings": 0, "errors": 0, "failed": 0}
        self.counts = {"clean": 0, "warnings": 0, "errors": 0, "failed": 0}
        self.start = time.perf_counter()
        self.interrupted = False
        self.progress: Any = None

    def add(self, result: BatchResult) -> None:
        self.counts[result.status] += 1

    def resumed_one(self, status: str) -> None:
        self.resumed += 1
        self.resumed_counts[status] += 1
        if self.progress is not None:
            self.progress.total = max(0, (self.progress.total or 0) - 1)
            self.progress.refresh()

    def exit_code(self) -> int:
        """Over every input document: those extracted now and those already in the output."""
        def n(status: str) -> int:
            return self.counts[status] + self.resumed_counts[status]

        if n("failed"):
            return EXIT_FAILED
        return EXIT_ISSUES if n("errors") else EXIT_OK

    def summary(self) -> str:
        n = sum(self.counts.values())
        seconds = time.perf_counter() - self.start
        rate = f", {n / seconds:.1f}/s" if seconds > 0 and n else ""
        c = self.counts
        parts = [f"{c['clean']} clean", f"{c['warnings']} with warnings",
                 f"{c['errors']} with errors", f"{c['failed']} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped as not documents (-v lists them)")
        if self.resumed:
            before = self.resumed_counts
            bad = ", ".join(f"{before[k]} {what}" for k, what in (
                ("failed", "failed"), ("errors", "with errors")) if before[k])
            parts.append(f"{self.resumed} already in the output"
                         + (f" ({bad})" if bad else ""))
        head = "interrupted after" if self.interrupted else "done:"
        return (f"gxtables: {head} {n} document{'s' if n != 1 else ''} in {seconds:.1f}s"
                f"{rate}: " + ", ".join(parts))


def _unfinished(paths: Iterable[str], done: dict[str, str], counter: _Counter,
                limits: Limits) -> Iterator[str]:
    """The paths whose bytes' sha256 is not yet in the output (hashed lazily, streamed).

    Files are opened the one way gxtables opens inputs (regular files only: a FIFO never
    blocks the run); URLs and unreadable paths are yielded for the extraction to report."""
    for path in paths:
        if is_url(path):
            yield path
            continue
        try:
            data = read_path(path, limits)
        except GxtablesError:
            yield path  # let the extraction report it
            continue
        status = done.get(hashlib.sha256(data).hexdigest())
        del data
        if status is not None:
            counter.resumed_one(status)
        else:
            yield path


def _line_status(obj: Any) -> str:
    """``failed``, ``errors``, ``warnings`` or ``clean`` for one line of our JSONL output."""
    if "error" in obj:
        return "failed"
    severities = {i.get("severity") for i in obj.get("issues") or () if isinstance(i, dict)}
    for severity, status in (("error", "errors"), ("warning", "warnings")):
        if severity in severities:
            return status
    return "clean"


def _prepare_resume(output: str, *, retry_failed: bool) -> dict[str, str]:
    """The sha256 digests already in ``output``, each with its document's status; drops a
    torn last line (and, with ``retry_failed``, the failure lines) so the file is valid
    JSONL before appending."""
    try:
        lines = list(read_lines(output))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UsageError(f"cannot read {output} to resume: {exc.strerror or exc}") from exc
    keep: list[bytes] = []
    done: dict[str, str] = {}
    dropped = False
    if lines and not lines[-1].endswith(b"\n"):
        lines.pop()  # no newline at the end: a line torn by a crash
        dropped = True
    lines = [line[:-1] for line in lines]
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise UsageError(f"{output}:{number} is not a JSON object; cannot resume "
                             "into it") from exc
        if retry_failed and isinstance(obj, dict) and "error" in obj:
            dropped = True
            continue
        sha = (obj.get("source") or {}).get("sha256") if isinstance(obj, dict) else None
        if sha:
            done[sha] = _line_status(obj)
        keep.append(line)
    if dropped:
        tmp = f"{output}.tmp-{os.getpid()}"
        with open(tmp, "wb") as fh:
            fh.write(b"".join(line + b"\n" for line in keep))
        os.replace(tmp, output)
    return done
