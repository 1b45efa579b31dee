"""facts_from_years: from enterprise_year rows (fen, percent Decimals) to assessment facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from coop_desktop.rules import srdi
from coop_desktop.rules.srdi_facts import facts_from_years

D = Decimal
WAN = 10_000 * 100  # fen per 万元


def row(year: int, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = dict(
        year=year, operating_revenue_fen=10_000 * WAN, main_business_revenue_fen=8_000 * WAN,
        rd_expense_fen=500 * WAN, net_profit_fen=900 * WAN, total_assets_fen=20_000 * WAN,
        total_liabilities_fen=9_000 * WAN, equity_financing_fen=100 * WAN, employees=200,
        rd_staff=30, class1_ip=4, class1_ip_self_developed=2, class1_ip_high_value=0,
        class1_ip_applied=2, class2_ip=7, years_in_segment=9, digitalisation_level=2,
        distinctiveness_points=8, domestic_market_share_pct=D("12.50"),
        leading_product_in_strategic_emerging_industry=True, own_brand=True,
        management_certification=False, info_system_core_business=True,
        leading_product_field="six_basics", rd_institution_level="provincial",
        st_award="none", maker_in_china="none", valid_honours=["high_tech_enterprise"],
        quality_items=["iso9001"], notes=None)
    base.update(kw)
    return base


THREE = [row(2025),
         row(2024, operating_revenue_fen=8_000 * WAN, main_business_revenue_fen=6_400 * WAN,
             rd_expense_fen=300 * WAN, equity_financing_fen=0),
         row(2023, operating_revenue_fen=6_400 * WAN, main_business_revenue_fen=5_000 * WAN,
             equity_financing_fen=50 * WAN)]


def test_derivations_from_three_years() -> None:
    facts, year, years = facts_from_years(THREE, "small", srdi_title=True)
    assert (year, years) == (2025, (2025, 2024, 2023))
    assert facts["sme"] is True and facts["srdi_title"] is True
    assert facts["operating_revenue_last_year_cny"] == D(100_000_000)
    assert facts["rd_expense_last_year_cny"] == D(5_000_000)
    assert facts["rd_expense_ratio_last_year"] == D("0.05")
    assert facts["rd_expense_ratio_each_of_last_2y"] == [D("0.05"), D("0.0375")]
    assert facts["rd_expense_each_of_last_2y_cny"] == [D(5_000_000), D(3_000_000)]
    assert facts["rd_expense_total_2y_cny"] == D(8_000_000)
    assert facts["rd_expense_avg_2y_cny"] == D(4_000_000)
    assert facts["rd_staff_share"] == D("0.15")
    assert facts["main_business_revenue_share"] == D("0.8")
    assert facts["main_revenue_growth_last_year"] == D("0.25")           # 8000 / 6400 - 1
    assert facts["main_revenue_growth_avg_2y"] == (D("0.25") + D("0.28")) / 2  # 6400 / 5000
    assert facts["revenue_cagr_2y"] == D("0.25")  # √(10000 / 6400) − 1
    assert facts["debt_to_asset_ratio"] == D("0.45")
    assert facts["net_profit_margin"] == D("0.09")
    assert facts["equity_financing_2y_cny"] == D(1_000_000)
    assert facts["equity_financing_3y_cny"] == D(1_500_000)
    assert facts["domestic_market_share"] == D("0.125")
    assert facts["class1_ip_applied"] == 2 and facts["years_in_segment"] == 9
    assert facts["has_rd_institution"] is True and facts["provincial_rd_institution"] is True
    assert facts["valid_honours"] == ["high_tech_enterprise"]
    assert facts["st_award_3y"] is False and facts["maker_in_china_top500_3y"] is False
    srdi.assess(facts)  # the facts are valid input
    srdi.assess(facts, "2026")


def test_latest_complete_year_is_used() -> None:
    incomplete = row(2026, rd_expense_fen=None)  # R&D not known yet
    facts, year, years = facts_from_years([incomplete, *THREE], "medium")
    assert year == 2025 and years == (2025, 2024, 2023)
    assert facts["operating_revenue_last_year_cny"] == D(100_000_000)


def test_rows_in_any_order() -> None:
    assert facts_from_years(list(reversed(THREE)))[0] == facts_from_years(THREE)[0]


def test_today_skips_the_current_year() -> None:
    current = row(2026, operating_revenue_fen=1)
    facts, year, _ = facts_from_years([current, *THREE], today=dt.date(2026, 5, 1))
    assert year == 2025
    facts, year, _ = facts_from_years([current, *THREE], today=dt.date(2027, 1, 2))
    assert year == 2026


def test_no_complete_year_still_gives_the_other_facts() -> None:
    facts, year, years = facts_from_years([row(2025, operating_revenue_fen=None)], "micro")
    assert year is None and years == (2025,)
    assert facts["operating_revenue_last_year_cny"] is None
    assert facts["rd_expense_ratio_last_year"] is None
    assert facts["valid_honours"] == ["high_tech_enterprise"]
    t = srdi.assess({**facts}).innovative  # the honour is a direct pass on its own
    assert t.outcome == srdi.PASS


def test_no_rows() -> None:
    facts, year, years = facts_from_years([], "large", srdi_title=False)
    assert (year, years) == (None, ())
    assert facts == {"sme": False, "srdi_title": False, "innovative_title": None}


def test_a_missing_previous_year_makes_two_year_figures_unknown() -> None:
    facts, _, years = facts_from_years([row(2025), row(2023)])
    assert years == (2025, 2023)
    assert facts["main_revenue_growth_last_year"] is None
    assert facts["rd_expense_avg_2y_cny"] is None and facts["equity_financing_2y_cny"] is None
    assert facts["rd_expense_ratio_each_of_last_2y"] == [D("0.05"), None]
    assert facts["revenue_cagr_2y"] == D(0)  # 2023 is there: Y and Y-2 are what it needs


def test_zero_denominators_give_unknown_ratios() -> None:
    facts, _, _ = facts_from_years([row(2025, operating_revenue_fen=0, employees=0,
                                        total_assets_fen=0)])
    for name in ("rd_expense_ratio_last_year", "main_business_revenue_share", "rd_staff_share",
                 "debt_to_asset_ratio", "net_profit_margin"):
        assert facts[name] is None, name


@pytest.mark.parametrize(("awards", "expected"), [
    # st_award of Y, Y-1, Y-2 -> (any, national, national top 3, national top 5, provincial top 3)
    (("none", "none", "none"), (False, False, False, False, False)),
    (("none", "provincial", "none"), (True, False, False, False, False)),
    (("none", "none", "provincial_top3"), (True, False, False, False, True)),
    (("national_top3", None, None), (True, True, True, True, None)),
    (("none", "national", "none"), (True, True, False, False, False)),  # below the top 5
    (("none", "national_top5", "none"), (True, True, False, True, False)),
    (("none", None, "none"), (None, None, None, None, None)),
    (("provincial", None, "none"), (True, None, None, None, None)),
])
def test_three_year_award_flags(awards: tuple[Any, ...], expected: tuple[Any, ...]) -> None:
    rows = [row(2025 - i, st_award=a) for i, a in enumerate(awards)]
    facts, _, _ = facts_from_years(rows)
    got = tuple(facts[k] for k in ("st_award_3y", "national_st_award_3y",
                                   "national_st_award_top3_3y", "national_st_award_top5_3y",
                                   "provincial_st_award_top3_3y"))
    assert got == expected
    srdi.normalise_facts(facts)  # never contradictory


def test_three_year_flags_need_all_three_rows_for_false() -> None:
    facts, _, _ = facts_from_years([row(2025), row(2024)])  # 2023 unknown
    assert facts["st_award_3y"] is None and facts["maker_in_china_top500_3y"] is None
    facts, _, _ = facts_from_years([row(2025, maker_in_china="top50"), row(2024)])
    assert facts["maker_in_china_top50_3y"] is True and facts["maker_in_china_top500_3y"] is True


def test_award_older_than_three_years_does_not_count() -> None:
    rows = [row(2025), row(2024), row(2023), row(2022, st_award="national_top3")]
    assert facts_from_years(rows)[0]["st_award_3y"] is False


@pytest.mark.parametrize(("size", "sme"), [("micro", True), ("small", True), ("medium", True),
                                           ("large", False), (None, None)])
def test_sme_from_size_class(size: str | None, sme: bool | None) -> None:
    assert facts_from_years([row(2025)], size)[0]["sme"] is sme


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="size class"):
        facts_from_years([row(2025)], "huge")
    with pytest.raises(ValueError, match="two rows"):
        facts_from_years([row(2025), row(2025)])


def test_rd_institution_level_none_and_unknown() -> None:
    facts = facts_from_years([row(2025, rd_institution_level="none")])[0]
    assert (facts["has_rd_institution"], facts["provincial_rd_institution"]) == (False, False)
    facts = facts_from_years([row(2025, rd_institution_level=None)])[0]
    assert facts["has_rd_institution"] is None and facts["provincial_rd_institution"] is None


def test_unknown_lists_and_optional_columns() -> None:
    facts = facts_from_years([row(2025, valid_honours=None, quality_items=[],
                                  key_chain_link=True, srdi_development_score=55)])[0]
    assert facts["valid_honours"] is None and facts["quality_items"] == []
    assert facts["key_chain_link"] is True and facts["srdi_development_score"] == 55
    assert "priority_field" not in facts


def test_end_to_end_demo_like_enterprise() -> None:
    facts, year, _ = facts_from_years(THREE, "small", srdi_title=False, innovative_title=True)
    a = srdi.assess(facts)
    assert a.innovative.outcome == srdi.PASS           # High-tech enterprise: direct pass
    assert a.little_giant.outcome == srdi.FAIL         # no SRDI title, no certification
    assert year == 2025
