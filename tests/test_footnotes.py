"""Footnote marks glued to numbers are annotations, never digits (issue 17).

``237960<sup>1</sup>`` used to read as 2379601 and ``845105①`` as 8451051: NFKC folds ¹ and
① into digits. Now the readers write raised/lowered markup as Unicode superscripts and
subscripts, ``parse_value`` keeps trailing marks out of the value, and the report says so
with a ``footnote_mark`` warning — in every format: HTML, DOCX and text.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from _render.docx import render_docx
from _render.html import render_html
from _render.layout import layout_report
from _render.text import render_text
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import ExpectedCell, ReportData, reports

import gxtables
from gxtables import Report
from gxtables._values import parse_value, to_subscript, to_superscript

# --------------------------------------------------------------------------- parse_value

MARKS = ["¹", "²", "³", "⁰", "⁹", "¹²", "₁", "₂", "①", "⑳", "⑴", "⒈", "❶", "➀", "㉑", "㊿",
         "㊀", "ⓐ", "*", "＊", "†", "‡", "※", "⁽¹⁾", "ᵃ"]


@pytest.mark.parametrize("mark", MARKS)
def test_a_trailing_mark_is_not_a_digit(mark: str) -> None:
    parsed = parse_value(f"237960{mark}")
    assert (parsed.kind, parsed.value, parsed.mark) == ("number", 237960, mark)


@pytest.mark.parametrize(
    ("text", "value", "unit", "mark"),
    [
        ("0¹", 0, None, "¹"),
        ("845105①", 845105, None, "①"),
        ("237960 ¹", 237960, None, "¹"),
        ("1,234¹", 1234, None, "¹"),
        ("4653.2万元¹", 4653.2, "万元", "¹"),
        ("12¹件", 12, "件", "¹"),
        ("-1168项②", -1168, "项", "②"),
        ("１２３①", 123, None, "①"),
        ("740（市政府网站①）", 740, None, None),  # inside a bracketed note: never at risk
        ("2379601", 2379601, None, None),
    ],
)
def test_marks_with_units_signs_and_notes(text: str, value: float, unit: str | None,
                                          mark: str | None) -> None:
    parsed = parse_value(text)
    assert (parsed.kind, parsed.value, parsed.unit, parsed.mark) == ("number", value, unit, mark)
    assert type(parsed.value) is type(value)


@pytest.mark.parametrize("text", ["①", "¹", "¹²", "*", "①12", "¹5", "12¹3", "12①3", "—¹",
                                  "①自然人", "12¹x"])
def test_a_mark_alone_or_before_or_inside_a_number_is_text(text: str) -> None:
    """Only marks *after* a number are annotations; anything else is not a number we can
    read with confidence (``①12`` used to read as 112)."""
    parsed = parse_value(text)
    assert parsed.kind == "text"
    assert parsed.value is None


def test_superscript_and_subscript_mapping() -> None:
    assert to_superscript("1") == "¹"
    assert to_superscript("12)") == "¹²⁾"
    assert to_superscript("１") == "¹"  # full-width digits too
    assert to_superscript("a") == "ᵃ"
    assert to_superscript("注") == "注"  # no superscript form: kept as written
    assert to_subscript("2") == "₂"
    assert to_superscript("¹") == "¹"  # idempotent


_MARK_CHARS = st.sampled_from(sorted(set("".join(MARKS))
                                     | set("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉①②③④⑤⑥⑦⑧⑨⑩")))


@given(
    count=st.integers(min_value=0, max_value=10**9),
    separators=st.booleans(),
    marks=st.lists(_MARK_CHARS, min_size=1, max_size=3).map("".join),
    space=st.sampled_from(["", " "]),
    unit=st.sampled_from(["", "件", "项"]),
)
def test_any_count_followed_by_marks_parses_to_the_count(
    count: int, separators: bool, marks: str, space: str, unit: str
) -> None:
    text = f"{count:,}" if separators else str(count)
    parsed = parse_value(f"{text}{unit}{space}{marks}")
    assert parsed.kind == "number"
    assert parsed.value == count
    assert parsed.mark == marks
    assert parsed.unit == (unit or None)


@given(count=st.integers(min_value=0, max_value=10**9),
       note=st.integers(min_value=0, max_value=99),
       shift=st.sampled_from([to_superscript, to_subscript]))
def test_raised_or_lowered_digits_never_join_the_count(count: int, note: int,
                                                        shift: object) -> None:
    assert callable(shift)
    parsed = parse_value(f"{count}{shift(str(note))}")
    assert (parsed.value, parsed.mark) == (count, shift(str(note)))


# ---------------------------------------------------------------------- whole documents

def _report_data() -> ReportData:
    found: list[ReportData] = []

    @settings(max_examples=1, database=None, derandomize=True)
    @given(reports("2021"))
    def grab(d: ReportData) -> None:
        found.append(d)

    grab()
    return found[0]


# (table, row, column): the cells given marks. 第二十条 cells have no arithmetic to catch a
# wrong number; in the applications table a mark on both a cell and its row total would
# still sum, so only the annotation rule stands between the reader and a silent error.
_A20 = ("article20_1", "regulations", "issued")
_A20_B = ("article20_5", "licensing", "decisions")
_APP = ("applications", "new_received", "natural_person")
_APP_TOTAL = ("applications", "new_received", "total")
_ZERO = ("applications", "carried_over", "research_institution")
_SUB = ("review_litigation", "review", "upheld")
#: The cells given marks, and their numbers (237960¹ and 845105① as the issue found them).
CELLS = [_A20, _A20_B, _APP, _APP_TOTAL, _ZERO, _SUB]
NUMBERS = [237960, 845105, 6, 6, 0, 12]


def _placeholder(i: int) -> str:
    return f"QQ{i}QQ"


@pytest.fixture(scope="module")
def data() -> ReportData:
    base = _report_data()
    tables = {t: {r: dict(cols) for r, cols in rows.items()} for t, rows in base.tables.items()}
    for i, ((t, r, c), n) in enumerate(zip(CELLS, NUMBERS, strict=True)):
        tables[t][r][c] = ExpectedCell(n, _placeholder(i), None)
    return ReportData(base.template, tables, base.header_units)


# What each format prints for cell i (number n), and the raw text the reader must give.
HTML_FORMS = [
    ("{n}<sup>1</sup>", "{n}¹"),
    ("{n}①", "{n}①"),
    ("{n}<span style='vertical-align: super'>2</span>", "{n}²"),
    ("{n}¹", "{n}¹"),
    ("{n}<sup>1</sup>", "{n}¹"),
    ("{n}<sub>3</sub>", "{n}₃"),
]
DOCX_FORMS = [  # (text before, superscript/subscript run, raw)
    ("{n}", ("superscript", "1"), "{n}¹"),
    ("{n}①", None, "{n}①"),
    ("{n}", ("superscript", "2"), "{n}²"),
    ("{n}¹", None, "{n}¹"),
    ("{n}", ("superscript", "1"), "{n}¹"),
    ("{n}", ("subscript", "3"), "{n}₃"),
]
TEXT_FORMS = ["{n}¹", "{n}①", "{n}²", "{n}¹", "{n}¹", "{n}₃"]


def _assert_marked(report: Report, raws: list[str]) -> None:
    issues = {(i.table, i.row, i.column): i for i in report.issues if i.code == "footnote_mark"}
    for (t, r, c), n, raw_form in zip(CELLS, NUMBERS, raws, strict=True):
        cell = report[t][r][c]
        raw = raw_form.format(n=n)
        assert (cell.value, cell.raw) == (n, raw), (t, r, c)
        issue = issues[(t, r, c)]
        assert issue.severity == "warning"
        assert repr(raw) in issue.message and f"took {n} " in issue.message
    assert not [i for i in report.issues if i.code == "unparsed_value"
                and (i.table, i.row, i.column) in set(CELLS)]


def test_html(data: ReportData) -> None:
    page = render_html(layout_report(data)).decode("utf-8")
    for i, (form, _) in enumerate(HTML_FORMS):
        n = NUMBERS[i]
        assert page.count(_placeholder(i)) == 1
        page = page.replace(_placeholder(i), form.format(n=n))
    report = gxtables.extract(page.encode("utf-8"))
    _assert_marked(report, [raw for _, raw in HTML_FORMS])


def _docx_with_runs(blob: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = src.read(info.filename)
            if info.filename == "word/document.xml":
                xml = member.decode("utf-8")
                for i, (before, run, _) in enumerate(DOCX_FORMS):
                    n = NUMBERS[i]
                    target = f"{_placeholder(i)}</w:t></w:r>"
                    assert xml.count(target) == 1
                    extra = ""
                    if run is not None:
                        align, text = run
                        extra = (f'<w:r><w:rPr><w:vertAlign w:val="{align}"/></w:rPr>'
                                 f"<w:t>{text}</w:t></w:r>")
                    xml = xml.replace(target, f"{before.format(n=n)}</w:t></w:r>{extra}")
                member = xml.encode("utf-8")
            dst.writestr(info, member)
    return out.getvalue()


def test_docx(data: ReportData) -> None:
    blob = _docx_with_runs(render_docx(layout_report(data)))
    report = gxtables.extract(blob)
    _assert_marked(report, [raw for _, _, raw in DOCX_FORMS])


def test_docx_superscript_run_of_a_lone_zero() -> None:
    """``0<sup>1</sup>`` read 1: the reader must raise the run's text."""
    from gxtables._limits import Limits
    from gxtables._readers._docx import read_docx

    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
        'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl><w:tr><w:tc><w:p>'
        '<w:r><w:t>0</w:t></w:r><w:r><w:rPr><w:b/><w:vertAlign w:val="superscript"/>'
        "</w:rPr><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("word/document.xml", xml)
    doc = read_docx(out.getvalue(), limits=Limits(), source=None)
    assert [c.text for c in doc.grids[0].cells] == ["0¹"]
    assert parse_value("0¹").value == 0


def test_text(data: ReportData) -> None:
    text = render_text(layout_report(data), "tab").decode("utf-8")
    for i, form in enumerate(TEXT_FORMS):
        assert text.count(_placeholder(i)) == 1
        text = text.replace(_placeholder(i), form.format(n=NUMBERS[i]))
    report = gxtables.extract(text.encode("utf-8"))
    _assert_marked(report, TEXT_FORMS)
