"""Traditional characters → simplified ones, for the words annual reports print.

Mirror sites republish reports in traditional characters (報告, 處理, 維持, 復議, 訴訟, 機構,
數量); their labels must match the template's simplified vocabulary. This is a data module
in the style of a ``str.maketrans`` table: every traditional character (with its common
variant forms: 爲/為, 衆/眾, 係/繫, 複/復, 臺/檯/颱, 祕 …) whose simplified form occurs in
the template vocabulary (gxtables/_templates/: labels, match phrases, titles, captions)
or in common report wording (政府信息公开工作年度报告, 办公厅, 联系电话, 答复期限 …).

Character by character is enough for labels: no traditional character here is also a
simplified character of the vocabulary, so simplified text passes through unchanged
(tests/test_hanzi.py checks both).

>>> to_simplified("2.其他法律行政法規禁止公開")
'2.其他法律行政法规禁止公开'
"""

from __future__ import annotations

__all__ = ["TO_SIMPLIFIED", "to_simplified"]

_TRADITIONAL = (
    "並佈併來侷係個們備傳僅優內兩則劃動務匯區厤參員問單嚴國圍圖團執堅報場壓學實審寬將"
    "專對導層屬師庫廢廣廳強彔彙後復徵徹態應戶捲採擔據數斷於昇時暢曆會査條業極構樂樓標"
    "樣機檔檢檯欄權歷歸氣決沒況減測準滙滿潑濟灣為無熱營爲獲現環當療發監眾確碼礎祕稅種"
    "稱積穩穫箇節範簡籌糰糾約納紓級細組結絡統經綜綫維網緊線編縣總績織繞繫繳繼續罰義習"
    "聞聯職聽臺與舉華萬蔘處號衆衛補製複見規視計訊討訓記訟訪設許訴診証詐評詢話詳認語說"
    "説調談請論證識議護讀變豐貫責費資購踰較載輪輯轉辦這進運過達違遶還邏郵鄉醫釋銷錄録"
    "鎭鎮鏈門開間閱閲關陞階際險隻電響頁項須預領頭頻題額類顯颱饋騙驗體髮鬚麼麽點黨"
)
_SIMPLIFIED = (
    "并布并来局系个们备传仅优内两则划动务汇区历参员问单严国围图团执坚报场压学实审宽将"
    "专对导层属师库废广厅强录汇后复征彻态应户卷采担据数断于升时畅历会查条业极构乐楼标"
    "样机档检台栏权历归气决没况减测准汇满泼济湾为无热营为获现环当疗发监众确码础秘税种"
    "称积稳获个节范简筹团纠约纳纾级细组结络统经综线维网紧线编县总绩织绕系缴继续罚义习"
    "闻联职听台与举华万参处号众卫补制复见规视计讯讨训记讼访设许诉诊证诈评询话详认语说"
    "说调谈请论证识议护读变丰贯责费资购逾较载轮辑转办这进运过达违绕还逻邮乡医释销录录"
    "镇镇链门开间阅阅关升阶际险只电响页项须预领头频题额类显台馈骗验体发须么么点党"
)

#: ``str.translate`` table: code point of each traditional character → its simplified one.
TO_SIMPLIFIED: dict[int, int] = str.maketrans(_TRADITIONAL, _SIMPLIFIED)


def to_simplified(text: str) -> str:
    """``text`` with every traditional character of the report vocabulary simplified."""
    return text.translate(TO_SIMPLIFIED)
