"""SME size classification (工信部联企业〔2011〕300号)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from coop_desktop import paths
from coop_desktop.errors import ValidationError
from coop_desktop.rules import (
    INDUSTRIES,
    SIZE_CLASSES,
    STANDARD_VERSION,
    industry_label,
    size_class,
    size_class_label,
)

WAN = 10_000  # yuan per 万元


def test_data_file_has_all_16_industries() -> None:
    data = json.loads(paths.resource("size_standard", "miit-2011-300.json").read_text("utf-8"))
    assert data["version"] == "miit-2011-300" == STANDARD_VERSION
    assert data["confidence"] == "confirmed"
    assert set(data["industries"]) == set(INDUSTRIES)
    assert len(INDUSTRIES) == 16
    assert INDUSTRIES[0] == "agriculture" and INDUSTRIES[-1] == "other"
    for row in data["industries"].values():
        assert row["label_zh"] and row["label_en"]
        for part in ("ceiling", "medium", "small"):
            assert set(row[part]) <= {"employees", "revenue", "assets"}
        assert set(row["medium"]) == set(row["small"])
        for k in row["medium"]:
            assert row["medium"][k] >= row["small"][k]


def test_transcribed_thresholds_spot_check() -> None:
    data = json.loads(paths.resource("size_standard", "miit-2011-300.json").read_text("utf-8"))
    ind = data["industries"]
    assert ind["industry"] == {
        **ind["industry"],
        "ceiling": {"employees": 1000, "revenue": 40000},
        "medium": {"employees": 300, "revenue": 2000},
        "small": {"employees": 20, "revenue": 300},
    }
    assert ind["real_estate_development"]["ceiling"] == {"revenue": 200000, "assets": 10000}
    assert ind["leasing_business_services"]["medium"] == {"employees": 100, "assets": 8000}
    assert ind["software_it"]["small"] == {"employees": 10, "revenue": 50}


# --- industry: staff 1000 / rev 40000 ceiling; medium 300 & 2000; small 20 & 300 ---


def test_industry_boundaries() -> None:
    assert size_class("industry", employees=300, revenue_cny=2000 * WAN) == "medium"
    assert size_class("industry", employees=299, revenue_cny=2000 * WAN) == "small"
    assert size_class("industry", employees=300, revenue_cny=2000 * WAN - 1) == "small"
    assert size_class("industry", employees=20, revenue_cny=300 * WAN) == "small"
    assert size_class("industry", employees=19, revenue_cny=300 * WAN) == "micro"
    assert size_class("industry", employees=20, revenue_cny=300 * WAN - 1) == "micro"
    # Ceiling: at the cap on both is large; below on either one is an SME.
    assert size_class("industry", employees=1000, revenue_cny=40000 * WAN) == "large"
    assert size_class("industry", employees=999, revenue_cny=90000 * WAN) == "medium"
    assert size_class("industry", employees=5000, revenue_cny=40000 * WAN - 1) == "medium"


def test_agriculture_revenue_only() -> None:
    assert size_class("agriculture", revenue_cny=20000 * WAN) == "large"
    assert size_class("agriculture", revenue_cny=20000 * WAN - 1) == "medium"
    assert size_class("agriculture", revenue_cny=500 * WAN) == "medium"
    assert size_class("agriculture", revenue_cny=500 * WAN - 1) == "small"
    assert size_class("agriculture", revenue_cny=50 * WAN) == "small"
    assert size_class("agriculture", revenue_cny=50 * WAN - 1) == "micro"
    # Employees are not part of the agriculture rule.
    assert size_class("agriculture", employees=100_000, revenue_cny=60 * WAN) == "small"


def test_construction_revenue_and_assets() -> None:
    assert size_class("construction", revenue_cny=6000 * WAN, assets_cny=5000 * WAN) == "medium"
    assert size_class("construction", revenue_cny=6000 * WAN, assets_cny=5000 * WAN - 1) == "small"
    assert size_class("construction", revenue_cny=300 * WAN, assets_cny=300 * WAN) == "small"
    assert size_class("construction", revenue_cny=299 * WAN, assets_cny=9000 * WAN) == "micro"
    assert size_class("construction", revenue_cny=80000 * WAN, assets_cny=80000 * WAN) == "large"
    assert size_class("construction", revenue_cny=80000 * WAN, assets_cny=79999 * WAN) == "medium"


def test_wholesale_boundaries() -> None:
    assert size_class("wholesale", employees=20, revenue_cny=5000 * WAN) == "medium"
    assert size_class("wholesale", employees=19, revenue_cny=5000 * WAN) == "small"
    assert size_class("wholesale", employees=5, revenue_cny=1000 * WAN) == "small"
    assert size_class("wholesale", employees=4, revenue_cny=1000 * WAN) == "micro"
    assert size_class("wholesale", employees=200, revenue_cny=40000 * WAN) == "large"
    assert size_class("wholesale", employees=199, revenue_cny=40000 * WAN) == "medium"


def test_software_it_boundaries() -> None:
    assert size_class("software_it", employees=100, revenue_cny=1000 * WAN) == "medium"
    assert size_class("software_it", employees=99, revenue_cny=1000 * WAN) == "small"
    assert size_class("software_it", employees=10, revenue_cny=50 * WAN) == "small"
    assert size_class("software_it", employees=10, revenue_cny=50 * WAN - 1) == "micro"
    assert size_class("software_it", employees=300, revenue_cny=10000 * WAN) == "large"
    assert size_class("software_it", employees=300, revenue_cny=10000 * WAN - 1) == "medium"


def test_real_estate_development_boundaries() -> None:
    f = "real_estate_development"
    assert size_class(f, revenue_cny=1000 * WAN, assets_cny=5000 * WAN) == "medium"
    assert size_class(f, revenue_cny=999 * WAN, assets_cny=5000 * WAN) == "small"
    assert size_class(f, revenue_cny=100 * WAN, assets_cny=2000 * WAN) == "small"
    assert size_class(f, revenue_cny=100 * WAN, assets_cny=2000 * WAN - 1) == "micro"
    assert size_class(f, revenue_cny=200000 * WAN, assets_cny=10000 * WAN) == "large"
    # Assets below 10,000 万元 make it an SME whatever the revenue.
    assert size_class(f, revenue_cny=500000 * WAN, assets_cny=9999 * WAN) == "medium"


def test_leasing_and_other() -> None:
    f = "leasing_business_services"
    assert size_class(f, employees=100, assets_cny=8000 * WAN) == "medium"
    assert size_class(f, employees=100, assets_cny=7999 * WAN) == "small"
    assert size_class(f, employees=9, assets_cny=7999 * WAN) == "micro"
    assert size_class(f, employees=300, assets_cny=120000 * WAN) == "large"
    assert size_class("other", employees=300) == "large"
    assert size_class("other", employees=299) == "medium"
    assert size_class("other", employees=100) == "medium"
    assert size_class("other", employees=99) == "small"
    assert size_class("other", employees=10) == "small"
    assert size_class("other", employees=9) == "micro"
    assert size_class("other", employees=0) == "micro"


def test_decimal_amounts_are_exact() -> None:
    assert size_class("retail", employees=50, revenue_cny=Decimal("5000000.00")) == "medium"
    assert size_class("retail", employees=50, revenue_cny=Decimal("4999999.99")) == "small"


@pytest.mark.parametrize(
    ("industry", "kwargs", "missing"),
    [
        ("industry", {"employees": 50}, ["revenue_cny"]),
        ("industry", {"revenue_cny": 500 * WAN}, ["employees"]),
        ("industry", {}, ["employees", "revenue_cny"]),
        ("agriculture", {"employees": 3}, ["revenue_cny"]),
        ("construction", {"revenue_cny": 100_000 * WAN}, ["assets_cny"]),
        ("leasing_business_services", {"employees": 150}, ["assets_cny"]),
        ("real_estate_development", {"assets_cny": 3000 * WAN}, ["revenue_cny"]),
    ],
)
def test_missing_indicator_is_named(industry: str, kwargs: dict, missing: list[str]) -> None:
    with pytest.raises(ValidationError) as info:
        size_class(industry, **kwargs)
    assert [e.field for e in info.value.errors] == missing


def test_missing_indicator_message_names_the_figure() -> None:
    with pytest.raises(ValidationError) as info:
        size_class("industry", employees=50)
    assert "operating revenue" in str(info.value)
    with pytest.raises(ValidationError) as info:
        size_class("leasing_business_services", employees=150)
    assert "total assets" in str(info.value)
    with pytest.raises(ValidationError) as info:
        size_class("other")
    assert "employees" in str(info.value)


def test_decided_without_the_missing_figure() -> None:
    # Below the small threshold on one indicator: micro, whatever the other one is.
    assert size_class("industry", employees=5) == "micro"
    assert size_class("construction", revenue_cny=100 * WAN) == "micro"
    assert size_class("real_estate_development", assets_cny=1000 * WAN) == "micro"


def test_ceiling_alone_does_not_decide_medium_or_small() -> None:
    # 2,000 staff (ceiling not passed by staff) and unknown revenue: cannot decide.
    with pytest.raises(ValidationError) as info:
        size_class("industry", employees=2000)
    assert [e.field for e in info.value.errors] == ["revenue_cny"]


def test_bad_inputs() -> None:
    with pytest.raises(ValueError):
        size_class("mining", employees=10, revenue_cny=1)
    with pytest.raises(TypeError):
        size_class("industry", employees=10, revenue_cny=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as info:
        size_class("industry", employees=-1, revenue_cny=1)
    assert info.value.errors[0].field == "employees"


def test_labels() -> None:
    assert industry_label("industry", "zh_CN") == "工业"
    assert industry_label("software_it", "zh_CN") == "软件和信息技术服务业"
    assert industry_label("software_it", "en").startswith("Software")
    assert [size_class_label(k, "zh_CN") for k in SIZE_CLASSES] == ["中型", "小型", "微型", "大型"]
    assert size_class_label("large", "en") == "Large (not an SME)"
    assert size_class_label("micro", "zh-CN") == "微型"
    for key in INDUSTRIES:
        assert industry_label(key, "zh_CN") != industry_label(key, "en")
    with pytest.raises(ValueError):
        industry_label("nope", "en")
    with pytest.raises(ValueError):
        size_class_label("tiny", "en")
