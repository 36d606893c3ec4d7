"""Batch throughput, memory over a long run, and the cost of the batch machinery.

* throughput (documents/s) per format — a plain ``for path: extract(path)`` loop, then
  ``extract_many`` in process (``jobs=1``), with one killable worker (``jobs=1, timeout=``)
  and with two workers (``jobs=2``); the overhead columns compare each with the plain loop;
* peak RSS of the parent and of the workers, sampled every 0.2 s across a batch of 1,000
  mixed documents at ``jobs=2``, reported at each tenth of the run so growth would show;
* a short hard timeout (``timeout=1``, workers recycled every 5 documents so start-ups
  recur): how many documents fail. The clock starts when a worker takes its document, so a
  worker's start-up (seconds on a loaded machine) is never charged to one (issue 17).

Documents: the seed reports (text) and synthetic reports rendered by the test renderers
(HTML, DOCX, PDF), written to a temporary directory; workers read the paths themselves.
Run: ``python benchmarks/bench_batch.py [--per-format 120] [--memory-docs 1000]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import gxtables
from gxtables import extract_many

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def _rss_mb(pid: int) -> float:
    try:
        import psutil

        return float(psutil.Process(pid).memory_info().rss) / 2**20
    except ImportError:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except Exception:
        return 0.0
    return 0.0


def _worker_pids() -> list[int]:
    """The worker processes: the children of our forkserver (or our own, under spawn)."""
    try:
        import psutil
    except ImportError:
        return []
    pids = []
    for child in psutil.Process().children():
        try:
            if "forkserver" in " ".join(child.cmdline()):
                pids.extend(c.pid for c in child.children())
            elif "resource_tracker" not in " ".join(child.cmdline()):
                pids.append(child.pid)
        except psutil.Error:
            continue
    return pids


def make_corpus(directory: Path, per_format: int) -> dict[str, list[Path]]:
    """``per_format`` documents of each format (ten distinct reports each, repeated)."""
    warnings.simplefilter("ignore")
    import strategies
    from _render.docx import render_docx
    from _render.html import render_html
    from _render.layout import layout_report
    from _render.pdf import render_pdf

    renderers: dict[str, Callable[..., bytes]] = {
        "html": render_html, "docx": render_docx, "pdf": render_pdf}
    seeds = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
    distinct: dict[str, list[bytes]] = {"text": [s.read_bytes() for s in seeds]}
    blocks = [layout_report(strategies.reports().example()) for _ in range(10)]
    for fmt, render in renderers.items():
        distinct[fmt] = [render(b) for b in blocks]
    corpus: dict[str, list[Path]] = {}
    ext = {"text": "txt", "html": "html", "docx": "docx", "pdf": "pdf"}
    for fmt, datas in distinct.items():
        paths = []
        for i in range(per_format):
            data = datas[i % len(datas)]
            if fmt == "text":  # distinct bytes, so distinct digests
                data += b"\n" * (i + 1)
            path = directory / f"{fmt}-{i:05d}.{ext[fmt]}"
            path.write_bytes(data)
            paths.append(path)
        corpus[fmt] = paths
    return corpus


def _rate(run: Callable[[], int], n: int) -> float:
    start = time.perf_counter()
    done = run()
    assert done == n, (done, n)
    return n / (time.perf_counter() - start)


def throughput(corpus: dict[str, list[Path]]) -> None:
    print("\nthroughput, documents/s (overhead against the plain loop)")
    print(f"{'format':<6} {'n':>5} {'loop':>8} {'jobs=1':>16} {'1 worker':>16} {'jobs=2':>16}")
    for fmt, paths in corpus.items():
        n = len(paths)
        gxtables.extract(paths[0])  # import the reader outside the timing

        def loop(paths: list[Path] = paths) -> int:
            count = 0
            for p in paths:
                with contextlib.suppress(gxtables.GxtablesError):
                    gxtables.extract(p)
                count += 1
            return count

        def batch(paths: list[Path] = paths, **kw: object) -> int:
            return sum(1 for _ in extract_many(paths, **kw))  # type: ignore[arg-type]

        base = _rate(loop, n)
        one = _rate(batch, n)
        pooled = _rate(lambda: batch(timeout=120.0), n)
        two = _rate(lambda: batch(jobs=2), n)

        def cell(rate: float, base: float = base) -> str:
            return f"{rate:7.1f} ({(base / rate - 1) * 100:+4.0f}%)"

        print(f"{fmt:<6} {n:>5} {base:8.1f} {cell(one):>16} {cell(pooled):>16} {cell(two):>16}")


def memory(corpus: dict[str, list[Path]], total: int) -> None:
    mixed = [p for group in zip(*corpus.values(), strict=False) for p in group]
    paths = [mixed[i % len(mixed)] for i in range(total)]
    samples: list[tuple[int, float, float, int]] = []  # done, parent MB, worst worker MB, n
    done = 0
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            workers = [_rss_mb(pid) for pid in _worker_pids()]
            samples.append((done, _rss_mb(os.getpid()), max(workers, default=0.0),
                            len(workers)))

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    start = time.perf_counter()
    for _ in extract_many(paths, jobs=2):
        done += 1
    seconds = time.perf_counter() - start
    stop.set()
    thread.join()
    print(f"\nmemory over {total} mixed documents at jobs=2 ({total / seconds:.1f} docs/s; "
          "workers are replaced every 200 documents)")
    print(f"{'done':>6} {'parent RSS MB':>14} {'max worker RSS MB':>18} {'workers':>8}")
    for tenth in range(1, 11):
        upto = [s for s in samples if s[0] <= total * tenth // 10]
        if not upto:
            continue
        window = [s for s in upto if s[0] > total * (tenth - 1) // 10] or upto[-1:]
        print(f"{total * tenth // 10:>6} {max(s[1] for s in window):>14.1f} "
              f"{max(s[2] for s in window):>18.1f} {max(s[3] for s in window):>8}")


def short_timeout(corpus: dict[str, list[Path]], timeout: float = 1.0) -> None:
    mixed = [p for group in zip(*corpus.values(), strict=False) for p in group][:60]
    start = time.perf_counter()
    results = list(extract_many(mixed, jobs=2, timeout=timeout, max_tasks_per_child=5))
    seconds = time.perf_counter() - start
    timed_out = sum(1 for r in results if r.error is not None and r.error.limit == "timeout")
    slowest = max(r.seconds for r in results)
    print(f"\ntimeout={timeout:g}s, jobs=2, a new worker every 5 documents: {len(results)} "
          f"documents in {seconds:.1f}s, {timed_out} timed out, slowest {slowest:.2f}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-format", type=int, default=120)
    parser.add_argument("--memory-docs", type=int, default=1000)
    args = parser.parse_args()
    print(f"gxtables {gxtables.__version__}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp), args.per_format)
        throughput(corpus)
        short_timeout(corpus)
        memory(corpus, args.memory_docs)


if __name__ == "__main__":
    main()
