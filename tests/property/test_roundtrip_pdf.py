"""Round trip: a generated report rendered as a PDF extracts back to the same cells.

``extract(render_pdf(layout_report(data, style), **options))`` gives every cell's value and
unit as generated, and the template, over every layout style and every way the PDF
renderer sets the tables (a page break inside the applications table with or without a
repeated header, vertical labels, prose pages before the tables). PDF is slow to render
and read, so few examples run here.
"""

from __future__ import annotations

from typing import Any

from _render.layout import LayoutStyle, layout_report, styles
from _render.pdf import render_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from roundtrip import describe, mismatches
from strategies import ReportData, reports

import gxtables


def pdf_options() -> st.SearchStrategy[dict[str, Any]]:
    """Every combination of the PDF renderer's options."""
    return st.fixed_dictionaries(
        {
            "page_break_in_applications": st.booleans(),
            "repeat_header": st.booleans(),
            "vertical_labels": st.booleans(),
            "prose_pages": st.integers(0, 6),
        }
    )


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=reports(), style=styles(), options=pdf_options())
def test_pdf_round_trip(data: ReportData, style: LayoutStyle, options: dict[str, Any]) -> None:
    blob = render_pdf(layout_report(data, style), **options)

    report = gxtables.extract(blob)

    assert report.source.format == "pdf"
    assert report.template == data.template
    bad = mismatches(data, report)
    assert not bad, describe(report, bad)
