"""From an enterprise's yearly figures (``enterprise_year`` rows) to the facts
:func:`coop_desktop.rules.srdi.assess` reads. Pure: rows are plain mappings.

Row keys are the ``enterprise_year`` column names: ``year``; money in integer fen
(``operating_revenue_fen``, ``main_business_revenue_fen``, ``rd_expense_fen``,
``net_profit_fen``, ``total_assets_fen``, ``total_liabilities_fen``,
``equity_financing_fen``); counts (``employees``, ``rd_staff``, ``class1_ip``,
``class1_ip_self_developed``, ``class1_ip_high_value``, ``class1_ip_applied``,
``class2_ip``, ``years_in_segment``, ``digitalisation_level``, ``distinctiveness_points``);
``domestic_market_share_pct`` (Decimal percent, 12.50 = 12.5 %); booleans
(``leading_product_in_strategic_emerging_industry``, ``own_brand``,
``management_certification``, ``info_system_core_business``); codes
(``leading_product_field``, ``rd_institution_level``, ``st_award``, ``maker_in_china``);
lists (``valid_honours``, ``quality_items``). None = not known. Optional keys read when
present: ``key_chain_link``, ``priority_field``, ``domestic_market_top3``,
``leading_market_position`` (booleans), ``srdi_development_score``.

How the facts are derived (Y = the year used, the latest *complete* year):

* **Complete** = operating revenue and R&D expense both known (the figures nearly every
  condition needs). Rows of ``today``'s year or later are not closed years and are skipped
  when ``today`` is given. With no complete year, the newest row still supplies its
  non-financial facts and ``year_used`` is None.
* Ratios use Y's figures (R&D / revenue, main business / revenue, liabilities / assets,
  net profit / revenue, R&D staff / employees); a zero denominator gives None.
* Growth: main-business revenue of Y against Y−1; the 2-year average is the mean of the
  growth of Y and of Y−1 (needs Y−2); the 2-year compound growth (2026 measures) is
  √(revenue Y / revenue Y−2) − 1 on operating revenue.
* Two-year figures (R&D each year, R&D average and total, equity financing 2y/3y) need the
  rows of Y−1 (and Y−2) by year number; a missing year makes the sum unknown.
* Three-year flags (S&T awards, Maker in China) look at Y, Y−1 and Y−2: True if any of
  them has it, False only when all three are known and none has it, else None.
  ``st_award`` holds one award a year: ``national_top3`` counts for top 3 and top 5,
  ``national_top5`` (4th or 5th) for top 5, ``national`` is a national award ranked below
  the top 5 (the yearly figures form offers the three).
* ``sme`` from ``size_class``: micro/small/medium True, large False, None unknown.
* Lists: an empty list is "none"; only None is "not known" (note that the database's
  DelimitedList reads NULL back as an empty list).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, getcontext, localcontext
from typing import Any

YUAN = Decimal(100)  # fen per yuan
SME_CLASSES = {"micro": True, "small": True, "medium": True, "large": False}

_PASS_THROUGH = (
    "class1_ip", "class1_ip_self_developed", "class1_ip_high_value", "class1_ip_applied",
    "class2_ip", "years_in_segment", "digitalisation_level", "distinctiveness_points",
    "leading_product_in_strategic_emerging_industry", "own_brand",
    "management_certification", "info_system_core_business", "leading_product_field",
    "rd_institution_level",
)
_OPTIONAL = ("key_chain_link", "priority_field", "domestic_market_top3",
             "leading_market_position", "srdi_development_score")


def _yuan(fen: Any) -> Decimal | None:
    return None if fen is None else Decimal(fen) / YUAN


def _ratio(num: Any, den: Any) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    return Decimal(num) / Decimal(den)


def _growth(new: Any, old: Any) -> Decimal | None:
    if new is None or old is None or old <= 0:
        return None
    return Decimal(new) / Decimal(old) - 1


def _sum(values: Iterable[Any]) -> Decimal | None:
    items = list(values)
    if any(v is None for v in items):
        return None
    return sum((Decimal(v) for v in items), Decimal(0))


def _any_of(values: Sequence[Any], hit: Callable[[Any], bool]) -> bool | None:
    """Three-valued "any year has it": True on one hit, False when every year is known."""
    if any(v is not None and hit(v) for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def _top5(values: Sequence[Any]) -> bool | None:
    if any(v in ("national_top3", "national_top5") for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def _sqrt(x: Decimal) -> Decimal:
    if getcontext().prec == 28:  # the usual context: the same as the copy below, cheaper
        return x.sqrt()
    with localcontext() as ctx:
        ctx.prec = 28
        return x.sqrt()


def _list(value: Any) -> list[str] | None:
    return None if value is None else list(value)


def facts_from_years(
    rows: Iterable[Mapping[str, Any]],
    size_class: str | None = None,
    srdi_title: bool | None = None,
    today: _dt.date | None = None,
    innovative_title: bool | None = None,
) -> tuple[dict[str, Any], int | None, tuple[int, ...]]:
    """The assessment facts from an enterprise's yearly rows (any order; newest first is
    usual). Returns ``(facts, year_used, years_considered)``: ``year_used`` is the latest
    complete year (None if there is none), ``years_considered`` the years whose rows fed
    the facts (newest first). Raises ``ValueError`` for two rows of the same year or an
    unknown ``size_class``.
    """
    if size_class is not None and size_class not in SME_CLASSES:
        raise ValueError(f"unknown size class {size_class!r}")
    by_year: dict[int, Mapping[str, Any]] = {}
    for row in rows:
        year = int(row["year"])
        if year in by_year:
            raise ValueError(f"two rows for {year}")
        if today is not None and year >= today.year:
            continue
        by_year[year] = row
    facts: dict[str, Any] = {
        "sme": None if size_class is None else SME_CLASSES[size_class],
        "srdi_title": srdi_title,
        "innovative_title": innovative_title,
    }
    if not by_year:
        return facts, None, ()
    years = sorted(by_year, reverse=True)
    complete = [y for y in years if by_year[y].get("operating_revenue_fen") is not None
                and by_year[y].get("rd_expense_fen") is not None]
    year_used = complete[0] if complete else None
    y = year_used if year_used is not None else years[0]
    cur = by_year[y]
    prev = by_year.get(y - 1, {})
    prev2 = by_year.get(y - 2, {})
    window = [by_year.get(y - k) for k in range(3)]

    def col(row: Mapping[str, Any], key: str) -> Any:
        return row.get(key)

    rev, rd = col(cur, "operating_revenue_fen"), col(cur, "rd_expense_fen")
    main = col(cur, "main_business_revenue_fen")
    rev1, rd1, main1 = (col(prev, k) for k in ("operating_revenue_fen", "rd_expense_fen",
                                               "main_business_revenue_fen"))
    main2, rev2 = col(prev2, "main_business_revenue_fen"), col(prev2, "operating_revenue_fen")

    facts["operating_revenue_last_year_cny"] = _yuan(rev)
    facts["rd_expense_last_year_cny"] = _yuan(rd)
    facts["rd_expense_ratio_last_year"] = _ratio(rd, rev)
    ratios = [_ratio(rd, rev), _ratio(rd1, rev1)]
    facts["rd_expense_ratio_each_of_last_2y"] = None if ratios == [None, None] else ratios
    amounts = [_yuan(rd), _yuan(rd1)]
    facts["rd_expense_each_of_last_2y_cny"] = None if amounts == [None, None] else amounts
    total = _sum([rd, rd1])
    facts["rd_expense_total_2y_cny"] = None if total is None else total / YUAN
    facts["rd_expense_avg_2y_cny"] = None if total is None else total / YUAN / 2
    facts["rd_staff_share"] = _ratio(col(cur, "rd_staff"), col(cur, "employees"))
    facts["main_business_revenue_share"] = _ratio(main, rev)
    g1, g2 = _growth(main, main1), _growth(main1, main2)
    facts["main_revenue_growth_last_year"] = g1
    facts["main_revenue_growth_avg_2y"] = None if g1 is None or g2 is None else (g1 + g2) / 2
    facts["revenue_cagr_2y"] = (None if rev is None or rev2 is None or rev2 <= 0 or rev < 0
                                else _sqrt(Decimal(rev) / Decimal(rev2)) - 1)
    facts["debt_to_asset_ratio"] = _ratio(col(cur, "total_liabilities_fen"),
                                          col(cur, "total_assets_fen"))
    facts["net_profit_margin"] = _ratio(col(cur, "net_profit_fen"), rev)
    equity = [None if r is None else col(r, "equity_financing_fen") for r in window]
    eq2, eq3 = _sum(equity[:2]), _sum(equity)
    facts["equity_financing_2y_cny"] = None if eq2 is None else eq2 / YUAN
    facts["equity_financing_3y_cny"] = None if eq3 is None else eq3 / YUAN

    for key in _PASS_THROUGH:
        facts[key] = col(cur, key)
    for key in _OPTIONAL:
        if key in cur:
            facts[key] = cur[key]
    pct = col(cur, "domestic_market_share_pct")
    facts["domestic_market_share"] = None if pct is None else Decimal(pct) / 100
    level = facts["rd_institution_level"]
    facts["has_rd_institution"] = None if level is None else level != "none"
    facts["provincial_rd_institution"] = (None if level is None
                                          else level in ("national", "provincial"))
    facts["valid_honours"] = _list(col(cur, "valid_honours"))
    facts["quality_items"] = _list(col(cur, "quality_items"))

    awards = [None if r is None else col(r, "st_award") for r in window]
    facts["st_award_3y"] = _any_of(awards, lambda v: v != "none")
    facts["national_st_award_3y"] = _any_of(awards, lambda v: v.startswith("national"))
    facts["national_st_award_top3_3y"] = _any_of(awards, lambda v: v == "national_top3")
    facts["national_st_award_top5_3y"] = _top5(awards)
    facts["provincial_st_award_top3_3y"] = _any_of(awards, lambda v: v == "provincial_top3")
    makers = [None if r is None else col(r, "maker_in_china") for r in window]
    facts["maker_in_china_top50_3y"] = _any_of(makers, lambda v: v == "top50")
    facts["maker_in_china_top500_3y"] = _any_of(makers, lambda v: v in ("top50", "top500"))

    used = {y} | ({y - 1} if prev else set()) | ({y - 2} if prev2 else set())
    return facts, year_used, tuple(sorted(used, reverse=True))
