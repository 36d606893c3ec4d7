"""The ``gxtables`` command line.

Exit codes: 0 — every document extracted with no error-severity issue; 1 — extracted, but
some document has error-severity issues (unreadable cells or tables); 2 — bad usage, or a
document could not be read at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import __version__
from ._api import extract
from ._errors import GxtablesError

__all__ = ["main"]

EXIT_OK, EXIT_ISSUES, EXIT_FAILED = 0, 1, 2

_EPILOG = """\
examples:
  gxtables extract report.pdf                       one report as JSON
  gxtables extract a.pdf b.docx c.html --format jsonl   one JSON object per line
  python -m gxtables extract page.html -o out.json

exit codes: 0 clean, 1 extracted with error-severity issues, 2 bad usage or unreadable input
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gxtables",
        description="Extract the statutory tables of 政府信息公开工作年度报告 (PDF, DOCX, HTML, text).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"gxtables {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    ex = sub.add_parser("extract", help="extract the tables of one or more reports",
                        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("files", nargs="+", metavar="FILE", help="report files (format sniffed)")
    ex.add_argument("--format", choices=("json", "jsonl"), default=None,
                    help="json (default for one file) or jsonl (default for several)")
    ex.add_argument("--layout", choices=("2019", "2021"), default=None,
                    help="force a layout instead of deciding from the document")
    ex.add_argument("--no-checks", action="store_true", help="skip the arithmetic checks")
    ex.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of stdout")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_FAILED
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_FAILED
    return _extract(args)


def _extract(args: argparse.Namespace) -> int:
    fmt = args.format or ("json" if len(args.files) == 1 else "jsonl")
    if fmt == "json" and len(args.files) > 1:
        print("gxtables: --format json takes one file; use --format jsonl for several",
              file=sys.stderr)
        return EXIT_FAILED
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    status = EXIT_OK
    try:
        for path in args.files:
            try:
                report = extract(path, checks=not args.no_checks, layout=args.layout)
            except GxtablesError as exc:
                print(f"gxtables: {exc}", file=sys.stderr)
                if fmt == "jsonl":
                    out.write(json.dumps({"source": {"path": path}, "error": {
                        "type": type(exc).__name__, "message": str(exc)}},
                        ensure_ascii=False) + "\n")
                status = EXIT_FAILED
                continue
            if any(i.severity == "error" for i in report.issues) and status == EXIT_OK:
                status = EXIT_ISSUES
            if fmt == "json":
                out.write(report.to_json(indent=2) + "\n")
            else:
                out.write(report.to_json(indent=None) + "\n")
            out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
