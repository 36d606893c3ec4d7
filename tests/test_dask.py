"""The Dask path against a real ``distributed.LocalCluster`` (worker processes on loopback):
the same results as the local run, from Python and from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gxtables import extract_bag, extract_many

distributed = pytest.importorskip("distributed")
pytest.importorskip("dask.bag")

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
GOOD = sorted(SEEDS.glob("*.txt"))
CORRUPT_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None, host="127.0.0.1")
    try:
        with distributed.Client(cluster) as c:
            yield c
    finally:
        cluster.close()


def _sources(tmp_path: Path) -> list[Any]:
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(CORRUPT_PDF)
    return [str(g) for g in GOOD] + [str(corrupt), ("notes.txt", "没有表格".encode()),
                                     GOOD[0].read_bytes(), b"", str(tmp_path / "missing.txt"),
                                     GOOD[1].resolve().as_uri(), str(tmp_path)]


def test_bag_gives_the_same_results_as_the_local_run(client: Any, tmp_path: Path) -> None:
    sources = _sources(tmp_path)
    bag = extract_bag(sources, npartitions=3)
    assert bag.npartitions == 3
    remote = bag.compute()
    local = list(extract_many(sources))
    assert [r.index for r in remote] == list(range(len(sources)))
    assert [r.to_dict() for r in remote] == [r.to_dict() for r in local]
    assert sum(not r.ok for r in remote) == 5
    # one opener everywhere: a file:// URL reads as its path, a directory is a ReadError
    assert remote[-2].report is not None and remote[-2].report.tables == remote[1].report.tables
    assert remote[-1].error is not None and remote[-1].error.type == "ReadError"
    assert "directory" in remote[-1].error.message


def test_cli_scheduler_flag_matches_the_local_cli(client: Any, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for g in GOOD:
        (docs / g.name).write_bytes(g.read_bytes())
    (docs / "z.pdf").write_bytes(CORRUPT_PDF)
    address = client.scheduler.address

    def cli(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "gxtables", "extract", str(docs), *extra],
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONIOENCODING": "utf-8"})

    local = cli()
    remote = cli("--scheduler", address)
    assert remote.returncode == local.returncode == 2, remote.stderr
    assert [json.loads(x) for x in remote.stdout.splitlines()] == [
        json.loads(x) for x in local.stdout.splitlines()]
    assert "6 documents" in remote.stderr


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)  # what an absent package looks like
    with pytest.raises(ImportError, match=r"pip install \"\.\[dask\]\""):
        extract_bag([str(GOOD[0])])
