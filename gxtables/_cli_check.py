"""``gxtables check``: the arithmetic of one or more reports, or of two consecutive years.

Exit codes: 0 — every report was read in full and every rule holds (no issue of severity
``error`` or ``warning``; for ``--pair``, no cross-year warning); 1 — some report is
inconsistent or has cells that could not be read (so could not be fully checked);
2 — bad usage, or a document could not be read at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from ._api import extract
from ._errors import GxtablesError
from ._inputs import find_documents
from ._limits import Limits
from ._records import Issue, Report

__all__ = ["register", "run"]

EXIT_OK, EXIT_ISSUES, EXIT_FAILED = 0, 1, 2
_RANK = {"info": 0, "warning": 1, "error": 2}

_EPILOG = """\
examples:
  gxtables check report.pdf                  issues as a table; exit 1 if inconsistent
  gxtables check a.pdf b.docx --format json  one JSON object per report
  gxtables check --pair 2020.pdf 2021.pdf    carried forward (2020) vs carried over (2021)

exit codes: 0 consistent, 1 inconsistent or not fully readable, 2 bad usage or unreadable input
"""


def register(subparsers: Any) -> None:
    """Add the ``check`` subcommand to an ``argparse`` subparsers object; its handler is
    :func:`run` (also stored as the parser default ``handler``)."""
    p = subparsers.add_parser(
        "check", help="check the arithmetic of reports (勾稽关系, totals, cross-year)",
        description="Extract reports and list their issues: the §5 consistency rules "
                    "(勾稽关系, totals) and anything doubtful found while reading.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*", metavar="PATH",
                   help="report files, or directories to walk (format sniffed)")
    p.add_argument("--pair", nargs=2, metavar=("EARLIER", "LATER"),
                   help="compare two consecutive years of one organ")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="a readable table (default) or JSON")
    p.add_argument("--severity", choices=("info", "warning", "error"), default="info",
                   help="show issues of this severity and above (default: all)")
    p.add_argument("--layout", choices=("2019", "2021"), default=None,
                   help="force a layout instead of deciding from the document")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help=f"give up on a document after SECONDS (default {Limits().timeout:g})")
    p.add_argument("--max-bytes", type=int, default=None, metavar="N",
                   help=f"refuse documents over N bytes (default {Limits().max_bytes:,})")
    p.set_defaults(handler=run)


def _limits(args: argparse.Namespace) -> Limits | None:
    """The limits the options ask for, or None (after printing why) when they are invalid."""
    given = {k: v for k, v in (("timeout", getattr(args, "timeout", None)),
                               ("max_bytes", getattr(args, "max_bytes", None))) if v is not None}
    try:
        return Limits(**given)
    except ValueError as exc:
        print(f"gxtables: {exc}", file=sys.stderr)
        return None


def _load(path: str, layout: str | None, limits: Limits | None = None) -> Report | None:
    try:
        return extract(path, layout=layout, limits=limits)
    except GxtablesError as exc:
        from ._cli import cli_message

        print(f"gxtables: {cli_message(str(exc))}", file=sys.stderr)
        return None


def _shown(issues: Sequence[Issue], severity: str) -> list[Issue]:
    return [i for i in issues if _RANK[i.severity] >= _RANK[severity]]


def _bad(issues: Sequence[Issue]) -> bool:
    return any(i.severity in ("error", "warning") for i in issues)


def _table(issues: Sequence[Issue], out: TextIO) -> None:
    if not issues:
        out.write("  no issues\n")
        return
    head = ("SEVERITY", "CODE", "TABLE", "ROW", "COLUMN")
    rows = [(i.severity, i.code, i.table or "-", i.row or "-", i.column or "-") for i in issues]
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]
    fmt = "  " + "  ".join(f"{{:<{w}}}" for w in widths) + "  {}\n"
    out.write(fmt.format(*head, "MESSAGE"))
    for issue, row in zip(issues, rows, strict=True):
        out.write(fmt.format(*row, issue.message))


def _summary(issues: Sequence[Issue]) -> str:
    n = {s: sum(1 for i in issues if i.severity == s) for s in ("error", "warning", "info")}
    state = "consistent" if not _bad(issues) else "NOT consistent"
    return f"{state}: {n['error']} error(s), {n['warning']} warning(s), {n['info']} info"


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``check`` for parsed ``args``; returns the exit code."""
    out = out or sys.stdout
    if args.pair and args.files:
        print("gxtables: give FILEs or --pair EARLIER LATER, not both", file=sys.stderr)
        return EXIT_FAILED
    if not args.pair and not args.files:
        print("gxtables: check needs FILEs or --pair EARLIER LATER", file=sys.stderr)
        return EXIT_FAILED
    limits = _limits(args)
    if limits is None:
        return EXIT_FAILED
    if args.pair:
        return _run_pair(args, out, limits)
    from ._cli import no_documents_message

    skipped: list[str] = []
    paths = list(find_documents(args.files, on_skip=lambda p, what: skipped.append(p)))
    if not paths:
        print(f"gxtables: {no_documents_message(args.files, len(skipped))}", file=sys.stderr)
        return EXIT_FAILED
    status = EXIT_OK
    records: list[dict[str, Any]] = []
    for path in paths:
        report = _load(path, args.layout, limits)
        if report is None:
            status = EXIT_FAILED
            records.append({"source": {"path": path}, "error": "unreadable"})
            continue
        if _bad(report.issues) and status == EXIT_OK:
            status = EXIT_ISSUES
        shown = _shown(report.issues, args.severity)
        if args.format == "json":
            records.append({"source": report.source.to_dict(), "template": report.template,
                            "consistent": not _bad(report.issues),
                            "issues": [i.to_dict() for i in shown]})
        else:
            out.write(f"{path} (layout {report.template}) — {_summary(report.issues)}\n")
            _table(shown, out)
            out.write("\n")
    if args.format == "json":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return status


def _run_pair(args: argparse.Namespace, out: TextIO, limits: Limits) -> int:
    from ._compare import compare

    earlier_path, later_path = args.pair
    earlier = _load(earlier_path, args.layout, limits)
    later = _load(later_path, args.layout, limits)
    if earlier is None or later is None:
        return EXIT_FAILED
    issues = compare(earlier, later)
    shown = _shown(issues, args.severity)
    if args.format == "json":
        out.write(json.dumps({
            "earlier": earlier.source.to_dict(), "later": later.source.to_dict(),
            "templates": [earlier.template, later.template],
            "consistent": not _bad(issues), "issues": [i.to_dict() for i in shown]},
            ensure_ascii=False) + "\n")
    else:
        out.write(f"{earlier_path} (layout {earlier.template}) → {later_path} "
                  f"(layout {later.template}) — {_summary(issues)}\n")
        _table(shown, out)
    return EXIT_ISSUES if _bad(issues) else EXIT_OK
