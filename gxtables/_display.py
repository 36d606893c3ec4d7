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

from ._records import CellValue, Issue, Report
from ._templates import LAYOUTS, TableSpec

__all__ = ["cell_issues", "report_html", "report_repr", "report_text"]

CellKey = tuple[str, str, str]
_RANK = {"info": 1, "warning": 2, "error": 3}
_MARK = {"error": "?", "warning": "!", "info": "~"}
_COLOUR = {"error": "#f8d7da", "warning": "#fff3cd", "info": "#d7ecf7"}
#: The rows the 勾稽关系 (a column-wide rule) names.
_BALANCE_ROWS = ("new_received", "carried_over", "total_handled", "carried_forward")


def _cells_of(issue: Issue, report: Report) -> list[CellKey]:
    table = report.tables.get(issue.table) if issue.table else None
    if table is None:
        return []
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


def _value_text(cell: CellValue) -> str:
    if cell.raw is None:
        return "—"
    if cell.value is None:
        return ""
    v = cell.value
    text = str(int(v)) if isinstance(v, float) and v.is_integer() and "." not in (cell.raw or "") \
        else str(v)
    return text + (cell.unit or "") if cell.unit and cell.unit not in ("件", "项") else text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int, right: bool = False) -> str:
    if _width(text) > width:
        out = ""
        for ch in text:
            if _width(out + ch) > width - 1:
                break
            out += ch
        text = out + "…"
    pad = " " * (width - _width(text))
    return pad + text if right else text + pad


def _table_issues(report: Report, key: str) -> list[Issue]:
    return [i for i in report.issues if i.table == key]


def _title(spec: TableSpec, template: str) -> str:
    from ._labels import label

    return label(spec.key, layout=template)


def report_text(report: Report, *, label_width: int = 24, cell_width: int = 8) -> str:
    """The whole report as text tables (see the module docstring for the marks)."""
    layout = LAYOUTS[report.template]
    flagged = cell_issues(report)
    lines = [report_repr(report)[1:-1]]
    general = [i for i in report.issues if i.table is None or i.table not in report.tables]
    for i in general:
        lines.append(f"  {_MARK[i.severity]} {i.code}: {i.message}")
    for key, table in report.tables.items():
        spec = layout.table(key)
        lines.append("")
        lines.append(f"== {key}: {_title(spec, report.template)}")
        cols = list(spec.columns)
        width = max(cell_width, *(min(_width(c.label), 14) + 1 for c in cols))
        lines.append(_fit("", label_width) + "".join(_fit(c.label, width, True) for c in cols))
        for row in spec.rows:
            cells = []
            for c in cols:
                found = flagged.get((key, row.key, c.key), [])
                worst = _worst(found)
                mark = _MARK[worst] if worst else " "
                cells.append(_fit(_value_text(table.rows[row.key][c.key]), width - 1, True) + mark)
            lines.append(_fit(row.label, label_width) + "".join(cells))
        for n, issue in enumerate(_table_issues(report, key), 1):
            where = "×".join(x for x in (issue.row, issue.column) if x)
            lines.append(f"  [{n}] {_MARK[issue.severity]} {issue.severity} {issue.code}"
                         f"{' ' + where if where else ''}: {issue.message}")
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
