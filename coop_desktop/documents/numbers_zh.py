"""Chinese numerals: ``三百五十``, ``3.5亿``, ``十余家``; fractions (``四分之一`` = 25 %), 成
(``六成`` = 60 %), ``一半`` / ``半数`` (50 %), ``全资`` (wholly owned, 100 %), and orders of
magnitude that state no exact value (``上亿``, ``上千万``, ``数以万计``, ``数十亿``, ``百亿元级``).

Each ``RULES`` entry is ``(pattern, handler)`` for :mod:`numbers`, which runs them in order.
Fractions are percentages marked ``inexact`` (``三分之一`` is 33.33…, and "33%" or "a third"
say the same). Orders of magnitude are ``optional``: a translation says "hundreds of
millions" or "over RMB 100 million" or leaves them out, and none of that is a fault.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from coop_desktop.documents.numbers_core import (
    CURRENCIES,
    SP,
    ZH_DIGITS,
    ZH_MULT,
    ZH_NUMERAL,
    Kind,
    Raw,
    Rule,
    currency,
    skip,
)
from coop_desktop.documents.units import zh_unit

_ZH_FORMAL = str.maketrans(
    "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億", "一二二三三四五六六七八九十百千万亿"
)
_ZH_ROUND = {"百": 100, "千": 1000, "万": 10**4}  # 近百家: "nearly a hundred" firms
_ZH_ABOUT = "近约逾超"
_ZH_ARTICLES = ("一", "零", "〇", "壹")
ZH_UNITS = (
    "个百分点|百分点|%|‰|平方公里|平方千米|平方米|公里|千米|公顷|公斤|千克|小时|千瓦时|兆瓦时|"
    "千瓦|兆瓦|立方米|毫米|厘米|"
    "美元|欧元|港元|港币|日元|英镑|人民币|元|个|家|名|人|位|项|年|天|周|种|批|所|座|"
    "条|件|台|套|户|亩|米|吨|斤|届|轮|场|份|篇|款|辆|架|艘|层|栋|间|张|笔|宗|例|株|岁|"
    "个工作日|工作日|日(?=内|以内|之内|后|以后|之后|起|期满|届满)"
)
"""Measure words and units after a numeral (日 only as a duration: 三十日内, 十五日后; a date
is 三月三十日)."""
_ZH_CURRENCY_AFTER = rf"(?P<cur>{SP}?(?:美元|欧元|港元|港币|日元|英镑|元|人民币))?"


# ------------------------------------------------------------------ parsing numerals

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
    return sum(ZH_DIGITS[d] * unit for d, unit in digits if d) + (10 if ten and not tens else 0)


def _zh_int(run: str) -> int | None:
    """A well-formed Chinese numeral (``三亿五千万``, ``一百零五``) or ``None``."""
    if run in ("零", "〇"):
        return 0
    for big in ("亿", "万"):
        head, sep, tail = run.rpartition(big)
        if sep:
            high = _zh_int(head)
            low = _zh_int(tail) if tail.strip("零") else 0
            colloquial = low and not tail.startswith("零") and low < ZH_MULT[big] // 10
            if not high or low is None or low >= ZH_MULT[big] or colloquial:
                return None
            return high * ZH_MULT[big] + low
    return _zh_below_10000(run)


def parse_zh_numeral(run: str) -> int | None:
    """Value of a Chinese numeral, formal forms included (``壹佰``); ``None`` if ill-formed.

    Digit-by-digit runs (``二〇二五``, ``七八``) are not numbers here: they are years only
    before ``年``, which the extractor handles itself.
    """
    run = run.translate(_ZH_FORMAL)
    if len(run) > 1 and all(ch in ZH_DIGITS for ch in run):
        return None
    return _zh_int(run)


def zh_scale(run: str) -> Decimal:
    """The multiplier a numeral ends with (``五亿`` → 10**8), for spreading over ranges."""
    run = run.translate(_ZH_FORMAL)
    tail = run[len(run.rstrip("万亿")):]
    return Decimal(math.prod(ZH_MULT[ch] for ch in tail))


def zh_or_digits(text: str) -> int | None:
    return int(text) if text.isdigit() else parse_zh_numeral(text)


def zh_year(text: str) -> int:
    return int(text) if text.isdigit() else int("".join(str(ZH_DIGITS[ch]) for ch in text))


def _multiplier(token: str) -> Decimal:
    return Decimal(math.prod(ZH_MULT[ch] for ch in token))


# ------------------------------------------------------------------ percentages and fractions


def _zh_percent(m: re.Match[str]) -> list[Raw] | None:
    """``百分之五十`` / ``百分之3.5``; ``千分之五`` is 0.5 percent."""
    number = m["n"]
    value = Decimal(number) if number[0].isdigit() else parse_zh_numeral(number)
    if value is None:
        return None
    divisor = 10 if m["per"] == "千" else 1
    return [Raw(m.start(), m.end(), Decimal(value) / divisor, Kind.PERCENT)]


def _fraction(m: re.Match[str]) -> list[Raw] | None:
    """``四分之一`` = 25 %, ``三分之二`` = 66.67 %, ``3分之1``."""
    den, num = zh_or_digits(m["den"]), zh_or_digits(m["num"])
    if not den or num is None or num > den:
        return []
    return [Raw(m.start(), m.end(), Decimal(num * 100) / Decimal(den), Kind.PERCENT,
                inexact=True)]


def _cheng(m: re.Match[str]) -> list[Raw] | None:
    """``六成`` = 60 %, ``九成五`` = 95 %."""
    tens = ZH_DIGITS.get(m["n"], 10 if m["n"] == "十" else 0)
    value = tens * 10 + (ZH_DIGITS[m["half"]] if m["half"] else 0)
    return [Raw(m.start(), m.end(), Decimal(value), Kind.PERCENT)]


def _half(m: re.Match[str]) -> list[Raw]:
    return [Raw(m.start(), m.end(), Decimal(50), Kind.PERCENT,
                qualifier="over" if m.group().startswith("过") else None,
                qualifier_text="过" if m.group().startswith("过") else "")]


def _wholly(m: re.Match[str]) -> list[Raw]:
    """``全资`` / ``独资``: 100 %, which English says as "wholly owned" or "100%"."""
    return [Raw(m.start(), m.end(), Decimal(100), Kind.PERCENT, optional=True)]


# ------------------------------------------------------------------ orders of magnitude

_MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "十万": 10**5, "百万": 10**6,
              "千万": 10**7, "亿": 10**8, "十亿": 10**9, "百亿": 10**10, "千亿": 10**11,
              "万亿": 10**12}
_MAG = "(?:万亿|千亿|百亿|十亿|千万|百万|十万|[十百千万亿])"
_COUNTERS = "(?:个|家|名|人|项|件|台|套|户|次|种|元|美元|欧元|吨|亩)"


def _magnitude_raw(m: re.Match[str], value: int, *, over: bool = False) -> list[Raw]:
    cur = currency(m["cur"].strip()) if m["cur"] else None
    kind = Kind.AMOUNT if cur else Kind.NUMBER
    return [Raw(m.start(), m.end(), Decimal(value), kind, cur, optional=True,
                qualifier="over" if over else None, qualifier_text=m["lead"] if over else "",
                qualifier_loose=True)]


def _vague(m: re.Match[str]) -> list[Raw]:
    """``上亿元`` ``上千万`` ``数以万计`` ``数十亿元`` ``几十个`` ``百亿元级``: no exact value."""
    lead = m["lead"] or ""
    return _magnitude_raw(m, _MAGNITUDE[m["mag"]], over=lead in ("上", "过", "破", "超"))


def _round_over(m: re.Match[str]) -> list[Raw]:
    """``千余名`` ``百余家`` ``万余人``: more than 1,000 / 100 / 10,000."""
    cur = currency(m["cur"].strip()) if m["cur"] else None
    return [Raw(m.start(), m.end(), Decimal(_MAGNITUDE[m["mag"]]),
                Kind.AMOUNT if cur else Kind.NUMBER, cur, qualifier="over",
                qualifier_text=m["yu"])]


# ------------------------------------------------------------------ numerals in running text


def _zh_unit_kind(unit: str | None) -> tuple[Kind, str | None]:
    if unit and ("百分点" in unit or unit in "%‰"):
        return Kind.PERCENT, None
    cur = currency(unit) if unit in CURRENCIES else None
    return (Kind.AMOUNT, cur) if cur else (Kind.NUMBER, None)


def _zh_value(run: re.Match[str], unit: str | None) -> int | None:
    text = run.group()
    about = run.string[run.start() - 1:run.start()] in tuple(_ZH_ABOUT)
    value = (_ZH_ROUND.get(text) if unit and about else None) or parse_zh_numeral(text)
    if value is None and unit:  # 千亿斤, 百亿元: a bare 百/千 before 万/亿 is one of them
        bare = re.fullmatch("[百千]([万亿]+)", text.translate(_ZH_FORMAL))
        value = ZH_MULT[text.translate(_ZH_FORMAL)[0]] * int(_multiplier(bare[1])) if bare else None
    return value


def _zh_run(run: re.Match[str], m: re.Match[str], *, last: bool) -> Raw | None:
    """One numeral of a (possibly ranged: ``三至五年``) Chinese numeral expression, or ``None``."""
    text, unit = run.group(), m["unit"]
    if unit == "年" and len(text) == 4 and all(ch in ZH_DIGITS for ch in text):
        return Raw(run.start(), m.end(), Decimal(zh_year(text)), Kind.YEAR)
    value = _zh_value(run, unit)
    clear = unit is not None or any(ch in "百千万亿佰仟萬億" for ch in text)
    if value is None or not clear:
        return None
    extra = _multiplier(m["mult"]) if last and m["mult"] else Decimal(1)  # 一百多万: 万 after 多
    kind, cur = _zh_unit_kind(unit)
    end = m.end() if last else run.end()
    approx = m["approx"] if last else None
    qualifier = {"余": "over", "多": "over", "来": "about", "几": "about"}.get(approx or "")
    return Raw(run.start(), end, value * extra, kind, cur, zh_scale(text) * extra,
               optional=text in _ZH_ARTICLES or approx == "几", qualifier=qualifier,
               qualifier_text=approx or "", unit=zh_unit(unit) if last else None)


_ZH_RUN = re.compile(f"{ZH_NUMERAL}+")


def _zh_numerals(m: re.Match[str]) -> list[Raw]:
    runs = list(_ZH_RUN.finditer(m.string, m.start("runs"), m.end("runs")))
    found = (_zh_run(run, m, last=run is runs[-1]) for run in runs)
    return [raw for raw in found if raw is not None]


_CHENG_NOT = "立本果功交长绩员熟型套品效都就分"
_ZH_NUMERAL_START = "(?=[〇零一二两三四五六七八九十百千万亿壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億])"

#: Words whose numeral characters are no value (``今明两年`` is this year and next, handled by
#: :mod:`periods`; ``两位数`` is double digits; ``一年一度`` yearly).
SKIPS = (
    r"(?=[两三一])(?:[两三]位数|一两|一成不变)",
)

RULES: tuple[Rule, ...] = (
    *((p, skip, ("位数", "一两", "一成不变")) for p in SKIPS),
    (rf"(?=[百千])(?P<per>[百千])分之(?P<n>\d+(?:\.\d+)?|{ZH_NUMERAL}+)", _zh_percent,
     ("分之",)),
    (rf"(?=[\d〇零一二两三四五六七八九十百])(?P<den>\d+|{ZH_NUMERAL}+)分之(?P<num>\d+|{ZH_NUMERAL}+)",
     _fraction, ("分之",)),
    (rf"(?=[一二两三四五六七八九十])(?<![〇零一二两三四五六七八九十百千万\d])"
     rf"(?P<n>[一二两三四五六七八九十])成(?P<half>[一二三四五六七八九](?![成]))?"
     rf"(?![{_CHENG_NOT}])", _cheng, ("成",)),
    (r"(?=[一半过减折])(?:一半|半数|过半|减半|折半)", _half, ("一半", "半数", "过半", "减半", "折半")),
    (r"(?=[全独])(?:全资|独资)", _wholly, ("全资", "独资")),
    (rf"(?=[数以])(?P<lead>数以|以)(?P<mag>{_MAG})(?:[余多]?{_COUNTERS})?计{_ZH_CURRENCY_AFTER}",
     _vague, ("计",)),
    (rf"(?=[上数几过破超])(?P<lead>上|数|几|过|破|超)(?P<mag>{_MAG})(?!分之|[一二三四五六七八九])"
     rf"{_ZH_CURRENCY_AFTER}(?:级)?", _vague, ("上", "数", "几", "过", "破", "超")),
    (rf"(?=[百千万])(?<![〇零一二两三四五六七八九十百千万亿\d.])(?P<mag>[百千万])(?P<yu>[余多])"
     rf"{_ZH_CURRENCY_AFTER}", _round_over, ("余", "多")),
    (rf"(?=[千百十])(?P<lead>)(?P<mag>百亿|千亿|十亿|千万|百万)(?P<cur>元|美元)?级", _vague, ("级",)),
    (r"(?=[成])成千上万", lambda m: [Raw(m.start(), m.end(), Decimal(1000), Kind.NUMBER,
                                       optional=True)], ("成千上万",)),
)

#: The numeral rule proper, run after the digits (``3.5亿`` is read there).
NUMERALS: Rule = (
    rf"{_ZH_NUMERAL_START}(?<![第几数])(?P<runs>{ZH_NUMERAL}+(?:[ \t]?[至到~\-—–][ \t]?{ZH_NUMERAL}+)*)"
    rf"(?P<approx>[余多来几])?(?P<mult>[万亿]+)?(?P<unit>{ZH_UNITS})?", _zh_numerals, ("#cjk",))
