"""Messages of the command line in Chinese or English.

Officials and researchers who check these reports read Chinese, so the command line speaks
Chinese when the locale does (``LANG``/``LC_ALL``/``LC_MESSAGES`` starting with ``zh``) and
English otherwise; ``--lang zh`` / ``--lang en`` (or ``GXTABLES_LANG``) decide explicitly.
Issue ``message`` texts stay as the library writes them (they quote the official labels
already); in Chinese output each issue is introduced by the Chinese meaning of its code
(:data:`ISSUE_CODES_ZH`).
"""

from __future__ import annotations

import os
from typing import Literal

__all__ = ["ISSUE_CODES_ZH", "Lang", "default_lang", "meaning_zh", "severity_name", "text"]

Lang = Literal["zh", "en"]

#: The meaning of every issue code, in Chinese (the English is ``gxtables.ISSUE_CODES``).
ISSUE_CODES_ZH: dict[str, str] = {
    "unreadable_text": "文字无法解码（PDF 字体缺少 Unicode 映射或字节损坏）",
    "no_text_layer": "PDF 页面只有图像（扫描件），无法读取文字",
    "reader_note": "读取文档时发现的情况",
    "table_not_found": "未找到该版式的法定表格，其单元格为空",
    "duplicate_table": "法定表格出现多次，采用第一个（第一个与模板不符时采用后面相符的）",
    "mixed_layout": "文档同时使用了两种官方版式的标签",
    "layout_mismatch": "表格部分采用另一版式，本版式缺少的单元格为空",
    "header_not_matched": "表头未能识别，按模板顺序读取",
    "row_not_found": "未找到模板中的某一行，其单元格为空",
    "row_out_of_order": "某行未按模板顺序排列，已按行标签读取",
    "row_neighbour_missing": "其后一行未找到；若该行标签丢失，本行读取的数值可能属于该行",
    "empty_cell_marked": ("空单元格按网页为其打印的不换行空格读取；若该网页以其作普通空格，"
                          "本行数值可能错位"),
    "row_neighbour_short": ("其前一行打印的数值少于其单元格数；在逐个单元格输出的文本中，"
                            "本行读取的部分数值可能属于该行"),
    "stray_number": ("在丢失单元格边界的文本中，本行数值旁有数字未读入任何单元格；"
                     "本行数值可能不完整或属于他行"),
    "value_count_mismatch": "某行数值个数与模板列数不符",
    "truncated_table": "表格不完整，缺失部分的单元格为空",
    "boundaries_lost": "某行数字连在一起、单元格边界丢失，未拆分",
    "unparsed_value": "单元格文字不是数字，数值为空",
    "unassigned_values": "表格中一行数字不对应任何模板行，未读取",
    "label_approximate": "行标签印刷有误，按最接近的官方行标签读取",
    "footnote_mark": "数字后带有注释标记（¹、①、* 等），数值取标记前的数字",
    "unit_conflict": "单元格单位与表头单位不一致",
    "unit_unknown": "金额未注明单位（单元格、表头和官方标签均无），万元与元相差一万倍",
    "sum_mismatch": "合计不等于各项之和",
    "in_failed_sum": ("本行是某列合计所加总的各行之一，该合计不成立："
                      "本行、其他加总行或合计的数值有误"),
    "balance_mismatch": "勾稽关系不成立：本年新收＋上年结转≠办理结果总计＋结转下年度",
    "numbers_suspect": ("数字疑似误读（计数带前导零、小数点、达十亿或为负数；多数行总计不符，"
                        "或几乎都以同一数字结尾）：可能粘连了注释标记、短横线或隐藏数字"),
    "compared_with_empty": "校验时将空白单元格按 0 计算",
    "inferred_value": "数值由表格勾稽关系推算得出，并非读取",
    "carry_mismatch": "上一年度“结转下年度继续办理”与本年度“上年结转”不一致",
    "not_comparable": "两份报告版式不同，部分单元格无法比较",
    "years_not_consecutive": "跨年度比较的两份报告不是相邻年度",
    "organs_differ": "跨年度比较的两份报告发布机关不同",
    "docx_package_repaired": "python-docx 无法打开该 .docx，已逐个部件读取",
    "docx_embedded_document": ".docx 中嵌入了另一文档（altChunk），未读取",
}

_SEVERITY = {"error": ("error", "错误"), "warning": ("warning", "警告"), "info": ("info", "提示")}

_TEXT: dict[str, tuple[str, str]] = {
    "consistent": ("consistent", "一致"),
    "not_consistent": ("NOT consistent", "不一致"),
    "counts": ("{error} error(s), {warning} warning(s), {info} info",
               "错误 {error} 项，警告 {warning} 项，提示 {info} 项"),
    "no_issues": ("no issues", "无问题"),
    "head_severity": ("SEVERITY", "级别"),
    "head_code": ("CODE", "代码"),
    "head_where": ("WHERE", "位置"),
    "layout": ("layout {template}", "{template} 版式"),
    "title": ("title", "标题"),
    "organ": ("organ", "发布机关"),
    "year": ("year", "年度"),
    "unknown": ("not stated", "未写明"),
    "ordered": ("ordered by year: {earlier} ({a}) before {later} ({b})",
                "已按年度排序：{earlier}（{a}年）在前，{later}（{b}年）在后"),
    "no_documents": ("no documents found in {where}", "在 {where} 中未找到可读取的文档"),
    "skipped": ("{n} file(s) skipped as not PDF, DOCX, HTML or text (-v lists them)",
                "跳过 {n} 个非 PDF、DOCX、HTML 或文本文件（-v 列出）"),
    "files_or_pair": ("give PATHs, --pair EARLIER LATER or --series DIR, not several",
                      "请只给出 PATH、--pair 较早 较晚 或 --series 目录 中的一种"),
    "needs_files": ("check needs PATHs, --pair EARLIER LATER or --series DIR",
                    "check 需要 PATH、--pair 较早 较晚 或 --series 目录"),
    "series_head": ("{organ}: {n} report(s), years {years}",
                    "{organ}：{n} 份报告，年度 {years}"),
    "series_single": ("only one report: nothing to compare", "只有一份报告，无需比较"),
    "series_unknown": ("{n} report(s) state no organ or year; not in any series: {paths}",
                       "{n} 份报告未写明发布机关或年度，未归入任何序列：{paths}"),
    "series_gap": ("no report for {years}: the chain is not checked across the gap",
                   "缺少 {years} 年度的报告，缺口两侧未做衔接校验"),
    "series_duplicate": ("two reports for {year}: {paths}; the first is used",
                         "{year} 年度有两份报告：{paths}；采用第一份"),
    "unreadable": ("{path}: {message}", "{path}：{message}"),
    "jobs": ("--jobs must be 0 (one per CPU) or more", "--jobs 须为 0（每个 CPU 一个进程）或更大"),
    "timeout": ("--timeout must be a positive number of seconds", "--timeout 须为正的秒数"),
    "retry_failed": ("--retry-failed goes with --resume", "--retry-failed 须与 --resume 一起使用"),
    "resume_output": ("--resume needs -o/--output: it reads what was already written there",
                      "--resume 需要 -o/--output：它读取其中已写入的结果"),
    "json_one": ("--format json takes one document, found {n}; use --format jsonl",
                 "--format json 只接受一份文档，找到 {n} 份；请用 --format jsonl"),
    "resume_jsonl": ("--resume needs --format jsonl (it reads the digests back)",
                     "--resume 需要 --format jsonl（它读回已处理文档的摘要）"),
    "cannot_write": ("cannot write {path}: {reason}", "无法写入 {path}：{reason}"),
}


def default_lang(environ: dict[str, str] | None = None) -> Lang:
    """``zh`` when ``GXTABLES_LANG`` or the locale says Chinese, else ``en``."""
    env = os.environ if environ is None else environ
    explicit = env.get("GXTABLES_LANG", "").strip().lower()
    if explicit in ("zh", "en"):
        return explicit  # type: ignore[return-value]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def text(key: str, lang: Lang, **fields: object) -> str:
    """The message ``key`` in ``lang``, with ``fields`` filled in."""
    en, zh = _TEXT[key]
    return (zh if lang == "zh" else en).format(**fields)


def severity_name(severity: str, lang: Lang) -> str:
    en, zh = _SEVERITY[severity]
    return zh if lang == "zh" else en


def meaning_zh(code: str) -> str:
    """What an issue code means, in Chinese (the code itself when unknown). English output
    shows the code alone; its English meaning is ``gxtables.ISSUE_CODES``."""
    return ISSUE_CODES_ZH.get(code, code)
