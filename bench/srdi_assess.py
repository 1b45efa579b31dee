"""Benchmark: the pure SRDI assessment, one enterprise at a time.

    .venv/bin/python bench/srdi_assess.py [--enterprises 10000] [--seed 7] [--out FILE]

Generates ``--enterprises`` synthetic enterprises, each as three ``enterprise_year`` rows
(money in fen, percent Decimals, codes; some figures left unknown, as in real records),
turns them into facts with ``srdi_facts.facts_from_years`` and times, per enterprise:

* ``facts_from_years`` (rows -> facts);
* ``srdi.assess(facts, "2022")`` and ``srdi.assess(facts, "2026")``: all three tiers'
  outcomes and score ranges (what a batch report counts; the breakdown, route, shortfalls
  and missing facts of a tier are worked out when first read);
* ``assess_2022_full_breakdown``: the same plus every tier's condition tree, indicator
  scores, route, shortfalls and missing facts (what the enterprise page shows);
* ``srdi.outcomes(facts, "2022")`` / ``"2026"``: only each tier's outcome and score range
  (the batch report's quick path, generated code; checked equal to ``assess``'s outcomes);
* rendering every shortfall of the 2022 assessment in Chinese (what a report prints), on
  the first 2,000.

Each is timed per call after a warm-up of 200 calls, as wall time (``perf_counter_ns``)
and as the thread's CPU time (``thread_time_ns``: what the call itself costs, without the
time the process waited for a core — on a loaded 2-core machine a sub-millisecond call that
is preempted shows a wall time of several ms). Prints p50 / p95 / p99 / max / mean in
milliseconds and the outcome counts per tier (a sanity
check that the mix is believable), as JSON on stdout and in ``--out`` (default
``bench/out/srdi_assess.json``). The target is ≤ 1 ms per ``assess``. Not part of the test
run; no number is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coop_desktop.i18n.catalog import translator  # noqa: E402
from coop_desktop.rules import srdi  # noqa: E402
from coop_desktop.rules.srdi_facts import facts_from_years  # noqa: E402

WAN = 1_000_000  # fen per 万元


def _maybe(rng: random.Random, value: Any, known: float = 0.9) -> Any:
    return value if rng.random() < known else None


def enterprise_rows(rng: random.Random) -> list[dict[str, Any]]:
    """Three years of plausible figures for one SME (newest first)."""
    revenue = rng.lognormvariate(8.3, 1.1) * WAN  # median ~4,000万元
    growth = rng.gauss(0.08, 0.12)
    rd_share = max(0.0, rng.gauss(0.045, 0.03))
    main_share = min(1.0, max(0.3, rng.gauss(0.85, 0.12)))
    employees = max(5, int(revenue / WAN / rng.uniform(40, 120)))
    rows = []
    for k in range(3):
        rev = int(revenue / (1 + growth) ** k)
        rows.append({
            "year": 2025 - k,
            "operating_revenue_fen": _maybe(rng, rev, 0.95),
            "main_business_revenue_fen": _maybe(rng, int(rev * main_share)),
            "rd_expense_fen": _maybe(rng, int(rev * rd_share * rng.uniform(0.85, 1.15)), 0.9),
            "net_profit_fen": _maybe(rng, int(rev * rng.gauss(0.07, 0.06))),
            "total_assets_fen": _maybe(rng, int(rev * rng.uniform(0.8, 2.0))),
            "total_liabilities_fen": _maybe(rng, int(rev * rng.uniform(0.3, 1.2))),
            "equity_financing_fen": _maybe(rng, rng.choice([0, 0, 0, 0, 500 * WAN, 3000 * WAN])),
            "employees": _maybe(rng, employees),
            "rd_staff": _maybe(rng, int(employees * rng.uniform(0.03, 0.35))),
            "class1_ip": _maybe(rng, rng.randint(0, 12)),
            "class1_ip_self_developed": _maybe(rng, rng.randint(0, 6)),
            "class1_ip_high_value": _maybe(rng, rng.choice([0, 0, 0, 1, 2])),
            "class1_ip_applied": _maybe(rng, rng.randint(0, 6)),
            "class2_ip": _maybe(rng, rng.randint(0, 30)),
            "years_in_segment": _maybe(rng, max(0, rng.randint(1, 20) - k)),
            "digitalisation_level": _maybe(rng, rng.randint(1, 4)),
            "distinctiveness_points": _maybe(rng, rng.randint(0, 15), 0.6),
            "domestic_market_share_pct": _maybe(rng, Decimal(rng.randint(0, 3000)) / 100, 0.7),
            "leading_product_in_strategic_emerging_industry": _maybe(rng, rng.random() < 0.5),
            "own_brand": _maybe(rng, rng.random() < 0.7),
            "management_certification": _maybe(rng, rng.random() < 0.7),
            "info_system_core_business": _maybe(rng, rng.random() < 0.6),
            "leading_product_field": _maybe(rng, rng.choice(["gap_filling", "six_basics",
                                                             "other", "other"])),
            "rd_institution_level": _maybe(rng, rng.choice(
                ["national", "provincial", "municipal", "below_municipal", "none", "none"])),
            "st_award": _maybe(rng, rng.choice(["none"] * 12 + ["provincial", "provincial_top3",
                                                                "national", "national_top3"])),
            "maker_in_china": _maybe(rng, rng.choice(["none"] * 15 + ["top500", "top50"])),
            "valid_honours": rng.choice([[], [], ["high_tech_enterprise"],
                                         ["high_tech_enterprise", "ip_advantage"]]),
            "quality_items": rng.sample(["quality_award", "iso9001", "own_brand",
                                         "standard_drafting"], rng.randint(0, 3)),
        })
    return rows


def _timed(fn: Callable[[Any], Any], items: list[Any], keep: Callable[[Any], Any] = lambda r: r
           ) -> tuple[tuple[list[float], list[float]], list[Any]]:
    """Time ``fn`` per item; ``keep`` reduces each result to what is kept (an assessment
    is a few hundred small objects: keeping 10,000 of them alive makes the garbage
    collector's full passes, not ``assess``, dominate the timings)."""
    for item in items[:200]:  # warm-up: caches, criteria files
        fn(item)
    wall, cpu, results = [], [], []
    for item in items:
        t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
        result = fn(item)
        cpu.append((time.thread_time_ns() - c0) / 1e6)
        wall.append((time.perf_counter_ns() - t0) / 1e6)
        results.append(keep(result))
    return (wall, cpu), results


def _stats(times: tuple[list[float], list[float]]) -> dict[str, Any]:
    def one(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)

        def pct(p: float) -> float:  # nearest rank
            return round(ordered[max(0, min(len(ordered) - 1, round(p * len(ordered)) - 1))], 4)

        return {"p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
                "max": round(ordered[-1], 4), "mean": round(statistics.fmean(ordered), 4)}

    wall, cpu = times
    return {"n": len(wall), "wall": one(wall), "cpu": one(cpu)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "srdi_assess.json")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    enterprises = [(enterprise_rows(rng), rng.choice(["micro", "small", "medium", "medium",
                                                      "large", None]),
                    rng.choice([True, False, False, None])) for _ in range(args.enterprises)]
    t_facts, made = _timed(lambda e: facts_from_years(e[0], e[1], srdi_title=e[2],
                                                      innovative_title=e[2]), enterprises)
    facts = [m[0] for m in made]
    def outcomes_of(a: srdi.Assessment) -> tuple[str, ...]:
        return tuple(a.tiers[tier].outcome for tier in srdi.TIERS)

    t_2022, o2022 = _timed(lambda f: srdi.assess(f, "2022"), facts, outcomes_of)
    t_2026, o2026 = _timed(lambda f: srdi.assess(f, "2026"), facts, outcomes_of)
    def full(f: dict[str, Any]) -> int:  # what the enterprise page shows: every part
        a = srdi.assess(f, "2022")
        n = 0
        for t in a.tiers.values():
            n += len(t.conditions) + len(t.shortfalls) + len(t.missing) + len(t.route)
            if t.score is not None:
                n += len(t.score.indicators)
        return n

    t_full, _ = _timed(full, facts)
    # the batch report's quick path: every tier's outcome and score range, nothing else
    t_q2022, q2022 = _timed(lambda f: srdi.outcomes(f, "2022"), facts,
                            lambda q: tuple(t[0] for t in q))
    t_q2026, q2026 = _timed(lambda f: srdi.outcomes(f, "2026"), facts,
                            lambda q: tuple(t[0] for t in q))
    if q2022 != o2022 or q2026 != o2026:
        raise SystemExit("srdi.outcomes disagrees with srdi.assess")
    zh = translator("zh_CN")
    sample = [srdi.assess(f, "2022") for f in facts[:2000]]
    t_render, _ = _timed(lambda a: [e.render(zh) for t in a.tiers.values() for e in t.shortfalls],
                         sample, len)
    del sample

    outcomes = {version: {tier: dict(Counter(o[i] for o in results))
                          for i, tier in enumerate(srdi.TIERS)}
                for version, results in (("2022", o2022), ("2026", o2026))}
    report = {
        "enterprises": args.enterprises,
        "seed": args.seed,
        "ms_per_call": {
            "facts_from_years": _stats(t_facts),
            "assess_2022": _stats(t_2022),
            "assess_2026": _stats(t_2026),
            "assess_2022_full_breakdown": _stats(t_full),
            "outcomes_2022": _stats(t_q2022),
            "outcomes_2026": _stats(t_q2026),
            "render_shortfalls_zh_2022": _stats(t_render),
        },
        "total_cpu_s": {"assess_2022": round(sum(t_2022[1]) / 1000, 2),
                        "assess_2026": round(sum(t_2026[1]) / 1000, 2),
                        "outcomes_2022": round(sum(t_q2022[1]) / 1000, 2),
                        "outcomes_2026": round(sum(t_q2026[1]) / 1000, 2)},
        "outcomes": outcomes,
        "environment": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "loadavg": [round(x, 2) for x in os.getloadavg()]},
    }
    text = json.dumps(report, indent=2, ensure_ascii=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
