"""The two official layouts, as typed records: the single source of template knowledge.

Sources: 国办公开办函〔2019〕60号 (the 2019 and 2020 reports) and 国办公开办函〔2021〕30号
(from the 2021 reports on). Keys are public API (see TEMPLATES.md §2).

Every row and column names its key, official label and English name, and how it is
recognised:

* ``match`` phrases identify the label when the cell text *contains* them after
  normalisation (NFKC, punctuation, spaces and numbering removed) — abbreviations and
  reworded labels are common, so the list runs from the official wording to a
  distinctive fragment;
* ``exact`` phrases identify it only when the normalised cell *is* the phrase (``其他``,
  ``总计``, ``规章`` are too common to be searched for inside longer text).

Rows also carry the numbering the official form prints (``一``, ``（三）``, ``2``) and
the group label they sit under. Tables carry the arithmetic their form prints (``rules``)
and the cross-year carry of open requests (``carry``); layouts the phrases only they print.
"""

from __future__ import annotations

from ._article20 import ARTICLE20_2019, ARTICLE20_2021
from ._specs import (
    BalanceRule,
    Carry,
    ColumnSpec,
    ColumnSumRule,
    Layout,
    RowSpec,
    RowSumRule,
    TableSpec,
)

# -- words the matcher needs beyond the rows and columns ---------------------------------------

#: The official label of a total column or row.
TOTAL_WORD = "总计"
#: Printed beside 总计, these head the subtotal of the organisation columns, not the total.
SUBTOTAL_WHEN_TOTAL = ("合计",)
#: The label of a column the template does not keep: the sum of 法人或其他组织"s columns.
SUBTOTAL_WORD = "小计"
#: Every 第二十条 item"s caption starts so; a token naming it belongs to no one table.
ARTICLE20_WORD = "第二十条"

# -- applications (both layouts) -------------------------------------------------------------

APPLICANT_GROUP = "法人或其他组织"

APPLICATION_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(key="natural_person", label="自然人", en="natural persons", match=("自然人",)),
    ColumnSpec(key="commercial_enterprise", label="商业企业", en="commercial enterprises",
               match=("商业企业",), exact=("企业",), group=APPLICANT_GROUP),
    ColumnSpec(key="research_institution", label="科研机构", en="research institutions",
               match=("科研机构",), exact=("科研",), group=APPLICANT_GROUP),
    ColumnSpec(key="social_welfare_org", label="社会公益组织", en="social welfare organisations",
               match=("社会公益组织", "公益组织"), exact=("公益",), group=APPLICANT_GROUP),
    ColumnSpec(key="legal_service_org", label="法律服务机构", en="legal service organisations",
               match=("法律服务机构", "法律服务"), group=APPLICANT_GROUP),
    ColumnSpec(key="other_org", label="其他", en="other organisations", exact=("其他", "其他组织"),
               group=APPLICANT_GROUP),
    ColumnSpec(key="total", label="总计", en="total", exact=("总计", "合计", "总数")),
)


#: Header labels that may stand in an applications header without being a template column
#: (a 小计 under 法人或其他组织), recognised when the header contains them.
APPLICATION_EXTRA_COLUMNS = (SUBTOTAL_WORD,)
#: The group label over the five organisation columns is reworded in the wild
#: (法人或者其他组织, 法人和其他组织, 法人或其它组织): it is the header that names 法人.
APPLICANT_GROUP_MATCH = ("法人",)

_RESULTS = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"

APPLICATION_ROWS_HEAD: tuple[RowSpec, ...] = (
    RowSpec(key="new_received", label="一、本年新收政府信息公开申请数量",
            en="new requests received", match=("本年新收政府信息公开申请数量", "本年新收", "新收"),
            number="一"),
    RowSpec(key="carried_over", label="二、上年结转政府信息公开申请数量",
            en="carried over from last year", match=("上年结转政府信息公开申请数量", "上年结转"),
            number="二"),
    RowSpec(key="granted", label="（一）予以公开", en="granted", match=("予以公开",),
            number="（一）", group=_RESULTS),
    RowSpec(key="partially_granted",
            label="（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            en="partially granted", match=("部分公开",), number="（二）", group=_RESULTS),
    RowSpec(key="denied_state_secret", label="1.属于国家秘密", en="denied: state secret",
            match=("属于国家秘密", "国家秘密"), number="1", group=_DENIED),
    RowSpec(key="denied_law_prohibited", label="2.其他法律行政法规禁止公开",
            en="denied: prohibited by law",
            match=("其他法律行政法规禁止公开", "行政法规禁止公开", "禁止公开"), number="2",
            group=_DENIED),
    RowSpec(key="denied_security_stability", label="3.危及“三安全一稳定”",
            en="denied: security and stability", match=("危及三安全一稳定", "三安全一稳定"),
            number="3", group=_DENIED),
    RowSpec(key="denied_third_party", label="4.保护第三方合法权益", en="denied: third-party rights",
            match=("保护第三方合法权益", "第三方合法权益", "第三方"), number="4", group=_DENIED),
    RowSpec(key="denied_internal_affairs", label="5.属于三类内部事务信息",
            en="denied: internal affairs", match=("属于三类内部事务信息", "内部事务"), number="5",
            group=_DENIED),
    RowSpec(key="denied_process_info", label="6.属于四类过程性信息",
            en="denied: process information", match=("属于四类过程性信息", "过程性信息"),
            number="6", group=_DENIED),
    RowSpec(key="denied_enforcement_file", label="7.属于行政执法案卷",
            en="denied: enforcement file", match=("属于行政执法案卷", "行政执法案卷", "执法案卷"),
            number="7", group=_DENIED),
    RowSpec(key="denied_query_matter", label="8.属于行政查询事项",
            en="denied: administrative query",
            match=("属于行政查询事项", "行政查询事项", "查询事项"), number="8", group=_DENIED),
    RowSpec(key="unavailable_not_held", label="1.本机关不掌握相关政府信息",
            en="unavailable: not held", match=("本机关不掌握相关政府信息", "不掌握"), number="1",
            group=_UNAVAILABLE),
    RowSpec(key="unavailable_needs_creation", label="2.没有现成信息需要另行制作",
            en="unavailable: would need creating",
            match=("没有现成信息需要另行制作", "另行制作", "没有现成信息"), number="2",
            group=_UNAVAILABLE),
    RowSpec(key="unavailable_unclear", label="3.补正后申请内容仍不明确",
            en="unavailable: still unclear",
            match=("补正后申请内容仍不明确", "仍不明确", "内容不明确"), number="3",
            group=_UNAVAILABLE),
    RowSpec(key="rejected_petition", label="1.信访举报投诉类申请",
            en="not processed: petition or complaint",
            match=("信访举报投诉类申请", "信访举报投诉", "信访举报"), number="1", group=_REJECTED),
    RowSpec(key="rejected_duplicate", label="2.重复申请", en="not processed: duplicate",
            match=("重复申请",), number="2", group=_REJECTED),
    RowSpec(key="rejected_publication", label="3.要求提供公开出版物",
            en="not processed: publication requested",
            match=("要求提供公开出版物", "公开出版物", "出版物"), number="3", group=_REJECTED),
    RowSpec(key="rejected_excessive", label="4.无正当理由大量反复申请",
            en="not processed: excessive",
            match=("无正当理由大量反复申请", "大量反复申请", "大量反复"), number="4",
            group=_REJECTED),
    RowSpec(key="rejected_confirmation", label="5.要求行政机关确认或重新出具已获取信息",
            en="not processed: confirmation of information held",
            match=("要求行政机关确认或重新出具已获取信息", "确认或重新出具", "重新出具"),
            number="5", group=_REJECTED),
)

APPLICATION_OTHER_2019: tuple[RowSpec, ...] = (
    RowSpec(key="other_handling", label="（六）其他处理", en="other handling", match=("其他处理",),
            number="（六）", group=_RESULTS),
)

APPLICATION_OTHER_2021: tuple[RowSpec, ...] = (
    RowSpec(key="other_no_correction",
            label="1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            en="other: applicant did not complete the request",
            match=("申请人无正当理由逾期不补正", "逾期不补正", "不补正"), number="1", group=_OTHER),
    RowSpec(key="other_unpaid_fee",
            label="2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            en="other: applicant did not pay the fee",
            match=("申请人逾期未按收费通知要求缴纳费用", "收费通知", "缴纳费用"), number="2",
            group=_OTHER),
    RowSpec(key="other_other", label="3.其他", en="other: other", exact=("其他", "其他情形"),
            number="3", group=_OTHER),
)

APPLICATION_ROWS_TAIL: tuple[RowSpec, ...] = (
    RowSpec(key="total_handled", label="（七）总计", en="total handled", exact=("总计", "合计"),
            number="（七）", group=_RESULTS),
    RowSpec(key="carried_forward", label="四、结转下年度继续办理",
            en="carried forward to next year",
            match=("结转下年度继续办理", "结转下年度", "下年度继续办理"), number="四"),
)

REVIEW_ROWS: tuple[RowSpec, ...] = (
    RowSpec(key="review", label="行政复议", en="administrative review", match=("行政复议",)),
    RowSpec(key="litigation_direct", label="行政诉讼·未经复议直接起诉",
            en="lawsuit without prior review", match=("未经复议直接起诉", "直接起诉"),
            group="行政诉讼"),
    RowSpec(key="litigation_after_review", label="行政诉讼·复议后起诉", en="lawsuit after review",
            match=("复议后起诉",), group="行政诉讼"),
)

REVIEW_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(key="upheld", label="结果维持", en="upheld", match=("结果维持",), exact=("维持",)),
    ColumnSpec(key="corrected", label="结果纠正", en="corrected", match=("结果纠正",),
               exact=("纠正",)),
    ColumnSpec(key="other", label="其他结果", en="other result", match=("其他结果",)),
    ColumnSpec(key="pending", label="尚未审结", en="pending", match=("尚未审结", "未审结")),
    ColumnSpec(key="total", label="总计", en="total", exact=("总计", "合计")),
)

APPLICATIONS_TITLE = "三、收到和处理政府信息公开申请情况"
APPLICATIONS_CAPTIONS = ("收到和处理政府信息公开申请情况", "申请人情况")
REVIEW_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
REVIEW_CAPTIONS = ("行政复议行政诉讼", "行政复议", "行政诉讼")

#: Labels of the row groups: they head a block of rows and carry no values themselves.
#: ``（六）其他处理`` is a group only in the 2021 layout.
APPLICATION_GROUPS = ("本年度办理结果", "不予公开", "无法提供", "不予处理")

# -- the arithmetic the forms print (TEMPLATES.md §5) -------------------------------------------

APPLICATION_RULES = (
    BalanceRule(
        lhs=("new_received", "carried_over"), rhs=("total_handled", "carried_forward"),
        name="勾稽关系",
        cite=("the 勾稽关系 printed in the applications table (国办公开办函〔2019〕60号/"
              "〔2021〕30号): 第一项加第二项之和，等于第三项加第四项之和")),
    ColumnSumRule(
        total="total_handled", first="granted", name="（七）总计 = sum of the handling results",
        cite="（七）总计 of 三、本年度办理结果 = the sum of （一）予以公开 … （六）其他处理"),
    RowSumRule(
        kind="row_total", total="total", name="row total",
        cite="总计 of 申请人情况 = 自然人 + 法人或其他组织 (商业企业 … 其他)"),
)

REVIEW_RULES = (
    RowSumRule(
        kind="review_total", total="total", name="row total",
        cite="总计 of each 行政复议/行政诉讼 block = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"),
)

#: Requests open at the end of year N are the requests carried into year N+1.
APPLICATION_CARRY = Carry(forward="carried_forward", over="carried_over")


def _applications(other_rows: tuple[RowSpec, ...], groups: tuple[str, ...]) -> TableSpec:
    return TableSpec(
        key="applications",
        title=APPLICATIONS_TITLE,
        name=APPLICATIONS_TITLE,
        en="requests received and handled",
        captions=APPLICATIONS_CAPTIONS,
        rows=(*APPLICATION_ROWS_HEAD, *other_rows, *APPLICATION_ROWS_TAIL),
        columns=APPLICATION_COLUMNS,
        groups=groups,
        extra_columns=APPLICATION_EXTRA_COLUMNS,
        group_match=APPLICANT_GROUP_MATCH,
        phrases=("补正", "收费通知"),
        rules=APPLICATION_RULES,
        carry=APPLICATION_CARRY,
    )


REVIEW = TableSpec(
    key="review_litigation",
    title=REVIEW_TITLE,
    name=REVIEW_TITLE,
    en="administrative reviews and lawsuits",
    captions=REVIEW_CAPTIONS,
    rows=REVIEW_ROWS,
    columns=REVIEW_COLUMNS,
    shape="block",
    groups=("行政诉讼",),
    rules=REVIEW_RULES,
)

# -- the layouts --------------------------------------------------------------------------------

#: Phrases that only one layout prints (normalised), used as evidence for the layout.
EVIDENCE: dict[str, tuple[str, ...]] = {
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量",
             "本年增减", "采购项目数量", "采购总金额", "政府集中采购", "第二十条第九项"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量",
             "本年收费金额", "逾期不补正", "收费通知"),
}

LAYOUT_DOCUMENTS = {
    "2019": "国办公开办函〔2019〕60号",
    "2021": "国办公开办函〔2021〕30号",
}

#: The current layout: chosen when a document gives no evidence either way, searched first
#: for labels.
LATEST = "2021"

LAYOUTS: dict[str, Layout] = {
    "2019": Layout(
        key="2019",
        document=LAYOUT_DOCUMENTS["2019"],
        tables=(
            *ARTICLE20_2019,
            _applications(APPLICATION_OTHER_2019, APPLICATION_GROUPS),
            REVIEW,
        ),
        evidence=EVIDENCE["2019"],
        first_year=2019,  # the 2019 and 2020 reports
    ),
    "2021": Layout(
        key="2021",
        document=LAYOUT_DOCUMENTS["2021"],
        tables=(
            *ARTICLE20_2021,
            _applications(APPLICATION_OTHER_2021, (*APPLICATION_GROUPS, "其他处理")),
            REVIEW,
        ),
        evidence=EVIDENCE["2021"],
        first_year=2021,  # the 2021 reports on
    ),
}
