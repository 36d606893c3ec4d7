"""Cross-year checks between two reports of the same organ (docs/OUTPUT.md §5).

The requests still open at the end of year N (四、结转下年度继续办理) are the requests
carried into year N+1 (二、上年结转政府信息公开申请数量), per applicant column and in 总计.
Reports of 2019/2020 use 国办公开办函〔2019〕60号 and those from 2021 on 〔2021〕30号; the
applications table's rows for carrying requests are the same in both, so that check runs
across the change, while tables or rows only one form has are listed as not comparable.

Whether the two are of one organ and consecutive years is checked from what the reports say
about themselves (``report.metadata``: the title's organ or 发布机构, the title's year or the
统计期限): ``years_not_consecutive`` and ``organs_differ`` warn when they say otherwise. When
a report does not say, the caller vouches for it.
"""

from __future__ import annotations

import re

from ._checks import EMPTY, UNREAD, cell_count
from ._records import Issue, Report
from ._templates import LAYOUTS

__all__ = ["compare", "organ_key"]


def _name(report: Report) -> str:
    return report.source.path or f"<bytes {report.source.sha256[:12]}>"


def carry_issues(earlier: Report, later: Report) -> list[Issue]:
    """The template's carry (``carried_forward`` of year N against ``carried_over`` of year
    N+1), per column; empty counts as 0, an unreadable cell is skipped (it has its own
    issue)."""
    out: list[Issue] = []
    for spec in LAYOUTS[later.template].tables:
        carry = spec.carry
        first, second = earlier.tables.get(spec.key), later.tables.get(spec.key)
        if carry is None or first is None or second is None:
            continue
        forward = LAYOUTS[earlier.template].table(spec.key).row(carry.forward).label
        over = spec.row(carry.over).label
        for col in spec.columns:
            a = cell_count(first.rows[carry.forward][col.key])
            b = cell_count(second.rows[carry.over][col.key])
            if a is UNREAD or b is UNREAD:
                continue
            x = 0 if a is EMPTY else a
            y = 0 if b is EMPTY else b
            if x == y:
                continue
            shown_a = "empty (0)" if a is EMPTY else f"{x}"
            shown_b = "empty (0)" if b is EMPTY else f"{y}"
            out.append(Issue(
                "carry_mismatch", "warning",
                f"column {col.label!r}: {forward} of {_name(earlier)} is {shown_a} but "
                f"{over} of {_name(later)} is {shown_b}; difference "
                f"{y - x}", spec.key, carry.over, col.key))  # type: ignore[operator]
    return out


def layout_issues(earlier: Report, later: Report) -> list[Issue]:
    """What the 2019 → 2021 layout change leaves without a counterpart (``not_comparable``,
    info): whole tables, rows and columns only one of the two layouts has."""
    if earlier.template == later.template:
        return []
    a, b = LAYOUTS[earlier.template], LAYOUTS[later.template]
    change = f"{a.key} layout ({a.document}) → {b.key} layout ({b.document})"
    out: list[Issue] = []
    for spec in a.tables + b.tables:
        other = b if spec in a.tables else a
        if spec.key not in other.table_keys:
            out.append(Issue("not_comparable", "info",
                             f"{change}: table {spec.key!r} exists only in the {spec_layout(spec)}"
                             " layout", spec.key))
    for key in a.table_keys:
        if key not in b.table_keys:
            continue
        ta, tb = a.table(key), b.table(key)
        rows_a, rows_b = [r.key for r in ta.rows], [r.key for r in tb.rows]
        only_a = [r for r in rows_a if r not in rows_b]
        only_b = [r for r in rows_b if r not in rows_a]
        if only_a and only_b:
            out.append(Issue(
                "not_comparable", "info",
                f"{change}: table {key!r} rows {only_a} ({a.key}) correspond to {only_b} "
                f"({b.key}); compare their sums, not row by row", key))
        else:
            for keys, lay in ((only_a, a.key), (only_b, b.key)):
                if keys:
                    out.append(Issue("not_comparable", "info",
                                     f"{change}: table {key!r} rows {keys} exist only in the "
                                     f"{lay} layout", key))
        cols_a, cols_b = [c.key for c in ta.columns], [c.key for c in tb.columns]
        if cols_a != cols_b:
            out.append(Issue(
                "not_comparable", "info",
                f"{change}: table {key!r} counts different things: columns {cols_a} "
                f"({a.key}) vs {cols_b} ({b.key})", key))
    return out


def spec_layout(spec: object) -> str:
    for key, layout in LAYOUTS.items():
        if spec in layout.tables:
            return key
    return "?"


def organ_key(name: str) -> str:
    """An organ's name for comparison: 台州市 and 台州市人民政府 are one organ."""
    return re.sub(r"(人民政府|政府)$", "", re.sub(r"\s+", "", name))


def identity_issues(earlier: Report, later: Report) -> list[Issue]:
    """What the reports' own metadata says against comparing them: years that are not N and
    N+1 (``years_not_consecutive``), organs that differ (``organs_differ``)."""
    out: list[Issue] = []
    a, b = earlier.metadata, later.metadata
    year_a = a.year.value if a is not None and a.year is not None else None
    year_b = b.year.value if b is not None and b.year is not None else None
    if isinstance(year_a, int) and isinstance(year_b, int) and year_b != year_a + 1:
        out.append(Issue(
            "years_not_consecutive", "warning",
            f"{_name(earlier)} reports on {year_a} and {_name(later)} on {year_b}: the carried "
            f"requests match only from year N to year N+1 (expected {year_a + 1})"))
    organ_a = a.organ.value if a is not None and a.organ is not None else None
    organ_b = b.organ.value if b is not None and b.organ is not None else None
    if isinstance(organ_a, str) and isinstance(organ_b, str) and \
            organ_key(organ_a) != organ_key(organ_b):
        out.append(Issue(
            "organs_differ", "warning",
            f"{_name(earlier)} is published by {organ_a!r} and {_name(later)} by {organ_b!r}: "
            "the carried requests match only within one organ"))
    return out


def compare(earlier: Report, later: Report) -> list[Issue]:
    """Cross-year issues between year N (``earlier``) and year N+1 (``later``).

    ``carry_mismatch`` (warning) per column where 四、结转下年度继续办理 of year N differs from
    二、上年结转政府信息公开申请数量 of year N+1; ``not_comparable`` (info) for what the 2019 →
    2021 layout change leaves without a counterpart; ``years_not_consecutive`` and
    ``organs_differ`` (warnings) when the reports' metadata says they are not year N and N+1
    of one organ. An empty list means consistent.

    >>> compare(extract("2020.pdf"), extract("2021.pdf"))   # doctest: +SKIP
    [Issue(code='carry_mismatch', severity='warning', ...)]
    """
    return (identity_issues(earlier, later) + layout_issues(earlier, later)
            + carry_issues(earlier, later))
