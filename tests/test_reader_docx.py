"""The DOCX reader on documents built here with python-docx: merges, text, containers, errors."""

from __future__ import annotations

import contextlib
import io
import random
import struct
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator

import docx
import pytest
from _render.docx import render_docx
from _render.layout import GridTable, LayoutStyle, layout_report, styles
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import Table
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from strategies import ReportData, reports

from gxtables._errors import (
    CorruptDocument,
    EncryptedDocument,
    GxtablesError,
    LimitExceeded,
    UnsupportedFormat,
)
from gxtables._grid import CellGrid, Document, Paragraph
from gxtables._limits import Limits
from gxtables._readers._docx import read_docx
from gxtables._sniff import sniff_format

# -- helpers --------------------------------------------------------------------------------


def _save(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _read(data: bytes, **limits: float) -> Document:
    return read_docx(data, limits=Limits(**limits), source="test.docx")


def _spans(grid: CellGrid) -> list[tuple[str, int, int, int, int]]:
    return [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in grid.cells]


def _merge(table: Table, r0: int, c0: int, r1: int, c1: int, text: str) -> None:
    table.cell(r0, c0).merge(table.cell(r1, c1)).text = text


def _with_member(data: bytes, name: str, blob: bytes) -> bytes:
    """The package with member ``name`` replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info.filename))
        dst.writestr(name, blob)
    return out.getvalue()


def _body_xml(inner: str) -> bytes:
    """A whole ``word/document.xml`` with ``inner`` as the body's content."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {nsdecls('w')} "
        f'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{inner}<w:sectPr/></w:body></w:document>"
    ).encode()


def _docx_with_body(inner: str) -> bytes:
    return _with_member(_save(docx.Document()), "word/document.xml", _body_xml(inner))


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text)}</w:tc>"


# -- merges ---------------------------------------------------------------------------------


def test_three_level_review_header_is_one_cell_per_merged_region() -> None:
    document = docx.Document()
    t = document.add_table(rows=4, cols=15)
    _merge(t, 0, 0, 0, 4, "行政复议")
    _merge(t, 0, 5, 0, 14, "行政诉讼")
    for c, label in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
        _merge(t, 1, c, 2, c, label)
        t.cell(2, 5 + c).text = label
        t.cell(2, 10 + c).text = label
    _merge(t, 1, 5, 1, 9, "未经复议直接起诉")
    _merge(t, 1, 10, 1, 14, "复议后起诉")
    for c in range(15):
        t.cell(3, c).text = str(c)

    (grid,) = _read(_save(document)).grids

    assert grid.exact and grid.rows_known and grid.index == 0
    assert len(grid.cells) == 2 + 7 + 10 + 15  # merged regions once, never repeated
    spans = _spans(grid)
    assert spans[:2] == [("行政复议", 0, 0, 1, 5), ("行政诉讼", 0, 5, 1, 10)]
    assert spans[2:9] == [
        ("结果维持", 1, 0, 2, 1), ("结果纠正", 1, 1, 2, 1), ("其他结果", 1, 2, 2, 1),
        ("尚未审结", 1, 3, 2, 1), ("总计", 1, 4, 2, 1),
        ("未经复议直接起诉", 1, 5, 1, 5), ("复议后起诉", 1, 10, 1, 5),
    ]
    assert [(c.row, c.col) for c in grid.cells[9:19]] == [(2, c) for c in range(5, 15)]
    assert [c.text for c in grid.cells[19:]] == [str(c) for c in range(15)]
    assert (grid.n_rows, grid.n_cols) == (4, 15)
    for cell in grid.cells:
        assert (cell.location.table, cell.location.row, cell.location.col) == (
            0, cell.row, cell.col)


def test_applications_label_block() -> None:
    document = docx.Document()
    t = document.add_table(rows=7, cols=10)
    _merge(t, 0, 0, 2, 2, "")
    _merge(t, 0, 3, 0, 9, "申请人情况")
    _merge(t, 1, 3, 2, 3, "自然人")
    _merge(t, 1, 4, 1, 8, "法人或其他组织")
    _merge(t, 1, 9, 2, 9, "总计")
    for c, label in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        t.cell(2, 4 + c).text = label
    _merge(t, 3, 0, 3, 2, "一、本年新收政府信息公开申请数量")
    _merge(t, 4, 0, 6, 0, "三、本年度办理结果")
    _merge(t, 4, 1, 4, 2, "（一）予以公开")
    _merge(t, 5, 1, 6, 1, "（三）不予公开")
    t.cell(5, 2).text = "1.属于国家秘密"
    t.cell(6, 2).text = "2.其他法律行政法规禁止公开"
    for r in range(3, 7):
        for c in range(3, 10):
            t.cell(r, c).text = f"{r}{c}"

    (grid,) = _read(_save(document)).grids
    rows = grid.rows()

    assert _spans(grid)[:2] == [("", 0, 0, 3, 3), ("申请人情况", 0, 3, 1, 7)]
    assert [(c.text, c.col, c.rowspan, c.colspan) for c in rows[1]] == [
        ("自然人", 3, 2, 1), ("法人或其他组织", 4, 1, 5), ("总计", 9, 2, 1)]
    assert [c.col for c in rows[2]] == [4, 5, 6, 7, 8]
    assert [(c.text, c.col, c.colspan) for c in rows[3][:1]] == [
        ("一、本年新收政府信息公开申请数量", 0, 3)]
    assert [(c.text, c.col, c.rowspan, c.colspan) for c in rows[4][:2]] == [
        ("三、本年度办理结果", 0, 3, 1), ("（一）予以公开", 1, 1, 2)]
    assert [(c.text, c.col, c.rowspan) for c in rows[5][:2]] == [
        ("（三）不予公开", 1, 2), ("1.属于国家秘密", 2, 1)]
    assert [(c.text, c.col) for c in rows[6][:2]] == [("2.其他法律行政法规禁止公开", 2), ("63", 3)]
    assert [c.text for c in rows[6][1:]] == [f"6{c}" for c in range(3, 10)]


def test_grid_before_shifts_the_row_and_grid_after_is_ignored() -> None:
    body = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{_tc('a')}{_tc('b')}{_tc('c')}</w:tr>"
        f'<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>{_tc("x")}</w:tr>'
        "</w:tbl>"
    )
    (grid,) = _read(_docx_with_body(body)).grids
    assert _spans(grid)[3:] == [("x", 1, 1, 1, 1)]


def test_legacy_hmerge_widens_the_cell_before() -> None:
    restart = _tc("wide", '<w:hMerge w:val="restart"/>')
    body = f"<w:tbl><w:tr>{restart}{_tc('', '<w:hMerge/>')}{_tc('c')}</w:tr></w:tbl>"
    (grid,) = _read(_docx_with_body(body)).grids
    assert _spans(grid) == [("wide", 0, 0, 1, 2), ("c", 0, 2, 1, 1)]


def test_vmerge_continue_with_gridspan_and_orphan_continue() -> None:
    span = '<w:gridSpan w:val="2"/>'
    top = _tc("top", span + '<w:vMerge w:val="restart"/>')
    below = _tc("", span + "<w:vMerge/>")
    body = (
        f"<w:tbl><w:tr>{top}{_tc('lone', '<w:vMerge/>')}</w:tr>"
        f"<w:tr>{below}{_tc('z')}</w:tr></w:tbl>"
    )
    (grid,) = _read(_docx_with_body(body)).grids
    assert _spans(grid) == [("top", 0, 0, 2, 2), ("lone", 0, 2, 1, 1), ("z", 1, 2, 1, 1)]


# -- text -----------------------------------------------------------------------------------


def test_runs_split_mid_label_are_joined() -> None:
    document = docx.Document()
    t = document.add_table(rows=1, cols=2)
    p = t.cell(0, 0).paragraphs[0]
    p.add_run("本年新")
    p.add_run("制作").bold = True
    p.add_run("数量")
    p2 = t.cell(0, 1).paragraphs[0]
    for piece in ("1", "23", "4件"):
        p2.add_run(piece)
    heading = document.add_paragraph()
    heading.add_run("三、收到和处理")
    heading.add_run("政府信息公开申请情况")

    doc = _read(_save(document))

    assert [c.text for c in doc.grids[0].cells] == ["本年新制作数量", "1234件"]
    assert isinstance(doc.blocks[1], Paragraph)
    assert doc.blocks[1].text == "三、收到和处理政府信息公开申请情况"


def test_several_paragraphs_per_cell_join_into_one_text() -> None:
    document = docx.Document()
    t = document.add_table(rows=1, cols=2)
    cell = t.cell(0, 0)
    cell.paragraphs[0].add_run("（二）部分公开")
    cell.add_paragraph("（区分处理的，只计这一情形，不计其他情形）")
    cell.add_paragraph("")
    t.cell(0, 1).paragraphs[0].add_run("本年新").add_break()
    t.cell(0, 1).paragraphs[0].add_run("公开数量")

    (grid,) = _read(_save(document)).grids

    assert [c.text for c in grid.cells] == [
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "本年新公开数量"]


def test_tracked_changes_and_fields() -> None:
    body = (
        "<w:p>"
        "<w:r><w:t>总计</w:t></w:r>"
        '<w:del w:id="1" w:author="a"><w:r><w:delText>旧</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>12</w:t></w:r></w:ins>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>3</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:tab/><w:t>件</w:t></w:r>"
        "</w:p>"
    )
    (para,) = _read(_docx_with_body(body)).blocks
    assert isinstance(para, Paragraph)
    assert para.text == "总计123 件"


def test_text_box_is_read_once_from_the_choice_branch() -> None:
    box = (
        "<w:txbxContent>"
        + _p("框内标题")
        + f"<w:tbl><w:tr>{_tc('框内单元格')}</w:tr></w:tbl>"
        + "</w:txbxContent>"
    )
    body = (
        "<w:p><w:r><w:t>前</w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing><x>{box}</x></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><x>{box}</x></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
        + _p("后")
    )
    doc = _read(_docx_with_body(body))
    texts = [b.text if isinstance(b, Paragraph) else _spans(b) for b in doc.blocks]
    assert texts == ["前", "框内标题", [("框内单元格", 0, 0, 1, 1)], "后"]


# -- containers and order -------------------------------------------------------------------


def test_body_order_and_empty_paragraphs_skipped() -> None:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "a"
    document.add_paragraph("")
    document.add_paragraph("二、主动公开政府信息情况")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "b"

    doc = _read(_save(document))

    kinds = [b.text if isinstance(b, Paragraph) else b.index for b in doc.blocks]
    assert kinds == ["一、总体情况", 0, "二、主动公开政府信息情况", 1]
    assert doc.format == "docx"


def test_table_in_a_content_control() -> None:
    document = docx.Document()
    document.add_paragraph("前")
    table = document.add_table(rows=2, cols=2)
    _merge(table, 0, 0, 0, 1, "合并")
    table.cell(1, 0).text = "1"
    document.add_paragraph("后")
    tbl = table._tbl
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    tbl.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(tbl)
    assert document.tables == []  # python-docx no longer sees it

    doc = _read(_save(document))

    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "CellGrid", "Paragraph"]
    assert _spans(doc.grids[0]) == [
        ("合并", 0, 0, 1, 2), ("1", 1, 0, 1, 1), ("", 1, 1, 1, 1)]


def test_nested_table_outer_is_a_layout_container() -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    left = outer.cell(0, 0)
    left.paragraphs[0].add_run("三、收到和处理政府信息公开申请情况")
    inner = left.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "x"
    inner.cell(0, 1).text = "y"
    outer.cell(0, 1).text = "右栏"
    document.add_table(rows=1, cols=1).cell(0, 0).text = "after"

    doc = _read(_save(document))

    shapes = [b.text if isinstance(b, Paragraph) else _spans(b) for b in doc.blocks]
    assert shapes == [
        "三、收到和处理政府信息公开申请情况",
        [("x", 0, 0, 1, 1), ("y", 0, 1, 1, 1)],
        "右栏",
        [("after", 0, 0, 1, 1)],
    ]
    assert [g.index for g in doc.grids] == [0, 1]
    assert doc.grids[1].cells[0].location.table == 1


def test_split_table_gives_two_grids() -> None:
    document = docx.Document()
    first = document.add_table(rows=2, cols=2)
    first.cell(0, 0).text = "head"
    document.add_paragraph("")
    second = document.add_table(rows=1, cols=2)
    second.cell(0, 1).text = "tail"

    doc = _read(_save(document))

    assert [type(b).__name__ for b in doc.blocks] == ["CellGrid", "CellGrid"]
    assert [g.index for g in doc.grids] == [0, 1]
    assert _spans(doc.grids[1]) == [("", 0, 0, 1, 1), ("tail", 0, 1, 1, 1)]


@given(data=reports(), style=styles(), runs=st.booleans(), paragraphs=st.booleans(),
       sdt=st.booleans(), nested=st.booleans())
def test_rendered_grids_read_back_cell_for_cell(
    data: ReportData, style: LayoutStyle, runs: bool, paragraphs: bool, sdt: bool,
    nested: bool,
) -> None:
    """The renderer and the reader agree on every grid: same cells, spans and order."""
    blocks = layout_report(data, style)
    blob = render_docx(blocks, split_runs=runs, multi_paragraph_cells=paragraphs, sdt=sdt,
                       nested=nested)
    expected = [
        [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in b.cells]
        for b in blocks if isinstance(b, GridTable)
    ]
    assert [_spans(g) for g in _read(blob).grids] == expected


@settings(max_examples=10)  # structural; the round-trip property covers the rest
@given(data=reports())
def test_rendered_split_table_reads_as_two_grids(data: ReportData) -> None:
    blocks = layout_report(data)
    n_tables = sum(isinstance(b, GridTable) for b in blocks)
    grids = _read(render_docx(blocks, split_table=True)).grids
    assert len(grids) == n_tables + 1
    apps = next(b for b in blocks if isinstance(b, GridTable) and b.key == "applications")
    i = [b for b in blocks if isinstance(b, GridTable)].index(apps)
    top, bottom = grids[i], grids[i + 1]
    assert top.n_rows + bottom.n_rows == apps.n_rows
    assert len(top.cells) + len(bottom.cells) == len(apps.cells)


# -- errors ---------------------------------------------------------------------------------

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _raises_only_ours(data: bytes, expected: type[GxtablesError], **limits: float) -> None:
    with pytest.raises(expected) as info:
        _read(data, **limits)
    assert info.value.source == "test.docx"


def test_legacy_doc_is_unsupported() -> None:
    data = _OLE2 + b"\x00" * 4096
    with pytest.raises(UnsupportedFormat) as info:
        sniff_format(data)
    assert "OLE2" in info.value.found
    _raises_only_ours(data, UnsupportedFormat)


def test_encrypted_ooxml_is_reported_as_encrypted() -> None:
    data = _OLE2 + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    _raises_only_ours(data, EncryptedDocument)


def test_zip_that_is_not_word_is_unsupported() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    data = out.getvalue()
    with pytest.raises(UnsupportedFormat):
        sniff_format(data)
    _raises_only_ours(data, UnsupportedFormat)


def test_truncated_docx_is_corrupt() -> None:
    data = _save(docx.Document())
    for cut in (len(data) // 2, len(data) - 30, 100):
        with pytest.raises(CorruptDocument) as info:
            _read(data[:cut])
        assert info.value.format == "docx"
        assert "damaged" in str(info.value)
        assert info.value.__cause__ is not None


def test_garbage_document_xml_is_corrupt() -> None:
    rng = random.Random(7)
    data = _with_member(_save(docx.Document()), "word/document.xml", rng.randbytes(5000))
    with pytest.raises(CorruptDocument) as info:
        _read(data)
    assert "word/document.xml" in str(info.value)


def test_document_xml_without_body_is_corrupt() -> None:
    data = _with_member(_save(docx.Document()), "word/document.xml",
                        f"<w:document {nsdecls('w')}/>".encode())
    with pytest.raises(CorruptDocument, match="no document body"):
        _read(data)


def test_zip_bomb_is_refused_before_inflating() -> None:
    data = _with_member(_save(docx.Document()), "word/media/image1.png", b"\x00" * 50_000_000)
    assert len(data) < 200_000
    with pytest.raises(LimitExceeded) as info:
        _read(data)
    assert info.value.limit == "max_zip_ratio"
    with pytest.raises(LimitExceeded) as info:
        _read(data, max_docx_uncompressed=10_000_000, max_zip_ratio=1e9)
    assert info.value.limit == "max_docx_uncompressed"


def test_lying_size_in_the_zip_header_is_corrupt_not_a_flood() -> None:
    """A central directory that understates document.xml: zipfile stops at the declared
    size, so the read fails on its CRC instead of inflating the rest."""
    data = bytearray(_save(docx.Document()))
    name = b"word/document.xml"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")  # uncompressed size
    with pytest.raises(CorruptDocument):
        _read(bytes(data))


def test_input_size_limit() -> None:
    data = _save(docx.Document())
    with pytest.raises(LimitExceeded) as info:
        _read(data, max_bytes=100)
    assert info.value.limit == "max_bytes"


def test_deadline_is_checked_per_table() -> None:
    document = docx.Document()
    document.add_table(rows=1, cols=1)
    with pytest.raises(LimitExceeded) as info:
        _read(_save(document), timeout=1e-9)
    assert info.value.limit == "timeout"


def test_missing_content_types_still_reads_the_body() -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    data = _save(document)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != "[Content_Types].xml":
                dst.writestr(info, src.read(info.filename))
    doc = _read(out.getvalue())
    assert [b.text for b in doc.blocks] == ["正文"]  # type: ignore[union-attr]
    assert [n.code for n in doc.notes] == ["docx_package_repaired"]


def test_strict_ooxml_namespace_is_read() -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    xml = _body_xml(_p("标题") + f"<w:tbl><w:tr>{_tc('1')}</w:tr></w:tbl>").replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", strict.encode())
    doc = _read(_with_member(_save(docx.Document()), "word/document.xml", xml))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "CellGrid"]
    assert _spans(doc.grids[0]) == [("1", 0, 0, 1, 1)]


@pytest.mark.parametrize("mutate", ["flip", "cut_member", "garble_xml"])
def test_damaged_packages_raise_only_gxtables_errors(mutate: str) -> None:
    """h11's fuzz invariant, seeded: any bytes either read or raise our own error."""
    document = docx.Document()
    t = document.add_table(rows=3, cols=3)
    _merge(t, 0, 0, 1, 1, "合并")
    base = _save(document)
    rng = random.Random(mutate)
    mutations: dict[str, Callable[[], bytes]] = {
        "flip": lambda: bytes(
            b ^ (rng.randrange(1, 256) if rng.random() < 0.002 else 0) for b in base),
        "cut_member": lambda: _with_member(base, "word/document.xml",
                                           _body_xml(_p("x"))[: rng.randrange(1, 200)]),
        "garble_xml": lambda: _with_member(
            base, "word/document.xml", _garble(_body_xml(_p("x") + t._tbl.xml), rng)),
    }
    for _ in range(40):
        data = mutations[mutate]()
        with contextlib.suppress(GxtablesError):  # anything else fails the test
            _read(data)


def _garble(blob: bytes, rng: random.Random) -> bytes:
    data = bytearray(blob)
    for _ in range(3):
        i = rng.randrange(len(data))
        data[i : i + rng.randrange(1, 8)] = rng.randbytes(rng.randrange(0, 8))
    return bytes(data)


# -- superscript and subscript runs (footnote marks, issue 17) ---------------------------------

def test_raised_and_lowered_runs_become_superscripts_and_subscripts() -> None:
    def run(text: str, align: str | None = None) -> str:
        props = f'<w:rPr><w:vertAlign w:val="{align}"/></w:rPr>' if align else ""
        return f"<w:r>{props}<w:t>{text}</w:t></w:r>"

    math = ('<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
            "<m:sSup><m:e><m:r><m:t>5</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup>"
            "</m:sSup></m:oMath>")
    cells = [
        run("237960") + run("1", "superscript"),
        run("845105①"),
        run("H") + run("2", "subscript") + run("O"),
        run("12") + run("3", "baseline"),
        math,
    ]
    body = "<w:tbl><w:tr>" + "".join(f"<w:tc><w:p>{c}</w:p></w:tc>" for c in cells) + \
        "</w:tr></w:tbl>"
    doc = _read(_docx_with_body(body))
    assert [c.text for c in doc.grids[0].cells] == ["237960¹", "845105①", "H₂O", "123", "5²"]


# -- bounded on hostile packages (issue 17) ------------------------------------------------------

def _peak_bytes(run: Callable[[], object]) -> int:
    """Peak Python heap use while ``run`` runs (bytes objects, lxml's trees are not seen):
    a measure that, unlike RSS or a clock, does not depend on the machine."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _forge_declared_size(data: bytes, name: str, size: int) -> bytes:
    """The package with member ``name``'s declared (uncompressed) size rewritten, in its
    local header and its central directory entry, as a zip bomb does."""
    buf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    struct.pack_into("<I", buf, info.header_offset + 22, size)
    pos = buf.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", buf, pos + 28)[0]
        if bytes(buf[pos + 46 : pos + 46 + name_len]) == name.encode():
            struct.pack_into("<I", buf, pos + 24, size)
        pos = buf.find(b"PK\x01\x02", pos + 4)
    return bytes(buf)


def _with_streamed_member(data: bytes, name: str, chunks: Callable[[], Iterator[bytes]]) -> bytes:
    """The package with member ``name`` written (deflated) from ``chunks``, never whole."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info.filename))
        member = zipfile.ZipInfo(name)
        member.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(member, "w") as stream:
            for chunk in chunks():
                stream.write(chunk)
    return out.getvalue()


def _zeros(total: int) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        block = b"\x00" * (1 << 20)
        for start in range(0, total, len(block)):
            yield block[: total - start]
    return chunks


def _forbid_python_docx(monkeypatch: pytest.MonkeyPatch) -> None:
    from docx.package import Package

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("python-docx must not open this package")

    monkeypatch.setattr(Package, "open", classmethod(refuse))


def _forged_bomb(name: str, inflated: int) -> bytes:
    document = docx.Document()
    document.add_paragraph("正文")
    data = _with_streamed_member(_save(document), name, _zeros(inflated))
    return _forge_declared_size(data, name, 1000)


@pytest.mark.parametrize("inflated", [
    32 << 20,
    pytest.param(1 << 30, marks=pytest.mark.slow),  # the issue's case: 1 GiB, 2.1 GB before
])
def test_a_part_inflating_past_its_declared_size_is_never_inflated(
    monkeypatch: pytest.MonkeyPatch, inflated: int
) -> None:
    """A part declaring 1,000 bytes that inflates to far more: zipfile (and so python-docx)
    would inflate it whole before cutting it to 1,000 bytes. Measured in 1 MiB chunks, it is
    found out after the first one; python-docx never sees the package."""
    data = _forged_bomb("customXml/item1.xml", inflated)
    _forbid_python_docx(monkeypatch)
    found: list[Document] = []
    peak = _peak_bytes(lambda: found.append(_read(data)))
    assert peak < 8 << 20
    (doc,) = found
    assert [b.text for b in doc.blocks] == ["正文"]  # type: ignore[union-attr]
    (note,) = doc.notes
    assert note.code == "docx_package_repaired"
    assert "customXml/item1.xml" in note.message and "declares 1,000 bytes" in note.message


def test_a_forged_main_part_is_corrupt() -> None:
    data = _forged_bomb("word/document.xml", 8 << 20)
    with pytest.raises(CorruptDocument) as info:
        _read(data)
    assert "word/document.xml" in str(info.value) and "declares 1,000 bytes" in str(info.value)


def test_a_part_shorter_than_declared_is_skipped() -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    data = _forge_declared_size(_save(document), "word/styles.xml", 500_000)
    doc = _read(data)
    assert [b.text for b in doc.blocks] == ["正文"]  # type: ignore[union-attr]
    assert "word/styles.xml" in doc.notes[0].message


def _tiny_elements(count: int, lead: str = "",
                   encoding: str = "utf-8") -> Callable[[], Iterator[bytes]]:
    """A styles part of ``count`` tiny elements, varied so that it compresses like text,
    after ``lead`` (white space lxml accepts before the root element)."""
    rest = "utf-16-le" if encoding == "utf-16" else encoding  # the BOM once, at the start

    def chunks() -> Iterator[bytes]:
        yield (lead + '<w:styles xmlns:w="http://schemas.openxmlformats.org/'
               'wordprocessingml/2006/main">').encode(encoding)
        rng = random.Random(count)
        batch = 1 << 16
        for start in range(0, count, batch):
            names = rng.choices("abcdefghijklmnopqrstuvwxyz", k=min(batch, count - start))
            yield "".join(f"<{n}/>" for n in names).encode(rest)
        yield "</w:styles>".encode(rest)
    return chunks


@pytest.mark.parametrize(("count", "limits", "lead", "encoding"), [
    (60_000, {"max_elements": 50_000}, "", "utf-8"),
    # markup found after megabytes of white space, and in UTF-16 (lxml reads both)
    (60_000, {"max_elements": 50_000}, " " * (3 << 20), "utf-8"),
    (60_000, {"max_elements": 50_000}, "", "utf-16"),
    # The issue's case: 230 MB of tiny elements took 5.9 GB; refused at the default limit.
    pytest.param(46_000_000, {"max_zip_ratio": 1e9}, "", "utf-8", marks=pytest.mark.slow),
], ids=["flood", "after_white_space", "utf16", "issue_230MB"])
def test_tiny_element_flood_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch, count: int, limits: dict[str, float], lead: str,
    encoding: str
) -> None:
    data = _with_streamed_member(_save(docx.Document()), "word/styles.xml",
                                 _tiny_elements(count, lead, encoding))
    _forbid_python_docx(monkeypatch)
    caught: list[LimitExceeded] = []

    def read() -> None:
        with pytest.raises(LimitExceeded) as info:
            _read(data, **limits)
        caught.append(info.value)

    assert _peak_bytes(read) < 8 << 20
    (err,) = caught
    assert err.limit == "max_elements"
    assert err.value == Limits(**limits).max_elements  # type: ignore[arg-type]
    assert err.actual is not None and err.actual > err.value
    assert "word/styles.xml" in str(err) and "Limits(max_elements=...)" in str(err)


def _long_table(rows: int, cols: int = 7) -> bytes:
    """A one-table package of ``rows`` rows, built as XML text (python-docx is slow at it)."""
    rng = random.Random(rows)
    head = "<w:tr>" + "".join(_tc(x) for x in ["自然人", "商业企业", "科研机构", "社会公益组织",
                                              "法律服务机构", "其他", "总计"][:cols]) + "</w:tr>"
    body = "".join(
        "<w:tr>" + "".join(_tc(str(rng.randrange(10_000))) for _ in range(cols)) + "</w:tr>"
        for _ in range(rows))
    return _docx_with_body(f"<w:tbl>{head}{body}</w:tbl>")


def test_a_table_covering_too_many_cells_is_refused_as_it_is_read() -> None:
    data = _long_table(300)
    assert len(_read(data).grids[0].cells) == 301 * 7
    with pytest.raises(LimitExceeded) as info:
        _read(data, max_table_cells=1000)
    assert info.value.limit == "max_table_cells"
    assert info.value.actual == 1001
    assert "row 143" in str(info.value)  # found while reading, not after


def test_merged_cells_count_every_grid_cell_they_cover() -> None:
    span = '<w:gridSpan w:val="600"/>'
    body = f"<w:tbl><w:tr>{_tc('a', span)}{_tc('b', span)}</w:tr></w:tbl>"
    with pytest.raises(LimitExceeded) as info:
        _read(_docx_with_body(body), max_table_cells=1000)
    assert info.value.actual == 1200


@pytest.mark.slow
def test_the_issues_100000_row_table_is_refused_within_bounds() -> None:
    """The issue's case: a 100,000-row applications table in a 1.9 MB file took 4 GB and 53 s
    under timeout=20. Its 4 million elements are counted while the part is measured."""
    data = _long_table(100_000)
    caught: list[LimitExceeded] = []

    def read() -> None:
        with pytest.raises(LimitExceeded) as info:
            _read(data, timeout=20)
        caught.append(info.value)

    assert _peak_bytes(read) < 8 << 20
    assert caught[0].limit == "max_elements"


# -- the dependency exception map -------------------------------------------------------------

def _instances(classes: tuple[type[BaseException], ...]) -> list[BaseException]:
    """One instance of each class (and of the subclasses the map names in comments)."""
    from docx.exceptions import InvalidSpanError, InvalidXmlError
    from docx.opc.exceptions import PackageNotFoundError

    special: dict[type[BaseException], BaseException] = {
        etree.LxmlError: etree.XMLSyntaxError("bad xml", 1, 1, 1, "document.xml"),
    }
    out = [special.get(cls) or cls("boom") for cls in classes]
    out += [PackageNotFoundError("no package"), InvalidSpanError("span"),
            InvalidXmlError("xml"), etree.ParserError("parser"),
            UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")]
    return out


def _python_docx_cases() -> list[BaseException]:
    from gxtables._readers._docx_package import python_docx_errors

    return _instances(python_docx_errors())


@pytest.mark.parametrize("exc", _python_docx_cases(), ids=lambda e: type(e).__name__)
def test_every_python_docx_error_falls_back_to_the_main_part(
    monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    from docx.package import Package

    def fail(*args: object, **kwargs: object) -> None:
        raise exc

    document = docx.Document()
    document.add_paragraph("正文")
    data = _save(document)
    monkeypatch.setattr(Package, "open", classmethod(fail))
    doc = _read(data)
    assert [b.text for b in doc.blocks] == ["正文"]  # type: ignore[union-attr]
    assert doc.notes[0].code == "docx_package_repaired"
    assert type(exc).__name__ in doc.notes[0].message


def _main_part_cases() -> list[BaseException]:
    from gxtables._readers._docx_package import MAIN_PART_ERRORS

    return _instances(MAIN_PART_ERRORS)[: len(MAIN_PART_ERRORS)]


@pytest.mark.parametrize("exc", _main_part_cases(), ids=lambda e: type(e).__name__)
def test_every_main_part_error_is_corrupt_document(
    monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    from gxtables._readers import _docx_package

    def fail(*args: object, **kwargs: object) -> None:
        raise exc

    data = _save(docx.Document())
    monkeypatch.setattr(_docx_package, "_read_member", fail)
    monkeypatch.setattr(_docx_package, "python_docx_errors", lambda: (KeyError,))
    from docx.package import Package

    monkeypatch.setattr(Package, "open", classmethod(lambda *a, **k: {}["missing"]))
    with pytest.raises(CorruptDocument) as info:
        _read(data)
    assert info.value.__cause__ is exc
    assert info.value.format == "docx"


@pytest.mark.parametrize("exc", [RuntimeError("bug"), IndexError("bug"), ZeroDivisionError()],
                         ids=lambda e: type(e).__name__)
def test_an_exception_outside_the_map_is_not_swallowed(
    monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    """No catch-all: what the map does not name is a bug, and surfaces (``_api`` turns it
    into an InternalError) instead of being read as a damaged package."""
    from docx.package import Package

    def fail(*args: object, **kwargs: object) -> None:
        raise exc

    data = _save(docx.Document())
    monkeypatch.setattr(Package, "open", classmethod(fail))
    with pytest.raises(type(exc)):
        _read(data)


_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


@pytest.mark.parametrize(("member", "blob", "raised"), [
    ("word/_rels/document.xml.rels", b"<Relationships/>", "AttributeError"),
    ("word/styles.xml", b"<w:styles", "XMLSyntaxError"),
    ("word/_rels/document.xml.rels",
     f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="http://schemas.'
     'openxmlformats.org/officeDocument/2006/relationships/styles" Target="gone.xml"/>'
     "</Relationships>".encode(), "KeyError"),
], ids=["relationships_without_namespace", "broken_styles", "relationship_to_nothing"])
def test_packages_python_docx_really_refuses_fall_back(member: str, blob: bytes,
                                                       raised: str) -> None:
    """The map's entries provoked for real (found by fuzzing python-docx 1.2)."""
    document = docx.Document()
    document.add_paragraph("正文")
    doc = _read(_with_member(_save(document), member, blob))
    assert [b.text for b in doc.blocks] == ["正文"]  # type: ignore[union-attr]
    (note,) = doc.notes
    assert note.code == "docx_package_repaired" and raised in note.message


def test_the_cases_cover_the_map() -> None:
    from gxtables._readers._docx_package import MAIN_PART_ERRORS, python_docx_errors

    cases = _python_docx_cases()
    assert all(isinstance(e, python_docx_errors()) for e in cases)
    # LxmlError itself is abstract in practice: it is raised as XMLSyntaxError/ParserError.
    assert {type(e) for e in cases} >= set(python_docx_errors()) - {etree.LxmlError}
    assert set(MAIN_PART_ERRORS) <= set(python_docx_errors())
