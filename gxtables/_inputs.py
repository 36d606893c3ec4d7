"""The one place that opens inputs: paths, URLs, binary file objects, and directory walks.

Everything else in gxtables works on bytes (STYLE.md item 2). The rules here are the same for
:func:`gxtables.extract`, :func:`gxtables.extract_many`, the Dask workers and the CLI:

* a **path** must name a regular file. It is opened without blocking and checked with
  ``fstat`` before a byte is read, so a FIFO, a socket, a device or a directory is a clear
  :class:`~gxtables.ReadError` at once, never a read that blocks forever (or fills memory
  from ``/dev/zero``). Its size is checked against ``Limits.max_bytes`` before reading;
* a **URL** (``scheme://…``; ``file://`` is a local path) is read with fsspec, the optional
  extra ``url`` (``pip install ".[url]"``); without it, a ``ReadError`` says to install it or
  to download the file first. Other backends (``s3://``, ``gs://``) need their fsspec
  package (s3fs, gcsfs);
* a **file object** is read until EOF or one byte past ``Limits.max_bytes``; whatever its
  ``read`` raises becomes a ``ReadError`` (the object is the caller's, its errors are
  foreign), and a ``read`` that returns ``None`` (a non-blocking stream) or text is refused
  with a message saying what it returned;
* a **directory walk** (:func:`find_documents`) yields regular files only, in sorted order;
* our own **JSON Lines** output (``load_jsonl``, ``extract --resume``) is read line by line
  (:func:`read_lines`), lazily: a crawl's output can be larger than memory.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, Union

from ._errors import GxtablesError, ReadError, UnsupportedFormat
from ._limits import Limits
from ._sniff import sniff_format

__all__ = ["Input", "find_documents", "is_url", "open_input", "read_lines", "read_path"]

#: What :func:`open_input` accepts.
Input = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes]]

#: ``scheme://`` with a scheme of two letters or more (``C:\\`` is a Windows path, not a URL).
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")

_URL_HINT = ('reading a URL needs the url extra: pip install ".[url]" in the gxtables clone, '
             'or pip install "fsspec[http]"; '
             "or download the file first and pass its path or bytes")

#: How much of a file ``find_documents`` reads to decide whether it is a document.
_HEAD = 65536

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def is_url(source: object) -> bool:
    """True for a ``str`` of the form ``scheme://…`` (``https://``, ``s3://``, ``file://``)."""
    return isinstance(source, str) and _URL.match(source) is not None


def open_input(source: Input, limits: Limits) -> tuple[bytes, str | None]:
    """The bytes of any accepted input and its display name (``None`` for bare bytes).

    ``source`` is a path, a URL, ``bytes``-like, or a binary file object. Raises
    :class:`~gxtables.ReadError` (or ``LimitExceeded``) when it cannot be read, ``TypeError``
    for an argument of the wrong type.

    >>> open_input(b"%PDF-1.7 ...", Limits())
    (b'%PDF-1.7 ...', None)
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        limits.check_size(len(data), None)
        return data, None
    if isinstance(source, str) and is_url(source):
        return _read_url(source, limits), source
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if not isinstance(path, str):
            raise TypeError(f"a path must be str, not bytes ({path!r})")
        return read_path(path, limits), path
    read = getattr(source, "read", None)
    if callable(read):
        name = getattr(source, "name", None)
        label = name if isinstance(name, str) else None
        return _read_stream(read, limits, label), label
    raise TypeError(
        "expected a path, a URL, bytes or a binary file object, not "
        f"{type(source).__name__}")


# --- paths --------------------------------------------------------------------------------

def read_path(path: str, limits: Limits) -> bytes:
    """The bytes of the regular file at ``path``, read once and bounded by ``max_bytes``."""
    with _open_regular(path) as (fh, size):
        limits.check_size(size, path)
        try:
            data = fh.read(limits.max_bytes + 1)
        except OSError as exc:
            raise ReadError(f"cannot read the file: {exc.strerror or exc}",
                            source=path) from exc
    limits.check_size(len(data), path)  # a file that grew while we read it
    return data


@contextlib.contextmanager
def _open_regular(path: str) -> Iterator[tuple[IO[bytes], int]]:
    """Open ``path`` for reading if it is a regular file: ``(file, size)``.

    ``O_NONBLOCK`` makes opening a FIFO return at once (a plain ``open`` waits for a writer),
    and ``fstat`` on the open descriptor decides, so the file cannot be swapped for a FIFO
    between the check and the read. On a regular file the flag changes nothing.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}", source=path) from exc
    try:
        info = os.fstat(fd)
        what = _kind(info.st_mode)
        if what is not None:
            hint = (" — extract() reads one document; give a directory to the command "
                    "line (gxtables extract DIR), or its files to extract_many()"
                    if what == "a directory" else "")
            raise ReadError(f"expected a regular file; found {what}{hint}", source=path)
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        yield fh, info.st_size


def _kind(mode: int) -> str | None:
    """What a file of this ``st_mode`` is, or ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, what in _KINDS:
        if test(mode):
            return what
    return "not a regular file"


# --- file objects -------------------------------------------------------------------------

def _read_stream(read: Callable[[int], Any], limits: Limits, name: str | None) -> bytes:
    """Read a caller's binary file object until EOF or one byte past ``max_bytes``.

    ``read(n)`` may return fewer bytes than asked (pipes, sockets, raw streams), so it is
    called until it returns ``b""``.
    """
    chunks: list[bytes] = []
    total = 0
    while total <= limits.max_bytes:
        try:
            chunk = read(limits.max_bytes + 1 - total)
        except Exception as exc:  # the caller's object: anything it raises is a read failure
            raise ReadError(f"cannot read the file object: {type(exc).__name__}: {exc}",
                            source=name) from exc
        if chunk is None:
            raise ReadError(
                "expected bytes from the file object's read(); it returned None (a "
                "non-blocking stream with no data ready?) — pass the bytes instead",
                source=name)
        if isinstance(chunk, str):
            raise TypeError(
                "extract() needs bytes: open the file in binary mode ('rb'), not text mode")
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            raise TypeError(f"expected bytes from the file object's read(), got "
                            f"{type(chunk).__name__}")
        if not chunk:
            break
        chunks.append(bytes(chunk))
        total += len(chunk)
    data = b"".join(chunks)
    limits.check_size(len(data), name)
    return data


# --- URLs ---------------------------------------------------------------------------------

def _read_url(url: str, limits: Limits) -> bytes:
    """Read a URL with fsspec; ``file://`` is read as a local path (regular files only)."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme.lower() == "file":
        if parsed.netloc not in ("", "localhost"):
            raise ReadError(f"expected a local file:// URL; found host {parsed.netloc!r}",
                            source=url)
        from urllib.request import url2pathname  # here: it imports http.client (≈ 15 ms)

        return read_path(url2pathname(parsed.path), limits)
    try:
        import fsspec
    except ImportError as exc:
        raise ReadError(f"cannot read {parsed.scheme}:// URLs: {_URL_HINT}",
                        source=url) from exc
    try:
        with fsspec.open(url, "rb") as fh:
            data: bytes = _read_stream(fh.read, limits, url)
    except GxtablesError:
        raise
    except ImportError as exc:  # the protocol's backend (aiohttp, s3fs, gcsfs) is missing
        raise ReadError(f"cannot read {parsed.scheme}:// URLs: {exc} — install it, or "
                        "download the file first and pass its path or bytes",
                        source=url) from exc
    except (OSError, ValueError) as exc:  # not found, refused, timed out; unknown protocol
        raise ReadError(f"cannot read the URL: {type(exc).__name__}: {exc}",
                        source=url) from exc
    except Exception as exc:  # fsspec backends are plug-ins, each with its own errors
        # (aiohttp.ClientResponseError, botocore's ClientError, ...): a URL that does not
        # read is a read failure whatever the backend calls it.
        raise ReadError(f"cannot read the URL: {type(exc).__name__}: {exc}",
                        source=url) from exc
    return data


# --- directory walks ----------------------------------------------------------------------

def find_documents(
    paths: Iterable[str | os.PathLike[str]],
    *,
    on_skip: Callable[[str, str], None] | None = None,
) -> Iterator[str]:
    """Expand directories into the documents under them, in a stable sorted order.

    A path named explicitly (or a URL) is always yielded: if it is unreadable, or not a
    regular file, its extraction says so. Inside a directory, hidden files and directories
    are skipped, symlinked directories are not followed, and ``on_skip(path, what_it_is)``
    receives instead of the yield: what is not a regular file (a FIFO, a socket, a device),
    and a file whose first bytes are not PDF, DOCX (zip), HTML or text — a legacy ``.doc``,
    an image, an archive, an empty file, or JSON (a crawler's metadata).
    """
    for given in paths:
        path = os.fspath(given)
        if is_url(path) or not os.path.isdir(path):
            yield path
            continue
        for root, dirs, files in os.walk(path, onerror=_walk_error(path, on_skip)):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                full = os.path.join(root, name)
                what = _unsupported(full)
                if what is None:
                    yield full
                elif on_skip is not None:
                    on_skip(full, what)


def _walk_error(top: str, on_skip: Callable[[str, str], None] | None
                ) -> Callable[[OSError], None]:
    def on_error(exc: OSError) -> None:
        if on_skip is not None:
            on_skip(exc.filename or top, f"unreadable directory: {exc.strerror or exc}")

    return on_error


def _unsupported(path: str) -> str | None:
    """What the file is when it is not a document we read; ``None`` to include it."""
    try:
        what = _kind(os.stat(path).st_mode)
        if what is not None:
            return f"{what}, not a regular file"
        with _open_regular(path) as (fh, _size):
            head = fh.read(_HEAD)
    except (ReadError, OSError):
        return None  # unreadable (or swapped since the stat): the extraction says why
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return None  # a zip: DOCX, or a failure that says what it is instead
    try:
        fmt = sniff_format(head)
    except UnsupportedFormat as exc:
        return exc.found
    except GxtablesError:
        return None
    if fmt == "text" and head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "JSON data (a crawler's metadata?)"
    return None


# --- our own output, read back ----------------------------------------------------------------

def read_lines(path: str) -> Iterator[bytes]:
    """The lines of the file at ``path``, each with its ``\\n`` (the last one without it when
    the file was cut short), read lazily. Raises ``OSError`` as ``open`` does (a missing file
    is ``FileNotFoundError``): this reads gxtables' own output, not a document."""
    with open(path, "rb") as fh:
        yield from fh
