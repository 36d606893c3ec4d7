"""Flattened text: CPU time per seed report, against touching every character once.

The baseline is the least any reader of these reports does (issue 13): decode the bytes,
NFKC-normalise the text, split it into lines and find the numbers with one regular
expression. Figures are CPU time (``time.process_time``, best of ``--repeat``) and ratios
against that baseline run in the same process, because these machines are shared and
noisy. Extract is timed with the caches emptied before each run (the first report of a
process), in the steady state of a batch (each report after the caches were warmed by the
other reports only: labels and values recur across reports, prose does not) and warm (the
same reports again).
Also shows where the time goes: every stage of ``extract`` timed inside one pass over the
seeds (sniffing and bounds, read, match, solve, build, checks, metadata), so the stages add
up to ``extract``; ``rest`` is what lies between them.

    python benchmarks/bench_text.py [--repeat N]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import gxtables
from gxtables._api import bound_text, bound_text_bytes
from gxtables._build import build_report, flag_unknown_units
from gxtables._caches import clear_caches
from gxtables._checks import check_report
from gxtables._limits import Limits
from gxtables._match import match_layout
from gxtables._metadata import read_metadata
from gxtables._readers._text import read_text
from gxtables._records import Source
from gxtables._sniff import sniff_format
from gxtables._solve import resolve
from gxtables._suspect import suspect_numbers

SEEDS = sorted((Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds")
               .glob("*.txt"))

#: What "finding the numbers" means for the baseline: runs of digits with separators.
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def forget() -> None:
    """Empty gxtables' caches of texts (``clear_caches``), so each run pays for its texts as
    a batch of new reports would (labels and values recur across reports; prose does not)."""
    clear_caches()


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


def pipeline(docs: list[bytes]) -> dict[str, float]:
    """CPU seconds of each stage of ``extract`` (as ``_api`` runs them) over ``docs``, timed
    inside one pass so the stages add up to what ``extract`` does (caches as the stages
    before them left them)."""
    spent = dict.fromkeys(STAGES, 0.0)
    limits = Limits()
    clock = time.process_time
    for data in docs:
        t0 = clock()
        sniff_format(data, source=None)
        bound_text_bytes(data, limits, "<bytes>")
        t1 = clock()
        document = read_text(data, limits=limits, source=None)
        t2 = clock()
        bound_text(document, limits, "<bytes>")
        source = Source(None, "text", hashlib.sha256(data).hexdigest())
        t3 = clock()
        raw = match_layout(document)
        t4 = clock()
        raw = resolve(raw)
        t5 = clock()
        report = flag_unknown_units(build_report(raw, source, []))
        t6 = clock()
        check_report(report) + suspect_numbers(report)
        t7 = clock()
        read_metadata(document)
        t8 = clock()
        for stage, took in zip(STAGES, (t1 - t0 + t3 - t2, t2 - t1, t4 - t3, t5 - t4, t6 - t5,
                                        t7 - t6, t8 - t7), strict=True):
            spent[stage] += took
    return spent


def steady_state(docs: list[bytes]) -> float:
    """CPU seconds of extracting each of ``docs`` once the caches hold what the *other*
    documents left (not its own): what a crawler's long batch of new reports sees, where
    labels and values recur from report to report and prose does not. The warming runs
    are not counted."""
    spent = 0.0
    for i, data in enumerate(docs):
        forget()
        for j, other in enumerate(docs):
            if j != i:
                gxtables.extract(other)
        t0 = time.process_time()
        gxtables.extract(data)
        spent += time.process_time() - t0
    return spent


#: The stages ``pipeline`` times, in ``extract``'s order.
STAGES = ("sniff+bounds", "read", "match", "solve", "build", "checks", "metadata")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    docs = [p.read_bytes() for p in SEEDS]
    for d in docs:  # warm imports (regex compilation, first-call set-up)
        gxtables.extract(d)
    n = len(docs)
    t_base = best(lambda: [touch_every_character(d) for d in docs], args.repeat)
    print(f"{n} seed documents, CPU time, best of {args.repeat}")
    print(f"baseline (decode, NFKC, split lines, find numbers): {t_base / n * 1000:8.3f} ms/doc")
    t_ext = 0.0
    for warm in (False, True):
        t = best(lambda: [gxtables.extract(d) for d in docs], args.repeat, warm)
        t_ext = t_ext or t
        what = ("caches warm (the same documents again)" if warm
                else "caches emptied before each run (new reports)")
        print(f"gxtables.extract: {t / n * 1000:8.3f} ms/doc  {n / t:7.1f} docs/s  "
              f"x{t / t_base:.1f} of baseline — {what} (target <= 5, stretch 2)")
    t = min(steady_state(docs) for _ in range(args.repeat))
    print(f"gxtables.extract: {t / n * 1000:8.3f} ms/doc  {n / t:7.1f} docs/s  "
          f"x{t / t_base:.1f} of baseline — steady state of a batch (each report's caches "
          "warmed by the other reports only)")
    runs = []
    for _ in range(args.repeat):
        forget()
        runs.append(pipeline(docs))
    print("stages, caches emptied before each run (least of each over the runs):")
    rest = t_ext
    for stage in STAGES:
        t = min(run[stage] for run in runs)
        rest -= t
        print(f"  {stage:<12} {t / n * 1000:8.3f} ms/doc  ({t / t_ext:5.1%} of extract, "
              f"x{t / t_base:.1f} of baseline)")
    print(f"  {'rest':<12} {rest / n * 1000:8.3f} ms/doc  ({rest / t_ext:5.1%} of extract: "
          "calls between the stages, and the noise of a shared machine)")


if __name__ == "__main__":
    main()
