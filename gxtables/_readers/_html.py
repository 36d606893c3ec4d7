"""HTML reader: a web page (or a bare fragment) → :class:`~gxtables._grid.Document`.

The page is decoded once (its ``<meta>`` charset only as a hint to
:func:`~gxtables._decode.decode_text`), parsed once by lxml's lenient HTML parser, and walked
once in document order. Tables that hold no other table become exact
:class:`~gxtables._grid.CellGrid` s, their ``rowspan``/``colspan`` resolved into true grid
coordinates; every other text, including the cells of layout tables (tables that hold tables),
becomes :class:`~gxtables._grid.Paragraph` s, one per block element or ``<br>``-separated line.

Line and block boundaries are marked in the tree with a sentinel character before any text is
read, so a cell's text is one C-level ``tostring(method="text")`` call however much Word markup
it carries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree

from .._decode import decode_text
from .._errors import CorruptDocument, GxtablesError, LimitExceeded
from .._grid import Block, Cell, CellGrid, Document, Location, Paragraph
from .._limits import Deadline, Limits
from .._normalize import clean_cell_text
from .._values import to_subscript, to_superscript

__all__ = ["read_html"]

#: How much of the raw bytes is searched for an encoding declaration.
_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.I)

# libxml2 never builds a tree deeper than this (with XML_PARSE_HUGE); deeper input is cut off.
_PARSER_MAX_DEPTH = 2048

# A noncharacter (never interchanged, so stripped from input) marking a line break in the tree.
_BREAK = "\ufdd0"

_DROP_TAGS = (
    "head", "script", "style", "noscript", "template", "title", "iframe", "object", "embed",
    "svg", "math", "select", "textarea",
)
_BLOCK_TAGS = frozenset({
    "html", "body", "address", "article", "aside", "blockquote", "center", "details", "dialog",
    "dir", "div", "dl", "dt", "dd", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu",
    "nav", "ol", "p", "pre", "section", "summary", "ul",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
})
_CELL_TAGS = frozenset({"td", "th"})
_SECTION_TAGS = frozenset({"thead", "tbody", "tfoot"})
_TABLE_STRUCTURE = ("caption", "thead", "tbody", "tfoot", "tr", "td", "th")

# HTML spec: a colspan above 1000 is treated as 1000.
_MAX_COLSPAN = 1000
_SPAN_VALUE = re.compile(r"\s*\+?(\d{1,9})")

# Spaces a browser renders as one space; U+3000 (ideographic space) is kept as written.
_SPACE = "[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f]"
_SPACE_RUN = re.compile(f"{_SPACE}+")

_DEADLINE_EVERY = 4096

# Raised and lowered text: note marks such as the ¹ of ``237960<sup>1</sup>``, which must
# not become a digit of the number (see gxtables._values).
_SHIFTED_TAGS = {"sup": to_superscript, "sub": to_subscript}
_SHIFTED_STYLES = {"super": to_superscript, "sub": to_subscript}
_VERTICAL_ALIGN = re.compile(r"vertical-align\s*:\s*(super|sub)\b", re.I)
# Elements whose inline style sets a vertical alignment, found by libxml2 (Word pages put a
# style on nearly every element; only these few reach Python).
_ALIGNED = etree.XPath(
    "//*[contains(translate(@style, 'VERTICALGN', 'verticalgn'), 'vertical-align')]")

#: What lxml raises on input it cannot parse or a tree it cannot serialise (``ValueError``
#: covers its refusals of text such as lone surrogates); anything else escapes as a bug.
LXML_ERRORS: tuple[type[BaseException], ...] = (etree.LxmlError, ValueError)

# Characters XML (and so lxml's tree) cannot hold; a page's stray control bytes are noise.
_UNSTORABLE = re.compile(f"[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff{_BREAK}]")


def read_html(data: bytes, *, limits: Limits, source: str | None) -> Document:
    """Read an HTML page's tables and running text, in document order.

    Raises :class:`~gxtables.LimitExceeded` (``max_bytes``, ``max_elements``,
    ``max_html_depth``, ``max_table_cells``, ``timeout``),
    :class:`~gxtables.UnsupportedFormat` for bytes that decode as no text, and
    :class:`~gxtables.CorruptDocument` when the HTML parser gives up.
    """
    limits.check_size(len(data), source)
    deadline = Deadline(limits.timeout, source)
    text, encoding = decode_text(data, _declared_encoding(data), source=source)
    _check_elements(text, limits=limits, source=source)
    root = _parse(text, encoding, limits=limits, source=source)
    if root is None:
        return Document(format="html", blocks=())
    try:
        budget = _Budget(limits, deadline, source)
        _check_table_sizes(root, budget)
        _check_depth(root, limits=limits, source=source, deadline=deadline)
        _prepare(root, deadline)
        blocks = tuple(_blocks(root, budget))
    except GxtablesError:  # our own, some of them ValueErrors: never re-wrapped
        raise
    except LXML_ERRORS as exc:
        raise CorruptDocument(
            f"expected an HTML tree lxml can walk; found one it cannot ({exc})",
            format="html",
            source=source,
        ) from exc
    return Document(format="html", blocks=blocks)


def _check_elements(text: str, *, limits: Limits, source: str | None) -> None:
    """Refuse, before parsing, a page with more elements than ``Limits.max_elements``.

    Each element costs lxml a few hundred bytes, so a page of ten million ``<td>`` is a
    memory bomb however small its bytes. Start tags are counted as every ``<`` that does not
    open an end tag (comments and stray ``<`` count too: an upper bound).
    """
    elements = text.count("<") - text.count("</")
    if elements > limits.max_elements:
        raise LimitExceeded(
            f"expected a web page of at most {limits.max_elements:,} elements; found about "
            f"{elements:,} tags — raise it with Limits(max_elements=...) if the page is genuine",
            limit="max_elements",
            value=limits.max_elements,
            actual=elements,
            source=source,
        )


def _declared_encoding(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag or an XML declaration names near the top, if any."""
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    # HTML spec: a UTF-16/32 label found by an ASCII scan means the bytes are ASCII-compatible.
    if name.startswith(("utf-16", "utf16", "utf-32", "utf32")):
        return None
    return name


def _parse(
    text: str, encoding: str, *, limits: Limits, source: str | None
) -> etree._Element | None:
    """Parse decoded text; ``None`` when it holds no markup or text at all.

    The text is handed to lxml re-encoded as UTF-8 with the encoding stated, so no declaration
    inside the page (``<meta charset>``, ``<?xml encoding?>``) can re-decode it.
    """
    text = _UNSTORABLE.sub("", text.replace("\x0c", " "))
    if not text.strip():
        return None
    parser = etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser)
    except LXML_ERRORS as exc:
        raise CorruptDocument(
            f"expected HTML (decoded as {encoding}); lxml could not parse it: {exc}",
            format="html",
            source=source,
        ) from exc
    for entry in parser.error_log:
        if "depth" in entry.message.lower() and entry.type_name == "ERR_RESOURCE_LIMIT":
            raise _depth_exceeded(limits, None, entry.line, source)
        if entry.level_name == "FATAL":
            raise CorruptDocument(
                f"expected HTML (decoded as {encoding}); the parser stopped at line "
                f"{entry.line}: {entry.message.strip()}",
                format="html",
                source=source,
            )
    return root


def _depth_exceeded(
    limits: Limits, actual: int | None, line: int | None, source: str | None
) -> LimitExceeded:
    where = f" at line {line}" if line else ""
    found = f"{actual} levels" if actual is not None else f"more than {_PARSER_MAX_DEPTH} levels"
    hint = "raise it with Limits(max_html_depth=...)"
    if limits.max_html_depth >= _PARSER_MAX_DEPTH:
        hint = f"the HTML parser itself stops at {_PARSER_MAX_DEPTH} levels"
    return LimitExceeded(
        f"expected elements nested at most {limits.max_html_depth} deep; found {found}{where}; "
        f"{hint}",
        limit="max_html_depth",
        value=limits.max_html_depth,
        actual=actual,
        source=source,
    )


# A table's own cells: under its rows, under its row groups' rows, or loose (lxml keeps cells
# outside any <tr> where they stand). Cells nested deeper are found later, when read.
# Sums of counts, never a union ("|"): libxml2 merges unions in quadratic time.
_OWN_CELLS = etree.XPath(
    "count(td) + count(th) + count(tr/td) + count(tr/th)"
    " + count(*[not(self::tr)]/tr/td) + count(*[not(self::tr)]/tr/th)"
    " + count(*[not(self::tr)]/td) + count(*[not(self::tr)]/th)"
)
_ALL_CELLS = etree.XPath("count(//td) + count(//th)")


def _check_table_sizes(root: etree._Element, budget: _Budget) -> None:
    """Refuse, before anything is walked in Python, a table with more cells of its own than
    ``Limits.max_table_cells`` (the exact count, spans included, is made as tables are
    read; this one is made by libxml2 and costs next to nothing)."""
    limit = budget.limits.max_table_cells
    if _ALL_CELLS(root) <= limit:
        return
    for index, table in enumerate(root.iter("table")):
        if index % 256 == 255:
            budget.deadline.check("counting HTML table cells")
        own = int(_OWN_CELLS(table))
        if own > limit:
            budget.check_cells(own, None, "counted before reading it")


def _check_depth(
    root: etree._Element, *, limits: Limits, source: str | None, deadline: Deadline
) -> None:
    """Raise if elements nest deeper than allowed (an iterative walk: no recursion)."""
    limit = limits.max_html_depth
    depth = 0
    seen = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > limit:
                raise _depth_exceeded(limits, depth, element.sourceline, source)
            seen += 1
            if seen % _DEADLINE_EVERY == 0:
                deadline.check("checking HTML nesting")
        else:
            depth -= 1


def _prepare(root: etree._Element, deadline: Deadline) -> None:
    """Drop what is never shown, write raised and lowered text as Unicode superscripts and
    subscripts, and mark every line break with ``_BREAK``."""
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    for element in root.iter("sup", "sub"):
        _shift(element, _SHIFTED_TAGS[str(element.tag)])
    for element in _ALIGNED(root):
        match = _VERTICAL_ALIGN.search(element.get("style") or "")
        if match:
            _shift(element, _SHIFTED_STYLES[match.group(1).lower()])
    for seen, element in enumerate(root.iter("br", *_BLOCK_TAGS), 1):
        if seen % _DEADLINE_EVERY == 0:
            deadline.check("reading HTML")
        if element.tag != "br":
            element.text = _BREAK + (element.text or "")
        element.tail = _BREAK + (element.tail or "")
    # Preformatted text keeps its lines.
    for pre in root.iter("pre"):
        for element in pre.iter():
            if element.text:
                element.text = element.text.replace("\n", _BREAK)
            if element is not pre and element.tail:
                element.tail = element.tail.replace("\n", _BREAK)


def _shift(element: etree._Element, shift: Callable[[str], str]) -> None:
    """Rewrite the text inside ``element`` (not its tail) with ``shift``."""
    for inner in element.iter():
        if inner.text:
            inner.text = shift(inner.text)
        if inner is not element and inner.tail:
            inner.tail = shift(inner.tail)


def _clean(raw: str) -> str:
    """Rendered text of one cell or paragraph: spaces collapsed, wrapped lines joined."""
    return clean_cell_text(_SPACE_RUN.sub(" ", raw.replace(_BREAK, "\n")))


def _is_data_table(table: etree._Element) -> bool:
    return next(table.iterdescendants("table"), None) is None


class _Budget:
    """The deadline and the per-table cell count (``Limits.max_table_cells``, grid cells
    covered, a merged cell counting every cell it spans), checked while tables are read."""

    __slots__ = ("deadline", "limits", "source")

    def __init__(self, limits: Limits, deadline: Deadline, source: str | None) -> None:
        self.limits = limits
        self.deadline = deadline
        self.source = source

    def check_cells(self, covered: int, index: int | None, what: str) -> None:
        limit = self.limits.max_table_cells
        if covered > limit:
            table = "an HTML table" if index is None else f"HTML table {index + 1}"
            raise LimitExceeded(
                f"{table} covers more than {limit:,} grid cells ({what}); the "
                "statutory tables have a few hundred — raise it with "
                "Limits(max_table_cells=...) if the page is genuine",
                limit="max_table_cells", value=limit, actual=covered, source=self.source)


def _blocks(root: etree._Element, budget: _Budget) -> Iterator[Block]:
    """Paragraphs and grids in document order (one walk; data tables are not entered)."""
    pending: list[str] = []
    n_tables = 0
    seen = 0
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, element in walk:
        if event == "start":
            seen += 1
            if seen % _DEADLINE_EVERY == 0:
                budget.deadline.check("reading HTML")
            if element.tag == "table" and _is_data_table(element):
                walk.skip_subtree()
                yield from _paragraphs(pending)
                pending = []
                caption, grid = _read_table(element, n_tables, budget)
                if caption:
                    yield Paragraph(caption)
                if grid.cells:
                    yield grid
                    n_tables += 1
            elif element.text:
                pending.append(element.text)
        elif element.tail:
            pending.append(element.tail)
    yield from _paragraphs(pending)


def _paragraphs(chunks: list[str]) -> Iterator[Paragraph]:
    for raw in "".join(chunks).split(_BREAK):
        text = _clean(raw)
        if text:
            yield Paragraph(text)


def _span(value: str | None) -> int | None:
    """A span attribute as browsers read it: leading digits, else ``None``."""
    if value is None:
        return None
    match = _SPAN_VALUE.match(value)
    return int(match.group(1)) if match else None


_Row = tuple[int, etree._Element | None, list[etree._Element]]


def _table_rows(table: etree._Element, index: int, budget: _Budget) -> tuple[str, list[_Row]]:
    """The caption text and the rows as ``(row group id, tr, cell elements)``, footers last.

    Cells outside any ``<tr>`` (lxml keeps them where they stand) form a row of their own, as
    a browser would render them; such a row has no ``tr``. The columns the cells span are
    counted against ``Limits.max_table_cells`` as they are met (their rows, later).
    """
    width = 0
    n_cells = 0
    caption = ""
    groups: list[tuple[str, list[tuple[etree._Element | None, list[etree._Element]]]]] = [
        ("tbody", [])
    ]
    row: list[etree._Element] | None = None
    walk = etree.iterwalk(table, events=("start", "end"), tag=_TABLE_STRUCTURE)
    for event, element in walk:
        tag = element.tag
        if event == "start":
            if tag in _CELL_TAGS:
                walk.skip_subtree()
                width += _colspan(element)
                if width > budget.limits.max_table_cells:
                    budget.check_cells(width, index, "counting the columns of its rows")
                n_cells += 1
                if n_cells % _DEADLINE_EVERY == 0:
                    budget.deadline.check("reading an HTML table")
                if row is None:
                    row = []
                    groups[-1][1].append((None, row))
                row.append(element)
            elif tag == "tr":
                row = []
                groups[-1][1].append((element, row))
            elif tag in _SECTION_TAGS:
                row = None
                groups.append((tag, []))
            elif tag == "caption":
                walk.skip_subtree()
                caption = caption or etree.tostring(element, method="text", encoding=str,
                                                    with_tail=False)
        elif tag == "tr":
            row = None
        elif tag in _SECTION_TAGS:
            row = None
            groups.append(("tbody", []))
    ordered = [g for g in groups if g[0] != "tfoot"] + [g for g in groups if g[0] == "tfoot"]
    rows = [(gid, tr, r) for gid, (_, group_rows) in enumerate(ordered) for tr, r in group_rows]
    return _clean(caption), rows


def _cell_text(cell: etree._Element) -> str:
    return _clean(etree.tostring(cell, method="text", encoding=str, with_tail=False))


def _is_spacer(tr: etree._Element | None, texts: list[str]) -> bool:
    """Word's invisible ``<tr height=0>`` of empty cells that only fixes column widths."""
    return tr is not None and (tr.get("height") or "").strip() == "0" and not any(texts)


def _colspan(cell: etree._Element) -> int:
    return min(max(_span(cell.get("colspan")) or 1, 1), _MAX_COLSPAN)


def _read_table(
    table: etree._Element, index: int, budget: _Budget
) -> tuple[str, CellGrid]:
    """One data table → its caption text and an exact grid (spans placed as browsers do).

    The grid cells covered (column spans times row spans) are counted against
    ``Limits.max_table_cells``: this bounds the placing loop too, which visits each span
    once per row it covers.
    """
    deadline = budget.deadline
    caption, raw_rows = _table_rows(table, index, budget)
    rows: list[tuple[int, list[tuple[etree._Element, str]]]] = []
    for gid, tr, row_cells in raw_rows:
        texts = [_cell_text(cell) for cell in row_cells]
        if not _is_spacer(tr, texts):
            rows.append((gid, list(zip(row_cells, texts, strict=True))))
    n_rows = len(rows)
    group_end: list[int] = [0] * n_rows
    end = n_rows
    for r in range(n_rows - 1, -1, -1):
        if r + 1 < n_rows and rows[r + 1][0] != rows[r][0]:
            end = r + 1
        group_end[r] = end
    # Cells reaching down from earlier rows: (first col, end col, last row), sorted by col.
    active: list[tuple[int, int, int]] = []
    cells: list[Cell] = []
    covered = 0
    for r, (_, row_cells) in enumerate(rows):
        if r % 256 == 255:
            deadline.check("reading an HTML table")
        active = sorted(span for span in active if span[2] >= r)
        new_spans: list[tuple[int, int, int]] = []
        col = 0
        k = 0
        for element, text in row_cells:
            while k < len(active) and active[k][0] <= col:
                col = max(col, active[k][1])
                k += 1
            colspan = _colspan(element)
            rowspan = _span(element.get("rowspan"))
            if rowspan == 0:  # HTML: to the end of the row group
                rowspan = group_end[r] - r
            rowspan = min(max(rowspan or 1, 1), n_rows - r)
            covered += colspan * rowspan
            if covered > budget.limits.max_table_cells:
                budget.check_cells(covered, index, f"reached at its row {r + 1}")
            cells.append(Cell(
                text, r, col, rowspan, colspan, location=Location(table=index, row=r, col=col)
            ))
            if rowspan > 1:
                new_spans.append((col, col + colspan, r + rowspan - 1))
            col += colspan
        active.extend(new_spans)
    grid = CellGrid(
        tuple(cells),
        index=index,
        exact=True,
        rows_known=True,
        location=Location(table=index, line=table.sourceline),
    )
    return caption, grid
