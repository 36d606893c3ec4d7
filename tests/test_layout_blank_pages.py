"""Blank cells of column-aligned text put back page by page: group labels printed down the
side one character a line (``度 四``, ``理 无``) neither end a table nor count as its values,
and the rows giving a row's columns are of its own table and page (issue 12, seed 5
pdftotext_layout-036: the rows after ``理 无`` kept their blanks out, 51 cells flagged)."""

from __future__ import annotations

from gxtables._grid import CellGrid
from gxtables._limits import Deadline
from gxtables._readers._aligned import read_aligned

# The applicant table's second page as pdftotext -layout prints it: （四）无法提供 printed
# down the side, its 无 on a line with 理 (无 alone is also a mark an empty cell prints).
PAGE = """\
      于第三项加第四项之和）                               自然                          社会      法律
                                                         商业        科研                                总计
                                                 人                          公益      服务       其他
                                                         企业        机构
                                                                            组织      机构
     （二）部分公开（区分处理的，只计这一情形，
                                                 1       0         0        0        1       0       2
            不计其他情形）
                    1.属于国家秘密                     0       0         0        0        0       0       0
              2.其他法律行政法规禁止公开                     0       0         0        0                0       0
     （
     三            3.危及“三安全一稳定”                   0       0                  0        0       0
     ）            4.保护第三方合法权益                    1       0         0                 0       0       1
     不
     予            5.属于三类内部事务信息                   0                 0        0        0       0       0
     公            6.属于四类过程性信息                    0       0         0                 0               0
     开
三                  7.属于行政执法案卷                            0                           0               0
、
                   8.属于行政查询事项                    0                 0                 0
本
年    （        1.本机关不掌握相关政府信息                     4       0         0        1        1               6
度    四
              2.没有现成信息需要另行制作                             0         0        1        0       0       1
办    ）
理    无
结    法
               3.补正后申请内容仍不明确                     0                 0        0        0       0       0
果    提
     供

     （            1.信访举报投诉类申请                    2       0                  0        0       0       2
     五
                        2.重复申请                   0       0                  0                        0
     ）
     不            3.要求提供公开出版物                    0                 0        0        0               0
     予
               4.无正当理由大量反复申请                             0                  0        0       0       0
     处
     理   5.要求行政机关确认或重新出具已获取信息                    0       0         0        0                0       0
                  （六）其他处理                                0         0        0        0       0       0
                    （七）总计                       15                          2        6       0       23
             四、结转下年度继续办理                                 0         0        0        3       0       3
"""


def _rows(lines: list[str]) -> dict[int, list[tuple[str, int]]]:
    """Each line's cells after the label (text and column), as the aligned reader gives them."""
    grids = [b for b in read_aligned(lines, Deadline(10.0)) if isinstance(b, CellGrid)]
    out: dict[int, list[tuple[str, int]]] = {}
    for grid in grids:
        for cell in grid.cells:
            if cell.text == "" or cell.text.isdigit():
                out.setdefault(cell.location.line or 0, []).append((cell.text, cell.col))
    return out


def test_rows_below_side_characters_get_their_blanks_back() -> None:
    lines = PAGE.split("\n")
    rows = _rows(lines)
    at = {label: next(n for n, line in enumerate(lines, 1) if label in line)
          for label in ("2.没有现成信息需要另行制作", "2.重复申请", "（七）总计")}
    # 自然人 blank: the first number is the 商业企业 column's
    assert rows[at["2.没有现成信息需要另行制作"]] == [
        ("", 49), ("0", 57), ("0", 67), ("1", 76), ("0", 85), ("0", 93), ("1", 101)]
    assert [t for t, _ in rows[at["2.重复申请"]]] == ["0", "0", "", "0", "", "", "0"]
    assert [t for t, _ in rows[at["（七）总计"]]] == ["15", "", "", "2", "6", "0", "23"]


def _line(label: str, cells: list[tuple[int, str]]) -> str:
    text = label
    for col, piece in cells:
        text += " " * (col - len(text)) + piece
    return text


def test_a_page_without_a_header_does_not_take_the_previous_pages_columns() -> None:
    # Four columns at 30/38/46/54 on the first page; after the page break pdftotext drifted
    # them to 38/46/54/62 and no header is repeated. The first rows of the new page print
    # three numbers each, at 38/46/54: under the first page's columns they would read as
    # columns 2-4 with the first blank (each value one column right, silently). Only the
    # new page's own rows may give its columns; the one complete row there is not two.
    lines = [_line("", [(30, "甲"), (38, "乙"), (46, "丙"), (54, "丁")])]
    lines += [_line("  行政许可事项", [(30, "1"), (38, "2"), (46, "3"), (54, "6")])] * 4
    lines += ["", "                         -1-", ""]
    lines.append(_line("  行政处罚事项", [(38, "4"), (46, "5"), (54, "9")]))
    lines.append(_line("  行政强制事项", [(38, "7"), (46, "8"), (54, "15")]))
    lines.append(_line("  行政征收事项", [(38, "1"), (46, "1"), (54, "1"), (62, "3")]))
    rows = _rows(lines)
    assert rows[9] in ([("4", 38), ("5", 46), ("9", 54)],
                       [("4", 38), ("5", 46), ("9", 54), ("", 62)])
    assert rows[10] in ([("7", 38), ("8", 46), ("15", 54)],
                        [("7", 38), ("8", 46), ("15", 54), ("", 62)])
