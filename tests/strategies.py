"""Hypothesis strategies for whole annual-report tables, consistent by construction.

``reports()`` draws a :class:`ReportData`: every cell of one official layout, each with
the exact text a renderer prints (``raw``) and what the extractor must return for it
(``value``, ``unit``), following TEMPLATES.md §3 (values) and §5 (the arithmetic of the
applications and review/litigation tables, empty counted as 0).

Whole columns are drawn at once with ``st.lists`` so the strategy stays fast; nothing is
filtered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from gxtables._templates import LAYOUTS, TableSpec

__all__ = [
    "ANNOTATIONS",
    "NULL_MARKERS",
    "ExpectedCell",
    "ReportData",
    "amount_cell",
    "as_count",
    "change_cell",
    "consistency_errors",
    "count_cell",
    "counts",
    "fullwidth",
    "reports",
    "templates",
]

#: Texts that mean "nothing to report" (value ``None``, raw kept).
NULL_MARKERS: tuple[str, ...] = ("-", "—", "/", "无")
#: Annotations some organs glue after a number (seed 002: ``740（市政府网站）``).
ANNOTATIONS: tuple[str, ...] = ("（市政府网站）", "(含部门)", "（全市）", "（市本级）")
_COUNT_UNITS: tuple[str, ...] = ("件", "项")
_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")

#: Columns of the 第二十条 tables that hold money, and those that may be negative.
AMOUNT_COLUMNS = frozenset({"amount"})
CHANGE_COLUMNS = frozenset({"change"})


@dataclass(frozen=True)
class ExpectedCell:
    """One cell: what the extractor must return (``value``, ``unit``) and what is printed."""

    value: int | float | None
    raw: str
    unit: str | None


@dataclass(frozen=True)
class ReportData:
    """A whole report's statutory tables.

    ``tables[table][row][column]`` holds every cell of the layout ``template``.
    ``header_units[(table, column)]`` is the unit the column header prints (``"万元"``);
    a renderer appends it to the column label.
    """

    template: str
    tables: dict[str, dict[str, dict[str, ExpectedCell]]]
    header_units: dict[tuple[str, str], str]

    def cell(self, table: str, row: str, column: str) -> ExpectedCell:
        """The cell at ``table``/``row``/``column``."""
        return self.tables[table][row][column]


def fullwidth(text: str) -> str:
    """``"123.5"`` → ``"１２３．５"`` (full-width digits and point, as some organs type them)."""
    return text.translate(_FULLWIDTH)


def templates() -> SearchStrategy[str]:
    """One of the official layout keys."""
    return st.sampled_from(sorted(LAYOUTS))


def counts(large: int = 10_000_000) -> SearchStrategy[int]:
    """Non-negative counts: many zeros, mostly small, sometimes large."""
    return st.one_of(
        st.just(0),
        st.integers(0, 50),
        st.integers(0, 50),
        st.integers(0, large),
    )


# -- plain counts: applications and review/litigation ------------------------------------


def _plain_cell(value: int, blank_zero: bool, full: bool) -> ExpectedCell:
    if value == 0 and blank_zero:
        return ExpectedCell(None, "", None)
    raw = str(value)
    return ExpectedCell(value, fullwidth(raw) if full else raw, None)


@st.composite
def _plain_cells(draw: DrawFn, values: Sequence[int]) -> list[ExpectedCell]:
    """Render a table's counts: zeros printed ``0`` or left empty (a per-table habit, or
    mixed), and now and then full-width digits."""
    n = len(values)
    zero_style = draw(st.sampled_from(["zero", "empty", "mixed"]))
    if zero_style == "mixed":
        blanks = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    else:
        blanks = [zero_style == "empty"] * n
    if draw(st.integers(0, 9)) == 0:
        fulls = draw(st.lists(st.integers(0, 4).map(lambda i: i == 0), min_size=n, max_size=n))
    else:
        fulls = [False] * n
    return [_plain_cell(v, b, f) for v, b, f in zip(values, blanks, fulls, strict=True)]


def _result_keys(spec: TableSpec) -> list[str]:
    """Rows that count a handling result (``granted`` … ``other_*``), summed by 总计."""
    keys = [r.key for r in spec.rows]
    return keys[keys.index("granted") : keys.index("total_handled")]


@st.composite
def _applications(draw: DrawFn, spec: TableSpec) -> dict[str, dict[str, ExpectedCell]]:
    """The applications table, balanced per column (§5): results sum to 总计,
    新收 + 结转 = 总计 + 结转下年, and every row's 总计 sums the six applicant columns."""
    results = _result_keys(spec)
    applicant_cols = [c.key for c in spec.columns if c.key != "total"]
    large = draw(st.sampled_from([50, 1000, 100_000]))
    numbers: dict[str, dict[str, int]] = {r.key: {} for r in spec.rows}
    for col in applicant_cols:
        handled = draw(st.lists(counts(large), min_size=len(results), max_size=len(results)))
        total_handled = sum(handled)
        forward = draw(counts(large))
        over = draw(st.integers(0, total_handled + forward)) if draw(st.booleans()) else 0
        for key, value in zip(results, handled, strict=True):
            numbers[key][col] = value
        numbers["total_handled"][col] = total_handled
        numbers["carried_forward"][col] = forward
        numbers["carried_over"][col] = over
        numbers["new_received"][col] = total_handled + forward - over
    for row in numbers.values():
        row["total"] = sum(row[c] for c in applicant_cols)
    col_keys = [c.key for c in spec.columns]
    flat = [numbers[r.key][c] for r in spec.rows for c in col_keys]
    cells = iter(draw(_plain_cells(flat)))
    return {r.key: {c: next(cells) for c in col_keys} for r in spec.rows}


@st.composite
def _review(draw: DrawFn, spec: TableSpec) -> dict[str, dict[str, ExpectedCell]]:
    """The review/litigation block: per row 总计 = 维持 + 纠正 + 其他 + 未审结."""
    parts = [c.key for c in spec.columns if c.key != "total"]
    flat: list[int] = []
    for _row in spec.rows:
        values = draw(st.lists(counts(500), min_size=len(parts), max_size=len(parts)))
        flat.extend([*values, sum(values)])
    cells = iter(draw(_plain_cells(flat)))
    return {r.key: {c.key: next(cells) for c in spec.columns} for r in spec.rows}


# -- 第二十条 cells ------------------------------------------------------------------------


def _null_cell(draw: DrawFn, unit: str | None) -> ExpectedCell:
    marker = draw(st.sampled_from(("", *NULL_MARKERS)))
    return ExpectedCell(None, marker, unit)


@st.composite
def count_cell(draw: DrawFn) -> ExpectedCell:
    """A 第二十条 count: plain, with a unit (``12件``), thousands separators, full-width,
    annotated (``740（市政府网站）``), empty or a null marker."""
    form = draw(
        st.sampled_from(["plain", "plain", "unit", "sep", "full", "note", "null"])
    )
    if form == "null":
        return _null_cell(draw, None)
    value = draw(counts())
    if form == "unit":
        unit = draw(st.sampled_from(_COUNT_UNITS))
        return ExpectedCell(value, f"{value}{unit}", unit)
    if form == "sep":
        return ExpectedCell(value, f"{value:,}", None)
    if form == "full":
        return ExpectedCell(value, fullwidth(str(value)), None)
    if form == "note":
        return ExpectedCell(value, f"{value}{draw(st.sampled_from(ANNOTATIONS))}", None)
    return ExpectedCell(value, str(value), None)


@st.composite
def change_cell(draw: DrawFn) -> ExpectedCell:
    """A 本年增/减 cell: may be negative (``-1168项``) or signed (``+2``)."""
    form = draw(st.sampled_from(["plain", "plain", "signed", "unit", "null"]))
    if form == "null":
        return _null_cell(draw, None)
    value = draw(st.one_of(st.integers(-50, 50), st.integers(-5000, 5000)))
    sign = "+" if value > 0 and form == "signed" else ""
    if form == "unit":
        unit = draw(st.sampled_from(_COUNT_UNITS))
        return ExpectedCell(value, f"{sign}{value}{unit}", unit)
    return ExpectedCell(value, f"{sign}{value}", None)


def _decimal_text(units: int, frac: str) -> str:
    return f"{units}.{frac}" if frac else str(units)


@st.composite
def amount_cell(draw: DrawFn, header_unit: str | None) -> ExpectedCell:
    """A money amount (``4653.2万元``; bare ``21692.71`` under a ``（万元）`` header).

    A cell prints its own unit only when it agrees with the header's, so the expected
    unit is never in conflict; a bare cell takes the header's unit (or none)."""
    form = draw(st.sampled_from(["bare", "bare", "unit", "sep", "full", "null"]))
    if form == "null":
        return _null_cell(draw, header_unit)
    units = draw(st.one_of(st.integers(0, 999), st.integers(0, 10_000_000)))
    frac = draw(st.sampled_from(["", "", "5", "2", "71", "3866", "05"]))
    text = _decimal_text(units, frac)
    value: int | float = float(Decimal(text)) if frac else units
    if form == "unit":
        unit = header_unit or draw(st.sampled_from(["万元", "元"]))
        return ExpectedCell(value, f"{text}{unit}", unit)
    if form == "sep":
        head = f"{units:,}"
        return ExpectedCell(value, f"{head}.{frac}" if frac else head, header_unit)
    if form == "full":
        return ExpectedCell(value, fullwidth(text), header_unit)
    return ExpectedCell(value, text, header_unit)


@st.composite
def _article20(
    draw: DrawFn, spec: TableSpec, header_units: dict[tuple[str, str], str]
) -> dict[str, dict[str, ExpectedCell]]:
    out: dict[str, dict[str, ExpectedCell]] = {}
    for row in spec.rows:
        out[row.key] = {}
        for col in spec.columns:
            if col.key in AMOUNT_COLUMNS:
                out[row.key][col.key] = draw(
                    amount_cell(header_units.get((spec.key, col.key)))
                )
            elif col.key in CHANGE_COLUMNS:
                out[row.key][col.key] = draw(change_cell())
            else:
                out[row.key][col.key] = draw(count_cell())
    return out


@st.composite
def _header_units(draw: DrawFn, template: str) -> dict[tuple[str, str], str]:
    """Units printed in amount headers. The 2021 form prints （单位：万元） in its own label."""
    units: dict[tuple[str, str], str] = {}
    for spec in LAYOUTS[template].tables:
        for col in spec.columns:
            if col.key not in AMOUNT_COLUMNS:
                continue
            if "万元" in col.label:
                units[(spec.key, col.key)] = "万元"
            else:
                unit = draw(st.sampled_from([None, "万元", "万元", "元"]))
                if unit is not None:
                    units[(spec.key, col.key)] = unit
    return units


@st.composite
def _reports(draw: DrawFn, template: str | None) -> ReportData:
    key = template if template is not None else draw(templates())
    layout = LAYOUTS[key]
    header_units = draw(_header_units(key))
    tables: dict[str, dict[str, dict[str, ExpectedCell]]] = {}
    for spec in layout.tables:
        if spec.key == "applications":
            tables[spec.key] = draw(_applications(spec))
        elif spec.key == "review_litigation":
            tables[spec.key] = draw(_review(spec))
        else:
            tables[spec.key] = draw(_article20(spec, header_units))
    return ReportData(key, tables, header_units)


def reports(template: str | None = None) -> SearchStrategy[ReportData]:
    """Whole reports of ``template`` (``"2019"``/``"2021"``; any when ``None``)."""
    if template is not None and template not in LAYOUTS:
        raise ValueError(f"unknown template {template!r}: expected one of {sorted(LAYOUTS)}")
    return _reports(template)


# -- consistency, for tests of the strategy itself -----------------------------------------


def as_count(cell: ExpectedCell) -> int:
    """A count cell with empty read as 0 (the §5 convention)."""
    return int(cell.value) if cell.value is not None else 0


def consistency_errors(data: ReportData) -> list[str]:
    """Every §5 rule the data breaks (empty for generated data)."""
    errors: list[str] = []
    spec = LAYOUTS[data.template].table("applications")
    apps = data.tables["applications"]
    results = _result_keys(spec)
    applicant_cols = [c.key for c in spec.columns if c.key != "total"]
    for col in (c.key for c in spec.columns):
        v = {r: as_count(apps[r][col]) for r in apps}
        if v["total_handled"] != sum(v[r] for r in results):
            errors.append(f"applications {col}: total_handled != sum of results")
        if v["new_received"] + v["carried_over"] != v["total_handled"] + v["carried_forward"]:
            errors.append(f"applications {col}: balance")
    for row, cols in apps.items():
        if as_count(cols["total"]) != sum(as_count(cols[c]) for c in applicant_cols):
            errors.append(f"applications {row}: total != sum of applicants")
    for row, cols in data.tables["review_litigation"].items():
        parts = sum(as_count(cols[c]) for c in ("upheld", "corrected", "other", "pending"))
        if as_count(cols["total"]) != parts:
            errors.append(f"review_litigation {row}: total != sum")
    return errors
