"""Legacy Word and WPS files (.doc, .wps: OLE2) converted to .docx with LibreOffice.

Many offices still publish Word 97 files. When LibreOffice's ``soffice`` (or
``libreoffice``) is on ``PATH`` the bytes are converted in a private temporary directory, with
a private user profile and a time bound, and the .docx is read as usual; the report says so in
a ``reader_note``. Without LibreOffice the sniffer's refusal stands, with its hint.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from ._errors import CorruptDocument, LimitExceeded
from ._limits import Limits

__all__ = ["LEGACY_OFFICE", "convert_legacy_office", "converter"]

#: What the sniffer calls an OLE2 file (``UnsupportedFormat.found``).
LEGACY_OFFICE = "legacy Office document (OLE2)"
_PROGRAMS = ("soffice", "libreoffice")


def converter() -> str | None:
    """The LibreOffice program on ``PATH``, or ``None``."""
    for name in _PROGRAMS:
        path = shutil.which(name)
        if path is not None:
            return path
    return None


def convert_legacy_office(data: bytes, program: str, *, limits: Limits,
                          source: str | None) -> bytes:
    """The .docx LibreOffice makes of ``data`` (a .doc or .wps), within ``limits.timeout``.

    Raises :class:`CorruptDocument` when LibreOffice cannot convert it (not a Word or WPS
    document, damaged) and :class:`LimitExceeded` when it overruns the time bound (it is
    killed)."""
    with tempfile.TemporaryDirectory(prefix="gxtables-doc-") as work:
        original = os.path.join(work, "report.doc")
        with open(original, "wb") as fh:
            fh.write(data)
        command = [program, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation=file://{os.path.join(work, 'profile')}",
                   "--convert-to", "docx", "--outdir", work, original]
        try:
            done = subprocess.run(command, capture_output=True, timeout=limits.timeout,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired as exc:
            raise LimitExceeded(
                f"expected LibreOffice to convert the legacy Word/WPS file within "
                f"{limits.timeout:g} s; it did not (killed) — raise it with "
                "Limits(timeout=...) or convert the file to .docx first",
                limit="timeout", value=limits.timeout, actual=None, source=source) from exc
        except OSError as exc:
            raise CorruptDocument(
                f"expected to convert the legacy Word/WPS file with {program}; it could not be "
                f"started: {exc}", format="doc", source=source) from exc
        converted = os.path.join(work, "report.docx")
        if done.returncode != 0 or not os.path.isfile(converted):
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:]
            raise CorruptDocument(
                "expected LibreOffice to convert the legacy Word/WPS file to .docx; it made "
                f"none (exit {done.returncode}{': ' + said if said else ''}) — the file may be "
                "damaged or not a text document", format="doc", source=source)
        limits.check_size(os.path.getsize(converted), source)
        with open(converted, "rb") as fh:
            return fh.read()
