"""Words of the SRDI assessment: fact names, labels, codes and how a message's numbers are shown.

Everything a user reads is an English msgid marked with ``N_`` (translated in
``locales/``); the criteria files in ``resources/srdi/`` refer to labels here by key, so the
catalog extractor sees every string. Messages carry raw values plus a *kind* per parameter
(:class:`Explanation`); :meth:`Explanation.message` formats them for one language
(fractions as %, money in 万元 / CNY, codes as their labels).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

from coop_desktop.errors import Message
from coop_desktop.i18n.catalog import N_, Translator, normalize_language
from coop_desktop.i18n.formatting import (
    format_money,
    format_money_wan,
    format_number,
    format_percent,
)


@dataclass(frozen=True)
class FactInfo:
    """One fact :func:`coop_desktop.rules.srdi.assess` reads.

    ``unit``: ``bool`` (True/False), ``fraction`` (0–1, e.g. 0.035 = 3.5 %; growth may be
    negative or above 1), ``yuan`` (CNY), ``count``, ``years``, ``level`` (an integer
    scale), ``points``, ``code`` (one of ``codes``), ``codes`` (a list of ``codes``),
    ``fractions`` / ``yuans`` (a list of two: last year, the year before; an element may
    be None).
    """

    name: str
    label: str
    unit: str
    codes: tuple[str, ...] = ()


def _f(name: str, label: str, unit: str, codes: tuple[str, ...] = ()) -> FactInfo:
    return FactInfo(name, label, unit, codes)


RD_LEVELS = ("national", "provincial", "municipal", "below_municipal", "none")
PRODUCT_FIELDS = ("gap_filling", "six_basics", "other")
HONOURS = ("high_tech_enterprise", "tech_innovation_demo", "ip_advantage")
QUALITY_ITEMS = ("quality_award", "iso9001", "own_brand", "standard_drafting")

FACTS: tuple[FactInfo, ...] = (
    _f("sme", N_("SME under the size standard"), "bool"),
    _f("innovative_title", N_("Holds a valid innovative SME title"), "bool"),
    _f("srdi_title", N_("Holds a valid SRDI SME title"), "bool"),
    _f("years_in_segment", N_("Years in the market segment"), "years"),
    _f("operating_revenue_last_year_cny", N_("Operating revenue, last year"), "yuan"),
    _f("rd_expense_last_year_cny", N_("R&D expense, last year"), "yuan"),
    _f("rd_expense_ratio_last_year", N_("R&D expense as a share of operating revenue, last year"),
       "fraction"),
    _f("rd_expense_ratio_each_of_last_2y",
       N_("R&D expense as a share of operating revenue, each of the last 2 years"), "fractions"),
    _f("rd_expense_each_of_last_2y_cny", N_("R&D expense, each of the last 2 years"), "yuans"),
    _f("rd_expense_avg_2y_cny", N_("Average R&D expense over the last 2 years"), "yuan"),
    _f("rd_expense_total_2y_cny", N_("Total R&D expense over the last 2 years"), "yuan"),
    _f("rd_staff_share", N_("R&D staff as a share of all employees"), "fraction"),
    _f("main_business_revenue_share",
       N_("Main-business revenue as a share of operating revenue"), "fraction"),
    _f("main_revenue_growth_last_year", N_("Main-business revenue growth, last year"), "fraction"),
    _f("main_revenue_growth_avg_2y",
       N_("Average main-business revenue growth over the last 2 years"), "fraction"),
    _f("revenue_cagr_2y", N_("Compound growth of operating revenue over the last 2 years"),
       "fraction"),
    _f("debt_to_asset_ratio", N_("Debt-to-asset ratio"), "fraction"),
    _f("net_profit_margin", N_("Net profit margin, last year"), "fraction"),
    _f("equity_financing_2y_cny", N_("New equity financing in the last 2 years"), "yuan"),
    _f("equity_financing_3y_cny", N_("New equity financing in the last 3 years"), "yuan"),
    _f("class1_ip", N_("Class I IP related to the leading product"), "count"),
    _f("class1_ip_self_developed", N_("Self-developed Class I IP"), "count"),
    _f("class1_ip_high_value", N_("High-value Class I IP"), "count"),
    _f("class1_ip_applied", N_("Class I IP applied with economic benefit"), "count"),
    _f("class2_ip", N_("Class II IP related to the leading product"), "count"),
    _f("leading_product_in_strategic_emerging_industry",
       N_("Leading product in the strategic emerging industries catalogue"), "bool"),
    _f("leading_product_field", N_("Field of the leading product"), "code", PRODUCT_FIELDS),
    _f("st_award_3y", N_("National or provincial S&T award in the last 3 years"), "bool"),
    _f("national_st_award_3y", N_("National S&T award in the last 3 years"), "bool"),
    _f("national_st_award_top3_3y",
       N_("National S&T award in the last 3 years, ranked in the top 3"), "bool"),
    _f("national_st_award_top5_3y",
       N_("National S&T award in the last 3 years, ranked in the top 5"), "bool"),
    _f("provincial_st_award_top3_3y",
       N_("Provincial S&T award in the last 3 years, ranked in the top 3"), "bool"),
    _f("maker_in_china_top50_3y",
       N_("\"Maker in China\" national top 50 in the last 3 years"), "bool"),
    _f("maker_in_china_top500_3y",
       N_("\"Maker in China\" national top 500 in the last 3 years"), "bool"),
    _f("valid_honours", N_("Valid honours"), "codes", HONOURS),
    _f("provincial_rd_institution",
       N_("Recognised R&D institution at provincial or ministerial level or above"), "bool"),
    _f("has_rd_institution", N_("Own or joint R&D institution"), "bool"),
    _f("rd_institution_level", N_("Level of the R&D institution"), "code", RD_LEVELS),
    _f("digitalisation_level", N_("Digitalisation level"), "level"),
    _f("quality_items", N_("Quality management"), "codes", QUALITY_ITEMS),
    _f("distinctiveness_points", N_("Province-set distinctiveness points"), "points"),
    _f("domestic_market_share", N_("National market share of the leading product"), "fraction"),
    _f("domestic_market_top3", N_("Leading product ranked in the top 3 in China"), "bool"),
    _f("leading_market_position", N_("Leading product's market share among the leaders"), "bool"),
    _f("own_brand", N_("Own competitive brand"), "bool"),
    _f("management_certification",
       N_("Management-system certification or product certification in developed markets"),
       "bool"),
    _f("info_system_core_business", N_("A core business supported by information systems"),
       "bool"),
    _f("key_chain_link",
       N_("At a key link of the industrial chain (补短板, 锻长板, 填空白)"), "bool"),
    _f("priority_field",
       N_("Leading product in a priority field (six basics, key manufacturing or cyber sectors)"),
       "bool"),
    _f("srdi_development_score", N_("SRDI development score (from the cultivation platform)"),
       "points"),
)

# Ranges a fact must stay in (besides: counts, years, levels, points and money are >= 0).
FACT_BOUNDS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "digitalisation_level": (1, 4),
    "distinctiveness_points": (0, 15),
    "srdi_development_score": (0, 100),
    "main_business_revenue_share": (0, 1),
    "rd_staff_share": (0, 1),
    "domestic_market_share": (0, 1),
})

FACT_INFO: Mapping[str, FactInfo] = MappingProxyType({f.name: f for f in FACTS})
FACT_LABELS: Mapping[str, str] = MappingProxyType({f.name: f.label for f in FACTS})
"""Fact name -> msgid of its label (what a form or the breakdown shows)."""

# The same msgids as the yearly-figures form (ui/widgets/year_dialog.py) uses for these codes.
CODE_LABELS: Mapping[str, str] = MappingProxyType({
    "national": N_("National"),
    "provincial": N_("Provincial or ministerial"),
    "municipal": N_("Municipal"),
    "below_municipal": N_("Below municipal"),
    "none": N_("None"),
    "gap_filling": N_("Fills a gap or strengthens a weak link of the chain"),
    "six_basics": N_("Industrial basics, time-honoured brand or supplier to a chain leader"),
    "other": N_("Other"),
    "high_tech_enterprise": N_("High-tech enterprise"),
    "tech_innovation_demo": N_("Technology innovation demonstration enterprise"),
    "ip_advantage": N_("IP advantage or demonstration enterprise"),
    "quality_award": N_("Quality award (provincial or above)"),
    "iso9001": N_("Quality management certification (ISO 9001 etc.)"),
    "own_brand": N_("Own brand"),
    "standard_drafting": N_("Drafted or co-drafted standards"),
})

TIER_LABELS: Mapping[str, str] = MappingProxyType({
    "innovative": N_("Innovative SME"),
    "srdi": N_("SRDI SME"),
    "little_giant": N_("SRDI \"Little Giant\" enterprise"),
})

OUTCOME_LABELS: Mapping[str, str] = MappingProxyType({
    "pass": N_("Qualifies"),
    "fail": N_("Does not qualify"),
    "cannot_tell": N_("Cannot tell"),
})

CONFIDENCE_LABELS: Mapping[str, str] = MappingProxyType({
    "C": N_("Confirmed by a cited source"),
    "K": N_("From the known text; not checked against the original"),
    "U": N_("Unverified"),
})

# Labels of conditions, routes, score dimensions and indicators, referred to by key from the
# criteria files (``"label": "<key>"``).
LABELS: Mapping[str, str] = MappingProxyType({
    # groups and routes
    "basic": N_("Basic conditions"),
    "compliance": N_("Registered in China, independent legal person, no serious dishonesty, "
                     "banned products or major accidents in the last 3 years"),
    "governance": N_("Sound corporate governance and good reputation"),
    "market_influence": N_("Well known and influential in its market"),
    "qualify": N_("Evaluation score or a direct pass"),
    "direct": N_("Direct pass (any one)"),
    "score": N_("Evaluation score"),
    "honours": N_("Valid High-Tech Enterprise, technology innovation demonstration or IP honour"),
    "segment": N_("Years in the market segment"),
    "rd_expense": N_("R&D expense"),
    "revenue_or_equity": N_("Operating revenue, or new equity financing instead"),
    "score_or_alternative": N_("Evaluation score or an alternative condition (any one)"),
    "award_ranked": N_("Provincial S&T award (top 3) or national S&T award (top 5) "
                       "in the last 3 years"),
    "award_top3": N_("Provincial or national S&T award in the last 3 years, top 3"),
    "specialised": N_("Specialisation"),
    "refined": N_("Refinement"),
    "distinctive": N_("Distinctiveness"),
    "chain": N_("Industrial chain"),
    "product_field": N_("Field of the leading product"),
    "innovation_route": N_("General innovation conditions or a direct pass"),
    "general": N_("General innovation conditions (all three)"),
    "rd_by_revenue": N_("R&D intensity by revenue size"),
    "rd_revenue_100m": N_("Revenue at least CNY 100 million: R&D at least 3 per cent of "
                          "revenue in each of the last 2 years"),
    "rd_revenue_50m": N_("Revenue CNY 50–100 million: R&D at least 6 per cent of revenue "
                         "in each of the last 2 years"),
    "revenue_50m_100m": N_("Operating revenue at least CNY 50 million and below CNY 100 million"),
    "rd_revenue_small": N_("Revenue below CNY 50 million: equity financing, R&D expense "
                           "and R&D staff"),
    "ip_or_waiver": N_("Class I IP, or an award or R&D institution instead"),
    "ip": N_("Class I IP"),
    "market_position": N_("Market position of the leading product"),
    "field_or_chain": N_("Priority field or key link of the industrial chain"),
    "development_score": N_("SRDI development score"),
    "ladder_srdi": N_("The SRDI SME title comes first"),
    "ladder_innovative": N_("The innovative SME title comes first"),
    "growth_not_on_review": N_("Revenue growth is not checked on re-review (复核)"),
    "share_domestic_only": N_("A share of at least 10 per cent of an international market "
                              "segment also counts; only the national share is checked here"),
    # score dimensions
    "dim_innovation": N_("Innovation capability"),
    "dim_growth": N_("Growth"),
    "dim_specialisation": N_("Specialisation"),
    "dim_refinement": N_("Refinement"),
    "dim_distinctiveness": N_("Distinctiveness"),
    # indicators
    "ind_ip": N_("Valid IP related to the leading product"),
    "ind_rd_ratio": N_("R&D expense as a share of operating revenue, last year"),
    "ind_growth": N_("Main-business revenue growth, last year"),
    "ind_growth_2y": N_("Average main-business revenue growth over the last 2 years"),
    "ind_debt": N_("Debt-to-asset ratio, last year"),
    "ind_strategic": N_("Field of the leading product (strategic emerging industries)"),
    "ind_main_share": N_("Main-business revenue as a share of operating revenue, last year"),
    "ind_segment_years": N_("Years in the market segment (1 point per full 2 years)"),
    "ind_product_field": N_("Field of the leading product"),
    "ind_digital": N_("Digitalisation level"),
    "ind_quality": N_("Quality management (3 points per item)"),
    "ind_net_margin": N_("Net profit margin, last year"),
    "ind_distinctiveness": N_("Province-set distinctiveness indicators"),
    "ind_rd_input": N_("R&D input, last year (amount or share of revenue)"),
    "ind_rd_staff": N_("R&D staff as a share of all employees, last year"),
    "ind_rd_institution": N_("Level of the own R&D institution"),
})

# --- messages ------------------------------------------------------------------------------

MSG_AT_LEAST = N_("{fact}: {actual}; needs ≥ {needed}")
MSG_AT_MOST = N_("{fact}: {actual}; needs ≤ {needed}")
MSG_BELOW = N_("{fact}: {actual}; this rule applies below {limit}")
MSG_EACH_AT_LEAST = N_("{fact}: {actual}; each year needs ≥ {needed}")
MSG_YES = N_("{fact}: yes")
MSG_NO = N_("{fact}: no")
MSG_ONE_OF = N_("{fact}: {actual}; needs {needed}")
MSG_HAS = N_("{fact}: {actual}")
MSG_HAS_NONE = N_("{fact}: none of {needed}")
MSG_MISSING = N_("Missing: {fact}")
MSG_COND_AT_LEAST = N_("{fact} ≥ {needed}")
MSG_COND_AT_MOST = N_("{fact} ≤ {needed}")
MSG_COND_BELOW = N_("{fact} below {limit}")
MSG_COND_EACH = N_("{fact}: each year ≥ {needed}")
MSG_COND_TRUE = N_("{fact}")
MSG_COND_ONE_OF = N_("{fact}: {needed}")
MSG_NONE_MET = N_("None of the alternatives is met")
MSG_SCORE = N_("Evaluation score {actual}; needs ≥ {needed}")
MSG_SCORE_RANGE = N_("Evaluation score between {low} and {high}; needs ≥ {needed}")
MSG_SUBSCORE = N_("{dimension}: {actual}; needs ≥ {needed}")
MSG_SUBSCORE_RANGE = N_("{dimension}: between {low} and {high}; needs ≥ {needed}")
MSG_NOT_ASSESSED = N_("Not assessed here, checked by the authority: {condition}")
MSG_BAND_AT_LEAST = N_("≥ {value}")
MSG_BAND_AT_MOST = N_("≤ {value}")
MSG_BAND_ELSE = N_("Otherwise")
MSG_BAND_IS = N_("{value}")
MSG_BAND_PER_STEP = N_("{points} per full {step}, at most {cap}")
MSG_BAND_ENTERED = N_("Points entered for the province's indicators")
MSG_BAND_PER_ITEM = N_("{points} per item, at most {cap}")

# Parameter kinds (how :meth:`Explanation.message` shows a raw value).
KIND_PERCENT = "percent"      # a fraction: 0.035 -> 3.5 %
KIND_MONEY = "money"          # yuan -> 万元 / CNY
KIND_NUMBER = "number"        # counts, years, levels, points
KIND_LABEL = "label"          # a msgid (fact or condition label) -> translated
KIND_CODE = "code"            # a code -> its CODE_LABELS msgid, translated
KIND_CODES = "codes"          # a list of codes -> labels joined
KIND_PERCENTS = "percents"    # a list of fractions (None shown as "?")
KIND_MONEYS = "moneys"        # a list of yuan amounts
KIND_BOOL = "bool"            # True/False -> yes/no
KIND_PERCENT_EXACT = "percent_exact"  # a fraction with every digit that matters: 2.9999 %
KIND_MONEY_EXACT = "money_exact"      # yuan to the fen: ¥4,999,999.99
# When a value just short of a threshold would round to it, it is shown exactly.
EXACT_KIND = {KIND_PERCENT: KIND_PERCENT_EXACT, KIND_MONEY: KIND_MONEY_EXACT}


@dataclass(frozen=True)
class Explanation:
    """A message with raw parameters and, per parameter, how to show it (``kinds``).

    ``params`` keep the values as the assessment used them (``Decimal`` fractions, yuan,
    codes, msgids) so that a report can also sort or export them; :meth:`message` formats
    them for one language and :meth:`render` gives the finished text.
    """

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    kinds: Mapping[str, str] = field(default_factory=dict)

    def message(self, language: str | Translator) -> Message:
        """A :class:`~coop_desktop.errors.Message` whose parameters are formatted text
        (labels stay Messages, translated when rendered)."""
        lang = language.language if isinstance(language, Translator) else language
        return Message(self.msgid, {k: format_param(v, self.kinds.get(k, ""), lang)
                                    for k, v in self.params.items()})

    def render(self, tr: Translator) -> str:
        """The finished text in ``tr``'s language."""
        return self.message(tr).render(tr)


def _q(value: Decimal, exp: str) -> Decimal:
    return value.quantize(Decimal(exp), rounding=ROUND_HALF_UP)


def _shown_money(yuan: Decimal) -> tuple[Decimal, Decimal]:
    """The amounts a reader sees: zh in 万元 to 2 decimals, en in millions to 2 decimals
    (from one million up) or in whole yuan."""
    en = _q(yuan / 1_000_000, "0.01") * 1_000_000 if abs(yuan) >= 1_000_000 else _q(yuan, "1")
    return _q(yuan / 10_000, "0.01"), en


#: The coarsest step a shown percent (0.01 %) / amount (CNY 10,000: millions to two places)
#: is rounded to: values at least this far apart never read the same.
_PERCENT_STEP = Decimal("0.0001")
_MONEY_STEP = Decimal(10_000)


def reads_the_same(a: Any, b: Any, kind: str) -> bool:
    """Whether two values of ``kind`` (percent or money) look equal once formatted in
    either language — cheap arithmetic, no formatting."""
    if kind == KIND_PERCENT:
        a, b = Decimal(a), Decimal(b)
        if abs(a - b) >= _PERCENT_STEP:  # rounding to a step joins only closer values
            return False
        return _q(a * 100, "0.01") == _q(b * 100, "0.01")
    if kind == KIND_MONEY:
        a, b = Decimal(a), Decimal(b)
        if abs(a - b) >= _MONEY_STEP:
            return False
        (zh_a, en_a), (zh_b, en_b) = _shown_money(a), _shown_money(b)
        return zh_a == zh_b or en_a == en_b
    return False


def _trim(text: str) -> str:
    """``3.00%`` -> ``3%``, ``2.10%`` -> ``2.1%`` (the decimals the value needs, up to 2)."""
    head, sep, tail = text.partition("%")
    if "." in head:
        head = head.rstrip("0").rstrip(".")
    return head + sep + tail


def _percent(value: Decimal, lang: str) -> str:
    return _trim(format_percent(value * 100, lang, places=2))


def _money(yuan: Decimal, lang: str) -> str:
    fen = int((yuan * 100).to_integral_value(rounding=ROUND_HALF_UP))
    text = format_money_wan(fen, lang)
    if normalize_language(lang) == "zh_CN":  # 100.00万元 -> 100万元, 123.40万元 -> 123.4万元
        number, _, unit = text.partition("万")
        if "." in number:
            number = number.rstrip("0").rstrip(".")
        text = number + "万" + unit
    return text


def _join(items: list[Any], lang: str) -> Message:
    sep = "、" if normalize_language(lang) == "zh_CN" else ", "
    return JoinedMessage("", {}, tuple(items), sep)


@dataclass(frozen=True)
class JoinedMessage(Message):
    """Several parts (text or Messages) shown as one parameter, each in the reader's language."""

    parts: tuple[Any, ...] = ()
    sep: str = ", "

    def render(self, tr: Translator | None = None) -> str:
        return self.sep.join(p.render(tr) if isinstance(p, Message) else str(p)
                             for p in self.parts)


def format_param(value: Any, kind: str, language: str) -> Any:
    """One parameter as text (or a Message / joined Messages for labels) in ``language``."""
    lang = normalize_language(language)
    if value is None:
        return "?"
    if kind == KIND_PERCENT:
        return _percent(Decimal(value), lang)
    if kind == KIND_MONEY:
        return _money(Decimal(value), lang)
    if kind == KIND_PERCENT_EXACT:
        return _trim(format_percent(Decimal(value) * 100, lang, places=6))
    if kind == KIND_MONEY_EXACT:
        fen = int((Decimal(value) * 100).to_integral_value(rounding=ROUND_HALF_UP))
        return format_money(fen, lang)
    if kind == KIND_NUMBER:
        return format_number(Decimal(value).normalize() if isinstance(value, Decimal) else value,
                             lang)
    if kind == KIND_LABEL:
        return Message(value)
    if kind == KIND_CODE:
        return Message(CODE_LABELS.get(value, value))
    if kind == KIND_CODES:
        if not value:
            return Message(CODE_LABELS["none"])
        return _join([Message(CODE_LABELS.get(v, v)) for v in value], lang)
    if kind == KIND_PERCENTS:
        return _join(["?" if v is None else _percent(Decimal(v), lang) for v in value], lang)
    if kind == KIND_MONEYS:
        return _join(["?" if v is None else _money(Decimal(v), lang) for v in value], lang)
    if kind == KIND_BOOL:
        return Message(N_("yes") if value else N_("no"))
    return value
