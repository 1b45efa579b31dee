"""Units of measurement after a number, and the conversions a translator makes.

:func:`unit_at` reads the unit written right after a number (``120亩``, ``82.3 square
kilometres``, ``800 metric tons``, ``12,000 m²``, ``18个月``, ``an 80-mu site``) and gives its
key; :data:`UNITS` says what each key measures and its size in that dimension's base unit, so
:func:`converts` can tell that ``120亩`` is "8 hectares", ``2000万斤`` is "10,000 tonnes",
``26平方公里`` "2,600 hectares" and ``60公里`` "about 37 miles": a converted value equals the
exact conversion rounded to the precision it is written with, at least two significant figures
(:func:`close`). The same number with another unit of the same or another dimension (``120亩``
→ "120 hectares", ``200兆瓦时`` → "200 MW") is a unit error.

:func:`table_labels` finds the labels that state the unit of the figures after them, as
tables and forms write it: ``金额（万元）：1,250`` / "Amount (RMB 10,000): 1,250",
``单位：万元`` / "Unit: RMB 10,000". The figures that follow (to the end of the line, or of
the text after ``单位``) are amounts in that unit; the label itself states no value.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from coop_desktop.documents.numbers_core import SP, currency

_AREA, _MASS, _LENGTH, _VOLUME = "area", "mass", "length", "volume"
_ENERGY, _POWER, _MONTHS, _DAYS = "energy", "power", "months", "days"

#: key → (dimension, size in the dimension's base unit: m², kg, m, l, kWh, kW, month, day)
UNITS: dict[str, tuple[str, Decimal]] = {
    "km2": (_AREA, Decimal(10**6)), "ha": (_AREA, Decimal(10**4)),
    "mu": (_AREA, Decimal(10**4) / 15), "m2": (_AREA, Decimal(1)),
    "ft2": (_AREA, Decimal("0.09290304")), "acre": (_AREA, Decimal("4046.8564224")),
    "mi2": (_AREA, Decimal("2589988.110336")),
    "t": (_MASS, Decimal(1000)), "kg": (_MASS, Decimal(1)), "jin": (_MASS, Decimal("0.5")),
    "g": (_MASS, Decimal("0.001")), "lb": (_MASS, Decimal("0.45359237")),
    "km": (_LENGTH, Decimal(1000)), "m": (_LENGTH, Decimal(1)), "cm": (_LENGTH, Decimal("0.01")),
    "mm": (_LENGTH, Decimal("0.001")), "mile": (_LENGTH, Decimal("1609.344")),
    "l": (_VOLUME, Decimal(1)), "ml": (_VOLUME, Decimal("0.001")), "m3": (_VOLUME, Decimal(1000)),
    "kWh": (_ENERGY, Decimal(1)), "MWh": (_ENERGY, Decimal(1000)), "GWh": (_ENERGY, Decimal(10**6)),
    "W": (_POWER, Decimal("0.001")), "kW": (_POWER, Decimal(1)), "MW": (_POWER, Decimal(1000)),
    "GW": (_POWER, Decimal(10**6)),
    "decade": (_MONTHS, Decimal(120)), "year": (_MONTHS, Decimal(12)),
    "month": (_MONTHS, Decimal(1)),
    "week": (_DAYS, Decimal(7)), "day": (_DAYS, Decimal(1)), "hour": (_DAYS, Decimal(1) / 24),
    "minute": (_DAYS, Decimal(1) / 1440),
}
TIME_UNITS = frozenset(k for k, (dim, _size) in UNITS.items() if dim in (_MONTHS, _DAYS))

_ZH = {
    "平方公里": "km2", "平方千米": "km2", "公顷": "ha", "亩": "mu", "平方米": "m2",
    "平方英尺": "ft2", "英亩": "acre", "吨": "t", "公吨": "t", "公斤": "kg", "千克": "kg",
    "斤": "jin", "克": "g", "公里": "km", "千米": "km", "米": "m", "厘米": "cm", "毫米": "mm",
    "英里": "mile", "平方英里": "mi2", "升": "l", "毫升": "ml", "立方米": "m3", "千瓦时": "kWh", "兆瓦时": "MWh",
    "吉瓦时": "GWh", "瓦": "W", "千瓦": "kW", "兆瓦": "MW", "吉瓦": "GW", "年": "year",
    "个月": "month", "周": "week", "个星期": "week", "天": "day", "个小时": "hour",
    "小时": "hour", "分钟": "minute", "工作日": "day", "个工作日": "day",
}
_ZH_DAYS = re.compile(r"日(?=内|以内|之内|后|以后|之后|起|期满|届满)")
"""日 after a number is a number of days only before these (三十日内, 15日后); else a date."""
_EN = {
    "square kilometres": "km2", "square kilometers": "km2", "square kilometre": "km2",
    "square kilometer": "km2", "sq km": "km2", "sq. km": "km2", "km²": "km2", "km2": "km2",
    "hectares": "ha", "hectare": "ha", "ha": "ha", "mu": "mu",
    "square metres": "m2", "square meters": "m2", "square metre": "m2", "square meter": "m2",
    "sq m": "m2", "sq. m": "m2", "sqm": "m2", "m²": "m2", "m2": "m2",
    "square feet": "ft2", "square foot": "ft2", "sq ft": "ft2", "ft²": "ft2",
    "square miles": "mi2", "square mile": "mi2", "sq mi": "mi2", "mi²": "mi2",
    "acres": "acre", "acre": "acre",
    "metric tons": "t", "metric ton": "t", "metric tonnes": "t", "metric tonne": "t",
    "tonnes": "t", "tonne": "t", "tons": "t", "ton": "t", "t": "t",
    "kilograms": "kg", "kilogram": "kg", "kilos": "kg", "kg": "kg", "jin": "jin",
    "catties": "jin", "catty": "jin", "grams": "g", "gram": "g", "pounds": "lb", "lbs": "lb",
    "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km", "km": "km",
    "miles": "mile", "mile": "mile", "metres": "m", "meters": "m", "metre": "m", "meter": "m",
    "m": "m", "centimetres": "cm", "centimeters": "cm", "cm": "cm", "millimetres": "mm",
    "millimeters": "mm", "millimetre": "mm", "millimeter": "mm", "mm": "mm",
    "litres": "l", "liters": "l", "litre": "l", "liter": "l", "l": "l",
    "cubic metres": "m3", "cubic meters": "m3", "m³": "m3", "m3": "m3",
    "kilowatt-hours": "kWh", "kilowatt hours": "kWh", "kwh": "kWh",
    "megawatt-hours": "MWh", "megawatt hours": "MWh", "mwh": "MWh",
    "gigawatt-hours": "GWh", "gwh": "GWh", "watts": "W", "watt": "W", "w": "W",
    "kilowatts": "kW", "kilowatt": "kW", "kw": "kW", "megawatts": "MW", "megawatt": "MW",
    "mw": "MW", "gigawatts": "GW", "gigawatt": "GW", "gw": "GW",
    "decades": "decade", "decade": "decade", "years": "year", "year": "year",
    "months": "month", "month": "month", "weeks": "week", "week": "week", "days": "day",
    "day": "day", "hours": "hour", "hour": "hour", "minutes": "minute", "minute": "minute",
    "business days": "day", "business day": "day", "working days": "day", "working day": "day",
    "calendar days": "day", "calendar day": "day",
}
_ZH_RE = re.compile(
    rf"{SP}?(?:个)?(?:" + "|".join(sorted(_ZH, key=len, reverse=True)) + ")(?!年|[度季级值])"
)
_EN_RE = re.compile(
    rf"(?:{SP}*|-)(?i:"
    + "|".join(re.escape(k).replace(r"\ ", rf"{SP}+") for k in sorted(_EN, key=len, reverse=True))
    + r")(?![A-Za-z0-9²³])"
)
_EN_CASE = {"w": "W", "mw": "MW", "kw": "kW", "gw": "GW", "t": "t", "m": "m", "l": "l"}


def zh_unit(word: str | None) -> str | None:
    """The key of a Chinese unit word (``亩`` → ``mu``), ``None`` for a measure word (``家``).
    ``日`` is days (the numerals read it only as a duration: 三十日内)."""
    if word == "日":
        return "day"
    return _ZH.get(word) if word else None


def unit_at(text: str, pos: int) -> tuple[str, int] | None:
    """The unit written at ``pos`` (right after a number) and where it ends, or ``None``.

    Single letters count only in their usual case ("5 MW", "800 t", "3 m"); "5 mw" or
    "a 3 M" are not read as units.
    """
    m = _ZH_DAYS.match(text, pos)
    if m:
        return "day", m.end()
    m = _ZH_RE.match(text, pos)
    if m:
        word = m.group().strip(" \t\u00a0")
        word = word if word in _ZH else word.removeprefix("个")
        return (_ZH[word], m.end()) if word in _ZH else None
    m = _EN_RE.match(text, pos)
    if not m:
        return None
    word = " ".join(m.group().lstrip(" \t\u00a0-").split())
    unit = _EN.get(word.lower())
    if unit is None:
        return None
    if len(word) <= 2 and word.lower() in _EN_CASE and word != _EN_CASE[word.lower()]:
        return None  # "5 mw", "3 M": not how a unit is written
    return unit, m.end()


def dimension(unit: str) -> str:
    return UNITS[unit][0]


def convert(value: Decimal, source: str, target: str) -> Decimal | None:
    """``value`` in ``source`` units expressed in ``target`` units (``None``: other dimension)."""
    (dim_a, size_a), (dim_b, size_b) = UNITS[source], UNITS[target]
    return value * size_a / size_b if dim_a == dim_b else None


def close(stated: Decimal, exact: Decimal) -> bool:
    """Whether ``stated`` is ``exact`` rounded as written: to the last digit ``stated`` shows,
    but never coarser than two significant figures of ``exact`` (``6,700`` for 6,666.7 and
    ``37`` for 37.28 are; ``8`` for 8.4 is not, nor ``30`` for 33.3)."""
    if stated == exact:
        return True
    if exact == 0 or stated == 0:
        return False
    last_digit = stated.normalize().as_tuple().exponent
    shown = Decimal(5) * Decimal(10) ** (int(last_digit) - 1)
    two_figures = Decimal(5) * Decimal(10) ** (math.floor(math.log10(abs(exact))) - 2)
    return abs(stated - exact) <= min(shown, two_figures)


def converts(a: Decimal, unit_a: str, b: Decimal, unit_b: str) -> bool:
    """Whether ``b unit_b`` is a conversion of ``a unit_a`` (either way round)."""
    forward, backward = convert(a, unit_a, unit_b), convert(b, unit_b, unit_a)
    return (forward is not None and close(b, forward)) or (
        backward is not None and close(a, backward))


# ------------------------------------------------------------------ table labels


@dataclass(frozen=True)
class TableLabel:
    """A unit label: the figures in ``[end, scope_end)`` are amounts of ``scale`` ``currency``."""

    start: int
    end: int
    scale: Decimal
    currency: str
    scope_end: int
    words: str = ""  # the unit as the label writes it: 万元, RMB, RMB 10,000, thousand yuan
    language: str = "zh"

    def figure(self, digits: str) -> str:
        """A figure under this label as a reader says it: ``350万元``, "RMB 350", "1,250
        (RMB 10,000)"."""
        if self.language == "zh":
            return f"{digits}{self.words}"
        if self.scale == 1:
            return f"{self.words} {digits}"
        return f"{digits} ({self.words})"


_ZH_SCALE = {"": 1, "万": 10**4, "亿": 10**8, "千": 10**3, "百万": 10**6, "千万": 10**7}
_EN_SCALE = {"": 1, "10,000": 10**4, "10 000": 10**4, "ten thousand": 10**4, "10k": 10**4,
             "thousand": 10**3, "'000": 10**3, "1,000": 10**3, "million": 10**6, "mn": 10**6,
             "m": 10**6, "100 million": 10**8, "billion": 10**9, "bn": 10**9}
_ZH_SCALES = "(?P<scale>万|亿|千|百万|千万)?"
_ZH_CUR = "(?P<cur>元|美元|欧元|港元|日元|英镑)"
_EN_CODE = r"(?P<cur>RMB|CNY|USD|US\$|EUR|HKD|JPY|GBP)"
_EN_SCALES = (r"(?P<scale>10,000|10 000|ten thousand|10k|100 million|thousand|'000|1,000|"
              r"million|mn|m|billion|bn)")
_AFTER_LABEL = rf"(?={SP}*[:：\t|])"  # a label heads a figure: "（万元）：1,250"
_LABELS = (
    (re.compile(rf"[(（]{SP}*(?:人民币)?{_ZH_SCALES}{_ZH_CUR}{SP}*[)）]{_AFTER_LABEL}"), False, "zh"),
    (re.compile(rf"单位{SP}*[：:]{SP}*(?:人民币)?{_ZH_SCALES}{_ZH_CUR}"), True, "zh"),
    (re.compile(rf"\({SP}*(?:in{SP}+)?{_EN_CODE}{SP}*{_EN_SCALES}?{SP}*\){_AFTER_LABEL}"),
     False, "en"),
    (re.compile(rf"\({SP}*(?:in{SP}+)?{_EN_SCALES}{SP}+(?P<word>yuan|RMB|US dollars|USD|euros)"
                rf"{SP}*\){_AFTER_LABEL}"), False, "en"),
    (re.compile(rf"\bUnits?{SP}*:{SP}*{_EN_CODE}{SP}*{_EN_SCALES}?(?![\w,])"), True, "en"),
)


def table_labels(text: str) -> list[TableLabel]:
    """Every unit label in ``text`` (already width-folded), in order."""
    labels: list[TableLabel] = []
    if "(" not in text and "（" not in text and "单位" not in text and "nit" not in text:
        return labels
    for pattern, whole_text, language in _LABELS:
        for m in pattern.finditer(text):
            scales = _ZH_SCALE if language == "zh" else _EN_SCALE
            scale = scales[(m["scale"] or "").lower() if language == "en" else (m["scale"] or "")]
            groups = m.groupdict()
            code = currency(groups.get("cur") or groups.get("word"))
            line_end = text.find("\n", m.end())
            scope = len(text) if whole_text or line_end < 0 else line_end
            words = " ".join(p for p in (groups.get("cur"), groups.get("scale"), groups.get("word"))
                             if p) if language == "en" else (m["scale"] or "") + m["cur"]
            if language == "en" and groups.get("word"):  # (thousand yuan)
                words = f"{groups.get('scale')} {groups['word']}"
            labels.append(TableLabel(m.start(), m.end(), Decimal(scale), code or "CNY", scope,
                                     words, language))
    return sorted(labels, key=lambda label: label.start)
