"""Markdown, as PDF→Markdown converters write it → :class:`~gxtables._grid.Document`.

Converters (MinerU, marker, docling) print a report's ruled tables in one of two ways:

* GFM pipe tables: a header line, a ``|---|`` separator line (alignment colons allowed),
  one line per grid row; outer pipes optional, ``\\|`` an escaped pipe, ``<br>`` a line
  break inside a cell, ``**…**`` emphasis around a cell's text;
* HTML ``<table>`` elements embedded in the Markdown (MinerU), with ``rowspan``/``colspan``;
  these are read by the HTML reader itself (:func:`~gxtables._readers._html.read_html`).

Everything else — ``#`` headings, list items, prose — becomes one
:class:`~gxtables._grid.Paragraph` per line, markers dropped.

A pipe table has a true column grid but no spans, so merged cells are written either once
with empty placeholder cells after and under them (*marker style*) or repeated in every
position they cover (*docling style*). :func:`pipe_grid` recovers the spans and emits an
exact grid:

1. Rows are *header* rows (text only, with text outside the row-label columns; or a lone
   caption directly above column headings) or *body* rows; each run of body rows is
   governed by the run of header rows above it.
2. In header rows, a cell continues right over empty or identical cells, then down while the
   cells under it are all empty or all identical (a rectangle, as a merged cell is).
3. Columns that no governing header row tells apart (one merged header cell over all of
   them) are one column: in body rows a value continues over empty or identical cells in
   such a column group, never across groups — ``0 | 0`` under 自然人 | 商业企业 are two zeros.
4. In the leftmost column group (the row labels) a label also continues down over empty or
   identical cells, so the placeholders under a vertically merged label are not values.
5. A table with no header rows, as wide as the pipe table before it, continues that table
   (a converter cuts a table at a page break) and takes its column groups.

Numbers never continue down. Readers know nothing of the templates: all of this is geometry
and cell kinds (text, number, empty).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import attrs

from .._errors import LimitExceeded
from .._grid import Block, Cell, CellGrid, Document, Location, Paragraph
from .._limits import Deadline, Limits
from .._normalize import clean_cell_text
from .._values import parse_value

__all__ = ["looks_like_markdown", "looks_like_markdown_bytes", "pipe_grid", "read_markdown",
           "split_pipe_row"]

# A GFM delimiter row: cells of hyphens with optional alignment colons. Cells of fewer than
# three characters (``-``, ``--``) are not taken: they are null markers in a row of values.
_DELIMITER = r"[ \t]*(?::-{2,}|:-+:|-{2,}:|-{3,})[ \t]*"
_SEPARATOR = re.compile(rf"^\s*\|?{_DELIMITER}(?:\|{_DELIMITER})*\|?\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_PAGE_WRAPPER = re.compile(r"</?\s*(?:html|body)\b[^>]*>", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Backslash escapes of ASCII punctuation (CommonMark §2.4); a lone "\" is kept as written.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS_WHOLE = re.compile(r"^([*_])(?=\S)(.+?)(?<=\S)\1$", re.DOTALL)
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|>+)\s+")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|=+)\s*$")
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")

#: Byte patterns for the format sniffer: a pipe row followed by a delimiter row, or an ATX
#: heading line (``# …``) in a document that also holds HTML tables.
_SEPARATOR_BYTES = re.compile(
    rf"^[^\n|]*\|[^\n]*\n[ \t]*\|?{_DELIMITER}(?:\|{_DELIMITER})+\|?[ \t]*\r?$".encode(),
    re.MULTILINE,
)
_HEADING_BYTES = re.compile(rb"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_TABLE_BYTES = re.compile(rb"<table\b", re.IGNORECASE)
_HTML_START_BYTES = re.compile(rb"<html\b", re.IGNORECASE)
_PAGE_BYTES = re.compile(rb"<\s*(?:!doctype|head|meta|p|div)\b", re.IGNORECASE)

_DEADLINE_EVERY = 2000


def looks_like_markdown_bytes(head: bytes) -> bool:
    """Whether the first bytes of a document are Markdown rather than an HTML page.

    For the format sniffer, which sees ``<br>`` or ``<table>`` and would otherwise call the
    document HTML: true when a pipe row is followed by a GFM delimiter row (``|---|---|``),
    or when ``<table>`` elements stand beside ``#`` headings or each in its own
    ``<html><body>`` (MinerU: a web page has one ``<html>``) and nothing marks a web page
    (``<!doctype>``, ``<head>``, ``<meta>``, ``<p>``, ``<div>``). ASCII patterns only, so any
    ASCII-compatible encoding (UTF-8, GB18030) and de-NULed UTF-16 work.
    """
    if _SEPARATOR_BYTES.search(head):
        return True
    if not _TABLE_BYTES.search(head) or _PAGE_BYTES.search(head):
        return False
    return bool(_HEADING_BYTES.search(head)) or _second(_HTML_START_BYTES, head)


def _second(pattern: re.Pattern[bytes], data: bytes) -> bool:
    """Whether ``pattern`` occurs at least twice in ``data``."""
    first = pattern.search(data)
    return first is not None and pattern.search(data, first.end()) is not None


def looks_like_markdown(lines: Sequence[str]) -> bool:
    """Whether decoded text lines are Markdown: a pipe table (a row with a pipe directly
    followed by a delimiter row) or an embedded HTML ``<table>``."""
    for i, line in enumerate(lines):
        if _TABLE_OPEN.search(line):
            return True
        if (i + 1 < len(lines) and _is_table_start(line, lines[i + 1])):
            return True
    return False


def read_markdown(lines: Sequence[str], *, deadline: Deadline, source: str | None,
                  limits: Limits | None = None) -> Document:
    """Read Markdown lines (already decoded and split) into paragraphs and exact grids.

    ``limits`` bounds pipe tables (``max_table_cells``) and embedded HTML (every limit of
    the HTML reader); ``deadline`` is checked on every line. Raises
    :class:`~gxtables.LimitExceeded` and, for HTML the parser gives up on,
    :class:`~gxtables.CorruptDocument`.
    """
    limits = limits or Limits()
    blocks: list[Block] = []
    n_grids = 0
    # The previous pipe table's width and column groups: a table that starts without a
    # header and is as wide continues it (the converter cut it at a page break).
    carry: tuple[int, list[range]] | None = None
    in_fence = False
    i, n = 0, len(lines)
    while i < n:
        deadline.check("reading Markdown")
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
            i += 1
            continue
        if not line.strip():
            i += 1
            continue
        if not in_fence and _TABLE_OPEN.search(line):
            end = _html_block_end(lines, i)
            for block in _html_tables(lines, i, end, n_grids, limits=limits, source=source):
                blocks.append(block)
                n_grids += isinstance(block, CellGrid)
                carry = None if isinstance(block, CellGrid) else carry
            i = end + 1
            continue
        if not in_fence and i + 1 < n and _is_table_start(line, lines[i + 1]):
            rows: list[tuple[list[str], int]] = [(split_pipe_row(line), i + 1)]
            width = len(rows[0][0])
            j = i + 2
            while j < n and lines[j].strip() and _UNESCAPED_PIPE.search(lines[j]):
                if j % _DEADLINE_EVERY == 0:
                    deadline.check("reading a Markdown table")
                if not _SEPARATOR.match(lines[j]):
                    rows.append((split_pipe_row(lines[j]), j + 1))
                    width = max(width, len(rows[-1][0]))
                    _check_cells(len(rows), width, i + 1, limits, source)
                j += 1
            _check_cells(len(rows), width, i + 1, limits, source)
            grid, groups = pipe_grid([r for r, _ in rows], [ln for _, ln in rows], n_grids,
                                     inherit=carry[1] if carry and carry[0] == width else None)
            blocks.append(grid)
            carry = (width, groups) if groups is not None else None
            n_grids += 1
            i = j
            continue
        text = line.strip() if in_fence else _prose(line)
        if text:
            blocks.append(Paragraph(text, Location(line=i + 1)))
        i += 1
    return Document(format="markdown", blocks=tuple(blocks))


def _check_cells(n_rows: int, width: int, line: int, limits: Limits,
                 source: str | None) -> None:
    """Refuse a pipe table whose grid (rows × widest row) is over ``max_table_cells``,
    as soon as it is, before building it."""
    covered = n_rows * width
    if covered > limits.max_table_cells:
        raise LimitExceeded(
            f"expected a Markdown table of at most {limits.max_table_cells:,} grid cells; the "
            f"one at line {line} has {n_rows:,} rows × {width:,} columns or more; raise it "
            "with Limits(max_table_cells=...) if the document is genuine",
            limit="max_table_cells", value=limits.max_table_cells, actual=covered,
            source=source)


# -- lines -----------------------------------------------------------------------------------


def _is_table_start(line: str, following: str) -> bool:
    """A header row (it holds an unescaped pipe) directly above a delimiter row. GFM also
    wants the cell counts to agree; a converter that trims an empty last header cell does
    not, and the rows are padded to the widest instead."""
    if not _UNESCAPED_PIPE.search(line) or _SEPARATOR.match(line):
        return False
    return "|" in following and bool(_SEPARATOR.match(following))


def split_pipe_row(line: str) -> list[str]:
    """One table line → its cells' cleaned texts (outer pipes optional, ``\\|`` kept).

    >>> split_pipe_row("| **总计** | 1<br>2 | a \\\\| b |")
    ['总计', '12', 'a | b']
    """
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [_cell_text(part) for part in _UNESCAPED_PIPE.split(s)]


def _cell_text(raw: str) -> str:
    """A pipe cell's text: ``<br>`` a line break (wrapped text joined as every reader joins
    it), emphasis markers and backslash escapes dropped, entities decoded."""
    text = _BR.sub("\n", raw)
    text = _strip_emphasis(text)
    text = _ESCAPE.sub(r"\1", text)
    return clean_cell_text(html.unescape(text))


def _strip_emphasis(text: str) -> str:
    """``**总计**``, ``**一、**本年新收``, ``*0件*`` → the text without its markers. Strong
    markers go when they pair up (an even count); one layer of ``*``/``_`` around the whole
    text goes too. Linear in the text, whatever it holds."""
    for marker in ("**", "__"):
        count = text.count(marker)
        if count and count % 2 == 0:
            text = text.replace(marker, "")
    stripped = text.strip()
    match = _EMPHASIS_WHOLE.match(stripped)
    return match.group(2).strip() if match else stripped


def _prose(line: str) -> str:
    """A heading, list item or prose line without its Markdown markers ('' for a rule)."""
    if _RULE.match(line):
        return ""
    if _HEADING.match(line):
        s = _CLOSING_HASHES.sub("", _HEADING.sub("", line))
    else:
        s = _BULLET.sub("", line)
    return clean_cell_text(html.unescape(_ESCAPE.sub(r"\1", _strip_emphasis(_BR.sub("\n", s)))))


def _html_block_end(lines: Sequence[str], start: int) -> int:
    """The index of the line that closes the ``<table>`` opened on line ``start`` (tables
    nested inside it counted), or the last line when it is never closed. Tables that follow
    with only blank lines between join the block: one HTML parse reads them all."""
    depth = 0
    j = start
    while j < len(lines):
        depth += len(_TABLE_OPEN.findall(lines[j])) - len(_TABLE_CLOSE.findall(lines[j]))
        if depth <= 0:
            k = j + 1
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k == len(lines) or not _TABLE_OPEN.search(lines[k]):
                return j
            j = k
            continue
        j += 1
    return len(lines) - 1


def _html_tables(lines: Sequence[str], start: int, end: int, first_index: int, *,
                 limits: Limits, source: str | None) -> list[Block]:
    """The blocks of an embedded HTML chunk (lines ``start``..``end``), read by the HTML
    reader itself; each grid row located at the Markdown line its ``<tr>`` starts on."""
    from ._html import read_html  # lxml is loaded only when a document embeds HTML

    # MinerU wraps each table in <html><body>…</body></html>; in one chunk of several tables
    # the parser would keep only the first document's, so the wrappers go.
    chunk = _PAGE_WRAPPER.sub("", "\n".join(lines[start:end + 1]))
    # The declaration shares the chunk's first line, so lxml's line numbers stay the chunk's.
    doc = read_html(b'<meta charset="utf-8">' + chunk.encode("utf-8"), limits=limits,
                    source=source)
    row_lines = _tr_lines(chunk)
    blocks: list[Block] = []
    index = first_index
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            blocks.append(Paragraph(block.text, Location(line=start + 1)))
            continue
        trs = row_lines[block.index] if block.index < len(row_lines) else []
        table_line = start + (block.location.line or 1)
        cells = tuple(
            attrs.evolve(cell, location=Location(
                line=start + trs[cell.row] if cell.row < len(trs) else table_line,
                table=index, row=cell.row, col=cell.col))
            for cell in block.cells)
        blocks.append(attrs.evolve(block, cells=cells, index=index,
                                   location=Location(line=table_line, table=index)))
        index += 1
    return blocks


def _tr_lines(chunk: str) -> list[list[int]]:
    """For each data table of an HTML chunk (one that holds no table), the 1-based chunk
    line of each of its rows; where rows cannot be told apart, the caller falls back to the
    table's own line."""
    from lxml import etree

    parser = etree.HTMLParser(no_network=True, huge_tree=True, collect_ids=False)
    try:
        root = etree.fromstring(chunk.encode("utf-8"), parser)
    except (etree.LxmlError, ValueError):
        return []
    if root is None:
        return []
    out = []
    for table in root.iter("table"):
        if (next(table.iterdescendants("table"), None) is not None
                or next(table.iter("td", "th"), None) is None):
            continue  # a layout table, or one the HTML reader yields no grid for
        rows = list(table.iter("tr"))
        if next(table.iter("tfoot"), None) is not None or any(
                (tr.get("height") or "").strip() == "0" for tr in rows):
            rows = []  # footers move and spacer rows vanish: rows no longer line up
        out.append([tr.sourceline or 1 for tr in rows])
    return out


# -- pipe tables → exact grids -------------------------------------------------------------

_HEADER, _BODY, _UNSURE = "header", "body", "unsure"


def pipe_grid(rows: Sequence[Sequence[str]], line_numbers: Sequence[int], index: int, *,
              inherit: list[range] | None = None) -> tuple[CellGrid, list[range] | None]:
    """A pipe table's rows of cell texts → an exact grid with the spans recovered (see the
    module docstring), and the column groups its last header rows define (``None`` when it
    has none). ``line_numbers`` gives each row's 1-based line; body rows above any header
    row take the column groups ``inherit`` gives (those of the table this one continues)."""
    width = max((len(r) for r in rows), default=0)
    matrix = [list(r) + [""] * (width - len(r)) for r in rows]
    kinds = [[_kind(text) for text in row] for row in matrix]
    roles = _row_roles(matrix, kinds)
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    r = 0
    header_rows: list[int] = []
    groups = inherit
    while r < len(matrix):
        end = r
        while end < len(matrix) and roles[end] == roles[r]:
            end += 1
        block = range(r, end)
        if roles[r] == _HEADER:
            _merge_header(matrix, block, spans, owner)
            header_rows = list(block)
            groups = _column_groups(header_rows, width, owner)
        else:
            _merge_body(matrix, kinds, block, groups or _singletons(width), spans, owner)
        r = end
    cells = [
        Cell(matrix[r][c], r, c, rs, cs,
             Location(line=line_numbers[r], table=index, row=r, col=c))
        for (r, c), (rs, cs) in sorted(spans.items())
    ]
    grid = CellGrid(tuple(cells), index=index, exact=True, rows_known=True,
                    location=Location(line=line_numbers[0] if line_numbers else None,
                                      table=index))
    return grid, groups


def _singletons(width: int) -> list[range]:
    return [range(c, c + 1) for c in range(width)]


def _kind(text: str) -> str:
    """``empty``, ``value`` (a number or a null marker such as ``—``) or ``text``."""
    if not text:
        return "empty"
    return "text" if parse_value(text).kind == "text" else "value"


def _row_roles(matrix: list[list[str]], kinds: list[list[str]]) -> list[str]:
    """Header or body for each row.

    A row holding a value is a body row. A text-only row is a header row when it has text
    outside the label columns (the columns where rows holding values print text; the first
    column when no row holds a value). Otherwise — labels and empty cells — it is either a
    caption (第二十条第（八）项 over the whole width) or a body row whose values are all blank
    (行政强制 | | |): a caption when the row under it is a header row of column headings (two
    or more different texts), else a body row.
    """
    valued = [row for row in kinds if "value" in row]
    label_cols = {c for row in valued for c, k in enumerate(row) if k == "text"}
    if not valued:
        label_cols = {0}
    roles: list[str] = []
    for row in kinds:
        if "value" in row:
            roles.append(_BODY)
        elif any(k == "text" and c not in label_cols for c, k in enumerate(row)):
            roles.append(_HEADER)
        else:
            roles.append(_UNSURE)
    for r in range(len(roles) - 1, -1, -1):
        if roles[r] == _UNSURE:
            headings = (r + 1 < len(roles) and roles[r + 1] == _HEADER
                        and len({t for t in matrix[r + 1] if t}) >= 2)
            roles[r] = _HEADER if headings else _BODY
    return roles


def _continues(texts: Sequence[str], anchor: str) -> bool:
    """Cells that continue a merged cell: all empty (placeholders) or all its own text
    (repeated)."""
    return all(t == "" for t in texts) or all(t == anchor for t in texts)


def _merge_header(matrix: list[list[str]], block: range,
                  spans: dict[tuple[int, int], tuple[int, int]],
                  owner: dict[tuple[int, int], tuple[int, int]]) -> None:
    """Rectangles of header cells: right over empty or identical cells, then down while the
    row below is all empty or all identical under the whole width."""
    width = len(matrix[0])
    for r in block:
        for c in range(width):
            if (r, c) in owner:
                continue
            text = matrix[r][c]
            cs = 1
            while (c + cs < width and (r, c + cs) not in owner
                   and _continues([matrix[r][c + cs]], text)):
                cs += 1
            rs = 1
            while (r + rs in block
                   and not any((r + rs, k) in owner for k in range(c, c + cs))
                   and _continues(matrix[r + rs][c:c + cs], text)):
                rs += 1
            _place(r, c, rs, cs, spans, owner)


def _column_groups(header_rows: Sequence[int], width: int,
                   owner: dict[tuple[int, int], tuple[int, int]]) -> list[range]:
    """Runs of columns that no header row tells apart: in every header row of the governing
    block one cell covers them all."""
    groups: list[range] = []
    start = 0
    for c in range(1, width + 1):
        split = c == width or any(
            owner.get((r, c - 1)) != owner.get((r, c)) for r in header_rows)
        if split:
            groups.append(range(start, c))
            start = c
    return groups


def _merge_body(matrix: list[list[str]], kinds: list[list[str]], block: range,
                groups: Sequence[range],
                spans: dict[tuple[int, int], tuple[int, int]],
                owner: dict[tuple[int, int], tuple[int, int]]) -> None:
    """Body cells: each continues right over empty or identical cells within its column
    group; labels of the leftmost group also continue down (vertically merged labels).

    An empty cell of the leftmost group (when that group holds labels) that nothing covers
    opens a table continued from a page before: it is the rest of a label merged down from
    there, so it continues down, never right (the cell to its right is the rest of another
    label)."""
    labels = bool(groups) and any(kinds[r][c] == "text" for r in block for c in groups[0])
    for r in block:
        for g, group in enumerate(groups):
            for c in group:
                if (r, c) in owner:
                    continue
                text = matrix[r][c]
                label = labels and g == 0 and kinds[r][c] in ("text", "empty")
                cs = 1
                while (c + cs in group and (r, c + cs) not in owner
                       and (text or not label)
                       and _continues([matrix[r][c + cs]], text)):
                    cs += 1
                rs = 1
                if label:
                    # Down while the row below has nothing of its own here, and no label of
                    # its own further left either (that label would start a new row group).
                    while (r + rs in block
                           and not any((r + rs, k) in owner for k in range(c, c + cs))
                           and all((r + rs, k) in owner for k in range(group.start, c))
                           and _continues(matrix[r + rs][c:c + cs], text)):
                        rs += 1
                _place(r, c, rs, cs, spans, owner)


def _place(r: int, c: int, rs: int, cs: int,
           spans: dict[tuple[int, int], tuple[int, int]],
           owner: dict[tuple[int, int], tuple[int, int]]) -> None:
    spans[(r, c)] = (rs, cs)
    for rr in range(r, r + rs):
        for cc in range(c, c + cs):
            owner[(rr, cc)] = (r, c)
