"""How an item of a shipped reference file becomes the column values of its row.

The files (``resources/reference/*.json``) hold more than the rows store: ``sources``
(the URLs the facts come from), ``research_note`` and ``confidence_zh`` are for developers
and for the Chinese rendering of the label; the row gets the user-facing citation
(``source``), the short English ``confidence`` label and the facts. Columns a user fills
(``notes``, contacts, website…) are never part of these values, so a newer shipped
version never touches them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from coop_desktop.reference import regions


def _province_code(name_zh: str | None) -> str | None:
    if not name_zh:
        return None
    for region in regions.provinces():
        if region.name_zh == name_zh:
            return region.code
    return None


def _source(item: dict[str, Any]) -> str | None:
    """The citation users see; an item without one shows its URLs (older files did)."""
    return item.get("source") or "\n".join(item.get("sources") or []) or None


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _place(item: dict[str, Any]) -> dict[str, Any]:
    """Province and city: the codes from the item (else found from the Chinese province
    name), the English names from the item (else from the GB/T 2260 list)."""
    province_code = item.get("province_code") or _province_code(item.get("province_zh"))
    city_code = item.get("city_code")
    province = regions.lookup(province_code)
    city = regions.lookup(city_code)
    return {
        "province_code": province_code,
        "city_code": city_code,
        "province_zh": item.get("province_zh") or (province.name_zh if province else None),
        "province_en": item.get("province_en") or (province.name_en if province else None),
        "city_zh": item.get("city_zh") or (city.name_zh if city else None),
        "city_en": item.get("city_en") or (city.name_en if city else None),
    }


def zone_values(item: dict[str, Any]) -> dict[str, Any]:
    """A shipped zone (``zones.json`` item) as Zone column values."""
    place = _place(item)
    return {
        "name_zh": item["name_zh"],
        "name_en": item.get("name_en"),
        "partner_countries": list(item.get("partners") or []),
        "partner_label_zh": item.get("partner_label_zh"),
        "partner_label_en": item.get("partner_label_en"),
        "province_code": place["province_code"],
        "province_zh": place["province_zh"],
        "province_en": place["province_en"],
        "city_zh": item.get("city_zh"),
        "city_en": item.get("city_en"),
        "recognised_year": item.get("recognised"),
        "batch": item.get("batch"),
        "valid_until_year": item.get("valid_until"),
        "approval_document": item.get("approval_document"),
        "approved_on": _date(item.get("approved_on")),
        "focus_industries_zh": "；".join(item.get("focus_industries_zh") or []) or None,
        "focus_industries_en": "; ".join(item.get("focus_industries_en") or []) or None,
        "source": _source(item),
        "confidence": item.get("confidence"),
    }


def cluster_values(item: dict[str, Any]) -> dict[str, Any]:
    """A shipped SME cluster (``clusters.json`` item) as SmeCluster column values."""
    return {
        "name_zh": item["name_zh"],
        "name_en": item.get("name_en"),
        **_place(item),
        "industry_zh": item.get("industry_zh"),
        "industry_en": item.get("industry_en"),
        "list_year": item.get("list_year"),
        "approval_document": item.get("approval_document"),
        "valid_until_year": item.get("valid_until_year"),
        "source": _source(item),
        "confidence": item.get("confidence"),
    }


def pilot_city_values(item: dict[str, Any]) -> dict[str, Any]:
    """A shipped pilot city (``pilot_cities.json`` item) as PilotCity column values."""
    return {
        "name_zh": item["name_zh"],
        "name_en": item.get("name_en"),
        **_place(item),
        "batch": item.get("batch"),
        "list_year": item.get("list_year"),
        "approval_document": item.get("approval_document"),
        "source": _source(item),
        "confidence": item.get("confidence"),
    }


def term_values(item: dict[str, Any]) -> dict[str, Any]:
    return {"zh": item["zh"], "en": item["en"], "note": item.get("note")}
