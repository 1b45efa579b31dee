"""The three tiers under the 2022 measures (工信部企业〔2022〕63号): passes, failures,
every condition's threshold, each direct-pass route, missing facts and known failures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from srdi_cases import STRONG, facts, only, tier

from coop_desktop.i18n.catalog import english, translator
from coop_desktop.rules import srdi
from coop_desktop.rules.srdi import CANNOT_TELL, FAIL, PASS

D = Decimal
EN = english()


def texts(t: srdi.TierResult) -> list[str]:
    return [e.render(EN) for e in t.shortfalls]


# --- innovative SME -------------------------------------------------------------------------


def test_innovative_clear_pass_by_score() -> None:
    t = tier(facts(), "innovative")
    assert t.outcome == PASS and t.shortfalls == () and t.missing == ()
    assert t.route_ids == ("innovative.score",)
    assert t.score is not None and t.score.total == 100


def test_innovative_not_an_sme_fails_whatever_else_is_missing() -> None:
    t = tier(only(sme=False, valid_honours=["high_tech_enterprise"]), "innovative")
    assert t.outcome == FAIL
    assert texts(t) == ["SME under the size standard: no"]


def test_innovative_clear_fail_by_score() -> None:
    f = facts(class1_ip_high_value=0, class1_ip_self_developed=0, class1_ip=0, class2_ip=0,
              rd_expense_ratio_last_year=D("0.005"), main_revenue_growth_last_year=D("-0.1"),
              debt_to_asset_ratio=D("0.8"),
              leading_product_in_strategic_emerging_industry=False,
              main_business_revenue_share=D("0.4"))
    t = tier(f, "innovative")
    assert t.outcome == FAIL and t.score is not None and t.score.total == 5
    shown = texts(t)
    assert "Evaluation score 5; needs ≥ 60" in shown
    assert "Valid honours: none of High-tech enterprise, Technology innovation demonstration " \
           "enterprise, IP advantage or demonstration enterprise" in shown
    assert "New equity financing in the last 3 years: CNY 0; needs ≥ CNY 5.00 million" in shown


# innovation sub-score exactly 20 (class II IP 5 + R&D 3% 15), or 15 (no IP)
@pytest.mark.parametrize(("changes", "outcome"), [
    ({"class1_ip_high_value": 0, "class1_ip_self_developed": 0, "class1_ip": 0, "class2_ip": 1,
      "rd_expense_ratio_last_year": D("0.03")}, PASS),
    ({"class1_ip_high_value": 0, "class1_ip_self_developed": 0, "class1_ip": 0, "class2_ip": 0,
      "rd_expense_ratio_last_year": D("0.03")}, FAIL),
    # growth sub-score 15 (growth 10% -> 15, debt 80% -> 0) or 10 (growth 5%)
    ({"main_revenue_growth_last_year": D("0.10"), "debt_to_asset_ratio": D("0.8")}, PASS),
    ({"main_revenue_growth_last_year": D("0.0999"), "debt_to_asset_ratio": D("0.8")}, FAIL),
    # specialisation sub-score 15 (other field 5 + share 55% 10) or 10
    ({"leading_product_in_strategic_emerging_industry": False,
      "main_business_revenue_share": D("0.55")}, PASS),
    ({"leading_product_in_strategic_emerging_industry": False,
      "main_business_revenue_share": D("0.5499")}, FAIL),
])
def test_innovative_minimum_sub_scores(changes: dict[str, Any], outcome: str) -> None:
    t = tier(facts(**changes), "innovative")
    assert t.score is not None and t.score.total >= 60  # the total alone would pass
    assert t.outcome == outcome


def test_innovative_sub_score_shortfall_is_explained() -> None:
    f = facts(class1_ip_high_value=0, class1_ip_self_developed=0, class1_ip=0, class2_ip=0,
              rd_expense_ratio_last_year=D("0.03"))
    assert "Innovation capability: 15; needs ≥ 20" in texts(tier(f, "innovative"))


# total exactly 60 with every sub-score at or above its minimum: 20 + 15 + 25
TOTAL_60 = dict(class1_ip_high_value=0, class1_ip_self_developed=0, class1_ip=0, class2_ip=1,
                rd_expense_ratio_last_year=D("0.03"), main_revenue_growth_last_year=D("0.10"),
                debt_to_asset_ratio=D("0.80"), main_business_revenue_share=D("0.60"))


def test_innovative_total_60_passes_59_does_not() -> None:
    t = tier(facts(**TOTAL_60), "innovative")
    assert t.score is not None and t.score.total == 60 and t.outcome == PASS
    lower = tier(facts(**{**TOTAL_60, "main_business_revenue_share": D("0.5999")}), "innovative")
    assert lower.score is not None and lower.score.total == 55 and lower.outcome == FAIL


@pytest.mark.parametrize(("given", "route"), [
    ({"st_award_3y": True}, "innovative.direct.award"),
    ({"valid_honours": ["high_tech_enterprise"]}, "innovative.direct.honours"),
    ({"valid_honours": ["tech_innovation_demo"]}, "innovative.direct.honours"),
    ({"valid_honours": ["ip_advantage", "something_else"]}, "innovative.direct.honours"),
    ({"provincial_rd_institution": True}, "innovative.direct.rd_institution"),
    ({"equity_financing_3y_cny": D(5_000_000)}, "innovative.direct.equity"),
])
def test_innovative_each_direct_pass_needs_no_score(given: dict[str, Any], route: str) -> None:
    t = tier(only(sme=True, **given), "innovative")
    assert t.outcome == PASS and t.route_ids == ("innovative.direct", route)
    assert t.score is not None and t.score.total is None  # nothing of the score is known


def test_innovative_equity_just_below_500_wan_is_no_direct_pass() -> None:
    t = tier(only(sme=True, equity_financing_3y_cny=D("4999999.99")), "innovative")
    assert t.outcome == CANNOT_TELL
    assert t.condition("innovative.direct.equity").outcome == FAIL


def test_innovative_direct_pass_still_needs_the_sme_fact() -> None:
    t = tier(only(valid_honours=["high_tech_enterprise"]), "innovative")
    assert t.outcome == CANNOT_TELL and t.missing == ("sme",)
    assert texts(t) == ["Missing: SME under the size standard"]


def test_innovative_missing_score_inputs_cannot_tell() -> None:
    f = only(sme=True, st_award_3y=False, valid_honours=[], provincial_rd_institution=False,
             equity_financing_3y_cny=D(0))
    t = tier(f, "innovative")
    assert t.outcome == CANNOT_TELL
    assert set(t.missing) == {"class1_ip_high_value", "class1_ip_self_developed", "class1_ip",
                              "class2_ip", "rd_expense_ratio_last_year",
                              "main_revenue_growth_last_year", "debt_to_asset_ratio",
                              "leading_product_in_strategic_emerging_industry",
                              "main_business_revenue_share"}
    assert "Missing: Debt-to-asset ratio" in texts(t)


def test_innovative_score_range_already_too_low_is_a_known_failure() -> None:
    f = only(sme=True, st_award_3y=False, valid_honours=[], provincial_rd_institution=False,
             equity_financing_3y_cny=D(0), class1_ip_high_value=0, class1_ip_self_developed=0,
             class1_ip=0, class2_ip=0, rd_expense_ratio_last_year=D(0),
             main_revenue_growth_last_year=D("-0.2"), debt_to_asset_ratio=D("0.9"))
    t = tier(f, "innovative")  # field and main-business share unknown: at most 30 points
    assert t.score is not None and (t.score.total_min, t.score.total_max) == (5, 30)
    assert t.outcome == FAIL


def test_innovative_score_range_already_high_enough_passes() -> None:
    f = only(sme=True, class1_ip_high_value=1, rd_expense_ratio_last_year=D("0.05"),
             main_revenue_growth_last_year=D("0.15"), main_business_revenue_share=D("0.7"))
    t = tier(f, "innovative")  # debt ratio and field unknown; direct passes unknown
    assert t.score is not None and t.score.total is None and t.score.total_min == 85
    assert t.outcome == PASS and t.route_ids == ("innovative.score",)


# --- SRDI SME -------------------------------------------------------------------------------


def test_srdi_clear_pass() -> None:
    t = tier(facts(), "srdi")
    assert t.outcome == PASS and t.score is not None and t.score.total == 87
    assert [(s.condition_id, s.taken) for s in t.route] == [
        ("srdi.revenue", ("srdi.revenue.revenue",)), ("srdi.qualify", ("srdi.score",))]


def test_srdi_clear_fail_says_what_is_short() -> None:
    f = facts(operating_revenue_last_year_cny=D(9_000_000), rd_expense_last_year_cny=D(189_000),
              rd_expense_ratio_last_year=D("0.021"))
    t = tier(f, "srdi")
    assert t.outcome == FAIL
    assert texts(t) == [
        "R&D expense, last year: CNY 189,000; needs ≥ CNY 1.00 million",
        "R&D expense as a share of operating revenue, last year: 2.1%; needs ≥ 3%",
        "Operating revenue, last year: CNY 9.00 million; needs ≥ CNY 10.00 million",
        "New equity financing in the last 2 years: CNY 0; needs ≥ CNY 20.00 million",
    ]
    zh = [e.render(translator("zh_CN")) for e in t.shortfalls]
    assert zh[0] == "上年度研发费用总额：18.9万元；要求不低于100万元"
    assert zh[1] == "上年度研发费用总额占营业收入总额比重：2.1%；要求不低于3%"


@pytest.mark.parametrize(("changes", "outcome"), [
    ({"years_in_segment": 2}, PASS),
    ({"years_in_segment": 1}, FAIL),
    ({"rd_expense_last_year_cny": D(1_000_000)}, PASS),
    ({"rd_expense_last_year_cny": D("999999.99")}, FAIL),
    ({"rd_expense_ratio_last_year": D("0.03")}, PASS),
    ({"rd_expense_ratio_last_year": D("0.0299")}, FAIL),
    ({"operating_revenue_last_year_cny": D(10_000_000)}, PASS),
    ({"operating_revenue_last_year_cny": D("9999999.99")}, FAIL),
    ({"operating_revenue_last_year_cny": D(5_000_000), "equity_financing_2y_cny": D(20_000_000)},
     PASS),
    ({"operating_revenue_last_year_cny": D(5_000_000),
      "equity_financing_2y_cny": D("19999999.99")}, FAIL),
    ({"sme": False}, FAIL),
])
def test_srdi_condition_thresholds(changes: dict[str, Any], outcome: str) -> None:
    assert tier(facts(**changes), "srdi").outcome == outcome


def test_srdi_equity_instead_of_revenue_is_the_route() -> None:
    t = tier(facts(operating_revenue_last_year_cny=D(5_000_000),
                   equity_financing_2y_cny=D(20_000_000)), "srdi")
    assert t.route[0].taken == ("srdi.revenue.equity",)


# score exactly 60: STRONG without quality items, R&D institution and distinctiveness, 2% margin
SRDI_60 = dict(quality_items=[], rd_institution_level="none", distinctiveness_points=0,
               net_profit_margin=D("0.02"))


def test_srdi_score_60_passes_58_fails() -> None:
    t = tier(facts(**SRDI_60), "srdi")
    assert t.score is not None and t.score.total == 60 and t.outcome == PASS
    low = tier(facts(**{**SRDI_60, "net_profit_margin": D("0.0199")}), "srdi")
    assert low.score is not None and low.score.total == 58 and low.outcome == FAIL
    assert "Evaluation score 58; needs ≥ 60" in texts(low)


BASIC_SRDI = dict(sme=True, years_in_segment=3, rd_expense_last_year_cny=D(2_000_000),
                  rd_expense_ratio_last_year=D("0.04"),
                  operating_revenue_last_year_cny=D(50_000_000))


@pytest.mark.parametrize(("given", "route"), [
    ({"provincial_st_award_top3_3y": True}, "srdi.alt.award"),
    ({"national_st_award_top5_3y": True}, "srdi.alt.award"),
    ({"rd_expense_avg_2y_cny": D(10_000_000)}, "srdi.alt.rd_avg"),
    ({"equity_financing_2y_cny": D(60_000_000)}, "srdi.alt.equity"),
    ({"maker_in_china_top500_3y": True}, "srdi.alt.maker"),
])
def test_srdi_each_alternative_to_the_score(given: dict[str, Any], route: str) -> None:
    t = tier(only(**BASIC_SRDI, **given), "srdi")
    assert t.outcome == PASS
    assert t.route[-1].condition_id == "srdi.qualify" and t.route[-1].taken == (route,)


@pytest.mark.parametrize("given", [
    {"rd_expense_avg_2y_cny": D("9999999.99")}, {"equity_financing_2y_cny": D("59999999.99")},
    {"provincial_st_award_top3_3y": False}, {"maker_in_china_top500_3y": False}])
def test_srdi_alternative_just_short_leaves_the_score_to_decide(given: dict[str, Any]) -> None:
    t = tier(only(**BASIC_SRDI, **given), "srdi")
    assert t.outcome == CANNOT_TELL


def test_srdi_missing_facts_cannot_tell() -> None:
    t = tier(only(sme=True), "srdi")
    assert t.outcome == CANNOT_TELL
    assert {"years_in_segment", "rd_expense_last_year_cny", "operating_revenue_last_year_cny",
            "distinctiveness_points"} <= set(t.missing)


def test_srdi_known_failure_beats_missing_facts() -> None:
    t = tier(only(years_in_segment=1), "srdi")
    assert t.outcome == FAIL and t.missing == ()
    assert texts(t) == ["Years in the market segment: 1; needs ≥ 2"]


# --- Little Giant ---------------------------------------------------------------------------


def test_little_giant_clear_pass_by_general_conditions() -> None:
    t = tier(facts(), "little_giant")
    assert t.outcome == PASS
    assert t.route_ids == ("little_giant.general",)
    assert len(t.not_assessed) == 3  # compliance, governance, influence: the authority checks


def test_little_giant_needs_the_srdi_title() -> None:
    t = tier(facts(srdi_title=False), "little_giant")
    assert t.outcome == FAIL and texts(t) == ["Holds a valid SRDI SME title: no"]
    unknown = tier(facts(srdi_title=None), "little_giant")
    assert unknown.outcome == CANNOT_TELL and unknown.missing == ("srdi_title",)


@pytest.mark.parametrize(("changes", "outcome"), [
    ({"years_in_segment": 3}, PASS), ({"years_in_segment": 2}, FAIL),
    ({"main_business_revenue_share": D("0.70")}, PASS),
    ({"main_business_revenue_share": D("0.6999")}, FAIL),
    ({"main_revenue_growth_avg_2y": D("0.05")}, PASS),
    ({"main_revenue_growth_avg_2y": D("0.0499")}, FAIL),
    ({"debt_to_asset_ratio": D("0.70")}, PASS), ({"debt_to_asset_ratio": D("0.7001")}, FAIL),
    ({"domestic_market_share": D("0.10")}, PASS), ({"domestic_market_share": D("0.0999")}, FAIL),
    ({"info_system_core_business": False}, FAIL), ({"management_certification": False}, FAIL),
    ({"own_brand": False}, FAIL), ({"key_chain_link": False}, FAIL),
    ({"priority_field": False}, FAIL), ({"rd_institution_level": "none"}, FAIL),
    ({"class1_ip_applied": 2}, PASS), ({"class1_ip_applied": 1}, FAIL),
    ({"sme": False}, FAIL),
])
def test_little_giant_thresholds(changes: dict[str, Any], outcome: str) -> None:
    assert tier(facts(**changes), "little_giant").outcome == outcome


# The R&D table: revenue ≥ 1亿 -> 3% in each of 2 years; 5000万–1亿 -> 6%; < 5000万 -> equity
# ≥ 8000万, R&D ≥ 3000万 and R&D staff ≥ 50%.
@pytest.mark.parametrize(("revenue", "ratios", "outcome"), [
    ("100000000", ("0.03", "0.03"), PASS),
    ("100000000", ("0.03", "0.0299"), FAIL),
    ("99999999.99", ("0.05", "0.05"), FAIL),
    ("99999999.99", ("0.06", "0.06"), PASS),
    ("50000000", ("0.06", "0.06"), PASS),
    ("50000000", ("0.0599", "0.06"), FAIL),
])
def test_little_giant_rd_table_by_revenue(revenue: str, ratios: tuple[str, str],
                                          outcome: str) -> None:
    f = facts(operating_revenue_last_year_cny=D(revenue),
              rd_expense_ratio_each_of_last_2y=[D(r) for r in ratios])
    assert tier(f, "little_giant").outcome == outcome


SMALL = dict(operating_revenue_last_year_cny=D("49999999.99"),
             rd_expense_ratio_each_of_last_2y=[D("0.9"), D("0.9")],
             equity_financing_2y_cny=D(80_000_000), rd_expense_total_2y_cny=D(30_000_000),
             rd_staff_share=D("0.50"))


@pytest.mark.parametrize(("changes", "outcome"), [
    ({}, PASS),
    ({"equity_financing_2y_cny": D("79999999.99")}, FAIL),
    ({"rd_expense_total_2y_cny": D("29999999.99")}, FAIL),
    ({"rd_staff_share": D("0.4999")}, FAIL),
])
def test_little_giant_small_revenue_branch(changes: dict[str, Any], outcome: str) -> None:
    t = tier(facts(**{**SMALL, **changes}), "little_giant")
    assert t.outcome == outcome


def test_little_giant_rd_table_with_revenue_unknown() -> None:
    # every branch's rule fails: a failure without knowing the revenue
    fails = tier(facts(operating_revenue_last_year_cny=None,
                       rd_expense_ratio_each_of_last_2y=[D("0.02"), D("0.02")]), "little_giant")
    assert fails.outcome == FAIL
    # the revenue decides: the 3% and 6% rules pass, the small-revenue rule fails
    open_ = tier(facts(operating_revenue_last_year_cny=None,
                       rd_expense_ratio_each_of_last_2y=[D("0.07"), D("0.07")]), "little_giant")
    assert open_.outcome == CANNOT_TELL
    assert open_.missing == ("operating_revenue_last_year_cny",)
    assert open_.shortfalls[0].render(EN) == "Missing: Operating revenue, last year"


def test_little_giant_one_year_of_rd_unknown() -> None:
    t = tier(facts(rd_expense_ratio_each_of_last_2y=[D("0.05"), None]), "little_giant")
    assert t.outcome == CANNOT_TELL
    assert t.missing == ("rd_expense_ratio_each_of_last_2y",)
    short = tier(facts(rd_expense_ratio_each_of_last_2y=[D("0.02"), None]), "little_giant")
    assert short.outcome == FAIL


@pytest.mark.parametrize(("given", "route"), [
    ({"st_award_3y": None, "national_st_award_top3_3y": True}, "little_giant.direct.award"),
    ({"maker_in_china_top500_3y": None, "maker_in_china_top50_3y": True},
     "little_giant.direct.maker"),
])
def test_little_giant_direct_passes(given: dict[str, Any], route: str) -> None:
    f = facts(class1_ip_applied=0, rd_institution_level=None, **given)  # general fails
    t = tier(f, "little_giant")
    assert t.outcome == PASS
    assert t.route_ids == ("little_giant.direct", route)


def test_little_giant_general_failing_and_direct_unknown_cannot_tell() -> None:
    t = tier(facts(class1_ip_applied=0, st_award_3y=None), "little_giant")
    assert t.outcome == CANNOT_TELL
    assert t.missing == ("national_st_award_top3_3y",)


def test_assessment_reports_every_fact_it_read() -> None:
    a = srdi.assess(facts())
    assert a.version == "2022" and a.criteria_id == "miit-2022-63"
    assert a.document == "工信部企业〔2022〕63号"
    for name, value in a.inputs.items():  # given (lists as tuples), or implied by it
        given = STRONG.get(name, value)
        assert value == (tuple(given) if isinstance(given, list) else given), name
        assert value is not None, name
    assert a.inputs["national_st_award_top3_3y"] is False  # implied by st_award_3y=False
    assert a.inputs["debt_to_asset_ratio"] == D("0.40")
    assert a.innovative.inputs["sme"] is True
    cond = a.srdi.condition("srdi.rd")
    assert dict(cond.inputs) == {"rd_expense_last_year_cny": D(6_000_000),
                                 "rd_expense_ratio_last_year": D("0.05")}
    with pytest.raises(KeyError):
        a.srdi.condition("nope")


def test_same_facts_same_result() -> None:
    assert srdi.assess(facts()) == srdi.assess(facts())
