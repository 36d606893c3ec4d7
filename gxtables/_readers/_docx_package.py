"""The DOCX zip package: checked for encryption, zip bombs (declared sizes, ratios, forged
headers, markup counts) and damage before anything inflates a part whole; then the main
document part opened — through python-docx, or directly when python-docx refuses a package
whose main part is sound (an ``info`` note says so).

python-docx is imported with this module rather than at the first document it opens: its
import (≈ 35 ms) is most of what made a process's first DOCX extract cost about three times
the second, and this way a batch worker's ``import_readers()`` pays it before any document's
clock runs.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from docx.exceptions import PythonDocxError
from docx.opc.exceptions import OpcError
from docx.oxml.exceptions import XmlchemyError
from docx.package import Package
from lxml import etree

from .._errors import CorruptDocument, EncryptedDocument, LimitExceeded, UnsupportedFormat
from .._grid import ReaderNote
from .._limits import Deadline, Limits
from ._docx_xml import w_child

__all__ = [
    "MAIN_PART",
    "MAIN_PART_ERRORS",
    "check_package",
    "fail_not_zip",
    "measure_parts",
    "open_body",
    "python_docx_errors",
]

MAIN_PART = "word/document.xml"
#: Members at least this large are checked for their compression ratio.
_RATIO_MIN_SIZE = 1024 * 1024


def fail_not_zip(data: bytes, exc: Exception, source: str | None) -> None:
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


def check_package(
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
    if MAIN_PART not in names:
        from .._sniff import sniff_format

        sniff_format(data, source=source)  # names what the zip is (.xlsx, .odt, ...)
        raise UnsupportedFormat(  # pragma: no cover - sniff_format raises first
            f"expected a Word document; found a zip without {MAIN_PART} — save the report "
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


def measure_parts(
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


def open_body(
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
    if MAIN_PART in damaged:
        raise CorruptDocument(
            f"the .docx is damaged: its main part {MAIN_PART} cannot be read (expected a "
            f"sound zip member; {damaged[MAIN_PART]}) — download it again, or open and "
            "re-save it in Word or WPS", format="docx", source=source)
    root = None
    problem: str | None = None
    if damaged:
        problem = "; ".join(f"{name!r}: {why}" for name, why in sorted(damaged.items())[:3])
        problem = f"damaged parts were skipped ({problem})"
    else:
        try:
            part = Package.open(io.BytesIO(data)).main_document_part
            root = getattr(part, "element", None)
            if root is None:  # a main part python-docx does not model (e.g. macro-enabled)
                root = etree.fromstring(part.blob, _PARSER)
        except python_docx_errors() as exc:
            problem = f"python-docx could not open the package ({_describe(exc)})"
    if root is None:
        try:
            blob = _read_member(zf, MAIN_PART, limits.max_docx_uncompressed, source)
            root = etree.fromstring(blob, _PARSER)
        except MAIN_PART_ERRORS as exc:
            raise CorruptDocument(
                f"the .docx is damaged: {MAIN_PART} cannot be read (expected a Word "
                f"document; found {_describe(exc)}) — open and re-save it in Word or WPS, "
                "or convert it to PDF", format="docx", source=source) from exc
    note = None
    if problem is not None:
        note = ReaderNote(
            code="docx_package_repaired", severity="info",
            message=f"{problem}; {MAIN_PART} was read directly")
    body = w_child(root, "body")
    if body is None:
        found = etree.QName(root).localname if isinstance(root.tag, str) else "no element"
        raise CorruptDocument(
            f"the .docx is damaged: {MAIN_PART} has no document body (expected "
            f"<w:document><w:body>; found <{found}>) — open and re-save it in Word or WPS",
            format="docx", source=source)
    return body, note


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or "no detail"
    return f"{type(exc).__name__}: {text[:200]}"

