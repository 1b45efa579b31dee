"""What a column of an imported file can go into: the import targets and their header names.

A :class:`Target` is one thing a column can fill: an enterprise field (``name_zh``,
``registered_capital_fen``…), a part of the row's contact (``contact_name``…), the row's
cooperation zones (``zone``), its region as one text (``region``: 广东省深圳市) or its SME
industrial cluster and digital-transformation pilot city, by name (``cluster_id``,
``pilot_city_id``: :mod:`coop_desktop.exchange.programme_names`). The UI
lists :data:`TARGETS` (in this order, grouped by :attr:`Target.part`) in the mapping editor.

**Header names.** :func:`match_header` recognises a header in Chinese or English, in any
case, with or without spaces, punctuation, required marks (``*``) and a unit in brackets
(``注册资本（万元）``, ``Revenue (CNY 10,000)``), and bilingual headers such as
``企业名称 / Company name`` (the export's form) or two header rows joined by
:data:`HEADER_PARTS_JOIN`. The synonyms are :data:`SYNONYMS` plus each field's label in
both languages (the form's and the export's words). :func:`header_unit` reads the money unit
of a header (:data:`UNITS`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from coop_desktop import limits
from coop_desktop.i18n.catalog import N_

ENTERPRISE, CONTACT, ZONE_LINK = "enterprise", "contact", "zone_link"

#: What joins the two rows of a two-row (merged) header in a column's header text.
HEADER_PARTS_JOIN = " · "


@dataclass(frozen=True)
class Target:
    """One thing a column can be imported into.

    ``key`` is what a mapping stores; ``part`` is the record it fills (:data:`ENTERPRISE`,
    :data:`CONTACT`, :data:`ZONE_LINK`); ``field`` the model field (for ``region`` the
    province and city codes together); ``kind`` how a cell is read (see
    :mod:`coop_desktop.exchange.cells`); ``label`` the English msgid the UI shows.
    """

    key: str
    part: str
    field: str
    kind: str
    label: str

    @property
    def money(self) -> bool:
        return self.kind == "money"


def _t(key: str, kind: str, label: str | None = None, *, part: str = ENTERPRISE,
       field: str | None = None) -> Target:
    return Target(key, part, field or key, kind,
                  label or limits.label(part if part != ZONE_LINK else "zone", field or key))


#: Every target, in the order the mapping editor lists them.
TARGETS: dict[str, Target] = {t.key: t for t in (
    _t("name_zh", "name"),
    _t("name_en", "name"),
    _t("uscc", "uscc"),
    _t("legal_form", "legal_form", N_("Legal form")),
    _t("legal_rep", "name"),
    _t("registered_capital_fen", "money"),
    _t("registered_capital_currency", "currency"),
    _t("established_on", "date", N_("Established on")),
    _t("province_code", "province"),
    _t("city_code", "city"),
    _t("region", "region", N_("Region (province and city)")),
    _t("address_zh", "text"),
    _t("address_en", "text"),
    _t("industry", "industry"),
    _t("business_scope_zh", "text"),
    _t("business_scope_en", "text"),
    _t("employees", "integer"),
    _t("revenue_fen", "money"),
    _t("total_assets_fen", "money"),
    _t("rd_expense_fen", "money"),
    _t("rd_staff", "integer"),
    _t("main_business_share", "percent"),
    _t("digitalisation_level", "integer"),
    _t("export_markets", "countries"),
    _t("target_countries", "countries"),
    _t("website", "text"),
    _t("description_zh", "text"),
    _t("description_en", "text"),
    _t("tags", "tags"),
    _t("cluster_id", "cluster", N_("SME industrial cluster")),
    _t("pilot_city_id", "pilot_city", N_("Digital-transformation pilot city")),
    _t("contact_name", "name", N_("Contact: full name"), part=CONTACT, field="name"),
    _t("contact_role", "name", N_("Contact: role"), part=CONTACT, field="role"),
    _t("contact_phone", "text", N_("Contact: telephone"), part=CONTACT, field="phone"),
    _t("contact_email", "text", N_("Contact: e-mail"), part=CONTACT, field="email"),
    _t("zone", "zone", N_("Cooperation zone"), part=ZONE_LINK, field="zone_id"),
)}

#: The enterprise fields a row can fill (``region`` fills province_code and city_code).
ENTERPRISE_TARGETS = tuple(k for k, t in TARGETS.items() if t.part == ENTERPRISE)

#: Header synonyms per target, as people write them (normalised by :func:`header_key`
#: when the index is built; the field labels in both languages are added to these).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name_zh": ("企业名称", "单位名称", "公司名称", "企业全称", "公司全称", "单位全称",
                "企业中文名称", "中文名称", "企业名称中文", "名称", "企业名", "企业", "公司",
                "Company name", "Enterprise name", "Company", "Enterprise", "Name",
                "Name of enterprise", "Company name (Chinese)", "Chinese name"),
    "name_en": ("英文名称", "企业英文名称", "公司英文名称", "英文名", "外文名称", "English name",
                "Company name (English)", "Name (English)", "Name in English"),
    "uscc": ("统一社会信用代码", "信用代码", "社会信用代码", "统一信用代码", "统一代码",
             "统一社会信用代码证号", "纳税人识别号", "USCC", "Unified social credit code",
             "Social credit code", "Credit code", "USCI"),
    "legal_form": ("企业类型", "公司类型", "企业组织形式", "组织形式", "登记注册类型",
                   "Legal form", "Company type", "Type of enterprise"),
    "legal_rep": ("法定代表人", "法人代表", "法定代表", "法人", "法定代表人姓名",
                  "Legal representative", "Legal rep"),
    "registered_capital_fen": ("注册资本", "注册资金", "注册资本金", "Registered capital"),
    "registered_capital_currency": ("注册资本币种", "币种", "货币", "Currency",
                                    "Capital currency", "Currency of registered capital"),
    "established_on": ("成立日期", "成立时间", "注册日期", "设立日期", "成立日", "注册时间",
                       "Established on", "Established", "Date of establishment",
                       "Founding date", "Founded", "Incorporation date", "Date established"),
    "province_code": ("省", "省份", "所在省份", "所在省", "省级", "Province"),
    "city_code": ("市", "城市", "所在城市", "所在市", "地市", "地级市", "所属城市", "City"),
    "region": ("所在地区", "所在地", "地区", "区域", "所属地区", "所属区域", "注册地", "省市",
               "Region", "Location"),
    "address_zh": ("地址", "注册地址", "企业地址", "通讯地址", "办公地址", "详细地址",
                   "经营地址", "联系地址", "住所", "中文地址", "Address", "Registered address",
                   "Address (Chinese)"),
    "address_en": ("英文地址", "地址英文", "Address (English)", "English address"),
    "industry": ("所属行业", "行业", "行业类别", "行业分类", "国民经济行业", "所属行业类别",
                 "Industry", "Sector"),
    "business_scope_zh": ("经营范围", "主营业务", "主营产品", "主要产品", "经营范围中文",
                          "Business scope", "Main business", "Main products"),
    "business_scope_en": ("英文经营范围", "经营范围英文", "Business scope (English)"),
    "employees": ("从业人员", "员工人数", "从业人数", "职工人数", "员工数", "从业人员数",
                  "从业人员人数", "员工总数", "职工总数", "人数", "Employees",
                  "Number of employees", "Staff", "Headcount"),
    "revenue_fen": ("营业收入", "营收", "年营业收入", "营业总收入", "销售收入", "年销售额",
                    "销售额", "Revenue", "Operating revenue", "Turnover", "Annual revenue",
                    "Sales"),
    "total_assets_fen": ("资产总额", "总资产", "资产总计", "资产合计", "Total assets", "Assets"),
    "rd_expense_fen": ("研发费用", "研发投入", "研发经费", "研发支出", "研发经费投入",
                       "R&D expense", "R&D expenses", "R&D spending", "R&D investment"),
    "rd_staff": ("研发人员", "研发人数", "研发人员数", "研发人员数量", "R&D staff",
                 "R&D personnel"),
    "main_business_share": ("主营业务收入占比", "主营业务占比", "主营收入占比",
                            "主营业务收入占营业收入比重", "Main business share",
                            "Main-business revenue share"),
    "digitalisation_level": ("数字化水平", "数字化等级", "数字化水平等级", "数字化转型等级",
                             "Digitalisation level", "Digitalization level"),
    "export_markets": ("出口市场", "出口国家", "主要出口市场", "出口国家地区", "出口国别",
                       "Export markets", "Export countries", "Exports to"),
    "target_countries": ("目标国家", "目标市场", "目标国别", "拟开拓市场", "意向国家",
                         "拟出海国家", "Target countries", "Target markets"),
    "website": ("网址", "网站", "企业网址", "公司网址", "企业网站", "公司网站", "官网", "主页",
                "Website", "Web site", "Web", "URL", "Homepage"),
    "description_zh": ("简介", "企业简介", "公司简介", "企业介绍", "公司介绍", "描述",
                       "企业概况", "Description", "Profile", "Company profile",
                       "Description (Chinese)"),
    "description_en": ("英文简介", "简介英文", "企业英文简介", "Description (English)",
                       "English description"),
    "tags": ("标签", "标记", "Tags", "Tag", "Labels"),
    "cluster_id": ("中小企业特色产业集群", "特色产业集群", "产业集群", "所属产业集群",
                   "所属特色产业集群", "产业集群名称", "集群", "所属集群",
                   "SME industrial cluster", "SME cluster", "Industrial cluster",
                   "Characteristic industrial cluster", "Cluster"),
    "pilot_city_id": ("中小企业数字化转型试点城市", "数字化转型试点城市", "试点城市",
                      "数字化转型城市试点", "所属试点城市", "数字化转型试点",
                      "Digital-transformation pilot city", "Digital transformation pilot city",
                      "SME digital-transformation pilot city", "Pilot city"),
    "contact_name": ("联系人", "联系人姓名", "联络人", "联系人名称", "Contact", "Contact person",
                     "Contact name"),
    "contact_role": ("职务", "联系人职务", "职位", "岗位", "联系人职位", "Role", "Position",
                     "Job title", "Contact role"),
    "contact_phone": ("电话", "联系电话", "手机", "手机号", "手机号码", "电话号码", "联系方式",
                      "联系人电话", "联系人手机", "固定电话", "Phone", "Telephone", "Tel",
                      "Mobile", "Contact phone"),
    "contact_email": ("邮箱", "电子邮箱", "电子邮件", "邮件", "联系人邮箱", "E-mail", "Email",
                      "Mail", "Contact e-mail"),
    "zone": ("合作区", "合作园区", "国际合作园区", "中外合作区", "所属合作区", "合作区名称",
             "拟入驻合作区", "Zone", "Cooperation zone", "Cooperation zones", "Park"),
}

# ------------------------------------------------------------------ units of money

#: Money units: key -> (fen per unit, English label msgid). ``None`` in a mapping: from
#: the header, else yuan.
UNITS: dict[str, tuple[int, str]] = {
    "yuan": (100, N_("yuan (元)")),
    "thousand": (100_000, N_("thousand yuan (千元)")),
    "ten_thousand": (1_000_000, N_("ten thousand yuan (万元)")),
    "million": (100_000_000, N_("million yuan (百万元)")),
    "hundred_million": (10_000_000_000, N_("hundred million yuan (亿元)")),
}

#: How units are written (compared without spaces, commas and case).
_UNIT_WORDS: dict[str, str] = {
    **dict.fromkeys(("亿元", "亿", "亿人民币", "人民币亿元", "100millionyuan", "100millioncny",
                     "hundredmillionyuan", "cny100million", "rmb100million"), "hundred_million"),
    **dict.fromkeys(("百万元", "百万", "millionyuan", "millioncny", "millionrmb", "cnymillion",
                     "cnymn", "rmbmillion", "mn", "million"), "million"),
    **dict.fromkeys(("万元", "万", "万人民币", "人民币万元", "10000yuan", "10000cny",
                     "cny10000", "rmb10000", "10kyuan", "10kcny", "cny10k", "rmb10k",
                     "tenthousandyuan", "wanyuan"), "ten_thousand"),
    **dict.fromkeys(("千元", "thousandyuan", "cny1000", "rmb1000", "1000yuan", "kyuan",
                     "cnythousand", "cny000", "rmb000"), "thousand"),
    **dict.fromkeys(("元", "人民币元", "人民币", "yuan", "cny", "rmb"), "yuan"),
}
#: Bracketed remarks that are neither a unit nor part of the name.
_NOISE_WORDS = frozenset(("人", "个", "名", "家", "%", "％", "必填", "选填", "可选", "必须",
                          "required", "optional", "persons", "people", "yyyymmdd",
                          "yyyy-mm-dd", "年月日", "多个用逗号分隔", "逗号分隔"))

_BRACKETS = re.compile(r"[（(\[【<《]([^（()）\]】>》]*)[)）\]】>》]")
_SLASH_TAIL = re.compile(r"[/／]\s*([^/／]+)$")
_SPLIT = re.compile(r"\s+/\s+|／|\n|\r|\||" + re.escape(HEADER_PARTS_JOIN))


def _compact(text: str) -> str:
    return "".join(ch for ch in text.casefold() if not ch.isspace() and ch not in ",，'’")


def header_key(text: str) -> str:
    """``text`` as compared with the synonyms: NFKC, case-folded, without spaces,
    punctuation and symbols (``"Company name (Chinese)*"`` → ``"companynamechinese"``)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text
                   if not ch.isspace() and unicodedata.category(ch)[0] not in "PSC")


def _split_unit(text: str) -> tuple[str, str | None]:
    """(the header without its unit and remarks, the unit key or None)."""
    text = unicodedata.normalize("NFKC", text).strip()
    unit: str | None = None

    def bracket(m: re.Match[str]) -> str:
        nonlocal unit
        inner = _compact(m.group(1))
        if inner in _UNIT_WORDS:
            unit = unit or _UNIT_WORDS[inner]
            return " "
        if inner in _NOISE_WORDS:
            return " "
        return m.group(0)

    text = _BRACKETS.sub(bracket, text).strip()
    m = _SLASH_TAIL.search(text)
    if m and _compact(m.group(1)) in _UNIT_WORDS:
        unit = unit or _UNIT_WORDS[_compact(m.group(1))]
        text = text[: m.start()].strip()
    for word in ("亿元", "百万元", "万元", "千元"):  # 注册资本万元 (no brackets)
        if text.endswith(word) and len(text) > len(word):
            unit = unit or _UNIT_WORDS[word]
            text = text[: -len(word)]
            break
    return text, unit


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """header_key -> target key, from the synonyms and the labels in both languages."""
    from coop_desktop.i18n.catalog import translator

    zh = translator("zh_CN")
    index: dict[str, str] = {}
    for key, words in SYNONYMS.items():
        for word in words:
            index.setdefault(header_key(_split_unit(word)[0]), key)
    for key, target in TARGETS.items():  # labels never override a synonym
        for word in (target.label, zh.gettext(target.label)):
            index.setdefault(header_key(_split_unit(word)[0]), key)
    index.pop("", None)
    return index


def _alternatives(text: str) -> list[str]:
    parts = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    return [text, *parts] if len(parts) > 1 else [text]


def match_header(text: object) -> str | None:
    """The target a header names (None if it is not recognised). A header of several parts
    (``企业名称 / Company name``, two header rows) is tried whole, then part by part."""
    if not isinstance(text, str) or not text.strip():
        return None
    index = _index()
    for alt in _alternatives(text):
        found = index.get(header_key(_split_unit(alt)[0]))
        if found is not None:
            return found
    return None


def header_unit(text: object) -> str | None:
    """The money unit a header states (a key of :data:`UNITS`), or None."""
    if not isinstance(text, str):
        return None
    for alt in _alternatives(text):
        unit = _split_unit(alt)[1]
        if unit is not None:
            return unit
    return None


def unit_word(text: str) -> str | None:
    """The unit key of a unit written on its own (``万元``, ``CNY 10,000``), or None."""
    return _UNIT_WORDS.get(_compact(unicodedata.normalize("NFKC", text)))


__all__ = ["CONTACT", "ENTERPRISE", "ENTERPRISE_TARGETS", "HEADER_PARTS_JOIN", "SYNONYMS",
           "TARGETS", "UNITS", "ZONE_LINK", "Target", "header_key", "header_unit",
           "match_header", "unit_word"]
