"""Markdown, as PDF→Markdown converters write it → :class:`~gxtables._grid.Document`.

Converters (MinerU, marker, docling) print a report's ruled tables in one of two ways:

* GFM pipe tables: a header line, a ``|---|`` separator line (alignment colons allowed),
  one line per grid row; outer pipes optional, ``\\|`` an escaped pipe, ``<br>`` a line
  break inside a cell, ``**…**`` emphasis around a cell's text;
* HTML ``<table>`` elements embedded in the Markdown (MinerU), with ``rowspan``/``colspan``;
  these are read by the HTML reader itself (:func:`~gxtables._readers._html.read_html`).

Everything else — ``#`` headings, list items, prose — becomes one
:class:`~gxtables._grid.Paragraph` per line, markers dropped.

Pipe tables become exact grids with their merged cells recovered (:mod:`._markdown_spans`).
Readers know nothing of the templates.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import attrs

from .._errors import LimitExceeded
from .._grid import Block, CellGrid, Document, Location, Paragraph
from .._limits import Deadline, Limits
from .._normalize import clean_cell_text
from ._markdown_spans import pipe_grid

__all__ = ["looks_like_markdown", "looks_like_markdown_bytes", "read_markdown", "split_pipe_row"]

# A GFM delimiter row: cells of hyphens with optional alignment colons. Cells of fewer than
# three characters (``-``, ``--``) are not taken: they are null markers in a row of values.
_DELIMITER = r"[ \t]*(?::-{2,}|:-+:|-{2,}:|-{3,})[ \t]*"
_SEPARATOR = re.compile(rf"^\s*\|?{_DELIMITER}(?:\|{_DELIMITER})*\|?\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
#: A line of two or more cells between outer pipes (``| a | b |``), read as a table row
#: even with no delimiter row above it.
_BARE_ROW = re.compile(r"^\s*\|(?:[^|\n]*(?<!\\)\|){2,}\s*$")
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_PAGE_WRAPPER = re.compile(r"</?\s*(?:html|body)\b[^>]*>", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Backslash escapes of ASCII punctuation (CommonMark §2.4); a lone "\" is kept as written.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS_WHOLE = re.compile(r"^([*_])(?=\S)(.+?)(?<=\S)\1$", re.DOTALL)
#: A whole cell that is one code span (`` `12` ``) or a number set as math (``$12$``,
#: ``$\mathbf{12}$``: converters set figures so): the text inside is the cell's.
_CODE_WHOLE = re.compile(r"^`([^`]+)`$")
_MATH_NUMBER = re.compile(
    r"^\$+\s*(?:\\(?:mathbf|mathrm|textbf|textrm|text|bf|rm)\s*\{\s*)?"
    r"([+\-]?\d[\d,.]*)\s*\}?\s*\$+$")
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
        headed = not in_fence and i + 1 < n and _is_table_start(line, lines[i + 1])
        if headed or (not in_fence and _is_bare_row(line)):
            # A pipe table; or rows with no header and no delimiter row (a converter that
            # lost the header, or a table cut at a page break): a grid all the same.
            rows, width, i = _pipe_rows(lines, i, headed, deadline, limits, source)
            grid, groups = pipe_grid([r for r, _ in rows], [ln for _, ln in rows], n_grids,
                                     inherit=carry[1] if carry and carry[0] == width else None)
            blocks.append(grid)
            carry = (width, groups) if groups is not None else (None if headed else carry)
            n_grids += 1
            continue
        text = line.strip() if in_fence else _prose(line)
        if text:
            blocks.append(Paragraph(text, Location(line=i + 1)))
        i += 1
    return Document(format="markdown", blocks=tuple(blocks))


def _pipe_rows(lines: Sequence[str], start: int, headed: bool, deadline: Deadline,
               limits: Limits, source: str | None
               ) -> tuple[list[tuple[list[str], int]], int, int]:
    """The rows of the pipe table starting at ``start`` (a header row over a delimiter row
    when ``headed``, else bare rows between outer pipes) with their 1-based lines, the
    widest row's width and the index of the first line after the table."""
    rows: list[tuple[list[str], int]] = []
    width = 0
    j = start
    while j < len(lines) and (
            (lines[j].strip() and _UNESCAPED_PIPE.search(lines[j])) if headed
            else _is_bare_row(lines[j])):
        if j % _DEADLINE_EVERY == 0:
            deadline.check("reading a Markdown table")
        if not _SEPARATOR.match(lines[j]):
            cells = split_pipe_row(lines[j])
            if rows and _opens_empty_cell(lines[j], lines[start]):
                cells.append("")
            rows.append((cells, j + 1))
            width = max(width, len(rows[-1][0]))
            _check_cells(len(rows), width, start + 1, limits, source)
        j += 1
    return rows, width, j


def _opens_empty_cell(line: str, first: str) -> bool:
    """A row ending in a pipe it does not start with, in a table whose first row does not
    end in one (``规章 | 1 |``): the pipe is a separator before an empty last cell, not a
    border (borders come in pairs)."""
    end = line.rstrip()
    return end.endswith("|") and not end.endswith("\\|") and not line.lstrip().startswith("|") \
        and not first.rstrip().endswith("|")


def _is_bare_row(line: str) -> bool:
    return bool(_BARE_ROW.match(line)) and not _SEPARATOR.match(line)


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
    text goes too, as does a code span around it (`` `12` ``) or math around a number
    (``$12$``, ``$\\mathbf{12}$``). Linear in the text, whatever it holds."""
    for marker in ("**", "__"):
        count = text.count(marker)
        if count and count % 2 == 0:
            text = text.replace(marker, "")
    stripped = text.strip()
    match = _EMPHASIS_WHOLE.match(stripped) or _CODE_WHOLE.match(stripped)
    if match:
        return match.group(match.lastindex or 0).strip()
    match = _MATH_NUMBER.match(stripped)
    return match.group(1) if match else stripped


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
            cell._replace(location=Location(
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
