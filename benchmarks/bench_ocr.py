"""OCR extra (issue 16): share of cells right on scanned generated reports, CPU seconds per
OCR'd page and per document, peak memory.

Reports are drawn by ``tests/strategies.py`` (both layouts), rendered to PDF by the test
renderer, rasterised with pypdfium2 at ``--dpi`` and rebuilt as image-only PDFs (a scan with
no text layer), then read by ``gxtables.extract``. A cell is right when its value equals the
generated one; a wrong cell is *silent* unless an error/warning issue names its table and
row. Run: ``python benchmarks/bench_ocr.py [--reports 10] [--dpi 200] [--angle 0.3]
[--noise 0.002]``. CPU time counts every thread (onnxruntime runs on one).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_ocr import draw_report, image_pdf, raster, score, text_pdf  # noqa: E402

import gxtables  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=10, help="reports per layout")
    parser.add_argument("--dpi", type=float, default=200.0, help="resolution of the scans")
    parser.add_argument("--first", type=int, default=100, help="first report number")
    parser.add_argument("--angle", type=float, default=0.0, help="turn each scan (degrees)")
    parser.add_argument("--noise", type=float, default=0.0, help="share of pixels made noise")
    args = parser.parse_args()
    cells = right = silent = pages = 0
    cpu = 0.0
    wrong_template = 0
    for template in ("2021", "2019"):
        for number in range(args.first, args.first + args.reports):
            data = draw_report(template, number)
            scan = raster(text_pdf(data), args.dpi, angle=args.angle, noise=args.noise,
                          rng_seed=number)
            pdf = image_pdf(scan, args.dpi)
            start = time.process_time()
            report = gxtables.extract(pdf)
            took = time.process_time() - start
            c, r, s, bad = score(data, report)
            cells, right, silent, pages, cpu = (cells + c, right + r, silent + s,
                                                pages + len(scan), cpu + took)
            wrong_template += report.template != template
            print(f"{template} #{number}: {r}/{c} right, {s} silent, {len(scan)} pages, "
                  f"{took:.1f} s CPU", *bad[:3], sep="\n  " if bad else " ", flush=True)
    n = 2 * args.reports
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{n} reports, {pages} pages at {args.dpi:g} dpi: {right}/{cells} cells right "
          f"({100 * right / cells:.2f} %), {silent} silent, {wrong_template} wrong template; "
          f"{cpu / pages:.2f} s CPU per page, {cpu / n:.1f} s per document; "
          f"peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
