"""How fast ``read_docx`` (and ``gxtables.extract``) reads a report ``.docx``, against bare
python-docx reading every table cell's text.

The document is synthetic and built here: the four 2021-layout 第二十条 tables, the
applications table with its merged header and label block, the review/litigation table
under its three-level header, and running text around them (about 120 paragraphs, as in a
real report). Run: ``python benchmarks/bench_docx.py [--seconds 3]``; ``--hostile`` measures
time and peak memory on the hostile inputs of issue 17 instead.
"""

from __future__ import annotations

import argparse
import io
import random
import struct
import time
import zipfile
from collections.abc import Callable, Iterable

import docx
from _isolated import hostile
from docx.table import Table

from gxtables._limits import Limits
from gxtables._readers._docx import read_docx

_APPLICANTS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
_REVIEW = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
# (label block: (col-0 label or None, col-1 label or None, col-2 label), rows it heads)
_RESULT_GROUPS: list[tuple[str, list[str]]] = [
    ("（一）予以公开", []),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", []),
    ("（三）不予公开", ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                   "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                   "7.属于行政执法案卷", "8.属于行政查询事项"]),
    ("（四）无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                   "3.补正后申请内容仍不明确"]),
    ("（五）不予处理", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                   "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"]),
    ("（六）其他处理", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                   "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                   "3.其他"]),
    ("（七）总计", []),
]
_FILLER = (
    "本年度，我单位坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国"
    "政府信息公开条例》，围绕中心工作，持续深化政务公开，不断提升政府信息公开工作质量和实效。"
)


def _merge(table: Table, r0: int, c0: int, r1: int, c1: int, text: str) -> None:
    table.cell(r0, c0).merge(table.cell(r1, c1)).text = text


def _simple_table(document: docx.document.Document, columns: list[str],
                  rows: list[str]) -> None:
    table = document.add_table(rows=len(rows) + 1, cols=len(columns) + 1)
    table.style = "Table Grid"
    for c, label in enumerate(columns):
        table.cell(0, c + 1).text = label
    for r, label in enumerate(rows):
        table.cell(r + 1, 0).text = label
        for c in range(len(columns)):
            table.cell(r + 1, c + 1).text = str(7 * r + c)


def _applications(document: docx.document.Document) -> None:
    n_rows = 3 + 2 + sum(1 + len(subs) - (1 if subs else 0) for _, subs in _RESULT_GROUPS) + 1
    t = document.add_table(rows=n_rows, cols=10)
    t.style = "Table Grid"
    _merge(t, 0, 0, 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    _merge(t, 0, 3, 0, 9, "申请人情况")
    _merge(t, 1, 3, 2, 3, "自然人")
    _merge(t, 1, 4, 1, 8, "法人或其他组织")
    _merge(t, 1, 9, 2, 9, "总计")
    for c, label in enumerate(_APPLICANTS):
        t.cell(2, 4 + c).text = label
    _merge(t, 3, 0, 3, 2, "一、本年新收政府信息公开申请数量")
    _merge(t, 4, 0, 4, 2, "二、上年结转政府信息公开申请数量")
    r = 5
    first = r
    for label, subs in _RESULT_GROUPS:
        if subs:
            _merge(t, r, 1, r + len(subs) - 1, 1, label)
            for i, sub in enumerate(subs):
                t.cell(r + i, 2).text = sub
            r += len(subs)
        else:
            _merge(t, r, 1, r, 2, label)
            r += 1
    _merge(t, first, 0, r - 1, 0, "三、本年度办理结果")
    _merge(t, r, 0, r, 2, "四、结转下年度继续办理")
    rows = [row.cells for row in t.rows]
    for row in range(3, n_rows):
        for col in range(3, 10):
            rows[row][col].text = str(row * col % 17)


def _review(document: docx.document.Document) -> None:
    t = document.add_table(rows=4, cols=15)
    t.style = "Table Grid"
    _merge(t, 0, 0, 0, 4, "行政复议")
    _merge(t, 0, 5, 0, 14, "行政诉讼")
    for c, label in enumerate(_REVIEW):
        _merge(t, 1, c, 2, c, label)
        t.cell(2, 5 + c).text = label
        t.cell(2, 10 + c).text = label
    _merge(t, 1, 5, 1, 9, "未经复议直接起诉")
    _merge(t, 1, 10, 1, 14, "复议后起诉")
    for c in range(15):
        t.cell(3, c).text = "1" if c % 5 == 0 else ("1" if c % 5 == 4 else "0")


def sample_docx() -> bytes:
    """A 2021-layout report as ``.docx`` bytes."""
    document = docx.Document()
    document.add_heading("某某市人民政府办公室2023年政府信息公开工作年度报告", level=1)
    for _ in range(40):
        document.add_paragraph(_FILLER)
    document.add_paragraph("二、主动公开政府信息情况")
    document.add_paragraph("第二十条第（一）项")
    _simple_table(document, ["本年制发件数", "本年废止件数", "现行有效件数"],
                  ["规章", "行政规范性文件"])
    document.add_paragraph("第二十条第（五）项")
    _simple_table(document, ["本年处理决定数量"], ["行政许可"])
    document.add_paragraph("第二十条第（六）项")
    _simple_table(document, ["本年处理决定数量"], ["行政处罚", "行政强制"])
    document.add_paragraph("第二十条第（八）项")
    _simple_table(document, ["本年收费金额（单位：万元）"], ["行政事业性收费"])
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    _applications(document)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    _review(document)
    for _ in range(60):
        document.add_paragraph(_FILLER)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def bare_python_docx(data: bytes) -> int:
    """The baseline: open with python-docx and read every cell's text."""
    document = docx.Document(io.BytesIO(data))
    n = 0
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                n += len(cell.text)
    return n


def _rate(fn: Callable[[bytes], object], data: bytes, seconds: float) -> float:
    fn(data)  # warm up imports and caches
    runs = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn(data)
        runs += 1
    return runs / (time.perf_counter() - start)



def _table_rows_docx(rows: int) -> bytes:
    """One 7-column table of ``rows`` rows of varied counts (the issue's 1.9 MB file)."""
    rng = random.Random(rows)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def cell(text: str) -> str:
        return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    head = "<w:tr>" + "".join(cell(x) for x in ["自然人", *_APPLICANTS, "总计"]) + "</w:tr>"
    body = "".join("<w:tr>" + "".join(cell(str(rng.randrange(10_000))) for _ in range(7))
                   + "</w:tr>" for _ in range(rows))
    xml = (f'<?xml version="1.0"?><w:document {w}><w:body><w:tbl>{head}{body}</w:tbl>'
           "</w:body></w:document>")
    return _replace_member(docx_bytes(), "word/document.xml", [xml.encode()])


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("正文")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _replace_member(data: bytes, name: str, chunks: Iterable[bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info.filename))
        member = zipfile.ZipInfo(name)
        member.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(member, "w") as stream:
            for chunk in chunks:
                stream.write(chunk)
    return out.getvalue()


def _forged_part(inflated: int) -> bytes:
    """A part declaring 1,000 bytes that inflates to ``inflated`` (a forged zip header)."""
    name = "customXml/item1.xml"
    data = bytearray(_replace_member(
        docx_bytes(), name, (b"\x00" * (1 << 20) for _ in range(inflated >> 20))))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        offset = zf.getinfo(name).header_offset
    struct.pack_into("<I", data, offset + 22, 1000)
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name.encode()))
    struct.pack_into("<I", data, central + 24, 1000)
    return bytes(data)


def _tiny_styles(megabytes: int) -> bytes:
    """``styles.xml`` of ``megabytes`` MB of tiny elements with varied names."""
    rng = random.Random(megabytes)

    def chunks() -> Iterable[bytes]:
        yield (b'<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/'
               b'wordprocessingml/2006/main">')
        for _ in range(megabytes * 4):
            yield "".join(f"<{c}/>" for c in rng.choices("abcdefghij", k=1 << 16)).encode()
        yield b"</w:styles>"

    return _replace_member(docx_bytes(), "word/styles.xml", chunks())


HOSTILE: dict[str, Callable[[], bytes]] = {
    "100,000-row applications table": lambda: _table_rows_docx(100_000),
    "part declaring 1,000 bytes, inflating to 1 GiB": lambda: _forged_part(1 << 30),
    "230 MB styles.xml of tiny elements": lambda: _tiny_styles(230),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per contender")
    parser.add_argument("--hostile", action="store_true",
                        help="instead: time and peak memory of the issue-17 hostile inputs")
    args = parser.parse_args()
    if args.hostile:
        hostile(HOSTILE)
        return
    data = sample_docx()
    limits = Limits()
    contenders: dict[str, Callable[[bytes], object]] = {
        "read_docx": lambda b: read_docx(b, limits=limits, source=None),
        "bare python-docx (every cell's text)": bare_python_docx,
    }
    try:
        from gxtables import extract
    except ImportError:  # pragma: no cover - before the public API exists
        pass
    else:
        contenders["gxtables.extract"] = extract
    print(f"sample: {len(data):,} bytes, "
          f"{len(read_docx(data, limits=limits, source=None).grids)} tables")
    rates = {name: _rate(fn, data, args.seconds) for name, fn in contenders.items()}
    baseline = rates["bare python-docx (every cell's text)"]
    for name, rate in rates.items():
        print(f"{name:40s} {rate:8.1f} docs/s   {rate / baseline:5.2f}x the baseline")


if __name__ == "__main__":
    main()
