"""Which format the bytes are in, from the bytes alone (names and extensions are not trusted)."""

from __future__ import annotations

import io
import re
import struct
import zipfile

from ._convert import LEGACY_OFFICE
from ._errors import CorruptDocument, EncryptedDocument, UnsupportedFormat
from ._readers._markdown import looks_like_markdown_bytes

__all__ = ["sniff_format"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"BM": "a BMP image",
}
_OTHER_BINARY = {
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\x1f\x8b": "a gzip stream",
    b"{\\rtf": "an RTF document",
    b"%!PS": "a PostScript file",
}
_HTML_HINT = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|meta|table|div|p|span|tr|td|br|title|font)\b",
    re.IGNORECASE,
)


_HTML_PAGE = re.compile(rb"<\s*(?:!doctype\s+html|head)\b", re.IGNORECASE)


def sniff_format(data: bytes, *, source: str | None = None) -> str:
    """Return ``"pdf"``, ``"docx"``, ``"html"`` or ``"text"``.

    Raises :class:`UnsupportedFormat` for formats we do not read (a legacy ``.doc``, images,
    other archives, a zip that is not a Word document) and :class:`EncryptedDocument` for a
    password-protected Office file, each saying what was found and what to do.
    """
    if not data:
        raise UnsupportedFormat("expected a document; found an empty input", found="empty input",
                                source=source)
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, source)
    if data.startswith(_OLE2):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise EncryptedDocument(
                "this Office document is password-protected (an encrypted OOXML package); "
                "remove the password in Word or WPS and save it again as .docx",
                format="docx", source=source)
        raise UnsupportedFormat(
            "expected PDF, DOCX, HTML or text; found a legacy binary Office file (OLE2, e.g. "
            "Word .doc, WPS .wps or Excel .xls) — convert it to .docx or PDF first, or install "
            "LibreOffice (soffice on PATH) and a .doc or .wps is converted and read",
            found=LEGACY_OFFICE, source=source)
    for magic, what in {**_IMAGES, **_OTHER_BINARY}.items():
        if data.startswith(magic):
            if _ocr_image(data, what):
                return "image"
            hint = (" (a scanned report needs OCR first: install the OCR extra, pip install "
                    "\".[ocr]\" in the gxtables clone)") if what in _IMAGES.values() else ""
            raise UnsupportedFormat(
                f"expected PDF, DOCX, HTML or text; found {what}{hint}", found=what, source=source)
    probe = _probe_text(data)
    if _HTML_HINT.search(probe) and not (looks_like_markdown_bytes(probe)
                                         and not _HTML_PAGE.search(probe)):
        # Markdown from PDF converters holds <br> in cells and <table>s among pipe tables or
        # headings; without a web page's head it is text (read as Markdown).
        return "html"
    return "text"


def _ocr_image(data: bytes, what: str) -> bool:
    """A whole PNG/JPEG/TIFF header, and the ``ocr`` extra installed to read it."""
    complete = {"a PNG image": data[12:16] == b"IHDR", "a JPEG image": len(data) > 128,
                "a TIFF image": len(data) > 128}.get(what, False)
    if not complete:
        return False
    from ._readers._ocr_extra import ocr_installed

    return ocr_installed()


def _probe_text(data: bytes) -> bytes:
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:200].count(b"\x00") > 20:
        # UTF-16: drop the NULs so the ASCII tag names become visible.
        return head.replace(b"\x00", b"")
    return head


def _sniff_zip(data: bytes, source: str | None) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError, struct.error) as exc:
        raise CorruptDocument(
            f"expected a DOCX (a zip package); the zip is damaged or truncated: {exc}",
            format="docx", source=source) from exc
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        found = "an Excel workbook (.xlsx)"
    elif any(n.startswith("ppt/") for n in names):
        found = "a PowerPoint file (.pptx)"
    elif "content.xml" in names:
        found = "an OpenDocument file (.odt/.ods)"
    else:
        found = "a zip archive that is not a Word document"
    raise UnsupportedFormat(
        f"expected PDF, DOCX, HTML or text; found {found} — save the report as .docx or PDF",
        found=found, source=source)
