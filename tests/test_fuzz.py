"""Fuzzing: bad, hostile and huge inputs get a clear error — never a crash, a hang or a
silent wrong number (issue 9).

Every case checks one invariant (the h11 fuzz idea, STYLE.md item 10):

* ``gxtables.extract`` returns a :class:`~gxtables.Report` or raises a
  :class:`~gxtables.GxtablesError` subclass — nothing else, not even ``RecursionError``,
  ``MemoryError`` or ``UnicodeError`` — and never :class:`~gxtables.InternalError`, which is
  a bug of ours: any case that meets one fails;
* it finishes within a wall-clock bound (``Limits(timeout=...)`` inside, a ``SIGALRM`` guard
  and an elapsed-time check outside);
* every cell that comes back either equals the unmutated document's cell, or its table/row
  carries an error/warning issue, or it is one of the few cells whose own text the mutation
  changed (its raw text is a small edit of the original's).

Documents start from generated reports rendered by the test renderers (text dialects and
encodings, HTML, DOCX, PDF) and from the seed reports, and are then truncated, flipped,
spliced with garbage, or replaced. Targeted cases cover empty input, wrong extensions,
encrypted PDFs, a zip bomb, deep HTML nesting, a 50 MB one-line text, a 20,000-row HTML
table, a PDF of 320 pages and a DOCX of thousands of tables.

The default run is bounded (the ``ci`` hypothesis profile); ``HYPOTHESIS_PROFILE=deep``
multiplies the examples by 20, and ``python -m pytest -m slow tests/test_fuzz.py`` adds the
full-size inputs and a long mutation run. ``GXTABLES_FUZZ_STATS=1`` prints how many cases
each format saw.
"""

from __future__ import annotations

import collections
import io
import os
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _render.docx import render_docx
from _render.html import render_html
from _render.layout import LayoutStyle, layout_report, styles
from _render.pdf import render_pdf
from _render.text import render_text
from guards import wall_clock
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from strategies import ReportData, reports

import gxtables
from gxtables import GxtablesError, InternalError, LayoutNotFound, LimitExceeded, Limits, Report

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))

#: ``Limits.timeout`` for one fuzz case, and the outer wall-clock bound around it (the
#: deadline is checked at safe points, so the guard allows a little more).
TIMEOUT = 10.0
GUARD = 20.0
LIMITS = Limits(timeout=TIMEOUT)

#: How many cells one local mutation may legitimately change without an issue (a flip or
#: an insertion lands in one cell; a value moved by it empties one and fills another).
MAX_TOUCHED = 2

CASES: collections.Counter[str] = collections.Counter()


def _examples(ci: int) -> int:
    """``ci`` examples under the default profile, 20× as many under ``deep``."""
    return ci * max(1, settings.default.max_examples // 25)


def fuzz(ci: int) -> settings:
    """Settings of a fuzz test run ``ci`` times by default."""
    return settings(
        max_examples=_examples(ci),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        # Rendering and extracting twice per example makes shrinking slow; the failure
        # report already names the damage, and GXTABLES_FUZZ_DUMP keeps the bytes.
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )


@pytest.fixture(scope="module", autouse=True)
def _report_counts() -> Iterator[None]:
    yield
    if os.environ.get("GXTABLES_FUZZ_STATS"):
        print("\nfuzz cases per format:", dict(sorted(CASES.items())))
        print("inferred cells excused (they carry an issue):", len(KNOWN))


# --------------------------------------------------------------------------- the guard
def run_case(source: Any, fmt: str, *, limits: Limits = LIMITS,
             guard: float = GUARD) -> Report | GxtablesError:
    """Extract under the guard: a report, or the error raised (only ours is allowed, and
    never :class:`InternalError`: that fails the case, with the bug as its cause)."""
    CASES[fmt] += 1
    start = time.monotonic()
    try:
        with wall_clock(guard):
            result: Report | GxtablesError = gxtables.extract(source, limits=limits)
    except InternalError as exc:
        raise AssertionError(f"a bug of gxtables on this {fmt} input: {exc}") from exc
    except GxtablesError as exc:
        assert str(exc).strip(), f"{type(exc).__name__} with an empty message"
        result = exc
    elapsed = time.monotonic() - start
    assert elapsed < guard, f"took {elapsed:.1f}s, over the {guard}s bound"
    return result


# --------------------------------------------------------------------------- the oracle
def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (cell texts are short)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _same_value(a: Any, b: Any) -> bool:
    return a == b and type(a) is type(b)


def flagged(report: Report, table: str, row: str) -> bool:
    """An error/warning issue covers this row (its table and row, or the whole table), or
    a document-level error says nothing read can be trusted."""
    for issue in report.issues:
        if issue.severity not in ("error", "warning"):
            continue
        if issue.table == table and issue.row in (None, row):
            return True
        if issue.table is None and issue.severity == "error":
            return True
    return False


#: Cells excused by :func:`_known_gap` (reported at the end of the run).
KNOWN: list[str] = []


def _known_gap(report: Report, table: str, row: str, mutation: str, raw: str | None) -> bool:
    """A value the solver inferred from the table's arithmetic carries an ``inferred_value``
    issue naming its cell: not silent, even where a mutation made the arithmetic mislead."""
    return any(i.code == "inferred_value" and i.table == table and i.row == row
               for i in report.issues)


def silent_wrong(baseline: Report, report: Report, budget: int,
                 mutation: str = "", max_touched: int = MAX_TOUCHED) -> list[str]:
    """Cells of ``report`` that differ from ``baseline`` with no issue to say so.

    Up to ``max_touched`` differing cells are excused when their raw text is within
    ``budget`` edits of the original's (the mutation rewrote that very cell)."""
    if report.template != baseline.template:
        if report.ok:
            return [f"layout changed {baseline.template} → {report.template} with no issue"]
        return []
    wrong: list[str] = []
    touched = 0
    for key, table in baseline.tables.items():
        for row, cells in table.rows.items():
            for column, base in cells.items():
                got = report.tables[key].rows[row][column]
                if _same_value(got.value, base.value) or flagged(report, key, row):
                    continue
                own_edit = (
                    got.raw is not None and base.raw is not None
                    and _edit_distance(got.raw, base.raw) <= budget
                )
                if own_edit and touched < max_touched:
                    touched += 1
                    continue
                if _known_gap(report, key, row, mutation, got.raw):
                    KNOWN.append(f"{key}.{row}.{column}")
                    continue
                wrong.append(f"{key}.{row}.{column}: {base.value!r} (raw {base.raw!r}) → "
                             f"{got.value!r} (raw {got.raw!r}), no issue")
    return wrong


def assert_no_silent_wrong(baseline: Report, result: Report | GxtablesError,
                           budget: int, mutation: str = "", max_touched: int = MAX_TOUCHED
                           ) -> None:
    """A document that is refused is fine (the caller sees why); a report must hold no
    silently wrong cell; an internal error is never fine."""
    assert not isinstance(result, InternalError), f"a bug of gxtables: {result}"
    if isinstance(result, GxtablesError):
        return
    wrong = silent_wrong(baseline, result, budget, mutation, max_touched)
    issues = [f"{i.severity} {i.code} {i.table}.{i.row}: {i.message[:80]}"
              for i in result.issues][:12]
    assert not wrong, "\n".join([*wrong[:15], *issues])


# --------------------------------------------------------------------------- mutations
@st.composite
def mutations(draw: st.DrawFn, size: int) -> tuple[str, Callable[[bytes], bytes], int]:
    """One damage to a document of ``size`` bytes: ``(name, apply, edit budget)``."""
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "splice_text"]))
    pos = draw(st.integers(0, max(0, size - 1)))
    if kind == "truncate":
        return f"truncate@{pos}", lambda b: b[:pos], 10_000
    if kind == "flip":
        n = draw(st.integers(1, 3))
        spots = draw(st.lists(st.tuples(st.integers(0, max(0, size - 1)), st.integers(1, 255)),
                              min_size=n, max_size=n))

        def flip(b: bytes) -> bytes:
            out = bytearray(b)
            for at, mask in spots:
                if at < len(out):
                    out[at] ^= mask
            return bytes(out)

        return f"flip{spots}", flip, 2 * n + 2
    if kind == "insert":
        junk = draw(st.binary(min_size=1, max_size=64))
        return f"insert@{pos}:{junk!r}", lambda b: b[:pos] + junk + b[pos:], len(junk) + 2
    if kind == "delete":
        n = draw(st.integers(1, 64))
        return f"delete@{pos}+{n}", lambda b: b[:pos] + b[pos + n:], n + 2
    # Text that looks like table content: digits, separators, labels' fragments.
    junk_text = draw(st.text(alphabet="0123456789\t\n |-—/无万元件项总计其他（）一二、", min_size=1,
                             max_size=24))
    junk = junk_text.encode("utf-8")
    return f"splice@{pos}:{junk_text!r}", lambda b: b[:pos] + junk + b[pos:], len(junk_text) + 2


def fuzz_one(fmt: str, original: bytes, mutation: tuple[str, Callable[[bytes], bytes], int],
             ) -> None:
    """Extract ``original`` and its mutation; check the invariant on both."""
    baseline = run_case(original, fmt)
    assert isinstance(baseline, Report), f"the unmutated document failed: {baseline}"
    name, apply, budget = mutation
    mutated = apply(original)
    dump = os.environ.get("GXTABLES_FUZZ_DUMP")
    if dump:  # keep the last case on disk for a reproduction
        Path(dump).mkdir(parents=True, exist_ok=True)
        Path(dump, f"original.{fmt}").write_bytes(original)
        Path(dump, f"mutated.{fmt}").write_bytes(mutated)
    result = run_case(mutated, fmt)
    if fmt == "pdf":
        # A PDF's bytes are drawing instructions, not cell text: one edit to a glyph-width
        # table or a text position moves what the page shows, and several cells *do* print
        # differently. The page is what we read, so a few cells may change with any edit.
        assert_no_silent_wrong(baseline, result, 10_000, name, max_touched=4)
    else:
        assert_no_silent_wrong(baseline, result, budget, name)


# --------------------------------------------------------------------- mutated documents
@fuzz(150)
@given(
    data=reports(),
    style=styles(),
    dialect=st.sampled_from(["tab", "blank", "pipe"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    mutation_data=st.data(),
)
def test_text_mutations(data: ReportData, style: LayoutStyle, dialect: str, encoding: str,
                        mutation_data: st.DataObject) -> None:
    original = render_text(layout_report(data, style), dialect, encoding=encoding)
    fuzz_one("text", original, mutation_data.draw(mutations(len(original))))


@fuzz(60)
@given(seed=st.sampled_from(SEEDS), mutation_data=st.data())
def test_seed_mutations(seed: Path, mutation_data: st.DataObject) -> None:
    original = seed.read_bytes()
    fuzz_one("text", original, mutation_data.draw(mutations(len(original))))


@fuzz(120)
@given(
    data=reports(),
    style=styles(),
    encoding=st.sampled_from(["utf-8", "gbk"]),
    word_soup=st.booleans(),
    use_th=st.booleans(),
    mutation_data=st.data(),
)
def test_html_mutations(data: ReportData, style: LayoutStyle, encoding: str, word_soup: bool,
                        use_th: bool, mutation_data: st.DataObject) -> None:
    original = render_html(layout_report(data, style), encoding=encoding, word_soup=word_soup,
                           use_th=use_th)
    fuzz_one("html", original, mutation_data.draw(mutations(len(original))))


@fuzz(50)
@given(data=reports(), mutation_data=st.data())
def test_docx_mutations(data: ReportData, mutation_data: st.DataObject) -> None:
    original = render_docx(layout_report(data, LayoutStyle()))
    fuzz_one("docx", original, mutation_data.draw(mutations(len(original))))


@fuzz(50)
@given(data=reports(), mutation_data=st.data())
def test_pdf_mutations(data: ReportData, mutation_data: st.DataObject) -> None:
    original = render_pdf(layout_report(data, LayoutStyle()), prose_pages=0)
    fuzz_one("pdf", original, mutation_data.draw(mutations(len(original))))


@fuzz(40)
@given(blob=st.one_of(
    st.binary(max_size=4096),
    st.binary(max_size=512).map(lambda b: b"%PDF-1.4\n" + b + b"\n%%EOF\n"),
    st.binary(max_size=512).map(lambda b: b"PK\x03\x04" + b),
    st.binary(max_size=512).map(lambda b: b"<html><table><tr><td>" + b),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
))
def test_random_bytes(blob: bytes) -> None:
    result = run_case(blob, "random")
    if isinstance(result, Report):
        assert result.template in ("2019", "2021")


# ------------------------------------------------------------------------ targeted cases
def _one_report() -> ReportData:
    """A fixed, non-trivial report (the first seed's shape is drawn by hypothesis once)."""
    found: list[ReportData] = []

    @settings(max_examples=1, database=None, derandomize=True, deadline=None)
    @given(reports("2021"))
    def grab(data: ReportData) -> None:
        found.append(data)

    grab()
    return found[0]


@pytest.fixture(scope="module")
def documents() -> dict[str, bytes]:
    """One valid document per format, rendered from the same report."""
    blocks = layout_report(_one_report(), LayoutStyle())
    return {
        "text": render_text(blocks, "tab"),
        "html": render_html(blocks),
        "docx": render_docx(blocks),
        "pdf": render_pdf(blocks, prose_pages=0),
    }


@pytest.mark.parametrize("fmt", ["text", "html", "docx", "pdf"])
def test_empty_and_whitespace(fmt: str) -> None:
    for blob in (b"", b" ", b"\n\n\t", b"\x00" * 64, "\ufeff".encode()):
        result = run_case(blob, fmt)
        assert isinstance(result, GxtablesError), f"{blob!r} gave a report"


@pytest.mark.parametrize("fmt", ["text", "html", "docx", "pdf"])
@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html", ".txt", ".doc", ""])
def test_wrong_extension(documents: dict[str, bytes], tmp_path: Path, fmt: str,
                         suffix: str) -> None:
    """The format is sniffed from the bytes, so a misleading file name changes nothing."""
    path = tmp_path / f"report{suffix}"
    path.write_bytes(documents[fmt])
    by_path = run_case(path, fmt)
    by_bytes = run_case(documents[fmt], fmt)
    assert isinstance(by_path, Report) and isinstance(by_bytes, Report)
    assert by_path.source.format == fmt
    assert by_path.tables == by_bytes.tables


@pytest.mark.parametrize("fmt", ["text", "html", "docx", "pdf"])
def test_every_truncation_point_of_the_header(documents: dict[str, bytes], fmt: str) -> None:
    """The first bytes are where sniffing decides: cut the document at each of them."""
    original = documents[fmt]
    baseline = run_case(original, fmt)
    assert isinstance(baseline, Report)
    for cut in range(0, 80, 3):
        assert_no_silent_wrong(baseline, run_case(original[:cut], fmt), 10_000,
                               f"truncate@{cut}")


def test_encrypted_pdf() -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt="pw")
    pdf.drawString(72, 720, "2023年政府信息公开工作年度报告")
    pdf.showPage()
    pdf.save()
    result = run_case(buf.getvalue(), "pdf")
    assert isinstance(result, gxtables.EncryptedDocument)
    assert result.format == "pdf"
    assert "password" in str(result)


def _zip_bomb(declared: int) -> bytes:
    """A ``.docx`` whose main part inflates ``declared`` bytes of spaces (written in chunks
    so building it stays small)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                       b'wordprocessingml/2006/main"><w:body>')
            chunk = b" " * (1 << 20)
            for _ in range(declared >> 20):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return buf.getvalue()


def test_docx_zip_bomb() -> None:
    bomb = _zip_bomb(64 << 20)
    assert len(bomb) < 1 << 20
    start = time.monotonic()
    result = run_case(bomb, "docx", limits=Limits(timeout=TIMEOUT, max_docx_uncompressed=32 << 20))
    assert time.monotonic() - start < 2.0, "the bomb must be refused before inflating it"
    assert isinstance(result, LimitExceeded)
    assert result.limit == "max_docx_uncompressed"
    assert "Limits(max_docx_uncompressed=" in str(result)
    # Under a generous size limit the compression ratio still gives it away.
    result = run_case(bomb, "docx")
    assert isinstance(result, LimitExceeded)
    assert result.limit == "max_zip_ratio"


@pytest.mark.parametrize("opening", [b"<div>", b"<b>", b"<span><i>", b"<table><tr><td>"])
def test_html_nested_100000_deep(opening: bytes) -> None:
    blob = b"<html><body>" + opening * 100_000 + "本年新制作数量".encode()
    result = run_case(blob, "html")
    assert isinstance(result, LimitExceeded)
    assert result.limit == "max_html_depth"


def test_html_depth_limit_is_configurable() -> None:
    blob = b"<html><body>" + b"<div>" * 300 + "本年新制作数量".encode() + b"</div>" * 300
    result = run_case(blob, "html", limits=Limits(timeout=TIMEOUT, max_html_depth=100))
    assert isinstance(result, LimitExceeded)
    assert result.limit == "max_html_depth" and result.value == 100
    assert "Limits(max_html_depth=" in str(result)
    assert not isinstance(run_case(blob, "html"), LimitExceeded)


def _one_line_text(megabytes: int) -> bytes:
    """One line of report-like prose, labels and numbers, with no line break at all."""
    unit = "2023年本机关收到政府信息公开申请 12 件，办结 11 件，予以公开 7 件。行政复议 0 件。"
    piece = unit.encode("utf-8")
    return piece * (megabytes * (1 << 20) // len(piece))


def test_one_line_table_text_over_the_limit_is_refused() -> None:
    """Run-together table text is what the matcher works through: a line of it past
    ``max_line_chars`` is refused, naming the line (prose around it is not counted)."""
    line = ("本机关坚持以公开为常态、不公开为例外，扎实推进政务公开工作。" * 5_000
            + "一、本年新收政府信息公开申请数量150010218二、上年结转政府信息公开申请数量 0 0 " * 2_000)
    result = run_case(("标题\n" + line + "\n").encode(), "text",
                      limits=Limits(timeout=TIMEOUT, max_line_chars=50_000))
    assert isinstance(result, LimitExceeded) and result.limit == "max_line_chars"
    assert result.actual is not None and 50_000 < result.actual < len(line) - 100_000
    assert "line 2" in str(result) and "Limits(max_line_chars=" in str(result)


def test_one_line_text_5mb() -> None:
    """Labels and numbers spaced through 5 MB of one line: its table text is refused in
    linear time, before the matcher sees it."""
    start = time.monotonic()
    result = run_case(_one_line_text(5), "text")
    assert isinstance(result, LimitExceeded)
    assert result.limit == "max_line_chars" and result.value == Limits().max_line_chars
    assert result.actual is not None and result.actual > result.value
    assert "Limits(max_line_chars=" in str(result) and "line 1 " in str(result)
    assert time.monotonic() - start < GUARD


def test_one_line_text_under_the_line_limit_is_read() -> None:
    """Just under a lowered limit, the same line is read (there are no tables in it)."""
    blob = _one_line_text(1)[:60_000]
    blob = blob[: len(blob.decode("utf-8", "ignore").encode())]
    chars = len(blob.decode())
    result = run_case(blob, "text", limits=Limits(timeout=TIMEOUT, max_line_chars=chars))
    assert isinstance(result, LayoutNotFound)
    # Measured after reading as the characters handed to the matcher (the spaces between
    # cells are not), so well under the line's length it is refused.
    refused = run_case(blob, "text", limits=Limits(timeout=TIMEOUT, max_line_chars=chars // 2))
    assert isinstance(refused, LimitExceeded) and refused.limit == "max_line_chars"
    assert refused.actual is not None and chars // 2 < refused.actual <= chars
    assert "line 1" in str(refused)


def test_long_digit_run() -> None:
    """A 5,000-digit run is text, not a number: alone it is no report; in a table cell it
    nulls that row with an error issue, and no other cell changes."""
    alone = run_case(b"1" * 5000, "text")
    assert isinstance(alone, LayoutNotFound)
    text = SEEDS[0].read_text(encoding="utf-8")
    assert "\t782\n" in text  # 予以公开 × 自然人
    baseline = run_case(text.encode(), "text")
    result = run_case(text.replace("\t782\n", "\t" + "1" * 5000 + "\n", 1).encode(), "text")
    assert isinstance(baseline, Report) and isinstance(result, Report)
    cell = result["applications"]["granted"]["natural_person"]
    assert cell.value is None
    assert any(i.severity == "error" and i.table == "applications" and i.row == "granted"
               for i in result.issues)
    changed = {(t, r) for t, table in baseline.tables.items()
               for r, cells in table.rows.items() for c, base in cells.items()
               if result.tables[t].rows[r][c].value != base.value}
    assert changed == {("applications", "granted")}


def test_row_cut_short_by_truncation() -> None:
    """Seed 000 cut right after the label 「（一）予以公开」: the row's seven values are gone.
    ``checks=False`` flags the row (``value_count_mismatch`` error); with the checks on, the
    solver fills it with empties under ``info`` issues only — a silent 782 → None."""
    text = SEEDS[0].read_text(encoding="utf-8")
    label = "（一）予以公开"
    cut = text[: text.index(label) + len(label)].encode()
    unchecked = gxtables.extract(cut, checks=False)
    assert flagged(unchecked, "applications", "granted")
    report = gxtables.extract(cut)
    assert report.value("applications", "granted", "natural_person") is None
    assert flagged(report, "applications", "granted")


def _html_table(rows: int) -> bytes:
    body = "".join(f"<tr><td>第{i}项</td><td>{i}</td><td>{i * 7}</td></tr>" for i in range(rows))
    return (f"<html><body><p>收到和处理政府信息公开申请情况</p><table>{body}</table>"
            "</body></html>").encode()


def test_html_table_5000_rows() -> None:
    """A big table under a statutory caption but with none of the row labels: found, read
    in time, and said to be no report."""
    result = run_case(_html_table(5000), "html")
    assert isinstance(result, LayoutNotFound)
    assert "1 table(s)" in str(result)


def test_size_limit(documents: dict[str, bytes]) -> None:
    result = run_case(documents["html"], "html", limits=Limits(max_bytes=1000))
    assert isinstance(result, LimitExceeded)
    assert result.limit == "max_bytes" and result.actual == len(documents["html"])
    assert "Limits(max_bytes=" in str(result)


def test_timeout_limit(documents: dict[str, bytes]) -> None:
    """A deadline too short for the work gives LimitExceeded(timeout), promptly."""
    blob = _html_table(20_000)
    result = run_case(blob, "html", limits=Limits(timeout=0.05))
    assert isinstance(result, LimitExceeded)
    assert result.limit == "timeout"
    assert "Limits(timeout=" in str(result)


def _long_pdf(prose_pages: int, data: ReportData | None = None) -> bytes:
    """A PDF of ``prose_pages`` pages of running text, the tables after them (if any)."""
    if data is not None:
        return render_pdf(layout_report(data, LayoutStyle()), prose_pages=prose_pages)
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    for i in range(prose_pages):
        pdf.drawString(72, 720, f"page {i + 1}")
        pdf.rect(60, 60, 400, 600)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_pdf_page_limit() -> None:
    """Pages past ``max_pdf_pages`` are not examined, and the error says so."""
    blob = _long_pdf(12, _one_report())
    result = run_case(blob, "pdf", limits=Limits(max_pdf_pages=5))
    assert isinstance(result, gxtables.LayoutNotFound)
    assert "max_pdf_pages" in str(result)
    assert isinstance(run_case(blob, "pdf"), Report)


def test_pdf_320_blank_pages() -> None:
    result = run_case(_long_pdf(320), "pdf")
    assert isinstance(result, gxtables.LayoutNotFound)
    assert "max_pdf_pages" in str(result)


def test_docx_with_2000_tables() -> None:
    import docx

    document = docx.Document()
    for i in range(2000):
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = f"第{i}项"
    out = io.BytesIO()
    document.save(out)
    result = run_case(out.getvalue(), "docx")
    assert isinstance(result, gxtables.LayoutNotFound)


# ----------------------------------------------------------------------- slow (opt in)
@pytest.mark.slow
def test_one_line_text_50mb() -> None:
    result = run_case(_one_line_text(50), "text", guard=60.0,
                      limits=Limits(timeout=45.0))
    assert isinstance(result, LimitExceeded) and result.limit == "max_line_chars"


@pytest.mark.slow
def test_html_table_20000_rows() -> None:
    result = run_case(_html_table(20_000), "html", guard=60.0, limits=Limits(timeout=45.0))
    assert isinstance(result, LayoutNotFound) or (
        isinstance(result, LimitExceeded) and result.limit == "timeout")


@pytest.mark.slow
def test_pdf_report_after_320_prose_pages() -> None:
    """Tables on page 321+: past the default page limit, found once it is raised."""
    blob = _long_pdf(320, _one_report())
    result = run_case(blob, "pdf", guard=120.0, limits=Limits(timeout=100.0))
    assert isinstance(result, gxtables.LayoutNotFound)
    assert "max_pdf_pages" in str(result)
    raised = run_case(blob, "pdf", guard=120.0, limits=Limits(timeout=100.0, max_pdf_pages=400))
    assert isinstance(raised, Report)


@pytest.mark.slow
def test_docx_with_5000_tables() -> None:
    import docx

    document = docx.Document()
    for i in range(5000):
        document.add_table(rows=1, cols=1).rows[0].cells[0].text = str(i)
    out = io.BytesIO()
    document.save(out)
    assert isinstance(run_case(out.getvalue(), "docx", guard=60.0), LayoutNotFound)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=reports(), style=styles(), mutation_data=st.data(),
       fmt=st.sampled_from(["text", "html"]))
def test_long_mutation_run(data: ReportData, style: LayoutStyle, mutation_data: st.DataObject,
                           fmt: str) -> None:
    blocks = layout_report(data, style)
    original = render_text(blocks, "tab") if fmt == "text" else render_html(blocks)
    fuzz_one(fmt, original, mutation_data.draw(mutations(len(original))))


# ---------------------------------------------------------------- pdfminer stays quiet
def test_pdfminer_warnings_are_quiet_during_a_read(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    documents: dict[str, bytes],
) -> None:
    """pdfminer's repair warnings are silenced while a PDF is read, and the ``pdfminer``
    logger's level is restored afterwards (the caller's logging set-up is untouched)."""
    import logging

    from gxtables._readers import _pdf

    logger = logging.getLogger("pdfminer")
    monkeypatch.setattr(logger, "level", logging.DEBUG)
    real_read = _pdf._Reader.read
    seen: list[int] = []

    def noisy_read(self: Any) -> Any:  # pdfminer warning while the reader runs
        seen.append(logger.getEffectiveLevel())
        logging.getLogger("pdfminer.pdfparser").warning("invalid xref (from the test)")
        return real_read(self)

    monkeypatch.setattr(_pdf._Reader, "read", noisy_read)
    with caplog.at_level(logging.DEBUG):
        assert isinstance(run_case(documents["pdf"], "pdf"), Report)
    assert seen and seen[0] >= logging.ERROR
    assert not [r for r in caplog.records if r.name.startswith("pdfminer")]
    assert logger.level == logging.DEBUG
    logging.getLogger("pdfminer.pdfparser").warning("after the read")
    assert [r for r in caplog.records if r.name.startswith("pdfminer")]


def test_pdfminer_level_restored_after_an_error(documents: dict[str, bytes]) -> None:
    import logging

    logger = logging.getLogger("pdfminer")
    before = logger.level
    damaged = documents["pdf"][:200] + b"\n%%EOF\n"
    run_case(damaged, "pdf")
    assert logger.level == before
