"""The two official layouts as plain data.

Sources: 国办公开办函〔2019〕60号 (the 2019 and 2020 reports) and 国办公开办函〔2021〕30号
(from the 2021 reports on). Keys are public API (see TEMPLATES.md §2).

Each row or column is ``(key, official label, English name, match phrases, exact phrases)``:

* *match phrases* identify the label when the cell text *contains* them after
  normalisation (NFKC, punctuation, spaces and numbering removed) — abbreviations and
  reworded labels are common, so the list runs from the official wording to a
  distinctive fragment;
* *exact phrases* identify it only when the normalised cell *is* the phrase (``其他``,
  ``总计``, ``规章`` are too common to be searched for inside longer text).

Rows also carry the numbering the official form prints (``一``, ``（三）``, ``2``) and
the group label they sit under.
"""

from __future__ import annotations

from typing import Any

# -- applications (both layouts) -------------------------------------------------------------

APPLICANT_GROUP = "法人或其他组织"

APPLICATION_COLUMNS: tuple[tuple[Any, ...], ...] = (
    ("natural_person", "自然人", "natural persons", ("自然人",), (), None),
    ("commercial_enterprise", "商业企业", "commercial enterprises",
     ("商业企业",), ("企业",), APPLICANT_GROUP),
    ("research_institution", "科研机构", "research institutions",
     ("科研机构",), ("科研",), APPLICANT_GROUP),
    ("social_welfare_org", "社会公益组织", "social welfare organisations",
     ("社会公益组织", "公益组织"), ("公益",), APPLICANT_GROUP),
    ("legal_service_org", "法律服务机构", "legal service organisations",
     ("法律服务机构", "法律服务"), (), APPLICANT_GROUP),
    ("other_org", "其他", "other organisations", (), ("其他", "其他组织"), APPLICANT_GROUP),
    ("total", "总计", "total", (), ("总计", "合计", "总数")),
)

#: Header labels that may stand in an applications header without being a template column
#: (a 小计 under 法人或其他组织), recognised when the header contains them.
APPLICATION_EXTRA_COLUMNS = ("小计",)
#: The group label over the five organisation columns is reworded in the wild
#: (法人或者其他组织, 法人和其他组织, 法人或其它组织): it is the header that names 法人.
APPLICANT_GROUP_MATCH = ("法人",)

_RESULTS = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"

# (key, label, english, match, exact, number, group)
APPLICATION_ROWS_HEAD: tuple[tuple[Any, ...], ...] = (
    ("new_received", "一、本年新收政府信息公开申请数量", "new requests received",
     ("本年新收政府信息公开申请数量", "本年新收", "新收"), (), "一", None),
    ("carried_over", "二、上年结转政府信息公开申请数量", "carried over from last year",
     ("上年结转政府信息公开申请数量", "上年结转"), (), "二", None),
    ("granted", "（一）予以公开", "granted", ("予以公开",), (), "（一）", _RESULTS),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
     "partially granted", ("部分公开",), (), "（二）", _RESULTS),
    ("denied_state_secret", "1.属于国家秘密", "denied: state secret",
     ("属于国家秘密", "国家秘密"), (), "1", _DENIED),
    ("denied_law_prohibited", "2.其他法律行政法规禁止公开", "denied: prohibited by law",
     ("其他法律行政法规禁止公开", "行政法规禁止公开", "禁止公开"), (), "2", _DENIED),
    ("denied_security_stability", "3.危及“三安全一稳定”", "denied: security and stability",
     ("危及三安全一稳定", "三安全一稳定"), (), "3", _DENIED),
    ("denied_third_party", "4.保护第三方合法权益", "denied: third-party rights",
     ("保护第三方合法权益", "第三方合法权益", "第三方"), (), "4", _DENIED),
    ("denied_internal_affairs", "5.属于三类内部事务信息", "denied: internal affairs",
     ("属于三类内部事务信息", "内部事务"), (), "5", _DENIED),
    ("denied_process_info", "6.属于四类过程性信息", "denied: process information",
     ("属于四类过程性信息", "过程性信息"), (), "6", _DENIED),
    ("denied_enforcement_file", "7.属于行政执法案卷", "denied: enforcement file",
     ("属于行政执法案卷", "行政执法案卷", "执法案卷"), (), "7", _DENIED),
    ("denied_query_matter", "8.属于行政查询事项", "denied: administrative query",
     ("属于行政查询事项", "行政查询事项", "查询事项"), (), "8", _DENIED),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", "unavailable: not held",
     ("本机关不掌握相关政府信息", "不掌握"), (), "1", _UNAVAILABLE),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作",
     "unavailable: would need creating", ("没有现成信息需要另行制作", "另行制作", "没有现成信息"),
     (), "2", _UNAVAILABLE),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", "unavailable: still unclear",
     ("补正后申请内容仍不明确", "仍不明确", "内容不明确"), (), "3", _UNAVAILABLE),
    ("rejected_petition", "1.信访举报投诉类申请", "not processed: petition or complaint",
     ("信访举报投诉类申请", "信访举报投诉", "信访举报"), (), "1", _REJECTED),
    ("rejected_duplicate", "2.重复申请", "not processed: duplicate", ("重复申请",), (), "2",
     _REJECTED),
    ("rejected_publication", "3.要求提供公开出版物", "not processed: publication requested",
     ("要求提供公开出版物", "公开出版物", "出版物"), (), "3", _REJECTED),
    ("rejected_excessive", "4.无正当理由大量反复申请", "not processed: excessive",
     ("无正当理由大量反复申请", "大量反复申请", "大量反复"), (), "4", _REJECTED),
    ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息",
     "not processed: confirmation of information held",
     ("要求行政机关确认或重新出具已获取信息", "确认或重新出具", "重新出具"), (), "5", _REJECTED),
)

APPLICATION_OTHER_2019: tuple[tuple[Any, ...], ...] = (
    ("other_handling", "（六）其他处理", "other handling", ("其他处理",), (), "（六）", _RESULTS),
)

APPLICATION_OTHER_2021: tuple[tuple[Any, ...], ...] = (
    ("other_no_correction",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "other: applicant did not complete the request",
     ("申请人无正当理由逾期不补正", "逾期不补正", "不补正"), (), "1", _OTHER),
    ("other_unpaid_fee",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     "other: applicant did not pay the fee",
     ("申请人逾期未按收费通知要求缴纳费用", "收费通知", "缴纳费用"), (), "2", _OTHER),
    ("other_other", "3.其他", "other: other", (), ("其他", "其他情形"), "3", _OTHER),
)

APPLICATION_ROWS_TAIL: tuple[tuple[Any, ...], ...] = (
    ("total_handled", "（七）总计", "total handled", (), ("总计", "合计"), "（七）", _RESULTS),
    ("carried_forward", "四、结转下年度继续办理", "carried forward to next year",
     ("结转下年度继续办理", "结转下年度", "下年度继续办理"), (), "四", None),
)

#: Labels of the row groups: they head a block of rows and carry no values themselves.
#: ``（六）其他处理`` is a group only in the 2021 layout.
APPLICATION_GROUPS = ("本年度办理结果", "不予公开", "无法提供", "不予处理")

# -- review_litigation (both layouts) --------------------------------------------------------

REVIEW_ROWS: tuple[tuple[Any, ...], ...] = (
    ("review", "行政复议", "administrative review", ("行政复议",), (), None, None),
    ("litigation_direct", "行政诉讼·未经复议直接起诉", "lawsuit without prior review",
     ("未经复议直接起诉", "直接起诉"), (), None, "行政诉讼"),
    ("litigation_after_review", "行政诉讼·复议后起诉", "lawsuit after review",
     ("复议后起诉",), (), None, "行政诉讼"),
)

REVIEW_COLUMNS: tuple[tuple[Any, ...], ...] = (
    ("upheld", "结果维持", "upheld", ("结果维持",), ("维持",), None),
    ("corrected", "结果纠正", "corrected", ("结果纠正",), ("纠正",), None),
    ("other", "其他结果", "other result", ("其他结果",), (), None),
    ("pending", "尚未审结", "pending", ("尚未审结", "未审结"), (), None),
    ("total", "总计", "total", (), ("总计", "合计"), None),
)

# -- 第二十条 items ----------------------------------------------------------------------------

# (key, caption, rows, columns); rows/columns as (key, label, english, match, exact)
ARTICLE20_2019: tuple[tuple[Any, ...], ...] = (
    ("article20_1", "第二十条第（一）项",
     (("regulations", "规章", "rules", (), ("规章",)),
      ("normative_documents", "规范性文件", "normative documents", ("规范性文件",), ())),
     (("made", "本年新制作数量", "made this year", ("本年新制作数量", "新制作"), ()),
      ("published", "本年新公开数量", "published this year", ("本年新公开数量", "新公开"), ()),
      ("total_published", "对外公开总数量", "total published",
       ("对外公开总数量", "公开总数量", "公开总数"), ()))),
    ("article20_5", "第二十条第（五）项",
     (("licensing", "行政许可", "administrative licensing", ("行政许可",), ()),
      ("other_services", "其他对外管理服务事项", "other public services",
       ("其他对外管理服务事项", "对外管理服务"), ())),
     (("previous_count", "上一年项目数量", "items last year", ("上一年项目数量", "上一年"), ()),
      ("change", "本年增/减", "change this year", ("本年增减",), ("增减",)),
      ("decisions", "处理决定数量", "decisions", ("处理决定数量", "处理决定"), ()))),
    ("article20_6", "第二十条第（六）项",
     (("penalty", "行政处罚", "administrative penalties", ("行政处罚",), ()),
      ("coercion", "行政强制", "administrative coercion", ("行政强制",), ())),
     (("previous_count", "上一年项目数量", "items last year", ("上一年项目数量", "上一年"), ()),
      ("change", "本年增/减", "change this year", ("本年增减",), ("增减",)),
      ("decisions", "处理决定数量", "decisions", ("处理决定数量", "处理决定"), ()))),
    ("article20_8", "第二十条第（八）项",
     (("fees", "行政事业性收费", "administrative fees", ("行政事业性收费", "事业性收费"), ()),),
     (("previous_count", "上一年项目数量", "items last year", ("上一年项目数量", "上一年"), ()),
      ("change", "本年增/减", "change this year", ("本年增减",), ("增减",)))),
    ("article20_9", "第二十条第（九）项",
     (("procurement", "政府集中采购", "central government procurement",
       ("政府集中采购", "集中采购"), ()),),
     (("projects", "采购项目数量", "procurement projects", ("采购项目数量", "采购项目"), ()),
      ("amount", "采购总金额", "procurement amount", ("采购总金额", "采购金额"), ()))),
)

ARTICLE20_2021: tuple[tuple[Any, ...], ...] = (
    ("article20_1", "第二十条第（一）项",
     (("regulations", "规章", "rules", (), ("规章",)),
      ("normative_documents", "行政规范性文件", "administrative normative documents",
       ("行政规范性文件", "规范性文件"), ())),
     (("issued", "本年制发件数", "issued this year", ("本年制发件数", "制发"), ()),
      ("repealed", "本年废止件数", "repealed this year", ("本年废止件数", "废止"), ()),
      ("in_force", "现行有效件数", "in force", ("现行有效件数", "现行有效"), ()))),
    ("article20_5", "第二十条第（五）项",
     (("licensing", "行政许可", "administrative licensing", ("行政许可",), ()),),
     (("decisions", "本年处理决定数量", "decisions this year",
       ("本年处理决定数量", "处理决定"), ()),)),
    ("article20_6", "第二十条第（六）项",
     (("penalty", "行政处罚", "administrative penalties", ("行政处罚",), ()),
      ("coercion", "行政强制", "administrative coercion", ("行政强制",), ())),
     (("decisions", "本年处理决定数量", "decisions this year",
       ("本年处理决定数量", "处理决定"), ()),)),
    ("article20_8", "第二十条第（八）项",
     (("fees", "行政事业性收费", "administrative fees", ("行政事业性收费", "事业性收费"), ()),),
     (("amount", "本年收费金额（单位：万元）", "fees collected this year",
       ("本年收费金额", "收费金额"), ()),)),
)

APPLICATIONS_TITLE = "三、收到和处理政府信息公开申请情况"
APPLICATIONS_CAPTIONS = ("收到和处理政府信息公开申请情况", "申请人情况")
REVIEW_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
REVIEW_CAPTIONS = ("行政复议行政诉讼", "行政复议", "行政诉讼")
ARTICLE20_TITLE = "二、主动公开政府信息情况"

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
