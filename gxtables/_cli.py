"""The ``gxtables`` command line: its arguments, and which command runs.

The commands live beside it: ``extract`` in :mod:`._cli_extract`, ``check`` in
:mod:`._cli_check`, ``schema`` here; how they write and exit in :mod:`._cli_output`.

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
import json
import sys
from collections.abc import Sequence

from . import __version__, _cli_check
from ._cli_extract import run_extract
from ._cli_output import EXIT_FAILED, EXIT_OK, UsageError, silence_stdout
from ._limits import Limits

__all__ = ["main"]


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
    _cli_check.register(sub)
    sub.add_parser("schema", help="print the JSON Schema of extract's output",
                   description="Print the JSON Schema (draft 2020-12) of one object of "
                               "`gxtables extract` output: a report or a failure. "
                               "docs/OUTPUT.md explains every field.")
    return parser



def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); returns the exit code."""
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
            return run_extract(args)
        if args.command == "schema":
            from ._schema import output_schema

            print(json.dumps(output_schema(), ensure_ascii=False, indent=2))
            return EXIT_OK
        return _cli_check.run(args)
    except UsageError as exc:
        print(f"gxtables: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        # `gxtables check … | head`: the reader went away; stop quietly, and keep Python's
        # final flush of stdout from raising again at exit.
        silence_stdout()
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
