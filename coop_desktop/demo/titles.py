"""SRDI titles: which enterprises hold one, on which rung of the ladder, granted when, in
which batch, and their status on the demo's "today" (:data:`REFERENCE_DATE`)."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from coop_desktop.demo.common import REFERENCE_DATE, Weighted, between
from coop_desktop.demo.industries import TECH_INDUSTRIES
from coop_desktop.models import TitleLevel, TitleStatus, TitleTier

ACTIVE = TitleStatus.ACTIVE.value
GIANT = TitleTier.LITTLE_GIANT.value
SRDI_TIERS = frozenset({TitleTier.SRDI.value, GIANT})

#: Little Giant batches announced by MIIT, by year.
GIANT_BATCH = {2021: "第三批", 2022: "第四批", 2023: "第五批", 2024: "第六批", 2025: "第七批"}
TIER_WEIGHTS = Weighted([(TitleTier.INNOVATIVE, 62), (TitleTier.SRDI, 30),
                         (TitleTier.LITTLE_GIANT, 8)])


def titles(rng: random.Random, industry: str, province_short: str) -> list[dict[str, Any]]:
    chance = 0.38 if industry in TECH_INDUSTRIES else 0.12
    if rng.random() >= chance:
        return []
    top = TIER_WEIGHTS.pick(rng)
    ladder = [top]
    if top == TitleTier.SRDI and rng.random() < 0.5:
        ladder.insert(0, TitleTier.INNOVATIVE)
    if top == TitleTier.LITTLE_GIANT:
        if rng.random() < 0.8:
            ladder.insert(0, TitleTier.SRDI)
        if rng.random() < 0.4:
            ladder.insert(0, TitleTier.INNOVATIVE)
    year = between(rng, 2021, 2026 - len(ladder))
    out = []
    for step, tier in enumerate(ladder):
        if step:
            year = min(2025, year + 1 + (rng.random() < 0.2))
        granted = date(year, between(rng, 5, 12), between(rng, 1, 28))
        expires = granted.replace(year=granted.year + 3)
        national = tier == TitleTier.LITTLE_GIANT
        if national:
            batch = GIANT_BATCH[year]
        else:
            batch = f"{province_short}{year}年第{'一二'[int(rng.random() * 2)]}批"
        r = rng.random()
        notes = None
        if expires < REFERENCE_DATE:
            status = TitleStatus.EXPIRED if r < 0.8 else TitleStatus.ACTIVE
        elif r < 0.015:
            status, notes = TitleStatus.REVOKED, "复核未通过，已撤销认定"
        elif r < 0.045:
            status, notes = TitleStatus.UNDER_REVIEW, f"{REFERENCE_DATE.year}年度复核中"
        else:
            status = TitleStatus.ACTIVE
        out.append({
            "tier": tier.value,
            "level": (TitleLevel.NATIONAL if national else TitleLevel.PROVINCIAL).value,
            "granted_on": granted, "expires_on": expires, "batch": batch,
            "status": status.value, "notes": notes,
        })
    return out

