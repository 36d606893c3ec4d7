"""Round trip: a generated report rendered as ``.docx`` extracts back to the same cells.

``extract(render_docx(layout_report(data, style), **options)) == data`` for every cell's
value and unit (and its raw text), over every layout style and every way the DOCX
renderer can dress the tables (split runs, multi-paragraph cells, content controls, a
layout table around everything, the applications table split in two).
"""

from __future__ import annotations

from _render.docx import render_docx
from _render.layout import LayoutStyle, layout_report, styles
from hypothesis import given, settings
from hypothesis import strategies as st
from roundtrip import describe, mismatches
from strategies import ReportData, reports

import gxtables


def docx_options() -> st.SearchStrategy[dict[str, bool]]:
    """Every combination of the DOCX renderer's options."""
    names = ("multi_paragraph_cells", "split_runs", "sdt", "nested", "split_table")
    return st.fixed_dictionaries({name: st.booleans() for name in names})


@settings(deadline=None)  # examples: the active profile ("ci" unless HYPOTHESIS_PROFILE says)
@given(data=reports(), style=styles(), options=docx_options())
def test_docx_round_trip(data: ReportData, style: LayoutStyle, options: dict[str, bool]) -> None:
    blob = render_docx(layout_report(data, style), **options)

    report = gxtables.extract(blob)

    assert report.source.format == "docx"
    assert report.template == data.template
    bad = mismatches(data, report)
    assert not bad, describe(report, bad)
