"""Peak memory and time of gxtables on the largest and most hostile inputs (issue 9).

Each case runs in a fresh interpreter so its peak RSS is its own; the input is built in the
child before timing starts, and its own memory is reported as the baseline.

    python benchmarks/bench_robustness.py            # every case
    python benchmarks/bench_robustness.py --case bomb
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable

CASES: dict[str, str] = {
    "text_50mb_one_line": "a text file of one 50 MB line",
    "html_20000_rows": "an HTML table of 20,000 rows",
    "html_nested_100000": "HTML nested 100,000 deep",
    "pdf_320_pages": "a PDF of 320 pages (tables after 320 prose pages)",
    "docx_zip_bomb": "a .docx whose main part inflates to 1 GiB",
    "docx_5000_tables": "a .docx with 5,000 tables",
    "text_2_4mb_run_together": "one 2.4 MB line of run-together labels and digits (issue 17)",
    "text_7mb_run_together": "one 7 MB line of run-together labels and digits (issue 17)",
    "text_7mb_long_lines": "7 MB of run-together lines of 60,000 characters each",
    "fifo_path": "a FIFO given as the path (nothing ever writes to it)",
}


def _text() -> bytes:
    unit = "2023年本机关收到政府信息公开申请 12 件，办结 11 件，予以公开 7 件。行政复议 0 件。"
    piece = unit.encode("utf-8")
    return piece * (50 * (1 << 20) // len(piece))


def _html_rows() -> bytes:
    body = "".join(f"<tr><td>第{i}项</td><td>{i}</td><td>{i * 7}</td></tr>" for i in range(20_000))
    return (f"<html><body><p>收到和处理政府信息公开申请情况</p><table>{body}</table>"
            "</body></html>").encode()


def _html_nested() -> bytes:
    return b"<html><body>" + b"<div>" * 100_000 + "本年新制作数量".encode()


def _pdf() -> bytes:
    sys.path.insert(0, "tests")
    from _render.layout import LayoutStyle, layout_report
    from _render.pdf import render_pdf
    from hypothesis import given, settings
    from strategies import reports

    found = []

    @settings(max_examples=1, database=None, derandomize=True)
    @given(reports("2021"))
    def grab(d: object) -> None:
        found.append(d)

    grab()
    return render_pdf(layout_report(found[0], LayoutStyle()), prose_pages=320)


def _bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                       b'wordprocessingml/2006/main"><w:body>')
            chunk = b" " * (1 << 20)
            for _ in range(1024):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return buf.getvalue()


def _docx_tables() -> bytes:
    import docx

    document = docx.Document()
    for i in range(5000):
        document.add_table(rows=1, cols=2).rows[0].cells[0].text = f"第{i}项"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _run_together(megabytes: float, line_chars: int | None = None) -> bytes:
    unit = "一、本年新收政府信息公开申请数量150010218二、上年结转政府信息公开申请数量3004"
    if line_chars is None:
        return (unit * int(megabytes * (1 << 20) / len(unit.encode()))).encode()
    line = (unit * (line_chars // len(unit))) + "\n"
    return (line * int(megabytes * (1 << 20) / len(line.encode()))).encode()


def _fifo() -> str:
    import os
    import tempfile

    path = os.path.join(tempfile.mkdtemp(prefix="gxtables-bench-"), "report.pdf")
    os.mkfifo(path)
    return path


BUILDERS: dict[str, Callable[[], bytes | str]] = {
    "text_50mb_one_line": _text,
    "html_20000_rows": _html_rows,
    "html_nested_100000": _html_nested,
    "pdf_320_pages": _pdf,
    "docx_zip_bomb": _bomb,
    "docx_5000_tables": _docx_tables,
    "text_2_4mb_run_together": lambda: _run_together(2.4),
    "text_7mb_run_together": lambda: _run_together(7),
    "text_7mb_long_lines": lambda: _run_together(7, 60_000),
    "fifo_path": _fifo,
}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_case(name: str) -> dict[str, object]:
    """Build the input, then extract it once; time, peak RSS and the outcome."""
    import gxtables

    data = BUILDERS[name]()
    before = _rss_mb()
    start = time.perf_counter()
    try:
        report = gxtables.extract(data)
        outcome = f"Report ({len(report.issues)} issues)"
    except gxtables.GxtablesError as exc:
        limit = getattr(exc, "limit", None)
        outcome = type(exc).__name__ + (f"({limit})" if limit else "")
    seconds = time.perf_counter() - start
    size = 0 if isinstance(data, str) else len(data)
    return {"case": name, "input_mb": size / (1 << 20), "seconds": seconds,
            "rss_before_mb": before, "peak_rss_mb": _rss_mb(), "outcome": outcome}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(CASES))
    parser.add_argument("--json", action="store_true", help="print one JSON line (internal)")
    args = parser.parse_args()
    if args.json and args.case:
        print(json.dumps(run_case(args.case)))
        return
    names = [args.case] if args.case else list(CASES)
    rows = []
    for name in names:
        out = subprocess.run([sys.executable, __file__, "--case", name, "--json"],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'case':<22} {'input MB':>9} {'seconds':>8} {'RSS before':>11} "
          f"{'peak RSS':>9}  outcome")
    for r in rows:
        print(f"{r['case']:<22} {r['input_mb']:>9.2f} {r['seconds']:>8.2f} "
              f"{r['rss_before_mb']:>9.0f}MB {r['peak_rss_mb']:>7.0f}MB  {r['outcome']}")


if __name__ == "__main__":
    main()
