"""The one-line page splitter passes a long paragraph over without cutting it only when
cutting it would find no table text (``_all_prose`` agrees with ``_line_pieces``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gxtables._limits import Deadline, Limits
from gxtables._readers._text_longline import _HEADING_AFTER_DIGIT, _all_prose, _line_pieces

#: Sentence ends, semicolons, closing marks, headings, digits, spaces of every kind.
_EDGES = st.sampled_from(list("。！？!?；;”’」』)）一二三五、.．（(12０ \u3000\u00a0\n\t\x1cab字"))
_TEXTS = st.lists(st.one_of(_EDGES, st.characters()), max_size=16).map("".join)


def _cut_all_prose(text: str) -> bool:
    return all(prose for _, _, prose in _line_pieces(text, Deadline(Limits().timeout, None)))


@given(_TEXTS)
def test_passed_over_only_when_cutting_finds_no_table_text(text: str) -> None:
    if _all_prose(text):
        assert _cut_all_prose(text)
    elif not _HEADING_AFTER_DIGIT.search(text):
        assert not _cut_all_prose(text)  # and it misses nothing else


def test_examples() -> None:
    assert _all_prose("本机关认真贯彻落实条例。全年共收到申请10件；均已办结。")
    assert _all_prose("他说：“已办结。”  下一句也结束了！")
    assert not _all_prose("本年新收政府信息公开申请数量 10 上年结转 2")
    assert not _all_prose("」")
    assert not _all_prose("全年0000五、存在的主要问题。")
