"""``extract_many``: one result per input, in order, failures as values — in process and in a
pool of worker processes, with the size limit, the hard per-document timeout and crashed
workers. The hang and the crash are simulated honestly through the private ``_extract`` seam:
the worker runs one of the functions below instead of the real extractor for those documents.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from guards import wall_clock

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
    """Stands in for the extractor in the worker: hangs on "hang*", dies on "crash*", has a
    bug on "bug*" (by file name, so paths and named bytes behave alike)."""
    base = os.path.basename(name or "")
    if base.startswith("hang"):
        threading.Event().wait()  # a parser stuck in C code: only a kill stops it
    if base.startswith("crash"):
        os._exit(3)
    if base.startswith("bug"):
        raise KeyError("a bug")
    return extract_bytes(data, name, **kwargs)


def _instant(data: bytes, name: str | None, **kwargs: Any) -> gxtables.Report:
    """Stands in for the extractor: a report at once, whatever the machine's load."""
    digest = hashlib.sha256(data).hexdigest()
    return gxtables.Report(gxtables.Source(name, "text", digest), "2021", {})


class _SlowToStart:
    """An extractor whose worker takes ``STARTUP`` seconds to start: unpickling it in the new
    process (which happens before the worker takes any document) sleeps."""

    def __call__(self, data: bytes, name: str | None, **kwargs: Any) -> gxtables.Report:
        return _instant(data, name, **kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_start_slowly, ())


STARTUP = 3.0


def _start_slowly() -> Any:
    time.sleep(STARTUP)
    return _instant


#: A per-document limit no document of these tests comes near (the stand-ins above take
#: no time; a seed takes well under a second); only the stuck "hang" documents reach it.
HARD = 5.0


def test_timeout_kills_the_stuck_worker_and_the_batch_goes_on() -> None:
    good = GOOD[0].read_bytes()
    sources = [("a.txt", good), ("hang.txt", good), ("b.txt", good), ("c.txt", good)]
    results = list(extract_many(sources, jobs=2, timeout=HARD, _extract=_hang_or_crash))
    assert [r.source for r in results] == ["a.txt", "hang.txt", "b.txt", "c.txt"]
    assert [r.ok for r in results] == [True, False, True, True]
    error = results[1].error
    assert error is not None and error.type == "LimitExceeded" and error.limit == "timeout"
    assert results[1].sha256 == results[0].sha256  # digest known, so --resume can skip it
    assert results[1].format == "text"
    assert results[1].to_dict()["error"]["limit"] == "timeout"
    assert results[1].seconds >= HARD


def test_a_killed_path_job_keeps_the_digest_the_worker_read(tmp_path: Path) -> None:
    """The parent never opens the path itself (it may be a FIFO or a URL): the worker
    reports the digest once it has read the bytes."""
    hang = tmp_path / "hang.txt"
    hang.write_bytes(GOOD[0].read_bytes())
    results = list(extract_many([str(hang), str(GOOD[1])], jobs=2, timeout=HARD,
                                _extract=_hang_or_crash))
    assert [r.error.limit if r.error else None for r in results] == ["timeout", None]
    assert results[0].sha256 == hashlib.sha256(hang.read_bytes()).hexdigest()
    assert results[0].format == "text"


def test_single_job_with_timeout_uses_a_killable_worker() -> None:
    good = GOOD[0].read_bytes()
    results = list(extract_many([("hang.txt", good), ("ok.txt", good)], timeout=HARD,
                                _extract=_hang_or_crash))
    assert [r.error.limit if r.error else None for r in results] == ["timeout", None]


def test_the_clock_starts_when_the_worker_takes_the_document() -> None:
    """Workers that take ``STARTUP`` seconds to start, a limit of half that: no document
    is charged for the start-up (before the fix every one failed, and each replacement
    worker's start-up failed the next one)."""
    sources = [(f"{i}.txt", GOOD[0].read_bytes()) for i in range(6)]
    results = list(extract_many(sources, jobs=2, timeout=STARTUP / 2,
                                max_tasks_per_child=2, _extract=_SlowToStart()))
    assert [r.error for r in results] == [None] * 6
    assert all(r.seconds < STARTUP / 2 for r in results)


def test_a_crashed_worker_fails_only_its_document() -> None:
    good = GOOD[0].read_bytes()
    sources = [("a.txt", good), ("crash.txt", good), ("b.txt", good)]
    results = list(extract_many(sources, jobs=2, _extract=_hang_or_crash))
    assert [r.ok for r in results] == [True, False, True]
    error = results[1].error
    assert error is not None and error.type == "WorkerCrashed" and "exit code 3" in error.message
    assert results[1].sha256 == results[0].sha256


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_unexpected_exception_is_an_internal_error_with_traceback(jobs: int) -> None:
    good = GOOD[0].read_bytes()
    results = list(extract_many([("bug.txt", good), ("ok.txt", good)], jobs=jobs,
                                _extract=_hang_or_crash))
    error = results[0].error
    assert error is not None and error.type == "InternalError"
    assert "please report it" in error.message
    assert error.traceback is not None and "KeyError: 'a bug'" in error.traceback
    assert results[0].sha256 == hashlib.sha256(good).hexdigest()
    assert results[1].ok and results[1].error is None


def test_an_internal_error_of_the_pipeline_is_reported_as_such(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug inside ``extract`` (not the test seam) reaches the result as ``InternalError``
    with the original in its traceback, and the batch goes on."""
    import gxtables._api as api

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("litigation_after_review")

    monkeypatch.setattr(api, "build_report", broken)
    results = list(extract_many([str(GOOD[0]), b""]))
    error = results[0].error
    assert error is not None and error.type == "InternalError"
    assert error.traceback is not None and "litigation_after_review" in error.traceback
    assert "_api.py" in error.traceback
    assert results[1].error is not None and results[1].error.type == "UnsupportedFormat"


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
    with pytest.raises(TypeError, match="Limits"):
        extract_many([], limits={"timeout": 1})  # type: ignore[arg-type]
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


# ----------------------------------------------------------------- what is not a file
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this OS")


@needs_fifo
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_fifo_is_a_read_error_not_a_hang(tmp_path: Path, jobs: int) -> None:
    """Nothing ever writes to the FIFO: a plain ``open`` would wait for a writer forever,
    in the worker and again in the parent. Regular files only."""
    fifo = tmp_path / "report.pdf"
    os.mkfifo(fifo)
    with wall_clock(60):
        results = list(extract_many([str(fifo), str(GOOD[0]), str(tmp_path)], jobs=jobs,
                                    timeout=HARD if jobs > 1 else None))
    assert [r.error.type if r.error else None for r in results] == [
        "ReadError", None, "ReadError"]
    assert results[0].error is not None and "FIFO" in results[0].error.message
    assert results[2].error is not None and "directory" in results[2].error.message
    assert results[0].sha256 is None


@needs_fifo
def test_find_documents_skips_a_fifo_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(GOOD[0].read_bytes())
    os.mkfifo(tmp_path / "b.pdf")
    skipped: list[tuple[str, str]] = []
    with wall_clock(60):
        found = list(find_documents([tmp_path], on_skip=lambda p, w: skipped.append((p, w))))
    assert found == [str(tmp_path / "a.txt")]
    assert skipped == [(str(tmp_path / "b.pdf"), "a FIFO (named pipe), not a regular file")]


def test_find_documents_passes_urls_through(tmp_path: Path) -> None:
    assert list(find_documents(["https://example.org/a.pdf", "s3://b/c.docx"])) == [
        "https://example.org/a.pdf", "s3://b/c.docx"]


def test_urls_are_read_as_extract_reads_them(tmp_path: Path) -> None:
    """One opener for every entry point: a ``memory://`` URL (fsspec's own backend, no
    network) and a ``file://`` URL give the path's report; a missing one a ReadError."""
    fsspec = pytest.importorskip("fsspec")
    data = GOOD[0].read_bytes()
    with fsspec.open("memory://gxtables-test/a.txt", "wb") as fh:
        fh.write(data)
    sources = ["memory://gxtables-test/a.txt", GOOD[0].resolve().as_uri(),
               "memory://gxtables-test/missing.txt"]
    results = list(extract_many(sources))
    direct = gxtables.extract(GOOD[0])
    assert results[0].report is not None and results[0].report.tables == direct.tables
    assert results[0].source == "memory://gxtables-test/a.txt"
    assert results[1].report is not None and results[1].report.tables == direct.tables
    assert results[2].error is not None and results[2].error.type == "ReadError"
    assert gxtables.extract("memory://gxtables-test/a.txt").tables == direct.tables


