"""HTML reader: a web page (or a bare fragment) → :class:`~gxtables._grid.Document`.

The page is decoded once (its ``<meta>`` charset only as a hint to
:func:`~gxtables._decode.decode_text`), parsed once by lxml's lenient HTML parser, and walked
once in document order. Tables that hold no other table become exact
:class:`~gxtables._grid.CellGrid` s, their ``rowspan``/``colspan`` resolved into true grid
coordinates; every other text, including the cells of layout tables (tables that hold tables),
becomes :class:`~gxtables._grid.Paragraph` s, one per block element or ``<br>``-separated line.

Line and block boundaries are marked in the tree with a sentinel character before any text is
read, so a cell's text is one C-level ``tostring(method="text")`` call however much Word markup
it carries. Data tables are read by :mod:`._html_table`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from lxml import etree

from .._decode import decode_text
from .._errors import CorruptDocument, GxtablesError, LimitExceeded
from .._grid import Block, Document, Paragraph
from .._limits import Deadline, Limits
from .._values import to_subscript, to_superscript
from ._html_table import (
    BREAK,
    DEADLINE_EVERY,
    TableBudget,
    check_table_sizes,
    clean_text,
    read_table,
)

__all__ = ["read_html"]

#: How much of the raw bytes is searched for an encoding declaration.
_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.I)

# libxml2 never builds a tree deeper than this (with XML_PARSE_HUGE); deeper input is cut off.
_PARSER_MAX_DEPTH = 2048

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

# Raised and lowered text: note marks such as the ¹ of ``237960<sup>1</sup>``, which must
# not become a digit of the number (see gxtables._values).
# Text a browser does not show, found by libxml2: deleted or struck-out text (a tracked
# change's old value), ``hidden`` elements, and inline styles that hide their element (Word's
# hidden text is ``mso-hide:all``). Read, such text glues stray digits onto a number.
_STRUCK_TAGS = ("del", "s", "strike")
_HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all"
    r"|font-size\s*:\s*0*\.?0+(?:px|pt|em|rem|%)?\s*(?:;|$|!)"
    # a point or a pixel high, fully transparent, or moved far off the page
    r"|font-size\s*:\s*(?:0*\.\d+|0*1(?:\.0+)?)\s*(?:px|pt)\b"
    r"|opacity\s*:\s*0*\.?0+\s*(?:;|$|!)|(?<![-\w])color\s*:\s*transparent\b"
    r"|(?<![-\w])(?:left|top|text-indent)\s*:\s*-\s*(?:999|\d{4,})"
    r"|clip\s*:\s*rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?\s*\)", re.I)
# White text (``color:#fff``) is unseen on the white page unless an element around it
# paints a background.
_WHITE_TEXT = re.compile(
    r"(?<![-\w])color\s*:\s*(?:#fff\b|#(?:f[a-f]){3}\b|white\b"
    r"|rgb\(\s*25[0-5]\s*,\s*25[0-5]\s*,\s*25[0-5]\s*\))", re.I)
_BACKGROUND = re.compile(r"background", re.I)
_ZERO_SIZE = re.compile(r"(?<![-\w])(?:width|height)\s*:\s*0*\.?0+(?:px)?\s*(?:;|$|!)", re.I)
_OVERFLOW_HIDDEN = re.compile(r"overflow\s*:\s*hidden", re.I)
#: Elements that might hide their text: the styles are searched in Python (an XPath
#: ``translate`` per element and word cost four times the rest of the reader).
_MAYBE_HIDDEN = etree.XPath("//*[@hidden or @color or @style]")
_CLASSED = etree.XPath("//*[@class]")
#: Class names the common style sheets (Bootstrap, CMS templates) hide text with; the page's
#: own style sheets are not fetched.
_HIDDEN_CLASSES = frozenset({"hidden", "hide", "d-none", "sr-only", "visually-hidden",
                             "invisible", "display-none"})
#: A rule of an inline ``<style>`` that hides elements of one or more plain classes.
_CLASS_RULE = re.compile(r"((?:\s*,?\s*\.[-\w]+)+)\s*\{([^{}]*)\}")

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
_UNSTORABLE = re.compile(f"[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff{BREAK}]")


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
        budget = TableBudget(limits, deadline, source)
        check_table_sizes(root, budget)
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
            if seen % DEADLINE_EVERY == 0:
                deadline.check("checking HTML nesting")
        else:
            depth -= 1


def _prepare(root: etree._Element, deadline: Deadline) -> None:
    """Drop what is never shown, write raised and lowered text as Unicode superscripts and
    subscripts, and mark every line break with ``BREAK``."""
    classes = _hiding_classes(root)
    etree.strip_elements(root, *_DROP_TAGS, *_STRUCK_TAGS, with_tail=False)
    hidden = [element for element in _MAYBE_HIDDEN(root)
              if element.get("hidden") is not None or _style_hides(element.get("style") or "")
              or _white_on_page(element)]
    hidden.extend(_of_classes(root, classes))
    for element in hidden:
        _remove_keeping_tail(element)
    for element in root.iter("sup", "sub"):
        _shift(element, _SHIFTED_TAGS[str(element.tag)])
    for element in _ALIGNED(root):
        match = _VERTICAL_ALIGN.search(element.get("style") or "")
        if match:
            _shift(element, _SHIFTED_STYLES[match.group(1).lower()])
    for seen, element in enumerate(root.iter("br", *_BLOCK_TAGS), 1):
        if seen % DEADLINE_EVERY == 0:
            deadline.check("reading HTML")
        if element.tag != "br":
            element.text = BREAK + (element.text or "")
        element.tail = BREAK + (element.tail or "")
    # Preformatted text keeps its lines.
    for pre in root.iter("pre"):
        for element in pre.iter():
            if element.text:
                element.text = element.text.replace("\n", BREAK)
            if element is not pre and element.tail:
                element.tail = element.tail.replace("\n", BREAK)


def _hiding_classes(root: etree._Element) -> frozenset[str]:
    """The class names that hide an element: the well-known ones, and those an inline
    ``<style>`` rule of plain class selectors (``.x, .y {display:none}``) hides."""
    names = set(_HIDDEN_CLASSES)
    for style in root.iter("style"):
        for rule in _CLASS_RULE.finditer(style.text or ""):
            if _HIDING_STYLE.search(rule.group(2)):
                names.update(n.strip().lstrip(".") for n in rule.group(1).split(",")
                             if n.strip())
    return frozenset(names)


def _of_classes(root: etree._Element, names: frozenset[str]) -> list[etree._Element]:
    """The elements with one of the class ``names``."""
    return [element for element in _CLASSED(root)
            if not names.isdisjoint(str(element.get("class")).split())]


@functools.lru_cache(maxsize=4096)
def _style_hides(style: str) -> bool:
    """Whether an inline style hides its element's text (a page repeats a few styles on
    thousands of elements: each is searched once)."""
    return _HIDING_STYLE.search(style) is not None or _zero_box(style)


@functools.lru_cache(maxsize=4096)
def _white_style(style: str) -> bool:
    return _WHITE_TEXT.search(style) is not None


def _zero_box(style: str) -> bool:
    """Whether a style shrinks its box to nothing and hides what overflows (text kept for
    screen readers only)."""
    return _ZERO_SIZE.search(style) is not None and _OVERFLOW_HIDDEN.search(style) is not None


def _white_on_page(element: etree._Element) -> bool:
    """Whether ``element`` sets white text with no background painted around it."""
    color = (element.get("color") or "").strip().lower()
    if not (_white_style(element.get("style") or "")
            or color in ("white", "#fff", "#ffffff")):
        return False
    for around in element.iterancestors():
        if around.get("bgcolor") is not None or _BACKGROUND.search(around.get("style") or ""):
            return False
    return not _BACKGROUND.search(element.get("style") or "")


def _remove_keeping_tail(element: etree._Element) -> None:
    """Take ``element`` (and what it holds) out of the tree; the text after it stays."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _shift(element: etree._Element, shift: Callable[[str], str]) -> None:
    """Rewrite the text inside ``element`` (not its tail) with ``shift``."""
    for inner in element.iter():
        if inner.text:
            inner.text = shift(inner.text)
        if inner is not element and inner.tail:
            inner.tail = shift(inner.tail)



def _is_data_table(table: etree._Element) -> bool:
    return next(table.iterdescendants("table"), None) is None



def _blocks(root: etree._Element, budget: TableBudget) -> Iterator[Block]:
    """Paragraphs and grids in document order (one walk; data tables are not entered)."""
    pending: list[str] = []
    n_tables = 0
    seen = 0
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, element in walk:
        if event == "start":
            seen += 1
            if seen % DEADLINE_EVERY == 0:
                budget.deadline.check("reading HTML")
            if element.tag == "table" and _is_data_table(element):
                walk.skip_subtree()
                yield from _paragraphs(pending)
                pending = []
                caption, grid = read_table(element, n_tables, budget)
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
    for raw in "".join(chunks).split(BREAK):
        text = clean_text(raw)
        if text:
            yield Paragraph(text)

