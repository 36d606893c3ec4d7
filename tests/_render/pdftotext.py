"""poppler's ``pdftotext`` (default mode and ``-layout``) on the test PDFs (issue 12).

The real tool, run in a subprocess on :func:`_render.pdf.render_pdf`'s output: the default
mode gives cells in the order the PDF draws them, header cells interleaved and blank cells
gone; ``-layout`` keeps their positions in runs of spaces, long labels wrapped over several
lines. Tests that need it skip with :data:`MISSING` as the reason when it is not installed
(CI installs poppler-utils).
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from strategies import ReportData

from _render.layout import LayoutStyle, layout_report
from _render.pdf import render_pdf

__all__ = ["MISSING", "available", "pdf_options", "pdftotext", "render"]

MISSING = "pdftotext (poppler-utils) is not installed: apt-get install poppler-utils"


def available() -> bool:
    """Is the ``pdftotext`` executable on ``PATH``?"""
    return shutil.which("pdftotext") is not None


def pdftotext(pdf: bytes, *, layout: bool) -> bytes:
    """The text poppler's ``pdftotext`` extracts from ``pdf`` (UTF-8)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
        done = subprocess.run(args, capture_output=True, check=False, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(
            f"pdftotext failed (exit {done.returncode}): {done.stderr.decode(errors='replace')}"
        )
    return done.stdout


def pdf_options(rng: random.Random) -> dict[str, object]:
    """Export habits of :func:`render_pdf` drawn at random."""
    return {
        "page_break_in_applications": rng.random() < 0.3,
        "repeat_header": rng.random() < 0.5,
        "vertical_labels": rng.random() < 0.3,
        "prose_pages": rng.choice((0, 0, 1, 2)),
    }


def render(data: ReportData, style: LayoutStyle, rng: random.Random, *, layout: bool) -> bytes:
    """``data`` exported to PDF and read back by ``pdftotext`` (``-layout`` when asked)."""
    pdf = render_pdf(layout_report(data, style), **pdf_options(rng))  # type: ignore[arg-type]
    return pdftotext(pdf, layout=layout)
