"""An enterprise's yearly figures (``EnterpriseYear``), what the SRDI assessment reads.

One live row per enterprise and year, audited like every record. The checks keep the
figures coherent (R&D staff within the staff, main business within the revenue, the
Class I sub-counts within the Class I count) so an assessment never reads nonsense.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from coop_desktop import validation as v
from coop_desktop.db import Database
from coop_desktop.errors import FieldError, Message
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    Enterprise,
    EnterpriseYear,
    EnterpriseYearCreate,
    EnterpriseYearRead,
    EnterpriseYearUpdate,
)
from coop_desktop.models.srdi import (
    HONOURS,
    LEADING_PRODUCT_FIELDS,
    MAKER_IN_CHINA,
    QUALITY_ITEMS,
    RD_INSTITUTION_LEVELS,
    ST_AWARDS,
)
from coop_desktop.services.kinds import RecordKind, raise_if

FIRST_YEAR = 1949
MONEY = ("operating_revenue_fen", "main_business_revenue_fen", "rd_expense_fen",
         "total_assets_fen", "total_liabilities_fen", "equity_financing_fen")
COUNTS = ("employees", "rd_staff", "class1_ip", "class1_ip_self_developed",
          "class1_ip_high_value", "class1_ip_applied", "class2_ip", "years_in_segment")
CHOICES: dict[str, tuple[str, ...]] = {
    "leading_product_field": LEADING_PRODUCT_FIELDS,
    "rd_institution_level": RD_INSTITUTION_LEVELS,
    "st_award": ST_AWARDS,
    "maker_in_china": MAKER_IN_CHINA,
}
LISTS: dict[str, tuple[str, ...]] = {"valid_honours": HONOURS, "quality_items": QUALITY_ITEMS}
#: Money beyond this (1 trillion yuan) is a typing slip, not an SME's figure.
MONEY_MAX_FEN = 10**12 * 100

MSG_YEAR = N_("Enter a year from {first} to {last}.")
MSG_YEAR_TAKEN = N_("This enterprise already has figures for {year}: edit that year instead.")
MSG_NOT_ABOVE = N_("This cannot be more than {other}.")
MSG_RANGE = N_("Enter a whole number from {min} to {max}.")
MSG_CHOICE = N_("Choose a value from the list.")
MSG_TOO_LARGE = N_("This amount is too large.")

_LABELS = {
    "operating_revenue_fen": N_("Operating revenue"),
    "employees": N_("Employees"),
    "class1_ip": N_("Class I IP"),
}


def _not_above(field: str, value: Any, limit_field: str, limit: Any) -> FieldError | None:
    if value is None or limit is None or value <= limit:
        return None
    return FieldError(field, Message(MSG_NOT_ABOVE, {"other": Message(_LABELS[limit_field])}))


def _range(field: str, value: int | None, low: int, high: int) -> FieldError | None:
    if value is None or low <= value <= high:
        return None
    return FieldError(field, Message(MSG_RANGE, {"min": low, "max": high}))


def check_year(session: Session, values: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    values = {k: (x.strip() or None) if isinstance(x, str) else x for k, x in values.items()}
    for name in LISTS:
        values[name] = [x.strip() for x in values.get(name) or [] if x and x.strip()]
    today = date.today()
    year = values.get("year")
    errors: list[FieldError | None] = []
    if year is None or not FIRST_YEAR <= year <= today.year:
        errors.append(FieldError("year", Message(MSG_YEAR, {"first": FIRST_YEAR, "last": today.year})))
    for name in MONEY + COUNTS:
        errors.append(v.check_non_negative(name, values.get(name)))
    for name in (*MONEY, "net_profit_fen"):
        amount = values.get(name)
        if amount is not None and abs(amount) > MONEY_MAX_FEN:
            errors.append(FieldError(name, Message(MSG_TOO_LARGE)))
    errors += [
        v.check_percent("domestic_market_share_pct", values.get("domestic_market_share_pct")),
        _range("digitalisation_level", values.get("digitalisation_level"), 1, 4),
        _range("distinctiveness_points", values.get("distinctiveness_points"), 0, 15),
        _range("srdi_development_score", values.get("srdi_development_score"), 0, 100),
        _not_above("main_business_revenue_fen", values.get("main_business_revenue_fen"),
                   "operating_revenue_fen", values.get("operating_revenue_fen")),
        _not_above("rd_staff", values.get("rd_staff"), "employees", values.get("employees")),
    ]
    for name in ("class1_ip_self_developed", "class1_ip_high_value", "class1_ip_applied"):
        errors.append(_not_above(name, values.get(name), "class1_ip", values.get("class1_ip")))
    for name, allowed in CHOICES.items():
        if values.get(name) is not None and values[name] not in allowed:
            errors.append(FieldError(name, Message(MSG_CHOICE)))
    for name, allowed in LISTS.items():
        if any(x not in allowed for x in values[name]):
            errors.append(FieldError(name, Message(MSG_CHOICE)))
    raise_if(errors)
    taken = session.exec(select(EnterpriseYear.id).where(
        EnterpriseYear.enterprise_id == values["enterprise_id"], EnterpriseYear.year == year,
        col(EnterpriseYear.deleted_at).is_(None), EnterpriseYear.id != (own_id or -1),
    )).first()
    if taken is not None:
        raise_if([FieldError("year", Message(MSG_YEAR_TAKEN, {"year": year}))])
    return values


years = RecordKind(EnterpriseYear, EnterpriseYearCreate, EnterpriseYearUpdate, EnterpriseYearRead,
                   check_year, parent=(Enterprise, "enterprise_id"), order_by="year")


def for_enterprise(db: Database, enterprise_id: int) -> list[EnterpriseYearRead]:
    """The enterprise's yearly figures, newest first."""
    return list(reversed(years.list(db, enterprise_id=enterprise_id)))


def as_mapping(row: EnterpriseYearRead) -> dict[str, Any]:
    """A row as the plain mapping ``rules.srdi_facts`` reads (column names, raw units)."""
    return row.model_dump(exclude={"id", "enterprise_id", "created_at", "updated_at"})
