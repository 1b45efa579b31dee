"""What :func:`coop_desktop.rules.srdi.assess` returns: frozen dataclasses, no behaviour of note.

Outcomes are the strings :data:`PASS`, :data:`FAIL` and :data:`CANNOT_TELL`. Every text is
an :class:`~coop_desktop.rules.srdi_text.Explanation` (msgid + raw parameters + how to show
each), so a UI renders it in either language and a report can still read the numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Any

from coop_desktop.rules.srdi_text import Explanation

PASS = "pass"
FAIL = "fail"
CANNOT_TELL = "cannot_tell"
OUTCOMES = (PASS, FAIL, CANNOT_TELL)

TIERS = ("innovative", "srdi", "little_giant")

Points = int | Decimal


def build(cls: type[Any], **values: Any) -> Any:
    """A frozen result without going through its ``__init__`` (which sets each field with
    ``object.__setattr__``): an assessment makes about seventy of them, and this is a
    third of its time otherwise. Every field must be given."""
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def _inputs(facts: Mapping[str, Any], reads: tuple[str, ...]) -> Mapping[str, Any]:
    return MappingProxyType({k: facts.get(k) for k in reads})


@dataclass(frozen=True)
class ConditionResult:
    """One condition (a test on one fact, or a group of conditions) and how it came out.

    ``kind``: ``test`` (one fact against a threshold), ``all`` (every part must hold),
    ``any`` (one alternative is enough), ``cases`` (the rule that applies depends on a fact,
    e.g. the Little Giant R&D table by revenue size) or ``score`` (the evaluation score).
    ``title`` says what the condition is ("R&D expense … ≥ 3%"); ``detail`` what was found
    ("… 2.1%; needs ≥ 3%", "Missing: …"; None for a group that holds). ``inputs`` are the
    facts this condition and its parts read (None = missing); ``missing`` the ones a
    ``cannot_tell`` waits for. ``detail`` and ``inputs`` are properties, worked out on
    first use (a batch report over 150,000 enterprises reads few of them). ``source`` is a
    key of the criteria file's ``sources``
    (see :func:`coop_desktop.rules.srdi.source_info`), ``confidence`` C/K/U.
    """

    id: str
    kind: str
    title: Explanation
    outcome: str
    missing: tuple[str, ...]
    children: tuple[ConditionResult, ...]
    route: bool
    source: str
    confidence: str
    note: str = ""
    #: the facts the assessment read (shared by all results) and the names this one reads;
    #: ``inputs`` and ``detail`` are worked out from them when first asked for
    facts: Mapping[str, Any] = field(default_factory=dict, repr=False)
    reads: tuple[str, ...] = ()
    explain: Callable[[], Explanation | None] | None = field(default=None, compare=False,
                                                             repr=False)

    @cached_property
    def detail(self) -> Explanation | None:
        """What was found ("… 2.1%; needs ≥ 3%", "Missing: …"); None for a group that holds."""
        return self.explain() if self.explain is not None else None

    @cached_property
    def inputs(self) -> Mapping[str, Any]:
        """The facts this condition and its parts read (None = missing)."""
        return _inputs(self.facts, self.reads)

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
    missing: tuple[str, ...]
    source: str
    confidence: str
    facts: Mapping[str, Any] = field(default_factory=dict, repr=False)
    reads: tuple[str, ...] = ()

    @cached_property
    def inputs(self) -> Mapping[str, Any]:
        """The facts this indicator reads (None = missing)."""
        return _inputs(self.facts, self.reads)


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
    are missing; ``total`` is None then). ``pass_mark`` is the total the standard asks for.
    ``ranges``: sub-total range per dimension id; ``points``: ``(indicator id, dimension
    id, lowest, highest, band, missing facts)`` per indicator. ``dimensions`` (with every
    indicator's :class:`IndicatorScore`) is worked out on first use."""

    max_points: int
    pass_mark: int | None
    total_min: Points
    total_max: Points
    ranges: Mapping[str, tuple[Points, Points]]
    points: tuple[tuple[str, str, Points, Points, str | None, tuple[str, ...]], ...]
    source: str
    confidence: str
    dimension_titles: Mapping[str, str] = field(default_factory=dict, repr=False)
    make_dimensions: Callable[[], tuple[DimensionScore, ...]] = field(
        default=tuple, compare=False, repr=False)

    @cached_property
    def dimensions(self) -> tuple[DimensionScore, ...]:
        return self.make_dimensions()

    @property
    def total(self) -> Points | None:
        return self.total_min if self.total_min == self.total_max else None

    @property
    def indicators(self) -> tuple[IndicatorScore, ...]:
        return tuple(i for d in self.dimensions for i in d.indicators)

    @property
    def missing(self) -> tuple[str, ...]:
        """The facts whose absence leaves some indicator open."""
        seen: dict[str, None] = {}
        for *_, missing in self.points:
            for fact in missing:
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

    ``conditions`` (the whole breakdown), ``route``, ``shortfalls`` and ``missing`` are
    worked out when first asked for: a batch over many enterprises that only counts
    outcomes does not pay for them.
    """

    tier: str
    label: str
    outcome: str
    score: ScoreResult | None
    not_assessed: tuple[Explanation, ...]
    notes: tuple[Explanation, ...]
    source: str
    confidence: str
    facts: Mapping[str, Any] = field(default_factory=dict, repr=False)
    reads: tuple[str, ...] = ()
    work: Any = field(default=None, compare=False, repr=False)

    @cached_property
    def conditions(self) -> tuple[ConditionResult, ...]:
        """Every condition of the tier with its parts, as evaluated."""
        result: tuple[ConditionResult, ...] = self.work.conditions()
        return result

    @cached_property
    def route(self) -> tuple[RouteStep, ...]:
        """For a pass: the alternatives taken (score or direct pass …), outermost first."""
        result: tuple[RouteStep, ...] = self.work.route(self)
        return result

    @cached_property
    def shortfalls(self) -> tuple[Explanation, ...]:
        result: tuple[Explanation, ...] = self.work.shortfalls(self.outcome)
        return result

    @cached_property
    def missing(self) -> tuple[str, ...]:
        result: tuple[str, ...] = self.work.missing(self.outcome)
        return result

    @cached_property
    def inputs(self) -> Mapping[str, Any]:
        """Every fact this tier's criteria read (None = missing), given or implied."""
        return _inputs(self.facts, self.reads)

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
    facts: Mapping[str, Any] = field(default_factory=dict, repr=False)
    reads: tuple[str, ...] = ()

    @cached_property
    def inputs(self) -> Mapping[str, Any]:
        """Every fact the criteria of this version read (None = missing)."""
        return _inputs(self.facts, self.reads)

    @property
    def innovative(self) -> TierResult:
        return self.tiers["innovative"]

    @property
    def srdi(self) -> TierResult:
        return self.tiers["srdi"]

    @property
    def little_giant(self) -> TierResult:
        return self.tiers["little_giant"]
