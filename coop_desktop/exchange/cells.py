"""Turning the cells of an imported file into field values.

Each ``read_*`` function takes one cell as a reader gives it (``str`` from a CSV; ``str``,
``int``, ``float``, ``bool``, ``datetime`` or :class:`ExcelError` from a workbook; ``None``
for an empty cell — callers skip those) and returns the value, or raises
:class:`CellProblem` with a message for the user. What is accepted:

* **Money** (:func:`read_money`): a number cell, or text such as ``1,200``, ``500万``,
  ``500万元``, ``1.2亿元``, ``¥3,000,000``, ``2000万美元``, ``1.5e6``. A unit written in the
  cell wins; else the column's unit (from its header, ``注册资本（万元）``, or set in the
  mapping); else yuan. A currency in the cell (美元, USD, 港币…) is only accepted where the
  caller allows one (the registered capital, which has a currency field); amounts are kept
  to the fen (rounded half up).
* **Whole numbers** (``120``, ``120人``, ``1,200``, ``120.0``); **percentages** (``65.5``,
  ``65.5%``; a *number* cell from 0 to 1 is a fraction, as a cell formatted "%" holds it:
  0.655 is 65.5 % and 1 is 100 % — a main-business share is not 1 %; text is never a
  fraction: ``0.5`` typed in a CSV is 0.5 %).
* **Dates**: date cells, ``2015-03-12``, ``2015/3/12``, ``2015.3.12``, ``2015年3月12日``,
  ``20150312`` (a time after the date is ignored) and, in a workbook, a date's serial
  number (``42075``).
* **Countries**: ISO codes (``DE``) or names in Chinese or English (``德国``, ``Germany``,
  common short forms such as 美国/USA/UK/阿联酋), separated by ``,``, ``，``, ``、``, ``;``
  or new lines.
* **Industry** (a key, a label of the SME size standard in either language, or a GB/T 4754
  section name that falls in one industry: 制造业 → industry), **legal form**, **currency**.
* **Region**: provinces and cities by GB/T 2260 code or name (广东省/广东/Guangdong,
  深圳市/深圳/Shenzhen), or both in one cell (广东省深圳市). A city that is not a
  prefecture of the list (a county-level city such as 昆山市) is kept as the city's name
  without a code.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from coop_desktop.errors import Message
from coop_desktop.i18n.catalog import N_

#: The most characters a cell may hold (Excel's own limit).
CELL_MAX = 32_767
#: Excel's day 0 in the 1900 date system (serial 1 is 1900-01-01, with Excel's 1900 leap
#: year bug absorbed for every date after February 1900).
EXCEL_EPOCH = date(1899, 12, 30)

MSG_CELL_TOO_LONG = N_("The cell has {count} characters; at most {max} can be read.")
MSG_EXCEL_ERROR = N_("The cell holds the spreadsheet error {value} instead of a value.")
MSG_NOT_AMOUNT = N_("“{value}” is not an amount.")
MSG_TOO_LARGE = N_("“{value}” is far too large.")
MSG_FOREIGN = N_("“{value}” is not in yuan: only the registered capital can be in another "
                 "currency.")
MSG_NOT_WHOLE = N_("“{value}” is not a whole number.")
MSG_NOT_PERCENT = N_("“{value}” is not a percentage.")
MSG_NOT_DATE = N_("“{value}” is not a date. Use a date cell or YYYY-MM-DD (2015/3/12 and "
                  "2015年3月12日 are read too).")
MSG_COUNTRY = N_("“{value}” is not a country or region this app knows. Use its Chinese or "
                 "English name, or its ISO code such as DE.")
MSG_INDUSTRY = N_("“{value}” is not one of the industries of the SME size standard.")
MSG_LEGAL_FORM = N_("“{value}” is not a legal form on the list (limited liability company, "
                    "company limited by shares, partnership, sole proprietorship, other).")
MSG_CURRENCY = N_("“{value}” is not a currency code such as CNY or USD.")
MSG_NUMBER_CODE = N_("The code was stored as a number, which has lost digits. Format the column "
                     "as text in the spreadsheet and enter the code again.")


class ExcelError(str):
    """A workbook cell holding an error value (``#N/A``, ``#DIV/0!``…), not text."""


class CellProblem(Exception):
    """A cell that cannot be read; ``message`` says why (a :class:`Message`)."""

    def __init__(self, msgid: str, /, **params: Any) -> None:
        self.message = Message(msgid, params)
        super().__init__(msgid)


def _shown(value: Any) -> str:
    text = value.isoformat() if isinstance(value, date | time) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def check_cell(value: Any) -> None:
    """Raise for a cell no field can take: a spreadsheet error, a huge text."""
    if isinstance(value, ExcelError):
        raise CellProblem(MSG_EXCEL_ERROR, value=str(value))
    if isinstance(value, str) and len(value) > CELL_MAX:
        raise CellProblem(MSG_CELL_TOO_LONG, count=f"{len(value):,}", max=f"{CELL_MAX:,}")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_text(value: Any) -> str:
    """Any cell as text: whole numbers without ``.0`` (a telephone number in a number cell),
    dates as YYYY-MM-DD, text as it is (trimming is the services' job)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_code(value: Any) -> str:
    """A code (USCC) as text; a number cell too long to be exact is refused."""
    if isinstance(value, float | int) and not isinstance(value, bool) and abs(value) >= 1e15:
        raise CellProblem(MSG_NUMBER_CODE)
    return read_text(value)


# ------------------------------------------------------------------ numbers

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?")
_CURRENCIES: dict[str, str] = {
    "人民币": "CNY", "rmb": "CNY", "cny": "CNY", "¥": "CNY",
    "美元": "USD", "美金": "USD", "usd": "USD", "us$": "USD", "$": "USD",
    "欧元": "EUR", "eur": "EUR", "€": "EUR", "港元": "HKD", "港币": "HKD", "hkd": "HKD",
    "hk$": "HKD", "日元": "JPY", "jpy": "JPY", "英镑": "GBP", "gbp": "GBP", "£": "GBP",
}
_CURRENCY_WORDS = sorted(_CURRENCIES, key=len, reverse=True)
_MONEY_UNITS: dict[str, int] = {
    "": 0, "元": 100, "亿元": 10_000_000_000, "亿": 10_000_000_000, "万元": 1_000_000,
    "万": 1_000_000, "千元": 100_000, "千": 100_000, "百万元": 100_000_000,
    "百万": 100_000_000, "k": 100_000, "m": 100_000_000, "mn": 100_000_000,
    "million": 100_000_000, "yuan": 100,
}


def _decimal(value: Any, shown: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellProblem(MSG_NOT_AMOUNT, value=_shown(shown))
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        raise CellProblem(MSG_NOT_AMOUNT, value=_shown(shown)) from None
    if not number.is_finite():
        raise CellProblem(MSG_NOT_AMOUNT, value=_shown(shown))
    if number and number.adjusted() > 24:
        raise CellProblem(MSG_TOO_LARGE, value=_shown(shown))
    return number


def _compact_number_text(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch not in ",，_")


def read_money(value: Any, unit_fen: int = 100, *, currency_ok: bool = False
               ) -> tuple[int, str | None]:
    """(fen, currency written in the cell or None). ``unit_fen``: fen per unit of a bare
    number (100 = yuan, 1,000,000 = 万元)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _fen(_decimal(value, value), unit_fen), None
    if not isinstance(value, str):
        raise CellProblem(MSG_NOT_AMOUNT, value=_shown(value))
    text = _compact_number_text(value)
    match = _NUMBER.search(text)
    if match is None:
        raise CellProblem(MSG_NOT_AMOUNT, value=_shown(value))
    number = _decimal(match.group(0), value)
    words = text[: match.start()] + "|" + text[match.end():]
    currency = None
    for word in _CURRENCY_WORDS:
        if word in words:
            found = _CURRENCIES[word]
            if currency is not None and currency != found:
                raise CellProblem(MSG_NOT_AMOUNT, value=_shown(value))
            currency = found
            words = words.replace(word, "", 1)
    before, _, after = words.partition("|")
    if before or after not in _MONEY_UNITS:
        raise CellProblem(MSG_NOT_AMOUNT, value=_shown(value))
    if currency not in (None, "CNY") and not currency_ok:
        raise CellProblem(MSG_FOREIGN, value=_shown(value))
    per = _MONEY_UNITS[after] or unit_fen
    return _fen(number, per), currency


def _fen(number: Decimal, per: int) -> int:
    return int((number * per).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def read_integer(value: Any) -> int:
    """A whole number (``120``, ``120人``, ``1,200``, ``120.0``)."""
    if isinstance(value, str):
        text = _compact_number_text(value)
        text = re.sub(r"(人|名|个|家|级|persons?|people)$", "", text)
        if not _NUMBER.fullmatch(text or "x"):
            raise CellProblem(MSG_NOT_WHOLE, value=_shown(value))
        number = _decimal(text, value)
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = _decimal(value, value)
    else:
        raise CellProblem(MSG_NOT_WHOLE, value=_shown(value))
    if number != number.to_integral_value():
        raise CellProblem(MSG_NOT_WHOLE, value=_shown(value))
    return int(number)


def read_percent(value: Any) -> Decimal:
    """A percentage from 0 to 100 as a Decimal (see the module docstring for fractions)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = _decimal(value, value)
        if 0 <= number <= 1:
            number *= 100  # a "%" cell: 0.655 is 65.5 %
    elif isinstance(value, str):
        text = _compact_number_text(value).rstrip("%").strip()
        if not _NUMBER.fullmatch(text or "x"):
            raise CellProblem(MSG_NOT_PERCENT, value=_shown(value))
        number = _decimal(text, value)
    else:
        raise CellProblem(MSG_NOT_PERCENT, value=_shown(value))
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------ dates

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")


def read_date(value: Any, *, epoch: date = EXCEL_EPOCH) -> date:
    """A date (see the module docstring). ``epoch``: day 0 of the workbook's serials."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= 2_958_465:
            return epoch + timedelta(days=int(value))
        raise CellProblem(MSG_NOT_DATE, value=_shown(value))
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        m = _DATE.fullmatch(text) or _DATE_DIGITS.fullmatch(text)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                pass
    raise CellProblem(MSG_NOT_DATE, value=_shown(value))


# ------------------------------------------------------------------ lists and codes

_LIST_SPLIT = re.compile(r"[,，、;；|\n\r]+")


def split_list(value: Any) -> list[str]:
    items = [part.strip() for part in _LIST_SPLIT.split(read_text(value))]
    return [item for item in items if item]


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in decomposed.casefold()
                   if not unicodedata.combining(ch) and unicodedata.category(ch)[0] in "LN")


_COUNTRY_ALIASES = {
    "US": ("USA", "U.S.", "U.S.A.", "America", "United States of America", "美利坚合众国"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "England", "大不列颠", "英格兰"),
    "KR": ("Korea", "Republic of Korea", "南韩", "大韩民国"), "KP": ("North Korea", "北韩"),
    "RU": ("Russian Federation", "俄国", "俄罗斯联邦"), "VN": ("Viet Nam",),
    "AE": ("UAE", "阿联酋"), "SA": ("沙特",), "HK": ("香港", "中国香港", "Hong Kong"),
    "MO": ("澳门", "中国澳门", "Macau", "Macao"), "TW": ("中国台湾",),
    "CZ": ("Czech Republic", "捷克共和国"), "TR": ("Turkey",), "NL": ("Holland",),
    "ID": ("印尼",), "MM": ("Burma",), "LA": ("Lao PDR",), "IR": ("Iran",),
    "DE": ("Deutschland",), "CN": ("中华人民共和国", "PRC"), "NZ": ("纽西兰",),
}


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    from coop_desktop.reference.countries import _names

    index: dict[str, str] = {}
    for language in ("en", "zh_CN"):
        for code, name in _names(language).items():
            index.setdefault(_key(name), code)
    for code, names in _COUNTRY_ALIASES.items():
        for name in names:
            index.setdefault(_key(name), code)
    return index


def read_countries(value: Any) -> list[str]:
    """ISO 3166-1 codes from a list of codes and names."""
    from coop_desktop.reference.countries import is_country

    codes: list[str] = []
    for item in split_list(value):
        code = item.upper() if is_country(item.upper()) and len(item) == 2 else None
        code = code or _countries().get(_key(item))
        if code is None:
            raise CellProblem(MSG_COUNTRY, value=_shown(item))
        if code not in codes:
            codes.append(code)
    return codes


def read_tags(value: Any) -> list[str]:
    return list(dict.fromkeys(split_list(value)))


_INDUSTRY_ALIASES = {
    "industry": ("制造业", "工业", "采矿业", "电力、热力、燃气及水生产和供应业", "Manufacturing",
                 "Mining"),
    "agriculture": ("农林牧渔业", "农业", "Agriculture"),
    "construction": ("建筑", "Construction industry"),
    "wholesale": ("批发",), "retail": ("零售",), "transport": ("交通运输", "运输业"),
    "warehousing": ("仓储",), "postal": ("邮政",), "accommodation": ("住宿",),
    "catering": ("餐饮",), "information_transmission": ("电信", "Telecommunications"),
    "software_it": ("软件业", "软件", "信息技术服务", "信息技术服务业", "软件和信息技术服务",
                    "Software", "IT services"),
    "real_estate_development": ("房地产开发", "房地产", "Real estate"),
    "property_management": ("Property management services",),
    "leasing_business_services": ("租赁和商务服务", "商务服务业"),
    "other": ("其他", "其它", "Other"),
}


@lru_cache(maxsize=1)
def _industries() -> dict[str, str]:
    from coop_desktop.rules import INDUSTRIES, industry_label

    index: dict[str, str] = {}
    for key in INDUSTRIES:
        for word in (key, industry_label(key, "zh_CN"), industry_label(key, "en")):
            index.setdefault(_key(word), key)
    for key, words in _INDUSTRY_ALIASES.items():
        for word in words:
            index.setdefault(_key(word), key)
    return index


def read_industry(value: Any) -> str:
    found = _industries().get(_key(read_text(value)))
    if found is None:
        raise CellProblem(MSG_INDUSTRY, value=_shown(value))
    return found


_LEGAL_FORMS = {
    "limited_liability": ("有限责任公司", "有限公司", "一人有限责任公司", "LLC", "Ltd",
                          "Limited liability company", "Limited company"),
    "joint_stock": ("股份有限公司", "股份公司", "股份制", "Company limited by shares",
                    "Joint stock company", "Joint-stock company", "PLC"),
    "partnership": ("合伙企业", "普通合伙", "有限合伙", "Partnership", "Limited partnership"),
    "sole_proprietorship": ("个人独资企业", "个人独资", "Sole proprietorship"),
    "other": ("其他", "其它", "Other"),
}
_LEGAL_FORM_PARTS = (("股份有限", "joint_stock"), ("有限责任", "limited_liability"),
                     ("合伙", "partnership"), ("个人独资", "sole_proprietorship"))


@lru_cache(maxsize=1)
def _legal_forms() -> dict[str, str]:
    from coop_desktop.i18n.catalog import translator
    from coop_desktop.models import LABELS, LegalForm

    zh = translator("zh_CN")
    index: dict[str, str] = {}
    for form in LegalForm:
        for word in (form.value, LABELS[form], zh.gettext(LABELS[form])):
            index.setdefault(_key(word), form.value)
    for key, words in _LEGAL_FORMS.items():
        for word in words:
            index.setdefault(_key(word), key)
    return index


def read_legal_form(value: Any) -> str:
    text = read_text(value)
    found = _legal_forms().get(_key(text))
    if found is None:  # 有限责任公司（自然人投资或控股）
        found = next((key for part, key in _LEGAL_FORM_PARTS if part in text), None)
    if found is None:
        raise CellProblem(MSG_LEGAL_FORM, value=_shown(value))
    return found


def read_currency(value: Any) -> str:
    text = unicodedata.normalize("NFKC", read_text(value)).strip()
    code = _CURRENCIES.get(text.casefold()) or text.upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise CellProblem(MSG_CURRENCY, value=_shown(value))
    return code


__all__ = ["CELL_MAX", "CellProblem", "EXCEL_EPOCH", "ExcelError", "check_cell", "is_blank",
           "read_code", "read_countries", "read_currency", "read_date", "read_industry",
           "read_integer", "read_legal_form", "read_money", "read_percent", "read_tags",
           "read_text", "split_list"]
