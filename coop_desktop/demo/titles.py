"""SRDI titles: which enterprises hold one, on which rung of the ladder, granted when, in
which batch — and only what the rules allow:

* a valid tier and level: innovative and SRDI SMEs are provincial titles, Little Giants and
  manufacturing single champions national ones (``models.TIER_LEVEL``);
* the ladder: a Little Giant always holds an SRDI title granted before it
  (``models.TIER_REQUIRES``); an innovative title often comes first too;
* titles an enterprise's figures can carry: the SME tiers only for SMEs, an SRDI title
  only with revenue of RMB 10 million and R&D of RMB 1 million and 3 %, a Little Giant only
  with the R&D intensity its revenue calls for and a main business of 70 % or more; a few
  single champions among the focused manufacturers with RMB 100 million of revenue;
* valid 3 years from the grant date (``services.srdi_titles.add_years``).

What happened to a title since (re-review, yearly update, revocation) is
:mod:`coop_desktop.demo.events`, which also sets its status on the demo's "today"
(:data:`~coop_desktop.demo.common.REFERENCE_DATE`). Draws come from the run's *facts*
generator, not the one that draws the enterprises.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any, NamedTuple

from coop_desktop.demo.common import Weighted, between
from coop_desktop.models import TIER_LEVEL, TitleTier
from coop_desktop.services.srdi_titles import VALIDITY_YEARS, add_years

INNOVATIVE, SRDI = TitleTier.INNOVATIVE.value, TitleTier.SRDI.value
GIANT, CHAMPION = TitleTier.LITTLE_GIANT.value, TitleTier.SINGLE_CHAMPION.value
SRDI_TIERS = frozenset({SRDI, GIANT})

#: Little Giant batches announced by MIIT, by year.
GIANT_BATCH = {2021: "第三批", 2022: "第四批", 2023: "第五批", 2024: "第六批", 2025: "第七批"}
#: The highest rung of a titled SME, by what its figures allow (Little Giant / SRDI / neither).
TOP_TIER = (Weighted([(TitleTier.INNOVATIVE, 30), (TitleTier.SRDI, 40),
                      (TitleTier.LITTLE_GIANT, 30)]),
            Weighted([(TitleTier.INNOVATIVE, 55), (TitleTier.SRDI, 45)]),
            Weighted([(TitleTier.INNOVATIVE, 1)]))
#: Founded by this year to have the years in the segment an SRDI title asks for.
SEGMENT_SINCE = 2019
#: Share of enterprises holding an SME tier title: technology industries / the others.
TITLE_CHANCE = (0.38, 0.12)
#: Share of the focused manufacturers with RMB 100 million of revenue that are single
#: champions: large enterprises / SMEs.
CHAMPION_CHANCE = (0.1, 0.02)


class Figures(NamedTuple):
    """What the title and yearly-figure draws need to know of an enterprise (yuan)."""

    industry: str
    tech: bool
    sme: bool
    founded: int
    employees: int
    revenue: int
    assets: int
    rd: int  # the R&D expense drawn, also when the record leaves it unknown
    rd_staff: int | None
    main_share: float  # 0-1

    @property
    def rd_ratio(self) -> float:
        return self.rd / self.revenue if self.revenue else 0.0

    def srdi_ok(self) -> bool:
        """Figures an SRDI title needs (工信部企业〔2022〕63号, annex 2, conditions 2-3)."""
        return self.sme and self.founded <= SEGMENT_SINCE and self.revenue >= 10_000_000 \
            and self.rd >= 1_000_000 and self.rd_ratio >= 0.03

    def giant_ok(self) -> bool:
        """Figures a Little Giant needs (annex 3): main business ≥ 70 %, R&D intensity by
        revenue (≥ 3 % from RMB 100 million, ≥ 6 % from 50 million)."""
        intensity = (self.revenue >= 100_000_000 and self.rd_ratio >= 0.033) or \
            (50_000_000 <= self.revenue < 100_000_000 and self.rd_ratio >= 0.065)
        return self.srdi_ok() and intensity and self.main_share >= 0.72


def _title(tier: str, granted: date, batch: str) -> dict[str, Any]:
    return {"tier": tier, "level": TIER_LEVEL[tier], "granted_on": granted,
            "expires_on": add_years(granted, VALIDITY_YEARS), "batch": batch,
            "status": "active", "notes": None, "revoked_on": None, "revocation_reason": None}


def titles(rng: random.Random, fig: Figures, province_short: str) -> list[dict[str, Any]]:
    """The enterprise's titles, oldest first (status "active": events decide the rest)."""
    out: list[dict[str, Any]] = []
    if fig.sme and rng.random() < TITLE_CHANCE[0 if fig.tech else 1]:
        top = TOP_TIER[0 if fig.giant_ok() else 1 if fig.srdi_ok() else 2].pick(rng)
        ladder = [top]
        if top == TitleTier.SRDI and rng.random() < 0.5:
            ladder.insert(0, TitleTier.INNOVATIVE)
        if top == TitleTier.LITTLE_GIANT:
            ladder.insert(0, TitleTier.SRDI)  # the ladder: never a Little Giant without it
            if rng.random() < 0.4:
                ladder.insert(0, TitleTier.INNOVATIVE)
        year = between(rng, 2021, 2026 - len(ladder))
        for step, tier in enumerate(ladder):
            if step:  # a later year than the rung below (the last rung by 2025)
                year = min(2026 - len(ladder) + step, year + 1 + (rng.random() < 0.2))
            granted = date(year, between(rng, 5, 12), between(rng, 1, 28))
            if tier == TitleTier.LITTLE_GIANT:
                batch = GIANT_BATCH[year]
            else:
                batch = f"{province_short}{year}年第{'一二'[int(rng.random() * 2)]}批"
            out.append(_title(tier.value, granted, batch))
    if fig.industry == "industry" and fig.main_share >= 0.72 and fig.revenue >= 100_000_000 \
            and rng.random() < CHAMPION_CHANCE[fig.sme]:
        year = between(rng, 2021, 2025)
        out.append(_title(CHAMPION, date(year, between(rng, 10, 12), between(rng, 1, 28)),
                          f"{year}年公布"))
    return out
