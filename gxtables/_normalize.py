"""Text normalisation shared by readers, values and the matcher (pure functions)."""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "clean_cell_text", "display_width", "nfkc", "normalize_label", "split_numbering",
    "strip_punctuation",
]

# Characters PDFs and Word pages use for spacing that NFKC leaves alone or turns into spaces.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

#: Traditional characters of the statutory tables' vocabulary and the words around them,
#: each over its simplified form (mirror sites republish reports as 報告, 處理, 維持…).
#: Only characters whose traditional form is not itself a simplified character are mapped.
_TRADITIONAL = (
    "萬業舉於會關決況減辦務動區單發號後國處復複審對屬廢開強當總執護報數無機權條構沒現"
    "確穩類糾納組織經結繼續維繳罰範獲補規計認議許訟訪訴詢請購費轉過這採項額與門網統"
    "書頁證並應說為兩個聞見記礎設達標準時間戶監檢測質態實際體歷簡稱級縣鎮鄉臺製徵"
    "佈勞檔資訊視聽陳賠償糧衛貿險銀勵獎優惠幣電話郵編聯繫傳遞務營運銷產環藥醫療"
    "養內員歲圍覽眾爲廣東雲貴灣濟遼寧黃龍蘇陝閩漢鄭廳嶺"
)
_SIMPLIFIED = (
    "万业举于会关决况减办务动区单发号后国处复复审对属废开强当总执护报数无机权条构没现"
    "确稳类纠纳组织经结继续维缴罚范获补规计认议许讼访诉询请购费转过这采项额与门网统"
    "书页证并应说为两个闻见记础设达标准时间户监检测质态实际体历简称级县镇乡台制征"
    "布劳档资讯视听陈赔偿粮卫贸险银励奖优惠币电话邮编联系传递务营运销产环药医疗"
    "养内员岁围览众为广东云贵湾济辽宁黄龙苏陕闽汉郑厅岭"
)
_FOLD = {**_INVISIBLE, **str.maketrans(_TRADITIONAL, _SIMPLIFIED)}

_PUNCT_CATEGORIES = ("P", "S", "Z", "C")

_CN_NUM = "一二三四五六七八九十"
# Outline numbering at the start of a label: 一、 (一) 1. 1、 (1) ①
_NUMBERING = re.compile(
    rf"^\s*(?:"
    rf"第?[{_CN_NUM}]+[、.．,，]"
    rf"|[（(][{_CN_NUM}]+[)）][、.．]?"
    rf"|[（(]\d{{1,2}}[)）][、.．]?"
    rf"|\d{{1,2}}(?:[、．.](?!\d)|[)）])"
    rf"|[\u2460-\u2473]"
    rf")\s*"
)


def nfkc(text: str) -> str:
    """NFKC (full-width digits and Latin, Kangxi radicals and CJK compatibility ideographs
    become their ordinary forms) minus zero-width characters, traditional characters of the
    report vocabulary folded to simplified ones."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


def clean_cell_text(text: str) -> str:
    """A cell's raw text as we report it: whitespace at the ends trimmed, internal line
    breaks removed (a wrapped cell is one cell). Characters are kept as written."""
    parts = [p.strip() for p in re.split(r"[\r\n]+", text)]
    joined = ""
    for part in parts:
        if not part:
            continue
        if joined and _needs_space(joined[-1], part[0]):
            joined += " "
        joined += part
    return joined.strip(" \t\u3000\u00a0")


def _needs_space(left: str, right: str) -> bool:
    # Words of Latin text wrapped in a cell get their space back; a number wrapped in a
    # narrow cell (30 / 0) is one number, and CJK needs no spaces.
    if left.isdigit() and right.isdigit():
        return False
    return left.isascii() and right.isascii() and left.isalnum() and right.isalnum()


def display_width(text: str) -> int:
    """Columns a string takes in monospaced CJK text (wide characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def split_numbering(text: str) -> tuple[str, str]:
    """``"（三）不予公开"`` → ``("三", "不予公开")``: the outline number (digits or Chinese
    numerals, brackets dropped) and the rest. No numbering gives ``("", text)``."""
    t = nfkc(text).strip()
    m = _NUMBERING.match(t)
    if not m:
        return "", t
    number = re.sub(r"[^0-9一二三四五六七八九十\u2460-\u2473]", "", m.group(0))
    if number and "\u2460" <= number[0] <= "\u2473":
        number = str(ord(number[0]) - 0x2460 + 1)
    return number, t[m.end():]


def normalize_label(text: str) -> str:
    """The comparable form of a label: NFKC, outline numbering dropped, every space,
    punctuation mark and symbol removed.

    >>> normalize_label("（二）部分公开（区分处理的，只计这一情形）")
    '部分公开区分处理的只计这一情形'
    >>> normalize_label("3.危及“三安全一稳定”")
    '危及三安全一稳定'
    """
    _, rest = split_numbering(text)
    return rest.translate(_DROP)


def strip_punctuation(text: str) -> str:
    """NFKC and every space, punctuation mark and symbol removed (numbering kept)."""
    return nfkc(text).translate(_DROP)


class _DropTable(dict[int, int | None]):
    """A ``str.translate`` table that deletes spaces, punctuation, symbols and controls,
    deciding each code point once (translate then runs at C speed)."""

    def __missing__(self, code: int) -> int | None:
        keep = not unicodedata.category(chr(code)).startswith(_PUNCT_CATEGORIES)
        value = code if keep else None
        self[code] = value
        return value


_DROP = _DropTable()
