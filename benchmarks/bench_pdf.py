"""PDF reading speed against pdfplumber's bare table extraction, and peak memory.

Renders reports of about 4, 12 and 40 pages with the test renderer (prose pages before the
tables), then times, in one process and on the same bytes:

* ``bare``: ``for page in pdf.pages: page.extract_tables()`` with pdfplumber;
* ``read_pdf``: our reader, with the keyword page filter ``gxtables.extract`` uses
  (none if it is not there);
* ``extract``: the whole ``gxtables.extract`` (read, match, build, checks) when present.

Prints each time (best of ``--repeat``) and its ratio to ``bare``, then the peak RSS
growth of ``read_pdf`` over a 100-page report (measured first).
Run: ``python benchmarks/bench_pdf.py``.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import pdfplumber
from _render.layout import layout_report
from _render.pdf import render_pdf
from hypothesis import Phase, given, settings
from strategies import ReportData, reports

import gxtables
from gxtables._limits import Limits
from gxtables._readers._pdf import read_pdf


def _report() -> ReportData:
    drawn: list[ReportData] = []

    @settings(max_examples=1, database=None, derandomize=True, phases=[Phase.generate])
    @given(reports("2021"))
    def draw(data: ReportData) -> None:
        drawn.append(data)

    draw()
    return drawn[0]


def _page_filter() -> Callable[[str], bool] | None:
    try:
        from gxtables._api import _page_has_tables
    except ImportError:
        return None
    return _page_has_tables  # type: ignore[no-any-return]


def _bare(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def _best(fn: Callable[[bytes], Any], data: bytes, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(data)
        best = min(best, time.perf_counter() - start)
    return best


def _pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    blocks = layout_report(_report())
    page_filter = _page_filter()
    limits = Limits()
    runners: dict[str, Callable[[bytes], Any]] = {
        "bare": _bare,
        "read_pdf": lambda d: read_pdf(d, limits=limits, source=None, page_filter=page_filter),
    }
    if hasattr(gxtables, "extract"):
        runners["extract"] = gxtables.extract

    # memory first, while the process is still small
    data = render_pdf(blocks, prose_pages=98, page_break_in_applications=True)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    read_pdf(data, limits=limits, source=None)  # no filter: every page with lines is read
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"{_pages(data)}-page report, read_pdf: peak Python allocations {peak / 2**20:.1f} MiB, "
        f"peak RSS {after / 1024:.1f} MiB (+{(after - before) / 1024:.1f} MiB)"
    )

    print(f"{'pages':>5}  " + "  ".join(f"{name:>16}" for name in runners))
    for prose in (2, 10, 38):
        data = render_pdf(blocks, prose_pages=prose, page_break_in_applications=True)
        times = {name: _best(fn, data, args.repeat) for name, fn in runners.items()}
        cols = [
            f"{times[name] * 1000:8.1f}ms x{times[name] / times['bare']:4.2f}" for name in runners
        ]
        print(f"{_pages(data):>5}  " + "  ".join(cols))


if __name__ == "__main__":
    main()
