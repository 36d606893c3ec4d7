"""Render layout blocks as a PDF the way Word/WPS export a report, with reportlab.

Text is set in the CID font ``STSong-Light`` (not embedded; pdfminer maps it back to Unicode
through its bundled Adobe-GB1 CMaps). Tables are ruled: every cell's border is drawn as a
rectangle at its spanned box, so merged cells are real merges. Options reproduce what real
exports do:

* ``page_break_in_applications``: the applications table starts low on a page so that it
  breaks after its header and a few rows; a merged label cut by the break is drawn as two
  boxes, its text in the larger part (as Word does); ``repeat_header`` repeats the header
  rows on the new page;
* ``vertical_labels``: tall merged label cells (``三、本年度办理结果``) set one character per
  line in a narrow column;
* ``prose_pages``: pages of running text before the tables (the document's length), so that
  page selection has work to do; every page carries a ``- n -`` page number;
* ``borders``: tables drawn without ruling lines, or with horizontal rules only;
* ``effects``: producer quirks drawn on every number in a table (issue 17):
  ``"fake_bold"``, ``"stale_text"``, ``"footnote_marks"`` (see ``_Writer._number_line``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from _render.layout import Block, GridCell, GridTable, Heading, Paragraph

__all__ = ["FONT", "prose_lines", "render_pdf"]

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.28, 841.89
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 72.0, 72.0, 72.0
_PAD = 3.0
_BREAK_KEY = "applications"
#: Body rows of the applications table kept on the first page when a break is forced.
_ROWS_BEFORE_BREAK = 4
_NUMBERISH = re.compile(r"^[\s0-9０-９.,．，+\-—–/无%()（）件项元万]*$")

_SENTENCES = (
    "本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。",
    "全年通过门户网站发布各类政务信息，及时回应社会关切，持续优化政务服务。",
    "加强政府信息公开平台建设，完善政务新媒体管理，提升信息发布的权威性和时效性。",
    "严格执行保密审查制度，确保公开内容准确规范，做到应公开尽公开。",
    "组织开展政务公开业务培训，进一步提高工作人员的业务能力和服务水平。",
    "依法依规办理政府信息公开申请，答复内容规范，程序合法，未发生逾期答复情况。",
)


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _width(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, FONT, size))


def _tokens(text: str) -> list[str]:
    """Break points: runs of ASCII letters/digits (and number punctuation) stay whole."""
    return re.findall(r"[A-Za-z0-9０-９.,．，+\-%]+|.", text)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy line wrapping to ``width`` points; CJK breaks anywhere, numbers never."""
    lines: list[str] = []
    current = ""
    for tok in _tokens(text):
        if current and _width(current + tok, size) > width:
            lines.append(current)
            current = tok.lstrip() if tok.isspace() else tok
        else:
            current += tok
    if current or not lines:
        lines.append(current)
    return lines


def prose_lines(n_lines: int, seed: int = 0) -> list[str]:
    """Deterministic running text, ``n_lines`` sentences (one paragraph each)."""
    return [_SENTENCES[(seed + i) % len(_SENTENCES)] for i in range(n_lines)]


# ---------------------------------------------------------------------------------------
# Table geometry
# ---------------------------------------------------------------------------------------


@dataclass
class _TableGeometry:
    size: float
    col_x: list[float]  # n_cols + 1 boundaries
    row_h: list[float]
    header_rows: int
    vertical: set[tuple[int, int]] = field(default_factory=set)  # (row, col) of vertical cells


def _leading(size: float) -> float:
    return size * 1.3


def _is_vertical(cell: GridCell, vertical_labels: bool) -> bool:
    return (
        vertical_labels
        and not cell.header
        and cell.colspan == 1
        and cell.rowspan >= 3
        and len(cell.text) >= 3
    )


def _header_rows(table: GridTable) -> int:
    rows = 0
    for r in range(table.n_rows):
        starting = [c for c in table.cells if c.row == r]
        if starting and all(c.header for c in starting):
            rows = r + 1
        else:
            break
    # a header cell may reach below the last all-header row
    for c in table.cells:
        if c.header and c.row < rows:
            rows = max(rows, c.row + c.rowspan)
    return rows


def _table_geometry(table: GridTable, size: float, vertical_labels: bool) -> _TableGeometry:
    n = table.n_cols
    avail = PAGE_W - 2 * MARGIN_X
    vertical = {(c.row, c.col) for c in table.cells if _is_vertical(c, vertical_labels)}
    for _ in range(6):
        need = [0.0] * n
        label = [False] * n
        only_vertical = [True] * n
        for c in table.cells:
            if c.colspan != 1:
                continue
            if (c.row, c.col) not in vertical:
                only_vertical[c.col] = False
            if c.header:
                continue
            if _NUMBERISH.match(c.text):
                need[c.col] = max(need[c.col], _width(c.text, size) + 2 * _PAD + 2)
            else:
                label[c.col] = True
        narrow = [only_vertical[k] and any(col == k for _, col in vertical) for k in range(n)]
        widths = []
        for k in range(n):
            if narrow[k]:
                widths.append(size + 2 * _PAD + 4)
            elif label[k]:
                widths.append(max(need[k], size * 9))
            else:
                widths.append(max(need[k], size * 3 + 2 * _PAD))
        total = sum(widths)
        if total <= avail:
            # share the rest among label columns (or everyone)
            grow = [k for k in range(n) if label[k] and not narrow[k]] or list(range(n))
            extra = (avail - total) / len(grow)
            for k in grow:
                widths[k] += extra
            break
        size *= max(0.7, avail / total)
    col_x = [MARGIN_X]
    for w in widths:
        col_x.append(col_x[-1] + w)
    lead = _leading(size)
    row_h = [lead + 2 * _PAD] * table.n_rows
    for c in sorted(table.cells, key=lambda c: c.rowspan):
        width = col_x[c.col + c.colspan] - col_x[c.col] - 2 * _PAD
        if (c.row, c.col) in vertical:
            need_h = len(c.text) * lead + 2 * _PAD
        else:
            need_h = len(wrap(c.text, width, size)) * lead + 2 * _PAD
        have = sum(row_h[c.row : c.row + c.rowspan])
        if need_h > have:
            row_h[c.row + c.rowspan - 1] += need_h - have
    return _TableGeometry(size, col_x, row_h, _header_rows(table), vertical)


# ---------------------------------------------------------------------------------------
# Page flow
# ---------------------------------------------------------------------------------------


class _Writer:
    """A canvas with a cursor that flows text and tables over A4 pages."""

    def __init__(self, font_size: float, effects: frozenset[str] = frozenset(),
                 borders: str = "grid") -> None:
        _register_font()
        self.borders = borders
        self.buf = io.BytesIO()
        # Content streams compressed, as Word and WPS write them.
        self.canvas = canvas.Canvas(self.buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1)
        self.size = font_size
        self.effects = effects
        self.page = 1
        self.y = MARGIN_TOP  # distance from the top of the page
        self._footer()

    def _footer(self) -> None:
        self.canvas.setFont(FONT, self.size)
        self.canvas.drawCentredString(PAGE_W / 2, MARGIN_BOTTOM / 2, f"- {self.page} -")

    def new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1
        self.y = MARGIN_TOP
        self._footer()

    def room(self) -> float:
        return PAGE_H - MARGIN_BOTTOM - self.y

    def text(self, text: str, size: float | None = None) -> None:
        size = size or self.size
        lead = _leading(size)
        for line in wrap(text, PAGE_W - 2 * MARGIN_X, size):
            if self.room() < lead:
                self.new_page()
            self.canvas.setFont(FONT, size)
            self.canvas.drawString(MARGIN_X, PAGE_H - self.y - size, line)
            self.y += lead
        self.y += size * 0.4

    def table(self, table: GridTable, geo: _TableGeometry, *, break_after: int | None,
              repeat_header: bool) -> None:
        """Rows flow down the page; a row that does not fit starts a new page (rows are
        never split). ``break_after``: leave exactly this many rows on the first page."""
        fresh, segments = plan_table(geo, self.y, break_after, repeat_header)
        if fresh:
            self.new_page()
        cuts = [seg.lo for seg in segments[1:]]
        for n, seg in enumerate(segments):
            if n:
                self.new_page()
            top = seg.top
            if seg.repeated:
                self._draw_rows(table, geo, 0, geo.header_rows, top, (), full=True)
                top += sum(geo.row_h[: geo.header_rows])
            self._draw_rows(table, geo, seg.lo, seg.hi, top, cuts, full=False)
        last = segments[-1]
        self.y = last.top + sum(geo.row_h[: geo.header_rows] if last.repeated else ())
        self.y += sum(geo.row_h[last.lo : last.hi]) + self.size

    def _draw_rows(self, table: GridTable, geo: _TableGeometry, lo: int, hi: int,
                   top: float, cuts: Sequence[int], *, full: bool) -> None:
        """Draw the part of every cell that falls in rows ``lo..hi`` starting at ``top``.
        A cell crossing the segment's edge is drawn clipped; its text goes in the part
        holding most of its height (the whole cell when ``full``)."""
        c = self.canvas
        h = geo.row_h
        c.setLineWidth(0.5)
        for cell in table.cells:
            r0, r1 = cell.row, cell.row + cell.rowspan
            a, b = max(r0, lo), min(r1, hi)
            if a >= b:
                continue
            x0, x1 = geo.col_x[cell.col], geo.col_x[cell.col + cell.colspan]
            y0 = top + sum(h[lo:a])
            y1 = y0 + sum(h[a:b])
            if self.borders == "grid":
                c.rect(x0, PAGE_H - y1, x1 - x0, y1 - y0, stroke=1, fill=0)
            elif self.borders == "rows":
                c.line(x0, PAGE_H - y0, x1, PAGE_H - y0)
                c.line(x0, PAGE_H - y1, x1, PAGE_H - y1)
            if not cell.text or (not full and not _holds_text(cell, a, cuts, h)):
                continue
            self._cell_text(cell, geo, x0, y0, x1, y1)

    def _cell_text(self, cell: GridCell, geo: _TableGeometry,
                   x0: float, y0: float, x1: float, y1: float) -> None:
        c = self.canvas
        size = geo.size
        lead = _leading(size)
        c.setFont(FONT, size)
        if (cell.row, cell.col) in geo.vertical:
            lines = list(cell.text)
        else:
            lines = wrap(cell.text, x1 - x0 - 2 * _PAD, size)
        block = len(lines) * lead
        y = y0 + max(_PAD, (y1 - y0 - block) / 2)
        numeric = bool(_NUMBERISH.match(cell.text)) and any(ch.isdigit() for ch in cell.text)
        for line in lines:
            baseline = PAGE_H - y - size * 1.05
            if numeric and self.effects:
                self._number_line(line, (x0 + x1) / 2, baseline, size)
            else:
                c.drawCentredString((x0 + x1) / 2, baseline, line)
            y += lead

    def _number_line(self, line: str, centre: float, baseline: float, size: float) -> None:
        """A number drawn with the producer quirks of issue 17 that ``effects`` names:
        ``stale_text`` an invisible (render mode 3) digit under it, ``fake_bold`` every
        glyph drawn twice 0.35 pt apart, ``footnote_marks`` a small raised "1" after it."""
        c = self.canvas
        width = _width(line, size)
        x = centre - width / 2
        if "stale_text" in self.effects:
            hidden = c.beginText(x + width / 3, baseline)
            hidden.setTextRenderMode(3)
            hidden.setFont(FONT, size)
            hidden.textOut("9")
            hidden.setTextRenderMode(0)  # Tr persists in the graphics state
            c.drawText(hidden)
        if "fake_bold" in self.effects:
            for ch in line:
                c.drawString(x, baseline, ch)
                c.drawString(x + 0.35, baseline, ch)
                x += _width(ch, size)
        else:
            c.drawString(x, baseline, line)
        if "footnote_marks" in self.effects:
            c.setFont(FONT, size * 0.6)
            c.drawString(centre + width / 2, baseline + size * 0.4, "1")
            c.setFont(FONT, size)

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buf.getvalue()


@dataclass(frozen=True)
class _Segment:
    lo: int  # first row drawn on this page
    hi: int  # one past the last
    top: float  # where the segment starts (distance from the page top)
    repeated: bool  # the header rows are drawn again above it


def plan_table(
    geo: _TableGeometry, y: float, break_after: int | None, repeat_header: bool
) -> tuple[bool, list[_Segment]]:
    """Where a table's rows fall: whether it starts on a fresh page, and its per-page
    segments. ``break_after`` pushes the table down so that only that many rows fit."""
    h = geo.row_h
    bottom = PAGE_H - MARGIN_BOTTOM
    fresh = False
    if break_after is not None:
        first = sum(h[:break_after])
        if bottom - y < first:
            fresh, y = True, MARGIN_TOP
        y += max(0.0, bottom - y - first - 0.5 * h[break_after])
    elif bottom - y < sum(h[: max(1, geo.header_rows) + 1]):
        fresh, y = True, MARGIN_TOP
    segments: list[_Segment] = []
    lo, top, repeated = 0, y, False
    used = 0.0
    for r in range(len(h)):
        if r > lo and top + used + h[r] > bottom:
            segments.append(_Segment(lo, r, top, repeated))
            repeated = repeat_header and 0 < geo.header_rows <= r
            lo, top = r, MARGIN_TOP
            used = sum(h[: geo.header_rows]) if repeated else 0.0
        used += h[r]
    segments.append(_Segment(lo, len(h), top, repeated))
    return fresh, segments


def _holds_text(cell: GridCell, a: int, cuts: Sequence[int], h: Sequence[float]) -> bool:
    """Does the part of ``cell`` starting at row ``a`` hold its text? The part with the
    largest share of the cell's height (the first on a tie), as Word places it."""
    inner = [cut for cut in cuts if cell.row < cut < cell.row + cell.rowspan]
    if not inner:
        return True
    bounds = [cell.row, *inner, cell.row + cell.rowspan]
    parts = [(sum(h[p:q]), -p) for p, q in pairwise(bounds)]
    return a == -max(parts)[1]


def _prose(w: _Writer, lines: Sequence[str]) -> None:
    for line in lines:
        w.text(line)
    w.new_page()


def render_pdf(
    blocks: Sequence[Block],
    *,
    page_break_in_applications: bool = False,
    repeat_header: bool = False,
    vertical_labels: bool = False,
    font_size: float = 9,
    prose_pages: int = 4,
    effects: Sequence[str] = (),
    borders: str = "grid",
) -> bytes:
    """The blocks as the bytes of a PDF; ``prose_pages`` pages of running text come after
    the first heading (the title), before the tables. ``borders``: ``"grid"`` every cell's
    box, ``"rows"`` horizontal rules only (above and below each row), ``"none"`` no rule."""
    w = _Writer(font_size, frozenset(effects), borders)
    lines_per_page = int((PAGE_H - MARGIN_TOP - MARGIN_BOTTOM) / (_leading(font_size) * 1.35))
    prose = prose_lines(prose_pages * lines_per_page)
    placed_prose = prose_pages == 0
    if not placed_prose and blocks and isinstance(blocks[0], GridTable):
        _prose(w, prose)
        placed_prose = True
    for i, block in enumerate(blocks):
        if isinstance(block, Heading):
            w.text(block.text, font_size + 2)
        elif isinstance(block, Paragraph):
            w.text(block.text)
        elif isinstance(block, GridTable):
            geo = _table_geometry(block, font_size, vertical_labels)
            break_after = None
            if page_break_in_applications and block.key == _BREAK_KEY:
                break_after = min(geo.header_rows + _ROWS_BEFORE_BREAK, block.n_rows - 1)
            w.table(block, geo, break_after=break_after, repeat_header=repeat_header)
        if not placed_prose and i == 0:
            _prose(w, prose)
            placed_prose = True
    return w.finish()


# ---------------------------------------------------------------------------------------
# Hand-written PDFs (hostile and odd shapes reportlab will not produce)
# ---------------------------------------------------------------------------------------


def build_pdf(objects: Sequence[bytes], *, root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF from object bodies (object ``n`` is ``objects[n - 1]``) with a correct xref
    table, so every parser reads it as written. ``trailer`` adds trailer entries."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer, xref)
    return bytes(out)


def stream(content: bytes, extra: bytes = b"", *, length: bytes | None = None) -> bytes:
    """A stream object body; ``length`` overrides the ``/Length`` value (e.g. ``b"5 0 R"``)."""
    size = length if length is not None else str(len(content)).encode()
    return b"<< /Length " + size + b" " + extra + b" >>\nstream\n" + content + b"\nendstream"


def one_page_pdf(content: bytes, *, resources: bytes = b"<< >>", page_extra: bytes = b"",
                 extra_objects: Sequence[bytes] = (), media: bytes = b"[0 0 595 842]") -> bytes:
    """A one-page PDF drawing ``content``; ``extra_objects`` are numbered from 5 on."""
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + media + b" /Contents 4 0 R /Resources "
        + resources + b" " + page_extra + b" >>",
        stream(content),
        *extra_objects,
    ])
