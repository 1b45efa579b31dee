"""The Chinese polarity words of :mod:`~coop_desktop.documents.polarity`: negations (hard
and soft), what only looks like one, prohibitions, bounds, directions and profit/loss, as
word lists and the patterns compiled from them (the English side is
:mod:`~coop_desktop.documents.polarity_en`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable



def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


_ZH_NUM = r"[0-9０-９〇零一二两三四五六七八九十百千万亿个年月日天人家项名%％倍元岁级科]"

_MAY_NOT = ("不得", "不应", "不能", "不可", "不宜", "严禁", "禁止")
"""A prohibition before a comparison makes a bound: 不得低于 is "at least", 不得超过 "up to"."""
ZH_GE = ("不低于", "不少于", "不小于", "不下于", "不亚于", "至少", "最少", "超过", "多于", "高于",
         "大于", "逾", "以上", *(m + w for m in _MAY_NOT for w in ("低于", "少于", "小于")))
ZH_LE = ("不高于", "不超过", "不多于", "不大于", "不到", "不足", "最多", "至多", "以下", "以内",
         "低于", "少于", "小于", "未满", "未超过",
         *(m + w for m in _MAY_NOT for w in ("超过", "高于", "多于", "大于")))
_ZH_BOUND_AFTER_NUMBER = ("以上", "以下", "以内")
"""Bound words that are bounds only after a number or a level (3年以上, 本科及以上);
elsewhere 以上 is "the above" (以上材料) and 以下 "the following"."""

ZH_NOT_NEGATION = (
    "不断", "不仅", "不但", "不光", "不只", "不止", "不少", "不久", "不同", "不论", "不管", "不禁",
    "不妨", "不免", "不然", "不一", "不得不", "差不多", "了不起", "不错", "不动产", "无锡",
    "无论", "无疑", "无比", "无数", "无一例外", "无非", "非洲", "南非", "北非", "西非",
    "东非", "非盟", "非遗", "非常", "非凡", "是非", "莫非", "非典", "未来", "是否", "否则",
    "中非", "亚非", "没收", "莫斯科", "莫桑比克", "莫大", "埋没", "淹没", "出没", "不无", "毫无疑问", "无时无刻",
    "不可抗力", "不乏", "不菲", "不凡", "不俗", "不息", "不已", "不小", "无与伦比",
)
ZH_SOFT = (
    "避免", "防止", "防范", "预防", "拒绝", "否认", "否定", "否决", "排除", "缺乏", "缺少", "缺失",
    "停止", "取消", "消除", "免", "豁免", "尚待", "有待", "以免", "违反", "违规", "违法", "失信",
    "难以", "空白", "摆脱", "打破", "除非", "坚定不移", "毫不动摇", "不可或缺",
    "不容忽视", "不可忽视", "不遗余力", "不折不扣", "不忘初心", "锲而不舍", "不懈", "不良",
    "不利", "不锈钢", "不定期", "不稳定", "不确定", "不平衡", "不规范", "不当", "不竭", "不间断",
    "不可替代", "不可逆", "刻不容缓", "义不容辞", "来之不易", "非法", "非公", "无偿", "无息",
    "无线", "无缝", "无纸", "无机", "无菌", "无尘", "无障碍", "无形", "无限", "无人", "无可替代",
    "无忧", "无害", "无私", "无穷", "毋庸", "莫过于", "未必", "减免", "未决", "未知",
    "未成年", "非正式", "非公",
    "非金属", "非营利", "非政府", "非物质", "非关税", "非居民", "非标",
    # technical terms with the negation inside (amorphous, reactive power, passive, stepless)
    "非晶", "非织造", "非接触", "非线性", "非对称", "无功", "无源", "无级", "无极", "无纺",
    "无刷", "无油", "无铅", "无卤", "无水", "无损", "无痕", "无氧", "无醛", "无磁", "无感",
    *(ZH_NOT_ADJECTIVES := (
        "不高", "不大", "不多", "不长", "不强", "不佳", "不好", "不快", "不广", "不深", "不够",
        "不明显", "不理想", "不充分", "不完善", "不健全", "不成熟", "不发达", "不均衡", "不合格")),
    "未尽事宜", "未尽",
)
"""Among them, 不 before a gradable adjective (:data:`ZH_NOT_ADJECTIVES`), often rendered by
the opposite adjective (不高 "low", 不大 "small", 不多 "few", 不佳 "poor", 不合格
"substandard"); said with the adjective itself and no negation (不高 / "high") it is
reversed."""
_ZH_SOFT_PATTERNS = (
    r"只.不.", r"非[^，。；]{1,8}不可",
    # 非…不得: only … may ("非本企业员工不得进入" = "only staff may enter")
    r"非[^，。；]{1,12}不得",
)
ZH_NEGATIVE_WORDS = ("逊色", "拖欠", "懈怠", "放松", "动摇", "含糊", "马虎", "退缩", "示弱", "延误",
                     "违约", "失误", "不良", "违法", "违规", "失信", "逾期", "亏损", "欠缴", "欠税")
"""Words negative in themselves: negated, they affirm (litotes)."""
_ZH_LITOTES = re.compile(
    r"(?:从不|从未|毫不|绝不|决不|并不|从没|没有|不|无)(?:一(?:年|次|起|例|个月|季度))?"
    r"(?P<w>" + "|".join(ZH_NEGATIVE_WORDS) + ")"
)
"""A negation of a negative word (从不拖欠, 毫不逊色, 无不良记录, 没有一年亏损) affirms: rendered
"always pays on time", "every bit as good", "a clean record", "profitable every year" it has
lost nothing; rendered with the negative word and no negation ("a poor credit record") it is
reversed."""
ZH_PROHIBITIONS = ("不得", "不能", "不可", "不准", "不许", "不允许", "不应", "不宜", "不要", "禁止",
                   "严禁", "切勿", "请勿", "千万勿", "万勿")
"""Negations that forbid: rendered "may not", "shall not", "must not", "cannot", "is
prohibited", "no … may"."""
_ZH_NEGATION_WORDS = (*ZH_PROHIBITIONS, "未经", "尚未", "并未", "从未", "未能", "没有", "毫无",
                      "并非", "绝非", "并不", "从不", "决不", "绝不", "不再", "不予", "不会")
_ZH_HARD = re.compile(_alt(_ZH_NEGATION_WORDS) + r"|[不未无没非毋]|杜绝"
                      r"|零(?=事故|污染|排放|容忍|投诉|缺陷|伤亡|违规|违章|差错|库存|碳)")
"""A hard negation, as a word where it is one (不得, 未经, 没有), so that a finding names it."""
_ZH_PROHIBITION = frozenset(ZH_PROHIBITIONS)
_ZH_FORBIDDING = _ZH_PROHIBITION - {"不能", "不可", "不要", "不宜", "不应"}
"""Prohibitions that only forbid (不能, 不可 may say "cannot", "is unable to"…)."""
_ZH_PROHIBITION_END = re.compile("(?:" + _alt(ZH_PROHIBITIONS) + ")$")

ZH_UP = ("增长", "增加", "上升", "提高", "提升", "扩大", "上涨", "增幅", "增速", "涨幅", "翻番",
         "翻一番", "攀升", "增")
ZH_DOWN = ("下降", "减少", "下滑", "降低", "缩小", "下跌", "回落", "萎缩", "降幅", "跌", "减", "降")
ZH_PROFIT = ("盈利", "利润", "赢利", "盈余", "获利")
ZH_LOSS = ("亏损", "亏本", "赔本", "负利润")
ZH_EXCEPT = re.compile(r"除[^，。；]{0,20}?(?:外|以外|之外)|除了|除去")

_ZH_BOUND = re.compile(
    _alt(w for w in (*ZH_GE, *ZH_LE) if w not in _ZH_BOUND_AFTER_NUMBER)
    + rf"|(?<={_ZH_NUM})(?:以上|以下|以内)|(?<=及)(?:以上|以下)"
)
_ZH_GE_WORDS = frozenset(ZH_GE)
_ZH_NOT_NEG = re.compile(_alt(ZH_NOT_NEGATION) + r"|不过(?![度于分])|无不(?![良利足当同锈])")
_ZH_SOFT = re.compile(_alt(ZH_SOFT) + "|" + "|".join(_ZH_SOFT_PATTERNS))
_ZH_UP = re.compile(_alt(ZH_UP))
_ZH_DOWN = re.compile(_alt(ZH_DOWN))
_ZH_PROFIT = re.compile(_alt(ZH_PROFIT))
_ZH_LOSS = re.compile(_alt(ZH_LOSS))
