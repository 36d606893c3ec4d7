"""Round trip: a generated report flattened to text extracts back to the same cells.

``extract(render_text(layout_report(data, style), dialect, ...))`` must give every cell's
value, unit and raw text, over every layout style, the ``tab``/``blank``/``pipe``
dialects, the supported encodings, CRLF line ends and labels wrapped over two lines.
The ``runtogether`` dialect loses the cell boundaries, so there each cell must be either
right or flagged by an error/warning issue naming its table (TEMPLATES.md §1, §4).
"""

from __future__ import annotations

from _render.layout import LayoutStyle, layout_report, styles
from _render.text import ENCODINGS, render_text
from hypothesis import given, settings
from hypothesis import strategies as st
from roundtrip import describe, mismatches, unflagged
from strategies import ReportData, reports

import gxtables


@given(
    data=reports(),
    style=styles(),
    dialect=st.sampled_from(["tab", "blank", "pipe"]),
    encoding=st.sampled_from(ENCODINGS),
    crlf=st.booleans(),
    wrap=st.booleans(),
)
def test_text_round_trip(
    data: ReportData, style: LayoutStyle, dialect: str, encoding: str, crlf: bool, wrap: bool
) -> None:
    blob = render_text(layout_report(data, style), dialect, crlf=crlf, encoding=encoding,
                       wrap=wrap)

    report = gxtables.extract(blob)

    assert report.source.format == "text"
    assert report.template == data.template
    bad = mismatches(data, report)
    assert not bad, describe(report, bad)


# Each example runs the arithmetic solver over a whole table of arbitrary (large) counts,
# seconds apiece: a third of the profile's examples.
@settings(max_examples=max(1, settings.default.max_examples // 3))
@given(data=reports(), style=styles(), encoding=st.sampled_from(ENCODINGS))
def test_runtogether_cells_are_right_or_flagged(
    data: ReportData, style: LayoutStyle, encoding: str
) -> None:
    blob = render_text(layout_report(data, style), "runtogether", encoding=encoding)

    report = gxtables.extract(blob)

    assert report.template == data.template
    bad = unflagged(data, report)
    assert not bad, describe(report, bad)
