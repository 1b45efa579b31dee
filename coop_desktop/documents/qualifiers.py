"""Approximation and bound words around a value: ``约`` / ``近`` / ``左右`` / ``余`` / ``以上`` /
``超过`` / ``不足`` / ``至少`` / ``最多`` and "about" / "nearly" / "more than" / "less than" /
"at least" / "up to" / "or more"...

Every word belongs to one of four classes: ``about`` (约, 左右, 上下, 前后, 来 after a count
as in 十来个; about, around, approximately, roughly, some, or so), ``nearly`` (近, 将近, 接近;
nearly, almost, close to, just under), ``over`` (a lower bound: 超过, 逾, 余, 多, 以上, 至少, 不低于, 不少于; more
than, over, above, exceeding, at least, no less than, or more) and ``under`` (an upper bound:
不足, 不到, 低于, 以下, 以内, 不超过, 最多, 至多; less than, under, below, at most, no more
than, up to, within, or less). :func:`attach` sets each quantity's class and words;
:func:`compare` says whether two paired values carry the same qualifier.

``about`` and ``nearly`` agree with each other (both say the value is approximate), and
``nearly`` with ``under`` ("just under 30%" for 近30%). ``over`` against ``under`` reverses a
bound: an error. A qualifier on one side only, or another class, changes a stated fact: a
warning. Words that may also be no qualifier are *loose*: ``近三年`` is "the last three
years", and "over three years" or "within 18 months" may state a duration. 来 after a
duration is no qualifier at all: 三年来 / 二十年来 is "over the past three / twenty years".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from enum import StrEnum

from coop_desktop.documents.numbers_core import Kind, Raw
from coop_desktop.documents.numbers_zh import ZH_UNITS
from coop_desktop.documents.units import TIME_UNITS

ABOUT, NEARLY, OVER, UNDER = "about", "nearly", "over", "under"

_MAY_NOT = ("不得", "不应", "不能", "不可", "不宜", "严禁", "禁止")
"""A prohibition before a comparison makes a bound: 不得低于 is "at least", 不得超过 "up to"."""
_ZH_BEFORE = {
    ABOUT: ("约", "大约", "大概", "约为", "估计"),
    NEARLY: ("近", "将近", "接近", "近乎", "逼近", "几近", "差不多"),
    OVER: ("超过", "超", "逾", "高于", "多于", "大于", "突破", "至少", "不少于", "不低于",
           "不小于", "起码", "最少", "最低",
           *(m + w for m in _MAY_NOT for w in ("低于", "少于", "小于"))),
    UNDER: ("不足", "不到", "少于", "低于", "小于", "未满", "未达", "不超过", "不超", "不高于",
            "不多于", "不大于", "至多", "最多", "最高",
            *(m + w for m in _MAY_NOT for w in ("超过", "高于", "多于", "大于"))),
}
_ZH_AFTER = {
    ABOUT: ("左右", "上下", "前后"),
    OVER: ("以上", "有余"),
    UNDER: ("以下", "以内", "之内"),
}
_EN_BEFORE = {
    ABOUT: ("about", "around", "approximately", "approx.", "roughly", "some", "circa",
            "an estimated", "estimated", "~"),
    NEARLY: ("nearly", "almost", "close to", "just under", "just below", "approaching"),
    OVER: ("more than", "over", "above", "exceeding", "exceeded", "exceeds", "exceed",
           "in excess of", "upwards of", "at least", "no less than", "not less than",
           "no fewer than", "not fewer than", "a minimum of", "minimum of", "higher than",
           "greater than", "well over", "well above", "just over", "beyond", "topped",
           "topped the", "surpassed", "surpassed the", "surpassing", "over and above",
           "passed", "passed the", "crossed", "crossed the", "broke through", "exceeded the",
           "more than double", "not below", "not lower than", "not under", "no lower than"),
    UNDER: ("less than", "fewer than", "under", "below", "at most", "no more than",
            "not more than", "not exceeding", "up to", "a maximum of", "maximum of",
            "lower than", "within", "well below", "well under", "no higher than",
            "not higher than", "no greater than", "capped at", "not exceed", "not to exceed",
            "never exceed", "not above", "not over", "short of"),
}
_EN_AFTER = {
    ABOUT: ("or so",),
    OVER: ("or more", "or above", "and above", "or over", "and over", "or higher", "or longer"),
    UNDER: ("or less", "or below", "or fewer", "and below", "or lower", "or under"),
}
#: English words that, before a duration, may state the duration itself ("over three years").
_EN_DURATION_LOOSE = {"over", "within", "under", "in excess of"}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+")
                    for w in sorted(words, key=len, reverse=True))


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {w: cls for cls, words in table.items() for w in words}


_ZH_BEFORE_CLASS, _ZH_AFTER_CLASS = _lookup(_ZH_BEFORE), _lookup(_ZH_AFTER)
AFTER_WORDS = frozenset((*_ZH_AFTER_CLASS, *(w for ws in _EN_AFTER.values() for w in ws),
                         "余", "多", "来", "+", "-plus"))
"""Qualifiers written after the value (左右, 余, "or more", "+")."""
_EN_BEFORE_CLASS, _EN_AFTER_CLASS = _lookup(_EN_BEFORE), _lookup(_EN_AFTER)

_BRIDGE = "(?:了|为|达|达到|至|在|有|合|计|是|可达|可获得|可获|获得|占)?"
_ZH_BEFORE_RE = re.compile(
    rf"(?P<w>(?<![最附临靠亲邻])(?:{_alternation(_ZH_BEFORE_CLASS)})){_BRIDGE}"
    r"(?:占[^，。；,;:：\d]{0,12}?的)?[ \t]*$")
#: Before a share: 超过全球一半, 近总数的三成 — a short noun between the word and the value.
_ZH_BEFORE_SHARE_RE = re.compile(
    rf"(?P<w>(?<![最附临靠亲邻])(?:{_alternation(_ZH_BEFORE_CLASS)}))"
    r"[\u4e00-\u9fff]{1,4}?的?$")
_ZH_AFTER_RE = re.compile(
    rf"[ \t]*(?:{ZH_UNITS}|[\u4e00-\u9fff]{{1,2}}?)?[ \t]*(?P<w>{_alternation(_ZH_AFTER_CLASS)})"
    r"(?![游级文班楼层午])")
_ZH_GLUED_RE = re.compile("个?(?P<w>[余多来])(?![元样种方边国层彩媒功能])")
_EN_BEFORE_RE = re.compile(
    rf"(?i:(?<![A-Za-z])(?P<w>{_alternation(_EN_BEFORE_CLASS)}))[ \t]+(?:(?i:of)[ \t]+)?$")
_EN_AFTER_RE = re.compile(
    rf"(?:[ \t]+(?:[A-Za-z]+[ \t]+)?(?i:(?P<w>{_alternation(_EN_AFTER_CLASS)}))(?![A-Za-z])"
    r"|(?P<plus>-plus\b|\+))")
_WINDOW = 24
_CJK = re.compile(r"[\u4e00-\u9fff]")


class Agreement(StrEnum):
    """How the qualifiers of two paired values compare."""

    SAME = "same"
    DROPPED = "dropped"  # the Chinese has one, the English none
    ADDED = "added"  # the English has one, the Chinese none
    CHANGED = "changed"  # another class (about against over)
    REVERSED = "reversed"  # a lower bound against an upper one


def _qualify(raw: Raw, text: str) -> Raw:
    if raw.qualifier or raw.kind in (Kind.PERIOD, Kind.ORDINAL, Kind.FREQUENCY):
        return raw
    found = _before(raw, text) or _after(raw, text)
    if found is None:
        return raw
    cls, words, loose = found
    if raw.kind in (Kind.YEAR, Kind.DATE) and cls != ABOUT:
        return raw  # 2025年以前, "before 2025": a time, not a bound on a value
    return replace(raw, qualifier=cls, qualifier_text=words, qualifier_loose=loose)


_ZH_LAST = re.compile(r"[\u4e00-\u9fff][ \t]*$")
_EN_LAST = re.compile(r"[A-Za-z.~][ \t]+$")


def _before(raw: Raw, text: str) -> tuple[str, str, bool] | None:
    """The qualifier written before the value; the window is read in the language of the
    character just before it (one search, not two)."""
    window = text[max(0, raw.start - _WINDOW):raw.start]
    if _ZH_LAST.search(window):
        return _zh_before(raw, window)
    if _EN_LAST.search(window):
        return _en_before(raw, window)
    return None


def _zh_before(raw: Raw, window: str) -> tuple[str, str, bool] | None:
    m = _ZH_BEFORE_RE.search(window)
    if m is None and raw.kind == Kind.PERCENT:
        m = _ZH_BEFORE_SHARE_RE.search(window)
    if m:
        word = m["w"]
        cls = _ZH_BEFORE_CLASS[word]
        loose = word == "近" and raw.unit in TIME_UNITS  # 近三年: the last three years
        return cls, word, loose
    return None


def _en_before(raw: Raw, window: str) -> tuple[str, str, bool] | None:
    m = _EN_BEFORE_RE.search(window)
    if m:
        word = " ".join(m["w"].lower().split())
        loose = word in _EN_DURATION_LOOSE and raw.unit in TIME_UNITS
        return _EN_BEFORE_CLASS[word], m["w"], loose
    return None


def _after(raw: Raw, text: str) -> tuple[str, str, bool] | None:
    m = _ZH_GLUED_RE.match(text, raw.end)
    if m and m["w"] == "来" and raw.unit in TIME_UNITS:
        m = None  # 三年来, 二十年来: "over the past three years", a time, not "about"
    if m and _CJK.match(text, m.end()):
        return (ABOUT if m["w"] == "来" else OVER), m["w"], False
    m = _ZH_AFTER_RE.match(text, raw.end)
    if m:
        word = m["w"]
        if _ZH_AFTER_CLASS[word] == UNDER and raw.unit in TIME_UNITS:
            return None  # 三年以内: a deadline, as "within three years" or "in three years"
        return _ZH_AFTER_CLASS[word], word, False
    m = _EN_AFTER_RE.match(text, raw.end)
    if m:
        if m["plus"]:
            return OVER, m["plus"], False
        return _EN_AFTER_CLASS[" ".join(m["w"].lower().split())], m["w"], False
    return None


def attach(raws: Iterable[Raw], text: str) -> Iterator[Raw]:
    """Each raw quantity with the approximation or bound words around it in ``text``."""
    return (_qualify(raw, text) for raw in raws)


_AGREE = {(ABOUT, NEARLY), (NEARLY, ABOUT), (NEARLY, UNDER), (UNDER, NEARLY)}


def compare(zh_class: str | None, zh_loose: bool, en_class: str | None,
            en_loose: bool) -> Agreement:
    """How the Chinese and English qualifiers of one value compare."""
    if zh_class == en_class or (zh_class, en_class) in _AGREE:
        return Agreement.SAME
    if zh_class is None or en_class is None or zh_loose or en_loose:
        if zh_loose or en_loose:
            return Agreement.SAME
        return Agreement.DROPPED if en_class is None else Agreement.ADDED
    if {zh_class, en_class} == {OVER, UNDER}:
        return Agreement.REVERSED
    return Agreement.CHANGED
