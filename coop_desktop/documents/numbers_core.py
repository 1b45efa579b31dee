"""What the number extractor works with: :class:`Kind`, :class:`Quantity`, the raw match a rule
returns (:class:`Raw`), width folding, and the regex fragments several rule modules share.

The rules themselves live by subject: Chinese numerals (:mod:`numbers_zh`), English number
words (:mod:`numbers_en`), dates and periods (:mod:`periods`), units (:mod:`units`), the
approximation and bound words around a value (:mod:`qualifiers`); :mod:`numbers` runs them in
order. This module imports none of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    """What a :class:`Quantity` measures."""

    AMOUNT = "amount"  # money: a currency marker was present
    PERCENT = "percent"  # percentages, percentage points, fractions (四分之一 = 25), 成
    DATE = "date"  # value = year*10000 + month*100 + day (0 = not stated)
    NUMBER = "number"  # any other count or measure
    YEAR = "year"  # a calendar year on its own
    PERIOD = "period"  # part of a year: months first*100 + last (上半年 = 106, Q3 = 709)
    ORDINAL = "ordinal"  # 第三届 / the third, 70周年 / 70th anniversary
    FREQUENCY = "frequency"  # 每季度 / quarterly: value = days (hour = 1/24)


@dataclass(frozen=True)
class Quantity:
    """One value stated in a text. ``span`` indexes the original text; ``text`` is that slice.

    ``optional``: may be left implicit by a translation (``一家`` / "a company"; vague
    orders of magnitude such as 上千万); never a finding by itself. ``soft``: no finding when
    the other side has nothing for it, but compared when it has a leftover of the same kind
    (a relative year, an ordinal, a year-end). ``unit``: the measurement unit's key
    (:mod:`units`), ``None`` for plain counts. ``qualifier``: ``about`` / ``nearly`` /
    ``over`` / ``under`` (:mod:`qualifiers`) with its words in ``qualifier_text``;
    ``qualifier_loose``: the words may also mean no qualifier (``近三年`` is "the last three
    years", "over three years" may be a duration). ``relative``: a year stated against the
    document's year (今年 0, 去年 -1), resolved when the pair is compared; ``local``: the
    offset is against the year the sentence names, if any (比上年, "the previous year").
    ``inexact``: the value comes from a fraction (三分之一) and compares within rounding.
    """

    value: Decimal
    kind: Kind
    span: tuple[int, int]
    text: str
    currency: str | None = None  # ISO 4217 code, for amounts with a currency marker
    alternatives: tuple[Decimal, ...] = ()  # other readings of an ambiguous text (05/03/2025)
    optional: bool = False
    soft: bool = False
    unit: str | None = None
    qualifier: str | None = None
    qualifier_text: str = ""
    qualifier_loose: bool = False
    relative: int | None = None
    local: bool = False
    inexact: bool = False

    def values(self) -> tuple[Decimal, ...]:
        return (self.value, *self.alternatives)


@dataclass(frozen=True)
class Raw:
    """A quantity before it is tied to the original text; ``scale`` is its multiplier."""

    start: int
    end: int
    value: Decimal
    kind: Kind
    currency: str | None = None
    scale: Decimal = Decimal(1)
    alternatives: tuple[Decimal, ...] = ()
    optional: bool = False
    soft: bool = False
    unit: str | None = None
    qualifier: str | None = None
    qualifier_text: str = ""
    qualifier_loose: bool = False
    relative: int | None = None
    local: bool = False
    inexact: bool = False
    label: str = ""  # the unit a table label gives the figure ("万元", "RMB"), for messages


Handler = Callable[[re.Match[str]], "list[Raw] | None"]
"""A rule's handler: the quantities a match states (``[]``: recognised, masked, no value) or
``None`` (not this rule's after all: the text stays for the later rules)."""


Rule = tuple[str, Handler] | tuple[str, Handler, tuple[str, ...]]
"""``(pattern, handler)`` or ``(pattern, handler, needs)``: the rule runs only on a text whose
lower-cased form contains one of ``needs`` (``"#digit"``, ``"#cjk"``, ``"#latin"``: one such
character), so that the many English word rules cost nothing on a text without their words."""


def skip(_m: re.Match[str]) -> list[Raw]:
    """Handler for text recognised only so that nothing reads its digits."""
    return []


USCC_SHAPE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{2}\d{6}[0-9A-Za-z]{10}(?![0-9A-Za-z])")
"""Shaped like a unified social credit code (18 characters, positions 3–8 digits). The check
character is not verified: a mistyped code must still be found."""

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD |= {0x3000: 0x20, 0xFFE5: 0xA5, 0xFFE1: 0xA3}  # ideographic space, ￥, ￡
MASK = "\ue000"  # private use: not a digit, letter, space or CJK character


def fold_width(text: str) -> str:
    """Full-width ASCII forms, ``￥ ￡`` and the ideographic space to ASCII; same length."""
    return text.translate(_FOLD)


def plain(value: Decimal) -> Decimal:
    """``3.5E+8`` → ``350000000``; trailing zeros of fractions dropped (``0.50`` → ``0.5``)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


# ------------------------------------------------------------------ shared vocabulary

CURRENCIES = {  # keys: lower case, singular
    "人民币": "CNY", "元": "CNY", "rmb": "CNY", "cny": "CNY", "¥": "CNY", "yuan": "CNY",
    "renminbi": "CNY", "美元": "USD", "usd": "USD", "us$": "USD", "$": "USD", "dollar": "USD",
    "us dollar": "USD", "欧元": "EUR", "eur": "EUR", "€": "EUR", "euro": "EUR",
    "港元": "HKD", "港币": "HKD", "hkd": "HKD", "hk$": "HKD", "hong kong dollar": "HKD",
    "日元": "JPY", "jpy": "JPY", "yen": "JPY", "英镑": "GBP", "gbp": "GBP", "£": "GBP",
}


def currency(token: str | None) -> str | None:
    """The ISO code a currency marker names (``None`` for no marker)."""
    if not token:
        return None
    key = " ".join(token.lower().replace("u.s.", "us").split()).removeprefix("of ")
    return CURRENCIES.get(key) or CURRENCIES[key.removesuffix("s")]


ZH_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}
ZH_MULT = {"百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
EN_SMALL = {
    word: i for i, word in enumerate((
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen",
    ))
}
EN_TENS = {
    word: 10 * i for i, word in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), 2)
}
EN_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9,
             "trillion": 10**12}

# ------------------------------------------------------------------ shared regex fragments

SP = r"[ \t\u00a0]"
NUM = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u2009\u202f]\d{3})+|\d+)(?!\d)(?:\.\d+)?"
ZH_NUMERAL = "[〇零一二两三四五六七八九十百千万亿壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億]"
ZH_SMALL = "(?:十[一二]?|[一二三四五六七八九十]|[二三]十[一二三四五六七八九]?)"
CODES = "RMB|CNY|USD|HKD|EUR|GBP|JPY"
EN_NUMBER_WORD = (
    "(?i:" + "|".join(sorted([*EN_SMALL, *EN_TENS, *EN_SCALES], key=len, reverse=True))
    + r")(?![A-Za-z])"
)
FULL_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
MONTHS = {
    name: i for i, names in enumerate((
        "January Jan", "February Feb", "March Mar", "April Apr", "May", "June Jun", "July Jul",
        "August Aug", "September Sep Sept", "October Oct", "November Nov", "December Dec",
    ), 1)
    for name in names.split()
}
MONTH_NAME = (
    rf"(?P<mon>{FULL_MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![A-Za-z])\.?"
)
PREFIX_CURRENCY = rf"(?P<pre>人民币|(?:{CODES})(?![A-Za-z])|US\$|HK\$|[$€£¥])"
SUFFIX_CURRENCY = (
    rf"(?P<cur>{SP}?(?:美元|欧元|港元|港币|日元|英镑|元|人民币)"
    rf"|{SP}+(?:of{SP}+)?(?i:yuan|renminbi|(?:US|U\.S\.|Hong{SP}Kong){SP}dollars?|dollars?|euros?"
    rf"|yen)(?![A-Za-z])|{SP}+(?:{CODES})(?![A-Za-z])(?!{SP}*\d))"  # "in 2024 RMB 5 million"
)
PERCENT = (
    rf"(?P<pct>{SP}?(?:%|‰|个百分点|百分点)"
    rf"|(?:{SP}+|-)(?i:percentage{SP}points?|per{SP}?cent|percent|pct)(?![A-Za-z]))"
)
