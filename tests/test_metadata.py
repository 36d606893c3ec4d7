"""Issue 15: report metadata — title, organ and year as the document states them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gxtables._api import _read
from gxtables._grid import Cell, CellGrid, Document, Paragraph
from gxtables._limits import Limits
from gxtables._metadata import read_metadata

FIXTURES = Path(__file__).parent / "fixtures"


def _document(path: Path) -> Document:
    fmt = {".txt": "text", ".pdf": "pdf", ".docx": "docx", ".html": "html"}[path.suffix]
    return _read(fmt, path.read_bytes(), Limits(), str(path))


@pytest.mark.parametrize(("name", "title", "organ", "year"), [
    ("seeds/000.txt", "台州市2020年度政府信息公开工作报告", "台州市", 2020),
    ("seeds/001.txt", "舟山市人民政府政府信息公开工作年度报告(2020年度)", "舟山市人民政府", 2020),
    ("seeds/002.txt", "瑞安市人民政府2019年政府信息公开工作年度报告", "瑞安市人民政府", 2019),
    ("seeds/003.txt", "慈溪市人民政府2020年政府信息公开工作年度报告", "慈溪市人民政府", 2020),
    ("seeds/004.txt", "2020柯桥区政府信息公开年度报告", "柯桥区", 2020),
    ("seed_renders/002.pdf", "XX市人民政府2020年政府信息公开工作年度报告", "XX市人民政府", 2020),
    ("seed_renders/002.docx", "XX市人民政府2020年政府信息公开工作年度报告", "XX市人民政府", 2020),
    ("seed_renders/002.html", "XX市人民政府2020年政府信息公开工作年度报告", "XX市人民政府", 2020),
    # a crawler's page: ``标题: …`` is a field name, not part of the title or the organ
    ("samples/pingtan-2022/page.txt", "平潭综合实验区2022年度政府信息公开工作年度报告",
     "平潭综合实验区", 2022),
])
def test_the_seeds_state_title_organ_and_year(name: str, title: str, organ: str,
                                              year: int) -> None:
    meta = read_metadata(_document(FIXTURES / name))
    assert meta.title is not None and meta.title.value == title
    assert meta.organ is not None and meta.organ.value == organ
    assert meta.year is not None and meta.year.value == year
    assert str(year) in meta.year.evidence  # the evidence shows where the year came from


def doc(*texts: str) -> Document:
    return Document("text", tuple(Paragraph(t) for t in texts))


def test_the_statistics_period_gives_the_year_when_the_title_does_not() -> None:
    meta = read_metadata(doc("某某区人民政府政府信息公开工作年度报告",
                             "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。"))
    assert meta.year is not None and meta.year.value == 2021
    assert "统计期限" in meta.year.evidence and len(meta.year.evidence) < 60


def test_a_title_and_period_that_disagree_give_no_year() -> None:
    meta = read_metadata(doc("某某区人民政府2021年政府信息公开工作年度报告",
                             "数据统计期限自2020年1月1日起至2020年12月31日止。"))
    assert meta.year is None
    assert meta.organ is not None and meta.organ.value == "某某区人民政府"


def test_a_period_across_two_years_names_no_year() -> None:
    meta = read_metadata(doc("政府信息公开工作年度报告",
                             "统计期限自2020年7月1日起至2021年6月30日止。"))
    assert meta.year is None and meta.organ is None


def test_the_publisher_line_names_the_organ() -> None:
    meta = read_metadata(doc("首页 > 政务公开", "发布机构：某某市交通运输局",
                             "2022年政府信息公开工作年度报告"))
    assert meta.organ is not None and meta.organ.value == "某某市交通运输局"
    assert meta.year is not None and meta.year.value == 2022


def test_the_title_names_the_organ_over_the_site_that_posted_it() -> None:
    # A site posts its departments' reports under its own name, or a short one.
    meta = read_metadata(doc("标题: 平潭综合实验区管委会办公室2022年度政府信息公开工作年度报告",
                             "发布机构: 平潭综合实验区人民政府"))
    assert meta.organ is not None and meta.organ.value == "平潭综合实验区管委会办公室"
    meta = read_metadata(doc("标题: 平潭综合实验区公安局2024年政府信息公开工作年度报告",
                             "发布机构: 区公安局"))
    assert meta.organ is not None and meta.organ.value == "平潭综合实验区公安局"


def test_nothing_stated_is_nothing_read() -> None:
    grid = CellGrid((Cell("一、本年新收政府信息公开申请数量", 0, 0),))
    meta = read_metadata(Document("text", (Paragraph("工作总结"), grid)))
    assert (meta.title, meta.organ, meta.year) == (None, None, None)


_PLACES = st.text(st.sampled_from("台州舟山瑞安慈溪柯桥杭宁温嘉湖绍金衢丽"), min_size=2, max_size=4)
_ORGANS = st.builds(lambda place, kind, suffix: place + kind + suffix, _PLACES,
                    st.sampled_from(["市", "县", "区"]),
                    st.sampled_from(["人民政府", "交通运输局", "人民政府办公室", "卫生健康委员会"]))


@given(organ=_ORGANS, year=st.integers(2019, 2035),
       shape=st.sampled_from(["joined", "bracketed", "two_lines", "period"]))
def test_generated_titles_give_their_organ_and_year(organ: str, year: int, shape: str) -> None:
    period = f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    texts = {
        "joined": [f"{organ}{year}年政府信息公开工作年度报告", period],
        "bracketed": [f"{organ}政府信息公开工作年度报告（{year}年度）"],
        "two_lines": [organ, f"{year}年政府信息公开工作年度报告", period],
        "period": [f"{organ}政府信息公开工作年度报告", "一、总体情况", period],
    }[shape]
    meta = read_metadata(doc("首页", *texts))
    assert meta.organ is not None and meta.organ.value == organ
    assert meta.year is not None and meta.year.value == year
    assert meta.title is not None and organ in meta.title.value


def test_keywords_read_through_spaces_and_compatibility_forms() -> None:
    """The quick skip before normalising must not miss a 统 计 with a space or a 发⽂机关
    whose 文 is the Kangxi radical (NFKC folds it)."""
    from gxtables._grid import Document, Paragraph
    from gxtables._metadata import read_metadata

    meta = read_metadata(Document("text", (
        Paragraph("2020年政府信息公开工作年度报告"),
        Paragraph("发\u2f42机关：某某县人民政府办公室"),
        Paragraph("统 计期限自2020年1月1日起至2020年12月31日止。"),
    )))
    assert meta.organ is not None and meta.organ.value == "某某县人民政府办公室"
    assert meta.year is not None and meta.year.value == 2020
    period_only = read_metadata(Document("text", (
        Paragraph("本报告统\u3000计期限自2021年1月1日起至2021年12月31日止。"),)))
    assert period_only.year is not None and period_only.year.value == 2021
