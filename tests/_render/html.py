"""HTML pages (and fragments) of a report, in the shapes portals publish them.

``render_html(blocks, ...)`` prints :mod:`_render.layout` blocks as real ``<table>``\\ s
with ``rowspan``/``colspan`` and empty ``<td></td>`` kept. Options reproduce what real
pages do: Word/WPS paste markup (``word_soup``), text wrapped in ``<p>``/``<span>``/
``<font>`` with ``<br>`` inside long labels (``wrap_cells``), ``<th>``/``<thead>``
(``use_th``), a portal's outer layout table around everything (``nested_layout``), GBK
bytes with or without a charset declaration.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from hypothesis import strategies as st

from _render.layout import Block, GridCell, GridTable, Heading, Paragraph

__all__ = ["DECLARATIONS", "HEADING_TAGS", "render_html"]

DECLARATIONS: tuple[str | None, ...] = ("meta", "http-equiv", None)
HEADING_TAGS: tuple[str, ...] = ("p", "h3", "div")

_WORD_TD = (
    'width=64 valign=center style="width:48.0pt;border:solid windowtext 1.0pt;'
    "mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt\""
)
_WORD_SPAN = (
    "style='font-size:10.5pt;font-family:宋体;mso-ascii-font-family:\"Times New Roman\";"
    "mso-hansi-font-family:\"Times New Roman\"'"
)
_NAV = "首页 | 政务公开 | 政府信息公开年报 | 互动交流 | 办事服务"
_SIDEBAR = "栏目导航：政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开年报"
_FOOTER = "主办单位：XX市人民政府办公室　网站标识码：0000000000　ICP备案号：X ICP备00000000号"


def _split_label(text: str) -> tuple[str, str] | None:
    """Where a long label breaks in two, or ``None``: short texts and anything holding a
    digit (every value cell, and numbered labels) never break."""
    if len(text) < 6 or any(ch.isdigit() for ch in text):
        return None
    cut = len(text) // 2
    return text[:cut], text[cut:]


def _cell_body(cell: GridCell, *, word_soup: bool, wrap_cells: bool) -> str:
    text = cell.text
    if word_soup:
        if not text:
            return "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
        return (
            "<p class=MsoNormal align=center style='text-align:center'>"
            f"<span {_WORD_SPAN}>{escape(text)}<o:p></o:p></span></p>"
        )
    if not wrap_cells or not text:
        return escape(text)
    parts = _split_label(text)
    if parts is None:
        wrapper = ("<p>{}</p>", "<span>{}</span>", '<font size="2">{}</font>')[cell.col % 3]
        return wrapper.format(escape(text))
    head, tail = (escape(p) for p in parts)
    if cell.col % 2:
        return f"<p><span>{head}</span><span>{tail}</span></p>"
    return f'<p align="center"><font face="宋体">{head}<br>{tail}</font></p>'


def _spans(cell: GridCell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


def _table(table: GridTable, *, word_soup: bool, wrap_cells: bool, use_th: bool) -> str:
    rows = table.rows()
    head_rows = 0
    if use_th:
        while head_rows < len(rows) and rows[head_rows] and all(c.header for c in rows[head_rows]):
            head_rows += 1
    attrs = (
        ' class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 style="border-collapse:'
        'collapse;mso-table-layout-alt:fixed"'
        if word_soup
        else ' border="1" cellspacing="0" cellpadding="0"'
    )
    out = [f"<table{attrs}>"]
    for r, cells in enumerate(rows):
        if use_th and r == 0 and head_rows:
            out.append("<thead>")
        if use_th and r == head_rows:
            out.append("<tbody>")
        out.append("<tr>")
        for cell in cells:
            tag = "th" if use_th and cell.header else "td"
            extra = f" {_WORD_TD}" if word_soup else ""
            body = _cell_body(cell, word_soup=word_soup, wrap_cells=wrap_cells)
            out.append(f"<{tag}{_spans(cell)}{extra}>{body}</{tag}>")
        out.append("</tr>")
        if use_th and head_rows and r == head_rows - 1:
            out.append("</thead>")
    if use_th and head_rows < len(rows):
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _prose(block: Heading | Paragraph, tag: str, word_soup: bool) -> str:
    text = escape(block.text)
    if word_soup:
        return f"<p class=MsoNormal><span {_WORD_SPAN}>{text}<o:p></o:p></span></p>"
    if isinstance(block, Heading):
        return f"<{tag}>{text}</{tag}>"
    return f"<p>{text}</p>"


def _declaration(encoding: str, declare: str | None) -> str:
    if declare == "meta":
        return f'<meta charset="{encoding}">'
    if declare == "http-equiv":
        return f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
    if declare is None:
        return ""
    raise ValueError(f"unknown declare {declare!r}: expected one of {DECLARATIONS}")


def render_html(
    blocks: Sequence[Block],
    *,
    encoding: str = "utf-8",
    declare: str | None = "meta",
    page: bool = True,
    word_soup: bool = False,
    wrap_cells: bool = False,
    use_th: bool = False,
    nested_layout: bool = False,
    heading_tag: str = "p",
) -> bytes:
    """Print ``blocks`` as HTML and encode it in ``encoding`` (utf-8, gbk, gb18030).

    ``page=False`` gives a bare fragment (no ``<html>``/``<body>``; a declaration, if
    asked for, still leads it). ``heading_tag`` is ``p``, ``h3`` or ``div``."""
    if heading_tag not in HEADING_TAGS:
        raise ValueError(f"unknown heading_tag {heading_tag!r}: expected one of {HEADING_TAGS}")
    declaration = _declaration(encoding, declare)
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, GridTable):
            parts.append(_table(block, word_soup=word_soup, wrap_cells=wrap_cells, use_th=use_th))
        else:
            parts.append(_prose(block, heading_tag, word_soup))
    body = "\n".join(parts)
    if word_soup:
        body = f"<div class=WordSection1>\n{body}\n</div>"
    if nested_layout:
        body = (
            '<table width="100%" border="0" cellspacing="0" cellpadding="0">\n'
            f'<tr><td colspan="2" class="nav">{escape(_NAV)}</td></tr>\n'
            f'<tr><td class="sidebar" width="200">{escape(_SIDEBAR)}</td>\n'
            f'<td class="content"><div class="article">\n{body}\n</div></td></tr>\n'
            f'<tr><td colspan="2" class="footer">{escape(_FOOTER)}</td></tr>\n'
            "</table>"
        )
    if page:
        soup_ns = (
            ' xmlns:o="urn:schemas-microsoft-com:office:office"' if word_soup else ""
        )
        html = (
            f"<!DOCTYPE html>\n<html{soup_ns}>\n<head>\n{declaration}\n"
            "<title>政府信息公开工作年度报告</title>\n</head>\n<body>\n"
            f"{body}\n</body>\n</html>\n"
        )
    else:
        html = f"{declaration}\n{body}\n" if declaration else f"{body}\n"
    return html.encode(encoding, errors="xmlcharrefreplace")


def html_options() -> st.SearchStrategy[dict[str, Any]]:
    """Every combination of ``render_html``'s options."""
    return st.fixed_dictionaries(
        {
            "encoding": st.sampled_from(["utf-8", "gbk", "gb18030"]),
            "declare": st.sampled_from(DECLARATIONS),
            "page": st.booleans(),
            "word_soup": st.booleans(),
            "wrap_cells": st.booleans(),
            "use_th": st.booleans(),
            "nested_layout": st.booleans(),
            "heading_tag": st.sampled_from(HEADING_TAGS),
        }
    )
