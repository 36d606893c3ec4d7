"""Every dependency exception the readers can meet becomes one of ours, the original kept
as ``__cause__`` (STYLE.md item 7; the httpx ``tests/test_exceptions.py`` idea).

Each case provokes the dependency's exception for real where a small input does it, and
otherwise makes the dependency raise it (monkeypatch), then checks the mapping documented
in the README's Errors table.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _render.docx import render_docx
from _render.layout import LayoutStyle, layout_report
from _render.pdf import render_pdf
from hypothesis import given, settings
from lxml import etree
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSEOF
from strategies import ReportData, reports

import gxtables
from gxtables import CorruptDocument, EncryptedDocument, GxtablesError, InternalError

SEED = Path(__file__).parent / "fixtures" / "seeds" / "000.txt"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _report() -> ReportData:
    found: list[ReportData] = []

    @settings(max_examples=1, database=None, derandomize=True)
    @given(reports("2021"))
    def grab(d: ReportData) -> None:
        found.append(d)

    grab()
    return found[0]


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return render_pdf(layout_report(_report(), LayoutStyle()), prose_pages=0)


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return render_docx(layout_report(_report(), LayoutStyle()))


def _raiser(exc: BaseException) -> Callable[..., Any]:
    def raise_it(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return raise_it


def _caught(source: bytes) -> GxtablesError:
    with pytest.raises(GxtablesError) as info:
        gxtables.extract(source)
    return info.value


# ------------------------------------------------------------------------------- pdfminer
@pytest.mark.parametrize(
    ("exc", "ours"),
    [
        (PDFSyntaxError("No /Root object! - Is this really a PDF?"), CorruptDocument),
        (PSEOF("Unexpected EOF"), CorruptDocument),
        (PDFPasswordIncorrect(), EncryptedDocument),
    ],
    ids=["PDFSyntaxError", "PSEOF", "PDFPasswordIncorrect"],
)
def test_pdfminer_exceptions(monkeypatch: pytest.MonkeyPatch, pdf_bytes: bytes,
                             exc: Exception, ours: type[GxtablesError]) -> None:
    """Raised where the PDF reader reads a table page (inside its dependency map)."""
    from gxtables._readers import _pdf

    monkeypatch.setattr(_pdf, "_read_table_page", _raiser(exc))
    err = _caught(pdf_bytes)
    assert type(err) is ours
    assert err.__cause__ is exc
    assert getattr(err, "format", None) == "pdf"


def test_pdfminer_exception_while_reading_a_page(monkeypatch: pytest.MonkeyPatch,
                                                 pdf_bytes: bytes) -> None:
    from gxtables._readers import _pdf

    exc = PSEOF("Unexpected EOF")
    monkeypatch.setattr(_pdf, "_read_table_page", _raiser(exc))
    err = _caught(pdf_bytes)
    assert isinstance(err, CorruptDocument) and err.__cause__ is exc
    assert "page" in str(err)


def test_real_encrypted_pdf_is_encrypted_document() -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt="secret")
    pdf.drawString(72, 720, "x")
    pdf.showPage()
    pdf.save()
    err = _caught(buf.getvalue())
    assert isinstance(err, EncryptedDocument)
    assert err.__cause__ is not None


def test_damaged_pdf_is_corrupt_document() -> None:
    err = _caught(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n%%EOF\n")
    assert isinstance(err, CorruptDocument)


# -------------------------------------------------------------------------------- zipfile
def test_bad_zip_file_is_corrupt_document(docx_bytes: bytes) -> None:
    err = _caught(docx_bytes[: len(docx_bytes) // 2])
    assert isinstance(err, CorruptDocument)
    assert isinstance(err.__cause__, zipfile.BadZipFile)


@pytest.mark.parametrize("exc", [zipfile.BadZipFile("bad"), zipfile.LargeZipFile("zip64")],
                         ids=["BadZipFile", "LargeZipFile"])
def test_zipfile_exceptions(monkeypatch: pytest.MonkeyPatch, docx_bytes: bytes,
                            exc: Exception) -> None:
    monkeypatch.setattr(zipfile, "ZipFile", _raiser(exc))
    err = _caught(docx_bytes)
    assert isinstance(err, CorruptDocument)
    assert err.__cause__ is exc


def test_zipfile_exception_in_the_docx_reader(monkeypatch: pytest.MonkeyPatch,
                                              docx_bytes: bytes) -> None:
    """Past sniffing, the DOCX reader's own zip opening maps too."""
    from gxtables._readers import _docx

    exc = zipfile.LargeZipFile("zip64")
    monkeypatch.setattr(_docx.zipfile, "ZipFile", _raiser(exc))
    monkeypatch.setattr(gxtables._api, "sniff_format", lambda data, source=None: "docx")
    err = _caught(docx_bytes)
    assert isinstance(err, CorruptDocument)
    assert err.__cause__ is exc


# ----------------------------------------------------------------------------------- lxml
def _docx_with_document_xml(xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


def test_xml_syntax_error_is_corrupt_document() -> None:
    err = _caught(_docx_with_document_xml(f'<w:document xmlns:w="{W}"><w:body><w:p>'.encode()))
    assert isinstance(err, CorruptDocument)
    assert isinstance(err.__cause__, etree.XMLSyntaxError)
    assert err.format == "docx"


def test_lxml_parser_error_in_html(monkeypatch: pytest.MonkeyPatch) -> None:
    from gxtables._readers import _html

    exc = etree.ParserError("Document is empty")
    monkeypatch.setattr(_html.etree, "fromstring", _raiser(exc))
    err = _caught(b"<html><body><table><tr><td>1</td></tr></table></body></html>")
    assert isinstance(err, CorruptDocument)
    assert err.__cause__ is exc
    assert err.format == "html"


# --------------------------------------------------------------------------------- codecs
def test_unicode_decode_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from gxtables._readers import _html

    exc = UnicodeDecodeError("gb18030", b"\xff", 0, 1, "illegal multibyte sequence")
    monkeypatch.setattr(_html, "decode_text", _raiser(exc))
    err = _caught(b"<html><body><p>x</p></body></html>")
    assert isinstance(err, CorruptDocument)
    assert err.__cause__ is exc


def test_undecodable_text_is_unsupported_format() -> None:
    err = _caught(bytes(range(128, 256)) * 40)
    assert isinstance(err, gxtables.UnsupportedFormat)


# ---------------------------------------------------------------------------- python-docx
@pytest.mark.parametrize("make", [
    lambda: __import__("docx.opc.exceptions", fromlist=["x"]).PackageNotFoundError("no pkg"),
    lambda: KeyError("word/_rels/document.xml.rels"),
], ids=["PackageNotFoundError", "KeyError"])
def test_python_docx_failure_falls_back(monkeypatch: pytest.MonkeyPatch, docx_bytes: bytes,
                                        make: Callable[[], Exception]) -> None:
    """python-docx refusing a sound main part: the part is read directly, with a note."""
    from docx.package import Package

    monkeypatch.setattr(Package, "open", classmethod(_raiser(make())))
    report = gxtables.extract(docx_bytes)
    assert any(i.code == "docx_package_repaired" for i in report.issues)


@pytest.mark.parametrize("make", [
    lambda: __import__("docx.opc.exceptions", fromlist=["x"]).PackageNotFoundError("no pkg"),
    lambda: KeyError("word/document.xml"),
], ids=["PackageNotFoundError", "KeyError"])
def test_python_docx_failure_and_broken_main_part(monkeypatch: pytest.MonkeyPatch,
                                                  make: Callable[[], Exception]) -> None:
    from docx.package import Package

    monkeypatch.setattr(Package, "open", classmethod(_raiser(make())))
    err = _caught(_docx_with_document_xml(b"<w:document"))
    assert isinstance(err, CorruptDocument)
    assert err.__cause__ is not None


def test_docx_missing_main_part_is_unsupported() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    err = _caught(buf.getvalue())
    assert isinstance(err, gxtables.UnsupportedFormat)


# ------------------------------------------------------------------- any other failure
@pytest.mark.parametrize("exc", [RecursionError("deep"), MemoryError(),
                                 UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid")],
                         ids=["RecursionError", "MemoryError", "UnicodeDecodeError"])
def test_what_any_parser_meets_is_corrupt_document(monkeypatch: pytest.MonkeyPatch,
                                                   exc: BaseException) -> None:
    """``_api._read`` maps what every reader's parser may meet on hostile input."""
    from gxtables._readers import _html

    monkeypatch.setattr(_html, "_prepare", _raiser(exc))
    err = _caught(b"<html><body><p>x</p></body></html>")
    assert type(err) is CorruptDocument
    assert err.__cause__ is exc
    assert err.format == "html"


@pytest.mark.parametrize("exc", [RuntimeError("bug"), AttributeError("x"), KeyError("row"),
                                 IndexError("cell"), TypeError("None"), AssertionError("inv")],
                         ids=["RuntimeError", "AttributeError", "KeyError", "IndexError",
                              "TypeError", "AssertionError"])
def test_anything_else_a_reader_raises_is_an_internal_error(
        monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    """Not a bad document but a bug of ours: ``InternalError``, never ``CorruptDocument``,
    so that a crawler can tell them apart and the fuzz tests fail on it."""
    from gxtables._readers import _html

    monkeypatch.setattr(_html, "_prepare", _raiser(exc))
    err = _caught(b"<html><body><p>x</p></body></html>")
    assert type(err) is InternalError
    assert err.__cause__ is exc
    assert err.stage == "reading the html document"
    assert "_html.py" in err.message and "please report" in err.message


def test_os_error_is_read_error(tmp_path: Path) -> None:
    with pytest.raises(gxtables.ReadError) as info:
        gxtables.extract(tmp_path / "missing.pdf")
    assert isinstance(info.value.__cause__, OSError)
    assert "missing.pdf" in str(info.value)


def test_wrong_argument_type_is_type_error() -> None:
    with pytest.raises(TypeError):
        gxtables.extract(12345)  # type: ignore[arg-type]


def test_hierarchy() -> None:
    """The tree drawn in ``gxtables._errors`` and the README."""
    assert issubclass(gxtables.ReadError, GxtablesError)
    for cls in (gxtables.UnsupportedFormat, CorruptDocument, EncryptedDocument,
                gxtables.LimitExceeded):
        assert issubclass(cls, gxtables.ReadError)
    for cls in (gxtables.UnsupportedFormat, CorruptDocument, gxtables.LayoutNotFound):
        assert issubclass(cls, ValueError)
    assert issubclass(gxtables.LayoutNotFound, GxtablesError)
    assert not issubclass(gxtables.LayoutNotFound, gxtables.ReadError)
    assert issubclass(InternalError, GxtablesError)
    assert not issubclass(InternalError, (gxtables.ReadError, ValueError))


# ---------------------------------------------------------------------------- pickling
def _every_class() -> list[type[GxtablesError]]:
    seen: list[type[GxtablesError]] = []
    todo: list[type[GxtablesError]] = [GxtablesError]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(seen, key=lambda c: c.__name__)


#: Constructor arguments of every class beyond ``message`` and ``source``.
EXTRA: dict[str, dict[str, Any]] = {
    "UnsupportedFormat": {"found": "legacy Office document (OLE2)"},
    "CorruptDocument": {"format": "pdf"},
    "EncryptedDocument": {"format": "docx"},
    "LimitExceeded": {"limit": "max_bytes", "value": 100, "actual": 2_000},
    "InternalError": {"stage": "matching the text document's tables"},
}


def test_every_exported_exception_is_in_the_tree() -> None:
    exported = {name for name in gxtables.__all__
                if isinstance(getattr(gxtables, name), type)
                and issubclass(getattr(gxtables, name), BaseException)}
    assert exported == {cls.__name__ for cls in _every_class()}
    assert set(EXTRA) | {"GxtablesError", "ReadError", "LayoutNotFound"} == exported


@pytest.mark.parametrize("cls", _every_class(), ids=lambda c: c.__name__)
@pytest.mark.parametrize("source", [None, "crawl/报告.pdf"])
def test_every_exception_pickles_with_its_attributes(cls: type[GxtablesError],
                                                     source: str | None) -> None:
    """They cross process (``extract_many``) and Dask boundaries."""
    import pickle

    original = cls("expected X; found Y", source=source, **EXTRA.get(cls.__name__, {}))
    original.__cause__ = KeyError("dropped in transit, as for any exception")
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        copy = pickle.loads(pickle.dumps(original, protocol=protocol))
        assert type(copy) is cls
        assert str(copy) == str(original)
        assert copy.args == original.args
        assert vars(copy) == vars(original)
        assert copy.message == "expected X; found Y" and copy.source == source


def test_an_exception_survives_a_real_process_boundary() -> None:
    """Through a worker process and back, as ``multiprocessing`` sends it."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool, pytest.raises(gxtables.LimitExceeded) as info:
        pool.apply(_raise_limit)
    err = info.value
    assert (err.limit, err.value, err.actual, err.source) == ("timeout", 1.5, 2.0, "a.pdf")


def _raise_limit() -> None:
    raise gxtables.LimitExceeded("too slow", limit="timeout", value=1.5, actual=2.0,
                                 source="a.pdf")


@pytest.mark.parametrize("charset", ["base64", "zlib", "rot13"])
def test_a_page_naming_a_codec_that_is_no_text_encoding_is_read_as_text(charset: str) -> None:
    """``<meta charset="base64">`` names a codec Python knows but that decodes no text: it is
    not tried (it raised a LookupError inside, an InternalError)."""
    page = f'<html><head><meta charset="{charset}"></head><body><p>中文</p></body></html>'
    err = _caught(page.encode("gbk"))  # not UTF-8: the declared charset is tried
    assert isinstance(err, gxtables.LayoutNotFound)
