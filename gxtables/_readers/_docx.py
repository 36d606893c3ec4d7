"""DOCX reader: the bytes of a Word/WPS ``.docx`` → :class:`~gxtables._grid.Document`.

The package is checked for zip bombs with :mod:`zipfile` before anything decompresses it,
opened with python-docx (or, when python-docx refuses a package whose main part is sound,
``word/document.xml`` is parsed directly and an ``info`` note says so), and then the body
XML is walked directly (python-docx's
``Document.tables`` misses tables in content controls and text boxes, and its
``table.cell()`` repeats a merged cell at every grid position it covers).

What the walk does, in body order:

* ``w:p`` → :class:`Paragraph` (empty ones skipped);
* ``w:tbl`` → :class:`CellGrid`, one :class:`Cell` per *merged region*, placed at its
  top-left grid position: ``w:gridSpan`` is the colspan, ``w:vMerge`` (``restart`` /
  continue) the rowspan, ``w:gridBefore`` shifts the row's first cell, legacy ``w:hMerge``
  widens the cell before it;
* a ``w:tbl`` holding another table is a *layout container*: its inner tables become grids
  and its loose cell text paragraphs (the rule the HTML reader follows too);
* ``w:sdt`` (content controls), ``w:customXml`` and text boxes (``w:txbxContent``, the
  ``mc:Choice`` branch only, so the VML fallback copy is not read twice) are walked into.

Text: every run of every paragraph, tracked insertions kept, deletions and field
instructions dropped; a cell's paragraphs are joined by line breaks and cleaned with
:func:`~gxtables._normalize.clean_cell_text` (so ``本年新`` + ``制作数量`` is one label).

A table that Word split in two (a page break or an empty paragraph between the halves) is
emitted as two grids and never merged here: the matcher reads across grid boundaries, and
guessing that two tables are one is the kind of silent repair this library avoids.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

from .._errors import CorruptDocument, EncryptedDocument, LimitExceeded, UnsupportedFormat
from .._grid import Cell, CellGrid, Document, Location, Paragraph, ReaderNote
from .._limits import Deadline, Limits
from .._normalize import clean_cell_text
from .._values import to_subscript, to_superscript

__all__ = ["MAIN_PART_ERRORS", "python_docx_errors", "read_docx"]

# --------------------------------------------------------------------------- namespaces
# Transitional (what Word and WPS write) and ISO 29500 Strict WordprocessingML.
_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_M_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/officeDocument/math",
)
_MAIN_PART = "word/document.xml"
#: Members at least this large are checked for their compression ratio.
_RATIO_MIN_SIZE = 1024 * 1024


def _w(*local_names: str) -> list[str]:
    return [f"{{{ns}}}{name}" for ns in _W_NAMESPACES for name in local_names]


def _kinds(table: dict[str, list[str]]) -> dict[str, str]:
    """``{kind: [tags]}`` → ``{tag: kind}``: dispatch tables are data."""
    return {tag: kind for kind, tags in table.items() for tag in tags}


# What to do with an element met among blocks (body, cell, content-control content).
_BLOCK_KINDS = _kinds({
    "p": _w("p"),
    "tbl": _w("tbl"),
    "sdt": _w("sdt"),
    "wrapper": _w("customXml", "ins", "moveTo", "smartTag"),
    "alternate": [f"{{{_MC}}}AlternateContent"],
    "altchunk": _w("altChunk"),
})

# What to do with an element met inside a paragraph. Anything not listed is walked into.
_INLINE_KINDS = _kinds({
    "text": [*_w("t"), *(f"{{{ns}}}t" for ns in _M_NAMESPACES)],
    "space": _w("tab", "ptab"),
    "break": _w("br", "cr"),
    "hyphen": _w("noBreakHyphen"),
    "field": _w("fldChar"),
    "box": _w("txbxContent"),
    "run": _w("r"),
    "raised": [f"{{{ns}}}sup" for ns in _M_NAMESPACES],
    "lowered": [f"{{{ns}}}sub" for ns in _M_NAMESPACES],
    "alternate": [f"{{{_MC}}}AlternateContent"],
    "skip": [
        *_w("del", "moveFrom", "pPr", "rPr", "instrText", "delText", "delInstrText",
            "softHyphen", "sym", "footnoteReference", "endnoteReference",
            "commentReference", "annotationRef", "sectPr"),
        f"{{{_MC}}}Fallback",
    ],
})

_ROW_TAGS = frozenset(_w("tr"))
_CELL_TAGS = frozenset(_w("tc"))
_TABLE_TAGS = frozenset(_w("tbl"))
_SDT_CONTENT_TAGS = frozenset(_w("sdtContent"))
# Row/cell-level wrappers a table may put around its rows or cells.
_ROW_WRAPPER_TAGS = frozenset(_w("sdt", "sdtContent", "customXml", "ins", "moveTo"))
_TC_PR_TAGS = frozenset(_w("tcPr"))
_TR_PR_TAGS = frozenset(_w("trPr"))
_TC_PR_KINDS = _kinds({name: _w(name) for name in ("gridSpan", "vMerge", "hMerge")})
_TR_PR_KINDS = _kinds({name: _w(name) for name in ("gridBefore", "del")})
_CHOICE_TAGS = frozenset([f"{{{_MC}}}Choice"])
_FALLBACK_TAGS = frozenset([f"{{{_MC}}}Fallback"])
_VAL_ATTRS = tuple(f"{{{ns}}}val" for ns in _W_NAMESPACES)
_RPR_TAGS = frozenset(_w("rPr"))
_VERT_ALIGN_TAGS = frozenset(_w("vertAlign"))
# w:vertAlign values (ECMA-376 §17.18.96 ST_VerticalAlignRun) → how the run's text is shown.
_SHIFTS: dict[str, Callable[[str], str]] = {
    "superscript": to_superscript, "subscript": to_subscript,
}
_FIELD_TYPE_ATTRS = tuple(f"{{{ns}}}fldCharType" for ns in _W_NAMESPACES)


def _child(el: Any, local: str) -> Any:
    """The first child named ``w:<local>`` (either namespace), or None."""
    for ns in _W_NAMESPACES:
        found = el.find(f"{{{ns}}}{local}")
        if found is not None:
            return found
    return None


def _val(el: Any, attrs: tuple[str, ...] = _VAL_ATTRS) -> str | None:
    for attr in attrs:
        value = el.get(attr)
        if value is not None:
            return str(value)
    return None


def _int_val(el: Any, default: int) -> int:
    """A ``w:val`` count such as ``gridSpan``; junk or nonsense gives ``default``."""
    if el is None:
        return default
    try:
        value = int(_val(el) or "")
    except ValueError:
        return default
    return value if 0 < value <= 1000 else default


# ----------------------------------------------------------------------------- package
def _fail_not_zip(data: bytes, exc: Exception, source: str | None) -> None:
    """Raise the right error for bytes that zipfile cannot open."""
    if data.startswith(b"PK"):
        raise CorruptDocument(
            "the .docx is damaged: its zip package cannot be read (expected a Word document; "
            f"found a truncated or broken zip: {exc}) — download it again, or open and re-save "
            "it in Word or WPS", format="docx", source=source) from exc
    from .._sniff import sniff_format

    found = sniff_format(data, source=source)  # raises for .doc, encrypted files, images
    raise UnsupportedFormat(
        f"expected a Word document (.docx, a zip package); found {found} content — "
        "pass it without forcing the DOCX reader", found=found, source=source) from exc


def _check_package(
    zf: zipfile.ZipFile, data: bytes, limits: Limits, source: str | None
) -> None:
    """Zip-bomb and sanity checks on the central directory, before anything is inflated.

    Memory stays bounded afterwards because :mod:`zipfile` never yields more than a
    member's declared size (a header that lies gets a CRC error, not a flood).
    """
    total = 0
    names = set()
    for info in zf.infolist():
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise EncryptedDocument(
                f"the .docx's part {info.filename!r} is zip-encrypted; expected a plain Word "
                "package — remove the password in Word or WPS and save it again",
                format="docx", source=source)
        total += info.file_size
        if total > limits.max_docx_uncompressed:
            raise LimitExceeded(
                f"the .docx unpacks to more than {limits.max_docx_uncompressed:,} bytes "
                f"(its parts declare at least {total:,}); a report is far smaller, so this "
                "looks like a zip bomb — raise Limits(max_docx_uncompressed=...) if it is not",
                limit="max_docx_uncompressed", value=limits.max_docx_uncompressed,
                actual=total, source=source)
        if info.file_size > _RATIO_MIN_SIZE:
            ratio = info.file_size / info.compress_size if info.compress_size else float("inf")
            if ratio > limits.max_zip_ratio:
                raise LimitExceeded(
                    f"the .docx part {info.filename!r} is compressed {ratio:,.0f}:1 "
                    f"({info.compress_size:,} → {info.file_size:,} bytes), over the limit of "
                    f"{limits.max_zip_ratio:g}:1; this looks like a zip bomb — raise "
                    "Limits(max_zip_ratio=...) if it is not",
                    limit="max_zip_ratio", value=limits.max_zip_ratio, actual=ratio,
                    source=source)
    if _MAIN_PART not in names:
        from .._sniff import sniff_format

        sniff_format(data, source=source)  # names what the zip is (.xlsx, .odt, ...)
        raise UnsupportedFormat(  # pragma: no cover - sniff_format raises first
            f"expected a Word document; found a zip without {_MAIN_PART} — save the report "
            "as .docx or PDF", found="a zip archive that is not a Word document",
            source=source)


# Word writes parts deflated (8) or stored (0); zipfile would also inflate bzip2 and LZMA.
_STORED, _DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
#: Bytes inflated at a time while a part is measured (memory stays about this size).
_CHUNK = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")


# What may precede the first "<" of an XML part: byte-order marks (UTF-8, UTF-16, UTF-32),
# the NULs of UTF-16/32 and white space. lxml reads all of these as XML.
_LEADING = b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"


class _Damage(Exception):
    """A part is not what the central directory says (internal: carries the reason)."""


def _raw_member(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """The compressed bytes of one member, found through its local header."""
    start = info.header_offset
    header = data[start:start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise _Damage("its local header is cut off")
    signature, name_len, extra_len = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise _Damage("its local header is missing")
    begin = start + _LOCAL_HEADER.size + name_len + extra_len
    if begin + info.compress_size > len(data):
        raise _Damage("its data is cut off")
    return memoryview(data)[begin:begin + info.compress_size]


def _inflate(raw: memoryview, method: int) -> Iterator[bytes]:
    """A member's bytes, at most ``_CHUNK`` at a time, whatever its header declares."""
    if method == _STORED:
        for i in range(0, len(raw), _CHUNK):
            yield bytes(raw[i:i + _CHUNK])
        return
    if method != _DEFLATED:
        raise _Damage(f"it uses compression method {method}, which Word never writes")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pos = 0
    while not inflater.eof:
        if inflater.unconsumed_tail:
            chunk = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        elif pos < len(raw):
            chunk = inflater.decompress(raw[pos:pos + _CHUNK], _CHUNK)
            pos += _CHUNK
        else:
            chunk = inflater.decompress(b"", _CHUNK)
            if not chunk:
                raise _Damage("its deflate stream ends early")
        yield chunk


def _measure_parts(
    zf: zipfile.ZipFile, data: bytes, limits: Limits, deadline: Deadline, source: str | None
) -> dict[str, str]:
    """Inflate every part once, in bounded chunks, before any library reads it.

    A part must inflate to exactly the size its header declares: :mod:`zipfile` (and so
    python-docx) inflates a whole part in one call and only then cuts it to that size, so a
    part declaring 1,000 bytes that inflates to 1 GiB would cost 1 GiB. Markup is counted on
    the way (each ``<`` that does not close an element), against ``Limits.max_elements``:
    a parsed element costs a few hundred bytes, so a small file of tiny elements is a
    memory bomb of its own. Returns the damaged parts with what is wrong with each.
    """
    damaged: dict[str, str] = {}
    elements = 0
    for info in zf.infolist():
        if info.is_dir():
            continue
        size = 0
        markup: bool | None = None  # decided by the first byte that is not a BOM or space
        try:
            for i, chunk in enumerate(_inflate(_raw_member(data, info), info.compress_type)):
                size += len(chunk)
                if size > info.file_size:
                    raise _Damage(
                        f"it declares {info.file_size:,} bytes but inflates to more "
                        "(a forged header, as zip bombs use)")
                if markup is None:
                    start = chunk.lstrip(_LEADING)
                    markup = start.startswith(b"<") if start else None
                if markup:
                    # A "</" split across two chunks (or written in UTF-16) counts as an
                    # element: an overcount, harmless.
                    elements += chunk.count(b"<") - chunk.count(b"</")
                    if elements > limits.max_elements:
                        raise LimitExceeded(
                            f"the .docx's XML holds more than {limits.max_elements:,} elements "
                            f"(found {elements:,} by {info.filename!r}); a report has well under "
                            "a million, and each costs memory once parsed — raise it with "
                            "Limits(max_elements=...) if the document is genuine",
                            limit="max_elements", value=limits.max_elements, actual=elements,
                            source=source)
                if i % 16 == 15:
                    deadline.check(f"unpacking the .docx part {info.filename!r}")
            if size != info.file_size:
                raise _Damage(f"it declares {info.file_size:,} bytes but holds {size:,}")
        except _Damage as exc:
            damaged[info.filename] = str(exc)
        except zlib.error as exc:
            damaged[info.filename] = f"its deflate stream is broken ({exc})"
    return damaged


def _read_member(zf: zipfile.ZipFile, name: str, cap: int, source: str | None) -> bytes:
    """Read one member (already measured: it inflates to its declared size)."""
    with zf.open(name) as stream:
        blob = stream.read(cap + 1)
    if len(blob) > cap:
        raise LimitExceeded(
            f"the .docx part {name!r} unpacks to more than {cap:,} bytes; raise "
            "Limits(max_docx_uncompressed=...) if the document is genuine",
            limit="max_docx_uncompressed", value=cap, actual=len(blob), source=source)
    return blob


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def python_docx_errors() -> tuple[type[BaseException], ...]:
    """Everything python-docx raises on a package it cannot model (its own classes, and
    what it lets through from zipfile, lxml and the standard library), so that such a
    package falls back to reading the main part directly. Found by reading its source and
    by fuzzing python-docx 1.2 with damaged packages; anything else is a bug and escapes."""
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError
    from docx.oxml.exceptions import XmlchemyError

    return (
        OpcError,  # PackageNotFoundError
        PythonDocxError,  # InvalidSpanError, InvalidXmlError
        XmlchemyError,  # oxml's InvalidXmlError
        etree.LxmlError,  # XMLSyntaxError in any part, ParserError
        zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
        KeyError,  # a part or relationship named but missing
        ValueError,  # UnicodeDecodeError, a bad part name, duplicate relationships
        AttributeError, TypeError,  # relationship XML without the elements it expects
        NotImplementedError,  # a compression method zipfile does not support
    )


#: What reading and parsing the main part directly may raise (zip member, inflate, XML).
MAIN_PART_ERRORS: tuple[type[BaseException], ...] = (
    etree.LxmlError, zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
    ValueError, KeyError, NotImplementedError,
)


def _open_body(
    data: bytes, zf: zipfile.ZipFile, limits: Limits, source: str | None,
    damaged: dict[str, str],
) -> tuple[Any, ReaderNote | None]:
    """The ``w:body`` element of the main document part, and a note if python-docx could not
    open the package.

    python-docx opens the package (relationships, content types); when it cannot (a package
    with no content-types part or relationships, ISO Strict OOXML, a damaged secondary
    part) ``word/document.xml`` is parsed directly, so only a damaged main part is fatal.
    python-docx is not even tried on a package with a damaged part: it would inflate every
    part whole.
    """
    if _MAIN_PART in damaged:
        raise CorruptDocument(
            f"the .docx is damaged: its main part {_MAIN_PART} cannot be read (expected a "
            f"sound zip member; {damaged[_MAIN_PART]}) — download it again, or open and "
            "re-save it in Word or WPS", format="docx", source=source)
    root = None
    problem: str | None = None
    if damaged:
        problem = "; ".join(f"{name!r}: {why}" for name, why in sorted(damaged.items())[:3])
        problem = f"damaged parts were skipped ({problem})"
    else:
        try:
            from docx.package import Package

            part = Package.open(io.BytesIO(data)).main_document_part
            root = getattr(part, "element", None)
            if root is None:  # a main part python-docx does not model (e.g. macro-enabled)
                root = etree.fromstring(part.blob, _PARSER)
        except python_docx_errors() as exc:
            problem = f"python-docx could not open the package ({_describe(exc)})"
    if root is None:
        try:
            blob = _read_member(zf, _MAIN_PART, limits.max_docx_uncompressed, source)
            root = etree.fromstring(blob, _PARSER)
        except MAIN_PART_ERRORS as exc:
            raise CorruptDocument(
                f"the .docx is damaged: {_MAIN_PART} cannot be read (expected a Word "
                f"document; found {_describe(exc)}) — open and re-save it in Word or WPS, "
                "or convert it to PDF", format="docx", source=source) from exc
    note = None
    if problem is not None:
        note = ReaderNote(
            code="docx_package_repaired", severity="info",
            message=f"{problem}; {_MAIN_PART} was read directly")
    body = _child(root, "body")
    if body is None:
        found = etree.QName(root).localname if isinstance(root.tag, str) else "no element"
        raise CorruptDocument(
            f"the .docx is damaged: {_MAIN_PART} has no document body (expected "
            f"<w:document><w:body>; found <{found}>) — open and re-save it in Word or WPS",
            format="docx", source=source)
    return body, note


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or "no detail"
    return f"{type(exc).__name__}: {text[:200]}"


# ------------------------------------------------------------------------------- text
def _inline_text(el: Any, out: list[str], boxes: list[Any], fields: list[bool]) -> None:
    """Append the visible text under a paragraph-level element to ``out``.

    ``fields`` is the stack of open complex fields (True while in its instruction part:
    text there is the field code, not what Word shows). Text boxes are collected in
    ``boxes`` to be read as blocks of their own.
    """
    for child in el:
        kind = _INLINE_KINDS.get(child.tag)
        if kind is None:
            if len(child):
                _inline_text(child, out, boxes, fields)
        elif kind == "text":
            if child.text and not any(fields):
                out.append(child.text)
        elif kind == "space":
            out.append(" ")
        elif kind == "break":
            out.append("\n")
        elif kind == "hyphen":
            out.append("-")
        elif kind == "field":
            field_type = _val(child, _FIELD_TYPE_ATTRS)
            if field_type == "begin":
                fields.append(True)
            elif field_type == "separate" and fields:
                fields[-1] = False
            elif field_type == "end" and fields:
                fields.pop()
        elif kind == "run":
            shift = _run_shift(child)
            if shift is None:
                _inline_text(child, out, boxes, fields)
            else:
                shifted: list[str] = []
                _inline_text(child, shifted, boxes, fields)
                out.append(shift("".join(shifted)))
        elif kind in ("raised", "lowered"):  # math m:sup / m:sub
            shifted = []
            _inline_text(child, shifted, boxes, fields)
            out.append((to_superscript if kind == "raised" else to_subscript)("".join(shifted)))
        elif kind == "box":
            boxes.append(child)
        elif kind == "alternate":
            branch = _choose_branch(child)
            if branch is not None:
                _inline_text(branch, out, boxes, fields)
        # kind == "skip": deleted text, properties, field codes, the VML fallback


def _run_shift(run: Any) -> Callable[[str], str] | None:
    """How a run's own ``w:vertAlign`` shows its text: raised (a note mark such as the ¹ of
    ``237960¹``, which must not become a digit of the number), lowered, or as is (None).
    Alignment inherited from a character style is not looked up."""
    r_pr = _properties(run, _RPR_TAGS)
    if r_pr is None:
        return None
    for child in r_pr:
        if child.tag in _VERT_ALIGN_TAGS:
            return _SHIFTS.get(_val(child) or "")
    return None


def _choose_branch(alternate: Any) -> Any:
    """``mc:AlternateContent`` → its first ``mc:Choice`` (the DrawingML copy), else the
    ``mc:Fallback``; never both, since they hold the same content twice."""
    fallback = None
    for child in alternate:
        if child.tag in _CHOICE_TAGS:
            return child
        if child.tag in _FALLBACK_TAGS:
            fallback = child
    return fallback


def _paragraph_text(p: Any, boxes: list[Any]) -> str:
    out: list[str] = []
    _inline_text(p, out, boxes, [])
    return "".join(out)


def _cell_text(tc: Any) -> str:
    """All paragraphs of a cell (inside content controls too), joined by line breaks."""
    lines: list[str] = []
    _collect_lines(tc, lines)
    return clean_cell_text("\n".join(lines))


def _collect_lines(container: Any, lines: list[str]) -> None:
    for child in container:
        kind = _BLOCK_KINDS.get(child.tag)
        if kind == "p":
            lines.append(_paragraph_text(child, []))  # text boxes in a data cell: not read
        elif kind in ("sdt", "wrapper"):
            _collect_lines(_sdt_content(child) if kind == "sdt" else child, lines)
        elif kind == "alternate":
            branch = _choose_branch(child)
            if branch is not None:
                _collect_lines(branch, lines)


def _sdt_content(sdt: Any) -> Any:
    for child in sdt:
        if child.tag in _SDT_CONTENT_TAGS:
            return child
    return ()


# ------------------------------------------------------------------------------ tables
class _Region:
    """A merged region while the grid is being built (mutable; frozen into a Cell)."""

    __slots__ = ("col", "colspan", "row", "rowspan", "text")

    def __init__(self, text: str, row: int, col: int, colspan: int) -> None:
        self.text = text
        self.row = row
        self.col = col
        self.rowspan = 1
        self.colspan = colspan


def _rows(tbl: Any) -> Iterator[Any]:
    """The table's ``w:tr`` in order, through row-level content controls; rows deleted
    as a tracked change are left out."""
    for child in tbl:
        if child.tag in _ROW_TAGS:
            if not _row_marks(child)[1]:
                yield child
        elif child.tag in _ROW_WRAPPER_TAGS:
            yield from _rows(child)


def _cells(tr: Any) -> Iterator[Any]:
    for child in tr:
        if child.tag in _CELL_TAGS:
            yield child
        elif child.tag in _ROW_WRAPPER_TAGS:
            yield from _cells(child)


def _properties(el: Any, tags: frozenset[str]) -> Any:
    """The ``w:tcPr``/``w:trPr`` of a cell or row: among its first children by the schema."""
    for i, child in enumerate(el):
        if child.tag in tags:
            return child
        if i >= 1:
            return None
    return None


def _merge_marks(tc: Any) -> tuple[int, str | None, str | None]:
    """``(gridSpan, vMerge, hMerge)`` of a cell; a merge mark is ``"restart"``,
    ``"continue"`` or None."""
    span, v_merge, h_merge = 1, None, None
    tc_pr = _properties(tc, _TC_PR_TAGS)
    if tc_pr is not None:
        for child in tc_pr:
            kind = _TC_PR_KINDS.get(child.tag)
            if kind == "gridSpan":
                span = _int_val(child, 1)
            elif kind == "vMerge":
                v_merge = _val(child) or "continue"
            elif kind == "hMerge":
                h_merge = _val(child) or "continue"
    return span, v_merge, h_merge


def _row_marks(tr: Any) -> tuple[int, bool]:
    """``(gridBefore, deleted)`` of a row."""
    before, deleted = 0, False
    tr_pr = _properties(tr, _TR_PR_TAGS)
    if tr_pr is not None:
        for child in tr_pr:
            kind = _TR_PR_KINDS.get(child.tag)
            if kind == "gridBefore":
                before = _int_val(child, 0)
            elif kind == "del":
                deleted = True
    return before, deleted


def _table_regions(tbl: Any, budget: _TableBudget) -> list[_Region]:
    """The merged regions of a data table, in reading order.

    A ``vMerge`` continuation joins the region above that starts at the same grid column
    and ends on the row above; one with nothing to join (malformed) stands as a cell.
    """
    regions: list[_Region] = []
    # Regions whose bottom edge is the previous row, by their first grid column.
    above: dict[int, _Region] = {}
    for row, tr in enumerate(_rows(tbl)):
        budget.row(row)
        col = _row_marks(tr)[0]
        current: dict[int, _Region] = {}
        previous: _Region | None = None
        for tc in _cells(tr):
            span, v_merge, h_merge = _merge_marks(tc)
            budget.cover(span, row)
            if h_merge == "continue" and previous is not None:
                previous.colspan += span  # legacy horizontal merge widens the cell before
                col += span
                continue
            top = above.get(col) if v_merge == "continue" else None
            if top is not None:
                top.rowspan += 1
                region = top
            else:
                region = _Region(_cell_text(tc), row, col, span)
                regions.append(region)
            current[col] = region
            previous = region
            col += span
        above = current
    regions.sort(key=lambda r: (r.row, r.col))
    return regions


class _TableBudget:
    """Counts the grid cells a table covers against ``Limits.max_table_cells`` and checks
    the deadline every few hundred rows, so one huge table cannot outrun either."""

    __slots__ = ("covered", "deadline", "index", "limits", "source")

    def __init__(self, index: int, limits: Limits, deadline: Deadline,
                 source: str | None) -> None:
        self.index = index
        self.limits = limits
        self.deadline = deadline
        self.source = source
        self.covered = 0

    def row(self, row: int) -> None:
        if row % 256 == 255:
            self.deadline.check(f"reading DOCX table {self.index + 1}, row {row + 1}")

    def cover(self, cells: int, row: int) -> None:
        self.covered += cells
        limit = self.limits.max_table_cells
        if self.covered > limit:
            raise LimitExceeded(
                f"DOCX table {self.index + 1} covers more than {limit:,} grid cells (reached "
                f"at its row {row + 1}); the statutory tables have a few hundred — raise it "
                "with Limits(max_table_cells=...) if the document is genuine",
                limit="max_table_cells", value=limit, actual=self.covered, source=self.source)


def _holds_table(tbl: Any) -> bool:
    return any(True for _ in tbl.iterdescendants(*_TABLE_TAGS))


# ------------------------------------------------------------------------------- walk
class _Walker:
    """Walks block containers in order and collects the blocks (the only mutable state)."""

    def __init__(self, deadline: Deadline, limits: Limits, source: str | None) -> None:
        self.deadline = deadline
        self.limits = limits
        self.source = source
        self.blocks: list[CellGrid | Paragraph] = []
        self.notes: list[ReaderNote] = []
        self.n_grids = 0

    def walk(self, container: Any) -> None:
        for child in container:
            kind = _BLOCK_KINDS.get(child.tag)
            if kind == "p":
                self.paragraph(child)
            elif kind == "tbl":
                self.table(child)
            elif kind == "sdt":
                self.walk(_sdt_content(child))
            elif kind == "wrapper":
                self.walk(child)
            elif kind == "alternate":
                branch = _choose_branch(child)
                if branch is not None:
                    self.walk(branch)
            elif kind == "altchunk":
                self.notes.append(ReaderNote(
                    code="docx_embedded_document", severity="warning",
                    message="the .docx embeds another document (w:altChunk) that was not "
                            "read; open and re-save it in Word to inline it"))

    def paragraph(self, p: Any) -> None:
        boxes: list[Any] = []
        text = clean_cell_text(_paragraph_text(p, boxes))
        if text:
            self.blocks.append(Paragraph(text))
        for box in boxes:
            self.walk(box)

    def table(self, tbl: Any) -> None:
        self.deadline.check(f"reading DOCX table {self.n_grids + 1}")
        if _holds_table(tbl):
            # A layout container: its cells are block containers in reading order.
            for tr in _rows(tbl):
                for tc in _cells(tr):
                    self.walk(tc)
            return
        regions = _table_regions(
            tbl, _TableBudget(self.n_grids, self.limits, self.deadline, self.source))
        if not regions:
            return
        index = self.n_grids
        self.n_grids += 1
        cells = tuple(
            Cell(r.text, r.row, r.col, r.rowspan, r.colspan,
                 location=Location(table=index, row=r.row, col=r.col))
            for r in regions
        )
        self.blocks.append(CellGrid(cells, index=index, exact=True, rows_known=True,
                                    location=Location(table=index)))


# ------------------------------------------------------------------------------ entry
def read_docx(data: bytes, *, limits: Limits, source: str | None) -> Document:
    """Read a Word/WPS ``.docx``: its tables as exact grids and its paragraphs, in body order.

    Raises :class:`UnsupportedFormat` (not a Word package), :class:`EncryptedDocument`,
    :class:`CorruptDocument` (damaged zip or XML) and :class:`LimitExceeded` (size, zip
    bomb, time); never a dependency's exception.
    """
    limits.check_size(len(data), source)
    deadline = Deadline(limits.timeout, source)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, struct.error) as exc:
        _fail_not_zip(data, exc, source)
        raise AssertionError("unreachable") from exc  # _fail_not_zip always raises
    with zf:
        _check_package(zf, data, limits, source)
        damaged = _measure_parts(zf, data, limits, deadline, source)
        body, note = _open_body(data, zf, limits, source, damaged)
    walker = _Walker(deadline, limits, source)
    if note is not None:
        walker.notes.append(note)
    try:
        walker.walk(body)
    except RecursionError as exc:
        raise CorruptDocument(
            "the .docx nests tables or content controls too deeply to read (expected a few "
            "levels; found hundreds) — open and re-save it in Word or WPS",
            format="docx", source=source) from exc
    return Document(format="docx", blocks=tuple(walker.blocks), notes=tuple(walker.notes))
