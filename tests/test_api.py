"""extract(): every accepted input, and bad input meeting only our exceptions."""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gxtables
from gxtables import (
    CorruptDocument,
    EncryptedDocument,
    GxtablesError,
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


def test_legacy_doc_and_images_are_unsupported() -> None:
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


@settings(max_examples=60)
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_report_or_our_error(data: bytes) -> None:
    with contextlib.suppress(GxtablesError):
        gxtables.extract(data)


@settings(max_examples=40)
@given(st.integers(min_value=0, max_value=18000), st.integers(min_value=0, max_value=255))
def test_mutated_seed_never_crashes_and_never_lies_silently(pos: int, byte: int) -> None:
    original = SEED.read_bytes()
    pos = pos % len(original)
    data = original[:pos] + bytes([byte]) + original[pos + 1:]
    clean = gxtables.extract(original)
    try:
        report = gxtables.extract(data)
    except GxtablesError:
        return
    for table, t in report.tables.items():
        for row, cols in t.rows.items():
            for col, cell in cols.items():
                want = clean.tables[table].rows[row][col].value if table in clean.tables else None
                if cell.value != want:
                    assert report.issues_for(table, row) or cell.raw != \
                        clean.tables[table].rows[row][col].raw, (table, row, col)


def test_an_internal_error_surfaces_as_our_base_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    import gxtables._api as api

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("litigation_after_review")

    monkeypatch.setattr(api, "match_layout", broken)
    with pytest.raises(GxtablesError, match="internal error") as info:
        gxtables.extract(SEED)
    assert isinstance(info.value.__cause__, KeyError)
