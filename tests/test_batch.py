"""``extract_many``: one result per input, in order, failures as values — in process and in a
pool of worker processes, with the size limit, the hard per-document timeout and crashed
workers. The hang and the crash are simulated honestly through the private ``_extract`` seam:
the worker runs one of the functions below instead of the real extractor for those documents.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time
from pathlib import Path
from typing import Any

import pytest

import gxtables
from gxtables import BatchResult, Limits, extract_many
from gxtables._api import extract_bytes
from gxtables._batch import find_documents

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
GOOD = sorted(SEEDS.glob("*.txt"))
CORRUPT_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n"  # cut short: no xref, no %%EOF
NO_TABLES = "关于2023年度政府信息公开工作的说明\n本年度无统计数据。\n".encode()


def _mixed(tmp_path: Path) -> list[Any]:
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(CORRUPT_PDF)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    return [str(GOOD[0]), corrupt, ("notes.txt", NO_TABLES), str(GOOD[1]), empty,
            GOOD[2].read_bytes(), str(tmp_path / "missing.pdf")]


def _check_mixed(results: list[BatchResult], sources: list[Any]) -> None:
    assert [r.index for r in results] == list(range(len(sources)))
    assert [r.ok for r in results] == [True, False, False, True, False, True, False]
    types = [r.error.type if r.error else None for r in results]
    assert types == [None, "CorruptDocument", "LayoutNotFound", None, "UnsupportedFormat", None,
                     "ReadError"]
    assert results[0].source == str(GOOD[0])
    assert results[2].source == "notes.txt"
    assert results[5].source is None  # bare bytes have no name
    assert results[1].format == "pdf"
    assert results[2].format == "text"
    assert results[6].sha256 is None  # never read
    for r in results:
        d = r.to_dict()
        if r.ok:
            assert r.report is not None and d == r.report.to_dict()
            assert r.sha256 == r.report.source.sha256
        else:
            assert set(d) == {"source", "error"}
            assert set(d["source"]) == {"path", "format", "sha256"}
            assert d["error"]["type"] and d["error"]["message"]


def _dicts(results: list[BatchResult]) -> list[dict[str, Any]]:
    return [r.to_dict() for r in results]


def test_mixed_batch_in_process_keeps_order_and_failures(tmp_path: Path) -> None:
    sources = _mixed(tmp_path)
    results = list(extract_many(sources))
    _check_mixed(results, sources)
    direct = gxtables.extract(GOOD[0])
    assert results[0].report == direct


def test_pool_gives_the_same_results_as_in_process(tmp_path: Path) -> None:
    sources = _mixed(tmp_path) * 3
    local = list(extract_many(sources))
    pooled = list(extract_many(sources, jobs=2, max_tasks_per_child=2))  # recycles workers
    assert [r.index for r in pooled] == list(range(len(sources)))
    assert _dicts(pooled) == _dicts(local)


def test_size_limit_is_a_failure_value(tmp_path: Path) -> None:
    limits = Limits(max_bytes=100)
    sources = [str(GOOD[0]), GOOD[0].read_bytes(), b"short text"]
    results = list(extract_many(sources, limits=limits))
    assert [r.error.limit if r.error else None for r in results] == ["max_bytes", "max_bytes",
                                                                    None]
    assert results[0].error is not None and "100" in results[0].error.message
    assert results[2].error is not None and results[2].error.type == "LayoutNotFound"


def _hang_or_crash(data: bytes, name: str | None, **kwargs: Any) -> gxtables.Report:
    """Stands in for the extractor in the worker: hangs on "hang*", dies on "crash*"."""
    if name and name.startswith("hang"):
        time.sleep(600)  # stands for a parser stuck in C code: only a kill stops it
    if name and name.startswith("crash"):
        os._exit(3)
    if name and name.startswith("bug"):
        raise KeyError("a bug")
    return extract_bytes(data, name, **kwargs)


def test_timeout_kills_the_stuck_worker_and_the_batch_goes_on() -> None:
    good = GOOD[0].read_bytes()
    sources = [("a.txt", good), ("hang.txt", good), ("b.txt", good), ("c.txt", good)]
    start = time.monotonic()
    results = list(extract_many(sources, jobs=2, timeout=1.5, _extract=_hang_or_crash))
    assert time.monotonic() - start < 30
    assert [r.source for r in results] == ["a.txt", "hang.txt", "b.txt", "c.txt"]
    assert [r.ok for r in results] == [True, False, True, True]
    error = results[1].error
    assert error is not None and error.type == "LimitExceeded" and error.limit == "timeout"
    assert results[1].sha256 == results[0].sha256  # digest known, so --resume can skip it
    assert results[1].to_dict()["error"]["limit"] == "timeout"


def test_single_job_with_timeout_uses_a_killable_worker() -> None:
    good = GOOD[0].read_bytes()
    results = list(extract_many([("hang.txt", good), ("ok.txt", good)], timeout=1.0,
                                _extract=_hang_or_crash))
    assert [r.error.limit if r.error else None for r in results] == ["timeout", None]


def test_a_crashed_worker_fails_only_its_document() -> None:
    good = GOOD[0].read_bytes()
    sources = [("a.txt", good), ("crash.txt", good), ("b.txt", good)]
    results = list(extract_many(sources, jobs=2, _extract=_hang_or_crash))
    assert [r.ok for r in results] == [True, False, True]
    error = results[1].error
    assert error is not None and error.type == "WorkerCrashed" and "exit code 3" in error.message


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_unexpected_exception_is_a_failure_with_traceback(jobs: int) -> None:
    good = GOOD[0].read_bytes()
    results = list(extract_many([("bug.txt", good), ("ok.txt", good)], jobs=jobs,
                                _extract=_hang_or_crash))
    error = results[0].error
    assert error is not None and error.type == "KeyError"
    assert error.traceback is not None and "a bug" in error.traceback
    assert results[1].ok


def test_inputs_are_pulled_lazily_with_a_bounded_window() -> None:
    pulled = 0

    def sources() -> Any:
        nonlocal pulled
        for _ in range(100):
            pulled += 1
            yield str(GOOD[0])

    it = extract_many(sources(), jobs=2)
    first = next(it)
    assert first.ok and pulled <= 9  # at most 4 per worker in flight, plus the one just read
    it.close()  # stops the workers
    assert not [p for p in multiprocessing.active_children() if p.name == "gxtables-worker"]

    pulled = 0
    it = extract_many(sources())
    next(it)
    assert pulled == 1


def test_bad_arguments_are_refused_eagerly() -> None:
    with pytest.raises(ValueError, match="jobs"):
        extract_many([], jobs=0)
    with pytest.raises(ValueError, match="layout"):
        extract_many([], layout="2020")
    with pytest.raises(TypeError, match="iterable"):
        extract_many(str(GOOD[0]))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="source 1"):
        list(extract_many([str(GOOD[0]), 42]))  # type: ignore[list-item]
    assert list(extract_many([])) == []
    assert list(extract_many([], jobs=2)) == []


def test_results_pickle() -> None:
    results = list(extract_many([str(GOOD[0]), b""]))
    assert pickle.loads(pickle.dumps(results)) == results


def test_status_classifies_results() -> None:
    statuses = {r.status for r in extract_many([*map(str, GOOD), b""])}
    assert "failed" in statuses and "clean" in statuses


def test_find_documents_walks_sorted_and_skips_what_is_not_a_document(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_bytes(GOOD[0].read_bytes())
    (tmp_path / "a" / "1.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    (tmp_path / "a" / "0.pdf").write_bytes(CORRUPT_PDF)
    (tmp_path / "a" / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n....")
    (tmp_path / "a" / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    (tmp_path / "a" / "meta.json").write_text('{"url": "http://x"}', encoding="utf-8")
    (tmp_path / "a" / "empty.txt").write_bytes(b"")
    (tmp_path / ".git" / "HEAD").write_text("ref: x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    explicit = tmp_path / "a" / "scan.png"
    skipped: list[tuple[str, str]] = []
    found = list(find_documents([tmp_path, explicit], on_skip=lambda p, w: skipped.append((p, w))))
    rel = [os.path.relpath(p, tmp_path) for p in found]
    assert rel == [os.path.join("a", "0.pdf"), os.path.join("a", "1.html"),
                   os.path.join("b", "2.txt"), os.path.join("a", "scan.png")]
    assert sorted(os.path.basename(p) for p, _ in skipped) == [
        "empty.txt", "meta.json", "old.doc", "scan.png"]
    assert any("PNG" in what for _, what in skipped)
