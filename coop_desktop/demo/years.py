"""Yearly figures (``enterprise_year``): what the SRDI assessment reads, coherent with the
enterprise record and its titles.

* **Which years.** The three closed years before the demo's "today" (2023-2025 for
  :data:`~coop_desktop.demo.common.REFERENCE_DATE` 2026-01-01) for most enterprises; some
  have only the last two, some none at all (an officer has not asked yet) — titled
  enterprises, which officers follow, less often; traders and service firms without a
  title, hardly SRDI candidates, mostly none.
* **The last year is the record.** Its revenue, R&D expense, staff, R&D staff, assets and
  main-business share are the enterprise's own figures (an R&D expense the record leaves
  unknown is unknown that year too, so the assessment reads the year before), so the size
  class measured on it is the record's. Earlier years are grown back from it: revenue by a
  growth rate of the enterprise's own (higher on a higher rung of the ladder), staff and
  assets more slowly, R&D at about the same share of revenue.
* **The rung shows.** An enterprise that was granted a title has the figures the title
  asked for at the time — R&D, Class I IP, an R&D institution, market share, brand,
  certification, information systems, growth — with noise, so that most holders still
  qualify, some fall short, and some cannot be told; a technology firm holding no title
  has a little of each; a trader has almost none.
* **Gaps.** A quarter of the enterprises with figures leave one kind unknown in every year
  (IP counts, net profit, the R&D institution, main-business revenue, the digitalisation
  level): the assessment says "cannot tell" where that is needed and nothing else passes.
  Market share is often unknown (officers rarely have it). The 2026 measures' platform
  fields (key chain link, priority field, top 3, leading position, the SRDI development
  score) are filled only for the last year of titled enterprises (they are on the MIIT
  platform).

Draws come from the run's facts generator. Every row passes ``services.srdi_years``'
checks (R&D staff within the staff, main business within the revenue, Class I sub-counts
within the count, codes from the lists).
"""

from __future__ import annotations

import math
import random
from functools import cache
from decimal import Decimal
from typing import Any

from coop_desktop.demo.common import REFERENCE_DATE, Weighted, between
from coop_desktop.demo.titles import CHAMPION, GIANT, INNOVATIVE, SRDI, Figures

LAST_YEAR = REFERENCE_DATE.year - 1
RANK = {INNOVATIVE: 1, SRDI: 2, GIANT: 3, CHAMPION: 3}
#: Shares with no rows and with two years only: a trader without a title (hardly an SRDI
#: candidate: its figures are seldom recorded), any other enterprise without a title, one
#: with a title (officers follow those), a Little Giant or single champion.
COVERAGE = ((0.7, 0.1), (0.12, 0.15), (0.04, 0.1), (0.02, 0.05))
#: Chance of one kind of figure unknown in every year: without a title / with one.
GAP_CHANCE = (0.25, 0.15)
GAPS = ("ip", "profit", "institution", "main", "digital")
#: R&D institution level by rung (0 = no title, technology firm).
INSTITUTIONS = (
    Weighted([("none", 80), ("below_municipal", 10), ("municipal", 8), ("provincial", 2)]),
    Weighted([("none", 35), ("below_municipal", 25), ("municipal", 28), ("provincial", 12)]),
    Weighted([("none", 8), ("below_municipal", 15), ("municipal", 40), ("provincial", 35),
              ("national", 2)]),
    Weighted([("municipal", 20), ("provincial", 62), ("national", 18)]),
)
FIELDS = (
    Weighted([("other", 85), ("six_basics", 10), ("gap_filling", 5)]),
    Weighted([("other", 60), ("six_basics", 25), ("gap_filling", 15)]),
    Weighted([("other", 35), ("six_basics", 35), ("gap_filling", 30)]),
    Weighted([("six_basics", 40), ("gap_filling", 60)]),
)
AWARDS = (  # per year: a rung's chance of an S&T award that year, and which
    0.005, 0.02, 0.05, 0.1)
AWARD_KINDS = Weighted([("provincial", 55), ("provincial_top3", 25), ("national", 12),
                        ("national_top3", 8)])


def _noise(rng: random.Random) -> float:
    """Centred noise with standard deviation 1: uniform, one draw — several times cheaper
    than ``gauss``, and a demo needs no tails."""
    return (rng.random() - 0.5) * 3.464


@cache
def _items(*items: str) -> list[str]:
    """One shared list per combination (never changed): the bulk writer converts a value
    once while the same object repeats (the years of one enterprise)."""
    return list(items)


def _rank(titles: list[dict[str, Any]]) -> int:
    return max((RANK[t["tier"]] for t in titles), default=0)


def _pct(value: float) -> Decimal:
    return Decimal(int(value * 100)) / 100


class YearDraws:
    """Draws an enterprise's yearly rows (one instance per run)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def rows(self, fig: Figures, record: dict[str, Any], titles: list[dict[str, Any]],
             high_tech: bool) -> list[dict[str, Any]]:
        """The rows, newest first (``record``: the enterprise row; ``high_tech``: it holds
        the High-Tech Enterprise honour)."""
        rng = self.rng
        rank = _rank(titles)
        none, two = COVERAGE[3 if rank == 3 else 2 if rank else 1 if fig.tech else 0]
        u = rng.random()
        if u < none:
            return []
        count = 2 if u < none + two else 3
        tech = fig.tech
        founded = record["established_on"].year
        gap = GAPS[int(rng.random() * len(GAPS))] \
            if rng.random() < GAP_CHANCE[rank > 0] else None

        # the enterprise's own character, the same every year
        growth = 0.02 + 0.03 * rank + (0.03 if tech else 0.0) + 0.04 * _noise(rng)
        debt = min(0.95, max(0.08, 0.6 - 0.07 * rank + 0.13 * _noise(rng)))
        margin = 0.04 + 0.025 * rank + 0.05 * _noise(rng)
        ratio = fig.rd_ratio
        ip_scale = (0.8 if tech else 0.15, 3.0, 7.0, 15.0)[rank]
        class1 = int(ip_scale * math.exp(0.6 * _noise(rng))) if tech or rank else 0
        if rank >= 2:
            class1 = max(class1, 1 + rank)
        class2 = int(class1 * 1.5 + 3 * math.exp(0.8 * _noise(rng))) if tech else \
            int(rng.random() * 3)
        shares = (rng.uniform(0.5, 1.0), rng.uniform(0.0, 0.4), rng.uniform(0.5, 1.0))
        institution = INSTITUTIONS[rank].pick(rng) if tech or rank else "none"
        market = None
        if rng.random() < (0.25, 0.45, 0.6, 0.9)[rank]:
            market = _pct((rng.uniform(10, 35) if rank == 3 else rng.uniform(3, 18) if rank == 2
                           else rng.uniform(0.1, 6)))
        strategic = rng.random() < (0.6 if tech else 0.15) + 0.1 * rank
        own_brand = rng.random() < 0.45 + 0.15 * rank
        certified = rng.random() < 0.4 + 0.17 * rank
        digital = record["digitalisation_level"]
        info_system = rng.random() < 0.9 if rank == 3 else \
            digital is not None and digital >= 2 and rng.random() < 0.6 + 0.1 * rank
        field = FIELDS[rank].pick(rng)
        points = between(rng, 5, 15) if rank >= 2 else between(rng, 0, 8)
        honours = _items(*(h for h, held in (
            ("high_tech_enterprise", high_tech),
            ("tech_innovation_demo", rank == 3 and rng.random() < 0.2),
            ("ip_advantage", rank >= 2 and rng.random() < 0.15)) if held))
        quality = _items(*(q for q, held in (
            ("quality_award", rank >= 2 and rng.random() < 0.1), ("iso9001", certified),
            ("own_brand", own_brand), ("standard_drafting", rank >= 2 and rng.random() < 0.4))
            if held))
        financing = -1
        if rng.random() < ((0.04 + 0.08 * rank) if tech else 0.02):
            financing = int(rng.random() * count)
        award_chance = AWARDS[rank]

        # what does not change from year to year (one dict, copied into each row)
        fixed: dict[str, Any] = {
            "distinctiveness_points": points,
            "domestic_market_share_pct": market,
            "leading_product_in_strategic_emerging_industry": strategic,
            "own_brand": own_brand,
            "management_certification": certified,
            "info_system_core_business": info_system,
            "key_chain_link": None, "priority_field": None, "domestic_market_top3": None,
            "leading_market_position": None, "srdi_development_score": None,
            "leading_product_field": field,
            "rd_institution_level": None if gap == "institution" else institution,
            "valid_honours": honours,
            "quality_items": quality,
            "notes": None,
        }
        if gap == "ip":
            fixed.update(class1_ip=None, class1_ip_self_developed=None, class1_ip_high_value=None,
                         class1_ip_applied=None, class2_ip=None)
        no_main, no_profit, no_digital = gap == "main", gap == "profit", gap == "digital"

        rows: list[dict[str, Any]] = []
        revenue, assets = float(fig.revenue), float(fig.assets)
        employees, rd_staff = fig.employees, fig.rd_staff
        for k in range(count):
            year = LAST_YEAR - k
            g = growth + 0.05 * _noise(rng)
            if k == 0:  # the record's own figures
                revenue_fen = record["revenue_fen"]
                main_fen = revenue_fen * int(record["main_business_share"] * 100) // 10_000
                rd_fen = record["rd_expense_fen"]
                assets_fen = record["total_assets_fen"]
                level = digital
            else:
                revenue_fen = int(revenue) // 10_000 * 1_000_000
                share = min(1.0, max(0.3, fig.main_share + 0.015 * _noise(rng)))
                main_fen = min(revenue_fen, int(revenue * share) // 10_000 * 1_000_000)
                rd_fen = int(revenue * ratio * (1 + 0.12 * _noise(rng))) // 1_000 * 100_000
                assets_fen = int(assets) // 10_000 * 1_000_000
                level = digital if digital is None or rng.random() < 0.8 else max(1, digital - 1)
            debt_ratio = min(0.98, max(0.02, debt + 0.03 * _noise(rng)))
            award = AWARD_KINDS.pick(rng) if rng.random() < award_chance else "none"
            row = {
                **fixed,
                "year": year,
                "operating_revenue_fen": revenue_fen,
                "main_business_revenue_fen": None if no_main else main_fen,
                "rd_expense_fen": rd_fen,
                "net_profit_fen": None if no_profit else
                int(revenue_fen * (margin + 0.02 * _noise(rng))) // 100_000 * 100_000,
                "total_assets_fen": assets_fen,
                "total_liabilities_fen": int(assets_fen * debt_ratio) // 1_000_000 * 1_000_000,
                "equity_financing_fen": int(8_000_000 * (1 + rank) * (1.2 + _noise(rng) / 2))
                // 100_000 * 10_000_000 if k == financing else 0,
                "employees": employees,
                "rd_staff": rd_staff,
                "years_in_segment": max(0, year - founded),
                "digitalisation_level": None if no_digital else level,
                "st_award": award,
                "maker_in_china": "none" if rank < 2 or rng.random() >= 0.02 else
                "top50" if rng.random() < 0.15 else "top500",
            }
            if gap != "ip":
                c1 = class1 - k if k and rng.random() < 0.5 and class1 >= k else class1
                row["class1_ip"] = c1
                row["class1_ip_self_developed"] = int(c1 * shares[0])
                row["class1_ip_high_value"] = int(c1 * shares[1])
                row["class1_ip_applied"] = int(c1 * shares[2] + 0.5)
                row["class2_ip"] = max(0, class2 - 2 * k)
            if k == 0 and rank:  # the platform's own fields, for the enterprises on it
                row["key_chain_link"] = field != "other"
                row["priority_field"] = field == "six_basics" or rng.random() < 0.25 * rank
                row["domestic_market_top3"] = market is not None and market >= 10
                row["leading_market_position"] = market is not None and market >= 5
                row["srdi_development_score"] = min(100, max(
                    0, int(38 + 12 * rank + 9 * _noise(rng))))
            rows.append(row)
            # one year back
            revenue /= 1 + g
            assets /= 1 + 0.7 * g
            shrink = (1 + g) ** 0.4
            employees = max(1, int(employees / shrink))
            if rd_staff is not None:
                rd_staff = min(employees, int(rd_staff / shrink))
        return rows
