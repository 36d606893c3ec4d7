"""Checks on a PDF's raw bytes before any dependency parses it: the hostile shapes that
pdfium or pdfminer would otherwise follow without bound.

* :func:`check_streams` — a stream whose Flate layers inflate past
  ``Limits.max_pdf_stream_bytes`` (a 16 KB double-Flate content stream inflates to 8 GiB;
  a ToUnicode CMap to 1 GiB). pdfium decodes content streams, fonts and CMaps in full when
  a page is loaded, so the bound must be checked first. Image streams are skipped (only
  rendering decodes them, and we never render).
* :func:`reference_cycle` — an object whose whole value is a reference that leads back to
  itself (``5 0 obj 5 0 R endobj``, or a 2-cycle): pdfminer's ``resolve1`` loops on it
  forever, so pdfminer is never given such a file.

Both read the bytes as they are (top-level objects and the objects packed in object
streams), which is what the parsers see; a damaged file may hide a stream from this scan,
in which case pdfium's own 1 GiB decode cap is the remaining bound (see the notes).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator

from .._errors import LimitExceeded

__all__ = ["check_streams", "reference_cycle"]

#: A Flate layer inflates at most ~1032:1; a stream shorter than the limit over this
#: cannot exceed the limit through one layer and is not inflated here.
_FLATE_MAX_RATIO = 1032
_CHUNK = 1 << 16

_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)?")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_FILTER_NAMES = re.compile(rb"/(FlateDecode|Fl|LZWDecode|LZW)\b")
#: Streams no page load decodes: images (only rendering does) and attached files.
_UNDECODED = re.compile(rb"/Subtype\s*/Image\b|/Type\s*/EmbeddedFile\b")
#: Font programs: FreeType keeps them in memory as they are (no objects are built from
#: them), so they may be ``_FONT_FACTOR`` times larger than a content stream.
_FONT = re.compile(rb"/Length1\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b")
_FONT_FACTOR = 8
_ALIAS = re.compile(rb"(\d+)\s+(\d+)\s+obj\s*(\d+)\s+(\d+)\s+R\s*endobj")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")
_FIRST = re.compile(rb"/First\s+(\d+)")
_REF_ONLY = re.compile(rb"\s*(\d+)\s+(\d+)\s+R\s*")


def _streams(data: bytes) -> Iterator[tuple[bytes, memoryview]]:
    """(dictionary text, raw stream bytes — a view, not a copy) of every top-level stream."""
    view = memoryview(data)
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 4096) : m.start()]
        if not head.rstrip().endswith(b">>"):
            continue
        k = head.rfind(b"obj")
        if k < 0 or _OBJ.search(head, max(0, k - 24), k + 3) is None:
            continue
        dictionary = head[k + 3 :]
        start = m.end()
        length = _LENGTH.search(dictionary)
        declared = start + int(length.group(1)) if length is not None else -1
        if 0 <= declared <= len(data) and b"endstream" in data[declared : declared + 32]:
            end = declared
        else:
            end = data.find(b"endstream", start)
            end = len(data) if end < 0 else end
        yield dictionary, view[start:end]


def _inflate(raw: memoryview, layers: int, limit: int, tick: Callable[[], None]) -> int | None:
    """Size of ``raw`` through ``layers`` Flate layers, streamed; ``None`` once past
    ``limit`` (nothing is kept). A damaged layer ends the count where it broke."""
    decoders = [zlib.decompressobj() for _ in range(layers)]
    total = 0

    def push(level: int, chunk: bytes) -> bool:
        nonlocal total
        if level == layers:
            total += len(chunk)
            return total <= limit
        d = decoders[level]
        while chunk:
            try:
                out = d.decompress(chunk, _CHUNK)
            except zlib.error:
                return True
            chunk = d.unconsumed_tail
            if out and not push(level + 1, out):
                return False
            if not out and not chunk:
                break
        return True

    for i in range(0, len(raw), _CHUNK):
        if i and i % (_CHUNK * 64) == 0:
            tick()
        if not push(0, bytes(raw[i : i + _CHUNK])):
            return None
    return total


def check_streams(
    data: bytes, limit: int, source: str | None, tick: Callable[[], None]
) -> None:
    """Raise :class:`LimitExceeded` (``max_pdf_stream_bytes``) for a stream that is or
    inflates past ``limit`` bytes (a font program: past ``_FONT_FACTOR × limit``).

    pdfium builds an object for every drawing operator of a content stream it loads
    (≈ 30 bytes of memory per byte of dense path operators), so this also bounds the memory
    and the uninterruptible C time of loading one page."""
    font_limit = _FONT_FACTOR * limit
    for dictionary, raw in _streams(data):
        if _UNDECODED.search(dictionary):
            continue
        cap = font_limit if _FONT.search(dictionary) else limit
        layers = len(_FILTER_NAMES.findall(dictionary))
        if len(raw) > cap:
            _too_big(len(raw), cap, source)
        if not layers or (layers == 1 and len(raw) * _FLATE_MAX_RATIO <= cap):
            continue
        if b"LZW" in dictionary:
            layers = 1  # LZW is not inflated here; pdfium caps its output
        tick()
        if _inflate(raw, layers, cap, tick) is None:
            _too_big(len(raw), cap, source, compressed=True)


def _too_big(size: int, cap: int, source: str | None, compressed: bool = False) -> None:
    what = (f"a stream of {size:,} bytes inflates past {cap:,} bytes (a decompression bomb?)"
            if compressed else f"a stream of {size:,} bytes is over {cap:,} bytes")
    raise LimitExceeded(
        f"{what}; raise it with Limits(max_pdf_stream_bytes=...)",
        limit="max_pdf_stream_bytes",
        value=cap,
        actual=size if not compressed else None,
        source=source,
    )


def _aliases(data: bytes, limit: int, tick: Callable[[], None]) -> dict[int, int]:
    """Object number → the object number its whole value refers to."""
    out = {int(m.group(1)): int(m.group(3)) for m in _ALIAS.finditer(data)}
    for dictionary, raw in _streams(data):
        if not _OBJSTM.search(dictionary):
            continue
        first = _FIRST.search(dictionary)
        if first is None:
            continue
        layers = len(_FILTER_NAMES.findall(dictionary))
        body = bytes(raw)
        if layers:
            try:
                body = zlib.decompressobj().decompress(body, limit)
            except zlib.error:
                continue
        tick()
        offset = int(first.group(1))
        nums = body[:offset].split()
        pairs = [(int(nums[i]), int(nums[i + 1])) for i in range(0, len(nums) - 1, 2)
                 if nums[i].isdigit() and nums[i + 1].isdigit()]
        for k, (num, at) in enumerate(pairs):
            end = pairs[k + 1][1] if k + 1 < len(pairs) else len(body) - offset
            m = _REF_ONLY.fullmatch(body[offset + at : offset + end])
            if m is not None:
                out[num] = int(m.group(1))
    return out


def reference_cycle(data: bytes, limit: int, tick: Callable[[], None]) -> list[int] | None:
    """The object numbers of a cycle of pure references, if the file has one."""
    alias = _aliases(data, limit, tick)
    done: set[int] = set()
    for start in alias:
        path: list[int] = []
        on_path: set[int] = set()
        n: int | None = start
        while n is not None and n in alias and n not in done:
            if n in on_path:
                return path[path.index(n) :]
            path.append(n)
            on_path.add(n)
            n = alias.get(n)
        done.update(path)
    return None
