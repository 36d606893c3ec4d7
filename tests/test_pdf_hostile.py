"""Issue 17, "time and memory bounded": hostile PDFs, written by hand here (small
generators, no binaries), each ending in a document or one of our exceptions; and the map
of the dependencies' exceptions, checked class by class."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import zlib

import pdfminer
import pypdfium2 as pdfium
import pytest
from _render.pdf import build_pdf, one_page_pdf, stream

from gxtables._errors import CorruptDocument, EncryptedDocument, GxtablesError, LimitExceeded
from gxtables._grid import Document
from gxtables._limits import Limits
from gxtables._readers._pdf import read_pdf
from gxtables._readers._pdf_boundary import DEPENDENCY_ERRORS, mapped
from gxtables._readers._pdf_guard import check_streams, reference_cycle

#: A Type3 font whose glyphs draw nothing in an empty box: pdfium cannot measure a text
#: object of one such glyph and drops it from its text page (as with a non-embedded font no
#: system font substitutes for), so a page using it sends the reader to the pdfminer
#: fallback — the parser under attack here — whatever fonts the machine has. Its ToUnicode
#: map (objects 10, 11) reads "A" as 一 and digits as digits.
_T3_FONT = (
    b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 0 0] /FontMatrix [0.001 0 0 0.001 0 0] "
    b"/CharProcs << /a 10 0 R >> /Encoding << /Type /Encoding /Differences [49 /a 56 /a 65 /a] >> "
    b"/FirstChar 49 /LastChar 65 /Widths [500 0 0 0 0 0 0 500 0 0 0 0 0 0 0 0 500] "
    b"/ToUnicode 11 0 R >>"
)
_T3_OBJECTS = (
    stream(b"500 0 d0"),
    stream(b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T3 def "
           b"1 begincodespacerange <00> <FF> endcodespacerange 3 beginbfchar <31> <0031> "
           b"<38> <0038> <41> <4E00> endbfchar endcmap CMapName currentdict /CMap "
           b"defineresource pop end end"),
)


def _with_t3(objects: list[bytes]) -> list[bytes]:
    """``objects`` padded to 9, then the Type3 font's glyph and ToUnicode streams."""
    return [*objects, *[b"null"] * (9 - len(objects)), *_T3_OBJECTS]


#: A 2×2 ruled table with a lone glyph (一) and a number in it.
_TABLE = (
    b"0.5 w 100 500 120 20 re S 220 500 120 20 re S 100 480 120 20 re S 220 480 120 20 re S "
    b"BT /F1 9 Tf 106 506 Td (A) Tj ET BT /F1 9 Tf 226 486 Td (18) Tj ET"
)


@pytest.fixture(autouse=True)
def _no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's own output is under test; OCR of unreadable pages (issue 16) is not."""
    from gxtables._readers import _ocr_hook

    monkeypatch.setattr(_ocr_hook, "ocr_pdf_pages", lambda document, data, **kw: document)


def _read(data: bytes, **limits: float) -> Document:
    return read_pdf(data, limits=Limits(timeout=20, **limits), source="hostile.pdf")  # type: ignore[arg-type]


def _ends_well(data: bytes) -> Document | GxtablesError:
    """The read returns a document or raises one of ours — nothing else."""
    try:
        return _read(data)
    except GxtablesError as exc:
        assert isinstance(exc, CorruptDocument | EncryptedDocument | LimitExceeded), repr(exc)
        return exc


def _t3_table_pdf() -> bytes:
    """One page: the table, its glyphs in a Type 3 font pdfium cannot map (pdfminer can)."""
    return build_pdf(_with_t3([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(_TABLE), _T3_FONT,
    ]))


def test_the_table_reads_through_the_fallback() -> None:
    data = _t3_table_pdf()
    doc = _read(data)
    (grid,) = doc.grids
    assert sorted(c.text for c in grid.cells) == ["", "", "18", "一"]  # 一 from pdfminer
    assert doc.notes == ()


# -- reference cycles: pdfminer's resolve1 would loop forever --------------------------------


def _with_alias_cycle(where: str) -> bytes:
    font = b"<< /F1 5 0 R >>"
    objects = {
        "contents": [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 6 0 R] "
            b"/Resources << /Font " + font + b" >> >>",
            stream(_TABLE), _T3_FONT, b"6 0 R",
        ],
        "two-cycle": [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 6 0 R] "
            b"/Resources << /Font " + font + b" >> >>",
            stream(_TABLE), _T3_FONT, b"7 0 R", b"6 0 R",
        ],
        "resources": [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources 6 0 R >>",
            stream(_TABLE), _T3_FONT, b"6 0 R",
        ],
        "length": [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 7 0 R] "
            b"/Resources << /Font " + font + b" >> >>",
            stream(_TABLE), _T3_FONT, b"6 0 R", stream(b"", length=b"6 0 R"),
        ],
    }[where]
    return build_pdf(_with_t3(objects))


@pytest.mark.parametrize("where", ["contents", "two-cycle", "resources", "length"])
def test_reference_cycles_end_in_a_document_or_our_error(where: str) -> None:
    data = _with_alias_cycle(where)
    assert reference_cycle(data, 1 << 20, lambda: None) in ([6], [6, 7], [7, 6])
    doc = _ends_well(data)
    assert isinstance(doc, Document)
    if where != "resources":  # pdfminer was needed for the lone glyph, and refused:
        # the page is flagged (its text may be missing)
        (note,) = doc.notes
        assert note.severity == "error" and note.location.page == 1 and "cycle" in note.message
        (grid,) = doc.grids
        assert sorted(c.text for c in grid.cells) == ["", "", "", "18"]
    # (with its resources a cycle the page has no font; pdfium reads it with a default one)


def test_reference_cycle_inside_an_object_stream_is_found() -> None:
    packed = b"6 0 7 6 " + b"7 0 R 6 0 R"
    objstm = stream(zlib.compress(packed), b"/Type /ObjStm /N 2 /First 8 /Filter /FlateDecode")
    data = build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                      b"<< /Type /Pages /Kids [] /Count 0 >>", b"null", b"null", objstm])
    assert reference_cycle(data, 1 << 20, lambda: None) in ([6, 7], [7, 6])


# -- decompression bombs ----------------------------------------------------------------------


def _deflate_repeated(block: bytes, times: int) -> bytes:
    """A zlib stream inflating to ``block * times`` without compressing all of it: one
    full-flushed raw deflate block (history reset, so it decodes alike anywhere), repeated."""
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = raw.compress(block) + raw.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    return b"\x78\xda" + body * times + end + b"\x00\x00\x00\x01"  # checksum never reached


def test_double_flate_content_bomb_is_refused() -> None:
    inner = _deflate_repeated(b"\0" * (1 << 20), 8192)  # 8 GiB of zeros
    outer = zlib.compress(inner, 9)
    assert len(outer) < 64 * 1024
    data = one_page_pdf(b"", extra_objects=[
        stream(outer, b"/Filter [/FlateDecode /FlateDecode]"),
    ]).replace(b"/Contents 4 0 R", b"/Contents 5 0 R")
    with pytest.raises(LimitExceeded) as info:
        _read(data)
    assert info.value.limit == "max_pdf_stream_bytes"


def test_tounicode_cmap_bomb_is_refused() -> None:
    line = b"<0001> <4E00>\n" * 4096
    cmap = _deflate_repeated(line, (256 << 20) // len(line))  # 256 MiB of CMap
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H "
            b"/ToUnicode 6 0 R /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 "
            b"/BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
            b"/Supplement 0 >> >>] >>")
    data = one_page_pdf(b"BT /F1 9 Tf 72 700 Td <0001> Tj ET",
                        resources=b"<< /Font << /F1 5 0 R >> >>",
                        extra_objects=[font, stream(cmap, b"/Filter /FlateDecode")])
    with pytest.raises(LimitExceeded) as info:
        _read(data)
    assert info.value.limit == "max_pdf_stream_bytes"
    assert info.value.value == Limits().max_pdf_stream_bytes


def test_stream_guard_leaves_ordinary_streams_alone() -> None:
    text = b"BT /F1 9 Tf 72 700 Td (hello) Tj ET\n" * 2000
    data = one_page_pdf(b"", extra_objects=[stream(zlib.compress(text), b"/Filter /FlateDecode")])
    check_streams(data, len(text), None, lambda: None)  # exactly at the limit: fine
    with pytest.raises(LimitExceeded):
        check_streams(data, len(text) - 1, None, lambda: None)


# -- too much work on one page, too many pages ---------------------------------------------------


def test_page_of_90000_ruled_rectangles_is_noted_not_searched() -> None:
    rects = b"".join(b"%d %d 2 2 re S\n" % (20 + 6 * (i % 90), 20 + 8 * (i // 90)) for i in range(90_000))
    data = build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 8200] /Contents 4 0 R >>",
        stream(zlib.compress(rects), b"/Filter /FlateDecode"),
    ])
    doc = _read(data)
    assert doc.grids == []
    (note,) = [n for n in doc.notes if "max_pdf_edges" in n.message]
    assert note.severity == "warning" and note.location.page == 1


def test_edges_limit_is_honoured_at_its_value() -> None:
    rects = b"".join(b"%d 500 20 20 re S\n" % (100 + 20 * i) for i in range(5))  # 20 edges
    data = one_page_pdf(rects)
    assert not any("max_pdf_edges" in n.message for n in _read(data, max_pdf_edges=20).notes)
    assert any("max_pdf_edges" in n.message for n in _read(data, max_pdf_edges=19).notes)


def test_200000_pages_only_the_first_are_opened() -> None:
    n = 200_000
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"] * n
    data = build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
        b"null",
        stream(b"0.5 w 72 700 100 20 re S"),
        *pages,
    ])
    doc = _read(data, max_pdf_pages=5)
    (note,) = doc.notes
    assert note.code == "reader_note" and f"first 5 of {n:,}".replace(",", "") in note.message.replace(",", "")


# -- the exception map ----------------------------------------------------------------------------


def _pdfminer_exceptions() -> list[type[BaseException]]:
    found: set[type[BaseException]] = set()
    for info in pkgutil.walk_packages(pdfminer.__path__, "pdfminer."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # optional extras (e.g. image export)
            continue
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Exception) and obj.__module__.startswith("pdfminer"):
                found.add(obj)
    return sorted(found, key=lambda c: c.__qualname__)


def test_pdfminer_exception_classes_are_found() -> None:
    names = {c.__name__ for c in _pdfminer_exceptions()}
    assert {"PSEOF", "PDFSyntaxError", "PDFNoValidXRef", "PDFPasswordIncorrect"} <= names


@pytest.mark.parametrize(
    "exc_class",
    [*_pdfminer_exceptions(), pdfium.PdfiumError, zlib.error],
    ids=lambda c: c.__qualname__,
)
def test_every_dependency_exception_is_mapped(exc_class: type[BaseException]) -> None:
    try:
        original = exc_class("boom")
    except TypeError:
        original = exc_class.__new__(exc_class)
    with pytest.raises((CorruptDocument, EncryptedDocument)) as info, mapped("x.pdf", "t"):
        raise original
    assert info.value.__cause__ is original
    if "Password" in exc_class.__name__ or "Encryption" in exc_class.__name__:
        assert isinstance(info.value, EncryptedDocument)


def test_our_own_bugs_are_not_reported_as_corrupt_documents() -> None:
    for bug in (NameError("x"), AttributeError("x"), RuntimeError("x")):
        assert not isinstance(bug, DEPENDENCY_ERRORS)
        with pytest.raises(type(bug)), mapped("x.pdf", "testing"):
            raise bug


def test_page_of_too_many_objects_is_read_as_plain_text_only() -> None:
    rects = b"".join(b"%d 500 2 2 re f\n" % (20 + 3 * i) for i in range(150))
    data = one_page_pdf(rects + b"BT /F1 9 Tf 72 700 Td (26) Tj ET",
                        resources=b"<< /Font << /F1 << /Type /Font /Subtype /Type1 "
                                  b"/BaseFont /Helvetica >> >> >>")
    doc = _read(data, max_pdf_edges=20)  # 151 objects > 5 × 20
    (note,) = doc.notes
    assert "151 drawing objects" in note.message and note.severity == "warning"
    assert [getattr(b, "text", None) for b in doc.blocks] == ["26"]
    assert _read(data, max_pdf_edges=600).notes == ()  # 151 ≤ 3,000: walked as usual


def test_unfiltered_content_over_the_stream_limit_is_refused() -> None:
    data = one_page_pdf(b"0 0 1 1 re f\n" * 1000)
    with pytest.raises(LimitExceeded) as info:
        _read(data, max_pdf_stream_bytes=10_000)
    assert info.value.actual == 13_000 and info.value.value == 10_000
    assert isinstance(_read(data, max_pdf_stream_bytes=13_000), Document)


def test_fallback_failure_flags_the_page_and_reading_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pdfminer.pdfparser import PDFSyntaxError

    from gxtables._readers import _pdf_miner

    def broken(*args: object) -> None:
        raise PDFSyntaxError("pdfminer cannot parse what pdfium could")

    monkeypatch.setattr(_pdf_miner.MinerPages, "recover", broken)
    data = _t3_table_pdf()
    doc = _read(data)
    (note,) = doc.notes
    assert note.severity == "error" and "PDFSyntaxError" in note.message
    (grid,) = doc.grids
    assert sorted(c.text for c in grid.cells) == ["", "", "", "18"]
