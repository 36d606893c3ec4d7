"""Round trip: a generated report rendered as an HTML page extracts back to the same cells.

``extract(render_html(layout_report(data, style), **options))`` must give every cell's
value, unit and raw text, over every layout style and every way the HTML renderer dresses
the page: Word/WPS paste markup, wrapped cell text with ``<br>``, ``<th>``/``<thead>``, a
portal's outer layout table, bare fragments, GBK bytes declared or not.
"""

from __future__ import annotations

from typing import Any

from _render.html import html_options, render_html
from _render.layout import LayoutStyle, layout_report, styles
from hypothesis import given
from roundtrip import describe, mismatches
from strategies import ReportData, reports

import gxtables


@given(data=reports(), style=styles(), options=html_options())
def test_html_round_trip(data: ReportData, style: LayoutStyle, options: dict[str, Any]) -> None:
    blob = render_html(layout_report(data, style), **options)

    report = gxtables.extract(blob)

    assert report.source.format == "html"
    assert report.template == data.template
    bad = mismatches(data, report)
    assert not bad, describe(report, bad)
