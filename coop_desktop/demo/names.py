"""Names: company names (brand, line of business, legal form), people's names, and the
pinyin readings and search tokens ``derive`` would compute for them.

``derive`` spends ~200 µs per row, almost all of it in pypinyin; 150,000 rows would take
half a minute. The helpers below give exactly its results (tests/services/test_demo.py
compares them with ``derive``) from cached pieces.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from pypinyin.core import Pinyin

from coop_desktop import text
from coop_desktop.demo.common import Weighted, pick
from coop_desktop.demo.places import Place
from coop_desktop.models import LegalForm

#: Brand (字号) syllables: a 2- or 3-character brand is drawn from FIRST + SECOND (+ THIRD).
BRAND_FIRST = ("华瑞博中天宏恒金泰安凯源德兴隆嘉诚汇智正新佳永海东腾飞宇辰昊泽润航星光"
               "美顺祥鸿鹏锦康威优卓亚欧环志益晶睿铭骏川岳森峰云昌荣信达盛明")
BRAND_SECOND = ("创丰远科宏达通联泰安盛源德兴隆诚汇智新佳海宇辰泽润航星光美顺祥鹏锦康威"
                "力优卓越亚欧环益晶睿铭岳森峰云昌荣邦瑞博华业拓")
BRAND_THIRD = "达通源兴盛泰丰华德"

#: (suffix, English suffix, legal form, weight)
LEGAL_SUFFIXES: tuple[tuple[str, str, LegalForm, float], ...] = (
    ("有限公司", "Co., Ltd.", LegalForm.LIMITED_LIABILITY, 70),
    ("股份有限公司", "Co., Ltd.", LegalForm.JOINT_STOCK, 20),
    ("有限责任公司", "Co., Ltd.", LegalForm.LIMITED_LIABILITY, 10),
)

SURNAMES = Weighted([
    (("王", "wang"), 7), (("李", "li"), 7), (("张", "zhang"), 7), (("刘", "liu"), 5),
    (("陈", "chen"), 5), (("杨", "yang"), 3), (("黄", "huang"), 2.5), (("赵", "zhao"), 2.5),
    (("吴", "wu"), 2), (("周", "zhou"), 2), (("徐", "xu"), 1.5), (("孙", "sun"), 1.5),
    (("马", "ma"), 1.2), (("朱", "zhu"), 1.2), (("胡", "hu"), 1.2), (("郭", "guo"), 1),
    (("何", "he"), 1), (("林", "lin"), 1), (("罗", "luo"), 1), (("高", "gao"), 1),
    (("郑", "zheng"), 1), (("梁", "liang"), 0.8), (("谢", "xie"), 0.8), (("宋", "song"), 0.7),
    (("唐", "tang"), 0.7), (("韩", "han"), 0.6), (("冯", "feng"), 0.6), (("邓", "deng"), 0.6),
    (("曹", "cao"), 0.6), (("彭", "peng"), 0.5), (("曾", "zeng"), 0.5), (("肖", "xiao"), 0.5),
    (("田", "tian"), 0.4), (("董", "dong"), 0.4), (("潘", "pan"), 0.4), (("袁", "yuan"), 0.4),
    (("蔡", "cai"), 0.4), (("蒋", "jiang"), 0.4), (("余", "yu"), 0.4), (("杜", "du"), 0.3),
    (("叶", "ye"), 0.3), (("程", "cheng"), 0.3), (("魏", "wei"), 0.3), (("苏", "su"), 0.3),
    (("丁", "ding"), 0.3), (("沈", "shen"), 0.3), (("姚", "yao"), 0.2), (("欧阳", "ouyang"), 0.1),
])  # fmt: skip
GIVEN_CHARS: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
    ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"),
    ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("华", "hua"), ("建", "jian"), ("国", "guo"),
    ("志", "zhi"), ("文", "wen"), ("婷", "ting"), ("鹏", "peng"), ("辉", "hui"), ("玲", "ling"),
    ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("晨", "chen"), ("欣", "xin"), ("佳", "jia"),
    ("俊", "jun"), ("昊", "hao"), ("雪", "xue"), ("琳", "lin"), ("晓", "xiao"), ("海", "hai"),
    ("斌", "bin"), ("峰", "feng"), ("慧", "hui"), ("颖", "ying"), ("博", "bo"), ("睿", "rui"),
    ("红", "hong"), ("永", "yong"), ("春", "chun"), ("东", "dong"), ("宁", "ning"), ("亮", "liang"),
)  # fmt: skip

_WORD = re.compile(r"[0-9a-z]+")  # the word rule of ``text.search_tokens``


class Reading(NamedTuple):
    """``text.pinyin`` of a text as the pieces ``derive`` needs."""

    spaced: str  # "rui feng"
    initials: str  # "rf" (the ``text.pinyin_initials`` rule, per syllable)
    joined: str  # "ruifeng"


@cache
def reading(value: str) -> Reading:
    syllables = text.pinyin(value).split()  # the very function ``derive`` uses
    return Reading(" ".join(syllables),
                   "".join(s[0] for s in syllables if s and s[0].isalnum()), "".join(syllables))


try:  # pypinyin's default word segmenter (greedy forward maximum matching)
    from pypinyin.seg.mmseg import seg as _MMSEG
except ImportError:  # pragma: no cover - a pypinyin without it: the slower public path
    _MMSEG = None
_PINYIN = Pinyin()  # ``Pinyin().seg`` is the same segmentation through the public API


@cache
def _words(value: str) -> tuple[str, ...]:
    return tuple(_MMSEG.cut(value)) if _MMSEG is not None else tuple(_PINYIN.seg(value))


def name_reading(name_zh: str, tail: str) -> Reading:
    """Exactly ``text.pinyin(name_zh)``, fast. ``tail`` is a suffix of the name.

    pypinyin cuts a text into words (dictionary phrases or single characters) and reads
    each word on its own — the reading is the slow part, so readings come from a cache.
    Reading the name's *parts* separately would be wrong: a phrase may straddle two parts
    (泰航 + 模具 contains 航模, read "hang mo", not "mu ju"). The cut is greedy from left
    to right and depends only on the text after a word boundary, so once a word starts
    where ``tail`` (industry word + legal suffix) starts, the rest is ``tail``'s own cut.
    """
    if _MMSEG is None:  # pragma: no cover
        words: list[str] | tuple[str, ...] = _words(name_zh)
    else:
        head = len(name_zh) - len(tail)
        words = []
        pos = 0
        for word in _MMSEG.cut(name_zh):
            if pos == head:
                words.extend(_words(tail))
                break
            words.append(word)
            pos += len(word)
    readings = [reading(w) for w in words]
    return Reading(" ".join([r.spaced for r in readings if r.spaced]),
                   "".join([r.initials for r in readings]), "".join([r.joined for r in readings]))


@cache
def _chars(part: str) -> tuple[str, ...]:
    """Each character of an all-CJK text followed by its pair with the next one."""
    n = len(part)
    return tuple(part[i : i + k] for i in range(n) for k in (1, 2) if i + k <= n)


@cache
def _en_words(part: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.normalize(part).lower()))


@cache
def context_tokens(city_zh: str | None, city_en: str | None, tags: tuple[str, ...]
                    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``text.search_tokens``'s tokens for the texts a name shares with other rows.

    Returns (tokens of the Chinese city name and of each tag — they follow the name's own
    tokens; words of the English city name and of the tags — they follow the English
    name's words).
    """
    middle = tuple(text.search_tokens(city_zh, *tags).split())
    tail = tuple(text.search_tokens(words=(city_en, " ".join(tags))).split())
    return middle, tail


def search_tokens(parts_zh: Sequence[str], reading: Reading, parts_en: Sequence[str],
                   context: tuple[tuple[str, ...], tuple[str, ...]]) -> str:
    """``text.search_tokens(name_zh, city_zh, *tags, words=(name_en, city_en, tags))``.

    ``parts_zh`` are the non-empty, all-CJK parts of the Chinese name and ``parts_en``
    the space-separated parts of the English one. Same order as ``text.search_tokens``:
    each character and pair, the initials, the run-together pinyin, the city's and tags'
    tokens, the English words; each token once, first occurrence first.
    """
    tokens = list(_chars(parts_zh[0]))
    for prev, part in pairwise(parts_zh):
        tokens.append(prev[-1] + part[0])  # the pair across the parts' boundary
        tokens += _chars(part)
    tokens.append(reading.initials)
    tokens.append(reading.joined)
    tokens += context[0]
    for part in parts_en:
        tokens += _en_words(part)
    tokens += context[1]
    return " ".join(filter(None, dict.fromkeys(tokens)))


class Name(NamedTuple):
    zh: str
    en: str
    reading: Reading
    parts_zh: tuple[str, ...]
    parts_en: tuple[str, ...]
    legal_form: LegalForm
    brand_py: str


def person(rng: random.Random) -> tuple[str, str, str]:
    """(Chinese name, surname pinyin, given-name pinyin)."""
    surname, s_py = SURNAMES.pick(rng)
    g1 = pick(rng, GIVEN_CHARS)
    if rng.random() < 0.3:
        return surname + g1[0], s_py, g1[1]
    g2 = pick(rng, GIVEN_CHARS)
    return surname + g1[0] + g2[0], s_py, g1[1] + g2[1]


class CompanyNames:
    """Company names not used yet: ``taken`` holds every Chinese name in the database or
    drawn in this run; ``redraws`` counts the names drawn again because they were taken."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng = rng
        self.names = taken
        self.redraws = 0
        self.suffixes = Weighted([(s, s[3]) for s in LEGAL_SUFFIXES])

    def name(self, place: Place, word: tuple[str, str, str, float]) -> Name:
        """A company name not used yet, with its pinyin."""
        rng = self.rng
        for _attempt in range(50):
            brand = pick(rng, BRAND_FIRST) + pick(rng, BRAND_SECOND)
            if rng.random() < 0.06:
                brand += pick(rng, BRAND_THIRD)
            if brand[0] == brand[1] or brand[-1] == brand[-2]:
                continue
            suffix = self.suffixes.pick(rng)
            r = rng.random()
            if r < 0.6 and place.prefix_zh:
                prefix_zh, prefix_en = place.prefix_zh, place.prefix_en
            elif r < 0.7:
                prefix_zh, prefix_en = place.province_short, place.province.name_en
            else:
                prefix_zh, prefix_en = "", ""
            name_zh = prefix_zh + brand + word[0] + suffix[0]
            if name_zh in self.names:
                self.redraws += 1
                continue
            self.names.add(name_zh)
            brand_py = reading(brand).joined
            parts_en = (prefix_en, brand_py.capitalize(), word[1], suffix[1])
            parts_en = parts_en if prefix_en else parts_en[1:]
            parts_zh = (prefix_zh, brand, word[0], suffix[0])
            parts_zh = parts_zh if prefix_zh else parts_zh[1:]
            return Name(name_zh, " ".join(parts_en), name_reading(name_zh, word[0] + suffix[0]),
                         parts_zh, parts_en, suffix[2], brand_py)
        raise RuntimeError("could not find an unused company name")  # pragma: no cover

