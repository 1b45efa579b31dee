"""Loading the SRDI criteria files (``resources/srdi/``) into compiled, cached form.

One file per version of the measures (``criteria-<version>.json``) plus ``provinces.json``;
see :mod:`coop_desktop.rules.srdi` for what they hold and :mod:`coop_desktop.rules.srdi_engine`
/ :mod:`coop_desktop.rules.srdi_scores` for the condition and indicator types. Every file is
checked when loaded (unknown facts, labels, sources or confidence labels, maxima that do not
add up, duplicate ids): a malformed file raises :class:`CriteriaError` at the first use.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from coop_desktop import paths
from coop_desktop.rules.srdi_engine import CriteriaError, Node, ScoreCondition, compile_condition
from coop_desktop.rules.srdi_results import TIERS
from coop_desktop.rules.srdi_scores import Indicator, compile_indicator
from coop_desktop.rules.srdi_text import KIND_LABEL, LABELS, MSG_NOT_ASSESSED, Explanation

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
    titles: Mapping[str, str] = field(default_factory=dict)  # dimension id -> label msgid


@dataclass
class CompiledTier:
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
    tiers: dict[str, CompiledTier]
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
                  ids: set[str]) -> CompiledTier:
    if "same_as" in spec:
        other = criteria(spec["same_as"]).tiers[name]
        return CompiledTier(name, spec.get("source", other.source),
                            spec.get("confidence", other.confidence), other.conditions,
                            other.score, other.not_assessed, other.notes, other.facts)
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
                       sn.min_dimensions, MappingProxyType({d.id: d.title.msgid for d in dims}))
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
    return CompiledTier(
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
