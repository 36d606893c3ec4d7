"""Two values a single space apart in column-aligned text, the second with a note wrapped
over two lines (``41件 11件（市政府网`` / ``站）``): the line cannot be cut into cells there.
The piece must not stand as the row's label — it did, the real label 行政规范性文件 went
up to the row above (``规章行政规范性文件``) and 规章's numbers were read, silently, as
行政规范性文件's (found reading a LibreOffice export without ruling lines)."""

from __future__ import annotations

import gxtables

TEXT = """\
               第二十条第（一）项
    信息内容      本年制发件数   本年废止件数   现行有效件数
规章           3件(政务服务网)       2件       21
                                       件
行政规范性文件            41件 11件（市政府网      246件
                            站）
               第二十条第（五）项
    信息内容              本年处理决定数量
行政许可                       1464840
"""


def test_values_that_could_not_be_split_leave_their_row_flagged_not_the_row_above() -> None:
    report = gxtables.extract(TEXT.encode(), layout="2021")
    table = report["article20_1"]

    assert [(c.value, c.unit) for c in table["regulations"].values()] == [
        (3, "件"), (2, "件"), (21, "件")]
    assert table["normative_documents"]["in_force"].value == 246
    assert table["normative_documents"]["issued"].value is None
    assert ("value_count_mismatch", "normative_documents") in {
        (i.code, i.row) for i in report.issues if i.severity in ("warning", "error")}
