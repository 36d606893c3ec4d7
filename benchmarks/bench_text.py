"""Flattened text: CPU time per seed report, against touching every character once.

The baseline is the least any reader of these reports does (issue 13): decode the bytes,
NFKC-normalise the text, split it into lines and find the numbers with one regular
expression. Figures are CPU time (``time.process_time``, best of ``--repeat``) and ratios
against that baseline run in the same process, because these machines are shared and
noisy. Also shows where the time goes: read, match, build, checks — each stage alone on the
previous stage's output, and its ratio to the baseline.

    python benchmarks/bench_text.py [--repeat N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections.abc import Callable
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

#: What "finding the numbers" means for the baseline: runs of digits with separators.
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def forget() -> None:
    """Empty every ``functools`` cache of gxtables' modules (the matcher's per-text caches),
    so each run pays for its texts as a batch of new reports would (labels and values recur
    across reports; prose does not)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("gxtables."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear) and hasattr(value, "cache_info"):
                    clear()


def best(fn: Callable[[], object], repeat: int, warm: bool = False) -> float:
    """The least CPU time of ``repeat`` runs of ``fn`` (seconds), caches emptied before each
    run unless ``warm``."""
    times = []
    for _ in range(repeat):
        if not warm:
            forget()
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def touch_every_character(data: bytes) -> int:
    """Decode, NFKC-normalise, split lines, find numbers: the issue's baseline."""
    text = unicodedata.normalize("NFKC", data.decode("utf-8"))
    return sum(len(_NUMBER.findall(line)) for line in text.splitlines())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--warm", action="store_true",
                    help="keep the per-text caches between runs (the same documents again)")
    args = ap.parse_args()
    docs = [p.read_bytes() for p in SEEDS]
    limits = Limits()
    parsed = [read_text(d, limits=limits, source=None) for d in docs]
    raws = [match_layout(doc) for doc in parsed]
    src = Source(None, "text", "0" * 64)
    reports = [build_report(raw, src, []) for raw in raws]

    stages: list[tuple[str, Callable[[], object]]] = [
        ("read", lambda: [read_text(d, limits=limits, source=None) for d in docs]),
        ("match", lambda: [match_layout(doc) for doc in parsed]),
        ("build", lambda: [build_report(raw, src, []) for raw in raws]),
        ("checks", lambda: [check_report(rep) for rep in reports]),
    ]
    for d in docs:  # warm imports and caches
        gxtables.extract(d)
    t_base = best(lambda: [touch_every_character(d) for d in docs], args.repeat)
    t_ext = best(lambda: [gxtables.extract(d) for d in docs], args.repeat, args.warm)
    n = len(docs)
    print(f"{n} seed documents, CPU time, best of {args.repeat}, caches "
          f"{'warm' if args.warm else 'emptied before each run'}")
    print(f"baseline (decode, NFKC, split lines, find numbers): {t_base / n * 1000:8.3f} ms/doc")
    print(f"gxtables.extract: {t_ext / n * 1000:8.3f} ms/doc  {n / t_ext:7.1f} docs/s  "
          f"x{t_ext / t_base:.1f} of baseline (target <= 5, stretch 2)")
    rest = t_ext
    for name, fn in stages:
        t = best(fn, args.repeat, args.warm)
        rest -= t
        print(f"  {name:<7} {t / n * 1000:8.3f} ms/doc  ({t / t_ext:5.1%} of extract, "
              f"x{t / t_base:.1f} of baseline)")
    print(f"  other   {rest / n * 1000:8.3f} ms/doc  ({rest / t_ext:5.1%} of extract: sniffing, "
          "bounds, solving, metadata)")


if __name__ == "__main__":
    main()
