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

import datetime as _dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from coop_desktop import paths
from coop_desktop.rules.srdi_engine import CriteriaError, Node, ScoreCondition, compile_condition
from coop_desktop.rules.srdi_scores import Indicator, compile_indicator, score_indicator
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
from coop_desktop.rules.srdi_text import (
    CODE_LABELS,
    CONFIDENCE_LABELS,
    FACT_BOUNDS,
    FACT_INFO,
    FACT_LABELS,
    FACTS,
    KIND_LABEL,
    LABELS,
    MSG_MISSING,
    MSG_NOT_ASSESSED,
    OUTCOME_LABELS,
    TIER_LABELS,
    Explanation,
    FactInfo,
    JoinedMessage,
    format_param,
)

__all__ = [
    "CANNOT_TELL",
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
    "IMPLICATIONS",
    "IndicatorScore",
    "JoinedMessage",
    "ProvinceInfo",
    "RouteStep",
    "ScoreResult",
    "SourceInfo",
    "TierResult",
    "VersionInfo",
    "assess",
    "format_param",
    "normalise_facts",
    "province",
    "provinces",
    "source_info",
    "version_in_force",
    "versions",
]

FOLDER = "srdi"
DEFAULT_VERSION = "2022"


@dataclass(frozen=True)
class VersionInfo:
    """One version of the criteria (a criteria file)."""

    id: str                      # "2022", "2026": what assess(version=…) takes
    criteria_id: str             # "miit-2022-63"
    document: str                # 工信部企业〔2022〕63号
    title_zh: str
    title_en: str
    issued_on: _dt.date | None
    in_force_from: _dt.date | None
    in_force_until: _dt.date | None
    confidence: str
    notes: tuple[str, ...]       # English reference notes from the file (not translated)


@dataclass(frozen=True)
class SourceInfo:
    key: str
    title: str
    url: str
    note: str


@dataclass(frozen=True)
class ProvinceIndicator:
    label_zh: str
    label_en: str
    points: int


@dataclass(frozen=True)
class ProvinceInfo:
    """A province's distinctiveness indicators (特色化指标); empty ``indicators`` = not known
    here: the officer enters the points from the province's own rules."""

    code: str
    name_zh: str
    name_en: str
    total: int
    indicators: tuple[ProvinceIndicator, ...]
    source: str
    url: str
    confidence: str
    note: str


# --- loading -------------------------------------------------------------------------------


@dataclass
class _Dimension:
    id: str
    title: Explanation
    max: int
    indicators: list[tuple[Indicator, str, str]]


@dataclass
class _Score:
    max: int
    source: str
    confidence: str
    dimensions: list[_Dimension]
    pass_mark: int | None
    minimums: dict[str, int]


@dataclass
class _Tier:
    name: str
    source: str
    confidence: str
    conditions: list[Node]
    score: _Score | None
    not_assessed: tuple[Explanation, ...]
    notes: tuple[Explanation, ...]
    facts: tuple[str, ...]


@dataclass
class _Criteria:
    info: VersionInfo
    sources: dict[str, SourceInfo]
    tiers: dict[str, _Tier]
    facts: tuple[str, ...]


def _read(name: str) -> dict[str, Any]:
    with paths.resource(FOLDER, name).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh, parse_float=Decimal)
    return data


def _date(text: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(text) if text else None


def _version_files() -> dict[str, str]:
    folder = paths.resource(FOLDER)
    out = {}
    for p in sorted(folder.glob("criteria-*.json")):
        out[p.stem.removeprefix("criteria-")] = p.name
    return out


def _walk(node: Node) -> Any:
    yield node
    for child in getattr(node, "parts", ()):
        yield from _walk(child)
    for when, then, _ in getattr(node, "cases", ()):
        yield from _walk(when)
        yield from _walk(then)


def _note(item: Mapping[str, Any], msgid: str | None) -> Explanation:
    label = LABELS.get(item.get("label", ""))
    if label is None:
        raise CriteriaError(f"unknown label key {item.get('label')!r}")
    if msgid is None:
        return Explanation(label)
    return Explanation(msgid, {"condition": label}, {"condition": KIND_LABEL})


def _compile_tier(name: str, spec: Mapping[str, Any], data: Mapping[str, Any],
                  ids: set[str]) -> _Tier:
    if "same_as" in spec:
        other = criteria(spec["same_as"]).tiers[name]
        return _Tier(name, spec.get("source", other.source),
                     spec.get("confidence", other.confidence), other.conditions, other.score, other.not_assessed, other.notes, other.facts)
    src, conf = spec["source"], spec["confidence"]
    conditions = [compile_condition(c, src, conf, ids) for c in spec["conditions"]]
    score = None
    if "score" in spec:
        s = spec["score"]
        dims = []
        for d in s["dimensions"]:
            inds = [(compile_indicator(i, ids), i.get("source", s["source"]),
                     i.get("confidence", s["confidence"])) for i in d["indicators"]]
            for ind, src_key, conf_key in inds:
                if ind.title is None or src_key not in data["sources"] or conf_key not in (
                        "C", "K", "U"):
                    raise CriteriaError(f"{ind.id}: needs a label, a source and a confidence")
            dims.append(_Dimension(d["id"], Explanation(LABELS[d["label"]]), int(d["max"]),
                                   inds))
        score_nodes = [n for c in conditions for n in _walk(c) if isinstance(n, ScoreCondition)]
        if len(score_nodes) != 1:
            raise CriteriaError(f"{name}: a score needs exactly one score condition")
        sn = score_nodes[0]
        score = _Score(int(s["max"]), s["source"], s["confidence"], dims, sn.min_total,
                       sn.min_dimensions)
        if sum(d.max for d in dims) != score.max or any(
                sum(i.max for i, _, _ in d.indicators) != d.max for d in dims):
            raise CriteriaError(f"{name}: indicator maxima do not add up")
    elif any(isinstance(n, ScoreCondition) for c in conditions for n in _walk(c)):
        raise CriteriaError(f"{name}: a score condition needs a score")
    facts = [x for c in conditions for x in c.facts]
    if score:
        facts += [x for d in score.dimensions for i, _, _ in d.indicators for x in i.facts]
    for item in [*spec.get("not_assessed", ()), *spec.get("notes", ())]:
        if item.get("source") not in data["sources"] or item.get("confidence") not in "CKU":
            raise CriteriaError(f"{name}: note {item} needs a source and a confidence")
    return _Tier(
        name, src, conf, conditions, score,
        tuple(_note(i, MSG_NOT_ASSESSED) for i in spec.get("not_assessed", ())),
        tuple(_note(i, None) for i in spec.get("notes", ())),
        tuple(dict.fromkeys(facts)))


@lru_cache(maxsize=None)
def criteria(version: str) -> _Criteria:
    """The compiled criteria of ``version`` (cached). ``ValueError`` for an unknown version."""
    files = _version_files()
    if version not in files:
        raise ValueError(f"unknown SRDI criteria version {version!r}; expected one of "
                         f"{tuple(files)}")
    data = _read(files[version])
    if data.get("version") != version or data.get("format") != 1:
        raise CriteriaError(f"{files[version]}: version/format mismatch")
    info = VersionInfo(
        id=version, criteria_id=data["id"], document=data["document"],
        title_zh=data["title_zh"], title_en=data["title_en"],
        issued_on=_date(data.get("issued_on")), in_force_from=_date(data.get("in_force_from")),
        in_force_until=_date(data.get("in_force_until")), confidence=data["confidence"],
        notes=tuple(data.get("notes", ())))
    sources = {k: SourceInfo(k, v["title"], v.get("url", ""), v.get("note", ""))
               for k, v in data["sources"].items()}
    ids: set[str] = set()
    tiers = {name: _compile_tier(name, data["tiers"][name], data, ids) for name in TIERS}
    for tier in tiers.values():
        nodes = [n for c in tier.conditions for n in _walk(c)]
        for n in nodes:
            if n.source not in sources and not (tier.name in data["tiers"]
                                                and "same_as" in data["tiers"][tier.name]):
                raise CriteriaError(f"{n.id}: unknown source {n.source!r}")
    facts = tuple(dict.fromkeys(x for t in tiers.values() for x in t.facts))
    return _Criteria(info, sources, tiers, facts)


def versions() -> tuple[VersionInfo, ...]:
    """Every criteria version shipped, oldest first."""
    return tuple(criteria(v).info for v in _version_files())


def version_in_force(day: _dt.date) -> str | None:
    """The version in force on ``day`` (the newest whose in-force date is not after it)."""
    best = None
    for info in versions():
        if info.in_force_from and info.in_force_from <= day and (
                info.in_force_until is None or day <= info.in_force_until):
            best = info.id
    return best


def source_info(version: str, key: str) -> SourceInfo:
    """Title, URL and note of a criterion's ``source`` key (KeyError if unknown)."""
    crit = criteria(version)
    if key in crit.sources:
        return crit.sources[key]
    for v in _version_files():  # a tier taken over from another version keeps its sources
        if key in criteria(v).sources:
            return criteria(v).sources[key]
    raise KeyError(key)


@lru_cache(maxsize=1)
def _provinces() -> dict[str, ProvinceInfo]:
    data = _read("provinces.json")
    out = {}
    for code, p in data["provinces"].items():
        out[code] = ProvinceInfo(
            code=code, name_zh=p["name_zh"], name_en=p["name_en"], total=int(p["total"]),
            indicators=tuple(ProvinceIndicator(i["label_zh"], i["label_en"], int(i["points"]))
                             for i in p["indicators"]),
            source=p["source"], url=p.get("url", ""), confidence=p["confidence"],
            note=p.get("note", ""))
    return out


def provinces() -> tuple[ProvinceInfo, ...]:
    """Every province whose distinctiveness indicators are recorded (GB/T 2260 code order)."""
    return tuple(v for _, v in sorted(_provinces().items()))


def province(code: str | None) -> ProvinceInfo | None:
    """The province's indicators by GB/T 2260 code (``"510000"``; a city/county code maps to
    its province), or None when not recorded: then the officer enters the points."""
    if not code or len(code) < 2:
        return None
    return _provinces().get(code[:2] + "0000")


# --- facts ---------------------------------------------------------------------------------


def _number(name: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{name} must be a finite number")
    return number


def _bounded(info: FactInfo, number: Decimal) -> Decimal:
    lo, hi = FACT_BOUNDS.get(info.name, (0, math.inf) if info.unit in (
        "count", "years", "level", "points", "yuan", "yuans") else (-math.inf, math.inf))
    if not lo <= number <= hi:
        raise ValueError(f"{info.name} must be between {lo} and {hi}, not {number}")
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


def normalise_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Facts as the assessment reads them: numbers as ``Decimal``, lists as tuples, None
    for not known, plus what :data:`IMPLICATIONS` and ``rd_institution_level`` imply (no
    S&T award at all means no national award ranked in the top 3 …). Raises ``ValueError``
    for an unknown name, a value out of range or contradicting facts, and ``TypeError``
    for a value of the wrong type."""
    out: dict[str, Any] = {}
    for name, value in facts.items():
        info = FACT_INFO.get(name)
        if info is None:
            raise ValueError(f"unknown SRDI fact {name!r}")
        if value is None:
            continue
        unit = info.unit
        if unit == "bool":
            if not isinstance(value, bool):
                raise TypeError(f"{name} must be True or False, not {value!r}")
            out[name] = value
        elif unit == "code":
            if value not in info.codes:
                raise ValueError(f"{name} must be one of {info.codes}, not {value!r}")
            out[name] = value
        elif unit == "codes":
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise TypeError(f"{name} must be a list of codes")
            out[name] = tuple(value)
        elif unit in ("fractions", "yuans"):
            items = tuple(value)
            if len(items) != 2:
                raise ValueError(f"{name} must list two years (last year, the year before)")
            out[name] = tuple(None if v is None else _bounded(info, _number(name, v))
                              for v in items)
            if out[name] == (None, None):
                del out[name]
        else:
            out[name] = _bounded(info, _number(name, value))
    _implied(out)
    return out


# --- assessing -----------------------------------------------------------------------------


def _score(tier: _Tier, f: Mapping[str, Any]) -> ScoreResult | None:
    s = tier.score
    if s is None:
        return None
    dims = []
    for d in s.dimensions:
        inds = tuple(score_indicator(i, d.id, src, conf, f) for i, src, conf in d.indicators)
        dims.append(DimensionScore(
            id=d.id, title=d.title, max_points=d.max,
            minimum=s.minimums.get(d.id), points_min=sum(i.points_min for i in inds),
            points_max=sum(i.points_max for i in inds), indicators=inds))
    return ScoreResult(max_points=s.max, pass_mark=s.pass_mark,
                       total_min=sum(d.points_min for d in dims),
                       total_max=sum(d.points_max for d in dims), dimensions=tuple(dims),
                       source=s.source, confidence=s.confidence)


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


def _shortfalls(results: tuple[ConditionResult, ...],
                outcome: str) -> tuple[tuple[Explanation, ...], tuple[str, ...]]:
    if outcome == PASS:
        return (), ()
    leaves = [s for r in results if r.outcome == outcome for s in r.shortfalls()]
    texts: list[Explanation] = []
    said: set[str] = set()
    for leaf in leaves:
        if leaf.detail is not None:
            texts.append(leaf.detail)
            if leaf.detail.msgid == MSG_MISSING:
                said.update(leaf.missing)
    missing = tuple(dict.fromkeys(x for r in results if r.outcome == CANNOT_TELL
                                  for x in r.missing))
    if outcome == CANNOT_TELL:
        for fact in missing:
            if fact not in said:
                texts.append(Explanation(MSG_MISSING, {"fact": FACT_LABELS[fact]},
                                         {"fact": KIND_LABEL}))
    unique = {(t.msgid, tuple(t.params.items())): t for t in reversed(texts)}
    return tuple(reversed(unique.values())), (missing if outcome == CANNOT_TELL else ())


def _assess_tier(tier: _Tier, f: Mapping[str, Any]) -> TierResult:
    score = _score(tier, f)
    results = tuple(c.evaluate(f, score) for c in tier.conditions)
    outcomes = {r.outcome for r in results}
    outcome = FAIL if FAIL in outcomes else CANNOT_TELL if CANNOT_TELL in outcomes else PASS
    shortfalls, missing = _shortfalls(results, outcome)
    return TierResult(
        tier=tier.name, label=TIER_LABELS[tier.name], outcome=outcome, conditions=results,
        route=_routes(results) if outcome == PASS else (), score=score, shortfalls=shortfalls,
        missing=missing, not_assessed=tier.not_assessed, notes=tier.notes,
        inputs={k: f.get(k) for k in tier.facts}, source=tier.source,
        confidence=tier.confidence)


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
        tiers=MappingProxyType(tiers),
        inputs=MappingProxyType({k: f.get(k) for k in crit.facts}))
