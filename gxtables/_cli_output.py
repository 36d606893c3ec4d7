"""How the command line speaks: its exit codes, usage errors, messages, and the output of
``gxtables extract`` (text, JSON, JSON Lines or CSV written one whole document at a time, a
progress bar on a terminal, Ctrl-C deferred while a line is written).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import Any, TextIO

from ._display import report_text
from ._export import write_csv
from ._i18n import Lang, text
from ._job import BatchResult

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_ISSUES", "EXIT_OK", "UsageError",
           "WriteGuard", "cli_message", "format_of", "is_terminal", "no_documents_message",
           "open_output", "progress_bar", "sayer", "silence_stdout", "writer"]

EXIT_OK, EXIT_ISSUES, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """Bad arguments, found after parsing; printed as one line, exit 2."""


def silence_stdout() -> None:
    """Point stdout at /dev/null once its reader went away (``gxtables ... | head``), so
    Python's final flush at exit does not raise again."""
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


def no_documents_message(given: Sequence[str], skipped: int, lang: Lang = "en") -> str:
    """What to say when directories hold nothing to read (exit 2)."""
    message = text("no_documents", lang, where=", ".join(given))
    return message + ("; " + text("skipped", lang, n=skipped) if skipped else "")


# --- output -----------------------------------------------------------------------------------

def format_of(output: str | None) -> str | None:
    """The format an output file's name asks for (``out.jsonl``, ``cells.csv``,
    ``report.txt``), if any."""
    suffix = os.path.splitext(output or "")[1].lower()
    return {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
            ".txt": "text"}.get(suffix)


def open_output(path: str | None, *, append: bool, lang: Lang = "en") -> TextIO:
    """``-o FILE`` opened for writing (appending with ``--resume``), or stdout."""
    if not path:
        return sys.stdout
    try:
        return open(path, "a" if append else "w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(text("cannot_write", lang, path=path,
                              reason=exc.strerror or exc)) from exc


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal (the readable text format is then the default)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def writer(fmt: str, out: TextIO, *, lang: Lang = "en") -> Callable[[BatchResult], None]:
    """The function that writes one result to ``out`` in ``fmt`` (text, csv, json, jsonl),
    whole and flushed; a failure writes nothing but its JSON record (its message goes to
    stderr)."""
    if fmt == "text":
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


def progress_bar(total: int) -> Any:
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


def sayer(progress: Any, *, quiet: bool) -> Callable[[str], None]:
    def say(message: str) -> None:
        if quiet:
            return
        if progress is not None:
            progress.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr)

    return say


class WriteGuard:
    """Defer Ctrl-C while a line is being written, so the output holds only whole lines.

    Outside a write, Ctrl-C raises ``KeyboardInterrupt`` at once (even while waiting for a
    slow document); inside one, it is raised right after the line is out.
    """

    def __init__(self) -> None:
        self._in_write = False
        self._pending = False
        self._previous: Any = None

    def __enter__(self) -> WriteGuard:
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
