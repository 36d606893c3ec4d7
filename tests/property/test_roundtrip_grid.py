"""The aligner alone, on exact grids: generated report data laid out like the official
templates (merged header and label cells as spans) and handed to the matcher as the grids an
HTML, DOCX or PDF reader would produce. Every cell must come back exactly."""

from __future__ import annotations

from _render.layout import GridTable, Heading, Paragraph, layout_report, styles
from hypothesis import given
from roundtrip import describe, mismatches
from strategies import ReportData, reports

from gxtables._build import build_report
from gxtables._grid import Cell, CellGrid, Document, Location
from gxtables._grid import Paragraph as DocParagraph
from gxtables._match import match_layout
from gxtables._records import Report, Source


def to_document(blocks: list[GridTable | Heading | Paragraph]) -> Document:
    out: list[CellGrid | DocParagraph] = []
    n_grids = 0
    for block in blocks:
        if isinstance(block, GridTable):
            cells = tuple(
                Cell(c.text, c.row, c.col, c.rowspan, c.colspan,
                     Location(table=n_grids, row=c.row, col=c.col))
                for c in block.cells
            )
            out.append(CellGrid(cells, index=n_grids, exact=True, rows_known=True))
            n_grids += 1
        else:
            out.append(DocParagraph(block.text))
    return Document("html", tuple(out))


def extract_grid(blocks: list[GridTable | Heading | Paragraph]) -> Report:
    raw = match_layout(to_document(blocks))
    return build_report(raw, Source(None, "html", "0" * 64), [])


@given(reports(), styles())
def test_exact_grids_round_trip(data: ReportData, style: object) -> None:
    report = extract_grid(layout_report(data, style))  # type: ignore[arg-type]
    assert report.template == data.template
    bad = mismatches(data, report)
    assert not bad, describe(report, bad)
    assert not [i for i in report.issues if i.severity == "error"]
