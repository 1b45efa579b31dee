"""The SRDI report's yearly rows: as SQL reads them, as mappings, and straight to the facts.

:data:`YEAR_COLUMNS` are the ``enterprise_year`` columns the facts read, in the order
``srdi_report_read.SQL_YEARS`` selects them; :func:`year_row` turns one raw row into the
mapping :func:`coop_desktop.services.srdi_years.as_mapping` gives (what
:func:`coop_desktop.rules.srdi_facts.facts_from_years` reads).

:func:`quick_facts` is the batch's short cut: from an enterprise's raw rows to what
``normalise_facts(facts_from_years(rows, size_for(...), …))`` gives, the size class and
the year used — in one pass over tuples, without building a mapping per row or checking
each fact again (~15 µs instead of ~75). It is written as those functions are, expression
for expression (the same ``Decimal`` operations in the same order), and handles only the
usual case: numbers are ``int``, codes are known, no two rows of a year, every figure in
its range. For anything else it returns None and the caller takes the reference path,
which decides (and raises where it raises). ``tests/services/test_srdi_report_facts.py``
compares the two on thousands of generated enterprises, edge values included. When the
yearly figures gain a column this module does not know, :data:`ENABLED` turns False (the
reference path for every enterprise) and that test says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any

from coop_desktop import rules
from coop_desktop.errors import ValidationError
from coop_desktop.rules import srdi
from coop_desktop.rules.srdi_facts import SME_CLASSES, YUAN, _sqrt


def _year_columns() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...],
                            tuple[tuple[str, Decimal], ...]]:
    """The ``enterprise_year`` columns the facts read (every field of the yearly figures but
    ``notes``) and which of them are booleans, lists and scaled decimals (from the model, so
    a column added by a migration is read too)."""
    from sqlalchemy import Boolean

    from coop_desktop.models.srdi import EnterpriseYear, EnterpriseYearBase
    from coop_desktop.models.types import DelimitedList, ScaledDecimal

    names = tuple(n for n in EnterpriseYearBase.model_fields if n != "notes")
    table = EnterpriseYear.__table__.columns  # type: ignore[attr-defined]
    bools = tuple(n for n in names if isinstance(table[n].type, Boolean))
    lists = tuple(n for n in names if isinstance(table[n].type, DelimitedList))
    scaled = tuple((n, Decimal(1).scaleb(-table[n].type.places)) for n in names
                   if isinstance(table[n].type, ScaledDecimal))
    return names, bools, lists, scaled


YEAR_COLUMNS, BOOL_COLUMNS, LIST_COLUMNS, SCALED_COLUMNS = _year_columns()
_BOOL_AT = tuple(YEAR_COLUMNS.index(n) for n in BOOL_COLUMNS)
_LIST_AT = tuple(YEAR_COLUMNS.index(n) for n in LIST_COLUMNS)
_SCALED_AT = tuple((YEAR_COLUMNS.index(n), unit) for n, unit in SCALED_COLUMNS)


def year_row(raw: Sequence[Any]) -> dict[str, Any]:
    """A yearly row (without its enterprise id) as ``srdi_years.as_mapping`` gives it: 0/1
    as booleans, ``,a,b,`` as a list, scaled integers as Decimals."""
    values = list(raw)
    for i in _BOOL_AT:
        if values[i] is not None:
            values[i] = bool(values[i])
    for i in _LIST_AT:
        text = values[i]
        values[i] = [v for v in text.split(",") if v] if text else []
    for i, unit in _SCALED_AT:
        if values[i] is not None:
            values[i] = (Decimal(values[i]) * unit).quantize(unit)
    return dict(zip(YEAR_COLUMNS, values, strict=True))


def size_for_raw(industry: str | None, recorded: str | None, year: Sequence[Any] | None
                 ) -> str | None:
    """``srdi_assess.size_for`` on the raw row of the newest complete year (None: there is
    none)."""
    if industry and year is not None:
        assets = year[_ASSETS]
        found = _size_class(industry, year[_EMPLOYEES], Decimal(year[_REVENUE]) / 100,
                            None if assets is None else Decimal(assets) / 100)
        if found is not None:
            return found
    return recorded


#: (industry, which figures are missing or negative, each comparison of a figure with a
#: threshold of the standard) -> what ``rules.size_class`` said (None: it refused)
_SIZES: dict[tuple[Any, ...], str | None] = {}
_LIMITS: dict[str, tuple[tuple[int, Decimal], ...] | None] = {}
_INDEX = {"employees": 0, "revenue": 1, "assets": 2}


def _limits(industry: str) -> tuple[tuple[int, Decimal], ...] | None:
    """Every threshold ``rules.size_class`` compares a figure with for ``industry``: (which
    figure, threshold), from the size module itself; None when that cannot be read (then
    nothing is remembered)."""
    try:
        from coop_desktop.rules import size

        row = size.standard()["industries"].get(industry)
        if row is None:
            return ()
        return tuple((_INDEX[k], limit) for part in ("ceiling", "medium", "small")
                     for k, limit in size._thresholds(row[part]))
    except (AttributeError, KeyError, TypeError):
        return None


def _size_class(industry: str, employees: Any, revenue: Decimal, assets: Decimal | None
                ) -> str | None:
    """``rules.size_class(industry, employees=…, revenue_cny=…, assets_cny=…)``, None where
    it raises ValueError / ValidationError. Its answer depends only on which figures are
    missing or negative and on how each compares with the industry's thresholds, so it is
    remembered per those (~1 µs instead of ~5)."""
    limits = _LIMITS.get(industry, False)
    if limits is False:
        limits = _LIMITS[industry] = _limits(industry)
    key = None
    if limits is not None:
        values = (employees, revenue, assets)
        key = (industry, *[v is None or v < 0 for v in values],
               *[v is None for v in values],
               *[values[i] is not None and values[i] < limit for i, limit in limits])
        if key in _SIZES:
            return _SIZES[key]
    try:
        found: str | None = rules.size_class(industry, employees=employees, revenue_cny=revenue,
                                             assets_cny=assets)
    except (ValueError, ValidationError):
        found = None
    if key is not None:
        _SIZES[key] = found
    return found


# ------------------------------------------------------------------ the short cut
#: The columns :func:`quick_facts` knows what to do with; any other turns it off.
KNOWN_COLUMNS = frozenset({
    "year", "operating_revenue_fen", "main_business_revenue_fen", "rd_expense_fen",
    "net_profit_fen", "total_assets_fen", "total_liabilities_fen", "equity_financing_fen",
    "employees", "rd_staff", "class1_ip", "class1_ip_self_developed", "class1_ip_high_value",
    "class1_ip_applied", "class2_ip", "years_in_segment", "digitalisation_level",
    "distinctiveness_points", "domestic_market_share_pct",
    "leading_product_in_strategic_emerging_industry", "own_brand", "management_certification",
    "info_system_core_business", "key_chain_link", "priority_field", "domestic_market_top3",
    "leading_market_position", "srdi_development_score", "leading_product_field",
    "rd_institution_level", "st_award", "maker_in_china", "valid_honours", "quality_items"})
ENABLED = (frozenset(YEAR_COLUMNS) == KNOWN_COLUMNS
           and set(BOOL_COLUMNS) == {"leading_product_in_strategic_emerging_industry",
                                     "own_brand", "management_certification",
                                     "info_system_core_business", "key_chain_link",
                                     "priority_field", "domestic_market_top3",
                                     "leading_market_position"}
           and set(LIST_COLUMNS) == {"valid_honours", "quality_items"}
           and [n for n, _ in SCALED_COLUMNS] == ["domestic_market_share_pct"])

_AT = {name: i for i, name in enumerate(YEAR_COLUMNS)}
_YEAR, _REVENUE, _RD, _MAIN = (_AT.get(n, -1) for n in (
    "year", "operating_revenue_fen", "rd_expense_fen", "main_business_revenue_fen"))
_PROFIT, _ASSETS, _LIABILITIES, _EQUITY, _EMPLOYEES, _RD_STAFF = (_AT.get(n, -1) for n in (
    "net_profit_fen", "total_assets_fen", "total_liabilities_fen", "equity_financing_fen",
    "employees", "rd_staff"))
_SHARE_PCT, _LEVEL, _AWARD, _MAKER, _HONOURS, _QUALITY = (_AT.get(n, -1) for n in (
    "domestic_market_share_pct", "rd_institution_level", "st_award", "maker_in_china",
    "valid_honours", "quality_items"))
#: the columns that must hold whole numbers (or NULL) for the short cut
_NUMBERS = itemgetter(*(_AT[n] for n in (
    "year", "operating_revenue_fen", "main_business_revenue_fen", "rd_expense_fen",
    "net_profit_fen", "total_assets_fen", "total_liabilities_fen", "equity_financing_fen",
    "employees", "rd_staff", "class1_ip", "class1_ip_self_developed", "class1_ip_high_value",
    "class1_ip_applied", "class2_ip", "years_in_segment", "digitalisation_level",
    "distinctiveness_points", "domestic_market_share_pct", "srdi_development_score")
    if n in _AT)) if ENABLED else None
_WHOLE = frozenset({int, type(None)})
#: facts read as they are (``facts_from_years``' pass-through and optional keys)
_COUNTS = tuple((n, _AT[n]) for n in (
    "class1_ip", "class1_ip_self_developed", "class1_ip_high_value", "class1_ip_applied",
    "class2_ip", "years_in_segment", "digitalisation_level", "distinctiveness_points",
    "srdi_development_score") if n in _AT)
_FLAGS = tuple((n, _AT[n]) for n in (
    "leading_product_in_strategic_emerging_industry", "own_brand", "management_certification",
    "info_system_core_business", "key_chain_link", "priority_field", "domestic_market_top3",
    "leading_market_position") if n in _AT)
_CODES = tuple((n, _AT[n], srdi.FACT_INFO[n].codes)
               for n in ("leading_product_field", "rd_institution_level") if n in _AT)
_PCT_UNIT = dict(SCALED_COLUMNS).get("domestic_market_share_pct", Decimal("0.01"))
#: facts with a range, checked once made: (name, lowest, highest); lists of two apart
_RANGED = tuple((name, lo, hi, srdi.FACT_INFO[name].unit in ("fractions", "yuans"))
                for name, (lo, hi) in srdi.BOUNDS.items() if lo is not None or hi is not None)
_RANGED_ONE = tuple((name, lo, hi) for name, lo, hi, pair in _RANGED if not pair)
_RANGED_TWO = tuple((name, lo, hi) for name, lo, hi, pair in _RANGED if pair)
_NO_ROW: tuple[Any, ...] = (None,) * len(YEAR_COLUMNS)
_NONE3 = ("none", "none", "none")
_NO_AWARD = dict.fromkeys(("st_award_3y", "national_st_award_3y", "national_st_award_top3_3y",
                           "national_st_award_top5_3y", "provincial_st_award_top3_3y"), False)
_NO_MAKER = dict.fromkeys(("maker_in_china_top50_3y", "maker_in_china_top500_3y"), False)


def quick_facts(raws: Sequence[Sequence[Any]], industry: str | None, recorded: str | None,
                srdi_title: bool, innovative_title: bool, today: date
                ) -> tuple[dict[str, Any], int | None, str | None] | None:
    """``(facts, year_used, size)`` for an enterprise's raw yearly rows (``SQL_YEARS``
    without the enterprise id): ``facts`` as ``normalise_facts`` gives them, ``size`` the
    size class the facts used (``size_for``, None unless an SME class); None when the
    reference path must decide (see the module docstring)."""
    if not ENABLED:
        return None
    try:
        return _quick(raws, industry, recorded, srdi_title, innovative_title, today)
    except Exception:  # noqa: BLE001 - whatever it is, the reference path decides
        return None


def _quick(raws: Sequence[Sequence[Any]], industry: str | None, recorded: str | None,
           srdi_title: bool, innovative_title: bool, today: date
           ) -> tuple[dict[str, Any], int | None, str | None] | None:
    numbers, whole = _NUMBERS, _WHOLE
    by_year: dict[int, Sequence[Any]] = {}
    this_year = today.year
    for raw in raws:
        if not set(map(type, numbers(raw))) <= whole:  # type: ignore[misc]
            return None
        year = raw[_YEAR]
        if year in by_year:
            return None  # two rows of one year: facts_from_years refuses them
        if year >= this_year:
            continue
        by_year[year] = raw
    years = sorted(by_year, reverse=True)
    year_used = None
    for y in years:
        r = by_year[y]
        if r[_REVENUE] is not None and r[_RD] is not None:
            year_used = y
            break
    size = size_for_raw(industry, recorded,
                        None if year_used is None else by_year[year_used])
    if size not in SME_CLASSES:
        size = None
    out: dict[str, Any] = {}
    if size is not None:
        out["sme"] = SME_CLASSES[size]
    if srdi_title is not None:
        if srdi_title is not True and srdi_title is not False:
            return None
        out["srdi_title"] = srdi_title
    if innovative_title is not None:
        if innovative_title is not True and innovative_title is not False:
            return None
        out["innovative_title"] = innovative_title
    if not years:
        srdi.implied(out)
        return out, None, size

    D = Decimal
    y = year_used if year_used is not None else years[0]
    cur = by_year[y]
    prev = by_year.get(y - 1)
    prev2 = by_year.get(y - 2)
    p1 = _NO_ROW if prev is None else prev
    p2 = _NO_ROW if prev2 is None else prev2
    rev, rd, main = cur[_REVENUE], cur[_RD], cur[_MAIN]
    rev1, rd1, main1 = p1[_REVENUE], p1[_RD], p1[_MAIN]
    main2, rev2 = p2[_MAIN], p2[_REVENUE]

    if rev is not None:
        out["operating_revenue_last_year_cny"] = D(rev) / YUAN
    if rd is not None:
        out["rd_expense_last_year_cny"] = D(rd) / YUAN
    ratio = None if rd is None or rev is None or rev == 0 else D(rd) / D(rev)
    ratio1 = None if rd1 is None or rev1 is None or rev1 == 0 else D(rd1) / D(rev1)
    if ratio is not None:
        out["rd_expense_ratio_last_year"] = ratio
    if ratio is not None or ratio1 is not None:
        out["rd_expense_ratio_each_of_last_2y"] = (ratio, ratio1)
    if rd is not None or rd1 is not None:
        out["rd_expense_each_of_last_2y_cny"] = (None if rd is None else D(rd) / YUAN,
                                                 None if rd1 is None else D(rd1) / YUAN)
    if rd is not None and rd1 is not None:
        total = D(0) + D(rd) + D(rd1)
        out["rd_expense_total_2y_cny"] = total / YUAN
        out["rd_expense_avg_2y_cny"] = total / YUAN / 2
    staff, employees = cur[_RD_STAFF], cur[_EMPLOYEES]
    if staff is not None and employees is not None and employees != 0:
        out["rd_staff_share"] = D(staff) / D(employees)
    if main is not None and rev is not None and rev != 0:
        out["main_business_revenue_share"] = D(main) / D(rev)
    g1 = None if main is None or main1 is None or main1 <= 0 else D(main) / D(main1) - 1
    g2 = None if main1 is None or main2 is None or main2 <= 0 else D(main1) / D(main2) - 1
    if g1 is not None:
        out["main_revenue_growth_last_year"] = g1
        if g2 is not None:
            out["main_revenue_growth_avg_2y"] = (g1 + g2) / 2
    if not (rev is None or rev2 is None or rev2 <= 0 or rev < 0):
        out["revenue_cagr_2y"] = _sqrt(D(rev) / D(rev2)) - 1
    liabilities, assets = cur[_LIABILITIES], cur[_ASSETS]
    if liabilities is not None and assets is not None and assets != 0:
        out["debt_to_asset_ratio"] = D(liabilities) / D(assets)
    profit = cur[_PROFIT]
    if profit is not None and rev is not None and rev != 0:
        out["net_profit_margin"] = D(profit) / D(rev)
    e0, e1, e2 = cur[_EQUITY], p1[_EQUITY], p2[_EQUITY]
    if e0 is not None and e1 is not None:
        out["equity_financing_2y_cny"] = (D(0) + D(e0) + D(e1)) / YUAN
        if e2 is not None:
            out["equity_financing_3y_cny"] = (D(0) + D(e0) + D(e1) + D(e2)) / YUAN

    for name, i in _COUNTS:
        v = cur[i]
        if v is not None:
            out[name] = D(v)
    for name, i in _FLAGS:
        v = cur[i]
        if v is not None:
            out[name] = bool(v)
    for name, i, codes in _CODES:
        v = cur[i]
        if v is not None:
            if v not in codes:
                return None
            out[name] = v
    pct = cur[_SHARE_PCT]
    if pct is not None:
        out["domestic_market_share"] = D((D(pct) * _PCT_UNIT).quantize(_PCT_UNIT)) / 100
    level = cur[_LEVEL]
    if level is not None:
        out["has_rd_institution"] = level != "none"
        out["provincial_rd_institution"] = level in ("national", "provincial")
    for name, i in (("valid_honours", _HONOURS), ("quality_items", _QUALITY)):
        text = cur[i]
        out[name] = tuple([v for v in text.split(",") if v] if text else [])

    awards = (cur[_AWARD], p1[_AWARD], p2[_AWARD])
    if awards == _NONE3:  # the usual case: no award in any of the three years
        out.update(_NO_AWARD)
    else:
        unknown = None in awards
        known = [v for v in awards if v is not None]
        for name, hit in (
                ("st_award_3y", any(v != "none" for v in known)),
                ("national_st_award_3y", any(v.startswith("national") for v in known)),
                ("national_st_award_top3_3y", any(v == "national_top3" for v in known)),
                ("national_st_award_top5_3y",
                 any(v in ("national_top3", "national_top5") for v in known)),
                ("provincial_st_award_top3_3y", any(v == "provincial_top3" for v in known))):
            if hit:
                out[name] = True
            elif not unknown:
                out[name] = False
    makers = (cur[_MAKER], p1[_MAKER], p2[_MAKER])
    if makers == _NONE3:
        out.update(_NO_MAKER)
    else:
        unknown = None in makers
        known = [v for v in makers if v is not None]
        for name, hit in (("maker_in_china_top50_3y", any(v == "top50" for v in known)),
                          ("maker_in_china_top500_3y",
                           any(v in ("top50", "top500") for v in known))):
            if hit:
                out[name] = True
            elif not unknown:
                out[name] = False

    get = out.get
    for name, lo, hi in _RANGED_ONE:
        v = get(name)
        if v is not None and ((lo is not None and v < lo) or (hi is not None and v > hi)):
            return None  # normalise_facts refuses it: the reference path says so
    for name, lo, hi in _RANGED_TWO:
        for v in get(name) or ():
            if v is not None and ((lo is not None and v < lo) or (hi is not None and v > hi)):
                return None
    srdi.implied(out)
    return out, year_used, size


__all__ = ["BOOL_COLUMNS", "ENABLED", "KNOWN_COLUMNS", "LIST_COLUMNS", "SCALED_COLUMNS",
           "YEAR_COLUMNS", "quick_facts", "size_for_raw", "year_row"]
