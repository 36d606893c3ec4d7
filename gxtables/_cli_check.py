"""``gxtables check``: the arithmetic of reports, of two consecutive years, or of a series.

* ``check PATH...`` — each report's issues (the consistency rules and anything doubtful found
  while reading), located by the official row and column labels;
* ``check --pair A B`` — year N's 结转下年度继续办理 against year N+1's 上年结转, after putting
  the two in year order (from their titles or 统计期限) and warning when the years are not
  consecutive or the organs differ;
* ``check --series DIR`` — every report under DIR grouped by organ, each organ's reports in
  year order, and the carried-over chain checked between consecutive years.

Output is Chinese or English (``--lang``; the default follows the locale, see
:mod:`gxtables._i18n`).

Exit codes: 0 — every report was read in full and every rule holds (no issue of severity
``error`` or ``warning``; for ``--pair``/``--series``, no cross-year warning); 1 — some report
is inconsistent or has cells that could not be read (so could not be fully checked);
2 — bad usage, or a document could not be read at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from ._api import extract
from ._cli_output import (
    EXIT_FAILED,
    EXIT_ISSUES,
    EXIT_OK,
    cli_message,
    no_documents_message,
)
from ._errors import GxtablesError
from ._i18n import Lang, default_lang, meaning_zh, severity_name, text
from ._inputs import find_documents
from ._labels import label
from ._limits import Limits
from ._records import Issue, Report

__all__ = ["register", "run"]

_RANK = {"info": 0, "warning": 1, "error": 2}
_MARK = {"error": "?", "warning": "!", "info": "~"}

_EPILOG = """\
examples:
  gxtables check report.pdf                  issues by official labels; exit 1 if inconsistent
  gxtables check crawl/ --format json        one JSON object per report under crawl/
  gxtables check --pair 2021.pdf 2020.pdf    carried forward (2020) vs carried over (2021)
  gxtables check --series crawl/             per organ, year by year
  gxtables check report.pdf --lang zh        中文输出

exit codes: 0 consistent, 1 inconsistent or not fully readable, 2 bad usage or unreadable input
"""


def register(subparsers: Any) -> None:
    """Add the ``check`` subcommand to an ``argparse`` subparsers object; its handler is
    :func:`run` (also stored as the parser default ``handler``)."""
    p = subparsers.add_parser(
        "check", help="check the arithmetic of reports (勾稽关系, totals, cross-year)",
        description="Extract reports and list their issues: the consistency rules "
                    "(勾稽关系, totals; docs/OUTPUT.md §5) and anything doubtful found while "
                    "reading, by official row and column labels.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*", metavar="PATH",
                   help="report files, or directories to walk (format sniffed)")
    p.add_argument("--pair", nargs=2, metavar=("EARLIER", "LATER"),
                   help="compare two consecutive years of one organ (put in year order when "
                        "the reports state their years)")
    p.add_argument("--series", metavar="DIR",
                   help="group the reports under DIR by organ and check each organ's "
                        "carried-over chain year by year")
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
    p.add_argument("--lang", choices=("zh", "en"), default=None,
                   help="Chinese or English output (default: zh when the locale is Chinese, "
                        "else en; or GXTABLES_LANG)")
    p.set_defaults(handler=run)


# --- loading --------------------------------------------------------------------------------

def _limits(args: argparse.Namespace) -> Limits | None:
    """The limits the options ask for, or None (after printing why) when they are invalid."""
    given = {k: v for k, v in (("timeout", getattr(args, "timeout", None)),
                               ("max_bytes", getattr(args, "max_bytes", None))) if v is not None}
    try:
        return Limits(**given)
    except ValueError as exc:
        print(f"gxtables: {exc}", file=sys.stderr)
        return None


def _load(path: str, layout: str | None, limits: Limits | None = None, *,
          lang: Lang = "en") -> Report | None:
    """The report at ``path``, or ``None`` after saying on stderr why it cannot be read."""
    try:
        return extract(path, layout=layout, limits=limits)
    except GxtablesError as exc:
        print(f"gxtables: {text('unreadable', lang, path=path, message=cli_message(str(exc)))}"
              if exc.source is None else f"gxtables: {cli_message(str(exc))}", file=sys.stderr)
        return None


# --- rendering ------------------------------------------------------------------------------

def _shown(issues: Sequence[Issue], severity: str) -> list[Issue]:
    return [i for i in issues if _RANK[i.severity] >= _RANK[severity]]


def _bad(issues: Sequence[Issue]) -> bool:
    return any(i.severity in ("error", "warning") for i in issues)


def _labels(issue: Issue, template: str, lang: Lang) -> dict[str, str | None]:
    """The official labels (``lang="zh"``) or English names of what the issue names."""
    out: dict[str, str | None] = {"table_label": None, "row_label": None, "column_label": None}
    if issue.table is None:
        return out
    try:
        out["table_label"] = label(issue.table, layout=template, lang=lang)
        if issue.row is not None:
            out["row_label"] = label(issue.table, row=issue.row, layout=template, lang=lang)
        if issue.column is not None:
            out["column_label"] = label(issue.table, column=issue.column, layout=template,
                                        lang=lang)
    except ValueError:  # a key of the other layout (not_comparable): keys stay keys
        pass
    return out


def _where(issue: Issue, template: str) -> str:
    """Where an issue is, by the official (Chinese) labels in either language: they are the
    terms of the form itself; keys only where a label is unknown."""
    names = _labels(issue, template, "zh")
    parts = [names["table_label"] or issue.table, names["row_label"] or issue.row,
             names["column_label"] or issue.column]
    return " › ".join(p for p in parts if p) or "-"


def _issue_lines(issues: Sequence[Issue], template: str, lang: Lang, out: TextIO) -> None:
    """Issues as a block: mark, severity and code (all of one width, so aligned in any font),
    then the official labels of where, and the message on its own indented line."""
    if not issues:
        out.write(f"  {text('no_issues', lang)}\n")
        return
    code_w = max(len(i.code) for i in issues)
    for issue in issues:
        name = severity_name(issue.severity, lang)
        name = name if lang == "zh" else f"{name:<7}"  # 错误/警告/提示 are equally wide
        out.write(f"  {_MARK[issue.severity]} {name}  {issue.code:<{code_w}}  "
                  f"{_where(issue, template)}\n")
        note = f"{meaning_zh(issue.code)}。" if lang == "zh" else ""
        out.write(f"      {note}{issue.message}\n")


def _summary(issues: Sequence[Issue], lang: Lang) -> str:
    n = {s: sum(1 for i in issues if i.severity == s) for s in ("error", "warning", "info")}
    state = text("not_consistent" if _bad(issues) else "consistent", lang)
    return f"{state}: {text('counts', lang, **n)}"


def _facts(report: Report, lang: Lang) -> str | None:
    meta = report.metadata
    if meta is None:
        return None
    parts = []
    for key, fact in (("title", meta.title), ("organ", meta.organ), ("year", meta.year)):
        shown = text("unknown", lang) if fact is None else str(fact.value)
        parts.append(f"{text(key, lang)}: {shown}")
    return "  " + " · ".join(parts)


def _issue_dict(issue: Issue, template: str) -> dict[str, Any]:
    return {**issue.to_dict(), **_labels(issue, template, "zh")}


def _year(report: Report) -> int | None:
    meta = report.metadata
    value = meta.year.value if meta is not None and meta.year is not None else None
    return value if isinstance(value, int) else None


def _organ(report: Report) -> str | None:
    meta = report.metadata
    value = meta.organ.value if meta is not None and meta.organ is not None else None
    return value if isinstance(value, str) else None


# --- the three modes ------------------------------------------------------------------------

def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``check`` for parsed ``args``; returns the exit code."""
    out = out or sys.stdout
    lang: Lang = getattr(args, "lang", None) or default_lang()
    series = getattr(args, "series", None)
    modes = sum(bool(m) for m in (args.files, args.pair, series))
    if modes != 1:
        print(f"gxtables: {text('files_or_pair' if modes else 'needs_files', lang)}",
              file=sys.stderr)
        return EXIT_FAILED
    limits = _limits(args)
    if limits is None:
        return EXIT_FAILED
    if args.pair:
        return _run_pair(args, out, limits, lang)
    paths = _documents([series] if series else args.files, lang)
    if paths is None:
        return EXIT_FAILED
    if series:
        return _run_series(args, paths, out, limits, lang)
    status = EXIT_OK
    records: list[dict[str, Any]] = []
    for path in paths:
        report = _load(path, args.layout, limits, lang=lang)
        if report is None:
            status = EXIT_FAILED
            records.append({"source": {"path": path}, "error": "unreadable"})
            continue
        if _bad(report.issues) and status == EXIT_OK:
            status = EXIT_ISSUES
        shown = _shown(report.issues, args.severity)
        if args.format == "json":
            records.append({
                "source": report.source.to_dict(), "template": report.template,
                "metadata": None if report.metadata is None else report.metadata.to_dict(),
                "consistent": not _bad(report.issues),
                "issues": [_issue_dict(i, report.template) for i in shown]})
        else:
            layout = text("layout", lang, template=report.template)
            out.write(f"{path} ({layout}) — {_summary(report.issues, lang)}\n")
            facts = _facts(report, lang)
            if facts:
                out.write(facts + "\n")
            _issue_lines(shown, report.template, lang, out)
            out.write("\n")
    if args.format == "json":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return status


def _documents(given: list[str], lang: Lang) -> list[str] | None:
    skipped: list[str] = []
    paths = list(find_documents(given, on_skip=lambda p, what: skipped.append(p)))
    if not paths:
        print(f"gxtables: {no_documents_message(given, len(skipped), lang)}", file=sys.stderr)
        return None
    return paths


def _pair_record(earlier: Report, later: Report, issues: Sequence[Issue],
                 shown: Sequence[Issue], lang: Lang) -> dict[str, Any]:
    return {
        "earlier": earlier.source.to_dict(), "later": later.source.to_dict(),
        "templates": [earlier.template, later.template],
        "years": [_year(earlier), _year(later)],
        "organs": [_organ(earlier), _organ(later)],
        "consistent": not _bad(issues),
        "issues": [_issue_dict(i, later.template) for i in shown]}


def _write_pair(earlier: Report, later: Report, shown: Sequence[Issue],
                issues: Sequence[Issue], lang: Lang, out: TextIO) -> None:
    def name(r: Report) -> str:
        year = _year(r)
        layout = text("layout", lang, template=r.template)
        return f"{r.source.path} ({layout}{', ' + str(year) if year else ''})"

    out.write(f"{name(earlier)} → {name(later)} — {_summary(issues, lang)}\n")
    _issue_lines(shown, later.template, lang, out)


def _run_pair(args: argparse.Namespace, out: TextIO, limits: Limits, lang: Lang) -> int:
    from ._compare import compare

    first_path, second_path = args.pair
    first = _load(first_path, args.layout, limits, lang=lang)
    second = _load(second_path, args.layout, limits, lang=lang)
    if first is None or second is None:
        return EXIT_FAILED
    earlier, later = first, second
    a, b = _year(first), _year(second)
    if a is not None and b is not None and a > b:
        earlier, later = second, first
        if args.format != "json":
            out.write(text("ordered", lang, earlier=second_path, a=b, later=first_path, b=a)
                      + "\n")
    issues = compare(earlier, later)
    shown = _shown(issues, args.severity)
    if args.format == "json":
        out.write(json.dumps(_pair_record(earlier, later, issues, shown, lang),
                             ensure_ascii=False) + "\n")
    else:
        _write_pair(earlier, later, shown, issues, lang, out)
    return EXIT_ISSUES if _bad(issues) else EXIT_OK


def _run_series(args: argparse.Namespace, paths: list[str], out: TextIO, limits: Limits,
                lang: Lang) -> int:
    """Reports grouped by organ, each group in year order, consecutive years compared."""
    from ._compare import compare, organ_key

    status = EXIT_OK
    groups: dict[str, list[Report]] = {}
    names: dict[str, str] = {}
    unplaced: list[str] = []
    for path in paths:
        report = _load(path, args.layout, limits, lang=lang)
        if report is None:
            status = EXIT_FAILED
            continue
        organ, year = _organ(report), _year(report)
        if organ is None or year is None:
            unplaced.append(path)
            continue
        key = organ_key(organ)
        groups.setdefault(key, []).append(report)
        names.setdefault(key, organ)
    if unplaced:
        message = text("series_unknown", lang, n=len(unplaced), paths=", ".join(unplaced))
        print(f"gxtables: {message}", file=sys.stderr)
    for key in sorted(groups):
        by_year: dict[int, Report] = {}
        notes: list[str] = []
        for report in sorted(groups[key], key=lambda r: _year(r) or 0):  # stable: input order
            year = _year(report)
            assert year is not None
            if year in by_year:
                notes.append(text("series_duplicate", lang, year=year, paths=", ".join(
                    str(r.source.path) for r in (by_year[year], report))))
                continue
            by_year[year] = report
        years = sorted(by_year)
        gaps = [y for y in range(years[0], years[-1] + 1) if y not in by_year]
        if gaps:
            notes.append(text("series_gap", lang, years=", ".join(map(str, gaps))))
        pairs = [(by_year[y], by_year[y + 1]) for y in years if y + 1 in by_year]
        records = []
        if args.format != "json":
            out.write(text("series_head", lang, organ=names[key], n=len(groups[key]),
                           years=", ".join(map(str, years))) + "\n")
            for note in notes:
                out.write(f"  ! {note}\n")
            if len(by_year) == 1:
                out.write(f"  {text('series_single', lang)}\n")
        for earlier, later in pairs:
            issues = compare(earlier, later)
            if _bad(issues) and status == EXIT_OK:
                status = EXIT_ISSUES
            shown = _shown(issues, args.severity)
            if args.format == "json":
                records.append(_pair_record(earlier, later, issues, shown, lang))
            else:
                _write_pair(earlier, later, shown, issues, lang, out)
        if args.format == "json":
            out.write(json.dumps({
                "organ": names[key], "years": years,
                "reports": [{"year": y, "source": by_year[y].source.to_dict()} for y in years],
                "gaps": gaps, "notes": notes, "pairs": records,
                "consistent": all(p["consistent"] for p in records)},
                ensure_ascii=False) + "\n")
        else:
            out.write("\n")
    return status
