"""Score gxtables on the lossy forms of issue 12: generated reports, every form, in-process.

For each form (``tests/_render/lossy.py``: one-line crawler pages — ``oneline`` whose tables
print every cell, ``oneline_blanks`` from reports that leave zeros empty, ``oneline_nbsp``
whose empty cells print a no-break space (a Word-made page's ``&nbsp;``) — pdftotext default
and ``-layout``, Markdown in marker/docling/MinerU style, traditional characters, misspelt
labels) it renders N realistic reports (both layouts; mostly zeros and small counts, some
blanks), runs ``gxtables.extract`` on the bytes and scores the result against the truth
exactly as ``shared/tools/score.py`` does:

* right — the value (and the unit, where the truth has one) matches; a truth cell
  ``{"expect": "flagged"}`` (information the form really lost) is right when it is null or
  its table+row carries an error/warning issue;
* flagged — wrong, but an error/warning issue names its table (and its row, or none);
* SILENT — wrong with no such issue (the number that must stay 0);
* refused — documents ``extract`` raised on (their cells are loud, not silent, but not read);
* lost — cells the truth marks ``{"expect": "flagged"}`` (right when flagged or null);
* cpu-ms — median/maximum CPU milliseconds of one ``extract`` (issue 12 asks < 50 ms for a
  one-line page).

    python benchmarks/score_lossy.py                     # 20 documents per form
    python benchmarks/score_lossy.py -n 50 --forms oneline,markdown_docling -v
    python benchmarks/score_lossy.py -n 10 --write /tmp/lossy   # cases for score.py
    python ../shared/tools/score.py /tmp/lossy/oneline-*      # the same cases via the CLI
    S=../shared/samples/pingtan-2022-txt      # a real page and its truth, scored in-process:
    python benchmarks/score_lossy.py --forms oneline --cases $S/page.txt=$S/page.expected.json

``-v`` lists every silent cell, refusal and wrong template (``-vv`` also every flagged
cell); ``--by-table`` shows per form where cells are missed; ``--json FILE`` keeps the
numbers.
``--min-pct P`` exits 1 unless every form is at least P % right with 0 silent and every
template right. Deterministic: ``--seed`` picks the corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from _render import pdftotext
from _render.lossy import (
    FORMS,
    LossyDoc,
    Score,
    corpus,
    score_document,
)


def write_cases(root: Path, form: str, docs: list[LossyDoc]) -> None:
    """One directory per document (``doc.<ext>`` and ``truth.json``), for score.py."""
    for i, doc in enumerate(docs):
        case = root / f"{form}-{i:03d}"
        case.mkdir(parents=True, exist_ok=True)
        (case / f"doc{doc.suffix}").write_bytes(doc.data)
        truth = dict(doc.truth, document=f"doc{doc.suffix}", form=form)
        (case / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                         encoding="utf-8")


def load_cases(args: list[str]) -> list[LossyDoc]:
    """score.py's cases: a directory holding ``truth.json`` and one document, or DOC=TRUTH."""
    docs = []
    for arg in args:
        if "=" in arg:
            doc_path, truth_path = (Path(p) for p in arg.split("=", 1))
        else:
            case = Path(arg)
            files = [f for f in case.iterdir()
                     if f.name not in ("truth.json", "source.txt") and not f.name.startswith(".")]
            if len(files) != 1:
                raise SystemExit(f"{case}: expected one document beside truth.json, found "
                                 f"{sorted(f.name for f in files)}")
            doc_path, truth_path = files[0], case / "truth.json"
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        docs.append(LossyDoc("cases", doc_path.read_bytes(), doc_path.suffix, truth))
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=20, help="documents per form (default 20)")
    ap.add_argument("--forms", default=",".join(FORMS),
                    help=f"comma-separated forms (default all: {','.join(FORMS)})")
    ap.add_argument("--seed", default="0", help="corpus seed (default 0)")
    ap.add_argument("--write", type=Path, help="also write the cases to this directory")
    ap.add_argument("--no-score", action="store_true", help="only write the cases")
    ap.add_argument("--min-pct", type=float, default=None,
                    help="exit 1 unless every form has >= this %% right, 0 silent, templates ok")
    ap.add_argument("--cases", nargs="+", default=[], metavar="CASE",
                    help="also score these score.py cases (a directory with truth.json and one "
                         "document, or DOC=TRUTH), e.g. the real samples")
    ap.add_argument("--by-table", action="store_true",
                    help="per form, the cells not right in each table (flagged/silent/refused)")
    ap.add_argument("--json", type=Path, help="also write the per-form numbers to this file")
    ap.add_argument("-v", "--verbose", action="count", default=0)
    a = ap.parse_args(argv)
    forms = [f for f in a.forms.split(",") if f]
    unknown = [f for f in forms if f not in FORMS]
    if unknown:
        ap.error(f"unknown form(s) {unknown}: expected some of {FORMS}")
    if any(f.startswith("pdftotext") for f in forms) and not pdftotext.available():
        print(f"skipping pdftotext forms: {pdftotext.MISSING}", file=sys.stderr)
        forms = [f for f in forms if not f.startswith("pdftotext")]

    print(f"{'form':<18} {'docs':>4} {'right':>8} {'cells':>6} {'lost':>5} {'flagged':>7} "
          f"{'SILENT':>6} {'refused':>7} {'tmpl':>5} {'exact':>5} {'cpu-ms':>13}")
    total = Score()
    ok = True
    numbers: dict[str, dict[str, float]] = {}
    groups = [(form, lambda form=form: corpus(form, a.n, a.seed)) for form in forms]
    if a.cases:
        groups.append(("cases", lambda: load_cases(a.cases)))
    for form, make in groups:
        docs = make()
        if a.write and form != "cases":
            write_cases(a.write, form, docs)
        if a.no_score:
            continue
        s = Score()
        for i, doc in enumerate(docs):
            s.add(score_document(doc, f"{form}-{i:03d}"))
        total.add(s)
        numbers[form] = {"docs": s.docs, "right_pct": round(s.pct, 3), "cells": s.cells,
                         "lost": s.lost, "flagged": s.flagged, "silent": s.silent,
                         "refused_docs": s.refused_docs, "template_ok": s.template_ok,
                         "exact_docs": s.exact_docs,
                         "cpu_ms_median": round(1000 * sorted(s.cpu)[len(s.cpu) // 2], 1)
                         if s.cpu else 0.0}
        cpu = sorted(s.cpu)
        ms = f"{1000 * cpu[len(cpu) // 2]:.0f}/{1000 * cpu[-1]:.0f}" if cpu else "-"
        print(f"{form:<18} {s.docs:>4} {s.pct:>7.2f}% {s.cells:>6} {s.lost:>5} {s.flagged:>7} "
              f"{s.silent:>6} {s.refused_docs:>7} {s.template_ok:>2}/{s.docs:<2} "
              f"{s.exact_docs:>5} {ms:>13}")
        if a.verbose:
            for line in s.silent_cells[:60]:
                print("   SILENT", line)
            for line in s.errors[:20]:
                print("   ", line)
        if a.verbose > 1:
            for line in s.flagged_cells[:60]:
                print("   flagged", line)
        if a.by_table:
            for table in sorted({t for t, _ in s.misses}):
                kinds = ", ".join(f"{k} {s.misses[(table, k)]}"
                                  for k in ("flagged", "silent", "refused")
                                  if s.misses[(table, k)])
                print(f"    {table:<18} {kinds}")
        if a.min_pct is not None and (s.pct < a.min_pct or s.silent
                                      or s.template_ok != s.docs):
            ok = False
    if not a.no_score and len(groups) > 1:
        print(f"{'all':<18} {total.docs:>4} {total.pct:>7.2f}% {total.cells:>6} "
              f"{total.lost:>5} {total.flagged:>7} {total.silent:>6} {total.refused_docs:>7} "
              f"{total.template_ok:>2}/{total.docs:<2} {total.exact_docs:>5}")
    if a.write:
        print(f"cases written to {a.write}")
    if a.json:
        a.json.write_text(json.dumps({"n": a.n, "seed": a.seed, "forms": numbers}, indent=1),
                          encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
