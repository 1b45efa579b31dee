"""Time in a text: dates, parts of a year, years stated against the document's date, ordinals
and anniversaries, and how often something happens.

* Dates (:class:`Kind.DATE`, ``year*10000 + month*100 + day``, 0 for a part not stated):
  ``2025年3月5日``, ``5 March 2025``, ``2025-03-05``, ``March 2025``, ``3月``...
  ``05/03/2025`` is read day first, the month-first reading kept as an alternative.
* Parts of a year (:class:`Kind.PERIOD`, the first and last month: ``first*100 + last``):
  ``上半年`` / "the first half" / "H1" / ``1—6月`` / "January to June" / "the first six
  months" are all 106; ``三季度`` / "Q3" / "the third quarter" 709; ``前三季度`` / "the first
  three quarters" / "the first nine months" 109. The end, middle and start of a year
  (``年底`` / "the end of the year") are their own values and ``soft``.
* Years stated against the document (``relative``: ``今年`` 0, ``去年`` / "last year" -1,
  ``前年`` -2, ``明年`` / "next year" +1, ``十五年前`` / "15 years ago" -15, ``今明两年`` /
  "this year and next" 0 and +1): resolved against the document's date when the pair is
  compared (:mod:`quantity_pairs`). ``上年`` / "the previous year" is ``local``: against the
  year the sentence names, if it names one (``2024年……比上年增长12%``).
* Ordinals (:class:`Kind.ORDINAL`, ``soft``): ``第三届`` / "the third" / "3rd",
  ``70周年`` / "70th anniversary", ``首次`` / "the first time".
* Frequencies (:class:`Kind.FREQUENCY`, ``soft``, the value in days): ``每季度`` /
  "quarterly" / "every quarter" / "once a quarter"; ``日处理`` / "per day"; ``年产`` / "a year".
* Year ranges in house style: "2023-25" is 2023 and 2025.
"""

from __future__ import annotations

import re
from decimal import Decimal

from coop_desktop.documents.numbers_core import (
    EN_SMALL,
    EN_TENS,
    FULL_MONTHS,
    MONTH_NAME,
    MONTHS,
    SP,
    ZH_NUMERAL,
    ZH_SMALL,
    Handler,
    Kind,
    Rule,
    Raw,
    skip,
)
from coop_desktop.documents.numbers_zh import zh_or_digits, zh_year

YEAR_END, MID_YEAR, YEAR_START = Decimal(9912), Decimal(9906), Decimal(9901)
"""Soft period values: the end, middle and start of a year."""

# ------------------------------------------------------------------ dates


def _date(m: re.Match[str], y: int, month: int | None, d: int = 0,
          alternatives: tuple[Decimal, ...] = ()) -> list[Raw] | None:
    """The date, or ``None`` (the text is left to the other rules) if it is not a valid one."""
    valid_year = y == 0 or 1000 <= y <= 2999
    if month is None or not 1 <= month <= 12 or not 0 <= d <= 31 or not valid_year:
        return None
    value = Decimal(y * 10000 + month * 100 + d)
    return [Raw(m.start(), m.end(), value, Kind.DATE, alternatives=alternatives)]


def _zh_date(m: re.Match[str]) -> list[Raw] | None:
    groups = m.groupdict()
    year = zh_year(groups["y"]) if groups.get("y") else 0
    day = zh_or_digits(groups["d"]) if groups.get("d") else 0
    return None if day is None else _date(m, year, zh_or_digits(groups["m"]), day)


def _en_date(m: re.Match[str]) -> list[Raw] | None:
    groups = m.groupdict()
    year = int(groups["y"]) if groups.get("y") else 0
    day = int(groups["d"]) if groups.get("d") else 0
    return _date(m, year, MONTHS[groups["mon"]], day)


def _iso_date(m: re.Match[str]) -> list[Raw] | None:
    """``2025-03-05``, ``2025/3/5``, ``2025.03.05``; ``2025.03``, ``2025/3``, ``2025-03``."""
    groups = m.groupdict()
    month = groups.get("m") or groups.get("m2") or "0"
    return _date(m, int(groups["y"]), int(month), int(groups.get("d") or 0))


def _slash_date(m: re.Match[str]) -> list[Raw] | None:
    """``a/b/yyyy``: day first unless that is impossible; the other reading is an alternative."""
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12:
        return _date(m, year, b, a)
    if b > 12:
        return _date(m, year, a, b)
    other = (Decimal(year * 10000 + a * 100 + b),) if a != b else ()
    return _date(m, year, b, a, other)


def _year_range(m: re.Match[str]) -> list[Raw] | None:
    """``2023-25``: 2023 and 2025 (the second year shortened, as English house style has it)."""
    first, last = int(m["y"]), int(m["y"][:2] + m["yy"])
    if last <= first or int(m["yy"]) <= 12:  # 2023-12 is December 2023
        return None
    return [Raw(m.start(), m.start() + 4, Decimal(first), Kind.YEAR),
            Raw(m.end() - 2, m.end(), Decimal(last), Kind.YEAR)]


_MONTH_NEEDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_Q_NEEDS = ("q1", "q2", "q3", "q4")
_DAY = r"(?P<d>\d{1,2})(?!\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>\d{4})(?!\d)"
_ZH_MONTH = rf"(?P<m>1[0-2]|0?[1-9]|{ZH_SMALL})"
_ZH_DAY = rf"(?P<d>3[01]|[12]\d|0?[1-9]|{ZH_SMALL})"
_NOT_AFTER_NUMERAL = "(?<![\\d个第几数〇零一二两三四五六七八九十百千])"
_ZH_MONTH_START = "(?=[0-9一二三四五六七八九十])"

DATES: tuple[Rule, ...] = (
    (r"(?=\d)(?<![\d.])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
     r"(?![\d.]?\d)", _iso_date, ("#digit",)),
    (rf"(?=[0-9〇零一二三四五六七八九])(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}}){SP}?年{SP}?"
     rf"{_ZH_MONTH}{SP}?月(?:{SP}?{_ZH_DAY}{SP}?[日号]|份)?", _zh_date, ("月",)),
    (rf"{_ZH_MONTH_START}{_NOT_AFTER_NUMERAL}{_ZH_MONTH}{SP}?月{SP}?{_ZH_DAY}{SP}?[日号]",
     _zh_date, ("月",)),
    (rf"{_ZH_MONTH_START}{_NOT_AFTER_NUMERAL}{_ZH_MONTH}{SP}?月份?", _zh_date, ("月",)),
    (rf"(?=\d)(?<!\d){_DAY}{SP}+(?:of{SP}+)?{MONTH_NAME},?{SP}+{_YEAR}", _en_date, _MONTH_NEEDS),
    (rf"(?=[A-Z]){MONTH_NAME}{SP}+{_DAY},?{SP}+{_YEAR}", _en_date, _MONTH_NEEDS),
    (rf"(?=[A-Z]){MONTH_NAME},?{SP}+{_YEAR}", _en_date, _MONTH_NEEDS),
    (rf"(?=\d)(?<!\d){_DAY}{SP}+(?:of{SP}+)?{MONTH_NAME}", _en_date, _MONTH_NEEDS),
    (rf"(?=[A-Z]){MONTH_NAME}{SP}+{_DAY}", _en_date, _MONTH_NEEDS),
    (rf"(?=[A-Z])(?<![A-Za-z])(?P<mon>{FULL_MONTHS})(?![A-Za-z])", _en_date, _MONTH_NEEDS),
    (r"(?=\d)(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?!\d)", _slash_date, ("/",)),
    (r"(?=\d)(?<![\d.])(?P<y>(?:19|20)\d{2})[-–—](?P<yy>\d{2})(?![\d.%]|[ \t]?(?:[万亿千百元]|"
     r"(?i:million|billion|thousand|percent|per cent)))", _year_range, ("#digit",)),
    (r"(?=\d)(?<![\d.])(?P<y>(?:19|20)\d{2})(?:[./](?P<m>\d{1,2})|-(?P<m2>0[1-9]|1[0-2]))"
     r"(?![\d./-])(?!\s?(?:[万亿千百元%]|(?i:million|billion|thousand)))", _iso_date, ("#digit",)),
)

# ------------------------------------------------------------------ parts of a year

_ZH_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4, "两": 2}
_EN_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
           "4th": 4, "final": 4, "last": 4}
_EN_COUNT = {"two": 2, "three": 3, "six": 6, "nine": 9, "2": 2, "3": 3, "6": 6, "9": 9}


def _months(m: re.Match[str], first: int, last: int, *, soft: bool = False) -> list[Raw]:
    return [Raw(m.start(), m.end(), Decimal(first * 100 + last), Kind.PERIOD, soft=soft)]


def _quarter(q: int) -> tuple[int, int]:
    return 3 * q - 2, 3 * q


def _zh_half(m: re.Match[str]) -> list[Raw]:
    return _months(m, *((1, 6) if m["h"] in "上前" else (7, 12)))


def _zh_quarter(m: re.Match[str]) -> list[Raw]:
    return _months(m, *_quarter(_ZH_Q[m["q"]]))


def _zh_first_quarters(m: re.Match[str]) -> list[Raw]:
    return _months(m, 1, 3 * _ZH_Q[m["n"]])


def _month_number(text: str) -> int | None:
    return zh_or_digits(text) if text[0].isdigit() or text[0] in "一二三四五六七八九十" else None


def _zh_month_range(m: re.Match[str]) -> list[Raw] | None:
    first, last = _month_number(m["a"]), _month_number(m["b"])
    if not first or not last or not 1 <= first < last <= 12:
        return None
    return _months(m, first, last)


def _en_month_range(m: re.Match[str]) -> list[Raw] | None:
    first, last = MONTHS[m["a"].rstrip(".")], MONTHS[m["b"].rstrip(".")]
    return _months(m, first, last) if first < last else None


def _en_half(m: re.Match[str]) -> list[Raw]:
    groups = m.groupdict()
    which = (groups.get("h") or groups.get("hn") or "").lower()
    return _months(m, *((1, 6) if which in ("first", "1st", "1") else (7, 12)))


def _en_quarter(m: re.Match[str]) -> list[Raw]:
    groups = m.groupdict()
    q = _EN_ORD.get((groups.get("q") or "").lower()) or int(groups["qn"])
    return _months(m, *_quarter(q))


def _en_first_quarters(m: re.Match[str]) -> list[Raw]:
    return _months(m, 1, 3 * _EN_COUNT[m["n"].lower()])


def _en_first_months(m: re.Match[str]) -> list[Raw]:
    count = _EN_COUNT.get(m["n"].lower())
    if count is None or count not in (3, 6, 9):
        return []
    return _months(m, 1, count) if m["w"].lower() == "first" else _months(m, 13 - count, 12)


def _q_range(m: re.Match[str]) -> list[Raw] | None:
    first, last = int(m["a"]), int(m["b"])
    return _months(m, _quarter(first)[0], _quarter(last)[1]) if first < last else None


def _soft_period(value: Decimal) -> Handler:
    return lambda m: [Raw(m.start(), m.end(), value, Kind.PERIOD, soft=True)]


_EN_MONTH = r"(?P<{}>" + FULL_MONTHS + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"

PERIODS: tuple[Rule, ...] = (
    (r"(?=[上下前后])(?P<h>上|下|前|后)半年", _zh_half, ("半年",)),
    (r"(?=[前])前(?P<n>[两二三23])(?:个)?季度", _zh_first_quarters, ("季度",)),
    (r"(?=[第一二三四1-4])第?(?P<q>[一二三四1-4])季度", _zh_quarter, ("季度",)),
    (rf"(?=[0-9一二三四五六七八九十])(?<![\d〇零一二三四五六七八九十])"
     rf"(?P<a>1[0-2]|0?[1-9]|{ZH_SMALL})(?:月份?)?{SP}?[—–\-~至到]{SP}?"
     rf"(?P<b>1[0-2]|0?[1-9]|{ZH_SMALL})月份?", _zh_month_range, ("月",)),
    (r"(?=[年岁])(?<![\d〇零一二三四五六七八九十])(?:年底|年末|年终|岁末)", _soft_period(YEAR_END),
     ("年底", "年末", "年终", "岁末")),
    (r"(?=[年])(?<![\d〇零一二三四五六七八九十])年中(?![国小])", _soft_period(MID_YEAR), ("年中",)),
    (r"(?=[年])(?<![\d〇零一二三四五六七八九十])年初", _soft_period(YEAR_START), ("年初",)),
    (rf"(?=[A-Zfb])\b(?:[Ff]rom{SP}+)?{_EN_MONTH.format('a')}{SP}*(?:to|through|until|till|-|–|—)"
     rf"{SP}*{_EN_MONTH.format('b')}(?![A-Za-z])", _en_month_range, _MONTH_NEEDS),
    (rf"(?=[Bb])\b[Bb]etween{SP}+{_EN_MONTH.format('a')}{SP}+and{SP}+{_EN_MONTH.format('b')}"
     r"(?![A-Za-z])", _en_month_range, ("between",)),
    (r"(?i:(?=[a-z])\b(?:the[ \t]+)?(?P<h>first|second|1st|2nd)[ \t]+half\b"
     r"(?:[ \t]+of[ \t]+(?:the|this|that)[ \t]+year\b)?)", _en_half, ("half",)),
    (r"(?=H)\bH(?P<hn>[12])\b", _en_half, ("h1", "h2")),
    (r"(?i:(?=[a-z])\b(?:the[ \t]+)?first[ \t]+(?P<n>two|three|2|3)[ \t]+quarters\b)",
     _en_first_quarters, ("quarters",)),
    (r"(?i:(?=[a-z])\b(?:the[ \t]+)?(?P<w>first|last)[ \t]+(?P<n>three|six|nine|3|6|9)[ \t]+"
     r"months\b(?:[ \t]+of[ \t]+(?:the|this|that)[ \t]+year\b)?)", _en_first_months,
     ("months",)),
    (r"(?=Q)\bQ(?P<a>[1-4])[ \t]*[-–—~][ \t]*Q?(?P<b>[1-4])\b", _q_range, _Q_NEEDS),
    (r"(?i:(?=[a-z])\b(?:the[ \t]+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final|last)"
     r"[ \t]+quarter\b(?:[ \t]+of[ \t]+(?:the|this|that)[ \t]+year\b)?)", _en_quarter,
     ("quarter",)),
    (r"(?=Q)\bQ(?P<qn>[1-4])\b", _en_quarter, _Q_NEEDS),
    (r"(?i:(?=[a-z])\b(?:(?:the|this)[ \t]+)?(?:year[ \t-]end\b|end[ \t]+of[ \t]+(?:the|this)"
     r"[ \t]+year\b|end[ \t]+of(?=[ \t]+\d{4})|end-(?=\d{4})))", _soft_period(YEAR_END),
     ("end",)),
    (r"(?i:(?=[a-z])\b(?:mid-?year\b|mid-(?=\d{4})|(?:the[ \t]+)?middle[ \t]+of[ \t]+"
     r"(?:the[ \t]+year\b|(?=\d{4}))))", _soft_period(MID_YEAR), ("mid",)),
    (r"(?i:(?=[a-z])\b(?:the[ \t]+)?(?:start|beginning)[ \t]+of[ \t]+(?:the[ \t]+year\b|"
     r"(?=\d{4})))", _soft_period(YEAR_START), ("start", "beginning")),
)

# ------------------------------------------------------------------ relative years

_ZH_RELATIVE = {"今年": 0, "本年度": 0, "本年": 0, "去年": -1, "上年度": -1, "上一年度": -1,
                "上一年": -1, "上年": -1, "前年": -2, "明年": 1, "来年": 1, "下一年度": 1,
                "下一年": 1, "后年": 2, "当年": 0, "同年": 0}
_ZH_LOCAL = {"上年度", "上一年度", "上一年", "上年", "下一年度", "下一年"}
_ZH_CONTEXT_ONLY = {"当年", "同年"}
_EN_RELATIVE = {"this year": 0, "the current year": 0, "current year": 0, "last year": -1,
                "the previous year": -1, "previous year": -1, "the prior year": -1,
                "prior year": -1, "the preceding year": -1, "the past year": -1,
                "the year before last": -2, "next year": 1, "the coming year": 1,
                "the following year": 1, "the next year": 1, "that year": 0,
                "the same year": 0}
_EN_LOCAL = {"the previous year", "previous year", "the prior year", "prior year",
             "the preceding year", "the following year", "the next year"}
_EN_CONTEXT_ONLY = {"that year", "the same year"}
_PERIOD_AFTER = {"底": YEAR_END, "末": YEAR_END, "中": MID_YEAR, "初": YEAR_START}


def relative_raw(start: int, end: int, offset: int, *, local: bool = False,
                 context_only: bool = False, text: str = "") -> Raw:
    """A year stated against the document (or, ``local``, the sentence's year). A year only
    another year in the sentence can give (``当年``, "that year") is optional; ``过去一年``
    / "the past year" may also be the current year (``text`` says which words were used)."""
    alternatives = (Decimal(0),) if "过去" in text or "past" in text else ()
    return Raw(start, end, Decimal(offset), Kind.YEAR, soft=True, relative=offset,
               local=local or context_only, optional=context_only, alternatives=alternatives)


def _zh_relative(m: re.Match[str]) -> list[Raw]:
    word = m["w"]
    raws = [relative_raw(m.start(), m.end("w"), _ZH_RELATIVE[word], local=word in _ZH_LOCAL,
                         context_only=word in _ZH_CONTEXT_ONLY)]
    if m["part"]:
        raws.append(Raw(m.start("part"), m.end(), _PERIOD_AFTER[m["part"]], Kind.PERIOD,
                        soft=True))
    return raws


def _zh_this_and_next(m: re.Match[str]) -> list[Raw]:
    """``今明两年``: this year and next; the 两 is no quantity."""
    return [relative_raw(m.start(), m.end(), 0), relative_raw(m.start(), m.end(), 1)]


def _zh_past_year(m: re.Match[str]) -> list[Raw]:
    return [relative_raw(m.start(), m.end(), -1, text="过去")]


def _zh_years_ago(m: re.Match[str]) -> list[Raw] | None:
    n = zh_or_digits(m["n"])
    return None if not n or n > 300 else [relative_raw(m.start(), m.end(), -n)]


def _en_relative(m: re.Match[str]) -> list[Raw]:
    words = " ".join(m.group().lower().split())
    return [relative_raw(m.start(), m.end(), _EN_RELATIVE[words], local=words in _EN_LOCAL,
                         context_only=words in _EN_CONTEXT_ONLY, text=words)]


def _en_this_and_next(m: re.Match[str]) -> list[Raw]:
    return [relative_raw(m.start(), m.end(), 0), relative_raw(m.start(), m.end(), 1)]


def _en_years_ago(m: re.Match[str]) -> list[Raw] | None:
    word = m["n"].lower()
    n = int(word) if word.isdigit() else (EN_SMALL.get(word) or EN_TENS.get(word))
    return None if not n else [relative_raw(m.start(), m.end(), -n)]


_ZH_RELATIVE_WORDS = "|".join(sorted(_ZH_RELATIVE, key=len, reverse=True))
_EN_RELATIVE_WORDS = "|".join(
    w.replace(" ", r"[ \t]+") for w in sorted(_EN_RELATIVE, key=len, reverse=True))
_EN_COUNT_WORD = "|".join(sorted([*EN_SMALL, *EN_TENS], key=len, reverse=True))

RELATIVE: tuple[Rule, ...] = (
    (r"(?=[今])今明两年", _zh_this_and_next, ("今明",)),
    (r"(?=[刚过])(?:刚刚)?过去(?:的)?(?:一|1)年(?![多半])", _zh_past_year, ("过去",)),
    (rf"(?=[0-9〇零一二两三四五六七八九十百])(?<![第近\d])(?P<n>\d{{1,3}}|{ZH_NUMERAL}+)(?:多)?年前",
     _zh_years_ago, ("年前",)),
    (rf"(?=[今本去上前明来下后当同])(?<![每])(?P<w>{_ZH_RELATIVE_WORDS})(?P<part>底|末|初)?"
     r"(?![级份度初])", _zh_relative, tuple(_ZH_RELATIVE)),
    (r"(?i:(?=[t])\bthis[ \t]+year[ \t]+and[ \t]+(?:the[ \t]+)?next(?:[ \t]+year)?\b)",
     _en_this_and_next, ("next",)),
    (rf"(?i:(?=[a-z0-9])\b(?P<n>\d+|{_EN_COUNT_WORD})[ \t]+years?[ \t]+ago\b)", _en_years_ago,
     ("ago",)),
    (rf"(?i:(?=[tlpcnf])\b(?:{_EN_RELATIVE_WORDS})\b)", _en_relative, ("year",)),
)

# ------------------------------------------------------------------ ordinals, anniversaries

_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}


def _ordinal(value: int | None, m: re.Match[str]) -> list[Raw] | None:
    if value is None:
        return None
    return [Raw(m.start(), m.end(), Decimal(value), Kind.ORDINAL, soft=True)]


def _zh_ordinal(m: re.Match[str]) -> list[Raw] | None:
    return _ordinal(zh_or_digits(m["n"]), m)


def _en_ordinal_digits(m: re.Match[str]) -> list[Raw] | None:
    return _ordinal(int(m["n"]), m)


def _en_ordinal_word(m: re.Match[str]) -> list[Raw] | None:
    tens = EN_TENS.get((m["tens"] or "").lower(), 0)
    return _ordinal(tens + _EN_ORDINALS[m["w"].lower()], m)


_ORDINAL_NEEDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                  "ninth", "tenth", "eleventh", "twelfth", "teenth", "tieth", "hundredth")
_EN_ORDINAL_WORDS = "|".join(sorted(_EN_ORDINALS, key=len, reverse=True))
_EN_TENS_WORDS = "|".join(EN_TENS)

ORDINALS: tuple[Rule, ...] = (
    (r"(?=\d)(?<![\d.])\d+(?:st|nd|rd|th)[ \t]+Five-Year[ \t]+Plan", skip, ("five-year",)),
    (rf"(?=[0-9〇零一二两三四五六七八九十百])(?<![第])(?P<n>\d+|{ZH_NUMERAL}+){SP}?周年", _zh_ordinal, ("周年",)),
    (rf"(?=第)第{SP}?(?P<n>\d+|{ZH_NUMERAL}+)", _zh_ordinal, ("第",)),
    (r"(?=首)首(?=[次条家个批届台款套年位座轮])", lambda m: _ordinal(1, m), ("首",)),
    (r"(?=\d)(?<![\d.])(?P<n>\d+)(?:st|nd|rd|th)(?![A-Za-z])", _en_ordinal_digits,
     ("#digit",)),
    (rf"(?i:(?=[a-z])\b(?:(?P<tens>{_EN_TENS_WORDS})-)?(?P<w>{_EN_ORDINAL_WORDS})\b)"
     r"(?![ \t]*-?(?:hand|class|rate|tier)\b)", _en_ordinal_word, _ORDINAL_NEEDS),
)

# ------------------------------------------------------------------ frequencies

_DAYS = {"年": 365, "年度": 365, "季度": 91, "季": 91, "月": 30, "周": 7, "星期": 7, "天": 1,
         "日": 1, "小时": Decimal(1) / 24, "year": 365, "quarter": 91, "month": 30, "week": 7,
         "day": 1, "hour": Decimal(1) / 24, "annum": 365}
_EN_LY = {"annual": "year", "annually": "year", "yearly": "year", "quarterly": "quarter",
          "monthly": "month", "weekly": "week", "daily": "day", "hourly": "hour"}


def _frequency(unit: str, m: re.Match[str]) -> list[Raw]:
    return [Raw(m.start(), m.end(), Decimal(_DAYS[unit]), Kind.FREQUENCY, soft=True)]


def _zh_frequency(m: re.Match[str]) -> list[Raw]:
    return _frequency(m["u"], m)


_NOT_A_RATE = {"has", "was", "is", "less", "takes", "lasts", "takes", "spends", "for", "within",
               "in", "about", "over", "than", "past", "its", "this", "was", "does"}
_WORD_BEFORE = re.compile(r"(\w+)\W*$")


def _en_a_unit(m: re.Match[str]) -> list[Raw] | None:
    """"30,000 tonnes a year", "18% a year": a rate; "takes a year", "for a year" are not."""
    before = _WORD_BEFORE.search(m.string, max(0, m.start() - 20), m.start())
    if before and before[1].lower() in _NOT_A_RATE:
        return None
    return _en_frequency(m)


def _en_frequency(m: re.Match[str]) -> list[Raw]:
    word = (m["u"] or "").lower()
    return _frequency(_EN_LY.get(word, word), m)


_ZH_NOT_BEFORE_YEAR = "(?<![\\d〇零一二两三四五六七八九十今去明前后上下本当同每近全半多余])"
_EN_UNITS = "year|quarter|month|week|day|hour"

FREQUENCIES: tuple[Rule, ...] = (
    (r"(?=[每按])(?:每|按)(?P<u>年度|年|季度|季|月|周|星期|天|日|小时)", _zh_frequency,
     ("每", "按")),
    (r"(?=一)一(?P<u>年)一度", _zh_frequency, ("一度",)),
    (rf"(?=[年月日]){_ZH_NOT_BEFORE_YEAR}(?P<u>[年月日])"
     r"(?=产|处理|均|销售|出口|用|接待|发电|吞吐|加工|营业|供应|需求|交易|运量|客流)", _zh_frequency,
     ("年", "月", "日")),
    (rf"(?i:(?=[pe])\b(?:per|every|each)[ \t]+(?P<u>{_EN_UNITS}|annum)\b)", _en_frequency,
     ("per", "every", "each")),
    (rf"(?i:(?<=[0-9%s])[ \t]+an?[ \t]+(?P<u>{_EN_UNITS})\b)"
     r"(?![ \t]+(?:ago|earlier|later|before|after|or|and|of)\b)", _en_a_unit, (" a ", " an ")),
    (r"(?i:(?=[ot])\b(?:once|twice|thrice|times)[ \t]+an?[ \t]+(?P<u>year|quarter|month|week|day"
     r"|hour)\b)", _en_frequency, ("once", "twice", "thrice", "times")),
    (r"(?i:(?=[aqmwdhy])\b(?P<u>annual|annually|yearly|quarterly|monthly|weekly|daily|hourly)\b)",
     _en_frequency, ("annual", "yearly", "quarterly", "monthly", "weekly", "daily", "hourly")),
    (r"(?i:(?=p)\bp\.a\.)", lambda m: _frequency("year", m), ("p.a.",)),
)
