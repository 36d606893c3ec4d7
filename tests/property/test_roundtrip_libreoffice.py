"""Documents exported by a real office suite: generated reports rendered to DOCX, then
converted by LibreOffice to PDF, HTML and text, extract exactly (or flagged, never silently
wrong). LibreOffice lays tables out as Word does — narrow columns wrap labels over many
lines, rows break across pages — which the reportlab renderer does not.

Opt-in (``-m slow``) and skipped where LibreOffice (``soffice``) is not installed.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import pytest
from _render.docx import render_docx
from _render.layout import layout_report, styles
from hypothesis import given, settings
from strategies import ReportData, reports

import gxtables

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]
TARGETS = {"pdf": "pdf", "html": "html", "txt": "txt:Text (encoded):UTF8"}


def _check(data: ReportData, report: gxtables.Report) -> list[tuple[str, str, str]]:
    silent = []
    for table, rows in data.tables.items():
        for row, cols in rows.items():
            flagged = any(i.severity in ("error", "warning") and i.table in (None, table)
                          and i.row in (None, row) for i in report.issues)
            for col, want in cols.items():
                got = report[table][row][col]
                same_value = (got.value is None and want.value is None) or (
                    got.value is not None and want.value is not None
                    and math.isclose(got.value, want.value))
                same = same_value and got.unit == want.unit
                if not same and not flagged:
                    silent.append((table, row, col))
    return silent


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
        assert not _check(data, report), (ext, _check(data, report)[:5])
