"""Bytes → str for text and HTML, by sniffing: BOM, strict UTF-8, UTF-16 without BOM,
GB18030 (a superset of GBK and GB2312), then charset-normalizer for the rest."""

from __future__ import annotations

import codecs

from ._errors import UnsupportedFormat

__all__ = ["decode_text"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Declared names that under-promise: pages labelled GB2312 or GBK routinely hold GB18030.
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
          "gb_2312-80": "gb18030", "iso-8859-1": "cp1252", "latin-1": "cp1252",
          "ascii": "utf-8", "us-ascii": "utf-8"}


def _utf16_guess(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    # ASCII-heavy UTF-16 has a NUL in every other byte; CJK-heavy has few, so also try a decode.
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_text(
    data: bytes, declared: str | None = None, *, source: str | None = None
) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding used)``.

    ``declared`` is an encoding named by the document itself (an HTML ``<meta charset>``);
    it is tried after the BOM and strict UTF-8 (a UTF-8 page mislabelled GBK is common,
    the reverse decodes to garbage). Raises :class:`UnsupportedFormat` for binary data.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess16 = _utf16_guess(data)
    if guess16:
        try:
            return data.decode(guess16), guess16
        except UnicodeDecodeError:
            pass
    candidates = []
    if declared:
        name = declared.strip().lower()
        try:
            name = codecs.lookup(_WIDEN.get(name, name)).name
            candidates.append(name)
        except LookupError:
            pass
    candidates.append("gb18030")
    for name in candidates:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, name
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding, errors="replace")
        except LookupError:  # a codec name charset-normalizer knows and Python does not
            text = ""
        if text and _looks_like_text(text):
            return text, best.encoding
    raise UnsupportedFormat(
        "expected text in a known encoding (UTF-8, UTF-16, GB18030/GBK/GB2312 or one "
        "charset-normalizer recognises); found bytes that decode in none of them",
        found="binary or undecodable data",
        source=source,
    )


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\ufffd")
    return bad <= max(2, len(sample) // 200)
