"""The quick paths agree with the full breakdown, on many generated fact sets.

``TierResult.outcome``, ``.shortfalls`` and ``.missing`` are worked out without building the
condition tree (a batch report needs only them); here they are recomputed from the tree
(``TierResult.conditions``) the slow, obvious way and compared, for both versions. So is
``srdi.outcomes`` (each tier's outcome and score range from generated code, ``srdi_quick``).
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
from srdi_cases import STRONG

from coop_desktop.i18n.catalog import english
from coop_desktop.rules import srdi
from coop_desktop.rules.srdi import CANNOT_TELL, FAIL, PASS
from coop_desktop.rules.srdi_text import FACT_INFO, FACT_LABELS, MSG_MISSING

EN = english()
# values around the thresholds, so that every band and condition flips somewhere
NUMBERS = {
    "fraction": ["0", "0.0099", "0.01", "0.03", "0.0599", "0.06", "0.1", "0.5", "0.7", "0.8",
                 "0.9", "1"],
    "yuan": ["0", "999999.99", "1000000", "10000000", "20000000", "49999999.99", "50000000",
             "100000000", "200000000"],
    "count": ["0", "1", "2", "4"], "years": ["0", "1", "2", "3", "10"],
    "points": ["0", "10", "15"],
}
SHARES = {"main_business_revenue_share", "rd_staff_share", "domestic_market_share"}


def random_facts(rng: random.Random) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for info in srdi.FACTS:
        if rng.random() < 0.25:
            continue  # not known
        unit = info.unit
        if unit == "bool":
            facts[info.name] = rng.random() < 0.5
        elif unit == "code":
            facts[info.name] = rng.choice(info.codes)
        elif unit == "codes":
            facts[info.name] = rng.sample(info.codes, rng.randint(0, len(info.codes)))
        elif unit == "level":
            facts[info.name] = rng.randint(1, 4)
        elif unit in ("fractions", "yuans"):
            pool = NUMBERS["fraction" if unit == "fractions" else "yuan"]
            facts[info.name] = [None if rng.random() < 0.2 else Decimal(rng.choice(pool))
                                for _ in range(2)]
        else:
            pool = NUMBERS[unit]
            value = Decimal(rng.choice(pool))
            if info.name in SHARES:
                value = min(value, Decimal(1))
            if info.name == "srdi_development_score":
                value = Decimal(rng.choice(["49", "50", "59", "60", "80"]))
            if info.name.startswith(("main_revenue_growth", "revenue_cagr")) and rng.random() < .3:
                value = -value
            facts[info.name] = value
    return facts


def near_strong(rng: random.Random) -> dict[str, Any]:
    """A strong enterprise with a few facts changed or unknown."""
    facts = dict(STRONG)
    other = random_facts(rng)
    for name in rng.sample(sorted(srdi.FACT_INFO), rng.randint(0, 4)):
        facts[name] = other.get(name)
    return facts


def consistent(rng: random.Random) -> dict[str, Any]:
    while True:
        facts = random_facts(rng) if rng.random() < 0.5 else near_strong(rng)
        try:
            srdi.normalise_facts(facts)
            return facts
        except ValueError:  # contradicting yes/no facts: draw again
            continue


def expected_from_tree(t: srdi.TierResult) -> tuple[str, list[str], tuple[str, ...]]:
    results = t.conditions
    outcomes = {r.outcome for r in results}
    outcome = FAIL if FAIL in outcomes else CANNOT_TELL if CANNOT_TELL in outcomes else PASS
    if outcome == PASS:
        return outcome, [], ()
    leaves = [s for r in results if r.outcome == outcome for s in r.shortfalls()]
    missing = tuple(dict.fromkeys(x for r in results if r.outcome == CANNOT_TELL
                                  for x in r.missing)) if outcome == CANNOT_TELL else ()
    texts, said = [], set()
    for leaf in leaves:
        if leaf.detail is not None:
            texts.append(leaf.detail.render(EN))
            if leaf.detail.msgid == MSG_MISSING:
                said.update(leaf.missing)
    texts += [f"Missing: {FACT_LABELS[x]}" for x in missing if x not in said]
    return outcome, list(dict.fromkeys(texts)), missing


@pytest.mark.parametrize("version", ["2022", "2026"])
def test_quick_paths_agree_with_the_tree(version: str) -> None:
    rng = random.Random(20260101 + int(version))
    seen: set[tuple[str, str]] = set()
    for _ in range(400):
        facts = consistent(rng)
        a = srdi.assess(facts, version)
        # the batch report's quick path: the same outcome and score range, same types
        quick = srdi.outcomes(facts, version)
        assert quick == tuple(
            (t.outcome, *((t.score.total_min, t.score.total_max) if t.score else (None, None)))
            for t in a.tiers.values())
        assert [type(x) for q in quick for x in q] == [
            type(x) for t in a.tiers.values()
            for x in (t.outcome, *((t.score.total_min, t.score.total_max) if t.score
                                   else (None, None)))]
        for t in a.tiers.values():
            outcome, texts, missing = expected_from_tree(t)
            assert t.outcome == outcome
            assert [e.render(EN) for e in t.shortfalls] == texts
            assert t.missing == missing
            seen.add((t.tier, t.outcome))
    # the generated facts reach every outcome of every tier
    assert seen == {(tier, o) for tier in srdi.TIERS for o in srdi.OUTCOMES}


def test_every_result_field_is_set() -> None:
    """Results are built without __init__ (for speed): each must still have every field."""
    import dataclasses

    rng = random.Random(5)
    a = srdi.assess(consistent(rng))
    for t in a.tiers.values():
        stack = list(t.conditions)
        while stack:
            c = stack.pop()
            assert all(f.name in vars(c) for f in dataclasses.fields(c))
            stack.extend(c.children)
        if t.score is not None:
            for ind in t.score.indicators:
                assert all(f.name in vars(ind) for f in dataclasses.fields(ind))
    assert set(FACT_INFO) >= set(a.inputs)


@pytest.mark.parametrize("version", ["2022", "2026"])
def test_outcomes_on_many_fact_sets(version: str) -> None:
    """``srdi.outcomes`` (generated code) says what ``assess`` says, on many more fact sets
    than the tree comparison above (it is cheap), facts not normalised included."""
    rng = random.Random(7 + int(version))
    for _ in range(3000):
        facts = random_facts(rng) if rng.random() < 0.5 else near_strong(rng)
        try:
            a = srdi.assess(facts, version)
        except ValueError:
            with pytest.raises(ValueError):
                srdi.outcomes(facts, version)
            continue
        assert srdi.outcomes(facts, version) == tuple(
            (t.outcome, *((t.score.total_min, t.score.total_max) if t.score else (None, None)))
            for t in a.tiers.values())


def test_the_quick_functions_write_out_every_node_of_the_shipped_criteria() -> None:
    """Every condition and indicator of the shipped criteria is written out (none falls
    back to its own ``test``/``span``, which would be slower but not wrong)."""
    from coop_desktop.rules.srdi_quick import tier_source

    for version in ("2022", "2026"):
        for name in srdi.TIERS:
            source, names = tier_source(srdi.criteria(version).tiers[name])
            assert "span = " not in source, (version, name)
            assert not [k for k, v in names.items() if getattr(v, "__name__", "") == "span"]


def test_band_tables_and_choices_score_as_the_general_rule() -> None:
    """A band table or a choice is scored by comparing its one fact in order; the general
    rule (each option's condition tested in turn) gives the same points, band, band title
    and missing facts."""
    import copy

    from coop_desktop.rules.srdi_scores import First, MaxOf

    def firsts(indicators):
        for ind in indicators:
            if isinstance(ind, MaxOf):
                yield from firsts(ind.parts)
            elif isinstance(ind, First) and (ind.bands or ind.choices):
                yield ind

    rng = random.Random(13)
    fact_sets = [consistent(rng) for _ in range(300)]
    checked = 0
    for version in ("2022", "2026"):
        for tier in srdi.criteria(version).tiers.values():
            if tier.score is None:
                continue
            for ind in firsts(i for d in tier.score.dimensions for i, _, _ in d.indicators):
                general = copy.copy(ind)
                general.bands = general.choices = None
                for facts in fact_sets:
                    f = srdi.normalise_facts(facts)
                    assert ind.points(f) == general.points(f), (ind.id, f.get(ind.facts[0]))
                    assert ind.span(f) == general.span(f)
                checked += 1
    assert checked >= 15
