"""The OCR extra (issue 16): generated reports rendered, rasterised to image-only PDFs, PNGs
and TIFFs, read back through OCR — every cell right or flagged, the template right.

Skipped, with the reason, when the ``ocr`` extra (rapidocr-onnxruntime) is not installed;
CI installs it. The corpus run over many reports is marked ``slow``.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Sequence
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from _render.layout import LayoutStyle, layout_report
from _render.pdf import render_pdf
from hypothesis import Phase, given, seed, settings
from roundtrip import describe
from strategies import ReportData, reports

import gxtables
from gxtables import LimitExceeded, Limits, UnsupportedFormat
from gxtables._readers._ocr_extra import ocr_installed
from gxtables._sniff import sniff_format


def _cjk_font() -> bool:
    """Whether the system has a Chinese font: the scans are rasterised with pdfium from
    reports whose font is not embedded, and without one pdfium draws no Chinese at all."""
    try:
        found = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True,
                               timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(found.strip())


needs_ocr = pytest.mark.skipif(
    not ocr_installed() or not _cjk_font(),
    reason="the ocr extra is not installed (pip install \".[ocr]\": rapidocr-onnxruntime) or "
           "no Chinese system font is (apt-get install fonts-wqy-microhei; .ci/run does both)")


# -- rendering scans (shared with benchmarks/bench_ocr.py) ----------------------------------


def draw_report(template: str, number: int) -> ReportData:
    """Report ``number`` of ``template``: a fixed draw (the same on every run)."""
    drawn: list[ReportData] = []

    @seed(number)
    @settings(max_examples=1, database=None, phases=[Phase.generate])
    @given(reports(template))
    def draw(data: ReportData) -> None:
        drawn.append(data)

    draw()
    return drawn[0]


def text_pdf(data: ReportData) -> bytes:
    style = LayoutStyle(subtotal_column=data.template == "2019")
    return render_pdf(layout_report(data, style), prose_pages=0)


def raster(pdf: bytes, dpi: float, *, angle: float = 0.0, noise: float = 0.0,
           rng_seed: int = 0) -> list[Any]:
    """The PDF's pages as greyscale arrays at ``dpi``, optionally turned by ``angle``
    degrees and sprinkled with ``noise`` (share of pixels flipped to a random grey)."""
    import cv2

    rng = np.random.default_rng(rng_seed)
    out = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            arr = np.array(page.render(scale=dpi / 72, grayscale=True).to_numpy())
            page.close()
            if arr.ndim == 3:
                arr = arr[:, :, 0]
            if angle:
                h, w = arr.shape
                m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
                arr = cv2.warpAffine(arr, m, (w, h), borderValue=255)
            if noise:
                mask = rng.random(arr.shape) < noise
                arr = arr.copy()
                arr[mask] = rng.integers(0, 256, int(mask.sum()), dtype=np.uint8)
            out.append(np.ascontiguousarray(arr, dtype=np.uint8))
    finally:
        doc.close()
    return out


def image_pdf(pages: Sequence[Any], dpi: float) -> bytes:
    """An image-only PDF of the pages (no text layer), as a scanner writes."""
    from PIL import Image

    images = [Image.fromarray(p) for p in pages]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()


def encode(page: Any, ext: str) -> bytes:
    import cv2

    ok, buf = cv2.imencode(ext, page)
    assert ok
    return bytes(buf)


def score(data: ReportData, report: Any) -> tuple[int, int, int, list[str]]:
    """(cells, right, silent, silent cell descriptions): a wrong cell is silent unless an
    error or warning issue names its table and its row (or the whole table)."""
    cells = right = 0
    silent: list[str] = []
    for table, rows in data.tables.items():
        for row, columns in rows.items():
            flagged = any(i.severity in ("error", "warning") and i.table == table
                          and i.row in (None, row) for i in report.issues)
            for column, expected in columns.items():
                cells += 1
                got = report[table][row][column]
                if got.value == expected.value and not (
                        isinstance(expected.value, int) and isinstance(got.value, float)):
                    right += 1
                elif not flagged:
                    silent.append(f"{table}.{row}.{column}: expected {expected.value!r}, "
                                  f"got {got.value!r} ({got.raw!r})")
    return cells, right, silent.__len__(), silent


# -- tests ---------------------------------------------------------------------------------


def test_without_the_extra_images_are_refused_with_the_install_hint(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gxtables._readers._ocr_extra as extra

    monkeypatch.setattr(extra, "ocr_installed", lambda: False)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200
    with pytest.raises(UnsupportedFormat, match=r'PNG.*pip install "\.\[ocr\]"'):
        sniff_format(png)


def test_truncated_image_headers_are_not_sniffed_as_images() -> None:
    with pytest.raises(UnsupportedFormat, match="PNG"):
        sniff_format(b"\x89PNG\r\n\x1a\nxxxx")


@needs_ocr
def test_image_magic_is_sniffed_as_image() -> None:
    page = np.full((50, 60), 255, dtype=np.uint8)
    for ext in (".png", ".jpg", ".tif"):
        assert sniff_format(encode(page, ext)) == "image", ext


def test_limits_have_ocr_fields_with_defaults() -> None:
    limits = Limits()
    assert limits.max_ocr_pages == 30 and limits.max_ocr_seconds == 600.0
    with pytest.raises(ValueError, match="max_ocr_pages"):
        Limits(max_ocr_pages=0)


def test_import_gxtables_does_not_import_opencv_or_onnxruntime() -> None:
    import subprocess
    import sys

    code = ("import sys, gxtables; gxtables.Limits(); "
            "print([m for m in ('cv2', 'onnxruntime', 'rapidocr_onnxruntime') "
            "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


@needs_ocr
def test_ruled_grid_from_image_gives_cells_and_spans() -> None:
    import cv2

    from gxtables._readers._ocr_grid import find_image_tables

    img = np.full((400, 600), 255, dtype=np.uint8)
    xs, ys = [50, 200, 350, 550], [50, 120, 190, 260, 330]
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 0, 2)
    # merge: column 0 spans rows 1-3 (no horizontal line there); row 0 columns 1-2 merged
    img[ys[2] - 3:ys[2] + 4, xs[0] + 4:xs[1] - 3] = 255
    img[ys[3] - 3:ys[3] + 4, xs[0] + 4:xs[1] - 3] = 255
    img[ys[0] + 4:ys[1] - 3, xs[2] - 3:xs[2] + 4] = 255
    (table,) = find_image_tables(img, 200)
    shape = [(c.row, c.col, c.rowspan, c.colspan) for c in table.cells]
    assert shape == [(0, 0, 1, 1), (0, 1, 1, 2), (1, 0, 3, 1),
                     *((r, c, 1, 1) for r in (1, 2, 3) for c in (1, 2))]
    assert table.cells[2].box == (50, 120, 200, 330)


@needs_ocr
@pytest.mark.parametrize("angle", [0.4, -0.7])
def test_tilted_page_is_turned_level(angle: float) -> None:
    from gxtables._readers._ocr_grid import deskew, skew_degrees

    page = raster(text_pdf(draw_report("2021", 7)), 100, angle=angle)[1]
    assert skew_degrees(page, 100) == pytest.approx(-angle, abs=0.08)
    assert skew_degrees(deskew(page, 100), 100) == pytest.approx(0.0, abs=0.08)


@needs_ocr
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_scanned_pdf_every_cell_right_or_flagged(template: str) -> None:
    data = draw_report(template, 1)
    pdf = image_pdf(raster(text_pdf(data), 200), 200)
    report = gxtables.extract(pdf)
    assert report.template == template
    assert any(i.code == "reader_note" and i.severity == "info" and "read by OCR" in i.message
               for i in report.issues)
    cells, right, silent, bad = score(data, report)
    assert silent == 0, describe(report, bad)
    assert right >= 0.9 * cells, (right, cells)


@needs_ocr
def test_noisy_slightly_turned_scan_is_right_or_flagged() -> None:
    data = draw_report("2021", 2)
    pdf = image_pdf(raster(text_pdf(data), 170, angle=0.2, noise=0.002, rng_seed=2), 170)
    report = gxtables.extract(pdf)
    assert report.template == "2021"
    _, _, silent, bad = score(data, report)
    assert silent == 0, describe(report, bad)


@needs_ocr
def test_tiff_of_every_page_reads_like_the_pdf() -> None:
    from PIL import Image

    data = draw_report("2021", 3)
    pages = raster(text_pdf(data), 200)
    buf = io.BytesIO()
    images = [Image.fromarray(p) for p in pages]
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:])
    report = gxtables.extract(buf.getvalue())
    assert report.source.format == "image" and report.template == "2021"
    _, _, silent, bad = score(data, report)
    assert silent == 0, describe(report, bad)


@needs_ocr
@pytest.mark.parametrize(("dpi", "ext"), [(200, ".png"), (300, ".jpg")])
def test_image_page_cells_carry_confidence_and_box(dpi: int, ext: str) -> None:
    from gxtables._readers._ocr import read_image

    data = draw_report("2021", 4)
    page = raster(text_pdf(data), dpi)[0]
    doc = read_image(encode(page, ext), limits=Limits(), source="p" + ext)
    cells = [c for g in doc.grids for c in g.cells]
    assert cells and all(c.location.bbox for c in cells)
    assert all(0.0 <= c.confidence <= 1.0 for c in cells)
    assert any(c.confidence < 1.0 for c in cells if c.text)  # each read text scored
    assert any(c.text == "信息内容" for c in cells)


@needs_ocr
def test_low_confidence_number_is_null_and_flagged(monkeypatch: pytest.MonkeyPatch) -> None:
    import gxtables._readers._ocr_page as ocr_page

    monkeypatch.setattr(ocr_page, "MIN_DIGIT_CONFIDENCE", 1.01)  # every number is unsure
    data = draw_report("2021", 5)
    report = gxtables.extract(image_pdf(raster(text_pdf(data), 150), 150))
    _, _, silent, bad = score(data, report)
    assert silent == 0, describe(report, bad)
    read = [v.value for t in report.tables.values() for row in t.rows.values()
            for v in row.values() if v.value is not None]
    assert read == []  # no number taken from an unsure reading (nor inferred from one)
    assert any(i.code == "reader_note" and "low confidence" in i.message for i in report.issues)


@needs_ocr
def test_ocr_page_limit_raises() -> None:
    data = draw_report("2021", 6)
    pdf = image_pdf(raster(text_pdf(data), 100), 100)
    with pytest.raises(LimitExceeded, match="max_ocr_pages") as info:
        gxtables.extract(pdf, limits=Limits(max_ocr_pages=1))
    assert info.value.limit == "max_ocr_pages"


@needs_ocr
@pytest.mark.slow
@pytest.mark.parametrize("number", range(10, 16))
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_corpus_scans_right_or_flagged(template: str, number: int) -> None:
    data = draw_report(template, number)
    report = gxtables.extract(image_pdf(raster(text_pdf(data), 150), 150))
    assert report.template == template
    cells, right, silent, bad = score(data, report)
    assert silent == 0, describe(report, bad)
    assert right >= 0.95 * cells, (right, cells)


def test_scanned_pdf_without_the_extra_keeps_the_refusal_with_the_hint(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gxtables._readers._ocr_hook as hook
    from gxtables._readers._pdf import read_pdf

    monkeypatch.setattr(hook, "ocr_installed", lambda: False)
    pdf = image_pdf([np.full((800, 600), 255, dtype=np.uint8)], 72)
    doc = read_pdf(pdf, limits=Limits(), source="scan.pdf")
    (note,) = doc.notes
    assert note.code == "no_text_layer" and note.severity == "error"
    assert "needs OCR" in note.message and 'pip install ".[ocr]"' in note.message


@needs_ocr
def test_scanned_pdf_with_no_ruled_table_keeps_the_no_text_layer_note() -> None:
    import cv2

    from gxtables._readers._pdf import read_pdf

    page = np.full((1170, 830), 255, dtype=np.uint8)
    cv2.putText(page, "2023", (100, 200), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 3)
    doc = read_pdf(image_pdf([page], 100), limits=Limits(), source="scan.pdf")
    assert [n.code for n in doc.notes] == ["no_text_layer"] and doc.grids == []


@needs_ocr
def test_ocr_time_limit_raises() -> None:
    pdf = image_pdf(raster(text_pdf(draw_report("2021", 6)), 100), 100)
    with pytest.raises(LimitExceeded, match="max_ocr_seconds") as info:
        gxtables.extract(pdf, limits=Limits(max_ocr_seconds=1e-9))
    assert info.value.limit == "max_ocr_seconds"


@needs_ocr
def test_pdf_with_one_scanned_page_among_text_pages() -> None:
    data = draw_report("2021", 8)
    text = text_pdf(data)
    scan = image_pdf(raster(text, 200), 200)
    mixed = pdfium.PdfDocument.new()
    with pdfium.PdfDocument(text) as a, pdfium.PdfDocument(scan) as b:
        mixed.import_pages(a, [0])
        mixed.import_pages(b, [1])
        mixed.import_pages(a, [2])
    buf = io.BytesIO()
    mixed.save(buf)
    mixed.close()
    report = gxtables.extract(buf.getvalue())
    assert report.template == "2021"
    cells, right, silent, bad = score(data, report)
    assert silent == 0, describe(report, bad)
    assert right >= 0.9 * cells
    (note,) = [i for i in report.issues if "read by OCR" in i.message]
    assert "page(s) 2 hold" in note.message
    assert not any(i.code == "no_text_layer" for i in report.issues)
