"""Placeholder filling: formats per language, unresolved paths, robustness, values from the DB."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import func, select

from coop_desktop.documents.placeholders import (
    PLACEHOLDERS,
    FillResult,
    PlaceholderContext,
    date_text,
    fill,
    money_text,
    percent_text,
    resolve_all,
)
from coop_desktop.documents.templates import load_templates
from coop_desktop.errors import NotFoundError
from coop_desktop.models import AuditEntry
from coop_desktop.services import enterprises
from coop_desktop.services.catalog import contacts, titles, zones
from coop_desktop.services.placeholder_context import build_context
from coop_desktop.settings import AppSettings

TODAY = date(2026, 3, 15)

ENTERPRISE = {
    "name_zh": "深圳市示例精密机械有限公司",
    "name_en": "Shenzhen Example Precision Machinery Co., Ltd.",
    "uscc": "914403001922038216",
    "legal_form": "limited_liability",
    "legal_rep": "张三",
    "registered_capital_fen": 500_000_000,  # 5,000,000 yuan
    "registered_capital_currency": "CNY",
    "established_on": date(2015, 3, 5),
    "province_code": "440000",
    "city_code": "440300",
    "address_zh": "广东省深圳市南山区示例路1号",
    "address_en": "No. 1 Example Road, Nanshan District, Shenzhen",
    "industry": "industry",
    "business_scope_zh": "精密机械零部件的研发、生产和销售",
    "business_scope_en": "R&D, manufacture and sale of precision machine parts",
    "description_zh": "公司专注于精密传动部件。",
    "description_en": "The Company specialises in precision drive components.",
    "website": "https://www.example.com",
    "employees": 1250,
    "rd_staff": 180,
    "revenue_fen": 12_345_670_000,  # 123,456,700 yuan
    "total_assets_fen": 8_000_000_000,  # 80,000,000 yuan
    "rd_expense_fen": 523_400_000,  # 5,234,000 yuan
    "main_business_share": Decimal("92.50"),
    "size_class": "medium",
    "export_markets": ["DE", "FR", "VN"],
    "target_countries": ["DE", "HU"],
}
TITLES = [
    {"tier": "innovative", "level": "provincial", "status": "active", "expires_on": None},
    {"tier": "little_giant", "level": "national", "status": "active",
     "expires_on": date(2027, 6, 30)},
    {"tier": "srdi", "level": "provincial", "status": "active", "expires_on": date(2025, 12, 31)},
    {"tier": "srdi", "level": "provincial", "status": "revoked", "expires_on": None},
]
ZONE = {
    "name_zh": "中德（揭阳）中小企业合作区",
    "name_en": "Sino-German (Jieyang) SME Cooperation Zone",
    "partner_countries": ["DE"],
    "partner_label_zh": "德国",
    "partner_label_en": "Germany",
    "province_zh": "广东省",
    "province_en": "Guangdong",
    "city_zh": "揭阳市",
    "city_en": "Jieyang",
    "focus_industries_zh": "高端装备制造；新材料",
    "focus_industries_en": "advanced equipment manufacturing; new materials",
}
OFFICER = {"officer_name": "李四", "organisation_zh": "深圳市中小企业服务局",
           "organisation_en": "Shenzhen SME Service Bureau"}

CONTACT = {"name": "王敏", "phone": "0755-8888 6666"}

EXPECTED = {  # path: (zh, en)
    "enterprise.name": (ENTERPRISE["name_zh"], ENTERPRISE["name_en"]),
    "enterprise.name_zh": (ENTERPRISE["name_zh"], ENTERPRISE["name_zh"]),
    "enterprise.name_en": (ENTERPRISE["name_en"], ENTERPRISE["name_en"]),
    "enterprise.uscc": ("914403001922038216", "914403001922038216"),
    "enterprise.legal_form": ("有限责任公司", "limited liability company"),
    "enterprise.legal_representative": ("张三", "Zhang San"),  # pinyin, surname first
    "enterprise.registered_capital": ("人民币500万元", "RMB 5 million"),
    "enterprise.established_on": ("2015年3月5日", "5 March 2015"),
    "enterprise.address": (ENTERPRISE["address_zh"], ENTERPRISE["address_en"]),
    "enterprise.address_zh": (ENTERPRISE["address_zh"], ENTERPRISE["address_zh"]),
    "enterprise.address_en": (ENTERPRISE["address_en"], ENTERPRISE["address_en"]),
    "enterprise.province": ("广东省", "Guangdong"),
    "enterprise.city": ("深圳市", "Shenzhen"),
    "enterprise.location": ("广东省深圳市", "Shenzhen, Guangdong"),
    "enterprise.industry": ("工业", "Industry (mining, manufacturing, and production and supply "
                                    "of electricity, heat, gas and water)"),
    "enterprise.business_scope": (ENTERPRISE["business_scope_zh"], ENTERPRISE["business_scope_en"]),
    "enterprise.description": (ENTERPRISE["description_zh"], ENTERPRISE["description_en"]),
    "enterprise.website": ("https://www.example.com", "https://www.example.com"),
    "enterprise.contact_name": ("王敏", "Wang Min"),
    "enterprise.contact_phone": ("0755-8888 6666", "0755-8888 6666"),
    "enterprise.employees": ("1,250", "1,250"),
    "enterprise.rd_staff": ("180", "180"),
    "enterprise.revenue": ("人民币12,345.67万元", "RMB 123.4567 million"),
    "enterprise.total_assets": ("人民币8,000万元", "RMB 80 million"),
    "enterprise.rd_expense": ("人民币523.4万元", "RMB 5.234 million"),
    "enterprise.rd_share": ("4.24%", "4.24%"),  # 5,234,000 / 123,456,700 = 4.2396…%
    "enterprise.main_business_share": ("92.5%", "92.5%"),
    "enterprise.size_class": ("中型企业", "medium-sized enterprise"),
    "enterprise.titles": (
        "国家级专精特新“小巨人”企业（有效期至2027年6月30日）、省级创新型中小企业",
        "national-level SRDI “Little Giant” enterprise (valid until 30 June 2027); "
        "provincial-level innovative SME",
    ),
    "enterprise.export_markets": ("德国、法国、越南", "Germany, France and Vietnam"),
    "enterprise.target_countries": ("德国、匈牙利", "Germany and Hungary"),
    "zone.name": (ZONE["name_zh"], ZONE["name_en"]),
    "zone.name_zh": (ZONE["name_zh"], ZONE["name_zh"]),
    "zone.name_en": (ZONE["name_en"], ZONE["name_en"]),
    "zone.countries": ("德国", "Germany"),
    "zone.province": ("广东省", "Guangdong"),
    "zone.city": ("揭阳市", "Jieyang"),
    "zone.industries": ("高端装备制造、新材料", "advanced equipment manufacturing and new materials"),
    "country.name": ("德国", "Germany"),
    "officer.name": ("李四", "Li Si"),
    "officer.organisation": ("深圳市中小企业服务局", "Shenzhen SME Service Bureau"),
    "today": ("2026年3月15日", "15 March 2026"),
}


@pytest.fixture(scope="module")
def ctx() -> PlaceholderContext:
    return PlaceholderContext.from_records(ENTERPRISE, titles=TITLES, zone=ZONE, country="DE",
                                           officer=OFFICER, contact=CONTACT, today=TODAY)


# --- the registry ---------------------------------------------------------------------------


def test_registry_describes_every_path_in_both_languages():
    assert set(EXPECTED) == set(PLACEHOLDERS)
    for path, p in PLACEHOLDERS.items():
        assert p.path == path and re.fullmatch(r"[a-z_]+(\.[a-z_]+)?", path)
        assert p.group in {"enterprise", "zone", "country", "officer", "today"}
        assert re.search(r"[\u4e00-\u9fff]", p.description_zh)
        assert p.description_en and not re.search(r"[\u4e00-\u9fff]", p.description_en)
        assert p.example("zh") and p.example("en") and p.description("en") == p.description_en


def test_the_brief_s_placeholders_are_all_known():
    wanted = """
        enterprise.name_zh enterprise.name_en enterprise.uscc enterprise.legal_representative
        enterprise.address_zh enterprise.address_en enterprise.registered_capital
        enterprise.established_on enterprise.employees enterprise.revenue enterprise.rd_expense
        enterprise.rd_share enterprise.province enterprise.city enterprise.industry
        enterprise.titles enterprise.size_class zone.name_zh zone.name_en zone.name zone.countries
        country.name officer.name officer.organisation today""".split()
    assert set(wanted) <= set(PLACEHOLDERS)


# --- every placeholder, both languages -------------------------------------------------------


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_each_placeholder_resolves_in_both_languages(ctx, path):
    zh, en = EXPECTED[path]
    assert fill("{{" + path + "}}", ctx, "zh") == FillResult(zh, [])
    assert fill("{{" + path + "}}", ctx, "en") == FillResult(en, [])


def test_no_document_text_contains_cldr_special_spaces(ctx):
    for path in PLACEHOLDERS:
        for side in ("zh", "en"):
            assert not re.search("[\u202f\u00a0\u2009]", ctx.value(path, side) or "")


def test_full_record_fills_every_shipped_template_completely(ctx):
    for template in load_templates().values():
        for key, (zh, en) in resolve_all(template, ctx).items():
            assert "{{" not in zh and "{{" not in en, f"{template.key}.{key}"
        assert list(resolve_all(template, ctx)) == list(template.section_keys)


def test_language_spellings(ctx):
    assert fill("{{today}}", ctx, "zh_CN").text == "2026年3月15日"
    assert fill("{{today}}", ctx, "en_GB").text == "15 March 2026"
    with pytest.raises(ValueError):
        fill("{{today}}", ctx, "fr")


# --- formatting rules ------------------------------------------------------------------------


@pytest.mark.parametrize(("fen", "zh", "en"), [
    (500_000_000, "人民币500万元", "RMB 5 million"),
    (12_345_670_000, "人民币12,345.67万元", "RMB 123.4567 million"),
    (1_250_000_000_000, "人民币1,250,000万元", "RMB 12,500 million"),
    (50_000_000, "人民币50万元", "RMB 500,000"),
    (1_230_000, "人民币1.23万元", "RMB 12,300"),
    (800_000, "人民币8,000元", "RMB 8,000"),
    (1_234_567, "人民币12,345.67元", "RMB 12,345.67"),
    (1_000_050, "人民币10,000.50元", "RMB 10,000.50"),
    (12_345_678_900, "人民币123,456,789元", "RMB 123,456,789"),
    (5, "人民币0.05元", "RMB 0.05"),
    (0, "人民币0元", "RMB 0"),
])
def test_money_rule(fen, zh, en):
    assert money_text(fen, "zh") == zh
    assert money_text(fen, "en") == en


def test_money_in_another_currency():
    assert money_text(500_000_000, "zh", "USD") == "500万美元"
    assert money_text(500_000_000, "en", "usd") == "USD 5 million"
    assert money_text(800_000, "zh", "EUR") == "8,000欧元"


def test_money_rejects_floats():
    with pytest.raises(TypeError):
        money_text(5.0, "zh")  # type: ignore[arg-type]


def _amount(text: str) -> Decimal:
    """Read a money text back: the inverse of money_text for CNY."""
    text = text.removeprefix("人民币").removeprefix("RMB ").removesuffix("元").replace(",", "")
    if text.endswith("万"):
        return Decimal(text[:-1]) * 10_000
    if text.endswith(" million"):
        return Decimal(text[: -len(" million")]) * 1_000_000
    return Decimal(text)


@given(st.integers(min_value=0, max_value=10**15))
def test_both_sides_always_state_exactly_the_same_amount(fen):
    exact = Decimal(fen) / 100
    assert _amount(money_text(fen, "zh")) == exact
    assert _amount(money_text(fen, "en")) == exact


@pytest.mark.parametrize(("d", "zh", "en"), [
    (date(2015, 3, 5), "2015年3月5日", "5 March 2015"),
    (date(2024, 12, 31), "2024年12月31日", "31 December 2024"),
])
def test_date_rule(d, zh, en):
    assert (date_text(d, "zh"), date_text(d, "en")) == (zh, en)


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("4.235"), "4.24%"), (Decimal("4.2349"), "4.23%"), (Decimal("92.50"), "92.5%"),
    (Decimal("100"), "100%"), (0, "0%"),
])
def test_percent_rule(value, text):
    assert percent_text(value, "zh") == percent_text(value, "en") == text


# --- missing values ----------------------------------------------------------------------------


def test_missing_values_stay_in_the_text_and_are_reported():
    ctx = PlaceholderContext.from_records({"name_zh": "示例公司", "name_en": "  "}, today=TODAY)
    text = "{{enterprise.name}}，{{enterprise.revenue}}，{{zone.name}}，{{enterprise.name}}"
    zh = fill(text, ctx, "zh")
    assert zh.text == "示例公司，{{enterprise.revenue}}，{{zone.name}}，示例公司"
    assert zh.unresolved == ["enterprise.revenue", "zone.name"]
    en = fill(text, ctx, "en")
    assert en.text == text  # a blank English name is not a value, and never falls back to Chinese
    assert en.unresolved == ["enterprise.name", "enterprise.revenue", "zone.name"]


def test_unknown_paths_are_left_and_reported(ctx):
    result = fill("A {{enterprise.founder}} B {{ Enterprise.Name }} C {{}}", ctx, "en")
    assert result.text == "A {{enterprise.founder}} B {{ Enterprise.Name }} C {{}}"
    assert result.unresolved == ["enterprise.founder", "Enterprise.Name", ""]


def test_spaces_inside_the_braces_are_ignored(ctx):
    assert fill("{{ enterprise.uscc }}", ctx, "zh").text == "914403001922038216"


def test_empty_context_resolves_nothing():
    ctx = PlaceholderContext.from_records(today=TODAY)
    for path in PLACEHOLDERS:
        expected = [] if path == "today" else [path]
        assert fill("{{" + path + "}}", ctx, "en").unresolved == expected


def test_derived_values_need_their_inputs():
    ctx = PlaceholderContext.from_records(
        {"revenue_fen": 0, "rd_expense_fen": 100, "industry": "not_an_industry"}, today=TODAY)
    assert ctx.value("enterprise.rd_share", "zh") is None  # no division by zero revenue
    assert ctx.value("enterprise.industry", "en") == "not_an_industry"
    assert ctx.value("enterprise.revenue", "zh") == "人民币0元"


def test_only_titles_active_today_are_listed():
    expired = [{"tier": "srdi", "level": "provincial", "expires_on": date(2026, 3, 14)}]
    ctx = PlaceholderContext.from_records({}, titles=expired, today=TODAY)
    assert fill("{{enterprise.titles}}", ctx, "zh").unresolved == ["enterprise.titles"]
    ctx = PlaceholderContext.from_records({}, titles=expired, today=date(2026, 3, 14))
    assert fill("{{enterprise.titles}}", ctx, "en").text == (
        "provincial-level SRDI SME (valid until 14 March 2026)")


def test_zone_countries_fall_back_to_country_names():
    zone = {"name_zh": "中国—中东欧（沧州）中小企业合作区", "partner_countries": ["CZ", "PL", "EU"]}
    ctx = PlaceholderContext.from_records(zone=zone, today=TODAY)
    assert ctx.value("zone.countries", "zh") == "捷克、波兰"
    assert ctx.value("zone.countries", "en") == "Czechia and Poland"
    assert ctx.value("zone.name", "en") is None


def test_an_unknown_country_code_stays_unresolved():
    ctx = PlaceholderContext.from_records(country="XX", today=TODAY)
    assert fill("{{country.name}}", ctx, "zh").unresolved == ["country.name"]
    assert PlaceholderContext.from_records(country=" de ", today=TODAY).value(
        "country.name", "zh") == "德国"


# --- robustness -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "{{enterprise.uscc", "enterprise.uscc}}", "{{", "}}", "{{{", "{{{{}}}}",
    "{ {enterprise.uscc} }", "{{enterprise.{{enterprise.uscc}}}}", "{{a{{b}}c}}", "",
    "no placeholders at all",
])
def test_malformed_braces_never_crash(ctx, text):
    result = fill(text, ctx, "zh")
    assert isinstance(result.text, str)
    assert result.text.replace("914403001922038216", "") == re.sub(
        r"\{\{\s*enterprise\.uscc\s*\}\}", "", text)


def test_nested_braces_fill_the_inner_placeholder_only(ctx):
    result = fill("{{x {{enterprise.uscc}} y}}", ctx, "en")
    assert result.text == "{{x 914403001922038216 y}}" and result.unresolved == []


def test_user_data_containing_braces_is_not_expanded_again():
    evil = {"name_zh": "恶意{{enterprise.uscc}}公司", "uscc": "914403001922038216"}
    ctx = PlaceholderContext.from_records(evil, today=TODAY)
    result = fill("{{enterprise.name}}", ctx, "zh")
    assert result.text == "恶意{{enterprise.uscc}}公司"
    assert result.unresolved == []


@given(st.text(alphabet="{}ab. 中", max_size=40))
def test_fill_is_total_on_arbitrary_brace_soup(text):
    ctx = PlaceholderContext.from_records({"name_zh": "甲"}, today=TODAY)
    result = fill(text, ctx, "zh")
    assert isinstance(result.text, str) and isinstance(result.unresolved, list)


# --- from the database ------------------------------------------------------------------------


def _audit_count(db) -> int:
    with db.session() as s:
        return s.exec(select(func.count()).select_from(AuditEntry)).one()


@pytest.fixture
def stored(db):
    values = {k: v for k, v in ENTERPRISE.items() if k != "size_class"}
    e = enterprises.create(db, values, today=TODAY).value
    # The ladder: the SRDI title came first (expired since, so not listed today).
    titles.create(db, {"enterprise_id": e.id, "tier": "srdi", "level": "provincial",
                       "granted_on": date(2021, 6, 1), "expires_on": date(2024, 6, 1)})
    titles.create(db, {"enterprise_id": e.id, "tier": "little_giant", "level": "national",
                       "granted_on": date(2024, 7, 1), "expires_on": date(2027, 6, 30)})
    titles.create(db, {"enterprise_id": e.id, "tier": "innovative"})  # no dates recorded
    # The primary contact is the first with a phone number.
    contacts.create(db, {"enterprise_id": e.id, "name": "赵六"})
    contacts.create(db, {"enterprise_id": e.id, **CONTACT})
    contacts.create(db, {"enterprise_id": e.id, "name": "钱七", "phone": "13800000000"})
    zone = zones.create(db, ZONE).value
    return e, zone


def test_build_context_reads_a_real_enterprise(db, stored):
    e, zone = stored
    settings = AppSettings(officer_name="李四", organisation_zh="深圳市中小企业服务局",
                           organisation_en="Shenzhen SME Service Bureau")
    before = _audit_count(db)
    ctx = build_context(db, enterprise_id=e.id, zone_id=zone.id, country="DE",
                        settings=settings, today=TODAY)
    assert _audit_count(db) == before  # read only
    assert enterprises.get(db, e.id).updated_at == e.updated_at
    assert e.size_class == "medium"  # derived by the service from industry/employees/revenue
    for path, (zh, en) in EXPECTED.items():
        assert (ctx.value(path, "zh"), ctx.value(path, "en")) == (zh, en), path
    for template in load_templates().values():
        for zh, en in resolve_all(template, ctx).values():
            assert "{{" not in zh + en


def test_build_context_without_zone_or_country_guesses_nothing(db, stored):
    e, _zone = stored
    ctx = build_context(db, enterprise_id=e.id, settings=AppSettings(), today=TODAY)
    result = fill("{{zone.name}} {{country.name}} {{officer.name}} {{enterprise.uscc}}", ctx, "zh")
    assert result.unresolved == ["zone.name", "country.name", "officer.name"]
    assert result.text.endswith(ENTERPRISE["uscc"])


def test_build_context_reads_the_saved_settings_by_default(db, stored):
    e, _zone = stored
    AppSettings(officer_name="王五", organisation_zh="某市商务局",
                organisation_en="X Commerce Bureau").save()
    ctx = build_context(db, enterprise_id=e.id)
    assert ctx.value("officer.name", "en") == "Wang Wu"
    assert ctx.value("officer.organisation", "zh") == "某市商务局"
    assert ctx.value("today", "zh") == date_text(date.today(), "zh")


def test_build_context_refuses_a_deleted_enterprise(db, stored):
    e, _zone = stored
    enterprises.delete(db, [e.id])
    with pytest.raises(NotFoundError):
        build_context(db, enterprise_id=e.id, settings=AppSettings(), today=TODAY)


def test_country_names_take_the_article_english_needs():
    """“invest in the United States”, “The Netherlands at a glance”, not “in United States”;
    a Chinese name never changes, and a name without an article gets none."""
    us = PlaceholderContext.from_records(ENTERPRISE | {"export_markets": ["DE", "NL", "AE"]},
                                         titles=TITLES, zone=ZONE, country="US",
                                         today=date(2026, 3, 5))
    text = ("Target country: {{country.name}}\n{{country.name}} at a glance. "
            "We invest in {{country.name}}. {{country.name}} is large.\n"
            "We export to {{enterprise.export_markets}}.")
    assert fill(text, us, "en").text == (
        "Target country: the United States\nThe United States at a glance. "
        "We invest in the United States. The United States is large.\n"
        "We export to Germany, the Netherlands and the United Arab Emirates.")
    assert fill("{{country.name}}概况", us, "zh").text == "美国概况"
    de = PlaceholderContext.from_records(ENTERPRISE, titles=TITLES, zone=ZONE, country="DE",
                                         today=date(2026, 3, 5))
    assert fill("{{country.name}} at a glance; in {{country.name}}", de, "en").text == (
        "Germany at a glance; in Germany")


@pytest.mark.parametrize(("province", "city", "zh", "en"), [
    ("440000", "440300", "广东省深圳市", "Shenzhen, Guangdong"),
    ("310000", "310000", "上海市", "Shanghai"),  # a municipality is named once
])
def test_location_names_a_municipality_once(province, city, zh, en):
    firm = ENTERPRISE | {"province_code": province, "city_code": city, "city_zh": None,
                         "city_en": None}
    ctx = PlaceholderContext.from_records(firm, titles=(), today=date(2026, 3, 5))
    assert fill("{{enterprise.location}}", ctx, "zh").text == zh
    assert fill("{{enterprise.location}}", ctx, "en").text == en
