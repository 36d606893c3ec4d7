"""Adversarial producer effects, third round (issues 12/13): a seed report rendered as a
real HTML page, one numeric cell edited the way real pages hide or strike text. Text a
browser does not show must not become digits of the number shown."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from _render.docx import render_docx
from _render.html import render_html
from _render.layout import layout_report
from strategies import ExpectedCell, ReportData
from test_lossy_silent import SEEDS

import gxtables

_CELL = re.compile(r"<td>(\d+)(项|件)?</td>")


def seed_data(seed: str) -> ReportData:
    """The seed report's data, for the renderers."""
    doc = json.loads((SEEDS / f"{seed}.expected.json").read_text(encoding="utf-8"))
    tables = {
        t: {r: {c: ExpectedCell(v["value"], v.get("raw") or "", v.get("unit"))
                for c, v in cols.items()} for r, cols in rows.items()}
        for t, rows in doc["tables"].items()}
    return ReportData(doc["template"], tables, {})


def seed_html(seed: str) -> str:
    """The seed report as an HTML page (the renderer the HTML tests use)."""
    return render_html(layout_report(seed_data(seed))).decode("utf-8")


def wrong_cells(seed: str, page: str | bytes, tmp_path: Path,
                suffix: str = ".html") -> list[tuple[str, str, str, object, object]]:
    """Cells whose value differs from the seed's truth, flagged rows or not."""
    doc = tmp_path / f"page{suffix}"
    if isinstance(page, bytes):
        doc.write_bytes(page)
    else:
        doc.write_text(page, encoding="utf-8")
    report = gxtables.extract(doc)
    truth = json.loads((SEEDS / f"{seed}.expected.json").read_text(encoding="utf-8"))
    wrong = []
    for t, rows in truth["tables"].items():
        table = report.tables.get(t)
        for r, cols in rows.items():
            got = table.rows.get(r, {}) if table is not None else {}
            for c, cell in cols.items():
                value = got[c].value if c in got else None
                if value != cell["value"]:
                    wrong.append((t, r, c, cell["value"], value))
    return wrong


def edit_cell(page: str, number: str, inner: str) -> str:
    """``page`` with the one cell printing ``number`` (unit kept) holding ``inner`` instead."""
    hits = [m for m in _CELL.finditer(page) if m.group(1) == number]
    assert len(hits) == 1, number
    m = hits[0]
    return page[:m.start()] + f"<td>{inner}{m.group(2) or ''}</td>" + page[m.end():]


# Seed 000's 行政强制 处理决定数量 (35984项) sits in a 第二十条 table, which has no sums:
# an extra digit there was once read silently (35984 -> 935984).
HIDING = {
    "display_none": '<span style="display:none">9</span>35984',
    "display_none_after": '35984<span style="DISPLAY: none;">7</span>',
    "hidden_attribute": "<span hidden>8</span>35984",
    "visibility_hidden": '<span style="visibility:hidden">5</span>35984',
    "word_hidden_text": '<span style="mso-hide:all">5</span>35984',
    "font_size_zero": '<span style="font-size:0px">3</span>35984',
    "tracked_deletion": "<del>45</del>35984",
    "struck_out": "<s>45</s>35984",
    "strike": "<strike>45</strike>35984",
    "white_text": '<span style="color:#FFF">3</span>35984',
    "white_font": '<font color="white">3</font>35984',
}


@pytest.mark.parametrize("effect", sorted(HIDING))
def test_hidden_or_deleted_text_is_not_read_into_a_number(effect: str, tmp_path: Path) -> None:
    page = edit_cell(seed_html("000"), "35984", HIDING[effect])
    assert wrong_cells("000", page, tmp_path) == []


def test_hidden_text_keeps_the_text_after_it(tmp_path: Path) -> None:
    # the hidden span is the cell's first child: the number is its tail and must stay
    page = edit_cell(seed_html("000"), "35984", '<span style="display:none">x</span>35984')
    assert wrong_cells("000", page, tmp_path) == []
    # a visible span with a style that merely mentions display is kept
    page = edit_cell(seed_html("000"), "35984", '<span style="display:inline">35984</span>')
    assert wrong_cells("000", page, tmp_path) == []
    # white text on a background painted around it is seen, and read
    page = edit_cell(seed_html("000"), "35984",
                     '<span style="color:#ffffff;background:#036">35984</span>')
    assert wrong_cells("000", page, tmp_path) == []
    page = edit_cell(seed_html("000"), "35984",
                     '<div style="background-color:navy"><font color="white">35984</font></div>')
    assert wrong_cells("000", page, tmp_path) == []


def test_unedited_seed_page_reads_right(tmp_path: Path) -> None:
    assert wrong_cells("000", seed_html("000"), tmp_path) == []


_RUN = '<w:r><w:rPr/><w:t>35984项</w:t></w:r>'
# w:vanish (Word's hidden text) on a run beside seed 000's 35984项: once read as 935984
HIDDEN_RUNS = {
    "vanish_before": '<w:r><w:rPr><w:vanish/></w:rPr><w:t>9</w:t></w:r>' + _RUN,
    "vanish_after": '<w:r><w:rPr/><w:t>35984</w:t></w:r>'
                    '<w:r><w:rPr><w:vanish w:val="true"/></w:rPr><w:t>7</w:t></w:r>'
                    '<w:r><w:rPr/><w:t>项</w:t></w:r>',
    "vanish_switched_off": '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>35984项</w:t></w:r>',
    "tracked_deletion": '<w:del w:id="1" w:author="a"><w:r><w:delText>45</w:delText></w:r>'
                        '</w:del>' + _RUN,
}


def edited_docx(xml_edit: tuple[str, str]) -> bytes:
    """Seed 000 as a .docx with one replacement made in word/document.xml."""
    source = zipfile.ZipFile(io.BytesIO(render_docx(layout_report(seed_data("000")))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                text = data.decode("utf-8")
                assert text.count(xml_edit[0]) == 1
                data = text.replace(*xml_edit).encode("utf-8")
            target.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("effect", sorted(HIDDEN_RUNS))
def test_hidden_docx_runs_are_not_read_into_a_number(effect: str, tmp_path: Path) -> None:
    page = edited_docx((_RUN, HIDDEN_RUNS[effect]))
    assert wrong_cells("000", page, tmp_path, ".docx") == []


def _pdf_with_extra_nine(monkeypatch: pytest.MonkeyPatch, seed: str, how: str) -> bytes:
    """Seed ``seed`` as a PDF where every number has a "9" drawn into its cell that a
    viewer does not show (``how``), then the number itself."""
    import _render.pdf as render

    def number_line(self: Any, line: str, centre: float, baseline: float, size: float) -> None:
        c = self.canvas
        x = centre - render._width(line, size) / 2
        nine_x = x + render._width(line, size) / 3
        if how == "white":
            c.setFillColorRGB(1, 1, 1)
            c.drawString(nine_x, baseline, "9")
            c.setFillColorRGB(0, 0, 0)
        elif how == "clipped":
            c.saveState()
            clip = c.beginPath()
            clip.rect(0, 0, 1, 1)
            c.clipPath(clip, stroke=0, fill=0)
            c.drawString(nine_x, baseline, "9")
            c.restoreState()
        elif how == "rotated":
            c.saveState()
            c.translate(nine_x, baseline)
            c.rotate(90)
            c.drawString(0, 0, "9")
            c.restoreState()
        c.drawString(x, baseline, line)

    monkeypatch.setattr(render._Writer, "_number_line", number_line)
    return render.render_pdf(layout_report(seed_data(seed)), prose_pages=0, effects=("extra",))


def silent_in(seed: str, page: bytes, suffix: str, tmp_path: Path) -> list[object]:
    """Wrong cells on rows with no error or warning."""
    doc = tmp_path / f"page{suffix}"
    doc.write_bytes(page)
    report = gxtables.extract(doc)
    flagged = {(i.table, i.row) for i in report.issues if i.severity in ("error", "warning")}
    return [cell for cell in wrong_cells(seed, page, tmp_path, suffix)
            if (cell[0], cell[1]) not in flagged and (cell[0], None) not in flagged
            and (None, None) not in flagged]


def test_white_text_in_a_pdf_is_not_read_into_a_number(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # seed 004 read 22 as 292 in 第二十条第（一）项 (no sums), silently
    # (previous_count of 行政事业性收费 reads empty, flagged: the pdfium gap of round 2)
    page = _pdf_with_extra_nine(monkeypatch, "004", "white")
    assert silent_in("004", page, ".pdf", tmp_path) == []
    assert [cell for cell in wrong_cells("004", page, tmp_path, ".pdf")
            if cell[4] is not None] == []


@pytest.mark.parametrize("how", ["clipped", "rotated"])
def test_unseen_pdf_text_is_not_read_silently(
        how: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    page = _pdf_with_extra_nine(monkeypatch, "004", how)
    assert silent_in("004", page, ".pdf", tmp_path) == []


def test_scan_with_an_invisible_ocr_layer_reads_as_text(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # a "searchable image" PDF: each page a scanned image with the OCR text over it in
    # render mode 3. Its text once read as nothing (LayoutNotFound: "characters are
    # invisible ... not read"); it is the page's text.
    import _render.pdf as render
    from PIL import Image

    scan = tmp_path / "scan.png"
    Image.new("L", (60, 80), 235).save(scan)
    footer = render._Writer._footer

    def scanned_page(self: Any) -> None:
        self.canvas.drawImage(str(scan), 0, 0, render.PAGE_W, render.PAGE_H)
        self.canvas._code.append("3 Tr")  # the OCR layer: invisible text from here on
        footer(self)

    monkeypatch.setattr(render._Writer, "_footer", scanned_page)
    page = render.render_pdf(layout_report(seed_data("000")), prose_pages=0)
    assert wrong_cells("000", page, tmp_path, ".pdf") == []
