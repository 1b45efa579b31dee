"""Locale-aware formatting and parsing of dates, numbers and money (babel / CLDR).

Every function takes the language explicitly — ``"zh_CN"``, ``"en"`` (other spellings
such as ``"zh-CN"`` are normalised like :func:`~coop_desktop.i18n.catalog.normalize_language`)
or a :class:`~coop_desktop.i18n.catalog.Translator`, whose ``babel_locale`` is used.
Nothing here reads a global UI language: a bilingual document formats the same value
twice, once per language.

Money is stored as integer *fen* (1/100 yuan, or 1/100 of the currency unit) and is
handled with ``int``/``Decimal`` only; no float is ever involved. Samples (CLDR 49)::

    format_money(125000050, "zh_CN")      -> "¥1,250,000.50"
    format_money(125000050, "en")         -> "CN¥1,250,000.50"   (CLDR's English symbol)
    format_money_wan(125000050, "zh_CN")  -> "125.00万元"
    format_money_wan(125000050, "en")     -> "CNY 1.25 million"
    format_date(date(2026, 3, 15), "zh_CN") -> "2026年3月15日";  "en" -> "Mar 15, 2026"

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
    "babel_locale",
    "format_date",
    "format_datetime",
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
_UNITS = {"": 1, "万": 10_000, "亿": 100_000_000}


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


def format_datetime(dt: _dt.datetime, lang: Lang, fmt: str = "medium") -> str:
    """Date and time; ``fmt`` as in :func:`format_date`.

    Time-zone aware values are converted to the computer's local time zone (the database
    stores UTC); naive values are taken to be local time already and shown as given.
    """
    local = dt.astimezone()  # aware: converted; naive: interpreted as local time
    return plain_spaces(_dates.format_datetime(local, fmt, locale=babel_locale(lang)))


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
    yuan).
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
