"""Hostile inputs measured in a fresh interpreter each: outcome, wall time and peak RSS.

Shared by ``bench_html.py --hostile`` and ``bench_docx.py --hostile`` (issue 17's cases).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable

_CHILD = """
import sys, time, resource, gxtables
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    gxtables.extract(data, limits=gxtables.Limits(timeout=20))
    outcome = "a report"
except gxtables.GxtablesError as exc:
    outcome = type(exc).__name__ + (f"({exc.limit})" if hasattr(exc, "limit") else "")
seconds = time.perf_counter() - start
try:  # this process's own high-water mark (ru_maxrss would include the parent's at fork)
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{seconds:.2f} {peak * 1024}", outcome)
"""


def _run_isolated(data: bytes) -> tuple[str, float, int]:
    """Extract ``data`` in a fresh interpreter: (outcome, seconds, peak RSS in bytes)."""
    with tempfile.NamedTemporaryFile(suffix=".bin") as tmp:
        tmp.write(data)
        tmp.flush()
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, tmp.name],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        output = proc.stdout.read()
        proc.wait()
    seconds, peak, outcome = [*output.strip().split(" ", 2), "", "", ""][:3]
    return outcome or "crashed", float(seconds or "nan"), int(peak or 0)


def hostile(cases: dict[str, Callable[[], bytes]]) -> None:
    """Each hostile case in its own process, under ``Limits(timeout=20)``."""
    print(f"{'case':44s} {'file':>10s} {'outcome':32s} {'time':>7s} {'peak RSS':>9s}")
    for name, make in cases.items():
        data = make()
        outcome, seconds, rss = _run_isolated(data)
        print(f"{name:44s} {len(data) / 1e6:8.1f}MB {outcome:32s} {seconds:6.2f}s "
              f"{rss / 2**20:7.0f}MB")
