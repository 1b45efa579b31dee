"""What :func:`coop_desktop.rules.srdi.assess` returns: frozen dataclasses, no behaviour of note.

Outcomes are the strings :data:`PASS`, :data:`FAIL` and :data:`CANNOT_TELL`. Every text is
an :class:`~coop_desktop.rules.srdi_text.Explanation` (msgid + raw parameters + how to show
each), so a UI renders it in either language and a report can still read the numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coop_desktop.rules.srdi_text import Explanation

PASS = "pass"
FAIL = "fail"
CANNOT_TELL = "cannot_tell"
OUTCOMES = (PASS, FAIL, CANNOT_TELL)

TIERS = ("innovative", "srdi", "little_giant")

Points = int | Decimal


@dataclass(frozen=True)
class ConditionResult:
    """One condition (a test on one fact, or a group of conditions) and how it came out.

    ``kind``: ``test`` (one fact against a threshold), ``all`` (every part must hold),
    ``any`` (one alternative is enough), ``cases`` (the rule that applies depends on a fact,
    e.g. the Little Giant R&D table by revenue size) or ``score`` (the evaluation score).
    ``title`` says what the condition is ("R&D expense … ≥ 3%"); ``detail`` what was found
    ("… 2.1%; needs ≥ 3%", "Missing: …"; None for a group that holds). ``inputs`` are the
    facts this condition and its parts read (None = missing); ``missing`` the ones a
    ``cannot_tell`` waits for. ``source`` is a key of the criteria file's ``sources``
    (see :func:`coop_desktop.rules.srdi.source_info`), ``confidence`` C/K/U.
    """

    id: str
    kind: str
    title: Explanation
    outcome: str
    detail: Explanation | None
    inputs: Mapping[str, Any]
    missing: tuple[str, ...]
    children: tuple[ConditionResult, ...]
    route: bool
    source: str
    confidence: str
    note: str = ""

    def shortfalls(self) -> tuple[ConditionResult, ...]:
        """The innermost conditions that explain why this one is not met: for ``fail`` the
        failed ones (every alternative of an ``any``), for ``cannot_tell`` the undecided
        ones. Empty when it passes."""
        if self.outcome == PASS:
            return ()
        if not self.children:
            return (self,)
        wanted = FAIL if self.outcome == FAIL else CANNOT_TELL
        out: list[ConditionResult] = []
        for child in self.children:
            if child.outcome == wanted:
                out.extend(child.shortfalls())
        # e.g. a case table whose selecting fact is missing while the rules disagree: the
        # group itself (its detail names the missing fact) is what is undecided
        return tuple(out) or (self,)


@dataclass(frozen=True)
class IndicatorScore:
    """One indicator of the evaluation score.

    ``points`` is None while a missing fact leaves it open; ``points_min``/``points_max``
    are then the range it can still take. ``band`` is the band letter of the criteria
    (A = best) when known, ``band_title`` the band's threshold ("≥ 5%").
    """

    id: str
    dimension: str
    title: Explanation
    max_points: int
    points: Points | None
    points_min: Points
    points_max: Points
    band: str | None
    band_title: Explanation | None
    inputs: Mapping[str, Any]
    missing: tuple[str, ...]
    source: str
    confidence: str


@dataclass(frozen=True)
class DimensionScore:
    """A category of indicators (innovation, growth, …) with its sub-total and, where the
    standard sets one, the minimum sub-score (``minimum``)."""

    id: str
    title: Explanation
    max_points: int
    minimum: int | None
    points_min: Points
    points_max: Points
    indicators: tuple[IndicatorScore, ...]

    @property
    def points(self) -> Points | None:
        return self.points_min if self.points_min == self.points_max else None


@dataclass(frozen=True)
class ScoreResult:
    """The 100-point evaluation score of a tier (total and sub-totals as ranges while facts
    are missing; ``total`` is None then). ``pass_mark`` is the total the standard asks for."""

    max_points: int
    pass_mark: int | None
    total_min: Points
    total_max: Points
    dimensions: tuple[DimensionScore, ...]
    source: str
    confidence: str

    @property
    def total(self) -> Points | None:
        return self.total_min if self.total_min == self.total_max else None

    @property
    def indicators(self) -> tuple[IndicatorScore, ...]:
        return tuple(i for d in self.dimensions for i in d.indicators)

    @property
    def missing(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for ind in self.indicators:
            for fact in ind.missing:
                seen.setdefault(fact)
        return tuple(seen)


@dataclass(frozen=True)
class RouteStep:
    """Which alternative(s) of a route condition are met (e.g. the evaluation score or a
    direct pass); ``taken[0]`` is the one to show first."""

    condition_id: str
    title: Explanation
    taken: tuple[str, ...]
    taken_titles: tuple[Explanation, ...]


@dataclass(frozen=True)
class TierResult:
    """The assessment of one tier.

    ``outcome``: pass / fail / cannot_tell. A known failure is decisive (``fail`` even if
    other facts are missing); a met alternative is enough (a direct pass passes with
    score inputs missing). ``shortfalls`` lists, for fail, what is short and, for
    cannot_tell, what is missing — ready to show as "what to improve". ``missing`` are the
    fact names a cannot_tell waits for. ``not_assessed`` are conditions of the standard
    this tool cannot check (compliance, governance …): the authority checks them.
    """

    tier: str
    label: str
    outcome: str
    conditions: tuple[ConditionResult, ...]
    route: tuple[RouteStep, ...]
    score: ScoreResult | None
    shortfalls: tuple[Explanation, ...]
    missing: tuple[str, ...]
    not_assessed: tuple[Explanation, ...]
    notes: tuple[Explanation, ...]
    inputs: Mapping[str, Any]
    source: str
    confidence: str

    @property
    def route_ids(self) -> tuple[str, ...]:
        return tuple(step.taken[0] for step in self.route)

    def condition(self, condition_id: str) -> ConditionResult:
        """The condition (at any depth) with this id; KeyError if there is none."""
        stack = list(self.conditions)
        while stack:
            c = stack.pop()
            if c.id == condition_id:
                return c
            stack.extend(c.children)
        raise KeyError(condition_id)


@dataclass(frozen=True)
class Assessment:
    """All three tiers under one version of the criteria, and the facts used."""

    version: str
    criteria_id: str
    document: str
    tiers: Mapping[str, TierResult]
    inputs: Mapping[str, Any]

    @property
    def innovative(self) -> TierResult:
        return self.tiers["innovative"]

    @property
    def srdi(self) -> TierResult:
        return self.tiers["srdi"]

    @property
    def little_giant(self) -> TierResult:
        return self.tiers["little_giant"]
