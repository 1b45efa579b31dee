"""Locale-aware formatting and parsing of dates, numbers and money (babel / CLDR).

Every function takes the language explicitly — ``"zh_CN"``, ``"en"`` (other spellings
such as ``"zh-CN"`` are normalised like :func:`~coop_desktop.i18n.catalog.normalize_language`)
or a :class:`~coop_desktop.i18n.catalog.Translator`, whose ``babel_locale`` is used.
Nothing here reads a global UI language: a bilingual document formats the same value
twice, once per language.

Money is stored as integer *fen* (1/100 yuan, or 1/100 of the currency unit) and is
handled with ``int``/``Decimal`` only; no float is ever involved. Samples (CLDR 49)::

    format_amount(590000000, "zh_CN")        -> "590万元"      (exact: forms, dialogs, texts)
    format_amount(590000000, "en")           -> "CNY 5.9 million"
    format_amount(590000000, "zh_CN", document=True) -> "人民币590万元"  (documents: "RMB …")
    format_amount_short(590005000, "zh_CN")  -> "590.01万元"   (rounded: table columns)
    amount_edit_text(590000000, "zh_CN")     -> "590万"        (a money field being edited)
    format_date(date(2026, 3, 15), "zh_CN")  -> "2026年3月15日";  "en" -> "Mar 15, 2026"
    format_datetime(datetime(2026, 3, 15, 14, 5), "zh_CN") -> "2026年3月15日 14:05"
                                                   "en"    -> "Mar 15, 2026, 2:05 PM"
    format_time(time(14, 5), "zh_CN") -> "14:05";  "en" -> "2:05 PM"

**One format.** Everything the app shows a reader — lists, forms, dialogs, printouts and
documents — formats dates, times and amounts with these functions and their defaults, so a
date reads the same in a list and in the form beside it. Only machine-readable exports
(CSV/Excel cells, file names, JSON) keep ISO dates and plain numbers. ``format_money`` and
``format_money_wan`` (CLDR's ``¥1,250,000.50`` and a fixed two-decimal 万元) are older
forms kept for the SRDI messages; new code uses ``format_amount`` / ``format_amount_short``.

Every string returned has CLDR's no-break spaces (U+202F, U+00A0, U+2009) replaced by a
plain space (see :func:`plain_spaces`): the CJK fonts used for PDFs lack U+202F and
reportlab silently draws nothing for it.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from babel import Locale
from babel import dates as _dates
from babel import numbers as _numbers

from coop_desktop.errors import ValidationError
from coop_desktop.i18n.catalog import N_, Translator, normalize_language

__all__ = [
    "amount_edit_text",
    "babel_locale",
    "date_pattern",
    "format_amount",
    "format_amount_short",
    "format_date",
    "format_datetime",
    "format_time",
    "format_decimal",
    "format_money",
    "format_money_wan",
    "format_number",
    "format_percent",
    "parse_decimal",
    "parse_money",
    "plain_spaces",
]

Lang = str | Translator

_NBSP = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " "})
_MAX_FEN = 2**63 - 1  # what an SQLite INTEGER can hold
_FEN_PER_YUAN = 100
_UNITS = {"": 1, "万": 10_000, "亿": 100_000_000, "million": 1_000_000}


def plain_spaces(text: str) -> str:
    """Replace the no-break / narrow / thin spaces CLDR inserts with a plain space."""
    return text.translate(_NBSP)


@lru_cache(maxsize=None)
def _locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


def babel_locale(lang: Lang) -> Locale:
    """The babel ``Locale`` for ``"zh_CN"`` (CLDR ``zh_Hans_CN``), ``"en"`` or a Translator."""
    if isinstance(lang, Translator):
        return _locale(lang.babel_locale)
    if not isinstance(lang, str):
        raise TypeError(f"language must be a str or a Translator, not {type(lang).__name__}")
    return _locale("zh_Hans_CN" if normalize_language(lang) == "zh_CN" else "en")


def _is_zh(lang: Lang) -> bool:
    return babel_locale(lang).language == "zh"


def _to_decimal(value: int | Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"expected int or Decimal, not {type(value).__name__}")
    return Decimal(value)


def _fixed(value: Decimal, places: int, locale: Locale, percent: bool = False) -> str:
    """Format with exactly ``places`` decimals, rounding half up (not babel's half-even)."""
    pattern = copy.copy((locale.percent_formats if percent else locale.decimal_formats)[None])
    pattern.frac_prec = (places, places)
    with localcontext() as ctx:  # enough precision for every digit: no silent rounding
        ctx.prec = max(28, value.adjusted() + places + 8)
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return pattern.apply(value.scaleb(-2) if percent else value, locale)


# --- dates -------------------------------------------------------------------------------


def format_date(d: _dt.date, lang: Lang, fmt: str = "medium") -> str:
    """``fmt`` is ``short``/``medium``/``long``/``full`` or a CLDR pattern such as ``yyyy-MM-dd``.

    A ``datetime`` is formatted by its date part (as given, no time-zone conversion).
    """
    if isinstance(d, _dt.datetime):
        d = d.date()
    return plain_spaces(_dates.format_date(d, fmt, locale=babel_locale(lang)))


def date_pattern(lang: Lang) -> str:
    """The CLDR pattern of :func:`format_date`'s default (``y年M月d日`` / ``MMM d, y``), for
    date editors that must show dates as the lists do."""
    return str(babel_locale(lang).date_formats["medium"].pattern)


def format_datetime(dt: _dt.datetime, lang: Lang, fmt: str | None = None) -> str:
    """Date and time. The default is the app's one format: the date as :func:`format_date`
    writes it and the time to the minute (``2026年3月15日 14:05`` / ``Mar 15, 2026, 2:05 PM``).
    ``fmt`` may name a CLDR length (``short``…) or be a CLDR pattern.

    Time-zone aware values are converted to the computer's local time zone (the database
    stores UTC); naive values are taken to be local time already and shown as given.
    """
    local = dt.astimezone()  # aware: converted; naive: interpreted as local time
    locale = babel_locale(lang)
    if fmt is None:
        date_text = _dates.format_date(local.date(), "medium", locale=locale)
        time_text = _dates.format_time(local, "short", locale=locale)
        joined = str(locale.datetime_formats["medium"]).replace("{1}", date_text)
        return plain_spaces(joined.replace("{0}", time_text))
    return plain_spaces(_dates.format_datetime(local, fmt, locale=locale))


def format_time(value: _dt.time | _dt.datetime, lang: Lang, *, seconds: bool = False) -> str:
    """A time of day (``14:05`` / ``2:05 PM``; with ``seconds``: ``14:05:33`` / ``2:05:33 PM``).

    An aware ``datetime`` is converted to local time first; a ``time`` is shown as given.
    """
    if isinstance(value, _dt.datetime):
        value = value.astimezone()
    fmt = "medium" if seconds else "short"
    return plain_spaces(_dates.format_time(value, fmt, locale=babel_locale(lang)))


# --- numbers -----------------------------------------------------------------------------


def format_number(n: int | Decimal, lang: Lang) -> str:
    """Grouped number with every decimal the value has: ``1,250,000``, ``1,234.5678``."""
    text = _numbers.format_decimal(
        _to_decimal(n), locale=babel_locale(lang), decimal_quantization=False
    )
    return plain_spaces(text)


def format_decimal(value: int | Decimal, lang: Lang, places: int | None = None) -> str:
    """Grouped decimal; ``places`` fixes the number of decimals (rounded half up).

    ``places=None`` shows the digits the value has (like :func:`format_number`).
    """
    if places is None:
        return format_number(value, lang)
    return plain_spaces(_fixed(_to_decimal(value), places, babel_locale(lang)))


def format_percent(value: int | Decimal, lang: Lang, places: int = 1) -> str:
    """Format a *percentage number*: ``Decimal("12.5")`` means 12.5 % and gives ``12.5%``.

    Note: ``value`` is NOT a fraction (``Decimal("0.125")`` gives ``0.1%``), which matches
    what :func:`parse_decimal` returns for ``"12.5%"``. Rounded half up to ``places``.
    """
    return plain_spaces(_fixed(_to_decimal(value), places, babel_locale(lang), percent=True))


# --- money -------------------------------------------------------------------------------


def _yuan(fen: int) -> Decimal:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"money must be integer fen, not {type(fen).__name__}")
    return Decimal(fen).scaleb(-2)


def format_money(fen: int, lang: Lang, currency: str = "CNY") -> str:
    """Full amount with the CLDR currency symbol: zh ``¥1,250,000.50``, en ``CN¥1,250,000.50``.

    ``fen`` is 1/100 of the currency unit; the result always shows the currency's
    standard number of decimals (two for CNY).
    """
    text = _numbers.format_currency(_yuan(fen), currency, locale=babel_locale(lang))
    return plain_spaces(text)


def format_money_wan(fen: int, lang: Lang) -> str:
    """Compact CNY amount for lists and tables.

    zh: always in 万元 with two decimals (``125.00万元``, ``35,000.00万元``; amounts under
    50 fen show as ``0.00万元``) so a column reads in one unit. en: ``CNY 1.25 million``
    from one million yuan upwards (two decimals), below that ``CNY 12,500`` (whole yuan).
    Rounding is half up; the value is never turned into a float.
    """
    yuan = _yuan(fen)
    if _is_zh(lang):
        return format_decimal(yuan / 10_000, lang, 2) + "万元"
    if abs(yuan) >= 1_000_000:
        return f"CNY {format_decimal(yuan / 1_000_000, lang, 2)} million"
    return f"CNY {format_decimal(yuan, lang, 0)}"


_WAN = Decimal(10_000)
_MILLION = Decimal(1_000_000)


def _trimmed(value: Decimal, lang: Lang) -> str:
    """Grouped, exact, without trailing zeros: ``500``, ``1,234.56``, ``12.3456``."""
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return format_number(value, lang)


def _whole_or_cents(yuan: Decimal, lang: Lang) -> str:
    """A full amount: whole units without decimals, otherwise exactly two."""
    return format_decimal(yuan, lang, 0 if yuan == yuan.to_integral_value() else 2)


@lru_cache(maxsize=None)
def _zh_currency(code: str) -> str:
    """The currency's Chinese name (CLDR): 美元, 欧元, 港元…; the code when CLDR has none."""
    return _locale("zh_Hans_CN").currencies.get(code) or code


def _in_wan(yuan: Decimal) -> bool:
    """Written in 万 exactly: at least 10,000 and a whole multiple of 100 (≤ 2 decimals)."""
    return abs(yuan) >= _WAN and yuan % 100 == 0


def format_amount(fen: int, lang: Lang, currency: str = "CNY", *, document: bool = False) -> str:
    """An amount as the app writes it for a reader, exactly (never rounded).

    zh: an amount of at least 10,000 that is a whole multiple of 100 in 万 (``590万元``,
    ``1,234.56万元``, ``500万美元``), others in full (``8,000元``, ``12,345.67元``).
    en: from one million up (a whole multiple of 100) in millions (``CNY 5.9 million``),
    others in full (``CNY 500,000``, ``CNY 12,345.67``). Another currency is named by its
    code in English and its Chinese name in Chinese (``USD 5 million`` / ``500万美元``).

    ``document=True`` is the wording of printed documents: ``人民币590万元`` / ``RMB 5.9
    million`` for CNY (other currencies as above).
    """
    yuan = _yuan(fen)
    code = (currency or "CNY").upper()
    if _is_zh(lang):
        prefix, unit = ("人民币" if document else "", "元") if code == "CNY" else ("", _zh_currency(code))
        number = _trimmed(yuan / _WAN, lang) + "万" if _in_wan(yuan) else _whole_or_cents(yuan, lang)
        return f"{prefix}{number}{unit}"
    label = "RMB" if document and code == "CNY" else code
    if _in_wan(yuan) and abs(yuan) >= _MILLION:
        return f"{label} {_trimmed(yuan / _MILLION, lang)} million"
    return f"{label} {_whole_or_cents(yuan, lang)}"


def format_amount_short(fen: int, lang: Lang, currency: str = "CNY") -> str:
    """An amount for a table column, rounded half up (the cell's tooltip gives the exact
    :func:`format_amount`).

    zh: always in 万 with at most two decimals, trailing zeros dropped, so a column reads
    in one unit (``590万元``, ``590.01万元``, ``0.8万元``); an amount that would round to
    ``0万元`` but is not zero is written in full (``30元``). en: from one million up in
    millions with at most two decimals (``CNY 5.9 million``), below in whole units
    (``CNY 590,000``).
    """
    yuan = _yuan(fen)
    code = (currency or "CNY").upper()
    if _is_zh(lang):
        unit = "元" if code == "CNY" else _zh_currency(code)
        wan = _round(yuan / _WAN, 2)
        if wan == 0 and yuan != 0:
            return _whole_or_cents(yuan, lang) + unit
        return _trimmed(wan, lang) + "万" + unit
    if abs(yuan) >= _MILLION:
        return f"{code} {_trimmed(_round(yuan / _MILLION, 2), lang)} million"
    return f"{code} {format_decimal(yuan, lang, 0)}"


def amount_edit_text(fen: int, lang: Lang) -> str:
    """An amount as a money field shows it while it is edited; :func:`parse_money` reads it
    back to the same ``fen``. zh: in 万 where exact (``590万``), else in yuan; en: in
    yuan (``5,900,000``, ``12,345.67``)."""
    yuan = _yuan(fen)
    if _is_zh(lang) and _in_wan(yuan):
        return _trimmed(yuan / _WAN, lang) + "万"
    return _whole_or_cents(yuan, lang)


def _round(value: Decimal, places: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + places + 8)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- parsing -----------------------------------------------------------------------------

_MONEY_PREFIX = re.compile(r"^(?:CN¥|¥|CNY|RMB|人民币)", re.IGNORECASE)
_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def _normalise(text: str | None) -> str:
    """NFKC (full-width digits, ￥, ％, ，, ． become ASCII) and no whitespace at all."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def _number(s: str) -> Decimal | None:
    if not _NUMBER.match(s):
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return None


def parse_money(text: str, *, field: str = "amount") -> int:
    """Parse a yuan amount typed by a user into integer fen.

    Accepts ``1,250,000.50``, ``1250000.5``, full-width digits (``１２５０``), a leading
    ¥ / ￥ / CN¥ / CNY / RMB / 人民币, spaces anywhere, and the Chinese units 万 and 亿
    with or without a trailing 元 (``125万`` → 1,250,000 yuan, ``3.5亿元`` → 350,000,000
    yuan), and ``million`` as the English UI writes amounts (``CNY 5.9 million``). So
    everything :func:`format_amount` and :func:`amount_edit_text` write for CNY reads back.
    Raises :class:`ValidationError` (on ``field``) for empty or malformed input, negative
    amounts, more than two decimals of yuan after applying 万/亿, or amounts too large.
    """
    s = _MONEY_PREFIX.sub("", _normalise(text))
    if not s:
        raise ValidationError.single(field, N_("Enter an amount."), text=text or "")
    if s.startswith(("-", "−")):
        raise ValidationError.single(field, N_("The amount cannot be negative: {text}"), text=text)
    s = s.removesuffix("元")
    unit = s[-1] if s[-1:] in ("万", "亿") else ""
    if s.lower().endswith("million"):  # as the English UI writes it: CNY 5.9 million
        unit, s = "million", s[: -len("million")]
    value = _number(s.removesuffix(unit))
    if value is None:
        raise ValidationError.single(
            field,
            N_("“{text}” is not a valid amount. Write it like 1,250,000.50 or 125万."),
            text=text,
        )
    with localcontext() as ctx:  # exact: enough precision for every digit typed
        ctx.prec = len(s) + 12
        fen = value * _UNITS[unit] * _FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise ValidationError.single(
            field,
            N_("“{text}” has more than two decimal places; the smallest unit is 0.01 yuan."),
            text=text,
        )
    if fen > _MAX_FEN:
        raise ValidationError.single(field, N_("The amount {text} is too large."), text=text)
    return int(fen)


def parse_decimal(text: str, *, field: str = "value") -> Decimal:
    """Parse a number or percentage typed by a user (``12.5``, ``1,234.5``, ``-3``, ``５０％``,
    ``50 %``). A trailing % is dropped: ``"50%"`` gives ``Decimal("50")``, the percentage
    number that :func:`format_percent` expects. Raises :class:`ValidationError` on ``field``.
    """
    s = _normalise(text).removesuffix("%")
    if not s:
        raise ValidationError.single(field, N_("Enter a number."), text=text or "")
    value = _number(s[1:] if s[0] in "+-−" else s)
    if value is None:
        raise ValidationError.single(field, N_("“{text}” is not a valid number."), text=text)
    return -value if s[0] in "-−" else value
