"""One format-neutral description of how a report prints its statutory tables.

``layout_report(data, style)`` turns a :class:`~strategies.ReportData` into a list of
blocks — headings, prose paragraphs and :class:`GridTable`\\ s laid out like the official
forms (国办公开办函〔2019〕60号 / 〔2021〕30号) and the seeds: merged cells as
``rowspan``/``colspan``, each stored once at its top-left. Every renderer (text dialects,
HTML, DOCX, PDF) prints these blocks, so all formats share one layout.

Labels come from the template specs (``RowSpec.label`` / ``ColumnSpec.label``), never
retyped here, except the deliberately abbreviated wordings of ``label_style="abbreviated"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from strategies import ExpectedCell, ReportData

from gxtables._templates import LAYOUTS, ColumnSpec, RowSpec, TableSpec

__all__ = [
    "LABEL_STYLES",
    "UNIT_HEADER_STYLES",
    "Block",
    "GridCell",
    "GridTable",
    "Heading",
    "LayoutStyle",
    "Paragraph",
    "article20_caption",
    "layout_report",
    "styles",
]

LABEL_STYLES: tuple[str, ...] = ("official", "ascii_punct", "misnumbered", "abbreviated")
#: How a header unit is printed after a column label: ``（万元）``, ``(万元)``,
#: ``(单位：万元)`` or, for 万元 only, the short ``（万）`` of seed 003.
UNIT_HEADER_STYLES: tuple[str, ...] = ("paren", "ascii_paren", "danwei", "short")


@dataclass(frozen=True)
class GridCell:
    """A cell of a grid, stored once at its top-left position."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass(frozen=True)
class GridTable:
    """A printed table: cells in reading order (row-major), merged cells once."""

    cells: tuple[GridCell, ...]
    n_rows: int
    n_cols: int
    key: str

    def rows(self) -> list[list[GridCell]]:
        """The cells that start in each grid row."""
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        return out

    def covering(self, row: int) -> list[GridCell]:
        """Cells that start above ``row`` and cover it vertically, left to right."""
        return sorted(
            (c for c in self.cells if c.row < row < c.row + c.rowspan), key=lambda c: c.col
        )

    def row_entries(self, row: int) -> list[GridCell | None]:
        """Reading order of one grid row as a flattener sees it: cells starting here, and
        ``None`` once per cell from a row above that covers this row (seed 000's ``"\\t"``)."""
        starting = {c.col: c for c in self.cells if c.row == row}
        covering = {c.col: c for c in self.covering(row)}
        entries: list[GridCell | None] = []
        col = 0
        while col < self.n_cols:
            if col in starting:
                entries.append(starting[col])
                col += starting[col].colspan
            elif col in covering:
                entries.append(None)
                col += covering[col].colspan
            else:
                col += 1
        return entries


@dataclass(frozen=True)
class Heading:
    """A section heading, e.g. ``三、收到和处理政府信息公开申请情况``."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """Running prose between sections."""

    text: str


Block = Heading | Paragraph | GridTable


@dataclass(frozen=True)
class LayoutStyle:
    """The layout choices real reports make.

    ``article20_split``: one grid per 第二十条 item, or one 4-column grid with caption rows;
    ``subtotal_column``: a 小计 column after 其他 under 法人或其他组织; ``headings``: the
    section headings and prose around the tables; ``heading_numbers``: ``三、`` before them;
    ``label_style``: ``official``, ``ascii_punct`` (（一）→(一)), ``misnumbered`` (seed 004's
    ``一、上年结转…``) or ``abbreviated`` (``本年新收申请数量``); ``applications_caption``: the
    勾稽关系 note in the top-left cell (empty otherwise); ``unit_header``: how a header unit
    is printed (see :data:`UNIT_HEADER_STYLES`).
    """

    article20_split: bool = True
    subtotal_column: bool = False
    headings: bool = True
    heading_numbers: bool = True
    label_style: str = "official"
    applications_caption: bool = True
    unit_header: str = "paren"

    def __post_init__(self) -> None:
        if self.label_style not in LABEL_STYLES:
            raise ValueError(
                f"unknown label_style {self.label_style!r}: expected one of {LABEL_STYLES}"
            )
        if self.unit_header not in UNIT_HEADER_STYLES:
            raise ValueError(
                f"unknown unit_header {self.unit_header!r}: expected one of {UNIT_HEADER_STYLES}"
            )


def styles() -> SearchStrategy[LayoutStyle]:
    """Every combination of layout choices."""
    return st.builds(
        LayoutStyle,
        article20_split=st.booleans(),
        subtotal_column=st.booleans(),
        headings=st.booleans(),
        heading_numbers=st.booleans(),
        label_style=st.sampled_from(LABEL_STYLES),
        applications_caption=st.booleans(),
        unit_header=st.sampled_from(UNIT_HEADER_STYLES),
    )


# -- labels ---------------------------------------------------------------------------------

_ASCII_PUNCT = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ","})
_CN_NUMERALS = {"1": "一", "5": "五", "6": "六", "8": "八", "9": "九"}
_CAPTION = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_APPLICANTS = "申请人情况"
_APPLICANT_GROUP = "法人或其他组织"
_SUBTOTAL = "小计"
_INFO = "信息内容"
_REVIEW_GROUPS = ("行政复议", "行政诉讼")

#: Short wordings of application rows seen in real reports; each keeps a match phrase of
#: the template (checked by tests/test_renderers.py).
_ABBREVIATED: dict[str, str] = {
    "new_received": "本年新收申请数量",
    "carried_over": "上年结转申请数量",
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "denied_state_secret": "国家秘密",
    "denied_law_prohibited": "法律行政法规禁止公开",
    "denied_security_stability": "危及三安全一稳定",
    "denied_third_party": "保护第三方合法权益",
    "denied_internal_affairs": "三类内部事务",
    "denied_process_info": "四类过程性信息",
    "denied_enforcement_file": "行政执法案卷",
    "denied_query_matter": "行政查询事项",
    "unavailable_not_held": "不掌握相关信息",
    "unavailable_needs_creation": "需要另行制作",
    "unavailable_unclear": "补正后仍不明确",
    "rejected_petition": "信访举报投诉",
    "rejected_duplicate": "重复申请",
    "rejected_publication": "要求提供出版物",
    "rejected_excessive": "大量反复申请",
    "rejected_confirmation": "要求确认或重新出具信息",
    "other_handling": "其他处理",
    "other_no_correction": "逾期不补正",
    "other_unpaid_fee": "逾期未缴纳费用",
    "other_other": "其他",
    "total_handled": "总计",
    "carried_forward": "结转下年度",
}
#: Seed 004 numbers the second row 一、 again; we also renumber the last one.
_MISNUMBERED = {"carried_over": "一、", "carried_forward": "三、"}
_OFFICIAL_UNIT_SUFFIX = "（单位：万元）"


def _punct(text: str, style: LayoutStyle) -> str:
    return text.translate(_ASCII_PUNCT) if style.label_style == "ascii_punct" else text


def _numbering_prefix(label: str, number: str | None) -> str:
    """The printed outline number of ``label`` (``一、``, ``（三）``, ``1.``) or ``""``."""
    if number is None:
        return ""
    for candidate in (f"{number}、", f"（{number}）", f"{number}."):
        if label.startswith(candidate):
            return candidate
    return ""


def _row_label(row: RowSpec, style: LayoutStyle) -> str:
    label = row.label
    if style.label_style == "abbreviated" and row.key in _ABBREVIATED:
        label = _numbering_prefix(row.label, row.number) + _ABBREVIATED[row.key]
    elif style.label_style == "misnumbered" and row.key in _MISNUMBERED:
        prefix = _numbering_prefix(row.label, row.number)
        label = _MISNUMBERED[row.key] + row.label[len(prefix) :]
    return _punct(label, style)


def _unit_suffix(unit: str, style: LayoutStyle) -> str:
    if style.unit_header == "ascii_paren":
        return f"({unit})"
    if style.unit_header == "danwei":
        return f"(单位：{unit})"
    if style.unit_header == "short" and unit == "万元":
        return "（万）"
    return f"（{unit}）"


def _column_label(
    data: ReportData, table: TableSpec, col: ColumnSpec, style: LayoutStyle
) -> str:
    base = col.label
    own_unit = _OFFICIAL_UNIT_SUFFIX in base
    base = base.replace(_OFFICIAL_UNIT_SUFFIX, "")
    unit = data.header_units.get((table.key, col.key))
    if unit is not None:
        if own_unit and style.unit_header == "paren":
            base += _OFFICIAL_UNIT_SUFFIX
        else:
            base += _unit_suffix(unit, style)
    return _punct(base, style)


def article20_caption(key: str) -> str:
    """``"article20_5"`` → ``"第二十条第（五）项"``."""
    return f"第二十条第（{_CN_NUMERALS[key.rsplit('_', 1)[1]]}）项"


def _heading(text: str, style: LayoutStyle) -> Heading:
    if not style.heading_numbers and "、" in text[:3]:
        text = text.split("、", 1)[1]
    return Heading(_punct(text, style))


# -- grids -----------------------------------------------------------------------------------


class _Grid:
    """Collects cells of one table while laying it out row by row."""

    def __init__(self, n_cols: int) -> None:
        self.n_cols = n_cols
        self.cells: list[GridCell] = []
        self.row = 0

    def add(self, text: str, col: int, rowspan: int = 1, colspan: int = 1,
            header: bool = False) -> None:
        self.cells.append(GridCell(text, self.row, col, rowspan, colspan, header))

    def values(self, cells: Iterable[ExpectedCell], first_col: int) -> None:
        for i, cell in enumerate(cells):
            self.add(cell.raw, first_col + i)

    def next_row(self) -> None:
        self.row += 1

    def table(self, key: str) -> GridTable:
        cells = tuple(sorted(self.cells, key=lambda c: (c.row, c.col)))
        return GridTable(cells, self.row, self.n_cols, key)


def _article20_item(grid: _Grid, data: ReportData, spec: TableSpec, style: LayoutStyle) -> None:
    """Caption row, header row, one row per template row; the last column spans the rest."""
    n = len(spec.columns)
    spare = grid.n_cols - 1 - n
    grid.add(_punct(article20_caption(spec.key), style), 0, colspan=grid.n_cols, header=True)
    grid.next_row()
    grid.add(_INFO, 0, header=True)
    for i, col in enumerate(spec.columns):
        span = 1 + spare if i == n - 1 else 1
        grid.add(_column_label(data, spec, col, style), 1 + i, colspan=span, header=True)
    grid.next_row()
    for row in spec.rows:
        grid.add(_punct(row.label, style), 0)
        for i, col in enumerate(spec.columns):
            span = 1 + spare if i == n - 1 else 1
            grid.add(data.tables[spec.key][row.key][col.key].raw, 1 + i, colspan=span)
        grid.next_row()


def _article20_tables(data: ReportData, style: LayoutStyle) -> list[GridTable]:
    specs = [t for t in LAYOUTS[data.template].tables if t.key.startswith("article20")]
    if style.article20_split:
        out = []
        for spec in specs:
            grid = _Grid(1 + len(spec.columns))
            _article20_item(grid, data, spec, style)
            out.append(grid.table(spec.key))
        return out
    grid = _Grid(4)
    for spec in specs:
        _article20_item(grid, data, spec, style)
    return [grid.table("article20")]


def _applications_table(data: ReportData, style: LayoutStyle) -> GridTable:
    spec = LAYOUTS[data.template].table("applications")
    cols = list(spec.columns)
    grouped = [c for c in cols if c.group is not None]
    subtotal = 1 if style.subtotal_column else 0
    n_values = len(cols) + subtotal
    grid = _Grid(3 + n_values)
    caption = _punct(_CAPTION, style) if style.applications_caption else ""
    grid.add(caption, 0, rowspan=3, colspan=3, header=True)
    grid.add(_APPLICANTS, 3, colspan=n_values, header=True)
    grid.next_row()
    col = 3
    for c in cols:
        if c.group is None:
            grid.add(_punct(c.label, style), col, rowspan=2, header=True)
            col += 1
        elif c is grouped[0]:
            grid.add(_APPLICANT_GROUP, col, colspan=len(grouped) + subtotal, header=True)
            col += len(grouped) + subtotal
    grid.next_row()
    col = 4
    for c in grouped:
        grid.add(_punct(c.label, style), col, header=True)
        col += 1
    if subtotal:
        grid.add(_SUBTOTAL, col, header=True)
    grid.next_row()

    table = data.tables["applications"]
    results_group = spec.row("granted").group
    in_results = [r for r in spec.rows if r.group is not None]
    seen_groups: set[str] = set()
    for row in spec.rows:
        if row.group is None:
            grid.add(_row_label(row, style), 0, colspan=3)
        else:
            if results_group not in seen_groups:
                seen_groups.add(results_group)
                grid.add(_punct(results_group, style), 0, rowspan=len(in_results))
            if row.group == results_group:
                grid.add(_row_label(row, style), 1, colspan=2)
            else:
                if row.group not in seen_groups:
                    seen_groups.add(row.group)
                    size = sum(1 for r in spec.rows if r.group == row.group)
                    grid.add(_punct(row.group, style), 1, rowspan=size)
                grid.add(_row_label(row, style), 2)
        cells = [table[row.key][c.key] for c in cols]
        if subtotal:
            part = sum(int(c.value or 0) for c in cells[1:-1])
            cells.insert(-1, ExpectedCell(part, str(part), None))
        grid.values(cells, 3)
        grid.next_row()
    return grid.table("applications")


def _review_table(data: ReportData, style: LayoutStyle) -> GridTable:
    spec = LAYOUTS[data.template].table("review_litigation")
    width = len(spec.columns)
    lawsuits = [r for r in spec.rows if r.group is not None]
    grid = _Grid(width * len(spec.rows))
    grid.add(_REVIEW_GROUPS[0], 0, colspan=width, header=True)
    grid.add(_REVIEW_GROUPS[1], width, colspan=width * len(lawsuits), header=True)
    grid.next_row()
    for i, c in enumerate(spec.columns):
        grid.add(c.label, i, rowspan=2, header=True)
    for i, r in enumerate(lawsuits):
        grid.add(r.label.split("·")[-1], width * (1 + i), colspan=width, header=True)
    grid.next_row()
    for i in range(len(lawsuits)):
        for j, c in enumerate(spec.columns):
            grid.add(c.label, width * (1 + i) + j, header=True)
    grid.next_row()
    table = data.tables["review_litigation"]
    grid.values((table[r.key][c.key] for r in spec.rows for c in spec.columns), 0)
    grid.next_row()
    return grid.table("review_litigation")


# -- the report -------------------------------------------------------------------------------

_TITLE = "XX市人民政府{year}年政府信息公开工作年度报告"
_OVERVIEW = ("一、总体情况", "{year}年，本机关坚持以公开为常态、不公开为例外，扎实推进政务公开工作。")
_ACTIVE_PROSE = "本机关及时发布各类政府信息，具体情况如下。"
_CLOSING = (
    "五、存在的主要问题及改进情况",
    "政务公开工作仍存在一些不足，下一步将进一步加强培训，提升工作水平。",
)


_DEFAULT_STYLE = LayoutStyle()


def layout_report(data: ReportData, style: LayoutStyle = _DEFAULT_STYLE) -> list[Block]:
    """The blocks of a whole report: title, prose and headings (unless ``style.headings`` is
    off), the 第二十条 table(s), the applications table and the review/litigation table."""
    layout = LAYOUTS[data.template]
    year = "2020" if data.template == "2019" else "2022"
    article20 = _article20_tables(data, style)
    applications = _applications_table(data, style)
    review = _review_table(data, style)
    if not style.headings:
        return [*article20, applications, review]
    apps_spec = layout.table("applications")
    review_spec = layout.table("review_litigation")
    blocks: list[Block] = [
        Paragraph(_TITLE.format(year=year)),
        _heading(_OVERVIEW[0], style),
        Paragraph(_punct(_OVERVIEW[1].format(year=year), style)),
        _heading(layout.tables[0].title, style),
        Paragraph(_ACTIVE_PROSE),
        *article20,
        _heading(apps_spec.title, style),
        applications,
        _heading(review_spec.title, style),
        review,
        _heading(_CLOSING[0], style),
        Paragraph(_punct(_CLOSING[1], style)),
    ]
    return blocks
