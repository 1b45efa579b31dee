"""Yearly figures: one row per year, coherent numbers, audited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coop_desktop.errors import ValidationError
from coop_desktop.services import enterprises, srdi_years
from coop_desktop.services.srdi_years import years


@pytest.fixture
def ent(db):
    return enterprises.create(db, {"name_zh": "宁波新材料有限公司", "uscc": "914403001922038216"}).value


def _fields(exc):
    return {e.field for e in exc.value.errors}


def test_rows_newest_first_and_one_per_year(db, ent):
    years.create(db, {"enterprise_id": ent.id, "year": 2024, "operating_revenue_fen": 5_000_000_00})
    years.create(db, {"enterprise_id": ent.id, "year": 2025, "rd_expense_fen": 300_000_00,
                      "domestic_market_share_pct": Decimal("12.5"), "valid_honours": ["high_tech_enterprise"]})
    assert [r.year for r in srdi_years.for_enterprise(db, ent.id)] == [2025, 2024]
    with pytest.raises(ValidationError) as exc:
        years.create(db, {"enterprise_id": ent.id, "year": 2025})
    assert _fields(exc) == {"year"}
    newest = srdi_years.as_mapping(srdi_years.for_enterprise(db, ent.id)[0])
    assert newest["domestic_market_share_pct"] == Decimal("12.50")
    assert newest["valid_honours"] == ["high_tech_enterprise"]
    assert newest["operating_revenue_fen"] is None  # unknown stays unknown


def test_incoherent_figures_are_refused_with_every_problem(db, ent):
    with pytest.raises(ValidationError) as exc:
        years.create(db, {
            "enterprise_id": ent.id, "year": 1900, "operating_revenue_fen": 100,
            "main_business_revenue_fen": 200, "employees": 10, "rd_staff": 11,
            "class1_ip": 1, "class1_ip_high_value": 2, "digitalisation_level": 5,
            "distinctiveness_points": 16, "domestic_market_share_pct": Decimal("101"),
            "rd_expense_fen": -1, "st_award": "galactic", "quality_items": ["iso9001", "x"],
        })
    assert _fields(exc) == {
        "year", "main_business_revenue_fen", "rd_staff", "class1_ip_high_value",
        "digitalisation_level", "distinctiveness_points", "domestic_market_share_pct",
        "rd_expense_fen", "st_award", "quality_items"}
    assert srdi_years.for_enterprise(db, ent.id) == []


def test_edit_is_audited_and_net_profit_may_be_negative(db, ent):
    row = years.create(db, {"enterprise_id": ent.id, "year": 2025}).value
    years.update(db, row.id, {"net_profit_fen": -12_000_00})
    assert years.get(db, row.id).net_profit_fen == -12_000_00
    fields = {h.field for h in years.history(db, row.id)}
    assert "net_profit_fen" in fields
