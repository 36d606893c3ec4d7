"""gxtables._hanzi: traditional → simplified for the report vocabulary (issue 12).

The test renderer (``_render.lossy.to_traditional``, a table written separately) converts
every phrase of the template vocabulary to traditional characters; ``to_simplified`` must
map each back exactly, and leave simplified text untouched.
"""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest
from _render.layout import layout_report
from _render.lossy import random_style, realistic_report, to_traditional
from _render.text import render_text

from gxtables import _hanzi
from gxtables._hanzi import to_simplified

DATA = Path(__file__).resolve().parent.parent / "gxtables" / "_templates" / "_data.py"


def _vocabulary() -> list[str]:
    """Every string literal of the template data that holds a Chinese character."""
    tree = ast.parse(DATA.read_text(encoding="utf-8"))
    found = {node.value for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and any("\u4e00" <= ch <= "\u9fff" for ch in node.value)}
    return sorted(found)


VOCABULARY = _vocabulary()


def test_the_vocabulary_is_read() -> None:
    assert len(VOCABULARY) > 150
    assert "2.其他法律行政法规禁止公开" in VOCABULARY


@pytest.mark.parametrize("phrase", VOCABULARY)
def test_every_template_phrase_maps_back_from_traditional(phrase: str) -> None:
    traditional = to_traditional(phrase)

    assert to_simplified(traditional) == phrase


def test_the_renderer_really_changes_the_vocabulary() -> None:
    changed = [p for p in VOCABULARY if to_traditional(p) != p]

    assert len(changed) > 0.8 * len(VOCABULARY)
    assert to_traditional("行政复议") == "行政復議"
    assert to_traditional("2.重复申请") == "2.重複申請"


@pytest.mark.parametrize("phrase", VOCABULARY)
def test_simplified_text_is_left_alone(phrase: str) -> None:
    assert to_simplified(phrase) == phrase


@pytest.mark.parametrize(("traditional", "simplified"), [
    ("報告 處理 維持 復議 訴訟 機構 數量", "报告 处理 维持 复议 诉讼 机构 数量"),
    ("（二）部分公開（區分處理的，只計這一情形，不計其他情形）",
     "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("5.要求行政機關確認或重新出具已獲取資訊", "5.要求行政机关确认或重新出具已获取资讯"),
    ("重複申請", "重复申请"),
    ("危及「三安全一穩定」", "危及「三安全一稳定」"),
    ("本年收費金額（單位：萬元）", "本年收费金额（单位：万元）"),
    ("爲 為 衆 眾 係 繫 臺 祕", "为 为 众 众 系 系 台 秘"),
])
def test_known_traditional_spellings(traditional: str, simplified: str) -> None:
    assert to_simplified(traditional) == simplified


def test_the_table_is_one_to_one_per_traditional_character() -> None:
    traditional, simplified = _hanzi._TRADITIONAL, _hanzi._SIMPLIFIED

    assert len(traditional) == len(simplified)
    assert len(set(traditional)) == len(traditional)
    assert not set(traditional) & set(simplified)


@pytest.mark.parametrize("seed", range(6))
def test_whole_generated_documents_map_back(seed: int) -> None:
    rng = random.Random(seed)
    data = realistic_report(rng, ("2019", "2021")[seed % 2])
    text = render_text(layout_report(data, random_style(rng)), "tab").decode("utf-8")

    assert to_simplified(to_traditional(text)) == text
