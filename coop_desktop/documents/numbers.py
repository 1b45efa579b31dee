"""Numeric values in Chinese and English text, so that one quantity written two ways compares equal.

:func:`extract_quantities` returns the *values* a text states: ``3.5亿元``, ``RMB 350 million``
and ``CNY 0.35 billion`` are all the amount 350,000,000 (CNY); ``５０％``, ``50 per cent``
and ``50个百分点`` the percentage 50; ``2025年3月5日``, ``5 March 2025`` and ``2025-03-05``
the date 20250305. :func:`compare_quantities` pairs the quantities of a Chinese and an
English text.

The extractor works on any text (Chinese, English or mixed) and never changes its length,
so every ``span`` indexes the caller's original string. Full-width forms are folded first
(``１，２００`` → ``1,200``, ``￥`` → ``¥``). Rules run in a fixed order (:data:`_RULES`);
each match masks its characters so that later rules cannot read them again.

What is a quantity
  * Arabic numbers: ``,`` thousands separators (or NBSP / thin spaces), decimals; Chinese
    multipliers (``万 亿 千 百``, chained: ``千万`` ``万亿``; ``10余万``); English ones
    (``hundred thousand million billion trillion``, ``bn mn mln``, ``k`` glued to the
    digits, ``m`` only next to a currency since ``350 m`` is metres); currency markers
    before (``人民币 RMB CNY ¥ US$ $ USD HK$ EUR € £``) or after (``元 美元 欧元 港元 日元
    英镑``, ``yuan dollars euros RMB USD``...); percent markers (``% ‰ 个百分点 percent
    per cent percentage points``) and ``百分之五十``.
  * Chinese numerals, conservatively: a run of numeral characters counts only when a measure
    word or unit follows (``个 家 名 人 项 年 元 %``..., optionally after ``余 多 来 几``), or
    when it contains ``百 千 万 亿`` and so is clearly a number (``三百五十``). The run must
    be well formed (``万一``, ``七八``, ``十四五``, colloquial ``一万五`` are not). So
    ``十二``, ``一带一路``, ``统一``, ``一是``, ``十分`` are not numbers; ``十二家``, ``两家``,
    ``三百五十`` are. ``近百家`` (a lone ``百 千 万`` after ``近 约 逾 超``, before a unit)
    is about 100.
  * English number words: ``twelve``, ``three hundred and fifty``, ``twenty-five``,
    ``two million``. A number word joined by a hyphen to another word counts only before a
    unit of time (``five-year`` yes, ``two-way``, ``one-stop`` no).
  * Dates: ``2025年3月5日``, ``二〇二五年三月五日``, ``2025年3月``, ``3月5日``, ``3月``,
    ``2025-03-05`` (also ``/`` ``.``), ``2025.03``, ``5 March 2025``, ``March 5, 2025``,
    ``5th Mar. 2025``, ``March 2025``, ``5 March``, ``March``. The value is
    ``year*10000 + month*100 + day`` with 0 for a part not stated. ``05/03/2025`` is
    ambiguous: the value reads it day first, ``alternatives`` holds the month-first reading.
  * Years: four plain digits from 1900 to 2100 (``in 2025``, ``2025年``, ``二〇二五年``).

What is not (recognised only so that its digits are never read as values)
  * ``{{placeholders}}``; identifiers: USCC-shaped codes, runs of 11 or more digits, phone
    numbers (``+86 755 2654 1234``, ``0755-26541234``, ``400-800-1234``). Identifiers are
    not compared at all: they are written differently on each side (``+86``, spacing), and
    the QA record check compares USCCs with the enterprise record.
  * numbering: ``1.`` / ``1)`` / ``1.2 Title`` at the start of a line or sentence, ``1、``,
    ``(1)``, ``3.2.1``; ``（一）`` and ``一、`` are not numbers anyway;
  * ordinals and references: ``第一`` ``第3条``, ``1st``, ``3号``, ``2期``, ``3章``, ``附件1``,
    ``Section 3``, ``Article 5``, ``No. 11``, ``Annex 2``, ``Phase 2``, ``14th Five-Year Plan``;
  * codes: digits glued to letters (``A1``, ``5G``, ``COVID-19``, ``ISO9001``) or after an
    upper-case acronym (``ISO 9001:2015``, ``GB/T 2260``); fractions (``三分之一``, ``two thirds``).

``optional=True`` marks values a translation may legitimately leave implicit: a spelled-out
one or zero in either language (``一家``, ``one of``: often just an article) and English
number words up to ten, which English style spells out where Chinese uses set phrases that
the extractor rightly ignores (``前三`` / ``top three``, ``三大产业`` / ``three major
industries``). The comparison pairs them when it can and otherwise ignores them. Values are
unsigned magnitudes: ``下降5%`` and ``down 5%`` both state 5 percent.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from coop_desktop.documents.placeholders import PLACEHOLDER_RE


class Kind(StrEnum):
    """What a :class:`Quantity` measures."""

    AMOUNT = "amount"  # money: a currency marker was present
    PERCENT = "percent"  # percentages and percentage points
    DATE = "date"  # value = year*10000 + month*100 + day (0 = not stated)
    NUMBER = "number"  # any other count or measure
    YEAR = "year"  # a calendar year on its own


@dataclass(frozen=True)
class Quantity:
    """One value stated in a text. ``span`` indexes the original text; ``text`` is that slice."""

    value: Decimal
    kind: Kind
    span: tuple[int, int]
    text: str
    currency: str | None = None  # ISO 4217 code, for amounts with a currency marker
    alternatives: tuple[Decimal, ...] = ()  # other readings of an ambiguous text (05/03/2025)
    optional: bool = False  # may be left implicit by a translation (see the module docstring)

    def values(self) -> tuple[Decimal, ...]:
        return (self.value, *self.alternatives)


USCC_SHAPE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{2}\d{6}[0-9A-Za-z]{10}(?![0-9A-Za-z])")
"""Shaped like a unified social credit code (18 characters, positions 3–8 digits). The check
character is not verified: a mistyped code must still be found."""

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD |= {0x3000: 0x20, 0xFFE5: 0xA5, 0xFFE1: 0xA3}  # ideographic space, ￥, ￡
_MASK = "\ue000"  # private use: not a digit, letter, space or CJK character


def fold_width(text: str) -> str:
    """Full-width ASCII forms, ``￥ ￡`` and the ideographic space to ASCII; same length."""
    return text.translate(_FOLD)


# ------------------------------------------------------------------ vocabulary

_CURRENCIES = {  # keys: lower case, singular
    "人民币": "CNY", "元": "CNY", "rmb": "CNY", "cny": "CNY", "¥": "CNY", "yuan": "CNY",
    "renminbi": "CNY", "美元": "USD", "usd": "USD", "us$": "USD", "$": "USD", "dollar": "USD",
    "us dollar": "USD", "欧元": "EUR", "eur": "EUR", "€": "EUR", "euro": "EUR",
    "港元": "HKD", "港币": "HKD", "hkd": "HKD", "hk$": "HKD", "hong kong dollar": "HKD",
    "日元": "JPY", "jpy": "JPY", "yen": "JPY", "英镑": "GBP", "gbp": "GBP", "£": "GBP",
}
_ZH_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}
_ZH_FORMAL = str.maketrans(
    "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億", "一二二三三四五六六七八九十百千万亿"
)
_ZH_MULT = {"百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_ZH_ROUND = {"百": 100, "千": 1000, "万": 10**4}  # 近百家: "nearly a hundred" firms
_ZH_ABOUT = "近约逾超"
_ZH_ARTICLES = ("一", "零", "〇", "壹")
_EN_SMALL = {
    word: i for i, word in enumerate((
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen",
    ))
}
_EN_TENS = {
    word: 10 * i for i, word in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), 2)
}
_EN_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9,
              "trillion": 10**12}
_EN_SHORT_SCALES = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9}
_EN_SPELLED_OPTIONAL = 10  # English number words up to this value are optional
_MONTHS = {
    name: i for i, names in enumerate((
        "January Jan", "February Feb", "March Mar", "April Apr", "May", "June Jun", "July Jul",
        "August Aug", "September Sep Sept", "October Oct", "November Nov", "December Dec",
    ), 1)
    for name in names.split()
}
_HYPHEN_UNITS = {"year", "month", "week", "day", "hour", "minute", "storey", "story", "fold"}

# ------------------------------------------------------------------ regex fragments

_SP = r"[ \t\u00a0]"
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u2009\u202f]\d{3})+|\d+)(?!\d)(?:\.\d+)?"
_ZH_NUMERAL = "[〇零一二两三四五六七八九十百千万亿壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億]"
_ZH_SMALL = "(?:十[一二]?|[一二三四五六七八九十]|[二三]十[一二三四五六七八九]?)"
_ZH_UNITS = (
    "个百分点|百分点|%|‰|平方公里|平方米|公里|千米|公顷|公斤|千克|小时|"
    "美元|欧元|港元|港币|日元|英镑|人民币|元|个|家|名|人|位|项|年|天|周|种|批|所|座|"
    "条|件|台|套|户|亩|米|吨|届|轮|场|份|篇|款|辆|架|艘|层|栋|间|张|笔|宗|例|株|岁"
)
_CODES = "RMB|CNY|USD|HKD|EUR|GBP|JPY"
_PREFIX_CURRENCY = rf"(?P<pre>人民币|(?:{_CODES})(?![A-Za-z])|US\$|HK\$|[$€£¥])"
_SUFFIX_CURRENCY = (
    rf"(?P<cur>{_SP}?(?:美元|欧元|港元|港币|日元|英镑|元|人民币)"
    rf"|{_SP}+(?i:yuan|renminbi|(?:US|U\.S\.|Hong{_SP}Kong){_SP}dollars?|dollars?|euros?|yen)"
    rf"(?![A-Za-z])|{_SP}+(?:{_CODES})(?![A-Za-z]))"
)
_PERCENT = (
    rf"(?P<pct>{_SP}?(?:%|‰|个百分点|百分点)"
    rf"|{_SP}+(?i:percentage{_SP}points?|per{_SP}?cent|percent|pct)(?![A-Za-z]))"
)
_MULTIPLIER = (
    rf"(?P<mult>{_SP}?[余多]?(?:[千百](?![米克瓦分])|[万亿])+"
    rf"|(?:{_SP}?(?i:hundred|thousand|million|billion|trillion)(?![A-Za-z]))+"
    rf"|{_SP}?(?i:bn|mn|mln)(?![A-Za-z])|{_SP}?[mM](?![A-Za-z])|k(?![A-Za-z]))"
)
_FULL_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_NAME = (
    rf"(?P<mon>{_FULL_MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![A-Za-z])\.?"
)
_DAY = r"(?P<d>\d{1,2})(?!\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>\d{4})(?!\d)"
_ZH_MONTH = rf"(?P<m>1[0-2]|0?[1-9]|{_ZH_SMALL})"
_ZH_DAY = rf"(?P<d>3[01]|[12]\d|0?[1-9]|{_ZH_SMALL})"
_NOT_AFTER_NUMERAL = "(?<![\\d个第几数〇零一二两三四五六七八九十百千])"
_EN_WORD_RE = (
    "(?i:" + "|".join(sorted([*_EN_SMALL, *_EN_TENS, *_EN_SCALES], key=len, reverse=True))
    + r")(?![A-Za-z])"
)

_ZH_RUN = re.compile(f"{_ZH_NUMERAL}+")
_EN_WORD = re.compile(_EN_WORD_RE)
_FRACTION = re.compile(
    r"(?i:[ \t-]+(?:halves|half|thirds?|quarters?|fifths?|sixths?|eighths?|tenths?)\b)"
)
_RANGE_GAP = re.compile(r"[ \t]*(?:-|–|—|~|至|到|(?i:to))[ \t]*")

_Handler = Callable[[re.Match[str]], "list[_Raw] | None"]


@dataclass(frozen=True)
class _Raw:
    """A quantity before it is tied to the original text; ``scale`` is its multiplier."""

    start: int
    end: int
    value: Decimal
    kind: Kind
    currency: str | None = None
    scale: Decimal = Decimal(1)
    alternatives: tuple[Decimal, ...] = ()
    optional: bool = False


def _skip(_m: re.Match[str]) -> list[_Raw]:
    """Handler for text recognised only so that nothing reads its digits."""
    return []


def _plain(value: Decimal) -> Decimal:
    """``3.5E+8`` → ``350000000``; trailing zeros of fractions dropped (``0.50`` → ``0.5``)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _currency(token: str | None) -> str | None:
    if not token:
        return None
    key = " ".join(token.lower().replace("u.s.", "us").split())
    return _CURRENCIES.get(key) or _CURRENCIES[key.removesuffix("s")]


# ------------------------------------------------------------------ Chinese numerals

_ZH_BELOW_10000 = re.compile(
    "(?:([一二两三四五六七八九])千)?(?:零?([一二两三四五六七八九])百)?"
    "(?:零?([一二三四五六七八九])?(十))?(?:零?([一二三四五六七八九]))?"
)


def _zh_below_10000(run: str) -> int | None:
    """``一千零五`` → 1005; a bare last digit after 千/百 (colloquial ``一千五``) is refused."""
    if run == "两":
        return 2
    match = _ZH_BELOW_10000.fullmatch(run)
    if not run or match is None:
        return None
    thousands, hundreds, tens, ten, ones = match.groups()
    if ones and not ten and (thousands or hundreds) and "零" not in run:
        return None
    digits = ((thousands, 1000), (hundreds, 100), (tens, 10), (ones, 1))
    return sum(_ZH_DIGITS[d] * unit for d, unit in digits if d) + (10 if ten and not tens else 0)


def _zh_int(run: str) -> int | None:
    """A well-formed Chinese numeral (``三亿五千万``, ``一百零五``) or ``None``."""
    if run in ("零", "〇"):
        return 0
    for big in ("亿", "万"):
        head, sep, tail = run.rpartition(big)
        if sep:
            high = _zh_int(head)
            low = _zh_int(tail) if tail.strip("零") else 0
            colloquial = low and not tail.startswith("零") and low < _ZH_MULT[big] // 10
            if not high or low is None or low >= _ZH_MULT[big] or colloquial:
                return None
            return high * _ZH_MULT[big] + low
    return _zh_below_10000(run)


def parse_zh_numeral(run: str) -> int | None:
    """Value of a Chinese numeral, formal forms included (``壹佰``); ``None`` if ill-formed.

    Digit-by-digit runs (``二〇二五``, ``七八``) are not numbers here: they are years only
    before ``年``, which the extractor handles itself.
    """
    run = run.translate(_ZH_FORMAL)
    if len(run) > 1 and all(ch in _ZH_DIGITS for ch in run):
        return None
    return _zh_int(run)


def _zh_scale(run: str) -> Decimal:
    """The multiplier a numeral ends with (``五亿`` → 10**8), for spreading over ranges."""
    run = run.translate(_ZH_FORMAL)
    tail = run[len(run.rstrip("万亿")):]
    return Decimal(math.prod(_ZH_MULT[ch] for ch in tail))


def _zh_or_digits(text: str) -> int | None:
    return int(text) if text.isdigit() else parse_zh_numeral(text)


def _zh_year(text: str) -> int:
    return int(text) if text.isdigit() else int("".join(str(_ZH_DIGITS[ch]) for ch in text))


# ------------------------------------------------------------------ dates


def _date(m: re.Match[str], y: int, month: int | None, d: int = 0,
          alternatives: tuple[Decimal, ...] = ()) -> list[_Raw] | None:
    """The date, or ``None`` (the text is left to the other rules) if it is not a valid one."""
    valid_year = y == 0 or 1000 <= y <= 2999
    if month is None or not 1 <= month <= 12 or not 0 <= d <= 31 or not valid_year:
        return None
    value = Decimal(y * 10000 + month * 100 + d)
    return [_Raw(m.start(), m.end(), value, Kind.DATE, alternatives=alternatives)]


def _zh_date(m: re.Match[str]) -> list[_Raw] | None:
    groups = m.groupdict()
    year = _zh_year(groups["y"]) if groups.get("y") else 0
    day = _zh_or_digits(groups["d"]) if groups.get("d") else 0
    return None if day is None else _date(m, year, _zh_or_digits(groups["m"]), day)


def _en_date(m: re.Match[str]) -> list[_Raw] | None:
    groups = m.groupdict()
    year = int(groups["y"]) if groups.get("y") else 0
    day = int(groups["d"]) if groups.get("d") else 0
    return _date(m, year, _MONTHS[groups["mon"]], day)


def _iso_date(m: re.Match[str]) -> list[_Raw] | None:
    """``2025-03-05``, ``2025/3/5``, ``2025.03.05``; ``2025.03``, ``2025/3``, ``2025-03``."""
    groups = m.groupdict()
    month = groups.get("m") or groups.get("m2") or "0"
    return _date(m, int(groups["y"]), int(month), int(groups.get("d") or 0))


def _slash_date(m: re.Match[str]) -> list[_Raw] | None:
    """``a/b/yyyy``: day first unless that is impossible; the other reading is an alternative."""
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12:
        return _date(m, year, b, a)
    if b > 12:
        return _date(m, year, a, b)
    other = (Decimal(year * 10000 + a * 100 + b),) if a != b else ()
    return _date(m, year, b, a, other)


# ------------------------------------------------------------------ numbering


#: The first character after spaces and tabs ("" at the end). Rules look ahead by matching
#: at a position: slicing the rest of the text for every match made long texts quadratic.
_NEXT_CHAR = re.compile(r"[ \t]*(.?)", re.DOTALL)
_HYPHEN_WORD = re.compile(r"-([A-Za-z]+)")


def _list_marker(m: re.Match[str]) -> list[_Raw] | None:
    """``1.`` / ``1)`` / ``1.2 Title`` at a line or sentence start: numbering, not a value."""
    head = _NEXT_CHAR.match(m.string, m.end())[1]  # type: ignore[index]
    if m["sep"]:
        return [] if not head.isdigit() else None
    cjk_word = "\u4e00" <= head <= "\u9fff" and head not in "万亿千百元美欧港日英个家名人项年月"
    return [] if m["sub"] and (head.isupper() or cjk_word) else None


# ------------------------------------------------------------------ numbers with digits


def _glued_code(text: str, start: int, end: int) -> bool:
    """Digits glued to letters are part of a code: ``A1``, ``COVID-19``, ``5G``, ``3D``."""
    before = text[max(0, start - 2):start]
    after = text[end:end + 1]
    return bool(re.search(r"[A-Za-z]-?$", before)) or (after.isascii() and after.isupper())


def _hyphen_word_not_unit(text: str, end: int) -> bool:
    """``5-star`` and ``two-way`` are adjectives; ``5-year`` and ``five-year`` are quantities."""
    word = _HYPHEN_WORD.match(text, end)
    return word is not None and word.group(1).lower().removesuffix("s") not in _HYPHEN_UNITS


def _scale_of(token: str | None, has_currency: bool) -> Decimal:
    """The multiplier a token names: ``万`` ``千万`` ``余万`` ``million`` ``bn`` (1 if none)."""
    token = (token or "").strip(" \t\u00a0余多")
    if not token:
        return Decimal(1)
    if token.lower() in _EN_SHORT_SCALES:
        metres = token.lower() == "m" and not has_currency
        return Decimal(1 if metres else _EN_SHORT_SCALES[token.lower()])
    if token[0] in _ZH_MULT:
        return Decimal(math.prod(_ZH_MULT[ch] for ch in token))
    return Decimal(math.prod(_EN_SCALES[word.lower()] for word in token.split()))


def _digit_kind(m: re.Match[str], value: Decimal, currency: str | None) -> Kind:
    if m["pct"]:
        return Kind.PERCENT
    if currency:
        return Kind.AMOUNT
    plain_year = re.fullmatch(r"\d{4}", m["num"]) and 1900 <= value <= 2100 and not m["mult"]
    next_char = m.string[m.end():m.end() + 1]
    if plain_year and (m["nian"] or not "\u4e00" <= next_char <= "\u9fff"):
        return Kind.YEAR
    return Kind.NUMBER


def _digits(m: re.Match[str]) -> list[_Raw]:
    text = m.string
    if _glued_code(text, m.start(), m.end()) or _hyphen_word_not_unit(text, m.end()):
        return []
    currency = _currency(m["pre"]) or _currency(m["cur"])
    scale = _scale_of(m["mult"], currency is not None)
    value = Decimal(re.sub(r"[,\u00a0\u2009\u202f]", "", m["num"])) * scale
    if m["pct"] and "‰" in m["pct"]:
        value /= 10
    return [_Raw(m.start(), m.end(), value, _digit_kind(m, value, currency), currency, scale)]


def _zh_percent(m: re.Match[str]) -> list[_Raw] | None:
    """``百分之五十`` / ``百分之3.5``; ``千分之五`` is 0.5 percent."""
    number = m["n"]
    value = Decimal(number) if number[0].isdigit() else parse_zh_numeral(number)
    if value is None:
        return None
    divisor = 10 if m["per"] == "千" else 1
    return [_Raw(m.start(), m.end(), Decimal(value) / divisor, Kind.PERCENT)]


# ------------------------------------------------------------------ Chinese numerals in text


def _zh_unit_kind(unit: str | None) -> tuple[Kind, str | None]:
    if unit and ("百分点" in unit or unit in "%‰"):
        return Kind.PERCENT, None
    currency = _currency(unit) if unit in _CURRENCIES else None
    return (Kind.AMOUNT, currency) if currency else (Kind.NUMBER, None)


def _zh_value(run: re.Match[str], unit: str | None) -> int | None:
    text = run.group()
    about = run.string[run.start() - 1:run.start()] in tuple(_ZH_ABOUT)
    return (_ZH_ROUND.get(text) if unit and about else None) or parse_zh_numeral(text)


def _zh_run(run: re.Match[str], m: re.Match[str], *, last: bool) -> _Raw | None:
    """One numeral of a (possibly ranged: ``三至五年``) Chinese numeral expression, or ``None``."""
    text, unit = run.group(), m["unit"]
    if unit == "年" and len(text) == 4 and all(ch in _ZH_DIGITS for ch in text):
        return _Raw(run.start(), m.end(), Decimal(_zh_year(text)), Kind.YEAR)
    value = _zh_value(run, unit)
    clear = unit is not None or any(ch in "百千万亿佰仟萬億" for ch in text)
    if value is None or not clear:
        return None
    extra = _scale_of(m["mult"], False) if last else Decimal(1)  # 一百多万: 万 after 多
    kind, currency = _zh_unit_kind(unit)
    end = m.end() if last else run.end()
    return _Raw(run.start(), end, value * extra, kind, currency, _zh_scale(text) * extra,
                optional=text in _ZH_ARTICLES)


def _zh_numerals(m: re.Match[str]) -> list[_Raw]:
    runs = list(_ZH_RUN.finditer(m.string, m.start("runs"), m.end("runs")))
    found = (_zh_run(run, m, last=run is runs[-1]) for run in runs)
    return [raw for raw in found if raw is not None]


# ------------------------------------------------------------------ English number words


class _WordNumber:
    """Accumulates English number words while they form one well-formed number."""

    def __init__(self, start: int) -> None:
        self.start = self.end = start
        self.total = self.group = 0
        self.last = ""  # "", "small", "tens", "hundred" or "scale"
        self.last_scale = 10**15

    def take(self, word: str, end: int) -> bool:
        """Add ``word`` if the number stays well formed; ``False`` leaves it unchanged."""
        kind = self._kind(word)
        if not self._follows(kind, word):
            return False
        if kind == "scale":
            self.total += self.group * _EN_SCALES[word]
            self.group, self.last_scale = 0, _EN_SCALES[word]
        elif kind == "hundred":
            self.group *= 100
        else:
            self.group += _EN_SMALL.get(word, 0) + _EN_TENS.get(word, 0)
        self.last, self.end = kind, end
        return True

    @staticmethod
    def _kind(word: str) -> str:
        if word in _EN_SMALL:
            return "small"
        if word in _EN_TENS:
            return "tens"
        return "hundred" if word == "hundred" else "scale"

    def _follows(self, kind: str, word: str) -> bool:
        if kind == "small":
            after_tens = self.last == "tens" and 0 < _EN_SMALL[word] < 10
            return self.last in ("", "hundred", "scale") or after_tens
        if kind == "tens":
            return self.last in ("", "hundred", "scale")
        if kind == "hundred":
            return self.last == "small" and self.group < 10
        return self.last in ("small", "tens", "hundred") and _EN_SCALES[word] < self.last_scale

    def raw(self) -> _Raw:
        value = self.total + self.group
        scale = Decimal(self.last_scale if self.last == "scale" else 1)
        return _Raw(self.start, self.end, Decimal(value), Kind.NUMBER, scale=scale,
                    optional=value <= _EN_SPELLED_OPTIONAL)


def _word_numbers(m: re.Match[str]) -> list[_WordNumber]:
    """``two and three`` is two numbers, ``three hundred and fifty`` one."""
    numbers: list[_WordNumber] = []
    current: _WordNumber | None = None
    for word in _EN_WORD.finditer(m.string, m.start("words"), m.end("words")):
        token = word.group().lower()
        if current is None or not current.take(token, word.end()):
            candidate = _WordNumber(word.start())
            current = candidate if candidate.take(token, word.end()) else None
            numbers += [current] if current else []
    return numbers


def _en_words(m: re.Match[str]) -> list[_Raw]:
    numbers = [n.raw() for n in _word_numbers(m)]
    text, end = m.string, m.end("words")
    if numbers and (_hyphen_word_not_unit(text, end) or _FRACTION.match(text, end)):
        numbers.pop()
    elif numbers and (m["pct"] or m["cur"]):
        kind = Kind.PERCENT if m["pct"] else Kind.AMOUNT
        numbers[-1] = replace(numbers[-1], end=m.end(), kind=kind, currency=_currency(m["cur"]),
                              optional=False)
    return numbers


# ------------------------------------------------------------------ the rules, in order

_IDENTIFIERS = (
    PLACEHOLDER_RE.pattern,
    USCC_SHAPE.pattern,
    r"(?<![\d.,])\d{11,}(?!\d)",  # not the fraction of 0.00000000001
    r"\+\d{1,3}(?:[ \t-]?\(?\d{1,4}\)?){2,5}(?!\d)",  # +86 755 2654 1234
    r"(?<![\d.])\(?0\d{2,3}\)?[ \t-]?\d{7,8}(?!\d)",  # 0755-26541234
    r"(?<![\d.])[48]00[ \t-]?\d{3}[ \t-]?\d{4}(?!\d)",  # 400-800-1234
)
_DATES: tuple[tuple[str, _Handler], ...] = (
    (r"(?<![\d.])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.]?\d)",
     _iso_date),
    (rf"(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}}){_SP}?年{_SP}?{_ZH_MONTH}{_SP}?月"
     rf"(?:{_SP}?{_ZH_DAY}{_SP}?[日号]|份)?", _zh_date),
    (rf"{_NOT_AFTER_NUMERAL}{_ZH_MONTH}{_SP}?月{_SP}?{_ZH_DAY}{_SP}?[日号]", _zh_date),
    (rf"{_NOT_AFTER_NUMERAL}{_ZH_MONTH}{_SP}?月份?", _zh_date),
    (rf"(?<!\d){_DAY}{_SP}+(?:of{_SP}+)?{_MONTH_NAME},?{_SP}+{_YEAR}", _en_date),
    (rf"{_MONTH_NAME}{_SP}+{_DAY},?{_SP}+{_YEAR}", _en_date),
    (rf"{_MONTH_NAME},?{_SP}+{_YEAR}", _en_date),
    (rf"(?<!\d){_DAY}{_SP}+(?:of{_SP}+)?{_MONTH_NAME}", _en_date),
    (rf"{_MONTH_NAME}{_SP}+{_DAY}", _en_date),
    (rf"(?<![A-Za-z])(?P<mon>{_FULL_MONTHS})(?![A-Za-z])", _en_date),
    (r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?!\d)", _slash_date),
    (r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?:[./](?P<m>\d{1,2})|-(?P<m2>0[1-9]|1[0-2]))(?![\d./-])"
     r"(?!\s?(?:[万亿千百元%]|(?i:million|billion|thousand)))", _iso_date),
)
_NUMBERING = (
    r"(?<![\d.])\d+(?:\.\d+){2,}(?!\d)",  # 3.2.1
    r"(?<!\d)\d{1,2}、|[(]\d{1,2}[)]",  # 1、 (1)
    r"(?<=[\u4e00-\u9fff])[ \t]+\d{1,2}\.(?=[ \t])",  # 公司概况 1. 公司…
    rf"第{_SP}?(?:\d+|{_ZH_NUMERAL}+)",
    r"(?<![\d.])\d+(?:st|nd|rd|th)(?![A-Za-z])(?:[ \t]+Five-Year[ \t]+Plan)?",
    r"(?i:\b(?:Sections?|Articles?|Chapters?|Parts?|Clauses?|Paragraphs?|Items?|Annex(?:es)?|"
    r"Appendix|Attachments?|Schedules?|Phases?|Batch|Round|Nos?\.))[ \t]*\d+(?:\.\d+)*",
    r"(?:附件|附表|附录|序号|编号)[ \t]*\d+|(?<![\d.])\d+[ \t]?[号期章节]",
    rf"(?<![A-Za-z])(?!(?:{_CODES})\b)[A-Z]{{2,}}(?:/[A-Z]{{1,2}})?[ \t]?\d+(?:[-.:]\d+)*"
    r"(?![\d,.]|\s*(?:%|(?i:per\s?cent)))",  # ISO 9001:2015, GB/T 2260
)
_LIST_MARKER = (
    r"(?:^|(?<=[\n。;；：!?！？])|(?<=[^\d][.:]))[ \t]*(?<!\d)\d{1,2}(?!\d)"
    r"(?P<sub>(?:\.\d{1,2})+)?(?P<sep>[.、)])?"
)
_VALUES: tuple[tuple[str, _Handler], ...] = (
    (rf"(?P<per>[百千])分之(?P<n>\d+(?:\.\d+)?|{_ZH_NUMERAL}+)", _zh_percent),
    (rf"(?:\d+|{_ZH_NUMERAL}+)分之(?:\d+|{_ZH_NUMERAL}+)", _skip),
    (rf"(?:{_PREFIX_CURRENCY}{_SP}?)?(?<!\d)(?<!\d\.)(?P<num>{_NUM}){_MULTIPLIER}?"
     rf"(?:{_SUFFIX_CURRENCY})?(?:{_PERCENT})?(?P<nian>{_SP}?年度?)?", _digits),
    (rf"(?<![第几数])(?P<runs>{_ZH_NUMERAL}+(?:[ \t]?[至到~\-—–][ \t]?{_ZH_NUMERAL}+)*)"
     rf"(?P<approx>[余多来几])?(?P<mult>[万亿]+)?(?P<unit>{_ZH_UNITS})?", _zh_numerals),
    (rf"(?<![A-Za-z-])(?P<words>{_EN_WORD_RE}(?:(?:[ \t]+|-|[ \t]+(?i:and)[ \t]+){_EN_WORD_RE})*)"
     rf"(?:{_SUFFIX_CURRENCY})?(?:{_PERCENT})?", _en_words),
)
_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        *((p, _skip) for p in _IDENTIFIERS),
        *_DATES,
        (_LIST_MARKER, _list_marker),
        *((p, _skip) for p in _NUMBERING),
        *_VALUES,
    )
)


def _apply(pattern: re.Pattern[str], handler: _Handler, work: str) -> tuple[str, list[_Raw]]:
    """Run one rule; the text of every match it accepts is masked for the later rules."""
    found: list[_Raw] = []
    pieces: list[str] = []
    done = 0
    for m in pattern.finditer(work):
        raws = handler(m)
        if raws is None:
            continue
        found += raws
        pieces += [work[done:m.start()], _MASK * (m.end() - m.start())]
        done = m.end()
    return "".join(pieces) + work[done:], found


def _spreads(low: _Raw, high: _Raw, folded: str) -> bool:
    """Whether ``low`` is the bare start of a range ending in ``high`` (``3-5%``, ``3至5亿``)."""
    return (
        low.kind in (Kind.NUMBER, Kind.AMOUNT) and low.scale == 1
        and low.currency in (None, high.currency or low.currency)
        and (high.scale > 1 or high.kind in (Kind.PERCENT, Kind.AMOUNT))
        and low.value < high.value / high.scale
        and _RANGE_GAP.fullmatch(folded, low.end, high.start) is not None
    )


def _spread_range_scales(raws: Sequence[_Raw], folded: str) -> list[_Raw]:
    """``3至5亿元`` / ``300-500 million``: the first number takes the second's scale and unit."""
    out = list(raws)
    for i, (low, high) in enumerate(itertools.pairwise(raws)):
        if _spreads(low, high, folded):
            currency = high.currency or low.currency
            kind = Kind.AMOUNT if currency and high.kind == Kind.NUMBER else high.kind
            out[i] = replace(low, value=low.value * high.scale, kind=kind, currency=currency,
                             scale=high.scale)
    return out


def extract_quantities(text: str) -> list[Quantity]:
    """Every value stated in ``text`` (Chinese, English or mixed), in order of position."""
    folded = work = fold_width(text)
    raws: list[_Raw] = []
    for pattern, handler in _RULES:
        work, found = _apply(pattern, handler, work)
        raws += found
    raws = _spread_range_scales(sorted(raws, key=lambda r: r.start), folded)
    return [
        Quantity(_plain(r.value), r.kind, (r.start, r.end), text[r.start:r.end], r.currency,
                 tuple(_plain(a) for a in r.alternatives), r.optional)
        for r in raws
    ]


# ------------------------------------------------------------------ comparing two texts

# The comparison lives in ``quantity_pairs`` (it needs Kind and Quantity, defined above).
from coop_desktop.documents.quantity_pairs import Comparison, compare_quantities  # noqa: E402

__all__ = ["USCC_SHAPE", "Comparison", "Kind", "Quantity", "compare_quantities",
           "extract_quantities", "fold_width", "parse_zh_numeral"]
