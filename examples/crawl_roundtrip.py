"""Extract a directory once, analyse the JSONL later without re-extracting.

    gxtables extract tests/fixtures/seeds -o /tmp/seeds.jsonl     # the crawl, once
    pip install ".[pandas]"                                        # in the gxtables clone
    python examples/crawl_roundtrip.py /tmp/seeds.jsonl
"""

from __future__ import annotations

import sys

import gxtables


def main(path: str) -> None:
    results = list(gxtables.load_jsonl(path))  # BatchResult objects, as extract_many gave
    failed = [r for r in results if not r.ok]
    print(f"{len(results)} documents, {len(failed)} failed")
    for result in failed:
        assert result.error is not None
        print(f"  {result.source}: {result.error.type}: {result.error.message}")

    for result in results:
        if result.report is None:
            continue
        report = result.report
        received = report.value("applications", "new_received", "total")
        meta = report.metadata
        year = meta.year.value if meta and meta.year else "?"
        print(f"{report.source.path}: {year}, {received} new requests, "
              f"{'consistent' if report.ok else 'NOT consistent'}")

    frame = gxtables.to_pandas([r for r in results if r.ok])  # long form, one row per cell
    print(frame.groupby("table").value.count())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "out.jsonl")
