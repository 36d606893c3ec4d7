"""Lossy forms of a report, as crawlers and converters really deliver them (issue 12).

Each form takes a :class:`~strategies.ReportData` and returns a :class:`LossyDoc`: the
document's bytes and its *truth* in the format of ``shared/tools/score.py`` — every cell
``{"value": v, "unit": u}``, or ``{"expect": "flagged"}`` where the form has genuinely lost
the information (more than one reading of the printed text satisfies every rule the
template states; see :func:`oneline_truth`).

Forms (:data:`FORMS`):

* ``oneline`` — a crawler's page text: a few header lines (标题:/发布时间:/发布机构:/
  原文链接:), then the whole body on ONE line: prose with numbers in it, headings, and the
  tables with every cell boundary lost, stray single spaces between some pieces, header
  labels broken by a space (``商业 企业``), a row label followed by its digits glued
  together (``一、本年新收政府信息公开申请数量713000074``), the review table's 15 values
  spaced or glued (modelled on shared/samples/pingtan-2022-txt/page.txt); its tables print
  every cell (as the real pages do), while ``oneline_blanks`` pages come from reports that
  leave zeros empty — there a cell can vanish without a trace; ``oneline_nbsp`` is the text
  of a Word-made HTML page whose empty cells hold ``&nbsp;``: each prints one no-break space
  (and some paragraphs are indented by no-break or ideographic spaces);
* ``pdftotext`` / ``pdftotext_layout`` — poppler's ``pdftotext`` (default mode and
  ``-layout``) run on the PDFs of :mod:`_render.pdf` (:mod:`_render.pdftotext`);
* ``pdf_unruled`` — the PDFs of :mod:`_render.pdf` with their tables drawn without ruling
  lines, or with horizontal rules only (read by gxtables itself, not by another tool);
* ``markdown_marker`` / ``markdown_docling`` / ``markdown_mineru`` — Markdown in the styles
  of PDF→Markdown converters (:mod:`_render.markdown`);
* ``traditional`` — a whole document converted to traditional characters (報告, 處理, 維持);
* ``misspelt`` — some row labels with a character or a few dropped or two swapped (the real
  ``2.其他法律行政止公开``) and header labels broken by a space (``商业 企业``).

``realistic_report(rng, template)`` draws the values real reports print: mostly zeros and
small counts, some blanks; ``realistic_reports()`` is the same as a hypothesis strategy.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hypothesis import Phase, settings
from hypothesis import strategies as st
from strategies import AMOUNT_COLUMNS, CHANGE_COLUMNS, NULL_MARKERS, ExpectedCell, ReportData

from _render.layout import (
    LABEL_STYLES,
    UNIT_HEADER_STYLES,
    Block,
    GridCell,
    GridTable,
    LayoutStyle,
    Paragraph,
    layout_report,
)
from gxtables._templates import LAYOUTS, TableSpec

__all__ = [
    "FORMS",
    "LossyDoc",
    "Run",
    "Score",
    "corpus",
    "leaves_blanks",
    "misspell_blocks",
    "oneline_truth",
    "random_style",
    "realistic_report",
    "realistic_reports",
    "render_form",
    "render_oneline",
    "run_readings",
    "score_document",
    "score_output",
    "share_right",
    "to_traditional",
    "truth_exact",
]

Truth = dict[str, Any]


@dataclass(frozen=True)
class LossyDoc:
    """One rendered document: its bytes, file suffix and truth (score.py's format)."""

    form: str
    data: bytes
    suffix: str
    truth: Truth


# -- realistic values ------------------------------------------------------------------------


def _small(rng: random.Random) -> int:
    """A count as 第二十条 tables print them: often 0, mostly small, now and then large."""
    p = rng.random()
    if p < 0.4:
        return 0
    if p < 0.75:
        return rng.randint(1, 20)
    if p < 0.95:
        return rng.randint(21, 500)
    return rng.randint(501, 30000)


def _count_cell(rng: random.Random) -> ExpectedCell:
    p = rng.random()
    if p < 0.08:
        return ExpectedCell(None, rng.choice(("", *NULL_MARKERS)), None)
    value = _small(rng)
    if p < 0.18:
        unit = rng.choice(("件", "项"))
        return ExpectedCell(value, f"{value}{unit}", unit)
    return ExpectedCell(value, str(value), None)


def _change_cell(rng: random.Random) -> ExpectedCell:
    p = rng.random()
    if p < 0.08:
        return ExpectedCell(None, rng.choice(("", *NULL_MARKERS)), None)
    value = rng.choice((0, 0, rng.randint(-20, 20), rng.randint(-300, 300)))
    sign = "+" if value > 0 and rng.random() < 0.3 else ""
    return ExpectedCell(value, f"{sign}{value}", None)


def _amount_cell(rng: random.Random, header_unit: str | None) -> ExpectedCell:
    p = rng.random()
    if p < 0.08:
        return ExpectedCell(None, rng.choice(("", *NULL_MARKERS)), header_unit)
    units = rng.choice((0, rng.randint(0, 99), rng.randint(100, 99999)))
    frac = rng.choice(("", "", "5", "36", "71", "05", "3866"))
    text = f"{units}.{frac}" if frac else str(units)
    value: int | float = float(Decimal(text)) if frac else units
    if p < 0.2:
        unit = header_unit or rng.choice(("万元", "元"))
        return ExpectedCell(value, f"{text}{unit}", unit)
    return ExpectedCell(value, text, header_unit)


def _plain(values: Sequence[int], rng: random.Random, blanks: float) -> list[ExpectedCell]:
    """Counts of the applications/review tables: zeros printed ``0``, or — in a table whose
    organ leaves zeros empty (``blanks`` of the tables) — some or all of them left empty."""
    style = "zero"
    if rng.random() < blanks:
        style = rng.choice(("mixed", "mixed", "empty"))
    out = []
    for v in values:
        blank = v == 0 and (style == "empty" or (style == "mixed" and rng.random() < 0.3))
        out.append(ExpectedCell(None, "", None) if blank else ExpectedCell(v, str(v), None))
    return out


#: How busy each applicant column is (upper bound of its yearly requests).
_ACTIVITY = {
    "natural_person": 300,
    "commercial_enterprise": 30,
    "research_institution": 3,
    "social_welfare_org": 3,
    "legal_service_org": 8,
    "other_org": 6,
}
#: Relative weight of each handling result (most requests are granted or not held).
_RESULT_WEIGHT = {
    "granted": 10, "partially_granted": 3, "unavailable_not_held": 6,
    "unavailable_needs_creation": 1, "unavailable_unclear": 1, "rejected_petition": 1,
    "rejected_duplicate": 1, "denied_third_party": 1, "denied_process_info": 1,
    "other_other": 1, "other_handling": 1, "other_no_correction": 1,
}


def _applications(
    rng: random.Random, spec: TableSpec, blanks: float
) -> dict[str, dict[str, ExpectedCell]]:
    keys = [r.key for r in spec.rows]
    results = keys[keys.index("granted") : keys.index("total_handled")]
    weights = [_RESULT_WEIGHT.get(k, 0.3) for k in results]
    applicant_cols = [c.key for c in spec.columns if c.key != "total"]
    numbers: dict[str, dict[str, int]] = {k: {} for k in keys}
    for col in applicant_cols:
        active = col == "natural_person" or rng.random() < 0.35
        n = rng.randint(0, _ACTIVITY[col]) if active else 0
        handled = dict.fromkeys(results, 0)
        for key in rng.choices(results, weights, k=n):
            handled[key] += 1
        forward = rng.choice((0, 0, 0, rng.randint(0, 5)))
        over = rng.choice((0, 0, rng.randint(0, 5)))
        over = min(over, n + forward)
        for key, value in handled.items():
            numbers[key][col] = value
        numbers["total_handled"][col] = n
        numbers["carried_forward"][col] = forward
        numbers["carried_over"][col] = over
        numbers["new_received"][col] = n + forward - over
    for row in numbers.values():
        row["total"] = sum(row[c] for c in applicant_cols)
    cols = [c.key for c in spec.columns]
    cells = iter(_plain([numbers[k][c] for k in keys for c in cols], rng, blanks))
    return {k: {c: next(cells) for c in cols} for k in keys}


def _review(rng: random.Random, spec: TableSpec, blanks: float) -> dict[str, dict[str, ExpectedCell]]:
    flat: list[int] = []
    for _row in spec.rows:
        parts = [rng.choice((0, 0, 0, rng.randint(0, 3), rng.randint(0, 12))) for _ in range(4)]
        flat.extend([*parts, sum(parts)])
    cells = iter(_plain(flat, rng, blanks))
    return {r.key: {c.key: next(cells) for c in spec.columns} for r in spec.rows}


def realistic_report(
    rng: random.Random, template: str | None = None, *, blanks: float = 0.15
) -> ReportData:
    """A report with the values real ones print: mostly zeros and small counts, a busy
    自然人 column, balanced by construction (TEMPLATES.md §5); ``blanks`` is the share of
    applications/review tables that leave (some or all) zeros empty."""
    key = template if template is not None else rng.choice(sorted(LAYOUTS))
    layout = LAYOUTS[key]
    header_units: dict[tuple[str, str], str] = {}
    for spec in layout.tables:
        for col in spec.columns:
            if col.key in AMOUNT_COLUMNS:
                if "万元" in col.label:
                    header_units[(spec.key, col.key)] = "万元"
                else:
                    unit = rng.choice((None, "万元", "万元", "元"))
                    if unit is not None:
                        header_units[(spec.key, col.key)] = unit
    tables: dict[str, dict[str, dict[str, ExpectedCell]]] = {}
    for spec in layout.tables:
        if spec.key == "applications":
            tables[spec.key] = _applications(rng, spec, blanks)
        elif spec.key == "review_litigation":
            tables[spec.key] = _review(rng, spec, blanks)
        else:
            rows: dict[str, dict[str, ExpectedCell]] = {}
            for row in spec.rows:
                rows[row.key] = {}
                for col in spec.columns:
                    if col.key in AMOUNT_COLUMNS:
                        cell = _amount_cell(rng, header_units.get((spec.key, col.key)))
                    elif col.key in CHANGE_COLUMNS:
                        cell = _change_cell(rng)
                    else:
                        cell = _count_cell(rng)
                    rows[row.key][col.key] = cell
            tables[spec.key] = rows
    return ReportData(key, tables, header_units)


def realistic_reports(
    template: str | None = None, *, blanks: float = 0.15
) -> st.SearchStrategy[ReportData]:
    """:func:`realistic_report` as a hypothesis strategy (shrinks through the seed)."""
    return st.builds(
        lambda seed: realistic_report(random.Random(seed), template, blanks=blanks),
        st.integers(0, 2**32 - 1),
    )


def random_style(rng: random.Random) -> LayoutStyle:
    """A layout style as real reports mostly print them (official labels most of the time)."""
    return LayoutStyle(
        article20_split=rng.random() < 0.7,
        subtotal_column=rng.random() < 0.1,
        headings=rng.random() < 0.9,
        heading_numbers=rng.random() < 0.8,
        label_style=rng.choice(("official",) * 6 + LABEL_STYLES),
        applications_caption=rng.random() < 0.7,
        unit_header=rng.choice(UNIT_HEADER_STYLES),
    )


# -- truth -------------------------------------------------------------------------------------


def _cell_truth(cell: ExpectedCell) -> dict[str, Any]:
    out: dict[str, Any] = {"value": cell.value}
    if cell.unit is not None:
        out["unit"] = cell.unit
    return out


def truth_exact(data: ReportData, document: str = "") -> Truth:
    """Every cell as generated: for forms that keep every value (Markdown, traditional,
    misspelt labels, pdftotext -layout)."""
    return {
        "document": document,
        "template": data.template,
        "tables": {
            t: {r: {c: _cell_truth(cell) for c, cell in cols.items()} for r, cols in rows.items()}
            for t, rows in data.tables.items()
        },
    }


# -- scoring (shared/tools/score.py's rules, in-process) -----------------------------------------


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def _flagged(issues: list[dict[str, Any]], table: str, row: str) -> bool:
    return any(
        i.get("severity") in ("error", "warning")
        and i.get("table") in (None, table)
        and i.get("row") in (None, row)
        for i in issues
    )


@dataclass
class Score:
    """Counts for one document or a whole form (score.py's categories)."""

    cells: int = 0
    right: int = 0
    flagged: int = 0
    silent: int = 0
    refused: int = 0
    docs: int = 0
    refused_docs: int = 0
    template_ok: int = 0
    exact_docs: int = 0
    lost: int = 0  # cells the truth marks {"expect": "flagged"}
    seconds: float = 0.0
    cpu: list[float] = field(default_factory=list)  # CPU seconds of each extract
    misses: Counter[tuple[str, str]] = field(default_factory=Counter)  # (table, kind) → cells
    silent_cells: list[str] = field(default_factory=list)
    flagged_cells: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("cells", "right", "flagged", "silent", "refused", "docs", "refused_docs",
                     "template_ok", "exact_docs", "lost"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds
        self.cpu += other.cpu
        self.misses.update(other.misses)
        self.silent_cells += other.silent_cells
        self.flagged_cells += other.flagged_cells
        self.errors += other.errors

    @property
    def pct(self) -> float:
        return 100.0 * self.right / self.cells if self.cells else 0.0


def score_output(truth: dict[str, Any], out: dict[str, Any] | None, name: str) -> Score:
    """One document's output (the JSON contract) against its truth, as score.py scores."""
    s = Score(docs=1)
    tables = (out or {}).get("tables") or {}
    issues = (out or {}).get("issues") or []
    exact = True
    for t, rows in truth["tables"].items():
        for r, cols in rows.items():
            for c, cell in cols.items():
                s.cells += 1
                got = ((tables.get(t) or {}).get(r) or {}).get(c) or {}
                where = f"{name} {t}.{r}.{c}"
                if cell.get("expect") == "flagged":
                    s.lost += 1
                    if _flagged(issues, t, r) or (got and got.get("value") is None):
                        s.right += 1
                    else:
                        exact = False
                        s.silent += 1
                        s.misses[(t, "silent")] += 1
                        s.silent_cells.append(
                            f"{where}: lost in this form ({cell.get('note', '')}), "
                            f"got {got.get('value')!r} unflagged")
                    continue
                if cell["value"] is not None:
                    good = bool(got) and _same(got.get("value"), cell["value"])
                else:
                    good = bool(got) and got.get("value") is None
                if good and cell.get("unit") is not None and got.get("unit") != cell["unit"]:
                    good = False
                if good:
                    s.right += 1
                    continue
                exact = False
                desc = (f"{where}: expected {cell['value']!r} {cell.get('unit') or ''}, "
                        f"got {got.get('value')!r} {got.get('unit') or ''}")
                if _flagged(issues, t, r):
                    s.flagged += 1
                    s.misses[(t, "flagged")] += 1
                    s.flagged_cells.append(desc)
                else:
                    s.silent += 1
                    s.misses[(t, "silent")] += 1
                    s.silent_cells.append(desc)
    tmpl_ok = (out or {}).get("template") == truth.get("template")
    s.template_ok = int(tmpl_ok)
    s.exact_docs = int(exact and tmpl_ok)
    if out is None:  # refused outright: loud, not silent
        s.refused, s.silent, s.refused_docs = s.silent, 0, 1
        s.silent_cells = []
        s.misses = Counter({(t, "refused"): n for (t, _kind), n in s.misses.items()})
    elif not tmpl_ok:
        s.errors.append(f"{name}: template {out.get('template')!r}, expected "
                        f"{truth.get('template')!r}")
    return s


def score_document(doc: LossyDoc, name: str = "doc") -> Score:
    """``gxtables.extract`` on ``doc`` scored against its truth (a refusal scores its cells
    as refused, and its error is kept in ``errors``)."""
    import time

    import gxtables

    t0, c0 = time.perf_counter(), time.process_time()
    try:
        out: dict[str, Any] | None = gxtables.extract(doc.data).to_dict()
        err = None
    except gxtables.GxtablesError as exc:
        out, err = None, f"{type(exc).__name__}: {exc}"
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    s = score_output(doc.truth, out, name)
    s.seconds, s.cpu = wall, [cpu]
    if err is not None:
        s.errors.append(f"{name}: refused: {err}")
    return s


def share_right(docs: Sequence[LossyDoc]) -> float:
    """The percentage of all the documents' truth cells that ``extract`` reads right (what
    the share tests hold against issue 12's thresholds)."""
    right = sum(score_document(d).right for d in docs)
    cells = sum(len(cols) for d in docs
                for rows in d.truth["tables"].values() for cols in rows.values())
    return 100.0 * right / cells


def corpus(form: str, n: int, seed: int | str = 0) -> list[LossyDoc]:
    """``n`` documents of ``form``, alternating the two layouts; the same for the same
    ``seed`` (what benchmarks/score_lossy.py and the share tests measure)."""
    docs = []
    for i in range(n):
        rng = random.Random(f"{seed}-{form}-{i}")
        blanks = {"oneline": 0.0, "oneline_blanks": 0.7, "oneline_nbsp": 0.7}.get(form, 0.15)
        data = realistic_report(rng, ("2019", "2021")[i % 2], blanks=blanks)
        docs.append(render_form(form, data, rng))
    return docs


# -- grid cells back to template keys ----------------------------------------------------------

CellKey = tuple[str, str, str]  # (table, row, column); column "subtotal" for a 小计 cell


def grid_value_keys(data: ReportData, table: GridTable) -> dict[tuple[int, int], CellKey]:
    """Which template cell each value cell of a laid-out grid prints, by (grid row, col)."""
    layout = LAYOUTS[data.template]
    out: dict[tuple[int, int], CellKey] = {}
    rows = table.rows()
    if table.key.startswith("article20"):
        specs = (
            [layout.table(table.key)]
            if table.key != "article20"
            else [t for t in layout.tables if t.key.startswith("article20")]
        )
        pairs = iter([(s, r) for s in specs for r in s.rows])
        for r, cells in enumerate(rows):
            if not cells or cells[0].header:
                continue
            spec, row = next(pairs)
            values = [c for c in cells if c.col >= 1]
            for cell, col in zip(values, spec.columns, strict=True):
                out[(r, cell.col)] = (spec.key, row.key, col.key)
        return out
    if table.key == "applications":
        spec = layout.table("applications")
        cols = [c.key for c in spec.columns]
        app_rows = iter(spec.rows)
        for r, cells in enumerate(rows):
            values = [c for c in cells if not c.header and c.col >= 3]
            if not values:
                continue
            row = next(app_rows)
            keys = cols if len(values) == len(cols) else [*cols[:-1], "subtotal", cols[-1]]
            for cell, col in zip(values, keys, strict=True):
                out[(r, cell.col)] = ("applications", row.key, col)
        return out
    spec = layout.table("review_litigation")
    last = rows[-1]
    keys = [(r.key, c.key) for r in spec.rows for c in spec.columns]
    for cell, (row_key, col_key) in zip(last, keys, strict=True):
        out[(len(rows) - 1, cell.col)] = ("review_litigation", row_key, col_key)
    return out


# -- one-line crawler page ---------------------------------------------------------------------

_PROSE_WITH_NUMBERS = (
    "{year}年，本机关共主动公开政府信息{a}条，其中政策文件{b}件，政策解读{c}篇。",
    "全年召开新闻发布会{b}场，回应公众关注热点{c}次，组织政务公开培训{d}场次、参训{a}人次。",
    "政府网站全年访问量达{a}万人次，政务新媒体发布信息{b}条。",
    "对本报告如有疑问，请与本机关办公室联系（电话：0591-{a}，邮编：350{d}00）。",
    "本报告中所列数据统计时限为{year}年1月1日至{year}年12月31日。",
)
_HEADER_LINES = (
    "标题: {title}",
    "发布时间: {year1}-0{month}-{day} 15:07",
    "文号: ",
    "发布机构: {organ}",
    "栏目: 政府信息公开年报",
    "原文链接: https://www.example.gov.cn/zwgk/zfxxgknb/{year1}0{month}/t{year1}0{month}{day}_{n}.htm",
)


def _prose(rng: random.Random, year: str) -> str:
    text = rng.choice(_PROSE_WITH_NUMBERS)
    return text.format(year=year, a=rng.randint(100, 99999), b=rng.randint(1, 300),
                       c=rng.randint(1, 90), d=rng.randint(1, 9))


def _break_label(text: str, rng: random.Random) -> str:
    """``商业企业`` → ``商业 企业``: a label broken by a space (never next to a digit)."""
    if len(text) < 4 or any(ch.isdigit() for ch in text):
        return text
    cut = rng.randint(2, len(text) - 2)
    return f"{text[:cut]} {text[cut:]}"


@dataclass(frozen=True)
class Run:
    """The printed text of one group of value cells and which cells they are."""

    keys: tuple[CellKey, ...]
    text: str
    #: Every empty cell printed one no-break space (``oneline_nbsp``): none vanished.
    explicit_blanks: bool = False


@dataclass(frozen=True)
class _Habits:
    """How one table comes out on the line (each drawn per table)."""

    header_sep: str  # between header cells: "" or " " (or mixed when "?")
    label_sep: str  # between a row label and its values
    value_sep: str  # between values: "" glued, " " spaced, "?" some
    row_sep: str  # after a row's values, before the next label
    break_headers: float  # share of header labels broken by a space


def _habits(rng: random.Random, key: str) -> _Habits:
    if key == "review_litigation":
        value_sep = rng.choice((" ", "", "?"))
    elif key == "applications":
        value_sep = rng.choice(("", "", "", "?"))
    else:
        value_sep = rng.choice(("", "", "?"))
    return _Habits(
        header_sep=rng.choice(("", " ", "?")),
        label_sep=rng.choice(("", " ")),
        value_sep=value_sep,
        row_sep=rng.choice(("", "", " ")),
        break_headers=rng.choice((0.0, 0.0, 0.3)),
    )


def _sep(spec: str, rng: random.Random) -> str:
    return rng.choice(("", " ")) if spec == "?" else spec


def _oneline_table(
    data: ReportData, table: GridTable, rng: random.Random, runs: list[Run], *, nbsp: bool = False
) -> str:
    habits = _habits(rng, table.key)
    keys = grid_value_keys(data, table)
    out: list[str] = []
    for r, cells in enumerate(table.rows()):
        labels = [c for c in cells if (r, c.col) not in keys]
        values = [c for c in cells if (r, c.col) in keys]
        parts: list[str] = []
        for c in labels:
            text = c.text
            if c.header and rng.random() < habits.break_headers:
                text = _break_label(text, rng)
            if text:
                parts.append(text)
        row_text = ""
        for i, part in enumerate(parts):
            row_text += (_sep(habits.header_sep, rng) if i else "") + part
        if values:
            printed = ""
            for i, c in enumerate(values):
                text = c.text or (NBSP if nbsp else "")
                printed += (_sep(habits.value_sep, rng) if i else "") + text
            printed = re.sub(" +", " ", printed).strip(" ")
            runs.append(Run(tuple(keys[(r, c.col)] for c in values), printed, nbsp))
            if row_text and printed:
                row_text += _sep(habits.label_sep, rng)
            row_text += printed + _sep(habits.row_sep, rng)
        else:
            row_text += _sep(habits.header_sep, rng)
        out.append(row_text)
    return "".join(out)


NBSP = "\u00a0"


def render_oneline(
    data: ReportData, style: LayoutStyle, rng: random.Random, *, nbsp: bool = False
) -> tuple[str, list[Run]]:
    """A crawler's page text: header lines, then the whole body on one line. Returns the
    text and the printed runs of value cells (for :func:`oneline_truth`). With ``nbsp`` (the
    text of a Word-made HTML page, whose empty cells hold ``&nbsp;``) every empty cell prints
    one no-break space, and some paragraphs are indented by no-break or ideographic spaces."""
    year = "2020" if data.template == "2019" else "2022"
    year1 = str(int(year) + 1)
    blocks = layout_report(data, style)
    title = f"XX县人民政府{year}年政府信息公开工作年度报告"
    fields = {"title": title, "year1": year1, "month": rng.randint(1, 3),
              "day": rng.randint(10, 28), "organ": rng.choice(("", "XX县人民政府办公室")),
              "n": rng.randint(10000, 99999)}
    head = [line.format(**fields) for line in _HEADER_LINES if rng.random() < 0.85]
    if rng.random() < 0.5:
        head.append("=" * 20 + " 正文 " + "=" * 20)
    runs: list[Run] = []
    body: list[str] = []
    for block in blocks:
        if isinstance(block, GridTable):
            body.append(_oneline_table(data, block, rng, runs, nbsp=nbsp))
        else:
            text = block.text
            if isinstance(block, Paragraph):
                text += "".join(_prose(rng, year) for _ in range(rng.randint(0, 2)))
            if nbsp and rng.random() < 0.3:
                text = rng.choice((NBSP * 4, NBSP * 2, "\u3000" * 2)) + text
            body.append(text)
    line = ""
    for part in body:
        if line and not line.endswith(" "):
            line += rng.choice(("", " ", " "))
        line += part
    return "\n".join([*head, line.strip()]) + rng.choice(("", "\n")), runs


# -- the oracle: every reading of a run ---------------------------------------------------------

_INT = r"(?:0|[1-9]\d*)"
_NULL = "|".join(re.escape(m) for m in NULL_MARKERS)
_GRAMMAR = {
    "full": re.compile(_INT),
    "plain": re.compile(rf"{_INT}?"),
    "count": re.compile(rf"{_INT}(?:件|项)?|{_NULL}|"),
    "change": re.compile(rf"[+-]?[1-9]\d*|0|{_NULL}|"),
    "amount": re.compile(rf"{_INT}(?:\.\d+)?(?:万元|元)?|{_NULL}|"),
}
Parsed = tuple[int | float | None, str | None]
_MAX_STEPS = 300_000


class _TooMany(Exception):
    """The enumeration of readings passed its step budget."""


def leaves_blanks(data: ReportData) -> bool:
    """Does the report leave some zero of its applications or review table empty? Then an
    empty cell may hide anywhere in those tables' runs; otherwise (as in the real one-line
    pages issue 12 studied) every cell of them prints at least ``0``."""
    return any(cell.raw == "" for t in ("applications", "review_litigation")
               for cols in data.tables[t].values() for cell in cols.values())


def _kind(key: CellKey, blanks: bool) -> str:
    table, _row, col = key
    if table in ("applications", "review_litigation"):
        return "plain" if blanks else "full"
    if col in AMOUNT_COLUMNS:
        return "amount"
    if col in CHANGE_COLUMNS:
        return "change"
    return "count"


def _parse(token: str, kind: str, header_unit: str | None) -> Parsed:
    if token in ("", NBSP, *NULL_MARKERS):
        return None, header_unit if kind == "amount" else None
    m = re.fullmatch(r"([+-]?[\d.]+)(件|项|万元|元)?", token)
    assert m is not None, token
    number, unit = m.group(1), m.group(2)
    value: int | float = float(Decimal(number)) if "." in number else int(number)
    return value, unit if unit is not None else (header_unit if kind == "amount" else None)


Forced = Callable[[int, list[str]], "tuple[str, ...] | None"]


def _readings(
    text: str,
    kinds: Sequence[str],
    accept: Callable[[int, list[str], int], bool],
    forced: Forced,
    cuts: frozenset[int] = frozenset(),
    *,
    explicit: bool = False,
) -> Iterator[tuple[str, ...]]:
    """Every way to cut ``text`` into ``len(kinds)`` tokens, each in its column's grammar,
    with every printed space at a cell boundary; a printed no-break space is an empty cell
    of its own (and then no cell is empty otherwise). ``forced(i, tokens)`` names the only
    tokens allowed at ``i`` (a total is the sum of its parts: ``str(sum)``, or ``0``/empty
    for a zero sum) or ``None``; ``accept(i, tokens, left)`` prunes after token ``i``, with
    ``left`` characters still to place. At the indices in ``cuts`` no rule spans the cut,
    so the readings of the rest are listed once per start position."""
    glued = text.replace(" ", "")
    spaces: set[int] = set()
    pos = 0
    for ch in text:
        if ch == " ":
            spaces.add(pos)
        else:
            pos += 1
    steps = [0]
    n = len(kinds)
    tokens: list[str] = []
    memo: dict[tuple[int, int], list[tuple[str, ...]]] = {}

    def ends(i: int, start: int) -> Iterator[int]:
        only = forced(i, tokens)
        if only is not None:
            for token in only:
                end = start + len(token)
                if glued[start:end] == token and not any(start < s < end for s in spaces):
                    yield end
            return
        if start < len(glued) and glued[start] == NBSP:
            yield start + 1
            return
        grammar = _GRAMMAR[kinds[i]]
        for end in range(start + explicit, len(glued) + 1):
            if any(start < s < end for s in spaces) or glued[end - 1:end] == NBSP:
                return
            if grammar.fullmatch(glued[start:end]):
                yield end

    def walk(i: int, start: int) -> list[tuple[str, ...]]:
        """Every way to finish from token ``i`` at ``start`` (suffixes only)."""
        key = (i, start)
        if i in cuts and key in memo:
            return memo[key]
        steps[0] += 1
        if steps[0] > _MAX_STEPS:
            raise _TooMany
        if i == n:
            return [()] if start == len(glued) else []
        out: list[tuple[str, ...]] = []
        for end in list(ends(i, start)):
            token = glued[start:end]
            tokens.append(token)
            if accept(i, tokens, len(glued) - end):
                out.extend((token, *rest) for rest in walk(i + 1, end))
            tokens.pop()
        if i in cuts:
            memo[key] = out
        return out

    yield from walk(0, 0)


def _num(v: int | float | None) -> int | float:
    return 0 if v is None else v


def _sum_tokens(total: int | float, blanks: bool) -> tuple[str, ...]:
    """What a total cell can print for ``total``: its digits, or ``0`` (or nothing, where
    the report leaves zeros empty) for zero."""
    if total == 0:
        return ("0", "") if blanks else ("0",)
    return (str(total),)


def run_readings(
    data: ReportData, run: Run, *, blanks: bool | None = None
) -> list[tuple[Parsed, ...]]:
    """Every reading of one run that satisfies the rules inside the run (row totals, the
    小计, the review blocks), parsed to (value, unit)."""
    if blanks is None:
        blanks = leaves_blanks(data)
    explicit = run.explicit_blanks
    kinds = [_kind(k, blanks and not explicit) for k in run.keys]
    units = [data.header_units.get((k[0], k[2])) for k in run.keys]
    table = run.keys[0][0]
    cols = [k[2] for k in run.keys]

    cache: dict[tuple[int, str], int | float] = {}

    def value(i: int, tokens: list[str]) -> int | float:
        key = (i, tokens[i])
        if key not in cache:
            cache[key] = _num(_parse(tokens[i], kinds[i], units[i])[0])
        return cache[key]

    def parts_of(i: int) -> list[int]:
        """The cells whose sum cell ``i`` is, or ``[]`` when it is no sum."""
        if table == "applications":
            if cols[i] == "total":
                return [j for j, c in enumerate(cols) if c not in ("total", "subtotal")]
            if cols[i] == "subtotal":
                return [j for j, c in enumerate(cols)
                        if c not in ("total", "subtotal", "natural_person")]
        if table == "review_litigation" and i % 5 == 4:
            return list(range(i - 4, i))
        return []

    sums = {i: parts_of(i) for i in range(len(cols))}
    cuts = frozenset((5, 10)) if table == "review_litigation" else frozenset()

    def forced(i: int, tokens: list[str]) -> tuple[str, ...] | None:
        if not sums[i]:
            return None
        printed = _sum_tokens(sum(value(j, tokens) for j in sums[i]), bool(blanks) or explicit)
        return tuple(t or NBSP for t in printed) if explicit else printed

    def accept(i: int, tokens: list[str], left: int) -> bool:
        # the totals still to come must fit in what is left of the text
        for k, parts in sums.items():
            if k > i and parts and parts[0] <= i:
                done = sum(value(j, tokens) for j in parts if j <= i)
                if done and len(str(done)) > left:
                    return False
        return True

    return [
        tuple(_parse(t, k, u) for t, k, u in zip(tokens, kinds, units, strict=True))
        for tokens in _readings(run.text, kinds, accept, forced, cuts, explicit=explicit)
    ]


class _Found(Exception):
    """A joint reading was found (ends one support search)."""


def _applications_solutions(
    data: ReportData, runs: list[Run], readings: dict[int, list[tuple[Parsed, ...]]]
) -> dict[CellKey, set[Parsed]] | None:
    """The values each applications cell takes over every joint reading of the rows that
    satisfies the column rules (新收 + 结转 = 总计 + 结转下年; 总计 = the handling results);
    ``None`` when the search passes its budget.

    The rules count an empty cell as 0, so readings of a row that differ only in where the
    empty cells are share one vector of numbers; a row's reading is possible when its vector
    takes part in some joint solution, which one search per (row, vector) decides."""
    spec = LAYOUTS[data.template].table("applications")
    keys = [r.key for r in spec.rows]
    results = keys[keys.index("granted") : keys.index("total_handled")]
    by_row = {runs[i].keys[0][1]: i for i in readings}
    cols = [c.key for c in spec.columns]
    Vector = tuple[float, ...]

    def vector(i: int, reading: tuple[Parsed, ...]) -> Vector:
        got = {k[2]: _num(p[0]) for k, p in zip(runs[i].keys, reading, strict=True)}
        return tuple(float(got[c]) for c in cols)

    vectors: dict[str, dict[Vector, list[tuple[Parsed, ...]]]] = {}
    for row, i in by_row.items():
        for rd in readings[i]:
            vectors.setdefault(row, {}).setdefault(vector(i, rd), []).append(rd)
    head = ["new_received", "carried_over", "total_handled", "carried_forward"]
    width = range(len(cols))
    supported: set[tuple[str, Vector]] = set()
    budget = [0]

    def search(options: dict[str, list[Vector]]) -> None:
        """Raise :class:`_Found` (marking the solution supported) if one exists."""
        order = sorted(results, key=lambda r: len(options[r]))
        lo = [[0.0] * len(cols) for _ in range(len(order) + 1)]
        hi = [[0.0] * len(cols) for _ in range(len(order) + 1)]
        for j in range(len(order) - 1, -1, -1):
            for c in width:
                lo[j][c] = lo[j + 1][c] + min(v[c] for v in options[order[j]])
                hi[j][c] = hi[j + 1][c] + max(v[c] for v in options[order[j]])
        chosen: dict[str, Vector] = {}
        dead: set[tuple[int, tuple[float, ...], Vector]] = set()  # explored, no solution

        def results_walk(j: int, partial: list[float], target: Vector) -> None:
            budget[0] += 1
            if budget[0] > 2_000_000:
                raise _TooMany
            state = (j, tuple(partial), target)
            if state in dead:
                return
            if j == len(order):
                if all(partial[c] == target[c] for c in width):
                    supported.update(chosen.items())
                    raise _Found
                return
            for v in options[order[j]]:
                nxt = [partial[c] + v[c] for c in width]
                if all(nxt[c] + lo[j + 1][c] <= target[c] <= nxt[c] + hi[j + 1][c]
                       for c in width):
                    chosen[order[j]] = v
                    results_walk(j + 1, nxt, target)
            chosen.pop(order[j], None)
            dead.add(state)

        allowed = {row: set(options[row]) for row in head}
        for combo in balanced:
            if all(v in allowed[row] for row, v in zip(head, combo, strict=True)):
                chosen.update(zip(head, combo, strict=True))
                results_walk(0, [0.0] * len(cols), combo[2])
        for row in head:
            chosen.pop(row, None)

    every = {row: list(vs) for row, vs in vectors.items()}
    # the balance 新收 + 结转 = 总计 + 结转下年, per column, fixes 结转下年: list the head rows'
    # balanced combinations once for every search
    forwards = set(every["carried_forward"])
    balanced: list[tuple[Vector, Vector, Vector, Vector]] = []
    for new in every["new_received"]:
        for over in every["carried_over"]:
            for handled in every["total_handled"]:
                forward = tuple(new[c] + over[c] - handled[c] for c in width)
                if forward in forwards:
                    balanced.append((new, over, handled, forward))
    try:
        for row, vs in every.items():
            for v in vs:
                if (row, v) in supported:
                    continue
                with contextlib.suppress(_Found):
                    search({**every, row: [v]})
    except _TooMany:
        return None
    seen: dict[CellKey, set[Parsed]] = {}
    for row, vs in vectors.items():
        i = by_row[row]
        for v, rds in vs.items():
            if (row, v) not in supported:
                continue
            for rd in rds:
                for k, p in zip(runs[i].keys, rd, strict=True):
                    seen.setdefault(k, set()).add(p)
    return seen


def oneline_truth(data: ReportData, runs: list[Run], document: str = "") -> Truth:
    """The truth of a one-line page: a cell is a value where every reading of the printed
    text that satisfies the template's rules agrees on it, and ``{"expect": "flagged"}``
    where two readings differ — the information is really lost there.

    Readings: each run of value cells cut into tokens (no leading zeros, ``0`` alone; the
    units, signs, decimals and null markers the generator prints; a printed space is always
    a cell boundary; an empty cell prints nothing — in the applications and review tables
    only when the report leaves zeros empty there, :func:`leaves_blanks`). Rules: per applications row 总计 = the six
    applicant columns (and 小计 = the five organisations), per column 新收 + 结转 = 总计 +
    结转下年 and 总计 = the handling results, per review block 总计 = 维持 + 纠正 + 其他 +
    未审结. 第二十条 rows have no rule: only the digits can fix them (``000``)."""
    truth = truth_exact(data, document)
    cells: dict[CellKey, set[Parsed]] = {}
    app_readings: dict[int, list[tuple[Parsed, ...]]] = {}
    notes: dict[CellKey, str] = {}
    for i, run in enumerate(runs):
        try:
            readings = run_readings(data, run)
        except _TooMany:
            for k in run.keys:
                cells[k] = {(None, "?"), (0, "?")}
                notes[k] = f"too many readings of {run.text!r} to list"
            continue
        assert readings, f"the true reading of {run.text!r} ({run.keys[0][:2]}) is missing"
        if run.keys[0][0] == "applications":
            app_readings[i] = readings
        for j, k in enumerate(run.keys):
            cells[k] = {rd[j] for rd in readings}
            notes[k] = f"{run.text!r} reads {len(readings)} ways"
    if app_readings:
        joint = _applications_solutions(data, runs, app_readings)
        if joint is not None:
            for k, values in joint.items():
                cells[k] = values
                notes[k] = "the column rules leave several readings"
    for (table, row, col), values in cells.items():
        if col == "subtotal":
            continue
        expected = data.cell(table, row, col)
        assert expected.value in {v for v, _unit in values}, (
            f"{table}.{row}.{col}: the true value {expected.value!r} is not among the "
            f"readings {values!r}")
        if len(values) > 1:
            truth["tables"][table][row][col] = {
                "value": None, "expect": "flagged",
                "note": f"run-together cells: no unique reading; true value {expected.raw!r}; "
                        f"{notes[(table, row, col)]}",
            }
    return truth


# -- traditional characters ---------------------------------------------------------------------

#: Simplified → traditional, character by character, for every character of the rendered
#: documents that has a traditional form (labels, headings, prose, units, page headers).
#: Written for the tests, independently of gxtables/_hanzi.py (which maps back); 干 and 秘
#: stay as they are (若干, 秘密 in traditional text too).
_S2T_FROM = (
    "万与专业两严个丰为举么义乐习乡于仅们众优会传体党关内决况准减划则办务动区医华单卫"
    "厅历压县参发变台号后听员响团围国图场坚处备复头学实审宽对导将层属师并广库应废开强"
    "归当录彻征态总户执护报担据数断无时显机权条来极构标栏样档检楼气汇没泼测济湾满点热"
    "环现电畅疗监码础确种积称税稳筹简类紧纠约级纳纾线组细织经结绕络统继绩续维综编缴网"
    "罚职联节范获营补见规视计认讨训议讯记许论讼设访证评识诈诉诊话询详语说请读调谈责购"
    "贯费资转轮载较辑达过运还这进违逻邮采释链销镇门问间闻阅阶际险页项须预领频题额馈验"
    "骗"
)
_S2T_TO = (
    "萬與專業兩嚴個豐為舉麼義樂習鄉於僅們眾優會傳體黨關內決況準減劃則辦務動區醫華單衛"
    "廳歷壓縣參發變臺號後聽員響團圍國圖場堅處備復頭學實審寬對導將層屬師並廣庫應廢開強"
    "歸當錄徹徵態總戶執護報擔據數斷無時顯機權條來極構標欄樣檔檢樓氣匯沒潑測濟灣滿點熱"
    "環現電暢療監碼礎確種積稱稅穩籌簡類緊糾約級納紓線組細織經結繞絡統繼績續維綜編繳網"
    "罰職聯節範獲營補見規視計認討訓議訊記許論訟設訪證評識詐訴診話詢詳語說請讀調談責購"
    "貫費資轉輪載較輯達過運還這進違邏郵採釋鏈銷鎮門問間聞閱階際險頁項須預領頻題額饋驗"
    "騙"
)
_S2T = str.maketrans(_S2T_FROM, _S2T_TO)
#: Words whose traditional form is not the character-by-character one.
_S2T_WORDS = {"重复": "重複", "联系": "聯繫", "汇总": "彙總"}


def to_traditional(text: str) -> str:
    """The whole text in traditional characters (報告, 處理, 維持, 重複申請 …)."""
    for simplified, traditional in _S2T_WORDS.items():
        text = text.replace(simplified, traditional)
    return text.translate(_S2T)


# -- misspelt labels ---------------------------------------------------------------------------


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\S+\)|\d+\.)")
#: A label shorter than this (after its number) is left alone: too little is left to know it.
_MISSPELL_MIN = 6


def _label_body(text: str) -> tuple[str, str]:
    m = _NUMBERING.match(text)
    head = m.group(0) if m else ""
    return head, text[len(head):]


def _misspell(text: str, rng: random.Random) -> str:
    """Drop a character or a few (``2.其他法律行政止公开``), swap two, or break the label
    with a space — never touching the outline number (``1.``, ``（三）``, ``一、``)."""
    head, body = _label_body(text)
    if len(body) < _MISSPELL_MIN:
        return text
    kind = rng.choice(("drop", "drop", "swap", "space"))
    i = rng.randint(1, len(body) - 3)
    if kind == "swap" and body[i] == body[i + 1]:
        kind = "drop"  # swapping two equal characters would change nothing
    if kind == "drop":
        n = rng.choice((1, 1, 2, 3)) if len(body) >= 9 else 1
        body = body[:i] + body[i + n:]
    elif kind == "swap":
        body = body[:i] + body[i + 1] + body[i] + body[i + 2:]
    else:
        body = body[:i] + " " + body[i:]
    return head + body


def misspell_blocks(blocks: Sequence[Block], rng: random.Random, n: int = 3) -> list[Block]:
    """``blocks`` with ``n`` applications row labels misspelt and some header labels broken
    by a space (``商业 企业``)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, GridTable) and block.key == "applications":
            # a row's own label ends at the third label column; group labels span rows
            labels = [c for c in block.cells
                      if not c.header and c.col < 3 and c.col + c.colspan == 3
                      and len(_label_body(c.text)[1]) >= _MISSPELL_MIN]
            chosen = set(map(id, rng.sample(labels, min(n, len(labels)))))
            cells: list[GridCell] = []
            for c in block.cells:
                if id(c) in chosen:
                    c = dataclasses.replace(c, text=_misspell(c.text, rng))
                elif c.header and rng.random() < 0.25:
                    c = dataclasses.replace(c, text=_break_label(c.text, rng))
                cells.append(c)
            out.append(dataclasses.replace(block, cells=tuple(cells)))
        else:
            out.append(block)
    return out


# -- the forms ---------------------------------------------------------------------------------

FORMS: tuple[str, ...] = (
    "oneline",
    "oneline_blanks",
    "oneline_nbsp",
    "pdftotext",
    "pdftotext_layout",
    "pdf_unruled",
    "markdown_marker",
    "markdown_docling",
    "markdown_mineru",
    "traditional",
    "misspelt",
)


def render_form(form: str, data: ReportData, rng: random.Random,
                style: LayoutStyle | None = None) -> LossyDoc:
    """``data`` rendered in ``form`` with its truth; ``rng`` draws the form's habits."""
    from _render import markdown, pdftotext

    style = style if style is not None else random_style(rng)
    if form in ("oneline", "oneline_blanks", "oneline_nbsp"):
        text, runs = render_oneline(data, style, rng, nbsp=form == "oneline_nbsp")
        return LossyDoc(form, text.encode("utf-8"), ".txt", oneline_truth(data, runs))
    if form in ("pdftotext", "pdftotext_layout"):
        blob = pdftotext.render(data, style, rng, layout=form == "pdftotext_layout")
        return LossyDoc(form, blob, ".txt", truth_exact(data))
    if form == "pdf_unruled":
        from _render.pdf import render_pdf

        options = pdftotext.pdf_options(rng)
        blob = render_pdf(layout_report(data, style), borders=rng.choice(("none", "rows")),
                          **options)  # type: ignore[arg-type]
        return LossyDoc(form, blob, ".pdf", truth_exact(data))
    if form.startswith("markdown_"):
        text = markdown.render_markdown(layout_report(data, style), form.split("_", 1)[1],
                                        html_wrapper=rng.random() < 0.5,
                                        br_labels=rng.random() < 0.5)
        return LossyDoc(form, text.encode("utf-8"), ".md", truth_exact(data))
    if form == "traditional":
        doc = _base_text(layout_report(data, style), rng)
        return LossyDoc(form, to_traditional(doc[0]).encode("utf-8"), doc[1], truth_exact(data))
    if form == "misspelt":
        blocks = misspell_blocks(layout_report(data, style), rng, n=rng.randint(1, 4))
        doc = _base_text(blocks, rng)
        return LossyDoc(form, doc[0].encode("utf-8"), doc[1], truth_exact(data))
    raise ValueError(f"unknown form {form!r}: expected one of {FORMS}")


def _base_text(blocks: Sequence[Block], rng: random.Random) -> tuple[str, str]:
    """A lossless rendering to alter: tab or pipe text, HTML or marker Markdown."""
    from _render import markdown
    from _render.html import render_html
    from _render.text import render_text

    base = rng.choice(("tab", "pipe", "html", "markdown"))
    if base == "html":
        return render_html(blocks).decode("utf-8"), ".html"
    if base == "markdown":
        return markdown.render_markdown(blocks, "marker"), ".md"
    return render_text(blocks, base).decode("utf-8"), ".txt"



#: Few examples, and no shrinking: a smaller seed is a different document, not a simpler one.
FEW = settings(max_examples=max(4, settings.default.max_examples // 3),
               phases=[Phase.explicit, Phase.reuse, Phase.generate])


def generated(form: str, seed: int, template: str) -> LossyDoc:
    """Report ``seed`` of ``template`` (realistic values) rendered in ``form``."""
    rng = random.Random(seed)
    return render_form(form, realistic_report(rng, template), rng)
