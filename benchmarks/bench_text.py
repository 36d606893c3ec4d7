"""Flattened text: documents per second on the seed reports.

Figures are ratios against a baseline run in the same process — decoding the bytes and
splitting them into lines, the least any text reader does — because these machines are
noisy. Also shows where the time goes (read, match, build, checks).

    python benchmarks/bench_text.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import gxtables
from gxtables._build import build_report
from gxtables._checks import check_report
from gxtables._limits import Limits
from gxtables._match import match_layout
from gxtables._readers._text import read_text
from gxtables._records import Source

SEEDS = sorted((Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds")
               .glob("*.txt"))


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    docs = [p.read_bytes() for p in SEEDS]
    limits = Limits()

    def baseline() -> None:
        for d in docs:
            d.decode("utf-8").splitlines()

    def extract_all() -> None:
        for d in docs:
            gxtables.extract(d)

    def read_all() -> None:
        for d in docs:
            read_text(d, limits=limits, source=None)

    parsed = [read_text(d, limits=limits, source=None) for d in docs]

    def match_all() -> None:
        for doc in parsed:
            match_layout(doc)

    raws = [match_layout(doc) for doc in parsed]
    src = Source(None, "text", "0" * 64)

    def build_all() -> None:
        for raw in raws:
            build_report(raw, src, [])

    reports = [build_report(raw, src, []) for raw in raws]

    def check_all() -> None:
        for rep in reports:
            check_report(rep)

    extract_all()  # warm imports and caches
    t_base = best(baseline, args.repeat)
    t_ext = best(extract_all, args.repeat)
    n = len(docs)
    print(f"{n} seed documents, best of {args.repeat}")
    print(f"baseline (decode + split lines): {t_base / n * 1000:8.3f} ms/doc")
    print(f"gxtables.extract:               {t_ext / n * 1000:8.3f} ms/doc  "
          f"{n / t_ext:7.1f} docs/s  x{t_ext / t_base:,.0f} of baseline")
    for name, fn in (("read", read_all), ("match", match_all), ("build", build_all),
                     ("checks", check_all)):
        t = best(fn, args.repeat)
        print(f"  {name:<7} {t / n * 1000:8.3f} ms/doc  ({t / t_ext:5.1%} of extract)")


if __name__ == "__main__":
    main()
