"""Which SRDI tier an enterprise qualifies for, and why not: a pure, deterministic assessment.

MIIT's tiered cultivation of quality SMEs has three tiers: innovative SMEs (创新型中小企业),
SRDI SMEs (专精特新中小企业) and SRDI "Little Giants" (专精特新“小巨人”企业). The criteria are
data, one file per version of the measures, in ``resources/srdi/``:

* ``criteria-2022.json`` — 工信部企业〔2022〕63号 (innovative: basic condition, four direct
  passes or the 100-point score with minimum sub-scores; SRDI: four conditions and the
  13-indicator score; Little Giant: the six dimensions incl. the R&D table by revenue);
* ``criteria-2026.json`` — 工信部企业〔2026〕2号 as reported (the innovative tier keeps
  the 2022 standard, art. 30);
* ``provinces.json`` — province-set distinctiveness indicators (15 points of the SRDI score).

Every criterion carries a ``source`` (a key of the file's ``sources``, with its URL) and a
``confidence``: C confirmed by a cited source, K from the known text but not checked
against the original, U unverified.

API::

    assess(facts, version="2022") -> Assessment     # .innovative / .srdi / .little_giant
    outcomes(facts, version="2022")                 # per tier (outcome, score min, max) only:
                                                    # a batch's quick path (generated code)
    versions() -> tuple[VersionInfo, ...]           # id, titles, document, in-force dates
    version_in_force(day) -> str | None             # which version applies on a date
    FACTS, FACT_INFO, FACT_LABELS                   # every fact: name, label msgid, unit
    source_info(version, key) -> SourceInfo         # title, URL and note of a source
    province(code) -> ProvinceInfo | None           # the province's distinctiveness indicators
    Explanation.message(lang) / .render(tr)         # the texts, formatted for a language

Facts (see :data:`FACTS` for every name, label and unit): fractions as 0–1 (``Decimal``,
``int`` or ``float``), money in yuan, booleans as True/False, None or absent = not known.
A missing fact never passes or fails a condition silently: the tier is ``cannot_tell``
unless a known fact already fails it (a known failure is decisive) or a met alternative
already passes it (a direct pass passes with score inputs missing). Boundaries: 以上 /
不低于 / 以下 / 不高于 include the number, so a value on a band boundary falls into the
higher-scoring band (R&D 5% scores as "5% 以上", a debt ratio of 55% as "55% 以下").

Unknown fact names and values of the wrong type raise ``ValueError``/``TypeError``: they
are programming errors (the facts come from :func:`coop_desktop.rules.srdi_facts.facts_from_years`
or a validated form), not something a user can type.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from coop_desktop.rules.srdi_criteria import (
    DEFAULT_VERSION,
    ProvinceIndicator,
    ProvinceInfo,
    SourceInfo,
    VersionInfo,
    CompiledTier,
    criteria,
    province,
    provinces,
    source_info,
    version_in_force,
    versions,
)
from coop_desktop.rules.srdi_engine import CriteriaError
from coop_desktop.rules.srdi_quick import TierOutcome, compile_tiers
from coop_desktop.rules.srdi_results import (
    CANNOT_TELL,
    FAIL,
    OUTCOMES,
    PASS,
    TIERS,
    Assessment,
    ConditionResult,
    DimensionScore,
    IndicatorScore,
    RouteStep,
    ScoreResult,
    TierResult,
)
from coop_desktop.rules.srdi_scores import score_indicator
from coop_desktop.rules.srdi_text import (
    CODE_LABELS,
    CONFIDENCE_LABELS,
    FACT_BOUNDS,
    FACT_INFO,
    FACT_LABELS,
    FACTS,
    KIND_LABEL,
    MSG_MISSING,
    OUTCOME_LABELS,
    TIER_LABELS,
    Explanation,
    FactInfo,
    JoinedMessage,
    format_param,
)

__all__ = [
    "CANNOT_TELL",
    "DEFAULT_VERSION",
    "CODE_LABELS",
    "CONFIDENCE_LABELS",
    "FACTS",
    "FACT_INFO",
    "FACT_LABELS",
    "FAIL",
    "OUTCOMES",
    "OUTCOME_LABELS",
    "PASS",
    "TIERS",
    "TIER_LABELS",
    "Assessment",
    "ConditionResult",
    "CriteriaError",
    "DimensionScore",
    "Explanation",
    "FactInfo",
    "BOUNDS",
    "IMPLICATIONS",
    "IndicatorScore",
    "JoinedMessage",
    "ProvinceIndicator",
    "ProvinceInfo",
    "RouteStep",
    "ScoreResult",
    "SourceInfo",
    "TierResult",
    "VersionInfo",
    "assess",
    "assess_tiers",
    "criteria",
    "format_param",
    "implied",
    "normalise_facts",
    "outcomes",
    "outcomes_function",
    "province",
    "provinces",
    "source_info",
    "version_in_force",
    "versions",
]

# --- facts ---------------------------------------------------------------------------------


def _number(name: str, value: Any) -> Decimal:
    cls = type(value)
    if cls is Decimal:
        number = value
    elif cls is int:
        number = Decimal(value)
    elif cls is float:
        number = Decimal(str(value))  # 0.03 means 0.03, not 0.0299999999999999988…
    elif isinstance(value, int | Decimal) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not number.is_finite():
        raise ValueError(f"{name} must be a finite number")
    return number


_NON_NEGATIVE = ("count", "years", "level", "points", "yuan", "yuans")
# fact -> (lowest, highest) allowed, None = no limit on that side
_BOUNDS: dict[str, tuple[Decimal | None, Decimal | None]] = {
    info.name: ((Decimal(FACT_BOUNDS[info.name][0]), Decimal(FACT_BOUNDS[info.name][1]))
                if info.name in FACT_BOUNDS else
                (Decimal(0), None) if info.unit in _NON_NEGATIVE else (None, None))
    for info in FACTS}


def _bounded(name: str, number: Decimal) -> Decimal:
    lo, hi = _BOUNDS[name]
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise ValueError(f"{name} must be between {lo} and {hi}, not {number}")
    return number


#: What one yes/no fact tells about another: (fact, its value) -> (implied fact, value).
#: Applied when the implied fact is not given; a contradiction raises ``ValueError``.
IMPLICATIONS: tuple[tuple[str, bool, str, bool], ...] = (
    ("national_st_award_top3_3y", True, "national_st_award_top5_3y", True),
    ("national_st_award_top5_3y", True, "national_st_award_3y", True),
    ("national_st_award_3y", True, "st_award_3y", True),
    ("provincial_st_award_top3_3y", True, "st_award_3y", True),
    ("st_award_3y", False, "national_st_award_3y", False),
    ("st_award_3y", False, "provincial_st_award_top3_3y", False),
    ("national_st_award_3y", False, "national_st_award_top5_3y", False),
    ("national_st_award_top5_3y", False, "national_st_award_top3_3y", False),
    ("maker_in_china_top50_3y", True, "maker_in_china_top500_3y", True),
    ("maker_in_china_top500_3y", False, "maker_in_china_top50_3y", False),
    ("provincial_rd_institution", True, "has_rd_institution", True),
    ("has_rd_institution", False, "provincial_rd_institution", False),
)


def _implied(out: dict[str, Any]) -> None:
    changed = True
    while changed:  # the rules chain (top 3 -> top 5 -> national -> any award)
        changed = False
        for fact, value, other, implied in IMPLICATIONS:
            if out.get(fact) is value:
                if other not in out:
                    out[other] = implied
                    changed = True
                elif out[other] is not implied:
                    raise ValueError(f"{fact}={value} contradicts {other}={out[other]}")
    level = out.get("rd_institution_level")
    if level is not None:
        for fact, implied in (("has_rd_institution", level != "none"),
                              ("provincial_rd_institution", level in ("national", "provincial"))):
            if out.setdefault(fact, implied) is not implied:
                raise ValueError(f"rd_institution_level={level} contradicts {fact}={out[fact]}")


#: fact -> (lowest, highest) value :func:`normalise_facts` accepts (None: no limit that side)
BOUNDS = MappingProxyType(_BOUNDS)


def implied(facts: dict[str, Any]) -> None:
    """Add to normalised ``facts`` what :data:`IMPLICATIONS` and ``rd_institution_level``
    imply (as :func:`normalise_facts` does); ``ValueError`` for contradicting facts."""
    _implied(facts)


# fact -> how normalise_facts reads it: (kind, lowest, highest, codes); kinds below
_NUM, _BOOL, _CODE, _CODES, _PAIR = range(5)
_KIND_OF_UNIT = {"bool": _BOOL, "code": _CODE, "codes": _CODES, "fractions": _PAIR,
                 "yuans": _PAIR}
_SPEC: dict[str, tuple[int, Decimal | None, Decimal | None, tuple[str, ...]]] = {
    info.name: (_KIND_OF_UNIT.get(info.unit, _NUM), *_BOUNDS[info.name], info.codes)
    for info in FACTS}


def normalise_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Facts as the assessment reads them: numbers as ``Decimal``, lists as tuples, None
    for not known, plus what :data:`IMPLICATIONS` and ``rd_institution_level`` imply (no
    S&T award at all means no national award ranked in the top 3 …). Raises ``ValueError``
    for an unknown name, a value out of range or contradicting facts, and ``TypeError``
    for a value of the wrong type."""
    out: dict[str, Any] = {}
    spec = _SPEC
    for name, value in facts.items():
        how = spec.get(name)
        if how is None:
            raise ValueError(f"unknown SRDI fact {name!r}")
        if value is None:
            continue
        kind, lo, hi, codes = how
        if kind == _NUM:  # the common case first, inline (a batch normalises ~50 a row)
            cls = type(value)
            if cls is Decimal and value.is_finite():
                number = value
            elif cls is int:
                number = Decimal(value)
            else:
                number = _number(name, value)
            if (lo is not None and number < lo) or (hi is not None and number > hi):
                _bounded(name, number)  # raises
            out[name] = number
        elif kind == _BOOL:
            if value is not True and value is not False:
                raise TypeError(f"{name} must be True or False, not {value!r}")
            out[name] = value
        elif kind == _CODE:
            if value not in codes:
                raise ValueError(f"{name} must be one of {codes}, not {value!r}")
            out[name] = value
        elif kind == _CODES:
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise TypeError(f"{name} must be a list of codes")
            out[name] = tuple(value)
        else:
            items = tuple(value)
            if len(items) != 2:
                raise ValueError(f"{name} must list two years (last year, the year before)")
            pair = tuple(None if v is None else _bounded(name, _number(name, v))
                         for v in items)
            if pair != (None, None):
                out[name] = pair
    _implied(out)
    return out


# --- assessing -----------------------------------------------------------------------------


def _score(tier: CompiledTier, f: Mapping[str, Any]) -> ScoreResult | None:
    """The score's totals and ranges now; the per-indicator objects when first asked for."""
    s = tier.score
    if s is None:
        return None
    scored = [[ind.points(f) for ind, _, _ in d.indicators] for d in s.dimensions]
    ranges = {d.id: (sum(p[0] for p in ps), sum(p[1] for p in ps))
              for d, ps in zip(s.dimensions, scored, strict=True)}
    points = tuple((ind.id, d.id, p[0], p[1], p[2], p[4])
                   for d, ps in zip(s.dimensions, scored, strict=True)
                   for (ind, _, _), p in zip(d.indicators, ps, strict=True))

    def dimensions() -> tuple[DimensionScore, ...]:
        out = []
        for d, ps in zip(s.dimensions, scored, strict=True):
            inds = tuple(score_indicator(i, d.id, src, conf, f, p)
                         for (i, src, conf), p in zip(d.indicators, ps, strict=True))
            lo, hi = ranges[d.id]
            out.append(DimensionScore(id=d.id, title=d.title, max_points=d.max,
                                      minimum=s.minimums.get(d.id), points_min=lo,
                                      points_max=hi, indicators=inds))
        return tuple(out)

    return ScoreResult(max_points=s.max, pass_mark=s.pass_mark,
                       total_min=sum(lo for lo, _ in ranges.values()),
                       total_max=sum(hi for _, hi in ranges.values()), ranges=ranges,
                       points=points, source=s.source, confidence=s.confidence,
                       make_dimensions=dimensions, dimension_titles=s.titles)


def _routes(results: tuple[ConditionResult, ...]) -> tuple[RouteStep, ...]:
    steps: list[RouteStep] = []

    def walk(r: ConditionResult) -> None:
        if r.outcome != PASS:
            return
        passed = [c for c in r.children if c.outcome == PASS]
        if r.kind == "any":
            if r.route:
                steps.append(RouteStep(r.id, r.title, tuple(c.id for c in passed),
                                       tuple(c.title for c in passed)))
            passed = passed[:1]
        for c in passed:
            walk(c)

    for r in results:
        walk(r)
    return tuple(steps)


class _TierWork:
    """Works out a tier result's breakdown, route, shortfalls and missing facts on demand."""

    __slots__ = ("tier", "f", "score", "outcomes")

    def __init__(self, tier: CompiledTier, f: Mapping[str, Any], score: ScoreResult | None,
                 outcomes: list[str]) -> None:
        self.tier, self.f, self.score, self.outcomes = tier, f, score, outcomes

    def conditions(self) -> tuple[ConditionResult, ...]:
        return tuple(c.evaluate(self.f, self.score) for c in self.tier.conditions)

    def route(self, result: TierResult) -> tuple[RouteStep, ...]:
        return _routes(result.conditions) if result.outcome == PASS else ()

    def missing(self, outcome: str) -> tuple[str, ...]:
        if outcome != CANNOT_TELL:
            return ()
        return tuple(dict.fromkeys(
            x for c, o in zip(self.tier.conditions, self.outcomes, strict=True)
            if o == CANNOT_TELL for x in c.unknown(self.f, self.score)))

    def shortfalls(self, outcome: str) -> tuple[Explanation, ...]:
        """For fail, what is short; for cannot_tell, what is missing (each fact once)."""
        if outcome == PASS:
            return ()
        shorts = [s for c, o in zip(self.tier.conditions, self.outcomes, strict=True)
                  if o == outcome for s in c.short(self.f, self.score, outcome)]
        texts: list[Explanation] = []
        said: set[str] = set()
        for explain, missing in shorts:
            detail = explain()
            if detail is not None:
                texts.append(detail)
                if detail.msgid == MSG_MISSING:
                    said.update(missing)
        if outcome == CANNOT_TELL:
            for fact in self.missing(outcome):
                if fact not in said:
                    texts.append(Explanation(MSG_MISSING, {"fact": FACT_LABELS[fact]},
                                             {"fact": KIND_LABEL}))
        unique = {(t.msgid, tuple(t.params.items())): t for t in reversed(texts)}
        return tuple(reversed(unique.values()))


def _assess_tier(tier: CompiledTier, f: Mapping[str, Any]) -> TierResult:
    score = _score(tier, f)
    outcomes = [c.test(f, score) for c in tier.conditions]
    outcome = FAIL if FAIL in outcomes else CANNOT_TELL if CANNOT_TELL in outcomes else PASS
    return TierResult(
        tier=tier.name, label=TIER_LABELS[tier.name], outcome=outcome, score=score,
        not_assessed=tier.not_assessed, notes=tier.notes, source=tier.source,
        confidence=tier.confidence, facts=f, reads=tier.facts,
        work=_TierWork(tier, f, score, outcomes))


@lru_cache(maxsize=None)
def outcomes_function(version: str = DEFAULT_VERSION
                      ) -> Callable[[Mapping[str, Any]], tuple[TierOutcome, ...]]:
    """The function :func:`outcomes` calls on normalised facts, every tier at once (for a
    batch that calls it itself)."""
    tiers = criteria(version).tiers
    return compile_tiers([tiers[name] for name in TIERS])


def outcomes(facts: Mapping[str, Any], version: str = DEFAULT_VERSION,
             normalised: bool = False) -> tuple[TierOutcome, ...]:
    """Per tier (in :data:`TIERS` order) what ``assess(facts, version)`` says of it in a
    word: ``(outcome, score.total_min, score.total_max)`` (None, None without a score),
    without building any result — for a batch that counts and sorts. Raises as
    :func:`assess` does. ``normalised``: ``facts`` already come from
    :func:`normalise_facts` (not checked again)."""
    quick = outcomes_function(version)
    return quick(facts if normalised else normalise_facts(facts))


def assess_tiers(facts: Mapping[str, Any], version: str = DEFAULT_VERSION,
                 names: tuple[str, ...] = TIERS, normalised: bool = False
                 ) -> dict[str, TierResult]:
    """``assess(facts, version).tiers`` for the tiers ``names`` only (the others are not
    worked out): what a batch report needs to say why a few tiers are not met.
    ``normalised``: ``facts`` already come from :func:`normalise_facts`."""
    crit = criteria(version)
    f = facts if normalised else normalise_facts(facts)
    return {name: _assess_tier(crit.tiers[name], f) for name in names}


def assess(facts: Mapping[str, Any], version: str = DEFAULT_VERSION) -> Assessment:
    """Assess the three tiers under ``version`` of the criteria (``"2022"``, ``"2026"``).

    Pure and deterministic: no database, no clock, no Qt; the criteria files are read
    once. See the module docstring for the facts and the three-valued rules.
    """
    crit = criteria(version)
    f = normalise_facts(facts)
    tiers = {name: _assess_tier(crit.tiers[name], f) for name in TIERS}
    return Assessment(
        version=version, criteria_id=crit.info.criteria_id, document=crit.info.document,
        tiers=MappingProxyType(tiers), facts=f, reads=crit.facts)
