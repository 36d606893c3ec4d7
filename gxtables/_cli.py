"""The ``gxtables`` command line.

``gxtables extract PATH...`` extracts reports: on a terminal it shows each report's tables
under their official labels with flagged cells marked and the issues listed; piped (or with
``--format json``) one report is JSON, and many (files and directories, walked recursively in
sorted order) are JSON Lines, one object per document in input order; a document that fails
is written as ``{"source": {...}, "error": {"type", "message"}}``.

Exit codes:

* 0 — every document extracted with no error-severity issue;
* 1 — every document extracted, but some have error-severity issues (unreadable cells or
  tables);
* 2 — bad usage, or some document could not be read at all (a batch carries on and exits 2);
* 130 — interrupted with Ctrl-C; the output file holds only complete lines, and
  ``--resume`` carries on from there.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import FrameType
from typing import Any, TextIO

import attrs

from . import __version__
from ._batch import BatchResult, extract_many
from ._errors import GxtablesError
from ._i18n import Lang, default_lang, text
from ._inputs import find_documents, is_url, read_path
from ._limits import Limits

__all__ = ["main"]

EXIT_OK, EXIT_ISSUES, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 130

_EPILOG = """\
examples:
  gxtables extract report.pdf                           the tables, readable (JSON when piped)
  gxtables extract report.pdf --format json             one report as JSON
  gxtables extract a.pdf b.docx c.html --format jsonl   one JSON object per line
  gxtables extract crawl/ --jobs 4 -o out.jsonl         a directory, 4 worker processes
  gxtables extract crawl/ --jobs 4 -o out.jsonl --resume    carry on after an interruption
  gxtables extract crawl/ -o out.jsonl --scheduler tcp://10.0.0.5:8786   on a Dask cluster

exit codes: 0 clean, 1 extracted with error-severity issues, 2 bad usage or a document
that could not be read, 130 interrupted (the output keeps only complete lines)
"""

#: The hook for the ``check`` subcommand (gxtables/_cli_check.py: register(subparsers),
#: run(args)); wired when that module exists.
_CHECK_MODULE = "gxtables._cli_check"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gxtables",
        description="Extract the statutory tables of 政府信息公开工作年度报告 "
                    "(PDF, DOCX, HTML, text).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"gxtables {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    ex = sub.add_parser("extract", help="extract the tables of one or more reports",
                        description="Extract the statutory tables of reports and directories "
                                    "of reports (format sniffed from the bytes).",
                        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("paths", nargs="+", metavar="PATH",
                    help="report files, or directories to walk (format sniffed)")
    ex.add_argument("--format", choices=("text", "json", "jsonl", "csv"), default=None,
                    help="text (the tables under their official labels, flagged cells "
                         "marked, issues listed: the default on a terminal), json (default "
                         "for one file when piped), jsonl (default for several, or for "
                         "-o *.jsonl) or csv (one row per cell, default for -o *.csv; "
                         "failures only on stderr)")
    ex.add_argument("--lang", choices=("zh", "en"), default=None,
                    help="labels and messages of --format text and of errors: Chinese or "
                         "English (default: zh when the locale is Chinese, else en)")
    ex.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    ex.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                    help="worker processes (default 1: in this process; 0: one per CPU)")
    ex.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                    help="give up on a document after SECONDS (a worker is stopped; "
                         f"default {Limits().timeout:g})")
    ex.add_argument("--max-bytes", type=int, default=None, metavar="N",
                    help=f"refuse documents over N bytes (default {Limits().max_bytes:,})")
    ex.add_argument("--resume", action="store_true",
                    help="append to --output, skipping documents whose sha256 it already holds")
    ex.add_argument("--retry-failed", action="store_true",
                    help="with --resume: drop the failures from --output and try them again")
    ex.add_argument("--scheduler", metavar="ADDR",
                    help="run on the Dask cluster at ADDR (e.g. tcp://host:8786; needs "
                         "dask and distributed: pip install \".[dask]\" in the gxtables clone; "
                         "workers must see the paths)")
    ex.add_argument("--layout", choices=("2019", "2021"), default=None,
                    help="force a layout instead of deciding from the document")
    ex.add_argument("--no-checks", action="store_true", help="skip the arithmetic checks")
    noise = ex.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true",
                       help="no progress bar, summary or per-document messages")
    noise.add_argument("-v", "--verbose", action="store_true",
                       help="also list files skipped while walking directories")
    check = _check_module()
    if check is not None:
        check.register(sub)
    sub.add_parser("schema", help="print the JSON Schema of extract's output",
                   description="Print the JSON Schema (draft 2020-12) of one object of "
                               "`gxtables extract` output: a report or a failure. "
                               "docs/OUTPUT.md explains every field.")
    return parser


def _check_module() -> Any:
    try:
        import importlib

        return importlib.import_module(_CHECK_MODULE)
    except ImportError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_FAILED
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_FAILED
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "schema":
            from ._schema import output_schema

            print(json.dumps(output_schema(), ensure_ascii=False, indent=2))
            return EXIT_OK
        check = _check_module()
        assert check is not None
        return int(check.run(args))
    except _UsageError as exc:
        print(f"gxtables: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        # `gxtables check … | head`: the reader went away; stop quietly, and keep Python's
        # final flush of stdout from raising again at exit.
        _silence_stdout()
        return EXIT_FAILED


def _silence_stdout() -> None:
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


#: The Python API's limit hints, as the command line spells them (LimitExceeded messages end
#: in "raise it with Limits(<field>=...)").
_CLI_LIMIT_HINTS = {
    "max_bytes": "--max-bytes N",
    "timeout": "--timeout SECONDS",
}


def cli_message(message: str) -> str:
    """A library message as a command-line user should read it: a ``Limits(field=...)``
    hint becomes the option that raises that limit (or says the CLI has none)."""

    def option(match: re.Match[str]) -> str:
        field = match.group(1)
        flag = _CLI_LIMIT_HINTS.get(field)
        if flag is not None:
            return f"raise it with {flag}"
        return (f"the command line has no option for Limits.{field}; raise it from Python "
                f"with gxtables.extract(..., limits=gxtables.Limits({field}=...))")

    return re.sub(r"raise it with Limits\((\w+)=\.\.\.\)", option, message)


class _UsageError(Exception):
    """Bad arguments, found after parsing; printed as one line, exit 2."""


# --- extract --------------------------------------------------------------------------------

def _extract(args: argparse.Namespace) -> int:
    lang: Lang = args.lang or default_lang()
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    if args.jobs < 0:
        raise _UsageError(text("jobs", lang))
    if args.timeout is not None and not args.timeout > 0:
        raise _UsageError(text("timeout", lang))
    if args.retry_failed and not args.resume:
        raise _UsageError(text("retry_failed", lang))
    if args.resume and not args.output:
        raise _UsageError(text("resume_output", lang))
    try:
        limits = Limits(**{k: v for k, v in (("timeout", args.timeout),
                                              ("max_bytes", args.max_bytes)) if v is not None})
    except ValueError as exc:
        raise _UsageError(str(exc)) from exc

    skipped: list[tuple[str, str]] = []
    paths = list(find_documents(args.paths, on_skip=lambda p, what: skipped.append((p, what))))
    if not paths:
        raise _UsageError(no_documents_message(args.paths, len(skipped), lang))
    single = len(args.paths) == 1 and not os.path.isdir(args.paths[0])
    fmt = args.format or _format_of(args.output) or (
        "text" if not args.output and _is_terminal(sys.stdout) else
        "json" if single else "jsonl")
    if fmt == "json" and len(paths) != 1:
        raise _UsageError(text("json_one", lang, n=len(paths)))
    if fmt != "jsonl" and args.resume:
        raise _UsageError(text("resume_jsonl", lang))
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
            raise _UsageError(str(exc)) from exc
    else:
        results = extract_many(todo, jobs=jobs, limits=limits, checks=not args.no_checks,
                               layout=args.layout, timeout=args.timeout)

    out = _open_output(args.output, append=args.resume, lang=lang)
    progress = None if quiet else _progress(len(paths) - counter.resumed)
    counter.progress = progress
    say = _sayer(progress, quiet=args.quiet)
    guard = _WriteGuard()
    try:
        with guard:
            write = _writer(fmt, out, lang=lang)
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
        _silence_stdout()
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


def _format_of(output: str | None) -> str | None:
    """The format an output file's name asks for (``out.jsonl``, ``cells.csv``,
    ``report.txt``), if any."""
    suffix = os.path.splitext(output or "")[1].lower()
    return {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
            ".txt": "text"}.get(suffix)


def no_documents_message(given: Sequence[str], skipped: int, lang: Lang = "en") -> str:
    """What to say when directories hold nothing to read (exit 2)."""
    message = text("no_documents", lang, where=", ".join(given))
    return message + ("; " + text("skipped", lang, n=skipped) if skipped else "")


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
    import hashlib

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
        with open(output, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise _UsageError(f"cannot read {output} to resume: {exc.strerror or exc}") from exc
    keep: list[bytes] = []
    done: dict[str, str] = {}
    dropped = False
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    elif lines:
        lines.pop()  # no newline at the end: a line torn by a crash
        dropped = True
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise _UsageError(f"{output}:{number} is not a JSON object; cannot resume "
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


def _open_output(path: str | None, *, append: bool, lang: Lang = "en") -> TextIO:
    if not path:
        return sys.stdout
    try:
        return open(path, "a" if append else "w", encoding="utf-8")
    except OSError as exc:
        raise _UsageError(text("cannot_write", lang, path=path,
                               reason=exc.strerror or exc)) from exc


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def _writer(fmt: str, out: TextIO, *, lang: Lang = "en") -> Callable[[BatchResult], None]:
    if fmt == "text":
        from ._display import report_text

        first = True

        def write_text(result: BatchResult) -> None:
            nonlocal first
            if result.report is None:
                return  # its line on stderr says why
            out.write(("" if first else "\n") + report_text(result.report, lang=lang) + "\n")
            first = False
            out.flush()

        return write_text

    if fmt == "csv":
        from ._export import write_csv

        first = True

        def write_rows(result: BatchResult) -> None:
            nonlocal first
            if result.report is None:
                return  # CSV has no place for a failure: its line on stderr says why
            write_csv(result.report, out, header=first)
            first = False
            out.flush()

        return write_rows

    indent = 2 if fmt == "json" else None

    def write_json(result: BatchResult) -> None:
        if fmt == "json" and result.report is None:
            return  # one document that failed: the message on stderr says why, exit 2
        # one write of one whole line, then flush: an interruption never tears a line
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=indent) + "\n")
        out.flush()

    return write_json


def _progress(total: int) -> Any:
    """A tqdm bar on stderr when it is a terminal and tqdm is installed (``pip install
    ".[progress]"`` in a clone)."""
    if not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.05,
                leave=False)


def _sayer(progress: Any, *, quiet: bool) -> Callable[[str], None]:
    def say(message: str) -> None:
        if quiet:
            return
        if progress is not None:
            progress.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr)

    return say


class _WriteGuard:
    """Defer Ctrl-C while a line is being written, so the output holds only whole lines.

    Outside a write, Ctrl-C raises ``KeyboardInterrupt`` at once (even while waiting for a
    slow document); inside one, it is raised right after the line is out.
    """

    def __init__(self) -> None:
        self._in_write = False
        self._pending = False
        self._previous: Any = None

    def __enter__(self) -> _WriteGuard:
        try:
            self._previous = signal.signal(signal.SIGINT, self._handler)
        except ValueError:  # not the main thread: leave signals alone
            self._previous = None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        if self._in_write:
            self._pending = True
        else:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        self._in_write = True
        try:
            yield
        finally:
            self._in_write = False
        if self._pending:
            self._pending = False
            raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
