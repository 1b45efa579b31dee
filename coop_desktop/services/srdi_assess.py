"""Assess one enterprise for the SRDI tiers from what its record holds.

The facts come from the enterprise's yearly figures (``enterprise_year``, the latest
complete year and the two before it), its size class and its titles valid today; the
rules are :func:`coop_desktop.rules.srdi.assess` (pure, criteria as versioned data).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from coop_desktop import rules
from coop_desktop.errors import ValidationError
from coop_desktop.db import Database
from coop_desktop.models import SrdiTitleRead, TitleStatus
from coop_desktop.rules import srdi
from coop_desktop.rules.srdi_facts import facts_from_years
from coop_desktop.rules.srdi_results import Assessment
from coop_desktop.services import enterprises, srdi_years
from coop_desktop.services.catalog import titles as title_kind


@dataclass(frozen=True)
class EnterpriseAssessment:
    enterprise_id: int
    version: str
    assessment: Assessment
    #: the latest complete year the assessment read (None: no complete year recorded)
    year_used: int | None
    #: the years whose figures fed the facts, newest first
    years_considered: tuple[int, ...]
    facts: Mapping[str, Any]
    today: date


def holds(titles: list[SrdiTitleRead], tier: str, today: date) -> bool:
    """A title of ``tier`` valid today."""
    return any(t.tier == tier and t.effective_status(today) == TitleStatus.ACTIVE
               for t in titles)


def default_version(today: date | None = None) -> str:
    """The criteria in force today (the 2022 measures when none claims the date)."""
    return srdi.version_in_force(today or date.today()) or srdi.DEFAULT_VERSION


def size_for(industry: str | None, recorded: str | None, years: list[Mapping[str, Any]],
             today: date) -> str | None:
    """The size class the assessment uses: measured on the newest complete year's staff,
    revenue and assets when the industry is known (the SME test is about that year),
    else the size class the record holds."""
    if industry:
        for row in sorted(years, key=lambda r: r["year"], reverse=True):
            if row["year"] >= today.year or row.get("operating_revenue_fen") is None \
                    or row.get("rd_expense_fen") is None:
                continue
            assets = row.get("total_assets_fen")
            try:
                return rules.size_class(
                    industry, employees=row.get("employees"),
                    revenue_cny=Decimal(row["operating_revenue_fen"]) / 100,
                    assets_cny=None if assets is None else Decimal(assets) / 100)
            except (ValueError, ValidationError):
                break
    return recorded


def facts_for(size_class: str | None, years: list[Mapping[str, Any]],
              titles: list[SrdiTitleRead], today: date
              ) -> tuple[dict[str, Any], int | None, tuple[int, ...]]:
    return facts_from_years(
        years, size_class=size_class, today=today,
        # A higher rung of the ladder stands for the lower ones it required.
        srdi_title=holds(titles, "srdi", today) or holds(titles, "little_giant", today),
        innovative_title=any(holds(titles, tier, today)
                             for tier in ("innovative", "srdi", "little_giant")))


def assess_enterprise(db: Database, enterprise_id: int, *, version: str | None = None,
                      today: date | None = None) -> EnterpriseAssessment:
    """Read the record (one read transaction) and assess it. Runs on the DB lane."""
    today = today or date.today()
    version = version or default_version(today)
    record = enterprises.get(db, enterprise_id)
    rows = [srdi_years.as_mapping(r) for r in srdi_years.for_enterprise(db, enterprise_id)]
    held = title_kind.list(db, enterprise_id=enterprise_id)
    size = size_for(record.industry, record.size_class, rows, today)
    facts, year_used, considered = facts_for(size, rows, held, today)
    return EnterpriseAssessment(enterprise_id, version, srdi.assess(facts, version), year_used,
                                considered, facts, today)
