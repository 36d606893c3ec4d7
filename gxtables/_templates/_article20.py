"""The 第二十条 items of both layouts (主动公开政府信息情况): tables with no arithmetic.

Part of the template data (see :mod:`._data`, which assembles the layouts): rows and columns
as typed records, each naming its key, official label, English name and the phrases that
recognise it.
"""

from __future__ import annotations

from ._specs import ColumnSpec, RowSpec, TableSpec

__all__ = ["ARTICLE20_2019", "ARTICLE20_2021", "ARTICLE20_TITLE"]

ARTICLE20_TITLE = "二、主动公开政府信息情况"


def _article20(*, key: str, caption: str, rows: tuple[RowSpec, ...],
               columns: tuple[ColumnSpec, ...]) -> TableSpec:
    """A 第二十条 item: named by its caption, English ``Article 20, item N``."""
    item = key.rsplit("_", 1)[1]
    return TableSpec(key=key, title=ARTICLE20_TITLE, name=caption,
                     en=f"Article 20, item {item}", captions=(caption,),
                     rows=rows, columns=columns)


# Records both layouts print alike (made afresh for each table: records are never shared).


def _year_on_year() -> tuple[ColumnSpec, ColumnSpec]:
    return (ColumnSpec(key="previous_count", label="上一年项目数量", en="items last year",
                       match=("上一年项目数量", "上一年")),
            ColumnSpec(key="change", label="本年增/减", en="change this year",
                       match=("本年增减",), exact=("增减",), signed=True))


def _decisions_2019() -> ColumnSpec:
    return ColumnSpec(key="decisions", label="处理决定数量", en="decisions",
                      match=("处理决定数量", "处理决定"))


def _decisions_2021() -> ColumnSpec:
    return ColumnSpec(key="decisions", label="本年处理决定数量", en="decisions this year",
                      match=("本年处理决定数量", "处理决定"))


def _licensing_row() -> RowSpec:
    return RowSpec(key="licensing", label="行政许可", en="administrative licensing",
                   match=("行政许可",))


def _enforcement_rows() -> tuple[RowSpec, RowSpec]:
    return (RowSpec(key="penalty", label="行政处罚", en="administrative penalties",
                    match=("行政处罚",)),
            RowSpec(key="coercion", label="行政强制", en="administrative coercion",
                    match=("行政强制",)))


def _fees_row() -> RowSpec:
    return RowSpec(key="fees", label="行政事业性收费", en="administrative fees",
                   match=("行政事业性收费", "事业性收费"))


#: How prose says a document was made this year (``制定规范性文件15件``).
_MADE = ("制发", "制定", "印发", "出台")


def _regulations_row() -> RowSpec:
    return RowSpec(key="regulations", label="规章", en="rules", exact=("规章",),
                   stated=("规章",))


def _normative_row(label: str, en: str) -> RowSpec:
    return RowSpec(key="normative_documents", label=label, en=en,
                   match=tuple(dict.fromkeys((label, "规范性文件"))), stated=("规范性文件",))


ARTICLE20_2019: tuple[TableSpec, ...] = (
    _article20(key="article20_1", caption="第二十条第（一）项", rows=(
        _regulations_row(), _normative_row("规范性文件", "normative documents"),
    ), columns=(
        ColumnSpec(key="made", label="本年新制作数量", en="made this year",
                   match=("本年新制作数量", "新制作"), stated=_MADE),
        ColumnSpec(key="published", label="本年新公开数量", en="published this year",
                   match=("本年新公开数量", "新公开"), stated=("公开",)),
        ColumnSpec(key="total_published", label="对外公开总数量", en="total published",
                   match=("对外公开总数量", "公开总数量", "公开总数"),
                   stated=("对外公开总", "累计公开")),
    )),
    _article20(key="article20_5", caption="第二十条第（五）项", rows=(
        _licensing_row(),
        RowSpec(key="other_services", label="其他对外管理服务事项", en="other public services",
                match=("其他对外管理服务事项", "对外管理服务")),
    ), columns=(
        *_year_on_year(),
        _decisions_2019(),
    )),
    _article20(key="article20_6", caption="第二十条第（六）项", rows=(
        *_enforcement_rows(),
    ), columns=(
        *_year_on_year(),
        _decisions_2019(),
    )),
    _article20(key="article20_8", caption="第二十条第（八）项", rows=(
        _fees_row(),
    ), columns=(
        *_year_on_year(),
    )),
    _article20(key="article20_9", caption="第二十条第（九）项", rows=(
        RowSpec(key="procurement", label="政府集中采购", en="central government procurement",
                match=("政府集中采购", "集中采购")),
    ), columns=(
        ColumnSpec(key="projects", label="采购项目数量", en="procurement projects",
                   match=("采购项目数量", "采购项目")),
        ColumnSpec(key="amount", label="采购总金额", en="procurement amount",
                   match=("采购总金额", "采购金额"), money=True),
    )),
)

ARTICLE20_2021: tuple[TableSpec, ...] = (
    _article20(key="article20_1", caption="第二十条第（一）项", rows=(
        _regulations_row(),
        _normative_row("行政规范性文件", "administrative normative documents"),
    ), columns=(
        ColumnSpec(key="issued", label="本年制发件数", en="issued this year",
                   match=("本年制发件数", "制发"), stated=(*_MADE, "发布")),
        ColumnSpec(key="repealed", label="本年废止件数", en="repealed this year",
                   match=("本年废止件数", "废止"), stated=("废止",)),
        ColumnSpec(key="in_force", label="现行有效件数", en="in force",
                   match=("现行有效件数", "现行有效"), stated=("现行有效",)),
    )),
    _article20(key="article20_5", caption="第二十条第（五）项", rows=(
        _licensing_row(),
    ), columns=(
        _decisions_2021(),
    )),
    _article20(key="article20_6", caption="第二十条第（六）项", rows=(
        *_enforcement_rows(),
    ), columns=(
        _decisions_2021(),
    )),
    _article20(key="article20_8", caption="第二十条第（八）项", rows=(
        _fees_row(),
    ), columns=(
        ColumnSpec(key="amount", label="本年收费金额（单位：万元）", en="fees collected this year",
                   match=("本年收费金额", "收费金额"), money=True),
    )),
)

