"""Fact sets shared by the SRDI assessment tests (imported by tests/rules/test_srdi_*.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from coop_desktop.rules import srdi

D = Decimal

# An enterprise that clears every tier of both versions by the "general" routes, with no
# direct pass (no award, honour, provincial R&D institution, equity or Maker in China).
# Facts that others imply (see srdi.IMPLICATIONS) are left out: a test that gives one of
# them must also release the fact that implies the opposite (e.g. st_award_3y=None).
STRONG: dict[str, Any] = {
    "sme": True,
    "innovative_title": True,
    "srdi_title": True,
    "years_in_segment": 6,
    "operating_revenue_last_year_cny": D(120_000_000),
    "rd_expense_last_year_cny": D(6_000_000),
    "rd_expense_ratio_last_year": D("0.05"),
    "rd_expense_ratio_each_of_last_2y": [D("0.05"), D("0.05")],
    "rd_expense_each_of_last_2y_cny": [D(6_000_000), D(6_000_000)],
    "rd_expense_avg_2y_cny": D(6_000_000),
    "rd_expense_total_2y_cny": D(12_000_000),
    "rd_staff_share": D("0.25"),
    "main_business_revenue_share": D("0.92"),
    "main_revenue_growth_last_year": D("0.15"),
    "main_revenue_growth_avg_2y": D("0.10"),
    "revenue_cagr_2y": D("0.08"),
    "debt_to_asset_ratio": D("0.40"),
    "net_profit_margin": D("0.10"),
    "equity_financing_2y_cny": D(0),
    "equity_financing_3y_cny": D(0),
    "class1_ip": 6,
    "class1_ip_self_developed": 5,
    "class1_ip_high_value": 1,
    "class1_ip_applied": 5,
    "class2_ip": 10,
    "leading_product_in_strategic_emerging_industry": True,
    "leading_product_field": "gap_filling",
    "st_award_3y": False,               # implies no national / provincial ranked award
    "maker_in_china_top500_3y": False,  # implies not in the top 50 either
    "valid_honours": [],
    "rd_institution_level": "municipal",  # implies an R&D institution, not a provincial one
    "digitalisation_level": 3,
    "quality_items": ["iso9001", "own_brand"],
    "distinctiveness_points": 10,
    "domestic_market_share": D("0.12"),
    "domestic_market_top3": True,
    "leading_market_position": True,
    "own_brand": True,
    "management_certification": True,
    "info_system_core_business": True,
    "key_chain_link": True,
    "priority_field": True,
    "srdi_development_score": 70,
}

def facts(**changes: Any) -> dict[str, Any]:
    """STRONG with some facts changed (None = not known)."""
    out = dict(STRONG)
    out.update(changes)
    return out


def only(**given: Any) -> dict[str, Any]:
    """Just these facts; everything else unknown."""
    return dict(given)


def tier(f: dict[str, Any], name: str, version: str = "2022") -> srdi.TierResult:
    return srdi.assess(f, version).tiers[name]


def indicator(f: dict[str, Any], ind_id: str, version: str = "2022") -> srdi.IndicatorScore:
    for t in srdi.assess(f, version).tiers.values():
        if t.score:
            for i in t.score.indicators:
                if i.id == ind_id:
                    return i
    raise KeyError(ind_id)
