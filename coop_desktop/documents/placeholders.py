"""Placeholders: ``{{path}}`` in template text, filled from records in each language.

Syntax. ``{{enterprise.name}}`` — a dotted path between double braces (spaces just
inside the braces are ignored). :data:`PLACEHOLDERS` lists every known path with a
bilingual description for the editor. A path with per-language variants, such as
``enterprise.name``, means "the variant in the language of this side": the Chinese
name on the zh side, the English name on the en side. ``enterprise.name_zh`` is the
Chinese name on *both* sides (for "Shenzhen X Co., Ltd. (深圳X有限公司)").

Filling is a single pass (:func:`fill`): a value that itself contains ``{{`` is inserted
as is, never expanded again. An unknown path, or a known path whose value is empty in
that language, is left in the text as ``{{path}}`` and reported in
``FillResult.unresolved``, so the document check ``placeholder_unresolved`` finds it.
There is no fallback to the other language: an enterprise without an English name
leaves ``{{enterprise.name}}`` on the English side.

Formatting (the zh side is always Chinese, the en side always English, whatever the UI
language; both sides of a value always denote exactly the same amount or date):

* money (:func:`money_text`), exact, never rounded: an amount of at least 10,000 that is
  a whole multiple of 100 is written in 万 on the zh side (``人民币500万元``,
  ``人民币1,234.56万元``) and, from one million up, in millions on the en side
  (``RMB 5 million``, ``RMB 12.3456 million``; below a million ``RMB 500,000``). Other
  amounts are written in full on both sides (``人民币8,000元`` / ``RMB 8,000``,
  ``人民币12,345.67元`` / ``RMB 12,345.67``). CNY is ``人民币…元`` / ``RMB``; another
  currency is ``…万美元`` / ``USD 5 million`` (the CLDR Chinese currency name);
* dates (:func:`date_text`): ``2015年3月5日`` / ``5 March 2015``;
* percentages (:func:`percent_text`): rounded half up to two decimals, trailing zeros
  dropped, identical on both sides (``4.24%``, ``85.5%``);
* counts: grouped digits, identical on both sides (``1,250``); units are template text;
* lists: zh joins with ``、`` (``德国、法国、意大利``), en with commas and a final "and"
  (``Germany, France and Italy``); SRDI titles are joined with ``、`` / ``; ``.

All formatting goes through :mod:`coop_desktop.i18n.formatting`, which already replaces
CLDR's narrow no-break spaces with plain spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal

from coop_desktop.i18n.formatting import format_amount, format_date, format_number
from coop_desktop.reference import countries, regions
from coop_desktop.rules import size as size_rules
from coop_desktop.text import person_name_en

if TYPE_CHECKING:
    from coop_desktop.documents.templates import Template
    from coop_desktop.settings import AppSettings

__all__ = [
    "PLACEHOLDERS",
    "PLACEHOLDER_RE",
    "FillResult",
    "Placeholder",
    "PlaceholderContext",
    "date_text",
    "fill",
    "find_placeholders",
    "money_text",
    "percent_text",
    "resolve_all",
]

Side = Literal["zh", "en"]
Pair = tuple[str | None, str | None]
"""A value on the (zh, en) sides; None or "" means "no value" (left unresolved)."""

PLACEHOLDER_RE = re.compile(r"\{\{([^{}]*)\}\}")
"""One placeholder: ``{{`` + anything without braces + ``}}``; group 1 is the raw path."""


# --- the registry ------------------------------------------------------------------------


@dataclass(frozen=True)
class Placeholder:
    """A known path, described in both document languages (shown by the editor)."""

    path: str
    description_zh: str
    description_en: str
    example_zh: str
    example_en: str

    @property
    def group(self) -> str:
        """``enterprise``, ``zone``, ``country``, ``officer`` or ``today``."""
        return self.path.split(".", 1)[0]

    def description(self, language: str) -> str:
        return self.description_zh if _side(language) == "zh" else self.description_en

    def example(self, language: str) -> str:
        return self.example_zh if _side(language) == "zh" else self.example_en


def _ph(path: str, zh: str, en: str, ex_zh: str, ex_en: str | None = None) -> Placeholder:
    return Placeholder(path, zh, en, ex_zh, ex_zh if ex_en is None else ex_en)


PLACEHOLDERS: dict[str, Placeholder] = {p.path: p for p in (
    # Enterprise: identity
    _ph("enterprise.name", "企业名称（中文侧为中文名称，英文侧为英文名称）",
        "Company name (Chinese name on the Chinese side, English name on the English side)",
        "深圳市示例精密机械有限公司", "Shenzhen Example Precision Machinery Co., Ltd."),
    _ph("enterprise.name_zh", "企业中文名称（两侧均为中文）",
        "Company name in Chinese (on both sides)", "深圳市示例精密机械有限公司"),
    _ph("enterprise.name_en", "企业英文名称（两侧均为英文）",
        "Company name in English (on both sides)",
        "Shenzhen Example Precision Machinery Co., Ltd."),
    _ph("enterprise.uscc", "统一社会信用代码", "Unified Social Credit Code (USCC)",
        "91440300MA5EXAMPLE"),
    _ph("enterprise.legal_form", "企业类型（法律形式）", "Legal form",
        "有限责任公司", "limited liability company"),
    _ph("enterprise.legal_representative", "法定代表人", "Legal representative", "张三"),
    _ph("enterprise.registered_capital", "注册资本（按币种，整万元时以万元表示）",
        "Registered capital (in millions where exact)", "人民币500万元", "RMB 5 million"),
    _ph("enterprise.established_on", "成立日期", "Date of establishment",
        "2015年3月5日", "5 March 2015"),
    _ph("enterprise.address", "注册地址（按语言）", "Registered address (per language)",
        "广东省深圳市南山区示例路1号", "No. 1 Example Road, Nanshan District, Shenzhen"),
    _ph("enterprise.address_zh", "注册地址（中文，两侧相同）",
        "Registered address in Chinese (on both sides)", "广东省深圳市南山区示例路1号"),
    _ph("enterprise.address_en", "注册地址（英文，两侧相同）",
        "Registered address in English (on both sides)",
        "No. 1 Example Road, Nanshan District, Shenzhen"),
    _ph("enterprise.province", "所在省份", "Province", "广东省", "Guangdong"),
    _ph("enterprise.city", "所在城市（地市级）", "City (prefecture level)", "深圳市", "Shenzhen"),
    _ph("enterprise.location", "所在地（省和城市；直辖市只写一次）",
        "Location (city and province; a municipality once)", "广东省深圳市", "Shenzhen, Guangdong"),
    _ph("enterprise.industry", "所属行业（《中小企业划型标准规定》行业分类）",
        "Industry (category of the SME size standard)", "工业",
        "Industry (mining, manufacturing, and production and supply of electricity, heat, "
        "gas and water)"),
    _ph("enterprise.business_scope", "经营范围（按语言）", "Business scope (per language)",
        "精密机械零部件的研发、生产和销售", "R&D, manufacture and sale of precision machine parts"),
    _ph("enterprise.description", "企业简介（按语言）", "Company description (per language)",
        "公司专注于……", "The Company specialises in…"),
    _ph("enterprise.website", "企业网站", "Website", "https://www.example.com"),
    _ph("enterprise.contact_name", "企业联系人（联系人列表中第一位留有电话的联系人）",
        "Contact person (the first on the contact list with a phone number)",
        "王敏", "Wang Min"),
    _ph("enterprise.contact_phone", "企业联系人电话", "Contact person's phone number",
        "0755-8888 6666"),
    # Enterprise: figures
    _ph("enterprise.employees", "从业人员数", "Number of employees", "1,250"),
    _ph("enterprise.rd_staff", "研发人员数", "Number of R&D staff", "180"),
    _ph("enterprise.revenue", "上一年度营业收入", "Operating revenue (last financial year)",
        "人民币12,345.67万元", "RMB 123.4567 million"),
    _ph("enterprise.total_assets", "资产总额", "Total assets",
        "人民币8,000万元", "RMB 80 million"),
    _ph("enterprise.rd_expense", "上一年度研发费用", "R&D expenses (last financial year)",
        "人民币523.4万元", "RMB 5.234 million"),
    _ph("enterprise.rd_share", "研发费用占营业收入比重（自动计算）",
        "R&D expenses as a share of operating revenue (computed)", "4.24%"),
    _ph("enterprise.main_business_share", "主营业务收入占营业收入比重",
        "Main business revenue as a share of operating revenue", "92.5%"),
    _ph("enterprise.size_class", "企业规模（按《中小企业划型标准规定》）",
        "Size class (SME classification standard)", "中型企业", "medium-sized enterprise"),
    _ph("enterprise.titles", "有效的梯度培育称号（含有效期）",
        "Current SME tier titles (with validity)",
        "国家级专精特新“小巨人”企业（有效期至2027年6月30日）",
        "national-level SRDI “Little Giant” enterprise (valid until 30 June 2027)"),
    _ph("enterprise.export_markets", "主要出口市场", "Main export markets",
        "德国、法国、越南", "Germany, France and Vietnam"),
    _ph("enterprise.target_countries", "拟拓展的目标国家", "Target countries",
        "德国、匈牙利", "Germany and Hungary"),
    # Zone
    _ph("zone.name", "合作区名称（按语言）", "Cooperation zone name (per language)",
        "中德（揭阳）中小企业合作区", "Sino-German (Jieyang) SME Cooperation Zone"),
    _ph("zone.name_zh", "合作区中文名称（两侧相同）", "Zone name in Chinese (on both sides)",
        "中德（揭阳）中小企业合作区"),
    _ph("zone.name_en", "合作区英文名称（两侧相同）", "Zone name in English (on both sides)",
        "Sino-German (Jieyang) SME Cooperation Zone"),
    _ph("zone.countries", "合作区的合作国别", "Partner countries of the zone", "德国", "Germany"),
    _ph("zone.province", "合作区所在省份", "Province of the zone", "广东省", "Guangdong"),
    _ph("zone.city", "合作区所在城市", "City of the zone", "揭阳市", "Jieyang"),
    _ph("zone.industries", "合作区重点产业", "Focus industries of the zone",
        "高端装备制造、新材料", "advanced equipment manufacturing, new materials"),
    # Target country
    _ph("country.name", "目标国家（地区）名称", "Target country or region", "德国", "Germany"),
    # Officer (from the settings)
    _ph("officer.name", "经办人姓名", "Officer's name", "李四"),
    _ph("officer.organisation", "经办单位（按语言）", "Officer's organisation (per language)",
        "深圳市中小企业服务局", "Shenzhen SME Service Bureau"),
    # Date
    _ph("today", "文档日期（今天）", "Date of the document (today)",
        "2026年3月15日", "15 March 2026"),
)}


def find_placeholders(text: str) -> list[str]:
    """The paths of every complete ``{{…}}`` in ``text``, stripped, in order (with repeats)."""
    return [m.group(1).strip() for m in PLACEHOLDER_RE.finditer(text)]


# --- formatting --------------------------------------------------------------------------

_CENT = Decimal("0.01")


def _side(language: str) -> Side:
    """``zh``/``zh_CN``/``zh-Hans`` → ``"zh"``; ``en``/``en_GB`` → ``"en"``; else ValueError."""
    lowered = (language or "").replace("-", "_").lower()
    if lowered.startswith("zh"):
        return "zh"
    if lowered.startswith("en"):
        return "en"
    raise ValueError(f"a document side is 'zh' or 'en', not {language!r}")


def _locale(side: Side) -> str:
    return "zh_CN" if side == "zh" else "en"


def _trimmed(value: Decimal) -> str:
    """Grouped, exact, without trailing zeros: ``500``, ``1,234.56``, ``12.3456``."""
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    return format_number(value, "en")


def money_text(fen: int, language: str, currency: str = "CNY") -> str:
    """An amount in integer 1/100 units, written for one side of a document (exact).

    See the module docstring for the rule; it is the app's one money format
    (:func:`~coop_desktop.i18n.formatting.format_amount`) in its document wording, so a
    document and the screens agree. ``money_text(500_000_000, "zh")`` is ``人民币500万元``
    and ``money_text(500_000_000, "en")`` is ``RMB 5 million``.
    """
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"money must be integer 1/100 units, not {type(fen).__name__}")
    return format_amount(fen, _locale(_side(language)), currency or "CNY", document=True)


def date_text(value: date, language: str) -> str:
    """``2015年3月5日`` on the zh side, ``5 March 2015`` on the en side."""
    if _side(language) == "zh":
        return format_date(value, "zh_CN", "long")
    return format_date(value, "en", "d MMMM y")


def percent_text(value: Decimal | int, language: str) -> str:
    """A percentage number (``Decimal("4.236")`` means 4.236 %) → ``4.24%`` on both sides."""
    _side(language)
    rounded = Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)
    return _trimmed(rounded) + "%"


def _join(items: Iterable[str], side: Side) -> str | None:
    items = [i for i in items if i]
    if not items:
        return None
    if side == "zh":
        return "、".join(items)
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- values from records -----------------------------------------------------------------

_LEGAL_FORMS: dict[str, tuple[str, str]] = {
    "limited_liability": ("有限责任公司", "limited liability company"),
    "joint_stock": ("股份有限公司", "company limited by shares"),
    "partnership": ("合伙企业", "partnership"),
    "sole_proprietorship": ("个人独资企业", "sole proprietorship"),
    "other": ("其他类型企业", "company of another legal form"),
}
_SIZE_CLASSES: dict[str, tuple[str, str]] = {
    "medium": ("中型企业", "medium-sized enterprise"),
    "small": ("小型企业", "small enterprise"),
    "micro": ("微型企业", "micro enterprise"),
    "large": ("大型企业", "large enterprise"),
}
_TIERS: dict[str, tuple[str, str]] = {  # ordered from the highest tier down
    "single_champion": ("制造业单项冠军企业", "manufacturing single champion enterprise"),
    "little_giant": ("专精特新“小巨人”企业", "SRDI “Little Giant” enterprise"),
    "srdi": ("专精特新中小企业", "SRDI SME"),
    "innovative": ("创新型中小企业", "innovative SME"),
}
_LEVELS: dict[str, tuple[str, str]] = {
    "national": ("国家级", "national-level"),
    "provincial": ("省级", "provincial-level"),
}


def _get(record: Any, name: str) -> Any:
    """A field of a read model, any object with attributes, or a plain mapping."""
    if record is None:
        return None
    if isinstance(record, Mapping):
        return record.get(name)
    return getattr(record, name, None)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _same(value: Any) -> Pair:
    text = _text(value)
    return (text, text)


def _person(value: Any) -> Pair:
    """A person's name: as written in Chinese, in pinyin (surname first) in English."""
    text = _text(value)
    return (text, person_name_en(text))


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _as_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None


def _date_pair(value: Any) -> Pair:
    d = _as_date(value)
    return (None, None) if d is None else (date_text(d, "zh"), date_text(d, "en"))


def _money_pair(fen: Any, currency: str | None = "CNY") -> Pair:
    if fen is None:
        return (None, None)
    code = currency or "CNY"
    return (money_text(int(fen), "zh", code), money_text(int(fen), "en", code))


def _count_pair(value: Any) -> Pair:
    if value is None or value == "":
        return (None, None)
    text = format_number(int(value), "en")
    return (text, text)


def _percent_pair(value: Decimal | None) -> Pair:
    if value is None:
        return (None, None)
    return (percent_text(value, "zh"), percent_text(value, "en"))


def _label_pair(table: Mapping[str, tuple[str, str]], value: Any) -> Pair:
    key = _text(value)
    if key is None:
        return (None, None)
    return table.get(key, (key, key))


def _region_pair(code: Any) -> Pair:
    region = regions.lookup(_text(code))
    return (None, None) if region is None else (region.name_zh, region.name_en)


def _countries_pair(codes: Iterable[str] | None) -> Pair:
    known = [c for c in (str(x).strip().upper() for x in codes or ()) if countries.is_country(c)]
    return (_join((countries.country_name(c, "zh_CN") for c in known), "zh"),
            _join((countries.name_in_text(c, "en") for c in known), "en"))


def _industry_pair(key: Any) -> Pair:
    key = _text(key)
    if key is None:
        return (None, None)
    try:
        return (size_rules.industry_label(key, "zh_CN"), size_rules.industry_label(key, "en"))
    except ValueError:
        return (key, key)


def _titles_pair(titles: Iterable[Any], today: date) -> Pair:
    active: list[tuple[int, int, str, str]] = []
    tier_rank = list(_TIERS)
    for title in titles:
        status = _text(_get(title, "status")) or "active"
        expires = _as_date(_get(title, "expires_on"))
        if status != "active" or _get(title, "deleted_at") or (expires and expires < today):
            continue
        tier = _text(_get(title, "tier")) or ""
        level = _text(_get(title, "level")) or "provincial"
        tier_zh, tier_en = _TIERS.get(tier, (tier, tier))
        level_zh, level_en = _LEVELS.get(level, ("", ""))
        zh = level_zh + tier_zh
        en = f"{level_en} {tier_en}".strip()
        if expires:
            zh += f"（有效期至{date_text(expires, 'zh')}）"
            en += f" (valid until {date_text(expires, 'en')})"
        rank = tier_rank.index(tier) if tier in tier_rank else len(tier_rank)
        active.append((rank, 0 if level == "national" else 1, zh, en))
    active.sort(key=lambda t: (t[0], t[1]))
    if not active:
        return (None, None)
    return ("、".join(t[2] for t in active), "; ".join(t[3] for t in active))


def _split_list(text: str | None, side: Side) -> str | None:
    """Re-join a ``；``/``;``-separated list the way this side joins lists."""
    if not text:
        return None
    return _join((p.strip() for p in re.split(r"[；;]", text)), side)


def _location_pair(province: Pair, city: Pair) -> Pair:
    """``广东省深圳市`` / ``Shenzhen, Guangdong``; a municipality (上海市 is province and city)
    once; whichever part is known when the other is not."""
    zh = "".join(dict.fromkeys(p for p in (province[0], city[0]) if p)) or None
    en = ", ".join(dict.fromkeys(p for p in (city[1], province[1]) if p)) or None
    return zh, en


def _enterprise_values(e: Any, titles: Iterable[Any], today: date) -> dict[str, Pair]:
    name_zh, name_en = _text(_get(e, "name_zh")), _text(_get(e, "name_en"))
    address_zh, address_en = _text(_get(e, "address_zh")), _text(_get(e, "address_en"))
    city_code = _region_pair(_get(e, "city_code"))
    province = _region_pair(_get(e, "province_code"))
    city = (_text(_get(e, "city_zh")) or city_code[0], _text(_get(e, "city_en")) or city_code[1])
    revenue, rd_expense = _get(e, "revenue_fen"), _get(e, "rd_expense_fen")
    rd_share = None
    if revenue and rd_expense is not None and int(revenue) > 0:
        rd_share = Decimal(int(rd_expense)) * 100 / Decimal(int(revenue))
    return {
        "enterprise.name": (name_zh, name_en),
        "enterprise.name_zh": (name_zh, name_zh),
        "enterprise.name_en": (name_en, name_en),
        "enterprise.uscc": _same(_get(e, "uscc")),
        "enterprise.legal_form": _label_pair(_LEGAL_FORMS, _get(e, "legal_form")),
        "enterprise.legal_representative": _person(_get(e, "legal_rep")),
        "enterprise.registered_capital": _money_pair(
            _get(e, "registered_capital_fen"), _get(e, "registered_capital_currency")),
        "enterprise.established_on": _date_pair(_get(e, "established_on")),
        "enterprise.address": (address_zh, address_en),
        "enterprise.address_zh": (address_zh, address_zh),
        "enterprise.address_en": (address_en, address_en),
        "enterprise.province": province,
        "enterprise.city": city,
        "enterprise.location": _location_pair(province, city),
        "enterprise.industry": _industry_pair(_get(e, "industry")),
        "enterprise.business_scope": (_text(_get(e, "business_scope_zh")),
                                      _text(_get(e, "business_scope_en"))),
        "enterprise.description": (_text(_get(e, "description_zh")),
                                   _text(_get(e, "description_en"))),
        "enterprise.website": _same(_get(e, "website")),
        "enterprise.employees": _count_pair(_get(e, "employees")),
        "enterprise.rd_staff": _count_pair(_get(e, "rd_staff")),
        "enterprise.revenue": _money_pair(revenue),
        "enterprise.total_assets": _money_pair(_get(e, "total_assets_fen")),
        "enterprise.rd_expense": _money_pair(rd_expense),
        "enterprise.rd_share": _percent_pair(rd_share),
        "enterprise.main_business_share": _percent_pair(
            _as_decimal(_get(e, "main_business_share"))),
        "enterprise.size_class": _label_pair(_SIZE_CLASSES, _get(e, "size_class")),
        "enterprise.titles": _titles_pair(titles, today),
        "enterprise.export_markets": _countries_pair(_get(e, "export_markets")),
        "enterprise.target_countries": _countries_pair(_get(e, "target_countries")),
    }


def _zone_values(z: Any) -> dict[str, Pair]:
    name_zh, name_en = _text(_get(z, "name_zh")), _text(_get(z, "name_en"))
    partners = _countries_pair(_get(z, "partner_countries"))
    province = _region_pair(_get(z, "province_code"))
    return {
        "zone.name": (name_zh, name_en),
        "zone.name_zh": (name_zh, name_zh),
        "zone.name_en": (name_en, name_en),
        "zone.countries": (_text(_get(z, "partner_label_zh")) or partners[0],
                           _text(_get(z, "partner_label_en")) or partners[1]),
        "zone.province": (_text(_get(z, "province_zh")) or province[0],
                          _text(_get(z, "province_en")) or province[1]),
        "zone.city": (_text(_get(z, "city_zh")), _text(_get(z, "city_en"))),
        "zone.industries": (_split_list(_text(_get(z, "focus_industries_zh")), "zh"),
                            _split_list(_text(_get(z, "focus_industries_en")), "en")),
    }


def _country_values(code: str | None) -> dict[str, Pair]:
    code = (code or "").strip().upper()
    if not countries.is_country(code):
        return {"country.name": (None, None)}
    return {"country.name": (countries.country_name(code, "zh_CN"),
                             countries.name_in_text(code, "en"))}


# --- the context -------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceholderContext:
    """Formatted values for both sides: ``values[path] == (zh_text, en_text)``.

    Build it with :meth:`from_records` from records or plain values (the services read
    them: ``coop_desktop.services.placeholder_context.build_context``); the plain
    constructor takes ready-made pairs. This module never reads the database.
    """

    values: Mapping[str, Pair] = field(default_factory=dict)

    def value(self, path: str, language: str) -> str | None:
        """The text for ``path`` on one side, or None if unknown or empty there."""
        pair = self.values.get(path)
        if pair is None:
            return None
        text = pair[0] if _side(language) == "zh" else pair[1]
        return text if text and text.strip() else None

    @classmethod
    def from_records(
        cls,
        enterprise: Any = None,
        *,
        titles: Iterable[Any] = (),
        zone: Any = None,
        country: str | None = None,
        officer: AppSettings | Mapping[str, Any] | None = None,
        contact: Any = None,
        today: date | None = None,
    ) -> PlaceholderContext:
        """A context from records or plain values; reads no database and no settings file.

        ``enterprise``: an ``EnterpriseRead`` or a mapping with the same field names
        (money in integer fen, dates as ``date`` or ISO text). ``titles``: SRDI titles
        (``SrdiTitleRead`` or mappings with ``tier``, ``level``, ``status``, ``expires_on``);
        only those active on ``today`` are listed. ``zone``: a ``ZoneRead`` or mapping.
        ``country``: an ISO 3166-1 alpha-2 code. ``officer``: ``AppSettings`` or a mapping
        with ``officer_name``, ``organisation_zh``, ``organisation_en``. ``contact``: the
        enterprise's contact person (a ``ContactRead`` or a mapping with ``name`` and
        ``phone``; the services pick the primary one). ``today`` defaults to the current
        date.
        """
        today = today or date.today()
        values: dict[str, Pair] = {}
        values.update(_enterprise_values(enterprise, titles, today))
        values.update(_zone_values(zone))
        values.update(_country_values(country))
        values["enterprise.contact_name"] = _person(_get(contact, "name"))
        values["enterprise.contact_phone"] = _same(_get(contact, "phone"))
        values["officer.name"] = _person(_get(officer, "officer_name"))
        values["officer.organisation"] = (_text(_get(officer, "organisation_zh")),
                                          _text(_get(officer, "organisation_en")))
        values["today"] = _date_pair(today)
        return cls(values)


# --- filling -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FillResult:
    """The filled text and the paths left as ``{{path}}`` (each once, in order)."""

    text: str
    unresolved: list[str]


#: The text before a placeholder ends where a sentence starts: nothing, a line break, or
#: a full stop (question or exclamation mark) and a space.
_SENTENCE_START = re.compile(r"(?:\A|\n|[.!?]\s+)\Z")


def fill(text: str, ctx: PlaceholderContext, language: str) -> FillResult:
    """Replace every ``{{path}}`` that has a value on the ``language`` side (one pass).

    ``language`` is ``"zh"`` or ``"en"`` (``zh_CN`` etc. accepted). Unknown or empty
    paths stay in the text verbatim and are listed in ``unresolved``. An unclosed
    ``{{`` or stray braces are left alone (the document check reports them).
    """
    side = _side(language)
    unresolved: list[str] = []

    def replace(match: re.Match[str]) -> str:
        path = match.group(1).strip()
        value = ctx.value(path, side)
        if value is None:
            if path not in unresolved:
                unresolved.append(path)
            return match.group(0)
        if side == "en" and value.startswith("the ") and _SENTENCE_START.search(
                match.string, 0, match.start()):
            return "T" + value[1:]  # "the Netherlands" opening a sentence or a line
        return value

    return FillResult(PLACEHOLDER_RE.sub(replace, text), unresolved)


def resolve_all(template: Template, ctx: PlaceholderContext) -> dict[str, tuple[str, str]]:
    """``{section_key: (zh_text, en_text)}`` for every section of ``template``, in order."""
    return {
        s.key: (fill(s.zh, ctx, "zh").text, fill(s.en, ctx, "en").text)
        for s in template.sections
    }
