"""How fast ``read_html`` reads a Word-pasted report page, against bare ``lxml.html`` parsing.

The page is synthetic: the statutory tables of a 2021-layout report, every cell wrapped in
the ``<p class=MsoNormal><span style='mso-...'>`` soup that Word and WPS paste into portal
CMSs, padded with running text to about 1 MB. Run: ``python benchmarks/bench_html.py``;
``--hostile`` measures time and peak memory on the hostile pages of issue 17 instead.

``--extract`` times the whole ``gxtables.extract`` (CPU time, best of ``--repeat``) on a
real-style report page — one report in a portal page with its menu — against touching
every character once (decode, NFKC-normalise, split lines, find numbers; issue 13), and
the CPU time each of 5,000 unrelated table rows (a site's document list) adds to it.
"""

from __future__ import annotations

import argparse
import re
import time
import unicodedata
from collections.abc import Callable

import lxml.html
from _isolated import hostile

import gxtables
from gxtables._limits import Limits
from gxtables._readers._html import read_html

_TD_STYLE = (
    "width:85.05pt;border:solid windowtext 1.0pt;border-top:none;"
    "mso-border-top-alt:solid windowtext .5pt;mso-border-alt:solid windowtext .5pt;"
    "padding:0cm 5.4pt 0cm 5.4pt;mso-yfti-irow:{row}"
)
_SPAN_STYLE = (
    "font-size:10.5pt;font-family:宋体;mso-ascii-font-family:&quot;Times New Roman&quot;;"
    "mso-hansi-font-family:&quot;Times New Roman&quot;;color:black;mso-font-kerning:0pt"
)

_APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
_APPLICATION_ROWS = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
    "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
    "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
    "7.属于行政执法案卷", "8.属于行政查询事项", "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "1.信访举报投诉类申请",
    "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他", "（七）总计",
    "四、结转下年度继续办理",
]


def _cell(text: str, row: int, attrs: str = "") -> str:
    return (
        f"<td width=113 valign=top {attrs} style='{_TD_STYLE.format(row=row)}'>"
        "<p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'>"
        f"<span style='{_SPAN_STYLE}'>{text}<span lang=EN-US><o:p></o:p></span></span></p>"
        "</td>"
    )


def _paragraph(text: str) -> str:
    return (
        "<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;"
        "line-height:28.0pt;mso-line-height-rule:exactly'>"
        f"<span style='{_SPAN_STYLE}'>{text}<span lang=EN-US><o:p></o:p></span></span></p>\n"
    )


def _table(rows: list[str]) -> str:
    body = "".join(
        f"<tr style='mso-yfti-irow:{i};height:20.0pt'>{row}</tr>\n" for i, row in enumerate(rows)
    )
    return (
        "<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 "
        "style='border-collapse:collapse;mso-table-layout-alt:fixed;mso-padding-alt:0cm 5.4pt'>"
        f"\n{body}</table>\n"
    )


def _article20(n: int) -> str:
    def item(title: str, columns: list[str], rows: list[str]) -> list[str]:
        width = len(columns) + 1
        out = [_cell(title, 0, f"colspan={width}"), _cell("信息内容", 0)
               + "".join(_cell(c, 0) for c in columns)]
        for i, label in enumerate(rows):
            out.append(_cell(label, i) + "".join(
                _cell(str((n + i + j) % 30), i) for j in range(len(columns))))
        return out

    return _table(
        item("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
             ["规章", "行政规范性文件"])
        + item("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"])
        + item("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"])
        + item("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["行政事业性收费"])
    )


def _report(n: int) -> str:
    head = _cell("本年收到申请", 0, "colspan=3 rowspan=3") + _cell("申请人情况", 0, "colspan=7")
    rows = [
        head,
        _cell("自然人", 1, "rowspan=2") + _cell("法人或其他组织", 1, "colspan=5")
        + _cell("总计", 1, "rowspan=2"),
        "".join(_cell(a, 2) for a in _APPLICANTS[1:6]),
    ]
    for i, label in enumerate(_APPLICATION_ROWS):
        rows.append(_cell(label, i + 3, "colspan=3") + "".join(
            _cell(str((n * 7 + i * 3 + j) % 50), i + 3) for j in range(7)))
    review = [
        _cell("行政复议", 0, "colspan=5") + _cell("行政诉讼", 0, "colspan=10"),
        "".join(_cell(x, 1, "rowspan=2") for x in ["结果维持", "结果纠正", "其他结果",
                                                   "尚未审结", "总计"])
        + _cell("未经复议直接起诉", 1, "colspan=5") + _cell("复议后起诉", 1, "colspan=5"),
        "".join(_cell(x, 2) for x in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2),
        "".join(_cell(str((n + j) % 9), 3) for j in range(15)),
    ]
    return (
        _paragraph("二、主动公开政府信息情况") + _article20(n)
        + _paragraph(f"三、收到和处理政府信息公开申请情况（第{n}份）") + _table(rows)
        + _paragraph("四、政府信息公开行政复议、行政诉讼情况") + _table(review)
        + "".join(_paragraph("本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
                             "进一步加强政府信息公开工作。&nbsp;") for _ in range(20))
    )


def word_soup_page(target_bytes: int = 1_000_000) -> bytes:
    """A GBK page of Word-pasted report sections, about ``target_bytes`` long."""
    head = (
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head>"
        "<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">"
        "<style><!-- p.MsoNormal {mso-style-parent:\"\"; margin:0cm} --></style>"
        "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument>"
        "</xml><![endif]--></head><body lang=ZH-CN style='tab-interval:21.0pt'>"
        "<div class=WordSection1 style='layout-grid:15.6pt'>\n"
    )
    parts = [head]
    size = len(head)
    n = 0
    while size < target_bytes:
        section = _report(n)
        parts.append(section)
        size += len(section.encode("gbk"))
        n += 1
    parts.append("</div></body></html>")
    return "".join(parts).encode("gbk")


def _pages_per_second(func: Callable[[bytes], object], data: bytes, seconds: float) -> float:
    func(data)
    count = 0
    start = time.perf_counter()
    while True:
        func(data)
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed


def report_page(unrelated_rows: int = 0) -> bytes:
    """A portal page (UTF-8) holding one report, its site menu and, after it, a document
    list of ``unrelated_rows`` rows (title, department, date) — text no template names."""
    menu = "".join(f"<li><a href='/col/{i}'>{t}</a></li>" for i, t in enumerate(
        ("首页", "政务公开", "政府信息公开指南", "政府信息公开制度", "法定主动公开内容",
         "政府信息公开年报", "依申请公开", "互动交流", "办事服务")))
    listing = "".join(
        f"<tr><td>{i + 1}</td><td><a href='/art/{i}.html'>关于印发第{i}批重点项目推进计划的通知"
        f"</a></td><td>区发展和改革委员会</td><td>2023-{i % 12 + 1:02d}-{i % 28 + 1:02d}</td></tr>"
        for i in range(unrelated_rows))
    body = (f"<div class=nav><ul>{menu}</ul></div><div class=content>{_report(1)}</div>"
            f"<div class=list><table>{listing}</table></div>")
    return (f"<html><head><meta charset='utf-8'><title>2023年政府信息公开工作年度报告</title>"
            f"</head><body>{body}</body></html>").encode()


_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def touch_every_character(data: bytes) -> int:
    """Decode, NFKC-normalise, split lines, find numbers: the issue-13 baseline."""
    text = unicodedata.normalize("NFKC", data.decode("utf-8"))
    return sum(len(_NUMBER.findall(line)) for line in text.splitlines())


def _cpu(func: Callable[[], object], repeat: int) -> float:
    func()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return min(times)


def bench_extract(repeat: int, rows: int) -> None:
    """CPU time of ``extract`` on the report page, its ratio to the baseline, and the time
    ``rows`` unrelated table rows add, per row."""
    page, padded = report_page(), report_page(rows)
    base = _cpu(lambda: touch_every_character(page), repeat)
    one = _cpu(lambda: gxtables.extract(page), repeat)
    big = _cpu(lambda: gxtables.extract(padded), max(3, repeat // 2))
    big_base = _cpu(lambda: touch_every_character(padded), repeat)
    print(f"report page: {len(page):,} bytes; CPU time, best of {repeat}")
    print(f"  baseline (decode, NFKC, split lines, find numbers): {base * 1000:8.3f} ms")
    print(f"  gxtables.extract: {one * 1000:8.3f} ms  x{one / base:.1f} of baseline "
          "(target <= 5, stretch 2)")
    print(f"with {rows:,} unrelated table rows: {len(padded):,} bytes")
    print(f"  baseline: {big_base * 1000:8.3f} ms; gxtables.extract: {big * 1000:8.1f} ms  "
          f"x{big / big_base:.1f} of baseline")
    print(f"  added per unrelated row: {(big - one) / rows * 1000:.4f} ms (target < 0.1)")


HOSTILE: dict[str, Callable[[], bytes]] = {
    "1,000,000 <td> in one row": lambda: (
        "<table><tr>" + "<td>1</td>" * 1_000_000 + "</tr></table>").encode(),
    "1,000,000 rows": lambda: (
        "<table>" + "<tr><td>1</td></tr>" * 1_000_000 + "</table>").encode(),
    "999,000 <td> in one row (under max_elements)": lambda: (
        "<table><tr>" + "<td>1</td>" * 999_000 + "</tr></table>").encode(),
    "20,000 staircase rowspans": lambda: ("<table>" + "".join(
        f'<tr><td rowspan="20000">{i}</td></tr>' for i in range(20_000)) + "</table>").encode(),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="page size in bytes")
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    parser.add_argument("--hostile", action="store_true",
                        help="instead: time and peak memory of the issue-17 hostile inputs")
    parser.add_argument("--extract", action="store_true",
                        help="instead: extract on a report page, and with unrelated rows")
    parser.add_argument("--rows", type=int, default=5000, help="unrelated rows (--extract)")
    parser.add_argument("--repeat", type=int, default=7, help="best of (--extract)")
    args = parser.parse_args()
    if args.hostile:
        hostile(HOSTILE)
        return
    if args.extract:
        bench_extract(args.repeat, args.rows)
        return

    data = word_soup_page(args.size)
    limits = Limits()
    doc = read_html(data, limits=limits, source="<bench>")
    print(f"page: {len(data):,} bytes, {len(doc.grids)} tables, "
          f"{sum(len(g.cells) for g in doc.grids):,} cells, "
          f"{len(doc.blocks) - len(doc.grids):,} paragraphs")
    ours = _pages_per_second(lambda d: read_html(d, limits=limits, source=None), data,
                             args.seconds)
    bare = _pages_per_second(lxml.html.fromstring, data, args.seconds)
    print(f"read_html:          {ours:8.2f} pages/s  ({1000 / ours:7.1f} ms/page)")
    print(f"lxml.html.fromstring: {bare:6.2f} pages/s  ({1000 / bare:7.1f} ms/page)")
    print(f"ratio (read_html time / bare parse time): {bare / ours:.2f}x")


if __name__ == "__main__":
    main()
