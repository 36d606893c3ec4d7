"""What a report says about itself: its title, the organ that published it and the year it
reports on, each with the text it was read from.

Read from the document's paragraphs, never guessed:

* **title** — the first paragraph before the tables that names 政府信息公开 and a report
  (年度报告, 工作报告, 年报), without a field name before it (``标题: …``); a title broken
  over two lines (``瑞安市人民政府`` / ``2019年政府信息公开工作年度报告``) is joined when
  the line before it is short and ends like an organ's name;
* **organ** — the title's words before its year and 政府信息公开 when they end like an
  organ's name (``舟山市人民政府``), otherwise a ``发布机构：`` (or 发文机关, 发布单位, 来源)
  line if the page prints one: a site posts its departments' reports under its own name
  (``发布机构: 平潭综合实验区人民政府`` over 管委会办公室's report) or a short one (区公安局);
* **year** — the year in the title (``2020年度``, ``(2020年度)``, ``2020柯桥区…``), else the
  统计期限 sentence when it starts and ends in one year (``统计期限自2020年1月1日起至2020年12月
  31日止``). When the title and the 统计期限 disagree, the year is ``None``: a report year
  that might be wrong is worse than none.

>>> from gxtables._grid import Document, Paragraph
>>> meta = read_metadata(Document("text", (Paragraph("慈溪市人民政府"),
...                                        Paragraph("2020年政府信息公开工作年度报告"))))
>>> meta.organ.value, meta.year.value
('慈溪市人民政府', 2020)
"""

from __future__ import annotations

import re
import unicodedata
from itertools import islice

from ._grid import CellGrid, Document, Location, Paragraph
from ._records import Fact, Metadata

__all__ = ["read_metadata"]

#: Paragraphs searched for the title (a crawled page starts with navigation text).
_TITLE_WINDOW = 40
_TITLE_MAX = 80
_EVIDENCE_MAX = 160

_TITLE = re.compile(r"政府信息公开.{0,8}(年度报告|工作报告|年报)")
#: A crawler's or a site's field name before the title (``标题: …``, ``信息名称：…``).
_TITLE_FIELD = re.compile(r"^(?:文章标题|信息名称|标题|题目|名称)[:：]")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*(?:年度|年)?")
_PERIOD = re.compile(
    r"统计(?:期限|时限|时间|区间|周期)[^0-9]{0,20}((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}"
    r"\s*日[^0-9]{0,8}(?:((?:19|20)\d{2})\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日")
_PUBLISHER = re.compile(r"(?:发布机构|发文机关|发布单位|发布部门|来源)\s*[:：]\s*([^\s:：|]{2,40})")
#: How an organ's name ends (a title's first line, ``瑞安市人民政府``).
#: The raw text a paragraph must hold for ``_PUBLISHER`` or ``_PERIOD`` to match after NFKC:
#: of the keywords' characters only 文 has other forms NFKC folds into it (⽂ U+2F42, ㉆ U+3246;
#: Unicode 14), and NFKC composes no ideograph, so a paragraph without them is skipped
#: before the costly normalisation (most are long prose in full-width punctuation). 统计 may
#: be printed with spaces between (``_clean`` drops them): its first character is the hint.
_PUBLISHER_HINT = re.compile("发布机构|发[文\u2f42\u3246]机关|发布单位|发布部门|来源")
_PERIOD_HINT = "统"
_ORGAN_END = re.compile(r"(政府|办公室|办公厅|委员会|局|厅|委|署|院|中心|办事处|管委会|"
                        r"公司|部|司|办|所|站|队|会)$")


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _evidence(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EVIDENCE_MAX else text[: _EVIDENCE_MAX - 1] + "…"


def _head_paragraphs(document: Document) -> list[Paragraph]:
    """The document's first texts in reading order: paragraphs, and the cells of any grid
    among them (flattened text can turn a page's head into a small "table")."""
    out: list[Paragraph] = []
    for block in document.blocks:
        if isinstance(block, CellGrid):
            out.extend(islice((Paragraph(c.text, c.location) for c in block.cells
                               if c.text.strip()), _TITLE_WINDOW - len(out)))
        elif block.text.strip():
            out.append(block)
        if len(out) >= _TITLE_WINDOW:
            break
    return out[:_TITLE_WINDOW]


def _title(heads: list[Paragraph]) -> tuple[str, str, Location] | None:
    """``(title, evidence, location)``: the title as one string, the text it came from."""
    for n, para in enumerate(heads):
        text = _TITLE_FIELD.sub("", _clean(para.text))
        if len(text) > _TITLE_MAX or not _TITLE.search(text):
            continue
        if n > 0:
            before = _clean(heads[n - 1].text)
            starts_bare = re.match(r"^[（(]?(?:19|20)\d{2}|^政府信息公开", text) is not None
            if starts_bare and 2 <= len(before) <= 30 and _ORGAN_END.search(before):
                return before + text, f"{heads[n - 1].text.strip()} / {para.text.strip()}", \
                    heads[n - 1].location
        return text, para.text.strip(), para.location
    return None


def _organ_from_title(title: str) -> str | None:
    head = title[: title.rfind("政府信息公开")] if "政府信息公开" in title else ""
    head = re.sub(r"[（(]?(?:19|20)\d{2}\s*(?:年度|年)?[）)]?", "", head)
    head = head.strip("《》“”\"'（）() ")
    if ":" in head or "：" in head:
        return None  # a field's line joined onto the title (发布机构：…), not an organ
    return head if len(head) >= 2 else None


def _year_from_title(title: str) -> int | None:
    years = {int(m.group(1)) for m in _YEAR_IN_TITLE.finditer(title)}
    return years.pop() if len(years) == 1 else None


def _period_year(document: Document) -> tuple[int, Paragraph] | None:
    for block in document.blocks:
        if not isinstance(block, Paragraph) or _PERIOD_HINT not in block.text:
            continue
        match = _PERIOD.search(_clean(block.text))
        if match is None:
            continue
        start, end = match.group(1), match.group(2)
        if end is not None and end != start:
            return None  # a period across years names no single report year
        return int(start), block
    return None


def _publisher(heads: list[Paragraph]) -> tuple[str, Paragraph] | None:
    for para in heads:
        if not _PUBLISHER_HINT.search(para.text):
            continue
        match = _PUBLISHER.search(unicodedata.normalize("NFKC", para.text))
        if match and _ORGAN_END.search(match.group(1)):
            return match.group(1), para
    return None


def read_metadata(document: Document) -> Metadata:
    """Title, organ and year of the report ``document`` holds; unknown parts are ``None``."""
    heads = _head_paragraphs(document)
    found = _title(heads)
    title = organ = year = None
    title_year: int | None = None
    title_organ: str | None = None
    if found is not None:
        text, evidence, location = found
        title = Fact(text, _evidence(evidence), location)
        title_organ = _organ_from_title(text)
        if title_organ is not None:
            organ = Fact(title_organ, _evidence(evidence), location)
        title_year = _year_from_title(text)
    publisher = _publisher(heads)
    if publisher is not None and not (title_organ and _ORGAN_END.search(title_organ)):
        organ = Fact(publisher[0], _evidence(publisher[1].text), publisher[1].location)
    period = _period_year(document)
    if title_year is not None and found is not None:
        if period is None or period[0] == title_year:
            year = Fact(title_year, _evidence(found[1]), found[2])
    elif period is not None:
        year = Fact(period[0], _evidence(_around(period[1].text)), period[1].location)
    return Metadata(title, organ, year)


def _around(text: str) -> str:
    """The 统计期限 sentence out of a long paragraph."""
    at = text.find("统计")
    if at < 0:
        return text
    start = max(text.rfind("。", 0, at) + 1, at - 20)
    end = text.find("。", at)
    return text[start: end + 1 if end >= 0 else len(text)]
