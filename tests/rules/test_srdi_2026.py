"""The reported 2026 measures (工信部企业〔2026〕2号): SRDI SME and Little Giant conditions,
their thresholds and alternatives; the innovative tier keeps the 2022 standard."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from srdi_cases import facts, only, tier

from coop_desktop.i18n.catalog import english
from coop_desktop.rules import srdi
from coop_desktop.rules.srdi import CANNOT_TELL, FAIL, PASS

D = Decimal
EN = english()


def test_innovative_tier_is_the_2022_standard() -> None:
    for f in (facts(), facts(sme=False), only(sme=True, valid_honours=["ip_advantage"]),
              facts(main_business_revenue_share=D("0.5499"),
                    leading_product_in_strategic_emerging_industry=False)):
        old, new = tier(f, "innovative", "2022"), tier(f, "innovative", "2026")
        assert (old.outcome, old.route_ids, old.score) == (new.outcome, new.route_ids, new.score)


def test_srdi_2026_clear_pass_and_route() -> None:
    t = tier(facts(), "srdi", "2026")
    assert t.outcome == PASS and t.score is None
    assert [(s.condition_id, s.taken[0]) for s in t.route] == [
        ("srdi26.revenue", "srdi26.revenue.revenue"), ("srdi26.ip", "srdi26.ip.count")]


@pytest.mark.parametrize(("changes", "outcome"), [
    ({"innovative_title": False}, FAIL),
    ({"years_in_segment": 3}, PASS), ({"years_in_segment": 2}, FAIL),
    ({"operating_revenue_last_year_cny": D(15_000_000)}, PASS),
    ({"operating_revenue_last_year_cny": D("14999999.99")}, FAIL),
    ({"operating_revenue_last_year_cny": D(1_000_000), "equity_financing_2y_cny": D(20_000_000)},
     PASS),
    ({"main_business_revenue_share": D("0.80")}, PASS),
    ({"main_business_revenue_share": D("0.7999")}, FAIL),
    ({"debt_to_asset_ratio": D("0.80")}, PASS), ({"debt_to_asset_ratio": D("0.8001")}, FAIL),
    ({"rd_expense_each_of_last_2y_cny": [D(1_000_000), D(1_000_000)]}, PASS),
    ({"rd_expense_each_of_last_2y_cny": [D(5_000_000), D("999999.99")]}, FAIL),
    ({"rd_expense_ratio_each_of_last_2y": [D("0.03"), D("0.03")]}, PASS),
    ({"rd_expense_ratio_each_of_last_2y": [D("0.0299"), D("0.05")]}, FAIL),
    ({"class1_ip_applied": 1}, PASS), ({"class1_ip_applied": 0}, FAIL),
    ({"leading_market_position": False}, FAIL),
    ({"srdi_development_score": 50}, PASS), ({"srdi_development_score": D("49.9")}, FAIL),
])
def test_srdi_2026_thresholds(changes: dict[str, Any], outcome: str) -> None:
    assert tier(facts(**changes), "srdi", "2026").outcome == outcome


@pytest.mark.parametrize(("given", "route"), [
    ({"st_award_3y": None, "provincial_st_award_top3_3y": True}, "srdi26.ip.award"),
    ({"st_award_3y": None, "national_st_award_top3_3y": True}, "srdi26.ip.award"),
    ({"rd_institution_level": "provincial"}, "srdi26.ip.institution"),
])
def test_srdi_2026_ip_waivers(given: dict[str, Any], route: str) -> None:
    t = tier(facts(class1_ip_applied=0, **given), "srdi", "2026")
    assert t.outcome == PASS
    assert [s.taken[0] for s in t.route if s.condition_id == "srdi26.ip"] == [route]


def test_srdi_2026_development_score_is_entered_not_computed() -> None:
    t = tier(facts(srdi_development_score=None), "srdi", "2026")
    assert t.outcome == CANNOT_TELL and t.missing == ("srdi_development_score",)
    assert [e.render(EN) for e in t.shortfalls] == [
        "Missing: SRDI development score (from the cultivation platform)"]


def test_srdi_2026_one_year_of_rd_missing() -> None:
    t = tier(facts(rd_expense_each_of_last_2y_cny=[D(2_000_000), None]), "srdi", "2026")
    assert t.outcome == CANNOT_TELL


def test_little_giant_2026_clear_pass() -> None:
    t = tier(facts(), "little_giant", "2026")
    assert t.outcome == PASS
    assert [e.render(EN) for e in t.notes] == [
        "Revenue growth is not checked on re-review (复核)",
        "A share of at least 10 per cent of an international market segment also counts; "
        "only the national share is checked here"]


@pytest.mark.parametrize(("changes", "outcome"), [
    ({"srdi_title": False}, FAIL),
    ({"operating_revenue_last_year_cny": D(50_000_000)}, PASS),
    ({"operating_revenue_last_year_cny": D("49999999.99")}, FAIL),
    ({"main_business_revenue_share": D("0.90")}, PASS),
    ({"main_business_revenue_share": D("0.8999")}, FAIL),
    ({"revenue_cagr_2y": D("0.05")}, PASS), ({"revenue_cagr_2y": D("0.0499")}, FAIL),
    ({"debt_to_asset_ratio": D("0.75")}, PASS), ({"debt_to_asset_ratio": D("0.7501")}, FAIL),
    ({"rd_expense_total_2y_cny": D(12_000_000)}, PASS),
    ({"rd_expense_total_2y_cny": D("11999999.99")}, FAIL),
    ({"rd_expense_ratio_each_of_last_2y": [D("0.05"), D("0.0299")]}, FAIL),
    ({"class1_ip_applied": 4}, PASS), ({"class1_ip_applied": 3}, FAIL),
    ({"class1_ip_applied": 3, "st_award_3y": None, "national_st_award_top3_3y": True}, PASS),
    ({"domestic_market_share": D("0.05"), "domestic_market_top3": True}, PASS),
    ({"domestic_market_share": D("0.0999"), "domestic_market_top3": False}, FAIL),
    ({"priority_field": False}, PASS),   # a key link of the chain is enough
    ({"priority_field": False, "key_chain_link": False}, FAIL),
    ({"srdi_development_score": 60}, PASS), ({"srdi_development_score": 59}, FAIL),
    ({"years_in_segment": 2}, FAIL),
])
def test_little_giant_2026_thresholds(changes: dict[str, Any], outcome: str) -> None:
    assert tier(facts(**changes), "little_giant", "2026").outcome == outcome


def test_little_giant_2026_known_failure_beats_unknowns() -> None:
    t = tier(only(operating_revenue_last_year_cny=D(30_000_000)), "little_giant", "2026")
    assert t.outcome == FAIL
    assert [e.render(EN) for e in t.shortfalls] == [
        "Operating revenue, last year: CNY 30.00 million; needs ≥ CNY 50.00 million"]


def test_2026_missing_everything_cannot_tell() -> None:
    a = srdi.assess({}, "2026")
    assert {t.outcome for t in a.tiers.values()} == {CANNOT_TELL}
    assert a.version == "2026" and a.document == "工信部企业〔2026〕2号"
