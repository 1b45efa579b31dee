"""Validation and derived fields of an enterprise (pure functions on a dict of values).

``check`` collects every problem before raising, so a form can show all of them at once;
``warnings`` lists what is accepted but looks wrong (shown, never refused);
``derive`` fills what is computed, never typed: size class, pinyin and search tokens.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from coop_desktop import limits, rules, text
from coop_desktop import validation as v
from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.reference import regions

#: The longest texts of an enterprise (``coop_desktop.limits`` has every limit).
LIMITS = {name: spec.max for name, spec in limits.FIELDS["enterprise"].items()
          if isinstance(spec, limits.Text)}


def _clean_list(values: list[str] | None, *, upper: bool = False) -> list[str]:
    out: list[str] = []
    for raw in values or []:
        for part in text.normalize(raw).replace("，", ",").split(","):
            item = part.strip().upper() if upper else part.strip()
            if item and item not in out:
                out.append(item)
    return out


def normalise(values: dict[str, Any]) -> dict[str, Any]:
    """Trim texts (NFKC for codes), split and de-duplicate lists; returns a new dict."""
    out = dict(values)
    for key, value in values.items():
        if isinstance(value, str):
            value = value.strip()
            out[key] = value or None
    for key in ("export_markets", "target_countries"):
        if key in out:
            out[key] = _clean_list(out[key], upper=True)
    if "tags" in out:
        out["tags"] = _clean_list(out["tags"])
    if out.get("registered_capital_currency"):
        out["registered_capital_currency"] = out["registered_capital_currency"].upper()
    return out


def check(values: dict[str, Any], *, today: date) -> dict[str, Any]:
    """Validate a complete set of enterprise values; returns them normalised.

    Raises ValidationError listing every problem. The USCC is normalised here; its
    uniqueness is checked by the service, which can see the database.
    """
    values = normalise(values)
    over = limits.problems("enterprise", values)
    if any(not isinstance(limits.limit("enterprise", e.field), limits.Number) for e in over):
        raise ValidationError(over)  # first: the other checks may quote what was typed
    errors: list[FieldError] = []

    def add(err: FieldError | None) -> None:
        if err is not None:
            errors.append(err)

    add(v.check_required("name_zh", values.get("name_zh")))
    try:
        values["uscc"] = v.normalize_uscc(values.get("uscc") or "")
    except ValidationError as exc:
        errors.extend(exc.errors)
    for name in ("registered_capital_fen", "revenue_fen", "total_assets_fen", "rd_expense_fen",
                 "employees", "rd_staff"):
        add(v.check_non_negative(name, values.get(name)))
    add(v.check_percent("main_business_share", values.get("main_business_share")))
    add(v.check_not_future("established_on", values.get("established_on"), today))
    add(v.check_url("website", values.get("website")))
    add(v.check_country_codes("export_markets", values.get("export_markets") or []))
    add(v.check_country_codes("target_countries", values.get("target_countries") or []))
    currency = values.get("registered_capital_currency") or "CNY"
    if len(currency) != 3 or not currency.isalpha():
        errors.append(FieldError("registered_capital_currency",
                                 Message(N_("Use a three-letter currency code such as CNY."))))
    level = values.get("digitalisation_level")
    if level is not None and not 1 <= level <= 4:
        errors.append(FieldError("digitalisation_level",
                                 Message(N_("The digitalisation level is from 1 to 4."))))
    staff, rd_staff = values.get("employees"), values.get("rd_staff")
    if staff is not None and rd_staff is not None and rd_staff > staff:
        errors.append(FieldError("rd_staff",
                                 Message(N_("R&D staff cannot exceed the number of employees."))))
    industry = values.get("industry")
    if industry and industry not in rules.INDUSTRIES:
        errors.append(FieldError("industry", Message(N_("Choose an industry from the list."))))
    _check_region(values, add, errors)
    flagged = {e.field for e in errors}
    errors += [e for e in over if e.field not in flagged]  # a number out of range
    if errors:
        raise ValidationError(errors)
    return values


def warnings(values: dict[str, Any]) -> list[FieldError]:
    """What is accepted but looks wrong: shown next to its field, never a reason to refuse.

    Today the USCC's plausibility (``validation.uscc_warnings``: an unknown registration
    authority or category, a region outside GB/T 2260, zeros, the embedded organisation
    code's check character). Nothing for a code ``check`` refuses: its error says more.
    """
    uscc = values.get("uscc")
    if not isinstance(uscc, str):
        return []
    return [FieldError(v.USCC_FIELD, message) for message in v.uscc_warnings(uscc)]


def _check_region(values: dict[str, Any], add: Any, errors: list[FieldError]) -> None:
    province, city = values.get("province_code"), values.get("city_code")
    add(v.check_region_code("province_code", province))
    add(v.check_region_code("city_code", city))
    if city and (region := regions.lookup(city)) is not None:
        parent = regions.province_of(city)
        if province and parent is not None and parent.code != province:
            errors.append(FieldError("city_code", Message(
                N_("{city} is not in the chosen province."), {"city": region.name_zh})))
        if not province and parent is not None:
            values["province_code"] = parent.code
        if region.level == "city":
            values["city_zh"] = values.get("city_zh") or region.name_zh
            values["city_en"] = values.get("city_en") or region.name_en


def derive(values: dict[str, Any]) -> dict[str, Any]:
    """The computed columns for ``values`` (a complete, checked set)."""
    size: str | None = None
    industry = values.get("industry")
    if industry:
        try:
            size = rules.size_class(
                industry,
                employees=values.get("employees"),
                revenue_cny=_yuan(values.get("revenue_fen")),
                assets_cny=_yuan(values.get("total_assets_fen")),
            )
        except ValidationError:
            size = None  # not enough figures yet: shown as "unknown"
    return {
        "size_class": size,
        "size_standard": rules.STANDARD_VERSION if size else None,
        "name_pinyin": text.pinyin(values.get("name_zh")) or None,
        "search_tokens": text.search_tokens(
            values.get("name_zh"), values.get("city_zh"), *(values.get("tags") or []),
            words=(values.get("name_en"), values.get("city_en"), " ".join(values.get("tags") or [])),
        ),
    }


def _yuan(fen: int | None) -> Any:
    from decimal import Decimal

    return None if fen is None else Decimal(fen) / 100
