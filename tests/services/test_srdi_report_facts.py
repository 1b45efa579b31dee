"""The batch report's short cut from raw yearly rows to the facts (``quick_facts``) gives what
the reference path gives — ``normalise_facts(facts_from_years(...))`` on the rows as mappings,
with the size class ``size_for`` measures — or steps aside (None) for the reference path to
decide; and ``srdi.outcomes`` says of every tier what ``assess`` says."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from coop_desktop.rules import srdi
from coop_desktop.rules.size import INDUSTRIES
from coop_desktop.rules.srdi_facts import SME_CLASSES, facts_from_years
from coop_desktop.services import srdi_report_facts as quick
from coop_desktop.services.srdi_assess import size_for
from coop_desktop.services.srdi_report_facts import (
    BOOL_COLUMNS,
    LIST_COLUMNS,
    YEAR_COLUMNS,
    quick_facts,
    year_row,
)

TODAY = date(2026, 6, 1)
MONEY = [0, 1, 99, 100, 5_000_000_00, 10_000_000_00, 49_999_999_99, 50_000_000_00,
         100_000_000_00, 123_456_789_01, 3_000_000_000_00]
CODES = {
    "leading_product_field": ["gap_filling", "six_basics", "other"],
    "rd_institution_level": ["national", "provincial", "municipal", "below_municipal", "none"],
    "st_award": ["none", "provincial", "provincial_top3", "national", "national_top5",
                 "national_top3"],
    "maker_in_china": ["none", "top500", "top50"],
}
LISTS = {"valid_honours": ["high_tech_enterprise", "tech_innovation_demo", "ip_advantage"],
         "quality_items": ["quality_award", "iso9001", "own_brand", "standard_drafting"]}


def _value(rng: random.Random, column: str, odd: bool) -> Any:
    """A raw value as SQLite gives it; ``odd``: now and then one no form lets through."""
    if rng.random() < 0.12:
        return None
    if column in BOOL_COLUMNS:
        return rng.choice([0, 1, 1, 2] if odd else [0, 1])
    if column in LIST_COLUMNS:
        picked = [c for c in LISTS[column] if rng.random() < 0.4]
        return rng.choice(["", "," + ",".join(picked) + ","]) if picked else ""
    if column in CODES:
        return rng.choice([*CODES[column], "unheard_of"] if odd else CODES[column])
    if column == "domestic_market_share_pct":
        return rng.choice([0, 1, 999, 1000, 1250, 5000, 10_000, 10_001 if odd else 10_000])
    if column in ("employees", "rd_staff"):
        return rng.choice([0, 1, 5, 40, 199, 300, 1000, 2500])
    if column.endswith("_fen"):
        value = rng.choice(MONEY)
        if column == "net_profit_fen" and rng.random() < 0.3:
            value = -value
        return -value if odd and rng.random() < 0.1 else value
    if column == "digitalisation_level":
        return rng.choice([1, 2, 3, 4, 0 if odd else 4, 5 if odd else 1])
    if column == "distinctiveness_points":
        return rng.choice([0, 7, 15, 16 if odd else 15])
    if column == "srdi_development_score":
        return rng.choice([0, 49, 60, 100, 101 if odd else 100])
    value = rng.choice([0, 1, 2, 3, 5, 12])  # counts, years in the segment
    return -1 if odd and rng.random() < 0.05 else value


def enterprise(rng: random.Random) -> tuple[list[tuple[Any, ...]], str | None, str | None]:
    odd = rng.random() < 0.15
    years = sorted(rng.sample(range(2020, 2028), rng.randint(1, 4)), reverse=True)
    if rng.random() < 0.5:  # the usual: consecutive closed years
        latest = rng.choice([2023, 2024, 2025, 2026])
        years = list(range(latest, latest - rng.randint(1, 3), -1))
    if odd and rng.random() < 0.2:
        years.append(years[0])  # two rows of one year
    rows = []
    for y in years:
        values = {c: _value(rng, c, odd) for c in YEAR_COLUMNS}
        values["year"] = y
        if rng.random() < 0.6:  # mostly coherent figures
            rev = values["operating_revenue_fen"]
            if rev:
                values["main_business_revenue_fen"] = rev * rng.choice([5, 7, 9, 10]) // 10
                values["rd_expense_fen"] = rev * rng.choice([1, 3, 5, 8]) // 100
            if values["employees"] is not None and values["rd_staff"] is not None:
                values["rd_staff"] = min(values["rd_staff"], values["employees"])
        if odd and rng.random() < 0.05:
            values["employees"] = 10.0  # a real number where a whole one belongs
        rows.append(tuple(values[c] for c in YEAR_COLUMNS))
    industry = rng.choice([*INDUSTRIES, None, "industry", "software_it"])
    recorded = rng.choice([None, "micro", "small", "medium", "large"])
    return rows, industry, recorded


def reference(rows, industry, recorded, srdi_title, innovative_title):
    """What the report did before the short cut (and still does when it steps aside)."""
    mappings = [year_row(r) for r in rows]
    size = size_for(industry, recorded, mappings, TODAY)
    size = size if size in SME_CLASSES else None
    mappings.sort(key=lambda m: m["year"], reverse=True)
    facts, year, _used = facts_from_years(mappings, size, srdi_title, TODAY, innovative_title)
    return srdi.normalise_facts(facts), year, size


def same(a: Any, b: Any) -> bool:
    """Equal, of the same type, and Decimals with the same digits and exponent."""
    if type(a) is not type(b):
        return False
    if isinstance(a, Decimal):
        return a.as_tuple() == b.as_tuple()
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def test_the_short_cut_knows_every_column() -> None:
    # a new column of the yearly figures: teach quick_facts what it means (and this test)
    assert quick.ENABLED, sorted(set(YEAR_COLUMNS) ^ quick.KNOWN_COLUMNS)


def test_quick_facts_equal_the_reference_path() -> None:
    rng = random.Random(11)
    taken = stepped_aside = refused = 0
    for _ in range(4000):
        rows, industry, recorded = enterprise(rng)
        titles = (rng.random() < 0.3, rng.random() < 0.5)
        got = quick_facts(rows, industry, recorded, *titles, TODAY)
        try:
            want = reference(rows, industry, recorded, *titles)
        except (ValueError, TypeError, ArithmeticError):
            want = None
            refused += 1
        if got is None:
            stepped_aside += 1
            continue
        taken += 1
        assert want is not None, rows  # never an answer where the reference path refuses
        assert same(got[0], want[0]), (rows, industry, recorded)
        assert got[1:] == want[1:]
    # the short cut takes the usual case, and the generated rows reach the odd ones
    assert taken > 2500 and refused > 100 and stepped_aside >= refused


@pytest.mark.parametrize("version", ["2022", "2026"])
def test_outcomes_equal_assess_on_generated_enterprises(version: str) -> None:
    rng = random.Random(int(version))
    seen = set()
    for _ in range(1500):
        rows, industry, recorded = enterprise(rng)
        made = quick_facts(rows, industry, recorded, rng.random() < 0.5, True, TODAY)
        if made is None:
            continue
        facts = made[0]
        tiers = srdi.assess(facts, version).tiers
        want = tuple((t.outcome, *((t.score.total_min, t.score.total_max) if t.score
                                   else (None, None))) for t in tiers.values())
        got = srdi.outcomes(facts, version, normalised=True)
        assert got == want and same(got, want)
        assert srdi.outcomes(facts, version) == want
        seen.update((name, t[0]) for name, t in zip(srdi.TIERS, got, strict=True))
    assert {o for _, o in seen} == set(srdi.OUTCOMES)


def test_the_size_class_remembered_is_the_size_class() -> None:
    from coop_desktop.errors import ValidationError
    from coop_desktop.rules import size_class
    from coop_desktop.services.srdi_report_facts import _size_class

    rng = random.Random(3)
    # on and just below every threshold of the standard, missing and negative figures
    from coop_desktop.rules import size

    limits = {"employees": {-1, 0}, "revenue": {Decimal(-1), Decimal(0)},
              "assets": {Decimal(-1), Decimal(0)}}
    for row in size.standard()["industries"].values():
        for part in ("ceiling", "medium", "small"):
            for key, limit in size._thresholds(row[part]):
                if key == "employees":
                    limits[key] |= {int(limit), int(limit) - 1}
                else:
                    limits[key] |= {limit, limit - Decimal("0.01")}
    employees = [None, *sorted(limits["employees"])]
    revenue = sorted(limits["revenue"])
    assets = [None, *sorted(limits["assets"])]
    for _ in range(20000):
        industry = rng.choice([*INDUSTRIES, "unheard_of"])
        e, r, a = rng.choice(employees), rng.choice(revenue), rng.choice(assets)
        try:
            want = size_class(industry, employees=e, revenue_cny=r, assets_cny=a)
        except (ValueError, ValidationError):
            want = None
        assert _size_class(industry, e, r, a) == want, (industry, e, r, a)
