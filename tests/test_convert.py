"""Legacy Word/WPS files converted with LibreOffice (issue 15): the plumbing is tested with a
stand-in ``soffice`` on PATH; the real LibreOffice, when installed, converts a .doc we make."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import gxtables

FIXTURES = Path(__file__).parent / "fixtures"
SEED_DOCX = FIXTURES / "seed_renders" / "000.docx"
EXPECTED = json.loads((FIXTURES / "seeds" / "000.expected.json").read_text(encoding="utf-8"))
#: The first bytes of every OLE2 compound file (.doc, .wps, .xls).
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

STAND_IN = """#!{python}
import os, shutil, sys, time
args = sys.argv[1:]
mode = os.environ.get("FAKE_SOFFICE_MODE", "ok")
if mode == "sleep":
    time.sleep(30)
if mode == "fail":
    sys.stderr.write("Error: source file could not be loaded\\n")
    sys.exit(1)
outdir = args[args.index("--outdir") + 1]
source = args[-1]
assert any(a.startswith("-env:UserInstallation=file://") for a in args), args
stem = os.path.splitext(os.path.basename(source))[0]
shutil.copy(os.environ["FAKE_SOFFICE_DOCX"], os.path.join(outdir, stem + ".docx"))
"""


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    program = tmp_path / "bin" / "soffice"
    program.parent.mkdir()
    program.write_text(STAND_IN.format(python=sys.executable))
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{program.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_SOFFICE_DOCX", str(SEED_DOCX))
    return program


def values(report: gxtables.Report) -> dict[str, object]:
    return {t: {r: {c: cell.value for c, cell in cols.items()} for r, cols in table.rows.items()}
            for t, table in report.tables.items()}


def test_without_libreoffice_a_doc_is_refused_with_the_hint(monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(gxtables.UnsupportedFormat, match="install LibreOffice") as info:
        gxtables.extract(OLE2)
    assert info.value.found == "legacy Office document (OLE2)"


def test_a_doc_is_converted_and_read(stand_in: Path) -> None:
    report = gxtables.extract(OLE2)
    expected = {t: {r: {c: cell.get("value") for c, cell in cols.items()}
                    for r, cols in rows.items()} for t, rows in EXPECTED["tables"].items()}
    assert values(report) == expected
    notes = [i for i in report.issues if i.code == "reader_note" and "LibreOffice" in i.message]
    assert len(notes) == 1 and notes[0].severity == "info"
    assert report.source.format == "docx"


def test_a_conversion_that_fails_is_a_corrupt_document(stand_in: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "fail")
    with pytest.raises(gxtables.CorruptDocument, match="could not be loaded"):
        gxtables.extract(OLE2)


def test_a_conversion_that_hangs_is_killed(stand_in: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "sleep")
    with pytest.raises(gxtables.LimitExceeded) as info:
        gxtables.extract(OLE2, limits=gxtables.Limits(timeout=1))
    assert info.value.limit == "timeout"


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed on this machine")
def test_real_libreoffice_round_trip(tmp_path: Path) -> None:
    """docx → doc with LibreOffice, then extract the .doc: the same cells come back."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/p",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(SEED_DOCX)],
                   check=True, capture_output=True, timeout=180)
    report = gxtables.extract(tmp_path / "000.doc")
    expected = {t: {r: {c: cell.get("value") for c, cell in cols.items()}
                    for r, cols in rows.items()} for t, rows in EXPECTED["tables"].items()}
    assert values(report) == expected
