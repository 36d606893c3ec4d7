"""PDF reading speed against pdfplumber's bare table extraction, and memory.

CPU time (``time.process_time``, best of ``--repeat``), one process, the same bytes:

* ``bare``: ``for page in pdf.pages: page.extract_tables()`` with pdfplumber;
* ``read_pdf``: our reader, with the keyword page filter ``gxtables.extract`` uses;
* ``extract``: the whole ``gxtables.extract`` (read, match, build, checks).

Documents:

* the seed reports as rendered in ``tests/fixtures/seed_renders`` — ``*.lo.pdf`` are
  LibreOffice exports with embedded fonts (as Word and WPS export), ``*.pdf`` reportlab's
  with the non-embedded CID font STSong-Light, whose lone glyphs pdfium cannot measure, so
  those pages also go through pdfminer (see ``gxtables/_readers/_pdf_miner.py``);
* generated reports (the test renderer, STSong-Light) of about 5, 13 and 41 pages, and one
  of 100 pages with the tables at the end;
* ``unruled:none`` / ``unruled:rows``: the 5-page one with its tables drawn without ruling
  lines, or with horizontal rules only (read from the pages laid out as text).

Prints each time, its ratio to ``bare`` and the CPU ms of ``extract`` per table page, the
median ratio over the 4–6-page reports, then (``--flat N``) the RSS after each tenth of N
reads of one report in one process. Run: ``python benchmarks/bench_pdf.py``.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test renderer and strategies

import pdfplumber  # noqa: E402
from _render.layout import layout_report  # noqa: E402
from _render.pdf import render_pdf  # noqa: E402
from hypothesis import Phase, given, settings  # noqa: E402
from strategies import ReportData, reports  # noqa: E402

import gxtables  # noqa: E402
from gxtables._limits import Limits  # noqa: E402
from gxtables._readers._pdf import read_pdf  # noqa: E402


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
        start = time.process_time()
        fn(data)
        best = min(best, time.process_time() - start)
    return best


def _pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def _table_pages(data: bytes, page_filter: Callable[[str], bool] | None) -> int:
    doc = read_pdf(data, limits=Limits(), source=None, page_filter=page_filter)
    return len({c.location.page for g in doc.grids for c in g.cells})


def _rss_mib() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--flat", type=int, default=0, help="reads for the memory check")
    args = parser.parse_args()

    page_filter = _page_filter()
    limits = Limits()
    runners: dict[str, Callable[[bytes], Any]] = {
        "bare": _bare,
        "read_pdf": lambda d: read_pdf(d, limits=limits, source=None, page_filter=page_filter),
        "extract": gxtables.extract,
    }
    blocks = layout_report(_report())
    renders = sorted((ROOT / "tests/fixtures/seed_renders").glob("*.pdf"))
    docs: list[tuple[str, bytes]] = [(p.name, p.read_bytes()) for p in renders]
    for prose in (2, 10, 38, 98):
        data = render_pdf(blocks, prose_pages=prose, page_break_in_applications=True)
        docs.append((f"generated+{prose}", data))
    for borders in ("none", "rows"):  # no ruled table: the pages are laid out as text
        docs.append((f"unruled:{borders}", render_pdf(blocks, prose_pages=2, borders=borders)))

    print(f"{'document':<16}{'pages':>6}{'tables':>7}  "
          + "  ".join(f"{name:>15}" for name in runners) + "  extract/table page")
    ratios: dict[str, list[float]] = {"embedded fonts": [], "STSong-Light": []}
    for name, data in docs:
        times = {k: _best(fn, data, args.repeat) for k, fn in runners.items()}
        n, tables = _pages(data), _table_pages(data, page_filter)
        cols = [f"{times[k] * 1000:7.1f}ms x{times[k] / times['bare']:4.2f}" for k in runners]
        per = times["extract"] * 1000 / max(1, tables)
        print(f"{name:<16}{n:>6}{tables:>7}  " + "  ".join(cols) + f"  {per:8.1f} ms")
        if 4 <= n <= 6:
            kind = "embedded fonts" if name.endswith(".lo.pdf") else "STSong-Light"
            ratios[kind].append(times["extract"] / times["bare"])
    for kind, values in ratios.items():
        if values:
            print(f"median extract/bare over {len(values)} 4–6-page reports ({kind}): "
                  f"x{statistics.median(values):.2f}")

    if args.flat:
        data = dict(docs)["000.lo.pdf"]
        marks = []
        for i in range(args.flat):
            gxtables.extract(data)
            if (i + 1) % max(1, args.flat // 10) == 0:
                marks.append(_rss_mib())
        print(f"RSS over {args.flat} extracts of 000.lo.pdf (MiB, each tenth): "
              + " ".join(f"{m:.0f}" for m in marks))


if __name__ == "__main__":
    main()
