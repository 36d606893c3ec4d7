"""Bytes → str for text and HTML, by sniffing: BOM, strict UTF-8, UTF-16 without BOM,
GB18030 (a superset of GBK and GB2312) or Big5 (cp950) by which reads as common characters,
then charset-normalizer for the rest. Mojibake is undone when exact, else refused."""

from __future__ import annotations

import codecs
import re

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
    the reverse decodes to garbage). Bytes that decode in several Chinese encodings (GBK
    and Big5 both accept most byte pairs) take the one whose ideographs are common ones;
    a character cut off at the end (a truncated download) is dropped; a page decoded
    wrongly once and saved again (mojibake) is undone when that can be done exactly.
    Raises :class:`UnsupportedFormat` for binary data, and for text whose ideographs are
    mostly rare ones (mojibake that cannot be undone: its numbers cannot be trusted).
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break
    text = _strict(data, "utf-8")
    if text is None:
        text = _mostly_utf8(data)
    if text is not None:
        return _undo_mojibake(text, "utf-8", source)
    guess16 = _utf16_guess(data)
    if guess16:
        text = _strict(data, guess16)
        if text is not None:
            return text, guess16
    candidates = []
    if declared:
        name = declared.strip().lower()
        try:
            info = codecs.lookup(_WIDEN.get(name, name))
        except LookupError:
            info = None
        if info is not None and getattr(info, "_is_text_encoding", True):
            candidates.append(info.name)  # (not base64 or zlib: bytes-to-bytes codecs)
    candidates.extend(n for n in ("gb18030", "cp950") if n not in candidates)
    best: tuple[float, str, str] | None = None
    for name in candidates:
        text = _strict(data, name)
        if text is None or not _looks_like_text(text):
            continue
        share = _common_share(text)
        if best is None or share > best[0] + 0.05:
            best = (share, text, name)
    if best is not None:
        return _undo_mojibake(best[1], best[2], source)
    from charset_normalizer import from_bytes

    found = from_bytes(data[:2_000_000]).best()
    if found is not None and found.encoding:
        try:
            text = data.decode(found.encoding, errors="replace")
        except LookupError:  # a codec name charset-normalizer knows and Python does not
            text = ""
        if text and _looks_like_text(text):
            return text, found.encoding
    raise UnsupportedFormat(
        "expected text in a known encoding (UTF-8, UTF-16, GB18030/GBK/GB2312, Big5 or one "
        "charset-normalizer recognises); found bytes that decode in none of them",
        found="binary or undecodable data",
        source=source,
    )


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray bytes (a page patched by hand, a byte broken on the way),
    as a browser shows it: each invalid sequence replaced by U+FFFD, which no number takes
    in (a cell holding one is text, and flagged). Only when valid CJK characters outnumber
    the invalid sequences a hundred to one: GB18030 or Big5 bytes read as UTF-8 give
    hardly any valid CJK character and an invalid sequence for nearly every one."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if bad <= 0 or bad * 200 > len(data):
        return None
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    return text if cjk >= 100 * bad else None


def _strict(data: bytes, name: str) -> str | None:
    """``data`` decoded strictly as ``name``, a character cut off at the very end (a
    download truncated mid-character) dropped; ``None`` when it does not decode."""
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        cut = exc.start if exc.end >= len(data) and len(data) - exc.start <= 3 else -1
    if cut < 0:
        return None
    try:
        return data[:cut].decode(name)
    except UnicodeDecodeError:
        return None


#: Undoing mojibake: the encoding the text was wrongly decoded with, and the one it was
#: really in (tried in this order; the first exact round trip into common text wins).
_MISREAD = (("cp1252", "utf-8"), ("latin-1", "utf-8"), ("cp1252", "gb18030"),
            ("latin-1", "gb18030"), ("gb18030", "utf-8"), ("cp950", "utf-8"),
            ("gb18030", "cp950"))
#: Text with at least this many ideographs is judged by their share of common ones; below
#: ``_RARE`` it is taken for mojibake.
_JUDGED = 100
_RARE = 0.8
#: ``_looks_meant`` judges a text by its first ``_OPENING`` characters when they hold at
#: least ``_PLENTY`` ideographs and most are common; else by the full sample.
_OPENING = 1500
_PLENTY = 300


def _undo_mojibake(text: str, name: str, source: str | None) -> tuple[str, str]:
    """``text`` (decoded as ``name``) as it was meant: as is when it reads as text of
    common characters; else undone when one wrong decoding explains it exactly; else
    refused (its ideographs are mostly rare ones, or it is Latin-1 letters where a Chinese
    report should be)."""
    if _looks_meant(text):
        return text, name
    for wrong, right in _MISREAD:
        try:
            fixed = text.encode(wrong).decode(right)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _ideographs(fixed) >= _JUDGED and _looks_meant(fixed):
            return fixed, f"{right} (read as {wrong} once)"
    raise UnsupportedFormat(
        "expected text of common Chinese characters; found text whose characters are "
        "mostly rare ones or accented Latin letters — the page was decoded with a wrong "
        "encoding somewhere (mojibake), so its numbers cannot be trusted",
        found="mis-decoded text (mojibake)",
        source=source,
    )


def _looks_meant(text: str) -> bool:
    """Whether ``text`` reads as meant: too few ideographs to judge and no run of Latin-1
    letters standing in for them, or mostly common ideographs. A text whose opening
    already holds plenty of ideographs, mostly common ones, is judged by it (a page is
    decoded, and mis-decoded, as a whole; the full sample costs a report ≈ 0.1 ms)."""
    opening = _NOT_IDEOGRAPH.sub("", text[:_OPENING])
    if len(opening) >= _PLENTY and _common_count(opening) / len(opening) >= _RARE:
        return True
    sample = text[:20000]
    cjk = _NOT_IDEOGRAPH.sub("", sample)  # its ideographs (``_ideographs`` counts them)
    if len(cjk) < _JUDGED:
        latin = sum(1 for ch in sample if 0xC0 <= ord(ch) <= 0xFF)
        return latin < _JUDGED
    return _common_count(cjk) / len(cjk) >= _RARE  # (_common_share, the ideographs at hand)


def _ideographs(text: str) -> int:
    """How many of ``text``'s first 20 000 characters are ideographs (U+3400–U+9FFF):
    the others deleted by one regex pass (a Python loop over every character cost a report
    ≈ 0.4 ms)."""
    return len(_NOT_IDEOGRAPH.sub("", text[:20000]))


_NOT_IDEOGRAPH = re.compile("[^\u3400-\u9fff]+")


def _common_share(text: str) -> float:
    """The share of ``text``'s ideographs (first 20 000 characters) that are common ones:
    GB2312 level 1 (3 755 simplified) or Big5 level 1 (5 401 traditional). A right
    decoding of a report scores near 1; Big5 read as GBK about 0.6, UTF-8 read as GBK 0.3.
    (Counted by one regex pass over the common ideographs, :func:`_common_ideographs`.)"""
    cjk = _NOT_IDEOGRAPH.sub("", text[:20000])
    return _common_count(cjk) / len(cjk) if cjk else 1.0


def _common_count(ideographs: str) -> int:
    """How many of ``ideographs`` (a text of ideographs only) are common ones:
    the others are what is left when the common ones are deleted."""
    return len(ideographs) - len(_common_ideographs().sub("", ideographs))


def _common_ideographs() -> re.Pattern[str]:
    """A pattern of the common ideographs (U+3400–U+9FFF), in runs: the codes of GB2312
    level 1 and Big5 level 1 decoded, each kept when it round-trips to its code (tested
    over the whole range against a per-character definition). Built on first use (≈ 13 ms,
    once a process: a property of the codecs, not of any document)."""
    global _COMMON_IDEOGRAPHS
    if _COMMON_IDEOGRAPHS is None:  # (two threads may both build it: the same pattern)
        _COMMON_IDEOGRAPHS = _build_common_ideographs()
    return _COMMON_IDEOGRAPHS


_COMMON_IDEOGRAPHS: re.Pattern[str] | None = None


def _build_common_ideographs() -> re.Pattern[str]:
    chars: set[str] = set()
    for codec, codes in (("gb2312", [(hi << 8) | lo for hi in range(0xB0, 0xD8)
                                     for lo in range(0xA1, 0xFF)]),
                         ("big5", [(hi << 8) | lo for hi in range(0xA4, 0xC7)
                                   for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF))
                                   if 0xA440 <= (hi << 8) | lo <= 0xC67E])):
        raw = b"".join(code.to_bytes(2, "big") for code in codes)
        try:  # all at once: every code decodes to one character that encodes back to it
            text = raw.decode(codec)
            whole = len(text) == len(codes) and text.encode(codec) == raw
        except (UnicodeDecodeError, UnicodeEncodeError):
            whole = False
        if whole:
            chars.update(ch for ch in text if 0x3400 <= ord(ch) <= 0x9FFF)
            continue
        for code in codes:  # some code does not: one by one
            pair = code.to_bytes(2, "big")
            try:
                ch = pair.decode(codec)
                if len(ch) == 1 and 0x3400 <= ord(ch) <= 0x9FFF and ch.encode(codec) == pair:
                    chars.add(ch)
            except (UnicodeDecodeError, UnicodeEncodeError):
                continue
    runs: list[tuple[int, int]] = []
    for code in sorted(map(ord, chars)):
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return re.compile("[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)
                      + "]+")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\ufffd")
    return bad <= max(2, len(sample) // 200)
