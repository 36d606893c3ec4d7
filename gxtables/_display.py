"""How a report shows itself: a one-line ``repr``, a plain-text rendering for terminals
(``str(report)``) and HTML for Jupyter (``report._repr_html_()``).

Both renderings print every table under its official labels, the values as read, and mark
each cell an issue names: ``?`` error (not read), ``!`` warning (doubtful or inconsistent),
``~`` info (inferred, or an empty cell a failing rule counted as 0); the issues follow each
table, numbered.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._i18n import meaning_zh, severity_name, text
from ._labels import Lang, label
from ._templates import LAYOUTS, TableSpec

if TYPE_CHECKING:  # the records are what is shown; they import this module, not the reverse
    from ._records import CellValue, Issue, Report, Table

__all__ = ["cell_issues", "report_html", "report_repr", "report_text", "table_text"]

CellKey = tuple[str, str, str]
_RANK = {"info": 1, "warning": 2, "error": 3}
_MARK = {"error": "?", "warning": "!", "info": "~"}
_COUNT_UNITS = ("件", "项")
_COLOUR = {"error": "#f8d7da", "warning": "#fff3cd", "info": "#d7ecf7"}
#: The rows the 勾稽关系 (a column-wide rule) names.
_BALANCE_ROWS = tuple(dict.fromkeys(
    r for layout in LAYOUTS.values() for t in layout.tables for r in t.balance_rows))


def _cells_of(issue: Issue, report: Report) -> list[CellKey]:
    table = report.tables.get(issue.table) if issue.table else None
    if table is None:
        return []
    if issue.severity == "info" and issue.row is None and issue.column is None:
        return []  # a remark about the whole table: listed under it, no cell marked
    rows = [issue.row] if issue.row in table.rows else list(table.rows)
    if issue.row is None and issue.code == "balance_mismatch":
        rows = [r for r in _BALANCE_ROWS if r in table.rows]
    out: list[tuple[str, str, str]] = []
    for r in rows:
        cols = table.rows[r]
        keys = [issue.column] if issue.column in cols else list(cols)
        out.extend((table.key, r, c) for c in keys)
    return out


def cell_issues(report: Report) -> dict[CellKey, list[Issue]]:
    """The issues that name each cell: by table, row and column, a missing row or column
    meaning all of them (the column-wide 勾稽关系 names its four rows)."""
    out: dict[CellKey, list[Issue]] = {}
    for issue in report.issues:
        for key in _cells_of(issue, report):
            out.setdefault(key, []).append(issue)
    return out


def _worst(issues: Sequence[Issue]) -> str | None:
    return max((i.severity for i in issues), key=_RANK.__getitem__, default=None)


def _counts(report: Report) -> str:
    n = {s: sum(1 for i in report.issues if i.severity == s) for s in ("error", "warning", "info")}
    return f"{n['error']} error(s), {n['warning']} warning(s), {n['info']} info"


def _name(report: Report) -> str:
    return report.source.path or f"<bytes {report.source.sha256[:12]}>"


def report_repr(report: Report) -> str:
    """``<Report 'a.pdf' pdf layout 2019: 7 tables, 0 error(s), 1 warning(s), 2 info>``."""
    return (f"<Report {_name(report)!r} {report.source.format} layout {report.template}: "
            f"{len(report.tables)} tables, {_counts(report)}>")


def _value_text(cell: CellValue, *, unit: bool = True) -> str:
    """A cell as shown: the number as printed (``-`` never found, blank when empty), with a
    unit other than the counting units 件/项 when ``unit``."""
    if cell.raw is None:
        return "-"
    if cell.value is None:
        return ""
    v = cell.value
    text = str(int(v)) if isinstance(v, float) and v.is_integer() and "." not in (cell.raw or "") \
        else str(v)
    if unit and cell.unit and cell.unit not in _COUNT_UNITS:
        return text + cell.unit
    return text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table_issues(report: Report, key: str) -> list[Issue]:
    return [i for i in report.issues if i.table == key]


def _title(spec: TableSpec, template: str, lang: Lang = "zh") -> str:
    return label(spec.key, layout=template, lang=lang)


def _where(issue: Issue, report: Report, lang: Lang = "zh") -> str:
    """The row and column an issue names, as official labels (keys when unknown)."""
    parts = []
    for kind, key in (("row", issue.row), ("column", issue.column)):
        if key is None:
            continue
        try:
            parts.append(label(issue.table or "", layout=report.template, lang=lang,
                               **{kind: key}))
        except ValueError:
            parts.append(key)
    return " × ".join(parts)


def _units(table: Table, column: str) -> list[str]:
    found = (cols[column].unit for cols in table.rows.values() if column in cols)
    return [u for u in dict.fromkeys(found) if u and u not in _COUNT_UNITS]


def table_text(report: Report, key: str, *, lang: Lang = "en", labels: Lang = "zh",
               flagged: dict[CellKey, list[Issue]] | None = None) -> list[str]:
    """One table as lines of text.

    Only ASCII decides the alignment — a notebook's font draws a CJK glyph at no fixed
    multiple of an ASCII one — so the grid holds numbers under ``[n]`` column numbers, a
    legend above names the columns, and each row's official label comes last, in full.
    """
    spec = LAYOUTS[report.template].table(key)
    table = report.tables[key]
    flagged = cell_issues(report) if flagged is None else flagged
    cols = list(spec.columns)
    legend = []
    for n, c in enumerate(cols, 1):
        name = c.label if labels == "zh" else c.en
        units = _units(table, c.key)
        legend.append(f"[{n}] {name}" + (f" ({'/'.join(units)})" if units else ""))
    texts = {(r.key, c.key): _value_text(table.rows[r.key][c.key], unit=False)
             for r in spec.rows for c in cols}
    width = max(4, *(len(t) for t in texts.values())) + 1
    lines = [f"== {key}: {_title(spec, report.template, labels)}",
             "   columns: " + "  ".join(legend)]
    lines.append("  " + "".join(f"[{n}]".rjust(width) + " " for n in range(1, len(cols) + 1)))
    for row in spec.rows:
        cells = []
        for c in cols:
            worst = _worst(flagged.get((key, row.key, c.key), []))
            text = texts[(row.key, c.key)]
            cells.append(text.rjust(width) + (_MARK[worst] if worst else " "))
        name = row.label if labels == "zh" else row.en
        lines.append("  " + "".join(cells) + "  " + name)
    for n, issue in enumerate(_table_issues(report, key), 1):
        lines.append(f"  [{n}] {_issue_text(issue, report, lang, labels)}")
    return lines


def _issue_text(issue: Issue, report: Report, lang: Lang, labels: Lang = "zh") -> str:
    """``! warning balance_mismatch 自然人: message`` (in Chinese: the code's meaning first)."""
    where = _where(issue, report, labels)
    note = f"{meaning_zh(issue.code)}。" if lang == "zh" else ""
    return (f"{_MARK[issue.severity]} {severity_name(issue.severity, lang)} {issue.code}"
            f"{' ' + where if where else ''}: {note}{issue.message}")


def _metadata_line(report: Report, lang: Lang) -> str | None:
    meta = report.metadata
    if meta is None:
        return None
    parts = []
    for key, fact in (("title", meta.title), ("organ", meta.organ), ("year", meta.year)):
        parts.append(f"{text(key, lang)}: "
                     f"{text('unknown', lang) if fact is None else fact.value}")
    return "  " + " · ".join(parts)


def report_text(report: Report, *, lang: Lang = "en", labels: Lang = "zh") -> str:
    """The whole report as text tables (see the module docstring for the marks): the
    official labels (``labels="en"``: English names), messages in ``lang``."""
    flagged = cell_issues(report)
    lines = [report_repr(report)[1:-1]]
    facts = _metadata_line(report, lang)
    if facts:
        lines.append(facts)
    general = [i for i in report.issues if i.table is None or i.table not in report.tables]
    for i in general:
        lines.append(f"  {_issue_text(i, report, lang, labels)}")
    for key in report.tables:
        lines.append("")
        lines.extend(table_text(report, key, lang=lang, labels=labels, flagged=flagged))
    return "\n".join(lines)


def report_html(report: Report) -> str:
    """The report as HTML tables with inline styles (Jupyter keeps them), each marked cell
    coloured by its worst issue and titled with the issues' messages."""
    esc = html.escape
    layout = LAYOUTS[report.template]
    flagged = cell_issues(report)
    out = [f"<div class='gxtables-report'><p><b>{esc(_name(report))}</b> · "
           f"{esc(report.source.format)} · layout {esc(report.template)} "
           f"({esc(layout.document)}) · {esc(_counts(report))}</p>"]
    facts = _metadata_line(report, "en")
    if facts:
        out.append(f"<p>{esc(facts.strip())}</p>")
    general = [i for i in report.issues if i.table is None or i.table not in report.tables]
    if general:
        out.append("<ul>" + "".join(
            f"<li>{esc(i.severity)} <code>{esc(i.code)}</code>: {esc(i.message)}</li>"
            for i in general) + "</ul>")
    td = "style='border:1px solid #ccc;padding:2px 6px;text-align:right{}'"
    th = "style='border:1px solid #ccc;padding:2px 6px;text-align:left'"
    for key, table in report.tables.items():
        spec = layout.table(key)
        out.append("<table style='border-collapse:collapse;margin:8px 0'>")
        out.append(f"<caption style='text-align:left'><b>{esc(_title(spec, report.template))}</b> "
                   f"<code>{esc(key)}</code></caption>")
        out.append("<tr><th " + th + "></th>" + "".join(
            f"<th {th} title='{esc(c.key)}'>{esc(c.label)}</th>" for c in spec.columns) + "</tr>")
        for row in spec.rows:
            out.append(f"<tr><th {th} title='{esc(row.key)}'>{esc(row.label)}</th>")
            for c in spec.columns:
                found = flagged.get((key, row.key, c.key), [])
                worst = _worst(found)
                style = f";background:{_COLOUR[worst]}" if worst else ""
                tip = "\n".join(f"{i.severity} {i.code}: {i.message}" for i in found)
                title = f" title='{esc(tip, quote=True)}'" if tip else ""
                mark = f"<sup>{_MARK[worst]}</sup>" if worst else ""
                text = esc(_value_text(table.rows[row.key][c.key]))
                out.append(f"<td {td.format(style)}{title}>{text}{mark}</td>")
            out.append("</tr>")
        out.append("</table>")
        issues = _table_issues(report, key)
        if issues:
            out.append("<ol style='font-size:smaller'>" + "".join(
                f"<li style='background:{_COLOUR[i.severity]}'>{esc(i.severity)} "
                f"<code>{esc(i.code)}</code> "
                f"{esc('×'.join(x for x in (i.row, i.column) if x))}: {esc(i.message)}</li>"
                for i in issues) + "</ol>")
    out.append("</div>")
    return "".join(out)
