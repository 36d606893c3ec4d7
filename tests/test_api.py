"""extract(): every accepted input, and bad input meeting only our exceptions."""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from guards import wall_clock
from hypothesis import given, settings
from hypothesis import strategies as st

import gxtables
from gxtables import (
    CorruptDocument,
    EncryptedDocument,
    GxtablesError,
    InternalError,
    LayoutNotFound,
    LimitExceeded,
    Limits,
    ReadError,
    UnsupportedFormat,
)

SEED = Path(__file__).parent / "fixtures" / "seeds" / "000.txt"


def test_path_bytes_and_file_object_agree() -> None:
    by_path = gxtables.extract(SEED)
    by_str = gxtables.extract(str(SEED))
    by_bytes = gxtables.extract(SEED.read_bytes())
    with SEED.open("rb") as fh:
        by_file = gxtables.extract(fh)
    assert by_path.tables == by_bytes.tables == by_file.tables == by_str.tables
    assert by_path.source.path == str(SEED)
    assert by_bytes.source.path is None
    assert by_path.source.sha256 == by_bytes.source.sha256


def test_text_mode_file_is_a_type_error() -> None:
    with SEED.open("r", encoding="utf-8") as fh, pytest.raises(TypeError, match="binary mode"):
        gxtables.extract(fh)  # type: ignore[arg-type]


def test_wrong_type() -> None:
    with pytest.raises(TypeError):
        gxtables.extract(12)  # type: ignore[arg-type]


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        gxtables.extract(tmp_path / "nope.pdf")
    assert "nope.pdf" in str(info.value)
    assert isinstance(info.value.__cause__, OSError)


def test_empty_input() -> None:
    with pytest.raises(UnsupportedFormat, match="empty"):
        gxtables.extract(b"")


def test_no_tables_is_layout_not_found() -> None:
    with pytest.raises(LayoutNotFound) as info:
        gxtables.extract("本机关2020年未收到政府信息公开申请。\n".encode())
    assert "found a text document" in str(info.value)


def test_legacy_doc_and_images_are_unsupported(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    # without LibreOffice on PATH (with it, a .doc is converted: tests/test_convert.py)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(UnsupportedFormat, match=r"convert it to \.docx"):
        gxtables.extract(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(UnsupportedFormat, match="PNG"):
        gxtables.extract(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)


def test_non_word_zip_is_unsupported() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<x/>")
    with pytest.raises(UnsupportedFormat, match="Excel"):
        gxtables.extract(buf.getvalue())


def test_encrypted_office_file() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64
    with pytest.raises(EncryptedDocument):
        gxtables.extract(data)


def test_truncated_zip_is_corrupt() -> None:
    with pytest.raises(CorruptDocument):
        gxtables.extract(b"PK\x03\x04" + b"\x00" * 40)


def test_size_limit() -> None:
    with pytest.raises(LimitExceeded) as info:
        gxtables.extract(SEED.read_bytes(), limits=Limits(max_bytes=1000))
    assert info.value.limit == "max_bytes"
    assert "Limits(max_bytes=" in str(info.value)


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        Limits(max_bytes=0)


def test_forced_layout() -> None:
    report = gxtables.extract(SEED, layout="2021")
    assert report.template == "2021"
    with pytest.raises(ValueError, match="layout"):
        gxtables.extract(SEED, layout="2020")


def _extract_or_our_error(data: bytes) -> gxtables.Report | None:
    """The report, or ``None`` for one of our errors about the document; an
    ``InternalError`` (a bug of ours) or any foreign exception fails the test."""
    try:
        return gxtables.extract(data)
    except InternalError:
        raise
    except GxtablesError as exc:
        assert exc.message.strip()
        return None


@settings(max_examples=60)
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_report_or_our_error(data: bytes) -> None:
    report = _extract_or_our_error(data)
    assert report is None or report.template in ("2019", "2021")


@settings(max_examples=40)
@given(st.integers(min_value=0, max_value=18000), st.integers(min_value=0, max_value=255))
def test_mutated_seed_never_crashes_and_never_lies_silently(pos: int, byte: int) -> None:
    original = SEED.read_bytes()
    pos = pos % len(original)
    data = original[:pos] + bytes([byte]) + original[pos + 1:]
    clean = gxtables.extract(original)
    report = _extract_or_our_error(data)
    if report is None:
        return
    for table, t in report.tables.items():
        for row, cols in t.rows.items():
            for col, cell in cols.items():
                want = clean.tables[table].rows[row][col].value if table in clean.tables else None
                if cell.value != want:
                    assert report.issues_for(table, row) or cell.raw != \
                        clean.tables[table].rows[row][col].raw, (table, row, col)


@pytest.mark.parametrize(("stage", "name"), [
    ("sniffing the format", "sniff_format"),
    ("matching the text document's tables", "match_layout"),
    ("matching the text document's tables", "build_report"),
    ("matching the text document's tables", "resolve"),
    ("matching the text document's tables", "check_report"),
])
def test_an_internal_error_is_its_own_class(monkeypatch: pytest.MonkeyPatch, stage: str,
                                            name: str) -> None:
    """A bug in any stage: ``InternalError`` (not a ``ReadError``, not a ``ValueError``),
    the original as ``__cause__``, the stage and our frame named, a request to report it."""
    import gxtables._api as api

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("litigation_after_review")

    monkeypatch.setattr(api, name, broken)
    with pytest.raises(InternalError) as info:
        gxtables.extract(SEED)
    err = info.value
    assert type(err) is InternalError
    assert isinstance(err.__cause__, KeyError)
    assert err.stage == stage and err.source == str(SEED)
    assert "KeyError: 'litigation_after_review'" in err.message
    # the deepest gxtables frame (the stand-in itself lives in the tests)
    assert "gxtables/_api.py:" in err.message and "please report it" in err.message


def test_foreign_base_exceptions_are_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C and exit go through untouched."""
    import gxtables._api as api

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "match_layout", interrupted)
    with pytest.raises(KeyboardInterrupt):
        gxtables.extract(SEED)


# ------------------------------------------------------------------------------ inputs


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this OS")
def test_a_fifo_is_a_read_error_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "report.pdf"
    os.mkfifo(fifo)
    with wall_clock(30), pytest.raises(ReadError, match="FIFO") as info:
        gxtables.extract(fifo)
    assert "expected a regular file" in str(info.value) and str(fifo) in str(info.value)


def test_a_directory_is_a_read_error_saying_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="directory") as info:
        gxtables.extract(tmp_path)
    assert "gxtables extract DIR" in str(info.value)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_a_read_error_not_an_endless_read() -> None:
    with wall_clock(30), pytest.raises(ReadError, match="character device"):
        gxtables.extract("/dev/zero")


class _Stream:
    """A binary file object whose ``read`` does what the test asks."""

    def __init__(self, read: Any, name: object = None) -> None:
        self.read = read
        self.name = name


@pytest.mark.parametrize("exc", [RuntimeError("stream closed"), KeyError("part"),
                                 OSError(5, "I/O error"), ValueError("closed file"),
                                 zipfile.BadZipFile("bad CRC")],
                         ids=["RuntimeError", "KeyError", "OSError", "ValueError", "BadZipFile"])
def test_a_file_object_whose_read_fails_is_a_read_error(exc: Exception) -> None:
    def read(n: int) -> bytes:
        raise exc

    with pytest.raises(ReadError, match=type(exc).__name__) as info:
        gxtables.extract(_Stream(read, name="upload.pdf"))  # type: ignore[arg-type]
    assert info.value.__cause__ is exc
    assert info.value.source == "upload.pdf"


def test_a_file_object_returning_none_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="returned None"):
        gxtables.extract(_Stream(lambda n: None))  # type: ignore[arg-type]


def test_a_file_object_returning_neither_bytes_nor_text_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="got int"):
        gxtables.extract(_Stream(lambda n: 42))  # type: ignore[arg-type]


def test_a_file_object_that_returns_short_reads_is_read_to_the_end() -> None:
    """``read(n)`` may return fewer bytes (a pipe, a socket, a raw stream)."""
    raw = io.BytesIO(SEED.read_bytes())
    report = gxtables.extract(_Stream(lambda n: raw.read(min(n, 777))))  # type: ignore[arg-type]
    assert report.tables == gxtables.extract(SEED).tables


def test_a_file_object_is_bounded_by_max_bytes_without_reading_it_all() -> None:
    served = 0

    def endless(n: int) -> bytes:
        nonlocal served
        served += min(n, 4096)
        return b"x" * min(n, 4096)

    with pytest.raises(LimitExceeded) as info:
        gxtables.extract(_Stream(endless), limits=Limits(max_bytes=10_000))  # type: ignore[arg-type]
    assert info.value.limit == "max_bytes"
    assert served <= 10_001 + 4096


def test_a_url_without_fsspec_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fsspec", None)  # what an absent package looks like
    with pytest.raises(ReadError) as info:
        gxtables.extract("https://www.gov.cn/report.pdf")
    message = str(info.value)
    assert 'pip install ".[url]"' in message and "download" in message
    assert "No such file" not in message


def test_a_url_whose_backend_is_missing_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    fsspec = pytest.importorskip("fsspec")

    def no_backend(*args: object, **kwargs: object) -> None:
        raise ImportError('HTTPFileSystem requires "requests" and "aiohttp" to be installed')

    monkeypatch.setattr(fsspec, "open", no_backend)
    with pytest.raises(ReadError, match="aiohttp") as info:
        gxtables.extract("https://www.gov.cn/report.pdf")
    assert "download the file first" in str(info.value)
    assert isinstance(info.value.__cause__, ImportError)


def test_file_urls_and_memory_urls_read_like_paths(tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    with fsspec.open("memory://gxtables-api/000.txt", "wb") as fh:
        fh.write(SEED.read_bytes())
    direct = gxtables.extract(SEED)
    for url in (SEED.resolve().as_uri(), "memory://gxtables-api/000.txt"):
        report = gxtables.extract(url)
        assert report.tables == direct.tables and report.source.path == url
    with pytest.raises(ReadError):
        gxtables.extract("memory://gxtables-api/missing.txt")
    with pytest.raises(ReadError, match=r"No such file"):
        gxtables.extract((tmp_path / "missing.txt").as_uri())


def test_a_windows_drive_is_not_a_url() -> None:
    from gxtables._inputs import is_url

    assert not is_url("C:\\reports\\a.pdf") and not is_url("C:/reports/a.pdf")
    assert is_url("https://x/a.pdf") and is_url("s3://bucket/a.pdf")
    assert not is_url(b"https://x")
