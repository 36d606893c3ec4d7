"""Documents exported by a real office suite: generated reports rendered to DOCX, then
converted by LibreOffice to PDF, HTML and text, extract exactly (or flagged, never silently
wrong). LibreOffice lays tables out as Word does — narrow columns wrap labels over many
lines, rows break across pages — which the reportlab renderer does not.

Opt-in (``-m slow``) and skipped where LibreOffice (``soffice``) is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from _render.docx import render_docx
from _render.layout import layout_report, styles
from hypothesis import given, settings
from roundtrip import describe, unflagged
from strategies import ReportData, reports

import gxtables

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]
TARGETS = {"pdf": "pdf", "html": "html", "txt": "txt:Text (encoded):UTF8"}


@settings(max_examples=6, deadline=None)
@given(reports(), styles())
def test_libreoffice_exports_round_trip(tmp_path_factory: pytest.TempPathFactory,
                                        data: ReportData, style: object) -> None:
    tmp = Path(tmp_path_factory.mktemp("lo"))
    src = tmp / "report.docx"
    src.write_bytes(render_docx(layout_report(data, style)))  # type: ignore[arg-type]
    for ext, target in TARGETS.items():
        subprocess.run([str(SOFFICE), "--headless", "--convert-to", target, "--outdir",
                        str(tmp), str(src)], check=True, capture_output=True, timeout=300)
        report = gxtables.extract(tmp / f"report.{ext}")
        assert report.template == data.template
        bad = unflagged(data, report)
        assert not bad, (ext, describe(report, bad))
